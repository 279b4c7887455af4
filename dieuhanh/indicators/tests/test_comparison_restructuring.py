"""The comparison of units across the 2025 restructuring (DESIGN 5.2, 5.6): every old unit
is counted once, in the units that exist at the period's end, so the rows add up to the
whole. Regression: "năm 2025" listed the districts and old communes beside the new
communes, and the rows' sum exceeded the province's total."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dieuhanh.core.periods import Period
from dieuhanh.core.rollup import Figure
from dieuhanh.indicators import selectors
from dieuhanh.indicators.models import DataValue, Indicator, Measure
from dieuhanh.indicators.selectors import Comparison
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

LAST_OLD_DAY = date(2025, 6, 30)
FIRST_NEW_DAY = date(2025, 7, 1)


def old_communes() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(kind="commune", valid_to=LAST_OLD_DAY).order_by("pk"))


def new_communes() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(kind="commune", valid_from=FIRST_NEW_DAY).order_by("pk"))


def department(code: str) -> OrgUnit:
    """A department by its short code (stored as "<province>-<code>")."""
    return OrgUnit.objects.get(kind="department", code__endswith=f"-{code}")


def put_months(
    measure: Measure,
    units: list[OrgUnit],
    year: int,
    months: range,
    salt: int = 0,
    fraction: Decimal = Decimal(1),
) -> None:
    """A distinct whole value for every unit and month (one insert); ``fraction`` of it
    for a numerator that must not exceed its denominator."""
    DataValue.objects.bulk_create(
        DataValue(
            measure=measure,
            unit=u,
            period=f"{year}-{m:02d}",
            value=int(((u.pk * 37 + m * 11 + salt) % 997 + 1) * fraction),
            source="demo",
        )
        for u in units
        for m in months
    )


def compare(indicator: Indicator, parent: OrgUnit, period: str) -> Comparison:
    return selectors.indicator_comparison(
        indicator=indicator, parent=parent, period=Period.parse(period)
    )


def total_of(figures: list[Figure], attr: str = "value") -> Decimal:
    values = [getattr(f, attr) for f in figures]
    assert all(v is not None for v in values)
    return sum(values, Decimal(0))


def assert_adds_up(comparison: Comparison) -> None:
    """The rows' figures (those that have one: missing adds nothing) sum to the total,
    with nothing left over."""
    figures = [r.figure for r in comparison.rows if r.figure.value is not None]
    assert figures and comparison.total.value is not None
    assert total_of(figures) == comparison.total.value
    assert comparison.remainder is None


@pytest.fixture
def restructured_year(catalogue: dict) -> dict:
    """Flows on the 194 old communes for January–June 2025 and on the 65 new communes
    for July–December 2025; the same on the old communes for the whole of 2024."""
    old, new = old_communes(), new_communes()
    assert (len(old), len(new)) == (194, 65)
    for measure, fraction in (("received", Decimal(1)), ("online", Decimal("0.8"))):
        m = catalogue[measure]
        put_months(m, old, 2025, range(1, 7), fraction=fraction)
        put_months(m, new, 2025, range(7, 13), fraction=fraction)
        put_months(m, old, 2024, range(1, 13), fraction=fraction)
    return {"old": old, "new": new}


def test_a_year_across_the_restructuring_lists_the_units_at_its_end_once(
    catalogue: dict, restructured_year: dict, province: OrgUnit
) -> None:
    comparison = compare(catalogue["count"], province, "2025")
    listed = [r.unit for r in comparison.rows]
    # (a) No unit that ended on 30/6/2025 (district, old commune) is listed.
    assert not [u.name for u in listed if u.valid_to is not None]
    assert {u.pk for u in listed} == {u.pk for u in restructured_year["new"]}
    assert all(r.figure.value is not None for r in comparison.rows)
    # (b) The rows add up exactly to the province's figure for 2025.
    assert_adds_up(comparison)
    received = DataValue.objects.filter(measure=catalogue["received"], period__startswith="2025")
    assert comparison.total.value == sum(v.value for v in received)
    # Each new commune's year is its predecessors' first half (by share) plus its own second.
    assert {r.figure.basis for r in comparison.rows} == {"mixed"}
    # Ratios: the numerators and the denominators add up (the ratio itself does not).
    rate = compare(catalogue["rate"], province, "2025")
    assert not [r.unit.name for r in rate.rows if r.unit.valid_to is not None]
    figures = [r.figure for r in rate.rows]
    assert total_of(figures, "numerator") == rate.total.numerator
    assert total_of(figures, "denominator") == rate.total.denominator
    assert rate.remainder is None
    # Ranked among the units listed only: 1 … 65, best first.
    ranks = [r.rank for r in rate.rows]
    assert ranks[0] == 1 and all(r is not None and r <= len(new_communes()) for r in ranks)


@pytest.mark.parametrize("period", ["2025-H2", "2025-Q3", "2025-9M", "2025-12"])
def test_periods_ending_after_the_restructuring_add_up(
    catalogue: dict, restructured_year: dict, province: OrgUnit, period: str
) -> None:
    comparison = compare(catalogue["count"], province, period)
    assert {r.unit.pk for r in comparison.rows} == {u.pk for u in restructured_year["new"]}
    assert_adds_up(comparison)


@pytest.mark.parametrize("period", ["2024", "2025-H1", "2025-Q2", "2025-06"])
def test_a_period_before_the_restructuring_lists_the_old_units(
    catalogue: dict, restructured_year: dict, province: OrgUnit, period: str
) -> None:
    # (c) Entirely before 1/7/2025: the districts (holding the old communes), whole.
    comparison = compare(catalogue["count"], province, period)
    listed = [r.unit for r in comparison.rows]
    assert {u.kind for u in listed} == {"district"}
    assert len(listed) == 11
    assert_adds_up(comparison)
    # … and a district's comparison lists its old communes, which add up to it.
    district = listed[0]
    inside = compare(catalogue["count"], district, period)
    assert inside.rows and {r.unit.kind for r in inside.rows} == {"commune"}
    assert all(r.unit.valid_to == LAST_OLD_DAY for r in inside.rows)
    assert_adds_up(inside)


def test_a_unit_that_ended_inside_the_period_compares_its_units_at_its_own_end(
    catalogue: dict, restructured_year: dict, province: OrgUnit
) -> None:
    """A district over 2025 existed until 30/6/2025: its communes of that day, whose
    figures (January–June) add up to the district's."""
    district = OrgUnit.objects.filter(kind="district").order_by("name")[0]
    comparison = compare(catalogue["count"], district, "2025")
    expected = set(
        OrgUnit.objects.filter(parent=district, kind="commune").values_list("pk", flat=True)
    )
    assert {r.unit.pk for r in comparison.rows} == expected
    assert_adds_up(comparison)
    # After its end it has no sub-units to compare.
    assert compare(catalogue["count"], district, "2026").rows == []


def test_a_department_merged_into_a_continuing_one_stays_its_own_in_the_remainder(
    catalogue: dict, province: OrgUnit
) -> None:
    """Sở TT&TT ended on 28/2/2025 and Sở KH&CN, which existed before and after, took its
    functions. Over 2025 Sở TT&TT is not listed, Sở KH&CN's row is Sở KH&CN's own figure
    (the same as on its page: one figure per unit and period), and Sở TT&TT's two months
    are in the remainder, with those of Sở KH&ĐT (→ Sở Tài chính) and Sở LĐ-TB&XH
    (→ three continuing departments). A department that began on 1/3/2025 (Sở NN&MT)
    covers its predecessors' January–February by lineage, in its row."""
    received = catalogue["received"]
    merged = [department(c) for c in ("STTTT", "SLDTBXH", "SKHDT")]
    into_new = [department(c) for c in ("SNNPTNT", "STNMT")]
    continuing = [department(c) for c in ("SKHCN", "SNV", "SYT", "SGDDT", "STC")]
    put_months(received, merged + into_new, 2025, range(1, 3))
    put_months(received, continuing, 2025, range(1, 13), salt=3)
    put_months(received, [department("SNNMT")], 2025, range(3, 13), salt=7)
    put_months(received, old_communes()[:10], 2025, range(1, 7))
    put_months(received, new_communes()[:10], 2025, range(7, 13))

    def figure(unit: OrgUnit, period: str) -> Decimal:
        value = selectors.indicator_figure_for(
            indicator=catalogue["count"], unit=unit, period=Period.parse(period)
        ).value
        assert value is not None
        return value

    for period in ("2025", "2025-Q1", "2025-H1"):
        comparison = compare(catalogue["count"], province, period)
        listed = {r.unit.pk: r for r in comparison.rows}
        end = Period.parse(period).end
        assert not [r.unit.name for r in comparison.rows if not r.unit.is_valid_on(end)]
        assert department("STTTT").pk not in listed
        for row in comparison.rows:  # every row is the unit's own figure
            own = selectors.indicator_figure_for(
                indicator=catalogue["count"], unit=row.unit, period=Period.parse(period)
            )
            assert row.figure.value == own.value, row.unit.name
        # Sở NN&MT (from 1/3/2025): its own months and its predecessors' January–February.
        last_month = {"2025": 12, "2025-Q1": 3, "2025-H1": 6}[period]
        stored = DataValue.objects.filter(measure=received, period__startswith="2025-")
        expected = sum(
            (
                v.value
                for v in stored.filter(unit=department("SNNMT"))
                if int(v.period[5:]) <= last_month
            ),
            Decimal(0),
        ) + sum((v.value for v in stored.filter(unit__in=into_new)), Decimal(0))
        assert listed[department("SNNMT").pk].figure.value == expected
        assert comparison.remainder is not None
        assert comparison.remainder.value == sum(figure(u, period) for u in merged)
        rows = total_of([r.figure for r in comparison.rows if r.figure.value is not None])
        assert comparison.total.value == rows + comparison.remainder.value

    # Before the merger, both are listed, each with its own figure.
    put_months(received, [department("STTTT"), department("SKHCN")], 2024, range(1, 13))
    comparison = compare(catalogue["count"], province, "2024")
    names = {r.unit.pk for r in comparison.rows}
    assert {department("STTTT").pk, department("SKHCN").pk} <= names
    assert_adds_up(comparison)


def test_a_districts_own_activity_is_the_remainder_beside_the_rows(
    catalogue: dict, restructured_year: dict, province: OrgUnit
) -> None:
    """Dossiers received by a district's own office until 30/6/2025 belong to no unit of
    31/12/2025 (districts have no successors): they are in the province's total and in
    no row, and the comparison gives them as its remainder, so that the rows and the
    remainder add up to the total. Before 1/7/2025 they are in the district's row."""
    district = OrgUnit.objects.filter(kind="district").order_by("name")[0]
    for code, value in (("received", 40), ("online", 30)):
        for month in ("2024-05", "2025-03"):
            DataValue.objects.create(
                measure=catalogue[code], unit=district, period=month, value=value, source="demo"
            )

    comparison = compare(catalogue["count"], province, "2025")
    assert not [r.unit.name for r in comparison.rows if r.unit.valid_to is not None]
    assert comparison.remainder is not None and comparison.remainder.value == 40
    rows = total_of([r.figure for r in comparison.rows])
    assert rows + comparison.remainder.value == comparison.total.value

    rate = compare(catalogue["rate"], province, "2025")
    assert rate.remainder is not None
    assert (rate.remainder.numerator, rate.remainder.denominator) == (30, 40)
    assert rate.remainder.value == 75
    figures = [r.figure for r in rate.rows]
    assert total_of(figures, "numerator") + 30 == rate.total.numerator
    assert total_of(figures, "denominator") + 40 == rate.total.denominator

    # 2024: the district is a row, its own activity in it.
    assert_adds_up(compare(catalogue["count"], province, "2024"))
    # A stock is not split into rows and a remainder (units' latest months differ).
    assert compare(catalogue["stations"], province, "2025").remainder is None
