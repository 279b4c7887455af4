"""Chỉ tiêu screens: parse the request, ask the selectors, render. No arithmetic here."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dieuhanh.accounts.permissions import Action, can
from dieuhanh.core.periods import Period, PeriodParseError, parse_period
from dieuhanh.core.rollup import Figure
from dieuhanh.indicators import selectors, services
from dieuhanh.indicators.forms import ValueForm
from dieuhanh.indicators.models import DataValue, Indicator, Measure, Plan
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import orgunit_get_for_user, orgunit_province
from dieuhanh.web.params import id_param


@dataclass
class Scope:
    province: OrgUnit
    unit: OrgUnit
    period: Period


def _scope(request: HttpRequest) -> Scope:
    """The unit and period a page is about, from ``?unit=&period=``; bad input is reported
    in Vietnamese and replaced by the defaults (the province; the latest year with data)."""
    province = orgunit_province()
    if province is None:
        raise Http404(_("No province has been loaded yet."))
    unit = province
    if raw_unit := request.GET.get("unit", "").strip():
        if raw_unit.isdigit():
            unit = orgunit_get_for_user(user=request.user, unit_id=int(raw_unit))
        else:
            messages.error(request, _("Unknown unit “%(value)s”.") % {"value": raw_unit})
    period = selectors.default_period()
    if raw_period := request.GET.get("period", "").strip():
        try:
            period = parse_period(raw_period)
        except PeriodParseError as exc:
            messages.error(request, str(exc))
    return Scope(province, unit, period)


def _period_choices(period: Period) -> list[Period]:
    """The same choices as the operations centre's picker: for every year with data
    (newest first) the year, 9 months, both halves and the quarters; the page's own
    period is always among them."""
    years = selectors.years_with_data() or [period.year]
    choices: list[Period] = []
    for y in sorted(years, reverse=True):
        choices += [Period.of_year(y), Period.of_nine_months(y)]
        choices += [Period.of_half(y, 2), Period.of_half(y, 1)]
        choices += [Period.of_quarter(y, q) for q in (4, 3, 2, 1)]
    if period not in choices:
        choices.insert(0, period)
    return choices


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    overview = selectors.pillar_overview(
        unit=scope.unit, period=scope.period, province=scope.province
    )
    return render(
        request,
        "indicators/index.html",
        {
            "scope": scope,
            "overview": overview,
            "period_choices": _period_choices(scope.period),
            "plans": selectors.plans(),
            "can_enter": _may_enter_values(request),
        },
    )


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    scope = _scope(request)
    indicator = get_object_or_404(Indicator.objects.select_related("pillar"), code=code)
    comparison = selectors.indicator_comparison(
        indicator=indicator,
        parent=scope.unit,
        period=scope.period,
        sort=request.GET.get("sort", ""),
    )
    trend = selectors.indicator_trend(indicator=indicator, unit=scope.unit, period=scope.period)
    return render(
        request,
        "indicators/detail.html",
        {
            "scope": scope,
            "indicator": indicator,
            "figure": selectors.indicator_figure_for(
                indicator=indicator, unit=scope.unit, period=scope.period
            ),
            "trend": trend,
            "comparison": comparison,
            "formula": selectors.formula_text(indicator),
            "period_choices": _period_choices(scope.period),
            "sort": request.GET.get("sort", ""),
        },
    )


@login_required
def comparison_export(request: HttpRequest, code: str) -> HttpResponse:
    """The units-comparison table as an Excel file, the same figures as the page."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    scope = _scope(request)
    indicator = get_object_or_404(Indicator, code=code)
    comparison = selectors.indicator_comparison(
        indicator=indicator,
        parent=scope.unit,
        period=scope.period,
        sort=request.GET.get("sort", ""),
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "So sánh"
    ws.append([f"{indicator.name} — {scope.unit.name} — {scope.period.label_vi()}"])
    ws["A1"].font = Font(bold=True)
    ws.append(
        [
            _("Rank"),
            _("Unit"),
            f"{_('Value')} ({indicator.unit_of_measure})",
            _("Numerator"),
            _("Denominator"),
            _("Completeness"),
        ]
    )
    number_format = "0" if not indicator.decimals else "0." + "0" * indicator.decimals
    lines: list[tuple[int | None, str, Figure]] = [
        (row.rank, row.unit.name, row.figure) for row in comparison.rows
    ]
    if comparison.rows and comparison.remainder is not None:
        # What the total counts that no unit does, so that the rows add up to it.
        label = _(
            "Not in any unit above (own activity of %(unit)s or of units that have ended)"
        ) % {"unit": comparison.parent.name}
        lines.append((None, label, comparison.remainder))
    for rank, name, f in lines:
        ws.append(
            [
                rank,
                name,
                None if f.value is None else float(round(f.value, indicator.decimals)),
                None if f.numerator is None else float(f.numerator),
                None if f.denominator is None else float(f.denominator),
                None if f.completeness is None else float(f.completeness),
            ]
        )
        ws.cell(ws.max_row, 3).number_format = number_format
        ws.cell(ws.max_row, 6).number_format = "0%"
    ws.column_dimensions["B"].width = 40
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{code}-{scope.period.code}.xlsx"'
    return response


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/plans.html", {"plans": selectors.plans()})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    province = orgunit_province()
    if province is None:
        raise Http404
    card, evaluations = selectors.plan_scorecard(plan=plan, province=province)
    return render(
        request, "indicators/plan.html", {"plan": plan, "card": card, "evaluations": evaluations}
    )


@login_required
def value_entry(request: HttpRequest) -> HttpResponse:
    """Enter or correct one value, and see its history. Reporters for their own unit,
    coordinators for any; the service decides."""
    ids = {k: id_param(request.GET.get(k)) for k in ("measure", "unit")}
    initial: dict[str, Any] = {k: v for k, v in ids.items() if v is not None}
    if request.GET.get("period"):
        initial["period"] = request.GET["period"]
    form = ValueForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.value_set(
                actor=request.user,  # type: ignore[arg-type]
                measure=form.cleaned_data["measure"],
                unit=form.cleaned_data["unit"],
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Value saved."))
            return redirect(
                f"{request.path}?measure={form.cleaned_data['measure'].pk}"
                f"&unit={form.cleaned_data['unit'].pk}&period={form.cleaned_data['period']}"
            )
    history: list[object] = []
    current = None
    lookup = form.cleaned_data if form.is_bound and form.is_valid() else initial
    if lookup.get("measure") and lookup.get("unit") and lookup.get("period"):
        measure = (
            lookup["measure"]
            if isinstance(lookup["measure"], Measure)
            else Measure.objects.filter(pk=lookup["measure"]).first()
        )
        unit = (
            lookup["unit"]
            if isinstance(lookup["unit"], OrgUnit)
            else OrgUnit.objects.filter(pk=lookup["unit"]).first()
        )
        if measure and unit:
            history = selectors.value_history(
                measure=measure, unit=unit, period=str(lookup["period"])
            )
            current = DataValue.objects.filter(
                measure=measure, unit=unit, period=lookup["period"]
            ).first()
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request,
        "indicators/value_entry.html",
        {
            "form": form,
            "history": history,
            "current": current,
            "can_enter": _may_enter_values(request),
        },
        status=status,
    )


def _may_enter_values(request: HttpRequest) -> bool:
    """Whether the page offers the form: roles that may enter values somewhere (a
    reporter for their own unit). The service still decides each save."""
    user = request.user
    return can(user, Action.DATA_ENTER, getattr(user, "unit", None))
