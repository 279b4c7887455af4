"""Tests for the 766 index: config loading/validation, scoring, bands, ranking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dieuhanh.core.index766 import (
    COUNT_NAMES,
    DOSSIER_COUNTS,
    FEEDBACK_COUNTS,
    INSUFFICIENT_DATA_VI,
    PROCEDURE_COUNTS,
    REPORTED_COUNTS,
    ConfigError,
    IndexConfig,
    IndexResult,
    available_versions,
    config_for,
    load_builtin,
    load_config,
    parse_config,
    rank,
    score,
)

D = Decimal
QD = load_builtin("qd766-2022")
PORTAL = load_builtin("portal-2024")
CONFIGS = [QD, PORTAL]


def q2(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(D("0.01"))


def by_code(result: IndexResult) -> dict[str, Decimal | None]:
    return {r.code: r.score for r in result.indicators}


# ------------------------------------------------------------------- contract


def test_contract_holds_the_briefed_names() -> None:
    briefed = {
        "received", "received_online", "received_direct", "received_postal", "resolved",
        "resolved_on_time", "resolved_late", "in_progress_in_time", "in_progress_overdue",
        "paid_online", "fee_dossiers", "digitised", "electronic_result",
        "procedures_with_dossiers", "procedures_online",
        "procedures_online_with_online_dossiers", "feedback_received", "feedback_processed",
        "feedback_in_progress", "feedback_rejected", "published_procedures",
        "total_procedures", "satisfaction_score",
    }  # fmt: skip
    assert briefed == set(DOSSIER_COUNTS) | set(PROCEDURE_COUNTS) | set(FEEDBACK_COUNTS) | set(
        REPORTED_COUNTS
    )
    assert briefed < COUNT_NAMES


# ---------------------------------------------------------------- built-in configs


def test_builtin_versions_load_and_sum_to_100() -> None:
    versions = available_versions()
    assert [c.version for c in versions] == ["qd766-2022", "portal-2024"]
    for config in versions:
        assert config.max_total == 100
        for group in config.groups:
            assert sum(i.max_points for i in group.indicators) == group.max_points
        for indicator in config.indicators:
            assert set(indicator.count_names) <= COUNT_NAMES
        assert "766/QĐ-TTg" in config.source
    assert [g.max_points for g in QD.groups] == [18, 20, 22, 22, 18]
    assert [g.max_points for g in PORTAL.groups] == [18, 20, 12, 10, 18, 22]
    assert [b.name_vi for b in QD.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def test_config_for_picks_the_version_in_force() -> None:
    assert config_for(date(2022, 6, 23)).version == "qd766-2022"
    assert config_for(date(2023, 12, 31)).version == "qd766-2022"
    assert config_for(date(2024, 1, 1)).version == "portal-2024"
    with pytest.raises(LookupError, match="chưa áp dụng"):
        config_for(date(2022, 6, 22))
    with pytest.raises(KeyError):
        load_builtin("qd999")


# --------------------------------------------------------------- config validation

MINIMAL = """
version: test-1
valid_from: 2024-01-01
source: Nguồn thử nghiệm
groups:
  - code: g1
    name_vi: Tiến độ
    max_points: 60
    indicators:
      - code: a
        name_vi: Đúng hạn
        max_points: 60
        numerator: resolved_on_time
        denominator: resolved
  - code: g2
    name_vi: Trực tuyến
    max_points: 40
    indicators:
      - code: b
        name_vi: Hồ sơ trực tuyến
        max_points: 40
        numerator: received_online
        denominator: received
        threshold: 0.5
bands:
  - {name_vi: Tốt, min: 80}
  - {name_vi: Yếu, min: 0}
"""


def minimal() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINIMAL)
    return data


def problems_of(data: Any) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(data, origin="thu.yaml")
    assert "thu.yaml" in str(info.value)
    return info.value.problems


def test_minimal_config_is_valid() -> None:
    config = parse_config(minimal())
    assert config.version == "test-1"
    assert config.groups[1].indicators[0].threshold == D("0.5")


def test_groups_must_sum_to_100() -> None:
    data = minimal()
    data["groups"][1]["max_points"] = 38
    data["groups"][1]["indicators"][0]["max_points"] = 38
    assert problems_of(data) == ["Tổng điểm tối đa các nhóm là 98, phải bằng 100."]


def test_group_points_must_equal_its_indicators() -> None:
    data = minimal()
    data["groups"][0]["indicators"][0]["max_points"] = 59.5
    problems = problems_of(data)
    assert (
        "Nhóm “g1”: tổng điểm các chỉ số thành phần (59,5) khác điểm tối đa của nhóm (60)."
        in problems
    )


def test_unknown_count_name_is_rejected() -> None:
    data = minimal()
    data["groups"][0]["indicators"][0]["numerator"] = "resolved_ontime"
    assert problems_of(data) == [
        "Nhóm “g1”, chỉ số “a”: tử số dùng số liệu “resolved_ontime” không có trong danh mục "
        "số liệu của hệ thống."
    ]


@pytest.mark.parametrize("threshold", [80, 0, -0.5, "80%"])
def test_threshold_must_be_a_fraction(threshold: object) -> None:
    data = minimal()
    data["groups"][1]["indicators"][0]["threshold"] = threshold
    (problem,) = problems_of(data)
    assert "ngưỡng (threshold) phải là tỷ lệ trong khoảng (0; 1]" in problem


def test_misspelt_key_is_rejected_not_ignored() -> None:
    data = minimal()
    indicator = data["groups"][1]["indicators"][0]
    indicator["thresold"] = indicator.pop("threshold")
    assert problems_of(data) == ["Nhóm “g2”, chỉ số “b”: trường không hợp lệ “thresold”."]


def test_missing_top_level_fields() -> None:
    data = minimal()
    del data["version"], data["source"]
    data["valid_from"] = "không phải ngày"
    problems = problems_of(data)
    assert "Thiếu phiên bản (version)." in problems
    assert "Thiếu nguồn trích dẫn (source)." in problems
    assert "Thiếu hoặc sai ngày áp dụng (valid_from), ví dụ 2022-06-23." in problems


def test_valid_from_may_be_written_the_vietnamese_way() -> None:
    data = minimal()
    data["valid_from"] = "23/06/2022"
    assert parse_config(data).valid_from == date(2022, 6, 23)


def test_duplicate_codes_and_half_mapped_indicators() -> None:
    data = minimal()
    data["groups"][1]["indicators"][0]["code"] = "a"
    data["groups"][0]["indicators"][0]["denominator"] = None
    problems = problems_of(data)
    assert "Mã “a” bị trùng." in problems
    assert (
        "Nhóm “g1”, chỉ số “a”: tử số và mẫu số phải cùng có hoặc cùng để trống (null)." in problems
    )


def test_numerator_and_denominator_keys_are_required() -> None:
    data = minimal()
    del data["groups"][0]["indicators"][0]["denominator"]
    assert any("phải có cả tử số (numerator) và mẫu số" in p for p in problems_of(data))


def test_constant_denominator_must_be_positive() -> None:
    data = minimal()
    data["groups"][0]["indicators"][0]["denominator"] = 0
    (problem,) = problems_of(data)
    assert "mẫu số phải là tên số liệu hoặc một số dương" in problem


def test_bands_must_descend_to_zero() -> None:
    data = minimal()
    data["bands"] = [{"name_vi": "Yếu", "min": 10}, {"name_vi": "Tốt", "min": 80}]
    problems = problems_of(data)
    assert "Các xếp loại phải xếp theo điểm sàn giảm dần, không trùng nhau." in problems
    assert "Xếp loại cuối cùng phải có điểm sàn 0 để mọi điểm số đều được xếp loại." in problems


def test_every_problem_is_reported_at_once() -> None:
    data = minimal()
    data["groups"][0]["indicators"][0]["numerator"] = "khong_co"
    data["groups"][1]["indicators"][0]["threshold"] = 2
    del data["source"]
    assert len(problems_of(data)) == 3


def test_non_mapping_documents_are_rejected() -> None:
    assert problems_of(["groups"]) == ["Tệp cấu hình phải là một bảng (mapping) ở cấp cao nhất."]


def test_load_config_reads_files_and_reports_bad_yaml(tmp_path: Path) -> None:
    good = tmp_path / "tinh-2025.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    assert load_config(good).version == "test-1"
    bad = tmp_path / "hong.yaml"
    bad.write_text("groups: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="Tệp YAML không đọc được"):
        load_config(bad)


# -------------------------------------------------------------------- scoring

FULL: dict[str, int] = {
    # dossier counts (this product)
    "received": 1000, "received_online": 600, "received_direct": 350, "received_postal": 50,
    "resolved": 800, "resolved_on_time": 760, "resolved_late": 40,
    "in_progress_in_time": 150, "in_progress_overdue": 50,
    "paid_online": 300, "fee_dossiers": 400, "digitised": 700, "electronic_result": 560,
    "procedures_with_dossiers": 420, "procedures_online": 400,
    "procedures_online_with_online_dossiers": 300,
    # feedback and reported figures
    "feedback_received": 50, "feedback_processed": 30, "feedback_in_progress": 10,
    "feedback_rejected": 10, "published_procedures": 450, "total_procedures": 500,
    "satisfaction_score": 81,
    # supplementary figures
    "procedures_published_on_time": 18, "procedures_published": 20,
    "procedures_disclosed_on_time": 9, "procedures_to_disclose": 10, "synced_dossiers": 950,
    "fee_procedures": 100, "fee_procedures_integrated": 90, "fee_procedures_paid_online": 60,
    "reused_digitised": 200, "store_linked_dossiers": 100, "citizen_data_dossiers": 500,
    "citizen_data_procedures": 30, "citizen_procedures": 60,
    "feedback_on_time": 45, "feedback_satisfied": 40,
}  # fmt: skip


def test_hand_computed_full_data_qd766_2022() -> None:
    result = score(QD, FULL)
    assert by_code(result) == {
        "1.1": D("5.4"),  # 6 × 18/20
        "1.2": D("3.6"),  # 4 × 9/10
        "1.3": D("1.8"),  # 2 × 450/500
        "1.4": D("5.7"),  # 6 × 950/1000
        "2.1": D("18.2"),  # 20 × (760+150)/(800+150+50)
        "3.1": D("2"),  # 400/500 = 80% ≥ 80% → full 2
        "3.2": D("3"),  # 4 × 300/400
        "3.3": D("6"),  # 60% ≥ 50% → full 6
        "3.5": D("2"),  # 90% ≥ 80% → full 2
        "3.5b": D("1.5"),  # 2 × 0.6/0.8
        "3.6": D("4.5"),  # 6 × 300/400
        "4.1": D("4.2"),  # 6 × 560/800
        "4.2": D("3.5"),  # 4 × 0.7/0.8 (threshold 80% in the decision's note)
        "4.3": D("0.5"),  # 2 × 0.2/0.8
        "4.x": None,  # unmapped part of the group: never a number
        "5.2": D("5.4"),  # 6 × 45/50
        "5.3": D("4.8"),  # 6 × 40/50
        "5.4": D("5.4"),  # 6 × 0.81/0.9
    }
    groups = {g.code: (g.score, g.max_attainable, g.complete) for g in result.groups}
    assert groups == {
        "cong_khai_minh_bach": (D("16.5"), 18, True),
        "tien_do_giai_quyet": (D("18.2"), 20, True),
        "cung_cap_dich_vu_truc_tuyen": (D("19"), 22, True),
        "so_hoa_ho_so": (D("8.2"), 12, False),
        "muc_do_hai_long": (D("15.6"), 18, True),
    }
    assert result.total == D("77.5")
    assert result.max_attainable == 90
    assert not result.complete
    assert q2(result.normalized) == D("86.11")  # 77.5 / 90 × 100
    assert result.band is not None and result.band.name_vi == "Tốt"
    assert result.summary_vi == ("77,50/90 điểm có dữ liệu (quy đổi 86,11/100) – Tốt (tạm tính)")


def test_hand_computed_full_data_portal_2024() -> None:
    result = score(PORTAL, FULL)
    scores = by_code(result)
    assert scores["4.2"] == D("2.8")  # linear on the portal: 4 × 0.7
    assert scores["4.4"] == D("0.4")  # 4 × 100/1000
    assert scores["4.5a"] == D("1.0")  # 2 × 30/60
    assert scores["4.5b"] == D("1.0")  # 2 × 500/1000
    assert scores["4.6"] is None  # formula unknown
    groups = {g.code: g.score for g in result.groups}
    assert groups == {
        "cong_khai_minh_bach": D("16.5"),
        "tien_do_giai_quyet": D("18.2"),
        "dich_vu_truc_tuyen": D("11"),  # 2 + 3 + 6
        "thanh_toan_truc_tuyen": D("8"),  # 2 + 1.5 + 4.5
        "muc_do_hai_long": D("15.6"),
        "so_hoa_ho_so": D("9.9"),  # 4.2 + 2.8 + 0.5 + 0.4 + 1 + 1
    }
    assert result.total == D("79.2")
    assert result.max_attainable == 98
    assert q2(result.normalized) == D("80.82")  # 79.2 / 98 × 100 = 80.816…
    assert result.band is not None and result.band.name_vi == "Tốt"


PRODUCT_ONLY = {name: FULL[name] for name in DOSSIER_COUNTS | PROCEDURE_COUNTS}


def test_partial_data_is_insufficient_never_zero() -> None:
    counts: dict[str, int | None] = {**PRODUCT_ONLY, "satisfaction_score": None}
    result = score(PORTAL, counts)
    groups = {g.code: (g.score, g.max_attainable) for g in result.groups}
    assert groups == {
        "cong_khai_minh_bach": (None, 0),
        "tien_do_giai_quyet": (D("18.2"), 20),
        "dich_vu_truc_tuyen": (D("9"), 10),  # 3.1 lacks total_procedures
        "thanh_toan_truc_tuyen": (D("4.5"), 6),
        "muc_do_hai_long": (None, 0),
        "so_hoa_ho_so": (D("7.0"), 10),
    }
    assert result.total == D("38.7")
    assert result.max_attainable == 46
    assert q2(result.normalized) == D("84.13")
    insufficient = [r for r in result.indicators if r.insufficient_data]
    assert all(r.score is None and r.ratio is None for r in insufficient)
    assert all(r.score_text == INSUFFICIENT_DATA_VI for r in insufficient)
    by = {r.code: r for r in result.indicators}
    assert by["3.1"].missing == ("total_procedures",)
    assert by["3.1"].reason_vi == "thiếu số liệu: total_procedures"
    assert by["5.4"].missing == ("satisfaction_score",)
    assert by["4.6"].reason_vi == "chưa có nguồn số liệu để tính chỉ số này"
    assert result.groups[0].score_text == INSUFFICIENT_DATA_VI
    assert "total_procedures" in result.missing_counts
    assert "received" not in result.missing_counts


def test_no_data_at_all() -> None:
    result = score(QD, {})
    assert result.total is None and result.normalized is None and result.band is None
    assert result.insufficient_data
    assert result.summary_vi == INSUFFICIENT_DATA_VI
    assert all(r.score is None for r in result.indicators)


def test_zero_denominator_is_insufficient() -> None:
    result = score(PORTAL, {**FULL, "fee_dossiers": 0, "feedback_received": 0})
    by = {r.code: r for r in result.indicators}
    for code in ("3.6", "5.2", "5.3"):
        assert by[code].score is None
        assert by[code].reason_vi == "mẫu số bằng 0"


def test_negative_count_is_insufficient_not_a_crash() -> None:
    result = score(PORTAL, {**FULL, "received_online": -5})
    (bad,) = [r for r in result.indicators if r.code == "3.3"]
    assert bad.score is None and bad.reason_vi == "số liệu âm, không hợp lệ"


def test_thresholds_cap_at_max_and_ratio_over_one_is_capped() -> None:
    config = parse_config(minimal())
    at_threshold = score(config, {**FULL, "received_online": 500})  # exactly 50%
    assert by_code(at_threshold)["b"] == 40
    below = score(config, {**FULL, "received_online": 250})  # 25% → half of 40
    assert by_code(below)["b"] == 20
    inconsistent = score(config, {**FULL, "resolved_on_time": 900})  # 900/800
    (row,) = [r for r in inconsistent.indicators if r.code == "a"]
    assert row.score == 60 and row.ratio == D("1.125")
    assert row.ratio_text == "112,50%"


def test_inverse_indicator_scores_the_complement() -> None:
    data = minimal()
    data["groups"][0]["indicators"][0].update(
        numerator="resolved_late", denominator="resolved", inverse=True
    )
    config = parse_config(data)
    result = score(config, {"resolved_late": 40, "resolved": 800})
    assert by_code(result)["a"] == D("57")  # 60 × (1 − 0.05)


def test_counts_may_be_decimals_and_text_is_vietnamese() -> None:
    result = score(PORTAL, {**FULL, "satisfaction_score": D("85.5")})
    (row,) = [r for r in result.indicators if r.code == "5.4"]
    assert q2(row.score) == D("5.70")  # 6 × 0.855 / 0.9
    assert row.score_text == "5,70"
    assert row.ratio_text == "85,50%"
    (on_time,) = [r for r in result.indicators if r.code == "2.1"]
    assert on_time.score_text == "18,20"
    assert on_time.ratio_text == "91,00%"


# ---------------------------------------------------------------------- bands


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("100", "Xuất sắc"),
        ("90", "Xuất sắc"),
        ("89.996", "Xuất sắc"),  # displayed as 90,00
        ("89.994", "Tốt"),
        ("80", "Tốt"),
        ("79.99", "Khá"),
        ("70", "Khá"),
        ("69.99", "Trung bình"),
        ("50", "Trung bình"),
        ("49.99", "Yếu"),
        ("0", "Yếu"),
    ],
)
def test_band_limits(value: str, band: str) -> None:
    for config in CONFIGS:
        found = config.band_for(D(value))
        assert found is not None and found.name_vi == band


def test_complete_result_summary() -> None:
    data = minimal()
    result = score(parse_config(data), {**FULL})
    assert result.complete
    assert result.total == D("60.0") * D("0.95") + 40  # 57 + 40
    assert result.summary_vi == "97,00/100 – Tốt"


# --------------------------------------------------------------------- ranking


def fixed(total: str | None) -> IndexResult:
    """A complete result with a chosen total, via the minimal two-indicator config."""
    config = parse_config(minimal())
    if total is None:
        return score(config, {})
    # 40 points from b (full), the rest from a: a = 60 × on_time / 1000
    rest = D(total) - 40
    return score(
        config,
        {"received": 10, "received_online": 10, "resolved": 6000,
         "resolved_on_time": rest * 100},
    )  # fmt: skip


def test_competition_ranking_with_ties() -> None:
    results = {
        "A": fixed("85"),
        "B": fixed("90"),
        "C": fixed("85"),
        "D": fixed(None),
        "E": fixed("70"),
    }
    ranked = rank(results)
    assert [(r.key, r.rank) for r in ranked] == [
        ("B", 1),
        ("A", 2),
        ("C", 2),
        ("E", 4),
        ("D", None),
    ]
    assert ranked[0].score == D("90.00")


def test_ranking_ties_at_displayed_precision() -> None:
    ranked = rank([("X", fixed("85.001")), ("Y", fixed("85.004")), ("Z", fixed("84.996"))])
    assert [r.rank for r in ranked] == [1, 1, 1]
    exact = rank([("X", fixed("85.001")), ("Y", fixed("85.004"))], places=None)
    assert [(r.key, r.rank) for r in exact] == [("Y", 1), ("X", 2)]


def test_ranking_by_normalized_or_total_with_partial_data() -> None:
    full = score(PORTAL, FULL)  # 79.2 of 98 → 80.82
    partial = score(PORTAL, {**PRODUCT_ONLY})  # 38.7 of 46 → 84.13
    assert [r.key for r in rank({"full": full, "partial": partial})] == ["partial", "full"]
    by_total = rank({"full": full, "partial": partial}, by="total")
    assert [r.key for r in by_total] == ["full", "partial"]


# ------------------------------------------------------------------ properties

count_values = st.one_of(st.none(), st.integers(min_value=0, max_value=10_000))


@st.composite
def count_maps(draw: st.DrawFn) -> dict[str, Decimal | int | None]:
    counts: dict[str, Decimal | int | None] = {}
    for name in sorted(COUNT_NAMES):
        if draw(st.booleans()):
            counts[name] = draw(count_values)
    if "satisfaction_score" in counts and counts["satisfaction_score"] is not None:
        counts["satisfaction_score"] = D(draw(st.integers(0, 10_000))) / 100
    return counts


@settings(max_examples=300, deadline=None)
@given(counts=count_maps())
def test_scores_stay_within_bounds(counts: dict[str, Decimal | int | None]) -> None:
    for config in CONFIGS:
        result = score(config, counts)
        for row in result.indicators:
            assert row.score is None or 0 <= row.score <= row.max_points
        for group in result.groups:
            assert group.score is None or 0 <= group.score <= group.max_attainable
            assert group.max_attainable <= group.max_points
        assert result.max_attainable <= 100
        if result.total is not None:
            assert 0 <= result.total <= result.max_attainable
            assert result.normalized is not None and 0 <= result.normalized <= 100
            assert result.band is not None


components = st.integers(min_value=0, max_value=5_000)


def timeliness_counts(on_time: int, late: int, ip_in: int, ip_over: int) -> dict[str, int]:
    return {
        "resolved_on_time": on_time,
        "resolved_late": late,
        "resolved": on_time + late,
        "in_progress_in_time": ip_in,
        "in_progress_overdue": ip_over,
    }


def timeliness_score(config: IndexConfig, counts: dict[str, int]) -> Decimal | None:
    return by_code(score(config, counts))["2.1"]


@settings(max_examples=300, deadline=None)
@given(
    on_time=components,
    late=components,
    ip_in=components,
    ip_over=components,
    more=st.integers(min_value=1, max_value=500),
)
def test_more_on_time_never_lowers_the_timeliness_score(
    on_time: int, late: int, ip_in: int, ip_over: int, more: int
) -> None:
    for config in CONFIGS:
        base = timeliness_score(config, timeliness_counts(on_time, late, ip_in, ip_over))
        # more dossiers resolved on time
        added = timeliness_score(config, timeliness_counts(on_time + more, late, ip_in, ip_over))
        assert added is not None
        assert base is None or added >= base
        # late dossiers that had been on time instead
        moved = min(more, late)
        converted = timeliness_score(
            config, timeliness_counts(on_time + moved, late - moved, ip_in, ip_over)
        )
        assert base is None or (converted is not None and converted >= base)


@settings(max_examples=300, deadline=None)
@given(counts=count_maps(), data=st.data())
def test_removing_a_count_never_turns_a_score_into_zero(
    counts: dict[str, Decimal | int | None], data: st.DataObject
) -> None:
    present = sorted(name for name, value in counts.items() if value is not None)
    assume(present)
    removed = data.draw(st.sampled_from(present))
    fewer = {k: v for k, v in counts.items() if k != removed}
    for config in CONFIGS:
        before = score(config, counts)
        after = score(config, fewer)
        for old, new in zip(before.indicators, after.indicators, strict=True):
            if removed in old.indicator.count_names:
                assert new.score is None
                assert removed in new.missing
            else:
                assert new.score == old.score
        # The removed sub-indicators leave the attainable maximum; they never stay in it as 0.
        lost = sum(
            (
                r.max_points
                for r in before.indicators
                if r.score is not None and removed in r.indicator.count_names
            ),
            D(0),
        )
        assert after.max_attainable == before.max_attainable - lost
