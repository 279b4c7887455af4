"""Agency names as documents write them → the province's units on the directive's date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dieuhanh.directives.resolution import (
    Confidence,
    Flag,
    Method,
    PhraseResolution,
    UnitResolver,
    fold,
)
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

BEFORE = date(2024, 10, 1)  # Sở TT&TT, districts and the old communes exist
MERGED = date(2025, 4, 1)  # after 1/3/2025: Sở TT&TT is part of Sở KH&CN; districts remain
AFTER = date(2025, 8, 1)  # after 1/7/2025: no districts, 65 communes


@pytest.fixture
def resolver(db: Any) -> UnitResolver:
    return UnitResolver.for_province()


def names(resolver: UnitResolver, ids: list[int] | tuple[int, ...]) -> list[str]:
    return [resolver.units[i].name for i in ids]


def one(res: PhraseResolution) -> Any:
    assert len(res.matches) == 1, res.matches
    return res.matches[0]


@pytest.mark.parametrize(
    "phrase",
    [
        "Sở Y tế",
        "sở y tế",
        "SỞ Y TẾ",
        "So Y te",
        "  Sở   Y  tế ",
        "Sở Y tế tỉnh Lạng Sơn",
        "Giám đốc Sở Y tế",
    ],
)
def test_exact_names_whatever_the_case_diacritics_and_spacing(
    resolver: UnitResolver, phrase: str
) -> None:
    m = one(resolver.resolve(phrase, on=AFTER))
    assert names(resolver, m.unit_ids) == ["Sở Y tế"]
    assert m.method == Method.EXACT
    assert m.confidence == Confidence.HIGH and m.flag is None


@pytest.mark.parametrize(
    ("phrase", "unit"),
    [
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở TTTT", "Sở Thông tin và Truyền thông"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở KH & CN", "Sở Khoa học và Công nghệ"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("UBND tỉnh", "Tỉnh Lạng Sơn"),
    ],
)
def test_abbreviations(resolver: UnitResolver, phrase: str, unit: str) -> None:
    m = one(resolver.resolve(phrase, on=BEFORE))
    assert names(resolver, m.unit_ids) == [unit]
    assert m.method == Method.ABBREVIATION
    assert m.flag is None


def test_the_full_name_of_a_department_is_exact(resolver: UnitResolver) -> None:
    m = one(resolver.resolve("Sở Thông tin và Truyền thông", on=BEFORE))
    assert (m.method, names(resolver, m.unit_ids)) == (
        Method.EXACT,
        ["Sở Thông tin và Truyền thông"],
    )


def _count(kind: str, day: date) -> int:
    from dieuhanh.orgunits.selectors import valid_on_q

    return OrgUnit.objects.filter(valid_on_q(day), kind=kind).count()


@pytest.mark.parametrize("day", [BEFORE, MERGED, AFTER])
def test_departments_group_is_every_department_valid_that_day(
    resolver: UnitResolver, day: date
) -> None:
    for phrase in ("Các sở, ban, ngành", "các sở, ngành", "Thủ trưởng các sở, ban, ngành"):
        m = one(resolver.resolve(phrase, on=day))
        assert m.method == Method.GROUP and m.flag is None
        assert len(m.unit_ids) == _count("department", day)
    before = set(one(resolver.resolve("Các sở, ban, ngành", on=BEFORE)).unit_ids)
    after = set(one(resolver.resolve("Các sở, ban, ngành", on=AFTER)).unit_ids)
    assert (len(before), len(after)) == (19, 14)
    tttt = OrgUnit.objects.get(code="20-STTTT").pk
    assert tttt in before and tttt not in after


def test_district_groups_before_and_after_the_district_level_ended(
    resolver: UnitResolver,
) -> None:
    for phrase in (
        "UBND các huyện, thành phố",
        "UBND các huyện, thị xã, thành phố",
        "UBND cấp huyện",
    ):
        before = one(resolver.resolve(phrase, on=BEFORE))
        assert before.method == Method.GROUP and len(before.unit_ids) == 11
        after = one(resolver.resolve(phrase, on=AFTER))
        assert after.unit_ids == () and after.flag == Flag.ENDED
        assert "01/07/2025" in after.note  # says why: the district level was abolished


def test_commune_groups_follow_the_2025_merger(resolver: UnitResolver) -> None:
    for phrase in ("UBND các xã, phường, thị trấn", "UBND các xã, phường", "UBND cấp xã"):
        before = one(resolver.resolve(phrase, on=BEFORE))
        after = one(resolver.resolve(phrase, on=AFTER))
        assert before.method == after.method == Method.GROUP
        assert (len(before.unit_ids), len(after.unit_ids)) == (194, 65)


def test_a_list_of_groups_is_split_but_group_names_stay_whole(resolver: UnitResolver) -> None:
    res = resolver.resolve("Các sở, ban, ngành, UBND các huyện, thành phố", on=BEFORE)
    assert [m.text for m in res.matches] == ["Các sở, ban, ngành", "UBND các huyện, thành phố"]
    assert len(res.unit_ids) == 19 + 11
    res = resolver.resolve("Sở Tài chính, Sở Kế hoạch và Đầu tư", on=BEFORE)
    assert names(resolver, res.unit_ids) == ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]
    res = resolver.resolve("Sở Văn hóa, Thể thao và Du lịch", on=BEFORE)
    assert names(resolver, res.unit_ids) == ["Sở Văn hóa, Thể thao và Du lịch"]


def test_information_department_goes_to_science_and_technology_after_1_3_2025(
    resolver: UnitResolver,
) -> None:
    before = one(resolver.resolve("Sở Thông tin và Truyền thông", on=date(2025, 2, 28)))
    assert names(resolver, before.unit_ids) == ["Sở Thông tin và Truyền thông"]
    for phrase in ("Sở Thông tin và Truyền thông", "Sở TT&TT"):
        after = one(resolver.resolve(phrase, on=date(2025, 3, 1)))
        assert names(resolver, after.unit_ids) == ["Sở Khoa học và Công nghệ"]
        assert after.method == Method.SUCCESSOR
        assert after.confidence == Confidence.MEDIUM and after.flag is None
        assert "01/03/2025" in after.note


def test_a_department_split_three_ways_is_not_guessed(resolver: UnitResolver) -> None:
    m = one(resolver.resolve("Sở Lao động - Thương binh và Xã hội", on=AFTER))
    assert m.unit_ids == () and m.flag == Flag.AMBIGUOUS
    assert set(names(resolver, m.suggestion_ids)) == {
        "Sở Nội vụ",
        "Sở Y tế",
        "Sở Giáo dục và Đào tạo",
    }


def test_a_unit_not_yet_established_suggests_its_predecessors(resolver: UnitResolver) -> None:
    m = one(resolver.resolve("Sở Nông nghiệp và Môi trường", on=BEFORE))
    assert m.unit_ids == () and m.flag == Flag.NOT_YET
    assert set(names(resolver, m.suggestion_ids)) == {
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Tài nguyên và Môi trường",
    }


def test_a_district_after_1_7_2025_is_flagged_with_its_communes_suggested(
    resolver: UnitResolver,
) -> None:
    before = one(resolver.resolve("UBND huyện Tràng Định", on=BEFORE))
    assert names(resolver, before.unit_ids) == ["Huyện Tràng Định"]
    after = one(resolver.resolve("UBND huyện Tràng Định", on=AFTER))
    assert after.unit_ids == () and after.flag == Flag.ENDED
    assert "01/07/2025" in after.note
    suggested = [resolver.units[i] for i in after.suggestion_ids]
    assert suggested and all(u.kind == "commune" and u.is_valid_on(AFTER) for u in suggested)


def test_a_commune_name_shared_by_several_is_ambiguous_unless_the_district_is_given(
    resolver: UnitResolver,
) -> None:
    m = one(resolver.resolve("UBND xã Hòa Bình", on=BEFORE))
    assert m.unit_ids == () and m.flag == Flag.AMBIGUOUS and len(m.suggestion_ids) == 4
    m = one(resolver.resolve("UBND xã Hòa Bình, huyện Chi Lăng", on=BEFORE))
    (unit,) = [resolver.units[i] for i in m.unit_ids]
    assert unit.name == "Xã Hòa Bình" and unit.parent is not None
    assert unit.parent.name == "Huyện Chi Lăng"
    assert m.flag is None


@pytest.mark.parametrize(
    "phrase",
    [
        "các cơ quan liên quan",
        "Các cơ quan, đơn vị liên quan",
        "các sở, ngành liên quan",
        "Ban Chỉ đạo chuyển đổi số các cấp",
        "các địa phương",
    ],
)
def test_vague_phrases_are_flagged_as_not_a_unit(resolver: UnitResolver, phrase: str) -> None:
    m = one(resolver.resolve(phrase, on=AFTER))
    assert m.unit_ids == () and m.flag == Flag.NOT_A_UNIT
    assert phrase in m.note


@pytest.mark.parametrize("phrase", ["Công an tỉnh", "Tỉnh đoàn", "Báo Lạng Sơn", "Sở Du hành"])
def test_what_cannot_be_resolved_is_flagged_with_the_phrase_never_guessed(
    resolver: UnitResolver, phrase: str
) -> None:
    res = resolver.resolve(phrase, on=AFTER)
    assert res.unit_ids == [] and res.needs_review
    assert [m.flag for m in res.matches] == [Flag.UNRESOLVED]
    assert phrase in res.matches[0].note


def test_another_provinces_agencies_are_flagged(resolver: UnitResolver) -> None:
    m = one(resolver.resolve("Sở Tài chính tỉnh Quảng Ngãi", on=AFTER))
    assert m.unit_ids == () and m.flag == Flag.OTHER_PROVINCE
    assert "Quảng Ngãi" in m.note
    # A whole document from another province: nothing is assigned, names only suggested.
    res = resolver.resolve(
        "Sở Thông tin và Truyền thông", on=date(2023, 2, 3), foreign="Quảng Ngãi"
    )
    (m,) = res.matches
    assert m.unit_ids == () and m.flag == Flag.OTHER_PROVINCE
    assert names(resolver, m.suggestion_ids) == ["Sở Thông tin và Truyền thông"]


def test_the_matches_round_trip_through_json(resolver: UnitResolver) -> None:
    from dieuhanh.directives.resolution import Match

    for m in resolver.resolve("Các sở, ban, ngành, các cơ quan liên quan", on=AFTER).matches:
        assert Match.from_dict(m.to_dict()) == m


def test_resolving_reads_the_database_once(
    django_assert_num_queries: Any,
) -> None:
    with django_assert_num_queries(3):  # the province, its units, their lineage
        resolver = UnitResolver.for_province()
    with django_assert_num_queries(0):
        for day in (BEFORE, AFTER):
            resolver.resolve("Các sở, ban, ngành, UBND các huyện, thành phố", on=day)
            resolver.resolve("Sở TT&TT", on=day)


def test_fold() -> None:
    assert fold("Sở KH&CN") == "so khcn"
    assert fold("Ủy ban  nhân dân\ttỉnh") == "uy ban nhan dan tinh"
    assert fold("Đồng Đăng") == "dong dang"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.sampled_from(list("abcdeghiklmnopqrstuvxyĐđơưăâêôáàảãạ ,;&-()SỞUBNDVPcác")),
        max_size=60,
    ),
    st.sampled_from([BEFORE, AFTER]),
)
def test_any_text_resolves_without_error_and_flags_what_it_does_not_assign(
    resolver: UnitResolver, text: str, day: date
) -> None:
    res = resolver.resolve(text, on=day)
    for m in res.matches:
        if not m.unit_ids:
            assert m.flag is not None  # nothing silently dropped
        if m.flag in {Flag.UNRESOLVED, Flag.NOT_A_UNIT, Flag.OTHER_PROVINCE, Flag.NOT_YET}:
            assert m.unit_ids == ()  # and nothing silently guessed
        for uid in m.unit_ids:
            assert resolver.units[uid].is_valid_on(day)
