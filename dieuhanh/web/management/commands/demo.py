"""``dieuhanh demo``: build the Lạng Sơn demo on this database and serve it."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from dieuhanh import demo
from dieuhanh.web.management.commands.serve import (
    check_before_serving,
    default_workers,
    run_gunicorn,
)


class Command(BaseCommand):
    help = "Build the demo province (Lạng Sơn) and serve it on http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Only build the demo.")
        parser.add_argument("--password", help="Password for the demo accounts.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        demo.ensure_allowed()  # before anything touches the database
        started = time.monotonic()
        self.stdout.write("Đang tạo dữ liệu mẫu (demo)…")
        call_command("migrate", interactive=False, verbosity=0)
        ctx = demo.build(password=options["password"], log=self.stdout.write)
        self.stdout.write(f"Xong trong {time.monotonic() - started:.1f} giây.\n")
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"Đăng nhập tại {url} với một trong các tài khoản:"))
        for username, role, unit in ctx.data.get("users", []):
            self.stdout.write(f"  {username:<12} ({role}, {unit})")
        self.stdout.write(f"  Mật khẩu: {ctx.password}\n")
        if options["no_serve"]:
            return
        check_before_serving(options["host"])
        self.stdout.write(f"Đang phục vụ tại {url} — nhấn Ctrl+C để dừng.")
        run_gunicorn(
            host=options["host"], port=options["port"], workers=default_workers(), threads=4
        )
