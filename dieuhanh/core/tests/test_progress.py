"""Tests for dieuhanh.core.progress: target verdicts, trend statuses and scorecards."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 - D("85") keeps the tables readable
from decimal import localcontext

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dieuhanh.core.progress import (
    Comparator,
    ProgressResult,
    ProgressStatus,
    RateMethod,
    classify_growth,
    classify_ratio,
    evaluate,
    is_met,
    limit_coefficient,
    scorecard,
)

S = ProgressStatus


def ev(
    x0: D | float | None,
    xt: D | float | None,
    target: D | float | None,
    comparator: str = "≥",
    *,
    t0: int | None = 2020,
    t: int | None = 2023,
    target_year: int | None = 2025,
    limit: D | int | None = None,
    unit: str = "%",
) -> ProgressResult:
    return evaluate(
        baseline_year=t0,
        baseline_value=x0,
        current_year=t,
        current_value=xt,
        target_year=target_year,
        target_value=target,
        comparator=comparator,
        limit=limit,
        unit=unit,
    )


def cagr(end: D, start: D, years: int) -> D:
    with localcontext() as ctx:
        ctx.prec = 28
        return (end / start) ** (D(1) / years) - 1


# -- comparators and is_met ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥", Comparator.GTE),
        (">=", Comparator.GTE),
        ("gte", Comparator.GTE),
        (" GTE ", Comparator.GTE),
        ("≤", Comparator.LTE),
        ("<=", Comparator.LTE),
        ("lte", Comparator.LTE),
        ("=", Comparator.EQ),
        ("==", Comparator.EQ),
        ("eq", Comparator.EQ),
        (Comparator.LTE, Comparator.LTE),
    ],
)
def test_comparator_parse(text: str, expected: Comparator) -> None:
    assert Comparator.parse(text) is expected


def test_comparator_parse_rejects() -> None:
    with pytest.raises(ValueError, match="Không hiểu phép so sánh"):
        Comparator.parse(">")


def test_comparator_symbols() -> None:
    assert [c.symbol for c in Comparator] == ["≥", "≤", "="]


@pytest.mark.parametrize(
    ("value", "comparator", "target", "expected"),
    [
        (D("85"), "≥", D("85"), True),
        (D("84.99"), "≥", D("85"), False),
        (D("97.92"), "≥", 85, True),
        (D("5"), "≤", D("5"), True),
        (D("5.01"), "≤", D("5"), False),
        (D("3"), "≤", D("5"), True),
        (D("100"), "=", D("100.00"), True),
        (D("99"), "=", D("100"), False),
        (None, "≥", D("85"), None),
        (D("90"), "≥", None, None),
        (0.1, "=", D("0.1"), True),
    ],
)
def test_is_met(value: D | None, comparator: str, target: D | None, expected: bool | None) -> None:
    assert is_met(value, comparator, target) is expected


def test_is_met_never_treats_missing_as_zero() -> None:
    # If None became 0, "≤ 5" would be met.
    assert is_met(None, "≤", D("5")) is None


# -- classification -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        ("3", S.ON_TRACK),
        ("0.95", S.ON_TRACK),
        ("0.9499", S.NEEDS_ACCELERATION),
        ("0.6", S.NEEDS_ACCELERATION),
        ("0.5999", S.LIMITED),
        ("0", S.LIMITED),
        ("-0.0001", S.GOING_BACKWARDS),
        ("-5", S.GOING_BACKWARDS),
    ],
)
def test_classify_ratio_thresholds(ratio: str, status: ProgressStatus) -> None:
    assert classify_ratio(D(ratio)) is status


@pytest.mark.parametrize(
    ("growth", "coefficient", "status"),
    [
        ("0.015", "1", S.ON_TRACK),
        ("0.0149", "1", S.NEEDS_ACCELERATION),
        ("0.005", "1", S.NEEDS_ACCELERATION),
        ("0.0049", "1", S.LIMITED),
        ("0", "1", S.LIMITED),
        ("-0.001", "1", S.GOING_BACKWARDS),
        ("0.0015", "0.1", S.ON_TRACK),
        ("0", "0", S.ON_TRACK),  # at the limit, holding the value is on track
    ],
)
def test_classify_growth(growth: str, coefficient: str, status: ProgressStatus) -> None:
    assert classify_growth(D(growth), D(coefficient)) is status


@pytest.mark.parametrize(
    ("baseline", "limit", "expected"),
    [
        (0, 100, "1"),
        (50, 100, "0.9539"),
        (98, 100, "0.0858"),
        (100, 100, "0"),
        (150, 100, "0.9539"),  # mirrored beyond the limit
        (200, 100, "1"),
        (5, 0, "1"),  # a floor at zero leaves the thresholds alone
    ],
)
def test_limit_coefficient(baseline: int, limit: int, expected: str) -> None:
    assert limit_coefficient(baseline, limit).quantize(D("0.0001")) == D(expected)


# -- evaluate: every status ---------------------------------------------------------------


def test_brief_example_explanation() -> None:
    result = ev(D("66.3"), D("75"), D("85"))
    assert result.status is S.NEEDS_ACCELERATION
    assert result.method is RateMethod.COMPOUND
    assert result.explanation == (
        "Tăng trưởng bình quân 4,2%/năm, cần 5,1%/năm để đạt 85% năm 2025 (tỷ lệ 0,82)"
    )
    assert result.observed_rate == cagr(D("75"), D("66.3"), 3)
    assert result.required_rate == cagr(D("85"), D("66.3"), 5)
    assert result.ratio is not None
    # Checked independently in float arithmetic: 0.0419557 / 0.0509476.
    assert abs(float(result.ratio) - 0.8235057816260289) < 1e-12
    assert (result.years_elapsed, result.years_to_target) == (3, 5)
    assert result.target_met is False


def test_on_track() -> None:
    result = ev(D("50"), D("70"), D("85"))
    assert result.status is S.ON_TRACK
    assert result.ratio is not None and result.ratio >= D("0.95")
    assert result.target_met is False
    assert result.label_vi == "Đúng tiến độ"


def test_limited() -> None:
    result = ev(D("60"), D("68"), D("85"))
    assert result.status is S.LIMITED
    assert result.ratio is not None
    assert result.ratio.quantize(D("0.01")) == D("0.59")
    assert result.explanation.endswith("(tỷ lệ 0,59)")


def test_going_backwards() -> None:
    result = ev(D("60"), D("55"), D("85"))
    assert result.status is S.GOING_BACKWARDS
    assert result.ratio is not None and result.ratio < 0
    assert result.explanation.startswith("Giảm bình quân 2,9%/năm, cần 7,2%/năm")


def test_met_and_exceeded_at_target_year() -> None:
    result = ev(D("60"), D("87"), D("85"), t=2025)
    assert result.status is S.MET
    assert result.target_met is True
    assert result.exceeded is True
    assert result.explanation == "Giá trị năm 2025: 87%; chỉ tiêu ≥ 85% năm 2025: vượt chỉ tiêu"
    # The trend numbers are still there for the reader.
    assert result.ratio is not None


def test_met_exactly_is_not_exceeded() -> None:
    result = ev(D("60"), D("85.00"), D("85"), t=2025)
    assert result.status is S.MET
    assert result.exceeded is False
    assert result.explanation.endswith(": đạt chỉ tiêu")


def test_not_met_at_target_year() -> None:
    result = ev(D("60"), D("80"), D("85"), t=2025)
    assert result.status is S.NOT_MET
    assert result.target_met is False
    assert (
        result.explanation == "Giá trị năm 2025: 80%; chỉ tiêu ≥ 85% năm 2025: không đạt chỉ tiêu"
    )


def test_after_target_year_judges_the_latest_value() -> None:
    assert ev(D("60"), D("86"), D("85"), t=2026).status is S.MET
    assert ev(D("60"), D("84"), D("85"), t=2026).status is S.NOT_MET


def test_final_verdict_needs_no_baseline() -> None:
    result = ev(None, D("90"), D("85"), t0=None, t=2025)
    assert result.status is S.MET
    assert result.baseline_value is None
    assert result.ratio is None


def test_met_early_is_on_track_and_counted_as_met() -> None:
    result = ev(D("60"), D("86"), D("85"))
    assert result.status is S.ON_TRACK
    assert result.target_met is True
    assert result.explanation == (
        "Đã đạt chỉ tiêu trước thời hạn: giá trị năm 2023: 86%; chỉ tiêu ≥ 85% năm 2025"
    )
    assert scorecard([result]).met == 1


def test_met_early_even_with_falling_trend() -> None:
    result = ev(D("95"), D("90"), D("85"))
    assert result.status is S.ON_TRACK
    assert result.ratio is not None and result.ratio < 0


def test_lower_is_better_on_track_and_backwards() -> None:
    faster = ev(D("20"), D("12"), D("10"), "≤", unit="ngày")
    assert faster.status is S.ON_TRACK
    slower = ev(D("20"), D("15"), D("10"), "≤", unit="ngày")
    assert slower.status is S.NEEDS_ACCELERATION
    assert slower.explanation == (
        "Giảm bình quân 9,1%/năm, cần giảm 12,9%/năm để giảm xuống 10 ngày năm 2025 (tỷ lệ 0,71)"
    )
    worse = ev(D("20"), D("22"), D("10"), "≤", unit="ngày")
    assert worse.status is S.GOING_BACKWARDS
    assert worse.ratio is not None and worse.ratio < 0


def test_baseline_already_on_target_then_slipping_goes_backwards() -> None:
    result = ev(D("85"), D("80"), D("85"))
    assert result.status is S.GOING_BACKWARDS
    assert result.ratio is None
    assert result.required_rate == 0


def test_baseline_beyond_target_then_slipping_goes_backwards() -> None:
    result = ev(D("90"), D("80"), D("85"))
    assert result.status is S.GOING_BACKWARDS
    assert result.ratio is not None and result.ratio < 0


def test_exact_target_overshoot_is_judged_by_distance() -> None:
    near = ev(D("40"), D("52"), D("50"), "=", unit="")
    far = ev(D("40"), D("60"), D("50"), "=", unit="")
    short = ev(D("40"), D("48"), D("50"), "=", unit="")
    assert far.status is S.LIMITED
    assert "vượt quá mức cần đạt" in far.explanation
    assert near.ratio == short.ratio
    assert near.status is short.status is S.ON_TRACK
    assert ev(D("40"), D("50"), D("50"), "=", t=2025).status is S.MET


# -- insufficient data --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"xt": None}, "Chưa có số liệu hiện tại"),
        ({"t": None}, "Chưa có số liệu hiện tại"),
        ({"x0": None}, "Thiếu số liệu năm gốc"),
        ({"t0": None}, "Thiếu số liệu năm gốc"),
        ({"t0": 2023}, "Cần số liệu của ít nhất hai năm khác nhau"),
        ({"t0": 2024}, "Cần số liệu của ít nhất hai năm khác nhau"),
        ({"target_year": None}, "Chỉ tiêu chưa có năm cần đạt"),
        ({"t0": 2025, "t": 2024, "target_year": 2025}, "Cần số liệu của ít nhất hai năm"),
    ],
)
def test_insufficient_data(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"x0": D("60"), "xt": D("70"), "target": D("85")} | kwargs
    x0, xt, target = args.pop("x0"), args.pop("xt"), args.pop("target")
    result = ev(x0, xt, target, **args)  # type: ignore[arg-type]
    assert result.status is S.INSUFFICIENT_DATA
    assert result.explanation.startswith(message)
    assert result.ratio is None
    assert result.label_vi == "Không đủ dữ liệu"


def test_target_year_before_baseline_still_gives_a_final_verdict() -> None:
    # No rate can be computed (the target year precedes the baseline), but the latest
    # value can still be compared with the target.
    result = ev(D("60"), D("90"), D("85"), t0=2024, t=2025, target_year=2023)
    assert result.status is S.MET
    assert result.ratio is None
    assert result.method is None


def test_current_year_before_baseline_is_insufficient() -> None:
    result = ev(D("60"), D("70"), D("85"), t0=2022, t=2021, target_year=2025)
    assert result.status is S.INSUFFICIENT_DATA
    assert result.explanation == (
        "Cần số liệu của ít nhất hai năm khác nhau (năm gốc 2022, năm hiện tại 2021)"
    )
    assert result.years_elapsed == -1


def test_missing_values_are_echoed_as_none_never_zero() -> None:
    result = ev(None, None, D("85"))
    assert result.status is S.INSUFFICIENT_DATA
    assert result.baseline_value is None
    assert result.current_value is None
    assert result.target_met is None
    assert result.observed_rate is None
    assert scorecard([result]).unknown == 1


def test_non_finite_numbers_are_refused() -> None:
    with pytest.raises(ValueError):
        ev(D("NaN"), D("70"), D("85"))
    with pytest.raises(ValueError):
        ev(D("60"), D("Infinity"), D("85"))


def test_float_inputs_are_read_as_written() -> None:
    result = ev(0.1, 0.3, 0.3, t=2025)
    assert result.current_value == D("0.3")
    assert result.status is S.MET


# -- zero/negative values and natural limits ----------------------------------------------


def test_zero_baseline_falls_back_to_linear() -> None:
    result = ev(D("0"), D("30"), D("50"), unit="hồ sơ")
    assert result.method is RateMethod.LINEAR
    assert result.observed_rate == D("10")
    assert result.required_rate == D("10")
    assert result.ratio == D("1")
    assert result.status is S.ON_TRACK
    assert result.explanation == (
        "Tăng bình quân 10 hồ sơ/năm, cần 10 hồ sơ/năm để đạt 50 hồ sơ năm 2025 (tỷ lệ 1,00); "
        "tính theo mức thay đổi tuyệt đối vì giá trị năm gốc bằng 0"
    )


def test_negative_baseline_falls_back_to_linear() -> None:
    result = ev(D("-10"), D("-4"), D("0"), unit="")
    assert result.method is RateMethod.LINEAR
    assert result.ratio == D("1")  # 2 per year observed, 2 per year needed
    assert "giá trị năm gốc âm" in result.explanation


def test_zero_current_value_falls_back_to_linear() -> None:
    result = ev(D("10"), D("0"), D("20"), unit="")
    assert result.method is RateMethod.LINEAR
    assert result.status is S.GOING_BACKWARDS


def test_target_zero_lower_is_better_is_not_judged_by_an_impossible_rate() -> None:
    # A compound decline never reaches 0 (Open SDG's 0.001 stand-in asks for −80 %/year).
    result = ev(D("4"), D("2"), D("0"), "≤")
    assert result.method is RateMethod.LINEAR
    assert result.ratio == D("2") / 3 / (D("4") / 5)  # 2/3 point a year vs 4/5 needed
    assert result.status is S.NEEDS_ACCELERATION
    assert "vì chỉ tiêu bằng 0" in result.explanation


def test_natural_limit_uses_points_per_year() -> None:
    result = ev(D("96"), D("98"), D("100"), limit=100)
    assert result.method is RateMethod.LINEAR
    with localcontext() as ctx:
        ctx.prec = 28
        assert result.ratio == (D(2) / 3) / (D(4) / 5)
    assert result.status is S.NEEDS_ACCELERATION
    assert result.explanation == (
        "Tăng bình quân 0,67 điểm %/năm, cần 0,8 điểm %/năm để đạt 100% năm 2025 (tỷ lệ 0,83); "
        "tính theo mức thay đổi tuyệt đối vì chỉ số có giới hạn tự nhiên 100%"
    )


def test_natural_limit_makes_complements_agree() -> None:
    on_time = ev(D("96"), D("98"), D("100"), "≥", limit=100)
    late = ev(D("4"), D("2"), D("0"), "≤", limit=0)
    assert on_time.ratio == late.ratio
    assert on_time.status is late.status


def test_no_target_value_judges_direction_with_limit_scaling() -> None:
    # 98 % → 98,2 % in a year: with the cap at 100, 1.5 %/year is impossible to sustain.
    capped = ev(D("98"), D("98.2"), None, t0=2023, t=2024, target_year=None, limit=100)
    assert capped.status is S.ON_TRACK
    assert capped.target_met is None
    assert capped.limit_coefficient is not None
    assert capped.limit_coefficient.quantize(D("0.0001")) == D("0.0858")
    assert "đã nhân hệ số 0,09 vì giá trị năm gốc gần giới hạn 100%" in capped.explanation
    uncapped = ev(D("98"), D("98.2"), None, t0=2023, t=2024, target_year=None)
    assert uncapped.status is S.LIMITED
    assert uncapped.limit_coefficient is None
    assert uncapped.required_rate == D("0.015")


def test_no_target_value_lower_is_better() -> None:
    result = ev(D("20"), D("18"), None, "≤", t0=2022, t=2024, unit="ngày")
    assert result.status is S.ON_TRACK  # −5,1 %/year
    assert result.required_rate == D("-0.015")
    assert "ngưỡng đúng tiến độ giảm 1,5%/năm" in result.explanation
    worse = ev(D("20"), D("21"), None, "≤", t0=2022, t=2024, unit="ngày")
    assert worse.status is S.GOING_BACKWARDS


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"comparator": "="}, "Chỉ tiêu dạng “=” cần giá trị cần đạt"),
        ({"x0": None}, "Chưa có giá trị chỉ tiêu và thiếu số liệu năm gốc"),
        ({"x0": D("0")}, "Không tính được tăng trưởng bình quân"),
        ({"t0": 2024}, "Cần số liệu của ít nhất hai năm"),
    ],
)
def test_no_target_value_insufficient(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"x0": D("60"), "comparator": "≥", "t0": 2020, "t": 2024} | kwargs
    x0, comparator = args.pop("x0"), args.pop("comparator")
    result = ev(x0, D("70"), None, comparator, **args)  # type: ignore[arg-type]
    assert result.status is S.INSUFFICIENT_DATA
    assert result.explanation.startswith(message)


# -- scorecard ----------------------------------------------------------------------------


def test_scorecard_counts_like_the_seeds() -> None:
    results = (
        [ev(D("60"), D("90"), D("85"), t=2024, target_year=2024)] * 5  # exceeded
        + [ev(D("60"), D("85"), D("85"), t=2024, target_year=2024)] * 7  # met exactly
        + [ev(D("60"), D("86"), D("85"), t=2023, target_year=2025)]  # met early
        + [ev(D("60"), D("70"), D("85"), t=2024, target_year=2024)] * 4  # not met
        + [ev(D("60"), None, D("85"))] * 2  # no figure
    )
    card = scorecard(results)
    assert (card.total, card.met, card.exceeded, card.not_met, card.unknown) == (19, 13, 6, 4, 2)
    assert card.label_vi() == "đạt 13/19 chỉ tiêu"
    assert card.summary_vi() == (
        "Đạt 13/19 chỉ tiêu (68,42%), trong đó 6 chỉ tiêu vượt; 4 chỉ tiêu chưa đạt; "
        "2 chỉ tiêu không đủ dữ liệu"
    )
    assert card.by_status[S.MET] == 12
    assert card.by_status[S.ON_TRACK] == 1
    assert card.by_status[S.NOT_MET] == 4
    assert card.by_status[S.INSUFFICIENT_DATA] == 2
    assert card.by_status[S.GOING_BACKWARDS] == 0
    assert set(card.by_status) == set(ProgressStatus)
    assert sum(card.by_status.values()) == card.total
    assert not card.all_met


def test_scorecard_all_met_and_empty() -> None:
    card = scorecard([ev(D("60"), D("90"), D("85"), t=2025)])
    assert card.all_met
    assert card.share_met == D("100")
    empty = scorecard([])
    assert empty.total == 0
    assert empty.share_met is None
    assert not empty.all_met
    assert empty.summary_vi() == "Chưa có chỉ tiêu"
    assert empty.label_vi() == "đạt 0/0 chỉ tiêu"


# -- properties ---------------------------------------------------------------------------

positive = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)
any_value = st.decimals(min_value=D("-1000"), max_value=D("100000"), places=2)
ratios = st.decimals(min_value=D("-100"), max_value=D("100"), places=4)
gte_or_lte = st.sampled_from([Comparator.GTE, Comparator.LTE])


@given(
    any_value, any_value, st.decimals(min_value=D("0"), max_value=D("1000"), places=2), gte_or_lte
)
def test_met_stays_met_when_value_improves(
    value: D, target: D, step: D, comparator: Comparator
) -> None:
    better = value + step if comparator is Comparator.GTE else value - step
    if is_met(value, comparator, target):
        assert is_met(better, comparator, target)
        final = ev(D("1"), better, target, comparator, t=2025)
        assert final.status is S.MET


@given(ratios, ratios)
def test_ratio_classification_is_monotone(a: D, b: D) -> None:
    low, high = sorted((a, b))
    low_rank, high_rank = classify_ratio(low).rank, classify_ratio(high).rank
    assert low_rank is not None and high_rank is not None
    assert low_rank <= high_rank


@given(
    positive,
    positive,
    positive,
    positive,
    gte_or_lte,
    st.integers(min_value=2000, max_value=2030),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=5),
)
def test_status_never_worsens_when_current_value_improves(
    x0: D, target: D, v1: D, v2: D, comparator: Comparator, t0: int, elapsed: int, more: int
) -> None:
    worse, better = sorted((v1, v2))
    if comparator is Comparator.LTE:
        worse, better = better, worse
    t, target_year = t0 + elapsed, t0 + elapsed + more
    r_worse = ev(x0, worse, target, comparator, t0=t0, t=t, target_year=target_year)
    r_better = ev(x0, better, target, comparator, t0=t0, t=t, target_year=target_year)
    assert r_worse.status.rank is not None and r_better.status.rank is not None
    assert r_worse.status.rank <= r_better.status.rank


@given(
    positive,
    positive,
    gte_or_lte,
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=1, max_value=10),
)
def test_value_on_the_required_path_is_on_track(
    x0: D, target: D, comparator: Comparator, elapsed: int, more: int
) -> None:
    assume(target != x0)
    assume((target > x0) == (comparator is Comparator.GTE))
    required = cagr(target, x0, elapsed + more)
    with localcontext() as ctx:
        ctx.prec = 28
        on_path = x0 * (1 + required) ** elapsed
    result = ev(
        x0,
        on_path,
        target,
        comparator,
        t0=2020,
        t=2020 + elapsed,
        target_year=2020 + elapsed + more,
    )
    assert result.method is RateMethod.COMPOUND
    assert result.ratio is not None
    assert abs(result.ratio - 1) < D("1e-15")
    assert result.status is S.ON_TRACK


@given(
    st.decimals(min_value=D("0"), max_value=D("100"), places=2),
    st.decimals(min_value=D("0"), max_value=D("100"), places=2),
    st.decimals(min_value=D("0"), max_value=D("100"), places=2),
    st.integers(min_value=2020, max_value=2027),
)
def test_limit_makes_complementary_indicators_agree(x0: D, xt: D, target: D, t: int) -> None:
    up = ev(x0, xt, target, "≥", t0=2019, t=t, target_year=2027, limit=100)
    down = ev(100 - x0, 100 - xt, 100 - target, "≤", t0=2019, t=t, target_year=2027, limit=100)
    assert up.status is down.status
    assert up.ratio == down.ratio
    assert up.target_met is down.target_met


@given(positive, st.decimals(min_value=D("0.01"), max_value=D("1000"), places=2))
def test_limit_coefficient_is_between_zero_and_one(baseline: D, limit: D) -> None:
    c = limit_coefficient(baseline, limit)
    assert 0 <= c <= 1


@given(
    st.one_of(st.none(), any_value),
    st.one_of(st.none(), any_value),
    st.one_of(st.none(), any_value),
    st.sampled_from(list(Comparator)),
    st.one_of(st.none(), st.just(D("100"))),
)
def test_evaluate_never_crashes_and_never_invents_zero(
    x0: D | None, xt: D | None, target: D | None, comparator: Comparator, limit: D | None
) -> None:
    result = ev(x0, xt, target, comparator, limit=limit)
    assert result.baseline_value == x0
    assert result.current_value == xt
    assert result.target_value == target
    if xt is None or target is None:
        assert result.target_met is None
    if xt is None:
        assert result.status is S.INSUFFICIENT_DATA
    assert result.explanation


# -- the explanation in English ----------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "english"),
    [
        (
            ev(D("66.3"), D("75"), D("85")),
            "Average growth 4,2%/year; 5,1%/year needed to reach 85% by 2025 (ratio 0,82)",
        ),
        (
            ev(D("60"), D("87"), D("85"), t=2025),
            "Value in 2025: 87%; target ≥ 85% by 2025: exceeded",
        ),
        (
            ev(D("60"), D("80"), D("85"), t=2025),
            "Value in 2025: 80%; target ≥ 85% by 2025: not met",
        ),
        (
            ev(D("60"), D("86"), D("85"), t=2024),
            "Target reached ahead of time: value in 2024: 86%; target ≥ 85% by 2025",
        ),
        (ev(None, D("70"), D("85")), "No baseline figure"),
        (ev(D("60"), None, D("85")), "No current figure to judge"),
        (
            ev(D("0"), D("30"), D("85"), unit="%"),
            "Average increase 10 percentage points/year; 17 percentage points/year needed to "
            "reach 85% by 2025 (ratio 0,59); computed on the absolute change because the "
            "baseline is 0",
        ),
        (
            ev(D("98"), D("98.2"), None, t0=2023, t=2024, target_year=None, limit=100),
            "No target value; judged by the trend: Average growth 0,20%/year; on-track "
            "threshold 0,13%/year (multiplied by 0,09 because the baseline is close to the "
            "limit of 100%)",
        ),
    ],
)
def test_explanation_in_english_says_the_same_as_the_vietnamese(
    result: ProgressResult, english: str
) -> None:
    assert result.explanation_en == english
    assert result.explanation_in("en") == english
    assert result.explanation_in("vi") == result.explanation != english
    assert result.explanation_in("en-us") == english


def test_scorecard_summary_in_english() -> None:
    card = scorecard(
        [
            ev(D("60"), D("87"), D("85"), t=2025),
            ev(D("60"), D("85"), D("85"), t=2025),
            ev(D("60"), D("80"), D("85"), t=2025),
            ev(None, None, D("85")),
        ]
    )
    assert card.summary_vi() == (
        "Đạt 2/4 chỉ tiêu (50,00%), trong đó 1 chỉ tiêu vượt; 1 chỉ tiêu chưa đạt; "
        "1 chỉ tiêu không đủ dữ liệu"
    )
    assert card.summary_en() == (
        "Met 2/4 targets (50,00%), 1 of them exceeded; 1 not met; 1 without enough data"
    )
