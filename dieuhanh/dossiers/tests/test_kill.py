"""A real import process killed with SIGKILL in the middle of storing: the database keeps
whole committed batches only (each with its recount marks), the run shows as interrupted,
and importing the same file again finishes the job with exact figures.

The import runs in a child process on its own database: a SQLite file, or — when the
suite runs on PostgreSQL — a fresh database on the same server."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
ROWS = 120_000
BATCH = 10_000

SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from dieuhanh.orgunits.services import orgunit_create
province = orgunit_create(
    actor=None, code="20", name="Tỉnh Lạng Sơn", kind="province", nso_code="20"
)
orgunit_create(actor=None, code="20-STP", name="Sở Tư pháp", kind="department", parent=province)
call_command("catalogue", "import", sys.argv[1], verbosity=0)
"""


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[dict[str, str], Callable[[str], list[Any]]]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DJANGO_DEBUG="0",
        DIEUHANH_DATA_DIR=str(tmp_path),
        DIEUHANH_JOBS_SPAWN="0",
        PYTHONPATH=str(ROOT),
    )
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        server, _slash, _name = url.rpartition("/")
        name = f"dieuhanh_kill_{os.getpid()}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name}")
            con.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"{server}/{name}"

        def query(sql: str) -> list[Any]:
            with psycopg.connect(env["DATABASE_URL"]) as con:
                return list(con.execute(sql).fetchall())

        yield env, query
        with psycopg.connect(f"{server}/postgres", autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        path = tmp_path / "dieuhanh.sqlite3"

        def query(sql: str) -> list[Any]:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
            try:
                return con.execute(sql).fetchall()
            finally:
                con.close()

        yield env, query


def _write_file(path: Path) -> None:
    start = datetime(2024, 1, 2, 8, 0)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "MaHoSo,MaTTHC,KenhThucHien,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,"
            "DonViXuLy\n"
        )
        for i in range(ROWS):
            received = start + timedelta(minutes=3 * i)
            due = received + timedelta(days=3)
            end = received + timedelta(days=2 if i % 20 else 5)
            out.write(
                f"K{i:07d},1.{i % 50:03d},{1 + i % 2},{received:%d/%m/%Y %H:%M:%S},"
                f"{due:%d/%m/%Y %H:%M:%S},{end:%d/%m/%Y %H:%M:%S},10,20-STP\n"
            )


def test_a_killed_import_leaves_whole_batches_and_resumes(
    database: tuple[dict[str, str], Callable[[str], list[Any]]], tmp_path: Path
) -> None:
    env, query = database
    catalogue = ROOT / "dieuhanh" / "indicators" / "data" / "demo-catalogue.yaml"
    subprocess.run(
        [sys.executable, "-c", "import sys\n" + SETUP, str(catalogue)],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    data = tmp_path / "big.csv"
    _write_file(data)
    cli = [sys.executable, "-m", "dieuhanh.cli", "dossiers", "import", str(data), "--quiet"]
    child = subprocess.Popen(
        cli, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 240
    written = 0
    try:
        while time.monotonic() < deadline and child.poll() is None:
            rows = query("SELECT state, rows_written FROM dossiers_importrun ORDER BY id")
            if rows and rows[-1][0] == "writing" and rows[-1][1] >= 2 * BATCH:
                os.kill(child.pid, signal.SIGKILL)
                break
            time.sleep(0.02)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL, "the import ended before it could be killed"

    [(state, written)] = query("SELECT state, rows_written FROM dossiers_importrun")
    [(stored,)] = query("SELECT COUNT(*) FROM dossiers_dossier")
    [(marks,)] = query("SELECT COUNT(*) FROM dossiers_recountmark")
    assert state == "writing"  # nobody marked it yet
    # Only whole batches, exactly the ones the run recorded as committed.
    assert stored == written
    assert stored % BATCH == 0 and 0 < stored < ROWS
    # Their figures are not lost: the unit-months to recount were committed with them.
    assert marks > 0

    again = subprocess.run(cli, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    runs = query(
        "SELECT state, rows_created, rows_unchanged, rows_rejected FROM dossiers_importrun "
        "ORDER BY id"
    )
    assert runs[0][0] == "interrupted"
    assert runs[1] == ("done", ROWS - stored, stored, 0)
    assert query("SELECT COUNT(*) FROM dossiers_dossier") == [(ROWS,)]
    assert query("SELECT COUNT(*) FROM dossiers_recountmark") == [(0,)]
    [(received,)] = query(
        "SELECT SUM(v.value) FROM indicators_datavalue v JOIN indicators_measure m "
        "ON m.id = v.measure_id WHERE m.code = 'received'"
    )
    assert int(received) == ROWS

    # A recount of everything from scratch finds nothing to change.
    recount = subprocess.run(
        [sys.executable, "-m", "dieuhanh.cli", "dossiers", "recount", "--all"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert "0 số liệu" in recount.stdout
