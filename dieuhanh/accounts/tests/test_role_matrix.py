"""Role × action: every write a role may not make is refused (403 / PermissionDenied)
and leaves the database exactly as it was; every allowed one succeeds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from dieuhanh.accounts import services as account_services
from dieuhanh.accounts.models import Role, User
from dieuhanh.orgunits import services as unit_services
from dieuhanh.orgunits.models import OrgUnit, OrgUnitLineage

pytestmark = pytest.mark.django_db

ROLES = ["admin", "coordinator", "reporter", "leader", "viewer"]


def snapshot() -> tuple[Any, ...]:
    """Everything a write in this matrix could touch, audit trail included."""
    return (
        list(OrgUnit.objects.order_by("pk").values_list("pk", "name", "phone", "valid_to")),
        list(OrgUnitLineage.objects.order_by("pk").values_list("pk", "share")),
        list(User.objects.order_by("pk").values_list("pk", "role", "unit_id")),
        OrgUnit.history.count(),
        OrgUnitLineage.history.count(),
        User.history.count(),
    )


# Each write: (name, roles allowed, callable(actor, ctx) doing the write through a service).
def _contact_own(actor: User, ctx: dict[str, Any]) -> None:
    unit_services.orgunit_update(actor=actor, unit=ctx["commune"], phone="0205 3870 000")


def _contact_other(actor: User, ctx: dict[str, Any]) -> None:
    unit_services.orgunit_update(actor=actor, unit=ctx["other_commune"], phone="0205 3870 001")


def _rename(actor: User, ctx: dict[str, Any]) -> None:
    unit_services.orgunit_update(actor=actor, unit=ctx["commune"], name="Xã Đổi Tên")


def _rename_own_as_reporter(actor: User, ctx: dict[str, Any]) -> None:
    unit_services.orgunit_update(actor=actor, unit=ctx["commune"], valid_to=date(2030, 1, 1))


def _create_unit(actor: User, ctx: dict[str, Any]) -> None:
    unit_services.orgunit_create(
        actor=actor,
        code="20-BQLKKT",
        name="Ban Quản lý Khu kinh tế",
        kind="agency",
        parent=ctx["province"],
    )


def _lineage(actor: User, ctx: dict[str, Any]) -> None:
    unit_services.lineage_create(
        actor=actor,
        predecessor=ctx["tttt"],
        successor=ctx["vhttdl"],
        method="transfer",
        effective_date=date(2025, 3, 1),
        share=Decimal(0),
    )


def _create_user(actor: User, ctx: dict[str, Any]) -> None:
    account_services.user_create(
        actor=actor,
        username="newcomer",
        password="x-long-password-1",
        unit=ctx["commune"],
        role=Role.REPORTER,
    )


def _promote(actor: User, ctx: dict[str, Any]) -> None:
    account_services.user_set_role(
        actor=actor, user=ctx["users"]["viewer"], role=Role.ADMIN, unit=ctx["province"]
    )


WRITES: list[tuple[str, set[str], Callable[[User, dict[str, Any]], None]]] = [
    ("contact of own unit", {"admin", "coordinator", "reporter"}, _contact_own),
    ("contact of another unit", {"admin", "coordinator"}, _contact_other),
    ("rename a unit", {"admin", "coordinator"}, _rename),
    ("end own unit", {"admin", "coordinator"}, _rename_own_as_reporter),
    ("create a unit", {"admin", "coordinator"}, _create_unit),
    ("add lineage", {"admin", "coordinator"}, _lineage),
    ("create a user", {"admin"}, _create_user),
    ("change a role", {"admin"}, _promote),
]


@pytest.fixture
def ctx(
    users: dict[str, User], province: OrgUnit, commune: OrgUnit, other_commune: OrgUnit
) -> dict[str, Any]:
    return {
        "users": users,
        "province": province,
        "commune": commune,
        "other_commune": other_commune,
        "tttt": OrgUnit.objects.get(code="20-STTTT"),
        "vhttdl": OrgUnit.objects.get(code="20-SVHTTDL"),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "allowed", "write"), WRITES, ids=[w[0] for w in WRITES])
def test_service_writes_by_role(
    role: str, name: str, allowed: set[str], write: Callable[..., None], ctx: dict[str, Any]
) -> None:
    actor = ctx["users"][role]
    before = snapshot()
    if role in allowed:
        write(actor, ctx)
        assert snapshot() != before, f"{role} may {name}: the write must happen"
    else:
        with pytest.raises(PermissionDenied):
            write(actor, ctx)
        assert snapshot() == before, f"{role} may not {name}: nothing may change"


def test_inactive_or_unitless_reporter_cannot_write(ctx: dict[str, Any]) -> None:
    reporter = ctx["users"]["reporter"]
    reporter.is_active = False
    before = snapshot()
    with pytest.raises(PermissionDenied):
        _contact_own(reporter, ctx)
    reporter.is_active, reporter.unit = True, None
    with pytest.raises(PermissionDenied):
        _contact_own(reporter, ctx)
    assert snapshot() == before


# --- the same rules over HTTP -------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["commune", "other_commune"])
def test_contact_form_over_http(
    role: str, target: str, ctx: dict[str, Any], client: Client
) -> None:
    client.force_login(ctx["users"][role])
    unit = ctx[target]
    before = snapshot()
    response = client.post(
        reverse("orgunits:contact_update", args=[unit.pk]),
        {"address": "Số 1 đường Hùng Vương", "phone": "0205 111 222", "email": "vp@example.vn"},
    )
    allowed = role in {"admin", "coordinator"} or (role == "reporter" and target == "commune")
    if allowed:
        assert response.status_code == 302
        unit.refresh_from_db()
        assert unit.phone == "0205 111 222"
        assert unit.history.first().history_user == ctx["users"][role]  # audited, with who
    else:
        assert response.status_code == 403
        assert snapshot() == before


def test_contact_form_rejects_bad_email_and_changes_nothing(
    ctx: dict[str, Any], client: Client
) -> None:
    client.force_login(ctx["users"]["reporter"])
    before = snapshot()
    response = client.post(
        reverse("orgunits:contact_update", args=[ctx["commune"].pk]),
        {"address": "", "phone": "", "email": "not-an-email"},
    )
    assert response.status_code == 422
    assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_admin_site_unit_change_by_role(role: str, ctx: dict[str, Any], client: Client) -> None:
    client.force_login(ctx["users"][role])
    unit = ctx["other_commune"]
    before = snapshot()
    url = reverse("admin:orgunits_orgunit_change", args=[unit.pk])
    page = client.get(url)
    data = {
        "code": unit.code,
        "name": "Đổi tên qua trang quản trị",
        "short_name": "",
        "kind": unit.kind,
        "division_type": unit.division_type,
        "nso_code": unit.nso_code,
        "agency_code": "",
        "parent": unit.parent_id,
        "valid_from": "01/07/2025",
        "valid_to": "",
        "latitude": "",
        "longitude": "",
        "address": "",
        "phone": "",
        "email": "",
        "source": unit.source,
        "predecessor_links-TOTAL_FORMS": "0",
        "predecessor_links-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    if role in {"admin", "coordinator"}:
        assert page.status_code == 200
        assert response.status_code == 302, response.content[:2000]
        unit.refresh_from_db()
        assert unit.name == "Đổi tên qua trang quản trị"
    else:
        # Non-staff are sent to the admin login; nothing changes either way.
        assert response.status_code in {302, 403}
        assert "/admin/login/" in response.get("Location", "/admin/login/")
        assert snapshot() == before


def test_coordinator_cannot_manage_users_in_admin(ctx: dict[str, Any], client: Client) -> None:
    client.force_login(ctx["users"]["coordinator"])
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    before = snapshot()
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"username": "intruder", "password1": "Very-long-pass-1", "password2": "Very-long-pass-1"},
    )
    assert response.status_code == 403
    assert snapshot() == before
