"""/api/v1/indicators, /values, /plans, /targets: the same selectors as the screens."""
# No "from __future__ import annotations" here: ninja reads the annotations at runtime.

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from dieuhanh.core.periods import Period, PeriodParseError, parse_period
from dieuhanh.indicators import selectors
from dieuhanh.indicators.models import Indicator, Plan, Target
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import orgunit_province

router = Router(tags=["indicators"])
MAX_CELLS = 50_000


class IndicatorOut(Schema):
    code: str
    name: str
    pillar: str
    unit_of_measure: str
    direction: str
    decimals: int
    factor: Decimal
    numerator: list[str]
    denominator: list[str]


def _indicator_out(ind: Indicator) -> dict[str, object]:
    terms = list(ind.terms.all())
    return {
        "code": ind.code,
        "name": ind.name,
        "pillar": ind.pillar.code,
        "unit_of_measure": ind.unit_of_measure,
        "direction": ind.direction,
        "decimals": ind.decimals,
        "factor": ind.factor,
        "numerator": [t.measure.code for t in terms if t.part == "num"],
        "denominator": [t.measure.code for t in terms if t.part == "den"],
    }


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request: HttpRequest) -> list[dict[str, object]]:
    """The indicator catalogue with each formula's measures."""
    return [_indicator_out(i) for i in selectors.indicators_with_terms()]


class ValueOut(Schema):
    indicator: str
    unit_id: int
    unit: str
    period: str
    value: float | None
    numerator: float | None
    denominator: float | None
    reported: int
    expected: int | None
    completeness: float | None
    basis: str | None


def _num(value: Decimal | None) -> float | None:
    """JSON numbers, rounded to 10 decimal places; missing stays null."""
    return None if value is None else float(round(value, 10))


class ValuesQuery(Schema):
    indicator: list[str] = []
    unit: list[int] = []
    period: list[str] = []


def _periods(codes: list[str]) -> list[Period]:
    try:
        return [parse_period(c) for c in codes]
    except PeriodParseError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get("/values", response=list[ValueOut])
def indicator_values(request: HttpRequest, filters: Query[ValuesQuery]) -> list[dict[str, object]]:
    """Indicator values for any units × periods (repeat the parameters:
    ``?indicator=ho-so-truc-tuyen&unit=1&unit=5&period=2024&period=2024-Q3``).
    Without ``unit``: the province; without ``indicator``: all. Missing values are null,
    never 0, with the completeness of what was reported."""
    periods = _periods(filters.period or [selectors.default_period().code])
    province = orgunit_province()
    unit_ids = filters.unit or ([province.pk] if province else [])
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=unit_ids)}
    if missing := sorted(set(unit_ids) - set(units)):
        raise HttpError(404, f"Không có đơn vị: {missing}")
    qs = Indicator.objects.filter(code__in=filters.indicator) if filters.indicator else None
    indicators = selectors.indicators_with_terms(qs)
    if filters.indicator and len(indicators) != len(set(filters.indicator)):
        unknown = sorted(set(filters.indicator) - {i.code for i in indicators})
        raise HttpError(404, f"Không có chỉ số: {', '.join(unknown)}")
    if len(indicators) * len(units) * len(periods) > MAX_CELLS:
        raise HttpError(400, f"Yêu cầu quá lớn: tối đa {MAX_CELLS} giá trị một lần.")
    figures = selectors.indicator_figures(
        indicators=indicators, unit_ids=list(units), periods=periods
    )
    out = []
    for ind in indicators:
        for uid, unit in units.items():
            for p in periods:
                f = figures[(ind.pk, uid, p.code)]
                out.append(
                    {
                        "indicator": ind.code,
                        "unit_id": uid,
                        "unit": unit.name,
                        "period": p.code,
                        "value": _num(f.value),
                        "numerator": _num(f.numerator),
                        "denominator": _num(f.denominator),
                        "reported": f.reported,
                        "expected": f.expected,
                        "completeness": _num(f.completeness),
                        "basis": f.basis,
                    }
                )
    return out


class TargetOut(Schema):
    id: int
    plan: str
    indicator: str
    unit_id: int | None
    year: int
    comparator: str
    value: float
    evidence: str


class EvaluationOut(TargetOut):
    status: str
    status_label: str
    current_year: int | None
    current_value: float | None
    baseline_year: int | None
    baseline_value: float | None
    ratio: float | None
    explanation: str


class PlanOut(Schema):
    id: int
    number: str
    title: str
    issuer: str
    issued_on: date | None
    year_from: int
    year_to: int


class ScorecardOut(PlanOut):
    met: int
    total: int
    summary: str
    targets: list[EvaluationOut]


def _target_out(t: Target) -> dict[str, object]:
    return {
        "id": t.pk,
        "plan": t.plan.number,
        "indicator": t.indicator.code,
        "unit_id": t.unit_id,
        "year": t.year,
        "comparator": t.comparator,
        "value": _num(t.value),
        "evidence": t.evidence,
    }


def _plan_out(p: Plan) -> dict[str, object]:
    return {
        "id": p.pk,
        "number": p.number,
        "title": p.title,
        "issuer": p.issuer.name if p.issuer else p.issuer_name,
        "issued_on": p.issued_on,
        "year_from": p.year_from,
        "year_to": p.year_to,
    }


@router.get("/plans", response=list[PlanOut])
def list_plans(request: HttpRequest) -> list[dict[str, object]]:
    return [_plan_out(p) for p in selectors.plans()]


@router.get("/plans/{plan_id}/scorecard", response=ScorecardOut)
def plan_scorecard(request: HttpRequest, plan_id: int) -> dict[str, object]:
    """Each target of the plan with its verdict and the numbers behind it ("đạt X/Y")."""
    plan = get_object_or_404(Plan.objects.select_related("issuer"), pk=plan_id)
    province = orgunit_province()
    if province is None:
        raise HttpError(404, "Chưa có dữ liệu đơn vị.")
    card, evaluations = selectors.plan_scorecard(plan=plan, province=province)
    return {
        **_plan_out(plan),
        "met": card.met,
        "total": card.total,
        "summary": card.summary_vi(),
        "targets": [
            {
                **_target_out(e.target),
                "status": e.result.status.value,
                "status_label": e.result.label_vi,
                "current_year": e.result.current_year,
                "current_value": _num(e.result.current_value),
                "baseline_year": e.result.baseline_year,
                "baseline_value": _num(e.result.baseline_value),
                "ratio": _num(e.result.ratio),
                "explanation": e.result.explanation,
            }
            for e in evaluations
        ],
    }


@router.get("/targets", response=list[TargetOut])
def list_targets(
    request: HttpRequest, plan: str | None = None, indicator: str | None = None
) -> list[dict[str, object]]:
    qs = Target.objects.select_related("plan", "indicator").order_by("plan", "order", "id")
    if plan:
        qs = qs.filter(plan__number=plan)
    if indicator:
        qs = qs.filter(indicator__code=indicator)
    return [_target_out(t) for t in qs]
