"""Dossier import benchmark: generate N dossiers, import them end to end (parse, validate,
store, count) on SQLite and on PostgreSQL, re-import the unchanged file, and time DuckDB
reading and counting the same file as the floor.

    .venv/bin/python bench/dossiers_import.py                 # 1,000,000 rows, both DBs
    .venv/bin/python bench/dossiers_import.py --rows 200000 --db sqlite
    .venv/bin/python bench/dossiers_import.py --profile       # pyinstrument of the import

Each import runs in a child process (``dieuhanh dossiers import``'s service), so its peak
memory (``ru_maxrss``) is the import's alone. The databases are fresh: a SQLite file in a
temporary directory, a PostgreSQL database ``dieuhanh_bench`` (dropped and recreated; set
``BENCH_PG`` to the server URL, default ``postgres://postgres@127.0.0.1:5432``). Figures
go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = [
    "MaHoSo",
    "MaTTHC",
    "TenTTHC",
    "MaLinhVuc",
    "KenhThucHien",
    "NgayTiepNhan",
    "NgayHenTra",
    "NgayKetThucXuLy",
    "NgayTra",
    "TrangThaiHoSo",
    "DonViXuLy",
    "DuocThanhToanTrucTuyen",
    "HoSoCoThanhPhanSoHoa",
    "CoKetQuaDienTu",
    "NgayBoSung",
    "NgayTiepNhanBoSung",
]


def _env(db_url: str | None, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DJANGO_DEBUG="0",
        DIEUHANH_DATA_DIR=str(data_dir),
        DIEUHANH_JOBS_SPAWN="0",
        PYTHONPATH=str(ROOT),
    )
    if db_url:
        env["DATABASE_URL"] = db_url
    return env


def _cli(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "dieuhanh.cli", *args], env=env, check=True, cwd=ROOT)


def _units(env: dict[str, str]) -> list[tuple[str, ...]]:
    """(reference as a source system writes it, kind, valid_from, valid_to)."""
    code = (
        "import django, json; django.setup();"
        "from dieuhanh.orgunits.models import OrgUnit;"
        "print(json.dumps([(u.nso_code or u.code, u.kind, str(u.valid_from or ''),"
        " str(u.valid_to or '')) for u in OrgUnit.objects.exclude(kind='province')]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, cwd=ROOT, capture_output=True
    )
    return [tuple(x) for x in json.loads(out.stdout)]


def generate(path: Path, rows: int, units: list[tuple[str, ...]]) -> None:
    """N dossiers over 2022–2025, spread over the units alive on their day of receipt,
    with realistic shares: online rising, ~5% late, ~4% with a supplement wait, ~0.5%
    still open. Dates in the three accepted notations."""
    rng = random.Random(766)
    start = datetime(2022, 1, 1, 7, 0)
    span_minutes = 4 * 365 * 24 * 60
    eras: dict[tuple[str, str], list[str]] = {}
    for ref, _kind, valid_from, valid_to in units:
        eras.setdefault((valid_from or "", valid_to or ""), []).append(ref)
    procs = [f"1.{i:06d}" for i in range(1500)]
    fmt_iso = "%Y-%m-%dT%H:%M:%S"
    fmt_vn = "%d/%m/%Y %H:%M:%S"
    fmt_num = "%Y%m%d%H%M%S"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i in range(rows):
            received = start + timedelta(minutes=int(rng.random() * span_minutes))
            day = received.date().isoformat()
            alive = [
                refs
                for (vf, vt), refs in eras.items()
                if (not vf or vf <= day) and (not vt or day <= vt)
            ]
            pool = alive[rng.randrange(len(alive))]
            unit = pool[rng.randrange(len(pool))]
            year = received.year
            online = rng.random() < 0.45 + 0.15 * (year - 2022)
            allowed = timedelta(days=rng.choice((1, 3, 5, 7, 10, 15)))
            due = received + allowed
            took = allowed * (rng.random() * 0.9) if rng.random() < 0.95 else allowed * 1.4
            sup_req = sup_res = ""
            if rng.random() < 0.04:
                asked = received + timedelta(hours=rng.randint(2, 30))
                back = asked + timedelta(days=rng.randint(1, 6))
                sup_req, sup_res = asked.strftime(fmt_vn), back.strftime(fmt_vn)
                took += back - asked
            finished = received + took
            fmt = (fmt_vn, fmt_iso, fmt_num)[i % 3]
            if finished > datetime(2025, 12, 31) or rng.random() < 0.005:
                status, fin_s, ret_s = "4", "", ""
            else:
                status = "10"
                fin_s = finished.strftime(fmt)
                ret_s = (finished + timedelta(hours=rng.randint(1, 20))).strftime(fmt)
            writer.writerow(
                [
                    f"000.00.20.H36-{received:%y%m%d}-{i:07d}",
                    procs[int(rng.paretovariate(1.2)) % 1500],
                    "",
                    "LV",
                    "2" if online else "1",
                    received.strftime(fmt),
                    due.strftime(fmt),
                    fin_s,
                    ret_s,
                    status,
                    unit,
                    "1" if online and rng.random() < 0.3 else "0",
                    "1" if rng.random() < 0.6 else "0",
                    "1" if rng.random() < 0.5 else "0",
                    sup_req,
                    sup_res,
                ]
            )


CHILD = """
import json, os, resource, sys, time, django
django.setup()
from django.db import connection
from dieuhanh.dossiers import counting, services
from dieuhanh.dossiers.models import ImportRun
path = sys.argv[1]
profile = sys.argv[2] == "1"
# Time the indicator engine's write (computed_values_replace) apart from the rest.
engine = {"seconds": 0.0}
replace = counting.computed_values_replace
def timed(**kwargs):
    started = time.perf_counter()
    try:
        return replace(**kwargs)
    finally:
        engine["seconds"] += time.perf_counter() - started
counting.computed_values_replace = timed
run = ImportRun.objects.create(kind="dossiers", origin="cli", mode="skip-bad-rows",
    file_path=path, file_name=path.rsplit("/", 1)[-1])
started = time.perf_counter()
if profile:
    from pyinstrument import Profiler
    profiler = Profiler(); profiler.start()
run = services.import_execute(run=run)
elapsed = time.perf_counter() - started
if profile:
    profiler.stop()
    every = os.environ.get("BENCH_PROFILE_ALL") == "1"
    print(profiler.output_text(unicode=True, color=False, show_all=every), file=sys.stderr)
bulk = None
if engine["seconds"]:
    # What the same values would cost through one bulk INSERT (executemany), for comparison.
    with connection.cursor() as cursor:
        cursor.execute("SELECT measure_id, unit_id, period, value FROM indicators_datavalue "
                       "WHERE source = 'dossiers'")
        rows = cursor.fetchall()
        cursor.execute("CREATE TEMPORARY TABLE bench_values (measure_id bigint, unit_id bigint, "
                       "period varchar(12), value numeric(20, 4))")
        started = time.perf_counter()
        cursor.executemany("INSERT INTO bench_values VALUES (%s, %s, %s, %s)", rows)
        bulk = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": elapsed, "rows": run.rows_read, "state": run.state,
    "cpu": round(usage.ru_utime + usage.ru_stime, 1),
    "engine_write": round(engine["seconds"], 1), "bulk_insert_same_values": bulk and round(bulk, 1),
    "created": run.rows_created, "unchanged": run.rows_unchanged, "rejected": run.rows_rejected,
    "values": run.values_written, "timings": run.timings,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def import_once(env: dict[str, str], path: Path, profile: bool = False) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), "1" if profile else "0"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=None,
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def duckdb_floor(path: Path) -> dict[str, float]:
    """DuckDB reading the CSV and counting per unit and month (received, online, resolved
    and on time) — what the hardware can do with a columnar engine in C++."""
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    result = con.execute(
        f"""
        WITH raw AS (
          SELECT * FROM read_csv('{path}', header=true, all_varchar=true)
        ), d AS (
          SELECT DonViXuLy AS unit, KenhThucHien AS channel, TrangThaiHoSo AS status,
            coalesce(try_strptime(NgayTiepNhan, '%d/%m/%Y %H:%M:%S'),
                     try_strptime(NgayTiepNhan, '%Y-%m-%dT%H:%M:%S'),
                     try_strptime(NgayTiepNhan, '%Y%m%d%H%M%S')) AS received,
            coalesce(try_strptime(NgayHenTra, '%d/%m/%Y %H:%M:%S'),
                     try_strptime(NgayHenTra, '%Y-%m-%dT%H:%M:%S'),
                     try_strptime(NgayHenTra, '%Y%m%d%H%M%S')) AS due,
            coalesce(try_strptime(NgayKetThucXuLy, '%d/%m/%Y %H:%M:%S'),
                     try_strptime(NgayKetThucXuLy, '%Y-%m-%dT%H:%M:%S'),
                     try_strptime(NgayKetThucXuLy, '%Y%m%d%H%M%S')) AS finished
          FROM raw
        )
        SELECT unit, date_trunc('month', received) AS month, count(*) AS received,
          count(*) FILTER (WHERE channel = '2') AS online,
          count(*) FILTER (WHERE status IN ('9', '10')) AS resolved,
          count(*) FILTER (WHERE status IN ('9', '10') AND finished <= due) AS on_time
        FROM d GROUP BY ALL
        """
    ).fetchall()
    return {"seconds": time.perf_counter() - started, "groups": len(result)}


def bench_database(label: str, db_url: str | None, path: Path, rows: int, profile: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix=f"bench-{label}-"))
    env = _env(db_url, work)
    print(f"[{label}] preparing a fresh database (migrate, units, catalogue)…", flush=True)
    _cli(env, "migrate", "-v0")
    _cli(env, "orgunits", "load", "--province", "20")
    _cli(env, "catalogue", "import", str(ROOT / "dieuhanh/indicators/data/demo-catalogue.yaml"))
    first = import_once(env, path, profile)
    again = import_once(env, path)
    for name, result in (("first import", first), ("re-import (unchanged)", again)):
        seconds = float(result["seconds"])  # type: ignore[arg-type]
        print(
            f"[{label}] {name}: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s "
            f"(this process's CPU {result['cpu']} s), "
            f"peak {float(result['peak_mb']):.0f} MB; new {result['created']}, unchanged "  # type: ignore[arg-type]
            f"{result['unchanged']}, rejected {result['rejected']}, values {result['values']}; "
            f"phases {result['timings']}; of which the engine's value write "
            f"{result['engine_write']} s (a bulk INSERT of the same values: "
            f"{result['bulk_insert_same_values']} s)",
            flush=True,
        )
    ratio = float(first["seconds"]) / float(again["seconds"])  # type: ignore[arg-type]
    print(f"[{label}] re-import is {ratio:.1f}× faster than the first import", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--profile", action="store_true", help="Profile the first import.")
    parser.add_argument("--file", help="Reuse a generated CSV instead of generating one.")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-dossiers-"))
    env = _env(None, scratch)
    if args.file:
        path = Path(args.file)
    else:
        _cli(env, "migrate", "-v0")
        _cli(env, "orgunits", "load", "--province", "20")
        units = _units(env)
        path = scratch / f"dossiers-{args.rows}.csv"
        started = time.perf_counter()
        generate(path, args.rows, units)
        print(
            f"generated {args.rows:,} dossiers ({path.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - started:.1f} s: {path}",
            flush=True,
        )
    print(f"load average before the runs: {os.getloadavg()}", flush=True)
    floor = duckdb_floor(path)
    print(
        f"[duckdb] read + count per unit and month: {floor['seconds']:.2f} s = "
        f"{args.rows / floor['seconds']:,.0f} rows/s ({floor['groups']} unit-months)",
        flush=True,
    )
    if args.db in ("sqlite", "both"):
        bench_database("sqlite", None, path, args.rows, args.profile)
    if args.db in ("postgres", "both"):
        server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
        admin = f"{server}/postgres"
        import psycopg

        with psycopg.connect(admin, autocommit=True) as con:
            con.execute("DROP DATABASE IF EXISTS dieuhanh_bench")
            con.execute("CREATE DATABASE dieuhanh_bench")
        bench_database("postgres", f"{server}/dieuhanh_bench", path, args.rows, args.profile)
    print(f"this process: peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
