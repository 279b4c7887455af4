"""Chỉ tiêu in a real browser: plan 72-KH/BCĐ's scorecard, and a figure on the screen
equal to the API's for the same unit and period."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_plan_72_scorecard_shows_every_target_with_evidence(page: Any, demo_server: str) -> None:
    login(page, demo_server, "leader")
    page.click("nav.mainnav >> text=Chỉ tiêu")
    page.click("text=Kế hoạch 72-KH/BCĐ")
    assert page.locator("[data-testid=scorecard] .tile-value").inner_text() == "8/13"
    rows = page.locator("[data-testid=targets] tbody tr")
    assert rows.count() == 13  # every target of seed 001
    assert "phấn đấu kinh tế số chiếm từ 10% GRDP của tỉnh" in rows.nth(3).inner_text()
    assert "Không đạt" in rows.nth(3).inner_text()
    screenshot(page, "plan-72")
    assert page.console_errors == []


def test_a_figure_on_screen_equals_the_api(page: Any, demo_server: str) -> None:
    login(page, demo_server, "viewer")
    page.goto(f"{demo_server}/indicators/i/tai-khoan-cong-dan-so/?period=2022-09")
    # The seed's figure: 261.153 Công dân số accounts by September 2022.
    assert page.locator("[data-testid=figure]").inner_text() == "261.153 tài khoản"
    api = page.request.get(
        f"{demo_server}/api/v1/values?indicator=tai-khoan-cong-dan-so&period=2022-09"
    )
    [row] = json.loads(api.text())
    assert row["value"] == 261153
    # The units of the comparison add up to the province's figure.
    cells = page.locator("[data-testid=comparison] tbody td.num[data-value]")
    total = sum(float(c.get_attribute("data-value") or 0) for c in cells.all())
    assert total == 261153
    screenshot(page, "indicator-cds")
    assert page.console_errors == []
