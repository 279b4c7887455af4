"""Result types of document extraction.

Everything a reviewer must confirm carries a ``span``: character offsets ``[start, end)``
into the text that was given to :func:`~dieuhanh.core.extraction.extract`, so that the
review screen can show the source sentence next to the value taken from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["Extraction", "ExtractionError", "Figure", "Signer", "Target", "Task"]


class ExtractionError(Exception):
    """A file could not be read as text.

    The message is in Vietnamese because it is shown as is to the official who uploaded
    the file, who has to act on it (send the original instead of a scan, re-save a .doc).
    """


def _number(value: Decimal | None) -> int | float | None:
    """JSON has no decimals: integral values stay integers (``1543``), others floats."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass
class Task:
    """One assignment (nhiệm vụ) as the document writes it.

    ``lead`` and ``cooperating`` are agency names as written, not resolved units:
    resolving them to ``OrgUnit`` rows is a separate, reviewable step.
    """

    text: str
    lead: str | None
    cooperating: list[str]
    deadline: dt.date | None
    deadline_text: str | None
    span: tuple[int, int]
    recurring: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "lead": self.lead,
            "cooperating": list(self.cooperating),
            "deadline": _iso(self.deadline),
            "deadline_text": self.deadline_text,
            "recurring": self.recurring,
            "span": [self.span[0], self.span[1]],
        }


@dataclass
class Target:
    """A plan's goal (chỉ tiêu): ``indicator comparator value unit`` by ``year``."""

    indicator: str
    comparator: str
    value: Decimal
    unit: str | None
    year: int | None
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "comparator": self.comparator,
            "value": _number(self.value),
            "unit": self.unit,
            "year": self.year,
            "span": [self.span[0], self.span[1]],
        }


@dataclass
class Figure:
    """A quantity a report states; ``total`` is the denominator of "13/19 chỉ tiêu"."""

    label: str
    value: Decimal
    unit: str | None
    span: tuple[int, int]
    total: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "value": _number(self.value),
            "unit": self.unit,
            "total": _number(self.total),
            "span": [self.span[0], self.span[1]],
        }


@dataclass
class Signer:
    """Who signed: ``title`` is the signer's own position, ``on_behalf`` the "TL./KT./TM."
    lines above it (signing for the chairman is not the same as being the chairman)."""

    name: str
    title: str | None
    on_behalf: str | None
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "on_behalf": self.on_behalf,
            "span": [self.span[0], self.span[1]],
        }


@dataclass
class Extraction:
    """What was read from one document: a draft for a person to confirm, never a fact."""

    kind: str
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    signer: Signer | None = None
    meeting_date: dt.date | None = None
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "date": _iso(self.date),
            "issuer": self.issuer,
            "signer": self.signer.to_dict() if self.signer else None,
            "meeting_date": _iso(self.meeting_date),
            "tasks": [t.to_dict() for t in self.tasks],
            "targets": [t.to_dict() for t in self.targets],
            "figures": [f.to_dict() for f in self.figures],
            "warnings": list(self.warnings),
        }
