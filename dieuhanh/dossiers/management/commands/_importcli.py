"""Shared by ``dieuhanh dossiers|procedures|feedback import``: run an import in this
process with a progress bar on the terminal (stderr)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from dieuhanh.dossiers import services
from dieuhanh.dossiers.models import ImportRun
from dieuhanh.dossiers.selectors import unknown_unit_names
from dieuhanh.dossiers.services import import_runs_mark_stale

_PHASES = {
    "validating": "kiểm tra",
    "writing": "ghi",
    "counting": "tính số liệu",
    "done": "xong",
    "rejected": "từ chối",
    "failed": "lỗi",
}


def add_import_arguments(parser: CommandParser) -> None:
    parser.add_argument("file", help="A .csv, .xlsx or .json file (see docs/dossiers.md).")
    parser.add_argument(
        "--mode",
        choices=list(ImportRun.Mode.values),
        default=ImportRun.Mode.ALL_OR_NOTHING,
        help="all-or-nothing (default): one bad row and nothing is stored; "
        "skip-bad-rows: store the good rows, list the bad ones.",
    )
    parser.add_argument("--source", help="Code of the source system the file comes from.")
    parser.add_argument("--quiet", action="store_true", help="No progress bar.")


class ProgressBar:
    def __init__(self, stream: Any, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.last = 0.0

    def __call__(self, run: ImportRun) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        final = not run.active
        if not final and now - self.last < 0.2:
            return
        self.last = now
        width = 30
        filled = int(width * run.progress)
        bar = "█" * filled + "░" * (width - filled)
        rows = run.rows_written if run.state == "writing" else run.rows_read
        line = (
            f"\r{bar} {run.progress * 100:5.1f}%  {_PHASES.get(run.state, run.state):<12} "
            f"{rows:>10,} dòng  {run.rate:>9,.0f} dòng/giây"
        ).replace(",", ".")
        self.stream.write(line)
        if final:
            self.stream.write("\n")
        self.stream.flush()


def run_import(command: Any, kind: str, options: dict[str, Any]) -> ImportRun:
    from dieuhanh.dossiers.models import SourceSystem

    path = Path(options["file"])
    if not path.exists():
        raise CommandError(f"Không có tệp {path}.")
    source = None
    if options.get("source"):
        source = SourceSystem.objects.filter(code=options["source"]).first()
        if source is None:
            raise CommandError(f"Không có hệ thống nguồn mã “{options['source']}”.")
    import_runs_mark_stale()
    run = ImportRun.objects.create(
        kind=kind,
        origin=ImportRun.Origin.CLI,
        mode=options["mode"],
        file_path=str(path.resolve()),
        file_name=path.name,
        file_size=path.stat().st_size,
        source_system=source,
    )
    bar = ProgressBar(sys.stderr, not options.get("quiet") and sys.stderr.isatty())
    run = services.import_execute(run=run, on_progress=bar)
    out = command.stdout
    for error in run.row_errors.order_by("line", "id")[:200]:
        where = f"Dòng {error.line}" + (f", cột {error.field}" if error.field else "")
        label = "Cảnh báo" if error.warning else "Lỗi"
        command.stderr.write(f"{label} — {where}: {error.message}")
    shown = min(run.row_errors.count(), 200)
    total = run.row_errors.count()
    if total > shown:
        command.stderr.write(f"… và {total - shown} lỗi khác (xem trang Nhập dữ liệu).")
    if kind == ImportRun.Kind.DOSSIERS:
        names = unknown_unit_names(run)
        if names:
            command.stderr.write(
                "Đơn vị không nhận ra (thêm ánh xạ tên tại trang “Tên đơn vị”): "
                + "; ".join(f"{name} ({n} dòng)" for name, n in names[:10])
            )
    out.write(
        f"#{run.pk} {run.get_state_display()}: {run.rows_read} dòng đọc, "
        f"{run.rows_created} mới, {run.rows_updated} cập nhật, {run.rows_unchanged} không đổi, "
        f"{run.rows_rejected} bị loại; {run.values_written} số liệu được tính lại "
        f"({run.timings.get('total', 0)} giây)."
    )
    if run.message:
        out.write(run.message)
    if run.state in (ImportRun.State.FAILED, ImportRun.State.REJECTED):
        raise CommandError(run.message or run.get_state_display())
    return run
