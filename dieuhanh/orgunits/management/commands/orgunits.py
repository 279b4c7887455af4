"""``dieuhanh orgunits load --province 20``: load a province's units from the official lists."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.orgunits import services, sources


class Command(BaseCommand):
    help = "Manage administrative units (load a province from the official lists)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load or refresh one province, then and now.")
        load.add_argument(
            "--province", required=True, help="NSO province code, e.g. 20 for Lạng Sơn."
        )
        sub.add_parser("provinces", help="List the province codes.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "provinces":
            for code in sources.province_codes():
                self.stdout.write(code)
            return
        try:
            report = services.province_load(actor=None, province_code=options["province"])
        except sources.UnknownProvinceError as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{kind}: {n}" for kind, n in sorted(report.counts.items()))
        self.stdout.write(
            f"{report.province}: {counts}. Created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}; lineage created {report.lineage_created}, "
            f"updated {report.lineage_updated}."
        )
