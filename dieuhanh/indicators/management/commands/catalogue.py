"""``dieuhanh catalogue import FILE [--dry-run]`` and ``dieuhanh catalogue export FILE``:
the indicator catalogue from and to a YAML or Excel file (docs/catalogue.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dieuhanh.indicators.catalogue import catalogue_export, catalogue_import

_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}


class Command(BaseCommand):
    help = "Import or export the indicator catalogue (YAML or Excel)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import", help="Import pillars, measures, indicators, plans and targets."
        )
        load.add_argument("file", help="A .yaml or .xlsx file.")
        load.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        dump = sub.add_parser("export", help="Write the whole catalogue to a file.")
        dump.add_argument("file", help="A .yaml or .xlsx file (the extension sets the format).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        fmt = _EXTENSIONS.get(path.suffix.lower())
        if fmt is None:
            raise CommandError(
                _("Unsupported file type “%(ext)s”: use .yaml or .xlsx.") % {"ext": path.suffix}
            )
        if options["action"] == "export":
            path.write_bytes(catalogue_export(fmt=fmt))
            self.stdout.write(_("Catalogue written to %(path)s.") % {"path": path})
            return
        report = catalogue_import(actor=None, data_or_file=path, dry_run=options["dry_run"])
        for problem in report.errors:
            self.stderr.write(str(problem))
        if report.errors:
            raise CommandError(
                _("%(count)s problems found: nothing was imported.") % {"count": len(report.errors)}
            )
        for label, counts in report.sections:
            self.stdout.write(
                _("%(section)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                % {
                    "section": label,
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                }
            )
        if report.dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
