"""Assignment and directive pages: parse the request, call one service or selector,
render. HTMX swaps the list's table and the review screen's rows; everything also works
as plain forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dieuhanh.accounts.permissions import Action, can, works_for_one_unit
from dieuhanh.directives import exports, selectors, services
from dieuhanh.directives.filters import AssignmentFilters, ScorecardFilters
from dieuhanh.directives.forms import (
    DecisionForm,
    DraftHeaderForm,
    DraftTaskForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressForm,
    ReassignForm,
    UploadForm,
)
from dieuhanh.directives.labels import STATUS_LABELS, status_choices
from dieuhanh.directives.models import (
    Assignment,
    Attachment,
    Decision,
    DirectiveDraft,
    Extension,
)
from dieuhanh.directives.resolution import Match
from dieuhanh.directives.status import State
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import orgunit_province

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: HttpRequest, full: str, partial: str, context: dict[str, Any]) -> HttpResponse:
    """One place decides full page or fragment: an HTMX request that targets a part of
    the page gets the fragment, anything else the whole page."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and htmx.target:
        return render(request, partial, context)
    return render(request, full, context)


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _today() -> date:
    return timezone.localdate()


def _can_manage(request: HttpRequest) -> bool:
    return can(request.user, Action.DIRECTIVE_MANAGE, orgunit_province())


# --- lists ------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """My unit's assignments: those it leads, those it cooperates on, its reminders.

    Leaders, coordinators, administrators and viewers whose unit has no assignment of its
    own (a leader's unit is the province) land on all assignments instead; ``?mine=1``
    (the "My unit" tab) still shows their unit's page. Reporters always see their unit."""
    today = _today()
    unit = getattr(request.user, "unit", None)
    if (
        not request.GET.get("mine")
        and not works_for_one_unit(request.user)
        and (unit is None or not selectors.unit_has_assignments(unit=unit, today=today))
    ):
        return redirect("directives:list")
    led = cooperating = None
    counts: dict[str, int] = {}
    reminders: list[Any] = []
    if unit is not None:
        led_qs = selectors.assignment_queryset(today=today).filter(lead_unit=unit)
        counts = selectors.status_counts(led_qs)
        led = list(
            led_qs.exclude(state=State.CANCELLED)
            .annotate(rank=selectors.status_rank())
            .order_by("rank", F("deadline").asc(nulls_last=True), "-directive__date", "id")[:200]
        )
        cooperating = list(
            selectors.assignment_queryset(today=today)
            .filter(cooperating_units=unit)
            .exclude(state=State.CANCELLED)
            .order_by("deadline", "id")[:100]
        )
        reminders = list(selectors.reminders_for_unit(unit=unit, since=today - timedelta(days=14)))
    context = {
        "section": "assignments",
        "unit": unit,
        "led": led,
        "cooperating": cooperating,
        "counts": counts,
        "tiles": [(s, STATUS_LABELS[s], counts.get(s.value, 0)) for s in STATUS_LABELS],
        "reminders": reminders,
        "can_manage": _can_manage(request),
        "today": today,
    }
    return render(request, "directives/index.html", context)


def _list_context(request: HttpRequest) -> dict[str, Any]:
    today = _today()
    filters = AssignmentFilters.from_params(request.GET)
    qs = selectors.assignment_list(filters=filters, today=today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "filters": filters,
        "page": page,
        "today": today,
        "status_choices": status_choices(),
        "directive_choices": selectors.directive_choices(),
        "unit_choices": selectors.lead_unit_choices(),
        "query": filters.as_query(),
        "sort_links": {
            key: filters.as_query(sort=("-" + key if filters.sort == key else key))
            for key in ("deadline", "directive", "unit", "status", "progress")
        },
    }


@login_required
@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    context = _list_context(request)
    for error in context["filters"].errors:
        messages.error(request, error)
    return _page(request, "directives/list.html", "directives/partials/list_table.html", context)


@login_required
@require_GET
def assignment_export(request: HttpRequest) -> HttpResponse:
    today = _today()
    filters = AssignmentFilters.from_params(request.GET)
    qs = selectors.assignment_list(filters=filters, today=today).prefetch_related(
        "cooperating_units"
    )
    content = exports.assignments_workbook(qs, today=today, title="Danh sách nhiệm vụ")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-{today:%Y%m%d}.xlsx"'
    return response


@login_required
@require_GET
def scorecard(request: HttpRequest) -> HttpResponse:
    today = _today()
    filters = ScorecardFilters.from_params(request.GET)
    for error in filters.errors:
        messages.error(request, error)
    rows = selectors.scorecard(filters=filters, today=today)
    totals = {
        k: sum(getattr(r, k) for r in rows)
        for k in ("assigned", "done_on_time", "done_late", "open_in_time", "open_overdue")
    }
    context = {
        "section": "assignments",
        "rows": rows,
        "filters": filters,
        "totals": totals,
        "today": today,
        "query": filters.as_query(),
        "kinds": [
            (k, label)
            for k, label in OrgUnit.Kind.choices
            if k in {"department", "district", "commune"}
        ],
    }
    return _page(
        request, "directives/scorecard.html", "directives/partials/scorecard_table.html", context
    )


@login_required
@require_GET
def scorecard_export(request: HttpRequest) -> HttpResponse:
    today = _today()
    rows = selectors.scorecard(filters=ScorecardFilters.from_params(request.GET), today=today)
    content = exports.scorecard_workbook(
        rows, today=today, title="Kết quả thực hiện nhiệm vụ được giao theo đơn vị"
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="xep-hang-{today:%Y%m%d}.xlsx"'
    return response


# --- one assignment ----------------------------------------------------------------------


def _detail_context(request: HttpRequest, a: Assignment, **forms: Any) -> dict[str, Any]:
    user = request.user
    reporter = can(user, Action.ASSIGNMENT_REPORT, a.lead_unit)
    reviewer = can(user, Action.ASSIGNMENT_REVIEW, a.directive.issuer_unit)
    pending = selectors.assignment_pending_extension(assignment=a)
    today = _today()
    can_reassign = reviewer and a.state in (State.OPEN, State.PAUSED)
    reassign_form = forms.get("reassign_form")
    successors: list[OrgUnit] = []
    if can_reassign:
        units, successors = selectors.reassign_choices(assignment=a, today=today)
        if reassign_form is None:
            initial = {"unit": successors[0].pk} if len(successors) == 1 else {}
            reassign_form = ReassignForm(units=units, initial=initial)
    directive_text = a.directive.text
    source = (
        directive_text[a.span_start : a.span_end]
        if a.span_start is not None and a.span_end is not None
        else ""
    )
    return {
        "section": "assignments",
        "a": a,
        "today": _today(),
        "source": source,
        "timeline": selectors.assignment_timeline(assignment=a),
        "pending": pending,
        "can_report": reporter and a.state == State.OPEN,
        "can_extend": reporter
        and a.state in (State.OPEN, State.PAUSED)
        and a.deadline
        and pending is None,
        "can_review": reviewer,
        "can_reassign": can_reassign,
        "reassign_form": reassign_form,
        "successors": successors,
        "lead_ended": a.lead_unit.valid_to is not None and a.lead_unit.valid_to < today,
        "progress_form": forms.get("progress_form") or ProgressForm(),
        "extension_form": forms.get("extension_form") or ExtensionRequestForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "extension_decision_form": forms.get("extension_decision_form") or ExtensionDecisionForm(),
        "errors": forms.get("errors", []),
    }


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assignment_get(user=request.user, assignment_id=pk)
    return render(request, "directives/detail.html", _detail_context(request, a))


def _after_write(request: HttpRequest, a: Assignment, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("directives:detail", pk=a.pk)


def _submit(
    request: HttpRequest,
    a: Assignment,
    form: Form,
    name: str,
    write: Callable[[dict[str, Any]], object],
) -> HttpResponse | None:
    """Validate one of the assignment page's forms and, when valid, ``write`` with its
    cleaned data; a rule the service refuses (``ValidationError``) becomes the form's
    error. Anything refused: the page again with this form as posted (in the context as
    ``name``) and its errors, answered 422. Else ``None``: the view answers the write."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        context = _detail_context(request, a, **{name: form})
        return render(request, "directives/detail.html", context, status=422)
    return None


@login_required
@require_POST
def progress_create(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assignment_get(user=request.user, assignment_id=pk)
    form = ProgressForm(request.POST, request.FILES)

    def write(data: dict[str, Any]) -> object:
        return services.progress_post(
            actor=request.user,  # type: ignore[arg-type]
            assignment=a,
            text=data["text"],
            percent=data["percent"],
            reported_on=data["reported_on"],
            done=data["done"],
            files=data["attachments"],
        )

    if refused := _submit(request, a, form, "progress_form", write):
        return refused
    done = form.cleaned_data["done"]
    return _after_write(
        request,
        a,
        _("Completion reported: waiting for confirmation.") if done else _("Progress saved."),
    )


@login_required
@require_POST
def extension_create(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assignment_get(user=request.user, assignment_id=pk)
    form = ExtensionRequestForm(request.POST)

    def write(data: dict[str, Any]) -> object:
        return services.extension_request(
            actor=request.user,  # type: ignore[arg-type]
            assignment=a,
            requested_deadline=data["requested_deadline"],
            reason=data["reason"],
        )

    if refused := _submit(request, a, form, "extension_form", write):
        return refused
    return _after_write(request, a, _("Extension requested."))


_DECISIONS: dict[str, tuple[Callable[..., Decision], str]] = {
    "confirm": (services.assignment_confirm, _("Completion confirmed.")),
    "return": (services.assignment_return, _("Returned to the unit.")),
    "pause": (services.assignment_pause, _("Task paused.")),
    "resume": (services.assignment_resume, _("Task resumed.")),
    "cancel": (services.assignment_cancel, _("Task cancelled.")),
}


@login_required
@require_POST
def assignment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assignment_get(user=request.user, assignment_id=pk)
    form = DecisionForm(request.POST)

    def write(data: dict[str, Any]) -> object:
        action = data["action"]
        service = _DECISIONS[action][0]
        kwargs: dict[str, Any] = {"note": data["note"]}
        if action == "resume":
            kwargs["new_deadline"] = data["new_deadline"]
        return service(actor=request.user, assignment=a, **kwargs)

    if refused := _submit(request, a, form, "decision_form", write):
        return refused
    message = _DECISIONS[form.cleaned_data["action"]][1]
    return _after_write(request, a, str(message))


@login_required
@require_POST
def assignment_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assignment_get(user=request.user, assignment_id=pk)
    units, _suggested = selectors.reassign_choices(assignment=a, today=_today())
    form = ReassignForm(request.POST, units=units)

    def write(data: dict[str, Any]) -> object:
        return services.assignment_reassign(
            actor=request.user,  # type: ignore[arg-type]
            assignment=a,
            unit=data["unit"],
            note=data["note"],
        )

    if refused := _submit(request, a, form, "reassign_form", write):
        return refused
    return _after_write(
        request, a, _("The task now belongs to %(unit)s.") % {"unit": form.cleaned_data["unit"]}
    )


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        extension = Extension.objects.select_related(
            "assignment", "assignment__directive", "assignment__directive__issuer_unit"
        ).get(pk=pk)
    except Extension.DoesNotExist as exc:
        raise Http404 from exc
    a = selectors.assignment_get(user=request.user, assignment_id=extension.assignment_id)
    form = ExtensionDecisionForm(request.POST)

    def write(data: dict[str, Any]) -> object:
        return services.extension_decide(
            actor=request.user,  # type: ignore[arg-type]
            extension=extension,
            approve=data["approve"],
            note=data["note"],
        )

    if refused := _submit(request, a, form, "extension_decision_form", write):
        return refused
    approved = form.cleaned_data["approve"]
    return _after_write(
        request, a, _("Extension granted.") if approved else _("Extension refused.")
    )


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        attachment = Attachment.objects.select_related("update").get(pk=pk)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc
    selectors.assignment_get(user=request.user, assignment_id=attachment.update.assignment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


# --- directives --------------------------------------------------------------------------


@login_required
@require_GET
def directive_list(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    q = request.GET.get("q", "").strip()
    directives = selectors.directive_list(year=int(year) if year.isdigit() else None, q=q)
    page = Paginator(directives, PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = _can_manage(request)
    context = {
        "section": "assignments",
        "page": page,
        "q": q,
        "year": year,
        "can_manage": can_manage,
        "drafts": list(selectors.draft_list()) if can_manage else [],
    }
    return render(request, "directives/directive_list.html", context)


@login_required
@require_GET
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_get(user=request.user, directive_id=pk)
    today = _today()
    assignments = list(selectors.directive_assignments(directive=directive, today=today))
    context = {
        "section": "assignments",
        "directive": directive,
        "assignments": assignments,
        "today": today,
    }
    return render(request, "directives/directive_detail.html", context)


def _file_response(field: Any, name: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=name or "document")


@login_required
@require_GET
def directive_file(request: HttpRequest, pk: int) -> FileResponse:
    directive = selectors.directive_get(user=request.user, directive_id=pk)
    return _file_response(directive.source_file, directive.source_name)


# --- drafts: upload, review, confirm -----------------------------------------------------


@login_required
def draft_new(request: HttpRequest) -> HttpResponse:
    """Upload a document to read, or start an empty draft to enter by hand."""
    if not _can_manage(request):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                draft = services.draft_create_from_file(
                    actor=request.user,  # type: ignore[arg-type]
                    filename=upload.name,
                    content=upload.read(),
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                messages.success(request, _("Document read: review what was found."))
                return redirect("directives:draft", pk=draft.pk)
        return render(
            request,
            "directives/draft_new.html",
            {"form": form, "section": "assignments"},
            status=422,
        )
    return render(request, "directives/draft_new.html", {"form": form, "section": "assignments"})


@login_required
@require_POST
def draft_blank(request: HttpRequest) -> HttpResponse:
    draft = services.draft_create_blank(actor=request.user)  # type: ignore[arg-type]
    return redirect("directives:draft", pk=draft.pk)


def _row_context(
    draft: DirectiveDraft,
    row: dict[str, Any],
    n: int,
    units: list[tuple[str, list[OrgUnit]]],
    names: dict[int, str],
    form: DraftTaskForm | None = None,
) -> dict[str, Any]:
    span = row.get("span")
    source = draft.text[span[0] : span[1]] if span and draft.text else ""
    lead_matches = [Match.from_dict(m) for m in row.get("lead_matches", [])]
    coop_matches = [Match.from_dict(m) for m in row.get("coop_matches", [])]
    values = {
        "text": row.get("text", ""),
        "lead_ids": row.get("lead_ids", []),
        "coop_ids": row.get("coop_ids", []),
        "deadline": date.fromisoformat(row["deadline"]) if row.get("deadline") else None,
        "deadline_text": row.get("deadline_text", ""),
        "recurring": row.get("recurring", False),
    }
    form = form or DraftTaskForm(initial=values)
    selected_lead = {int(i) for i in (form["lead_ids"].value() or [])}
    selected_coop = {int(i) for i in (form["coop_ids"].value() or [])}
    problems = []
    if not row.get("lead_ids"):
        problems.append(_("Choose at least one lead unit."))
    if values["deadline"] and draft.date and values["deadline"] < draft.date:
        problems.append(_("The deadline is before the directive's date: check it."))
    needs_review = bool(problems) or (
        not row.get("edited") and any(m.needs_review for m in lead_matches)
    )
    return {
        "draft": draft,
        "row": row,
        "n": n,
        "source": source,
        "form": form,
        "units": units,
        "names": names,
        "lead_matches": lead_matches,
        "coop_matches": coop_matches,
        "selected_lead": selected_lead,
        "selected_coop": selected_coop,
        "needs_review": needs_review,
        "problems": problems,
    }


def _draft_units(draft: DirectiveDraft) -> tuple[list[tuple[str, list[OrgUnit]]], dict[int, str]]:
    selected: set[int] = set()
    for row in draft.tasks:
        selected.update(row.get("lead_ids", []), row.get("coop_ids", []))
        for m in [*row.get("lead_matches", []), *row.get("coop_matches", [])]:
            selected.update(m.get("suggestion_ids", []))
    day = draft.date or draft.meeting_date or _today()
    units = selectors.unit_choices_on(day, selected=selected)
    names = {u.pk: u.name for _label, group in units for u in group}
    return units, names


def _draft_context(
    request: HttpRequest,
    draft: DirectiveDraft,
    header_form: DraftHeaderForm | None = None,
    errors: list[str] | None = None,
) -> dict[str, Any]:
    units, names = _draft_units(draft)
    header_form = header_form or DraftHeaderForm(
        initial={f: getattr(draft, f) for f in services.HEADER_FIELDS}
    )
    return {
        "section": "assignments",
        "draft": draft,
        "header_form": header_form,
        "rows": [_row_context(draft, r, n, units, names) for n, r in enumerate(draft.tasks, 1)],
        "errors": errors or [],
        "editable": draft.status == DirectiveDraft.Status.PENDING,
    }


@login_required
def draft_review(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, draft_id=pk)
    return render(request, "directives/draft_review.html", _draft_context(request, draft))


@login_required
@require_GET
def draft_file(request: HttpRequest, pk: int) -> FileResponse:
    draft = selectors.draft_get(user=request.user, draft_id=pk)
    return _file_response(draft.source_file, draft.source_name)


@login_required
@require_POST
def draft_header(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, draft_id=pk)
    form = DraftHeaderForm(request.POST)
    if form.is_valid():
        try:
            services.draft_update_header(
                actor=request.user,  # type: ignore[arg-type]
                draft=draft,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        draft.refresh_from_db()
        context = _draft_context(request, draft, header_form=form)
        return render(request, "directives/draft_review.html", context, status=422)
    messages.success(request, _("Header saved."))
    return redirect("directives:draft", pk=draft.pk)


def _render_row(
    request: HttpRequest, draft: DirectiveDraft, key: str, form: DraftTaskForm | None = None
) -> HttpResponse:
    """One review row, for HTMX to swap in place (with its errors when ``form`` has any)."""
    units, names = _draft_units(draft)
    for n, row in enumerate(draft.tasks, 1):
        if row["key"] == key:
            context = _row_context(draft, row, n, units, names, form)
            context["saved"] = form is None
            return render(request, "directives/partials/draft_row.html", context)
    raise Http404


@login_required
@require_POST
def draft_task_save(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, draft_id=pk)
    form = DraftTaskForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.draft_task_update(
                actor=request.user,  # type: ignore[arg-type]
                draft=draft,
                key=key,
                text=data["text"],
                lead_ids=data["lead_ids"],
                coop_ids=data["coop_ids"],
                deadline=data["deadline"],
                deadline_text=data["deadline_text"],
                recurring=data["recurring"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and set(exc.error_dict) <= set(form.fields):
                for field, errs in exc.error_dict.items():
                    form.add_error(field, errs)
            else:
                form.add_error(None, exc)
    if form.errors:
        if request.htmx:  # type: ignore[attr-defined]
            # htmx swaps only 2xx answers: the row comes back with its errors shown.
            return _render_row(request, draft, key, form)
        messages_ = [str(m) for errors in form.errors.values() for m in errors]
        context = _draft_context(request, draft, errors=messages_)
        return render(request, "directives/draft_review.html", context, status=422)
    if request.htmx:  # type: ignore[attr-defined]
        return _render_row(request, draft, key)
    messages.success(request, _("Task saved."))
    return redirect(reverse("directives:draft", args=[draft.pk]) + f"#task-{key}")


@login_required
@require_POST
def draft_task_add(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, draft_id=pk)
    try:
        row = services.draft_task_add(actor=request.user, draft=draft)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
        return redirect("directives:draft", pk=draft.pk)
    if request.htmx:  # type: ignore[attr-defined]
        return _render_row(request, draft, row["key"], DraftTaskForm(initial={}))
    return redirect(reverse("directives:draft", args=[draft.pk]) + f"#task-{row['key']}")


@login_required
@require_POST
def draft_task_remove(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, draft_id=pk)
    try:
        services.draft_task_remove(actor=request.user, draft=draft, key=key)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse("")
    return redirect("directives:draft", pk=draft.pk)


@login_required
@require_POST
def draft_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, draft_id=pk)
    try:
        directive = services.draft_confirm(actor=request.user, draft=draft)  # type: ignore[arg-type]
    except ValidationError as exc:
        draft.refresh_from_db()
        context = _draft_context(request, draft, errors=_errors(exc))
        return render(request, "directives/draft_review.html", context, status=422)
    messages.success(
        request,
        _("Directive saved with %(n)s assignments.") % {"n": directive.assignments.count()},
    )
    return redirect("directives:directive", pk=directive.pk)


@login_required
@require_POST
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, draft_id=pk)
    try:
        services.draft_discard(actor=request.user, draft=draft)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
        return redirect("directives:draft", pk=draft.pk)
    messages.success(request, _("Draft discarded."))
    return redirect("directives:directives")
