"""The year the screens open on: the latest year with a substantial share of the data,
so that one value entered for a new year does not blank every screen (QA: a reporter's
single value for 2026-10 made every dashboard open on an empty "9 tháng đầu năm 2026")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dieuhanh.indicators import selectors
from dieuhanh.indicators.models import DataValue, Measure
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def put(measure: Measure, units: list[OrgUnit], year: int, months: range) -> None:
    DataValue.objects.bulk_create(
        DataValue(measure=measure, unit=u, period=f"{year}-{m:02d}", value=Decimal(1))
        for u in units
        for m in months
    )


def test_one_value_in_a_new_year_does_not_move_the_default(
    catalogue: dict[str, Measure], province: OrgUnit
) -> None:
    communes = list(OrgUnit.objects.filter(kind="commune").order_by("pk")[:10])
    put(catalogue["received"], communes, 2023, range(1, 13))  # 120 values
    assert selectors.default_period().code == "2023"
    put(catalogue["received"], communes[:1], 2024, range(10, 11))  # 1 value
    assert selectors.default_period().code == "2023"
    put(catalogue["received"], communes[:3], 2024, range(1, 9))  # 24 more: 25 ≥ 20 % of 120
    assert selectors.default_period().code == "2024"
    # A year after this one never opens by default, however full.
    put(catalogue["received"], communes, 9998, range(1, 13))
    assert selectors.default_period().code == "2024"


def test_without_data_this_year() -> None:
    from django.utils import timezone

    assert selectors.default_period().code == str(timezone.localdate().year)
