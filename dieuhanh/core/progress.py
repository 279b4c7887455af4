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
from collections.abc import Iterable, Mapping
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


def _fmt_rate(rate: Decimal, method: RateMethod, unit: str) -> str:
    if method is RateMethod.COMPOUND:
        percent = abs(rate) * 100
        # One decimal as reports write growth, two below 1 %/year where one would show 0,1.
        return format_number(percent, 1 if percent >= 1 else 2) + "%/năm"
    per_year = _fmt_value(abs(rate))
    if unit == "%":
        return f"{per_year} điểm %/năm"
    return f"{per_year} {unit}/năm" if unit else f"{per_year}/năm"


def _observed_phrase(rate: Decimal, method: RateMethod, unit: str) -> str:
    amount = _fmt_rate(rate, method, unit)
    if rate < 0:
        return f"Giảm bình quân {amount}"
    return (
        f"Tăng trưởng bình quân {amount}"
        if method is RateMethod.COMPOUND
        else (f"Tăng bình quân {amount}")
    )


def _target_phrase(comparator: Comparator, target: Decimal, year: int, unit: str) -> str:
    verb = {
        Comparator.GTE: "đạt",
        Comparator.LTE: "giảm xuống",
        Comparator.EQ: "đạt đúng",
    }[comparator]
    return f"{verb} {_with_unit(target, unit)} năm {year}"


class _ResultFactory(Protocol):
    """Signature of the ``result`` closure in :func:`evaluate`, which builds every
    :class:`ProgressResult` so that all of them echo the inputs the same way."""

    def __call__(
        self,
        status: ProgressStatus,
        explanation: str,
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
    linear_reason: str | None
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
    reason: str | None = None
    if limit is not None:
        reason = f"chỉ số có giới hạn tự nhiên {_with_unit(limit, unit)}"
    elif x0 <= 0:
        reason = "giá trị năm gốc bằng 0" if x0 == 0 else "giá trị năm gốc âm"
    elif target <= 0:
        reason = "chỉ tiêu bằng 0" if target == 0 else "chỉ tiêu âm"
    elif xt <= 0:
        reason = "giá trị hiện tại bằng 0" if xt == 0 else "giá trị hiện tại âm"
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
        explanation: str,
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
            explanation=explanation,
        )

    insufficient = ProgressStatus.INSUFFICIENT_DATA
    if xt is None or current_year is None:
        return result(insufficient, "Chưa có số liệu hiện tại để đánh giá")
    if target is None:
        return _evaluate_direction(result, comp, x0, baseline_year, xt, current_year, lim, unit)
    if target_year is None:
        return result(insufficient, "Chỉ tiêu chưa có năm cần đạt")

    # Rates are computed whenever the figures allow, also for a final verdict: the reader
    # of a "không đạt" wants to see how far the trend was from what was needed.
    rates: _Rates | None = None
    missing: str | None = None
    if x0 is None or baseline_year is None:
        missing = "Thiếu số liệu năm gốc"
    elif current_year <= baseline_year:
        missing = (
            f"Cần số liệu của ít nhất hai năm khác nhau (năm gốc {baseline_year}, "
            f"năm hiện tại {current_year})"
        )
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

    target_text = f"chỉ tiêu {comp.symbol} {_with_unit(target, unit)} năm {target_year}"
    if current_year >= target_year:
        exceeded = met and comp is not Comparator.EQ and xt != target
        verdict = "vượt chỉ tiêu" if exceeded else ("đạt chỉ tiêu" if met else "không đạt chỉ tiêu")
        status = ProgressStatus.MET if met else ProgressStatus.NOT_MET
        text = f"Giá trị năm {current_year}: {_with_unit(xt, unit)}; {target_text}: {verdict}"
        return result(status, text, rates)
    if met:
        text = (
            f"Đã đạt chỉ tiêu trước thời hạn: giá trị năm {current_year}: "
            f"{_with_unit(xt, unit)}; {target_text}"
        )
        return result(ProgressStatus.ON_TRACK, text, rates)
    if rates is None:
        assert missing is not None
        return result(insufficient, missing)

    method = rates.method
    required_text = _fmt_rate(rates.required, method, unit)
    if rates.required < 0:
        required_text = "giảm " + required_text
    if rates.ratio is None:
        # Required rate 0: the baseline sat exactly on the target and the value has moved
        # off it, which can only be in the wrong direction (it is not met).
        text = (
            f"Giá trị năm gốc {baseline_year} đã bằng chỉ tiêu, năm {current_year} còn "
            f"{_with_unit(xt, unit)}; {target_text}"
        )
        return result(ProgressStatus.GOING_BACKWARDS, text, rates)
    text = (
        f"{_observed_phrase(rates.observed, method, unit)}, cần {required_text} để "
        f"{_target_phrase(comp, target, target_year, unit)} "
        f"(tỷ lệ {format_number(rates.ratio, 2)})"
    )
    if rates.overshot:
        text += "; giá trị đã vượt quá mức cần đạt nên được tính theo khoảng cách tới chỉ tiêu"
    if rates.linear_reason:
        text += f"; tính theo mức thay đổi tuyệt đối vì {rates.linear_reason}"
    return result(classify_ratio(rates.ratio), text, rates)


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
        return result(insufficient, "Chỉ tiêu dạng “=” cần giá trị cần đạt")
    if x0 is None or baseline_year is None:
        return result(insufficient, "Chưa có giá trị chỉ tiêu và thiếu số liệu năm gốc")
    if current_year <= baseline_year:
        return result(
            insufficient,
            f"Cần số liệu của ít nhất hai năm khác nhau (năm gốc {baseline_year}, "
            f"năm hiện tại {current_year})",
        )
    if x0 <= 0 or xt <= 0:
        return result(
            insufficient,
            "Không tính được tăng trưởng bình quân khi giá trị bằng 0 hoặc âm và chưa có "
            "giá trị chỉ tiêu",
        )
    coefficient = limit_coefficient(x0, lim) if lim is not None else _ONE
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        growth = (xt / x0) ** (_ONE / (current_year - baseline_year)) - _ONE
        progress = comp.direction * growth
        threshold = GROWTH_ON_TRACK * coefficient
    text = (
        f"Chưa có giá trị chỉ tiêu, đánh giá theo xu hướng: "
        f"{_observed_phrase(growth, RateMethod.COMPOUND, unit)}; ngưỡng đúng tiến độ "
        f"{'giảm ' if comp is Comparator.LTE else ''}"
        f"{_fmt_rate(threshold, RateMethod.COMPOUND, unit)}"
    )
    if lim is not None and coefficient < 1:
        text += (
            f" (đã nhân hệ số {format_number(coefficient, 2)} vì giá trị năm gốc gần giới hạn "
            f"{_with_unit(lim, unit)})"
        )
    return result(
        classify_growth(progress, coefficient),
        text,
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

    def summary_vi(self) -> str:
        """One sentence for a report: ``Đạt 13/19 chỉ tiêu (68,42%), trong đó 5 chỉ tiêu
        vượt; 4 chỉ tiêu chưa đạt; 2 chỉ tiêu không đủ dữ liệu``."""
        if self.total == 0:
            return "Chưa có chỉ tiêu"
        parts = [f"Đạt {self.met}/{self.total} chỉ tiêu ({format_number(self.share_met, 2)}%)"]
        if self.exceeded:
            parts[0] += f", trong đó {self.exceeded} chỉ tiêu vượt"
        if self.not_met:
            parts.append(f"{self.not_met} chỉ tiêu chưa đạt")
        if self.unknown:
            parts.append(f"{self.unknown} chỉ tiêu không đủ dữ liệu")
        return "; ".join(parts)


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
