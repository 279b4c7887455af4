"""An assignment's life through the services: progress, completion, confirmation or
return, extensions, pause, resume, cancellation — and the review of a draft."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.directives import services
from dieuhanh.directives.models import (
    Assignment,
    Decision,
    Directive,
    DirectiveDraft,
    Extension,
    ProgressUpdate,
)
from dieuhanh.directives.status import State, Status
from dieuhanh.directives.tests.conftest import NOTICE
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_progress_updates_the_assignment_and_keeps_files(
    assignment: Assignment, reporter: User
) -> None:
    update = services.progress_post(
        actor=reporter,
        assignment=assignment,
        text="Đã họp triển khai với các thôn.",
        percent=30,
        reported_on=date(2025, 9, 1),
        files=[ContentFile(b"%PDF-1.4 bao cao", name="bao-cao.pdf")],
    )
    assignment.refresh_from_db()
    assert (assignment.progress_percent, assignment.last_progress_on) == (30, date(2025, 9, 1))
    assert assignment.state == State.OPEN
    (attachment,) = update.attachments.all()
    assert attachment.name == "bao-cao.pdf" and attachment.size == 16
    assert attachment.file.read() == b"%PDF-1.4 bao cao"
    assert update.history.first().history_user == reporter


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": "  "}, "text"),
        ({"percent": 120}, "percent"),
        ({"reported_on": date(2025, 8, 1)}, "reported_on"),  # before the directive
        ({"reported_on": date.today() + timedelta(days=2)}, "reported_on"),  # future
        ({"files": [ContentFile(b"MZ", name="virus.exe")]}, "files"),
    ],
)
def test_progress_is_validated(
    assignment: Assignment, reporter: User, kwargs: dict[str, Any], field: str
) -> None:
    values = {"text": "Đã làm.", "reported_on": date(2025, 9, 1), **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.progress_post(actor=reporter, assignment=assignment, **values)
    assert field in exc.value.message_dict
    assert ProgressUpdate.objects.count() == 0


def test_completion_waits_for_the_assigner_then_is_judged_by_its_report_date(
    assignment: Assignment, users: dict[str, User]
) -> None:
    services.progress_post(
        actor=users["reporter"],
        assignment=assignment,
        text="Đã hoàn thành.",
        reported_on=date(2025, 9, 29),
        done=True,
    )
    assignment.refresh_from_db()
    assert assignment.state == State.AWAITING and assignment.completed_on == date(2025, 9, 29)
    assert assignment.status == Status.AWAITING_CONFIRMATION
    with pytest.raises(ValidationError):  # no more progress while waiting
        services.progress_post(actor=users["reporter"], assignment=assignment, text="Thêm.")
    # Confirmed weeks later: still on time, it was reported before the deadline.
    services.assignment_confirm(
        actor=users["leader"], assignment=assignment, decided_on=date(2025, 10, 20)
    )
    assignment.refresh_from_db()
    assert assignment.state == State.DONE and assignment.status == Status.DONE_ON_TIME
    assert assignment.confirmed_on == date(2025, 10, 20)
    assert assignment.history.first().history_user == users["leader"]


def test_a_completion_after_the_deadline_is_late(
    assignment: Assignment, users: dict[str, User]
) -> None:
    services.progress_post(
        actor=users["reporter"],
        assignment=assignment,
        text="Xong.",
        reported_on=date(2025, 10, 3),
        done=True,
    )
    services.assignment_confirm(actor=users["coordinator"], assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.status == Status.DONE_LATE


def test_a_returned_completion_is_open_again_and_needs_a_reason(
    assignment: Assignment, users: dict[str, User]
) -> None:
    services.progress_post(
        actor=users["reporter"],
        assignment=assignment,
        text="Xong.",
        reported_on=date(2025, 9, 20),
        done=True,
    )
    with pytest.raises(ValidationError):
        services.assignment_return(actor=users["leader"], assignment=assignment, note=" ")
    services.assignment_return(
        actor=users["leader"], assignment=assignment, note="Thiếu số liệu kết quả."
    )
    assignment.refresh_from_db()
    assert assignment.state == State.OPEN and assignment.completed_on is None
    assert Decision.objects.get().kind == "return"
    with pytest.raises(ValidationError):  # nothing to confirm any more
        services.assignment_confirm(actor=users["leader"], assignment=assignment)


def test_an_approved_extension_moves_the_deadline_and_keeps_the_original(
    assignment: Assignment, users: dict[str, User]
) -> None:
    reporter, leader = users["reporter"], users["leader"]
    with pytest.raises(ValidationError):  # must be later than the current deadline
        services.extension_request(
            actor=reporter,
            assignment=assignment,
            requested_deadline=date(2025, 9, 30),
            reason="Cần thêm thời gian.",
        )
    ext = services.extension_request(
        actor=reporter,
        assignment=assignment,
        requested_deadline=date(2025, 10, 31),
        reason="Chờ hướng dẫn của Bộ.",
        requested_on=date(2025, 9, 25),
    )
    with pytest.raises(ValidationError):  # one pending request at a time
        services.extension_request(
            actor=reporter,
            assignment=assignment,
            requested_deadline=date(2025, 11, 30),
            reason="Thêm nữa.",
        )
    services.extension_decide(
        actor=leader, extension=ext, approve=True, decided_on=date(2025, 9, 26)
    )
    assignment.refresh_from_db()
    assert assignment.deadline == date(2025, 10, 31)
    assert assignment.deadline_original == date(2025, 9, 30) and assignment.extended
    # Done after the original deadline but within the extension: on time.
    services.progress_post(
        actor=reporter,
        assignment=assignment,
        text="Xong.",
        reported_on=date(2025, 10, 20),
        done=True,
    )
    services.assignment_confirm(actor=leader, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.status == Status.DONE_ON_TIME
    with pytest.raises(ValidationError):  # decided once
        services.extension_decide(actor=leader, extension=ext, approve=False, note="x")


def test_a_refused_extension_needs_a_reason_and_changes_no_deadline(
    assignment: Assignment, users: dict[str, User]
) -> None:
    ext = services.extension_request(
        actor=users["reporter"],
        assignment=assignment,
        requested_deadline=date(2025, 12, 31),
        reason="Khối lượng lớn.",
    )
    with pytest.raises(ValidationError):
        services.extension_decide(actor=users["leader"], extension=ext, approve=False)
    services.extension_decide(
        actor=users["leader"], extension=ext, approve=False, note="Không có căn cứ."
    )
    assignment.refresh_from_db()
    ext.refresh_from_db()
    assert assignment.deadline == date(2025, 9, 30)
    assert ext.status == Extension.Status.REJECTED and ext.decided_by == users["leader"]


def test_pause_resume_with_a_new_deadline_and_cancel(
    assignment: Assignment, users: dict[str, User]
) -> None:
    leader = users["leader"]
    with pytest.raises(ValidationError):
        services.assignment_pause(actor=leader, assignment=assignment, note="")
    services.assignment_pause(actor=leader, assignment=assignment, note="Chờ vốn.")
    assignment.refresh_from_db()
    assert assignment.status == Status.PAUSED
    services.assignment_resume(
        actor=leader, assignment=assignment, note="Đã có vốn.", new_deadline=date(2025, 12, 31)
    )
    assignment.refresh_from_db()
    assert assignment.state == State.OPEN and assignment.deadline == date(2025, 12, 31)
    ext = Extension.objects.get(assignment=assignment)
    assert ext.status == Extension.Status.APPROVED
    assert (ext.previous_deadline, ext.requested_deadline) == (
        date(2025, 9, 30),
        date(2025, 12, 31),
    )
    pending = services.extension_request(
        actor=users["reporter"],
        assignment=assignment,
        requested_deadline=date(2026, 1, 31),
        reason="Thêm thời gian.",
    )
    services.assignment_cancel(actor=leader, assignment=assignment, note="Giao ở văn bản khác.")
    assignment.refresh_from_db()
    pending.refresh_from_db()
    assert assignment.status == Status.CANCELLED
    assert pending.status == Extension.Status.REJECTED
    with pytest.raises(ValidationError):
        services.assignment_cancel(actor=leader, assignment=assignment, note="Lần nữa.")
    kinds = list(assignment.decisions.order_by("id").values_list("kind", flat=True))
    assert kinds == ["pause", "resume", "cancel"]


def test_every_change_is_audited_with_its_author(
    assignment: Assignment, users: dict[str, User]
) -> None:
    reporter, leader = users["reporter"], users["leader"]
    services.progress_post(actor=reporter, assignment=assignment, text="Một nửa.", percent=50)
    services.progress_post(actor=reporter, assignment=assignment, text="Xong.", done=True)
    services.assignment_confirm(actor=leader, assignment=assignment)
    rows = list(assignment.history.order_by("history_id"))
    assert [r.state for r in rows] == ["open", "open", "awaiting", "done"]
    assert [r.history_user for r in rows[1:]] == [reporter, reporter, leader]


# --- drafts --------------------------------------------------------------------------


def test_upload_resolves_and_confirm_creates_one_assignment_per_lead_unit(
    users: dict[str, User], unit: Callable[[str], OrgUnit]
) -> None:
    coordinator = users["coordinator"]
    draft = services.draft_create_from_file(
        actor=coordinator, filename="215-TB-UBND.txt", content=NOTICE.encode()
    )
    assert (draft.number, draft.date, draft.issuer) == (
        "215/TB-UBND",
        date(2025, 8, 12),
        "UBND tỉnh Lạng Sơn",
    )
    assert draft.source_file.read() == NOTICE.encode()
    rows = draft.tasks
    assert [len(r["lead_ids"]) for r in rows] == [1, 1, 1, 65, 1, 0]
    assert rows[0]["coop_ids"] == [unit("20-STC").pk]  # "các cơ quan liên quan" is flagged
    assert {m["flag"] for m in rows[0]["coop_matches"]} == {None, "not_a_unit"}
    assert rows[4]["lead_ids"] == [unit("20-SKHCN").pk]  # Sở TT&TT in August 2025
    assert rows[4]["lead_matches"][0]["method"] == "successor"
    assert NOTICE[rows[1]["span"][0] : rows[1]["span"][1]].startswith("Tổ chức tập huấn")
    with pytest.raises(ValidationError) as exc:  # task 6 has no lead unit
        services.draft_confirm(actor=coordinator, draft=draft)
    assert "Nhiệm vụ 6" in str(exc.value)  # "Task 6: choose at least one lead unit"
    assert Directive.objects.count() == Assignment.objects.count() == 0
    services.draft_task_update(
        actor=coordinator,
        draft=draft,
        key=rows[5]["key"],
        text=rows[5]["text"],
        lead_ids=[unit("20-SVHTTDL").pk],
        recurring=True,
    )
    directive = services.draft_confirm(actor=coordinator, draft=draft)
    assert directive.assignments.count() == 1 + 1 + 1 + 65 + 1 + 1
    assert directive.source_file.name == draft.source_file.name
    first = directive.assignments.get(position=1)
    assert list(first.cooperating_units.all()) == [unit("20-STC")]
    assert (first.deadline, first.deadline_original) == (date(2025, 9, 30), date(2025, 9, 30))
    assert NOTICE[first.span_start : first.span_end].startswith("Hoàn thiện việc tích hợp")
    assert directive.assignments.filter(position=4, recurring=True).count() == 65
    draft.refresh_from_db()
    assert draft.status == DirectiveDraft.Status.CONFIRMED and draft.directive == directive
    with pytest.raises(ValidationError):
        services.draft_confirm(actor=coordinator, draft=draft)


def test_confirm_refuses_what_a_reviewer_must_fix(
    users: dict[str, User], commune: OrgUnit, unit: Callable[[str], OrgUnit]
) -> None:
    coordinator = users["coordinator"]
    draft = services.draft_create_blank(actor=coordinator)
    with pytest.raises(ValidationError) as exc:
        services.draft_confirm(actor=coordinator, draft=draft)
    assert len(exc.value.messages) == 2  # no date, no task
    services.draft_update_header(actor=coordinator, draft=draft, date=date(2025, 8, 1))
    row = services.draft_task_add(actor=coordinator, draft=draft)
    services.draft_task_update(
        actor=coordinator,
        draft=draft,
        key=row["key"],
        text="Báo cáo.",
        lead_ids=[unit("20-SKHDT").pk],  # ended 28/02/2025
        deadline=date(2025, 7, 1),  # before the directive
        recurring=True,
    )
    with pytest.raises(ValidationError) as exc:
        services.draft_confirm(actor=coordinator, draft=draft)
    text = " ".join(exc.value.messages)
    # before the directive, had ended, regular task — as the Vietnamese interface says them
    assert "trước ngày ban hành" in text and "đã kết thúc" in text and "thường xuyên" in text
    assert Directive.objects.count() == 0


def test_a_new_date_resolves_again_only_the_rows_nobody_edited(
    users: dict[str, User], unit: Callable[[str], OrgUnit]
) -> None:
    coordinator = users["coordinator"]
    draft = services.draft_create_from_file(
        actor=coordinator, filename="tb.txt", content=NOTICE.encode()
    )
    edited = draft.tasks[2]
    services.draft_task_update(
        actor=coordinator,
        draft=draft,
        key=edited["key"],
        text=edited["text"],
        lead_ids=[unit("20-SNV").pk],
    )
    services.draft_update_header(actor=coordinator, draft=draft, date=date(2025, 2, 1))
    draft.refresh_from_db()
    assert draft.tasks[4]["lead_ids"] == [unit("20-STTTT").pk]  # Sở TT&TT still existed
    assert len(draft.tasks[3]["lead_ids"]) == 194  # the communes before the merger
    assert draft.tasks[2]["lead_ids"] == [unit("20-SNV").pk]  # the reviewer's choice stays


def test_a_document_from_another_province_assigns_nothing_by_itself(
    users: dict[str, User],
) -> None:
    text = NOTICE.replace("TỈNH LẠNG SƠN", "TỈNH QUẢNG NGÃI").replace("Lạng Sơn,", "Quảng Ngãi,")
    draft = services.draft_create_from_file(
        actor=users["coordinator"], filename="qn.txt", content=text.encode()
    )
    assert draft.issuer == "UBND tỉnh Quảng Ngãi"
    assert any("Quảng Ngãi" in w for w in draft.warnings)
    assert all(not r["lead_ids"] for r in draft.tasks)
    assert {m["flag"] for r in draft.tasks for m in r["lead_matches"]} == {"other_province"}


def test_unreadable_files_are_refused_with_the_readers_message(users: dict[str, User]) -> None:
    with pytest.raises(ValidationError) as exc:
        services.draft_create_from_file(
            actor=users["coordinator"], filename="old.doc", content=b"\xd0\xcf\x11\xe0rest"
        )
    assert ".txt" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.draft_create_from_file(
            actor=users["coordinator"], filename="scan.pdf", content=b"not a pdf"
        )
    assert "PDF" in str(exc.value)
    assert DirectiveDraft.objects.count() == 0


def test_rows_can_be_added_and_removed(users: dict[str, User]) -> None:
    coordinator = users["coordinator"]
    draft = services.draft_create_from_file(
        actor=coordinator, filename="tb.txt", content=NOTICE.encode()
    )
    row = services.draft_task_add(actor=coordinator, draft=draft)
    assert row["key"] == "7" and len(draft.tasks) == 7
    services.draft_task_remove(actor=coordinator, draft=draft, key="2")
    draft.refresh_from_db()
    assert [r["key"] for r in draft.tasks] == ["1", "3", "4", "5", "6", "7"]
    with pytest.raises(ValidationError):
        services.draft_task_remove(actor=coordinator, draft=draft, key="2")
    services.draft_discard(actor=coordinator, draft=draft)
    with pytest.raises(ValidationError):
        services.draft_task_add(actor=coordinator, draft=draft)


def test_today_is_the_local_day(assignment: Assignment) -> None:
    # The status a page shows is computed for the province's own calendar day.
    assert assignment.status == assignment.status_on(timezone.localdate())


# --- a new lead unit: the tasks of units that ended in 2025 ------------------------------


def test_an_ended_units_open_task_is_given_to_another_unit(
    make_directive: Callable[..., Any], users: dict[str, User], commune: OrgUnit
) -> None:
    """A district's task, still open after the districts ended on 30/06/2025, stayed open
    and overdue against a unit nobody works for; the assigner now gives it to the unit
    that does the work, with the reason, and it counts for that unit from then on."""
    from dieuhanh.directives import selectors
    from dieuhanh.directives.filters import ScorecardFilters

    district = OrgUnit.objects.get(code="178-20250630")
    directive = make_directive([(district, date(2025, 12, 31))], on=date(2025, 5, 10))
    task = directive.assignments.get()
    services.extension_request(
        actor=None, assignment=task, requested_deadline=date(2026, 3, 31), reason="Sáp nhập."
    )
    coordinator = users["coordinator"]
    with pytest.raises(ValidationError):  # the reason is required
        services.assignment_reassign(actor=coordinator, assignment=task, unit=commune, note="")
    decision = services.assignment_reassign(
        actor=coordinator, assignment=task, unit=commune, note="Huyện đã giải thể."
    )
    task.refresh_from_db()
    assert task.lead_unit == commune and task.state == State.OPEN
    assert task.deadline == date(2025, 12, 31)  # the deadline stays
    assert (decision.kind, decision.from_unit, decision.to_unit) == ("reassign", district, commune)
    assert decision.note == "Huyện đã giải thể." and decision.actor == coordinator
    # The former unit's pending extension request is refused, with why.
    ext = Extension.objects.get(assignment=task)
    assert ext.status == Extension.Status.REJECTED and ext.decided_by == coordinator
    # Audited: the assignment's history has the change of lead unit.
    changes = list(task.history.order_by("history_date").values_list("lead_unit_id", flat=True))
    assert changes[-2:] == [district.pk, commune.pk]
    # It counts for the new unit; the commune's reporter may now report on it.
    today = timezone.localdate()
    rows = selectors.scorecard(filters=ScorecardFilters(), today=today)
    by_unit = {r.unit_id: r for r in rows}
    assert district.pk not in by_unit and by_unit[commune.pk].assigned >= 1
    services.progress_post(
        actor=users["reporter"], assignment=task, text="Đang làm.", percent=40, reported_on=None
    )


def test_a_task_is_given_only_by_the_assigner_to_a_unit_that_exists(
    assignment: Assignment, users: dict[str, User], commune: OrgUnit, other_commune: OrgUnit
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.assignment_reassign(
            actor=users["reporter"], assignment=assignment, unit=other_commune, note="x"
        )
    ended = OrgUnit.objects.filter(valid_to__isnull=False).first()
    assert ended is not None
    for unit in (ended, commune):  # ended; already the lead unit
        with pytest.raises(ValidationError):
            services.assignment_reassign(
                actor=users["coordinator"], assignment=assignment, unit=unit, note="x"
            )
    services.assignment_cancel(actor=users["coordinator"], assignment=assignment, note="Thôi.")
    with pytest.raises(ValidationError):  # a closed task stays with its unit
        services.assignment_reassign(
            actor=users["coordinator"], assignment=assignment, unit=other_commune, note="x"
        )
    assignment.refresh_from_db()
    assert assignment.lead_unit == commune


def test_the_successor_of_an_ended_lead_unit_is_suggested(
    make_directive: Callable[..., Any],
) -> None:
    from dieuhanh.directives import selectors
    from dieuhanh.orgunits.selectors import orgunit_successors

    old = OrgUnit.objects.get(code="05977-20250630")
    directive = make_directive([(old, date(2025, 12, 31))], on=date(2025, 5, 10))
    task = directive.assignments.get()
    units, suggested = selectors.reassign_choices(assignment=task, today=date(2026, 1, 5))
    expected = [s.unit for s in orgunit_successors(unit=old) if s.unit.valid_to is None]
    assert suggested == expected and suggested
    assert all(u.valid_to is None for u in units) and old not in units
