"""The demo step: seed 000 confirmed and lived, seed 003 left for review, a year of
synthetic notices; the reporter's commune has open work; a second run adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dieuhanh.accounts.demo import demo_users
from dieuhanh.accounts.models import User
from dieuhanh.demo import DemoContext
from dieuhanh.directives import selectors
from dieuhanh.directives.demo import _seed, demo_directives
from dieuhanh.directives.models import (
    Assignment,
    Decision,
    Directive,
    DirectiveDraft,
    Extension,
    ProgressUpdate,
)
from dieuhanh.directives.status import State

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Directive.objects.count(),
        DirectiveDraft.objects.count(),
        Assignment.objects.count(),
        ProgressUpdate.objects.count(),
        Extension.objects.count(),
        Decision.objects.count(),
        Assignment.history.count(),
        ProgressUpdate.history.count(),
    )


def test_demo_step_builds_and_is_idempotent() -> None:
    ctx = DemoContext(password="demo-mat-khau", password_given=True, log=lambda _m: None)
    demo_users(ctx)
    demo_directives(ctx)
    first = counts()
    demo_directives(ctx)
    assert counts() == first

    if _seed("000") is not None:
        seed = Directive.objects.get(external_id="seed-000")
        assert seed.source_file and seed.assignments.count() >= 30
        done = seed.assignments.get(position=2)
        assert done.lead_unit.code == "20-STTTT" and done.status == "done_on_time"
    if _seed("003") is not None:
        draft = DirectiveDraft.objects.get(external_id="seed-003")
        assert draft.status == "pending" and any("Quảng Ngãi" in w for w in draft.warnings)

    today = timezone.localdate()
    counts_by_status = selectors.status_counts(selectors.assignment_queryset(today=today))
    for status in ("done_on_time", "done_late", "open_in_time", "open_overdue"):
        assert counts_by_status[status] > 0, status
    assert Extension.objects.filter(status="approved").exists()
    # The demo reporter's commune has an open assignment to report on.
    reporter = User.objects.get(username="reporter")
    assert Assignment.objects.filter(lead_unit=reporter.unit, state=State.OPEN).exists()
