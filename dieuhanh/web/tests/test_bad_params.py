"""Bad query parameters give a message or a 4xx, never a 500 nor a long computation
(QA: a huge number in ``?unit=`` overflowed the database integer; ``?period=1000`` failed
computing the year before; ``?period=9999`` kept a server process busy for minutes)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from dieuhanh.accounts.models import User

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
URLS = [
    "/indicators/values/?measure=abc&unit=1&period=2025",
    "/indicators/values/?measure=1&unit=abc&period=2025",
    f"/indicators/values/?measure={HUGE}&unit={HUGE}&period=2025",
    "/indicators/?period=1000",
    "/indicators/?period=1000-Q1",
    "/indicators/?period=9999",
    "/ioc/?period=1000",
    "/ioc/?period=9999",
    "/ioc/wall/?period=1000",
    "/ioc/export/overview.xlsx?period=9999",
    f"/ioc/?unit={HUGE}",
    f"/services/?unit={HUGE}",
    "/services/?period=9999",
    f"/services/dossiers/?unit={HUGE}&period=2024",
    f"/assignments/all/?unit={HUGE}",
    f"/assignments/all/export.xlsx?unit={HUGE}",
    f"/api/v1/values?unit={HUGE}&indicator=x&period=2024",
    "/api/v1/values?unit=1&indicator=x&period=9999",
    f"/api/v1/assignments?unit={HUGE}",
    f"/api/v1/assignments?directive={HUGE}",
    f"/api/v1/assignments?offset={HUGE}",
    f"/api/v1/scorecards?directive={HUGE}",
    f"/api/v1/orgunits?limit={HUGE}",
    f"/api/v1/directives?limit={HUGE}",
    "/api/v1/directives?year=-1",
    f"/api/v1/directives?year={HUGE}",
]


@pytest.mark.parametrize("url", URLS)
def test_a_bad_parameter_is_answered_quickly_without_a_server_error(
    url: str, users: dict[str, User], province: Any
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(users["coordinator"])
    started = time.monotonic()
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)
    assert time.monotonic() - started < 10, url
