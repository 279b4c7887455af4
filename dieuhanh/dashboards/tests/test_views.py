"""The dashboards through HTTP: the same figures as the API and the indicator engine,
drill-downs that add up, Excel files with the page's figures, the wall's rotation,
HTMX fragments, and charts that load nothing from outside."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from dieuhanh.core.periods import Period
from dieuhanh.dashboards import selectors
from dieuhanh.dashboards.tests.conftest import PERIOD, World
from dieuhanh.indicators.selectors import indicator_figures, indicators_with_terms
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def _data_values(html: str, attribute: str = "data-value") -> list[str]:
    return re.findall(rf'{attribute}="([^"]*)"', html)


def _tile_value(html: str, code: str) -> str:
    match = re.search(
        rf'data-indicator="{code}".*?class="ioc-tile-value" data-value="([^"]*)"', html, re.S
    )
    assert match, code
    return match.group(1)


def test_pages_need_a_login(client: Client) -> None:
    for url in ("/ioc/", "/ioc/compare/", "/ioc/map/", "/ioc/wall/", "/ioc/export/overview.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_overview_figure_is_the_api_figure(
    make_world: Callable[..., World], viewer: Client, province: OrgUnit
) -> None:
    make_world(units=5)
    html = viewer.get(f"/ioc/?period={PERIOD}").content.decode()
    api = viewer.get(
        f"/api/v1/values?indicator=ho-so-truc-tuyen&unit={province.pk}&period={PERIOD}"
    ).json()
    shown = Decimal(_tile_value(html, "ho-so-truc-tuyen"))
    assert api[0]["value"] == pytest.approx(float(shown), abs=1e-9)
    # and as the Vietnamese reader sees it
    assert f"{float(shown):.2f}".replace(".", ",") + "%" in html


def test_overview_shows_change_target_scorecard_and_assignments(
    make_world: Callable[..., World], tasks: Callable[..., None], viewer: Client
) -> None:
    world = make_world(units=4)
    tasks([(world.communes[0], date(2024, 6, 10)), (world.communes[1], date(2031, 1, 1))])
    html = viewer.get(f"/ioc/?period={PERIOD}").content.decode()
    assert "ioc-change" in html  # 2024-Q1 against 2023-Q1
    assert "≥ 90,00%" in html  # the plan's target
    # The verdict says which year and value it judged (the target's year may be past).
    assert re.search(r'data-testid="verdict-basis">\(\d{4}: [\d.,]+%\)', html)
    assert 'data-testid="scorecard"' in html and "01-KH/THU" in html
    overdue = re.search(r'data-testid="overdue">.*?ioc-card-value">(\d+)<', html, re.S)
    assert overdue and overdue.group(1) == "1"
    assert "Nhiệm vụ thử số 1" in html  # the longest overdue, listed
    assert 'data-testid="chart-trend-ho-so-truc-tuyen"' in html


def test_default_period_is_the_year_to_date_of_the_latest_year_with_data(
    make_world: Callable[..., World],
) -> None:
    make_world(units=2)  # values in 2023 and 2024
    assert selectors.year_to_date(today=date(2026, 11, 21)) == Period.of_year(2024)
    assert selectors.year_to_date(today=date(2024, 11, 5)) == Period.of_nine_months(2024)
    assert selectors.year_to_date(today=date(2024, 8, 1)) == Period.of_half(2024, 1)
    assert selectors.year_to_date(today=date(2024, 4, 2)) == Period.of_quarter(2024, 1)
    assert selectors.year_to_date(today=date(2024, 2, 1)) == Period.of_year(2024)


def test_drill_down_parts_add_up_to_the_whole(
    make_world: Callable[..., World], viewer: Client, province: OrgUnit
) -> None:
    make_world(units=12)
    html = viewer.get(f"/ioc/drill/so-ho-so/?period={PERIOD}").content.decode()
    whole = Decimal(re.search(r'data-testid="figure" data-value="([^"]*)"', html).group(1))  # type: ignore[union-attr]
    parts = [Decimal(v) for v in _data_values(html, 'data-col="value" data-value') if v]
    assert len(parts) >= 2 and sum(parts) == whole
    # the ratio: numerators and denominators add up too
    html = viewer.get(f"/ioc/drill/ho-so-truc-tuyen/?period={PERIOD}").content.decode()
    numerators = [Decimal(v) for v in _data_values(html, 'data-col="numerator" data-value') if v]
    whole_num = re.search(r'data-testid="numerator" data-value="([^"]*)"', html).group(1)  # type: ignore[union-attr]
    assert sum(numerators) == Decimal(whole_num)
    assert 'data-testid="units-changed"' not in html


def test_drill_down_says_when_the_units_changed_during_the_period(
    make_world: Callable[..., World], viewer: Client
) -> None:
    make_world(units=2)
    html = viewer.get("/ioc/drill/so-ho-so/?period=2025").content.decode()
    assert 'data-testid="units-changed"' in html
    assert "2025-Q1" in html or "2025-Q3" in html  # periods that do add up are offered


def test_drill_down_links_dossier_counts_to_their_records(
    make_world: Callable[..., World], viewer: Client, province: OrgUnit
) -> None:
    make_world(units=2)
    html = viewer.get(f"/ioc/drill/ho-so-truc-tuyen/?period={PERIOD}").content.decode()
    assert (
        f"/services/dossiers/?unit={province.pk}&amp;period={PERIOD}&amp;count=received_online"
        in html
    )


def test_compare_matrix_levels_sorting_and_fragments(
    make_world: Callable[..., World], viewer: Client
) -> None:
    world = make_world(units=6, indicators=4)
    response = viewer.get(f"/ioc/compare/?period={PERIOD}&level=commune&set=all")
    html = response.content.decode()
    assert response.status_code == 200
    for c in world.communes:
        assert f'data-unit="{c.pk}"' in html
    assert 'value="district"' in html  # districts existed in 2024
    assert 'value="district"' not in viewer.get("/ioc/compare/?period=2025-Q3").content.decode()
    # sorting best first, then worst first (HTMX asks for the table only)
    best = viewer.get(
        f"/ioc/compare/?period={PERIOD}&level=commune&set=all&sort=ho-so-truc-tuyen",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="compare-table",
    ).content.decode()
    assert best.lstrip().startswith("<table")
    worst = viewer.get(
        f"/ioc/compare/?period={PERIOD}&level=commune&set=all&sort=-ho-so-truc-tuyen",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="compare-table",
    ).content.decode()
    with_values = {str(c.pk) for c in world.communes}
    order_best = [u for u in re.findall(r'<tr data-unit="(\d+)"', best) if u in with_values]
    order_worst = [u for u in re.findall(r'<tr data-unit="(\d+)"', worst) if u in with_values]
    assert len(order_best) == 6 and order_best == order_worst[::-1]
    # the whole body for the pickers
    body = viewer.get(
        f"/ioc/compare/?period={PERIOD}", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="ioc-body"
    ).content.decode()
    assert "<html" not in body and 'data-testid="chart-heatmap"' in body


def test_compare_figures_are_the_engine_figures(
    make_world: Callable[..., World], viewer: Client, province: OrgUnit
) -> None:
    world = make_world(units=5)
    html = viewer.get(f"/ioc/compare/?period={PERIOD}&level=commune&set=all").content.decode()
    [ind] = indicators_with_terms(type(world.indicators[0]).objects.filter(code="so-ho-so"))
    figures = indicator_figures(
        indicators=[ind], unit_ids=[c.pk for c in world.communes], periods=[Period.parse(PERIOD)]
    )
    for c in world.communes:
        row = re.search(rf'<tr data-unit="{c.pk}">(.*?)</tr>', html, re.S).group(1)  # type: ignore[union-attr]
        assert str(figures[(ind.pk, c.pk, PERIOD)].value) in _data_values(row)


def test_map_places_units_and_says_there_are_no_boundaries(
    make_world: Callable[..., World], viewer: Client
) -> None:
    make_world(units=4)
    html = viewer.get(f"/ioc/map/?period={PERIOD}&ind=ho-so-truc-tuyen").content.decode()
    assert 'data-testid="no-boundaries"' in html
    found = re.search(r'<script id="map-spec" type="application/json">(.*?)</script>', html, re.S)
    assert found
    spec = json.loads(found.group(1))
    placed = spec["data"][0]
    assert len(placed["x"]) == 4 and all(100 < x < 110 for x in placed["x"])
    assert spec["layout"]["xaxis"]["scaleanchor"] == "y"


def test_charts_are_downloadable_and_load_nothing_from_outside(
    make_world: Callable[..., World], viewer: Client
) -> None:
    make_world(units=4)
    for url in (
        f"/ioc/?period={PERIOD}",
        f"/ioc/compare/?period={PERIOD}",
        f"/ioc/map/?period={PERIOD}",
    ):
        html = viewer.get(url).content.decode()
        specs = re.findall(
            r'<script id="[^"]+-spec" type="application/json">(.*?)</script>', html, re.S
        )
        assert specs, url
        for raw in specs:
            spec = json.loads(raw)
            options = spec["config"]["toImageButtonOptions"]
            assert options["format"] == "png" and re.fullmatch(r"[a-z0-9-]+", options["filename"])
            assert spec["layout"]["template"]["layout"]["separators"] == ",."
            assert "http://" not in raw and "https://" not in raw
        assert "/static/vendor/plotly.min.js" in html
        assert not re.search(r'src="https?://', html)


def test_excel_files_hold_the_page_figures(
    make_world: Callable[..., World], viewer: Client
) -> None:
    world = make_world(units=5)
    html = viewer.get(f"/ioc/?period={PERIOD}").content.decode()
    shown = float(_tile_value(html, "ho-so-truc-tuyen"))
    wb = load_workbook(BytesIO(viewer.get(f"/ioc/export/overview.xlsx?period={PERIOD}").content))
    ws = wb["Chỉ số"]
    header = [c.value for c in ws[4]]
    assert header[:3] == ["Trụ cột", "Chỉ số", "Đơn vị tính"]
    assert ws[5][1].value  # the data starts right under the header, no empty row
    row = next(
        r for r in ws.iter_rows(min_row=5, values_only=True) if r[1] == "Tỷ lệ hồ sơ trực tuyến"
    )
    assert row[3] == pytest.approx(shown, abs=0.005)  # rounded to the indicator's decimals
    assert {"Nhiệm vụ", "Kế hoạch", "Chỉ số 766"} <= set(wb.sheetnames)

    response = viewer.get(f"/ioc/export/compare.xlsx?period={PERIOD}&level=commune&set=all")
    assert response["Content-Disposition"].endswith('.xlsx"')
    ws = load_workbook(BytesIO(response.content))["So sánh"]
    names = [r[0] for r in ws.iter_rows(min_row=4, values_only=True)]
    assert {c.name for c in world.communes} <= set(names)

    ws = load_workbook(BytesIO(viewer.get(f"/ioc/export/map.xlsx?period={PERIOD}").content))[
        "Bản đồ"
    ]
    assert [c.value for c in ws[4]][:4] == ["Đơn vị", "Mã thống kê", "Vĩ độ", "Kinh độ"]


def test_wall_turns_through_its_pages_and_refreshes(
    make_world: Callable[..., World], viewer: Client
) -> None:
    make_world(units=3)
    html = viewer.get("/ioc/wall/?every=2").content.decode()
    assert 'hx-trigger="load delay:5s"' in html  # at least 5 seconds
    url = re.search(r'hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    seen = []
    for _ in range(5):
        assert url.startswith("/ioc/wall/")
        seen.append(url.split("?")[0])
        page = viewer.get(url).content.decode()
        assert "<html" not in page  # a fragment swapped into the wall
        url = re.search(r'class="wall-next" hx-get="([^"]+)"', page).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    assert seen == [
        "/ioc/wall/compare/",
        "/ioc/wall/map/",
        "/ioc/wall/assignments/",
        "/ioc/wall/overview/",
        "/ioc/wall/compare/",
    ]
    assert "cycle=1" in url  # the second round turns to the next key indicator
    only = viewer.get("/ioc/wall/?pages=map,assignments&every=60").content.decode()
    assert 'data-testid="wall-map"' in only and "/ioc/wall/assignments/" in only


def test_a_unit_overview_ranks_it_among_its_kind(
    make_world: Callable[..., World], viewer: Client
) -> None:
    world = make_world(units=3)
    response = viewer.get(f"/ioc/?period={PERIOD}&unit={world.communes[0].pk}")
    assert response.status_code == 200
    assert world.communes[0].name in response.content.decode()


def test_bad_input_falls_back_to_the_defaults(
    make_world: Callable[..., World], viewer: Client
) -> None:
    make_world(units=2)
    response = viewer.get("/ioc/?period=không-phải-kỳ&unit=abc")
    assert response.status_code == 200
    assert viewer.get("/ioc/?unit=99999999").status_code == 404
    assert viewer.get("/ioc/wall/nothing/").status_code == 404
    assert viewer.get("/ioc/export/nothing.xlsx").status_code == 404
    assert viewer.get("/ioc/drill/khong-co/").status_code == 404


def test_periods_spanning_the_restructuring_compare_the_units_at_the_end(
    make_world: Callable[..., World], province: OrgUnit
) -> None:
    make_world(units=2)
    units = selectors.level_units(province=province, period=Period.of_year(2025), level="commune")
    assert units and all(u.valid_to is None for u in units)
    before = selectors.level_units(province=province, period=Period.of_year(2024), level="commune")
    assert before and all(u.valid_to == date(2025, 6, 30) for u in before)


def test_htmx_overview_swap_returns_the_body_only(
    make_world: Callable[..., World], viewer: Client, settings: Any
) -> None:
    make_world(units=2)
    body = viewer.get(
        f"/ioc/?period={PERIOD}", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="ioc-body"
    ).content.decode()
    assert "<html" not in body and 'data-testid="key-tiles"' in body
