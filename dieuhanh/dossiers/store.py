"""The fast write path: one batch of checked dossier rows into the database.

The ORM builds and saves one object at a time, which caps an import far below a hundred
thousand rows a second; this module sends whole batches with ``executemany`` and an
``INSERT … ON CONFLICT (code) DO UPDATE … WHERE row_hash <> excluded.row_hash`` that both
SQLite and PostgreSQL understand, so a row that did not change costs one index lookup.
It runs inside the caller's transaction (one per batch) and writes, in that same
transaction, the unit-months whose counts must be recomputed (``RecountMark``): a crash
after the commit loses no recount, a crash before it leaves nothing behind.

Datetimes arrive as local (Vietnam) naive values and are written the way Django itself
stores them: UTC text on SQLite, timestamps with their offset on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection

from dieuhanh.dossiers.parsing import months_between

_SEVEN_HOURS = timedelta(hours=7)
_CHUNK = 900  # parameters per IN (…) list: far below both databases' limits

DOSSIER_COLUMNS = (
    "code",
    "procedure_id",
    "field_code",
    "channel",
    "status",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "unit_id",
    "unit_ref",
    "paid_online",
    "digitised",
    "electronic_result",
    "row_hash",
    "supplement_count",
    "warning",
    "received_month",
    "end_at",
    "end_month",
    "on_time",
    "overdue_at",
    "overdue_from",
    "overdue_to",
    "source_system_id",
    "import_run_id",
    "updated_at",
)
# Positions in a checked record (``importing.DossierChecker``), which ends with the
# supplement list; the last three columns are added here.
R_CODE, R_PROC, R_UNIT, R_HASH, R_RMONTH, R_EMONTH = 0, 1, 9, 14, 17, 19
R_SUPPLEMENTS = 24


_UTC_DAYS: dict[int, str] = {}
_CLOCK = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]


def _sqlite_datetime(value: datetime | None) -> str | None:
    """``str()`` of the UTC time, as Django writes a DateTimeField on SQLite (cached parts:
    this runs six times per row of an import)."""
    if value is None:
        return None
    utc = value - _SEVEN_HOURS
    ordinal = utc.toordinal()
    day = _UTC_DAYS.get(ordinal)
    if day is None:
        day = _UTC_DAYS[ordinal] = utc.date().isoformat() + " "
    text = day + _CLOCK[utc.hour * 3600 + utc.minute * 60 + utc.second]
    if utc.microsecond:
        text += f".{utc.microsecond:06d}"
    return text


def db_datetime() -> Any:
    """The function that turns a local naive datetime into this database's parameter."""
    if connection.vendor == "sqlite":
        return _sqlite_datetime

    def postgres(value: datetime | None) -> str | None:
        return None if value is None else f"{value}+07:00"

    return postgres


def tune_for_bulk() -> None:
    """Settings of this connection for a bulk write (call inside each batch transaction).

    SQLite: a page cache big enough for the dossier indexes (the default 2 MB makes every
    insert into the MaHoSo index a disk read), and fewer WAL checkpoints. PostgreSQL: do
    not wait for the WAL flush at each batch commit — a server crash may lose the last
    batches, never half of one, and re-running the file restores them; a crash of the
    importer itself loses nothing committed.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -131072")
            cursor.execute("PRAGMA wal_autocheckpoint = 20000")
        elif connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _upsert_sql() -> str:
    table = "dossiers_dossier"
    columns = ", ".join(DOSSIER_COLUMNS)
    marks = ", ".join(["%s"] * len(DOSSIER_COLUMNS))
    updates = ", ".join(f"{c} = excluded.{c}" for c in DOSSIER_COLUMNS if c != "code")
    return (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "
        f"ON CONFLICT (code) DO UPDATE SET {updates} "
        f"WHERE {table}.row_hash <> excluded.row_hash"
    )


UPSERT_SQL = _upsert_sql()
INSERT_SQL = UPSERT_SQL.split(" ON CONFLICT")[0]
UPDATE_SQL = (
    "UPDATE dossiers_dossier SET "
    + ", ".join(f"{c} = %s" for c in DOSSIER_COLUMNS if c != "code")
    + " WHERE id = %s"
)
_UPDATES = ", ".join(f"{c} = excluded.{c}" for c in DOSSIER_COLUMNS if c != "code")


def _copy_upsert(cursor: Any, rows: Sequence[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY the batch into a temporary table, then one INSERT … SELECT … ON
    CONFLICT — a row-by-row ``executemany`` is thirty times slower there."""
    columns = ", ".join(DOSSIER_COLUMNS)
    cursor.execute(
        "CREATE TEMPORARY TABLE IF NOT EXISTS dossier_load ON COMMIT DELETE ROWS AS "
        f"SELECT {columns} FROM dossiers_dossier WITH NO DATA"
    )
    with cursor.cursor.copy(f"COPY dossier_load ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(
        f"INSERT INTO dossiers_dossier ({columns}) SELECT {columns} FROM dossier_load "
        f"ON CONFLICT (code) DO UPDATE SET {_UPDATES} "
        "WHERE dossiers_dossier.row_hash <> excluded.row_hash"
    )
    cursor.execute("TRUNCATE dossier_load")


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    marks: set[tuple[str, int, int]] = field(default_factory=set)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def existing_dossiers(cursor: Any, codes: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """``code → (id, row_hash, unit_id, received_month, end_month, supplement_count)``."""
    found: dict[str, tuple[Any, ...]] = {}
    for chunk in _chunks(codes):
        cursor.execute(
            "SELECT code, id, row_hash, unit_id, received_month, end_month, supplement_count "
            f"FROM dossiers_dossier WHERE code IN ({', '.join(['%s'] * len(chunk))})",
            list(chunk),
        )
        for row in cursor.fetchall():
            found[row[0]] = row[1:]
    return found


def dossier_marks(
    marks: set[tuple[str, int, int]],
    unit_id: int,
    received_month: int | None,
    end_month: int | None,
    now_month: int,
) -> None:
    """The unit-months a dossier's version contributes to: received and resolved in, and
    in progress at the end of every month from receipt to its end (or to this month)."""
    if received_month is None:
        return
    marks.add(("p", unit_id, received_month))
    last = end_month if end_month is not None else now_month
    if last == received_month:
        marks.add(("d", unit_id, received_month))
        return
    for month in months_between(received_month, max(last, received_month)):
        marks.add(("d", unit_id, month))


def store_dossiers(
    records: Sequence[tuple[Any, ...]],
    *,
    procedure_ids: dict[str, int],
    source_system_id: int | None,
    run_id: int | None,
    now: datetime,
    now_month: int,
    known_new: bool = False,
) -> BatchResult:
    """Upsert a batch of checked records (inside the caller's transaction).

    A record whose ``row_hash`` equals the stored one is left alone; the others are
    inserted or replaced whole, their supplement requests rewritten, and the unit-months
    of both their old and new versions marked for recount.
    """
    result = BatchResult()
    with connection.cursor() as cursor:
        codes = [r[R_CODE] for r in records]
        # ``known_new``: the caller knows none is stored (the demo's first build).
        existing = {} if known_new else existing_dossiers(cursor, codes)
        to_write: list[tuple[Any, ...]] = []
        to_update: list[tuple[Any, ...]] = []
        changed_ids_with_supplements: list[int] = []
        supplements_for: list[tuple[str, list[tuple[Any, Any]]]] = []
        stamp = db_datetime()(now)
        marks = result.marks
        for r in records:
            old = existing.get(r[R_CODE])
            if old is not None:
                if old[1] == r[R_HASH]:
                    result.unchanged += 1
                    continue
                result.updated += 1
                dossier_marks(marks, old[2], old[3], old[4], now_month)
                if old[5]:
                    changed_ids_with_supplements.append(old[0])
            else:
                result.created += 1
            dossier_marks(marks, r[R_UNIT], r[R_RMONTH], r[R_EMONTH], now_month)
            row = list(r[:R_SUPPLEMENTS])
            row[R_PROC] = procedure_ids[r[R_PROC]]
            row += [source_system_id, run_id, stamp]
            if old is not None and connection.vendor == "sqlite":
                to_update.append((*row[1:], old[0]))
            else:
                to_write.append(tuple(row))
            if r[R_SUPPLEMENTS]:
                supplements_for.append((r[R_CODE], r[R_SUPPLEMENTS]))
        if to_write:
            # In key order: neighbouring rows land on the same pages of the MaHoSo index.
            to_write.sort()
            if connection.vendor == "postgresql":
                _copy_upsert(cursor, to_write)
            else:
                # SQLite holds the write lock since BEGIN IMMEDIATE: no other writer can
                # have inserted these codes since the lookup, so a plain INSERT is safe —
                # and, inside an enclosing transaction (tests, the demo under test), an
                # UPSERT's statement journal makes each batch slower than the last.
                cursor.executemany(INSERT_SQL, to_write)
        if to_update:
            cursor.executemany(UPDATE_SQL, to_update)
        for chunk in _chunks(changed_ids_with_supplements):
            cursor.execute(
                "DELETE FROM dossiers_dossiersupplement WHERE dossier_id IN "
                f"({', '.join(['%s'] * len(chunk))})",
                list(chunk),
            )
        if supplements_for:
            ids = {code: row[0] for code, row in existing.items()}
            missing = [code for code, _ in supplements_for if code not in ids]
            for chunk in _chunks(missing):
                cursor.execute(
                    "SELECT code, id FROM dossiers_dossier WHERE code IN "
                    f"({', '.join(['%s'] * len(chunk))})",
                    list(chunk),
                )
                ids.update(dict(cursor.fetchall()))
            rows = [(ids[code], req, res) for code, pairs in supplements_for for req, res in pairs]
            columns = "dossier_id, requested_at, resubmitted_at"
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(
                    f"COPY dossiers_dossiersupplement ({columns}) FROM STDIN"
                ) as copy:
                    for supplement in rows:
                        copy.write_row(supplement)
            else:
                cursor.executemany(
                    f"INSERT INTO dossiers_dossiersupplement ({columns}) VALUES (%s, %s, %s)",
                    rows,
                )
        write_marks(cursor, marks)
    return result


def write_marks(cursor: Any, marks: Iterable[tuple[str, int, int]]) -> None:
    rows = sorted(marks)
    if not rows:
        return
    if connection.vendor == "postgresql":
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS recount_load "
            "(scope varchar(1), unit_id bigint, month integer) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy("COPY recount_load (scope, unit_id, month) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            "INSERT INTO dossiers_recountmark (scope, unit_id, month) "
            "SELECT scope, unit_id, month FROM recount_load "
            "ON CONFLICT (scope, unit_id, month) DO NOTHING"
        )
        cursor.execute("TRUNCATE recount_load")
        return
    cursor.executemany(
        "INSERT INTO dossiers_recountmark (scope, unit_id, month) VALUES (%s, %s, %s) "
        "ON CONFLICT (scope, unit_id, month) DO NOTHING",
        rows,
    )
