"""The demo's calibration mechanism, at a small scale (the full-size figures of the
province's reports are checked by the browser test's demo and in docs/dossiers.md):
whatever the totals asked for, the range and period figures come out exactly, the units
are those of their time, and a second run adds nothing."""

from __future__ import annotations

from datetime import date

import pytest

from dieuhanh.core.periods import Period
from dieuhanh.demo import DemoContext
from dieuhanh.dossiers import demo, selectors
from dieuhanh.dossiers.models import Dossier, Feedback
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    figures = {
        "W1_RECEIVED": 5_000,
        "W1_ONLINE": 2_760,
        "W1_RESOLVED": 4_950,
        "W1_ON_TIME": 4_690,
        "W1_SERVICES": 300,
        "W1_SERVICES_ONLINE": 236,
        "W2_RECEIVED": 4_000,
        "W2_ONLINE": 3_917,
    }
    for name, value in figures.items():
        monkeypatch.setattr(demo, name, value)
    monkeypatch.setattr(demo, "OTHER_SCALE", 0.003)
    return figures


def test_demo_is_calibrated_and_idempotent(
    small: dict[str, int], measures: None, province: OrgUnit
) -> None:
    log: list[str] = []
    ctx = DemoContext(password="x", password_given=False, log=log.append)
    demo.dossiers_demo(ctx)
    window = selectors.range_stats(unit=province, start=date(2022, 1, 1), end=date(2022, 9, 14))
    assert (window["received"], window["received_online"]) == (
        small["W1_RECEIVED"],
        small["W1_ONLINE"],
    )
    assert window["received_direct"] == small["W1_RECEIVED"] - small["W1_ONLINE"]
    assert (window["resolved"], window["resolved_on_time"]) == (
        small["W1_RESOLVED"],
        small["W1_ON_TIME"],
    )
    assert window["resolved_late"] == small["W1_RESOLVED"] - small["W1_ON_TIME"]
    assert window["procedures_online"] == small["W1_SERVICES"]
    assert window["procedures_online_with_online_dossiers"] == small["W1_SERVICES_ONLINE"]
    feedback = selectors.range_stats(unit=province, start=date(2022, 1, 1), end=date(2022, 9, 13))
    assert (
        feedback["feedback_received"],
        feedback["feedback_processed"],
        feedback["feedback_in_progress"],
        feedback["feedback_rejected"],
    ) == (238, 96, 69, 71)
    nine = selectors.stats_for(unit=province, period=Period.parse("2024-9M"))
    assert (nine["received"], nine["received_online"]) == (small["W2_RECEIVED"], small["W2_ONLINE"])
    # Units of their time: no dossier of a unit outside its validity, none after 2025.
    for d in Dossier.objects.select_related("unit").filter(received_month__isnull=False)[:3000]:
        assert d.received_at is not None
        assert d.unit.is_valid_on(d.received_at.date()), d.code
        if d.end_at is not None and d.unit.valid_to is not None:
            assert d.end_at.date() <= d.unit.valid_to, d.code
    assert not Dossier.objects.filter(received_at__year=2026).exists()
    assert Dossier.objects.filter(unit__valid_from=date(2025, 7, 1)).exists()
    count, feedback_count = Dossier.objects.count(), Feedback.objects.count()
    demo.dossiers_demo(ctx)
    assert (Dossier.objects.count(), Feedback.objects.count()) == (count, feedback_count)
    assert "Đã có" in log[-1]


def test_full_size_constants_are_the_reports() -> None:
    # Seed 004: "tiếp nhận 152.508 hồ sơ … trực tuyến: 84.307 … giải quyết 152.062 hồ sơ,
    # trong đó … đúng hạn 144.100 … chậm hạn 7.962"; seed 000: "239.723 hồ sơ, trong đó
    # trực tuyến 234.745"; PAKN "238 … 96 … 69 … 71".
    assert (demo.W1_RECEIVED, demo.W1_ONLINE, demo.W1_RESOLVED, demo.W1_ON_TIME) == (
        152_508,
        84_307,
        152_062,
        144_100,
    )
    assert demo.W1_RESOLVED - demo.W1_ON_TIME == 7_962
    assert (demo.W2_RECEIVED, demo.W2_ONLINE) == (239_723, 234_745)
    assert (
        demo.FEEDBACK_RECEIVED,
        demo.FEEDBACK_PROCESSED,
        demo.FEEDBACK_OPEN,
        demo.FEEDBACK_REJECTED,
    ) == (238, 96, 69, 71)
