"""Loading a province from the official lists: Lạng Sơn then and now, idempotence, errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from dieuhanh.orgunits import selectors
from dieuhanh.orgunits.models import OrgUnit, OrgUnitLineage
from dieuhanh.orgunits.services import province_load
from dieuhanh.orgunits.sources import UnknownProvinceError

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 1)
BEFORE = date(2025, 6, 30)


def test_lang_son_today_has_65_communes_and_wards(province: OrgUnit) -> None:
    communes = selectors.orgunit_children(unit=province, at=TODAY).filter(kind="commune")
    assert communes.count() == 65
    assert communes.filter(division_type="Phường").count() == 4
    assert not selectors.orgunit_children(unit=province, at=TODAY).filter(kind="district").exists()


def test_lang_son_before_july_2025_has_11_districts_and_194_communes(province: OrgUnit) -> None:
    districts = selectors.orgunit_children(unit=province, at=BEFORE).filter(kind="district")
    assert districts.count() == 11
    assert set(districts.values_list("valid_to", flat=True)) == {BEFORE}
    assert {"Thành phố Lạng Sơn", "Huyện Tràng Định", "Huyện Đình Lập"} <= set(
        districts.values_list("name", flat=True)
    )
    old_communes = selectors.orgunit_descendants(unit=province, at=BEFORE).filter(kind="commune")
    assert old_communes.count() == 194
    # None of today's communes existed on 30/6/2025, none of the old ones exists today.
    assert not old_communes.filter(valid_to__isnull=True).exists()


def test_every_old_commune_flows_into_todays_communes_with_shares_summing_to_one(
    province: OrgUnit,
) -> None:
    old = OrgUnit.objects.filter(kind="commune", valid_to=BEFORE, path__startswith=province.path)
    totals = (
        OrgUnitLineage.objects.filter(predecessor__in=old)
        .values("predecessor")
        .annotate(total=Sum("share"), n=Count("id"))
    )
    assert len(totals) == 194
    for row in totals:
        assert abs(row["total"] - 1) < Decimal("0.00001"), row
    split = [row for row in totals if row["n"] > 1]
    assert len(split) == 3  # Hồng Phong, Bính Xá and Kiên Mộc were divided
    # Every successor is a current commune of the same province.
    successors = OrgUnit.objects.filter(predecessor_links__predecessor__in=old).distinct()
    assert successors.count() == 65
    assert not successors.exclude(valid_to__isnull=True).exists()


def test_departments_include_so_tttt_until_feb_2025_merged_into_so_khcn(province: OrgUnit) -> None:
    tttt = OrgUnit.objects.get(code="20-STTTT")
    khcn = OrgUnit.objects.get(code="20-SKHCN")
    assert tttt.name == "Sở Thông tin và Truyền thông"
    assert tttt.valid_to == date(2025, 2, 28)
    assert [link.unit for link in selectors.orgunit_successors(unit=tttt)] == [khcn]
    preds = selectors.orgunit_predecessors(
        unit=khcn, start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    assert tttt in [link.unit for link in preds]
    assert not tttt.is_valid_on(date(2025, 3, 1))
    assert khcn.is_valid_on(date(2024, 1, 1)) and khcn.is_valid_on(TODAY)


def test_loading_twice_changes_nothing(province: OrgUnit) -> None:
    before = (
        OrgUnit.objects.count(),
        OrgUnitLineage.objects.count(),
        OrgUnit.history.count(),
        OrgUnitLineage.history.count(),
    )
    report = province_load(actor=None, province_code="20")
    after = (
        OrgUnit.objects.count(),
        OrgUnitLineage.objects.count(),
        OrgUnit.history.count(),
        OrgUnitLineage.history.count(),
    )
    assert after == before
    assert not report.changed
    assert report.unchanged == before[0]


def test_reload_repairs_a_changed_field(province: OrgUnit) -> None:
    unit = OrgUnit.objects.get(code="06001")
    OrgUnit.objects.filter(pk=unit.pk).update(name="Tên sai")
    report = province_load(actor=None, province_code="20")
    assert report.updated == 1
    unit.refresh_from_db()
    assert unit.name != "Tên sai"


@pytest.mark.parametrize("code", ["99", "00", "abc", "2O"])
def test_unknown_province_code_gives_a_clear_error(code: str) -> None:
    count = OrgUnit.objects.count()
    with pytest.raises(UnknownProvinceError, match="mã"):
        province_load(actor=None, province_code=code)
    with pytest.raises(CommandError, match="mã"):
        call_command("orgunits", "load", "--province", code)
    assert OrgUnit.objects.count() == count


def test_another_province_loads_the_same_way_with_its_merged_predecessor() -> None:
    # Tuyên Quang (08) absorbed Hà Giang (02) on 1/7/2025.
    report = province_load(actor=None, province_code="08")
    assert report.created > 400
    tuyen_quang = OrgUnit.objects.get(code="08")
    ha_giang = OrgUnit.objects.get(code="02-20250630")
    assert [link.unit for link in selectors.orgunit_successors(unit=ha_giang)] == [tuyen_quang]
    assert (
        selectors.orgunit_children(unit=tuyen_quang, at=TODAY).filter(kind="commune").count() == 124
    )
