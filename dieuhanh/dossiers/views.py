"""Dịch vụ công screens: parse the request, ask one selector or service, render."""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.permissions import Action, can, home_unit, require
from dieuhanh.core import index766 as idx
from dieuhanh.core.periods import Period, PeriodParseError, parse_period
from dieuhanh.core.vnformat import format_number
from dieuhanh.dossiers import jobs, selectors, services
from dieuhanh.dossiers.forms import ListFilterForm, MappingForm, UploadForm
from dieuhanh.dossiers.importing import SPECS
from dieuhanh.dossiers.labels import count_title, count_titles
from dieuhanh.dossiers.models import Dossier, ImportRun, Procedure, Status, UnitNameMapping
from dieuhanh.indicators.selectors import comparison_children, default_period, years_with_data
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import orgunit_get_for_user, orgunit_province
from dieuhanh.web.params import id_param

PAGE_SIZE = 50
#: The most rows a dossier export holds; a larger result is refused with a message.
EXPORT_LIMIT = 100_000


@dataclass
class Scope:
    province: OrgUnit
    unit: OrgUnit
    period: Period

    def query(self, **extra: Any) -> str:
        params = {"unit": self.unit.pk, "period": self.period.code, **extra}
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _default_period() -> Period:
    return default_period()  # the same year every screen opens on


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
    unit = home_unit(request.user, province)
    raw = request.GET.get("unit", "").strip()
    if (unit_id := id_param(raw)) is not None:
        unit = orgunit_get_for_user(user=request.user, unit_id=unit_id)
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


# ------------------------------------------------------------------------ overview

REST_COUNTS = ("received", "received_online", "resolved", "resolved_on_time", "resolved_late")


def _rest(own: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The "not in any unit above" row (``selectors.counts_not_in``) with its ratios."""
    rest = selectors.counts_not_in(own, parts, REST_COUNTS)
    if rest is None:
        return None
    return {
        "f": rest,
        "online": _ratio(rest["received_online"], rest["received"]),
        "on_time": _ratio(rest["resolved_on_time"], rest["resolved"]),
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Dịch vụ công: the unit's figures for the period, and its sub-units side by side."""
    scope = _scope(request)
    children = comparison_children(scope.unit, scope.period)
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
    rest = _rest(own, [r["f"] for r in rows]) if rows else None
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
            "rest": rest,
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
            f"{table.config.title_vi or table.config.version}"
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
                _band_text(result),
            ]
        )
    ws.column_dimensions["B"].width = 40
    return _xlsx_response(wb, f"chi-so-766-{table.period.code}.xlsx")


def _band_text(result: idx.IndexResult) -> str:
    """The band, "provisional" when some sub-indicator lacks data (as on the screen)."""
    if result.band is None:
        return idx.INSUFFICIENT_DATA_VI
    if result.complete:
        return result.band.name_vi
    return f"{result.band.name_vi} ({_('provisional')})"


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
            "names": count_titles(),
            "period_choices": _period_choices(scope.period),
            "insufficient": idx.INSUFFICIENT_DATA_VI,
            "keep": [("version", row.result.version)],
            # The unit is in this page's path: the links to the province and the parent
            # open their own 766 pages (a bare "?period=" reloaded this unit).
            "province_url": _index766_unit_url(scope.province.pk, scope.period, row),
            "parent_url": _index766_unit_url(unit.parent_id, scope.period, row)
            if unit.parent_id
            else "",
        },
    )


def _index766_unit_url(unit_id: int, period: Period, row: Any) -> str:
    query = urlencode({"period": period.code, "version": row.result.version})
    return f"{reverse('dossiers:index766_unit', args=[unit_id])}?{query}"


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


@dataclass
class Filtered:
    """A list's filter as understood, and the form that read it (with its errors)."""

    filter: selectors.DossierFilter
    form: ListFilterForm

    @property
    def valid(self) -> bool:
        return not self.form.errors

    @property
    def errors(self) -> list[str]:
        """Every error, prefixed by the label of the filter it is about."""
        out: list[str] = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else None
            out += [f"{label}: {e}" if label else str(e) for e in errors]
        return out


def _filter(request: HttpRequest, counts: Collection[str] | None = None) -> Filtered:
    """Read the list filters; with ``counts``, ``count`` must be one of them."""
    form = ListFilterForm(request.GET, counts=counts)
    form.is_valid()
    data = form.cleaned_data
    unit = None
    if data.get("unit") is not None:
        unit = orgunit_get_for_user(user=request.user, unit_id=data["unit"])
    f = selectors.DossierFilter(
        unit=unit,
        period=data.get("period"),
        start=data.get("from"),
        end=data.get("to"),
        count=data.get("count") or "",
        q=(data.get("q") or "").strip(),
        procedure=(data.get("procedure") or "").strip(),
        status=data.get("status"),
    )
    return Filtered(f, form)


DOSSIER_LIST_COUNTS = {*idx.DOSSIER_COUNTS, "in_progress"}


def _count_label(count: str, of_this_list: Collection[str]) -> str:
    """The list's heading: the figure's title, when it is a figure of this list."""
    return count_title(count) if count in of_this_list else ""


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    filtered = _filter(request, counts=selectors.DRILL_KINDS)
    f = filtered.filter
    qs = selectors.dossier_list(f)
    if not filtered.valid:
        qs = qs.none()  # never a list with a filter silently dropped
    elif request.GET.get("format") == "xlsx":
        return _dossiers_xlsx(request, qs, f)
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    extra_units: list[OrgUnit] = []
    if f.unit is not None and f.period is not None:
        _ids, extra_units = selectors.drill_units(f.unit, f.period.start, f.period.end)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return render(
        request,
        "dossiers/dossier_list.html",
        {
            "f": f,
            "form": filtered.form,
            "filter_errors": filtered.errors,
            "page": page,
            "count_label": _count_label(f.count, DOSSIER_LIST_COUNTS),
            "statuses": Status.choices,
            "query": params.urlencode(),
            "extra_units": extra_units,
        },
        status=200 if filtered.valid else 422,
    )


def _label(model: Any, name: str) -> str:
    """A field's label as the screens show it: "Ngày tiếp nhận (NgayTiepNhan)"."""
    return str(capfirst(model._meta.get_field(name).verbose_name))


def _dossiers_xlsx(request: HttpRequest, qs: Any, f: selectors.DossierFilter) -> HttpResponse:
    """The dossiers as a workbook, at most ``EXPORT_LIMIT`` of them: a larger result is
    refused with a message (a cut-off workbook would look complete)."""
    from django.utils import timezone
    from openpyxl import Workbook

    if qs[: EXPORT_LIMIT + 1].count() > EXPORT_LIMIT:
        messages.error(
            request,
            _(
                "%(n)s dossiers match this search, more than the %(limit)s rows an export "
                "can hold. Narrow the search (period, unit, status, dates…) and export again."
            )
            % {"n": format_number(qs.count()), "limit": format_number(EXPORT_LIMIT)},
        )
        params = request.GET.copy()
        params.pop("format", None)
        return redirect(f"{reverse('dossiers:list')}?{params.urlencode()}")

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Hồ sơ")
    # As an official would set it up: the header frozen and filterable, dates as dates in
    # dd/mm/yyyy hh:mm, columns wide enough to read.
    ws.freeze_panes = "A2"
    widths = (28, 14, 50, 14, 26, 17, 17, 17, 17, 34, 9, 17)
    for letter, width in zip("ABCDEFGHIJKL", widths, strict=True):
        ws.column_dimensions[letter].width = width
    bold = Font(bold=True)

    def heading(text: str) -> Any:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        return cell

    headings = [
        _label(Dossier, "code"),
        _label(Procedure, "code"),
        f"{_('Procedure')} (TenTTHC)",
        f"{_('Channel')} (KenhThucHien)",
        f"{_('Current status')} (TrangThaiHoSo)",
        _label(Dossier, "received_at"),
        _label(Dossier, "due_at"),
        _label(Dossier, "finished_at"),
        _label(Dossier, "returned_at"),
        f"{_('Receiving unit')} (DonViXuLy)",
        _("On time"),
        _("Due date after supplement waits"),
    ]
    ws.append([heading(text) for text in headings])

    def local(value: Any) -> Any:
        if value is None:
            return None
        moment = timezone.localtime(value).replace(tzinfo=None, microsecond=0)
        cell = WriteOnlyCell(ws, value=moment)
        cell.number_format = "dd/mm/yyyy hh:mm"
        return cell

    rows = 1
    for d in qs[:EXPORT_LIMIT].iterator(chunk_size=2000):
        rows += 1
        ws.append(
            [
                d.code,
                d.procedure.code,
                d.procedure.name,
                str(d.get_channel_display()),
                f"{d.status}. {d.get_status_display()}",
                local(d.received_at),
                local(d.due_at),
                local(d.finished_at),
                local(d.returned_at),
                d.unit.name,
                None if d.on_time is None else (1 if d.on_time else 0),
                local(d.overdue_at),
            ]
        )
    ws.auto_filter.ref = f"A1:L{rows}"
    name = f"ho-so-{f.count or 'danh-sach'}-{f.period.code if f.period else 'tim-kiem'}.xlsx"
    return _xlsx_response(wb, name)


@login_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get(code)
    return render(request, "dossiers/dossier_detail.html", {"d": dossier})


@login_required
def procedure_list(request: HttpRequest) -> HttpResponse:
    filtered = _filter(request)
    f = filtered.filter
    qs, counts = selectors.procedure_list(
        unit=f.unit, period=f.period, count=request.GET.get("count", ""), q=f.q
    )
    if not filtered.valid:
        qs = qs.none()
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
            "count_label": _count_label(request.GET.get("count", ""), idx.PROCEDURE_COUNTS),
            "query": params.urlencode(),
            "filter_errors": filtered.errors,
        },
        status=200 if filtered.valid else 422,
    )


@login_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    filtered = _filter(request)
    f = filtered.filter
    count = request.GET.get("count", "")
    qs = selectors.feedback_list(unit=f.unit, period=f.period, count=count)
    if not filtered.valid:
        qs = qs.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "dossiers/feedback_list.html",
        {
            "f": f,
            "page": page,
            "count_label": _count_label(count, idx.FEEDBACK_COUNTS),
            "query": params.urlencode(),
            "filter_errors": filtered.errors,
        },
        status=200 if filtered.valid else 422,
    )


# ------------------------------------------------------------------------- imports


@login_required
def imports(request: HttpRequest) -> HttpResponse:
    """Upload a file to import (queued as a background job) and the recent runs."""
    require(request.user, Action.DOSSIERS_IMPORT)
    if request.method == "GET" and "template" in request.GET:
        return _import_template(request.GET["template"])
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
        {
            "form": form,
            "runs": runs,
            "formats": _import_formats(),
            "date_help": _("dd/mm/yyyy hh:mm:ss, yyyy-mm-ddThh:mm:ss (ISO 8601) or yyyymmddhhmmss"),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


def _import_formats() -> list[dict[str, Any]]:
    """Each kind of file: its columns, the required ones, and where its template is."""
    return [
        {
            "kind": kind,
            "label": ImportRun.Kind(kind).label,
            "columns": spec.columns,
            "required": spec.required,
            "lists": spec.lists,
            "url": f"{reverse('dossiers:imports')}?{urlencode({'template': kind})}",
        }
        for kind, spec in SPECS.items()
    ]


def _import_template(kind: str) -> HttpResponse:
    """An empty CSV file of one kind (its header row), to fill in and import."""
    spec = SPECS.get(kind)  # type: ignore[call-overload]
    if spec is None:
        raise Http404(_("Unknown kind of import: %(kind)s.") % {"kind": kind})
    buffer = StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(spec.columns)
    # With a BOM, Excel opens the file as UTF-8 (Vietnamese names stay readable).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mau-{kind}.csv"'
    return response


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
            mapping = services.unit_mapping_save(
                actor=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                unit=form.cleaned_data["unit"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Mapping saved: later imports use it."))
            replaced = getattr(mapping, "replaced", None)
            if replaced is not None:
                messages.warning(
                    request,
                    _("It replaces the mapping “%(name)s” → %(unit)s.")
                    % {"name": replaced[0], "unit": replaced[1]},
                )
            # Back to the import the name came from, but only to a page of this site.
            back = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                back = ""
            return redirect(back or "dossiers:mappings")
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
