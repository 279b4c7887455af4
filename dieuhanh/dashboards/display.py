"""How the dashboards show figures they were given: the change against the same period
of the year before, the colour a verdict takes, the order of units on one indicator and
a unit's place within a column of the heat map.

This is the only arithmetic of the dashboards, and none of it makes a new figure: it
compares figures the indicator engine computed (docs/dashboard.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from dieuhanh.core import progress
from dieuhanh.core.progress import ProgressStatus
from dieuhanh.core.rollup import Figure

K = TypeVar("K")

# A verdict's colour family (the house stylesheet's ok / warn / bad).
_TONES: dict[ProgressStatus, str] = {
    ProgressStatus.MET: "ok",
    ProgressStatus.ON_TRACK: "ok",
    ProgressStatus.NEEDS_ACCELERATION: "warn",
    ProgressStatus.LIMITED: "bad",
    ProgressStatus.GOING_BACKWARDS: "bad",
    ProgressStatus.NOT_MET: "bad",
    ProgressStatus.INSUFFICIENT_DATA: "none",
}
TONE_COLOURS = {"ok": "#1e7b34", "warn": "#b26a00", "bad": "#b3261e", "none": "#8a94a3"}


def tone(status: ProgressStatus | None) -> str:
    return _TONES.get(status, "none") if status is not None else "none"


@dataclass(frozen=True)
class Change:
    """A figure against the same period a year before."""

    delta: Decimal
    better: bool | None  # None: unchanged

    @property
    def arrow(self) -> str:
        return "▲" if self.delta > 0 else ("▼" if self.delta < 0 else "▶")

    @property
    def tone(self) -> str:
        return "none" if self.better is None else ("ok" if self.better else "bad")


def change(current: Figure, previous: Figure | None, *, higher_is_better: bool) -> Change | None:
    """``current − previous`` (in the indicator's unit: points for a percentage), and
    whether that is for the better; ``None`` when either figure is missing."""
    if previous is None or current.value is None or previous.value is None:
        return None
    delta = current.value - previous.value
    if delta == 0:
        return Change(delta, None)
    return Change(delta, (delta > 0) == higher_is_better)


def meets(figure: Figure, comparator: str, target: Decimal | None) -> bool | None:
    """Whether a figure satisfies a target (``core.progress.is_met``); ``None`` unknown."""
    return progress.is_met(figure.value, comparator, target)


@dataclass(frozen=True)
class Ranked(Generic[K]):
    key: K
    figure: Figure
    rank: int | None


def ranked(items: Sequence[tuple[K, Figure]], *, higher_is_better: bool) -> list[Ranked[K]]:
    """Best first by the indicator's direction, equal values sharing a rank ("1224", as
    ``indicators.selectors.indicator_comparison`` ranks); units without a figure last,
    unranked, in the order given."""
    sign = -1 if higher_is_better else 1
    with_value = sorted(
        (item for item in items if item[1].value is not None),
        key=lambda item: sign * item[1].value,  # type: ignore[operator]
    )
    out: list[Ranked[K]] = []
    rank = 0
    previous: Decimal | None = None
    for position, (key, figure) in enumerate(with_value, start=1):
        if figure.value != previous:
            rank = position
        previous = figure.value
        out.append(Ranked(key, figure, rank))
    out += [Ranked(key, figure, None) for key, figure in items if figure.value is None]
    return out


def positions(items: Sequence[tuple[K, Figure]], *, higher_is_better: bool) -> dict[K, float]:
    """Each unit's place in one column of the heat map, from 0 (the worst) to 1 (the
    best), equal values sharing their place; units without a figure are left out. One
    unit alone is placed in the middle."""
    order = ranked(items, higher_is_better=higher_is_better)
    scored = [r for r in order if r.rank is not None]
    n = len(scored)
    if n == 1:
        return {scored[0].key: 0.5}
    return {r.key: 1 - (r.rank - 1) / (n - 1) for r in scored if r.rank is not None}


def has_values(figures: Sequence[Figure]) -> bool:
    """Whether any of the figures exists (a column worth showing)."""
    return any(f.value is not None for f in figures)


def varies(figures: Sequence[Figure]) -> bool:
    """Whether the figures that exist differ (a ranking worth opening on)."""
    return len({f.value for f in figures if f.value is not None}) > 1


@dataclass(frozen=True)
class Remainder:
    """What a unit's figure holds beyond the sum of its sub-units' figures."""

    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None  # only for a count (an indicator without a denominator)


def remainder(whole: Figure, parts: Sequence[Figure], *, is_count: bool) -> Remainder | None:
    """``whole − Σ parts`` of the additive quantities (numerator, denominator; the value
    of a count), when they differ: the figures a unit reported for itself — a district's
    own one-stop-shop office — or a total it reported for its whole subtree.

    PLACEHOLDER until the indicator engine gives a unit's own part itself (its roll-up
    knows it: ``own`` in ``rollup_segment``); a ratio of the remainder is not computed
    here, as it would be an indicator figure made outside the engine.
    """

    def left(total: Decimal | None, items: list[Decimal | None]) -> Decimal | None:
        if total is None:
            return None
        return total - sum((v for v in items if v is not None), Decimal(0))

    numerator = left(whole.numerator, [p.numerator for p in parts])
    denominator = left(whole.denominator, [p.denominator for p in parts])
    value = left(whole.value, [p.value for p in parts]) if is_count else None
    if not any(v for v in (numerator, denominator, value)):
        return None
    return Remainder(numerator, denominator, value)
