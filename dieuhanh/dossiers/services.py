"""Writes of the dossier module: imports (file, upload, API push), unit-name mappings,
source systems and their tokens, recounts. Each checks the actor's right first
(``dossiers.import``; ``config.manage`` for tokens); ``actor=None`` is the system."""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import shutil
import socket
import time
import traceback
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dieuhanh.accounts.permissions import Action, require
from dieuhanh.core.vnformat import format_number
from dieuhanh.dossiers import counting
from dieuhanh.dossiers.importing import (
    SPECS,
    FileFormatError,
    Importer,
    name_key,
    now_local,
    open_reader,
)
from dieuhanh.dossiers.models import ApiToken, ImportRun, SourceSystem, UnitNameMapping
from dieuhanh.orgunits.models import OrgUnit

if TYPE_CHECKING:
    from dieuhanh.accounts.models import User

log = logging.getLogger(__name__)

MAX_PUSH = 10_000
TOKEN_PREFIX = "dh_"
# A running job that has not reported for this long is taken as dead (progress is saved
# at least every few seconds while a job is alive).
STALE_AFTER_SECONDS = 300


def _check(actor: User | None, action: Action, unit: OrgUnit | None = None) -> None:
    if actor is not None:
        require(actor, action, unit)


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


# --------------------------------------------------------------------------- imports


def import_submit(
    *,
    actor: User | None,
    kind: str,
    file: IO[bytes] | Path | str,
    file_name: str,
    mode: str = ImportRun.Mode.ALL_OR_NOTHING,
    origin: str = ImportRun.Origin.WEB,
    source_system: SourceSystem | None = None,
) -> ImportRun:
    """Queue an import of a file (copied under MEDIA_ROOT/imports) and return its run."""
    _check(actor, Action.DOSSIERS_IMPORT)
    if kind not in SPECS:
        raise ValidationError(_("Unknown kind of import: %(kind)s.") % {"kind": kind})
    if mode not in ImportRun.Mode.values:
        raise ValidationError(_("Unknown import mode: %(mode)s.") % {"mode": mode})
    suffix = Path(file_name).suffix.lower()
    if suffix not in {".csv", ".txt", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson"}:
        raise ValidationError(
            _("“%(name)s” is not a CSV, XLSX or JSON file.") % {"name": file_name}
        )
    run = ImportRun.objects.create(
        kind=kind,
        origin=origin,
        mode=mode,
        file_name=Path(file_name).name[:255],
        source_system=source_system,
        created_by=actor,
    )
    target = upload_dir() / f"{run.pk}{suffix}"
    if isinstance(file, str | Path):
        shutil.copyfile(file, target)
    else:
        with target.open("wb") as out:
            shutil.copyfileobj(file, out, length=1 << 20)
    run.file_path = str(target)
    run.file_size = target.stat().st_size
    run.save(update_fields=["file_path", "file_size"])
    return run


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def import_claim(run: ImportRun) -> bool:
    """Take a queued run for this process (atomic: only one worker wins)."""
    now = timezone.now()
    won = ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.QUEUED).update(
        state=ImportRun.State.VALIDATING,
        started_at=now,
        heartbeat_at=now,
        worker=_worker_name(),
    )
    if won:
        run.refresh_from_db()
    return bool(won)


def import_runs_mark_stale() -> int:
    """Runs whose worker died (``kill -9``, power cut) become "interrupted". Their committed
    batches stay (each whole, with its recount marks); re-running the file finishes them."""
    limit = timezone.now() - timedelta(seconds=STALE_AFTER_SECONDS)
    host = socket.gethostname()
    stale = []
    for run in ImportRun.objects.filter(state__in=ImportRun.ACTIVE[1:]):
        name, _sep, pid = run.worker.rpartition(":")
        dead = run.heartbeat_at is None or run.heartbeat_at < limit
        if not dead and name == host and pid.isdigit():
            dead = not _alive(int(pid))
        if dead:
            stale.append(run.pk)
    if stale:
        ImportRun.objects.filter(pk__in=stale).update(
            state=ImportRun.State.INTERRUPTED,
            finished_at=timezone.now(),
            message=_(
                "The import stopped before the end (the process was killed). The rows of "
                "the batches already committed are stored; import the file again to finish."
            ),
        )
    return len(stale)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def import_execute(
    *,
    run: ImportRun,
    on_progress: Any = None,
    rows: Iterator[tuple[int, list[str]]] | None = None,
    allowed_units: set[int] | None = None,
    batch_size: int | None = None,
    now: datetime | None = None,
) -> ImportRun:
    """Run an import to its end in this process (the CLI, the worker, the API).

    The run must be claimed (``import_claim``) or new. Pass 1 checks every row; in
    all-or-nothing mode any bad row stops it there. Pass 2 stores in batches, then the
    touched unit-months are recounted.
    """
    if run.state == ImportRun.State.QUEUED:
        import_claim(run)
    importer = Importer(
        run,
        allowed_units=allowed_units,
        on_progress=on_progress,
        now=now,
        **({"batch_size": batch_size} if batch_size else {}),
    )
    run.state = ImportRun.State.VALIDATING
    run.started_at = run.started_at or timezone.now()
    run.worker = _worker_name()
    run.save(update_fields=["state", "started_at", "worker"])
    timings: dict[str, float] = {}
    reader = None
    spool = None
    clock = time.monotonic()
    try:
        # Counts left pending by a run that crashed are finished first.
        counting.recount_pending(now=importer.now)
        if rows is None:
            reader = open_reader(run)
            run.rows_total = reader.total_estimate
            run.save(update_fields=["rows_total"])
            source: Iterator[tuple[int, list[str]]] = iter(reader)
            fraction = reader.fraction
        else:
            source, fraction = rows, (lambda: 0.0)
        spool = importer.check(source, fraction)
        run.rows_unchanged += importer.unchanged
        if reader is not None and reader.ignored_columns:
            run.message = _("Columns not used: %(names)s.") % {
                "names": ", ".join(reader.ignored_columns[:20])
            }
        timings["check"] = round(time.monotonic() - clock, 3)
        if reader is not None and run.rows_read == 0:
            # A header and nothing else (an empty export): say so rather than "done".
            raise FileFormatError(_("The file has column names but no data rows."))
        if run.rows_rejected and run.mode == ImportRun.Mode.ALL_OR_NOTHING:
            run.state = ImportRun.State.REJECTED
            if run.origin == ImportRun.Origin.API:
                # A source system sends records, not a file: say what it should do.
                text = _(
                    "%(bad)s of %(total)s records are not valid: nothing was stored. Correct "
                    "them (or send mode “skip-bad-rows”) and send the request again."
                )
            else:
                text = _(
                    "%(bad)s of %(total)s rows are not valid: nothing was stored. Correct "
                    "them (or choose “skip bad rows”) and import the file again."
                )
            counts = {
                "bad": format_number(run.rows_rejected),
                "total": format_number(run.rows_read),
            }
            run.message = (text % counts + (" " + run.message if run.message else "")).strip()
            return run
        run.state = ImportRun.State.WRITING
        run.save(update_fields=["state", "rows_unchanged", "message"])
        clock = time.monotonic()
        importer.store(spool)
        timings["store"] = round(time.monotonic() - clock, 3)
        run.state = ImportRun.State.COUNTING
        run.progress = 0.95
        run.save(update_fields=["state", "progress"])
        clock = time.monotonic()
        run.values_written = counting.recount_pending(now=importer.now)
        timings["count"] = round(time.monotonic() - clock, 3)
        run.state = ImportRun.State.DONE
        run.progress = 1.0
        return run
    except FileFormatError as exc:
        run.state = ImportRun.State.FAILED
        run.message = str(exc)
        return run
    except Exception as exc:
        log.exception("import %s failed", run.pk)
        run.state = ImportRun.State.FAILED
        run.message = _("The import failed: %(error)s") % {
            "error": f"{type(exc).__name__}: {exc}"[:400]
        }
        run.timings = {**timings, "traceback": traceback.format_exc()[-2000:]}
        raise
    finally:
        if reader is not None:
            reader.close()
        if spool is not None:
            spool.close()
        run.finished_at = timezone.now()
        total = sum(v for v in timings.values() if isinstance(v, float))
        timings.setdefault("total", round(total, 3))
        run.timings = {**timings, **{k: v for k, v in run.timings.items() if k == "traceback"}}
        if total:
            run.rate = round(run.rows_read / total, 1)
        run.save()
        if on_progress is not None:
            on_progress(run)


# -------------------------------------------------------------------------------- API


def _allowed_units(token: ApiToken) -> set[int]:
    """The token's units and every unit below them."""
    roots = list(token.units.values_list("path", flat=True))
    allowed: set[int] = set()
    for path in roots:
        allowed |= set(OrgUnit.objects.filter(path__startswith=path).values_list("id", flat=True))
    return allowed


def token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, or ``None`` (constant-time comparison)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    digest = hashlib.sha256(secret.encode()).hexdigest()
    token = (
        ApiToken.objects.select_related("source_system")
        .filter(prefix=secret[: len(TOKEN_PREFIX) + 6])
        .filter(key_hash=digest)
        .first()
    )
    if token is None or not token.active:
        return None
    if not secrets.compare_digest(token.key_hash, digest):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


class OutOfScopeError(PermissionDenied):
    """A pushed record names a unit outside the token's; nothing was stored."""

    def __init__(self, run: ImportRun) -> None:
        super().__init__(run.message)
        self.run = run


def records_push(*, token: ApiToken, kind: str, records: Sequence[Any], mode: str) -> ImportRun:
    """Import records sent by a source system (at most 10,000), at once, with the same
    checks as a file; the token limits the units. Raises ``OutOfScopeError`` (a
    ``PermissionDenied``) when, in all-or-nothing mode, a record is for a unit outside
    the token's: nothing is stored."""
    if len(records) > MAX_PUSH:
        raise ValidationError(
            _("At most %(max)s records per request; this one has %(count)s.")
            % {"max": MAX_PUSH, "count": len(records)}
        )
    if mode not in ImportRun.Mode.values:
        raise ValidationError(_("Unknown import mode: %(mode)s.") % {"mode": mode})
    spec = SPECS[ImportRun.Kind(kind)]
    run = ImportRun.objects.create(
        kind=kind,
        origin=ImportRun.Origin.API,
        mode=mode,
        file_name=f"API ({token.source_system.code})",
        source_system=token.source_system,
        rows_total=len(records),
    )
    rows = _records_as_rows(records, spec)
    import_execute(run=run, rows=rows, allowed_units=_allowed_units(token))
    if (
        run.state == ImportRun.State.REJECTED
        and run.row_errors.filter(code="out_of_scope").exists()
    ):
        raise OutOfScopeError(run)
    return run


def _records_as_rows(records: Sequence[Any], spec: Any) -> Iterator[tuple[int, list[str]]]:
    """Pushed records as the file readers' rows (``readers.record_values``)."""
    from dieuhanh.dossiers.readers import record_values

    index = spec.index()
    lists = {k.lower(): v for k, v in spec.lists.items()}
    for number, obj in enumerate(records, start=1):
        yield number, record_values(obj, spec, index, lists)[0]


# -------------------------------------------------------------------- configuration


@transaction.atomic
def unit_mapping_save(
    *, actor: User | None, name: str, unit: OrgUnit, note: str = ""
) -> UnitNameMapping:
    """Map a name (or code) a source system writes to a unit; later imports use it."""
    _check(actor, Action.DOSSIERS_IMPORT)
    key = name_key(name)
    if not key:
        raise ValidationError({"name": _("Give the name as the source system writes it.")})
    mapping = UnitNameMapping.objects.filter(key=key).first() or UnitNameMapping(key=key)
    # A name written differently (case, spaces) is the same key: the caller says what
    # the save replaced, rather than overwriting it without a word.
    replaced = (mapping.name, mapping.unit) if mapping.pk is not None else None
    mapping.name = name.strip()[:255]
    mapping.unit = unit
    mapping.note = note
    if mapping.pk is None:
        mapping.created_by = actor
    mapping.full_clean(exclude=["key"])
    mapping.save()
    mapping.replaced = replaced  # type: ignore[attr-defined]
    return mapping


@transaction.atomic
def unit_mapping_delete(*, actor: User | None, mapping: UnitNameMapping) -> None:
    _check(actor, Action.DOSSIERS_IMPORT)
    mapping.delete()


@transaction.atomic
def source_system_save(
    *, actor: User | None, code: str, name: str, description: str = ""
) -> SourceSystem:
    _check(actor, Action.CONFIG_MANAGE)
    system, _created = SourceSystem.objects.update_or_create(
        code=code, defaults={"name": name, "description": description}
    )
    return system


@transaction.atomic
def api_token_create(
    *,
    actor: User | None,
    source_system: SourceSystem,
    name: str,
    units: Sequence[OrgUnit],
) -> tuple[ApiToken, str]:
    """A new token; returns it with its secret, which is not stored and shown only once."""
    _check(actor, Action.CONFIG_MANAGE)
    if not units:
        raise ValidationError({"units": _("A token must be limited to at least one unit.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        source_system=source_system,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        key_hash=hashlib.sha256(secret.encode()).hexdigest(),
        created_by=actor,
    )
    token.units.set(units)
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> None:
    _check(actor, Action.CONFIG_MANAGE)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def counts_recount(
    *, actor: User | None, everything: bool = False, running_month: bool = False
) -> int:
    """Recount pending unit-months; ``everything``: every unit-month with data (after a
    catalogue or rule change); ``running_month``: this month's stocks. Returns the number
    of values written."""
    _check(actor, Action.DOSSIERS_IMPORT)
    now = now_local()
    if everything:
        counting.mark_all(now=now)
    elif running_month:
        counting.mark_running_month(now=now)
    return counting.recount_pending(now=now)
