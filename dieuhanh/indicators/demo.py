"""Demo indicators for Lạng Sơn: the catalogue with plan 72-KH/BCĐ, the figures the seed
documents give, and deterministic synthetic values for everything else (2022–2025).

Calibrated facts (as the province's own documents state them):
- 13/9/2022: 261.153 Công dân số Xứ Lạng accounts; 34.560 official e-mail accounts;
  3.125 BTS stations; 1.680 community digital-technology teams; 20.981 digital
  certificates issued (report of September 2022) — the communes' synthetic figures add up
  to these exactly in September / Q3 2022.
- 2024: smartphone subscriptions 81,3%; households with fibre 80,6% (notice of 2024).
Everything else is synthetic and marked with the source "demo". Dossier figures come from
the dossier module's demo data.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from pathlib import Path
from random import Random

from django.db import transaction

from dieuhanh.core.periods import Period
from dieuhanh.demo import DemoContext, demo_step
from dieuhanh.indicators.catalogue import catalogue_import
from dieuhanh.indicators.models import DataValue, Measure
from dieuhanh.indicators.services import bump_data_version
from dieuhanh.orgunits.models import OrgUnit

YEARS = (2022, 2023, 2024, 2025)
CALIBRATION_MONTH = Period.of_month(2022, 9)
CALIBRATION_QUARTER = Period.of_quarter(2022, 3)

# Province-wide yearly figures, in %. 2024 smartphone and fibre are the seed's; the rest
# are synthetic, shaped so that plan 72-KH/BCĐ's 2023 scorecard has both met and unmet targets.
PROVINCE_YEARLY: dict[str, dict[int, str]] = {
    "smartphone_rate": {2022: "72.5", 2023: "77.9", 2024: "81.3", 2025: "84.6"},
    "fibre_household_rate": {2022: "68.4", 2023: "76.2", 2024: "80.6", 2025: "84.1"},
    "internal_ops_on_platform_rate": {2022: "96.0", 2023: "100", 2024: "100", 2025: "100"},
    "digital_economy_grdp_share": {2022: "7.2", 2023: "8.7", 2024: "9.8", 2025: "11.2"},
    "digital_economy_sector_share_min": {2022: "1.1", 2023: "1.6", 2024: "2.1", 2025: "2.6"},
    "einvoice_enterprise_rate": {2022: "98.6", 2023: "100", 2024: "100", 2025: "100"},
    "bank_account_rate_15plus": {2022: "64.0", 2023: "71.2", 2024: "77.5", 2025: "82.0"},
    "border_platform_coverage_rate": {2022: "100", 2023: "100", 2024: "100", 2025: "100"},
    "border_platform_agency_rate": {2022: "92.0", 2023: "100", 2024: "100", 2025: "100"},
    "infosys_level_rate": {2022: "61.0", 2023: "78.0", 2024: "93.0", 2025: "100"},
    "endpoint_protection_rate": {2022: "85.0", 2023: "92.4", 2024: "95.1", 2025: "97.0"},
}
# Totals the communes (and departments) must add up to at the calibration period.
CALIBRATED_STOCKS = {
    "cds_accounts": 261_153,
    "email_accounts": 34_560,
    "bts_stations": 3_125,
    "community_tech_teams": 1_680,
}
CERTIFICATES_Q3_2022 = 20_981


def _rng(*key: object) -> Random:
    return Random(zlib.crc32("|".join(map(str, key)).encode()))


def _allocate(total: int, weights: dict[int, float]) -> dict[int, int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder), so
    the parts add up exactly."""
    whole = sum(weights.values())
    raw = {k: total * w / whole for k, w in weights.items()}
    parts = {k: int(v) for k, v in raw.items()}
    short = total - sum(parts.values())
    for k in sorted(raw, key=lambda k: (raw[k] - parts[k], -k), reverse=True)[:short]:
        parts[k] += 1
    return parts


def _months() -> list[Period]:
    return [m for y in YEARS for m in Period.of_year(y).months()]


def _quarters() -> list[Period]:
    return [Period.of_quarter(y, q) for y in YEARS for q in (1, 2, 3, 4)]


@dataclass(frozen=True)
class _Row:
    measure: str
    unit: int
    period: str
    value: Decimal
    covers_subtree: bool = False


def _d(value: float, places: int = 0) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


class _Units:
    """The reporting units alive in each period, with the lineage to carry stocks across
    the 2025 merger."""

    def __init__(self, province: OrgUnit) -> None:
        self.province = province
        units = OrgUnit.objects.filter(
            path__startswith=province.path, kind__in=["commune", "department"]
        )
        self.all = list(units.order_by("code"))
        self.preds: dict[int, list[tuple[int, Decimal]]] = {}
        from dieuhanh.orgunits.models import OrgUnitLineage

        for link in OrgUnitLineage.objects.filter(successor__in=self.all).values_list(
            "successor_id", "predecessor_id", "share"
        ):
            self.preds.setdefault(link[0], []).append((link[1], link[2]))

    def alive(self, period: Period, kinds: tuple[str, ...]) -> list[OrgUnit]:
        return [
            u
            for u in self.all
            if u.kind in kinds
            and (u.valid_from is None or u.valid_from <= period.start)
            and (u.valid_to is None or u.valid_to >= period.end)
        ]


def _growth(period: Period, yearly: float) -> float:
    """A smooth level relative to the calibration month: 1.0 in September 2022."""
    months = (period.year - 2022) * 12 + (period.last_month - 9)
    return (1 + yearly) ** (months / 12)


def _stock_rows(
    units: _Units,
    code: str,
    periods: list[Period],
    calibration: Period,
    kinds: tuple[str, ...],
    yearly: float,
) -> Iterator[_Row]:
    """A stock calibrated to the seed's total at ``calibration``, growing by ``yearly``;
    after the merger a new commune continues its predecessors' levels (by share)."""
    before = units.alive(calibration, kinds)
    weights = {
        u.pk: 0.4 + _rng(code, u.code).random() * (3.0 if u.kind == "department" else 1.6)
        for u in before
    }
    base = _allocate(CALIBRATED_STOCKS[code], weights)
    noise = {u.pk: _rng(code, "g", u.code).uniform(-0.04, 0.06) for u in units.all}

    def level(uid: int, period: Period) -> float:
        if uid in base:
            return base[uid] * _growth(period, yearly + noise[uid])
        return sum(float(share) * level(pred, period) for pred, share in units.preds.get(uid, []))

    for period in periods:
        for u in units.alive(period, kinds):
            exact = period == calibration and u.pk in base
            value = base[u.pk] if exact else round(level(u.pk, period))
            yield _Row(code, u.pk, period.code, Decimal(value))


def _rows(province: OrgUnit) -> Iterator[_Row]:
    units = _Units(province)
    months, quarters = _months(), _quarters()
    commune_and_dept = ("commune", "department")

    # Documents sent and the share signed digitally, monthly, rising over the years.
    for period in months:
        for u in units.alive(period, commune_and_dept):
            rng = _rng("docs", u.code, period.code)
            sent = rng.randint(80, 260) if u.kind == "department" else rng.randint(18, 70)
            share = min(0.995, 0.62 + 0.09 * (period.year - 2022) + rng.uniform(-0.06, 0.06))
            yield _Row("docs_sent", u.pk, period.code, Decimal(sent))
            yield _Row("docs_sent_signed", u.pk, period.code, Decimal(round(sent * share)))

    # Officials and those using official e-mail, quarterly.
    for period in quarters:
        for u in units.alive(period, commune_and_dept):
            rng = _rng("officials", u.code)
            staff = rng.randint(45, 140) if u.kind == "department" else rng.randint(18, 32)
            share = min(
                1.0,
                0.58
                + 0.08 * (period.year - 2022)
                + _rng("mail", u.code, period.code).uniform(-0.07, 0.07),
            )
            yield _Row("officials", u.pk, period.code, Decimal(staff))
            yield _Row("officials_email_active", u.pk, period.code, Decimal(round(staff * share)))

    yield from _stock_rows(units, "cds_accounts", months, CALIBRATION_MONTH, ("commune",), 0.18)
    yield from _stock_rows(
        units, "email_accounts", quarters, CALIBRATION_QUARTER, commune_and_dept, 0.03
    )
    yield from _stock_rows(
        units, "bts_stations", quarters, CALIBRATION_QUARTER, ("commune",), 0.045
    )
    yield from _stock_rows(
        units, "community_tech_teams", quarters, CALIBRATION_QUARTER, ("commune",), 0.01
    )

    for period in quarters:
        value = (
            CERTIFICATES_Q3_2022
            if period == CALIBRATION_QUARTER
            else round(CERTIFICATES_Q3_2022 * _growth(period, 0.22))
        )
        yield _Row("digital_certificates", province.pk, period.code, Decimal(value), True)
    for code, by_year in PROVINCE_YEARLY.items():
        for year, text in by_year.items():
            yield _Row(code, province.pk, str(year), Decimal(text), True)


@demo_step(30, "Chỉ số, Kế hoạch 72-KH/BCĐ và số liệu (2022–2025)")
def indicators_demo(ctx: DemoContext) -> None:
    path = Path(str(resources.files("dieuhanh.indicators") / "data" / "demo-catalogue.yaml"))
    report = catalogue_import(actor=None, data_or_file=path)
    if not report.ok:
        raise RuntimeError("\n".join(f"{e.location}: {e.message}" for e in report.errors))
    ctx.log(
        "  Danh mục: "
        + ", ".join(f"{k} {v.created} mới/{v.updated} sửa" for k, v in report.counts.items())
    )
    province = OrgUnit.objects.get(code="20")
    measures = {m.code: m.pk for m in Measure.objects.all()}
    existing = set(
        DataValue.objects.filter(source=DataValue.Source.DEMO).values_list(
            "measure_id", "unit_id", "period"
        )
    )
    new = [
        DataValue(
            measure_id=measures[r.measure],
            unit_id=r.unit,
            period=r.period,
            value=r.value,
            covers_subtree=r.covers_subtree,
            source=DataValue.Source.DEMO,
            comment="Số liệu mẫu (demo)"
            if r.measure not in {"smartphone_rate", "fibre_household_rate"} or r.period != "2024"
            else "Theo thông báo kết luận của tỉnh năm 2024",
        )
        for r in _rows(province)
        if (measures[r.measure], r.unit, r.period) not in existing
    ]
    with transaction.atomic():
        DataValue.objects.bulk_create(new, batch_size=2000)
        if new:
            bump_data_version()
    ctx.log(f"  Số liệu: {len(new)} giá trị mới, {len(existing)} đã có.")
