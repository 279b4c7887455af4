"""Shared fixtures. The Lạng Sơn units are loaded once per test session into the test
database (real data from the official-list packages); every test runs inside a
transaction that is rolled back, so tests can write freely."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.orgunits.models import OrgUnit

PROVINCE = "20"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from dieuhanh.orgunits.services import province_load

    with django_db_blocker.unblock():
        province_load(actor=None, province_code=PROVINCE)


@pytest.fixture
def province(db: Any) -> OrgUnit:
    return OrgUnit.objects.get(code=PROVINCE)


@pytest.fixture
def commune(db: Any) -> OrgUnit:
    """A current commune (the demo reporter's)."""
    return OrgUnit.objects.filter(kind="commune", valid_to__isnull=True).order_by("nso_code")[0]


@pytest.fixture
def other_commune(commune: OrgUnit) -> OrgUnit:
    return (
        OrgUnit.objects.filter(kind="commune", valid_to__isnull=True)
        .exclude(pk=commune.pk)
        .order_by("nso_code")[0]
    )


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    from dieuhanh.accounts.services import user_create

    def make(role: str, unit: OrgUnit | None = None, username: str | None = None) -> User:
        unit = unit or OrgUnit.objects.get(code=f"{PROVINCE}-SKHCN")
        return user_create(
            actor=None,
            username=username or f"{role}-{unit.pk}",
            password="s3cret-pass-123",
            unit=unit,
            role=role,
        )

    return make


@pytest.fixture
def users(make_user: Callable[..., User], commune: OrgUnit) -> dict[str, User]:
    """One user per role; the reporter works for ``commune``."""
    return {
        "admin": make_user(Role.ADMIN),
        "coordinator": make_user(Role.COORDINATOR),
        "reporter": make_user(Role.REPORTER, commune),
        "leader": make_user(Role.LEADER),
        "viewer": make_user(Role.VIEWER),
    }
