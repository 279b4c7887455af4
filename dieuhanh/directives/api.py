"""/api/v1/directives, /api/v1/assignments, /api/v1/extensions, /api/v1/scorecards.

Reads for everyone signed in; writes call the same services as the web pages, so the
same roles may make them (403 otherwise, 422 when the rules refuse).
"""
# No "from __future__ import annotations" here: ninja reads the annotations at runtime.

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status as Reply

from dieuhanh.core.periods import FIRST_REPORTING_YEAR, LAST_REPORTING_YEAR
from dieuhanh.directives import selectors, services
from dieuhanh.directives.filters import AssignmentFilters, ScorecardFilters
from dieuhanh.directives.models import Assignment, Directive, Extension, ProgressUpdate
from dieuhanh.directives.status import Status

router = Router(tags=["assignments"])


class UnitRef(Schema):
    id: int
    name: str
    kind: str


class DirectiveOut(Schema):
    id: int
    kind: str
    number: str
    date: date
    title: str
    issuer: str
    issuer_unit_id: int
    signer: str
    signer_title: str


class AssignmentOut(Schema):
    id: int
    directive_id: int
    position: int
    text: str
    lead_unit: UnitRef
    lead_text: str
    deadline_original: date | None
    deadline: date | None
    deadline_text: str
    recurring: bool
    state: str
    status: Status
    completed_on: date | None
    confirmed_on: date | None
    progress_percent: int | None
    last_progress_on: date | None

    @staticmethod
    def resolve_status(obj: Assignment) -> str:
        return str(getattr(obj, "status_code", None) or obj.status)


class AssignmentDetailOut(AssignmentOut):
    cooperating_units: list[UnitRef]

    @staticmethod
    def resolve_cooperating_units(obj: Assignment) -> list[Any]:
        return list(obj.cooperating_units.all())


class DirectiveDetailOut(DirectiveOut):
    assignments: list[AssignmentOut]


class AttachmentOut(Schema):
    id: int
    name: str
    size: int


class ProgressOut(Schema):
    id: int
    assignment_id: int
    reported_on: date
    text: str
    percent: int | None
    is_completion: bool
    unit_id: int
    author: str | None
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_author(obj: ProgressUpdate) -> str | None:
        return str(obj.author) if obj.author_id else None

    @staticmethod
    def resolve_attachments(obj: ProgressUpdate) -> list[Any]:
        return list(obj.attachments.all())


class ExtensionOut(Schema):
    id: int
    assignment_id: int
    previous_deadline: date
    requested_deadline: date
    reason: str
    status: str
    requested_on: date
    decided_on: date | None
    decision_note: str


class ScoreOut(Schema):
    rank: int | None
    unit_id: int
    unit_name: str
    unit_kind: str
    assigned: int
    done_on_time: int
    done_late: int
    open_in_time: int
    open_overdue: int
    on_time_rate: float | None


class ProgressIn(Schema):
    text: str
    percent: int | None = None
    reported_on: date | None = None
    done: bool = False


class ExtensionIn(Schema):
    requested_deadline: date
    reason: str


class NoteIn(Schema):
    note: str = ""


class DecisionIn(Schema):
    approve: bool
    note: str = ""


class AssignmentQuery(Schema):
    directive: int | None = None
    unit: int | None = None
    status: Status | None = None
    due_from: date | None = None
    due_to: date | None = None
    q: str = ""
    sort: str = "deadline"


class ScorecardQuery(Schema):
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""
    directive: int | None = None


def _write(call: Any, **kwargs: Any) -> Any:
    """Run a service: its refusals become 403 (permission) or 422 (a rule)."""
    try:
        return call(**kwargs)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Forbidden") from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(str(m) for m in exc.messages)) from exc


def _assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    try:
        return selectors.assignment_get(user=request.user, assignment_id=assignment_id)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


def _detail(a: Assignment) -> Assignment:
    """The assignment as stored after a write (its derived status recomputed)."""
    return selectors.assignment_queryset(today=timezone.localdate()).get(pk=a.pk)


# --- directives --------------------------------------------------------------------------


@router.get("/directives", response=list[DirectiveOut])
@paginate(LimitOffsetPagination)
def list_directives(
    request: HttpRequest, year: int | None = None, q: str = ""
) -> QuerySet[Directive]:
    """Confirmed directives, newest first."""
    if year is not None and not FIRST_REPORTING_YEAR <= year <= LAST_REPORTING_YEAR:
        raise HttpError(422, f"year must be from {FIRST_REPORTING_YEAR} to {LAST_REPORTING_YEAR}")
    return selectors.directive_list(year=year, q=q)


@router.get("/directives/{directive_id}", response=DirectiveDetailOut)
def get_directive(request: HttpRequest, directive_id: int) -> dict[str, Any]:
    """One directive with its assignments."""
    try:
        directive = selectors.directive_get(user=request.user, directive_id=directive_id)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    assignments = selectors.directive_assignments(directive=directive, today=timezone.localdate())
    return {**DirectiveOut.from_orm(directive).dict(), "assignments": list(assignments)}


# --- assignments -------------------------------------------------------------------------


@router.get("/assignments", response=list[AssignmentOut])
@paginate(LimitOffsetPagination)
def list_assignments(request: HttpRequest, filters: Query[AssignmentQuery]) -> QuerySet[Assignment]:
    """Assignments, filtered by directive, lead unit, derived status and due range
    (the same filters as the list page), sorted by ``sort`` (``deadline``,
    ``-deadline``, ``directive``, ``unit``, ``status``, ``progress``)."""
    parsed = AssignmentFilters.from_params(filters.dict())
    return selectors.assignment_list(filters=parsed, today=timezone.localdate())


@router.get("/assignments/{assignment_id}", response=AssignmentDetailOut)
def get_assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    _assignment(request, assignment_id)
    return _detail(Assignment(pk=assignment_id))


@router.get("/assignments/{assignment_id}/progress", response=list[ProgressOut])
def list_progress(request: HttpRequest, assignment_id: int) -> list[ProgressUpdate]:
    """The lead unit's progress reports, newest first."""
    a = _assignment(request, assignment_id)
    return list(selectors.assignment_updates(assignment=a))


@router.get("/assignments/{assignment_id}/extensions", response=list[ExtensionOut])
def list_extensions(request: HttpRequest, assignment_id: int) -> list[Extension]:
    a = _assignment(request, assignment_id)
    return list(a.extensions.all())


@router.post(
    "/assignments/{assignment_id}/progress", response={201: ProgressOut}, url_name="post_progress"
)
def post_progress(
    request: HttpRequest, assignment_id: int, payload: ProgressIn
) -> Reply[ProgressUpdate]:
    """Report progress (the lead unit; coordinators and admins for it). ``done`` reports
    the task completed: it then waits for the assigner's confirmation."""
    a = _assignment(request, assignment_id)
    update = _write(
        services.progress_post,
        actor=request.user,
        assignment=a,
        text=payload.text,
        percent=payload.percent,
        reported_on=payload.reported_on,
        done=payload.done,
    )
    return Reply(201, update)


@router.post("/assignments/{assignment_id}/extensions", response={201: ExtensionOut})
def request_extension(
    request: HttpRequest, assignment_id: int, payload: ExtensionIn
) -> Reply[Extension]:
    """Ask for a later deadline (the lead unit)."""
    a = _assignment(request, assignment_id)
    ext = _write(
        services.extension_request,
        actor=request.user,
        assignment=a,
        requested_deadline=payload.requested_deadline,
        reason=payload.reason,
    )
    return Reply(201, ext)


@router.post("/assignments/{assignment_id}/confirm", response=AssignmentDetailOut)
def confirm_assignment(request: HttpRequest, assignment_id: int, payload: NoteIn) -> Assignment:
    """Confirm a reported completion (the assigning side: coordinators, admins, leaders)."""
    a = _assignment(request, assignment_id)
    _write(services.assignment_confirm, actor=request.user, assignment=a, note=payload.note)
    return _detail(a)


@router.post("/assignments/{assignment_id}/return", response=AssignmentDetailOut)
def return_assignment(request: HttpRequest, assignment_id: int, payload: NoteIn) -> Assignment:
    """Return a reported completion to the unit, with the reason (the assigning side)."""
    a = _assignment(request, assignment_id)
    _write(services.assignment_return, actor=request.user, assignment=a, note=payload.note)
    return _detail(a)


@router.post("/extensions/{extension_id}/decide", response=ExtensionOut)
def decide_extension(request: HttpRequest, extension_id: int, payload: DecisionIn) -> Extension:
    """Grant (``approve: true``) or refuse an extension (the assigning side)."""
    try:
        ext = Extension.objects.select_related(
            "assignment", "assignment__directive", "assignment__directive__issuer_unit"
        ).get(pk=extension_id)
    except Extension.DoesNotExist as exc:
        raise Http404 from exc
    _assignment(request, ext.assignment_id)
    return _write(
        services.extension_decide,
        actor=request.user,
        extension=ext,
        approve=payload.approve,
        note=payload.note,
    )


# --- scorecards --------------------------------------------------------------------------


@router.get("/scorecards", response=list[ScoreOut])
def get_scorecard(request: HttpRequest, filters: Query[ScorecardQuery]) -> list[dict[str, Any]]:
    """Per lead unit: assigned, done on time, done late, open in time, open overdue and
    the on-time rate (done on time / due so far), ranked."""
    parsed = ScorecardFilters.from_params(filters.dict())
    rows = selectors.scorecard(filters=parsed, today=timezone.localdate())
    return [{**row.__dict__, "on_time_rate": row.rate} for row in rows]
