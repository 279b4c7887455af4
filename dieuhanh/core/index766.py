"""Bộ chỉ số 766: the public-service index of Decision 766/QĐ-TTg (23/6/2022).

"Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong
thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử"
scores a unit out of 100 in groups of sub-indicators. Each sub-indicator is a ratio of two
counts; its score is ``max × ratio``, or ``min(max, max × ratio / threshold)`` where the
source sets a threshold (full marks from 80%, 50%, 90% …).

The weights changed over time (5 groups in the decision, 6 on the national portal today),
so **weights, thresholds, denominators and bands are versioned configuration**: YAML files
in ``dieuhanh/core/data/index766/`` (one per version, each citing its source and saying
what could not be confirmed). This module only loads, validates and applies them. Pure
Python: no Django import.

What the data cannot compute is shown as "không đủ dữ liệu", never as 0: a sub-indicator
lacking a count (``None`` or absent) or with a zero denominator is *insufficient*; totals
are summed over what could be computed, next to the maximum attainable over the same
sub-indicators, so a partial score stays comparable (``normalized`` = score per 100
attainable points).

Count-name contract
===================
``score`` reads counts by these names; the importer and the data-entry forms must produce
them under exactly these names (``COUNT_NAMES``). Counts are per unit and period.

Computed by this product from dossiers (``dossier_rules.month_counts``; additive over
units and months):

``received``                 dossiers received (NgayTiepNhan in the period; not statuses 1, 3)
``received_online``          … of which channel 2 (trực tuyến)
``received_direct``          … of which channel 1 or empty (trực tiếp)
``received_postal``          … of which channel 3 (bưu chính công ích)
``resolved``                 dossiers resolved (status 9/10) with their end in the period
``resolved_on_time``         … by the supplement-adjusted due date
``resolved_late``            … after it
``in_progress_in_time``      dossiers in progress at the period's last day, not yet due
``in_progress_overdue``      … past their adjusted due date
                             (both are stocks: over months take the last month's value)
``paid_online``              received dossiers paid online (DuocThanhToanTrucTuyen 1 or 2)
``fee_dossiers``             received dossiers of fee-bearing procedures (payment denominator)
``digitised``                received dossiers with digitised components (HoSoCoThanhPhanSoHoa)
``electronic_result``        resolved dossiers whose result has an electronic copy

Computed by this product from dossiers and the procedure catalogue (distinct counts of
procedures — *not additive*: recount them for a larger unit or longer period):

``procedures_with_dossiers``                procedures with ≥ 1 dossier received (any channel)
``procedures_online``                       procedures offered as online public services
                                            (DVCTT một phần or toàn trình)
``procedures_online_with_online_dossiers``  … of which with ≥ 1 online dossier received

Computed from the feedback (PAKN) system:

``feedback_received``, ``feedback_processed``, ``feedback_in_progress``, ``feedback_rejected``

What dossiers cannot give (publication, satisfaction), reported or entered:

``published_procedures``     procedures publicly disclosed with complete content on the
                             national TTHC database (công khai đầy đủ các bộ phận tạo thành)
``total_procedures``         procedures under the unit's authority (thuộc thẩm quyền)
``satisfaction_score``       "tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", a percentage
                             0–100 as the portal publishes it (not additive)

Supplementary inputs (``SUPPLEMENTARY_COUNTS``): the official sub-indicators also need
figures that neither the product's dossier counts nor the three reported figures above
give — publication timeliness, synchronisation to the national portal, fee procedures,
reuse of digitised data, PAKN timeliness and satisfaction. They are named here so that a
province can supply them (import or entry) under a stable name; until it does, those
sub-indicators show "không đủ dữ liệu". They are an extension of the brief's list, kept
separate on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import yaml

from dieuhanh.core.vnformat import format_date, format_number, format_percent, parse_date

__all__ = [
    "COUNT_NAMES",
    "DATA_DIR",
    "DOSSIER_COUNTS",
    "FEEDBACK_COUNTS",
    "INSUFFICIENT_DATA_VI",
    "PROCEDURE_COUNTS",
    "REPORTED_COUNTS",
    "SUPPLEMENTARY_COUNTS",
    "Band",
    "ConfigError",
    "Group",
    "GroupResult",
    "IndexConfig",
    "IndexResult",
    "Indicator",
    "IndicatorResult",
    "Ranked",
    "available_versions",
    "config_for",
    "load_builtin",
    "load_config",
    "parse_config",
    "rank",
    "score",
]

INSUFFICIENT_DATA_VI = "không đủ dữ liệu"

DOSSIER_COUNTS: dict[str, str] = {
    "received": "Số hồ sơ tiếp nhận",
    "received_online": "Số hồ sơ tiếp nhận trực tuyến",
    "received_direct": "Số hồ sơ tiếp nhận trực tiếp",
    "received_postal": "Số hồ sơ tiếp nhận qua bưu chính công ích",
    "resolved": "Số hồ sơ đã giải quyết",
    "resolved_on_time": "Số hồ sơ giải quyết trước hạn, đúng hạn",
    "resolved_late": "Số hồ sơ giải quyết quá hạn",
    "in_progress_in_time": "Số hồ sơ đang giải quyết trong hạn",
    "in_progress_overdue": "Số hồ sơ đang giải quyết quá hạn",
    "paid_online": "Số hồ sơ thanh toán trực tuyến",
    "fee_dossiers": "Số hồ sơ của TTHC có phí, lệ phí",
    "digitised": "Số hồ sơ có thành phần được số hóa",
    "electronic_result": "Số hồ sơ có kết quả giải quyết điện tử",
}
PROCEDURE_COUNTS: dict[str, str] = {
    "procedures_with_dossiers": "Số TTHC có phát sinh hồ sơ",
    "procedures_online": "Số TTHC cung cấp dịch vụ công trực tuyến",
    "procedures_online_with_online_dossiers": "Số DVCTT có phát sinh hồ sơ trực tuyến",
}
FEEDBACK_COUNTS: dict[str, str] = {
    "feedback_received": "Số phản ánh, kiến nghị tiếp nhận",
    "feedback_processed": "Số phản ánh, kiến nghị đã xử lý",
    "feedback_in_progress": "Số phản ánh, kiến nghị đang xử lý",
    "feedback_rejected": "Số phản ánh, kiến nghị từ chối xử lý",
}
REPORTED_COUNTS: dict[str, str] = {
    "published_procedures": "Số TTHC công khai đầy đủ nội dung trên CSDL quốc gia về TTHC",
    "total_procedures": "Tổng số TTHC thuộc thẩm quyền giải quyết",
    "satisfaction_score": "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC (%)",
}
SUPPLEMENTARY_COUNTS: dict[str, str] = {
    "procedures_published_on_time": "Số TTHC công bố đúng hạn",
    "procedures_published": "Số TTHC đã công bố trong kỳ",
    "procedures_disclosed_on_time": "Số TTHC được cập nhật, công khai đúng hạn",
    "procedures_to_disclose": "Số TTHC phải cập nhật, công khai trong kỳ",
    "synced_dossiers": "Số hồ sơ đã đồng bộ lên Cổng Dịch vụ công quốc gia",
    "fee_procedures": "Số TTHC có phí, lệ phí",
    "fee_procedures_integrated": "Số TTHC có phí được tích hợp thanh toán trực tuyến trên Cổng",
    "fee_procedures_paid_online": "Số TTHC có giao dịch thanh toán trực tuyến",
    "reused_digitised": "Số hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
    "store_linked_dossiers": "Số hồ sơ số hóa kết nối với kho dữ liệu cá nhân trên Cổng",
    "citizen_data_dossiers": "Số hồ sơ sử dụng dữ liệu từ CSDL quốc gia về dân cư",
    "citizen_data_procedures": "Số TTHC có kết nối, chia sẻ dữ liệu dân cư",
    "citizen_procedures": "Số TTHC có đối tượng thực hiện là người dân",
    "feedback_on_time": "Số phản ánh, kiến nghị xử lý đúng hạn",
    "feedback_satisfied": "Số phản ánh, kiến nghị không bị phản hồi không hài lòng, quá hạn",
}
COUNT_NAMES: frozenset[str] = frozenset(
    DOSSIER_COUNTS | PROCEDURE_COUNTS | FEEDBACK_COUNTS | REPORTED_COUNTS | SUPPLEMENTARY_COUNTS
)

DATA_DIR = Path(__file__).resolve().parent / "data" / "index766"

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_ONE = Decimal(1)
_CENT = Decimal("0.01")

Term = str | Decimal
"""A term of a numerator or denominator: a count name, or a constant (e.g. 100)."""


class ConfigError(ValueError):
    """An index configuration is invalid; ``problems`` lists every reason, in Vietnamese."""

    def __init__(self, problems: Sequence[str], origin: str = "") -> None:
        self.problems = list(problems)
        self.origin = origin
        head = "Cấu hình Bộ chỉ số 766 không hợp lệ" + (f" ({origin})" if origin else "")
        super().__init__(head + ":\n- " + "\n- ".join(self.problems))


@dataclass(frozen=True)
class Indicator:
    """One sub-indicator (chỉ số thành phần).

    ``numerator``/``denominator`` are sums of terms; both ``None`` means the sub-indicator is
    *unmapped*: the source gives its points but no count this product knows can compute it,
    so it always shows "không đủ dữ liệu". ``threshold`` is a fraction (0.8 = 80%).
    ``inverse``: lower is better, scored on ``1 − ratio``. ``confirmed``: the points and
    threshold were checked against the cited source (else they are the best evidence found).
    """

    code: str
    name_vi: str
    max_points: Decimal
    numerator: tuple[Term, ...] | None
    denominator: tuple[Term, ...] | None
    threshold: Decimal | None = None
    inverse: bool = False
    confirmed: bool = False
    note: str | None = None

    @property
    def mapped(self) -> bool:
        return self.numerator is not None and self.denominator is not None

    @property
    def count_names(self) -> tuple[str, ...]:
        """The count names this sub-indicator reads, in order, without repeats."""
        names: list[str] = []
        for term in (self.numerator or ()) + (self.denominator or ()):
            if isinstance(term, str) and term not in names:
                names.append(term)
        return tuple(names)


@dataclass(frozen=True)
class Group:
    """A group of sub-indicators (nhóm chỉ số) and its maximum points."""

    code: str
    name_vi: str
    max_points: Decimal
    indicators: tuple[Indicator, ...]
    note: str | None = None


@dataclass(frozen=True)
class Band:
    """A rating band (xếp loại): the normalized score must reach ``min_score``."""

    name_vi: str
    min_score: Decimal


@dataclass(frozen=True)
class IndexConfig:
    """One version of the index: its groups, weights, thresholds, bands and source."""

    version: str
    valid_from: date
    source: str
    groups: tuple[Group, ...]
    bands: tuple[Band, ...]
    title_vi: str = ""

    @property
    def max_total(self) -> Decimal:
        return sum((g.max_points for g in self.groups), _ZERO)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for g in self.groups for i in g.indicators)

    def band_for(self, normalized: Decimal | None) -> Band | None:
        """The band of a normalized score (compared at 2 decimals, as it is displayed)."""
        if normalized is None:
            return None
        shown = normalized.quantize(_CENT, rounding=ROUND_HALF_UP)
        for band in self.bands:
            if shown >= band.min_score:
                return band
        return None


# -------------------------------------------------------------------------- loading

_TOP_KEYS = {"version", "valid_from", "source", "title_vi", "groups", "bands"}
_GROUP_KEYS = {"code", "name_vi", "max_points", "indicators", "note"}
_INDICATOR_KEYS = {
    "code",
    "name_vi",
    "max_points",
    "numerator",
    "denominator",
    "threshold",
    "inverse",
    "confirmed",
    "note",
}
_BAND_KEYS = {"name_vi", "min"}


def _num(value: Any) -> Decimal | None:
    """A YAML number as a Decimal (via its text, so 0.8 stays 0.8); ``None`` if not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return Decimal(str(value))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _fmt_points(value: Decimal) -> str:
    """Points as written in the sources: ``18``, ``59,5``, ``0,25`` (at most 2 decimals)."""
    exponent = value.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(value, min(decimals, 2))


class _Checker:
    """Collects every problem of a config instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, message: str) -> None:
        self.problems.append(message)

    def unknown_keys(self, data: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(f"{where}: trường không hợp lệ “{key}”.")

    def terms(self, value: Any, where: str, label: str) -> tuple[Term, ...] | None:
        items = value if isinstance(value, list) else [value]
        if not items:
            self.add(f"{where}: {label} không được để trống.")
            return None
        terms: list[Term] = []
        for item in items:
            if isinstance(item, str):
                name = item.strip()
                if name not in COUNT_NAMES:
                    self.add(
                        f"{where}: {label} dùng số liệu “{name}” không có trong danh mục số "
                        "liệu của hệ thống."
                    )
                terms.append(name)
                continue
            number = _num(item)
            if number is None or number < 0 or (label == "mẫu số" and number == 0):
                self.add(
                    f"{where}: {label} phải là tên số liệu hoặc một số "
                    f"{'dương' if label == 'mẫu số' else 'không âm'}, không phải “{item}”."
                )
                continue
            terms.append(number)
        return tuple(terms)


def _parse_indicator(raw: Any, where: str, check: _Checker) -> Indicator | None:
    if not isinstance(raw, Mapping):
        check.add(f"{where}: phải là một bảng (mapping).")
        return None
    code = _text(raw.get("code")) or ""
    where = f"{where} “{code}”" if code else where
    check.unknown_keys(raw, _INDICATOR_KEYS, where)
    if not code:
        check.add(f"{where}: thiếu mã chỉ số (code).")
    name = _text(raw.get("name_vi"))
    if name is None:
        check.add(f"{where}: thiếu tên chỉ số (name_vi).")
    points = _num(raw.get("max_points"))
    if points is None or points <= 0:
        check.add(f"{where}: điểm tối đa (max_points) phải là số lớn hơn 0.")
    if "numerator" not in raw or "denominator" not in raw:
        check.add(
            f"{where}: phải có cả tử số (numerator) và mẫu số (denominator); "
            "ghi null cho cả hai nếu chưa có nguồn số liệu."
        )
    num_raw, den_raw = raw.get("numerator"), raw.get("denominator")
    numerator = denominator = None
    if (num_raw is None) != (den_raw is None):
        check.add(f"{where}: tử số và mẫu số phải cùng có hoặc cùng để trống (null).")
    elif num_raw is not None:
        numerator = check.terms(num_raw, where, "tử số")
        denominator = check.terms(den_raw, where, "mẫu số")
    threshold = None
    if raw.get("threshold") is not None:
        threshold = _num(raw.get("threshold"))
        if threshold is None or not (_ZERO < threshold <= _ONE):
            check.add(
                f"{where}: ngưỡng (threshold) phải là tỷ lệ trong khoảng (0; 1], "
                f"ví dụ 0.8 cho 80%, không phải “{raw.get('threshold')}”."
            )
            threshold = None
    flags = {}
    for key in ("inverse", "confirmed"):
        value = raw.get(key, False)
        if not isinstance(value, bool):
            check.add(f"{where}: {key} phải là true hoặc false.")
            value = False
        flags[key] = value
    note = raw.get("note")
    return Indicator(
        code=code,
        name_vi=name or "",
        max_points=points if points is not None and points > 0 else _ZERO,
        numerator=numerator,
        denominator=denominator,
        threshold=threshold,
        inverse=flags["inverse"],
        confirmed=flags["confirmed"],
        note=_text(note),
    )


def _parse_group(raw: Any, index: int, check: _Checker) -> Group | None:
    where = f"Nhóm thứ {index}"
    if not isinstance(raw, Mapping):
        check.add(f"{where}: phải là một bảng (mapping).")
        return None
    code = _text(raw.get("code")) or ""
    where = f"Nhóm “{code}”" if code else where
    check.unknown_keys(raw, _GROUP_KEYS, where)
    if not code:
        check.add(f"{where}: thiếu mã nhóm (code).")
    name = _text(raw.get("name_vi"))
    if name is None:
        check.add(f"{where}: thiếu tên nhóm (name_vi).")
    points = _num(raw.get("max_points"))
    if points is None or points <= 0:
        check.add(f"{where}: điểm tối đa (max_points) phải là số lớn hơn 0.")
    raw_indicators = raw.get("indicators")
    indicators: list[Indicator] = []
    if not isinstance(raw_indicators, list) or not raw_indicators:
        check.add(f"{where}: phải có ít nhất một chỉ số thành phần (indicators).")
    else:
        for item in raw_indicators:
            indicator = _parse_indicator(item, f"{where}, chỉ số", check)
            if indicator is not None:
                indicators.append(indicator)
        if points is not None and points > 0:
            total = sum((i.max_points for i in indicators), _ZERO)
            if total != points:
                check.add(
                    f"{where}: tổng điểm các chỉ số thành phần ({_fmt_points(total)}) khác "
                    f"điểm tối đa của nhóm ({_fmt_points(points)})."
                )
    return Group(
        code=code,
        name_vi=name or "",
        max_points=points if points is not None and points > 0 else _ZERO,
        indicators=tuple(indicators),
        note=_text(raw.get("note")),
    )


def _parse_bands(raw: Any, check: _Checker) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        check.add("Thiếu danh sách xếp loại (bands).")
        return ()
    bands: list[Band] = []
    for index, item in enumerate(raw, start=1):
        where = f"Xếp loại thứ {index}"
        if not isinstance(item, Mapping):
            check.add(f"{where}: phải là một bảng (mapping).")
            continue
        check.unknown_keys(item, _BAND_KEYS, where)
        name = _text(item.get("name_vi"))
        minimum = _num(item.get("min"))
        if name is None:
            check.add(f"{where}: thiếu tên xếp loại (name_vi).")
        if minimum is None or not (_ZERO <= minimum <= _HUNDRED):
            check.add(f"{where}: điểm sàn (min) phải là số từ 0 đến 100.")
            continue
        bands.append(Band(name_vi=name or "", min_score=minimum))
    mins = [b.min_score for b in bands]
    if any(a <= b for a, b in pairwise(mins)):
        check.add("Các xếp loại phải xếp theo điểm sàn giảm dần, không trùng nhau.")
    if mins and mins[-1] != 0:
        check.add("Xếp loại cuối cùng phải có điểm sàn 0 để mọi điểm số đều được xếp loại.")
    return tuple(bands)


def parse_config(data: Any, origin: str = "") -> IndexConfig:
    """Validate an already-parsed YAML document and build the config; ``ConfigError`` if bad.

    Checks: required fields, known fields only (a typo must not silently drop a
    threshold), count names from the contract, positive points, thresholds in (0, 1],
    each group's points = the sum of its sub-indicators', groups summing to 100, unique
    codes, and bands in decreasing order ending at 0.
    """
    check = _Checker()
    if not isinstance(data, Mapping):
        raise ConfigError(["Tệp cấu hình phải là một bảng (mapping) ở cấp cao nhất."], origin)
    check.unknown_keys(data, _TOP_KEYS, "Cấu hình")
    version = data.get("version")
    version_text = str(version).strip() if version is not None else ""
    if not version_text:
        check.add("Thiếu phiên bản (version).")
    raw_from = data.get("valid_from")
    valid_from: date | None = None
    if isinstance(raw_from, date):
        valid_from = raw_from
    elif isinstance(raw_from, str):
        valid_from = parse_date(raw_from)
    if valid_from is None:
        check.add("Thiếu hoặc sai ngày áp dụng (valid_from), ví dụ 2022-06-23.")
    source = _text(data.get("source"))
    if source is None:
        check.add("Thiếu nguồn trích dẫn (source).")
    raw_groups = data.get("groups")
    groups: list[Group] = []
    if not isinstance(raw_groups, list) or not raw_groups:
        check.add("Phải có ít nhất một nhóm chỉ số (groups).")
    else:
        for index, item in enumerate(raw_groups, start=1):
            group = _parse_group(item, index, check)
            if group is not None:
                groups.append(group)
        total = sum((g.max_points for g in groups), _ZERO)
        if total != _HUNDRED:
            check.add(f"Tổng điểm tối đa các nhóm là {_fmt_points(total)}, phải bằng 100.")
    seen: set[str] = set()
    for code in [g.code for g in groups] + [i.code for g in groups for i in g.indicators]:
        if code and code in seen:
            check.add(f"Mã “{code}” bị trùng.")
        seen.add(code)
    bands = _parse_bands(data.get("bands"), check)
    if check.problems:
        raise ConfigError(check.problems, origin)
    assert valid_from is not None and source is not None
    return IndexConfig(
        version=version_text,
        valid_from=valid_from,
        source=source,
        groups=tuple(groups),
        bands=bands,
        title_vi=_text(data.get("title_vi")) or "",
    )


def load_config(path: str | Path) -> IndexConfig:
    """Read and validate one YAML config file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError([f"Tệp YAML không đọc được: {exc}"], path.name) from exc
    return parse_config(data, origin=path.name)


@cache
def _shipped() -> tuple[IndexConfig, ...]:
    # Parsed once per process: the files ship with a release, and configs are immutable.
    configs = [load_config(p) for p in sorted(DATA_DIR.glob("*.yaml"))]
    return tuple(sorted(configs, key=lambda c: c.valid_from))


def available_versions() -> list[IndexConfig]:
    """Every config shipped with the product, oldest first."""
    return list(_shipped())


def load_builtin(version: str) -> IndexConfig:
    """The shipped config with this ``version``; ``KeyError`` if there is none."""
    for config in available_versions():
        if config.version == version:
            return config
    raise KeyError(f"Không có cấu hình Bộ chỉ số 766 phiên bản “{version}”.")


def config_for(day: date) -> IndexConfig:
    """The shipped config in force on ``day``: the latest whose ``valid_from`` ≤ ``day``."""
    candidates = [c for c in available_versions() if c.valid_from <= day]
    if not candidates:
        raise LookupError(
            f"Bộ chỉ số 766 chưa áp dụng vào ngày {format_date(day)} (ban hành ngày 23/06/2022)."
        )
    return candidates[-1]


# -------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class IndicatorResult:
    """A sub-indicator's outcome. ``score`` and ``ratio`` are ``None`` when insufficient."""

    indicator: Indicator
    score: Decimal | None
    ratio: Decimal | None
    missing: tuple[str, ...] = ()
    reason_vi: str | None = None

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def max_points(self) -> Decimal:
        return self.indicator.max_points

    @property
    def insufficient_data(self) -> bool:
        return self.score is None

    @property
    def score_text(self) -> str:
        """``"18,2"``-style (2 decimals), or "không đủ dữ liệu"."""
        return format_number(self.score, 2, empty=INSUFFICIENT_DATA_VI)

    @property
    def ratio_text(self) -> str:
        """``"91,00%"``, or "không đủ dữ liệu"."""
        if self.ratio is None:
            return INSUFFICIENT_DATA_VI
        return format_percent(self.ratio * _HUNDRED, 2)


@dataclass(frozen=True)
class GroupResult:
    """A group's outcome over the sub-indicators that could be computed."""

    group: Group
    indicators: tuple[IndicatorResult, ...]

    @property
    def code(self) -> str:
        return self.group.code

    @property
    def max_points(self) -> Decimal:
        return self.group.max_points

    @property
    def score(self) -> Decimal | None:
        """Sum of the computed sub-indicators; ``None`` when none could be computed."""
        scores = [r.score for r in self.indicators if r.score is not None]
        return sum(scores, _ZERO) if scores else None

    @property
    def max_attainable(self) -> Decimal:
        return sum((r.max_points for r in self.indicators if r.score is not None), _ZERO)

    @property
    def complete(self) -> bool:
        return all(r.score is not None for r in self.indicators)

    @property
    def insufficient_data(self) -> bool:
        return self.score is None

    @property
    def score_text(self) -> str:
        return format_number(self.score, 2, empty=INSUFFICIENT_DATA_VI)


@dataclass(frozen=True)
class IndexResult:
    """A unit's index: total over what could be computed, and what that total is out of.

    ``total`` is out of ``max_attainable`` (100 when ``complete``); ``normalized`` rescales
    it to 100 so units with different data coverage can be compared; ``band`` is the
    rating of ``normalized`` (provisional when not ``complete`` — show it as "tạm tính").
    """

    config: IndexConfig
    groups: tuple[GroupResult, ...]

    @property
    def version(self) -> str:
        return self.config.version

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        return tuple(r for g in self.groups for r in g.indicators)

    @property
    def total(self) -> Decimal | None:
        scores = [g.score for g in self.groups if g.score is not None]
        return sum(scores, _ZERO) if scores else None

    @property
    def max_attainable(self) -> Decimal:
        return sum((g.max_attainable for g in self.groups), _ZERO)

    @property
    def max_total(self) -> Decimal:
        return self.config.max_total

    @property
    def complete(self) -> bool:
        return all(g.complete for g in self.groups)

    @property
    def insufficient_data(self) -> bool:
        return self.total is None

    @property
    def normalized(self) -> Decimal | None:
        """``100 × total / max_attainable``; ``None`` when nothing could be computed."""
        total = self.total
        if total is None or self.max_attainable == 0:
            return None
        return total * _HUNDRED / self.max_attainable

    @property
    def band(self) -> Band | None:
        return self.config.band_for(self.normalized)

    @property
    def missing_counts(self) -> tuple[str, ...]:
        """Every count name whose absence left a sub-indicator uncomputed."""
        names: list[str] = []
        for result in self.indicators:
            for name in result.missing:
                if name not in names:
                    names.append(name)
        return tuple(names)

    @property
    def summary_vi(self) -> str:
        """``"77,5/90 điểm có dữ liệu (quy đổi 86,11/100) – Tốt (tạm tính)"``."""
        if self.total is None:
            return INSUFFICIENT_DATA_VI
        band = self.band.name_vi if self.band else ""
        if self.complete:
            return f"{format_number(self.total, 2)}/{_fmt_points(self.max_total)} – {band}"
        return (
            f"{format_number(self.total, 2)}/{_fmt_points(self.max_attainable)} điểm có dữ liệu "
            f"(quy đổi {format_number(self.normalized, 2)}/100) – {band} (tạm tính)"
        )


def _sum_terms(
    terms: tuple[Term, ...], counts: Mapping[str, Decimal | int | None]
) -> tuple[Decimal | None, list[str], bool]:
    """Sum of the terms; the missing names; whether a value was negative (invalid)."""
    total = _ZERO
    missing: list[str] = []
    negative = False
    for term in terms:
        if isinstance(term, Decimal):
            total += term
            continue
        value = counts.get(term)
        if value is None:
            missing.append(term)
            continue
        number = value if isinstance(value, Decimal) else Decimal(value)
        if number < 0:
            negative = True
        total += number
    return (None if missing else total), missing, negative


def _score_indicator(
    indicator: Indicator, counts: Mapping[str, Decimal | int | None]
) -> IndicatorResult:
    if indicator.numerator is None or indicator.denominator is None:
        return IndicatorResult(
            indicator, None, None, (), "chưa có nguồn số liệu để tính chỉ số này"
        )
    numerator, missing_num, neg_num = _sum_terms(indicator.numerator, counts)
    denominator, missing_den, neg_den = _sum_terms(indicator.denominator, counts)
    missing = tuple(dict.fromkeys(missing_num + missing_den))
    if missing:
        return IndicatorResult(
            indicator, None, None, missing, "thiếu số liệu: " + ", ".join(missing)
        )
    assert numerator is not None and denominator is not None
    if neg_num or neg_den:
        return IndicatorResult(indicator, None, None, (), "số liệu âm, không hợp lệ")
    if denominator == 0:
        return IndicatorResult(indicator, None, None, (), "mẫu số bằng 0")
    ratio = numerator / denominator
    effective = min(max(ratio, _ZERO), _ONE)
    if indicator.inverse:
        effective = _ONE - effective
    points = indicator.max_points * effective
    if indicator.threshold is not None:
        points = min(indicator.max_points, points / indicator.threshold)
    return IndicatorResult(indicator, points, ratio)


def score(config: IndexConfig, counts: Mapping[str, Decimal | int | None]) -> IndexResult:
    """Score one unit's counts (see the contract above) with one config version.

    Unknown count names in ``counts`` are ignored; missing or ``None`` counts and zero
    denominators make the sub-indicators that need them insufficient — never 0.
    """
    groups = tuple(
        GroupResult(g, tuple(_score_indicator(i, counts) for i in g.indicators))
        for g in config.groups
    )
    return IndexResult(config, groups)


K = TypeVar("K")


@dataclass(frozen=True)
class Ranked(Generic[K]):
    """A unit's place: ``rank`` is ``None`` when it has no score at all."""

    key: K
    rank: int | None
    score: Decimal | None
    result: IndexResult


def rank(
    results: Mapping[K, IndexResult] | Iterable[tuple[K, IndexResult]],
    *,
    by: Literal["normalized", "total"] = "normalized",
    places: int | None = 2,
) -> list[Ranked[K]]:
    """Competition ranking ("1224"): equal scores share a rank, the next rank skips.

    Ranked on ``normalized`` by default, so units whose data cover different
    sub-indicators compare on the same 100-point scale (it equals ``total`` when data are
    complete); ``by="total"`` ranks raw totals. Scores are compared at ``places`` decimals
    (2, as displayed) so two units shown with the same score never get different ranks.
    Units without a score come last, unranked; ties keep the input order.
    """
    items = list(results.items()) if isinstance(results, Mapping) else list(results)
    with_score: list[tuple[K, Decimal, IndexResult]] = []
    without_score: list[tuple[K, IndexResult]] = []
    for key, result in items:
        value = result.normalized if by == "normalized" else result.total
        if value is None:
            without_score.append((key, result))
            continue
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        with_score.append((key, value, result))
    with_score.sort(key=lambda item: item[1], reverse=True)  # stable: ties keep input order
    ranked: list[Ranked[K]] = []
    previous: Decimal | None = None
    current_rank = 0
    for position, (key, value, result) in enumerate(with_score, start=1):
        if value != previous:
            current_rank, previous = position, value
        ranked.append(Ranked(key, current_rank, value, result))
    ranked.extend(Ranked(key, None, None, result) for key, result in without_score)
    return ranked
