"""Deadlines as Vietnamese documents write them.

Only a date introduced by a deadline cue is a deadline: "chậm nhất là 15/10/2024",
"trước ngày 04/02/2023", "hoàn thành trong tháng 6/2023", "trong quý IV/2024",
"Thời gian hoàn thành: năm 2024". Dates that merely cite a document ("Chỉ thị số
34/CT-TTg ngày 16/9/2024") are not. A period means its last day. Dates are read day
first and taken literally, even when they look like a typo: the reviewer corrects a typo,
the extractor must not hide one.

When the year is left out ("trước 30/6"), it is the year of the reference date (the
document's date, or the month and year of its date line); if that makes the deadline
fall before the reference date, the next year is meant.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

__all__ = ["Deadline", "find_deadline", "is_recurring"]

_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SEP = r"\s*[/.\-]\s*"
_YEAR_TAIL = rf"(?:(?:{_SEP}|\s+năm\s+)(?P<y>\d{{4}}))?"

# "17 giờ", "17h00", "10 giờ 30 phút" before a date: the day is the deadline.
_TIME = r"(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{2}(?:\s*phút)?)?\s*,?\s*)?"

_WHEN = (
    r"(?:"
    rf"{_TIME}(?:ngày\s+)?(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<dy>\d{{4}}))?(?![\d/])"
    rf"|{_TIME}(?:ngày\s+)?(?P<wd>\d{{1,2}})\s+tháng\s+(?P<wm>\d{{1,2}})"
    r"(?:\s*(?:năm|,)\s*(?P<wy>\d{4}))?"
    r"|(?P<half>6|9)\s+tháng\s+(?P<part>đầu|cuối)?\s*năm(?:\s+(?P<hy>\d{4}))?"
    rf"|tháng\s+(?P<mm>\d{{1,2}})(?:(?:{_SEP}|\s+năm\s+)(?P<my>\d{{4}}))?(?![\d/])"
    r"|quý\s+(?P<q>IV|I{1,3}|[1-4])(?:(?:\s*[/.\-]\s*|\s+năm\s+)(?P<qy>\d{4}))?"
    r"|(?P<end>cuối|hết)\s+năm(?:\s+(?P<ey>\d{4}))?"
    r"|(?P<thisyear>năm)(?=\s*(?:[.;,)]|$))"
    r"|năm\s+(?P<yy>\d{4})(?:\s*[-–]\s*(?P<yy2>\d{4}))?"
    r"|(?:giai\s+đoạn\s+)?(?P<ry>(?:19|20)\d{2})\s*[-–]\s*(?P<ry2>(?:19|20)\d{2})"
    r")"
)

_CUE = (
    r"(?P<cue>chậm\s+nhất(?:\s+(?:là|vào|trong|trước))?"
    r"|xong\s+trước|hạn\s+chót(?:\s+là)?|trước|trong|đến\s+hết|đến(?=\s+(?:\d|ngày\s+\d))"
    r"|vào|muộn\s+nhất(?:\s+là)?)"
)
_LEAD = (
    # "báo cáo … tại phiên họp quý IV năm 2024": the meeting's period is the deadline.
    r"(?P<lead>(?:tại|trong|vào)\s+(?:phiên|cuộc|kỳ)\s+họp(?:\s+(?:thường\s+kỳ|định\s+kỳ"
    r"|thường\s+lệ|Ban\s+Chỉ\s+đạo|UBND\s+tỉnh))?\s+(?=(?:quý|tháng)\s)"
    r"|hoàn\s+thành(?:\s+xong)?\s*,?\s*"
    r"|thời\s+(?:gian|hạn)(?:\s+(?:hoàn\s+thành|thực\s+hiện|hoàn\s+thành\s+dự\s+kiến))?"
    r"\s*(?::|là)?\s*"
    r"|(?:hạn|tiến\s+độ)(?:\s+(?:hoàn\s+thành|thực\s+hiện))?\s*:\s*)"
)
_DEADLINE_RE = re.compile(rf"(?<!\w){_LEAD}?(?P<phrase>(?:{_CUE}\s+)?{_WHEN})", re.IGNORECASE)
_BARE_RE = re.compile(
    rf"(?P<phrase>(?:{_CUE}\s+)?(?:{_WHEN}|(?P<by>\d{{4}})(?:\s*[-–]\s*(?P<by2>\d{{4}}))?))",
    re.IGNORECASE,
)
# "trong Quý II, Quý III năm 2024", "tháng 5 và tháng 6/2025", "Quý II - III/2025": a list of
# periods ends with the last one.
_MORE_RE = re.compile(
    r"\s*(?:,|và|đến|-|–)\s*(?:(?P<kind>quý|tháng)\s+)?(?P<v>IV|I{1,3}|\d{1,2})(?![\dIV])"
    r"(?:(?:\s*[/.\-]\s*|\s+năm\s+)(?P<y>\d{4}))?",
    re.IGNORECASE,
)
_RECURRING_RE = re.compile(
    r"\b(?:thường xuyên|hằng năm|hàng năm|định kỳ|hằng tháng|hàng tháng|hằng quý|hàng quý|"
    r"liên tục|hằng tuần|hàng tuần)\b",
    re.IGNORECASE,
)
_PAST_RE = re.compile(r"\bđã\s+(?:\w+\s+){0,3}$", re.IGNORECASE)


@dataclass(frozen=True)
class Deadline:
    """A deadline found in a clean string: ``date`` is ``None`` when the phrase names a
    period the reference date cannot complete (no year anywhere) or an impossible day."""

    date: date | None
    text: str
    start: int
    end: int


def is_recurring(text: str) -> bool:
    """Regular work ("thường xuyên", "định kỳ") has no deadline; say so explicitly."""
    return bool(_RECURRING_RE.search(text))


def _month_end(y: int, m: int) -> date | None:
    if not 1 <= m <= 12 or not 1 <= y <= 9999:
        return None
    return date(y, m, calendar.monthrange(y, m)[1])


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve(m: re.Match[str], ref: date | None, before: bool) -> date | None:
    """The date a matched phrase stands for (a period stands for its last day; "trước"
    a period, for the last day of the period before)."""
    g = m.groupdict()

    def roll(make: Callable[[int], date | None], explicit: str | None) -> date | None:
        if explicit:
            return make(int(explicit))
        if ref is None:
            return None
        value = make(ref.year)
        if value is not None and value < ref:
            value = make(ref.year + 1)
        return value

    if g.get("d"):
        d, mo = int(g["d"]), int(g["m"])
        return roll(lambda y: _safe_date(y, mo, d), g.get("dy"))
    if g.get("wd"):
        d, mo = int(g["wd"]), int(g["wm"])
        return roll(lambda y: _safe_date(y, mo, d), g.get("wy"))
    if g.get("half"):
        end_month = 12 if (g.get("part") or "").lower() == "cuối" else int(g["half"])
        return roll(lambda y: _month_end(y, end_month), g.get("hy"))
    if g.get("mm"):
        mo = int(g["mm"])
        if before:
            return roll(
                lambda y: _month_end(y - 1, 12) if mo == 1 else _month_end(y, mo - 1), g.get("my")
            )
        return roll(lambda y: _month_end(y, mo), g.get("my"))
    if g.get("q"):
        q = _ROMAN_Q[g["q"].upper()]
        if before:
            return roll(
                lambda y: _month_end(y - 1, 12) if q == 1 else _month_end(y, 3 * q - 3), g.get("qy")
            )
        return roll(lambda y: _month_end(y, 3 * q), g.get("qy"))
    if g.get("end") or g.get("thisyear"):
        return roll(lambda y: _month_end(y, 12), g.get("ey"))
    explicit = g.get("yy2") or g.get("yy") or g.get("ry2") or g.get("by2") or g.get("by")
    if explicit:
        y = int(explicit)
        return _month_end(y - 1, 12) if before else _month_end(y, 12)
    return None


def _acceptable(m: re.Match[str], text: str) -> bool:
    """A cue must introduce the date; "trong năm 2024" only counts at a clause end and not
    after a past tense ("đã đề ra trong năm 2024" describes, it does not set a deadline)."""
    g = m.groupdict()
    cue = " ".join((g.get("cue") or "").lower().split())
    lead = g.get("lead")
    if not cue and not lead:
        return False
    if g.get("thisyear") and cue != "đến hết":
        return False  # only "(từ nay) đến hết năm" means this year's end
    if g.get("ry") and not lead:
        return False  # "giai đoạn 2021 - 2025" names a period; only a label sets it
    if g.get("yy2") and not lead and cue != "đến hết":
        return False
    if cue in {"đến", "vào"} and text[max(0, m.start() - 6) : m.start()].lower().endswith("tính "):
        return False  # "tính đến ngày 30/9/2024, …" dates a figure
    if (
        cue == "vào"
        and not lead
        and (not text[: m.start()].strip() or text[: m.start()].rstrip().endswith((".", ":", ";")))
    ):
        return False  # "Vào ngày 10/3/2025, …" opens a narrative
    if cue == "trong" and not lead:
        if g.get("d") or g.get("wd"):
            return False
        if g.get("yy") or g.get("half"):
            # "Trong năm 2023, …" opens a sentence about the year; a deadline closes one.
            tail = text[m.end() : m.end() + 3]
            if tail and not re.match(r"\s*(?:[.;)]|$)", tail):
                return False
            if not text[: m.start()].strip() or text[: m.start()].rstrip().endswith((".", ":")):
                return False
        if _PAST_RE.search(text[max(0, m.start() - 40) : m.start()]):
            return False
    return True


def _last_of_list(m: re.Match[str], text: str, ref: date | None) -> tuple[date | None, int] | None:
    """When a quarter or month without its year is followed by more of them ("Quý II, Quý
    III năm 2024"), the date of the last one and where the list ends."""
    g = m.groupdict()
    kind = "quý" if g.get("q") else "tháng" if g.get("mm") else None
    if kind is None or (g.get("qy") or g.get("my")):
        return None
    pos = m.end()
    last: re.Match[str] | None = None
    while True:
        mm = _MORE_RE.match(text, pos)
        if mm is None or (mm.group("kind") or kind).lower() != kind:
            break
        value = mm.group("v").upper()
        if kind == "quý" and value not in _ROMAN_Q:
            break
        if kind == "tháng" and not (value.isdigit() and 1 <= int(value) <= 12):
            break
        last, pos = mm, mm.end()
        if mm.group("y"):
            break
    if last is None:
        return None
    v = last.group("v").upper()
    month = 3 * _ROMAN_Q[v] if kind == "quý" else int(v)
    year = last.group("y")
    if year:
        return _month_end(int(year), month), last.end()
    if ref is None:
        return None, last.end()
    value = _month_end(ref.year, month)
    if value is not None and value < ref:
        value = _month_end(ref.year + 1, month)
    return value, last.end()


def find_deadline(text: str, ref: date | None, *, bare: bool = False) -> Deadline | None:
    """The first deadline stated in ``text``; ``bare`` reads a table cell where the cue
    is implied ("Quý IV/2024", "30/6/2024", "Năm 2024")."""
    if bare:
        m = next(
            (
                b
                for b in _BARE_RE.finditer(text)
                if not b.group("thisyear")
                or " ".join((b.group("cue") or "").lower().split()) == "đến hết"
            ),
            None,
        )
        if m is None:
            return None
        before = (m.group("cue") or "").lower() == "trước"
        listed = _last_of_list(m, text, ref)
        if listed is not None:
            end = listed[1]
            return Deadline(
                listed[0], " ".join(text[m.start("phrase") : end].split()), m.start(), end
            )
        return Deadline(_resolve(m, ref, before), m.group("phrase").strip(), m.start(), m.end())
    for m in _DEADLINE_RE.finditer(text):
        if not _acceptable(m, text):
            continue
        cue = (m.group("cue") or "").lower()
        phrase = m.group("phrase")
        when_is_date = bool(m.group("d") or m.group("wd"))
        before = cue == "trước" and not when_is_date
        listed = _last_of_list(m, text, ref)
        if listed is not None and not before:
            end = listed[1]
            return Deadline(
                listed[0], " ".join(text[m.start("phrase") : end].split()), m.start("phrase"), end
            )
        return Deadline(
            _resolve(m, ref, before), " ".join(phrase.split()), m.start("phrase"), m.end()
        )
    return None
