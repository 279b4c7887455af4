"""``dieuhanh serve``: the production server (gunicorn) for this project."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def default_workers() -> int:
    """One process per CPU, at most 4 (threads serve the waits): on a 2-CPU server, more
    processes than CPUs only lengthened the slowest requests (docs/performance.md)."""
    return max(1, min(4, os.cpu_count() or 1))


def run_gunicorn(*, host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from config.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread" if threads > 1 else "sync")
            self.cfg.set("timeout", 120)
            self.cfg.set("accesslog", os.environ.get("DIEUHANH_ACCESS_LOG", "-"))
            self.cfg.set("graceful_timeout", 20)

        def load(self) -> Any:
            return application

    Server().run()


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_before_serving(host: str) -> None:
    """Refuse what would be unsafe or broken on a real network.

    With the development settings (DEBUG: every error page shows the code, the SQL and
    the settings to whoever caused it, and the secret key is the published one), serve
    only this machine; a server for others uses ``config.settings.prod``. Unapplied
    migrations would make pages fail: say so before starting."""
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if settings.DEBUG and host not in LOOPBACK:
        raise CommandError(
            f"Không phục vụ trên {host} với cấu hình phát triển (DEBUG bật, khóa bí mật "
            "công khai): đặt DJANGO_SETTINGS_MODULE=config.settings.prod và "
            "DJANGO_SECRET_KEY (docs/deployment.md), hoặc dùng --host 127.0.0.1."
        )
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise CommandError(
            f"Cơ sở dữ liệu còn {len(pending)} bước cập nhật cấu trúc chưa chạy "
            f"({pending[0][0].app_label}.{pending[0][0].name}…): chạy “dieuhanh migrate” "
            "trước khi phục vụ."
        )


class Command(BaseCommand):
    help = "Serve the application with gunicorn (a production-grade WSGI server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("DIEUHANH_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args: Any, **options: Any) -> None:
        check_before_serving(options["host"])
        run_gunicorn(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            threads=options["threads"],
        )
