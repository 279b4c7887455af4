"""Vietnamese number and date notation: parse what officials write, write what they read.

Vietnamese writes "." between thousands and "," before decimals: ``239.723`` is an integer
and ``97,92`` is a fraction. Documents are not always consistent (``1,5`` and ``1.5``
both occur for one and a half), so parsing follows the rules a careful reader applies and
returns ``None`` rather than guessing when a string is not a number.

Pure Python: no Django import.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "format_date",
    "format_number",
    "format_percent",
    "parse_date",
    "parse_number",
]

_NUMBER_RE = re.compile(r"^[+-]?\d[\d.,\s\u00a0]*$")
_GROUPED_DOTS_RE = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMAS_RE = re.compile(r"^\d{1,3}(,\d{3})+$")


def parse_number(text: str | None) -> Decimal | None:
    """Read a number as written in a Vietnamese document; ``None`` when it is not one.

    ``"239.723"`` → 239723, ``"97,92"`` → 97.92, ``"1.234,5"`` → 1234.5, ``"85%"`` → 85,
    ``"-3,5"`` → -3.5. A lone dot followed by exactly three digits is a thousands mark
    (Vietnamese usage); any other lone dot is a decimal point (``"2.5"`` → 2.5).
    """
    if text is None:
        return None
    s = text.strip().rstrip("%").strip().replace("\u00a0", " ")
    if not s or not _NUMBER_RE.match(s):
        return None
    sign = ""
    if s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    s = s.replace(" ", "")
    if "." in s and "," in s:
        # Both marks: whichever comes last is the decimal mark.
        if s.rfind(",") > s.rfind("."):
            int_part, _, frac = s.rpartition(",")
            if not _GROUPED_DOTS_RE.match(int_part) and not int_part.isdigit():
                return None
            s = int_part.replace(".", "") + "." + frac
        else:
            int_part, _, frac = s.rpartition(".")
            if not _GROUPED_COMMAS_RE.match(int_part) and not int_part.isdigit():
                return None
            s = int_part.replace(",", "") + "." + frac
    elif "." in s:
        if _GROUPED_DOTS_RE.match(s):
            s = s.replace(".", "")
        elif s.count(".") > 1:
            return None
    elif "," in s:
        if s.count(",") > 1:
            if not _GROUPED_COMMAS_RE.match(s):
                return None
            s = s.replace(",", "")
        else:
            s = s.replace(",", ".")
    if not s or s.startswith(".") or s.endswith("."):
        return None
    try:
        return Decimal(sign + s)
    except InvalidOperation:
        return None


def format_number(value: Decimal | float | int | None, decimals: int = 0, empty: str = "—") -> str:
    """Write a number the Vietnamese way: ``239723`` → ``"239.723"``, ``97.92`` → ``"97,92"``.

    ``None`` (missing) is written as ``empty``, never as 0.
    """
    if value is None:
        return empty
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    quantum = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    d = d.quantize(quantum, rounding=ROUND_HALF_UP)
    negative = d < 0
    text = f"{abs(d):f}"
    int_part, _, frac = text.partition(".")
    groups: list[str] = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    groups.insert(0, int_part)
    out = ".".join(groups)
    if decimals > 0:
        out += "," + frac
    if negative and d != 0:
        out = "-" + out
    return out


def format_percent(value: Decimal | float | int | None, decimals: int = 2, empty: str = "—") -> str:
    """``97.92`` → ``"97,92%"``; ``None`` → ``"—"``."""
    if value is None:
        return empty
    return format_number(value, decimals) + "%"


_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), "dmy"),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), "ymd"),
    (re.compile(r"^ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$", re.IGNORECASE), "dmy"),
)


def parse_date(text: str | None) -> date | None:
    """Read a date written day-first (``15/10/2024``, ``15-10-2024``, ``ngày 15 tháng 10 năm
    2024``) or in ISO form (``2024-10-15``); ``None`` when it is not a valid date."""
    if text is None:
        return None
    s = " ".join(text.strip().split())
    for pattern, order in _DATE_PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups())
        y, mo, d = (c, b, a) if order == "dmy" else (a, b, c)
        try:
            return date(y, mo, d)
        except ValueError:
            return None
    return None


def format_date(value: date | datetime | None, empty: str = "—") -> str:
    """``date(2024, 10, 15)`` → ``"15/10/2024"``."""
    if value is None:
        return empty
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
