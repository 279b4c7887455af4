"""Rolling figures up a tree of units that changes over time (DESIGN 5.2 and 5.6).

The rules, in the order they apply:

1. **Over units**, within a stretch of time in which no unit starts or ends (a *segment*):
   for an additive measure, a unit's figure is its own activity (what it reported for
   itself, e.g. dossiers its own office received) plus the figures of its children that
   existed then — unless it reported a *total* covering its whole subtree, which then
   stands instead of the children's sum. A non-additive measure is only what the unit
   reported. A unit with nothing at all has no figure (``None``), never 0.
2. **Across the restructuring**: asked for a unit over a segment in which it did not exist,
   sum its predecessors' figures (transitively) weighted by the lineage share. A unit that
   existed does not take in a unit merged into it: facts stay on the units that reported
   them (DESIGN 5.6), so a unit has one figure per period wherever it is shown.
3. **Over time**: a flow adds up over the segments of a period; a stock takes its latest
   known value.
4. **Ratios** are computed last, from the rolled-up numerator and denominator
   (``indicator_figure``): never an average of ratios.

Completeness travels with every figure: how many values were reported against how many the
reporting units were expected to send.

Pure Python: the Django selectors fetch rows, this module does the arithmetic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from dieuhanh.core.periods import Period, PeriodKind

__all__ = [
    "Basis",
    "Cell",
    "Figure",
    "Lineage",
    "UnitGraph",
    "UnitInfo",
    "combine_over_time",
    "indicator_figure",
    "rollup_segment",
    "segments",
    "subperiods",
]


@dataclass(frozen=True)
class UnitInfo:
    id: int
    parent_id: int | None
    kind: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class Lineage:
    predecessor_id: int
    successor_id: int
    share: Decimal


class Basis(StrEnum):
    REPORTED = "reported"  # the unit's own value
    COMPUTED = "computed"  # summed over its sub-units
    PREDECESSORS = "predecessors"  # summed over the units it replaced, by share
    MIXED = "mixed"  # different bases in different parts of the period


@dataclass(frozen=True)
class Cell:
    """A measure's figure for one unit over one stretch of time."""

    value: Decimal | None
    reported: int = 0
    expected: int | None = None
    basis: Basis | None = None

    @property
    def completeness(self) -> Decimal | None:
        if not self.expected:
            return None
        return Decimal(self.reported) / Decimal(self.expected)


EMPTY = Cell(None)


class UnitGraph:
    """An in-memory snapshot of the unit tree and its lineage, for one computation."""

    def __init__(self, units: Iterable[UnitInfo], lineage: Iterable[Lineage]) -> None:
        self.units: dict[int, UnitInfo] = {u.id: u for u in units}
        self.children: dict[int, list[int]] = defaultdict(list)
        for u in self.units.values():
            if u.parent_id is not None and u.parent_id in self.units:
                self.children[u.parent_id].append(u.id)
        self.predecessors: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
        for link in lineage:
            if link.predecessor_id in self.units and link.successor_id in self.units:
                self.predecessors[link.successor_id].append((link.predecessor_id, link.share))
        depth: dict[int, int] = {}

        def depth_of(uid: int) -> int:
            # Iterative: walk up to a known depth, then fill in on the way back.
            chain = []
            current: int | None = uid
            while current is not None and current not in depth:
                chain.append(current)
                parent = self.units[current].parent_id
                current = parent if parent in self.units else None
            base = -1 if current is None else depth[current]
            for node in reversed(chain):
                base += 1
                depth[node] = base
            return depth[uid]

        for uid in self.units:
            depth_of(uid)
        # Deepest first, so a child is always finished before its parent.
        self.bottom_up: list[int] = sorted(self.units, key=lambda uid: -depth[uid])
        self._alive_bottom_up: dict[tuple[date, date], list[int]] = {}

    def alive(self, uid: int, start: date, end: date) -> bool:
        u = self.units[uid]
        return (u.valid_from is None or u.valid_from <= end) and (
            u.valid_to is None or u.valid_to >= start
        )

    def alive_bottom_up(self, start: date, end: date) -> list[int]:
        """``bottom_up`` restricted to the units alive during [start, end] (computed once
        per stretch: every measure of a segment walks the same units)."""
        found = self._alive_bottom_up.get((start, end))
        if found is None:
            found = [uid for uid in self.bottom_up if self.alive(uid, start, end)]
            self._alive_bottom_up[(start, end)] = found
        return found


_FINER: dict[PeriodKind, Callable[[Period], list[Period]]] = {
    PeriodKind.MONTH: lambda p: p.months(),
    PeriodKind.QUARTER: lambda p: [
        q for q in (Period.of_quarter(p.year, i) for i in range(1, 5)) if p.contains(q)
    ],
    PeriodKind.HALF: lambda p: [
        h for h in (Period.of_half(p.year, i) for i in (1, 2)) if p.contains(h)
    ],
    PeriodKind.YEAR: lambda p: [Period.of_year(p.year)] if p.kind == PeriodKind.YEAR else [],
}


def subperiods(period: Period, frequency: PeriodKind | str) -> list[Period]:
    """The periods at a measure's reporting frequency that make up ``period``; empty when
    the period is finer than the frequency (a month of a yearly measure has no value)."""
    return _FINER[PeriodKind(frequency)](period)


def segments(graph: UnitGraph, periods: Sequence[Period]) -> list[list[Period]]:
    """Split consecutive periods into runs in which the same units exist."""
    runs: list[list[Period]] = []
    last: frozenset[int] | None = None
    for p in periods:
        start, end = p.start, p.end  # computed properties: once per period, not per unit
        signature = frozenset(uid for uid in graph.units if graph.alive(uid, start, end))
        if runs and signature == last:
            runs[-1].append(p)
        else:
            runs.append([p])
            last = signature
    return runs


@dataclass
class _Acc:
    value: Decimal | None = None
    reported: int = 0
    expected: int = 0


def rollup_segment(
    graph: UnitGraph,
    *,
    start: date,
    end: date,
    own: Mapping[int, tuple[Decimal, int, bool]],
    n_periods: int,
    additive: bool,
    reporting_kinds: Sequence[str],
) -> dict[int, Cell]:
    """Figures of one measure for every unit over one segment [start, end].

    ``own`` maps a unit to (its own value over the segment, how many values it reported,
    whether that value is a total covering its subtree); ``n_periods`` is how many values
    each reporting unit owes in the segment.
    """
    kinds = set(reporting_kinds)
    track = bool(kinds)
    cells: dict[int, Cell] = {}
    acc: dict[int, _Acc] = {}
    for uid in graph.alive_bottom_up(start, end):
        unit = graph.units[uid]
        owes = n_periods if unit.kind in kinds else 0
        mine = own.get(uid)
        below = acc.get(uid) if additive else None
        if mine is not None and (mine[2] or below is None or below.value is None):
            # A subtree total, or a unit whose sub-units have nothing: its own figure.
            value, count, _total = mine
            expected = max(owes, n_periods) if not below or mine[2] else owes + below.expected
            count = count if mine[2] or not below else count + below.reported
            cell = Cell(value, count, expected if track else None, Basis.REPORTED)
        elif below is not None and below.value is not None:
            value = below.value + (mine[0] if mine is not None else 0)
            reported = below.reported + (mine[1] if mine is not None else 0)
            cell = Cell(value, reported, (owes + below.expected) if track else None, Basis.COMPUTED)
        elif below is not None:
            cell = Cell(None, below.reported, (owes + below.expected) if track else None)
        else:
            cell = Cell(None, 0, owes if track else None)
        cells[uid] = cell
        parent = unit.parent_id
        if additive and parent is not None and parent in graph.units:
            pa = acc.setdefault(parent, _Acc())
            if cell.value is not None:
                pa.value = cell.value if pa.value is None else pa.value + cell.value
            pa.reported += cell.reported
            pa.expected += cell.expected or 0
    return cells


def inherited(
    graph: UnitGraph, uid: int, start: date, end: date, cells: Mapping[int, Cell]
) -> Cell:
    """A unit that did not exist during [start, end]: its predecessors' figures by share."""
    total: Decimal | None = None
    reported = 0
    expected: int | None = None
    seen: set[int] = set()
    stack = [(uid, Decimal(1))]
    while stack:
        current, carried = stack.pop()
        for pred, share in graph.predecessors.get(current, ()):
            if pred in seen:
                continue
            seen.add(pred)
            weight = carried * share
            if graph.alive(pred, start, end):
                cell = cells.get(pred, EMPTY)
                if cell.value is not None:
                    part = cell.value * weight
                    total = part if total is None else total + part
                reported += cell.reported
                if cell.expected is not None:
                    expected = (expected or 0) + cell.expected
            else:
                stack.append((pred, weight))
    if total is None and not reported and expected is None:
        return EMPTY
    return Cell(total, reported, expected, Basis.PREDECESSORS if total is not None else None)


def combine_over_time(parts: Sequence[Cell], *, flow: bool) -> Cell:
    """Flows add up over the parts of a period; a stock is its latest known value."""
    if not parts:
        return EMPTY
    if len(parts) == 1 and (parts[0].value is not None or parts[0].basis is None):
        return parts[0]  # what the loop below would rebuild, field for field
    if not flow:
        for cell in reversed(parts):
            if cell.value is not None:
                return cell
        return parts[-1]
    total: Decimal | None = None
    reported = 0
    expected: int | None = None
    bases = set()
    for cell in parts:
        if cell.value is not None:
            total = cell.value if total is None else total + cell.value
            bases.add(cell.basis)
        reported += cell.reported
        if cell.expected is not None:
            expected = (expected or 0) + cell.expected
    basis = next(iter(bases)) if len(bases) == 1 else (Basis.MIXED if bases else None)
    return Cell(total, reported, expected, basis)


@dataclass(frozen=True)
class Figure:
    """An indicator's figure: the value with the numerator and denominator behind it."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reported: int = 0
    expected: int | None = None
    basis: Basis | None = None
    parts: Mapping[str, Cell] = field(default_factory=dict)

    @property
    def completeness(self) -> Decimal | None:
        if not self.expected:
            return None
        return min(Decimal(1), Decimal(self.reported) / Decimal(self.expected))

    @property
    def is_missing(self) -> bool:
        return self.value is None


K = TypeVar("K")


def _weighted_sum(terms: Sequence[tuple[Decimal, Cell]]) -> Decimal | None:
    total = Decimal(0)
    for coefficient, cell in terms:
        if cell.value is None:
            return None  # one missing part makes the whole missing, never a smaller sum
        total += coefficient * cell.value
    return total


def indicator_figure(
    *,
    numerator: Sequence[tuple[Decimal, Cell]],
    denominator: Sequence[tuple[Decimal, Cell]],
    factor: Decimal,
    parts: Mapping[str, Cell] | None = None,
) -> Figure:
    """``factor × Σ numerator / Σ denominator`` from rolled-up parts. A zero or missing
    denominator gives no value (a ratio of nothing is not 0%)."""
    cells = [c for _, c in (*numerator, *denominator)]
    num = _weighted_sum(numerator)
    den = _weighted_sum(denominator) if denominator else None
    if num is None or (denominator and (den is None or den == 0)):
        value = None
    elif denominator:
        assert den is not None
        value = factor * num / den
    else:
        value = factor * num
    # Completeness of the weakest part: a figure is only as complete as its least-reported input.
    candidates = [c for c in cells if c.expected]
    first = candidates[0] if candidates else None
    if first is None or all(
        c.reported == first.reported and c.expected == first.expected for c in candidates
    ):
        weakest = first  # min() keeps the first of equals: no ratio needs computing
    else:
        weakest = min(candidates, key=lambda c: Decimal(c.reported) / Decimal(c.expected or 1))
    bases = {c.basis for c in cells if c.basis is not None}
    basis = next(iter(bases)) if len(bases) == 1 else (Basis.MIXED if bases else None)
    return Figure(
        value=value,
        numerator=num,
        denominator=den,
        reported=weakest.reported if weakest else 0,
        expected=weakest.expected if weakest else None,
        basis=basis,
        parts=dict(parts or {}),
    )
