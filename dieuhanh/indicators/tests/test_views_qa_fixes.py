"""Chỉ tiêu screens after the demo's QA: who sees the value form, what a verdict judged,
the period list, verdicts in English, thousands separators."""

from __future__ import annotations

import inspect
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.accounts.models import User
from dieuhanh.core.rollup import Figure
from dieuhanh.indicators import selectors
from dieuhanh.indicators.models import DataValue
from dieuhanh.indicators.tests import test_views_api
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(catalogue: dict[str, Any], province: OrgUnit) -> dict[str, Any]:
    """The small data set of ``test_views_api``: two communes, 2026-01..03, one plan."""
    result: dict[str, Any] = inspect.unwrap(test_views_api.data)(catalogue, province)
    return result


@pytest.mark.parametrize("role", ["leader", "viewer"])
def test_readers_get_an_explanation_instead_of_the_form(
    role: str, data: dict, client: Client, users: dict[str, User]
) -> None:
    client.force_login(users[role])
    response = client.get(reverse("indicators:values"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="value-form"' not in html
    assert 'data-testid="value-entry-refused"' in html
    assert 'name="value"' not in html
    # The index does not offer the way in either.
    index = client.get(reverse("indicators:index")).content.decode()
    assert reverse("indicators:values") not in index


@pytest.mark.parametrize("role", ["leader", "viewer"])
def test_readers_posting_anyway_are_refused_by_the_service(
    role: str, data: dict, client: Client, users: dict[str, User]
) -> None:
    client.force_login(users[role])
    before = DataValue.objects.count()
    response = client.post(
        reverse("indicators:values"),
        {
            "measure": data["received"].pk,
            "unit": data["communes"][0].pk,
            "period": "2026-05",
            "value": "5",
        },
    )
    assert response.status_code == 403
    assert DataValue.objects.count() == before


@pytest.mark.parametrize("role", ["admin", "coordinator", "reporter"])
def test_roles_that_enter_values_get_the_form(
    role: str, data: dict, client: Client, users: dict[str, User]
) -> None:
    client.force_login(users[role])
    html = client.get(reverse("indicators:values")).content.decode()
    assert 'data-testid="value-form"' in html
    assert 'data-testid="value-entry-refused"' not in html
    assert reverse("indicators:values") in client.get(reverse("indicators:index")).content.decode()


def test_period_list_offers_both_halves(data: dict, client: Client, users: dict[str, User]) -> None:
    client.force_login(users["viewer"])
    for name, args in (("indicators:index", []), ("indicators:detail", ["received_total"])):
        html = client.get(reverse(name, args=args)).content.decode()
        assert 'value="2026-H1"' in html and 'value="2026-H2"' in html
        assert html.index('value="2026-H2"') < html.index('value="2026-H1"')
    page = client.get(reverse("indicators:index"), {"period": "2026-H2"})
    assert page.status_code == 200
    assert re.search(r'value="2026-H2"\s+selected', page.content.decode())


def _add_2025(data: dict) -> None:
    from dieuhanh.indicators import services

    for unit in data["communes"]:
        for code, value in (("received", 100), ("online", 50)):
            services.value_set(
                actor=None, measure=data[code], unit=unit, period="2025-09", value=value
            )


def test_verdict_shows_the_year_and_value_it_judged(
    data: dict, client: Client, users: dict[str, User]
) -> None:
    _add_2025(data)
    client.force_login(users["viewer"])
    card = client.get(f"/api/v1/plans/{data['plan'].pk}/scorecard").json()
    [target] = card["targets"]
    html = client.get(reverse("indicators:index"), {"period": "2025"}).content.decode()
    row = html[html.index('data-indicator="online_rate"') :]
    row = row[: row.index("</tr>")]
    basis = re.search(r'data-testid="verdict-basis">\(([^)]*)\)', row)
    assert basis is not None
    year, value = basis.group(1).split(": ")
    assert year == str(target["current_year"])  # not the page's 2025
    assert value.endswith("%") and "," in value  # Vietnamese notation, e.g. 71,43%


def test_verdicts_follow_the_interface_language(
    data: dict, client: Client, users: dict[str, User]
) -> None:
    _add_2025(data)
    client.force_login(users["viewer"])
    plan = reverse("indicators:plan", args=[data["plan"].pk])
    status = client.get(f"/api/v1/plans/{data['plan'].pk}/scorecard").json()["targets"][0]
    from dieuhanh.core.progress import ProgressStatus

    vi_label = ProgressStatus(status["status"]).label_vi
    for url in (plan, reverse("indicators:index")):
        assert vi_label in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    for url in (plan, reverse("indicators:index")):
        html = client.get(url).content.decode()
        verdicts = re.findall(r'data-testid="verdict"[^>]*>([^<]*)<', html)
        assert verdicts and all(v.strip() != vi_label for v in verdicts)
        assert all(v.strip().isascii() for v in verdicts)


def test_report_counts_have_thousands_separators(
    data: dict, client: Client, users: dict[str, User], monkeypatch: Any
) -> None:
    figure = Figure(value=Decimal(1796), numerator=Decimal(1796), reported=1796, expected=1798)
    monkeypatch.setattr(selectors, "indicator_figure_for", lambda **_: figure)
    client.force_login(users["viewer"])
    html = client.get(reverse("indicators:detail", args=["received_total"])).content.decode()
    assert '<span data-testid="reported">1.796/1.798</span>' in html
