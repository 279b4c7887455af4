"""The dashboards across the 2025 restructuring, by the rule of the indicator page's
comparison (``indicators.selectors.indicator_comparison``): the units as they stand at the
period's end, whose figures take in the units they replaced, so every old unit is counted
once. No district level for a period ending after 30/6/2025; a department merged into one
that goes on (Sở TT&TT into Sở KH&CN on 1/3/2025) is counted in it; a drill-down's parts
and the unit's figure beyond them add up to the whole."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from dieuhanh.core.periods import Period
from dieuhanh.dashboards import display, selectors
from dieuhanh.dashboards.tests.conftest import World
from dieuhanh.indicators import selectors as indicators
from dieuhanh.indicators.models import DataValue, Indicator, Measure
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

DISTRICT_OWN = 40  # dossiers received by a district's own office, March 2025


def department(code: str) -> OrgUnit:
    return OrgUnit.objects.get(kind="department", code__endswith=f"-{code}")


def put(measure: Measure, units: list[OrgUnit], months: range, salt: int = 0) -> None:
    DataValue.objects.bulk_create(
        DataValue(
            measure=measure,
            unit=u,
            period=f"2025-{m:02d}",
            value=(u.pk * 37 + m * 11 + salt) % 997 + 1,
            source="demo",
        )
        for u in units
        for m in months
    )


@pytest.fixture
def year_2025(make_world: Callable[..., World]) -> World:
    """2025 dossiers: old communes January–June, new communes July–December, Sở TT&TT
    January–February (it ended on 28/2/2025), Sở KH&CN all year, and a district's own
    office in March."""
    world = make_world(units=2)
    old = list(OrgUnit.objects.filter(kind="commune", valid_to=date(2025, 6, 30))[:8])
    new = list(OrgUnit.objects.filter(kind="commune", valid_from=date(2025, 7, 1))[:6])
    put(world.received, old, range(1, 7))
    put(world.received, new, range(7, 13))
    put(world.received, [department("STTTT")], range(1, 3), salt=5)
    put(world.received, [department("SKHCN")], range(1, 13), salt=9)
    district = OrgUnit.objects.filter(kind="district").order_by("name")[0]
    DataValue.objects.create(
        measure=world.received, unit=district, period="2025-03", value=DISTRICT_OWN
    )
    return world


def count_indicator() -> Indicator:
    [ind] = indicators.indicators_with_terms(Indicator.objects.filter(code="so-ho-so"))
    return ind


def test_no_district_level_for_a_period_ending_after_june_2025(
    year_2025: World, province: OrgUnit, viewer: Client
) -> None:
    for code in ("2025", "2025-H2", "2025-Q3", "2025-07"):
        period = Period.parse(code)
        assert "district" not in selectors.level_choices(province=province, period=period)
        assert selectors.level_units(province=province, period=period, level="district") == []
    for code in ("2025-H1", "2025-06", "2024"):
        period = Period.parse(code)
        assert "district" in selectors.level_choices(province=province, period=period)
        listed = selectors.level_units(province=province, period=period, level="district")
        assert len(listed) == 11
    # Asked for the districts over 2025, the page says why and shows another level.
    html = viewer.get("/ioc/compare/?period=2025&level=district").content.decode()
    assert 'data-testid="level-note"' in html
    assert 'value="district"' not in html
    districts = OrgUnit.objects.filter(kind="district").values_list("pk", flat=True)
    assert not [pk for pk in districts if f'data-unit="{pk}"' in html]
    assert 'data-testid="no-units"' not in html
    # … and compares them over a period ending by 30/6/2025.
    html = viewer.get("/ioc/compare/?period=2025-H1&level=district").content.decode()
    assert 'data-testid="level-note"' not in html
    assert all(f'data-unit="{pk}"' in html for pk in districts)


def test_the_compare_matrix_shows_each_department_s_own_figure(
    year_2025: World, province: OrgUnit
) -> None:
    """Sở TT&TT ended on 28/2/2025 and is not listed; Sở KH&CN (which took its functions
    and existed throughout) shows its own figure, the same as on its page: one figure per
    unit and period. Sở TT&TT's months are in the drill-down's remainder."""
    ind = count_indicator()
    for code in ("2025", "2025-Q1"):
        period = Period.parse(code)
        m = selectors.comparison_matrix(
            province=province, period=period, level="department", catalogue=[ind]
        )
        assert department("STTTT") not in m.units
        for unit in m.units:
            own = indicators.indicator_figure_for(indicator=ind, unit=unit, period=period)
            assert m.figure(ind, unit).value == own.value, unit.name


def _parts_add_up(d: selectors.Drill) -> display.Remainder | None:
    """Σ parts + the remainder == the whole (a count); returns the remainder."""
    assert d.additive
    rest = display.remainder(d.figure, [f for _u, f in d.parts], is_count=True)
    parts = sum((f.value for _u, f in d.parts if f.value is not None), Decimal(0))
    assert d.figure.value is not None
    assert parts + (rest.value if rest and rest.value is not None else 0) == d.figure.value
    return rest


def test_a_drill_down_across_a_department_merger_adds_up(
    year_2025: World, province: OrgUnit, viewer: Client
) -> None:
    ind = count_indicator()
    for code in ("2025", "2025-Q1", "2025-H1"):
        period = Period.parse(code)
        d = selectors.drill(indicator=ind, unit=province, period=period)
        units = {u.pk: f for u, f in d.parts}
        assert department("STTTT").pk not in units
        assert all(u.is_valid_on(period.end) for u, _f in d.parts)
        own = indicators.indicator_figure_for(
            indicator=ind, unit=department("SKHCN"), period=period
        )
        assert units[department("SKHCN").pk].value == own.value
        rest = _parts_add_up(d)
        merged = indicators.indicator_figure_for(
            indicator=ind, unit=department("STTTT"), period=period
        )
        assert merged.value and rest is not None and rest.value is not None
        assert rest.value >= merged.value  # Sở TT&TT's months are in the remainder
        # The same remainder as the indicator page's comparison.
        comparison = indicators.indicator_comparison(indicator=ind, parent=province, period=period)
        expected = comparison.remainder.value if comparison.remainder else None
        assert (rest.value if rest else None) == expected
    # Over 2025 the district's own office is in no part: it is the remainder.
    d = selectors.drill(indicator=ind, unit=province, period=Period.parse("2025"))
    assert d.changes
    rest = _parts_add_up(d)
    # ... with the departments merged into departments that existed throughout.
    year = Period.parse("2025")
    merged_total = sum(
        (
            indicators.indicator_figure_for(indicator=ind, unit=department(c), period=year).value
            or Decimal(0)
            for c in ("STTTT", "SKHDT", "SGTVT", "SLDTBXH")
        ),
        Decimal(0),
    )
    assert rest is not None and rest.value == DISTRICT_OWN + merged_total

    # The page: the parts' cells and the remainder's add up to the figure shown.
    html = viewer.get("/ioc/drill/so-ho-so/?period=2025").content.decode()
    whole = re.search(r'data-testid="figure" data-value="([^"]*)"', html)
    assert whole is not None
    cells = re.findall(r'data-col="value" data-value="([^"]*)"', html)
    assert sum(Decimal(v) for v in cells if v) == Decimal(whole.group(1))
    assert 'data-testid="own"' in html and 'data-testid="units-changed"' in html


def test_a_district_over_2025_drills_into_its_communes_of_june(
    year_2025: World, province: OrgUnit
) -> None:
    """A district that ended on 30/6/2025: its communes of that day, adding up to it."""
    ind = count_indicator()
    district = OrgUnit.objects.filter(kind="district").order_by("name")[0]
    d = selectors.drill(indicator=ind, unit=district, period=Period.parse("2025"))
    expected = set(OrgUnit.objects.filter(parent=district).values_list("pk", flat=True))
    assert {u.pk for u, _f in d.parts} == expected
    assert not d.changes  # nothing changed in the district's lifetime
    rest = _parts_add_up(d)
    assert rest is not None and rest.value == DISTRICT_OWN  # its own office
