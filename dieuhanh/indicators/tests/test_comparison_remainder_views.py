"""The units comparison on the indicator page and in its Excel file shows the remainder
(what the parent's total counts that no unit listed does: a district's own activity
before 1/7/2025), so that the rows add up to the total shown; without a remainder there
is no extra row. Asserted on numbers and data attributes, not on the row's label."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dieuhanh.accounts.models import User
from dieuhanh.core.periods import Period
from dieuhanh.indicators import selectors
from dieuhanh.indicators.models import DataValue, Measure
from dieuhanh.indicators.selectors import Comparison
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

DISTRICT_OWN = {"received": 40, "online": 30}  # a district's own office, March 2025


@pytest.fixture
def viewer(client: Client, users: dict[str, User]) -> Client:
    client.force_login(users["viewer"])
    return client


def _put(measure: Measure, units: list[OrgUnit], months: range, fraction: Decimal) -> None:
    DataValue.objects.bulk_create(
        DataValue(
            measure=measure,
            unit=u,
            period=f"2025-{m:02d}",
            value=int(((u.pk * 37 + m * 11) % 997 + 1) * fraction),
            source="demo",
        )
        for u in units
        for m in months
    )


@pytest.fixture
def year_2025(catalogue: dict[str, Any]) -> dict[str, Any]:
    """Old communes report January–June 2025, new ones July–December."""
    old = list(
        OrgUnit.objects.filter(kind="commune", valid_to=date(2025, 6, 30)).order_by("pk")[:12]
    )
    new = list(
        OrgUnit.objects.filter(kind="commune", valid_from=date(2025, 7, 1)).order_by("pk")[:8]
    )
    for code, fraction in (("received", Decimal(1)), ("online", Decimal("0.8"))):
        _put(catalogue[code], old, range(1, 7), fraction)
        _put(catalogue[code], new, range(7, 13), fraction)
    return {"old": old, "new": new}


@pytest.fixture
def district_own(catalogue: dict[str, Any], year_2025: dict[str, Any]) -> OrgUnit:
    district = OrgUnit.objects.filter(kind="district").order_by("name")[0]
    for code, value in DISTRICT_OWN.items():
        DataValue.objects.create(
            measure=catalogue[code], unit=district, period="2025-03", value=value, source="demo"
        )
    return district


def _comparison_cells(html: str) -> tuple[list[Decimal], int]:
    """The ``td.num[data-value]`` values of the comparison's body (as the browser test
    sums them), and how many remainder rows it has."""
    table = html[html.index('data-testid="comparison"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    values = [Decimal(v) for v in re.findall(r'<td class="num" data-value="([^"]*)"', body) if v]
    return values, body.count('data-testid="comparison-remainder"')


def _sheet_rows(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    return [row for row in ws.iter_rows(min_row=3, values_only=True) if any(row)]


def _valued(comparison: Comparison) -> int:
    """How many rows have a figure (the others carry an empty ``data-value``)."""
    return sum(1 for r in comparison.rows if r.figure.value is not None)


def _page(viewer: Client, code: str, period: str, **extra: Any) -> str:
    response = viewer.get(reverse("indicators:detail", args=[code]), {"period": period, **extra})
    assert response.status_code == 200
    return response.content.decode()


def _export(viewer: Client, code: str, period: str, **extra: Any) -> list[tuple[Any, ...]]:
    return _sheet_rows(
        viewer.get(reverse("indicators:export", args=[code]), {"period": period, **extra})
    )


def test_page_and_excel_show_the_remainder_so_the_rows_add_up(
    catalogue: dict[str, Any], district_own: OrgUnit, province: OrgUnit, viewer: Client
) -> None:
    comparison = selectors.indicator_comparison(
        indicator=catalogue["count"], parent=province, period=Period.parse("2025")
    )
    assert comparison.remainder is not None
    assert comparison.remainder.value == DISTRICT_OWN["received"]
    total = comparison.total.value
    assert total is not None

    values, remainder_rows = _comparison_cells(_page(viewer, "received_total", "2025"))
    assert remainder_rows == 1
    assert len(values) == _valued(comparison) + 1
    assert values[-1] == DISTRICT_OWN["received"]
    assert sum(values) == total

    rows = _export(viewer, "received_total", "2025")
    assert len(rows) == len(comparison.rows) + 1
    last = rows[-1]
    assert last[0] is None and last[2] == DISTRICT_OWN["received"]
    assert Decimal(str(sum(r[2] for r in rows if r[2] is not None))) == total
    # Sorted by name, the remainder is still the last row.
    by_name = _export(viewer, "received_total", "2025", sort="name")
    assert by_name[-1][2] == DISTRICT_OWN["received"]
    assert _comparison_cells(_page(viewer, "received_total", "2025", sort="name"))[0][-1] == 40


def test_a_ratios_remainder_completes_numerators_and_denominators(
    catalogue: dict[str, Any], district_own: OrgUnit, province: OrgUnit, viewer: Client
) -> None:
    comparison = selectors.indicator_comparison(
        indicator=catalogue["rate"], parent=province, period=Period.parse("2025")
    )
    rows = _export(viewer, "online_rate", "2025")
    assert len(rows) == len(comparison.rows) + 1
    assert rows[-1][3:5] == (DISTRICT_OWN["online"], DISTRICT_OWN["received"])
    assert rows[-1][2] == 75  # 30 / 40, the remainder's own ratio
    numerators = sum(r[3] for r in rows if r[3] is not None)
    denominators = sum(r[4] for r in rows if r[4] is not None)
    assert (numerators, denominators) == (
        float(comparison.total.numerator or 0),
        float(comparison.total.denominator or 0),
    )
    html = _page(viewer, "online_rate", "2025")
    assert _comparison_cells(html)[1] == 1


def test_without_a_remainder_there_is_no_extra_row(
    catalogue: dict[str, Any], year_2025: dict[str, Any], province: OrgUnit, viewer: Client
) -> None:
    comparison = selectors.indicator_comparison(
        indicator=catalogue["count"], parent=province, period=Period.parse("2025")
    )
    assert comparison.remainder is None and comparison.total.value is not None

    values, remainder_rows = _comparison_cells(_page(viewer, "received_total", "2025"))
    assert remainder_rows == 0
    assert len(values) == _valued(comparison)
    assert sum(values) == comparison.total.value

    rows = _export(viewer, "received_total", "2025")
    assert len(rows) == len(comparison.rows)
    assert [r[1] for r in rows] == [r.unit.name for r in comparison.rows]  # units only


def test_a_unit_without_sub_units_gets_no_remainder_row(
    catalogue: dict[str, Any], year_2025: dict[str, Any], viewer: Client
) -> None:
    """A commune's own activity is its whole figure: no sub-units, no rows at all."""
    commune = year_2025["new"][0]
    html = _page(viewer, "received_total", "2025", unit=commune.pk)
    assert 'data-testid="comparison"' not in html
    assert _export(viewer, "received_total", "2025", unit=commune.pk) == []
