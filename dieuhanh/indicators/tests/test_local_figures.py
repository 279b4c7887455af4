"""The in-process store of computed figures: bounded by the number of figures it holds,
least recently used out first, and never more than one copy per key."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from dieuhanh.core.rollup import Figure
from dieuhanh.indicators.selectors import _LocalFigures


def figures(n: int) -> MappingProxyType[tuple[int, int, str], Figure]:
    return MappingProxyType({(i, 1, "2024"): Figure(Decimal(i)) for i in range(n)})


def test_bounded_by_figures_least_recently_used_out_first() -> None:
    store = _LocalFigures(limit=10)
    store.put("a", figures(4))
    store.put("b", figures(4))
    assert store.get("a") is not None  # "a" is now the most recently used
    store.put("c", figures(4))  # 12 > 10: "b" goes
    assert store.get("b") is None
    assert store.get("a") is not None and store.get("c") is not None


def test_one_result_larger_than_the_limit_is_kept_alone() -> None:
    store = _LocalFigures(limit=10)
    store.put("a", figures(3))
    store.put("big", figures(25))
    assert store.get("a") is None
    assert store.get("big") is not None


def test_a_key_is_stored_once_and_clear_empties() -> None:
    store = _LocalFigures(limit=10)
    first = figures(4)
    store.put("a", first)
    store.put("a", figures(4))
    assert store.get("a") is first
    store.put("b", figures(6))  # 4 + 6 = 10: both fit, the second "a" was not counted
    assert store.get("a") is first and store.get("b") is not None
    store.clear()
    assert store.get("a") is None and store.get("b") is None
