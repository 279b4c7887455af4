"""Reading one dossier row fast, and the columns derived from it by the dossier rules.

Pure Python (no Django), so it can run in a tight loop over a million rows. The rules are
``dieuhanh.core.dossier_rules``'s; this module only turns them into per-dossier columns
that SQL can add up:

- ``received_month``: month of ``NgayTiepNhan`` (never for statuses 1 and 3);
- ``end_month``: month of the end (``end_of``: NgayKetThucXuLy, else NgayTra) for a
  terminal dossier — it stops being "in progress" there, and a resolved one (9, 10)
  counts as resolved there;
- ``overdue_at`` — the instant *T* after which the dossier is overdue while open.
  ``dossier_rules`` says a dossier is overdue at *t* when ``t > due + W(t)``, ``W(t)``
  being the supplement waiting time up to *t*. ``t − W(t)`` never decreases, so there is
  one such threshold: the due date pushed back by every wait that started before the
  (pushed) due date; a wait that never ends (no resubmission, still open) freezes the
  clock for good (*T* = ∞, stored as null). A resolved dossier is on time exactly when
  ``end ≤ T`` (``timeliness``), so one threshold answers both questions.
- ``overdue_from`` / ``overdue_to``: the months in which the dossier starts and stops being
  counted as "in progress, overdue" at the month's last instant.

The test-suite checks these columns against ``dossier_rules.month_counts`` on random
dossiers (``tests/test_rules_properties.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone

__all__ = [
    "DATE_HELP",
    "TZ_VN",
    "DateError",
    "add_months",
    "derive",
    "fast_problems",
    "month_end",
    "month_of",
    "months_between",
    "overdue_threshold",
    "parse_datetime",
]

TZ_VN = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no daylight saving in Vietnam
_ONE_US = timedelta(microseconds=1)
DATE_HELP = "dd/mm/yyyy hh:mm:ss, yyyy-mm-ddThh:mm:ss (ISO 8601) hoặc yyyymmddhhmmss"

RESOLVED = frozenset({9, 10})
TERMINAL = frozenset({3, 7, 8, 9, 10})
NEVER_RECEIVED = frozenset({1, 3})


class DateError(ValueError):
    """A value that is not a date in one of the accepted forms."""


def _from_parts(y: str, mo: str, d: str, h: str = "0", mi: str = "0", s: str = "0") -> datetime:
    try:
        return datetime(int(y), int(mo), int(d), int(h), int(mi), int(s))
    except ValueError as exc:
        raise DateError(str(exc)) from None


# Parsed day and time parts, shared by every row of an import: most rows repeat them.
_DAYS: dict[str, tuple[int, int, int] | None] = {}
_TIMES: dict[str, tuple[int, int, int] | None] = {}


def _day(text: str, order: str) -> tuple[int, int, int] | None:
    """``(y, m, d)`` of ``dd/mm/yyyy`` (order "dmy") or ``yyyymmdd`` ("ymd"); None if bad."""
    key = order + text
    found = _DAYS.get(key, False)
    if found is not False:
        return found  # type: ignore[return-value]
    value: tuple[int, int, int] | None = None
    try:
        if order == "ymd":
            if text.isdigit():
                value = (int(text[0:4]), int(text[4:6]), int(text[6:8]))
        else:
            pieces = text.replace("-", "/").replace(".", "/").split("/")
            if len(pieces) == 3 and len(pieces[2]) == 4 and all(p.isdigit() for p in pieces):
                value = (int(pieces[2]), int(pieces[1]), int(pieces[0]))
        if value is not None:
            date(*value)  # raises for 31/02
    except ValueError:
        value = None
    if len(_DAYS) < 100_000:
        _DAYS[key] = value
    return value


def _time(text: str) -> tuple[int, int, int] | None:
    found = _TIMES.get(text, False)
    if found is not False:
        return found  # type: ignore[return-value]
    value: tuple[int, int, int] | None = None
    if ":" in text:
        clock = text.split(":")
        if 2 <= len(clock) <= 3 and all(c.isdigit() for c in clock):
            parts = [int(c) for c in clock] + [0]
            if parts[0] < 24 and parts[1] < 60 and parts[2] < 60:
                value = (parts[0], parts[1], parts[2])
    elif len(text) in (4, 6) and text.isdigit():
        h, mi, sec = int(text[0:2]), int(text[2:4]), int(text[4:6] or 0)
        if h < 24 and mi < 60 and sec < 60:
            value = (h, mi, sec)
    if len(_TIMES) < 200_000:
        _TIMES[text] = value
    return value


def parse_datetime(text: str) -> tuple[datetime | None, bool]:
    """``(local naive datetime, date_only)``; ``(None, False)`` for an empty value.

    Accepted: ISO 8601 (``2024-09-15``, ``2024-09-15T08:30:00``, with ``Z`` or an offset,
    which is converted to Vietnam time), ``dd/mm/yyyy[ hh:mm[:ss]]`` (also ``d/m/yyyy`` and
    ``-`` or ``.`` between the parts), ``yyyymmdd[hhmm[ss]]``. Anything else raises
    ``DateError``.
    """
    s = text.strip()
    n = len(s)
    if not n:
        return None, False
    # Fast paths for the fixed-width forms almost every system writes.
    if n == 19 and s[2] == "/" and s[5] == "/" and s[10] == " ":
        try:
            return datetime.fromisoformat(f"{s[6:10]}-{s[3:5]}-{s[0:2]}T{s[11:]}"), False
        except ValueError:
            pass  # the general path below says why
    elif n == 14 and s.isdigit():
        try:
            return datetime.fromisoformat(
                f"{s[0:4]}-{s[4:6]}-{s[6:8]}T{s[8:10]}:{s[10:12]}:{s[12:14]}"
            ), False
        except ValueError:
            raise DateError(s) from None
    if n >= 10 and s[4] == "-" and s[7] == "-":
        try:
            value = datetime.fromisoformat(s)
        except ValueError:
            raise DateError(s) from None
        if value.tzinfo is not None:
            value = value.astimezone(TZ_VN).replace(tzinfo=None)
        return value, n == 10
    if s.isdigit():
        if n not in (8, 12, 14):
            raise DateError(s)
        day = _day(s[:8], "ymd")
        clock = _time(s[8:]) if n > 8 else (0, 0, 0)
    else:
        day_part, sep, time_part = s.partition(" ")
        if not sep and "T" in day_part:
            day_part, _, time_part = day_part.partition("T")
        day = _day(day_part, "dmy")
        time_part = time_part.strip()
        clock = _time(time_part) if time_part else (0, 0, 0)
        n = 8 if not time_part else 0
    if day is None or clock is None:
        raise DateError(s)
    return datetime(day[0], day[1], day[2], clock[0], clock[1], clock[2]), n == 8


def month_of(value: datetime | date) -> int:
    """``yyyymm`` as an integer: 202409."""
    return value.year * 100 + value.month


def add_months(month: int, n: int) -> int:
    index = (month // 100) * 12 + (month % 100) - 1 + n
    return (index // 12) * 100 + index % 12 + 1


def months_between(first: int, last: int) -> list[int]:
    """Every ``yyyymm`` from ``first`` to ``last`` inclusive (empty if ``first > last``)."""
    out = []
    month = first
    while month <= last:
        out.append(month)
        month = month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1
    return out


def month_end(month: int) -> datetime:
    """The last instant of a ``yyyymm`` month (``dossier_rules``'s snapshot instant)."""
    return datetime.combine(date(month // 100, month % 100, 1), time.min) + _month_span(month)


def _month_span(month: int) -> timedelta:
    nxt = add_months(month, 1)
    return date(nxt // 100, nxt % 100, 1) - date(month // 100, month % 100, 1) - _ONE_US


Supplements = Sequence[tuple[datetime, datetime | None]]


def overdue_threshold(
    received: datetime | None,
    due: datetime | None,
    supplements: Supplements,
    end: datetime | None,
) -> datetime | None:
    """*T*: overdue at *t* (while open) exactly when ``t > T``; ``None`` when never.

    Waits are clipped at ``received``; one without a resubmission lasts until ``end``, or
    for ever while the dossier is open; overlapping waits count once (as in
    ``dossier_rules.waiting_time``).
    """
    if due is None:
        return None
    if not supplements:
        return due
    intervals: list[tuple[datetime, datetime | None]] = []
    for requested, resubmitted in supplements:
        start = requested if received is None or requested >= received else received
        stop = resubmitted if resubmitted is not None else end
        if stop is not None and stop <= start:
            continue
        intervals.append((start, stop))
    intervals.sort(key=lambda item: item[0])
    merged: list[tuple[datetime, datetime | None]] = []
    for start, stop in intervals:
        if merged:
            last_start, last_stop = merged[-1]
            if last_stop is None or start <= last_stop:
                if last_stop is not None and (stop is None or stop > last_stop):
                    merged[-1] = (last_start, stop)
                continue
        merged.append((start, stop))
    deadline: datetime = due
    for start, stop in merged:
        if start > deadline:
            break
        if stop is None:
            return None
        deadline += stop - start
    return deadline


def derive(
    status: int,
    received: datetime | None,
    due: datetime | None,
    finished: datetime | None,
    returned: datetime | None,
    supplements: Supplements,
) -> tuple[
    int | None, datetime | None, int | None, bool | None, datetime | None, int | None, int | None
]:
    """The derived columns of a *valid* dossier (see the module docstring):
    ``(received_month, end, end_month, on_time, overdue_at, overdue_from, overdue_to)``."""
    received_month = None
    if status not in NEVER_RECEIVED and received is not None:
        received_month = received.year * 100 + received.month
    end = (finished or returned) if status in TERMINAL else None
    end_month = end.year * 100 + end.month if end is not None else None
    threshold = overdue_threshold(received, due, supplements, end)
    on_time = None
    if status in RESOLVED and end is not None:
        on_time = threshold is None or end <= threshold
    overdue_from = overdue_to = None
    if received_month is not None and threshold is not None and (end is None or end > threshold):
        after = threshold + _ONE_US
        overdue_from = after.year * 100 + after.month
        overdue_to = end_month
    return received_month, end, end_month, on_time, threshold, overdue_from, overdue_to


def fast_problems(
    status: int | None,
    channel: int | None,
    received: datetime | None,
    due: datetime | None,
    finished: datetime | None,
    returned: datetime | None,
    supplements: Supplements,
    as_of: datetime,
) -> bool:
    """True when ``dossier_rules.validate`` would find an error (not only a warning).

    The same checks, as plain comparisons: the importer calls ``validate`` (for its
    Vietnamese messages) only on rows this flags.
    """
    if status is None or not 1 <= status <= 10:
        return True
    if channel is None or not 1 <= channel <= 3:
        return True
    if received is not None:
        if finished is not None and finished < received:
            return True
        if returned is not None and returned < received:
            return True
        if due is not None and due < received:
            return True
        if received > as_of:
            return True
    elif status not in NEVER_RECEIVED:
        return True
    if finished is not None:
        if returned is not None and returned < finished:
            return True
        if finished > as_of:
            return True
    if returned is not None and returned > as_of:
        return True
    if status in TERMINAL and finished is None and returned is None:
        return True
    for requested, resubmitted in supplements:
        if resubmitted is not None and resubmitted < requested:
            return True
        if received is not None and requested < received:
            return True
    return False
