"""Reads of directives and assignments. Every page, the API, the Excel export, the
reminders and the scorecard ask these, so a status or a rate is the same everywhere.

The status is derived (``status.status_of``); lists filter and sort on it in SQL with
:func:`status_expression`, which mirrors the pure function (a test checks they agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.http import Http404

from dieuhanh.accounts.permissions import Action, require
from dieuhanh.directives.filters import AssignmentFilters, ScorecardFilters
from dieuhanh.directives.models import (
    Assignment,
    Directive,
    DirectiveDraft,
    Extension,
    ProgressUpdate,
    Reminder,
)
from dieuhanh.directives.status import Bucket, State, Status, on_time_rate
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import orgunit_province, orgunit_successors, valid_on_q

# --- the status in SQL -------------------------------------------------------------------


def _late_q() -> Q:
    return Q(deadline__isnull=False, completed_on__gt=F("deadline"))


def status_expression(today: date) -> Case:
    """``status.status_of`` as SQL, for filtering and sorting."""
    return Case(
        When(state=State.CANCELLED, then=Value(Status.CANCELLED.value)),
        When(state=State.PAUSED, then=Value(Status.PAUSED.value)),
        When(state=State.AWAITING, then=Value(Status.AWAITING_CONFIRMATION.value)),
        When(Q(state=State.DONE) & _late_q(), then=Value(Status.DONE_LATE.value)),
        When(state=State.DONE, then=Value(Status.DONE_ON_TIME.value)),
        When(deadline__isnull=True, then=Value(Status.NO_DEADLINE.value)),
        When(deadline__gte=today, then=Value(Status.OPEN_IN_TIME.value)),
        default=Value(Status.OPEN_OVERDUE.value),
        output_field=CharField(),
    )


def bucket_q(bucket: Bucket, today: date) -> Q:
    """``status.bucket_of`` as a filter, for the scorecard's conditional counts."""
    late = _late_q()
    if bucket == Bucket.DONE_ON_TIME:
        return Q(state=State.DONE) & ~late
    if bucket == Bucket.DONE_LATE:
        return Q(state=State.DONE) & late
    if bucket == Bucket.OPEN_OVERDUE:
        return (Q(state=State.AWAITING) & late) | Q(state=State.OPEN, deadline__lt=today)
    if bucket == Bucket.OPEN_IN_TIME:
        return (
            (Q(state=State.AWAITING) & ~late)
            | Q(state=State.PAUSED)
            | (Q(state=State.OPEN) & (Q(deadline__isnull=True) | Q(deadline__gte=today)))
        )
    return Q(state=State.CANCELLED)


# Sorting: status in the order a reader triages (overdue first).
_STATUS_ORDER = [
    Status.OPEN_OVERDUE,
    Status.AWAITING_CONFIRMATION,
    Status.OPEN_IN_TIME,
    Status.NO_DEADLINE,
    Status.PAUSED,
    Status.DONE_LATE,
    Status.DONE_ON_TIME,
    Status.CANCELLED,
]


def status_rank() -> Case:
    """The status in triage order (overdue first), for sorting."""
    return Case(
        *[When(status_code=s.value, then=Value(i)) for i, s in enumerate(_STATUS_ORDER)],
        default=Value(99),
    )


# --- assignments -------------------------------------------------------------------------


def assignment_queryset(*, today: date) -> QuerySet[Assignment]:
    return Assignment.objects.select_related("directive", "lead_unit").annotate(
        status_code=status_expression(today)
    )


def assignment_list(*, filters: AssignmentFilters, today: date) -> QuerySet[Assignment]:
    """Assignments matching ``filters``, sorted as asked (then by directive and task)."""
    qs = assignment_queryset(today=today)
    if filters.directive:
        qs = qs.filter(directive_id=filters.directive)
    if filters.unit:
        qs = qs.filter(lead_unit_id=filters.unit)
    if filters.status:
        qs = qs.filter(status_code=filters.status.value)  # type: ignore[misc]
    if filters.due_from:
        qs = qs.filter(deadline__gte=filters.due_from)
    if filters.due_to:
        qs = qs.filter(deadline__lte=filters.due_to)
    if filters.q:
        qs = qs.filter(
            Q(text__icontains=filters.q)
            | Q(directive__number__icontains=filters.q)
            | Q(lead_unit__name__icontains=filters.q)
        )
    desc = filters.sort.startswith("-")
    key = filters.sort.lstrip("-")
    tail = ["-directive__date", "directive_id", "position", "lead_unit__name", "id"]
    if key == "deadline":
        first = F("deadline").desc(nulls_last=True) if desc else F("deadline").asc(nulls_last=True)
        return qs.order_by(first, *tail)
    if key == "directive":
        order = "directive__date" if not desc else "-directive__date"
        return qs.order_by(order, "directive_id", "position", "lead_unit__name", "id")
    if key == "unit":
        return qs.order_by("-lead_unit__name" if desc else "lead_unit__name", *tail)
    if key == "status":
        rank = status_rank()
        return qs.annotate(status_rank=rank).order_by(
            "-status_rank" if desc else "status_rank", F("deadline").asc(nulls_last=True), *tail
        )
    if key == "progress":
        p = F("progress_percent")
        return qs.order_by(p.desc(nulls_last=True) if desc else p.asc(nulls_first=True), *tail)
    return qs.order_by(*tail)


def assignment_get(*, user: Any, assignment_id: int) -> Assignment:
    """The one access check for an assignment: 404 when it does not exist, 403 when the
    user may not read it."""
    try:
        assignment = (
            Assignment.objects.select_related(
                "directive", "directive__issuer_unit", "lead_unit", "lead_unit__parent"
            )
            .prefetch_related("cooperating_units")
            .get(pk=assignment_id)
        )
    except Assignment.DoesNotExist as exc:
        raise Http404 from exc
    require(user, Action.VIEW, assignment.lead_unit)
    return assignment


def assignment_updates(*, assignment: Assignment) -> QuerySet[ProgressUpdate]:
    return (
        assignment.updates.select_related("author", "unit")
        .prefetch_related("attachments")
        .order_by("-reported_on", "-id")
    )


@dataclass(frozen=True)
class Event:
    """One line of an assignment's timeline."""

    day: date
    kind: str  # progress, completion, extension, decision
    obj: Any


def assignment_timeline(*, assignment: Assignment) -> list[Event]:
    """Progress reports, extension requests and the assigner's decisions, newest first
    (three queries)."""
    events = [
        Event(u.reported_on, "completion" if u.is_completion else "progress", u)
        for u in assignment_updates(assignment=assignment)
    ]
    events += [
        Event(e.requested_on, "extension", e)
        for e in assignment.extensions.select_related("requested_by", "decided_by")
    ]
    events += [
        Event(d.decided_on, "decision", d)
        for d in assignment.decisions.select_related("actor", "from_unit", "to_unit")
    ]
    order = {"decision": 0, "extension": 1, "completion": 2, "progress": 3}
    return sorted(events, key=lambda e: (e.day, -order[e.kind], e.obj.pk), reverse=True)


def assignment_pending_extension(*, assignment: Assignment) -> Extension | None:
    return assignment.extensions.filter(status=Extension.Status.PENDING).first()


def unit_has_assignments(*, unit: OrgUnit, today: date) -> bool:
    """Whether ``unit`` leads an assignment or cooperates on one that is not cancelled."""
    qs = assignment_queryset(today=today)
    return (
        qs.filter(lead_unit=unit).exists()
        or qs.filter(cooperating_units=unit).exclude(state=State.CANCELLED).exists()
    )


def status_counts(qs: QuerySet[Assignment]) -> dict[str, int]:
    """How many of ``qs`` (annotated with ``status_code``) are in each status."""
    rows = qs.order_by().values("status_code").annotate(n=Count("id"))  # type: ignore[misc]
    counts = {s.value: 0 for s in Status}
    counts.update({r["status_code"]: r["n"] for r in rows})
    return counts


def assignments_to_remind(*, today: date, days: int) -> list[tuple[Assignment, str]]:
    """Open assignments due within ``days`` days (``due_soon``) or past their deadline
    (``overdue``). Waiting, paused, done and cancelled ones are left alone."""
    qs = (
        Assignment.objects.filter(state=State.OPEN, deadline__isnull=False)
        .filter(deadline__lte=today + timedelta(days=days))
        .select_related("lead_unit", "directive")
        .order_by("lead_unit__name", "deadline", "id")
    )
    return [
        (a, Reminder.Kind.OVERDUE if a.deadline and a.deadline < today else Reminder.Kind.DUE_SOON)
        for a in qs
    ]


def reminders_for_unit(*, unit: OrgUnit, since: date) -> QuerySet[Reminder]:
    return (
        Reminder.objects.filter(assignment__lead_unit=unit, sent_on__gte=since)
        .select_related("assignment", "assignment__directive")
        .order_by("-sent_on", "assignment__deadline")
    )


# --- scorecard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    unit_id: int
    unit_name: str
    unit_kind: str
    assigned: int
    done_on_time: int
    done_late: int
    open_in_time: int
    open_overdue: int
    rank: int | None = None

    @property
    def due(self) -> int:
        return self.done_on_time + self.done_late + self.open_overdue

    @property
    def rate(self) -> float | None:
        return on_time_rate(self.done_on_time, self.done_late, self.open_overdue)


def scorecard(*, filters: ScorecardFilters, today: date) -> list[ScoreRow]:
    """Per lead unit: assigned (not cancelled), done on time, done late, open in time,
    open overdue, and the on-time rate (done on time / due so far), ranked best first.
    Units with nothing due yet have no rate and come last. One query."""
    qs = Assignment.objects.all()
    if filters.date_from:
        qs = qs.filter(directive__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(directive__date__lte=filters.date_to)
    if filters.kind:
        qs = qs.filter(lead_unit__kind=filters.kind)
    if filters.directive:
        qs = qs.filter(directive_id=filters.directive)
    rows = (
        qs.order_by()
        .values("lead_unit_id", "lead_unit__name", "lead_unit__kind")
        .annotate(
            assigned=Count("id", filter=~Q(state=State.CANCELLED)),
            done_on_time=Count("id", filter=bucket_q(Bucket.DONE_ON_TIME, today)),
            done_late=Count("id", filter=bucket_q(Bucket.DONE_LATE, today)),
            open_in_time=Count("id", filter=bucket_q(Bucket.OPEN_IN_TIME, today)),
            open_overdue=Count("id", filter=bucket_q(Bucket.OPEN_OVERDUE, today)),
        )
    )
    result = [
        ScoreRow(
            unit_id=r["lead_unit_id"],
            unit_name=r["lead_unit__name"],
            unit_kind=r["lead_unit__kind"],
            assigned=r["assigned"],
            done_on_time=r["done_on_time"],
            done_late=r["done_late"],
            open_in_time=r["open_in_time"],
            open_overdue=r["open_overdue"],
        )
        for r in rows
        if r["assigned"]
    ]

    def key(row: ScoreRow) -> tuple[Any, ...]:
        rate = row.rate
        return (rate is None, -(rate or 0), -row.done_on_time, row.open_overdue, row.unit_name)

    result.sort(key=key)
    ranked = []
    rank = 0
    previous: tuple[float | None, int] | None = None
    for i, row in enumerate(result, 1):
        if row.rate is None:
            ranked.append(row)
            continue
        current = (row.rate, row.done_on_time)
        if current != previous:
            rank = i
        previous = current
        ranked.append(ScoreRow(**{**row.__dict__, "rank": rank}))
    return ranked


# --- directives and drafts ---------------------------------------------------------------


def directive_list(*, year: int | None = None, q: str = "") -> QuerySet[Directive]:
    qs = Directive.objects.select_related("issuer_unit").annotate(
        n_assignments=Count("assignments")
    )
    if year:
        qs = qs.filter(date__year=year)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(issuer__icontains=q))
    return qs.order_by("-date", "-id")


def directive_get(*, user: Any, directive_id: int) -> Directive:
    try:
        directive = Directive.objects.select_related("issuer_unit", "created_by").get(
            pk=directive_id
        )
    except Directive.DoesNotExist as exc:
        raise Http404 from exc
    require(user, Action.VIEW, directive.issuer_unit)
    return directive


def directive_assignments(*, directive: Directive, today: date) -> QuerySet[Assignment]:
    return (
        assignment_queryset(today=today)
        .filter(directive=directive)
        .order_by("position", "lead_unit__name", "id")
    )


def directive_choices() -> list[tuple[int, str]]:
    return [(d.pk, str(d)) for d in Directive.objects.only("id", "number", "date", "kind")]


def lead_unit_choices() -> list[tuple[int, str]]:
    ids = Assignment.objects.order_by().values_list("lead_unit_id", flat=True).distinct()
    return list(
        OrgUnit.objects.filter(pk__in=ids).order_by("kind", "name").values_list("pk", "name")
    )


def draft_list() -> QuerySet[DirectiveDraft]:
    return (
        DirectiveDraft.objects.filter(status=DirectiveDraft.Status.PENDING)
        .defer("text", "extraction")
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )


def draft_get(*, user: Any, draft_id: int) -> DirectiveDraft:
    """Drafts are read and edited by those who manage directives."""
    from dieuhanh.orgunits.selectors import orgunit_province

    try:
        draft = DirectiveDraft.objects.get(pk=draft_id)
    except DirectiveDraft.DoesNotExist as exc:
        raise Http404 from exc
    require(user, Action.DIRECTIVE_MANAGE, orgunit_province())
    return draft


def unit_choices_on(day: date, *, selected: set[int] | None = None) -> list[tuple[str, list[Any]]]:
    """Units for the review screen's pickers: those valid on ``day`` (plus any already
    chosen), grouped by kind. Two queries."""
    from dieuhanh.orgunits.selectors import valid_on_q

    labels = dict(OrgUnit.Kind.choices)
    units = list(
        OrgUnit.objects.filter(valid_on_q(day) | Q(pk__in=selected or set()))
        .only("id", "name", "kind", "valid_to", "nso_code")
        .order_by("kind", "nso_code", "name")
    )
    order = ["province", "department", "district", "commune", "agency"]
    groups: dict[str, list[OrgUnit]] = {}
    for u in units:
        groups.setdefault(u.kind, []).append(u)
    return [(str(labels[k]), groups[k]) for k in order if k in groups]


def reassign_choices(
    *, assignment: Assignment, today: date
) -> tuple[QuerySet[OrgUnit], list[OrgUnit]]:
    """The units a task can be given to (those of the province that exist today, the
    current lead excepted), and the ones suggested: where an ended lead unit went by
    lineage (a merged department's successor, an old commune's new commune). A district
    has no successor: the assigner picks the communes' or a department."""
    province = orgunit_province()
    units = (
        OrgUnit.objects.filter(valid_on_q(today))
        .exclude(pk=assignment.lead_unit_id)
        .exclude(kind=OrgUnit.Kind.PROVINCE)
        .order_by("kind", "name")
    )
    if province is not None:
        units = units.filter(path__startswith=province.path)
    lead = assignment.lead_unit
    suggested: list[OrgUnit] = []
    if lead.valid_to is not None and lead.valid_to < today:
        for linked in orgunit_successors(unit=lead):
            if linked.unit.is_valid_on(today) and linked.unit not in suggested:
                suggested.append(linked.unit)
    return units, suggested
