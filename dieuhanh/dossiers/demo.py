"""Demo dossiers, procedures and feedback for Lạng Sơn, 2022–2025 (``@demo_step(35)``).

Deterministic synthetic data, spread over the units of their time (departments, districts
and the old communes until 30/6/2025 — the departments merged on 1/3/2025 —, today's
communes after), over procedures (few very frequent, many rare) and over working days,
with online filing, timeliness, digitisation and online payment rising over the years.
Calibrated so that the province's own reports come out exactly (seed 004):

- 01/01–14/09/2022: 152.508 dossiers received, 84.307 online (68.201 in person);
  152.062 resolved, 144.100 on time and 7.962 late; 914 online public services had
  dossiers, 720 of them online dossiers (78,77%);
- 9 months of 2024: 239.723 received, 234.745 online (97,92%);
- feedback up to 13/09/2022: 238 received, 96 processed, 69 in progress, 71 rejected
  (and 2 forwarded to another authority, which the report counts in the 238 only).

``dieuhanh dossiers stats --unit 20 --from 2022-01-01 --to 2022-09-14`` and
``--period 2024-9M`` show them. Volume: the calibrated periods at full size, the other
months at ``OTHER_SCALE`` of the province's real rate (see docs/dossiers.md).
The dossiers are written through the importer's own write path and counted by the same
recount as an import. Idempotent: a second run finds its completed run and adds nothing.
"""

from __future__ import annotations

import bisect
import itertools
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random
from typing import Any

from django.db import transaction
from django.utils import timezone

from dieuhanh.demo import DemoContext, demo_step
from dieuhanh.dossiers import counting, store
from dieuhanh.dossiers.models import (
    Dossier,
    Feedback,
    ImportRun,
    Procedure,
    RecountMark,
    SourceSystem,
)
from dieuhanh.dossiers.parsing import derive, month_of, months_between
from dieuhanh.orgunits.models import OrgUnit, OrgUnitLineage

# --- the seed's figures ---------------------------------------------------------------
W1 = (date(2022, 1, 1), date(2022, 9, 14))
W1_RECEIVED, W1_ONLINE = 152_508, 84_307
W1_RESOLVED, W1_ON_TIME = 152_062, 144_100
W1_SERVICES, W1_SERVICES_ONLINE = 914, 720
W2 = (date(2024, 1, 1), date(2024, 9, 30))
W2_RECEIVED, W2_ONLINE = 239_723, 234_745
FEEDBACK_TO = date(2022, 9, 13)
FEEDBACK_RECEIVED, FEEDBACK_PROCESSED, FEEDBACK_OPEN, FEEDBACK_REJECTED = 238, 96, 69, 71
FEEDBACK_FORWARDED = FEEDBACK_RECEIVED - FEEDBACK_PROCESSED - FEEDBACK_OPEN - FEEDBACK_REJECTED

LAST_DAY = date(2025, 12, 31)
CARRY_FROM = date(2021, 12, 13)
# Dossiers received per calendar day outside the calibrated periods, as a share of the
# province's real rate (≈ 800–900 a day): the demo's build time is the constraint.
OTHER_SCALE = 0.3
DAILY_RATE = {2022: 593.0, 2023: 800.0, 2024: 875.0, 2025: 900.0}
ONLINE_SHARE = {2022: 0.62, 2023: 0.86, 2024: 0.98, 2025: 0.985}
ON_TIME = {2021: 0.95, 2022: 0.9476, 2023: 0.968, 2024: 0.982, 2025: 0.988}
PAID_ONLINE = {2021: 0.1, 2022: 0.14, 2023: 0.32, 2024: 0.55, 2025: 0.66}
DIGITISED = {2021: 0.3, 2022: 0.36, 2023: 0.58, 2024: 0.8, 2025: 0.9}
E_RESULT = {2021: 0.15, 2022: 0.21, 2023: 0.47, 2024: 0.72, 2025: 0.86}
LUNAR_NEW_YEAR = {
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
}
SOURCE_CODE = "motcua-langson"
FEEDBACK_SOURCE_CODE = "pakn-langson"

# --- the procedure catalogue ----------------------------------------------------------
# (department short code, fields, best-known procedures first)
DEPARTMENT_PROCEDURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "STNMT": (
        ("Đất đai", "Môi trường", "Tài nguyên nước", "Khoáng sản"),
        (
            "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
            "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
            "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
            "Xóa đăng ký thế chấp quyền sử dụng đất",
            "Cung cấp dữ liệu đất đai",
        ),
    ),
    "SGTVT": (
        ("Đường bộ", "Đường thủy nội địa"),
        (
            "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
            "Cấp lại giấy phép lái xe",
            "Cấp phù hiệu xe kinh doanh vận tải",
            "Cấp giấy phép lái xe quốc tế",
        ),
    ),
    "STP": (
        ("Lý lịch tư pháp", "Công chứng", "Hộ tịch", "Luật sư"),
        (
            "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            "Đăng ký khai sinh có yếu tố nước ngoài",
            "Đăng ký hành nghề công chứng",
        ),
    ),
    "SKHDT": (
        ("Thành lập và hoạt động của doanh nghiệp", "Đầu tư tại Việt Nam"),
        (
            "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
            "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
            "Thông báo tạm ngừng kinh doanh",
        ),
    ),
    "SNNPTNT": (
        ("Trồng trọt", "Chăn nuôi", "Thú y", "Lâm nghiệp", "Thủy lợi"),
        ("Cấp giấy chứng nhận kiểm dịch động vật vận chuyển ra khỏi địa bàn tỉnh",),
    ),
    "SXD": (("Xây dựng", "Nhà ở", "Quy hoạch"), ("Cấp giấy phép xây dựng công trình",)),
    "SCT": (
        ("Thương mại quốc tế", "Điện", "An toàn thực phẩm", "Xăng dầu"),
        ("Cấp giấy chứng nhận xuất xứ hàng hóa",),
    ),
    "SYT": (("Khám bệnh, chữa bệnh", "Dược phẩm"), ("Cấp chứng chỉ hành nghề dược",)),
    "SGDDT": (
        ("Giáo dục và Đào tạo", "Văn bằng, chứng chỉ"),
        ("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",),
    ),
    "SLDTBXH": (
        ("Lao động", "Người có công", "Bảo trợ xã hội", "Giáo dục nghề nghiệp"),
        ("Cấp giấy phép lao động cho người lao động nước ngoài",),
    ),
    "SNV": (("Tổ chức hành chính", "Thi đua, khen thưởng", "Tôn giáo"), ()),
    "STC": (("Quản lý công sản", "Giá", "Ngân sách"), ()),
    "STTTT": (("Báo chí", "Xuất bản, in và phát hành", "Viễn thông và Internet"), ()),
    "SVHTTDL": (("Văn hóa", "Thể dục thể thao", "Du lịch", "Gia đình"), ()),
    "SNGV": (("Ngoại vụ",), ()),
    "TTT": (("Tiếp công dân", "Giải quyết khiếu nại"), ()),
    "VPUBND": (("Kiểm soát thủ tục hành chính",), ()),
    "BDT": (("Công tác dân tộc",), ()),
    "SKHCN": (("Hoạt động khoa học và công nghệ", "Tiêu chuẩn đo lường chất lượng"), ()),
    "SNNMT": ((), ()),
    "SDTTG": (("Tín ngưỡng, tôn giáo",), ()),
}
DISTRICT_PROCEDURES = (
    ("Đất đai", "Hộ kinh doanh", "Xây dựng", "Hộ tịch", "Bảo trợ xã hội", "Giáo dục"),
    (
        "Đăng ký thành lập hộ kinh doanh",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan nước ngoài cấp",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Thu hồi đất, giao đất, cho thuê đất",
    ),
)
COMMUNE_PROCEDURES = (
    ("Chứng thực", "Hộ tịch", "Người có công", "Bảo trợ xã hội", "Nông nghiệp"),
    (
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Đăng ký khai sinh",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Cấp giấy xác nhận tình trạng hôn nhân",
        "Đăng ký kết hôn",
        "Đăng ký khai tử",
        "Trích lục hộ tịch",
        "Đăng ký thường trú",
    ),
)
# Provincial procedures per department; district and commune levels.
PROVINCIAL_PER_DEPARTMENT = 62
DISTRICT_COUNT, COMMUNE_COUNT = 300, 150
ONLINE_SHARE_OF_CATALOGUE = {"province": 0.66, "district": 0.77, "commune": 0.8}

SEVEN = timedelta(hours=7)


def _rng(*key: object) -> Random:
    return Random(zlib.crc32("|".join(map(str, key)).encode()))


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, whole numbers that add up exactly."""
    whole = sum(weights) or 1.0
    raw = [total * w / whole for w in weights]
    parts = [int(x) for x in raw]
    short = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)
    for i in order[:short]:
        parts[i] += 1
    return parts


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _day_weight(day: date) -> float:
    weekday = day.weekday()
    weight = 1.0 if weekday < 5 else (0.18 if weekday == 5 else 0.03)
    tet = LUNAR_NEW_YEAR.get(day.year)
    if tet is not None and -3 <= (day - tet).days <= 5:
        weight *= 0.05
    if day.month == 1 and day.day == 1:
        weight *= 0.05
    return weight * (1.0 + 0.08 * (day.month in (3, 4, 10, 11)))


# --------------------------------------------------------------------- the catalogue


@dataclass
class Proc:
    pk: int
    code: str
    level: str  # province, district, commune
    owner: str  # department short code for the province level
    online: bool
    fee: bool
    days: int
    field_code: str
    rank: int


@dataclass
class Pool:
    """Procedures a unit can receive, with cumulative weights for each draw."""

    procs: list[Proc]
    cumulative: dict[str, tuple[list[float], list[Proc]]] = field(default_factory=dict)

    def sampler(self, subset: str) -> tuple[list[float], list[Proc]]:
        found = self.cumulative.get(subset)
        if found is None:
            chosen = [p for p in self.procs if _in_subset(p, subset)]
            chosen.sort(key=lambda p: p.rank)
            weights = list(itertools.accumulate(1.0 / (i + 1) ** 1.15 for i in range(len(chosen))))
            found = self.cumulative[subset] = (weights, chosen)
        return found


_W1_ONLINE: set[int] = set()  # "A": online services with online dossiers in the window
_W1_DIRECT: set[int] = set()  # "B": online services with only in-person dossiers then


def _in_subset(p: Proc, subset: str) -> bool:
    if subset == "any":
        return True
    if subset == "online":
        return p.online
    if subset == "w1-online":
        return p.pk in _W1_ONLINE
    # w1-direct: the window's in-person dossiers: A, B and the procedures not online.
    return p.pk in _W1_ONLINE or p.pk in _W1_DIRECT or not p.online


#: How a procedure's level is written in the demo catalogue's names.
LEVEL_VI = {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}


def _catalogue() -> list[Procedure]:
    rows: list[Procedure] = []
    serial = itertools.count(1001)

    def add(
        level: str, owner: str, fields: tuple[str, ...], named: tuple[str, ...], n: int
    ) -> None:
        rng = _rng("catalogue", level, owner)
        share = ONLINE_SHARE_OF_CATALOGUE[level]
        prefix = {"province": "1", "district": "2", "commune": "3"}[level]
        sample = " ".join(filter(None, [LEVEL_VI[level], owner]))
        for i in range(n):
            field_name = fields[i % len(fields)] if fields else "Khác"
            name = (
                named[i]
                if i < len(named)
                else f"Thủ tục lĩnh vực {field_name} (mẫu {sample} {i + 1:03d})"
            )
            online = i < len(named) or rng.random() < share
            code = f"{prefix}.{next(serial):06d}"
            rows.append(
                Procedure(
                    code=code,
                    name=name,
                    field_code=f"{owner or level.upper()}-{(i % max(len(fields), 1)) + 1:02d}",
                    field_name=field_name,
                    online_level=(2 if rng.random() < 0.6 else 1) if online else 0,
                    fee_bearing=rng.random() < 0.35,
                    paper_result=rng.random() < 0.8,
                    from_catalogue=True,
                )
            )

    for short, (fields, named) in DEPARTMENT_PROCEDURES.items():
        if fields:
            add("province", short, fields, named, PROVINCIAL_PER_DEPARTMENT)
    add("district", "", *DISTRICT_PROCEDURES, DISTRICT_COUNT)
    add("commune", "", *COMMUNE_PROCEDURES, COMMUNE_COUNT)
    return rows


def _procs() -> list[Proc]:
    out = []
    for p in Procedure.objects.filter(from_catalogue=True).order_by("code"):
        level = {"1": "province", "2": "district", "3": "commune"}.get(p.code[0])
        if level is None:
            continue
        owner = p.field_code.split("-")[0] if level == "province" else ""
        rng = _rng("proc", p.code)
        if level == "commune":
            days = rng.choice((0, 0, 0, 1, 1, 3, 5))
        elif level == "district":
            days = rng.choice((3, 5, 7, 10, 15, 20, 30))
        else:
            days = rng.choice((1, 3, 5, 7, 10, 15, 20, 30))
        rank = int(p.code.split(".")[1])  # created in order of use: the first are the busiest
        out.append(
            Proc(p.pk, p.code, level, owner, p.online, p.fee_bearing, days, p.field_code, rank)
        )
    return out


# ------------------------------------------------------------------------ the units


@dataclass
class Era:
    start: date
    end: date
    cumulative: list[float]  # for online dossiers
    units: list[tuple[int, str, str, Pool, date | None]]  # id, ref, kind, pool, valid_to
    cumulative_direct: list[float] = field(default_factory=list)


def _quality(code: str) -> float:
    """How much better (up to +1) or worse (−1) than the province a unit does: units differ
    in online filing, timeliness and digitisation, so that the 766 ranking means something."""
    return _rng("quality", code).uniform(-1.0, 1.0)


def _eras(procs: list[Proc]) -> list[Era]:
    units = list(
        OrgUnit.objects.filter(kind__in=["department", "district", "commune"]).order_by("code")
    )
    by_code = {u.code: u for u in units}
    short_of = {u.pk: u.code.split("-", 1)[1] for u in units if u.kind == "department"}
    successors: dict[str, list[str]] = {}
    for pred, succ in OrgUnitLineage.objects.filter(predecessor__kind="department").values_list(
        "predecessor__code", "successor__code"
    ):
        successors.setdefault(pred.split("-", 1)[1], []).append(succ.split("-", 1)[1])

    def owner_at(p: Proc, day: date) -> str:
        owner = p.owner
        unit = by_code.get(f"20-{owner}")
        while unit is not None and unit.valid_to is not None and unit.valid_to < day:
            nexts = successors.get(owner, [])
            if not nexts:
                break
            owner = sorted(nexts)[p.pk % len(nexts)]
            unit = by_code.get(f"20-{owner}")
        return owner

    eras = []
    bounds = [(date(2021, 1, 1), date(2025, 2, 28)), (date(2025, 3, 1), date(2025, 6, 30))]
    bounds.append((date(2025, 7, 1), date(2026, 12, 31)))
    for start, end in bounds:
        alive = [u for u in units if u.is_valid_on(start)]
        district_pool = Pool([p for p in procs if p.level == "district"])
        commune_pool = Pool([p for p in procs if p.level == "commune"])
        merged_pool = Pool([p for p in procs if p.level in ("district", "commune")])
        department_pools: dict[str, Pool] = {}
        for p in procs:
            if p.level == "province":
                department_pools.setdefault(owner_at(p, start), Pool([])).procs.append(p)
        entries = []
        weights = []
        districts = [u for u in alive if u.kind == "district"]
        communes = [u for u in alive if u.kind == "commune"]
        departments = [u for u in alive if u.kind == "department"]
        new_communes = start >= date(2025, 7, 1)
        level_share = {"department": 0.31, "district": 0.0 if new_communes else 0.22}
        level_share["commune"] = 1.0 - level_share["department"] - level_share["district"]
        for group, kind in (
            (departments, "department"),
            (districts, "district"),
            (communes, "commune"),
        ):
            if not group:
                continue
            raw = []
            for u in group:
                rng = _rng("unit-weight", u.code)
                w = 0.3 + rng.random() * 1.7
                if u.kind == "commune" and u.name.startswith("Phường"):
                    w *= 3.0
                if u.kind == "department" and short_of[u.pk] in ("STNMT", "SNNMT", "SGTVT", "SXD"):
                    w *= 3.0
                raw.append(w)
            total = sum(raw)
            for u, w in zip(group, raw, strict=True):
                if kind == "department":
                    pool = department_pools.get(short_of[u.pk])
                    if pool is None or not pool.procs:
                        continue
                elif kind == "district":
                    pool = district_pool
                else:
                    pool = merged_pool if new_communes else commune_pool
                ref = u.nso_code or u.code
                entries.append((u.pk, ref, kind, pool, u.valid_to))
                weights.append(level_share[kind] * w / total)
        online_weights = [
            w * (1 + 0.6 * _quality(str(e[0]))) for w, e in zip(weights, entries, strict=True)
        ]
        direct_weights = [
            w * (1 - 0.6 * _quality(str(e[0]))) for w, e in zip(weights, entries, strict=True)
        ]
        eras.append(
            Era(
                start,
                end,
                list(itertools.accumulate(online_weights)),
                entries,
                list(itertools.accumulate(direct_weights)),
            )
        )
    return eras


def _era(eras: list[Era], day: date) -> Era:
    for era in eras:
        if era.start <= day <= era.end:
            return era
    return eras[-1]


# ------------------------------------------------------------------------ dossiers


@dataclass
class D:
    """A generated dossier (mutable while the calibration adjusts it)."""

    code: str
    proc: Proc
    unit: int
    ref: str
    channel: int
    status: int
    received: datetime
    due: datetime
    end: datetime | None
    returned: datetime | None
    supplements: list[tuple[datetime, datetime]]
    paid: bool
    digitised: bool
    eresult: bool


class Generator:
    def __init__(self, procs: list[Proc], eras: list[Era]) -> None:
        self.procs = procs
        self.eras = eras
        self.rng = Random(766)
        self.serial: dict[int, int] = {}
        self.day_text: dict[int, str] = {}
        self.qualities: dict[int, float] = {}

    def quality(self, unit: int) -> float:
        found = self.qualities.get(unit)
        if found is None:
            found = self.qualities[unit] = _quality(str(unit))
        return found

    def _code(self, unit: int, day: date) -> str:
        ordinal = day.toordinal()
        key = unit * 1_000_000 + ordinal
        n = self.serial.get(key, 0) + 1
        self.serial[key] = n
        text = self.day_text.get(ordinal)
        if text is None:
            text = self.day_text[ordinal] = day.strftime("%y%m%d")
        return f"000.{unit % 100:02d}.{unit // 100:02d}.H36-{text}-{n:04d}"

    def dossier(
        self,
        day: date,
        online: bool,
        subset: str,
        forced: tuple[Proc, int, str, date | None] | None = None,
    ) -> D:
        rng = self.rng
        if forced is not None:
            proc, unit, ref, valid_to = forced
        else:
            era = _era(self.eras, day)
            cumulative = era.cumulative if online else era.cumulative_direct
            if subset == "w1":
                key = "w1-online" if online else "w1-direct"
            else:
                key = "online" if online else "any"
            while True:
                i = bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
                unit, ref, _kind, pool, valid_to = era.units[min(i, len(era.units) - 1)]
                weights, chosen = pool.sampler(key)
                if chosen:  # a unit without such procedures: draw another unit
                    break
            j = bisect.bisect_left(weights, rng.random() * weights[-1])
            proc = chosen[min(j, len(chosen) - 1)]
        start = datetime.combine(day, time(7, 30)) + timedelta(seconds=int(rng.random() * 33_000))
        received = start
        if proc.days == 0:
            due = datetime.combine(day, time(17, 0))
            if due <= received:
                due = received + timedelta(hours=2)
        else:
            due = datetime.combine(day + timedelta(days=proc.days), time(17, 0))
        year = received.year
        q = self.quality(unit)
        u = rng.random()
        status = 10
        supplements: list[tuple[datetime, datetime]] = []
        span = due - received
        if u < 0.0025:
            status, end = 7, received + span * rng.random()
        elif u < 0.003:
            status, end = 8, received + span * rng.random()
        elif rng.random() < min(0.999, ON_TIME[year] + 0.03 * q):
            end = received + span * (0.05 + 0.93 * rng.random())
        else:
            end = due + timedelta(minutes=60 + int(rng.random() * 60 * 24 * 8))
        if status == 10 and rng.random() < 0.03 and span > timedelta(hours=2):
            asked = received + span * (0.1 + 0.3 * rng.random())
            if asked < end:
                wait = timedelta(hours=20 + int(rng.random() * 120))
                supplements.append((asked, asked + wait))
                end += wait
        if status == 10 and rng.random() < 0.15:
            status = 9
        returned = end + timedelta(minutes=30 + int(rng.random() * 1500)) if status == 10 else None
        d = D(
            code=self._code(unit, day),
            proc=proc,
            unit=unit,
            ref=ref,
            # A few in-person dossiers come by post since 2023 (none in the 2022 report).
            channel=2 if online else (3 if year >= 2023 and rng.random() < 0.05 else 1),
            status=status,
            received=received,
            due=due,
            end=end,
            returned=returned,
            supplements=supplements,
            paid=proc.fee and rng.random() < ((PAID_ONLINE[year] + 0.15 * q) if online else 0.02),
            digitised=rng.random() < DIGITISED[year] + 0.12 * q,
            eresult=status in (9, 10) and rng.random() < E_RESULT[year] + 0.15 * q,
        )
        limit = valid_to if valid_to is not None and valid_to < LAST_DAY else LAST_DAY
        _clamp(d, datetime.combine(limit, time(23, 0)))
        return d


def _clamp(d: D, limit: datetime) -> None:
    """No dossier outlives its unit (or the demo's last day): it ends by then."""
    if d.end is None or d.end <= limit:
        if d.returned is not None and d.returned > limit:
            d.returned = max(d.end or limit, limit)
        return
    d.end = max(d.received + timedelta(minutes=10), limit - timedelta(hours=1))
    d.supplements = [(a, min(b, d.end)) for a, b in d.supplements if a < d.end]
    if d.returned is not None:
        d.returned = max(d.end, min(d.returned, limit))


def _on_time(d: D) -> bool:
    _month, _end, _end_month, on_time, *_rest = derive(
        d.status,
        d.received,
        d.due,
        d.end if d.status in (9, 10, 7, 8) else None,
        d.returned,
        d.supplements,
    )
    return bool(on_time)


def _period_dossiers(
    gen: Generator, days: list[date], total: int, online_total: int, subset: str
) -> Iterator[D]:
    weights = [_day_weight(d) for d in days]
    per_day = _allocate(total, weights)
    online_per_day = _allocate(online_total, per_day)
    for day, n, n_online in zip(days, per_day, online_per_day, strict=True):
        for k in range(n):
            yield gen.dossier(day, k < n_online, subset)


def _window_one(gen: Generator, procs: list[Proc]) -> list[D]:
    """01/01–14/09/2022 at the reported figures exactly."""
    era = gen.eras[0]
    holders: dict[int, list[tuple[int, str, date | None]]] = {}
    for uid, ref, _kind, pool, valid_to in era.units:
        for p in pool.procs:
            holders.setdefault(p.pk, []).append((uid, ref, valid_to))
    # Which online services have dossiers in the window: the most used ones (of the
    # units of 2022: a department created in 2025 has none).
    online_procs = [p for p in procs if p.online and p.pk in holders]
    by_level: dict[str, list[Proc]] = {}
    for p in online_procs:
        by_level.setdefault(p.level, []).append(p)
    levels = sorted(by_level)
    a_counts = _allocate(W1_SERVICES_ONLINE, [len(by_level[lv]) for lv in levels])
    b_counts = _allocate(W1_SERVICES - W1_SERVICES_ONLINE, [len(by_level[lv]) for lv in levels])
    forced: list[tuple[Proc, bool]] = []
    for level, n_a, n_b in zip(levels, a_counts, b_counts, strict=True):
        ranked = sorted(by_level[level], key=lambda p: (p.rank, p.pk))
        # Spread over the departments: round-robin over owners in rank order.
        owners: dict[str, list[Proc]] = {}
        for p in ranked:
            owners.setdefault(p.owner, []).append(p)
        order = [p for group in itertools.zip_longest(*owners.values()) for p in group if p]
        for p in order[:n_a]:
            _W1_ONLINE.add(p.pk)
            forced.append((p, True))
        for p in order[n_a : n_a + n_b]:
            _W1_DIRECT.add(p.pk)
            forced.append((p, False))
    days = _days(*W1)
    dossiers: list[D] = []
    rng = _rng("coverage")
    # One dossier for each of the 914 services first (online for the 720).
    working = [d for d in days if d.weekday() < 5 and d.month == 1][3:]
    for i, (proc, online) in enumerate(forced):
        uid, ref, valid_to = rng.choice(holders[proc.pk])
        dossiers.append(
            gen.dossier(working[i % len(working)], online, "", (proc, uid, ref, valid_to))
        )
    online_left = W1_ONLINE - sum(1 for _p, online in forced if online)
    dossiers.extend(_period_dossiers(gen, days, W1_RECEIVED - len(forced), online_left, "w1"))
    return dossiers


def _calibrate_window_one(gen: Generator, window: list[D]) -> list[D]:
    """Carry dossiers over from December 2021 and adjust outcomes so that 152.062 are
    resolved in the window, 144.100 of them on time."""
    last = datetime.combine(W1[1], time.max)
    resolved = [d for d in window if d.status in (9, 10) and d.end is not None and d.end <= last]
    carry_total = W1_RESOLVED - len(resolved)
    if carry_total < 0:
        raise RuntimeError("demo calibration: too many dossiers resolved in the window")
    carried: list[D] = []
    days = [d for d in _days(CARRY_FROM, date(2021, 12, 31)) if d.weekday() < 5]
    rng = _rng("carry")
    first_day = datetime.combine(W1[0], time(8, 0))
    for i in range(carry_total):
        day = days[i % len(days)]
        d = gen.dossier(day, rng.random() < 0.5, "any")
        d.status = 10 if rng.random() < 0.85 else 9
        if d.end is None or d.end < first_day:
            d.end = first_day + timedelta(minutes=int(rng.random() * 60 * 24 * 12))
            d.supplements = []
            d.due = max(d.due, d.end - timedelta(days=1)) if rng.random() < 0.9 else d.due
        d.returned = d.end + timedelta(hours=2) if d.status == 10 else None
        carried.append(d)
    everything = resolved + carried
    excess = sum(1 for d in everything if _on_time(d)) - W1_ON_TIME
    # Adjust only dossiers received in the window (a December one could leave it).
    on_time = [d for d in resolved if _on_time(d)]
    late = [d for d in resolved if not _on_time(d)]
    rng = _rng("flip")
    if excess > 0:
        movable = [d for d in on_time if not d.supplements and d.due + timedelta(hours=2) < last]
        rng.shuffle(movable)
        for d in movable[:excess]:
            d.end = min(
                d.due + timedelta(hours=1 + int(rng.random() * 72)), last - timedelta(hours=1)
            )
            if d.returned is not None:
                d.returned = d.end + timedelta(hours=1)
    elif excess < 0:
        movable = [d for d in late if not d.supplements]
        rng.shuffle(movable)
        for d in movable[:-excess]:
            d.end = d.received + (d.due - d.received) * 0.6
            if d.returned is not None:
                d.returned = d.end + timedelta(hours=1)
    return carried


def _records(dossiers: list[D]) -> Iterator[tuple[Any, ...]]:
    to_db = store.db_datetime()
    for d in dossiers:
        terminal = d.status in (3, 7, 8, 9, 10)
        finished = d.end if terminal else None
        rm, end, em, on_time, overdue_at, o_from, o_to = derive(
            d.status, d.received, d.due, finished, d.returned, d.supplements
        )
        due = to_db(d.due)
        end_text = to_db(finished)
        yield (
            d.code,
            d.proc.code,
            d.proc.field_code,
            d.channel,
            d.status,
            to_db(d.received),
            due,
            end_text,
            to_db(d.returned),
            d.unit,
            d.ref,
            d.paid,
            d.digitised,
            d.eresult,
            0,
            len(d.supplements),
            "",
            rm,
            end_text if end is finished else to_db(end),
            em,
            on_time,
            due if overdue_at is d.due else to_db(overdue_at),
            o_from,
            o_to,
            [(to_db(a), to_db(b)) for a, b in d.supplements] or None,
        )


def _free_periods(gen: Generator) -> Iterator[D]:
    segments = [
        (date(2022, 9, 15), date(2022, 12, 31)),
        (date(2023, 1, 1), date(2023, 12, 31)),
        (date(2024, 10, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 12, 31)),
    ]
    for first, last in segments:
        days = _days(first, last)
        total = round(DAILY_RATE[first.year] * len(days) * OTHER_SCALE)
        online = round(total * ONLINE_SHARE[first.year])
        yield from _period_dossiers(gen, days, total, online, "any")


def _window_two(gen: Generator) -> Iterator[D]:
    yield from _period_dossiers(gen, _days(*W2), W2_RECEIVED, W2_ONLINE, "any")


def _refused(gen: Generator) -> Iterator[D]:
    """A few dossiers not accepted (status 3): stored, never counted as received."""
    rng = _rng("refused")
    for day in _days(date(2022, 1, 3), LAST_DAY)[::9]:
        d = gen.dossier(day, rng.random() < 0.5, "any")
        d.status, d.returned, d.supplements = 3, None, []
        d.end = d.received + timedelta(hours=1)
        d.paid = d.eresult = False
        yield d


# ------------------------------------------------------------------------ feedback

CATEGORIES = (
    "Đất đai",
    "Giao thông",
    "Môi trường",
    "Hạ tầng đô thị",
    "Thủ tục hành chính",
    "Y tế",
    "Giáo dục",
    "An ninh trật tự",
    "Khác",
)


def _feedback(eras: list[Era]) -> list[Feedback]:
    rng = _rng("feedback")
    units_by_era = [
        [
            (uid, ref)
            for uid, ref, kind, _pool, _vt in era.units
            if kind in ("department", "district")
        ]
        + [(uid, ref) for uid, ref, kind, _pool, _vt in era.units if kind == "commune"][:8]
        for era in eras
    ]
    items: list[Feedback] = []
    to_local = datetime.combine

    def add(received: datetime, state: str, closed: datetime | None, serial: int) -> None:
        day = received.date()
        era_index = 0 if day < date(2025, 3, 1) else (1 if day < date(2025, 7, 1) else 2)
        uid, ref = rng.choice(units_by_era[era_index])
        items.append(
            Feedback(
                code=f"PAKN-{day:%Y%m%d}-{serial:04d}",
                title=f"Phản ánh về {rng.choice(CATEGORIES).lower()}",
                unit_id=uid,
                unit_ref=ref,
                category=rng.choice(CATEGORIES),
                state=state,
                received_at=received,
                due_at=received + timedelta(days=15),
                closed_at=closed,
                received_month=month_of(day),
                closed_month=month_of(closed) if closed else None,
            )
        )

    # Up to 13/9/2022: 238 received; by then 96 processed, 71 rejected, 2 forwarded, 69 open.
    window = [d for d in _days(date(2022, 1, 1), FEEDBACK_TO) if d.weekday() < 6]
    per_day = _allocate(FEEDBACK_RECEIVED, [1.0] * len(window))
    days = [d for d, n in zip(window, per_day, strict=True) for _ in range(n)]
    states = (
        ["open"] * FEEDBACK_OPEN
        + ["processed"] * FEEDBACK_PROCESSED
        + ["rejected"] * FEEDBACK_REJECTED
        + ["forwarded"] * FEEDBACK_FORWARDED
    )
    # The most recent ones are the ones still open at the report date.
    deadline = to_local(FEEDBACK_TO, time(17, 0))
    for serial, (day, state) in enumerate(zip(reversed(days), states, strict=True), start=1):
        received = to_local(day, time(8, 0)) + timedelta(minutes=int(rng.random() * 480))
        if state == "open":
            closed = max(deadline, received) + timedelta(days=3 + int(rng.random() * 40))
            add(received, "processed", closed, serial)
        else:
            closed = min(received + timedelta(days=1 + int(rng.random() * 20)), deadline)
            add(received, state, max(closed, received + timedelta(minutes=30)), serial)
    # Afterwards: about thirty a month, all closed by the end of 2025.
    later = [d for d in _days(date(2022, 9, 14), date(2025, 12, 20)) if rng.random() < 0.97]
    end_of_demo = to_local(LAST_DAY, time(16, 0))
    for serial, day in enumerate(later, start=1000):
        received = to_local(day, time(8, 0)) + timedelta(minutes=int(rng.random() * 480))
        u = rng.random()
        state = "processed" if u < 0.62 else ("rejected" if u < 0.9 else "forwarded")
        closed = min(received + timedelta(days=1 + int(rng.random() * 25)), end_of_demo)
        add(received, state, closed, serial)
    return items


# ---------------------------------------------------------------------------- step


@demo_step(35, "Hồ sơ TTHC, thủ tục và phản ánh kiến nghị (2022–2025, số liệu hiệu chỉnh)")
def dossiers_demo(ctx: DemoContext) -> None:
    if ImportRun.objects.filter(
        origin=ImportRun.Origin.DEMO, kind=ImportRun.Kind.DOSSIERS, state=ImportRun.State.DONE
    ).exists():
        ctx.log(f"  Đã có: {Dossier.objects.count()} hồ sơ, {Feedback.objects.count()} phản ánh.")
        return
    import time as clock

    started = clock.monotonic()
    source, _created = SourceSystem.objects.get_or_create(
        code=SOURCE_CODE,
        defaults={"name": "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Lạng Sơn"},
    )
    feedback_source, _created = SourceSystem.objects.get_or_create(
        code=FEEDBACK_SOURCE_CODE,
        defaults={"name": "Hệ thống tiếp nhận, trả lời phản ánh kiến nghị tỉnh Lạng Sơn"},
    )
    if not Procedure.objects.filter(from_catalogue=True).exists():
        Procedure.objects.bulk_create(_catalogue(), batch_size=1000)
    procs = _procs()
    eras = _eras(procs)
    gen = Generator(procs, eras)
    _W1_ONLINE.clear()
    _W1_DIRECT.clear()
    window = _window_one(gen, procs)
    carried = _calibrate_window_one(gen, window)
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.DOSSIERS,
        origin=ImportRun.Origin.DEMO,
        mode=ImportRun.Mode.SKIP_BAD_ROWS,
        state=ImportRun.State.WRITING,
        file_name="demo",
        source_system=source,
        started_at=timezone.now(),
    )
    ids = dict(Procedure.objects.values_list("code", "id"))
    now = datetime.now()
    written = 0
    # A run interrupted before the end left dossiers: then look each batch up (upsert).
    fresh = not Dossier.objects.exists()

    def write(batch: list[D]) -> None:
        nonlocal written
        with transaction.atomic():
            store.tune_for_bulk()
            result = store.store_dossiers(
                list(_records(batch)),
                known_new=fresh,
                procedure_ids=ids,
                source_system_id=source.pk,
                run_id=run.pk,
                now=now,
                now_month=month_of(now),
            )
            written += result.created

    write(carried)
    for start in range(0, len(window), 20_000):
        write(window[start : start + 20_000])
    del window
    for stream in (_window_two(gen), _free_periods(gen), _refused(gen)):
        batch: list[D] = []
        for d in stream:
            batch.append(d)
            if len(batch) >= 20_000:
                write(batch)
                batch = []
        write(batch)
    generated = clock.monotonic() - started
    items = _feedback(eras)
    with transaction.atomic():
        Feedback.objects.bulk_create(
            [_aware(f, feedback_source) for f in items], batch_size=2000, ignore_conflicts=True
        )
        marks = set()
        for f in items:
            last = f.closed_month or f.received_month
            for m in months_between(f.received_month, last):
                marks.add(("f", f.unit_id, m))
        RecountMark.objects.bulk_create(
            [RecountMark(scope=s, unit_id=u, month=m) for s, u, m in marks],
            ignore_conflicts=True,
        )
    counted_from = clock.monotonic()
    values = counting.recount_pending()
    ImportRun.objects.filter(pk=run.pk).update(
        state=ImportRun.State.DONE,
        rows_read=written,
        rows_written=written,
        rows_created=written,
        values_written=values,
        progress=1.0,
        finished_at=timezone.now(),
        timings={
            "generate_and_store": round(generated, 1),
            "count": round(clock.monotonic() - counted_from, 1),
        },
    )
    ctx.log(
        f"  {written} hồ sơ, {len(items)} phản ánh, {values} số liệu "
        f"({clock.monotonic() - started:.0f} giây: tạo và ghi {generated:.0f}, tính số liệu "
        f"{clock.monotonic() - counted_from:.0f})."
    )


def _aware(item: Feedback, source: SourceSystem) -> Feedback:
    tz = timezone.get_fixed_timezone(7 * 60)
    item.received_at = item.received_at.replace(tzinfo=tz)
    if item.due_at is not None:
        item.due_at = item.due_at.replace(tzinfo=tz)
    if item.closed_at is not None:
        item.closed_at = item.closed_at.replace(tzinfo=tz)
    item.source_system = source
    return item
