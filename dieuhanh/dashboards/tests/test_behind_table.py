"""The overview's "lead units with the most overdue assignments" counts what the cards
and the linked list count: tasks in the status "quá hạn" (open, past the deadline). QA
found it counting a task reported done late and awaiting confirmation as well (2 in the
table against 1 on the card and in the list it links to)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.utils import timezone

from dieuhanh.dashboards import selectors
from dieuhanh.dashboards.tests.conftest import World
from dieuhanh.directives.models import Assignment
from dieuhanh.directives.status import State
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_a_late_task_awaiting_confirmation_is_not_counted_as_overdue(
    make_world: Callable[..., World],
    tasks: Callable[..., None],
    province: OrgUnit,
) -> None:
    world = make_world(units=2)
    unit = world.communes[0]
    tasks([(unit, date(2024, 6, 10)), (unit, date(2024, 6, 20))])
    # One of the two is reported done, late, and waits for the assigner's confirmation.
    waiting = Assignment.objects.filter(lead_unit=unit).order_by("pk").first()
    assert waiting is not None
    Assignment.objects.filter(pk=waiting.pk).update(
        state=State.AWAITING, completed_on=date(2024, 7, 1)
    )
    summary = selectors.assignment_summary(
        unit=province, province=province, today=timezone.localdate()
    )
    [row] = [r for r in summary.behind if r.unit_id == unit.pk]
    assert row.open_overdue == 1 == summary.open_overdue
    # The on-time rate stays the scorecard's: the late task awaiting confirmation is due.
    assert row.rate == 0.0
