"""The operations-centre dashboards in a real browser, against the demo built with the
real CLI and served by gunicorn: every page draws without a console error and loads
nothing from outside this server; a figure on the overview is the API's figure; a
drill-down's parts add up to the whole and lead to the records behind it; the wall
screen turns by itself; charts download as PNG and tables as Excel. Screenshots of each
page go to docs/screenshots/."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
WALL = {"width": 1920, "height": 1080}
PAGES = ("/ioc/", "/ioc/compare/", "/ioc/map/", "/ioc/drill/ho-so-truc-tuyen/?period=2024")


def _watch_outside(page: Any, base: str) -> list[str]:
    """Every request the page makes to anywhere but this server."""
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith((base, "data:", "blob:", "about:"))
            else None
        ),
    )
    return outside


def _charts_drawn(page: Any) -> None:
    """Wait until every chart on the page has been drawn by plotly.js."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')]"
        ".every(el => el.dataset.ready === '1')",
        timeout=20_000,
    )


def _number(text: str) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def test_every_page_draws_without_errors_and_loads_nothing_from_outside(
    page: Any, demo_server: str
) -> None:
    outside = _watch_outside(page, demo_server)
    login(page, demo_server, "leader")
    for size in (LAPTOP, WALL):
        page.set_viewport_size(size)
        for path in PAGES:
            page.goto(f"{demo_server}{path}")
            _charts_drawn(page)
            assert page.locator("[data-testid=ioc-body]").count() == 1, path
        page.goto(f"{demo_server}/ioc/wall/")
        _charts_drawn(page)
    assert page.console_errors == []
    assert outside == []


def test_overview_figure_is_the_api_figure(page: Any, demo_server: str) -> None:
    login(page, demo_server, "leader")
    page.goto(f"{demo_server}/ioc/")
    tile = page.locator("[data-testid=key-tiles] [data-indicator=ho-so-truc-tuyen]")
    shown = Decimal(tile.locator(".ioc-tile-value").get_attribute("data-value"))
    period = page.locator("#period").input_value()
    unit = page.locator("#unit").input_value()
    api = page.request.get(
        f"{demo_server}/api/v1/values?indicator=ho-so-truc-tuyen&unit={unit}&period={period}"
    ).json()
    assert api[0]["value"] == pytest.approx(float(shown), abs=1e-9)
    # Written the Vietnamese way on the tile: decimal comma, two places.
    assert f"{float(shown):.2f}".replace(".", ",") + "%" in tile.inner_text()
    assert page.console_errors == []


def test_drill_down_parts_add_up_and_lead_to_the_dossiers(page: Any, demo_server: str) -> None:
    login(page, demo_server, "leader")
    page.goto(f"{demo_server}/ioc/")
    # Another period through the picker: HTMX swaps the page body and the address follows.
    page.select_option("#period", "2024")
    page.wait_for_url(re.compile(r".*period=2024.*"))
    page.locator("[data-testid=key-tiles] [data-indicator=ho-so-truc-tuyen]").click()
    page.wait_for_url(re.compile(r".*/ioc/drill/ho-so-truc-tuyen/.*"))
    whole = Decimal(page.locator("[data-testid=numerator]").get_attribute("data-value"))
    numerators = page.locator("[data-testid=parts-table] td[data-col=numerator]")
    parts = [
        _number(numerators.nth(i).get_attribute("data-value")) for i in range(numerators.count())
    ]
    assert len(parts) > 10 and sum(parts) == whole
    assert page.locator("[data-testid=own]").count() == 0  # the province has no own part
    denominators = page.locator("[data-testid=parts-table] td[data-col=denominator]")
    assert sum(
        _number(denominators.nth(i).get_attribute("data-value"))
        for i in range(denominators.count())
    ) == Decimal(page.locator("[data-testid=denominator]").get_attribute("data-value"))
    # One level down: a district's communes, and what the district's own one-stop-shop
    # office received (shown as its own row), add up to the district.
    page.locator("[data-testid=parts-table] a", has_text="Huyện").first.click()
    page.wait_for_url(re.compile(r".*/ioc/drill/.*unit=.*"))
    district = Decimal(page.locator("[data-testid=numerator]").get_attribute("data-value"))
    numerators = page.locator("[data-testid=parts-table] td[data-col=numerator]")
    assert (
        sum(
            _number(numerators.nth(i).get_attribute("data-value"))
            for i in range(numerators.count())
        )
        == district
    )
    # The records behind the numerator: the dossiers list counts as many.
    page.locator("[data-measure=received_online] [data-testid=records]").click()
    page.wait_for_url(re.compile(r".*/services/dossiers/.*count=received_online.*"))
    total = page.locator("[data-testid=total]").inner_text()
    assert int(re.sub(r"\D", "", total.split()[0])) == int(district)
    assert page.console_errors == []


def test_compare_map_and_their_downloads(page: Any, demo_server: str, tmp_path: Any) -> None:
    outside = _watch_outside(page, demo_server)
    login(page, demo_server, "leader")
    page.goto(f"{demo_server}/ioc/compare/")
    _charts_drawn(page)
    screenshot(page, "ioc-compare")
    assert page.locator("[data-testid=chart-heatmap] .ioc-plot .main-svg").count() >= 1
    assert page.locator("[data-testid=compare-table] tbody tr").count() > 10
    # Sorting a column swaps the table only (HTMX) and reverses on a second click.
    header = page.locator("[data-testid=compare-table] thead a[data-sort=ho-so-truc-tuyen]")
    header.click()
    page.wait_for_url(re.compile(r".*sort=.*"))
    first = page.locator("[data-testid=compare-table] tbody tr").first.get_attribute("data-unit")
    page.locator("[data-testid=compare-table] thead a[data-sort=ho-so-truc-tuyen]").click()
    page.wait_for_function(
        "first => document.querySelector('[data-testid=compare-table] tbody tr')"
        ".dataset.unit !== first",
        arg=first,
    )
    # The table as Excel, the ranking as PNG (Plotly's mode bar, a Vietnamese file name).
    with page.expect_download() as excel:
        page.click("[data-testid=export]")
    assert excel.value.suggested_filename.endswith(".xlsx")
    page.hover("[data-testid=chart-ranking] .ioc-plot")
    with page.expect_download() as png:
        page.click("[data-testid=chart-ranking] .modebar-btn[data-title*=PNG]")
    name = png.value.suggested_filename
    assert name.endswith(".png") and re.fullmatch(r"[a-z0-9-]+\.png", name), name

    page.goto(f"{demo_server}/ioc/map/")
    _charts_drawn(page)
    assert page.locator("[data-testid=no-boundaries]").is_visible()
    circles = page.locator("[data-testid=chart-map] .scatterlayer .point")
    assert circles.count() >= 60  # the 65 communes and wards of 2025
    screenshot(page, "ioc-map")
    page.select_option("#period", "2024")
    page.wait_for_url(re.compile(r".*period=2024.*"))
    _charts_drawn(page)
    assert page.locator("[data-testid=chart-map] .scatterlayer .point").count() >= 190
    # A click on a circle opens the figure behind it.
    page.locator("[data-testid=chart-map] .scatterlayer .point").first.click(force=True)
    page.wait_for_url(re.compile(r".*/ioc/drill/.*"))
    assert page.console_errors == []
    assert outside == []


def test_overview_screenshot_and_png_download(page: Any, demo_server: str) -> None:
    login(page, demo_server, "leader")
    page.goto(f"{demo_server}/ioc/")
    _charts_drawn(page)
    screenshot(page, "ioc-overview")
    chart = page.locator("[data-testid=trends] .ioc-chart").first
    chart.hover()
    with page.expect_download() as png:
        chart.locator(".modebar-btn[data-title*=PNG]").click()
    assert png.value.suggested_filename.endswith(".png")
    assert page.console_errors == []


def test_wall_screen_turns_by_itself(page: Any, demo_server: str) -> None:
    outside = _watch_outside(page, demo_server)
    login(page, demo_server, "leader")
    page.set_viewport_size(WALL)
    page.goto(f"{demo_server}/ioc/wall/?every=5")
    _charts_drawn(page)
    assert page.locator("[data-testid=wall-overview]").is_visible()
    # Readable from five metres: the big figures are at least 48 px high.
    size = page.eval_on_selector(
        ".wall-tile .value", "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert size >= 48
    screenshot(page, "ioc-wall")
    for slide in ("compare", "map", "assignments", "overview"):
        page.locator(f"[data-testid=wall-{slide}]").wait_for(timeout=15_000)
        _charts_drawn(page)
    # The page was never reloaded: the slides were swapped in, the data fetched afresh.
    assert urlparse(page.url).path == "/ioc/wall/"
    assert parse_qs(urlparse(page.url).query)["every"] == ["5"]
    assert page.console_errors == []
    assert outside == []


# Everything a slide shows must lie inside the screen: the wall page hides its overflow,
# so whatever falls below the bottom edge is simply not seen. The axis labels of a chart
# must not be cut off on the left either (plotly draws them into the margin).
_OUTSIDE_SCREEN = """() => {
  const w = window.innerWidth, h = window.innerHeight, out = [];
  for (const el of document.querySelectorAll('#wall-slide *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.bottom > h + 1 || r.right > w + 1 || r.left < -1) {
      out.push(`${el.tagName}.${el.getAttribute('class') || ''} ${Math.round(r.left)},`
               + `${Math.round(r.bottom)} ${(el.textContent || '').trim().slice(0, 40)}`);
    }
  }
  for (const plot of document.querySelectorAll('#wall-slide .ioc-plot')) {
    const box = plot.getBoundingClientRect();
    for (const label of plot.querySelectorAll('.ytick text, .xtick text, .g-xtitle text')) {
      const r = label.getBoundingClientRect();
      if (r.width && (r.left < box.left - 1 || r.bottom > box.bottom + 1)) {
        out.push(`label cut off: ${label.textContent}`);
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("size", [LAPTOP, WALL], ids=["1366x768", "1920x1080"])
def test_every_wall_slide_fits_the_screen(page: Any, demo_server: str, size: Any) -> None:
    """Drawn for 1920×1080 and scaled to the screen (CSS --px, the charts in ioc.js): on a
    1366×768 laptop every slide was 230–400 pixels taller than the screen, its bottom
    simply not shown; and a long lead unit's name was cut off at the chart's left edge."""
    login(page, demo_server, "leader")
    page.set_viewport_size(size)
    for slide in ("overview", "compare", "map", "assignments"):
        page.goto(f"{demo_server}/ioc/wall/?pages={slide}")
        page.locator(f"[data-testid=wall-{slide}]").wait_for()
        _charts_drawn(page)
        assert page.evaluate(_OUTSIDE_SCREEN) == [], slide
    # Still readable from five metres on the wall screen itself; scaled down on a laptop.
    size_px = page.eval_on_selector(
        ".wall-head h1", "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert size_px == pytest.approx(44 * min(size["width"] / 1920, size["height"] / 1080), 0.01)
