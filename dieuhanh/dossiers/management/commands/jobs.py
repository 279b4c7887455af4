"""``dieuhanh jobs work [--drain | --once]``: run queued background jobs (imports uploaded
on the web). docs/adr/0008-background-jobs.md."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dieuhanh.dossiers import jobs


class Command(BaseCommand):
    help = "Run queued background jobs (imports uploaded on the web), one at a time."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        work = sub.add_parser("work", help="Work through the queue (for ever by default).")
        group = work.add_mutually_exclusive_group()
        group.add_argument("--drain", action="store_true", help="Exit when the queue is empty.")
        group.add_argument("--once", action="store_true", help="Run one job, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        ran = jobs.work(drain=options["drain"], once=options["once"], log_line=self.stdout.write)
        self.stdout.write(f"{ran} việc đã chạy.")
