"""Where an assignment (nhiệm vụ) stands, derived from its facts (DESIGN 5.5).

Pure Python, no Django: the web pages, the API, the Excel export, the reminders and the
scorecard all ask these functions, and the selectors' SQL mirrors them (a test checks
that the two agree on every combination).

The facts a person sets are the *state* (open, reported done and waiting for the
assigner, confirmed done, paused, cancelled), the day the lead unit reported the task
done, and the deadline. The deadline that counts is the latest approved one: the original
deadline is kept, and an approved extension (gia hạn) only ever moves it later, so an
extension can never turn an on-time completion into a late one.

The status is what provinces report:

| status                    | Vietnamese                 | when                                   |
|---------------------------|----------------------------|----------------------------------------|
| ``done_on_time``          | hoàn thành đúng hạn        | confirmed, reported done by deadline   |
| ``done_late``             | hoàn thành quá hạn         | confirmed, reported done after it      |
| ``open_in_time``          | chưa hoàn thành trong hạn  | open, deadline today or later          |
| ``open_overdue``          | chưa hoàn thành quá hạn    | open, deadline passed                  |
| ``no_deadline``           | không thời hạn             | open regular task (thường xuyên)       |
| ``awaiting_confirmation`` | chờ xác nhận               | reported done, not yet confirmed       |
| ``paused``                | tạm dừng                   | paused by the assigner                 |
| ``cancelled``             | hủy                        | cancelled by the assigner              |

Timeliness is judged on the day the unit *reported* the task done, not the day the
assigner confirmed it: a unit is not made late by a slow confirmation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "AssignmentFacts",
    "Bucket",
    "State",
    "Status",
    "bucket_of",
    "effective_deadline",
    "on_time_rate",
    "status_of",
]


class State(StrEnum):
    """What people decided; the status is derived from it and the dates."""

    OPEN = "open"
    AWAITING = "awaiting"  # the lead unit reported it done
    DONE = "done"  # the assigner confirmed it
    PAUSED = "paused"
    CANCELLED = "cancelled"


class Status(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_IN_TIME = "open_in_time"
    OPEN_OVERDUE = "open_overdue"
    NO_DEADLINE = "no_deadline"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    PAUSED = "paused"
    CANCELLED = "cancelled"

    @property
    def label_vi(self) -> str:
        return _LABELS_VI[self]

    @property
    def tone(self) -> str:
        """A colour family for the interface: ok, warn, bad or muted."""
        return _TONES[self]


_LABELS_VI = {
    Status.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Status.DONE_LATE: "Hoàn thành quá hạn",
    Status.OPEN_IN_TIME: "Chưa hoàn thành trong hạn",
    Status.OPEN_OVERDUE: "Chưa hoàn thành quá hạn",
    Status.NO_DEADLINE: "Không thời hạn",
    Status.AWAITING_CONFIRMATION: "Chờ xác nhận",
    Status.PAUSED: "Tạm dừng",
    Status.CANCELLED: "Hủy",
}
_TONES = {
    Status.DONE_ON_TIME: "ok",
    Status.DONE_LATE: "warn",
    Status.OPEN_IN_TIME: "info",
    Status.OPEN_OVERDUE: "bad",
    Status.NO_DEADLINE: "muted",
    Status.AWAITING_CONFIRMATION: "info",
    Status.PAUSED: "muted",
    Status.CANCELLED: "muted",
}


class Bucket(StrEnum):
    """The scorecard column an assignment counts in (DESIGN 5.5: rates per lead unit)."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_IN_TIME = "open_in_time"
    OPEN_OVERDUE = "open_overdue"
    NOT_COUNTED = "not_counted"  # cancelled: no longer assigned


@dataclass(frozen=True)
class AssignmentFacts:
    state: State
    deadline: date | None  # the latest approved deadline; None: a regular task
    completed_on: date | None = None  # the day the unit reported it done


def effective_deadline(original: date | None, approved: Iterable[date]) -> date | None:
    """The deadline that counts: the original one, or the latest approved extension.

    Extensions only move a deadline later (the services refuse any other), so the
    latest approved deadline is also the greatest; taking the greatest makes the rule
    hold even for records entered out of order.
    """
    dates = [d for d in (original, *approved) if d is not None]
    return max(dates) if dates else None


def _late(completed_on: date | None, deadline: date | None) -> bool:
    return deadline is not None and completed_on is not None and completed_on > deadline


def status_of(facts: AssignmentFacts, today: date) -> Status:
    """The status of an assignment on ``today``."""
    state = facts.state
    if state == State.CANCELLED:
        return Status.CANCELLED
    if state == State.PAUSED:
        return Status.PAUSED
    if state == State.AWAITING:
        return Status.AWAITING_CONFIRMATION
    if state == State.DONE:
        return (
            Status.DONE_LATE if _late(facts.completed_on, facts.deadline) else Status.DONE_ON_TIME
        )
    if facts.deadline is None:
        return Status.NO_DEADLINE
    return Status.OPEN_IN_TIME if today <= facts.deadline else Status.OPEN_OVERDUE


def bucket_of(facts: AssignmentFacts, today: date) -> Bucket:
    """The scorecard column: done (on time / late) once confirmed; otherwise open, in time
    or overdue. A completion waiting for confirmation is still open, in time when it was
    reported by the deadline; a paused task's clock is stopped (in time); an open regular
    task is in time; a cancelled one is not counted at all."""
    state = facts.state
    if state == State.CANCELLED:
        return Bucket.NOT_COUNTED
    if state == State.DONE:
        return (
            Bucket.DONE_LATE if _late(facts.completed_on, facts.deadline) else Bucket.DONE_ON_TIME
        )
    if state == State.AWAITING:
        late = _late(facts.completed_on, facts.deadline)
        return Bucket.OPEN_OVERDUE if late else Bucket.OPEN_IN_TIME
    if state == State.PAUSED or facts.deadline is None or today <= facts.deadline:
        return Bucket.OPEN_IN_TIME
    return Bucket.OPEN_OVERDUE


def on_time_rate(done_on_time: int, done_late: int, open_overdue: int) -> float | None:
    """Done on time / due so far, where "due so far" is what is done plus what is open
    past its deadline. ``None`` when nothing is due yet (shown as "—", never as 0)."""
    due = done_on_time + done_late + open_overdue
    return done_on_time / due if due else None
