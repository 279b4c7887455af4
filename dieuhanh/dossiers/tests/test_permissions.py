"""Role × action for every write of the dossier module: a role that may not is refused
(PermissionDenied in the service, 403 over HTTP) and the database is left exactly as it
was; a role that may, succeeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.dossiers import services
from dieuhanh.dossiers.models import (
    ApiToken,
    Dossier,
    ImportRun,
    RecountMark,
    SourceSystem,
    UnitNameMapping,
)
from dieuhanh.dossiers.tests.conftest import FILES
from dieuhanh.indicators.models import DataValue
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
ROLES = ["admin", "coordinator", "reporter", "leader", "viewer"]
IMPORTERS = {"admin", "coordinator"}


def snapshot() -> tuple[Any, ...]:
    return (
        list(ImportRun.objects.order_by("pk").values_list("pk", "state")),
        list(UnitNameMapping.objects.order_by("pk").values_list("pk", "name", "unit_id")),
        UnitNameMapping.history.count(),
        list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        list(SourceSystem.objects.order_by("pk").values_list("pk", "name")),
        Dossier.objects.count(),
        DataValue.objects.count(),
        RecountMark.objects.count(),
    )


@pytest.fixture
def ctx(users: dict[str, User], stp: OrgUnit) -> dict[str, Any]:
    system = services.source_system_save(actor=None, code="motcua", name="Một cửa")
    token, _secret = services.api_token_create(
        actor=None, source_system=system, name="t", units=[stp]
    )
    mapping = services.unit_mapping_save(actor=None, name="UBND A", unit=stp)
    return {"system": system, "token": token, "mapping": mapping, "unit": stp}


def _submit(actor: User, ctx: dict[str, Any]) -> None:
    services.import_submit(
        actor=actor, kind="dossiers", file=FILES / "dossiers.csv", file_name="dossiers.csv"
    )


def _mapping_save(actor: User, ctx: dict[str, Any]) -> None:
    services.unit_mapping_save(actor=actor, name="UBND B", unit=ctx["unit"])


def _mapping_delete(actor: User, ctx: dict[str, Any]) -> None:
    services.unit_mapping_delete(actor=actor, mapping=ctx["mapping"])


def _token_create(actor: User, ctx: dict[str, Any]) -> None:
    services.api_token_create(
        actor=actor, source_system=ctx["system"], name="n", units=[ctx["unit"]]
    )


def _token_revoke(actor: User, ctx: dict[str, Any]) -> None:
    services.api_token_revoke(actor=actor, token=ctx["token"])


def _system_save(actor: User, ctx: dict[str, Any]) -> None:
    services.source_system_save(actor=actor, code="motcua", name="Đổi tên")


def _recount(actor: User, ctx: dict[str, Any]) -> None:
    services.counts_recount(actor=actor, everything=True)


WRITES: list[tuple[str, set[str], Callable[[User, dict[str, Any]], None]]] = [
    ("import a file", IMPORTERS, _submit),
    ("map a unit name", IMPORTERS, _mapping_save),
    ("remove a mapping", IMPORTERS, _mapping_delete),
    ("create a token", IMPORTERS, _token_create),
    ("revoke a token", IMPORTERS, _token_revoke),
    ("save a source system", IMPORTERS, _system_save),
    ("recount", IMPORTERS, _recount),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "allowed", "write"), WRITES, ids=[w[0] for w in WRITES])
def test_service_writes(
    role: str,
    name: str,
    allowed: set[str],
    write: Callable[[User, dict[str, Any]], None],
    users: dict[str, User],
    ctx: dict[str, Any],
    measures: None,
) -> None:
    before = snapshot()
    if role in allowed:
        write(users[role], ctx)
    else:
        with pytest.raises(PermissionDenied):
            write(users[role], ctx)
        assert snapshot() == before


HTTP_WRITES = [
    ("upload", "post", "/services/imports/", "file"),
    ("import page", "get", "/services/imports/", None),
    ("mapping", "post", "/services/unit-names/", "mapping"),
    ("mapping page", "get", "/services/unit-names/", None),
    ("delete mapping", "post", "/services/unit-names/{mapping}/delete/", None),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "body"), HTTP_WRITES, ids=[w[0] for w in HTTP_WRITES]
)
def test_http_writes(
    role: str,
    name: str,
    method: str,
    url: str,
    body: str | None,
    users: dict[str, User],
    ctx: dict[str, Any],
    measures: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dieuhanh.dossiers import jobs

    monkeypatch.setattr(jobs, "kick", lambda: None)
    client = Client()
    client.force_login(users[role])
    before = snapshot()
    target = url.format(mapping=ctx["mapping"].pk)
    if body == "file":
        with (FILES / "dossiers.csv").open("rb") as f:
            response = client.post(
                target, {"kind": "dossiers", "mode": "all-or-nothing", "file": f}
            )
    elif body == "mapping":
        response = client.post(target, {"name": "UBND C", "unit": ctx["unit"].pk})
    else:
        response = getattr(client, method)(target)
    if role in IMPORTERS:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads(role: str, users: dict[str, User], measures: None) -> None:
    client = Client()
    client.force_login(users[role])
    for url in (
        "/services/",
        "/services/766/",
        "/services/dossiers/",
        "/services/procedures/",
        "/services/feedback/",
    ):
        assert client.get(url).status_code == 200, url
    html = client.get("/services/").content.decode()
    assert ("/services/imports/" in html) == (role in IMPORTERS)


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get("/services/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
