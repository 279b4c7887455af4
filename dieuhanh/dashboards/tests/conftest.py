"""A small world for the dashboard tests, built through the other apps' services: a
catalogue of indicators over monthly dossier counts, values for some communes, a plan
with a target, and assignments — sized by the test, so query counts can be compared
between a small and a large world."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.indicators import services
from dieuhanh.indicators.models import DataValue, Indicator, Measure, Plan
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q

PERIOD = "2024-Q1"
MONTHS = ("2024-01", "2024-02", "2024-03", "2023-01", "2023-02", "2023-03")


@dataclass
class World:
    province: OrgUnit
    communes: list[OrgUnit]
    indicators: list[Indicator]
    received: Measure
    online: Measure
    plan: Plan

    def grow(self, *, units: int, indicators: int) -> None:
        """More communes with values and more indicators (same measures)."""
        _add_values(self, units)
        _add_indicators(self, indicators)


def _communes_2024() -> list[OrgUnit]:
    return list(
        OrgUnit.objects.filter(kind="commune")
        .filter(valid_on_q(date(2024, 6, 1)))
        .order_by("nso_code")
    )


def _add_values(world: World, n: int) -> None:
    have = {c.pk for c in world.communes}
    new = [c for c in _communes_2024() if c.pk not in have][: max(0, n - len(world.communes))]
    rows = []
    for i, commune in enumerate(new, start=len(world.communes)):
        for month in MONTHS:
            received = 100 + 7 * i + int(month[-1])
            rows.append(
                DataValue(measure=world.received, unit=commune, period=month, value=received)
            )
            rows.append(
                DataValue(
                    measure=world.online, unit=commune, period=month, value=received - (i % 9) - 1
                )
            )
    DataValue.objects.bulk_create(rows)
    services.bump_data_version()
    world.communes += new


def _add_indicators(world: World, n: int) -> None:
    pillar = world.indicators[0].pillar
    for i in range(len(world.indicators), n):
        world.indicators.append(
            services.indicator_save(
                actor=None,
                code=f"ty-le-{i}",
                name=f"Tỷ lệ thử số {i}",
                pillar=pillar,
                factor=Decimal(100),
                unit_of_measure="%",
                numerator=[("received_online", Decimal(1))],
                denominator=[("received", Decimal(1) + Decimal(i) / 100)],
                decimals=2,
                is_key=i % 2 == 0,
            )
        )


@pytest.fixture
def make_world(db: Any, province: OrgUnit) -> Callable[..., World]:
    def make(*, units: int = 3, indicators: int = 2) -> World:
        pillar = services.pillar_save(actor=None, code="cqs", name="Chính quyền số")
        common = {
            "frequency": "month",
            "spatial_aggregation": "sum",
            "reported_by": "commune",
            "time_aggregation": "flow",
            "unit_of_measure": "hồ sơ",
        }
        received = services.measure_save(
            actor=None, code="received", name="Số hồ sơ tiếp nhận", **common
        )
        online = services.measure_save(
            actor=None, code="received_online", name="Số hồ sơ trực tuyến", **common
        )
        first = services.indicator_save(
            actor=None,
            code="ho-so-truc-tuyen",
            name="Tỷ lệ hồ sơ trực tuyến",
            pillar=pillar,
            factor=Decimal(100),
            unit_of_measure="%",
            numerator=[("received_online", Decimal(1))],
            denominator=[("received", Decimal(1))],
            decimals=2,
            is_key=True,
        )
        count = services.indicator_save(
            actor=None,
            code="so-ho-so",
            name="Số hồ sơ tiếp nhận",
            pillar=pillar,
            unit_of_measure="hồ sơ",
            numerator=[("received", Decimal(1))],
            denominator=[],
            is_key=True,
        )
        plan = services.plan_save(
            actor=None,
            number="01-KH/THU",
            title="Kế hoạch thử",
            year_from=2024,
            year_to=2025,
            issuer_name="UBND tỉnh",
        )
        services.target_save(
            actor=None,
            plan=plan,
            indicator=first,
            year=2025,
            comparator="gte",
            value=Decimal(90),
            unit_of_measure="%",
        )
        world = World(province, [], [first, count], received, online, plan)
        _add_values(world, units)
        _add_indicators(world, indicators)
        return world

    return make


@pytest.fixture
def viewer(make_user: Callable[..., User]) -> Client:
    client = Client()
    client.force_login(make_user(Role.VIEWER))
    return client


@pytest.fixture
def tasks(db: Any, province: OrgUnit) -> Callable[[list[tuple[OrgUnit, date | None]]], None]:
    """Assignments through the directives' services: ``tasks([(unit, deadline), ...])``."""
    from dieuhanh.directives import services as directives

    counter = iter(range(1, 10_000))

    def make(items: list[tuple[OrgUnit, date | None]]) -> None:
        draft = directives.draft_create_blank(actor=None)
        directives.draft_update_header(
            actor=None, draft=draft, date=date(2024, 3, 1), number=f"{next(counter)}/TB-UBND"
        )
        for i, (lead, deadline) in enumerate(items, 1):
            row = directives.draft_task_add(actor=None, draft=draft)
            directives.draft_task_update(
                actor=None,
                draft=draft,
                key=row["key"],
                text=f"Nhiệm vụ thử số {i}: hoàn thiện báo cáo chuyển đổi số.",
                lead_ids=[lead.pk],
                deadline=deadline,
                recurring=deadline is None,
            )
        directives.draft_confirm(actor=None, draft=draft)

    return make
