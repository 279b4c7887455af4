"""Benchmark of the indicator engine (issue 3's performance criterion).

Builds a throwaway database (a temporary SQLite file, or a PostgreSQL database it creates
and drops), fills it with deterministic data — a province of ~250 units, ~150 measures,
100 indicators with a target each, and a value for every leaf unit × measure × month of
2023-01..2025-12 — and times what the screens ask of ``dieuhanh.indicators.selectors``:

(a) the province overview: every indicator for the province over one period, with the
    plan's targets judged (``evaluate_targets``), cold (empty cache) and warm;
(b) the matrix of every unit × every indicator for one period, cold and warm;
(c) a 36-month trend of one indicator for the province, cold and warm;
(d) the peak resident memory of this process.

Goals: overview < 100 ms p95 warm; matrix < 500 ms.
``BENCH_PROFILE=matrix`` (or another benchmark's key) prints a pyinstrument tree of its
cold call.

    .venv/bin/python bench/indicators.py [--db sqlite|postgres|both] [--units 250]
        [--indicators 100] [--months 36] [--repeat 30] [--seed N] [--restructure]
        [--gc-freeze]

Figures and findings: docs/performance.md.

``--db both`` runs each database in its own process (so the memory figures are separate).
PostgreSQL: ``BENCH_PG`` is the server (default ``postgres://postgres@127.0.0.1:5432``, as
for ``bench/dossiers_import.py``); the benchmark creates ``dieuhanh_indicators_<pid>`` there
and drops it at the end.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"
PILLARS = [
    ("chinh-quyen-so", "Chính quyền số"),
    ("kinh-te-so", "Kinh tế số"),
    ("xa-hoi-so", "Xã hội số"),
    ("ha-tang-so", "Hạ tầng số"),
    ("an-toan-thong-tin", "An toàn thông tin"),
    ("nhan-thuc-so", "Nhận thức số"),
    ("the-che-so", "Thể chế số"),
    ("nhan-luc-so", "Nhân lực số"),
    ("cua-khau-so", "Cửa khẩu số"),
]
FIRST_YEAR = 2023
TODAY = date(2025, 10, 15)  # the overview of "9 tháng đầu năm 2025", as seen in October
RESTRUCTURE_END = date(2025, 6, 30)
RESTRUCTURE_START = date(2025, 7, 1)


# --- output -----------------------------------------------------------------------------


def say(*parts: object) -> None:
    print(*parts, flush=True)


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


@contextmanager
def step(label: str) -> Iterator[None]:
    say(f"  … {label}")
    t0 = time.perf_counter()
    yield
    say(f"    done in {time.perf_counter() - t0:,.1f} s")


# --- the database -----------------------------------------------------------------------


@dataclass
class Throwaway:
    """A database that exists only for this run."""

    url: str
    cleanup: Callable[[], None]


def sqlite_database() -> Throwaway:
    folder = tempfile.mkdtemp(prefix="dieuhanh-bench-")
    return Throwaway(
        url=f"sqlite:///{folder}/bench.sqlite3",
        cleanup=lambda: shutil.rmtree(folder, ignore_errors=True),
    )


def postgres_database() -> Throwaway:
    import psycopg

    server = os.environ.get("BENCH_PG", DEFAULT_PG).rstrip("/")
    admin = f"{server}/postgres"
    name = f"dieuhanh_indicators_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return Throwaway(url=f"{server}/{name}", cleanup=drop)


# --- the data -----------------------------------------------------------------------------


@dataclass
class MeasureSpec:
    code: str
    name: str
    unit_of_measure: str
    frequency: str  # month | quarter | year
    time_aggregation: str  # flow | stock
    base: float  # typical value for a unit of size 1 over one of its periods
    share_of: str | None = None  # a part of this other measure (same frequency)
    share: float = 0.0  # typical part
    decimals: int = 0


@dataclass
class IndicatorSpec:
    code: str
    name: str
    pillar: str
    numerator: list[tuple[str, Decimal]]
    denominator: list[tuple[str, Decimal]]
    factor: Decimal
    unit_of_measure: str
    limit: Decimal | None
    direction: str
    expected: float  # roughly what the province figure should be, for the target


def measure_specs(rng: random.Random, n_indicators: int) -> list[MeasureSpec]:
    """~1.5 measures per indicator: families of a monthly total with 1–3 parts (flows),
    pairs of monthly stocks, quarterly flows and yearly figures (population, budget)."""
    specs: list[MeasureSpec] = []
    n_flow_families = max(1, round(n_indicators * 0.40))
    n_stock_pairs = max(1, round(n_indicators * 0.08))
    n_quarterly = max(1, round(n_indicators * 0.04))
    for f in range(n_flow_families):
        total = MeasureSpec(
            f"f{f:02d}-tong",
            f"Tổng số hồ sơ nhóm {f}",
            "hồ sơ",
            "month",
            "flow",
            base=rng.uniform(20, 400),
        )
        specs.append(total)
        for p in range(rng.choice((1, 2, 2, 3))):
            specs.append(
                MeasureSpec(
                    f"f{f:02d}-phan{p}",
                    f"Trong đó loại {p} nhóm {f}",
                    "hồ sơ",
                    "month",
                    "flow",
                    base=0,
                    share_of=total.code,
                    share=rng.uniform(0.05, 0.6),
                )
            )
    for s in range(n_stock_pairs):
        whole = MeasureSpec(
            f"s{s:02d}-tong",
            f"Tổng số đối tượng {s}",
            "đối tượng",
            "month",
            "stock",
            base=rng.uniform(200, 3000),
        )
        specs.append(whole)
        specs.append(
            MeasureSpec(
                f"s{s:02d}-dat",
                f"Số đối tượng đạt {s}",
                "đối tượng",
                "month",
                "stock",
                base=0,
                share_of=whole.code,
                share=rng.uniform(0.3, 0.9),
            )
        )
    for q in range(n_quarterly):
        specs.append(
            MeasureSpec(
                f"q{q:02d}-tong",
                f"Số cuộc kiểm tra quý {q}",
                "cuộc",
                "quarter",
                "flow",
                base=rng.uniform(2, 30),
            )
        )
    specs.append(MeasureSpec("dan-so", "Dân số", "người", "year", "stock", base=9000))
    specs.append(MeasureSpec("ho-gia-dinh", "Số hộ gia đình", "hộ", "year", "stock", base=2300))
    for y in range(max(1, round(n_indicators * 0.08))):
        specs.append(
            MeasureSpec(
                f"y{y:02d}-kinh-phi",
                f"Kinh phí chuyển đổi số {y}",
                "triệu đồng",
                "year",
                "flow",
                base=rng.uniform(50, 900),
                decimals=1,
            )
        )
    return specs


def indicator_specs(rng: random.Random, measures: list[MeasureSpec], n: int) -> list[IndicatorSpec]:
    """Ratios (1–2 numerator terms over a denominator), counts, and a few with factors."""
    by_code = {m.code: m for m in measures}
    parts_of: dict[str, list[MeasureSpec]] = {}
    for m in measures:
        if m.share_of:
            parts_of.setdefault(m.share_of, []).append(m)
    totals = [m for m in measures if not m.share_of and m.frequency == "month"]
    yearly = [m for m in measures if m.frequency == "year" and m.time_aggregation == "flow"]
    quarterly = [m for m in measures if m.frequency == "quarter"]
    pillar_codes = [p for p, _ in PILLARS]
    one = Decimal(1)
    candidates: list[IndicatorSpec] = []

    def add(**kw: Any) -> None:
        i = len(candidates)
        candidates.append(
            IndicatorSpec(code=f"cs{i:03d}", pillar=pillar_codes[i % len(pillar_codes)], **kw)
        )

    for total in totals:
        parts = parts_of.get(total.code, [])
        for part in parts:
            add(
                name=f"Tỷ lệ {part.name.lower()}",
                numerator=[(part.code, one)],
                denominator=[(total.code, one)],
                factor=Decimal(100),
                unit_of_measure="%",
                limit=Decimal(100),
                direction="higher",
                expected=100 * part.share,
            )
        if len(parts) >= 2:
            add(
                name=f"Tỷ lệ gộp {total.name.lower()}",
                numerator=[(parts[0].code, one), (parts[1].code, one)],
                denominator=[(total.code, one)],
                factor=Decimal(100),
                unit_of_measure="%",
                limit=Decimal(100),
                direction="higher",
                expected=100 * min(1.0, parts[0].share + parts[1].share),
            )
        add(
            name=f"Số {total.name.lower()}",
            numerator=[(total.code, one)],
            denominator=[],
            factor=one,
            unit_of_measure=total.unit_of_measure,
            limit=None,
            direction="lower" if total.time_aggregation == "stock" else "higher",
            expected=0,
        )
    population = by_code["dan-so"]
    for total in [m for m in totals if m.time_aggregation == "flow"][:4]:
        add(
            name=f"{total.name} trên 1.000 dân",
            numerator=[(total.code, one)],
            denominator=[(population.code, one)],
            factor=Decimal(1000),
            unit_of_measure="‰",
            limit=None,
            direction="higher",
            expected=0,
        )
    for m in yearly:
        add(
            name=f"{m.name} (tỷ đồng)",
            numerator=[(m.code, one)],
            denominator=[],
            factor=Decimal("0.001"),
            unit_of_measure="tỷ đồng",
            limit=None,
            direction="higher",
            expected=0,
        )
    for m in quarterly:
        add(
            name=m.name,
            numerator=[(m.code, one)],
            denominator=[],
            factor=one,
            unit_of_measure=m.unit_of_measure,
            limit=None,
            direction="higher",
            expected=0,
        )
    rng.shuffle(candidates)
    chosen = candidates[:n]
    for i, spec in enumerate(chosen):
        spec.code = f"cs{i:03d}"
        spec.pillar = pillar_codes[i % len(pillar_codes)]
    return chosen


@dataclass
class Tree:
    province: Any
    units: list[Any]
    # (unit id, kind, size, first month index, last month index) of every unit that reports
    leaves: list[tuple[int, str, float, int, int]]


def build_tree(rng: random.Random, n_units: int, restructure: bool, n_months: int) -> Tree:
    """A province; districts with their communes; departments. With ``restructure``, the
    districts and communes end on 30/6/2025 and every three communes merge into a new
    commune directly under the province (the 2025 reform)."""
    from dieuhanh.orgunits.services import lineage_create, orgunit_create

    n_departments = max(1, round(n_units * 0.1))
    n_districts = max(1, min(12, round(n_units * 0.05)))
    n_communes = max(n_districts, n_units - 1 - n_districts - n_departments)
    ends = {"valid_to": RESTRUCTURE_END} if restructure else {}
    province = orgunit_create(actor=None, code="99", name="Tỉnh Thử Nghiệm", kind="province")
    units = [province]
    communes = []
    weights = [rng.uniform(0.6, 1.4) for _ in range(n_districts)]
    per_district = [max(1, round(n_communes * w / sum(weights))) for w in weights]
    per_district[-1] = max(1, n_communes - sum(per_district[:-1]))
    for d, count in enumerate(per_district):
        district = orgunit_create(
            actor=None,
            code=f"99{d:03d}",
            name=f"Huyện {d + 1}",
            kind="district",
            parent=province,
            division_type="Huyện",
            **ends,
        )
        units.append(district)
        for c in range(count):
            commune = orgunit_create(
                actor=None,
                code=f"99{d:03d}{c:03d}",
                name=f"Xã {d + 1}.{c + 1}",
                kind="commune",
                parent=district,
                division_type="Xã",
                **ends,
            )
            units.append(commune)
            communes.append(commune)
    departments = []
    for s in range(n_departments):
        dept = orgunit_create(
            actor=None,
            code=f"99-S{s:02d}",
            name=f"Sở {s + 1}",
            kind="department",
            parent=province,
        )
        units.append(dept)
        departments.append(dept)
    all_months = (0, n_months - 1)
    cut = (RESTRUCTURE_END.year - FIRST_YEAR) * 12 + RESTRUCTURE_END.month - 1  # June 2025
    leaves = []
    for u in communes:
        span = (all_months[0], min(cut, all_months[1])) if restructure else all_months
        leaves.append((u.pk, "commune", rng.lognormvariate(0, 0.5), *span))
    for u in departments:
        leaves.append((u.pk, "department", rng.lognormvariate(0.8, 0.4), *all_months))
    if restructure:
        for k in range(0, len(communes), 3):
            group = communes[k : k + 3]
            new = orgunit_create(
                actor=None,
                code=f"99N{k // 3:03d}",
                name=f"Xã mới {k // 3 + 1}",
                kind="commune",
                parent=province,
                division_type="Xã",
                valid_from=RESTRUCTURE_START,
            )
            units.append(new)
            for old in group:
                lineage_create(
                    actor=None,
                    predecessor=old,
                    successor=new,
                    method="merge",
                    effective_date=RESTRUCTURE_START,
                )
            size = sum(leaf[2] for leaf in leaves if leaf[0] in {o.pk for o in group})
            if cut + 1 <= all_months[1]:
                leaves.append((new.pk, "commune", size, cut + 1, all_months[1]))
    return Tree(province=province, units=units, leaves=leaves)


def month_code(index: int) -> tuple[int, int, str]:
    year, month = FIRST_YEAR + index // 12, index % 12 + 1
    return year, month, f"{year:04d}-{month:02d}"


def period_ending(spec: MeasureSpec, seq: int) -> tuple[str, int] | None:
    """(code, year) of the measure's period that ends with month ``seq``, if any: a quarter
    or a year is owed by whoever exists at its end."""
    year, month, code = month_code(seq)
    if spec.frequency == "month":
        return code, year
    if spec.frequency == "quarter" and month % 3 == 0:
        return f"{year:04d}-Q{month // 3}", year
    if spec.frequency == "year" and month == 12:
        return f"{year:04d}", year
    return None


def value_rows(
    rng: random.Random,
    specs: list[MeasureSpec],
    leaves: list[tuple[int, str, float, int, int]],
    n_months: int,
) -> Iterator[tuple[int, tuple[int, str, Decimal]]]:
    """(measure position, (unit id, period, value)) for every leaf, measure and period,
    month after month as units report them (so the table is in arrival order); parts
    never exceed their total."""
    effect = {
        leaf[0]: {s.code: rng.uniform(-0.15, 0.15) for s in specs if s.share_of} for leaf in leaves
    }
    for seq in range(n_months):
        season = 1 + 0.2 * math.sin(seq / 12 * 2 * math.pi)
        for leaf_id, _kind, size, first, last in leaves:
            if not first <= seq <= last:
                continue
            totals: dict[str, int] = {}
            for i, spec in enumerate(specs):
                due = period_ending(spec, seq)
                if due is None:
                    continue
                code, year = due
                if spec.share_of:
                    p = spec.share + effect[leaf_id][spec.code] + 0.05 * (year - FIRST_YEAR)
                    p = min(1.0, max(0.0, p + rng.uniform(-0.05, 0.05)))
                    number = Decimal(int(totals[spec.share_of] * p))
                elif spec.time_aggregation == "stock":
                    raw = spec.base * size * (1 + 0.01 * seq) * rng.uniform(0.98, 1.02)
                    number = Decimal(int(raw))
                else:
                    growth = 1 + 0.08 * (year - FIRST_YEAR)
                    raw = spec.base * size * growth * season * rng.uniform(0.7, 1.3)
                    number = Decimal(f"{raw:.{spec.decimals}f}" if spec.decimals else int(raw))
                totals[spec.code] = int(number)
                yield i, (leaf_id, code, number)


def insert_values(
    rng: random.Random,
    specs: list[MeasureSpec],
    measure_ids: list[int],
    tree: Tree,
    vendor: str,
    n_months: int,
) -> int:
    """COPY on PostgreSQL, executemany in one transaction on SQLite; printed as it goes."""
    from django.db import connection, transaction

    from dieuhanh.indicators.models import DataValue

    table = DataValue._meta.db_table
    # Every column the model has (it grows): ours per row, the others their default.
    now = datetime.now(UTC)
    constants = {"source": "import", "status": "approved", "updated_at": now}
    per_row = ["measure", "unit", "period", "value"]
    fields = [f for f in DataValue._meta.concrete_fields if not f.primary_key]
    fixed = [f for f in fields if f.name not in per_row]
    columns = [DataValue._meta.get_field(n).column for n in per_row] + [f.column for f in fixed]
    tail = tuple(
        f.get_db_prep_save(constants.get(f.name, f.get_default()), connection) for f in fixed
    )
    expected = sum(
        1
        for seq in range(n_months)
        for s in specs
        if period_ending(s, seq)
        for _, _, _, first, last in tree.leaves
        if first <= seq <= last
    )
    say(f"    {expected:,} values to write")
    written = 0
    t0 = time.perf_counter()
    last_report = t0

    def progress() -> None:
        nonlocal last_report
        if time.perf_counter() - last_report > 5:
            last_report = time.perf_counter()
            rate = written / (last_report - t0)
            say(f"    {written:,}/{expected:,} values ({rate:,.0f}/s)")

    rows = (
        (measure_ids[i], uid, code, value, *tail)
        for i, (uid, code, value) in value_rows(rng, specs, tree.leaves, n_months)
    )
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
                    if written % 50_000 == 0:
                        progress()
    else:
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(row)
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    written += len(batch)
                    batch.clear()
                    progress()
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def generate(args: argparse.Namespace, vendor: str) -> dict[str, Any]:
    from django.db import connection

    from dieuhanh.indicators import services
    from dieuhanh.indicators.models import DataValue, Indicator, Measure, Pillar

    rng = random.Random(args.seed)
    merger = ", with the 2025 merger" if args.restructure else ""
    with step(f"units ({args.units} requested{merger})"):
        tree = build_tree(rng, args.units, args.restructure, args.months)
        kinds: dict[str, int] = {}
        for u in tree.units:
            kinds[u.kind] = kinds.get(u.kind, 0) + 1
        say(f"    {len(tree.units)} units: " + ", ".join(f"{v} {k}" for k, v in kinds.items()))
    specs = measure_specs(rng, args.indicators)
    ind_specs = indicator_specs(rng, specs, args.indicators)
    sizes = f"{len(PILLARS)} pillars, {len(specs)} measures, {len(ind_specs)} indicators"
    with step(f"catalogue: {sizes}, a plan and its targets"):
        for order, (code, name) in enumerate(PILLARS):
            services.pillar_save(actor=None, code=code, name=name, order=order)
        pillars = {p.code: p for p in Pillar.objects.all()}
        for spec in specs:
            services.measure_save(
                actor=None,
                code=spec.code,
                name=spec.name,
                unit_of_measure=spec.unit_of_measure,
                frequency=spec.frequency,
                time_aggregation=spec.time_aggregation,
                spatial_aggregation="sum",
                reported_by="commune,department",
            )
        ids = dict(Measure.objects.values_list("code", "id"))
        measure_ids = [ids[s.code] for s in specs]
        indicators = []
        for order, ind in enumerate(ind_specs):
            indicators.append(
                services.indicator_save(
                    actor=None,
                    code=ind.code,
                    name=ind.name,
                    pillar=pillars[ind.pillar],
                    numerator=ind.numerator,
                    denominator=ind.denominator,
                    factor=ind.factor,
                    unit_of_measure=ind.unit_of_measure,
                    limit=ind.limit,
                    direction=ind.direction,
                    decimals=2 if ind.limit else 0,
                    is_key=order < 20,
                    order=order,
                )
            )
        plan = services.plan_save(
            actor=None,
            number="99-KH/BCĐ",
            title="Kế hoạch chuyển đổi số 2023–2025",
            issuer=tree.province,
            issued_on=date(FIRST_YEAR, 1, 15),
            year_from=FIRST_YEAR,
            year_to=2025,
        )
        for order, (ind, spec) in enumerate(zip(indicators, ind_specs, strict=True)):
            higher = spec.direction == "higher"
            if spec.limit is not None:
                value = Decimal(f"{min(99.0, spec.expected * rng.uniform(0.9, 1.4)):.1f}")
            else:
                value = Decimal(rng.randrange(100, 100_000))
            services.target_save(
                actor=None,
                plan=plan,
                indicator=ind,
                year=2025,
                comparator="gte" if higher else "lte",
                value=value,
                unit_of_measure=ind.unit_of_measure,
                order=order,
                baseline_year=FIRST_YEAR if order % 5 == 0 else None,
                baseline_value=(value / 2) if order % 5 == 0 else None,
            )
    with step("values (setup, not timed)"):
        t0 = time.perf_counter()
        written = insert_values(rng, specs, measure_ids, tree, vendor, args.months)
        elapsed = time.perf_counter() - t0
        say(f"    {written:,} values in {elapsed:,.1f} s ({written / elapsed:,.0f}/s)")
    if vendor == "postgresql":
        # What autovacuum does shortly after a bulk load: planner statistics and the
        # visibility map (index-only scans). SQLite is left as Django leaves it (no ANALYZE).
        with step("VACUUM ANALYZE"), connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {DataValue._meta.db_table}")
    services.bump_data_version()
    assert DataValue.objects.count() == written
    return {
        "province": tree.province,
        "plan": plan,
        "units": tree.units,
        "n_values": written,
        "n_measures": len(specs),
        "n_indicators": Indicator.objects.count(),
        "load_seconds": elapsed,
    }


# --- timing -------------------------------------------------------------------------------


@dataclass
class Timing:
    key: str
    label: str
    cold: float
    cold_cpu: float
    warm: list[float]
    warm_cpu: list[float]
    note: str = ""

    @staticmethod
    def _p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def p95(self) -> float:
        return self._p95(self.warm)

    @property
    def p95_cpu(self) -> float:
        return self._p95(self.warm_cpu)

    def row(self) -> list[str]:
        ordered = sorted(self.warm)
        return [
            self.label,
            fmt_ms(self.cold),
            fmt_ms(self.cold_cpu),
            fmt_ms(statistics.median(ordered)),
            fmt_ms(self.p95),
            fmt_ms(ordered[-1]),
            fmt_ms(statistics.median(self.warm_cpu)),
            fmt_ms(self.p95_cpu),
            self.note,
        ]


HEADERS = [
    "benchmark",
    "cold",
    "cold CPU",
    "warm p50",
    "warm p95",
    "warm max",
    "CPU p50",
    "CPU p95",
    "what",
]


def measure(key: str, label: str, fn: Callable[[], Any], repeat: int, note: str = "") -> Timing:
    """Cold: the first call with an empty cache. Warm: ``repeat`` calls after it. Wall
    time; CPU time of this process beside it (the database server's is not in it)."""
    from django.core.cache import cache
    from django.db import connection

    assert not connection.in_atomic_block, "timed calls must run outside a transaction"
    cache.clear()
    gc.collect()
    profiler = None
    if os.environ.get("BENCH_PROFILE") == key:  # e.g. BENCH_PROFILE=matrix: the cold call
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    cold, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False), file=sys.stderr)
    warm, cpu = [], []
    for _ in range(max(1, repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        warm.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    timing = Timing(key, label, cold, cold_cpu, warm, cpu, note)
    row = timing.row()
    say(
        f"    {label.strip()}: cold {row[1]} ms, warm p50 {row[3]} / p95 {row[4]} / max {row[5]} ms"
    )
    return timing


def run_benchmarks(ctx: dict[str, Any], args: argparse.Namespace) -> list[Timing]:
    from dieuhanh.core.periods import Period
    from dieuhanh.indicators import selectors
    from dieuhanh.indicators.models import Indicator

    province, plan = ctx["province"], ctx["plan"]
    unit_ids = [u.pk for u in ctx["units"]]

    def overview(period: Period) -> Callable[[], Any]:
        """Every indicator for the province over the period, and the plan's targets judged."""

        def call() -> Any:
            indicators = selectors.indicators_with_terms()
            figures = selectors.indicator_figures(
                indicators=indicators, unit_ids=[province.pk], periods=[period]
            )
            evaluations = selectors.evaluate_targets(
                targets=selectors.plan_targets(plan), province=province, today=TODAY
            )
            assert len(figures) == len(indicators) and len(evaluations) == len(indicators)
            return figures, evaluations

        return call

    def figures_only(period: Period) -> Callable[[], Any]:
        def call() -> Any:
            return selectors.indicator_figures(
                indicators=selectors.indicators_with_terms(),
                unit_ids=[province.pk],
                periods=[period],
            )

        return call

    def targets_only() -> Any:
        return selectors.evaluate_targets(
            targets=selectors.plan_targets(plan), province=province, today=TODAY
        )

    def screen(period: Period) -> Callable[[], Any]:
        def call() -> Any:
            return selectors.pillar_overview(unit=province, period=period, province=province)

        return call

    def matrix(period: Period) -> Callable[[], Any]:
        def call() -> Any:
            indicators = selectors.indicators_with_terms()
            figures = selectors.indicator_figures(
                indicators=indicators, unit_ids=unit_ids, periods=[period]
            )
            assert len(figures) == len(indicators) * len(unit_ids)
            return figures

        return call

    months = [Period.parse(month_code(i)[2]) for i in range(args.months)]
    trend_indicator = selectors.indicators_with_terms()[0]

    def trend() -> Any:
        [ind] = selectors.indicators_with_terms(Indicator.objects.filter(pk=trend_indicator.pk))
        return selectors.indicator_figures(indicators=[ind], unit_ids=[province.pk], periods=months)

    ytd, year = Period.parse("2025-9M"), Period.parse("2024")
    n, r = ctx["n_indicators"], args.repeat
    say("  … timing (cold = empty cache, first call; warm = the next calls)")
    timings = [
        measure(
            "overview-ytd",
            f"(a) overview {ytd.code}",
            overview(ytd),
            r,
            f"{n} indicators + {n} targets judged",
        ),
        measure(
            "overview-year",
            f"(a) overview {year.code}",
            overview(year),
            r,
            f"{n} indicators + {n} targets judged",
        ),
        measure(
            "figures",
            f"    of which figures {ytd.code}",
            figures_only(ytd),
            r,
            "indicators_with_terms + indicator_figures",
        ),
        measure(
            "targets",
            "    of which targets",
            targets_only,
            r,
            "plan_targets + evaluate_targets (years 2022–2025)",
        ),
    ]
    if hasattr(selectors, "pillar_overview"):  # the overview screen's own selector
        timings.append(
            measure(
                "screen",
                f"    pillar_overview {ytd.code}",
                screen(ytd),
                r,
                f"the screen's selector: + same period {ytd.year - 1}, latest targets",
            )
        )
    timings += [
        measure(
            "matrix",
            f"(b) matrix {year.code}",
            matrix(year),
            r,
            f"{len(unit_ids)} units × {n} indicators",
        ),
        measure(
            "trend",
            f"(c) trend {args.months} months",
            trend,
            r,
            f"{trend_indicator.code}, province",
        ),
    ]
    return timings


# --- the run ------------------------------------------------------------------------------


def describe_machine(vendor: str) -> list[tuple[str, str]]:
    import sqlite3

    import django
    from django.conf import settings
    from django.db import connection

    rows = [
        ("date", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("machine", f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}"),
        ("cpu", _cpu_model()),
        ("memory", _mem_total()),
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("django", django.get_version()),
        ("sqlite", sqlite3.sqlite_version),
    ]
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            rows.append(("postgresql", cursor.fetchone()[0]))
    backend = settings.CACHES["default"]["BACKEND"]
    rows.append(("cache", backend + (" (default)" if backend.endswith("LocMemCache") else "")))
    rows.append(("DEBUG", str(settings.DEBUG)))
    return rows


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "?"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table: text columns (first and last) left, figures right."""
    widths = [max(len(x) for x in col) for col in zip(headers, *rows, strict=True)]
    last = len(widths) - 1

    def line(cells: list[str]) -> str:
        padded = [
            c.ljust(w) if i in (0, last) else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * w if i in (0, last) else "-" * (w - 1) + ":" for i, w in enumerate(widths)]
    return "\n".join([line(headers), line(rule), *(line(r) for r in rows)])


def run_one(args: argparse.Namespace) -> None:
    vendor = "postgresql" if args.db == "postgres" else "sqlite"
    db = postgres_database() if vendor == "postgresql" else sqlite_database()
    os.environ["DATABASE_URL"] = db.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"  # no query log: time what production runs
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        say(f"\n=== dieuhanh indicator benchmark on {vendor} ===")
        say("command: " + " ".join([".venv/bin/python", "bench/indicators.py", *sys.argv[1:]]))
        machine = describe_machine(vendor)
        for k, v in machine:
            say(f"  {k:<11}{v}")
        say("setup:")
        t0 = time.perf_counter()
        with step("migrations"):
            call_command("migrate", verbosity=0, interactive=False)
        ctx = generate(args, vendor)
        setup_seconds = time.perf_counter() - t0
        rss_after_setup = peak_rss_mb()
        gc.collect()
        if args.gc_freeze:
            gc.freeze()  # what a worker would do once started (see docs/performance.md)
        load_before = os.getloadavg()
        timings = run_benchmarks(ctx, args)
        load_after = os.getloadavg()
        by_key = {t.key: t for t in timings}
        overview_ytd, overview_year = by_key["overview-ytd"], by_key["overview-year"]
        goals = [
            (
                "(a) overview 2025-9M",
                "warm p95 < 100 ms",
                overview_ytd.p95,
                0.1,
                overview_ytd.p95_cpu,
            ),
            (
                "(a) overview 2024",
                "warm p95 < 100 ms",
                overview_year.p95,
                0.1,
                overview_year.p95_cpu,
            ),
            (
                "(b) matrix 2024",
                "warm p95 < 500 ms",
                by_key["matrix"].p95,
                0.5,
                by_key["matrix"].p95_cpu,
            ),
            (
                "(b) matrix 2024",
                "cold < 500 ms",
                by_key["matrix"].cold,
                0.5,
                by_key["matrix"].cold_cpu,
            ),
        ]
        say("")
        say(f"## Results — {vendor}")
        say("")
        for k, v in machine:
            say(f"- {k}: {v}")
        say(
            f"- data: {len(ctx['units'])} units, {ctx['n_measures']} measures, "
            f"{ctx['n_indicators']} indicators with a target each, {ctx['n_values']:,} values "
            f"({args.months} months from {FIRST_YEAR}-01)"
            + (", 2025 merger of communes" if args.restructure else "")
        )
        say(
            f"- setup: {setup_seconds:,.1f} s in all, of which values "
            f"{ctx['load_seconds']:,.1f} s ({ctx['n_values'] / ctx['load_seconds']:,.0f} rows/s)"
        )
        say(f"- warm: {args.repeat} calls after the cold one, outside any transaction")
        say(
            "- garbage collector: "
            + ("gc.freeze() after setup" if args.gc_freeze else "Python's defaults")
        )
        say(
            f"- load average (1 min) before / after timing: {load_before[0]:.2f} / "
            f"{load_after[0]:.2f} on {os.cpu_count()} CPUs"
        )
        say("")
        say(
            "Milliseconds. Wall time; CPU = this process's CPU time (SQLite's work is in it,"
            " PostgreSQL's server time is not)."
        )
        say("")
        say(table(HEADERS, [t.row() for t in timings]))
        say("")
        say(
            f"(d) peak RSS: {rss_after_setup:,.0f} MiB after setup, {peak_rss_mb():,.0f} MiB "
            f"at the end (current {current_rss_mb():,.0f} MiB)"
        )
        say("")
        say("goals (wall time as measured; CPU time beside it):")
        for name, goal, wall, limit, cpu in goals:
            verdict = "MET" if wall < limit else "MISSED"
            beside = f", CPU {fmt_ms(cpu)} ms" if cpu is not None else ""
            say(f"  {name:<22}{goal:<19}{verdict:<7}({fmt_ms(wall)} ms{beside})")
    finally:
        db.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--units", type=int, default=250)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--months", type=int, default=36, help="from 2023-01 (at most 36)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20251021)
    parser.add_argument(
        "--restructure",
        action="store_true",
        help="end districts and communes on 30/6/2025 and merge communes three into one",
    )
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after setup, as a tuned web worker would at start",
    )
    args = parser.parse_args()
    if not 1 <= args.months <= 36:
        parser.error("--months must be 1–36 (2023-01..2025-12)")
    if args.db == "both":
        failed = 0
        for db in ("sqlite", "postgres"):
            argv = list(sys.argv[1:])
            if "--db" in argv:
                i = argv.index("--db")
                del argv[i : i + 2]
            argv = [a for a in argv if not a.startswith("--db=")]
            failed |= subprocess.call([sys.executable, __file__, "--db", db, *argv])
        sys.exit(failed)
    run_one(args)


if __name__ == "__main__":
    main()
