"""Role × action for every write on directives and assignments: only the lead unit (its
reporters; coordinators and admins for it) reports; only the assigning side
(coordinators, admins, leaders) confirms, returns, decides extensions, pauses, resumes
and cancels; only coordinators and admins manage directives. A refused write raises
PermissionDenied (HTTP 403) and leaves the database — history included — as it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dieuhanh.accounts.models import User
from dieuhanh.directives import services
from dieuhanh.directives.models import (
    Assignment,
    Attachment,
    Decision,
    Directive,
    DirectiveDraft,
    Extension,
    ProgressUpdate,
    Reminder,
)
from dieuhanh.directives.tests.conftest import NOTICE
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

ROLES = ["admin", "coordinator", "reporter", "leader", "viewer"]
LEAD_SIDE = {"admin", "coordinator", "reporter"}
ASSIGNER = {"admin", "coordinator", "leader"}
MANAGERS = {"admin", "coordinator"}


def snapshot() -> tuple[Any, ...]:
    """Everything these writes could touch, audit trail included."""
    return (
        list(Directive.objects.order_by("pk").values_list("pk", "number")),
        list(DirectiveDraft.objects.order_by("pk").values_list("pk", "status", "number", "tasks")),
        list(
            Assignment.objects.order_by("pk").values_list(
                "pk", "state", "deadline", "completed_on", "progress_percent"
            )
        ),
        list(Extension.objects.order_by("pk").values_list("pk", "status")),
        ProgressUpdate.objects.count(),
        Attachment.objects.count(),
        Decision.objects.count(),
        Reminder.objects.count(),
        *(
            m.history.count()
            for m in (Directive, DirectiveDraft, Assignment, ProgressUpdate, Extension, Decision)
        ),
    )


@pytest.fixture
def ctx(
    users: dict[str, User],
    make_directive: Callable[..., Directive],
    commune: OrgUnit,
    other_commune: OrgUnit,
) -> dict[str, Any]:
    """One assignment in each situation a write needs, set up by the system."""
    deadline = date(2025, 9, 30)
    directive = make_directive(
        [
            (commune, deadline),
            (other_commune, deadline),
            (commune, deadline),
            (commune, deadline),
            (commune, deadline),
        ]
    )
    own, other, awaiting, extended, paused = directive.assignments.order_by("position")
    services.progress_post(
        actor=None, assignment=awaiting, text="Xong.", reported_on=date(2025, 9, 20), done=True
    )
    pending = services.extension_request(
        actor=None, assignment=extended, requested_deadline=date(2025, 10, 31), reason="Chậm."
    )
    services.assignment_pause(actor=None, assignment=paused, note="Chờ vốn.")
    draft = services.draft_create_blank(actor=None)
    services.draft_update_header(actor=None, draft=draft, date=date(2025, 8, 20), number="7/TB")
    row = services.draft_task_add(actor=None, draft=draft)
    services.draft_task_update(
        actor=None, draft=draft, key=row["key"], text="Báo cáo.", lead_ids=[commune.pk]
    )
    return {
        "users": users,
        "own": own,
        "other": other,
        "awaiting": awaiting,
        "pending": pending,
        "paused": paused,
        "draft": draft,
        "row": row["key"],
        "commune": commune,
    }


def _p(**kw: Any) -> Callable[[User, dict[str, Any]], Any]:
    def write(actor: User, c: dict[str, Any]) -> Any:
        return services.progress_post(
            actor=actor, assignment=c[kw["target"]], text="Tiến độ.", percent=40, done=kw["done"]
        )

    return write


WRITES: list[tuple[str, set[str], Callable[[User, dict[str, Any]], Any]]] = [
    ("progress on own unit's task", LEAD_SIDE, _p(target="own", done=False)),
    ("progress on another unit's task", MANAGERS, _p(target="other", done=False)),
    ("report own unit's task done", LEAD_SIDE, _p(target="own", done=True)),
    (
        "ask for more time on own unit's task",
        LEAD_SIDE,
        lambda a, c: services.extension_request(
            actor=a, assignment=c["own"], requested_deadline=date(2025, 12, 1), reason="Lý do."
        ),
    ),
    (
        "ask for more time on another unit's task",
        MANAGERS,
        lambda a, c: services.extension_request(
            actor=a, assignment=c["other"], requested_deadline=date(2025, 12, 1), reason="Lý do."
        ),
    ),
    (
        "confirm a completion",
        ASSIGNER,
        lambda a, c: services.assignment_confirm(actor=a, assignment=c["awaiting"]),
    ),
    (
        "return a completion",
        ASSIGNER,
        lambda a, c: services.assignment_return(actor=a, assignment=c["awaiting"], note="Thiếu."),
    ),
    (
        "grant an extension",
        ASSIGNER,
        lambda a, c: services.extension_decide(actor=a, extension=c["pending"], approve=True),
    ),
    (
        "refuse an extension",
        ASSIGNER,
        lambda a, c: services.extension_decide(
            actor=a, extension=c["pending"], approve=False, note="Không."
        ),
    ),
    (
        "pause a task",
        ASSIGNER,
        lambda a, c: services.assignment_pause(actor=a, assignment=c["own"], note="Tạm dừng."),
    ),
    (
        "resume a task",
        ASSIGNER,
        lambda a, c: services.assignment_resume(actor=a, assignment=c["paused"]),
    ),
    (
        "cancel a task",
        ASSIGNER,
        lambda a, c: services.assignment_cancel(actor=a, assignment=c["own"], note="Hủy."),
    ),
    (
        "upload a directive",
        MANAGERS,
        lambda a, c: services.draft_create_from_file(
            actor=a, filename="tb.txt", content=NOTICE.encode()
        ),
    ),
    ("start a directive by hand", MANAGERS, lambda a, c: services.draft_create_blank(actor=a)),
    (
        "correct a draft's header",
        MANAGERS,
        lambda a, c: services.draft_update_header(actor=a, draft=c["draft"], number="8/TB"),
    ),
    (
        "correct a draft's task",
        MANAGERS,
        lambda a, c: services.draft_task_update(
            actor=a, draft=c["draft"], key=c["row"], text="Sửa.", lead_ids=[c["commune"].pk]
        ),
    ),
    (
        "add a task to a draft",
        MANAGERS,
        lambda a, c: services.draft_task_add(actor=a, draft=c["draft"]),
    ),
    (
        "remove a task from a draft",
        MANAGERS,
        lambda a, c: services.draft_task_remove(actor=a, draft=c["draft"], key=c["row"]),
    ),
    ("confirm a draft", MANAGERS, lambda a, c: services.draft_confirm(actor=a, draft=c["draft"])),
    ("discard a draft", MANAGERS, lambda a, c: services.draft_discard(actor=a, draft=c["draft"])),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "allowed", "write"), WRITES, ids=[w[0] for w in WRITES])
def test_service_writes_by_role(
    role: str, name: str, allowed: set[str], write: Callable[..., Any], ctx: dict[str, Any]
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


def test_a_reporter_without_a_unit_or_inactive_cannot_report(ctx: dict[str, Any]) -> None:
    reporter = ctx["users"]["reporter"]
    before = snapshot()
    reporter.is_active = False
    with pytest.raises(PermissionDenied):
        _p(target="own", done=False)(reporter, ctx)
    reporter.is_active, reporter.unit = True, None
    with pytest.raises(PermissionDenied):
        _p(target="own", done=False)(reporter, ctx)
    assert snapshot() == before


# --- the same rules over HTTP: pages and API -------------------------------------------


def _web(client: Client, c: dict[str, Any], name: str) -> Any:
    if name == "progress":
        return client.post(reverse("directives:progress", args=[c["own"].pk]), {"text": "Tiến độ."})
    if name == "progress (other unit)":
        return client.post(reverse("directives:progress", args=[c["other"].pk]), {"text": "T."})
    if name == "extension":
        url = reverse("directives:extension", args=[c["own"].pk])
        return client.post(url, {"requested_deadline": "01/12/2025", "reason": "Lý do."})
    if name == "confirm":
        url = reverse("directives:decide", args=[c["awaiting"].pk])
        return client.post(url, {"action": "confirm", "note": ""})
    if name == "grant":
        url = reverse("directives:extension_decide", args=[c["pending"].pk])
        return client.post(url, {"approve": "1", "note": ""})
    if name == "cancel":
        url = reverse("directives:decide", args=[c["own"].pk])
        return client.post(url, {"action": "cancel", "note": "Hủy."})
    if name == "upload":
        upload = SimpleUploadedFile("tb.txt", NOTICE.encode(), content_type="text/plain")
        return client.post(reverse("directives:draft_new"), {"file": upload})
    if name == "confirm draft":
        return client.post(reverse("directives:draft_confirm", args=[c["draft"].pk]))
    if name == "edit draft task":
        url = reverse("directives:draft_task", args=[c["draft"].pk, c["row"]])
        return client.post(url, {"text": "Sửa.", "lead_ids": [c["commune"].pk]})
    raise AssertionError(name)


WEB = [
    ("progress", LEAD_SIDE),
    ("progress (other unit)", MANAGERS),
    ("extension", LEAD_SIDE),
    ("confirm", ASSIGNER),
    ("grant", ASSIGNER),
    ("cancel", ASSIGNER),
    ("upload", MANAGERS),
    ("confirm draft", MANAGERS),
    ("edit draft task", MANAGERS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "allowed"), WEB, ids=[w[0] for w in WEB])
def test_web_writes_by_role(
    role: str, name: str, allowed: set[str], ctx: dict[str, Any], client: Client
) -> None:
    client.force_login(ctx["users"][role])
    before = snapshot()
    response = _web(client, ctx, name)
    if role in allowed:
        assert response.status_code == 302, response.content[:1500]
        assert snapshot() != before
    else:
        assert response.status_code == 403
        assert snapshot() == before


def _api(client: Client, c: dict[str, Any], name: str) -> Any:
    def post(url: str, data: dict[str, Any]) -> Any:
        return client.post(url, json.dumps(data), content_type="application/json")

    base = "/api/v1"
    if name == "progress":
        return post(
            f"{base}/assignments/{c['own'].pk}/progress", {"text": "Tiến độ.", "percent": 50}
        )
    if name == "extension":
        return post(
            f"{base}/assignments/{c['own'].pk}/extensions",
            {"requested_deadline": "2025-12-01", "reason": "Lý do."},
        )
    if name == "confirm":
        return post(f"{base}/assignments/{c['awaiting'].pk}/confirm", {})
    if name == "return":
        return post(f"{base}/assignments/{c['awaiting'].pk}/return", {"note": "Thiếu."})
    if name == "grant":
        return post(f"{base}/extensions/{c['pending'].pk}/decide", {"approve": True})
    raise AssertionError(name)


API = [
    ("progress", LEAD_SIDE, 201),
    ("extension", LEAD_SIDE, 201),
    ("confirm", ASSIGNER, 200),
    ("return", ASSIGNER, 200),
    ("grant", ASSIGNER, 200),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "allowed", "ok"), API, ids=[w[0] for w in API])
def test_api_writes_by_role(
    role: str, name: str, allowed: set[str], ok: int, ctx: dict[str, Any], client: Client
) -> None:
    client.force_login(ctx["users"][role])
    before = snapshot()
    response = _api(client, ctx, name)
    if role in allowed:
        assert response.status_code == ok, response.content
        assert snapshot() != before
    else:
        assert response.status_code == 403, response.content
        assert snapshot() == before


def test_anonymous_writes_are_refused(ctx: dict[str, Any], client: Client) -> None:
    before = snapshot()
    response = _web(client, ctx, "progress")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _api(client, ctx, "progress").status_code == 401
    assert snapshot() == before
