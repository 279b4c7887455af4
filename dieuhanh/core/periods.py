"""Reporting periods: the month, quarter, half year, nine months and year of provincial reports.

Everything that is counted in dieuhanh is counted *for a period*, and the same period is
written three ways: as a machine code in URLs, files and the database (``2024-Q4``), as the
phrase an official writes in a report (``quý IV/2024``, ``9 tháng đầu năm 2024``), and as a
data cut-off window with a submission deadline (Nghị định 09/2019/NĐ-CP). This module keeps
the three in one value type so they can never disagree.

Pure Python: no Django import (see ``dieuhanh/core/__init__.py``).
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from dieuhanh.core.vnformat import format_date

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "Period",
    "PeriodError",
    "PeriodKind",
    "PeriodParseError",
    "ReportingRegime",
    "Span",
    "WindowMode",
    "find_vn_periods",
    "parse_period",
    "parse_vn_period",
    "periods_between",
]

#: Four-digit years only: codes are written ``YYYY…`` and a report never concerns year 999.
MIN_YEAR = 1000
MAX_YEAR = 9999
#: The years a period read from a user or a file may have. Wider years still exist for
#: arithmetic (the year before 1990), but a request for year 9999 made every screen count
#: the years up to it (QA: one URL kept a server process busy for minutes).
FIRST_REPORTING_YEAR = 1990
LAST_REPORTING_YEAR = 2100

#: ``(start, end)`` character offsets of a phrase inside a text, as ``re.Match.span()``.
Span = tuple[int, int]


class PeriodError(ValueError):
    """A period that cannot exist (month 13, a quarter of year 99999, …)."""


class PeriodParseError(PeriodError):
    """A code or phrase that cannot be read as a period. The message is Vietnamese because
    it is shown to the official who typed the text."""


class PeriodKind(StrEnum):
    """The kinds of reporting period provinces use (DESIGN 5.3)."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


# Months per period and periods per year. A nine-month period is "9 tháng đầu năm": one per
# year, always January–September, never a sliding window.
_SPAN_MONTHS: dict[PeriodKind, int] = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF: 6,
    PeriodKind.NINE_MONTHS: 9,
    PeriodKind.YEAR: 12,
}
_PER_YEAR: dict[PeriodKind, int] = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF: 2,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}
_KIND_VI: dict[PeriodKind, str] = {
    PeriodKind.MONTH: "tháng",
    PeriodKind.QUARTER: "quý",
    PeriodKind.HALF: "6 tháng",
    PeriodKind.NINE_MONTHS: "9 tháng",
    PeriodKind.YEAR: "năm",
}
# How an error message names the index of each kind that has more than one per year.
_INDEX_VI: dict[PeriodKind, str] = {
    PeriodKind.MONTH: "Tháng",
    PeriodKind.QUARTER: "Quý",
    PeriodKind.HALF: "Nửa năm",
}
_ROMAN = ("I", "II", "III", "IV")
# Spelled out rather than taken from ``calendar.month_name``, which follows the locale.
_MONTH_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _coerce_kind(kind: PeriodKind | str) -> PeriodKind:
    try:
        return PeriodKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in PeriodKind)
        raise PeriodError(
            f'Loại kỳ báo cáo không hợp lệ "{kind}" (chọn một trong: {choices})'
        ) from None


@functools.total_ordering
@dataclass(frozen=True, eq=True)
class Period:
    """One reporting period: ``kind``, ``year`` and ``index`` within the year.

    ``index`` is the month (1–12), the quarter (1–4) or the half (1–2); it is 1 for a
    nine-month period and a year, which occur once a year. Build periods with the
    ``of_*`` constructors, :meth:`parse` (machine codes) or :func:`parse_vn_period`
    (Vietnamese phrases).

    Periods order by their calendar span — start first, then the shorter one first — so a
    mixed list sorts as a reader expects (tháng 1, quý I, 6 tháng, 9 tháng, năm, tháng 2…).
    No two different periods share a span, so this order agrees with equality.
    """

    kind: PeriodKind
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _coerce_kind(self.kind))
        for name in ("year", "index"):
            value = getattr(self, name)
            # bool is an int subclass; Period(MONTH, True) is a bug, not January.
            if not isinstance(value, int) or isinstance(value, bool):
                raise PeriodError(f"{name} của kỳ báo cáo phải là số nguyên, không phải {value!r}")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(f"Năm {self.year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
        count = _PER_YEAR[self.kind]
        if not 1 <= self.index <= count:
            if count == 1:
                raise PeriodError(
                    f"Kỳ {_KIND_VI[self.kind]} chỉ có chỉ số 1, không phải {self.index}"
                )
            raise PeriodError(
                f"{_INDEX_VI[self.kind]} phải từ 1 đến {count}, không phải {self.index}"
            )

    # -- constructors ---------------------------------------------------------------------

    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        """``tháng {month}/{year}``."""
        return cls(PeriodKind.MONTH, year, month)

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        """``quý {quarter}/{year}``."""
        return cls(PeriodKind.QUARTER, year, quarter)

    @classmethod
    def of_half(cls, year: int, half: int) -> Period:
        """``6 tháng đầu năm`` (half 1, January–June) or ``6 tháng cuối năm`` (half 2)."""
        return cls(PeriodKind.HALF, year, half)

    @classmethod
    def of_nine_months(cls, year: int) -> Period:
        """``9 tháng đầu năm``: January–September, cumulative from January."""
        return cls(PeriodKind.NINE_MONTHS, year, 1)

    @classmethod
    def of_year(cls, year: int) -> Period:
        """``năm {year}``."""
        return cls(PeriodKind.YEAR, year, 1)

    @classmethod
    def for_date(cls, kind: PeriodKind | str, day: date) -> Period:
        """The period of ``kind`` whose calendar dates contain ``day``.

        Raises :class:`PeriodError` for a nine-month period and a day in October–December:
        no "9 tháng đầu năm" contains it, and silently answering the year's nine months
        would count late-year data in the wrong figure.
        """
        kind = _coerce_kind(kind)
        if kind is PeriodKind.NINE_MONTHS:
            if day.month > 9:
                raise PeriodError(f"Ngày {format_date(day)} không thuộc kỳ 9 tháng đầu năm nào")
            return cls.of_nine_months(day.year)
        span = _SPAN_MONTHS[kind]
        return cls(kind, day.year, (day.month - 1) // span + 1)

    @classmethod
    def parse(cls, code: str) -> Period:
        """Read a machine code: ``2024-09``, ``2024-Q3``, ``2024-H1``, ``2024-9M``, ``2024``.

        Letters may be lower case and surrounding blanks are ignored; anything else —
        including ``2024-9`` — is refused, so that one period has exactly one code.
        """
        if not isinstance(code, str):
            raise PeriodParseError(f'Không đọc được kỳ báo cáo "{code!r}": mã kỳ phải là chuỗi')
        m = _CODE_RE.fullmatch(code.strip())
        if not m:
            raise PeriodParseError(
                f'Không đọc được kỳ báo cáo "{code}": dạng hợp lệ là 2024-09, 2024-Q3, '
                "2024-H1, 2024-9M hoặc 2024"
            )
        year = int(m["year"])
        try:
            if m["month"]:
                return cls.of_month(year, int(m["month"]))
            if m["quarter"]:
                return cls.of_quarter(year, int(m["quarter"]))
            if m["half"]:
                return cls.of_half(year, int(m["half"]))
            if m["nine"]:
                return cls.of_nine_months(year)
            return cls.of_year(year)
        except PeriodError as exc:
            raise PeriodParseError(f'Không đọc được kỳ báo cáo "{code}": {exc}') from None

    # -- calendar -------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        """Calendar month (1–12) the period starts in."""
        if self.kind in (PeriodKind.NINE_MONTHS, PeriodKind.YEAR):
            return 1
        return (self.index - 1) * _SPAN_MONTHS[self.kind] + 1

    @property
    def last_month(self) -> int:
        """Calendar month (1–12) the period ends in."""
        return self.first_month + _SPAN_MONTHS[self.kind] - 1

    @property
    def start(self) -> date:
        """First calendar day."""
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """Last calendar day (29 February in a leap year's first quarter, and so on)."""
        last = self.last_month
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def is_cumulative(self) -> bool:
        """True for a year-to-date figure that is not one slice of a tiling of the year.

        Only "9 tháng đầu năm" is: months, quarters and halves tile the year, and the year is
        the whole. The flag matters for roll-ups and comparisons: a nine-month figure is not
        "the quarter before plus one", and :meth:`previous` of it is last year's nine months,
        which does not touch it.
        """
        return self.kind is PeriodKind.NINE_MONTHS

    def months(self) -> list[Period]:
        """The month periods the period covers, in order."""
        return [Period.of_month(self.year, m) for m in range(self.first_month, self.last_month + 1)]

    def contains(self, other: Period) -> bool:
        """True when every day of ``other`` lies in this period (a period contains itself)."""
        return self.start <= other.start and other.end <= self.end

    def same_period_previous_year(self) -> Period:
        """Same kind and index one year earlier: "cùng kỳ năm trước" in reports."""
        return Period(self.kind, self.year - 1, self.index)

    def previous(self) -> Period:
        """The period of the same kind just before (January → December of the year before;
        a nine-month period or a year → the one a year earlier)."""
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        return Period(self.kind, self.year - 1, _PER_YEAR[self.kind])

    def next(self) -> Period:
        """The period of the same kind just after; the inverse of :meth:`previous`."""
        if self.index < _PER_YEAR[self.kind]:
            return Period(self.kind, self.year, self.index + 1)
        return Period(self.kind, self.year + 1, 1)

    # -- writing --------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """Machine code, as :meth:`parse` reads it."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year:04d}-H{self.index}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"{self.year:04d}-9M"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"Period.parse({self.code!r})"

    def label_vi(self) -> str:
        """How a Vietnamese report writes the period: ``tháng 9/2024``, ``quý IV/2024``,
        ``6 tháng đầu năm 2023``, ``6 tháng cuối năm 2023``, ``9 tháng đầu năm 2024``,
        ``năm 2023``. :func:`parse_vn_period` reads it back."""
        if self.kind is PeriodKind.MONTH:
            return f"tháng {self.index}/{self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"quý {_ROMAN[self.index - 1]}/{self.year}"
        if self.kind is PeriodKind.HALF:
            side = "đầu" if self.index == 1 else "cuối"
            return f"6 tháng {side} năm {self.year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"9 tháng đầu năm {self.year}"
        return f"năm {self.year}"

    def label_en(self) -> str:
        """English label for the second-language interface: ``September 2024``, ``Q4 2024``,
        ``first half of 2023``, ``first nine months of 2024``, ``2023``."""
        if self.kind is PeriodKind.MONTH:
            return f"{_MONTH_EN[self.index - 1]} {self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"Q{self.index} {self.year}"
        if self.kind is PeriodKind.HALF:
            side = "first" if self.index == 1 else "second"
            return f"{side} half of {self.year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"first nine months of {self.year}"
        return str(self.year)

    # -- order ----------------------------------------------------------------------------

    def _sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.first_month, self.last_month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()


_CODE_RE = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|[Qq](?P<quarter>\d)|[Hh](?P<half>\d)|(?P<nine>9[Mm])))?"
)


def _as_period(value: Period | str) -> Period:
    return value if isinstance(value, Period) else Period.parse(value)


def periods_between(
    start: Period | str, end: Period | str, kind: PeriodKind | str | None = None
) -> Iterator[Period]:
    """Every period of ``kind`` lying wholly between the start of ``start`` and the end of
    ``end``, in order; both bounds are periods or codes.

    ``kind`` defaults to the kind of ``start``. Only whole periods are yielded (``2024-02``
    to ``2024-11`` by quarter gives Q2 and Q3) because a quarter that is partly outside the
    range would silently be reported with missing months. An ``end`` before ``start`` gives
    nothing, as ``range`` does.
    """
    first, last = _as_period(start), _as_period(end)
    target_kind = first.kind if kind is None else _coerce_kind(kind)
    lo, hi = first.start, last.end
    if hi < lo:
        return
    if target_kind is PeriodKind.NINE_MONTHS:
        candidate = Period.of_nine_months(lo.year)
    else:
        candidate = Period.for_date(target_kind, lo)
    while True:
        if candidate.start > hi:
            return
        if lo <= candidate.start and candidate.end <= hi:
            yield candidate
        if candidate.year >= MAX_YEAR and candidate.index == _PER_YEAR[target_kind]:
            return
        candidate = candidate.next()


# -- Vietnamese phrases -------------------------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _char_pattern(ch: str, *, loose: bool) -> str:
    """A pattern for one letter in every encoding Vietnamese text arrives in.

    Word processors write precomposed letters (NFC); PDFs and macOS often give decomposed
    ones (NFD); old Windows-1258 text puts the vowel with its hat first and the tone mark
    after it. Matching all three keeps the spans valid in the caller's original string,
    which normalising the text first would not. ``loose`` also accepts the bare letter,
    for text typed without diacritics.
    """
    nfd = unicodedata.normalize("NFD", ch)
    forms = {unicodedata.normalize("NFC", ch), nfd}
    tones = "".join(c for c in nfd if c in _TONE_MARKS)
    if tones:
        forms.add(
            unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONE_MARKS)) + tones
        )
    if loose:
        bare = "".join(c for c in nfd if not unicodedata.combining(c))
        forms.add("d" if bare == "đ" else bare)
    if len(forms) == 1:
        return re.escape(ch)
    return "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")"


def _word(*spellings: str, loose: bool) -> str:
    alternatives = ["".join(_char_pattern(c, loose=loose) for c in s) for s in spellings]
    return "(?:" + "|".join(alternatives) + ")"


def _build_phrase_re(*, loose: bool) -> re.Pattern[str]:
    def w(*spellings: str) -> str:
        return _word(*spellings, loose=loose)

    nam = w("năm")
    year_sep = rf"(?:\s*/\s*|\s*-\s*|\s+{nam}\s+)"
    # A bare "tháng 9" or "quý IV" is a period only when not followed by a broken year
    # ("tháng 9/20"): then it is not a phrase this module understands.
    no_year = r"(?!\s*[/-]\s*\d)"
    month = (
        rf"(?<!\w){w('tháng')}\s*(?P<month>0?[1-9]|1[0-2])(?!\d)"
        rf"(?:{year_sep}(?P<month_year>\d{{4}})(?!\d)|{no_year})"
    )
    quarter = (
        # "quí" is an accepted spelling; "qúy" a frequent misplaced tone.
        rf"(?<!\w){w('quý', 'quí', 'qúy', 'qúi')}\s*(?P<quarter>IV|III|II|I|0?[1-4])(?!\w)"
        rf"(?:{year_sep}(?P<quarter_year>\d{{4}})(?!\d)|{no_year})"
    )
    n_months = (
        rf"(?<![\w.,/])(?P<span>0?[369]|{w('ba')}|{w('sáu')}|{w('chín')})\s+{w('tháng')}"
        rf"(?:\s+(?P<side>{w('đầu')}|{w('cuối')}))?\s+{nam}"
        rf"(?:\s+(?P<span_year>\d{{4}})(?!\d)|(?!\s*\d))"
    )
    # "năm 2024 - 2025" is a range of years, not the year 2024.
    year = rf"(?<!\w)(?:{w('cả')}\s+)?{nam}\s+(?P<year>\d{{4}})(?!\d)(?!\s*[-–]\s*\d{{4}})"
    return re.compile(f"{n_months}|{month}|{quarter}|{year}", re.IGNORECASE)


_PHRASE_STRICT_RE = _build_phrase_re(loose=False)
_PHRASE_LOOSE_RE = _build_phrase_re(loose=True)
# "ngày 15 tháng 9 năm 2024" and "15 tháng 9" are dates, not the month; so is the
# "ngày    tháng 10 năm 2024" of a notice whose day is left blank for the signature.
_DAY_BEFORE_RE = re.compile(
    rf"(?:(?<![\d.,])\d{{1,2}}|(?<!\w){_word('ngày', loose=False)})\s+$", re.IGNORECASE
)
_SPAN_WORDS = {"ba": 3, "sau": 6, "chin": 9}


def _fold(text: str) -> str:
    """Lower-case ASCII skeleton of a Vietnamese word, for looking matched words up."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "d").lower()


def _period_from_match(m: re.Match[str], default_year: int | None) -> Period:
    """Turn one phrase match into a period; :class:`PeriodParseError` when it names none."""

    def year_of(group: str) -> int:
        raw = m[group]
        if raw is not None:
            return int(raw)
        if default_year is None:
            raise PeriodParseError(f'Không đọc được kỳ báo cáo "{m[0]}": thiếu năm')
        return default_year

    try:
        if m["span"] is not None:
            raw = _fold(m["span"])
            n = _SPAN_WORDS.get(raw) or int(raw)
            side = _fold(m["side"]) if m["side"] else None
            if side is None and (n == 3 or m["span_year"] is None):
                # "6 tháng năm 2024" is the usual title of a mid-year report; "3 tháng năm"
                # and a bare "6 tháng năm" are not period names.
                raise PeriodParseError(f'Không đọc được kỳ báo cáo "{m[0]}"')
            y = year_of("span_year")
            if n == 3:
                return Period.of_quarter(y, 1 if side == "dau" else 4)
            if n == 6:
                return Period.of_half(y, 2 if side == "cuoi" else 1)
            if side == "cuoi":
                raise PeriodParseError(
                    f'Không đọc được kỳ báo cáo "{m[0]}": chỉ có kỳ 9 tháng đầu năm'
                )
            return Period.of_nine_months(y)
        if m["month"] is not None:
            return Period.of_month(year_of("month_year"), int(m["month"]))
        if m["quarter"] is not None:
            raw = m["quarter"].upper()
            q = _ROMAN.index(raw) + 1 if raw in _ROMAN else int(raw)
            return Period.of_quarter(year_of("quarter_year"), q)
        return Period.of_year(int(m["year"]))
    except PeriodParseError:
        raise
    except PeriodError as exc:
        raise PeriodParseError(f'Không đọc được kỳ báo cáo "{m[0]}": {exc}') from None


def _check_reporting_year(year: int, text: str) -> None:
    if not FIRST_REPORTING_YEAR <= year <= LAST_REPORTING_YEAR:
        raise PeriodParseError(
            f'Không đọc được kỳ báo cáo "{text.strip()}": năm {year} nằm ngoài các năm '
            f"{FIRST_REPORTING_YEAR}–{LAST_REPORTING_YEAR}"
        )


def parse_period(text: str) -> Period:
    """A period as a user may type it: a code (``2024-Q3``, ``2024-9M``) or the Vietnamese
    phrase (``quý III/2024``), of a year from ``FIRST_REPORTING_YEAR`` to
    ``LAST_REPORTING_YEAR``. Raises :class:`PeriodParseError` (Vietnamese message)."""
    try:
        period = Period.parse(text)
    except PeriodParseError:
        if isinstance(text, str) and _CODE_RE.fullmatch(text.strip()):
            raise  # a code that cannot exist (month 13): its own message
        period = parse_vn_period(text)
    _check_reporting_year(period.year, text)
    return period


def parse_vn_period(text: str, *, default_year: int | None = None) -> Period:
    """Read a period as a Vietnamese report writes it.

    Accepts ``tháng 9/2024``, ``tháng 09-2024``, ``tháng 9 năm 2024``, ``quý IV/2024``,
    ``quý 4/2024``, ``quý IV năm 2024``, ``quí 4/2024``, ``6 tháng đầu năm 2023``,
    ``6 tháng năm 2023`` (H1), ``6 tháng cuối năm 2023``, ``3 tháng đầu/cuối năm`` (Q1/Q4),
    ``9 tháng đầu năm 2024``, ``9 tháng năm 2024``, ``năm 2023``, ``cả năm 2023`` — in any
    case, with any run of blanks, precomposed or decomposed, and (here only, since the whole
    text must be the phrase) without diacritics. A phrase without a year (``9 tháng đầu
    năm``) takes ``default_year``; with none given it is refused.

    Raises :class:`PeriodParseError` with a Vietnamese message.
    """
    if not isinstance(text, str):
        raise PeriodParseError(f'Không đọc được kỳ báo cáo "{text!r}"')
    cleaned = text.strip().rstrip(".,;:").strip()
    m = _PHRASE_LOOSE_RE.fullmatch(cleaned)
    if m is None:
        raise PeriodParseError(f'Không đọc được kỳ báo cáo "{text.strip()}"')
    return _period_from_match(m, default_year)


def find_vn_periods(text: str, *, default_year: int | None = None) -> list[tuple[Period, Span]]:
    """Locate period phrases in running text, in order, with their spans in ``text``.

    Same phrases as :func:`parse_vn_period`, but diacritics are required (``Nam 2023`` in a
    name is not a year) and dates are skipped: in ``ngày 15 tháng 9 năm 2024`` there is no
    period. A phrase without a year is returned only when ``default_year`` is given, and a
    phrase naming no real period (``9 tháng cuối năm``) is left out rather than guessed.
    """
    found: list[tuple[Period, Span]] = []
    for m in _PHRASE_STRICT_RE.finditer(text):
        start = m.start()
        if m["month"] is not None and _DAY_BEFORE_RE.search(text, max(0, start - 40), start):
            continue
        try:
            period = _period_from_match(m, default_year)
        except PeriodParseError:
            continue
        found.append((period, m.span()))
    return found


# -- cut-off windows and deadlines --------------------------------------------------------


class WindowMode(StrEnum):
    """How a regime cuts the data window of a period."""

    #: Nghị định 09/2019/NĐ-CP usage: from ``cutoff_day`` of the month before the period's
    #: first month to the day before ``cutoff_day`` of its last month.
    CUTOFF = "cutoff"
    #: The period's own calendar dates, as some provinces count.
    CALENDAR = "calendar"


def _frozen_dates(values: Iterable[date]) -> frozenset[date]:
    return frozenset(values)


@dataclass(frozen=True)
class ReportingRegime:
    """A province's rule for the data window of a period and its submission deadline.

    The default is the usual reading of Nghị định 09/2019/NĐ-CP, Article 12: data run from
    the 15th of the month before the period to the 14th of its last month (a year: 15/12 of
    the year before to 14/12), and the report is due two working days after that cut-off.
    Provinces differ, so every part is configurable.

    Working days: a day is a working day unless its weekday is in ``weekend`` (Saturday and
    Sunday by default) or it is in ``holidays`` — except that a date in ``working_weekends``
    (a Saturday worked to compensate for a bridged holiday, "làm bù") is a working day.
    Public holidays move every year (Tết follows the lunar calendar), so they are data the
    caller passes, not a list this module pretends to know.
    """

    mode: WindowMode = WindowMode.CUTOFF
    cutoff_day: int = 15
    deadline_working_days: int = 2
    holidays: frozenset[date] = field(default_factory=frozenset)
    weekend: frozenset[int] = frozenset({5, 6})
    working_weekends: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", WindowMode(self.mode))
        object.__setattr__(self, "holidays", _frozen_dates(self.holidays))
        object.__setattr__(self, "working_weekends", _frozen_dates(self.working_weekends))
        object.__setattr__(self, "weekend", frozenset(self.weekend))
        # Day 29–31 does not exist in every month; a window must exist for every period.
        if not 1 <= self.cutoff_day <= 28:
            raise ValueError(f"Ngày chốt số liệu phải từ 1 đến 28, không phải {self.cutoff_day}")
        if self.deadline_working_days < 0:
            raise ValueError("Số ngày làm việc đến hạn nộp không được âm")
        if not self.weekend <= set(range(7)) or len(self.weekend) == 7:
            raise ValueError("Ngày nghỉ cuối tuần phải là thứ trong tuần 0–6 và không phải cả tuần")

    @classmethod
    def calendar(
        cls,
        *,
        deadline_working_days: int = 2,
        holidays: frozenset[date] = frozenset(),
        weekend: frozenset[int] = frozenset({5, 6}),
        working_weekends: frozenset[date] = frozenset(),
    ) -> ReportingRegime:
        """A regime whose windows are the periods' calendar dates."""
        return cls(
            mode=WindowMode.CALENDAR,
            deadline_working_days=deadline_working_days,
            holidays=holidays,
            weekend=weekend,
            working_weekends=working_weekends,
        )

    def window(self, period: Period) -> tuple[date, date]:
        """First and last day (inclusive) of the data counted for ``period``."""
        if self.mode is WindowMode.CALENDAR:
            return period.start, period.end
        before = date(period.year, period.first_month, 1) - timedelta(days=1)
        start = date(before.year, before.month, self.cutoff_day)
        end = date(period.year, period.last_month, self.cutoff_day) - timedelta(days=1)
        return start, end

    def deadline(self, period: Period) -> date:
        """Submission deadline: the ``deadline_working_days``-th working day after the
        window's last day. With zero days the deadline is the last day itself, moved to the
        next working day when it is a day off (Bộ luật Dân sự 2015, Article 148(5): a time
        limit ending on a day off ends on the next working day)."""
        return self.add_working_days(self.window(period)[1], self.deadline_working_days)

    def period_for_date(self, kind: PeriodKind | str, day: date) -> Period:
        """The period of ``kind`` whose window contains ``day``: under the default cut-off,
        20/12/2024 counts in January 2025 and in 2025. Raises :class:`PeriodError` for a
        nine-month period when ``day`` falls in no nine-month window."""
        if self.mode is WindowMode.CUTOFF and day.day >= self.cutoff_day:
            nxt = date(day.year, day.month, 28) + timedelta(days=4)
            day = date(nxt.year, nxt.month, 1)
        return Period.for_date(kind, day)

    def is_working_day(self, day: date) -> bool:
        """True when officials work on ``day`` under this regime."""
        if day in self.working_weekends:
            return True
        return day.weekday() not in self.weekend and day not in self.holidays

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day``; for ``n == 0``, ``day`` itself or the
        next working day when ``day`` is a day off."""
        if n < 0:
            raise ValueError("n must not be negative")
        current = day
        if n == 0:
            while not self.is_working_day(current):
                current += timedelta(days=1)
            return current
        remaining = n
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current
