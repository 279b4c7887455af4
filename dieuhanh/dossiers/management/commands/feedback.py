"""``dieuhanh feedback import FILE``: citizens' reports and requests (PAKN)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dieuhanh.dossiers.management.commands._importcli import add_import_arguments, run_import
from dieuhanh.dossiers.models import ImportRun


class Command(BaseCommand):
    help = "Import citizens' feedback (PAKN) from the feedback system."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_import_arguments(sub.add_parser("import", help="Import a file of feedback."))

    def handle(self, *args: Any, **options: Any) -> None:
        run_import(self, ImportRun.Kind.FEEDBACK, options)
