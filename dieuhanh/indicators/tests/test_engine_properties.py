"""Properties of the indicator engine, checked with generated data on the real Lạng Sơn
tree and the real database (DESIGN 5.2, 5.6)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dieuhanh.core.periods import Period
from dieuhanh.core.rollup import Figure
from dieuhanh.indicators import selectors
from dieuhanh.indicators.models import DataValue, Indicator, Measure
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
AFTER = date(2025, 9, 15)
BEFORE = date(2024, 5, 15)


@contextmanager
def example() -> Iterator[None]:
    """Each generated example writes inside a savepoint that is rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def communes_on(day: date) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.filter(kind="commune").filter(models_valid_on(day)).order_by("nso_code")
    )


def models_valid_on(day: date) -> Q:
    from dieuhanh.orgunits.selectors import valid_on_q

    return valid_on_q(day)


def put(measure: Measure, unit: OrgUnit, period: str, value: int | Decimal) -> None:
    DataValue.objects.create(measure=measure, unit=unit, period=period, value=value, source="demo")


def figure(indicator: Indicator, unit: OrgUnit, period: str) -> Figure:
    return selectors.indicator_figure_for(
        indicator=indicator, unit=unit, period=Period.parse(period)
    )


pairs = st.integers(min_value=1, max_value=5000).flatmap(
    lambda received: st.tuples(st.just(received), st.integers(min_value=0, max_value=received))
)


@PROPERTY
@given(data=st.data())
def test_province_ratio_is_sum_of_numerators_over_sum_of_denominators(
    catalogue: dict, province: OrgUnit, data: st.DataObject
) -> None:
    communes = communes_on(AFTER)
    chosen = data.draw(st.lists(st.sampled_from(communes), min_size=1, max_size=20, unique=True))
    values = {c.pk: data.draw(pairs) for c in chosen}
    with example():
        for c in chosen:
            put(catalogue["received"], c, "2025-09", values[c.pk][0])
            put(catalogue["online"], c, "2025-09", values[c.pk][1])
        got = figure(catalogue["rate"], province, "2025-09")
        total_received = sum(v[0] for v in values.values())
        total_online = sum(v[1] for v in values.values())
        assert got.numerator == total_online
        assert got.denominator == total_received
        assert got.value == Decimal(100) * total_online / total_received
        # Not the average of the communes' ratios (unless they happen to coincide).
        assert got.reported == len(chosen) and got.expected == len(communes)


@PROPERTY
@given(months=st.dictionaries(st.integers(1, 12), st.integers(0, 10**6), min_size=1))
def test_quarter_and_year_flows_are_sums_of_their_months(
    catalogue: dict, province: OrgUnit, months: dict[int, int]
) -> None:
    commune = communes_on(AFTER)[0]
    with example():
        for m, v in months.items():
            put(catalogue["received"], commune, f"2026-{m:02d}", v)
        for q in range(1, 5):
            in_quarter = [v for m, v in months.items() if (m - 1) // 3 + 1 == q]
            expected = Decimal(sum(in_quarter)) if in_quarter else None
            assert figure(catalogue["count"], commune, f"2026-Q{q}").value == expected
        nine = [v for m, v in months.items() if m <= 9]
        assert figure(catalogue["count"], commune, "2026-9M").value == (
            Decimal(sum(nine)) if nine else None
        )
        assert figure(catalogue["count"], commune, "2026").value == sum(months.values())


@PROPERTY
@given(months=st.dictionaries(st.integers(1, 12), st.integers(0, 5000), min_size=1))
def test_stock_is_the_latest_value_in_the_period(
    catalogue: dict, province: OrgUnit, months: dict[int, int]
) -> None:
    commune = communes_on(AFTER)[0]
    with example():
        for m, v in months.items():
            put(catalogue["bts"], commune, f"2026-{m:02d}", v)
        for q in range(1, 5):
            inside = sorted(m for m in months if (m - 1) // 3 + 1 == q)
            expected = Decimal(months[inside[-1]]) if inside else None
            assert figure(catalogue["stations"], commune, f"2026-Q{q}").value == expected
        assert figure(catalogue["stations"], commune, "2026").value == months[max(months)]


@PROPERTY
@given(data=st.data())
def test_commune_formed_by_the_2025_merger_gets_its_predecessors_sum_for_2024(
    catalogue: dict, province: OrgUnit, data: st.DataObject
) -> None:
    from dieuhanh.orgunits.selectors import orgunit_predecessors

    new = data.draw(st.sampled_from(communes_on(AFTER)))
    preds = orgunit_predecessors(unit=new, start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert preds
    values = {
        p.unit.pk: data.draw(st.dictionaries(st.integers(1, 12), st.integers(0, 900), min_size=1))
        for p in preds
    }
    with example():
        for p in preds:
            for m, v in values[p.unit.pk].items():
                put(catalogue["received"], p.unit, f"2024-{m:02d}", v)
        expected = sum(p.share * sum(values[p.unit.pk].values()) for p in preds)
        got = figure(catalogue["count"], new, "2024")
        assert got.value == expected
        assert got.basis == "predecessors"
        # The province over 2024 counts every old commune once, whole.
        total = sum(sum(v.values()) for v in values.values())
        assert figure(catalogue["count"], province, "2024").value == total


def test_a_year_across_the_merger_joins_predecessors_and_the_new_commune(catalogue: dict) -> None:
    new = communes_on(AFTER)[0]
    from dieuhanh.orgunits.selectors import orgunit_predecessors

    preds = orgunit_predecessors(unit=new, start=date(2025, 1, 1), end=date(2025, 6, 30))
    for p in preds:
        put(catalogue["received"], p.unit, "2025-03", 100)
    put(catalogue["received"], new, "2025-08", 7)
    got = figure(catalogue["count"], new, "2025")
    assert got.value == sum(p.share * 100 for p in preds) + 7
    assert got.basis == "mixed"


@PROPERTY
@given(data=st.data())
def test_missing_never_turns_into_zero(
    catalogue: dict, province: OrgUnit, data: st.DataObject
) -> None:
    communes = communes_on(AFTER)
    reporting = data.draw(st.lists(st.sampled_from(communes), max_size=5, unique=True))
    silent = [c for c in communes if c not in reporting]
    with example():
        for c in reporting:
            put(catalogue["received"], c, "2025-10", data.draw(st.integers(0, 100)))
        # Units that reported nothing have no figure, not zero.
        for c in silent[:5]:
            assert figure(catalogue["count"], c, "2025-10").value is None
        province_figure = figure(catalogue["count"], province, "2025-10")
        if reporting:
            assert province_figure.value is not None
            assert province_figure.completeness == Decimal(len(reporting)) / len(communes)
        else:
            assert province_figure.value is None
        # No "online" values at all: the ratio is missing even where "received" exists.
        assert figure(catalogue["rate"], province, "2025-10").value is None
        # A month no one reported and a month of a yearly view before any data: missing.
        assert figure(catalogue["count"], province, "2025-11").value is None


def test_zero_is_a_value_and_a_zero_denominator_gives_no_ratio(
    catalogue: dict, province: OrgUnit
) -> None:
    commune = communes_on(AFTER)[0]
    put(catalogue["received"], commune, "2025-09", 0)
    put(catalogue["online"], commune, "2025-09", 0)
    assert figure(catalogue["count"], commune, "2025-09").value == 0
    assert figure(catalogue["rate"], commune, "2025-09").value is None


def test_own_activity_adds_to_sub_units_and_a_subtree_total_stands_instead(
    catalogue: dict, province: OrgUnit
) -> None:
    communes = communes_on(AFTER)[:3]
    for c in communes:
        put(catalogue["received"], c, "2025-09", 10)
    assert figure(catalogue["count"], province, "2025-09").basis == "computed"
    # The province's own office received 5 dossiers itself: they add to the communes'.
    put(catalogue["received"], province, "2025-09", 5)
    got = figure(catalogue["count"], province, "2025-09")
    assert (got.value, got.basis) == (35, "computed")
    # A survey total for the whole province replaces the sum of its parts.
    DataValue.objects.filter(unit=province).update(value=1000, covers_subtree=True)
    got = figure(catalogue["count"], province, "2025-09")
    assert (got.value, got.basis) == (1000, "reported")
    # The communes' own figures are unchanged by their parent's total.
    assert figure(catalogue["count"], communes[0], "2025-09").value == 10
