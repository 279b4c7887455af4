"""``dieuhanh assignments remind [--days N] [--dry-run]``: remind lead units of their
assignments due soon and overdue (e-mail and in the app). Meant to run daily from a timer
or cron; running it again the same day sends nothing new."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.vnformat import format_date
from dieuhanh.directives.services import reminders_send


class Command(BaseCommand):
    help = "Nhiệm vụ: nhắc hạn các đơn vị chủ trì (remind)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser(
            "remind",
            help="Nhắc nhiệm vụ sắp đến hạn và quá hạn qua thư điện tử và trong ứng dụng.",
        )
        remind.add_argument(
            "--days",
            type=int,
            default=3,
            help="nhắc các nhiệm vụ đến hạn trong N ngày tới (mặc định 3)",
        )
        remind.add_argument(
            "--dry-run", action="store_true", help="chỉ liệt kê, không gửi và không ghi gì"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "remind":
            raise CommandError(f"Không có lệnh “{options['action']}”.")
        days = options["days"]
        if days < 0:
            raise CommandError("--days phải là số không âm.")
        report = reminders_send(days=days, dry_run=options["dry_run"])
        prefix = "[thử] " if report.dry_run else ""
        for a, kind in report.reminders:
            label = "quá hạn" if kind == "overdue" else "sắp đến hạn"
            self.stdout.write(
                f"{prefix}{a.lead_unit.name}: {a.directive}, nhiệm vụ {a.position} — {label} "
                f"(hạn {format_date(a.deadline)})"
            )
        for unit in report.units_without_address:
            self.stdout.write(
                self.style.WARNING(
                    f"{unit.name}: chưa có địa chỉ thư điện tử, chỉ nhắc trong ứng dụng."
                )
            )
        for failure in report.failures:
            self.stderr.write(self.style.ERROR(f"Không gửi được: {failure}"))
        summary = (
            f"{prefix}Ngày {format_date(report.today)}: {len(report.reminders)} lời nhắc, "
            f"{report.emails} thư; {report.skipped_already_sent} đã nhắc trong ngày."
        )
        self.stdout.write(self.style.SUCCESS(summary))
        if report.failures:
            raise CommandError(f"{len(report.failures)} đơn vị không gửi được thư.")
