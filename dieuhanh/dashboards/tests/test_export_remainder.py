"""The drill-down's Excel file has the page's remainder row — what the unit's figure holds
beyond its sub-units (a district's own office, units that ended in the 2025
restructuring) — so its rows add up to the whole as the page's do; and the map, asked
for the districts over a period ending after 30/6/2025, says why it shows the communes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.utils.translation import gettext, override
from openpyxl import load_workbook

from dieuhanh.dashboards.tests.conftest import PERIOD, World
from dieuhanh.dashboards.tests.test_restructuring import DISTRICT_OWN, put
from dieuhanh.indicators.models import DataValue
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

DISTRICT_OWN_ONLINE = 25  # of which online, March 2025
CHANGED = "Not in any unit above (own activity of %(unit)s or of units that have ended)"
ITSELF = "Reported by %(unit)s itself, not by the units above"


@pytest.fixture
def year_2025(make_world: Callable[..., World]) -> World:
    """2025 dossiers (received and online): old communes January–June, new communes
    July–December, and a district's own office in March."""
    world = make_world(units=2)
    old = list(OrgUnit.objects.filter(kind="commune", valid_to=date(2025, 6, 30))[:8])
    new = list(OrgUnit.objects.filter(kind="commune", valid_from=date(2025, 7, 1))[:6])
    for measure, salt in ((world.received, 0), (world.online, -3)):
        put(measure, old, range(1, 7), salt=salt)
        put(measure, new, range(7, 13), salt=salt)
    district = first_district()
    DataValue.objects.create(
        measure=world.received, unit=district, period="2025-03", value=DISTRICT_OWN
    )
    DataValue.objects.create(
        measure=world.online, unit=district, period="2025-03", value=DISTRICT_OWN_ONLINE
    )
    return world


def first_district() -> OrgUnit:
    return OrgUnit.objects.filter(kind="district").order_by("name")[0]


def label(msgid: str, unit: OrgUnit) -> str:
    with override("vi"):
        return gettext(msgid) % {"unit": unit.name}


def page_value(html: str, testid: str) -> Decimal:
    found = re.search(rf'data-testid="{testid}" data-value="([^"]*)"', html)
    assert found and found.group(1), testid
    return Decimal(found.group(1))


def own_row(html: str) -> str | None:
    found = re.search(r'<tr class="ioc-own" data-testid="own">(.*?)</tr>', html, re.S)
    return found.group(1) if found else None


def cell(html: str, column: str) -> Decimal:
    found = re.search(rf'data-col="{column}" data-value="([^"]*)"', html)
    assert found and found.group(1), column
    return Decimal(found.group(1))


def workbook_rows(client: Client, query: str) -> list[tuple[Any, ...]]:
    """The drill-down file's rows below its header (title, blank line, header), empty
    lines left out."""
    response = client.get(f"/ioc/export/drill.xlsx?{query}")
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content))["Phân rã"]
    assert [c.value for c in ws[3]][:4] == ["Đơn vị", ws[3][1].value, "Tử số", "Mẫu số"]
    return [r for r in ws.iter_rows(min_row=4, values_only=True) if any(r)]


def test_a_count_over_2025_the_file_adds_up_with_the_pages_remainder(
    year_2025: World, viewer: Client, province: OrgUnit
) -> None:
    html = viewer.get("/ioc/drill/so-ho-so/?period=2025").content.decode()
    whole = page_value(html, "figure")
    own = own_row(html)
    assert own is not None and 'data-testid="units-changed"' in html
    assert cell(own, "value") == DISTRICT_OWN
    units_on_page = len(re.findall(r'<tr data-unit="\d+">', html))

    rows = workbook_rows(viewer, f"unit={province.pk}&period=2025&ind=so-ho-so")
    *units, remainder, total = rows
    assert len(units) == units_on_page
    assert remainder[0] == label(CHANGED, province)
    assert remainder[0].startswith("Không thuộc đơn vị nào ở trên")  # Vietnamese, as the file
    assert remainder[1] == pytest.approx(float(cell(own, "value")))  # the page's figure
    assert remainder[4] is None  # no completeness of its own
    assert total[0] == province.name and total[1] == pytest.approx(float(whole))
    assert sum(r[1] for r in units if r[1] is not None) + remainder[1] == pytest.approx(
        float(whole)
    )


def test_a_ratio_over_2025_the_files_numerators_and_denominators_add_up(
    year_2025: World, viewer: Client, province: OrgUnit
) -> None:
    html = viewer.get("/ioc/drill/ho-so-truc-tuyen/?period=2025").content.decode()
    own = own_row(html)
    assert own is not None

    *units, remainder, total = workbook_rows(
        viewer, f"unit={province.pk}&period=2025&ind=ho-so-truc-tuyen"
    )
    assert remainder[0] == label(CHANGED, province)
    assert remainder[1] is None  # a ratio of the remainder is not computed, as on the page
    assert remainder[2] == pytest.approx(float(cell(own, "numerator")))
    assert remainder[3] == pytest.approx(float(cell(own, "denominator")))
    assert remainder[2] == pytest.approx(DISTRICT_OWN_ONLINE)
    assert remainder[3] == pytest.approx(DISTRICT_OWN)
    for column, testid in ((2, "numerator"), (3, "denominator")):
        whole = float(page_value(html, testid))
        assert total[column] == pytest.approx(whole)
        parts = sum(r[column] for r in units if r[column] is not None)
        assert parts + remainder[column] == pytest.approx(whole), testid


def test_a_district_over_2025_labels_its_own_office_as_the_page_does(
    year_2025: World, viewer: Client
) -> None:
    """The district's communes did not change in its lifetime: the page's other label."""
    district = first_district()
    html = viewer.get(f"/ioc/drill/so-ho-so/?unit={district.pk}&period=2025").content.decode()
    own = own_row(html)
    assert own is not None and 'data-testid="units-changed"' not in html

    *units, remainder, total = workbook_rows(viewer, f"unit={district.pk}&period=2025&ind=so-ho-so")
    assert remainder[0] == label(ITSELF, district)
    assert remainder[1] == pytest.approx(DISTRICT_OWN)
    whole = float(page_value(html, "figure"))
    assert sum(r[1] for r in units if r[1] is not None) + remainder[1] == pytest.approx(whole)
    assert total[1] == pytest.approx(whole)


def test_no_remainder_row_when_the_page_shows_none(
    make_world: Callable[..., World], viewer: Client, province: OrgUnit
) -> None:
    make_world(units=5)
    labels = {label(CHANGED, province), label(ITSELF, province)}
    for code in ("so-ho-so", "ho-so-truc-tuyen"):
        html = viewer.get(f"/ioc/drill/{code}/?period={PERIOD}").content.decode()
        assert own_row(html) is None
        units_on_page = len(re.findall(r'<tr data-unit="\d+">', html))

        rows = workbook_rows(viewer, f"unit={province.pk}&period={PERIOD}&ind={code}")
        *units, total = rows
        assert len(units) == units_on_page
        assert not labels & {r[0] for r in rows}
        assert total[0] == province.name
        column = 1 if code == "so-ho-so" else 2
        whole = page_value(html, "figure" if code == "so-ho-so" else "numerator")
        assert sum(r[column] for r in units if r[column] is not None) == pytest.approx(float(whole))


def _map_table(html: str) -> str:
    found = re.search(r'data-testid="map-table">(.*?)</table>', html, re.S)
    assert found
    return found.group(1)


def test_the_map_says_why_it_shows_communes_when_districts_are_asked_after_june_2025(
    year_2025: World, viewer: Client
) -> None:
    districts = list(OrgUnit.objects.filter(kind="district").values_list("name", flat=True))
    assert districts
    response = viewer.get("/ioc/map/?period=2025&level=district")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="level-note"' in html
    with override("vi"):
        communes = gettext("Communes and wards")
    note = re.search(r'data-testid="level-note">([^<]*)</p>', html)
    assert note and communes in note.group(1)
    assert 'value="district"' not in html
    table = _map_table(html)
    assert table.count("<tr>") > 0
    assert not [name for name in districts if f"<td>{name}</td>" in table]

    # Over a period ending by 30/6/2025 the districts are shown, without a note.
    html = viewer.get("/ioc/map/?period=2025-H1&level=district").content.decode()
    assert 'data-testid="level-note"' not in html
    table = _map_table(html)
    assert all(f"<td>{name}</td>" in table for name in districts)
    # … and the communes over 2025 without a note either: none was asked for.
    html = viewer.get("/ioc/map/?period=2025&level=commune").content.decode()
    assert 'data-testid="level-note"' not in html
