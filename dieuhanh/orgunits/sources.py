"""Read a province's administrative units from the official-list packages.

- ``vietnam-provinces``: the 34 provinces and their communes and wards since 1/7/2025,
  with official NSO codes and names.
- ``vietnamadminunits``: the 63-province list before 1/7/2025 (districts and their
  communes), coordinates, and the mapping of old communes to the new ones, including old
  communes split between several new ones.

This module only reads and reshapes those lists into plain records; writing them is
``services.province_load``. Nothing here touches the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from vietnam_provinces import Province, ProvinceCode, Ward
from vietnamadminunits.database import query

# Resolution 202/2025/QH15 and the communes' resolutions took effect on 1/7/2025.
RESTRUCTURE_DATE = date(2025, 7, 1)
LAST_DAY_BEFORE = date(2025, 6, 30)


class UnknownProvinceError(LookupError):
    pass


@dataclass(frozen=True)
class UnitRecord:
    key: str  # a stable key inside one load, for wiring parents and lineage
    nso_code: str
    name: str
    kind: str
    division_type: str
    parent_key: str | None
    valid_from: date | None
    valid_to: date | None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass(frozen=True)
class LineageRecord:
    predecessor_key: str
    successor_key: str
    share: Decimal
    method: str
    effective_date: date
    basis: str


@dataclass
class ProvinceData:
    code: str
    name: str
    units: list[UnitRecord] = field(default_factory=list)
    lineage: list[LineageRecord] = field(default_factory=list)


@cache
def _converter() -> dict[str, Any]:
    path = resources.files("vietnamadminunits") / "data" / "converter_2025.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


def _sql_text(value: str) -> str:
    return value.replace("'", "''")


def _province(code: str) -> Province:
    try:
        return Province.from_code(ProvinceCode(int(code)))
    except (ValueError, KeyError) as exc:
        valid = ", ".join(f"{int(p.code):02d}" for p in Province.iter_all())
        raise UnknownProvinceError(
            f"Không có tỉnh, thành phố mã “{code}”. Các mã hợp lệ: {valid}."
        ) from exc


def province_codes() -> list[str]:
    return [f"{int(p.code):02d}" for p in Province.iter_all()]


def read_province(code: str) -> ProvinceData:
    """Every unit of province ``code`` (NSO code, e.g. "20" for Lạng Sơn), then and now."""
    if not code.isdigit():
        raise UnknownProvinceError(f"Mã tỉnh “{code}” không hợp lệ: mã tỉnh là số, ví dụ 20.")
    province = _province(code)
    code = f"{int(province.code):02d}"
    division = province.division_type.value  # "tỉnh" or "thành phố trung ương"
    prefix = "Tỉnh" if division == "tỉnh" else "Thành phố"
    full_name = province.name if province.name.startswith(prefix) else f"{prefix} {province.name}"

    current_rows = query(
        f"SELECT DISTINCT provinceKey, provinceLat, provinceLon, wardCode, wardLat, wardLon, "
        f"wardKey FROM admin_units WHERE provinceCode = '{_sql_text(code)}'"
    )
    if not current_rows:
        raise UnknownProvinceError(f"Không tìm thấy danh sách xã, phường của tỉnh mã “{code}”.")
    province_key = current_rows[0]["provinceKey"]
    wards = sorted(
        (w for w in Ward.iter_all() if int(w.province_code) == int(code)),
        key=lambda w: int(w.code),
    )
    # The two packages disagree on a few ward codes; vietnam-provinces carries the
    # official list, so join them on the unaccented name key instead of on the code.
    official_by_key = {w.codename.replace("_", ""): f"{int(w.code):05d}" for w in wards}
    ward_key_to_code = {
        r["wardKey"]: official_by_key.get(r["wardKey"], r["wardCode"]) for r in current_rows
    }
    coords_by_ward = {
        ward_key_to_code[r["wardKey"]]: (r["wardLat"], r["wardLon"]) for r in current_rows
    }

    data = ProvinceData(code=code, name=full_name)
    province_key_unit = f"P{code}"
    data.units.append(
        UnitRecord(
            key=province_key_unit,
            nso_code=code,
            name=full_name,
            kind="province",
            division_type=prefix,
            parent_key=None,
            valid_from=None,
            valid_to=None,
            latitude=_dec(current_rows[0]["provinceLat"]),
            longitude=_dec(current_rows[0]["provinceLon"]),
        )
    )
    for ward in wards:
        ward_code = f"{int(ward.code):05d}"
        lat, lon = coords_by_ward.get(ward_code, (None, None))
        division_type = ward.division_type.value.capitalize()
        data.units.append(
            UnitRecord(
                key=f"W{ward_code}",
                nso_code=ward_code,
                name=ward.name,
                kind="commune",
                division_type=division_type,
                parent_key=province_key_unit,
                valid_from=RESTRUCTURE_DATE,
                valid_to=None,
                latitude=_dec(lat),
                longitude=_dec(lon),
            )
        )

    _add_legacy(data, province_key, ward_key_to_code)
    return data


def _add_legacy(data: ProvinceData, province_key: str, ward_key_to_code: dict[str, str]) -> None:
    """Add the units before 1/7/2025 and their lineage into today's communes."""
    conv = _converter()
    old_province_keys: list[str] = conv["DICT_PROVINCE"].get(province_key, [province_key])
    keys_sql = ", ".join(f"'{_sql_text(k)}'" for k in old_province_keys)
    rows = query(
        "SELECT DISTINCT province, provinceKey, provinceCode, provinceLat, provinceLon, "
        "district, districtKey, districtCode, districtType, districtLat, districtLon, "
        "ward, wardKey, wardCode, wardType, wardLat, wardLon "
        f"FROM admin_units_legacy WHERE provinceKey IN ({keys_sql})"
    )
    province_unit_key = f"P{data.code}"
    old_key_to_unit: dict[str, str] = {}
    seen: set[str] = set()
    for r in sorted(rows, key=lambda r: (r["provinceCode"], r["districtCode"], r["wardCode"])):
        # An old province with the same code as today's continues as the same unit;
        # another one (merged in) ends on 30/6/2025 and flows into today's province.
        if r["provinceCode"] == data.code:
            parent_province = province_unit_key
        else:
            parent_province = f"P{r['provinceCode']}-old"
            if parent_province not in seen:
                seen.add(parent_province)
                data.units.append(
                    UnitRecord(
                        key=parent_province,
                        nso_code=r["provinceCode"],
                        name=r["province"],
                        kind="province",
                        division_type=r["province"].split(" ")[0],
                        parent_key=None,
                        valid_from=None,
                        valid_to=LAST_DAY_BEFORE,
                        latitude=_dec(r["provinceLat"]),
                        longitude=_dec(r["provinceLon"]),
                    )
                )
                data.lineage.append(
                    LineageRecord(
                        predecessor_key=parent_province,
                        successor_key=province_unit_key,
                        share=Decimal(1),
                        method="merge",
                        effective_date=RESTRUCTURE_DATE,
                        basis="Nghị quyết 202/2025/QH15",
                    )
                )
        district_key = f"D{r['districtCode']}"
        if district_key not in seen:
            seen.add(district_key)
            data.units.append(
                UnitRecord(
                    key=district_key,
                    nso_code=r["districtCode"],
                    name=r["district"],
                    kind="district",
                    division_type=r["districtType"],
                    parent_key=parent_province,
                    valid_from=None,
                    valid_to=LAST_DAY_BEFORE,
                    latitude=_dec(r["districtLat"]),
                    longitude=_dec(r["districtLon"]),
                )
            )
        if not r["wardCode"]:
            # An island district without communes became a special zone (đặc khu) whole.
            old_key_to_unit[f"{r['provinceKey']}_{r['districtKey']}_"] = district_key
            continue
        unit_key = f"C{r['wardCode']}"
        old_key_to_unit[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = unit_key
        data.units.append(
            UnitRecord(
                key=unit_key,
                nso_code=r["wardCode"],
                name=r["ward"],
                kind="commune",
                division_type=r["wardType"],
                parent_key=district_key,
                valid_from=None,
                valid_to=LAST_DAY_BEFORE,
                latitude=_dec(r["wardLat"]),
                longitude=_dec(r["wardLon"]),
            )
        )

    basis = "Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã năm 2025"
    undivided = conv["DICT_PROVINCE_WARD_NO_DIVIDED"].get(province_key, {})
    for new_ward_key, old_keys in sorted(undivided.items()):
        successor = f"W{ward_key_to_code[new_ward_key]}"
        for old_key in old_keys:
            if old_key in old_key_to_unit:
                data.lineage.append(
                    LineageRecord(
                        predecessor_key=old_key_to_unit[old_key],
                        successor_key=successor,
                        share=Decimal(1),
                        method="merge",
                        effective_date=RESTRUCTURE_DATE,
                        basis=basis,
                    )
                )
    divided = conv["DICT_PROVINCE_WARD_DIVIDED"].get(province_key, {})
    for old_key, new_wards in sorted(divided.items()):
        if old_key not in old_key_to_unit:
            continue
        # The official lists do not say how an old commune's population or dossiers
        # divide; an equal split is the neutral default, editable per lineage row
        # (docs/adr/0003-effective-dated-units.md).
        share = (Decimal(1) / len(new_wards)).quantize(Decimal("0.000001"))
        for new_ward in sorted(new_wards, key=lambda w: w["newWardKey"]):
            data.lineage.append(
                LineageRecord(
                    predecessor_key=old_key_to_unit[old_key],
                    successor_key=f"W{ward_key_to_code[new_ward['newWardKey']]}",
                    share=share,
                    method="split",
                    effective_date=RESTRUCTURE_DATE,
                    basis=basis,
                )
            )
