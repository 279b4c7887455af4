"""Reads of the operations-centre (IOC) dashboards.

Thin on purpose: every figure comes from another app's selector — indicators
(``indicator_figures``, ``pillar_overview``, ``plan_scorecard``, ``latest_targets``), the
directives (status counts, lists, the per-unit scorecard), the dossiers (the 766 index)
and the unit tree — so a number on the wall screen is the number on the indicator page,
in the API and in the Excel files. Nothing here adds, divides or ranks a figure; what the
screens derive for display (the change against last year, a unit's place in a column)
lives in :mod:`dieuhanh.dashboards.display`.

Query budget: each function makes a fixed number of queries whatever the number of
units and indicators (``tests/test_queries.py``): many units × indicators × periods go
into ONE ``indicator_figures`` call.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Count

from dieuhanh.core import progress
from dieuhanh.core.periods import Period, PeriodKind
from dieuhanh.core.rollup import Figure
from dieuhanh.directives import selectors as directives
from dieuhanh.directives.filters import AssignmentFilters, ScorecardFilters
from dieuhanh.directives.models import Assignment
from dieuhanh.directives.status import Status
from dieuhanh.indicators import selectors as indicators
from dieuhanh.indicators.models import Indicator, Measure, Plan, Target
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import orgunit_descendants, valid_during_q, valid_on_q

T = TypeVar("T")
CACHE_SECONDS = 3600

#: The levels a comparison or a map can show, in the order offered.
LEVELS: tuple[str, ...] = ("commune", "department", "district")


# --- caching under the data version ---------------------------------------------------


def _versioned(
    name: str, parts: Sequence[object], compute: Callable[[], T], version: object = None
) -> T:
    """``compute()`` cached under the indicator engine's data version, which every write
    of values (entry, imports, the dossier counts) bumps — the rule
    ``indicator_figures`` follows (docs/adr/0007) — or under ``version`` when the caller
    has read it already. Never cached inside a transaction."""
    if not cacheable():
        return compute()
    version = indicators.data_version() if version is None else version
    stamp = "-".join(map(str, version)) if isinstance(version, tuple) else str(version)
    key = f"dieuhanh:ioc:{name}:{stamp}:" + ",".join(map(str, parts))
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def cacheable() -> bool:
    """Whether results may be cached: never inside a transaction, where they may rest on
    writes not yet committed (the rule of ``indicator_figures``)."""
    return not connection.in_atomic_block


@functools.cache
def _version_sql() -> str:
    """The query of ``content_version`` (built once: reaching a model's history manager
    builds a manager class each time)."""
    from dieuhanh.directives.models import Assignment
    from dieuhanh.indicators.models import DataVersion

    quote = connection.ops.quote_name
    tables = [m.history.model._meta.db_table for m in (Assignment, Target, Plan, OrgUnit)]
    parts = [
        f"(SELECT {quote('version')} FROM {quote(DataVersion._meta.db_table)} "
        f"WHERE {quote('key')} = 'values')",
        *(f"(SELECT MAX({quote('history_id')}) FROM {quote(t)})" for t in tables),
    ]
    return "SELECT " + ", ".join(parts)


def content_version() -> tuple[int, ...]:
    """Numbers that change whenever anything a dashboard shows changes: the indicator
    engine's data version (values, imports, the catalogue) and the latest change to
    assignments, targets, plans and units (their history tables, which every write
    through the services fills). One query; a rendered page is cached under it."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        row = cursor.fetchone()
    return tuple(int(v or 0) for v in row)


def years_with_data(version: object = None) -> list[int]:
    """``indicators.selectors.years_with_data`` (a scan of the values' periods), cached
    under the data version: every dashboard page asks for it."""
    return _versioned("years", (), indicators.years_with_data, version)


def latest_period_with_data(version: object = None) -> Period:
    """``indicators.selectors.default_period`` (the latest year with data), cached."""
    return _versioned("default", (), indicators.default_period, version)


def province(version: tuple[int, ...] | None = None) -> OrgUnit | None:
    """``orgunit_province()``, cached under the content version (which follows every
    change to the units): every page asks for it first."""
    from dieuhanh.orgunits.selectors import orgunit_province

    return _versioned("province", (), orgunit_province, version)


# --- the period a dashboard opens on ---------------------------------------------------


def year_to_date(*, today: date, version: object = None) -> Period:
    """The period the dashboards open on: the year to date of the latest year with data.

    A year that has ended is its whole year (the demo's data run 2022–2025: on 21/11/2026
    that is "năm 2025"). For the running year, the longest period counted from January
    that has already ended — 9 tháng, 6 tháng đầu năm, quý I — so the figure is not a
    year cut off mid-month and "cùng kỳ năm trước" compares like with like; in January–
    March the running year itself (its months so far).
    """
    latest = latest_period_with_data(version)
    if latest.year < today.year:
        return Period.of_year(latest.year)
    year = latest.year
    last_ended_month = today.month - 1
    if last_ended_month >= 9:
        return Period.of_nine_months(year)
    if last_ended_month >= 6:
        return Period.of_half(year, 1)
    if last_ended_month >= 3:
        return Period.of_quarter(year, 1)
    return Period.of_year(year)


def period_choices(current: Period) -> list[Period]:
    """What the period pickers offer: for every year with data (newest first) the year,
    9 months, the halves and the quarters; the current period is always among them."""
    choices: list[Period] = []
    for y in sorted(years_with_data() or [current.year], reverse=True):
        choices += [Period.of_year(y), Period.of_nine_months(y)]
        choices += [Period.of_half(y, 2), Period.of_half(y, 1)]
        choices += [Period.of_quarter(y, q) for q in (4, 3, 2, 1)]
    if current not in choices:
        choices.insert(0, current)
    return choices


def same_period_each_year(period: Period) -> list[Period]:
    """The period and the same period of every earlier year with data: the x-axis of
    the trends ("9 tháng đầu năm" of 2022, 2023, 2024, 2025)."""
    years = [y for y in years_with_data() if y <= period.year] or [period.year]
    return [Period(period.kind, y, period.index) for y in range(years[0], period.year + 1)]


# --- overview ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexSummary:
    """A unit's 766 index for a period, and its place among the units of its kind."""

    unit_id: int
    period: str
    version: str
    total: Decimal | None
    max_attainable: Decimal
    normalized: Decimal | None
    complete: bool
    band: str
    summary: str
    rank: int | None
    ranked: int  # how many units of the kind have a rank
    kind: str  # the kind compared ("" for the province: its rank is national)


def index_summary(*, unit: OrgUnit, province: OrgUnit, period: Period) -> IndexSummary:
    """The 766 score and rank from the dossiers app (``index_for_unit``, ``index_table``),
    cached under the data version.

    PLACEHOLDER for a cached selector in ``dieuhanh.dossiers``: its 766 selectors recompute
    the counts on every call (``measure_cells``, 170–320 ms on the demo), which alone
    would exceed the overview's time budget; caching here under the same version the
    indicator figures use keeps the figure identical and the page fast. When the dossiers
    app caches them itself, this wrapper becomes a plain call.
    """

    def compute() -> IndexSummary:
        from dieuhanh.dossiers import selectors as dossiers

        rank: int | None = None
        ranked = 0
        kind = ""
        row = None
        if unit.pk != province.pk and unit.kind in dossiers.KIND_CHOICES:
            table = dossiers.index_table(parent=province, period=period, kind=unit.kind)
            kind = unit.kind
            ranked = sum(1 for r in table.rows if r.rank is not None)
            row = next((r for r in table.rows if r.unit.pk == unit.pk), None)
            rank = row.rank if row else None
        if row is None:
            row = dossiers.index_for_unit(unit=unit, period=period)
        result = row.result
        return IndexSummary(
            unit_id=unit.pk,
            period=period.code,
            version=result.version,
            total=result.total,
            max_attainable=result.max_attainable,
            normalized=result.normalized,
            complete=result.complete,
            band=result.band.name_vi if result.band else "",
            summary=result.summary_vi,
            rank=rank,
            ranked=ranked,
            kind=kind,
        )

    return _versioned("766", (unit.pk, province.pk, period.code), compute)


@dataclass(frozen=True)
class BehindRow:
    """A lead unit with overdue tasks: ``open_overdue`` counts its tasks in the status
    "quá hạn" (open, past the deadline), as the cards and the linked list do; the on-time
    rate is the scorecard's (where a late task awaiting confirmation also counts as due)."""

    score: directives.ScoreRow
    open_overdue: int

    @property
    def unit_id(self) -> int:
        return self.score.unit_id

    @property
    def unit_name(self) -> str:
        return self.score.unit_name

    @property
    def assigned(self) -> int:
        return self.score.assigned

    @property
    def rate(self) -> float | None:
        return self.score.rate


@dataclass(frozen=True)
class AssignmentSummary:
    counts: dict[str, int]
    overdue: list[Assignment]  # open and past the deadline, the longest overdue first
    upcoming: list[Assignment]  # open, the nearest deadlines first
    behind: list[BehindRow]  # lead units with the most overdue tasks
    unit_filter: int | None  # the lead unit the lists are about (None: all)

    @property
    def open_overdue(self) -> int:
        return self.counts.get(Status.OPEN_OVERDUE.value, 0)

    @property
    def open_in_time(self) -> int:
        return self.counts.get(Status.OPEN_IN_TIME.value, 0)

    @property
    def total(self) -> int:
        return sum(n for s, n in self.counts.items() if s != Status.CANCELLED.value)


def assignment_summary(
    *, unit: OrgUnit, province: OrgUnit, today: date, limit: int = 5
) -> AssignmentSummary:
    """Assignments led by ``unit`` (all of them for the province): counts by status, the
    most overdue, the nearest deadlines and — for the province — the lead units with the
    most overdue tasks. Five queries (three for a unit)."""
    unit_filter = None if unit.pk == province.pk else unit.pk
    qs = directives.assignment_list(filters=AssignmentFilters(unit=unit_filter), today=today)
    counts = directives.status_counts(qs)
    overdue = list(
        directives.assignment_list(
            filters=AssignmentFilters(unit=unit_filter, status=Status.OPEN_OVERDUE),
            today=today,
        )[:limit]
    )
    upcoming = list(
        directives.assignment_list(
            filters=AssignmentFilters(unit=unit_filter, status=Status.OPEN_IN_TIME),
            today=today,
        )[:limit]
    )
    behind: list[BehindRow] = []
    if unit_filter is None:
        by_unit: dict[int, int] = dict(
            qs.filter(status_code=Status.OPEN_OVERDUE.value)  # type: ignore[misc]
            .order_by()
            .values_list("lead_unit_id")
            .annotate(n=Count("id"))
        )
        rows = directives.scorecard(filters=ScorecardFilters(), today=today)
        behind = sorted(
            (BehindRow(r, by_unit[r.unit_id]) for r in rows if by_unit.get(r.unit_id)),
            key=lambda b: (-b.open_overdue, b.unit_name),
        )[:limit]
    return AssignmentSummary(counts, overdue, upcoming, behind, unit_filter)


def plan_for(period: Period) -> Plan | None:
    """The plan whose years cover the period (the latest issued), else the latest plan."""
    plans = list(indicators.plans())
    covering = [p for p in plans if p.year_from <= period.year <= p.year_to]
    found = covering or plans
    return found[0] if found else None


@dataclass(frozen=True)
class Overview:
    province: OrgUnit
    unit: OrgUnit
    period: Period
    previous: Period
    blocks: list[indicators.PillarBlock]
    key_rows: list[indicators.OverviewRow]
    trend_periods: list[Period]
    trends: dict[int, list[Figure]]  # indicator id → a figure per trend period
    plan: Plan | None
    card: progress.Scorecard | None
    index: IndexSummary
    assignments: AssignmentSummary
    today: date

    @property
    def rows(self) -> list[indicators.OverviewRow]:
        return [row for block in self.blocks for row in block.rows]


def overview(*, unit: OrgUnit, province: OrgUnit, period: Period, today: date) -> Overview:
    """Everything the overview shows for one unit and period.

    Tiles: ``pillar_overview`` (every indicator with the same period a year before, the
    latest target and its verdict). Trends: the key indicators over the same period of
    each year, in ONE ``indicator_figures`` call. Scorecard: ``plan_scorecard`` of the
    plan covering the period (the province's targets). 766: ``index_summary``.
    Assignments: ``assignment_summary``.
    """
    blocks = indicators.pillar_overview(unit=unit, period=period, province=province)
    rows = [row for block in blocks for row in block.rows]
    key_rows = [row for row in rows if row.indicator.is_key]
    trend_periods = same_period_each_year(period)
    figures = (
        indicators.indicator_figures(
            indicators=[row.indicator for row in key_rows],
            unit_ids=[unit.pk],
            periods=trend_periods,
        )
        if key_rows
        else {}
    )
    trends = {
        row.indicator.pk: [figures[(row.indicator.pk, unit.pk, p.code)] for p in trend_periods]
        for row in key_rows
    }
    plan = plan_for(period)
    card = None
    if plan is not None:
        card, _evaluations = indicators.plan_scorecard(plan=plan, province=province, today=today)
    return Overview(
        province=province,
        unit=unit,
        period=period,
        previous=period.same_period_previous_year(),
        blocks=blocks,
        key_rows=key_rows,
        trend_periods=trend_periods,
        trends=trends,
        plan=plan,
        card=card,
        index=index_summary(unit=unit, province=province, period=period),
        assignments=assignment_summary(unit=unit, province=province, today=today),
        today=today,
    )


# --- units of a level -----------------------------------------------------------------


def level_choices(*, province: OrgUnit, period: Period) -> list[str]:
    """The levels that have units at the period's end (``indicators.selectors.
    comparison_day``): districts only for a period ending by 30/6/2025."""
    day = indicators.comparison_day(province, period)
    kinds = set(
        orgunit_descendants(unit=province)
        .filter(valid_during_q(period.start, period.end), kind__in=LEVELS)
        .filter(valid_on_q(day))
        .order_by()
        .values_list("kind", flat=True)
        .distinct()
    )
    return [k for k in LEVELS if k in kinds]


def level_units(*, province: OrgUnit, period: Period, level: str) -> list[OrgUnit]:
    """The units of ``level`` in the province as they stand at the period's end
    (``indicators.selectors.comparison_day``), the rule of ``indicator_comparison``:
    over a period spanning the restructuring (2025) the units that exist at its end, whose
    figures take in the units they replaced by lineage for the part before they existed,
    so no unit is counted twice. A level that no longer exists then has no units: no
    districts for a period ending after 30/6/2025."""
    day = indicators.comparison_day(province, period)
    return list(
        orgunit_descendants(unit=province)
        .filter(kind=level)
        .filter(valid_during_q(period.start, period.end))
        .filter(valid_on_q(day))
        .order_by("name")
    )


def structure_changes(
    *, units: Sequence[OrgUnit], period: Period, until: date | None = None
) -> bool:
    """True when some of ``units`` started or ended inside the period (up to ``until``,
    e.g. the last day of a parent that ended inside it)."""
    end = until or period.end
    return any(
        (u.valid_from is not None and period.start < u.valid_from <= end)
        or (u.valid_to is not None and period.start <= u.valid_to < end)
        for u in units
    )


# --- indicators chosen -----------------------------------------------------------------


INDICATOR_SETS = ("key", "all")


def indicator_set(catalogue: Sequence[Indicator], choice: str) -> tuple[str, list[Indicator]]:
    """The indicators a comparison shows: the key ones (default), all, or one pillar's
    (by its code). Falls back to all when there is no key indicator."""
    if choice == "all":
        return choice, list(catalogue)
    if choice and choice != "key":
        chosen = [i for i in catalogue if i.pillar.code == choice]
        if chosen:
            return choice, chosen
    key = [i for i in catalogue if i.is_key]
    return ("key", key) if key else ("all", list(catalogue))


# --- compare --------------------------------------------------------------------------


@dataclass(frozen=True)
class Matrix:
    """Units × indicators for one period: the heat map, the ranking and the table."""

    province: OrgUnit
    period: Period
    level: str
    units: list[OrgUnit]
    indicators: list[Indicator]
    figures: Mapping[tuple[int, int, str], Figure]
    targets: dict[int, Target]  # the province's latest target per indicator
    changes: bool  # units started or ended inside the period

    def figure(self, indicator: Indicator, unit: OrgUnit) -> Figure:
        return self.figures[(indicator.pk, unit.pk, self.period.code)]

    def total(self, indicator: Indicator) -> Figure:
        return self.figures[(indicator.pk, self.province.pk, self.period.code)]


def comparison_matrix(
    *, province: OrgUnit, period: Period, level: str, catalogue: Sequence[Indicator]
) -> Matrix:
    """Every unit of ``level`` × the indicators, with the province's figure and target
    beside each column: one ``indicator_figures`` call, one targets query. Each unit's
    figure is its own, the same as on its indicator page and in the API."""
    units = level_units(province=province, period=period, level=level)
    figures = indicators.indicator_figures(
        indicators=list(catalogue),
        unit_ids=[province.pk, *(u.pk for u in units)],
        periods=[period],
    )
    targets = indicators.latest_targets((i.pk for i in catalogue), province, province)
    return Matrix(
        province=province,
        period=period,
        level=level,
        units=units,
        indicators=list(catalogue),
        figures=figures,
        targets=targets,
        changes=structure_changes(units=units, period=period),
    )


def catalogue() -> list[Indicator]:
    """Every indicator with its terms and pillar (``indicators_with_terms``)."""
    return indicators.indicators_with_terms()


# --- drill-down -----------------------------------------------------------------------


@dataclass(frozen=True)
class Drill:
    """One figure and the figures of the units it is made of."""

    indicator: Indicator
    unit: OrgUnit
    period: Period
    figure: Figure
    parts: list[tuple[OrgUnit, Figure]]
    changes: bool  # the sub-units changed during the period (the 2025 restructuring)
    ancestors: list[OrgUnit] = field(default_factory=list)
    # Whether the whole less the parts is a figure of its own (``display.remainder``):
    # the indicator's measures add up over units, and over time too when the sub-units
    # changed (a stock's latest values may then come from different months) — the rule
    # of ``indicators.selectors.comparison_remainder``.
    additive: bool = False


def drill(*, indicator: Indicator, unit: OrgUnit, period: Period) -> Drill:
    """The figure of ``unit`` and of each of its sub-units for the period (one
    ``indicator_figures`` call), by the rule of ``indicator_comparison``: the sub-units
    as they stand at the period's end (``comparison_day``: a district over 2025, its
    communes of 30/6/2025), with their figures as of that day, so a unit that replaced
    others inside the period covers them by share and each old unit is counted once.
    For an additive indicator the parts and what the unit's figure holds beyond them
    (``display.remainder``: a district's own activity) add up to the whole."""
    day = indicators.comparison_day(unit, period)
    during = list(
        OrgUnit.objects.filter(parent=unit)
        .filter(valid_during_q(period.start, period.end))
        .order_by("kind", "name")
    )
    changes = structure_changes(units=during, period=period, until=day)
    children = [c for c in during if c.is_valid_on(day)]
    [ind] = indicators.indicators_with_terms(Indicator.objects.filter(pk=indicator.pk))
    measures = [t.measure for t in ind.terms.all()]
    additive = bool(measures) and all(
        m.spatial_aggregation == Measure.SpatialAggregation.SUM
        and not (changes and m.time_aggregation == Measure.TimeAggregation.STOCK)
        for m in measures
    )
    figures = indicators.indicator_figures(
        indicators=[ind],
        unit_ids=[unit.pk, *(c.pk for c in children)],
        periods=[period],
    )
    from dieuhanh.orgunits.selectors import orgunit_ancestors

    return Drill(
        indicator=ind,
        unit=unit,
        period=period,
        figure=figures[(ind.pk, unit.pk, period.code)],
        parts=[(c, figures[(ind.pk, c.pk, period.code)]) for c in children],
        changes=changes,
        ancestors=orgunit_ancestors(unit=unit),
        additive=additive,
    )


def stable_periods(*, unit: OrgUnit, period: Period) -> list[Period]:
    """The halves and quarters inside ``period`` in which the unit's sub-units did
    not change: where a drill-down adds up (offered when the whole period does not)."""
    children = list(
        OrgUnit.objects.filter(parent=unit).filter(valid_during_q(period.start, period.end))
    )
    candidates: list[Period] = []
    if period.kind in (PeriodKind.YEAR, PeriodKind.NINE_MONTHS):
        candidates += [Period.of_half(period.year, h) for h in (1, 2)]
    if period.kind != PeriodKind.QUARTER:
        candidates += [Period.of_quarter(period.year, q) for q in (1, 2, 3, 4)]
    candidates = [p for p in candidates if period.contains(p)]
    stable = []
    for p in candidates:
        alive = [c for c in children if c.is_valid_on(p.start) or c.is_valid_on(p.end)]
        if not structure_changes(units=alive, period=p):
            stable.append(p)
    return stable


def unit_options(*, province: OrgUnit, period: Period) -> list[tuple[str, list[OrgUnit]]]:
    """The units an overview can be opened for in the period, grouped by kind (one
    query)."""
    labels = dict(OrgUnit.Kind.choices)
    groups: dict[str, list[OrgUnit]] = {}
    for u in (
        orgunit_descendants(unit=province, include_self=True)
        .filter(valid_during_q(period.start, period.end))
        .filter(kind__in=["province", "department", "district", "commune"])
        .only("id", "name", "kind", "valid_from", "valid_to")
        .order_by("kind", "name")
    ):
        groups.setdefault(u.kind, []).append(u)
    order = ["province", "department", "district", "commune"]
    return [(str(labels[k]), groups[k]) for k in order if k in groups]


def dossier_drill_links() -> dict[str, str]:
    """For each measure code whose records the dossiers app lists: which list
    (``dossiers``, ``procedures`` or ``feedback``), as its own screens link them."""
    try:
        from dieuhanh.core import index766
        from dieuhanh.dossiers.selectors import DRILL_KINDS
    except ImportError:  # pragma: no cover - the app is being finished alongside
        return {}
    links: dict[str, str] = dict.fromkeys(DRILL_KINDS, "dossiers")
    links.update(dict.fromkeys(index766.PROCEDURE_COUNTS, "procedures"))
    links.update({k: "feedback" for k in index766.FEEDBACK_COUNTS if k.startswith("feedback_")})
    return links
