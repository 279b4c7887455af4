"""Reads of measures, indicators, targets and plans. Every screen, API answer and report
asks these, so a figure is the same wherever it is shown.

The arithmetic is ``dieuhanh.core.rollup``; this module fetches what it needs in a few
aggregate queries (one per measure frequency and segment of time) and caches the result
under the data version, which every write bumps.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Prefetch, QuerySet, Sum
from django.utils import timezone

from dieuhanh.core import progress
from dieuhanh.core.periods import Period
from dieuhanh.core.rollup import (
    Cell,
    Figure,
    Lineage,
    UnitGraph,
    UnitInfo,
    combine_over_time,
    indicator_figure,
    inherited,
    rollup_segment,
    segments,
    subperiods,
)
from dieuhanh.indicators.models import (
    DataValue,
    DataVersion,
    Indicator,
    IndicatorTerm,
    Measure,
    Pillar,
    Plan,
    Target,
)
from dieuhanh.orgunits.models import OrgUnit, OrgUnitLineage

CACHE_SECONDS = 3600


def data_version() -> int:
    row = DataVersion.objects.filter(key="values").values_list("version", flat=True).first()
    return int(row or 0)


def unit_graph() -> UnitGraph:
    units = [
        UnitInfo(*row)
        for row in OrgUnit.objects.values_list("id", "parent_id", "kind", "valid_from", "valid_to")
    ]
    links = [
        Lineage(*row)
        for row in OrgUnitLineage.objects.values_list("predecessor_id", "successor_id", "share")
    ]
    return UnitGraph(units, links)


def _cache_key(prefix: str, *parts: Iterable[object]) -> str:
    digest = hashlib.sha1(
        "|".join(",".join(map(str, p)) for p in parts).encode(), usedforsecurity=False
    ).hexdigest()
    return f"dieuhanh:{prefix}:{data_version()}:{digest}"


class _LocalFigures:
    """Figures computed in this process, kept as objects (not pickled), least recently used
    first out, up to ``limit`` figures in all.

    The shared cache holds only a marker under the same key (which has the data version
    in it): a figure is served from here while the marker is there, so ``cache.clear()``
    and every write still invalidate it, and nothing big is pickled. Pickling the 25,000
    figures of a units × indicators matrix took 230 ms of its cold computation and
    unpickling them was all of a warm read (docs/performance.md). Another process finds
    the marker but not the figures and computes them once for itself.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[str, Mapping[tuple[int, int, str], Figure]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Mapping[tuple[int, int, str], Figure] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, figures: Mapping[tuple[int, int, str], Figure]) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = figures
            self._size += len(figures)
            while self._size > self.limit and len(self._items) > 1:
                _key, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


# About 400,000 figures: ~16 matrices of 250 units × 100 indicators, ~400 MB at most.
LOCAL_FIGURES = _LocalFigures(limit=400_000)
_LOCAL_MARKER = "dieuhanh:figures-in-process"


def measure_cells(
    *,
    measures: Sequence[Measure],
    unit_ids: Sequence[int],
    periods: Sequence[Period],
    graph: UnitGraph | None = None,
) -> dict[tuple[int, int, str], Cell]:
    """Rolled-up figures of measures for units over periods: {(measure, unit, period): Cell}.

    One figure per unit and period, whatever asks for it (DESIGN 5.6): a unit's own values
    and its sub-units' while it existed; for the part of the period before it existed,
    its predecessors' by share. A unit that existed throughout does not take in a unit
    merged into it during the period (Sở TT&TT's January–February 2025 stays Sở TT&TT's):
    facts stay on the units that reported them.
    """
    graph = graph or unit_graph()
    result: dict[tuple[int, int, str], Cell] = {}
    by_frequency: dict[str, list[Measure]] = defaultdict(list)
    for m in measures:
        # A per-period measure is looked up at exactly the period asked for.
        key = "" if m.time_aggregation == Measure.TimeAggregation.PERIOD else m.frequency
        by_frequency[key].append(m)
    for frequency, group in by_frequency.items():
        for period in periods:
            parts: dict[tuple[int, int], list[Cell]] = defaultdict(list)
            wanted = subperiods(period, frequency) if frequency else [period]
            for segment in segments(graph, wanted):
                seg_start, seg_end = segment[0].start, segment[-1].end
                codes = [p.code for p in segment]
                own = _own_values(group, codes)
                # Which of the units asked for existed in the segment: once, not per measure.
                present = [
                    (uid, graph.alive(uid, seg_start, seg_end))
                    for uid in unit_ids
                    if uid in graph.units
                ]
                for m in group:
                    mid = m.pk
                    additive = m.spatial_aggregation == Measure.SpatialAggregation.SUM
                    cells = rollup_segment(
                        graph,
                        start=seg_start,
                        end=seg_end,
                        own=own.get(mid, {}),
                        n_periods=len(segment),
                        additive=additive,
                        reporting_kinds=m.reporting_kinds,
                    )
                    for uid, alive in present:
                        if not alive:
                            cell = inherited(graph, uid, seg_start, seg_end, cells)
                        else:
                            cell = cells.get(uid, Cell(None))
                        parts[(mid, uid)].append(cell)
            code = period.code
            for m in group:
                mid = m.pk
                flow = m.time_aggregation == Measure.TimeAggregation.FLOW
                for uid in unit_ids:
                    result[(mid, uid, code)] = combine_over_time(
                        parts.get((mid, uid), []), flow=flow
                    )
    return result


def _own_values(
    measures: Sequence[Measure], codes: Sequence[str]
) -> dict[int, dict[int, tuple[Decimal, int, bool]]]:
    """Each unit's own values over the segment: flows summed, stocks the latest; with
    whether they are totals for the unit's subtree."""
    own: dict[int, dict[int, tuple[Decimal, int, bool]]] = defaultdict(dict)
    flows = [m.pk for m in measures if m.time_aggregation != Measure.TimeAggregation.STOCK]
    stocks = [m.pk for m in measures if m.time_aggregation == Measure.TimeAggregation.STOCK]
    if flows:
        rows = (
            DataValue.objects.filter(measure_id__in=flows, period__in=codes)
            .values_list("measure_id", "unit_id", "covers_subtree")
            .annotate(total=Sum("value"), n=Count("id"))
            .order_by()
        )
        for mid, uid, is_total, total, n in rows:
            if uid in own[mid]:  # some periods totals, some not: one figure, a total
                before = own[mid][uid]
                own[mid][uid] = (before[0] + total, before[1] + n, True)
            else:
                own[mid][uid] = (total, n, is_total)
    if stocks:
        latest = (
            DataValue.objects.filter(measure_id__in=stocks, period__in=codes)
            .values_list("measure_id", "unit_id")
            .annotate(last=Max("period"), n=Count("id"))
            .order_by()
        )
        wanted = {(mid, uid, last): n for mid, uid, last, n in latest}
        if wanted:
            values = DataValue.objects.filter(
                measure_id__in=stocks, period__in={k[2] for k in wanted}
            ).values_list("measure_id", "unit_id", "period", "value", "covers_subtree")
            for mid, uid, code, value, is_total in values:
                n = wanted.get((mid, uid, code))
                if n is not None:
                    own[mid][uid] = (value, n, is_total)
    return own


def indicators_with_terms(qs: QuerySet[Indicator] | None = None) -> list[Indicator]:
    qs = qs if qs is not None else Indicator.objects.all()
    return list(
        qs.select_related("pillar").prefetch_related(
            Prefetch("terms", queryset=IndicatorTerm.objects.select_related("measure"))
        )
    )


def indicator_figures(
    *,
    indicators: Sequence[Indicator],
    unit_ids: Sequence[int],
    periods: Sequence[Period],
) -> Mapping[tuple[int, int, str], Figure]:
    """{(indicator, unit, period code): Figure} for every combination, in one computation
    (read-only: outside a transaction, the same mapping serves every caller until a write).

    ``indicators`` must come with their terms prefetched (``indicators_with_terms``).
    """
    # Inside a transaction the figures may rest on uncommitted writes: never cache those.
    use_cache = not connection.in_atomic_block
    key = _cache_key(
        "figures",
        sorted(i.pk for i in indicators),
        sorted(unit_ids),
        sorted(p.code for p in periods),
    )
    if use_cache and cache.get(key) == _LOCAL_MARKER:
        found = LOCAL_FIGURES.get(key)
        if found is not None:
            return found
    measures = {t.measure_id: t.measure for i in indicators for t in i.terms.all()}
    cells = measure_cells(measures=list(measures.values()), unit_ids=unit_ids, periods=periods)
    result: dict[tuple[int, int, str], Figure] = {}
    codes = [p.code for p in periods]
    for ind in indicators:
        # What each term needs, read once per indicator rather than once per figure.
        terms = [(t.part, t.coefficient, t.measure_id, t.measure.code) for t in ind.terms.all()]
        num = [(k, mid) for part, k, mid, _ in terms if part == "num"]
        den = [(k, mid) for part, k, mid, _ in terms if part == "den"]
        named = [(mcode, mid) for _, _, mid, mcode in terms]
        ind_pk, factor = ind.pk, ind.factor
        for uid in unit_ids:
            for code in codes:
                result[(ind_pk, uid, code)] = indicator_figure(
                    numerator=[(k, cells[(mid, uid, code)]) for k, mid in num],
                    denominator=[(k, cells[(mid, uid, code)]) for k, mid in den],
                    factor=factor,
                    parts={mcode: cells[(mid, uid, code)] for mcode, mid in named},
                )
    if not use_cache:
        return result
    figures = MappingProxyType(result)  # shared by every caller in this process: read-only
    LOCAL_FIGURES.put(key, figures)
    cache.set(key, _LOCAL_MARKER, CACHE_SECONDS)
    return figures


def indicator_figure_for(*, indicator: Indicator, unit: OrgUnit, period: Period) -> Figure:
    [ind] = indicators_with_terms(Indicator.objects.filter(pk=indicator.pk))
    return indicator_figures(indicators=[ind], unit_ids=[unit.pk], periods=[period])[
        (ind.pk, unit.pk, period.code)
    ]


# --- targets and plans ---------------------------------------------------------------


@dataclass(frozen=True)
class TargetEvaluation:
    target: Target
    unit: OrgUnit
    result: progress.ProgressResult
    figures: dict[int, Figure]  # year → figure used as evidence

    @property
    def current(self) -> Figure | None:
        year = self.result.current_year
        return self.figures.get(year) if year is not None else None


def target_unit(target: Target, province: OrgUnit) -> OrgUnit:
    return target.unit or province


def evaluate_targets(
    *, targets: Sequence[Target], province: OrgUnit, today: date | None = None
) -> list[TargetEvaluation]:
    """Judge each target against the figures of its unit, year by year up to today.

    The current value is the latest year that has a figure (the running year counts as
    year-to-date); the baseline is the target's own, else the first year with a figure.
    """
    today = today or timezone.localdate()
    if not targets:
        return []
    inds = {
        i.pk: i
        for i in indicators_with_terms(
            Indicator.objects.filter(pk__in={t.indicator_id for t in targets})
        )
    }
    first_year = min(min(t.plan.year_from - 1, t.baseline_year or 9999) for t in targets)
    last_year = min(max(t.year for t in targets), today.year)
    years = list(range(first_year, last_year + 1))
    units = {t.pk: target_unit(t, province) for t in targets}
    figures = indicator_figures(
        indicators=list(inds.values()),
        unit_ids=sorted({u.pk for u in units.values()}),
        periods=[Period.of_year(y) for y in years],
    )
    evaluations = []
    for t in targets:
        ind, unit = inds[t.indicator_id], units[t.pk]
        by_year = {
            y: figures[(ind.pk, unit.pk, f"{y}")]
            for y in years
            if y <= t.year and figures[(ind.pk, unit.pk, f"{y}")].value is not None
        }
        current_year = max(by_year) if by_year else None
        base_year: int | None
        base_value: Decimal | None
        if t.baseline_value is not None:
            base_year, base_value = t.baseline_year, t.baseline_value
        elif by_year and min(by_year) != current_year:
            base_year = min(by_year)
            base_value = by_year[base_year].value
        else:
            base_year, base_value = None, None
        result = progress.evaluate(
            baseline_year=base_year,
            baseline_value=base_value,
            current_year=current_year,
            current_value=by_year[current_year].value if current_year else None,
            target_year=t.year,
            target_value=t.value,
            comparator=t.comparator,
            limit=ind.limit,
            unit=ind.unit_of_measure,
        )
        evaluations.append(TargetEvaluation(t, unit, result, by_year))
    return evaluations


def plan_targets(plan: Plan) -> list[Target]:
    return list(
        plan.targets.select_related("indicator", "indicator__pillar", "unit", "plan").order_by(
            "order", "id"
        )
    )


def plan_scorecard(
    *, plan: Plan, province: OrgUnit, today: date | None = None
) -> tuple[progress.Scorecard, list[TargetEvaluation]]:
    evaluations = evaluate_targets(targets=plan_targets(plan), province=province, today=today)
    return progress.scorecard([e.result for e in evaluations]), evaluations


def pillars() -> QuerySet[Pillar]:
    return Pillar.objects.order_by("order", "name")


def plans() -> QuerySet[Plan]:
    return Plan.objects.select_related("issuer").order_by("-issued_on", "number")


def value_history(*, measure: Measure, unit: OrgUnit, period: str) -> list[object]:
    """Every version of one value, newest first (who, when, what, why)."""
    return list(
        DataValue.history.filter(measure=measure, unit=unit, period=period)
        .select_related("history_user")
        .order_by("-history_date")
    )


# --- screens -------------------------------------------------------------------------


def years_with_data() -> list[int]:
    """Years in which any value exists (for period pickers)."""
    codes = DataValue.objects.values_list("period", flat=True).distinct().order_by()
    return sorted({int(code[:4]) for code in codes})


# A year is shown by default once it holds at least this share of the values of the
# fullest year: one value entered for a new year must not blank every screen.
DEFAULT_YEAR_SHARE = Decimal("0.2")


def default_year() -> int:
    """The latest year with a substantial share of the data (``DEFAULT_YEAR_SHARE`` of
    the fullest year's values, so a running year counts from about its third month);
    this year when there is no data. Cached under the data version."""
    key = _cache_key("default-year", [])
    found = cache.get(key)
    if isinstance(found, int):
        return found
    per_year: dict[int, int] = defaultdict(int)
    for code, n in DataValue.objects.values_list("period").annotate(n=Count("id")).order_by():
        per_year[int(code[:4])] += n
    today = timezone.localdate().year
    fullest = max(per_year.values(), default=0)
    enough = [y for y, n in per_year.items() if y <= today and n >= fullest * DEFAULT_YEAR_SHARE]
    year = max(enough, default=today)
    if not connection.in_atomic_block:
        cache.set(key, year, CACHE_SECONDS)
    return year


def default_period() -> Period:
    """The year the screens open on when none is asked for (``default_year``)."""
    return Period.of_year(default_year())


@dataclass(frozen=True)
class OverviewRow:
    indicator: Indicator
    figure: Figure
    previous: Figure | None  # the same period a year before
    target: Target | None
    evaluation: TargetEvaluation | None


@dataclass(frozen=True)
class PillarBlock:
    pillar: Pillar
    rows: list[OverviewRow]


def latest_targets(
    indicator_ids: Iterable[int], unit: OrgUnit, province: OrgUnit
) -> dict[int, Target]:
    """Each indicator's most recent target for ``unit`` (province-wide targets apply to the
    province)."""
    qs = Target.objects.filter(indicator_id__in=list(indicator_ids)).select_related(
        "plan", "indicator", "unit"
    )
    qs = (
        qs.filter(unit=unit)
        if unit.pk != province.pk
        else qs.filter(unit__isnull=True, unit_kind="")
    )
    latest: dict[int, Target] = {}
    for t in qs.order_by("year", "plan__issued_on", "id"):
        latest[t.indicator_id] = t
    return latest


def pillar_overview(*, unit: OrgUnit, period: Period, province: OrgUnit) -> list[PillarBlock]:
    """Every indicator by pillar for one unit and period, with the same period a year
    earlier and the most recent target and its verdict."""
    indicators = indicators_with_terms()
    previous = period.same_period_previous_year()
    figures = indicator_figures(
        indicators=indicators, unit_ids=[unit.pk], periods=[period, previous]
    )
    targets = latest_targets((i.pk for i in indicators), unit, province)
    evaluations = {
        e.target.indicator_id: e
        for e in evaluate_targets(targets=list(targets.values()), province=province)
    }
    blocks: dict[int, PillarBlock] = {}
    for ind in indicators:
        block = blocks.setdefault(ind.pillar_id, PillarBlock(ind.pillar, []))
        block.rows.append(
            OverviewRow(
                indicator=ind,
                figure=figures[(ind.pk, unit.pk, period.code)],
                previous=figures[(ind.pk, unit.pk, previous.code)],
                target=targets.get(ind.pk),
                evaluation=evaluations.get(ind.pk),
            )
        )
    return sorted(blocks.values(), key=lambda b: (b.pillar.order, b.pillar.name))


@dataclass(frozen=True)
class ComparisonRow:
    unit: OrgUnit
    figure: Figure
    rank: int | None


@dataclass(frozen=True)
class Comparison:
    parent: OrgUnit
    total: Figure
    rows: list[ComparisonRow]
    # The day the sub-units compared are taken on: the period's end, or the parent's
    # last day when it ended earlier (None: a comparison built without one).
    as_of: date | None = None
    # What the total counts that no row does (``comparison_remainder``); None: nothing.
    remainder: Figure | None = None


def comparison_day(parent: OrgUnit, period: Period) -> date:
    """The day whose sub-units ``indicator_comparison`` compares: the period's end, or
    the parent's last day when it ended before (a district over 2025: 30/6/2025)."""
    if parent.valid_to is not None and parent.valid_to < period.end:
        return parent.valid_to
    return period.end


def comparison_children(parent: OrgUnit, period: Period) -> list[OrgUnit]:
    """The sub-units every comparison lists: those of ``parent`` that existed during the
    period and still exist on ``comparison_day`` (its end, or the parent's last day), by
    name. Over 2025: the new communes, not the districts and old communes beside them."""
    from dieuhanh.orgunits.selectors import valid_during_q, valid_on_q

    return list(
        OrgUnit.objects.filter(parent=parent)
        .filter(valid_during_q(period.start, period.end))
        .filter(valid_on_q(comparison_day(parent, period)))
        .order_by("name")
    )


def indicator_comparison(
    *, indicator: Indicator, parent: OrgUnit, period: Period, sort: str = ""
) -> Comparison:
    """The sub-units of ``parent`` as they stand at the end of ``period``, ranked on the
    indicator (best first by its direction; units without a figure last, unranked).

    Each unit is counted once, so for an additive measure the rows add up to the
    parent's figure (counts; a ratio's numerators and denominators), also over a period
    that spans the 2025 restructuring (DESIGN 5.6):

    - Only the sub-units that exist on the period's last day are listed: for "năm 2025"
      under the province, the 65 new communes and wards and the departments of
      31/12/2025, not the districts, old communes and departments that ended inside the
      year. A unit that began inside the period covers the part before its start with its
      predecessors' figures by lineage share (``core.rollup.inherited``). A row is the
      unit's own figure, the same as on its page and in the API: one that existed
      throughout does not take in a unit merged into it during the period.
    - A parent that ended inside the period is compared as it stood on its last day: a
      district over 2025 lists its communes of 30/6/2025, which add up to the district's
      figure (January–June). After its end it has no sub-units: the rows are empty.
    - There is no "level" to choose here, only the parent's sub-units: a level that no
      longer exists at the period's end (districts over 2025) is not listed; ask for a
      period that ends by 30/6/2025 to compare districts.

    What no listed unit holds is in no row, only in the total: a district's own activity
    (its own one-stop-shop office, e.g. dossiers received by the district) before
    1/7/2025, and the units that ended inside the period while their successor existed
    throughout (Sở TT&TT's January–February 2025, not Sở KH&CN's). ``Comparison.remainder``
    holds that part, so the rows and the remainder add up to the total.
    """
    as_of = comparison_day(parent, period)
    children = comparison_children(parent, period)
    [ind] = indicators_with_terms(Indicator.objects.filter(pk=indicator.pk))
    figures = indicator_figures(
        indicators=[ind],
        unit_ids=[parent.pk, *(c.pk for c in children)],
        periods=[period],
    )
    sign = -1 if indicator.direction == Indicator.Direction.HIGHER else 1
    ranked = sorted(
        (c for c in children if figures[(ind.pk, c.pk, period.code)].value is not None),
        key=lambda c: (sign * figures[(ind.pk, c.pk, period.code)].value, c.name),  # type: ignore[operator]
    )
    ranks: dict[int, int] = {}
    for position, c in enumerate(ranked, start=1):
        value = figures[(ind.pk, c.pk, period.code)].value
        previous = ranked[position - 2] if position > 1 else None
        same = previous is not None and figures[(ind.pk, previous.pk, period.code)].value == value
        ranks[c.pk] = ranks[previous.pk] if same and previous else position
    # Sub-units that are not expected to report it and have no figure are not compared.
    rows = [
        ComparisonRow(c, figures[(ind.pk, c.pk, period.code)], ranks.get(c.pk))
        for c in children
        if figures[(ind.pk, c.pk, period.code)].value is not None
        or figures[(ind.pk, c.pk, period.code)].expected
    ]
    if sort == "name":
        rows.sort(key=lambda r: r.unit.name)
    else:
        rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.name))
    total = figures[(ind.pk, parent.pk, period.code)]
    return Comparison(parent, total, rows, as_of, comparison_remainder(ind, total, rows))


def comparison_remainder(
    indicator: Indicator, total: Figure, rows: Sequence[ComparisonRow]
) -> Figure | None:
    """What ``total`` counts that none of ``rows`` does, as a figure of the indicator:
    each measure's total less the rows' (from ``Figure.parts``), then the formula. Only
    for an indicator whose measures add up over units and over time (not stocks, whose
    units' latest values may come from different months); ``None`` when nothing is left
    or it cannot be told. ``indicator`` comes with its terms (``indicators_with_terms``).
    """
    terms = list(indicator.terms.all())
    if not terms or any(
        t.measure.spatial_aggregation != Measure.SpatialAggregation.SUM
        or t.measure.time_aggregation == Measure.TimeAggregation.STOCK
        for t in terms
    ):
        return None
    left: dict[str, Cell] = {}
    for t in terms:
        code = t.measure.code
        whole = total.parts.get(code)
        if whole is None or whole.value is None:
            left[code] = Cell(None)
            continue
        in_rows = (r.figure.parts.get(code) for r in rows)
        counted = sum(
            (c.value for c in in_rows if c is not None and c.value is not None), Decimal(0)
        )
        left[code] = Cell(whole.value - counted)
    if all(c.value is None or c.value == 0 for c in left.values()):
        return None
    return indicator_figure(
        numerator=[(t.coefficient, left[t.measure.code]) for t in terms if t.part == "num"],
        denominator=[(t.coefficient, left[t.measure.code]) for t in terms if t.part == "den"],
        factor=indicator.factor,
        parts=left,
    )


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    figure: Figure
    share: float  # bar length, 0–100, relative to the largest value in the series


def _points(series: list[tuple[Period, Figure]]) -> list[TrendPoint]:
    top = max((abs(f.value) for _, f in series if f.value is not None), default=Decimal(0))
    return [
        TrendPoint(p, f, float(abs(f.value) / top * 100) if f.value is not None and top else 0.0)
        for p, f in series
    ]


def indicator_trend(
    *, indicator: Indicator, unit: OrgUnit, period: Period
) -> dict[str, list[TrendPoint]]:
    """The indicator over the years with data, and month by month over ``period``'s year."""
    [ind] = indicators_with_terms(Indicator.objects.filter(pk=indicator.pk))
    years = [Period.of_year(y) for y in years_with_data()]
    months = Period.of_year(period.year).months()
    figures = indicator_figures(indicators=[ind], unit_ids=[unit.pk], periods=[*years, *months])
    return {
        "years": _points([(p, figures[(ind.pk, unit.pk, p.code)]) for p in years]),
        "months": _points([(p, figures[(ind.pk, unit.pk, p.code)]) for p in months]),
    }


def formula_text(indicator: Indicator) -> str:
    """The formula in words: "100 × Số hồ sơ trực tuyến / Số hồ sơ tiếp nhận"."""
    from dieuhanh.core.vnformat import format_number

    def side(part: str) -> str:
        terms = [t for t in indicator.terms.all() if t.part == part]
        words = [
            (
                f"{format_number(t.coefficient, 2).rstrip('0').rstrip(',')} × "
                if t.coefficient != 1
                else ""
            )
            + t.measure.name
            for t in terms
        ]
        text = " + ".join(words)
        return f"({text})" if len(words) > 1 else text

    factor = "" if indicator.factor == 1 else f"{format_number(indicator.factor)} × "
    denominator = side("den")
    return f"{factor}{side('num')}" + (f" / {denominator}" if denominator else "")
