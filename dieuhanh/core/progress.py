"""Target evaluation: is a chỉ tiêu met, and, before its year, is it on track?

DESIGN 5.4. A target is judged *met* or *not met* once its year has come; before then the
question a Steering Committee asks is whether the trend will get there. The method follows
Open SDG (the Statistics Canada progress measure, ``sdg-build``'s ``ProgressMeasure``):

* **Rates.** The observed rate is the compound annual growth rate (CAGR) from the baseline
  to the latest value, ``(x_t / x_0) ** (1 / (t - t_0)) - 1``; the required rate is the CAGR
  from the baseline to the target, ``(x_T / x_0) ** (1 / (T - t_0)) - 1``.
* **Ratio.** ``ratio = d · observed / |required|`` with ``d`` = +1 when higher is better
  (≥) and −1 when lower is better (≤), so for both directions a ratio of 1 means "moving
  toward the target exactly as fast as needed", and a negative ratio means "moving away".
  Dividing by ``|required|`` (as Open SDG does) keeps the sign meaningful when the baseline
  was already on the right side of the target and the value has since slipped.
* **Thresholds.** ratio ≥ 0.95 on track, 0.6–0.95 needs acceleration, 0–0.6 limited,
  < 0 going backwards.

Where this module departs from a literal port, and why:

* **Linear rates instead of CAGR** (absolute change per year, e.g. percentage points per
  year) whenever a compound rate cannot describe the path: a baseline, latest value or
  target that is zero or negative (a compound rate never leaves or reaches 0; Open SDG
  substitutes 0.001, which produces absurd rates like −80 %/year), and whenever the
  indicator has a **natural limit** (a percentage capped at 100). For a bounded quantity
  compounding is the wrong model: it is not symmetric under the complement, so "on-time
  rate 98 → 100 %" needs +0.7 %/year while the same achievement written as "late rate
  2 → 0 %" needs −100 %/year, an impossible rate. Linear rates give both the same verdict
  (2 points to close), so a value of 98 aiming at 100 is judged by the 2 points it still
  lacks. The explanation says when linear rates were used and why.
* **No numeric target** (a plan that only says "tăng", "giảm"): Open SDG's method 1, the
  observed CAGR against fixed thresholds (≥ 1.5 %/year on track, 0.5–1.5 needs
  acceleration, 0–0.5 limited, < 0 going backwards). Near a natural limit those thresholds
  are unattainable (from 98 % nothing can grow 1.5 %/year for long), so, exactly as Open SDG
  does, they are multiplied by ``c = 1 − (x_0 / L) ** 4.44`` (mirrored, ``1 − ((2L − x_0)
  / L) ** 4.44``, when the baseline is beyond the limit; ``c = 1`` from ``2L`` on). The
  exponent 4.44 makes ``c ≈ 0.95`` at half the limit, so thresholds barely move until the
  value is well on its way, and ``c → 0`` at the limit, where merely holding the value is
  on track.
* **Met before the target year** is reported as ``on_track`` with ``target_met = True``
  (Open SDG says "target achieved"): the verdict ``met`` is kept for the target year, since
  a value can slip back before then, while the scorecard counts it among the targets met,
  as provincial reports do ("đã đạt 13/19 chỉ tiêu").
* **"=" targets**: the direction is from the baseline toward the target; a value that
  overshoots is reflected back (``2·target − x``), so overshooting by 5 counts like falling
  short by 5.

Missing is missing: ``None`` never becomes 0; without the figures a verdict needs, the
status is ``insufficient_data`` and the explanation says what is missing.

Pure Python: no Django import.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from dieuhanh.core.vnformat import format_number

__all__ = [
    "GROWTH_ACCELERATION",
    "GROWTH_ON_TRACK",
    "LIMIT_EXPONENT",
    "RATIO_ACCELERATION",
    "RATIO_ON_TRACK",
    "Comparator",
    "Number",
    "ProgressResult",
    "ProgressStatus",
    "RateMethod",
    "Scorecard",
    "classify_growth",
    "classify_ratio",
    "evaluate",
    "is_met",
    "limit_coefficient",
    "scorecard",
]

#: What the functions accept as a figure. Floats are read through ``repr`` (``0.1`` is
#: 0.1, not 0.1000000000000000055…); results are always :class:`~decimal.Decimal`.
Number = Decimal | int | float

#: Ratio thresholds of the target method (DESIGN 5.4, Open SDG defaults).
RATIO_ON_TRACK = Decimal("0.95")
RATIO_ACCELERATION = Decimal("0.6")
#: Annual growth thresholds of the no-target method (Open SDG method 1 defaults).
GROWTH_ON_TRACK = Decimal("0.015")
GROWTH_ACCELERATION = Decimal("0.005")
#: Exponent of Open SDG's natural-limit coefficient ``1 − (x_0 / L) ** 4.44``.
LIMIT_EXPONENT = Decimal("4.44")

_ZERO = Decimal(0)
_ONE = Decimal(1)
_PRECISION = 28


class Comparator(StrEnum):
    """How a value is compared with its target. Stored as ASCII names (safe in URLs, CSV
    and database choices); :attr:`symbol` is what people read."""

    GTE = "gte"
    LTE = "lte"
    EQ = "eq"

    @property
    def symbol(self) -> str:
        """``≥``, ``≤`` or ``=``."""
        return {"gte": "≥", "lte": "≤", "eq": "="}[self.value]

    @property
    def direction(self) -> int:
        """+1 when higher is better, −1 when lower is better, 0 for an exact target."""
        return {"gte": 1, "lte": -1, "eq": 0}[self.value]

    @classmethod
    def parse(cls, value: Comparator | str) -> Comparator:
        """Accept the enum, its name or value, or a symbol: ``≥ >= => gte``, ``≤ <= =<
        lte``, ``= == eq``."""
        if isinstance(value, Comparator):
            return value
        key = value.strip().lower()
        aliases = {
            "≥": cls.GTE,
            ">=": cls.GTE,
            "=>": cls.GTE,
            "gte": cls.GTE,
            "≤": cls.LTE,
            "<=": cls.LTE,
            "=<": cls.LTE,
            "lte": cls.LTE,
            "=": cls.EQ,
            "==": cls.EQ,
            "eq": cls.EQ,
        }
        try:
            return aliases[key]
        except KeyError:
            raise ValueError(f'Không hiểu phép so sánh "{value}" (dùng ≥, ≤ hoặc =)') from None


class ProgressStatus(StrEnum):
    """Verdict on one target. ``met``/``not_met`` from the target year on; the four trend
    statuses before it; ``insufficient_data`` when the figures do not allow a verdict."""

    MET = "met"
    NOT_MET = "not_met"
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    LIMITED = "limited"
    GOING_BACKWARDS = "going_backwards"
    INSUFFICIENT_DATA = "insufficient_data"

    @property
    def label_vi(self) -> str:
        """The words a report uses."""
        return _STATUS_VI[self]

    @property
    def rank(self) -> int | None:
        """Order of the trend statuses (0 going backwards … 3 on track); ``None`` for the
        others, which are not on that scale."""
        return _TREND_RANK.get(self)


_STATUS_VI: dict[ProgressStatus, str] = {
    ProgressStatus.MET: "Đạt",
    ProgressStatus.NOT_MET: "Không đạt",
    ProgressStatus.ON_TRACK: "Đúng tiến độ",
    ProgressStatus.NEEDS_ACCELERATION: "Cần đẩy nhanh",
    ProgressStatus.LIMITED: "Tiến triển hạn chế",
    ProgressStatus.GOING_BACKWARDS: "Đi lùi",
    ProgressStatus.INSUFFICIENT_DATA: "Không đủ dữ liệu",
}
_TREND_RANK: dict[ProgressStatus, int] = {
    ProgressStatus.GOING_BACKWARDS: 0,
    ProgressStatus.LIMITED: 1,
    ProgressStatus.NEEDS_ACCELERATION: 2,
    ProgressStatus.ON_TRACK: 3,
}


class RateMethod(StrEnum):
    """How the observed and required rates were computed."""

    #: Compound annual growth rate, a fraction per year (0.042 = 4,2 %/năm).
    COMPOUND = "compound"
    #: Absolute change per year, in the indicator's unit (points per year for a %).
    LINEAR = "linear"


def _dec(value: Number | None, name: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif not isinstance(value, Decimal):
        value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{name} phải là số hữu hạn, không phải {value}")
    return value


def is_met(
    value: Number | None, comparator: Comparator | str, target: Number | None
) -> bool | None:
    """Whether ``value`` satisfies ``comparator target``; ``None`` when either is missing,
    because an unknown figure has neither met nor missed its target."""
    v, t = _dec(value, "value"), _dec(target, "target")
    if v is None or t is None:
        return None
    comp = Comparator.parse(comparator)
    if comp is Comparator.GTE:
        return v >= t
    if comp is Comparator.LTE:
        return v <= t
    return v == t


def classify_ratio(ratio: Decimal) -> ProgressStatus:
    """Trend status for a ratio of observed to required rate (0.95 / 0.6 / 0 thresholds)."""
    if ratio >= RATIO_ON_TRACK:
        return ProgressStatus.ON_TRACK
    if ratio >= RATIO_ACCELERATION:
        return ProgressStatus.NEEDS_ACCELERATION
    if ratio >= _ZERO:
        return ProgressStatus.LIMITED
    return ProgressStatus.GOING_BACKWARDS


def classify_growth(progress: Decimal, coefficient: Decimal = _ONE) -> ProgressStatus:
    """Trend status for an annual growth in the good direction when there is no numeric
    target (1.5 % / 0.5 % / 0 thresholds, each multiplied by the limit ``coefficient``)."""
    if progress >= GROWTH_ON_TRACK * coefficient:
        return ProgressStatus.ON_TRACK
    if progress >= GROWTH_ACCELERATION * coefficient:
        return ProgressStatus.NEEDS_ACCELERATION
    if progress >= _ZERO:
        return ProgressStatus.LIMITED
    return ProgressStatus.GOING_BACKWARDS


def limit_coefficient(baseline: Number, limit: Number) -> Decimal:
    """Open SDG's factor for growth thresholds near a natural limit (see module docstring):
    1 far from the limit, 0 at it."""
    b, lim = abs(_dec(baseline, "baseline") or _ZERO), abs(_dec(limit, "limit") or _ZERO)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        # Checked first so that a zero limit (and zero baseline) leaves thresholds alone.
        if b >= 2 * lim:
            return _ONE
        if b <= lim:
            return _ONE - (b / lim) ** LIMIT_EXPONENT
        return _ONE - ((2 * lim - b) / lim) ** LIMIT_EXPONENT


@dataclass(frozen=True)
class ProgressResult:
    """A verdict on one target and the numbers behind it.

    ``observed_rate`` and ``required_rate`` are per year, as fractions for
    :attr:`RateMethod.COMPOUND` and in the indicator's unit for :attr:`RateMethod.LINEAR`.
    Without a numeric target, ``required_rate`` is the (limit-scaled) on-track growth
    threshold, signed in the good direction, and ``ratio`` is ``None``. ``target_met`` is
    ``None`` when it cannot be known (no current value or no target value).
    """

    status: ProgressStatus
    comparator: Comparator
    baseline_year: int | None
    baseline_value: Decimal | None
    current_year: int | None
    current_value: Decimal | None
    target_year: int | None
    target_value: Decimal | None
    limit: Decimal | None
    target_met: bool | None
    method: RateMethod | None
    observed_rate: Decimal | None
    required_rate: Decimal | None
    ratio: Decimal | None
    years_elapsed: int | None
    years_to_target: int | None
    limit_coefficient: Decimal | None
    explanation: str
    explanation_en: str = ""

    def explanation_in(self, language: str) -> str:
        """The explanation in the interface's language (``"vi"``, ``"en"``): Vietnamese,
        the words of the reports, unless English is asked for."""
        if language.startswith("en") and self.explanation_en:
            return self.explanation_en
        return self.explanation

    @property
    def exceeded(self) -> bool:
        """Met with room to spare ("vượt"): strictly better than an inequality target."""
        if not self.target_met or self.comparator is Comparator.EQ:
            return False
        assert self.current_value is not None and self.target_value is not None
        return self.current_value != self.target_value

    @property
    def label_vi(self) -> str:
        """Status in words: "Đúng tiến độ", "Không đạt", …"""
        return self.status.label_vi


def _fmt_value(value: Decimal) -> str:
    """A figure as the report writes it: the decimals it has, at most two."""
    exponent = value.normalize().as_tuple().exponent
    decimals = min(2, max(0, -exponent)) if isinstance(exponent, int) else 0
    return format_number(value, decimals)


def _with_unit(value: Decimal, unit: str) -> str:
    text = _fmt_value(value)
    if not unit:
        return text
    return text + unit if unit == "%" else f"{text} {unit}"


# The explanation's words: Vietnamese as the reports write them, and English for the
# English interface (figures keep the Vietnamese format in both, as the interface does).
Words = Mapping[str, str]
WORDS_VI: Words = {
    "no_current": "Chưa có số liệu hiện tại để đánh giá",
    "no_target_year": "Chỉ tiêu chưa có năm cần đạt",
    "no_baseline": "Thiếu số liệu năm gốc",
    "two_years": "Cần số liệu của ít nhất hai năm khác nhau (năm gốc {baseline}, "
    "năm hiện tại {current})",
    "target": "chỉ tiêu {symbol} {value} năm {year}",
    "exceeded": "vượt chỉ tiêu",
    "met": "đạt chỉ tiêu",
    "not_met": "không đạt chỉ tiêu",
    "final": "Giá trị năm {year}: {value}; {target}: {verdict}",
    "early": "Đã đạt chỉ tiêu trước thời hạn: giá trị năm {year}: {value}; {target}",
    "decrease": "giảm ",
    "on_target_before": "Giá trị năm gốc {baseline} đã bằng chỉ tiêu, năm {year} còn "
    "{value}; {target}",
    "trend": "{observed}, cần {required} để {goal} (tỷ lệ {ratio})",
    "overshot": "; giá trị đã vượt quá mức cần đạt nên được tính theo khoảng cách tới chỉ tiêu",
    "linear": "; tính theo mức thay đổi tuyệt đối vì {reason}",
    "reason_limit": "chỉ số có giới hạn tự nhiên {value}",
    "reason_baseline_zero": "giá trị năm gốc bằng 0",
    "reason_baseline_negative": "giá trị năm gốc âm",
    "reason_target_zero": "chỉ tiêu bằng 0",
    "reason_target_negative": "chỉ tiêu âm",
    "reason_current_zero": "giá trị hiện tại bằng 0",
    "reason_current_negative": "giá trị hiện tại âm",
    "per_year_percent": "{amount}%/năm",
    "per_year_points": "{amount} điểm %/năm",
    "per_year_unit": "{amount} {unit}/năm",
    "per_year": "{amount}/năm",
    "observed_decrease": "Giảm bình quân {amount}",
    "observed_growth": "Tăng trưởng bình quân {amount}",
    "observed_increase": "Tăng bình quân {amount}",
    "goal_gte": "đạt {value} năm {year}",
    "goal_lte": "giảm xuống {value} năm {year}",
    "goal_eq": "đạt đúng {value} năm {year}",
    "eq_needs_value": "Chỉ tiêu dạng “=” cần giá trị cần đạt",
    "no_target_no_baseline": "Chưa có giá trị chỉ tiêu và thiếu số liệu năm gốc",
    "no_growth": "Không tính được tăng trưởng bình quân khi giá trị bằng 0 hoặc âm và chưa "
    "có giá trị chỉ tiêu",
    "direction": "Chưa có giá trị chỉ tiêu, đánh giá theo xu hướng: {observed}; ngưỡng đúng "
    "tiến độ {decrease}{threshold}",
    "coefficient": " (đã nhân hệ số {coefficient} vì giá trị năm gốc gần giới hạn {limit})",
    "card_empty": "Chưa có chỉ tiêu",
    "card_met": "Đạt {met}/{total} chỉ tiêu ({share}%)",
    "card_exceeded": ", trong đó {n} chỉ tiêu vượt",
    "card_not_met": "{n} chỉ tiêu chưa đạt",
    "card_unknown": "{n} chỉ tiêu không đủ dữ liệu",
}
WORDS_EN: Words = {
    "no_current": "No current figure to judge",
    "no_target_year": "The target has no year to be reached by",
    "no_baseline": "No baseline figure",
    "two_years": "Needs figures of at least two different years (baseline {baseline}, "
    "current year {current})",
    "target": "target {symbol} {value} by {year}",
    "exceeded": "exceeded",
    "met": "met",
    "not_met": "not met",
    "final": "Value in {year}: {value}; {target}: {verdict}",
    "early": "Target reached ahead of time: value in {year}: {value}; {target}",
    "decrease": "a decrease of ",
    "on_target_before": "The baseline {baseline} was already on the target; in {year} the "
    "value is {value}; {target}",
    "trend": "{observed}; {required} needed to {goal} (ratio {ratio})",
    "overshot": "; the value has gone past the target, so it is judged by its distance from it",
    "linear": "; computed on the absolute change because {reason}",
    "reason_limit": "the indicator has a natural limit of {value}",
    "reason_baseline_zero": "the baseline is 0",
    "reason_baseline_negative": "the baseline is negative",
    "reason_target_zero": "the target is 0",
    "reason_target_negative": "the target is negative",
    "reason_current_zero": "the current value is 0",
    "reason_current_negative": "the current value is negative",
    "per_year_percent": "{amount}%/year",
    "per_year_points": "{amount} percentage points/year",
    "per_year_unit": "{amount} {unit}/year",
    "per_year": "{amount}/year",
    "observed_decrease": "Average decrease {amount}",
    "observed_growth": "Average growth {amount}",
    "observed_increase": "Average increase {amount}",
    "goal_gte": "reach {value} by {year}",
    "goal_lte": "come down to {value} by {year}",
    "goal_eq": "reach exactly {value} by {year}",
    "eq_needs_value": "A “=” target needs a value to reach",
    "no_target_no_baseline": "No target value and no baseline figure",
    "no_growth": "Average growth cannot be computed from a zero or negative value, and "
    "there is no target value",
    "direction": "No target value; judged by the trend: {observed}; on-track threshold "
    "{decrease}{threshold}",
    "coefficient": " (multiplied by {coefficient} because the baseline is close to the "
    "limit of {limit})",
    "card_empty": "No targets yet",
    "card_met": "Met {met}/{total} targets ({share}%)",
    "card_exceeded": ", {n} of them exceeded",
    "card_not_met": "{n} not met",
    "card_unknown": "{n} without enough data",
}
Explain = Callable[[Words], str]


def _say(key: str, **values: object) -> Explain:
    """An explanation that is one phrase of the phrasebook with these values."""
    return lambda w: w[key].format(**values)


def _fmt_rate(rate: Decimal, method: RateMethod, unit: str, w: Words) -> str:
    if method is RateMethod.COMPOUND:
        percent = abs(rate) * 100
        # One decimal as reports write growth, two below 1 %/year where one would show 0,1.
        return w["per_year_percent"].format(amount=format_number(percent, 1 if percent >= 1 else 2))
    per_year = _fmt_value(abs(rate))
    if unit == "%":
        return w["per_year_points"].format(amount=per_year)
    if unit:
        return w["per_year_unit"].format(amount=per_year, unit=unit)
    return w["per_year"].format(amount=per_year)


def _observed_phrase(rate: Decimal, method: RateMethod, unit: str, w: Words) -> str:
    amount = _fmt_rate(rate, method, unit, w)
    if rate < 0:
        return w["observed_decrease"].format(amount=amount)
    key = "observed_growth" if method is RateMethod.COMPOUND else "observed_increase"
    return w[key].format(amount=amount)


def _target_phrase(comparator: Comparator, target: Decimal, year: int, unit: str, w: Words) -> str:
    key = {Comparator.GTE: "goal_gte", Comparator.LTE: "goal_lte", Comparator.EQ: "goal_eq"}
    return w[key[comparator]].format(value=_with_unit(target, unit), year=year)


class _ResultFactory(Protocol):
    """Signature of the ``result`` closure in :func:`evaluate`, which builds every
    :class:`ProgressResult` so that all of them echo the inputs the same way."""

    def __call__(
        self,
        status: ProgressStatus,
        explain: Explain,
        rates: _Rates | None = None,
        *,
        coefficient: Decimal | None = None,
        required: Decimal | None = None,
        observed: Decimal | None = None,
    ) -> ProgressResult: ...


@dataclass(frozen=True)
class _Rates:
    method: RateMethod
    observed: Decimal
    required: Decimal
    ratio: Decimal | None
    linear_reason: Explain | None
    overshot: bool


def _target_rates(
    *,
    x0: Decimal,
    t0: int,
    xt: Decimal,
    t: int,
    target: Decimal,
    target_year: int,
    comparator: Comparator,
    limit: Decimal | None,
    unit: str,
) -> _Rates:
    """Observed and required rates and their ratio; the caller has checked the years."""
    direction = comparator.direction
    overshot = False
    if comparator is Comparator.EQ:
        direction = (target > x0) - (target < x0)
        if (xt - target) * (target - x0) > 0:  # overshot: judge by the distance
            xt = 2 * target - xt
            overshot = True
    reason: Explain | None = None
    if limit is not None:
        reason = _say("reason_limit", value=_with_unit(limit, unit))
    else:
        for name, value in (("baseline", x0), ("target", target), ("current", xt)):
            if value <= 0:
                reason = _say(f"reason_{name}_{'zero' if value == 0 else 'negative'}")
                break
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        if reason is None:
            method = RateMethod.COMPOUND
            observed = (xt / x0) ** (_ONE / (t - t0)) - _ONE
            required = (target / x0) ** (_ONE / (target_year - t0)) - _ONE
        else:
            method = RateMethod.LINEAR
            observed = (xt - x0) / (t - t0)
            required = (target - x0) / (target_year - t0)
        ratio = direction * observed / abs(required) if required != 0 else None
    return _Rates(method, observed, required, ratio, reason, overshot)


def evaluate(
    *,
    baseline_year: int | None,
    baseline_value: Number | None,
    current_year: int | None,
    current_value: Number | None,
    target_year: int | None,
    target_value: Number | None,
    comparator: Comparator | str,
    limit: Number | None = None,
    unit: str = "",
) -> ProgressResult:
    """Judge one target (see the module docstring for the method).

    ``current_value`` is the figure to judge: from ``target_year`` on it decides ``met`` /
    ``not_met`` by itself (the baseline is not needed); before it, the trend from
    ``baseline_value`` decides. ``limit`` is the indicator's natural limit (100 for a
    percentage), ``unit`` is written after figures in the explanation (``"%"``,
    ``"hồ sơ"``). ``target_value=None`` evaluates the direction only (Open SDG method 1).

    Raises ``ValueError`` only for a malformed comparator or a non-finite number; missing
    or unusable figures give ``insufficient_data``.
    """
    comp = Comparator.parse(comparator)
    x0 = _dec(baseline_value, "baseline_value")
    xt = _dec(current_value, "current_value")
    target = _dec(target_value, "target_value")
    lim = _dec(limit, "limit")
    met = is_met(xt, comp, target)

    def result(
        status: ProgressStatus,
        explain: Explain,
        rates: _Rates | None = None,
        *,
        coefficient: Decimal | None = None,
        required: Decimal | None = None,
        observed: Decimal | None = None,
    ) -> ProgressResult:
        elapsed = to_target = None
        if baseline_year is not None:
            elapsed = current_year - baseline_year if current_year is not None else None
            to_target = target_year - baseline_year if target_year is not None else None
        return ProgressResult(
            status=status,
            comparator=comp,
            baseline_year=baseline_year,
            baseline_value=x0,
            current_year=current_year,
            current_value=xt,
            target_year=target_year,
            target_value=target,
            limit=lim,
            target_met=met,
            method=rates.method
            if rates
            else (RateMethod.COMPOUND if observed is not None else None),
            observed_rate=rates.observed if rates else observed,
            required_rate=rates.required if rates else required,
            ratio=rates.ratio if rates else None,
            years_elapsed=elapsed,
            years_to_target=to_target,
            limit_coefficient=coefficient,
            explanation=explain(WORDS_VI),
            explanation_en=explain(WORDS_EN),
        )

    insufficient = ProgressStatus.INSUFFICIENT_DATA
    if xt is None or current_year is None:
        return result(insufficient, _say("no_current"))
    if target is None:
        return _evaluate_direction(result, comp, x0, baseline_year, xt, current_year, lim, unit)
    if target_year is None:
        return result(insufficient, _say("no_target_year"))

    # Rates are computed whenever the figures allow, also for a final verdict: the reader
    # of a "không đạt" wants to see how far the trend was from what was needed.
    rates: _Rates | None = None
    missing: Explain | None = None
    if x0 is None or baseline_year is None:
        missing = _say("no_baseline")
    elif current_year <= baseline_year:
        missing = _say("two_years", baseline=baseline_year, current=current_year)
    elif target_year > baseline_year:
        # Otherwise the target year precedes the current year: the final verdict below
        # needs no rate, and a required rate over zero years does not exist.
        rates = _target_rates(
            x0=x0,
            t0=baseline_year,
            xt=xt,
            t=current_year,
            target=target,
            target_year=target_year,
            comparator=comp,
            limit=lim,
            unit=unit,
        )

    value_text = _with_unit(xt, unit)
    target_value_text = _with_unit(target, unit)

    def target_text(w: Words) -> str:
        return w["target"].format(symbol=comp.symbol, value=target_value_text, year=target_year)

    if current_year >= target_year:
        exceeded = met and comp is not Comparator.EQ and xt != target
        verdict = "exceeded" if exceeded else ("met" if met else "not_met")
        status = ProgressStatus.MET if met else ProgressStatus.NOT_MET

        def final(w: Words) -> str:
            return w["final"].format(
                year=current_year, value=value_text, target=target_text(w), verdict=w[verdict]
            )

        return result(status, final, rates)
    if met:

        def early(w: Words) -> str:
            return w["early"].format(year=current_year, value=value_text, target=target_text(w))

        return result(ProgressStatus.ON_TRACK, early, rates)
    if rates is None:
        assert missing is not None
        return result(insufficient, missing)

    found = rates  # narrowed for the closures below
    if found.ratio is None:
        # Required rate 0: the baseline sat exactly on the target and the value has moved
        # off it, which can only be in the wrong direction (it is not met).
        def on_target_before(w: Words) -> str:
            return w["on_target_before"].format(
                baseline=baseline_year, year=current_year, value=value_text, target=target_text(w)
            )

        return result(ProgressStatus.GOING_BACKWARDS, on_target_before, rates)
    ratio = found.ratio

    def trend(w: Words) -> str:
        required = _fmt_rate(found.required, found.method, unit, w)
        if found.required < 0:
            required = w["decrease"] + required
        text = w["trend"].format(
            observed=_observed_phrase(found.observed, found.method, unit, w),
            required=required,
            goal=_target_phrase(comp, target, target_year, unit, w),
            ratio=format_number(ratio, 2),
        )
        if found.overshot:
            text += w["overshot"]
        if found.linear_reason:
            text += w["linear"].format(reason=found.linear_reason(w))
        return text

    return result(classify_ratio(ratio), trend, rates)


def _evaluate_direction(
    result: _ResultFactory,
    comp: Comparator,
    x0: Decimal | None,
    baseline_year: int | None,
    xt: Decimal,
    current_year: int,
    lim: Decimal | None,
    unit: str,
) -> ProgressResult:
    """No numeric target: Open SDG method 1 (growth against limit-scaled thresholds)."""
    insufficient = ProgressStatus.INSUFFICIENT_DATA
    if comp is Comparator.EQ:
        return result(insufficient, _say("eq_needs_value"))
    if x0 is None or baseline_year is None:
        return result(insufficient, _say("no_target_no_baseline"))
    if current_year <= baseline_year:
        return result(insufficient, _say("two_years", baseline=baseline_year, current=current_year))
    if x0 <= 0 or xt <= 0:
        return result(insufficient, _say("no_growth"))
    coefficient = limit_coefficient(x0, lim) if lim is not None else _ONE
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        growth = (xt / x0) ** (_ONE / (current_year - baseline_year)) - _ONE
        progress = comp.direction * growth
        threshold = GROWTH_ON_TRACK * coefficient

    def direction(w: Words) -> str:
        text = w["direction"].format(
            observed=_observed_phrase(growth, RateMethod.COMPOUND, unit, w),
            decrease=w["decrease"] if comp is Comparator.LTE else "",
            threshold=_fmt_rate(threshold, RateMethod.COMPOUND, unit, w),
        )
        if lim is not None and coefficient < 1:
            text += w["coefficient"].format(
                coefficient=format_number(coefficient, 2), limit=_with_unit(lim, unit)
            )
        return text

    return result(
        classify_growth(progress, coefficient),
        direction,
        coefficient=coefficient if lim is not None else None,
        required=comp.direction * threshold,
        observed=growth,
    )


@dataclass(frozen=True)
class Scorecard:
    """Counts over a plan's targets, as reports write them ("đạt 13/19 chỉ tiêu").

    ``met`` counts targets whose latest value satisfies the comparator — at the target year
    or earlier — and ``exceeded`` those of them strictly beyond an inequality target ("đạt
    và vượt"). ``unknown`` counts targets that could not be judged; they stay in ``total``
    because a report counts every target of the plan, and they are named in the summary
    rather than hidden.
    """

    total: int
    met: int
    exceeded: int
    not_met: int
    unknown: int
    by_status: Mapping[ProgressStatus, int]

    @property
    def share_met(self) -> Decimal | None:
        """Met / total as a percentage; ``None`` for an empty plan."""
        if self.total == 0:
            return None
        with localcontext() as ctx:
            ctx.prec = _PRECISION
            return Decimal(self.met) * 100 / self.total

    @property
    def all_met(self) -> bool:
        """Every target met (and there is at least one)."""
        return self.total > 0 and self.met == self.total

    def label_vi(self) -> str:
        """``đạt 13/19 chỉ tiêu``."""
        return f"đạt {self.met}/{self.total} chỉ tiêu"

    def summary(self, w: Words) -> str:
        """One sentence for a report, in the phrasebook's language: ``Đạt 13/19 chỉ tiêu
        (68,42%), trong đó 5 chỉ tiêu vượt; 4 chỉ tiêu chưa đạt; 2 chỉ tiêu không đủ dữ
        liệu`` / ``Met 13/19 targets (68,42%), 5 of them exceeded; 4 not met; …``."""
        if self.total == 0:
            return w["card_empty"]
        share = format_number(self.share_met, 2)
        parts = [w["card_met"].format(met=self.met, total=self.total, share=share)]
        if self.exceeded:
            parts[0] += w["card_exceeded"].format(n=self.exceeded)
        if self.not_met:
            parts.append(w["card_not_met"].format(n=self.not_met))
        if self.unknown:
            parts.append(w["card_unknown"].format(n=self.unknown))
        return "; ".join(parts)

    def summary_vi(self) -> str:
        return self.summary(WORDS_VI)

    def summary_en(self) -> str:
        return self.summary(WORDS_EN)


def scorecard(results: Iterable[ProgressResult]) -> Scorecard:
    """Count a set of verdicts (typically one plan's targets) for the "đạt X/Y" line and
    the status breakdown; every status appears in ``by_status``, with 0 when absent."""
    items = list(results)
    counts = Counter(r.status for r in items)
    return Scorecard(
        total=len(items),
        met=sum(1 for r in items if r.target_met is True),
        exceeded=sum(1 for r in items if r.exceeded),
        not_met=sum(1 for r in items if r.target_met is False),
        unknown=sum(1 for r in items if r.target_met is None),
        by_status=MappingProxyType({s: counts.get(s, 0) for s in ProgressStatus}),
    )
