"""Reads of the dossier module. Figures for a unit and a period come from the indicator
engine (``indicators.selectors.measure_cells``) — the same numbers every screen shows;
only arbitrary date ranges and the drill-down lists read the dossiers themselves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from dieuhanh.core import index766
from dieuhanh.core.periods import Period
from dieuhanh.dossiers.counting import DOSSIER_MEASURES, FEEDBACK_MEASURES, PROCEDURE_MEASURES
from dieuhanh.dossiers.models import Dossier, Feedback, ImportRun, Procedure
from dieuhanh.dossiers.parsing import TZ_VN
from dieuhanh.indicators.models import Measure
from dieuhanh.indicators.selectors import measure_cells, unit_graph
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_during_q

STAT_NAMES = DOSSIER_MEASURES + PROCEDURE_MEASURES + FEEDBACK_MEASURES


def unit_by_code(code: str, at: date | None = None) -> OrgUnit:
    """A unit from the code an official types: its own code (``20``, ``20-STP``,
    ``178-20250630``), else its NSO code (the unit valid ``at``, today by default), else
    its agency identifier. ``Http404`` when none matches."""
    code = code.strip()
    unit = OrgUnit.objects.filter(code__iexact=code).first()
    if unit is None:
        day = at or date.today()
        candidates = OrgUnit.objects.filter(Q(nso_code=code) | Q(agency_code__iexact=code))
        valid = [u for u in candidates if u.is_valid_on(day)]
        unit = valid[0] if len(valid) == 1 else (candidates.first() if not valid else None)
    if unit is None:
        raise Http404(f"Không có đơn vị mã “{code}”.")
    return unit


# ------------------------------------------------------------------ engine figures


def stat_measures() -> list[Measure]:
    return list(Measure.objects.filter(code__in=STAT_NAMES))


def unit_stats(
    *, units: Sequence[OrgUnit], periods: Sequence[Period]
) -> dict[tuple[int, str], dict[str, Decimal | None]]:
    """{(unit id, period code): {count name: value or None}} from the indicator engine,
    rolled up over sub-units and across the 2025 restructuring by its rules."""
    measures = stat_measures()
    cells = measure_cells(measures=measures, unit_ids=[u.pk for u in units], periods=list(periods))
    out: dict[tuple[int, str], dict[str, Decimal | None]] = {}
    for unit in units:
        for period in periods:
            figures: dict[str, Decimal | None] = dict.fromkeys(STAT_NAMES)
            for m in measures:
                figures[m.code] = cells[(m.pk, unit.pk, period.code)].value
            out[(unit.pk, period.code)] = figures
    return out


def stats_for(*, unit: OrgUnit, period: Period) -> dict[str, Any]:
    """One unit and one period: the object ``dieuhanh dossiers stats`` prints."""
    figures = unit_stats(units=[unit], periods=[period])[(unit.pk, period.code)]
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "period": period.code,
        "period_label": period.label_vi(),
        **{k: (None if v is None else int(v)) for k, v in figures.items()},
    }


# ------------------------------------------------------------- any range of dates


def _instant(day: date, end: bool = False) -> datetime:
    if end:
        return datetime.combine(day + timedelta(days=1), time.min, tzinfo=TZ_VN)
    return datetime.combine(day, time.min, tzinfo=TZ_VN)


def subtree_ids(unit: OrgUnit) -> list[int]:
    return list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("id", flat=True))


def range_stats(*, unit: OrgUnit, start: date, end: date) -> dict[str, Any]:
    """Counts for ``[start, end]`` (whole days, Vietnam time) read from the dossiers of the
    unit's subtree — for the periods reports quote that are not reporting periods
    ("từ 01/01/2022 đến 14/9/2022"). In progress: at the end of ``end``."""
    begin, stop = _instant(start), _instant(end, end=True)
    units = OrgUnit.objects.filter(path__startswith=unit.path).values("id")
    dossiers = Dossier.objects.filter(unit_id__in=units)
    received = dossiers.filter(
        received_month__isnull=False, received_at__gte=begin, received_at__lt=stop
    )
    r = received.aggregate(
        n_received=Count("id"),
        n_online=Count("id", filter=Q(channel=2)),
        n_direct=Count("id", filter=Q(channel=1)),
        n_postal=Count("id", filter=Q(channel=3)),
        n_paid=Count("id", filter=Q(paid_online=True)),
        n_digitised=Count("id", filter=Q(digitised=True)),
        n_fee=Count("id", filter=Q(paid_online=True) | Q(procedure__fee_bearing=True)),
    )
    resolved = dossiers.filter(status__in=[9, 10], end_at__gte=begin, end_at__lt=stop)
    s = resolved.aggregate(
        n_resolved=Count("id"),
        n_on_time=Count("id", filter=Q(on_time=True)),
        n_late=Count("id", filter=Q(on_time=False)),
        n_electronic=Count("id", filter=Q(electronic_result=True)),
    )
    # Open at the last instant of ``end`` (a dossier ending exactly then is not).
    snapshot = stop - timedelta(microseconds=1)
    open_ = dossiers.filter(received_month__isnull=False, received_at__lte=snapshot).filter(
        Q(end_at__isnull=True) | Q(end_at__gt=snapshot)
    )
    o = open_.aggregate(
        in_progress=Count("id"),
        in_progress_overdue=Count("id", filter=Q(overdue_at__lt=snapshot)),
    )
    procs = received.values_list("procedure_id", "procedure__online_level", "channel")
    with_dossiers: set[int] = set()
    online_with: set[int] = set()
    online_procs: set[int] = set()
    for pid, level, channel in procs.distinct().order_by():
        with_dossiers.add(pid)
        if level:
            online_procs.add(pid)
            if channel == 2:
                online_with.add(pid)
    feedback = Feedback.objects.filter(unit_id__in=units)
    f_received = feedback.filter(received_at__gte=begin, received_at__lt=stop).count()
    closed = feedback.filter(closed_at__gte=begin, closed_at__lt=stop)
    f = closed.aggregate(
        processed=Count("id", filter=Q(state="processed")),
        rejected=Count("id", filter=Q(state="rejected")),
        forwarded=Count("id", filter=Q(state="forwarded")),
    )
    f_open = (
        feedback.filter(received_at__lte=snapshot)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=snapshot))
        .count()
    )
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "received": r["n_received"],
        "received_online": r["n_online"],
        "received_direct": r["n_direct"],
        "received_postal": r["n_postal"],
        "resolved": s["n_resolved"],
        "resolved_on_time": s["n_on_time"],
        "resolved_late": s["n_late"],
        "paid_online": r["n_paid"],
        "fee_dossiers": r["n_fee"],
        "digitised": r["n_digitised"],
        "electronic_result": s["n_electronic"],
        "in_progress_in_time": o["in_progress"] - o["in_progress_overdue"],
        "in_progress_overdue": o["in_progress_overdue"],
        "procedures_with_dossiers": len(with_dossiers),
        "procedures_online": len(online_procs),
        "procedures_online_with_online_dossiers": len(online_with),
        "feedback_received": f_received,
        "feedback_processed": f["processed"],
        "feedback_in_progress": f_open,
        "feedback_rejected": f["rejected"],
        "feedback_forwarded": f["forwarded"],
    }


# ----------------------------------------------------------------- import runs


def import_runs(*, kind: str | None = None) -> QuerySet[ImportRun]:
    qs = ImportRun.objects.select_related("created_by", "source_system")
    return qs.filter(kind=kind) if kind else qs


def import_run_get(pk: int) -> ImportRun:
    run = ImportRun.objects.select_related("created_by", "source_system").filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def unknown_unit_names(run: ImportRun, limit: int = 50) -> list[tuple[str, int]]:
    """The ``DonViXuLy`` values of a run that matched no unit, most frequent first."""
    rows = (
        run.row_errors.filter(code__in=["unknown_unit", "ambiguous_unit"])
        .values_list("value")
        .annotate(n=Count("id"))
        .order_by("-n", "value")[:limit]
    )
    return [(value, n) for value, n in rows]


# --------------------------------------------------------------------- drill-down


DRILL_KINDS: dict[str, str] = {
    "received": "received",
    "received_online": "received",
    "received_direct": "received",
    "received_postal": "received",
    "paid_online": "received",
    "fee_dossiers": "received",
    "digitised": "received",
    "resolved": "resolved",
    "resolved_on_time": "resolved",
    "resolved_late": "resolved",
    "electronic_result": "resolved",
    "in_progress_in_time": "open",
    "in_progress_overdue": "open",
    "in_progress": "open",
}


@dataclass(frozen=True)
class DossierFilter:
    """What a dossier list shows: the dossiers behind one count of one unit and period
    (``count``), or a search (code, procedure, status, dates)."""

    unit: OrgUnit | None = None
    period: Period | None = None
    start: date | None = None
    end: date | None = None
    count: str = ""
    q: str = ""
    procedure: str = ""
    status: int | None = None
    units_note: list[OrgUnit] = field(default_factory=list)


def drill_units(unit: OrgUnit, start: date, end: date) -> tuple[list[int], list[OrgUnit]]:
    """The units whose dossiers make up ``unit``'s figures over [start, end]: its subtree,
    and — for a unit that did not exist yet — the subtrees of its predecessors (whole: a
    list of dossiers cannot be split by share; the screen says so)."""
    from dieuhanh.orgunits.selectors import orgunit_predecessors

    ids = set(subtree_ids(unit))
    extra: list[OrgUnit] = []
    if unit.valid_from is not None and unit.valid_from > start:
        for link in orgunit_predecessors(unit=unit, start=start, end=end):
            extra.append(link.unit)
            ids |= set(subtree_ids(link.unit))
    return sorted(ids), extra


def dossier_list(f: DossierFilter) -> QuerySet[Dossier]:
    """Dossiers matching the filter, newest first, with what the table shows joined."""
    qs = Dossier.objects.select_related("procedure", "unit")
    start, end = f.start, f.end
    if f.period is not None:
        start, end = f.period.start, f.period.end
    if f.unit is not None:
        if start is not None and end is not None:
            ids, _extra = drill_units(f.unit, start, end)
        else:
            ids = subtree_ids(f.unit)
        qs = qs.filter(unit_id__in=ids)
    kind = DRILL_KINDS.get(f.count, "")
    if start is not None and end is not None:
        begin, stop = _instant(start), _instant(end, end=True)
        snapshot = stop - timedelta(microseconds=1)
        first, last = start.year * 100 + start.month, end.year * 100 + end.month
        if kind == "resolved":
            qs = qs.filter(
                status__in=[9, 10],
                end_month__gte=first,
                end_month__lte=last,
                end_at__gte=begin,
                end_at__lt=stop,
            )
        elif kind == "open":
            qs = qs.filter(
                received_month__isnull=False,
                received_month__lte=last,
                received_at__lte=snapshot,
            ).filter(Q(end_at__isnull=True) | Q(end_month__gte=last, end_at__gt=snapshot))
            if f.count == "in_progress_overdue":
                qs = qs.filter(overdue_at__lt=snapshot)
            elif f.count == "in_progress_in_time":
                qs = qs.filter(Q(overdue_at__isnull=True) | Q(overdue_at__gte=snapshot))
        elif kind == "received":
            qs = _received_in(qs, start, end)
        else:
            qs = qs.filter(received_at__gte=begin, received_at__lt=stop)
    count_filters: dict[str, Q] = {
        "received_online": Q(channel=2),
        "received_direct": Q(channel=1),
        "received_postal": Q(channel=3),
        "paid_online": Q(paid_online=True),
        "fee_dossiers": Q(paid_online=True) | Q(procedure__fee_bearing=True),
        "digitised": Q(digitised=True),
        "resolved_on_time": Q(on_time=True),
        "resolved_late": Q(on_time=False),
        "electronic_result": Q(electronic_result=True),
    }
    if f.count in count_filters:
        qs = qs.filter(count_filters[f.count])
    if f.period is not None or start is None or end is None:
        # Dates beside a period narrow it by the day of receipt (the list's "Received from
        # … to"), and a single date filters on its own: neither is ever dropped.
        if f.start is not None:
            qs = qs.filter(received_at__gte=_instant(f.start))
        if f.end is not None:
            qs = qs.filter(received_at__lt=_instant(f.end, end=True))
    if f.q:
        qs = qs.filter(code__icontains=f.q.strip())
    if f.procedure:
        qs = qs.filter(procedure__code=f.procedure.strip())
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.order_by("-received_at", "code")


def dossier_get(code: str) -> Dossier:
    dossier = (
        Dossier.objects.select_related("procedure", "unit", "source_system", "import_run")
        .prefetch_related("supplements")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def procedure_list(
    *, unit: OrgUnit | None, period: Period | None, count: str = "", q: str = ""
) -> tuple[QuerySet[Procedure], dict[int, int]]:
    """Procedures behind the distinct-procedure counts of a unit and period, with how
    many of their dossiers were received then (``{procedure id: n}``); every procedure
    when no unit and period are given."""
    qs = Procedure.objects.all()
    counts: dict[int, int] = {}
    if unit is not None and period is not None:
        ids, _extra = drill_units(unit, period.start, period.end)
        dossiers = _received_in(Dossier.objects.filter(unit_id__in=ids), period.start, period.end)
        if count == "procedures_online_with_online_dossiers":
            dossiers = dossiers.filter(channel=2)
        counts = dict(dossiers.values_list("procedure_id").annotate(n=Count("id")).order_by())
        qs = qs.filter(pk__in=list(counts))
        if count in ("procedures_online", "procedures_online_with_online_dossiers"):
            qs = qs.exclude(online_level=Procedure.OnlineLevel.NONE)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return qs.order_by("code"), counts


def _received_in(qs: QuerySet[Dossier], start: date, end: date) -> QuerySet[Dossier]:
    """Received in [start, end]: the month columns let the (unit, month) index do the work."""
    return qs.filter(
        received_month__gte=start.year * 100 + start.month,
        received_month__lte=end.year * 100 + end.month,
        received_at__gte=_instant(start),
        received_at__lt=_instant(end, end=True),
    )


def feedback_list(
    *, unit: OrgUnit | None, period: Period | None, count: str = ""
) -> QuerySet[Feedback]:
    qs = Feedback.objects.select_related("unit")
    if unit is not None:
        qs = qs.filter(unit_id__in=subtree_ids(unit))
    if period is not None:
        begin, stop = _instant(period.start), _instant(period.end, end=True)
        snapshot = stop - timedelta(microseconds=1)
        if count in ("feedback_processed", "feedback_rejected"):
            state = "processed" if count == "feedback_processed" else "rejected"
            qs = qs.filter(state=state, closed_at__gte=begin, closed_at__lt=stop)
        elif count == "feedback_in_progress":
            qs = qs.filter(received_at__lte=snapshot).filter(
                Q(closed_at__isnull=True) | Q(closed_at__gt=snapshot)
            )
        else:
            qs = qs.filter(received_at__gte=begin, received_at__lt=stop)
    return qs.order_by("-received_at", "code")


# ------------------------------------------------------------------ the 766 index

#: Count names of the 766 contract that this product can fill from its measures.
INDEX_COUNTS = sorted(
    set(index766.DOSSIER_COUNTS)
    | set(index766.PROCEDURE_COUNTS)
    | set(index766.FEEDBACK_COUNTS)
    | set(index766.REPORTED_COUNTS)
    | set(index766.SUPPLEMENTARY_COUNTS)
)


@dataclass(frozen=True)
class IndexRow:
    unit: OrgUnit
    counts: dict[str, Decimal | None]
    result: index766.IndexResult
    rank: int | None

    @property
    def band(self) -> index766.Band | None:
        return self.result.band


@dataclass(frozen=True)
class IndexTable:
    parent: OrgUnit
    period: Period
    config: index766.IndexConfig
    config_note: str
    kind: str
    rows: list[IndexRow]
    total: IndexRow


def index_config(period: Period, version: str = "") -> tuple[index766.IndexConfig, str]:
    """The configuration in force at the period's end (or the one asked for), and a note
    when the index did not exist yet then."""
    if version:
        try:
            return index766.load_builtin(version), ""
        except KeyError:
            pass
    try:
        return index766.config_for(period.end), ""
    except LookupError as exc:
        return index766.available_versions()[0], str(exc)


KIND_CHOICES = ("department", "district", "commune")


def index_units(parent: OrgUnit, period: Period, kind: str) -> list[OrgUnit]:
    """The units compared: of ``kind`` under ``parent`` that exist at the period's end,
    as every comparison does (``indicators.selectors.comparison_children``): a unit is
    never compared twice, and no district is ranked for 2025 on its January–June alone
    beside units judged on the whole year (QA: they were, under the heading "năm 2025")."""
    qs = OrgUnit.objects.filter(path__startswith=parent.path, kind=kind).exclude(pk=parent.pk)
    qs = qs.filter(valid_during_q(period.start, period.end))
    return [u for u in qs.order_by("name") if u.is_valid_on(period.end)]


def index_table(
    *, parent: OrgUnit, period: Period, kind: str = "department", version: str = ""
) -> IndexTable:
    """The 766 index of every unit of ``kind`` under ``parent`` for ``period``, ranked.

    Counts come from the indicator engine; a count the catalogue does not have is
    missing, and the sub-indicators that need it say "không đủ dữ liệu" (never 0).
    """
    config, note = index_config(period, version)
    units = index_units(parent, period, kind)
    measures = list(Measure.objects.filter(code__in=INDEX_COUNTS))
    graph = unit_graph()
    all_units = [parent, *units]
    cells = measure_cells(
        measures=measures, unit_ids=[u.pk for u in all_units], periods=[period], graph=graph
    )

    def counts_of(unit: OrgUnit) -> dict[str, Decimal | None]:
        out: dict[str, Decimal | None] = dict.fromkeys(INDEX_COUNTS)
        for m in measures:
            out[m.code] = cells[(m.pk, unit.pk, period.code)].value
        return out

    results = {u.pk: (u, counts_of(u)) for u in units}
    scored = {pk: index766.score(config, counts) for pk, (_u, counts) in results.items()}
    ranked = index766.rank(list(scored.items()))
    rows = [IndexRow(results[r.key][0], results[r.key][1], r.result, r.rank) for r in ranked]
    parent_counts = counts_of(parent)
    total = IndexRow(parent, parent_counts, index766.score(config, parent_counts), None)
    return IndexTable(parent, period, config, note, kind, rows, total)


def index_for_unit(*, unit: OrgUnit, period: Period, version: str = "") -> IndexRow:
    config, _note = index_config(period, version)
    measures = list(Measure.objects.filter(code__in=INDEX_COUNTS))
    cells = measure_cells(measures=measures, unit_ids=[unit.pk], periods=[period])
    counts: dict[str, Decimal | None] = dict.fromkeys(INDEX_COUNTS)
    for m in measures:
        counts[m.code] = cells[(m.pk, unit.pk, period.code)].value
    return IndexRow(unit, counts, index766.score(config, counts), None)


def counts_not_in(
    whole: dict[str, Any], parts: Sequence[dict[str, Any]], keys: Sequence[str]
) -> dict[str, Any] | None:
    """What ``whole``'s counts hold that none of ``parts`` do (a district's own office
    before 1/7/2025, a department that ended while its successor existed throughout), so
    the listed sub-units and this one row more add up to the unit's figures. ``None`` when
    nothing is left; a count the unit has no figure for stays ``None``."""
    rest: dict[str, Any] = {}
    for key in keys:
        total = whole.get(key)
        if total is None:
            rest[key] = None
            continue
        rest[key] = total - sum((p[key] for p in parts if p.get(key) is not None), Decimal(0))
    if all(not v for v in rest.values()):
        return None
    return rest
