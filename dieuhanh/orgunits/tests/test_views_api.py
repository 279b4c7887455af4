"""Unit pages and the /api/v1/orgunits endpoints, as a signed-in official uses them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.accounts.models import User
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(client: Client, users: dict[str, User]) -> Client:
    client.force_login(users["viewer"])
    return client


def test_pages_need_login(client: Client, province: OrgUnit) -> None:
    for url in [
        reverse("web:home"),
        reverse("orgunits:tree"),
        reverse("orgunits:detail", args=[province.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_tree_today_and_before_the_restructuring(
    viewer_client: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        today = viewer_client.get(reverse("orgunits:tree"))
    html = today.content.decode()
    assert today.status_code == 200
    assert html.count('class="kind-commune"') == 65
    assert 'class="kind-district"' not in html
    before = viewer_client.get(reverse("orgunits:tree"), {"at": "30/06/2025"}).content.decode()
    assert before.count('class="kind-district"') == 11
    assert before.count('class="kind-commune"') == 194
    assert "Huyện Tràng Định" in before


def test_tree_with_a_bad_date_says_so_in_vietnamese(viewer_client: Client) -> None:
    response = viewer_client.get(reverse("orgunits:tree"), {"at": "31/02/2025"}, follow=True)
    assert response.status_code == 200
    assert "không phải là ngày" in response.content.decode()


def test_detail_shows_history_both_ways(
    viewer_client: Client, django_assert_max_num_queries: Any
) -> None:
    old = OrgUnit.objects.get(name="Xã Hồng Phong", parent__name="Huyện Bình Gia")
    with django_assert_max_num_queries(12):
        html = viewer_client.get(reverse("orgunits:detail", args=[old.pk])).content.decode()
    assert "30/06/2025" in html
    assert html.count("<tr>") >= 3  # header + two successors
    new = OrgUnit.objects.get(code="20-SKHCN")
    html = viewer_client.get(reverse("orgunits:detail", args=[new.pk])).content.decode()
    assert "Sở Thông tin và Truyền thông" in html


def test_home_opens_the_operations_centre_once_a_province_is_loaded(
    viewer_client: Client,
) -> None:
    response = viewer_client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:overview")


def test_pending_sections_are_honest(viewer_client: Client) -> None:
    response = viewer_client.get(reverse("web:pending", args=["reports"]))
    assert response.status_code == 200
    assert viewer_client.get("/s/nothing-here/").status_code == 404


def test_api_requires_authentication(client: Client) -> None:
    assert client.get("/api/v1/orgunits").status_code == 401


def test_api_lists_units_at_a_date(viewer_client: Client) -> None:
    data = viewer_client.get("/api/v1/orgunits", {"at": "2025-06-30", "kind": "district"}).json()
    assert data["count"] == 11
    data = viewer_client.get(
        "/api/v1/orgunits", {"at": "2026-01-01", "kind": "commune", "limit": "100"}
    ).json()
    assert data["count"] == 65
    assert {"code", "nso_code", "valid_from", "valid_to", "parent_id"} <= set(data["items"][0])


def test_api_unit_detail_with_lineage(viewer_client: Client) -> None:
    tttt = OrgUnit.objects.get(code="20-STTTT")
    data = viewer_client.get(f"/api/v1/orgunits/{tttt.pk}").json()
    assert data["valid_to"] == "2025-02-28"
    assert [s["unit"]["code"] for s in data["successors"]] == ["20-SKHCN"]
    assert viewer_client.get("/api/v1/orgunits/999999").status_code == 404


def test_openapi_document_lists_the_endpoints(viewer_client: Client) -> None:
    spec = viewer_client.get("/api/v1/openapi.json").json()
    assert "/api/v1/orgunits" in spec["paths"]
    assert "/api/v1/orgunits/{unit_id}" in spec["paths"]
