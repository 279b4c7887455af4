"""``dieuhanh serve`` refuses what would be unsafe on a network (QA: the development
settings, with DEBUG's tracebacks and the published secret key, served anyone)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from dieuhanh.web.management.commands import serve


@pytest.mark.django_db
def test_development_settings_serve_only_this_machine(monkeypatch: Any) -> None:
    started: list[str] = []
    monkeypatch.setattr(serve, "run_gunicorn", lambda **kw: started.append(kw["host"]))
    with override_settings(DEBUG=True):
        with pytest.raises(CommandError, match=r"config\.settings\.prod"):
            call_command("serve", host="0.0.0.0")
        call_command("serve", host="127.0.0.1")
    with override_settings(DEBUG=False):
        call_command("serve", host="0.0.0.0")
    assert started == ["127.0.0.1", "0.0.0.0"]


@pytest.mark.django_db
def test_unapplied_migrations_stop_the_server(monkeypatch: Any) -> None:
    """QA: a server started on a database one migration behind answered 500 on the pages
    that read the new column. The plan is Django's own; one step is made to wait."""
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.loader import MigrationLoader

    started: list[str] = []
    monkeypatch.setattr(serve, "run_gunicorn", lambda **kw: started.append(kw["host"]))
    call_command("serve", host="127.0.0.1")  # nothing pending: it starts
    step = MigrationLoader(None).get_migration("directives", "0002_decision_reassign")
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [(step, False)])
    with pytest.raises(CommandError, match=r"directives\.0002_decision_reassign"):
        call_command("serve", host="127.0.0.1")
    assert started == ["127.0.0.1"]
