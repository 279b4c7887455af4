"""A commune's reporter reports progress on one of the commune's assignments, in a real
browser against the demo served for real."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.browser

UPDATE = "Đã họp triển khai với các khối phố; 60% hộ gia đình đã được hướng dẫn."


def test_reporter_posts_progress_on_a_commune_assignment(page: Any, demo_server: str) -> None:
    login(page, demo_server, "reporter")
    page.click("nav.mainnav >> text=Nhiệm vụ")
    page.wait_for_url(f"{demo_server}/assignments/")
    mine = page.locator("[data-testid=my-assignments] tbody tr")
    assert mine.count() >= 1
    # An assignment still open (in time or overdue) can take a progress report.
    open_row = mine.filter(has=page.locator("[data-status^=open_]")).first
    open_row.locator("a.task-link").click()
    page.wait_for_url("**/assignments/*/")

    form = page.locator("[data-testid=progress-form]")
    form.locator("textarea[name=text]").fill(UPDATE)
    form.locator("input[name=percent]").fill("60")
    form.locator("[data-testid=progress-submit]").click()

    update = page.locator("[data-testid=timeline] [data-testid=update]").first
    update.wait_for()
    assert UPDATE in update.inner_text()
    assert "60%" in page.locator("[data-testid=facts]").inner_text()
    screenshot(page, "assignments")
    assert page.console_errors == []
