"""The status and the scorecard columns computed in SQL agree with the pure rules
(``status.status_of``, ``status.bucket_of``) on every combination of state and dates."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from dieuhanh.directives import selectors
from dieuhanh.directives.filters import ScorecardFilters
from dieuhanh.directives.models import Assignment, Directive
from dieuhanh.directives.status import Bucket, State, bucket_of
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

TODAY = date(2025, 10, 20)


@pytest.fixture
def grid(make_directive: Callable[..., Directive], commune: OrgUnit) -> list[Assignment]:
    """Every state × deadline (none, past, today, future) × completion day (none, before,
    on, after the deadline). Rows are written directly: this is a test of the SQL, not of
    the services' rules (some combinations are unreachable through them)."""
    directive = make_directive([(commune, None)], on=date(2025, 8, 1))
    template = directive.assignments.get()
    deadlines = [None, TODAY - timedelta(days=3), TODAY, TODAY + timedelta(days=3)]
    rows = []
    for state, deadline, offset in itertools.product(list(State), deadlines, [None, -1, 0, 1]):
        completed = None
        if state in (State.AWAITING, State.DONE):
            if offset is None:
                continue  # the model requires a completion day
            completed = (deadline or TODAY) + timedelta(days=offset)
        rows.append(
            Assignment(
                directive=directive,
                position=template.position,
                text="x",
                lead_unit=commune,
                state=state,
                deadline=deadline,
                deadline_original=deadline,
                completed_on=completed,
            )
        )
    return Assignment.objects.bulk_create(rows)


def test_sql_status_matches_the_pure_rule(grid: list[Assignment]) -> None:
    annotated = selectors.assignment_queryset(today=TODAY).filter(pk__in=[a.pk for a in grid])
    for a in annotated:
        status = getattr(a, "status_code")  # noqa: B009 (an annotation)
        assert status == a.status_on(TODAY), (a.state, a.deadline, a.completed_on)


def test_sql_buckets_match_the_pure_rule(grid: list[Assignment], commune: OrgUnit) -> None:
    (row,) = selectors.scorecard(filters=ScorecardFilters(kind="commune"), today=TODAY)
    expected = Counter(
        bucket_of(a.facts, TODAY) for a in Assignment.objects.filter(lead_unit=commune)
    )
    assert row.done_on_time == expected[Bucket.DONE_ON_TIME]
    assert row.done_late == expected[Bucket.DONE_LATE]
    assert row.open_in_time == expected[Bucket.OPEN_IN_TIME]
    assert row.open_overdue == expected[Bucket.OPEN_OVERDUE]
    assert row.assigned == sum(v for k, v in expected.items() if k != Bucket.NOT_COUNTED)
