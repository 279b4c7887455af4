"""The standard counts per receiving unit and month, recomputed for the unit-months an
import touched and written as measure values through the indicator engine's one path
(``indicators.services.computed_values_replace``), so every screen reads the same figure.

Counts (DESIGN 5.1; names of the 766 contract):

- received (by channel), paid online, fee dossiers, digitised — by ``received_month``;
- resolved, on time / late, with an electronic result — by the month of the end;
- in progress in time / overdue — at the month's last instant (for the running month: now).
  A stock is a running sum of events over the unit's whole history: +1 in the month
  received, −1 in the month ended; overdue: +1 in ``overdue_from``, −1 in ``overdue_to``.
  Four GROUP BY queries give every month of every touched unit;
- procedures with dossiers, online-offered procedures with dossiers, … with online
  dossiers — distinct counts, stored for every period kind (month, quarter, half, nine
  months, year) and for every unit *and its ancestors* (they add up neither over months
  nor over units);
- feedback received, processed, rejected (by month) and in progress (month's end).

A unit-month gets values only when something happened in it (a dossier received, ended
or in progress at its end); then every measure is written, 0 where the count is zero.
Otherwise its values are missing ("—"), never 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q

from dieuhanh.core.dossier_rules import COUNT_NAMES
from dieuhanh.core.periods import Period
from dieuhanh.dossiers.models import Dossier, Feedback, Procedure, RecountMark
from dieuhanh.dossiers.parsing import month_of, months_between
from dieuhanh.indicators.models import DataValue, Measure
from dieuhanh.indicators.services import computed_values_replace
from dieuhanh.orgunits.models import OrgUnit

DOSSIER_MEASURES = COUNT_NAMES  # the core rules count them; each is a Measure
PROCEDURE_MEASURES = (
    "procedures_with_dossiers",
    "procedures_online",
    "procedures_online_with_online_dossiers",
)
FEEDBACK_MEASURES = (
    "feedback_received",
    "feedback_processed",
    "feedback_in_progress",
    "feedback_rejected",
)
SOURCE = DataValue.Source.DOSSIERS
_UNITS_PER_QUERY = 400
_LOCK_KEY = 4_211_766  # PostgreSQL advisory lock: one recount at a time


def month_code(month: int) -> str:
    return Period.of_month(month // 100, month % 100).code


def periods_of_month(month: int) -> list[str]:
    """The codes of every period (of each kind) that contains the month."""
    year, m = divmod(month, 100)
    codes = [
        Period.of_month(year, m).code,
        Period.of_quarter(year, (m - 1) // 3 + 1).code,
        Period.of_half(year, 1 if m <= 6 else 2).code,
        Period.of_year(year).code,
    ]
    if m <= 9:
        codes.append(Period.of_nine_months(year).code)
    return codes


def _in(ids: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _UNITS_PER_QUERY):
        yield list(ids[start : start + _UNITS_PER_QUERY])


def _cumulative(events: dict[int, int], months: Sequence[int]) -> dict[int, int]:
    """Running sum of monthly events at each of the (sorted) months asked for."""
    out: dict[int, int] = {}
    ordered = sorted(events)
    total = 0
    i = 0
    for month in months:
        while i < len(ordered) and ordered[i] <= month:
            total += events[ordered[i]]
            i += 1
        out[month] = total
    return out


def _dossier_values(
    marks: dict[int, set[int]], now: datetime
) -> tuple[list[tuple[int, str]], dict[tuple[str, int, str], Decimal]]:
    now_month = month_of(now)
    keys: list[tuple[int, str]] = []
    values: dict[tuple[str, int, str], Decimal] = {}
    table = "dossiers_dossier"
    for ids in _chunks(sorted(marks)):
        flows: dict[tuple[int, int], tuple[Any, ...]] = {}
        ends: dict[tuple[int, int], tuple[Any, ...]] = {}
        over_from: dict[int, dict[int, int]] = defaultdict(dict)
        over_to: dict[int, dict[int, int]] = defaultdict(dict)
        not_yet: dict[int, int] = {}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.unit_id, d.received_month, COUNT(*), "
                "SUM(CASE WHEN d.channel = 2 THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN d.channel = 1 THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN d.channel = 3 THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN d.paid_online THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN d.digitised THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN d.paid_online OR p.fee_bearing THEN 1 ELSE 0 END) "
                f"FROM {table} d JOIN dossiers_procedure p ON p.id = d.procedure_id "
                f"WHERE d.unit_id IN ({_in(ids)}) AND d.received_month IS NOT NULL "
                "GROUP BY d.unit_id, d.received_month",
                ids,
            )
            for row in cursor.fetchall():
                flows[(row[0], row[1])] = row[2:]
            cursor.execute(
                "SELECT unit_id, end_month, COUNT(*), "
                "SUM(CASE WHEN status IN (9, 10) THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN status IN (9, 10) AND on_time THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN status IN (9, 10) AND electronic_result THEN 1 ELSE 0 END) "
                f"FROM {table} WHERE unit_id IN ({_in(ids)}) AND received_month IS NOT NULL "
                "AND end_month IS NOT NULL GROUP BY unit_id, end_month",
                ids,
            )
            for row in cursor.fetchall():
                ends[(row[0], row[1])] = row[2:]
            cursor.execute(
                f"SELECT unit_id, overdue_from, COUNT(*) FROM {table} "
                f"WHERE unit_id IN ({_in(ids)}) AND overdue_from IS NOT NULL "
                "GROUP BY unit_id, overdue_from",
                ids,
            )
            for uid, month, n in cursor.fetchall():
                over_from[uid][month] = n
            cursor.execute(
                f"SELECT unit_id, overdue_to, COUNT(*) FROM {table} "
                f"WHERE unit_id IN ({_in(ids)}) AND overdue_to IS NOT NULL "
                "GROUP BY unit_id, overdue_to",
                ids,
            )
            for uid, month, n in cursor.fetchall():
                over_to[uid][month] = n
            if any(now_month in marks[u] for u in ids):
                # The running month is judged now, not at its (future) last instant.
                from dieuhanh.dossiers.store import db_datetime

                cursor.execute(
                    f"SELECT unit_id, COUNT(*) FROM {table} WHERE unit_id IN ({_in(ids)}) "
                    "AND overdue_from = %s AND overdue_at >= %s AND end_at IS NULL "
                    "GROUP BY unit_id",
                    [*ids, now_month, db_datetime()(now)],
                )
                not_yet = dict(cursor.fetchall())
        received_by: dict[int, dict[int, int]] = defaultdict(dict)
        ended_by: dict[int, dict[int, int]] = defaultdict(dict)
        for (uid, month), row in flows.items():
            received_by[uid][month] = row[0]
        for (uid, month), row in ends.items():
            ended_by[uid][month] = -row[0]
        for uid in ids:
            months = sorted(m for m in marks[uid] if m <= now_month)
            opened = _cumulative(received_by[uid], months)
            closed = _cumulative(ended_by[uid], months)
            late_in = _cumulative(over_from[uid], months)
            late_out = _cumulative({m: -n for m, n in over_to[uid].items()}, months)
            for month in months:
                flow = flows.get((uid, month))
                end = ends.get((uid, month))
                in_progress = opened[month] + closed[month]
                overdue = late_in[month] + late_out[month]
                if month == now_month:
                    overdue -= not_yet.get(uid, 0)
                code = month_code(month)
                keys.append((uid, code))
                if flow is None and end is None and in_progress == 0:
                    continue
                received, online, direct, postal, paid, digitised, fee = flow or (0,) * 7
                _ended, resolved, on_time, electronic = end or (0,) * 4
                figures = {
                    "received": received,
                    "received_online": online,
                    "received_direct": direct,
                    "received_postal": postal,
                    "resolved": resolved,
                    "resolved_on_time": on_time,
                    "resolved_late": resolved - on_time,
                    "in_progress_in_time": in_progress - overdue,
                    "in_progress_overdue": overdue,
                    "paid_online": paid,
                    "fee_dossiers": fee,
                    "digitised": digitised,
                    "electronic_result": electronic,
                }
                for name, value in figures.items():
                    values[(name, uid, code)] = Decimal(int(value or 0))
    return keys, values


def _ancestry() -> dict[int, list[int]]:
    """Each unit with its ancestors (itself first), from the materialised paths."""
    chains = {}
    for uid, path in OrgUnit.objects.values_list("id", "path"):
        ids = [int(p) for p in path.strip("/").split("/") if p]
        chains[uid] = list(reversed(ids)) if ids else [uid]
    return chains


def _procedure_values(
    marks: dict[int, set[int]],
) -> tuple[list[tuple[int, str]], dict[tuple[str, int, str], Decimal]]:
    chains = _ancestry()
    affected: set[tuple[int, str]] = set()
    years: set[int] = set()
    for uid, months in marks.items():
        for month in months:
            years.add(month // 100)
            for code in periods_of_month(month):
                for ancestor in chains.get(uid, [uid]):
                    affected.add((ancestor, code))
    online = set(
        Procedure.objects.exclude(online_level=Procedure.OnlineLevel.NONE).values_list(
            "id", flat=True
        )
    )
    all_sets: dict[tuple[int, str], set[int]] = defaultdict(set)
    online_sets: dict[tuple[int, str], set[int]] = defaultdict(set)
    period_cache: dict[int, list[str]] = {}
    for year in sorted(years):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id, received_month, procedure_id, "
                "MAX(CASE WHEN channel = 2 THEN 1 ELSE 0 END) FROM dossiers_dossier "
                "WHERE received_month BETWEEN %s AND %s "
                "GROUP BY unit_id, received_month, procedure_id",
                [year * 100 + 1, year * 100 + 12],
            )
            rows = cursor.fetchall()
        own: dict[tuple[int, str], set[int]] = defaultdict(set)
        own_online: dict[tuple[int, str], set[int]] = defaultdict(set)
        for uid, month, procedure_id, has_online in rows:
            codes = period_cache.get(month)
            if codes is None:
                codes = period_cache[month] = periods_of_month(month)
            for code in codes:
                own[(uid, code)].add(procedure_id)
                if has_online:
                    own_online[(uid, code)].add(procedure_id)
        for (uid, code), procs in own.items():
            for ancestor in chains.get(uid, [uid]):
                if (ancestor, code) in affected:
                    all_sets[(ancestor, code)] |= procs
                    extra = own_online.get((uid, code))
                    if extra:
                        online_sets[(ancestor, code)] |= extra
    keys = sorted(affected)
    values: dict[tuple[str, int, str], Decimal] = {}
    for key in keys:
        procs = all_sets.get(key, set())
        if not procs:
            continue
        uid, code = key
        values[("procedures_with_dossiers", uid, code)] = Decimal(len(procs))
        values[("procedures_online", uid, code)] = Decimal(len(procs & online))
        values[("procedures_online_with_online_dossiers", uid, code)] = Decimal(
            len(online_sets.get(key, set()) & online)
        )
    return keys, values


def _feedback_values(
    marks: dict[int, set[int]], now: datetime
) -> tuple[list[tuple[int, str]], dict[tuple[str, int, str], Decimal]]:
    now_month = month_of(now)
    keys: list[tuple[int, str]] = []
    values: dict[tuple[str, int, str], Decimal] = {}
    for ids in _chunks(sorted(marks)):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id, received_month, COUNT(*) FROM dossiers_feedback "
                f"WHERE unit_id IN ({_in(ids)}) GROUP BY unit_id, received_month",
                ids,
            )
            received = {(u, m): n for u, m, n in cursor.fetchall()}
            cursor.execute(
                "SELECT unit_id, closed_month, COUNT(*), "
                "SUM(CASE WHEN state = 'processed' THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END) FROM dossiers_feedback "
                f"WHERE unit_id IN ({_in(ids)}) AND closed_month IS NOT NULL "
                "GROUP BY unit_id, closed_month",
                ids,
            )
            closed = {(u, m): rest for u, m, *rest in cursor.fetchall()}
        for uid in ids:
            months = sorted(m for m in marks[uid] if m <= now_month)
            opened = _cumulative({m: n for (u, m), n in received.items() if u == uid}, months)
            shut = _cumulative({m: r[0] for (u, m), r in closed.items() if u == uid}, months)
            for month in months:
                code = month_code(month)
                keys.append((uid, code))
                got = received.get((uid, month), 0)
                done = closed.get((uid, month))
                open_now = opened[month] - shut[month]
                if not got and done is None and open_now == 0:
                    continue
                _n, processed, rejected = done or (0, 0, 0)
                for name, value in (
                    ("feedback_received", got),
                    ("feedback_processed", processed),
                    ("feedback_in_progress", open_now),
                    ("feedback_rejected", rejected),
                ):
                    values[(name, uid, code)] = Decimal(int(value or 0))
    return keys, values


def _write(
    codes: Sequence[str],
    keys: list[tuple[int, str]],
    values: dict[tuple[str, int, str], Decimal],
) -> int:
    """Hand the recomputed figures to the indicator engine — only the (unit, period) keys
    whose figures differ from what is stored (a recount that changes nothing writes
    nothing and leaves every cached figure valid)."""
    measures = dict(Measure.objects.filter(code__in=list(codes)).values_list("code", "pk"))
    if not measures or not keys:
        return 0
    names = {pk: code for code, pk in measures.items()}
    wanted: dict[tuple[int, str], dict[str, Decimal]] = {key: {} for key in keys}
    for (code, uid, period), value in values.items():
        if code in measures:
            wanted[(uid, period)][code] = value
    stored: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
    foreign: set[tuple[int, str]] = set()
    periods = sorted({p for _u, p in keys})
    units = sorted({u for u, _p in keys})
    for start in range(0, len(units), _UNITS_PER_QUERY):
        rows = DataValue.objects.filter(
            measure_id__in=list(names),
            period__in=periods,
            unit_id__in=units[start : start + _UNITS_PER_QUERY],
        ).values_list("measure_id", "unit_id", "period", "value", "source")
        for measure_id, uid, period, value, source in rows:
            key = (uid, period)
            if key in wanted:
                stored[key][names[measure_id]] = value
                if source != SOURCE:
                    foreign.add(key)
    changed = [k for k in keys if k in foreign or stored.get(k, {}) != wanted[k]]
    if not changed:
        return 0
    changed_set = set(changed)
    kept = {
        (code, uid, period): value
        for (uid, period), figures in wanted.items()
        if (uid, period) in changed_set
        for code, value in figures.items()
    }
    return computed_values_replace(
        source=SOURCE, measure_codes=list(measures), keys=changed, values=kept
    )


def recount_pending(*, now: datetime | None = None) -> int:
    """Recompute every unit-month marked for recount, in one transaction; returns how many
    values were written. Idempotent and safe to run at any time (and concurrently)."""
    from dieuhanh.dossiers.importing import now_local

    now = now or now_local()
    written = 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        marks = list(RecountMark.objects.values_list("id", "scope", "unit_id", "month"))
        if not marks:
            return 0
        by_scope: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        for _id, scope, unit_id, month in marks:
            by_scope[scope][unit_id].add(month)
        if by_scope.get("d"):
            written += _write(DOSSIER_MEASURES, *_dossier_values(by_scope["d"], now))
        if by_scope.get("p"):
            written += _write(PROCEDURE_MEASURES, *_procedure_values(by_scope["p"]))
        if by_scope.get("f"):
            written += _write(FEEDBACK_MEASURES, *_feedback_values(by_scope["f"], now))
        ids = [m[0] for m in marks]
        for start in range(0, len(ids), 900):
            RecountMark.objects.filter(id__in=ids[start : start + 900]).delete()
    return written


def mark_all(*, now: datetime | None = None, units: Sequence[int] | None = None) -> int:
    """Mark every unit-month that has (or may have) values for recount: after a catalogue
    change, a rule change or to refresh the running month's stocks. Returns the count."""
    from dieuhanh.dossiers.importing import now_local

    now = now or now_local()
    now_month = month_of(now)
    marks: set[tuple[str, int, int]] = set()
    dossiers = Dossier.objects.filter(received_month__isnull=False)
    feedback = Feedback.objects.all()
    if units is not None:
        dossiers = dossiers.filter(unit_id__in=list(units))
        feedback = feedback.filter(unit_id__in=list(units))
    spans = (
        dossiers.values_list("unit_id")
        .annotate(
            first=Min("received_month"),
            last=Max("end_month"),
            open=Count("id", filter=Q(end_at__isnull=True)),
        )
        .order_by()
    )
    for uid, first, last, open_count in spans:
        if first is None:
            continue
        end = now_month if open_count or last is None else max(last, first)
        for month in months_between(first, end):
            marks.add(("d", uid, month))
    for uid, received in dossiers.values_list("unit_id", "received_month").distinct().order_by():
        if received is not None:
            marks.add(("p", uid, received))
    fspans = feedback.values_list("unit_id").annotate(first=Min("received_month")).order_by()
    for uid, first in fspans:
        for month in months_between(first, now_month):
            marks.add(("f", uid, month))
    RecountMark.objects.bulk_create(
        [RecountMark(scope=s, unit_id=u, month=m) for s, u, m in sorted(marks)],
        ignore_conflicts=True,
        batch_size=2000,
    )
    return len(marks)


def mark_running_month(*, now: datetime | None = None) -> int:
    """Mark this month for every unit with an open dossier or feedback item: the running
    month's stocks change with the clock (a dossier falls overdue) and when a month
    begins. The worker calls it hourly; ``dieuhanh dossiers recount --running-month``."""
    from dieuhanh.dossiers.importing import now_local

    now = now or now_local()
    month = month_of(now)
    units = set(
        Dossier.objects.filter(received_month__isnull=False, end_at__isnull=True)
        .values_list("unit_id", flat=True)
        .distinct()
        .order_by()
    )
    feedback_units = set(
        Feedback.objects.filter(closed_at__isnull=True)
        .values_list("unit_id", flat=True)
        .distinct()
        .order_by()
    )
    marks = [RecountMark(scope="d", unit_id=u, month=month) for u in units]
    marks += [RecountMark(scope="f", unit_id=u, month=month) for u in feedback_units]
    RecountMark.objects.bulk_create(marks, ignore_conflicts=True, batch_size=2000)
    return len(marks)
