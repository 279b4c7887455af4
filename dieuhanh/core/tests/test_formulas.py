"""Indicator formulas: reading what officials write, writing it back the same way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.core.formulas import (
    CODE_RE,
    Formula,
    FormulaError,
    format_formula,
    formula_codes,
    parse_formula,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "100 * online_received / received",
            (D(100), [("online_received", D(1))], [("received", D(1))]),
        ),
        (
            "received_online + received_postal",
            (D(1), [("received_online", D(1)), ("received_postal", D(1))], []),
        ),
        (
            "100 * (a + 2*b) / (c + d)",
            (D(100), [("a", D(1)), ("b", D(2))], [("c", D(1)), ("d", D(1))]),
        ),
        ("1000 * x / population", (D(1000), [("x", D(1))], [("population", D(1))])),
        # A Vietnamese decimal comma; in a sum the number is the term's coefficient.
        ("0,5*a + b", (D(1), [("a", D("0.5")), ("b", D(1))], [])),
        ("0,5*a", (D("0.5"), [("a", D(1))], [])),
        ("a + 0,25 * b", (D(1), [("a", D(1)), ("b", D("0.25"))], [])),
        # Vietnamese thousands mark.
        ("1.000 * x / population", (D(1000), [("x", D(1))], [("population", D(1))])),
        # The factor written last, multiplication and division signs from a word processor.
        ("online / received * 100", (D(100), [("online", D(1))], [("received", D(1))])),
        ("100 × online : received", (D(100), [("online", D(1))], [("received", D(1))])),
        ("100·online÷received", (D(100), [("online", D(1))], [("received", D(1))])),
        ("a − b", (D(1), [("a", D(1)), ("b", D(-1))], [])),
        ("(a + b) * 2", (D(2), [("a", D(1)), ("b", D(1))], [])),
        ("(2 * a) / b", (D(1), [("a", D(2))], [("b", D(1))])),
        ("-a / b", (D(1), [("a", D(-1))], [("b", D(1))])),
        ("100 * a / (a + b)", (D(100), [("a", D(1))], [("a", D(1)), ("b", D(1))])),
        ("ho-so-truc-tuyen / ho-so", (D(1), [("ho-so-truc-tuyen", D(1))], [("ho-so", D(1))])),
        ("  100*a/b  ", (D(100), [("a", D(1))], [("b", D(1))])),
    ],
)
def test_reads_the_forms_officials_write(text: str, expected: tuple[object, ...]) -> None:
    assert parse_formula(text) == expected


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("", 0, "trống"),
        ("100 * (a + b", 12, "đóng ngoặc"),
        ("a + b / c", 6, "Tử số có nhiều số hạng"),
        ("a / b + c", 6, "Mẫu số có nhiều số hạng"),
        ("a / 2 * b", 4, "Mẫu số có hệ số"),
        ("a / b / c", 6, "một phép chia"),
        ("2a", 1, "Thiếu dấu “*”"),
        ("số_hồ_sơ / b", 1, "không dùng được trong mã"),
        ("a $ b", 2, "“$” không hợp lệ"),
        ("a + a", 4, "hai lần"),
        ("0 * a", 0, "bằng 0"),
        ("a + 0 * b", 4, "bằng 0"),
        ("100 * a * 2", 0, "một lần"),
        ("a + b * 3", 6, "đặt tổng trong ngoặc"),
        ("a)", 1, "Thừa dấu đóng ngoặc"),
        ("100 *", 5, "Cần mã số liệu gốc"),
        ("(a + (b))", 5, "ngoặc"),
        ("1.2.3 * a", 0, "Số “1.2.3”"),
    ],
)
def test_errors_say_what_and_where_in_vietnamese(text: str, position: int, words: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse_formula(text)
    assert info.value.position == position
    assert words in str(info.value)
    assert f"vị trí {position + 1}" in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("formula", "text"),
    [
        ((D(100), [("online", D(1))], [("received", D(1))]), "100 * online / received"),
        ((D(1), [("a", D(1)), ("b", D(1))], []), "a + b"),
        ((D(1), [("a", D("0.5")), ("b", D(-2))], []), "0,5 * a - 2 * b"),
        ((D(1), [("a", D(2))], []), "(2 * a)"),
        ((D(1), [("a", D(2))], [("b", D(1))]), "(2 * a) / b"),
        (
            (D("100.0000"), [("a", D(1)), ("b", D(3))], [("c", D(1)), ("d", D("1.5"))]),
            "100 * (a + 3 * b) / (c + 1,5 * d)",
        ),
        ((D(-1), [("a", D(-1))], [("b", D(1))]), "-1 * (-a) / b"),
    ],
)
def test_writes_back_in_the_same_notation(formula: tuple[D, list, list], text: str) -> None:
    assert format_formula(*formula) == text
    assert parse_formula(text) == formula


def test_writing_refuses_what_cannot_be_read() -> None:
    with pytest.raises(FormulaError):
        format_formula(D(1), [])
    with pytest.raises(FormulaError):
        format_formula(D(0), [("a", D(1))])
    with pytest.raises(FormulaError):
        format_formula(D(1), [("hồ sơ", D(1))])
    with pytest.raises(FormulaError):
        format_formula(D(1), [("a", D(1)), ("a", D(2))])


def test_codes_in_order_of_appearance() -> None:
    assert formula_codes(parse_formula("100 * (a + b) / (b + c)")) == ["a", "b", "c"]


codes = st.from_regex(CODE_RE, fullmatch=True).filter(lambda c: len(c) <= 30)
numbers = st.decimals(
    min_value=D("-99999999"), max_value=D("99999999"), places=4, allow_nan=False
).filter(lambda d: d != 0)


def _terms(min_size: int) -> st.SearchStrategy[list[tuple[str, Decimal]]]:
    return st.lists(
        st.tuples(codes, numbers), min_size=min_size, max_size=4, unique_by=lambda t: t[0]
    )


@given(factor=numbers, numerator=_terms(1), denominator=_terms(0))
def test_round_trip(
    factor: Decimal, numerator: list[tuple[str, Decimal]], denominator: list[tuple[str, Decimal]]
) -> None:
    formula = Formula(factor, numerator, denominator)
    assert parse_formula(format_formula(*formula)) == formula
