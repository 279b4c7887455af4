"""The derived status of an assignment (DESIGN 5.5): every status by example, and the
rules as properties."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.directives.status import (
    AssignmentFacts,
    Bucket,
    State,
    Status,
    bucket_of,
    effective_deadline,
    on_time_rate,
    status_of,
)

D = date(2025, 10, 15)
TODAY = date(2025, 10, 20)


@pytest.mark.parametrize(
    ("facts", "status", "bucket"),
    [
        (
            AssignmentFacts(State.DONE, D, date(2025, 10, 15)),
            Status.DONE_ON_TIME,
            Bucket.DONE_ON_TIME,
        ),
        (AssignmentFacts(State.DONE, D, date(2025, 10, 16)), Status.DONE_LATE, Bucket.DONE_LATE),
        (
            AssignmentFacts(State.DONE, None, date(2025, 10, 16)),
            Status.DONE_ON_TIME,
            Bucket.DONE_ON_TIME,
        ),
        (AssignmentFacts(State.OPEN, date(2025, 10, 20)), Status.OPEN_IN_TIME, Bucket.OPEN_IN_TIME),
        (AssignmentFacts(State.OPEN, date(2025, 10, 19)), Status.OPEN_OVERDUE, Bucket.OPEN_OVERDUE),
        (AssignmentFacts(State.OPEN, None), Status.NO_DEADLINE, Bucket.OPEN_IN_TIME),
        (
            AssignmentFacts(State.AWAITING, D, date(2025, 10, 14)),
            Status.AWAITING_CONFIRMATION,
            Bucket.OPEN_IN_TIME,  # reported in time: not made late by a slow confirmation
        ),
        (
            AssignmentFacts(State.AWAITING, D, date(2025, 10, 18)),
            Status.AWAITING_CONFIRMATION,
            Bucket.OPEN_OVERDUE,
        ),
        (AssignmentFacts(State.PAUSED, date(2025, 1, 1)), Status.PAUSED, Bucket.OPEN_IN_TIME),
        (AssignmentFacts(State.CANCELLED, date(2025, 1, 1)), Status.CANCELLED, Bucket.NOT_COUNTED),
    ],
)
def test_every_status(facts: AssignmentFacts, status: Status, bucket: Bucket) -> None:
    assert status_of(facts, TODAY) == status
    assert bucket_of(facts, TODAY) == bucket


def test_every_status_has_a_vietnamese_label() -> None:
    assert {s.label_vi for s in Status} == {
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Chưa hoàn thành trong hạn",
        "Chưa hoàn thành quá hạn",
        "Không thời hạn",
        "Chờ xác nhận",
        "Tạm dừng",
        "Hủy",
    }


def test_effective_deadline_keeps_the_latest_approved() -> None:
    assert effective_deadline(D, []) == D
    assert effective_deadline(D, [date(2025, 11, 1), date(2025, 10, 30)]) == date(2025, 11, 1)
    assert effective_deadline(None, []) is None


def test_on_time_rate() -> None:
    assert on_time_rate(3, 1, 0) == 0.75
    assert on_time_rate(0, 0, 0) is None  # nothing due: no rate, never 0
    assert on_time_rate(1, 0, 3) == 0.25


def test_the_rules_need_no_django() -> None:
    source = (Path(__file__).resolve().parents[1] / "status.py").read_text(encoding="utf-8")
    imported: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
    assert not [m for m in imported if m and m.startswith(("django", "dieuhanh"))]


# --- properties ------------------------------------------------------------------------

days = st.dates(min_value=date(2022, 1, 1), max_value=date(2030, 12, 31))
states = st.sampled_from(list(State))


@st.composite
def facts(draw: st.DrawFn) -> AssignmentFacts:
    state = draw(states)
    deadline = draw(st.none() | days)
    completed = draw(days) if state in (State.AWAITING, State.DONE) else None
    return AssignmentFacts(state, deadline, completed)


@given(facts(), days)
def test_status_and_bucket_agree(f: AssignmentFacts, today: date) -> None:
    status, bucket = status_of(f, today), bucket_of(f, today)
    expected = {
        Status.DONE_ON_TIME: {Bucket.DONE_ON_TIME},
        Status.DONE_LATE: {Bucket.DONE_LATE},
        Status.OPEN_IN_TIME: {Bucket.OPEN_IN_TIME},
        Status.OPEN_OVERDUE: {Bucket.OPEN_OVERDUE},
        Status.NO_DEADLINE: {Bucket.OPEN_IN_TIME},
        Status.AWAITING_CONFIRMATION: {Bucket.OPEN_IN_TIME, Bucket.OPEN_OVERDUE},
        Status.PAUSED: {Bucket.OPEN_IN_TIME},
        Status.CANCELLED: {Bucket.NOT_COUNTED},
    }
    assert bucket in expected[status]


@given(days, days, st.lists(st.integers(min_value=1, max_value=400), max_size=4))
def test_an_approved_extension_never_makes_an_on_time_completion_late(
    original: date, completed: date, extra_days: list[int]
) -> None:
    on_time = AssignmentFacts(State.DONE, original, completed)
    extended = AssignmentFacts(
        State.DONE,
        effective_deadline(original, [original + timedelta(days=n) for n in extra_days]),
        completed,
    )
    if status_of(on_time, completed) == Status.DONE_ON_TIME:
        assert status_of(extended, completed) == Status.DONE_ON_TIME
    # …and only an extension reaching the completion day can make a late one on time.
    if status_of(extended, completed) == Status.DONE_ON_TIME and completed > original:
        assert extended.deadline is not None and extended.deadline >= completed


@given(days, st.lists(days, min_size=1, max_size=5))
def test_the_effective_deadline_is_never_before_the_original(
    original: date, approved: list[date]
) -> None:
    deadline = effective_deadline(original, approved)
    assert deadline is not None and deadline >= original


@given(days, days, days)
def test_an_open_task_turns_overdue_once_and_for_all(deadline: date, a: date, b: date) -> None:
    f = AssignmentFacts(State.OPEN, deadline)
    early, late = sorted([a, b])
    if status_of(f, early) == Status.OPEN_OVERDUE:
        assert status_of(f, late) == Status.OPEN_OVERDUE
    assert (status_of(f, a) == Status.OPEN_OVERDUE) == (a > deadline)


@given(facts(), days, days)
def test_closed_states_do_not_depend_on_the_day(f: AssignmentFacts, a: date, b: date) -> None:
    if f.state != State.OPEN:
        assert status_of(f, a) == status_of(f, b)
        assert bucket_of(f, a) == bucket_of(f, b)
