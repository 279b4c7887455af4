"""Dịch vụ công over a period spanning the 2025 restructuring lists the sub-units as they
stand at its end, as every comparison does: for 2025 the new communes, not the districts
beside them, so no dossier is counted in two rows."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from dieuhanh.indicators.models import DataValue, Measure
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_2025_lists_the_units_at_its_end_and_2024_the_districts(
    measures: None, province: OrgUnit, users: dict[str, Any]
) -> None:
    received = Measure.objects.get(code="received")
    old = OrgUnit.objects.filter(kind="commune", valid_to=date(2025, 6, 30))
    new = OrgUnit.objects.filter(kind="commune", valid_from=date(2025, 7, 1))
    DataValue.objects.bulk_create(
        [
            DataValue(measure=received, unit=u, period=f"{y}-{m:02d}", value=Decimal(3))
            for u in old
            for y, months in ((2024, range(1, 13)), (2025, range(1, 7)))
            for m in months
        ]
        + [
            DataValue(measure=received, unit=u, period=f"2025-{m:02d}", value=Decimal(5))
            for u in new
            for m in range(7, 13)
        ]
    )
    client = Client()
    client.force_login(users["viewer"])

    def rows(period: str) -> tuple[set[str], Decimal, Decimal]:
        html = client.get(f"/services/?period={period}").content.decode()
        table = html[html.index('data-testid="children"') :]
        names = set(re.findall(r'<td><a href="\?unit=\d+[^"]*">([^<]+)</a>', table))
        cells = re.findall(
            r'</a>(?:[^<]|<span[^>]*>[^<]*</span>)*</td>\s*<td class="num">(?:<a [^>]*>)?([\d.]+)<',
            table,
        )
        total = re.search(r'data-testid="received">([\d.]+)<', html)
        assert total is not None
        as_number = lambda text: Decimal(text.replace(".", ""))  # noqa: E731 - "1.234" → 1234
        return names, sum(map(as_number, cells), Decimal(0)), as_number(total.group(1))

    names, summed, total = rows("2025")
    districts = set(OrgUnit.objects.filter(kind="district").values_list("name", flat=True))
    assert not names & districts
    assert names >= set(new.values_list("name", flat=True))
    assert summed == total == 194 * 6 * 3 + 65 * 6 * 5
    names, summed, total = rows("2024")
    assert names >= districts
    assert summed == total == 194 * 12 * 3
    # A district's own office in March 2025: in no unit of 31/12/2025, so one more row.
    html = client.get("/services/?period=2025").content.decode()
    assert 'data-testid="rest"' not in html
    district = OrgUnit.objects.filter(kind="district").order_by("pk")[0]
    DataValue.objects.create(measure=received, unit=district, period="2025-03", value=40)
    html = client.get("/services/?period=2025").content.decode()
    rest = re.search(r'data-testid="rest">\s*<td>[^<]*</td>\s*<td class="num">([\d.]+)<', html)
    assert rest is not None and rest.group(1) == "40"
    names, summed, total = rows("2025")
    assert summed + 40 == total
