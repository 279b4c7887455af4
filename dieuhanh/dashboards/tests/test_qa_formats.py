"""QA of the operations centre's formats: Excel figures rounded as the page rounds them,
number cells that show the indicator's decimals, targets as a comparator, a number and
a year (never "≥ 90.0"); chart axes that write 200.000, not "200k"; verdicts in the
interface's language; the wall's tiles that fit a 1366-pixel screen."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from dieuhanh.core.progress import ProgressStatus
from dieuhanh.dashboards.tests.conftest import PERIOD, World
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

RATIO, COUNT = "Tỷ lệ hồ sơ trực tuyến", "Số hồ sơ tiếp nhận"


def _half_up(value: Any, decimals: int) -> float:
    exponent = Decimal(1).scaleb(-decimals)
    return float(Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP))


def _api_value(client: Client, code: str, unit: OrgUnit) -> float:
    api = client.get(f"/api/v1/values?indicator={code}&unit={unit.pk}&period={PERIOD}").json()
    value = api[0]["value"]
    assert value is not None
    return float(value)


def _rows_by_label(ws: Worksheet, column: int = 0) -> dict[Any, tuple[Any, ...]]:
    return {r[column].value: r for r in ws.iter_rows(min_row=4) if r[column].value is not None}


def _text_cells(ws: Worksheet) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


# --- Excel ----------------------------------------------------------------------------


def test_overview_file_rounds_to_the_decimals_and_splits_the_target(
    make_world: Callable[..., World], viewer: Client, province: OrgUnit
) -> None:
    make_world(units=5)
    raw = _api_value(viewer, "ho-so-truc-tuyen", province)
    assert raw != round(raw, 2)  # the world's figure has more decimals than shown

    content = viewer.get(f"/ioc/export/overview.xlsx?period={PERIOD}").content
    ws = load_workbook(BytesIO(content))["Chỉ số"]
    header = [c.value for c in ws[4]]
    assert header[3:9] == [
        header[3],  # the period
        header[4],  # the same period a year before
        "Thay đổi so với cùng kỳ",
        "So sánh với chỉ tiêu",
        "Chỉ tiêu",
        "Năm chỉ tiêu",
    ]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=5) if r[1].value}

    ratio = rows[RATIO]
    value = ratio[3]
    assert isinstance(value.value, float) and value.value == _half_up(raw, 2)
    assert value.number_format == "#,##0.00"
    for cell in ratio[4:6]:  # last year, the change: rounded as well, when there
        assert cell.value is None or cell.value == round(cell.value, 2)
        assert cell.number_format == "#,##0.00"
    comparator, target, year = ratio[6], ratio[7], ratio[8]
    assert comparator.value == "≥"
    assert isinstance(target.value, float | int) and target.value == 90
    assert target.number_format == "#,##0.00"
    assert year.value == 2025

    count = rows[COUNT]
    assert isinstance(count[3].value, float | int) and count[3].value == int(count[3].value)
    assert count[3].number_format == "#,##0"
    assert count[6].value is None and count[7].value is None  # no target

    # No target, anywhere, written as text the English way.
    assert not [t for t in _text_cells(ws) if re.search(r"[≥≤=]\s*\d+\.\d", t)]


def test_compare_file_rounds_every_cell_and_gives_the_targets_three_rows(
    make_world: Callable[..., World], viewer: Client, province: OrgUnit
) -> None:
    world = make_world(units=5)
    response = viewer.get(f"/ioc/export/compare.xlsx?period={PERIOD}&level=commune&set=all")
    ws = load_workbook(BytesIO(response.content))["So sánh"]
    header = [c.value for c in ws[4]]
    column = header.index(f"{RATIO} (%)")
    count_column = header.index(f"{COUNT} (hồ sơ)")
    rows = _rows_by_label(ws)

    seen_more_decimals = False
    for unit in [*world.communes, province]:
        raw = _api_value(viewer, "ho-so-truc-tuyen", unit)
        seen_more_decimals |= raw != round(raw, 2)
        cell = rows[unit.name][column]
        assert isinstance(cell.value, float) and cell.value == _half_up(raw, 2), unit.name
        assert cell.number_format == "#,##0.00"
        assert rows[unit.name][count_column].number_format == "#,##0"
    assert seen_more_decimals

    comparators = rows["Chỉ tiêu của tỉnh: phép so sánh"]
    values = rows["Chỉ tiêu của tỉnh: giá trị"]
    years = rows["Chỉ tiêu của tỉnh: năm"]
    assert comparators[column].value == "≥"
    assert values[column].value == 90 and values[column].number_format == "#,##0.00"
    assert not isinstance(values[column].value, str)
    assert years[column].value == 2025
    # An indicator without a target: empty cells, not "None" nor 0.
    assert comparators[count_column].value is None
    assert values[count_column].value is None and years[count_column].value is None
    assert not [t for t in _text_cells(ws) if re.search(r"[≥≤=]\s*\d+\.\d", t)]


def test_ranking_and_map_files_round_as_well(
    make_world: Callable[..., World], viewer: Client
) -> None:
    make_world(units=5)
    url = f"/ioc/export/compare.xlsx?period={PERIOD}&level=commune&set=all&ind=ho-so-truc-tuyen"
    wb = load_workbook(BytesIO(viewer.get(url).content))
    ranked = [r[2] for r in wb["Xếp hạng"].iter_rows(min_row=5) if r[2].value is not None]
    assert ranked
    for cell in ranked:
        assert cell.value == round(cell.value, 2) and cell.number_format == "#,##0.00"
    url = f"/ioc/export/map.xlsx?period={PERIOD}&ind=ho-so-truc-tuyen"
    ws = load_workbook(BytesIO(viewer.get(url).content))["Bản đồ"]
    values = [r[4] for r in ws.iter_rows(min_row=5) if r[4].value is not None]
    assert values
    for cell in values:
        assert cell.value == round(cell.value, 2) and cell.number_format == "#,##0.00"


# --- charts ---------------------------------------------------------------------------


def _specs(html: str) -> dict[str, dict[str, Any]]:
    found = re.findall(
        r'<script id="([^"]+)-spec" type="application/json">(.*?)</script>', html, re.S
    )
    assert found
    return {chart_id: json.loads(raw) for chart_id, raw in found}


def test_chart_axes_write_grouped_numbers_not_si_prefixes(
    make_world: Callable[..., World], viewer: Client
) -> None:
    make_world(units=5)
    specs = _specs(viewer.get(f"/ioc/?period={PERIOD}").content.decode())
    count_axis = specs["trend-so-ho-so"]["layout"]["yaxis"]
    assert count_axis["tickformat"] == ",~f"  # 200.000, never "200k"
    assert "ticksuffix" not in count_axis
    ratio_axis = specs["trend-ho-so-truc-tuyen"]["layout"]["yaxis"]
    assert ratio_axis["tickformat"] == ",~f" and ratio_axis["ticksuffix"] == "%"
    for spec in specs.values():
        # "," before decimals, "." between thousands: the marks of the tick format.
        assert spec["layout"]["template"]["layout"]["separators"] == ",."

    html = viewer.get(f"/ioc/compare/?period={PERIOD}&ind=so-ho-so").content.decode()
    ranking = _specs(html)["ranking"]["layout"]["xaxis"]
    assert ranking["tickformat"] == ",~f" and "ticksuffix" not in ranking

    html = viewer.get(f"/ioc/map/?period={PERIOD}&ind=so-ho-so").content.decode()
    colorbar = _specs(html)["map"]["data"][0]["marker"]["colorbar"]
    assert colorbar["tickformat"] == ",~f"


def test_the_overdue_chart_counts_in_whole_numbers(
    make_world: Callable[..., World],
    viewer: Client,
    tasks: Callable[[list[tuple[OrgUnit, Any]]], None],
) -> None:
    from datetime import date

    world = make_world(units=2)
    # Deadlines after the directive's date (1/3/2024), long past: overdue.
    tasks([(world.communes[0], date(2024, 4, 15)), (world.communes[1], date(2024, 5, 1))])
    html = viewer.get("/ioc/wall/assignments/").content.decode()
    axis = _specs(html)["overdue"]["layout"]["xaxis"]
    assert axis["tickformat"] == ",d" and axis["dtick"] == 1


# --- verdicts -------------------------------------------------------------------------


def _statuses(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\(.*", "", s).strip()
        for s in re.findall(r'<span class="status status-[a-z_]+"[^>]*>(.*?)</span>', html, re.S)
    ]


@pytest.mark.parametrize("path", ["/ioc/", "/ioc/wall/overview/"])
def test_verdicts_are_in_the_interface_language(
    make_world: Callable[..., World], viewer: Client, path: str
) -> None:
    make_world(units=5)
    url = f"{path}?period={PERIOD}"
    vietnamese = _statuses(viewer.get(url).content.decode())
    assert vietnamese, "the world has a target: a tile shows its verdict"
    labels_vi = {s.label_vi for s in ProgressStatus}
    assert set(vietnamese) <= labels_vi

    viewer.cookies["django_language"] = "en"
    english = _statuses(viewer.get(url).content.decode())
    assert len(english) == len(vietnamese)
    assert not set(english) & labels_vi
    assert all(s.isascii() for s in english), english


# --- the wall at 1366 pixels ----------------------------------------------------------


def test_the_walls_tile_columns_cannot_grow_past_the_screen() -> None:
    """A ``1fr`` column is at least as wide as its longest unbreakable text: at 1366
    pixels the four tiles pushed the wall 10 pixels past the screen. ``minmax(0, 1fr)``
    keeps four equal columns (as at 1920, where nothing changes) and the text wraps."""
    path = finders.find("dashboards/ioc.css")
    assert isinstance(path, str)
    css = Path(path).read_text(encoding="utf-8")
    rule = re.search(r"\.wall-tiles \{([^}]*)\}", css)
    assert rule and "repeat(4, minmax(0, 1fr))" in rule.group(1)
    tile = re.search(r"\.wall-tile \{([^}]*)\}", css)
    assert tile and "min-width: 0" in tile.group(1) and "overflow-wrap: anywhere" in tile.group(1)
    status = re.search(r"body\.wall \.status \{([^}]*)\}", css)
    assert status and "white-space: normal" in status.group(1)
