"""Background jobs: import runs queued by the web upload, run outside the web process.

One job runs at a time (the machine has two cores: one for the web, one for the job).
``dieuhanh jobs work`` is the worker: a systemd service in production, or started on
demand by the web upload (``kick``) when ``DIEUHANH_JOBS_SPAWN`` is on (the default), so
the demo needs no second service. Claiming a job is an atomic conditional UPDATE, so a
spawned worker and a service worker never run the same job. See
docs/adr/0008-background-jobs.md.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from dieuhanh.dossiers import counting, services
from dieuhanh.dossiers.models import ImportRun

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0
HOUSEKEEPING_SECONDS = 3600


def spawn_enabled() -> bool:
    return os.environ.get("DIEUHANH_JOBS_SPAWN", "1").strip().lower() not in {"0", "false", "no"}


def kick() -> None:
    """Start a worker that drains the queue and exits (detached from this process)."""
    if not spawn_enabled():
        return
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE
        ),
    }
    log_path = services.upload_dir() / "worker.log"
    with log_path.open("ab") as out:
        subprocess.Popen(
            [sys.executable, "-m", "dieuhanh.cli", "jobs", "work", "--drain"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=True,
            cwd=str(settings.BASE_DIR),
        )


def _next_queued() -> ImportRun | None:
    return (
        ImportRun.objects.filter(state=ImportRun.State.QUEUED).order_by("created_at", "id").first()
    )


def _someone_running() -> bool:
    return ImportRun.objects.filter(state__in=ImportRun.ACTIVE[1:]).exists()


def run_one(run: ImportRun, on_progress: Callable[[ImportRun], None] | None = None) -> None:
    try:
        services.import_execute(run=run, on_progress=on_progress)
    except Exception:  # recorded on the run; the worker goes on with the next job
        log.exception("job %s failed", run.pk)


def work(*, drain: bool = False, once: bool = False, log_line: Callable[[str], None]) -> int:
    """Run queued jobs one at a time. ``drain``: exit when the queue is empty; ``once``:
    exit after one job. Returns how many jobs ran."""
    ran = 0
    last_housekeeping = 0.0
    while True:
        services.import_runs_mark_stale()
        if time.monotonic() - last_housekeeping > HOUSEKEEPING_SECONDS:
            last_housekeeping = time.monotonic()
            counting.mark_running_month()
            counting.recount_pending()
        run = _next_queued()
        if run is None:
            if drain or once:
                return ran
            time.sleep(POLL_SECONDS)
            continue
        if _someone_running():
            time.sleep(POLL_SECONDS)  # one job at a time; wait for the other to finish
            continue
        if not services.import_claim(run):
            continue
        log_line(f"{timezone.localtime():%H:%M:%S} bắt đầu #{run.pk} ({run.file_name})")
        run_one(run)
        run.refresh_from_db()
        log_line(f"{timezone.localtime():%H:%M:%S} #{run.pk}: {run.get_state_display()}")
        ran += 1
        if once:
            return ran
