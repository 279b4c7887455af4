"""Fixtures for directives: a realistic notice of our own (not a published text), and
directives and assignments built through the services, as the application builds them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from dieuhanh.accounts.models import User
from dieuhanh.directives import services
from dieuhanh.directives.models import Assignment, Directive
from dieuhanh.orgunits.models import OrgUnit

# A conclusion notice written for these tests in the usual shape (not a published text).
NOTICE = (Path(__file__).parent / "documents" / "notice_thanh_toan.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _media(tmp_path: Path) -> Iterator[None]:
    """Uploaded files go to a temporary folder, never to the developer's var/."""
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield


@pytest.fixture
def unit() -> Callable[[str], OrgUnit]:
    def get(code: str) -> OrgUnit:
        return OrgUnit.objects.get(code=code)

    return get


@pytest.fixture
def make_directive(db: Any, province: OrgUnit) -> Callable[..., Directive]:
    """A confirmed directive with one task per (lead unit, deadline) given, built by the
    services: ``make_directive([(unit, deadline), ...], on=date)``."""

    def make(
        tasks: list[tuple[OrgUnit, date | None]],
        on: date = date(2025, 8, 12),
        number: str = "99/TB-UBND",
    ) -> Directive:
        draft = services.draft_create_blank(actor=None)
        services.draft_update_header(actor=None, draft=draft, date=on, number=number)
        for i, (lead, deadline) in enumerate(tasks, 1):
            row = services.draft_task_add(actor=None, draft=draft)
            services.draft_task_update(
                actor=None,
                draft=draft,
                key=row["key"],
                text=f"Nhiệm vụ thử số {i}: hoàn thiện báo cáo chuyển đổi số.",
                lead_ids=[lead.pk],
                deadline=deadline,
                recurring=deadline is None,
            )
        return services.draft_confirm(actor=None, draft=draft)

    return make


@pytest.fixture
def assignment(make_directive: Callable[..., Directive], commune: OrgUnit) -> Assignment:
    """An open assignment of the reporter's commune, due 30/09/2025."""
    directive = make_directive([(commune, date(2025, 9, 30))])
    return directive.assignments.get()


@pytest.fixture
def other_assignment(
    make_directive: Callable[..., Directive], other_commune: OrgUnit
) -> Assignment:
    directive = make_directive([(other_commune, date(2025, 9, 30))], number="98/TB-UBND")
    return directive.assignments.get()


@pytest.fixture
def reporter(users: dict[str, User]) -> User:
    return users["reporter"]
