"""One-stop-shop dossier rules: when a dossier ends, whether it was on time, where it counts.

A dossier (hồ sơ) arrives from the province's one-stop-shop system with the fields the
national portal's sync uses (DESIGN 5.1). This module turns those facts into the answers
every report needs — *is it resolved, was it on time, in which month does it count* — so
that the importer, the dashboards and the 766 index all read one rule instead of each
re-deriving it. Pure Python: no Django import.

Time convention
---------------
All datetimes of one dossier, and the ``as_of`` instant they are judged at, must be of the
same kind: **either all naive local time (Asia/Ho_Chi_Minh, UTC+7) or all timezone-aware**.
The portal exchanges local wall-clock times and Vietnam has no daylight saving, so naive
local time is exact and is what the importer should produce; aware datetimes work as well.
Mixing the two is refused with a Vietnamese message (Python would otherwise raise an
opaque ``TypeError`` or, worse, compare wall clocks of different zones).

Rule decisions (and why)
------------------------
*End of a dossier* (``end_of``) — DESIGN 5.1: "the first terminal status (9, then 10,
then 8/3/7)". Only the current status is synchronised, so "first" is read through the
dates: ``NgayKetThucXuLy`` (``finished_at``) is the date processing ended, which for a
dossier now at 10 is the earlier status-9 date; ``NgayTra`` (``returned_at``) is the later
hand-over. Hence, for every terminal status:

====================  =========================  ==================================
status                end                        when that date is missing
====================  =========================  ==================================
9  đã xử lý xong      ``finished_at``            ``returned_at``, else unknown
10 đã trả kết quả     ``finished_at``            ``returned_at``, else unknown
8 / 3 / 7             ``finished_at`` (date the  ``returned_at``, else unknown
                      status was set)
1, 2, 4, 5, 6         — (not ended)              —
====================  =========================  ==================================

The VPCP description of the 766 formulas ("Thời gian kết thúc xử lý … nếu tiến trình có
đồng thời trạng thái Đã xử lý xong, Đã trả kết quả thì ưu tiên lấy thời gian Đã xử lý
xong") gives the same precedence. A *resolved* dossier whose end is unknown is judged with
``as_of`` standing in for the end — the portal's rule "chưa có trạng thái hoàn thành → lấy
ngày cuối kỳ báo cáo" — which is conservative (it can only make the dossier later); such a
dossier has no resolution month and ``validate`` reports it.

*Resolved vs closed* — statuses 9 and 10 are **resolved** (a result was produced); they
are the ones counted as ``resolved`` / ``resolved_on_time`` / ``resolved_late``. Statuses
3 (không được tiếp nhận), 7 (rút hồ sơ) and 8 (dừng xử lý) are **closed, not resolved**:
``closed_other``, in no resolved or in-progress count. This matches the provinces'
reports ("giải quyết N hồ sơ, trong đó đúng hạn …") and DESIGN 5.1. Note the national
portal's 766 on-time indicator differs slightly: its formula description also treats
received dossiers that were refused, stopped or withdrawn as "kết thúc xử lý" and judges
them against the due date. ``ended_on_time`` exposes that judgement for any ended dossier
so the portal's variant can be reproduced when needed.

*Received* — a dossier counts as received in the month of ``NgayTiepNhan``, like the
portal. Status 1 (mới đăng ký, not yet received) and 3 (không được tiếp nhận) never count
as received, whatever date they carry.

*Supplement waits* (yêu cầu bổ sung) are not counted against the agency: the due date is
pushed back by the total waiting time. Waits are **exact durations** (``timedelta``), not
whole days, because (1) ``NgayHenTra`` is a timestamp and provinces judge "đúng hạn" to the
minute; (2) the VPCP formula does exactly this ("Thời gian bổ sung hồ sơ = Thời điểm hoàn
thành bổ sung hồ sơ − Thời điểm yêu cầu bổ sung", subtracted from the end), and pushing the
due date by the same amount is the same comparison; (3) rounding a two-hour wait to a day
would turn late dossiers into on-time ones. A wait runs from the request to the
resubmission, or — never resubmitted — to the dossier's end, or to ``as_of`` while it is
still open (the clock is then frozen at the request, as on the portal). Overlapping waits
are merged (their union counts once); waits are clipped to [received, end/``as_of``].
The portal's extra penalty ("yêu cầu bổ sung hơn 01 lần thì tính quá hạn") is not applied:
it is not in DESIGN and would contradict the rule that waiting time is not counted.

*On time* when ``end ≤ adjusted due``; still open: ``open_overdue`` once ``as_of >
adjusted due`` (at exactly the due instant it is still in time); no due date → in time.
Status 6 (yêu cầu thực hiện nghĩa vụ tài chính) is an ordinary open status: the time the
citizen takes to pay is counted, as nothing in DESIGN or the portal's formula excludes it.

*Month buckets* — received-side counts (``received``, ``received_<channel>``,
``digitised``, ``fee_dossiers``, ``paid_online``) go to the month received; resolved-side
counts (``resolved``, ``resolved_on_time``/``late``, ``electronic_result``) to the month of
the end, because the electronic result exists only once the dossier is resolved. In-progress
counts are snapshots "as of the period's last day": ``open_state_at(d, last_day)``.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from enum import IntEnum, StrEnum

from dieuhanh.core.vnformat import format_date

__all__ = [
    "CLOSED_STATUSES",
    "COUNT_NAMES",
    "OPEN_STATUSES",
    "RESOLVED_STATUSES",
    "TERMINAL_STATUSES",
    "Channel",
    "DossierFacts",
    "DossierStatus",
    "Month",
    "MonthBuckets",
    "Problem",
    "Timeliness",
    "adjusted_due",
    "channel_of",
    "end_of",
    "ended_on_time",
    "month_buckets",
    "month_counts",
    "open_state_at",
    "status_of",
    "timeliness",
    "validate",
    "waiting_time",
]


class DossierStatus(IntEnum):
    """``TrangThaiHoSo`` as the national portal codes it."""

    SUBMITTED = 1
    RECEIVED = 2
    NOT_ACCEPTED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION = 6
    WITHDRAWN = 7
    STOPPED = 8
    FINISHED = 9
    RETURNED = 10

    @property
    def label_vi(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    DossierStatus.SUBMITTED: "mới đăng ký",
    DossierStatus.RECEIVED: "được tiếp nhận",
    DossierStatus.NOT_ACCEPTED: "không được tiếp nhận",
    DossierStatus.PROCESSING: "đang xử lý",
    DossierStatus.SUPPLEMENT_REQUESTED: "yêu cầu bổ sung",
    DossierStatus.FINANCIAL_OBLIGATION: "yêu cầu thực hiện nghĩa vụ tài chính",
    DossierStatus.WITHDRAWN: "rút hồ sơ",
    DossierStatus.STOPPED: "dừng xử lý",
    DossierStatus.FINISHED: "đã xử lý xong",
    DossierStatus.RETURNED: "đã trả kết quả",
}


class Channel(IntEnum):
    """``KenhThucHien``; an empty value means direct (trực tiếp)."""

    DIRECT = 1
    ONLINE = 2
    POSTAL = 3

    @property
    def label_vi(self) -> str:
        return {1: "trực tiếp", 2: "trực tuyến", 3: "bưu chính"}[self.value]

    @property
    def count_name(self) -> str:
        """The canonical count this channel feeds (see ``index766`` contract)."""
        return {1: "received_direct", 2: "received_online", 3: "received_postal"}[self.value]


class Timeliness(StrEnum):
    """Where a dossier stands against its (supplement-adjusted) due date."""

    RESOLVED_ON_TIME = "resolved_on_time"
    RESOLVED_LATE = "resolved_late"
    OPEN_IN_TIME = "open_in_time"
    OPEN_OVERDUE = "open_overdue"
    CLOSED_OTHER = "closed_other"

    @property
    def label_vi(self) -> str:
        return _TIMELINESS_LABELS[self]

    @property
    def count_name(self) -> str | None:
        """The canonical count this state feeds, ``None`` for ``closed_other``."""
        return _TIMELINESS_COUNTS[self]


_TIMELINESS_LABELS = {
    Timeliness.RESOLVED_ON_TIME: "giải quyết đúng hạn",
    Timeliness.RESOLVED_LATE: "giải quyết quá hạn",
    Timeliness.OPEN_IN_TIME: "đang giải quyết trong hạn",
    Timeliness.OPEN_OVERDUE: "đang giải quyết quá hạn",
    Timeliness.CLOSED_OTHER: "kết thúc không giải quyết",
}
_TIMELINESS_COUNTS: dict[Timeliness, str | None] = {
    Timeliness.RESOLVED_ON_TIME: "resolved_on_time",
    Timeliness.RESOLVED_LATE: "resolved_late",
    Timeliness.OPEN_IN_TIME: "in_progress_in_time",
    Timeliness.OPEN_OVERDUE: "in_progress_overdue",
    Timeliness.CLOSED_OTHER: None,
}

RESOLVED_STATUSES = frozenset({DossierStatus.FINISHED, DossierStatus.RETURNED})
CLOSED_STATUSES = frozenset(
    {DossierStatus.NOT_ACCEPTED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED}
)
TERMINAL_STATUSES = RESOLVED_STATUSES | CLOSED_STATUSES
OPEN_STATUSES = frozenset(DossierStatus) - TERMINAL_STATUSES
#: Statuses that, by their very name, were never received (no ``received`` count).
_NEVER_RECEIVED = frozenset({DossierStatus.SUBMITTED, DossierStatus.NOT_ACCEPTED})

#: Every count name this module produces; each is part of the ``index766`` contract.
COUNT_NAMES: tuple[str, ...] = (
    "received",
    "received_online",
    "received_direct",
    "received_postal",
    "resolved",
    "resolved_on_time",
    "resolved_late",
    "in_progress_in_time",
    "in_progress_overdue",
    "paid_online",
    "fee_dossiers",
    "digitised",
    "electronic_result",
)

Month = tuple[int, int]
"""``(year, month)``."""

Supplement = tuple[datetime, datetime | None]
"""One supplement request: when it was requested, when the citizen resubmitted (or None)."""


def _parse_code(value: int | str | None) -> int | None:
    """Read a portal code that may arrive as an int or a string; ``None`` when not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() else None


@dataclass(frozen=True)
class DossierFacts:
    """The facts of one dossier, named after the national portal's sync fields.

    ``status`` is ``TrangThaiHoSo``, ``channel`` ``KenhThucHien`` (``None`` or ``""`` means
    direct), ``received_at`` ``NgayTiepNhan``, ``due_at`` ``NgayHenTra``, ``finished_at``
    ``NgayKetThucXuLy``, ``returned_at`` ``NgayTra``; ``supplements`` lists the supplement
    requests as ``(requested_at, resubmitted_at or None)``; ``paid_online`` is
    ``DuocThanhToanTrucTuyen`` ∈ {1, 2}, ``digitised`` ``HoSoCoThanhPhanSoHoa``,
    ``electronic_result`` "the result has an electronic copy". ``fee_bearing`` comes from the
    procedure catalogue (the procedure charges a fee or levy) and feeds ``fee_dossiers``,
    the denominator of the online-payment ratio.

    Codes are kept raw (int or str) so that ``validate`` can name a bad value instead of
    the importer crashing on it. See the module docstring for the time convention.
    """

    status: int | str
    channel: int | str | None = None
    received_at: datetime | None = None
    due_at: datetime | None = None
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    supplements: Sequence[Supplement] = field(default=())
    paid_online: bool = False
    digitised: bool = False
    electronic_result: bool = False
    fee_bearing: bool = False

    def __post_init__(self) -> None:
        # Frozen and hashable: store the supplement list as a tuple of pairs.
        object.__setattr__(self, "supplements", tuple((req, res) for req, res in self.supplements))

    @property
    def status_code(self) -> int | None:
        return _parse_code(self.status)

    @property
    def channel_code(self) -> int | None:
        """The channel code with the portal's default: empty means 1 (trực tiếp)."""
        if self.channel is None or (isinstance(self.channel, str) and not self.channel.strip()):
            return int(Channel.DIRECT)
        return _parse_code(self.channel)

    def datetimes(self) -> list[datetime]:
        """Every datetime the dossier carries (for the naive/aware consistency check)."""
        values = [self.received_at, self.due_at, self.finished_at, self.returned_at]
        for req, res in self.supplements:
            values.extend((req, res))
        return [v for v in values if v is not None]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dossier's facts: a stable ``code`` and a Vietnamese message."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class MonthBuckets:
    """In which month a dossier counts as received and as resolved (``None``: not (yet))."""

    received: Month | None
    resolved: Month | None
    channel: Channel
    outcome: Timeliness | None
    """``resolved_on_time`` or ``resolved_late`` when ``resolved`` is set, else ``None``."""


# --------------------------------------------------------------------------- helpers


def _fmt(value: datetime) -> str:
    """``15/10/2024 08:30`` — how the messages show an instant."""
    return f"{format_date(value)} {value:%H:%M}"


def _is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.tzinfo.utcoffset(value) is not None


_MIXED_TZ = (
    "Các mốc thời gian phải cùng một kiểu: hoặc đều là giờ địa phương không kèm múi giờ, "
    "hoặc đều có múi giờ."
)


def _check_time_kinds(d: DossierFacts, *others: datetime) -> None:
    values = d.datetimes() + list(others)
    if len({_is_aware(v) for v in values}) > 1:
        raise ValueError(_MIXED_TZ)


def status_of(d: DossierFacts) -> DossierStatus:
    """The dossier's status; ``ValueError`` (Vietnamese) when it is not a portal code."""
    code = d.status_code
    try:
        return DossierStatus(code)  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(
            f"Trạng thái hồ sơ không hợp lệ: “{d.status}” (TrangThaiHoSo phải từ 1 đến 10)."
        ) from None


def channel_of(d: DossierFacts) -> Channel:
    """The dossier's channel (empty = direct); ``ValueError`` when it is not 1, 2 or 3."""
    code = d.channel_code
    try:
        return Channel(code)  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(
            f"Kênh thực hiện không hợp lệ: “{d.channel}” "
            "(KenhThucHien phải là 1 trực tiếp, 2 trực tuyến hoặc 3 bưu chính)."
        ) from None


def end_of(d: DossierFacts) -> datetime | None:
    """The dossier's end: its first terminal status date, ``None`` if not ended or unknown.

    See the table in the module docstring: ``finished_at`` (the status-9 / terminal date)
    first, then ``returned_at``.
    """
    if status_of(d) not in TERMINAL_STATUSES:
        return None
    return d.finished_at or d.returned_at


def waiting_time(d: DossierFacts, until: datetime) -> timedelta:
    """Total supplement waiting time up to ``until``, overlapping waits counted once.

    Each wait runs from its request to its resubmission (or to ``until`` if none), clipped
    to ``[received_at, until]``. Inconsistent pairs (resubmitted before requested) count
    nothing here; ``validate`` reports them.
    """
    intervals: list[tuple[datetime, datetime]] = []
    for requested, resubmitted in d.supplements:
        start = requested
        if d.received_at is not None and start < d.received_at:
            start = d.received_at
        stop = until if resubmitted is None or resubmitted > until else resubmitted
        if stop > start:
            intervals.append((start, stop))
    intervals.sort()
    total = timedelta(0)
    current_start: datetime | None = None
    current_stop: datetime | None = None
    for start, stop in intervals:
        if current_stop is None or start > current_stop:
            if current_start is not None and current_stop is not None:
                total += current_stop - current_start
            current_start, current_stop = start, stop
        elif stop > current_stop:
            current_stop = stop
    if current_start is not None and current_stop is not None:
        total += current_stop - current_start
    return total


def adjusted_due(d: DossierFacts, until: datetime) -> datetime | None:
    """The due date pushed back by the supplement waits up to ``until``; ``None`` if no due."""
    if d.due_at is None:
        return None
    return d.due_at + waiting_time(d, until)


def _open_state(d: DossierFacts, at: datetime) -> Timeliness:
    due = adjusted_due(d, at)
    if due is None or at <= due:
        return Timeliness.OPEN_IN_TIME
    return Timeliness.OPEN_OVERDUE


def ended_on_time(d: DossierFacts, as_of: datetime) -> bool | None:
    """Whether an ended dossier (any terminal status) ended by its adjusted due date.

    ``None`` if it has not ended by ``as_of`` or its end is unknown. This is the portal's
    reading, which also judges refused/stopped/withdrawn dossiers; the product's
    ``resolved_*`` counts use ``timeliness`` instead (9 and 10 only).
    """
    _check_time_kinds(d, as_of)
    end = end_of(d)
    if end is None or end > as_of:
        return None
    due = adjusted_due(d, end)
    return due is None or end <= due


def timeliness(d: DossierFacts, as_of: datetime) -> Timeliness:
    """Where the dossier stands at ``as_of``.

    A terminal dossier whose end lies after ``as_of`` was still open then and is judged as
    open. Resolved (9, 10): on time when ``end ≤ adjusted due`` (unknown end → ``as_of``).
    Closed (3, 7, 8): ``closed_other``. Open: overdue once ``as_of`` is past the adjusted
    due. No due date → on time / in time.
    """
    status = status_of(d)
    _check_time_kinds(d, as_of)
    end = end_of(d)
    if status in TERMINAL_STATUSES and not (end is not None and end > as_of):
        if status in CLOSED_STATUSES:
            return Timeliness.CLOSED_OTHER
        effective_end = end if end is not None else as_of
        due = adjusted_due(d, effective_end)
        if due is None or effective_end <= due:
            return Timeliness.RESOLVED_ON_TIME
        return Timeliness.RESOLVED_LATE
    return _open_state(d, as_of)


def _tz_of(d: DossierFacts) -> tzinfo | None:
    for value in d.datetimes():
        if _is_aware(value):
            return value.tzinfo
    return None


def _moment(d: DossierFacts, day: date | datetime) -> datetime:
    """A day's snapshot instant: its last instant (23:59:59.999999), in the dossier's kind.

    Using the last instant (not the next midnight) lets a date and a datetime snapshot share
    one rule — "received_at ≤ at", "ended when end ≤ at" — consistent with ``timeliness``
    and ``month_buckets``: something dated at the next midnight belongs to the next day.
    """
    if isinstance(day, datetime):
        return day
    return datetime.combine(day, time.max, tzinfo=_tz_of(d))


def open_state_at(d: DossierFacts, day: date | datetime) -> Timeliness | None:
    """``open_in_time`` / ``open_overdue`` if the dossier was in progress at the end of ``day``.

    A dossier received at the snapshot instant is in progress; one ending at it is not.
    ``None`` when it had not been received yet, was never received (statuses 1, 3), had
    already ended, or is terminal with an unknown end (cannot be placed; ``validate``
    reports it). A ``datetime`` is taken as the exact instant instead of the end of a day.
    """
    status = status_of(d)
    at = _moment(d, day)
    _check_time_kinds(d, at)
    if status in _NEVER_RECEIVED or d.received_at is None or d.received_at > at:
        return None
    if status in TERMINAL_STATUSES:
        end = end_of(d)
        if end is None or end <= at:
            return None
    return _open_state(d, at)


def _month(value: datetime) -> Month:
    return (value.year, value.month)


def month_buckets(d: DossierFacts, as_of: datetime) -> MonthBuckets:
    """The months in which the dossier counts as received and as resolved, as known at ``as_of``.

    Received: month of ``received_at`` (if not after ``as_of``; never for statuses 1, 3).
    Resolved: month of the end for statuses 9/10 whose end is known and not after ``as_of``,
    with the outcome (on time or late) — which no longer changes after that.
    """
    status = status_of(d)
    channel = channel_of(d)
    _check_time_kinds(d, as_of)
    received = None
    if status not in _NEVER_RECEIVED and d.received_at is not None and d.received_at <= as_of:
        received = _month(d.received_at)
    resolved = None
    outcome = None
    end = end_of(d)
    if status in RESOLVED_STATUSES and end is not None and end <= as_of:
        resolved = _month(end)
        outcome = timeliness(d, as_of)
    return MonthBuckets(received=received, resolved=resolved, channel=channel, outcome=outcome)


def _months_between(first: Month, last: Month) -> list[Month]:
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_counts(d: DossierFacts, as_of: datetime) -> dict[Month, dict[str, int]]:
    """The dossier's contribution to the standard per-month counts, as known at ``as_of``.

    Summing these over a unit's dossiers gives the unit's monthly counts under the canonical
    names (``COUNT_NAMES``). In-progress counts are month-end snapshots; for the month of
    ``as_of`` the snapshot is taken at ``as_of`` itself. ``fee_dossiers`` counts dossiers of
    fee-bearing procedures and any dossier paid online (a payment proves a fee), so the
    payment ratio can never exceed 100%.
    """
    buckets = month_buckets(d, as_of)
    out: dict[Month, dict[str, int]] = {}

    def add(month: Month, *names: str) -> None:
        bucket = out.setdefault(month, {})
        for name in names:
            bucket[name] = bucket.get(name, 0) + 1

    if buckets.received is not None:
        add(buckets.received, "received", buckets.channel.count_name)
        if d.digitised:
            add(buckets.received, "digitised")
        if d.fee_bearing or d.paid_online:
            add(buckets.received, "fee_dossiers")
        if d.paid_online:
            add(buckets.received, "paid_online")
    if buckets.resolved is not None and buckets.outcome is not None:
        add(buckets.resolved, "resolved", buckets.outcome.value)
        if d.electronic_result:
            add(buckets.resolved, "electronic_result")
    if buckets.received is not None and d.received_at is not None:
        last = _month(as_of)
        for year, month in _months_between(buckets.received, last):
            point: date | datetime
            if (year, month) == last:
                point = as_of
            else:
                point = date(year, month, calendar.monthrange(year, month)[1])
            state = open_state_at(d, point)
            if state is not None and state.count_name is not None:
                add((year, month), state.count_name)
    return out


# ------------------------------------------------------------------------ validation


def validate(d: DossierFacts, as_of: datetime | None = None) -> list[Problem]:
    """Everything wrong with the facts, each with a Vietnamese reason; empty when sound.

    The importer should store a dossier with problems but show them, and keep it out of the
    counts when a problem makes a rule unanswerable (unknown status or channel, mixed time
    kinds). Dates after ``as_of`` are reported when ``as_of`` is given.
    """
    problems: list[Problem] = []
    status: DossierStatus | None = None
    try:
        status = status_of(d)
    except ValueError as exc:
        problems.append(Problem("unknown_status", str(exc)))
    try:
        channel_of(d)
    except ValueError as exc:
        problems.append(Problem("unknown_channel", str(exc)))
    values = d.datetimes() + ([as_of] if as_of is not None else [])
    if len({_is_aware(v) for v in values}) > 1:
        # Nothing below can compare safely.
        problems.append(Problem("mixed_time_kinds", _MIXED_TZ))
        return problems

    received = d.received_at
    if received is not None:
        if d.finished_at is not None and d.finished_at < received:
            problems.append(
                Problem(
                    "ended_before_received",
                    f"Ngày kết thúc xử lý ({_fmt(d.finished_at)}) trước ngày tiếp nhận "
                    f"({_fmt(received)}).",
                )
            )
        if d.returned_at is not None and d.returned_at < received:
            problems.append(
                Problem(
                    "returned_before_received",
                    f"Ngày trả kết quả ({_fmt(d.returned_at)}) trước ngày tiếp nhận "
                    f"({_fmt(received)}).",
                )
            )
        if d.due_at is not None and d.due_at < received:
            problems.append(
                Problem(
                    "due_before_received",
                    f"Ngày hẹn trả ({_fmt(d.due_at)}) trước ngày tiếp nhận ({_fmt(received)}).",
                )
            )
    if d.finished_at is not None and d.returned_at is not None and d.returned_at < d.finished_at:
        problems.append(
            Problem(
                "returned_before_finished",
                f"Ngày trả kết quả ({_fmt(d.returned_at)}) trước ngày kết thúc xử lý "
                f"({_fmt(d.finished_at)}).",
            )
        )
    if status is not None:
        if received is None and status not in _NEVER_RECEIVED:
            problems.append(
                Problem(
                    "missing_received",
                    f"Hồ sơ ở trạng thái “{status.label_vi}” nhưng thiếu ngày tiếp nhận "
                    "(NgayTiepNhan).",
                )
            )
        if status in TERMINAL_STATUSES and d.finished_at is None and d.returned_at is None:
            problems.append(
                Problem(
                    "missing_end",
                    f"Hồ sơ ở trạng thái “{status.label_vi}” nhưng thiếu ngày kết thúc xử lý "
                    "(NgayKetThucXuLy) và ngày trả kết quả (NgayTra).",
                )
            )
        if status is DossierStatus.SUPPLEMENT_REQUESTED and not any(
            res is None for _, res in d.supplements
        ):
            problems.append(
                Problem(
                    "supplement_request_missing",
                    "Hồ sơ ở trạng thái “yêu cầu bổ sung” nhưng không có yêu cầu bổ sung nào "
                    "đang chờ; thời gian chờ bổ sung sẽ bị tính vào thời hạn giải quyết.",
                )
            )
    for number, (requested, resubmitted) in enumerate(d.supplements, start=1):
        if resubmitted is not None and resubmitted < requested:
            problems.append(
                Problem(
                    "supplement_before_request",
                    f"Yêu cầu bổ sung thứ {number}: ngày nộp bổ sung ({_fmt(resubmitted)}) "
                    f"trước ngày yêu cầu ({_fmt(requested)}).",
                )
            )
        if received is not None and requested < received:
            problems.append(
                Problem(
                    "supplement_before_received",
                    f"Yêu cầu bổ sung thứ {number}: ngày yêu cầu ({_fmt(requested)}) trước "
                    f"ngày tiếp nhận ({_fmt(received)}).",
                )
            )
    if as_of is not None:
        named = (
            ("NgayTiepNhan", d.received_at),
            ("NgayKetThucXuLy", d.finished_at),
            ("NgayTra", d.returned_at),
        )
        for name, value in named:
            if value is not None and value > as_of:
                problems.append(
                    Problem(
                        "date_in_future",
                        f"{name} ({_fmt(value)}) là thời điểm trong tương lai.",
                    )
                )
    return problems
