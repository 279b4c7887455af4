from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.core.vnformat import (
    format_date,
    format_number,
    format_percent,
    parse_date,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("239.723", Decimal(239723)),
        ("97,92", Decimal("97.92")),
        ("97,92%", Decimal("97.92")),
        ("1.234.567,5", Decimal("1234567.5")),
        ("1.543", Decimal(1543)),
        ("2.5", Decimal("2.5")),
        ("-3,5", Decimal("-3.5")),
        ("81,3 %", Decimal("81.3")),
        ("12,345,678", Decimal(12345678)),
        ("0", Decimal(0)),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "1,2,3", ".5", "5.", None, "12a"])
def test_parse_number_refuses_what_is_not_a_number(text: str | None) -> None:
    assert parse_number(text) is None


def test_format_number_and_missing() -> None:
    assert format_number(239723) == "239.723"
    assert format_number(Decimal("97.915"), 2) == "97,92"
    assert format_number(-1234.5, 1) == "-1.234,5"
    assert format_percent(Decimal("97.92")) == "97,92%"
    assert format_number(None) == "—"
    assert format_percent(None) == "—"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(n: int) -> None:
    assert parse_number(format_number(n)) == n


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_two_decimals_round_trip(d: Decimal) -> None:
    assert parse_number(format_number(d, 2)) == d


def test_dates() -> None:
    assert parse_date("15/10/2024") == date(2024, 10, 15)
    assert parse_date("04-02-2023") == date(2023, 2, 4)
    assert parse_date("2024-10-15") == date(2024, 10, 15)
    assert parse_date("ngày 15 tháng 10 năm 2024") == date(2024, 10, 15)
    assert parse_date("31/02/2024") is None
    assert parse_date("hôm qua") is None
    assert format_date(date(2024, 2, 4)) == "04/02/2024"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_round_trip(d: date) -> None:
    assert parse_date(format_date(d)) == d
