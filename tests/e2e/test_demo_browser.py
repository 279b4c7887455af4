"""The README's promise, in a real browser: the demo serves Lạng Sơn's unit tree."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_reporter_logs_in_and_reads_the_unit_tree(page: Any, demo_server: str) -> None:
    login(page, demo_server, "reporter")
    # "/" opens the operations-centre overview of the reporter's own unit.
    assert page.locator("h1").first.inner_text().startswith("Phường Đông Kinh")

    page.click("nav.mainnav >> text=Đơn vị")
    tree = page.locator("[data-testid=tree]")
    assert tree.locator("li.kind-commune").count() == 65
    assert tree.locator("li.kind-district").count() == 0
    summary = page.locator("[data-testid=summary]").inner_text()
    assert "65 xã, phường" in summary
    screenshot(page, "units-today")

    page.click("text=Trước sắp xếp năm 2025")
    page.wait_for_url("**/units/?at=30/06/2025")
    assert tree.locator("li.kind-district").count() == 11
    assert tree.locator("li.kind-commune").count() == 194
    page.locator("li.kind-district summary").first.click()
    screenshot(page, "units-2024")
    assert page.console_errors == []


def test_old_commune_page_links_to_its_successors(page: Any, demo_server: str) -> None:
    login(page, demo_server, "viewer")
    page.goto(f"{demo_server}/units/?at=30/06/2025")
    page.locator("li.kind-district", has_text="Huyện Bình Gia").locator("summary").click()
    page.click("li.kind-district >> a:text-is('Xã Hồng Phong')")
    successors = page.locator("[data-testid=successors] tbody tr")
    assert successors.count() == 2
    assert "30/06/2025" in page.locator("[data-testid=validity]").inner_text()
    screenshot(page, "unit-split-commune")
    successors.first.locator("a").click()
    assert page.locator("[data-testid=predecessors] tbody tr").count() >= 1
    assert page.console_errors == []


def test_reporter_updates_own_unit_contact_with_htmx(page: Any, demo_server: str) -> None:
    login(page, demo_server, "reporter")
    page.click("nav.mainnav >> text=Đơn vị")
    # The reporter's unit is shown in the header; open it from the tree.
    unit_name = page.locator(".who").inner_text().split("·")[-1].strip()
    page.click(f"[data-testid=tree] a:text-is('{unit_name}')")
    page.fill("#id_phone", "0205 3 123 456")
    page.click("#contact button[type=submit]")
    page.wait_for_selector("text=Đã lưu thông tin liên hệ")
    page.reload()
    assert page.input_value("#id_phone") == "0205 3 123 456"
    screenshot(page, "unit-contact")
    assert page.console_errors == []


def test_english_is_one_click_away(page: Any, demo_server: str) -> None:
    login(page, demo_server, "leader")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("nav.mainnav >> text=Units")
    # The overview's period in English too.
    assert page.locator("h1").first.inner_text() == "Tỉnh Lạng Sơn — 2025"
    page.click("button[name=language][value=vi]")
    page.wait_for_selector("nav.mainnav >> text=Đơn vị")
