"""``dieuhanh serve``: the production server (gunicorn) for this project."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


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


class Command(BaseCommand):
    help = "Serve the application with gunicorn (a production-grade WSGI server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("DIEUHANH_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args: Any, **options: Any) -> None:
        run_gunicorn(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            threads=options["threads"],
        )
