from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dieuhanh.orgunits import selectors
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_descendants_at_a_date_follow_the_tree(province: OrgUnit) -> None:
    district = OrgUnit.objects.get(code="178-20250630")  # Thành phố Lạng Sơn
    wards = selectors.orgunit_descendants(unit=district, at=date(2024, 5, 1))
    assert wards.count() == 8
    assert not selectors.orgunit_descendants(unit=district, at=date(2025, 7, 1)).exists()
    all_at_2024 = selectors.orgunit_descendants(unit=province, at=date(2024, 5, 1))
    assert all_at_2024.filter(kind="commune").count() == 194


def test_predecessors_of_a_merged_commune_over_2024(province: OrgUnit) -> None:
    new = OrgUnit.objects.get(code="06187")
    preds = selectors.orgunit_predecessors(unit=new, start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert preds, "a commune formed in 2025 has predecessors in 2024"
    assert all(p.unit.valid_to == date(2025, 6, 30) for p in preds)
    assert all(p.method in {"merge", "split"} for p in preds)
    # Over a range after the merger there is nothing to inherit.
    assert (
        selectors.orgunit_predecessors(unit=new, start=date(2026, 1, 1), end=date(2026, 3, 31))
        == []
    )


def test_split_commune_gives_each_successor_its_share() -> None:
    # Xã Hồng Phong of the former Bình Gia district was divided in two.
    old = OrgUnit.objects.get(name="Xã Hồng Phong", parent__name="Huyện Bình Gia")
    links = selectors.orgunit_successors(unit=old)
    assert len(links) == 2
    assert sum(link.share for link in links) == Decimal(1)
    for link in links:
        back = selectors.orgunit_predecessors(unit=link.unit)
        assert any(b.unit == old and b.share == link.share for b in back)


def test_ancestors_and_tree(province: OrgUnit) -> None:
    ward = OrgUnit.objects.filter(kind="commune", valid_to__isnull=False).first()
    assert ward is not None
    ancestors = selectors.orgunit_ancestors(unit=ward)
    assert [a.kind for a in ancestors] == ["province", "district"]
    tree = selectors.orgunit_tree(root=province, at=date(2024, 1, 1))
    kinds = sorted({child.unit.kind for child in tree.children})
    assert kinds == ["department", "district"]
    assert sum(len(c.children) for c in tree.children if c.unit.kind == "district") == 194


def test_transitive_successor_shares_multiply() -> None:
    from dieuhanh.orgunits.services import lineage_create, orgunit_create

    a = orgunit_create(actor=None, code="T-A", name="A", kind="agency", valid_to=date(2020, 1, 1))
    b = orgunit_create(actor=None, code="T-B", name="B", kind="agency", valid_to=date(2022, 1, 1))
    c = orgunit_create(actor=None, code="T-C", name="C", kind="agency")
    lineage_create(
        actor=None,
        predecessor=a,
        successor=b,
        method="split",
        effective_date=date(2020, 1, 2),
        share=Decimal("0.5"),
    )
    lineage_create(
        actor=None,
        predecessor=b,
        successor=c,
        method="merge",
        effective_date=date(2022, 1, 2),
        share=Decimal("0.4"),
    )
    succ = {s.unit.code: s.share for s in selectors.orgunit_successors(unit=a)}
    assert succ == {"T-B": Decimal("0.5"), "T-C": Decimal("0.2")}
    preds = {p.unit.code: p.share for p in selectors.orgunit_predecessors(unit=c)}
    assert preds == {"T-B": Decimal("0.4"), "T-A": Decimal("0.2")}
    # Over 2021 only B existed.
    preds_2021 = selectors.orgunit_predecessors(
        unit=c, start=date(2021, 1, 1), end=date(2021, 12, 31)
    )
    assert [p.unit.code for p in preds_2021] == ["T-B"]
