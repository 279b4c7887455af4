"""What the dashboards derive for display from the engine's figures."""

from __future__ import annotations

from decimal import Decimal

from dieuhanh.core.progress import ProgressStatus
from dieuhanh.core.rollup import Figure
from dieuhanh.dashboards import display
from dieuhanh.dashboards.charts import slug_vi


def f(value: str | None) -> Figure:
    return Figure(None if value is None else Decimal(value))


def test_ranking_shares_ranks_between_equals_and_leaves_missing_last() -> None:
    items = [("a", f("90")), ("b", f(None)), ("c", f("95")), ("d", f("90"))]
    ranked = display.ranked(items, higher_is_better=True)
    assert [(r.key, r.rank) for r in ranked] == [("c", 1), ("a", 2), ("d", 2), ("b", None)]
    lower = display.ranked(items, higher_is_better=False)
    assert [(r.key, r.rank) for r in lower] == [("a", 1), ("d", 1), ("c", 3), ("b", None)]


def test_positions_go_from_worst_to_best() -> None:
    items = [("a", f("10")), ("b", f("20")), ("c", f("30")), ("x", f(None))]
    assert display.positions(items, higher_is_better=True) == {"c": 1.0, "b": 0.5, "a": 0.0}
    assert display.positions(items, higher_is_better=False) == {"a": 1.0, "b": 0.5, "c": 0.0}
    assert display.positions([("a", f("5"))], higher_is_better=True) == {"a": 0.5}


def test_change_against_last_year_knows_better_from_worse() -> None:
    up = display.change(f("98.5"), f("97.9"), higher_is_better=True)
    assert up is not None and up.delta == Decimal("0.6") and up.better and up.tone == "ok"
    assert display.change(f("5"), f("7"), higher_is_better=False).better  # type: ignore[union-attr]
    assert display.change(f("5"), f("5"), higher_is_better=True).tone == "none"  # type: ignore[union-attr]
    assert display.change(f(None), f("5"), higher_is_better=True) is None
    assert display.change(f("5"), None, higher_is_better=True) is None


def test_tones_and_targets() -> None:
    assert display.tone(ProgressStatus.MET) == "ok"
    assert display.tone(ProgressStatus.NEEDS_ACCELERATION) == "warn"
    assert display.tone(ProgressStatus.NOT_MET) == "bad"
    assert display.tone(None) == "none"
    assert display.meets(f("91"), "gte", Decimal(90)) is True
    assert display.meets(f(None), "gte", Decimal(90)) is None


def test_file_names_drop_the_diacritics() -> None:
    assert slug_vi("Tỷ lệ hồ sơ — Đồng Đăng, năm 2025") == "ty-le-ho-so-dong-dang-nam-2025"
