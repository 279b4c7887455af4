"""The demo builds, creates one account per role, and a second run adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from dieuhanh.accounts.models import Role, User
from dieuhanh.orgunits.models import OrgUnit, OrgUnitLineage

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        OrgUnit.objects.count(),
        OrgUnitLineage.objects.count(),
        User.objects.count(),
        OrgUnit.history.count(),
        User.history.count(),
    )


def test_demo_builds_and_is_idempotent() -> None:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--password", "mat-khau-demo", stdout=out)
    text = out.getvalue()
    assert "mat-khau-demo" in text
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": Role.ADMIN,
        "leader": Role.LEADER,
        "coordinator": Role.COORDINATOR,
        "reporter": Role.REPORTER,
        "viewer": Role.VIEWER,
    }
    reporter = User.objects.get(username="reporter")
    assert reporter.unit is not None and reporter.unit.kind == "commune"
    assert reporter.check_password("mat-khau-demo")
    first = counts()
    call_command("demo", "--no-serve", "--password", "mat-khau-demo", stdout=io.StringIO())
    assert counts() == first
