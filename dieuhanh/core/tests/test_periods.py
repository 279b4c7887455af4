"""Tests for dieuhanh.core.periods: codes, Vietnamese phrases, calendars and cut-off windows."""

from __future__ import annotations

import itertools
import unicodedata
from datetime import date, timedelta
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.core.periods import (
    Period,
    PeriodError,
    PeriodKind,
    PeriodParseError,
    ReportingRegime,
    WindowMode,
    find_vn_periods,
    parse_vn_period,
    periods_between,
)

PER_YEAR = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF: 2,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}


@st.composite
def periods(draw: st.DrawFn, kinds: tuple[PeriodKind, ...] = tuple(PeriodKind)) -> Period:
    kind = draw(st.sampled_from(kinds))
    year = draw(st.integers(min_value=1001, max_value=9998))
    index = draw(st.integers(min_value=1, max_value=PER_YEAR[kind]))
    return Period(kind, year, index)


days = st.dates(min_value=date(1001, 1, 1), max_value=date(9998, 12, 31))


# -- machine codes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind", "year", "index"),
    [
        ("2024-09", PeriodKind.MONTH, 2024, 9),
        ("2024-01", PeriodKind.MONTH, 2024, 1),
        ("2024-12", PeriodKind.MONTH, 2024, 12),
        ("2024-Q3", PeriodKind.QUARTER, 2024, 3),
        ("2024-H1", PeriodKind.HALF, 2024, 1),
        ("2024-H2", PeriodKind.HALF, 2024, 2),
        ("2024-9M", PeriodKind.NINE_MONTHS, 2024, 1),
        ("2024", PeriodKind.YEAR, 2024, 1),
    ],
)
def test_parse_code(code: str, kind: PeriodKind, year: int, index: int) -> None:
    period = Period.parse(code)
    assert (period.kind, period.year, period.index) == (kind, year, index)
    assert str(period) == code
    assert period.code == code


@pytest.mark.parametrize(
    ("code", "canonical"),
    [
        ("2024-q3", "2024-Q3"),
        (" 2024-h2 ", "2024-H2"),
        ("2024-9m", "2024-9M"),
        ("\t2024\n", "2024"),
    ],
)
def test_parse_code_tolerates_case_and_blanks(code: str, canonical: str) -> None:
    assert str(Period.parse(code)) == canonical


@pytest.mark.parametrize(
    "code",
    [
        "2024-13",
        "2024-00",
        "2024-9",
        "2024-Q0",
        "2024-Q5",
        "2024-H0",
        "2024-H3",
        "2024-8M",
        "2024-",
        "24-Q1",
        "2024 Q1",
        "Q1-2024",
        "0999",
        "10000",
        "",
        "quý IV/2024",
    ],
)
def test_parse_code_rejects(code: str) -> None:
    with pytest.raises(PeriodParseError) as info:
        Period.parse(code)
    assert f'Không đọc được kỳ báo cáo "{code.strip()}"' in str(info.value)


def test_parse_error_message_is_vietnamese_and_specific() -> None:
    with pytest.raises(PeriodParseError) as info:
        Period.parse("2024-13")
    assert str(info.value) == (
        'Không đọc được kỳ báo cáo "2024-13": Tháng phải từ 1 đến 12, không phải 13'
    )
    # A parse error is a ValueError, so generic input handling catches it.
    assert isinstance(info.value, ValueError)


def test_parse_rejects_non_string() -> None:
    with pytest.raises(PeriodParseError):
        Period.parse(2024)  # type: ignore[arg-type]


# -- construction, equality, order --------------------------------------------------------


def test_constructors_and_string_kind() -> None:
    # The kind may be given as its string value (as stored in a database column).
    assert Period("month", 2024, 9) == Period.of_month(2024, 9)  # type: ignore[arg-type]
    assert Period("quarter", 2024, 4) == Period.parse("2024-Q4")  # type: ignore[arg-type]
    assert Period.of_half(2023, 2) == Period.parse("2023-H2")
    assert Period.of_nine_months(2024) == Period.parse("2024-9M")
    assert Period.of_year(2023) == Period.parse("2023")
    assert Period("month", 2024, 9).kind is PeriodKind.MONTH  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Period.of_month(2024, 13),
        lambda: Period.of_month(2024, 0),
        lambda: Period.of_quarter(2024, 5),
        lambda: Period.of_half(2024, 3),
        lambda: Period(PeriodKind.NINE_MONTHS, 2024, 2),
        lambda: Period(PeriodKind.YEAR, 2024, 2),
        lambda: Period("week", 2024, 1),  # type: ignore[arg-type]
        lambda: Period.of_year(999),
        lambda: Period.of_year(10000),
        lambda: Period.of_month(2024, True),
        lambda: Period.of_month(2024, 9.0),  # type: ignore[arg-type]
    ],
)
def test_invalid_periods_raise(build: object) -> None:
    with pytest.raises(PeriodError):
        build()  # type: ignore[operator]


def test_hashable_and_frozen() -> None:
    a, b = Period.parse("2024-Q4"), Period.of_quarter(2024, 4)
    assert len({a, b, Period.parse("2024-Q3")}) == 2
    assert {a: "x"}[b] == "x"
    with pytest.raises(AttributeError):
        a.year = 2025  # type: ignore[misc]


def test_order_sorts_by_start_then_shorter_first() -> None:
    codes = ["2024-02", "2024", "2024-9M", "2023-Q4", "2024-H1", "2024-Q1", "2024-01", "2024-H2"]
    ordered = [str(p) for p in sorted(Period.parse(c) for c in codes)]
    assert ordered == [
        "2023-Q4",
        "2024-01",
        "2024-Q1",
        "2024-H1",
        "2024-9M",
        "2024",
        "2024-02",
        "2024-H2",
    ]
    assert Period.parse("2024-09") < Period.parse("2024-10")
    assert Period.parse("2024-12") < Period.parse("2025-01")
    assert Period.parse("2024-Q4") >= Period.parse("2024-Q4")
    assert max(Period.parse("2023"), Period.parse("2024-01")) == Period.parse("2024-01")


def test_repr_is_readable() -> None:
    assert repr(Period.parse("2024-Q4")) == "Period.parse('2024-Q4')"


# -- calendar -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2100-02", date(2100, 2, 1), date(2100, 2, 28)),  # century, not a leap year
        ("2000-02", date(2000, 2, 1), date(2000, 2, 29)),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-Q4", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
        ("2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
        ("2024-9M", date(2024, 1, 1), date(2024, 9, 30)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_start_and_end(code: str, start: date, end: date) -> None:
    period = Period.parse(code)
    assert (period.start, period.end) == (start, end)


def test_months() -> None:
    assert [str(m) for m in Period.parse("2024-Q3").months()] == ["2024-07", "2024-08", "2024-09"]
    assert [m.index for m in Period.parse("2024-9M").months()] == list(range(1, 10))
    assert [m.index for m in Period.parse("2023-H2").months()] == list(range(7, 13))
    assert len(Period.parse("2024").months()) == 12
    assert Period.parse("2024-05").months() == [Period.parse("2024-05")]


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("2024", "2024-9M", True),
        ("2024-9M", "2024-Q3", True),
        ("2024-9M", "2024-09", True),
        ("2024-9M", "2024-10", False),
        ("2024-9M", "2024-Q4", False),
        ("2024-9M", "2024-H2", False),
        ("2024-H1", "2024-Q2", True),
        ("2024-Q2", "2024-H1", False),
        ("2024-Q4", "2024-Q4", True),
        ("2024", "2023-12", False),
        ("2024-H2", "2024-Q3", True),
        ("2024-Q1", "2024", False),
    ],
)
def test_contains(outer: str, inner: str, expected: bool) -> None:
    assert Period.parse(outer).contains(Period.parse(inner)) is expected


@pytest.mark.parametrize(
    ("code", "previous", "same_last_year"),
    [
        ("2024-01", "2023-12", "2023-01"),
        ("2024-09", "2024-08", "2023-09"),
        ("2024-Q1", "2023-Q4", "2023-Q1"),
        ("2024-Q3", "2024-Q2", "2023-Q3"),
        ("2024-H1", "2023-H2", "2023-H1"),
        ("2024-H2", "2024-H1", "2023-H2"),
        ("2024-9M", "2023-9M", "2023-9M"),
        ("2024", "2023", "2023"),
    ],
)
def test_previous_and_same_period_previous_year(
    code: str, previous: str, same_last_year: str
) -> None:
    period = Period.parse(code)
    assert str(period.previous()) == previous
    assert str(period.same_period_previous_year()) == same_last_year
    assert period.previous().next() == period


def test_previous_at_the_edge_of_the_calendar_raises() -> None:
    with pytest.raises(PeriodError):
        Period.parse("1000-01").previous()
    with pytest.raises(PeriodError):
        Period.parse("9999-Q4").next()


def test_is_cumulative_only_for_nine_months() -> None:
    assert Period.parse("2024-9M").is_cumulative
    for code in ("2024-09", "2024-Q3", "2024-H1", "2024"):
        assert not Period.parse(code).is_cumulative


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        (PeriodKind.MONTH, date(2024, 2, 29), "2024-02"),
        (PeriodKind.QUARTER, date(2024, 9, 30), "2024-Q3"),
        (PeriodKind.QUARTER, date(2024, 10, 1), "2024-Q4"),
        (PeriodKind.HALF, date(2024, 6, 30), "2024-H1"),
        (PeriodKind.HALF, date(2024, 7, 1), "2024-H2"),
        ("nine_months", date(2024, 9, 30), "2024-9M"),
        (PeriodKind.YEAR, date(2024, 12, 31), "2024"),
    ],
)
def test_for_date(kind: PeriodKind | str, day: date, expected: str) -> None:
    assert str(Period.for_date(kind, day)) == expected


def test_for_date_nine_months_after_september_raises() -> None:
    with pytest.raises(PeriodError) as info:
        Period.for_date(PeriodKind.NINE_MONTHS, date(2024, 10, 1))
    assert "01/10/2024" in str(info.value)


# -- Vietnamese phrases -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("tháng 9/2024", "2024-09"),
        ("tháng 09/2024", "2024-09"),
        ("tháng 9 năm 2024", "2024-09"),
        ("tháng 12-2024", "2024-12"),
        ("Tháng 01/2022", "2022-01"),
        ("quý IV/2024", "2024-Q4"),
        ("quý 4/2024", "2024-Q4"),
        ("quý IV năm 2024", "2024-Q4"),
        ("quý I/2025", "2025-Q1"),
        ("quý II/2025", "2025-Q2"),
        ("quý III/2025", "2025-Q3"),
        ("quí 3/2024", "2024-Q3"),
        ("qúy II/2024", "2024-Q2"),
        ("6 tháng đầu năm 2023", "2023-H1"),
        ("06 tháng đầu năm 2023", "2023-H1"),
        ("sáu tháng đầu năm 2023", "2023-H1"),
        ("6 tháng năm 2023", "2023-H1"),
        ("6 tháng cuối năm 2023", "2023-H2"),
        ("9 tháng đầu năm 2024", "2024-9M"),
        ("9 tháng năm 2024", "2024-9M"),
        ("3 tháng đầu năm 2024", "2024-Q1"),
        ("3 tháng cuối năm 2024", "2024-Q4"),
        ("năm 2023", "2023"),
        ("cả năm 2023", "2023"),
        # case and whitespace tolerance
        ("Quý iv/2024", "2024-Q4"),
        ("QUÝ IV NĂM 2024", "2024-Q4"),
        ("  quý   IV  /  2024 ", "2024-Q4"),
        ("THÁNG 9 NĂM 2024", "2024-09"),
        ("9  THÁNG\tĐẦU  NĂM 2024", "2024-9M"),
        ("Năm\u00a02023", "2023"),
        ("quý IV/2024.", "2024-Q4"),
        # typed without diacritics
        ("quy iv/2024", "2024-Q4"),
        ("thang 9/2024", "2024-09"),
        ("6 thang dau nam 2023", "2023-H1"),
        ("nam 2023", "2023"),
    ],
)
def test_parse_vn_period(text: str, code: str) -> None:
    assert str(parse_vn_period(text)) == code


@pytest.mark.parametrize("form", ["NFD", "NFC"])
def test_parse_vn_period_decomposed_text(form: Literal["NFD", "NFC"]) -> None:
    text = unicodedata.normalize(form, "9 tháng đầu năm 2024")
    assert parse_vn_period(text) == Period.of_nine_months(2024)


def test_parse_vn_period_windows_1258_composition() -> None:
    # Windows-1258 writes "ầ" as "â" + combining grave, "ý" as "y" + combining acute.
    text = "qu" + "y\u0301" + " IV/2024 và 6 tha\u0301ng đ" + "\u00e2\u0300" + "u năm 2023"
    assert parse_vn_period("qu" + "y\u0301" + " IV/2024") == Period.of_quarter(2024, 4)
    assert [str(p) for p, _ in find_vn_periods(text)] == ["2024-Q4", "2023-H1"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("9 tháng đầu năm", "2024-9M"),
        ("quý IV", "2024-Q4"),
        ("tháng 6", "2024-06"),
        ("6 tháng cuối năm", "2024-H2"),
    ],
)
def test_parse_vn_period_default_year(text: str, code: str) -> None:
    assert str(parse_vn_period(text, default_year=2024)) == code
    with pytest.raises(PeriodParseError) as info:
        parse_vn_period(text)
    assert "thiếu năm" in str(info.value)


def test_explicit_year_wins_over_default() -> None:
    assert parse_vn_period("quý IV/2023", default_year=2024) == Period.of_quarter(2023, 4)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "tháng 13/2024",
        "tháng 0/2024",
        "quý V/2024",
        "quý 5/2024",
        "quý IIII/2024",
        "9 tháng cuối năm 2024",
        "3 tháng năm 2024",
        "6 tháng năm",
        "tháng 9/24",
        "năm 24",
        "2024-Q4",
        "quý IV/2024 và quý I/2025",
        "ngày 15/9/2024",
    ],
)
def test_parse_vn_period_rejects(text: str) -> None:
    with pytest.raises(PeriodParseError) as info:
        parse_vn_period(text)
    assert str(info.value).startswith("Không đọc được kỳ báo cáo")


def test_parse_vn_period_error_quotes_the_input() -> None:
    with pytest.raises(PeriodParseError) as info:
        parse_vn_period("quý V/2024")
    assert 'Không đọc được kỳ báo cáo "quý V/2024"' in str(info.value)


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2024-09", "tháng 9/2024", "September 2024"),
        ("2024-01", "tháng 1/2024", "January 2024"),
        ("2024-Q4", "quý IV/2024", "Q4 2024"),
        ("2024-Q1", "quý I/2024", "Q1 2024"),
        ("2023-H1", "6 tháng đầu năm 2023", "first half of 2023"),
        ("2023-H2", "6 tháng cuối năm 2023", "second half of 2023"),
        ("2024-9M", "9 tháng đầu năm 2024", "first nine months of 2024"),
        ("2023", "năm 2023", "2023"),
    ],
)
def test_labels(code: str, vi: str, en: str) -> None:
    period = Period.parse(code)
    assert period.label_vi() == vi
    assert period.label_en() == en


SEED_SENTENCE = (
    "Hội nghị đánh giá kết quả công tác chuyển đổi số 9 tháng đầu năm; phương hướng, "
    "nhiệm vụ 3 tháng cuối năm 2024. Hoàn thành trong tháng 6/2023 và trong quý IV/2024; "
    "số liệu từ tháng 01/2022 đến 13/9/2022."
)


def test_find_vn_periods_in_running_text() -> None:
    found = find_vn_periods(SEED_SENTENCE)
    assert [(str(p), SEED_SENTENCE[a:b]) for p, (a, b) in found] == [
        ("2024-Q4", "3 tháng cuối năm 2024"),
        ("2023-06", "tháng 6/2023"),
        ("2024-Q4", "quý IV/2024"),
        ("2022-01", "tháng 01/2022"),
    ]


def test_find_vn_periods_with_default_year_keeps_yearless_phrases() -> None:
    found = find_vn_periods(SEED_SENTENCE, default_year=2024)
    first, (a, b) = found[0]
    assert (str(first), SEED_SENTENCE[a:b]) == ("2024-9M", "9 tháng đầu năm")
    assert len(found) == 5


@pytest.mark.parametrize(
    "text",
    [
        "Ký ngày 15 tháng 9 năm 2024 tại Lạng Sơn",
        "Hà Nội, 03 tháng 10 năm 2024",
        "Lạng Sơn, ngày      tháng 10 năm 2024",
        "Lạng Sơn, NGÀY\u00a0\u00a0 tháng 10 năm 2024",
        "Diễn đàn Việt Nam 2023",
        "Kế hoạch năm 2024 - 2025",
        "nhiệm vụ 9 tháng cuối năm 2024",
        "hạn chót 15/10/2024",
        "tháng 9/20",
    ],
)
def test_find_vn_periods_skips_non_periods(text: str) -> None:
    assert find_vn_periods(text) == []


def test_find_vn_periods_spans_index_the_original_decomposed_text() -> None:
    text = unicodedata.normalize("NFD", "Báo cáo quý IV/2024 và năm 2023 của tỉnh")
    found = find_vn_periods(text)
    assert [str(p) for p, _ in found] == ["2024-Q4", "2023"]
    (_, (a, b)), (_, (c, d)) = found
    assert unicodedata.normalize("NFC", text[a:b]) == "quý IV/2024"
    assert unicodedata.normalize("NFC", text[c:d]) == "năm 2023"


def test_find_vn_periods_requires_diacritics() -> None:
    assert find_vn_periods("bao cao quy IV/2024") == []


# -- reporting windows and deadlines ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "window", "deadline"),
    [
        # 14/09/2024 is a Saturday: Monday 16 is day 1, Tuesday 17 day 2.
        ("2024-09", (date(2024, 8, 15), date(2024, 9, 14)), date(2024, 9, 17)),
        ("2024-Q4", (date(2024, 9, 15), date(2024, 12, 14)), date(2024, 12, 17)),
        ("2024-9M", (date(2023, 12, 15), date(2024, 9, 14)), date(2024, 9, 17)),
        ("2024-H1", (date(2023, 12, 15), date(2024, 6, 14)), date(2024, 6, 18)),
        ("2024", (date(2023, 12, 15), date(2024, 12, 14)), date(2024, 12, 17)),
        # Q1 and January windows start in the previous year.
        ("2025-Q1", (date(2024, 12, 15), date(2025, 3, 14)), date(2025, 3, 18)),
        ("2025-01", (date(2024, 12, 15), date(2025, 1, 14)), date(2025, 1, 16)),
        # Leap year: the March window runs through 29 February.
        ("2024-03", (date(2024, 2, 15), date(2024, 3, 14)), date(2024, 3, 18)),
    ],
)
def test_default_regime(code: str, window: tuple[date, date], deadline: date) -> None:
    regime = ReportingRegime()
    period = Period.parse(code)
    assert regime.window(period) == window
    assert regime.deadline(period) == deadline


def test_cutoff_day_is_configurable() -> None:
    regime = ReportingRegime(cutoff_day=20, deadline_working_days=3)
    assert regime.window(Period.parse("2024-09")) == (date(2024, 8, 20), date(2024, 9, 19))
    # 19/09/2024 is a Thursday: Fri 20, Mon 23, Tue 24.
    assert regime.deadline(Period.parse("2024-09")) == date(2024, 9, 24)


def test_cutoff_day_one_covers_whole_previous_month_including_leap_day() -> None:
    regime = ReportingRegime(cutoff_day=1)
    assert regime.window(Period.parse("2024-03")) == (date(2024, 2, 1), date(2024, 2, 29))


def test_calendar_regime_q4_deadline_crosses_year_and_skips_new_year() -> None:
    q4 = Period.parse("2024-Q4")
    plain = ReportingRegime(mode=WindowMode.CALENDAR)
    assert plain.window(q4) == (date(2024, 10, 1), date(2024, 12, 31))
    assert plain.deadline(q4) == date(2025, 1, 2)
    with_holiday = ReportingRegime.calendar(holidays=frozenset({date(2025, 1, 1)}))
    assert with_holiday.deadline(q4) == date(2025, 1, 3)


def test_calendar_regime_leap_february() -> None:
    regime = ReportingRegime.calendar()
    assert regime.window(Period.parse("2024-02")) == (date(2024, 2, 1), date(2024, 2, 29))
    # Thursday 29/02/2024: Friday 1/3, Monday 4/3.
    assert regime.deadline(Period.parse("2024-02")) == date(2024, 3, 4)


def test_holidays_and_compensatory_saturday() -> None:
    april = Period.parse("2025-04")
    holidays = frozenset({date(2025, 4, 30), date(2025, 5, 1)})
    regime = ReportingRegime.calendar(holidays=holidays)
    # 30/4 (Wed) ends the window; 1/5 holiday; Fri 2/5 is day 1; Mon 5/5 day 2.
    assert regime.deadline(april) == date(2025, 5, 5)
    worked_saturday = ReportingRegime.calendar(
        holidays=holidays, working_weekends=frozenset({date(2025, 5, 3)})
    )
    assert worked_saturday.deadline(april) == date(2025, 5, 3)


def test_tet_holiday_week_pushes_deadline() -> None:
    # Tết Ất Tỵ: 25/01–02/02/2025 off. January 2025, calendar window ends Friday 31/01.
    tet = frozenset(date(2025, 1, 25) + timedelta(days=i) for i in range(9))
    regime = ReportingRegime.calendar(holidays=tet)
    assert regime.deadline(Period.parse("2025-01")) == date(2025, 2, 4)


def test_zero_working_days_moves_a_weekend_cutoff_to_monday() -> None:
    regime = ReportingRegime(deadline_working_days=0)
    # Window of Q4 2024 ends Saturday 14/12/2024.
    assert regime.deadline(Period.parse("2024-Q4")) == date(2024, 12, 16)
    # Window of 2024-10 ends Monday 14/10/2024: already a working day.
    assert regime.deadline(Period.parse("2024-10")) == date(2024, 10, 14)


def test_custom_weekend() -> None:
    # May 2024 ends on Friday 31/05.
    may = Period.parse("2024-05")
    assert ReportingRegime.calendar().deadline(may) == date(2024, 6, 4)  # Mon 3, Tue 4
    sunday_only = ReportingRegime.calendar(weekend=frozenset({6}))
    assert sunday_only.deadline(may) == date(2024, 6, 3)  # Sat 1, Mon 3


@pytest.mark.parametrize(
    "kwargs",
    [
        {"cutoff_day": 0},
        {"cutoff_day": 29},
        {"deadline_working_days": -1},
        {"weekend": frozenset(range(7))},
        {"weekend": frozenset({7})},
        {"mode": "weekly"},
    ],
)
def test_invalid_regime(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ReportingRegime(**kwargs)  # type: ignore[arg-type]


def test_regime_is_hashable_and_accepts_any_holiday_iterable() -> None:
    regime = ReportingRegime(holidays=[date(2025, 1, 1)])  # type: ignore[arg-type]
    assert regime.holidays == frozenset({date(2025, 1, 1)})
    assert hash(regime) == hash(ReportingRegime(holidays=frozenset({date(2025, 1, 1)})))


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        (PeriodKind.MONTH, date(2024, 12, 14), "2024-12"),
        (PeriodKind.MONTH, date(2024, 12, 15), "2025-01"),
        (PeriodKind.MONTH, date(2024, 12, 20), "2025-01"),
        (PeriodKind.QUARTER, date(2024, 12, 20), "2025-Q1"),
        (PeriodKind.QUARTER, date(2024, 9, 14), "2024-Q3"),
        (PeriodKind.QUARTER, date(2024, 9, 15), "2024-Q4"),
        (PeriodKind.YEAR, date(2024, 12, 20), "2025"),
        (PeriodKind.NINE_MONTHS, date(2024, 9, 14), "2024-9M"),
        (PeriodKind.NINE_MONTHS, date(2024, 12, 15), "2025-9M"),
        (PeriodKind.MONTH, date(2024, 2, 29), "2024-03"),
    ],
)
def test_period_for_date_follows_cutoff(kind: PeriodKind, day: date, expected: str) -> None:
    assert str(ReportingRegime().period_for_date(kind, day)) == expected


def test_period_for_date_nine_months_gap_and_calendar_mode() -> None:
    with pytest.raises(PeriodError):
        ReportingRegime().period_for_date(PeriodKind.NINE_MONTHS, date(2024, 9, 15))
    assert str(ReportingRegime.calendar().period_for_date("month", date(2024, 12, 20))) == "2024-12"


# -- periods_between ----------------------------------------------------------------------


def test_periods_between() -> None:
    def codes(*args: object) -> list[str]:
        return [str(p) for p in periods_between(*args)]  # type: ignore[arg-type]

    assert codes("2024-01", "2024-03") == ["2024-01", "2024-02", "2024-03"]
    assert codes("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert codes("2024-02", "2024-11", "quarter") == ["2024-Q2", "2024-Q3"]
    assert codes("2024-Q1", "2024-Q4", PeriodKind.HALF) == ["2024-H1", "2024-H2"]
    assert codes("2022", "2024", "nine_months") == ["2022-9M", "2023-9M", "2024-9M"]
    assert codes("2024-01", "2024-08", "nine_months") == []
    assert codes("2024-9M", "2024-9M", "month") == [f"2024-{m:02d}" for m in range(1, 10)]
    assert codes(Period.parse("2022"), Period.parse("2024")) == ["2022", "2023", "2024"]
    assert codes("2024-05", "2024-04") == []
    assert codes("9999-11", "9999-12") == ["9999-11", "9999-12"]


def test_periods_between_rejects_bad_codes() -> None:
    with pytest.raises(PeriodParseError):
        list(periods_between("2024-13", "2024-12"))
    with pytest.raises(PeriodError):
        list(periods_between("2024-01", "2024-12", "week"))


# -- properties ---------------------------------------------------------------------------


@given(periods())
def test_code_round_trip(period: Period) -> None:
    assert Period.parse(str(period)) == period
    assert Period.parse(str(period).lower()) == period


@given(periods())
def test_vietnamese_label_round_trip(period: Period) -> None:
    label = period.label_vi()
    assert parse_vn_period(label) == period
    assert parse_vn_period(label.upper()) == period
    assert parse_vn_period(unicodedata.normalize("NFD", label)) == period


@given(periods(), st.sampled_from(["Báo cáo ", "", "(", "Kết quả thực hiện trong "]))
def test_find_vn_periods_locates_each_label(period: Period, prefix: str) -> None:
    text = f"{prefix}{period.label_vi()}, đạt 97,92%."
    found = find_vn_periods(text)
    assert len(found) == 1
    got, (a, b) = found[0]
    assert got == period
    assert text[a:b] == period.label_vi()


@given(periods((PeriodKind.QUARTER,)))
def test_quarter_has_three_contiguous_months(quarter: Period) -> None:
    months = quarter.months()
    assert len(months) == 3
    assert [m.index for m in months] == list(range(months[0].index, months[0].index + 3))
    assert months[0].start == quarter.start
    assert months[-1].end == quarter.end
    assert all(quarter.contains(m) for m in months)


@given(st.integers(min_value=1001, max_value=9998))
def test_nine_months_contains_exactly_january_to_september(year: int) -> None:
    nine = Period.of_nine_months(year)
    inside = [m for m in range(1, 13) if nine.contains(Period.of_month(year, m))]
    assert inside == list(range(1, 10))
    assert [m.index for m in nine.months()] == inside
    assert not nine.contains(Period.of_month(year - 1, 12))


@given(periods())
def test_months_tile_the_period(period: Period) -> None:
    months = period.months()
    assert months[0].start == period.start
    assert months[-1].end == period.end
    for before, after in itertools.pairwise(months):
        assert before.end + timedelta(days=1) == after.start
    assert sum((m.end - m.start).days + 1 for m in months) == (period.end - period.start).days + 1


@given(periods())
def test_previous_next_are_inverse_and_ordered(period: Period) -> None:
    assert period.previous().next() == period
    assert period.next().previous() == period
    assert period.previous() < period < period.next()
    assert period.previous().end < period.start or period.is_cumulative
    assert period.same_period_previous_year().label_vi().endswith(str(period.year - 1))


@given(periods(), periods())
def test_order_agrees_with_equality_and_span(a: Period, b: Period) -> None:
    assert (a == b) == (a.start == b.start and a.end == b.end)
    assert (a < b) == ((a.start, a.end) < (b.start, b.end))
    assert (a < b) + (b < a) + (a == b) == 1


@given(st.sampled_from(list(PeriodKind)), days)
def test_for_date_contains_the_day(kind: PeriodKind, day: date) -> None:
    if kind is PeriodKind.NINE_MONTHS and day.month > 9:
        return
    period = Period.for_date(kind, day)
    assert period.kind is kind
    assert period.start <= day <= period.end


@given(periods((PeriodKind.MONTH,)), st.integers(min_value=1, max_value=28))
def test_monthly_cutoff_windows_are_adjacent(month: Period, cutoff: int) -> None:
    regime = ReportingRegime(cutoff_day=cutoff)
    start, end = regime.window(month)
    next_start, _ = regime.window(month.next())
    assert end + timedelta(days=1) == next_start
    assert 28 <= (end - start).days + 1 <= 31


@given(periods(), st.integers(min_value=1, max_value=28))
def test_cutoff_window_is_the_union_of_its_months_windows(period: Period, cutoff: int) -> None:
    regime = ReportingRegime(cutoff_day=cutoff)
    months = period.months()
    assert regime.window(period) == (regime.window(months[0])[0], regime.window(months[-1])[1])


@given(
    periods(),
    st.integers(min_value=0, max_value=10),
    st.frozensets(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)), max_size=5),
    st.sampled_from(list(WindowMode)),
)
def test_deadline_is_a_working_day_after_the_window(
    period: Period, n: int, holidays: frozenset[date], mode: WindowMode
) -> None:
    regime = ReportingRegime(mode=mode, deadline_working_days=n, holidays=holidays)
    _, end = regime.window(period)
    deadline = regime.deadline(period)
    assert regime.is_working_day(deadline)
    assert deadline >= end
    between = [
        end + timedelta(days=i) for i in range(1, (deadline - end).days + 1)
    ]  # days after the cut-off, up to the deadline
    if n > 0:
        assert sum(regime.is_working_day(d) for d in between) == n


@given(st.sampled_from([k for k in PeriodKind if k is not PeriodKind.NINE_MONTHS]), days)
def test_period_for_date_window_contains_the_day(kind: PeriodKind, day: date) -> None:
    regime = ReportingRegime()
    start, end = regime.window(regime.period_for_date(kind, day))
    assert start <= day <= end
