"""Writes for directives and assignments. Every service checks the actor's right first
(``accounts.permissions.require``), then the rules, then writes in one transaction.

``actor=None`` is the system (a management command, the demo). Who may do what:

- ``directive.manage`` (coordinators, admins): upload, review and confirm directives, or
  enter them by hand;
- ``assignment.report`` on the lead unit (its reporters; coordinators and admins acting
  for it): progress, completion, asking for an extension;
- ``assignment.review`` on the directive's issuing unit — the assigning side
  (coordinators, admins, leaders): confirm or return a completion, grant or refuse an
  extension, pause, resume, cancel.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from dieuhanh.accounts.permissions import Action, require
from dieuhanh.core.extraction import Extraction, ExtractionError, extract, read_text
from dieuhanh.core.vnformat import format_date
from dieuhanh.directives.models import (
    Assignment,
    Attachment,
    Decision,
    Directive,
    DirectiveDraft,
    DirectiveKind,
    Extension,
    ProgressUpdate,
    Reminder,
)
from dieuhanh.directives.resolution import (
    UnitResolver,
    foreign_province,
    province_issuer,
    province_key,
)
from dieuhanh.directives.status import State
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import orgunit_province

if TYPE_CHECKING:
    from dieuhanh.accounts.models import User

DOCUMENT_EXTENSIONS = frozenset({".txt", ".docx", ".pdf"})
ATTACHMENT_EXTENSIONS = frozenset(
    {
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".odt",
        ".ods",
        ".txt",
        ".jpg",
        ".jpeg",
        ".png",
        ".zip",
    }
)
MAX_FILE_BYTES = 20 * 1024 * 1024

# The number's symbol says the kind more precisely than the extractor's three classes.
_KIND_BY_SYMBOL = {
    "TB": DirectiveKind.NOTICE,
    "KL": DirectiveKind.NOTICE,
    "CT": DirectiveKind.INSTRUCTION,
    "KH": DirectiveKind.PLAN,
    "QĐ": DirectiveKind.DECISION,
    "CV": DirectiveKind.LETTER,
    "UBND": DirectiveKind.LETTER,
}


def _check(actor: User | None, action: Action, unit: OrgUnit | None) -> None:
    if actor is not None:
        require(actor, action, unit)


def _today() -> date:
    return timezone.localdate()


def _province() -> OrgUnit:
    province = orgunit_province()
    if province is None:
        raise ValidationError(_("No province has been loaded yet."))
    return province


def _audited(obj: Any, actor: User | None) -> Any:
    """Record ``actor`` as the author of the history row the next save writes (web,
    API, command or demo alike)."""
    obj._history_user = actor
    return obj


# --- drafts: upload, review, confirm --------------------------------------------------


def _kind_of(extraction: Extraction) -> str:
    number = extraction.number or ""
    symbol = number.split("/", 1)[1].split("-")[0].upper() if "/" in number else ""
    if symbol in _KIND_BY_SYMBOL:
        return _KIND_BY_SYMBOL[symbol]
    return {"notice": DirectiveKind.NOTICE, "plan": DirectiveKind.PLAN}.get(
        extraction.kind, DirectiveKind.OTHER
    )


def _resolution_day(draft: DirectiveDraft) -> date:
    return draft.date or draft.meeting_date or _today()


def _resolve_row(
    row: dict[str, Any], resolver: UnitResolver, on: date, foreign: str | None
) -> dict[str, Any]:
    lead = resolver.resolve(row.get("lead_text") or "", on=on, foreign=foreign)
    coop_matches: list[dict[str, Any]] = []
    coop_ids: list[int] = []
    for phrase in row.get("coop_text") or []:
        res = resolver.resolve(phrase, on=on, foreign=foreign)
        coop_matches.extend(m.to_dict() for m in res.matches)
        coop_ids.extend(i for i in res.unit_ids if i not in coop_ids)
    row["lead_matches"] = [m.to_dict() for m in lead.matches]
    row["lead_ids"] = lead.unit_ids
    row["coop_matches"] = coop_matches
    row["coop_ids"] = [i for i in coop_ids if i not in row["lead_ids"]]
    return row


def _new_row(key: str) -> dict[str, Any]:
    return {
        "key": key,
        "text": "",
        "span": None,
        "lead_text": "",
        "lead_ids": [],
        "coop_text": [],
        "coop_ids": [],
        "deadline": None,
        "deadline_text": "",
        "recurring": False,
        "lead_matches": [],
        "coop_matches": [],
        "edited": False,
    }


def _draft_warnings(
    draft: DirectiveDraft, province: OrgUnit, extra: Iterable[str] = ()
) -> list[str]:
    warnings = []
    foreign = _foreign(draft, province)
    if foreign:
        warnings.append(
            _(
                "This document was issued by %(issuer)s, not by %(province)s: the agencies "
                "it names are %(other)s's. No unit has been assigned automatically."
            )
            % {"issuer": draft.issuer, "province": province.name, "other": foreign}
        )
    if draft.date is None:
        warnings.append(
            _("The document's date could not be read: enter it. Units were resolved as of %(day)s.")
            % {"day": format_date(_resolution_day(draft))}
        )
    warnings.extend(extra)
    return warnings


def _foreign(draft: DirectiveDraft, province: OrgUnit) -> str | None:
    return foreign_province(draft.issuer, province_key(province)) if draft.issuer else None


def _rows_from(extraction: Extraction) -> list[dict[str, Any]]:
    rows = []
    for i, task in enumerate(extraction.tasks, 1):
        row = _new_row(str(i))
        row.update(
            text=task.text,
            span=[task.span[0], task.span[1]],
            lead_text=task.lead or "",
            coop_text=list(task.cooperating),
            deadline=task.deadline.isoformat() if task.deadline else None,
            deadline_text=task.deadline_text or "",
            recurring=task.recurring and task.deadline is None,
        )
        rows.append(row)
    return rows


@transaction.atomic
def draft_create_from_file(
    *, actor: User | None, filename: str, content: bytes, external_id: str = ""
) -> DirectiveDraft:
    """Read an uploaded .txt/.docx/.pdf, extract it, resolve its agencies and keep the
    file: a draft for a person to review. Raises ``ValidationError`` with the reader's
    message when the file cannot be read."""
    province = _province()
    _check(actor, Action.DIRECTIVE_MANAGE, province)
    name = os.path.basename(filename) or "document"
    ext = os.path.splitext(name)[1].lower()
    if ext not in DOCUMENT_EXTENSIONS:
        raise ValidationError(_("Only .txt, .docx and .pdf files can be read."))
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    try:
        text = read_text(content, name)
    except ExtractionError as exc:
        raise ValidationError(str(exc)) from exc
    extraction = extract(text)
    draft = DirectiveDraft(
        kind=_kind_of(extraction),
        number=extraction.number or "",
        date=extraction.date,
        issuer=extraction.issuer or "",
        signer=extraction.signer.name if extraction.signer else "",
        signer_title=_signer_title(extraction),
        meeting_date=extraction.meeting_date,
        text=text,
        source_name=name,
        extraction=extraction.to_dict(),
        tasks=_rows_from(extraction),
        external_id=external_id,
        created_by=actor,
    )
    extra = list(extraction.warnings)
    if not extraction.tasks:
        extra.append(_("No task was found in the document: add the tasks by hand."))
    draft.warnings = _draft_warnings(draft, province, extra)
    _resolve_all(draft, province, only_unedited=False)
    draft.source_file.save(name, ContentFile(content), save=False)
    _audited(draft, actor).save()
    return draft


def _signer_title(extraction: Extraction) -> str:
    signer = extraction.signer
    if signer is None:
        return ""
    parts = [p for p in (signer.on_behalf, signer.title) if p]
    return " – ".join(p.strip() for p in parts)


def _resolve_all(draft: DirectiveDraft, province: OrgUnit, *, only_unedited: bool) -> None:
    resolver = UnitResolver.for_province(province)
    on = _resolution_day(draft)
    foreign = _foreign(draft, province)
    draft.tasks = [
        row if only_unedited and row.get("edited") else _resolve_row(row, resolver, on, foreign)
        for row in draft.tasks
    ]


@transaction.atomic
def draft_create_blank(*, actor: User | None) -> DirectiveDraft:
    """An empty draft, to enter a directive by hand."""
    province = _province()
    _check(actor, Action.DIRECTIVE_MANAGE, province)
    draft = DirectiveDraft(issuer=province_issuer(province), created_by=actor, tasks=[])
    _audited(draft, actor).save()
    return draft


def _locked_draft(draft: DirectiveDraft) -> DirectiveDraft:
    locked = DirectiveDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.status != DirectiveDraft.Status.PENDING:
        raise ValidationError(_("This draft has already been confirmed or discarded."))
    return locked


HEADER_FIELDS = ("kind", "number", "date", "title", "issuer", "signer", "signer_title")


@transaction.atomic
def draft_update_header(
    *, actor: User | None, draft: DirectiveDraft, **fields: Any
) -> DirectiveDraft:
    """Correct the document's header. A new date re-resolves the rows nobody has edited
    yet (units are those valid on the directive's date)."""
    province = _province()
    _check(actor, Action.DIRECTIVE_MANAGE, province)
    unknown = set(fields) - set(HEADER_FIELDS)
    if unknown:
        raise TypeError(f"unknown header fields: {sorted(unknown)}")
    locked = _locked_draft(draft)
    changed = {k: v for k, v in fields.items() if getattr(locked, k) != v}
    if not changed:
        return locked
    for key, value in changed.items():
        setattr(locked, key, value)
    extraction_warnings = list((locked.extraction or {}).get("warnings", []))
    locked.warnings = _draft_warnings(locked, province, extraction_warnings)
    if {"date", "issuer"} & set(changed):
        _resolve_all(locked, province, only_unedited=True)
    locked.full_clean(exclude=["tasks", "extraction", "warnings", "source_file"])
    _audited(locked, actor).save()
    return locked


def _row_index(draft: DirectiveDraft, key: str) -> int:
    for i, row in enumerate(draft.tasks):
        if row.get("key") == key:
            return i
    raise ValidationError(_("This task is no longer in the draft."))


def _province_unit_ids(ids: Iterable[int], province: OrgUnit) -> list[int]:
    ids = list(dict.fromkeys(int(i) for i in ids))
    found = set(
        OrgUnit.objects.filter(pk__in=ids, path__startswith=province.path).values_list(
            "pk", flat=True
        )
    )
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(_("Unknown unit(s): %(ids)s.") % {"ids": missing})
    return ids


@transaction.atomic
def draft_task_update(
    *,
    actor: User | None,
    draft: DirectiveDraft,
    key: str,
    text: str,
    lead_ids: Sequence[int],
    coop_ids: Sequence[int] = (),
    deadline: date | None = None,
    deadline_text: str = "",
    recurring: bool = False,
) -> dict[str, Any]:
    """Save one reviewed row; it is then the reviewer's, and a later change of date no
    longer re-resolves it."""
    province = _province()
    _check(actor, Action.DIRECTIVE_MANAGE, province)
    locked = _locked_draft(draft)
    index = _row_index(locked, key)
    if not text.strip():
        raise ValidationError({"text": _("The task needs a text.")})
    lead = _province_unit_ids(lead_ids, province)
    coop = [i for i in _province_unit_ids(coop_ids, province) if i not in lead]
    row = dict(locked.tasks[index])
    row.update(
        text=text.strip(),
        lead_ids=lead,
        coop_ids=coop,
        deadline=deadline.isoformat() if deadline else None,
        deadline_text=deadline_text.strip(),
        recurring=bool(recurring),
        edited=True,
    )
    tasks = list(locked.tasks)
    tasks[index] = row
    locked.tasks = tasks
    _audited(locked, actor).save()
    draft.tasks = locked.tasks
    return row


@transaction.atomic
def draft_task_add(*, actor: User | None, draft: DirectiveDraft) -> dict[str, Any]:
    _check(actor, Action.DIRECTIVE_MANAGE, _province())
    locked = _locked_draft(draft)
    numbers = [int(r["key"]) for r in locked.tasks if str(r.get("key", "")).isdigit()]
    row = _new_row(str(max(numbers, default=0) + 1))
    row["edited"] = True
    locked.tasks = [*locked.tasks, row]
    _audited(locked, actor).save()
    draft.tasks = locked.tasks
    return row


@transaction.atomic
def draft_task_remove(*, actor: User | None, draft: DirectiveDraft, key: str) -> None:
    _check(actor, Action.DIRECTIVE_MANAGE, _province())
    locked = _locked_draft(draft)
    index = _row_index(locked, key)
    locked.tasks = [r for i, r in enumerate(locked.tasks) if i != index]
    _audited(locked, actor).save()
    draft.tasks = locked.tasks


@transaction.atomic
def draft_discard(*, actor: User | None, draft: DirectiveDraft) -> None:
    _check(actor, Action.DIRECTIVE_MANAGE, _province())
    locked = _locked_draft(draft)
    locked.status = DirectiveDraft.Status.DISCARDED
    _audited(locked, actor).save()


def _confirm_errors(draft: DirectiveDraft, units: dict[int, OrgUnit]) -> list[str]:
    errors = []
    if draft.date is None:
        errors.append(_("Enter the directive's date."))
    if draft.date and draft.date > _today():
        errors.append(_("The directive's date is in the future."))
    if not draft.tasks:
        errors.append(_("A directive needs at least one task."))
    for n, row in enumerate(draft.tasks, 1):
        label = _("Task %(n)s") % {"n": n}
        if not (row.get("text") or "").strip():
            errors.append(_("%(task)s: the text is empty.") % {"task": label})
        if not row.get("lead_ids"):
            errors.append(_("%(task)s: choose at least one lead unit.") % {"task": label})
        deadline = date.fromisoformat(row["deadline"]) if row.get("deadline") else None
        if deadline and row.get("recurring"):
            errors.append(
                _("%(task)s: a regular task has no deadline; clear one or the other.")
                % {"task": label}
            )
        if deadline and draft.date and deadline < draft.date:
            errors.append(
                _("%(task)s: the deadline %(deadline)s is before the directive's date.")
                % {"task": label, "deadline": format_date(deadline)}
            )
        for uid in row.get("lead_ids") or []:
            unit = units.get(uid)
            if unit is None:
                errors.append(_("%(task)s: unknown unit.") % {"task": label})
            elif draft.date and unit.valid_to and unit.valid_to < draft.date:
                errors.append(
                    _("%(task)s: %(unit)s had ended on %(end)s, before the directive's date.")
                    % {"task": label, "unit": unit.name, "end": format_date(unit.valid_to)}
                )
    return errors


@transaction.atomic
def draft_confirm(*, actor: User | None, draft: DirectiveDraft) -> Directive:
    """Save the reviewed draft as a directive and its assignments (one per task and lead
    unit), all or nothing."""
    province = _province()
    _check(actor, Action.DIRECTIVE_MANAGE, province)
    locked = _locked_draft(draft)
    ids = {i for row in locked.tasks for i in [*row.get("lead_ids", []), *row.get("coop_ids", [])]}
    units = OrgUnit.objects.in_bulk(ids)
    errors = _confirm_errors(locked, units)
    if errors:
        raise ValidationError(errors)
    assert locked.date is not None
    directive = Directive(
        kind=locked.kind,
        number=locked.number.strip(),
        date=locked.date,
        title=locked.title.strip(),
        issuer=locked.issuer.strip(),
        issuer_unit=province,
        signer=locked.signer.strip(),
        signer_title=locked.signer_title.strip(),
        text=locked.text,
        source_name=locked.source_name,
        external_id=locked.external_id,
        created_by=actor,
    )
    directive.source_file.name = locked.source_file.name
    directive.full_clean(exclude=["source_file"])
    _audited(directive, actor).save()
    assignments: list[Assignment] = []
    coops: list[list[int]] = []
    for position, row in enumerate(locked.tasks, 1):
        deadline = date.fromisoformat(row["deadline"]) if row.get("deadline") else None
        span = row.get("span") or [None, None]
        for lead_id in row["lead_ids"]:
            assignments.append(
                Assignment(
                    directive=directive,
                    position=position,
                    text=row["text"].strip(),
                    span_start=span[0],
                    span_end=span[1],
                    lead_text=(row.get("lead_text") or "")[:500],
                    lead_unit_id=lead_id,
                    deadline_original=deadline,
                    deadline=deadline,
                    deadline_text=(row.get("deadline_text") or "")[:255],
                    recurring=bool(row.get("recurring")),
                )
            )
            coops.append([i for i in row.get("coop_ids", []) if i != lead_id])
    created = bulk_create_with_history(assignments, Assignment, default_user=actor)
    if any(coops) and not all(a.pk for a in created):
        # Backends that do not return ids from a bulk insert: read them back in order.
        created = list(directive.assignments.order_by("id"))
    through = Assignment.cooperating_units.through
    through.objects.bulk_create(
        [
            through(assignment_id=a.pk, orgunit_id=uid)
            for a, unit_ids in zip(created, coops, strict=True)
            for uid in unit_ids
        ]
    )
    locked.status = DirectiveDraft.Status.CONFIRMED
    locked.directive = directive
    _audited(locked, actor).save()
    draft.status, draft.directive = locked.status, directive
    return directive


# --- the assignment's life --------------------------------------------------------------


def _locked(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update()
        .select_related("directive", "lead_unit")
        .get(pk=assignment.pk)
    )


def _day(value: date | None, *, not_before: date, field_name: str) -> date:
    day = value or _today()
    if day > _today():
        raise ValidationError({field_name: _("The date cannot be in the future.")})
    if day < not_before:
        raise ValidationError(
            {field_name: _("The date cannot be before %(day)s.") % {"day": format_date(not_before)}}
        )
    return day


def _refresh(target: Assignment, source: Assignment) -> None:
    for f in (
        "state",
        "deadline",
        "completed_on",
        "confirmed_on",
        "progress_percent",
        "last_progress_on",
    ):
        setattr(target, f, getattr(source, f))


def _check_file(f: File) -> None:
    name = os.path.basename(f.name or "")
    if os.path.splitext(name)[1].lower() not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            {"files": _("“%(name)s”: this kind of file is not accepted.") % {"name": name}}
        )
    if (f.size or 0) > MAX_FILE_BYTES:
        raise ValidationError({"files": _("“%(name)s” is larger than 20 MB.") % {"name": name}})


@transaction.atomic
def progress_post(
    *,
    actor: User | None,
    assignment: Assignment,
    text: str,
    percent: int | None = None,
    reported_on: date | None = None,
    done: bool = False,
    files: Sequence[File] = (),
) -> ProgressUpdate:
    """The lead unit reports progress; ``done`` reports the task completed (it then
    waits for the assigner's confirmation, dated ``reported_on``)."""
    _check(actor, Action.ASSIGNMENT_REPORT, assignment.lead_unit)
    a = _locked(assignment)
    if a.state != State.OPEN:
        raise ValidationError(_("Progress can only be reported on an open task."))
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": _("A percentage is between 0 and 100.")})
    day = _day(reported_on, not_before=a.directive.date, field_name="reported_on")
    if a.last_progress_on and day < a.last_progress_on and done:
        raise ValidationError(
            {"reported_on": _("A completion cannot be dated before the last progress report.")}
        )
    for f in files:
        _check_file(f)
    if done:
        percent = 100
    update = ProgressUpdate(
        assignment=a,
        reported_on=day,
        text=text.strip(),
        percent=percent,
        is_completion=done,
        unit=a.lead_unit,
        author=actor,
    )
    _audited(update, actor).save()
    for f in files:
        name = os.path.basename(f.name or "file")
        attachment = Attachment(
            update=update,
            name=name[:255],
            size=f.size or 0,
            content_type=(getattr(f, "content_type", "") or "")[:127],
        )
        attachment.file.save(name, f, save=False)
        _audited(attachment, actor).save()
    if a.last_progress_on is None or day >= a.last_progress_on:
        a.last_progress_on = day
        if percent is not None:
            a.progress_percent = percent
    if done:
        a.state = State.AWAITING
        a.completed_on = day
        a.progress_percent = 100
    _audited(a, actor).save()
    _refresh(assignment, a)
    return update


@transaction.atomic
def extension_request(
    *,
    actor: User | None,
    assignment: Assignment,
    requested_deadline: date,
    reason: str,
    requested_on: date | None = None,
) -> Extension:
    """The lead unit asks for a later deadline (gia hạn)."""
    _check(actor, Action.ASSIGNMENT_REPORT, assignment.lead_unit)
    a = _locked(assignment)
    if a.state not in (State.OPEN, State.PAUSED):
        raise ValidationError(_("Only an open task can be extended."))
    if a.deadline is None:
        raise ValidationError(_("This task has no deadline to extend."))
    if requested_deadline <= a.deadline:
        raise ValidationError(
            {"requested_deadline": _("Ask for a date after the current deadline.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if a.extensions.filter(status=Extension.Status.PENDING).exists():
        raise ValidationError(_("An extension request is already waiting for a decision."))
    day = _day(requested_on, not_before=a.directive.date, field_name="requested_on")
    extension = Extension(
        assignment=a,
        previous_deadline=a.deadline,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
        requested_on=day,
        requested_by=actor,
    )
    try:
        with transaction.atomic():
            _audited(extension, actor).save()
    except IntegrityError as exc:  # a concurrent request won the race
        raise ValidationError(_("An extension request is already waiting for a decision.")) from exc
    return extension


@transaction.atomic
def extension_decide(
    *,
    actor: User | None,
    extension: Extension,
    approve: bool,
    note: str = "",
    decided_on: date | None = None,
) -> Extension:
    """The assigner grants or refuses an extension. Granting sets the assignment's
    deadline; the original deadline stays recorded."""
    assignment = extension.assignment
    _check(actor, Action.ASSIGNMENT_REVIEW, assignment.directive.issuer_unit)
    a = _locked(assignment)
    ext = Extension.objects.select_for_update().get(pk=extension.pk)
    if ext.status != Extension.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    day = _day(decided_on, not_before=ext.requested_on, field_name="decided_on")
    if approve:
        if a.state in (State.DONE, State.CANCELLED):
            raise ValidationError(_("The task is closed: there is nothing to extend."))
        if a.deadline is not None and ext.requested_deadline <= a.deadline:
            raise ValidationError(_("The deadline is already this late or later."))
        a.deadline = ext.requested_deadline
        _audited(a, actor).save()
    elif not note.strip():
        raise ValidationError({"note": _("Say why the request is refused.")})
    ext.status = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
    ext.decided_on = day
    ext.decided_by = actor
    ext.decision_note = note.strip()
    _audited(ext, actor).save()
    _refresh(assignment, a)
    extension.status, extension.decided_on = ext.status, ext.decided_on
    return ext


def _decide(
    actor: User | None,
    assignment: Assignment,
    kind: str,
    allowed_from: Iterable[str],
    note: str,
    decided_on: date | None,
    *,
    note_required: bool = False,
    **recorded: Any,
) -> tuple[Assignment, Decision, date]:
    _check(actor, Action.ASSIGNMENT_REVIEW, assignment.directive.issuer_unit)
    a = _locked(assignment)
    if a.state not in set(allowed_from):
        raise ValidationError(_("This cannot be done in the task's current state."))
    if note_required and not note.strip():
        raise ValidationError({"note": _("Give the reason.")})
    not_before = a.completed_on if kind in ("confirm", "return") and a.completed_on else None
    day = _day(decided_on, not_before=not_before or a.directive.date, field_name="decided_on")
    decision = Decision(
        assignment=a, kind=kind, decided_on=day, note=note.strip(), actor=actor, **recorded
    )
    _audited(decision, actor).save()
    return a, decision, day


def _refuse_pending_extensions(a: Assignment, day: date, actor: User | None, note: str) -> None:
    """A decision that closes the question (cancel, a new lead unit) refuses the pending
    extension request, saying why."""
    for ext in a.extensions.filter(status=Extension.Status.PENDING):
        ext.status = Extension.Status.REJECTED
        ext.decided_on, ext.decided_by = day, actor
        ext.decision_note = note
        _audited(ext, actor).save()


@transaction.atomic
def assignment_confirm(
    *, actor: User | None, assignment: Assignment, note: str = "", decided_on: date | None = None
) -> Decision:
    """The assigner confirms a reported completion: done, on time or late by the day it
    was reported."""
    a, decision, day = _decide(actor, assignment, "confirm", [State.AWAITING], note, decided_on)
    a.state = State.DONE
    a.confirmed_on = day
    _audited(a, actor).save()
    _refresh(assignment, a)
    return decision


@transaction.atomic
def assignment_return(
    *, actor: User | None, assignment: Assignment, note: str, decided_on: date | None = None
) -> Decision:
    """The assigner returns a reported completion: the task is open again."""
    a, decision, _ = _decide(
        actor, assignment, "return", [State.AWAITING], note, decided_on, note_required=True
    )
    a.state = State.OPEN
    a.completed_on = None
    _audited(a, actor).save()
    _refresh(assignment, a)
    return decision


@transaction.atomic
def assignment_pause(
    *, actor: User | None, assignment: Assignment, note: str, decided_on: date | None = None
) -> Decision:
    a, decision, _d = _decide(
        actor, assignment, "pause", [State.OPEN], note, decided_on, note_required=True
    )
    a.state = State.PAUSED
    _audited(a, actor).save()
    _refresh(assignment, a)
    return decision


@transaction.atomic
def assignment_resume(
    *,
    actor: User | None,
    assignment: Assignment,
    note: str = "",
    new_deadline: date | None = None,
    decided_on: date | None = None,
) -> Decision:
    """Resume a paused task; a new deadline, if given, is recorded as an approved
    extension (the time lost while paused)."""
    a, decision, day = _decide(actor, assignment, "resume", [State.PAUSED], note, decided_on)
    if new_deadline is not None:
        if a.deadline is None or new_deadline <= a.deadline:
            raise ValidationError({"new_deadline": _("Give a date after the current deadline.")})
        a.extensions.filter(status=Extension.Status.PENDING).update(
            status=Extension.Status.REJECTED, decided_on=day, decided_by=actor
        )
        ext = Extension(
            assignment=a,
            previous_deadline=a.deadline,
            requested_deadline=new_deadline,
            reason=note.strip() or _("Resumed after a pause."),
            status=Extension.Status.APPROVED,
            requested_on=day,
            requested_by=actor,
            decided_on=day,
            decided_by=actor,
        )
        _audited(ext, actor).save()
        a.deadline = new_deadline
    a.state = State.OPEN
    _audited(a, actor).save()
    _refresh(assignment, a)
    return decision


@transaction.atomic
def assignment_cancel(
    *, actor: User | None, assignment: Assignment, note: str, decided_on: date | None = None
) -> Decision:
    a, decision, day = _decide(
        actor,
        assignment,
        "cancel",
        [State.OPEN, State.AWAITING, State.PAUSED],
        note,
        decided_on,
        note_required=True,
    )
    _refuse_pending_extensions(a, day, actor, _("The task was cancelled."))
    a.state = State.CANCELLED
    _audited(a, actor).save()
    _refresh(assignment, a)
    return decision


@transaction.atomic
def assignment_reassign(
    *,
    actor: User | None,
    assignment: Assignment,
    unit: OrgUnit,
    note: str,
    decided_on: date | None = None,
) -> Decision:
    """Give an open (or paused) task to another lead unit — above all the task of a unit
    that ended in the 2025 restructuring (a district, a merged department), which would
    otherwise stay open and overdue against a unit nobody works for any more.

    The assigner decides, with the reason; the deadline and the progress reported so far
    stay with the task (each report keeps the unit that made it); a pending extension
    request of the former unit is refused; the task then counts for the new unit."""
    today = _today()
    if not unit.is_valid_on(today):
        raise ValidationError({"unit": _("%(unit)s no longer exists.") % {"unit": unit}})
    if not unit.path.startswith(_province().path) or unit.kind == OrgUnit.Kind.PROVINCE:
        raise ValidationError({"unit": _("Choose a unit of the province.")})
    if unit.pk == assignment.lead_unit_id:
        raise ValidationError({"unit": _("This unit already leads the task.")})
    a, decision, day = _decide(
        actor,
        assignment,
        "reassign",
        [State.OPEN, State.PAUSED],
        note,
        decided_on,
        note_required=True,
        from_unit=assignment.lead_unit,
        to_unit=unit,
    )
    _refuse_pending_extensions(a, day, actor, _("The task was given to another unit."))
    a.lead_unit = unit
    a.cooperating_units.remove(unit)
    _audited(a, actor).save()
    _refresh(assignment, a)
    assignment.lead_unit = unit
    return decision


# --- reminders ---------------------------------------------------------------------


@dataclass
class ReminderReport:
    today: date
    days: int
    dry_run: bool
    reminders: list[tuple[Assignment, str]] = field(default_factory=list)
    emails: int = 0
    skipped_already_sent: int = 0
    units_without_address: list[OrgUnit] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _recipients(unit: OrgUnit, users: Iterable[User]) -> list[str]:
    found = [unit.email] if unit.email else []
    found += [u.email for u in users if u.email]
    return sorted(dict.fromkeys(e.strip().lower() for e in found if e.strip()))


def reminders_send(
    *, today: date | None = None, days: int = 3, dry_run: bool = False
) -> ReminderReport:
    """Remind lead units of open assignments due within ``days`` days and of overdue
    ones: one e-mail per unit, and a ``Reminder`` row per assignment and kind that the
    app shows. At most one reminder per assignment, kind and day, so running twice a day
    sends nothing new. System-run (a scheduled command), so no permission check."""
    from dieuhanh.accounts.models import User
    from dieuhanh.directives.selectors import assignments_to_remind

    today = today or _today()
    report = ReminderReport(today=today, days=days, dry_run=dry_run)
    due = assignments_to_remind(today=today, days=days)
    sent = set(Reminder.objects.filter(sent_on=today).values_list("assignment_id", "kind"))
    by_unit: dict[int, list[tuple[Assignment, str]]] = {}
    for a, kind in due:
        if (a.pk, kind) in sent:
            report.skipped_already_sent += 1
            continue
        by_unit.setdefault(a.lead_unit_id, []).append((a, kind))
    users_by_unit: dict[int, list[User]] = {}
    for user in User.objects.filter(unit_id__in=list(by_unit), is_active=True).exclude(email=""):
        users_by_unit.setdefault(user.unit_id or 0, []).append(user)
    for unit_id, items in by_unit.items():
        unit = items[0][0].lead_unit
        recipients = _recipients(unit, users_by_unit.get(unit_id, []))
        report.reminders.extend(items)
        if not recipients:
            report.units_without_address.append(unit)
        if dry_run:
            continue
        try:
            with transaction.atomic():
                Reminder.objects.bulk_create(
                    [
                        Reminder(
                            assignment=a,
                            kind=kind,
                            sent_on=today,
                            deadline=a.deadline or today,
                            recipients=", ".join(recipients),
                            emailed=bool(recipients),
                        )
                        for a, kind in items
                    ]
                )
                if recipients:
                    _send_reminder_mail(unit, items, recipients, today)
                    report.emails += 1
        except Exception as exc:  # one unit's mail server trouble must not stop the others
            report.failures.append(f"{unit.name}: {exc}")
            report.reminders = [r for r in report.reminders if r not in items]
    return report


def _send_reminder_mail(
    unit: OrgUnit, items: list[tuple[Assignment, str]], recipients: list[str], today: date
) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "unit": unit,
            "today": today,
            "overdue": [a for a, k in items if k == Reminder.Kind.OVERDUE],
            "due_soon": [a for a, k in items if k == Reminder.Kind.DUE_SOON],
        }
        subject = _("Assignments to report on: %(unit)s") % {"unit": unit.name}
        body = render_to_string("directives/email/reminder.txt", context)
    send_mail(subject, body, None, recipients, fail_silently=False)
