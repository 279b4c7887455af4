"""Signing in: login, rate limiting, CSRF, production cookie settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.accounts.models import User
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_login_and_logout(users: dict[str, User]) -> None:
    client = Client()
    response = client.post(
        reverse("login"), {"username": users["viewer"].username, "password": "s3cret-pass-123"}
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboards:overview")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboards:overview")).status_code == 302


def test_wrong_password_is_refused_in_vietnamese(users: dict[str, User]) -> None:
    response = Client().post(
        reverse("login"), {"username": users["viewer"].username, "password": "nope"}
    )
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()


def test_repeated_failures_lock_the_account(users: dict[str, User], settings: Any) -> None:
    client = Client()
    username = users["viewer"].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    # Even the right password is refused while locked.
    response = client.post(reverse("login"), {"username": username, "password": "s3cret-pass-123"})
    assert response.status_code == 429
    assert client.get(reverse("web:home")).status_code == 302


def test_posts_need_a_csrf_token(users: dict[str, User], commune: OrgUnit) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    response = client.post(reverse("orgunits:contact_update", args=[commune.pk]), {"phone": "1"})
    assert response.status_code == 403
    commune.refresh_from_db()
    assert commune.phone == ""


def _run_settings(module: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.DIEUHANH_DEMO_ALLOWED]))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = _run_settings("config.settings.prod", {})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_are_secure() -> None:
    result = _run_settings("config.settings.prod", {"DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[false, true, true, false]"


def test_demo_is_refused_with_production_settings(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-m", "dieuhanh.cli", "demo", "--no-serve"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "DJANGO_SECRET_KEY": "y" * 50,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "demo is disabled" in result.stderr
    assert (
        not (tmp_path / "prod.sqlite3").exists() or (tmp_path / "prod.sqlite3").stat().st_size == 0
    )
