"""Dịch vụ công in a real browser on the demo: the overview shows the province's reported
figures, the 766 screen ranks the units, and a number drills down to the late dossiers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_public_services_766_and_late_dossiers(page: Any, demo_server: str) -> None:
    login(page, demo_server, "leader")
    page.click("nav.mainnav >> text=Dịch vụ công")
    page.wait_for_url("**/services/")

    # Nine months of 2024: the figure of the province's report (seed 000).
    page.select_option("#period", "2024-9M")
    page.wait_for_url("**period=2024-9M**")
    assert page.locator("[data-testid=received]").inner_text() == "239.723"
    assert page.locator("[data-testid=online]").inner_text() == "234.745"

    page.click("[data-testid=nav-766]")
    page.wait_for_url("**/services/766/**")
    rows = page.locator("[data-testid=index766] tbody tr")
    assert rows.count() >= 10
    assert rows.first.locator("td").first.inner_text() == "1"
    assert page.locator("[data-testid=index766] .band").count() >= 10
    screenshot(page, "dossiers-766")

    # From a unit's score to its sub-indicators, then to the dossiers behind a count.
    rows.first.locator("td a").first.click()
    page.wait_for_url("**/services/766/unit/**")
    assert page.locator("[data-testid=summary]").inner_text()
    page.locator("a[data-count=resolved]").first.click()
    page.wait_for_url("**count=resolved**")
    assert page.locator("[data-testid=dossiers] tbody tr").count() > 0

    # The late dossiers of the province in September 2024, from the overview.
    page.goto(f"{demo_server}/services/?period=2024-09")
    page.click("a[href*='count=resolved_late']")
    page.wait_for_url("**count=resolved_late**")
    late = page.locator("[data-testid=dossiers] tbody tr")
    assert late.count() == 50  # a full page: there are more
    assert late.first.locator(".late").count() >= 1
    total = page.locator("[data-testid=total]").inner_text()
    assert total.split()[0].replace(".", "").isdigit()
    page.click("[data-testid=next-page]")
    page.wait_for_url("**page=2**")
    assert page.locator("[data-testid=dossiers] tbody tr").count() > 0
    screenshot(page, "dossiers-late")
    assert page.console_errors == []
