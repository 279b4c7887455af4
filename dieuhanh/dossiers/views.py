"""Dịch vụ công screens: parse the request, ask one selector or service, render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.permissions import Action, can, require
from dieuhanh.core import index766 as idx
from dieuhanh.core.periods import Period, PeriodParseError, parse_period
from dieuhanh.core.vnformat import parse_date
from dieuhanh.dossiers import jobs, selectors, services
from dieuhanh.dossiers.forms import MappingForm, UploadForm
from dieuhanh.dossiers.models import ImportRun, Status, UnitNameMapping
from dieuhanh.indicators.selectors import years_with_data
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import orgunit_get_for_user, orgunit_province

PAGE_SIZE = 50
EXPORT_LIMIT = 200_000


@dataclass
class Scope:
    province: OrgUnit
    unit: OrgUnit
    period: Period

    def query(self, **extra: Any) -> str:
        params = {"unit": self.unit.pk, "period": self.period.code, **extra}
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _default_period() -> Period:
    years = [y for y in years_with_data() if y <= date.today().year]
    return Period.of_year(years[-1] if years else date.today().year)


def _period(request: HttpRequest) -> Period:
    raw = request.GET.get("period", "").strip()
    if not raw:
        return _default_period()
    try:
        return parse_period(raw)
    except PeriodParseError as exc:
        messages.error(request, str(exc))
        return _default_period()


def _scope(request: HttpRequest) -> Scope:
    province = orgunit_province()
    if province is None:
        raise Http404(_("No province has been loaded yet."))
    unit = province
    raw = request.GET.get("unit", "").strip()
    if raw.isdigit():
        unit = orgunit_get_for_user(user=request.user, unit_id=int(raw))
    elif raw:
        messages.error(request, _("Unknown unit “%(value)s”.") % {"value": raw})
    return Scope(province, unit, _period(request))


def _period_choices(period: Period) -> list[Period]:
    years = [y for y in years_with_data() if y <= date.today().year] or [period.year]
    choices: list[Period] = []
    for y in sorted(years, reverse=True):
        choices += [Period.of_year(y), Period.of_nine_months(y)]
        choices += [Period.of_half(y, 2), Period.of_half(y, 1)]
        choices += [Period.of_quarter(y, q) for q in (4, 3, 2, 1)]
        choices += [Period.of_month(y, m) for m in range(12, 0, -1)]
    if period not in choices:
        choices.insert(0, period)
    return choices


def _ratio(num: Decimal | None, den: Decimal | None) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def _children(unit: OrgUnit, period: Period) -> list[OrgUnit]:
    from dieuhanh.orgunits.selectors import valid_during_q

    qs = OrgUnit.objects.filter(parent=unit).filter(valid_during_q(period.start, period.end))
    return list(qs.order_by("kind", "name"))


# ------------------------------------------------------------------------ overview


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Dịch vụ công: the unit's figures for the period, and its sub-units side by side."""
    scope = _scope(request)
    children = _children(scope.unit, scope.period)
    stats = selectors.unit_stats(units=[scope.unit, *children], periods=[scope.period])
    own = stats[(scope.unit.pk, scope.period.code)]
    rows: list[dict[str, Any]] = []
    for child in children:
        f = stats[(child.pk, scope.period.code)]
        rows.append(
            {
                "unit": child,
                "f": f,
                "online": _ratio(f["received_online"], f["received"]),
                "on_time": _ratio(f["resolved_on_time"], f["resolved"]),
            }
        )
    rows.sort(key=lambda r: (r["f"]["received"] is None, -(r["f"]["received"] or 0)))
    return render(
        request,
        "dossiers/index.html",
        {
            "scope": scope,
            "f": own,
            "online": _ratio(own["received_online"], own["received"]),
            "on_time": _ratio(own["resolved_on_time"], own["resolved"]),
            "paid": _ratio(own["paid_online"], own["fee_dossiers"]),
            "digitised": _ratio(own["digitised"], own["received"]),
            "eresult": _ratio(own["electronic_result"], own["resolved"]),
            "services": _ratio(
                own["procedures_online_with_online_dossiers"], own["procedures_online"]
            ),
            "rows": rows,
            "period_choices": _period_choices(scope.period),
            "can_import": can(request.user, Action.DOSSIERS_IMPORT),
        },
    )


# ------------------------------------------------------------------------ the 766


def _kind(request: HttpRequest, scope: Scope) -> str:
    kind = request.GET.get("kind", "")
    if kind in selectors.KIND_CHOICES:
        return kind
    return "department" if scope.unit.kind == "province" else "commune"


@login_required
def index766(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    kind = _kind(request, scope)
    table = selectors.index_table(
        parent=scope.unit, period=scope.period, kind=kind, version=request.GET.get("version", "")
    )
    if request.GET.get("format") == "xlsx":
        return _index_xlsx(table)
    return render(
        request,
        "dossiers/index766.html",
        {
            "scope": scope,
            "table": table,
            "kind": kind,
            "kinds": [(k, _kind_label(k)) for k in selectors.KIND_CHOICES],
            "versions": idx.available_versions(),
            "period_choices": _period_choices(scope.period),
            "insufficient": idx.INSUFFICIENT_DATA_VI,
        },
    )


def _kind_label(kind: str) -> str:
    return {
        "department": _("Departments"),
        "district": _("Districts"),
        "commune": _("Communes and wards"),
    }[kind]


def _index_xlsx(table: selectors.IndexTable) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Bộ chỉ số 766"
    ws.append(
        [
            f"Bộ chỉ số 766 — {table.parent.name} — {table.period.label_vi()} — "
            f"{table.config.version}"
        ]
    )
    ws["A1"].font = Font(bold=True)
    groups = list(table.config.groups)
    ws.append(
        [_("Rank"), _("Unit")]
        + [f"{g.name_vi} ({g.max_points})" for g in groups]
        + [_("Score (of the points with data)"), _("Points with data"), _("Score /100"), _("Band")]
    )
    for row in [*table.rows, table.total]:
        result = row.result
        ws.append(
            [row.rank, row.unit.name]
            + [None if g.score is None else float(round(g.score, 2)) for g in result.groups]
            + [
                None if result.total is None else float(round(result.total, 2)),
                float(result.max_attainable),
                None if result.normalized is None else float(round(result.normalized, 2)),
                result.band.name_vi if result.band else idx.INSUFFICIENT_DATA_VI,
            ]
        )
    ws.column_dimensions["B"].width = 40
    return _xlsx_response(wb, f"chi-so-766-{table.period.code}.xlsx")


def _xlsx_response(wb: Any, name: str) -> HttpResponse:
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def index766_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    """One unit's 766 index: every sub-indicator with its counts, each a link to the
    dossiers (or procedures, feedback) behind it."""
    scope = _scope(request)
    unit = orgunit_get_for_user(user=request.user, unit_id=unit_id)
    row = selectors.index_for_unit(
        unit=unit, period=scope.period, version=request.GET.get("version", "")
    )
    lines = []
    for group in row.result.groups:
        items = []
        for ind in group.indicators:
            terms = []
            for side in ("numerator", "denominator"):
                for term in getattr(ind.indicator, side) or ():
                    if isinstance(term, str):
                        terms.append(
                            (side, term, row.counts.get(term), _drill_url(term, unit, scope.period))
                        )
            items.append({"result": ind, "terms": terms})
        lines.append({"group": group, "items": items})
    return render(
        request,
        "dossiers/index766_unit.html",
        {
            "scope": Scope(scope.province, unit, scope.period),
            "row": row,
            "lines": lines,
            "names": {
                **idx.DOSSIER_COUNTS,
                **idx.PROCEDURE_COUNTS,
                **idx.FEEDBACK_COUNTS,
                **idx.REPORTED_COUNTS,
                **idx.SUPPLEMENTARY_COUNTS,
            },
            "period_choices": _period_choices(scope.period),
            "insufficient": idx.INSUFFICIENT_DATA_VI,
        },
    )


def _drill_url(count: str, unit: OrgUnit, period: Period) -> str | None:
    query = urlencode({"unit": str(unit.pk), "period": period.code, "count": count})
    if count in selectors.DRILL_KINDS:
        return f"{reverse('dossiers:list')}?{query}"
    if count.startswith("procedures_"):
        return f"{reverse('dossiers:procedures')}?{query}"
    if count.startswith("feedback_") and count in idx.FEEDBACK_COUNTS:
        return f"{reverse('dossiers:feedback')}?{query}"
    return None


# ------------------------------------------------------------------- dossier lists


def _filter(request: HttpRequest) -> selectors.DossierFilter:
    g = request.GET
    unit = None
    if g.get("unit", "").isdigit():
        unit = orgunit_get_for_user(user=request.user, unit_id=int(g["unit"]))
    period = None
    if g.get("period"):
        try:
            period = Period.parse(g["period"])
        except PeriodParseError:
            messages.error(request, _("Unknown period “%(value)s”.") % {"value": g["period"]})
    start = parse_date(g.get("from", "")) if g.get("from") else None
    end = parse_date(g.get("to", "")) if g.get("to") else None
    status = int(g["status"]) if g.get("status", "").isdigit() else None
    count = g.get("count", "")
    if count and count not in selectors.DRILL_KINDS:
        count = ""
    return selectors.DossierFilter(
        unit=unit,
        period=period,
        start=start,
        end=end,
        count=count,
        q=g.get("q", "").strip(),
        procedure=g.get("procedure", "").strip(),
        status=status,
    )


COUNT_LABELS = {**idx.DOSSIER_COUNTS, "in_progress": "Số hồ sơ đang giải quyết"}


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    f = _filter(request)
    qs = selectors.dossier_list(f)
    if request.GET.get("format") == "xlsx":
        return _dossiers_xlsx(qs, f)
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    extra_units: list[OrgUnit] = []
    if f.unit is not None and f.period is not None:
        _ids, extra_units = selectors.drill_units(f.unit, f.period.start, f.period.end)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "dossiers/dossier_list.html",
        {
            "f": f,
            "page": page,
            "count_label": COUNT_LABELS.get(f.count, ""),
            "statuses": Status.choices,
            "query": params.urlencode(),
            "extra_units": extra_units,
        },
    )


def _dossiers_xlsx(qs: Any, f: selectors.DossierFilter) -> HttpResponse:
    from django.utils import timezone
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Hồ sơ")
    ws.append(
        [
            "MaHoSo",
            "MaTTHC",
            "TenTTHC",
            "KenhThucHien",
            "TrangThaiHoSo",
            "NgayTiepNhan",
            "NgayHenTra",
            "NgayKetThucXuLy",
            "NgayTra",
            "DonViXuLy",
            _("On time"),
            _("Overdue from"),
        ]
    )

    def local(value: Any) -> Any:
        return None if value is None else timezone.localtime(value).replace(tzinfo=None)

    for d in qs[:EXPORT_LIMIT].iterator(chunk_size=2000):
        ws.append(
            [
                d.code,
                d.procedure.code,
                d.procedure.name,
                d.channel,
                d.status,
                local(d.received_at),
                local(d.due_at),
                local(d.finished_at),
                local(d.returned_at),
                d.unit.name,
                None if d.on_time is None else (1 if d.on_time else 0),
                local(d.overdue_at),
            ]
        )
    name = f"ho-so-{f.count or 'danh-sach'}-{f.period.code if f.period else 'tim-kiem'}.xlsx"
    return _xlsx_response(wb, name)


@login_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get(code)
    return render(request, "dossiers/dossier_detail.html", {"d": dossier})


@login_required
def procedure_list(request: HttpRequest) -> HttpResponse:
    f = _filter(request)
    qs, counts = selectors.procedure_list(
        unit=f.unit, period=f.period, count=request.GET.get("count", ""), q=f.q
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for procedure in page:
        procedure.n = counts.get(procedure.pk, 0)  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "dossiers/procedure_list.html",
        {
            "f": f,
            "page": page,
            "count_label": idx.PROCEDURE_COUNTS.get(request.GET.get("count", ""), ""),
            "query": params.urlencode(),
        },
    )


@login_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    f = _filter(request)
    count = request.GET.get("count", "")
    qs = selectors.feedback_list(unit=f.unit, period=f.period, count=count)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "dossiers/feedback_list.html",
        {
            "f": f,
            "page": page,
            "count_label": idx.FEEDBACK_COUNTS.get(count, ""),
            "query": params.urlencode(),
        },
    )


# ------------------------------------------------------------------------- imports


@login_required
def imports(request: HttpRequest) -> HttpResponse:
    """Upload a file to import (queued as a background job) and the recent runs."""
    require(request.user, Action.DOSSIERS_IMPORT)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.import_submit(
                actor=request.user,  # type: ignore[arg-type]
                kind=form.cleaned_data["kind"],
                file=upload,
                file_name=upload.name,
                mode=form.cleaned_data["mode"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            jobs.kick()
            messages.success(request, _("The file is queued for import."))
            return redirect("dossiers:import_run", pk=run.pk)
    runs = selectors.import_runs()[:30]
    return render(
        request,
        "dossiers/imports.html",
        {"form": form, "runs": runs},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.DOSSIERS_IMPORT)
    run = selectors.import_run_get(pk)
    context = {"run": run}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "dossiers/partials/run_progress.html", context)
    errors = Paginator(run.row_errors.order_by("line", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "dossiers/import_run.html",
        {
            **context,
            "errors": errors,
            "unknown_names": selectors.unknown_unit_names(run),
            "mapping_form": MappingForm(),
        },
    )


@login_required
def import_errors_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.DOSSIERS_IMPORT)
    from openpyxl import Workbook

    run = selectors.import_run_get(pk)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Lỗi")
    ws.append([_("Line"), _("Column"), _("Reason"), _("Value"), _("Warning")])
    for e in run.row_errors.order_by("line", "id").iterator(chunk_size=2000):
        ws.append([e.line, e.field, e.message, e.value, 1 if e.warning else 0])
    return _xlsx_response(wb, f"loi-nhap-{run.pk}.xlsx")


@login_required
def mappings(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.DOSSIERS_IMPORT)
    form = MappingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_mapping_save(
                actor=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                unit=form.cleaned_data["unit"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Mapping saved: later imports use it."))
            return redirect(request.POST.get("next") or "dossiers:mappings")
    items = UnitNameMapping.objects.select_related("unit").order_by("name")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dossiers/mappings.html",
        {"form": form, "page": page},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def mapping_delete(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = get_object_or_404(UnitNameMapping, pk=pk)
    try:
        services.unit_mapping_delete(actor=request.user, mapping=mapping)  # type: ignore[arg-type]
    except PermissionDenied:
        raise
    messages.success(request, _("Mapping removed."))
    return redirect("dossiers:mappings")


__all__ = ["ImportRun"]
