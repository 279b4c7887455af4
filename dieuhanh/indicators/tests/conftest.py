"""Fixtures of the indicator tests: a small catalogue made through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dieuhanh.indicators import services


@pytest.fixture
def catalogue(db: object) -> dict[str, object]:
    services.pillar_save(actor=None, code="cqs", name="Chính quyền số")
    common = {"frequency": "month", "spatial_aggregation": "sum", "reported_by": "commune"}
    received = services.measure_save(
        actor=None,
        code="received",
        name="Hồ sơ tiếp nhận",
        unit_of_measure="hồ sơ",
        time_aggregation="flow",
        **common,
    )
    online = services.measure_save(
        actor=None,
        code="online",
        name="Hồ sơ trực tuyến",
        unit_of_measure="hồ sơ",
        time_aggregation="flow",
        **common,
    )
    bts = services.measure_save(
        actor=None,
        code="bts",
        name="Trạm BTS",
        unit_of_measure="trạm",
        time_aggregation="stock",
        **common,
    )
    from dieuhanh.indicators.models import Pillar

    pillar = Pillar.objects.get(code="cqs")
    rate = services.indicator_save(
        actor=None,
        code="online_rate",
        name="Tỷ lệ hồ sơ trực tuyến",
        pillar=pillar,
        factor=Decimal(100),
        unit_of_measure="%",
        numerator=[("online", Decimal(1))],
        denominator=[("received", Decimal(1))],
        decimals=2,
    )
    count = services.indicator_save(
        actor=None,
        code="received_total",
        name="Số hồ sơ tiếp nhận",
        pillar=pillar,
        unit_of_measure="hồ sơ",
        numerator=[("received", Decimal(1))],
        denominator=[],
    )
    stations = services.indicator_save(
        actor=None,
        code="bts_total",
        name="Số trạm BTS",
        pillar=pillar,
        unit_of_measure="trạm",
        numerator=[("bts", Decimal(1))],
        denominator=[],
    )
    return {
        "received": received,
        "online": online,
        "bts": bts,
        "rate": rate,
        "count": count,
        "stations": stations,
    }
