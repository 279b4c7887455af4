"""/api/v1: directives, assignments (filters), progress, extensions, scorecards; the
writes for the roles allowed (the role matrix is in test_role_matrix); all documented."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.directives import services
from dieuhanh.directives.models import Assignment, Directive
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client: Client, users: dict[str, User]) -> Callable[..., Any]:
    current: list[str] = []

    def call(method: str, path: str, user: str = "viewer", data: Any = None, **params: Any) -> Any:
        if current != [user]:
            client.force_login(users[user])
            current[:] = [user]
        url = f"/api/v1{path}"
        if method == "get":
            return client.get(url, params)
        return client.post(url, json.dumps(data or {}), content_type="application/json")

    return call


def test_read_directives_and_assignments(
    api: Callable[..., Any],
    make_directive: Callable[..., Directive],
    commune: OrgUnit,
    other_commune: OrgUnit,
    django_assert_max_num_queries: Any,
) -> None:
    directive = make_directive([(commune, date(2025, 9, 30)), (other_commune, None)])
    body = api("get", "/directives").json()
    assert body["count"] == 1 and body["items"][0]["number"] == "99/TB-UBND"
    detail = api("get", f"/directives/{directive.pk}").json()
    assert [a["lead_unit"]["name"] for a in detail["assignments"]] == [
        commune.name,
        other_commune.name,
    ]
    with django_assert_max_num_queries(6):
        body = api("get", "/assignments", unit=commune.pk).json()
    (item,) = body["items"]
    assert item["status"] == "open_overdue" and item["deadline"] == "2025-09-30"
    body = api("get", "/assignments", status="no_deadline").json()
    assert [i["lead_unit"]["id"] for i in body["items"]] == [other_commune.pk]
    body = api("get", "/assignments", due_from="2025-09-01", due_to="2025-09-30").json()
    assert body["count"] == 1
    assert api("get", "/assignments", status="nonsense").status_code == 422
    one = api("get", f"/assignments/{item['id']}").json()
    assert one["cooperating_units"] == [] and one["text"].startswith("Nhiệm vụ thử")
    assert api("get", "/assignments/999999").status_code == 404


def test_progress_extension_confirm_over_the_api(
    api: Callable[..., Any], assignment: Assignment
) -> None:
    path = f"/assignments/{assignment.pk}"
    response = api(
        "post",
        f"{path}/extensions",
        "reporter",
        {"requested_deadline": "2025-10-15", "reason": "Chờ số liệu."},
    )
    assert response.status_code == 201
    ext_id = response.json()["id"]
    response = api("post", f"/extensions/{ext_id}/decide", "leader", {"approve": True})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    response = api(
        "post",
        f"{path}/progress",
        "reporter",
        {"text": "Hoàn thành.", "reported_on": "2025-10-10", "done": True},
    )
    assert response.status_code == 201 and response.json()["is_completion"]
    response = api("post", f"{path}/confirm", "leader", {"note": "Tốt."})
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "done_on_time"  # judged against the extended deadline
    assert (body["deadline_original"], body["deadline"]) == ("2025-09-30", "2025-10-15")
    progress = api("get", f"{path}/progress").json()
    assert [p["text"] for p in progress] == ["Hoàn thành."]
    extensions = api("get", f"{path}/extensions").json()
    assert extensions[0]["status"] == "approved"


def test_rule_refusals_are_422_with_the_reason(
    api: Callable[..., Any], assignment: Assignment
) -> None:
    response = api("post", f"/assignments/{assignment.pk}/confirm", "leader")
    assert response.status_code == 422
    assert "tình trạng hiện tại" in response.json()["detail"]  # "…in its current state"
    response = api(
        "post", f"/assignments/{assignment.pk}/progress", "reporter", {"text": "x", "percent": 150}
    )
    assert response.status_code == 422


def test_scorecard(
    api: Callable[..., Any], make_directive: Callable[..., Directive], commune: OrgUnit
) -> None:
    directive = make_directive([(commune, date(2025, 9, 30)), (commune, date(2025, 9, 30))])
    a = directive.assignments.first()
    assert a is not None
    services.progress_post(
        actor=None, assignment=a, text="Xong.", reported_on=date(2025, 9, 1), done=True
    )
    services.assignment_confirm(actor=None, assignment=a)
    (row,) = api("get", "/scorecards", kind="commune").json()
    assert row == {
        "rank": 1,
        "unit_id": commune.pk,
        "unit_name": commune.name,
        "unit_kind": "commune",
        "assigned": 2,
        "done_on_time": 1,
        "done_late": 0,
        "open_in_time": 0,
        "open_overdue": 1,
        "on_time_rate": 0.5,
    }
    assert api("get", "/scorecards", kind="department").json() == []


def test_everything_is_in_the_openapi_document(api: Callable[..., Any]) -> None:
    paths = api("get", "/openapi.json").json()["paths"]
    for path in (
        "/api/v1/directives",
        "/api/v1/directives/{directive_id}",
        "/api/v1/assignments",
        "/api/v1/assignments/{assignment_id}",
        "/api/v1/assignments/{assignment_id}/progress",
        "/api/v1/assignments/{assignment_id}/extensions",
        "/api/v1/assignments/{assignment_id}/confirm",
        "/api/v1/assignments/{assignment_id}/return",
        "/api/v1/extensions/{extension_id}/decide",
        "/api/v1/scorecards",
    ):
        assert path in paths, path
    assert "post" in paths["/api/v1/assignments/{assignment_id}/progress"]


def test_the_api_module_keeps_annotations_readable_at_run_time() -> None:
    import ast
    from pathlib import Path

    source = (Path(__file__).resolve().parents[1] / "api.py").read_text(encoding="utf-8")
    futures = [
        alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module == "__future__"
        for alias in node.names
    ]
    assert "annotations" not in futures
