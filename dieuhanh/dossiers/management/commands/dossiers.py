"""``dieuhanh dossiers import FILE``, ``stats``, ``recount`` and ``token``: dossiers from
the one-stop-shop system (docs/dossiers.md)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from dieuhanh.core.periods import PeriodParseError, parse_period
from dieuhanh.core.vnformat import format_number, parse_date
from dieuhanh.dossiers import selectors, services
from dieuhanh.dossiers.management.commands._importcli import add_import_arguments, run_import
from dieuhanh.dossiers.models import ImportRun, SourceSystem


def _date(text: str) -> date:
    value = parse_date(text)
    if value is None:
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"“{text}” không phải ngày (dd/mm/yyyy hoặc yyyy-mm-dd).") from None
    return value


class Command(BaseCommand):
    help = "Import dossiers, print their counts, recount, and manage source-system tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_import_arguments(sub.add_parser("import", help="Import a file of dossiers."))
        stats = sub.add_parser("stats", help="Counts of a unit for a period or a date range.")
        stats.add_argument("--unit", required=True, help="Unit code (20, 20-STP, 06115…).")
        stats.add_argument("--period", help="2024-09, 2024-Q3, 2024-H1, 2024-9M, 2024…")
        stats.add_argument("--from", dest="start", help="First day (dd/mm/yyyy or ISO).")
        stats.add_argument("--to", dest="end", help="Last day (included).")
        stats.add_argument("--format", choices=["json", "table"], default="table")
        recount = sub.add_parser("recount", help="Recompute pending (or all) counts.")
        recount.add_argument("--all", action="store_true", help="Every unit-month with data.")
        recount.add_argument(
            "--running-month",
            action="store_true",
            help="This month's in-progress counts (run daily: they change with the clock).",
        )
        token = sub.add_parser("token", help="Create an API token for a source system.")
        token.add_argument("--source", required=True, help="Source system code (created if new).")
        token.add_argument("--name", required=True, help="A name for the token.")
        token.add_argument(
            "--units", required=True, help="Comma-separated unit codes the token may send for."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            run_import(self, ImportRun.Kind.DOSSIERS, options)
        elif action == "stats":
            self._stats(options)
        elif action == "recount":
            written = services.counts_recount(
                actor=None, everything=options["all"], running_month=options["running_month"]
            )
            self.stdout.write(f"Đã tính lại {written} số liệu.")
        elif action == "token":
            self._token(options)

    def _stats(self, options: dict[str, Any]) -> None:
        try:
            unit = selectors.unit_by_code(options["unit"])
        except Http404 as exc:
            raise CommandError(str(exc)) from None
        if options["start"] or options["end"]:
            if not (options["start"] and options["end"]) or options["period"]:
                raise CommandError("Dùng --from và --to cùng nhau, hoặc --period.")
            start, end = _date(options["start"]), _date(options["end"])
            if end < start:
                raise CommandError("--to phải sau --from.")
            data = selectors.range_stats(unit=unit, start=start, end=end)
        else:
            if not options["period"]:
                raise CommandError(
                    "Cần --period (ví dụ 2024-09, 2024-Q3, 2024-9M) hoặc --from/--to."
                )
            try:
                period = parse_period(options["period"])
            except PeriodParseError as exc:
                raise CommandError(str(exc)) from None
            data = selectors.stats_for(unit=unit, period=period)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        width = max(len(k) for k in data)
        for key, value in data.items():
            shown = (
                format_number(value)
                if isinstance(value, int)
                else ("—" if value is None else value)
            )
            self.stdout.write(f"{key:<{width}}  {shown}")

    def _token(self, options: dict[str, Any]) -> None:
        system = SourceSystem.objects.filter(code=options["source"]).first()
        if system is None:
            system = services.source_system_save(
                actor=None, code=options["source"], name=options["source"]
            )
        units = []
        for code in options["units"].split(","):
            try:
                units.append(selectors.unit_by_code(code))
            except Http404 as exc:
                raise CommandError(str(exc)) from None
        token, secret = services.api_token_create(
            actor=None, source_system=system, name=options["name"], units=units
        )
        self.stdout.write(
            f"Khóa truy cập #{token.pk} cho {system.name} ({', '.join(map(str, units))}):"
        )
        self.stdout.write(secret)
        self.stdout.write("Khóa chỉ hiển thị một lần: hãy lưu lại ngay.")
