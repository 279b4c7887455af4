"""The extraction pipeline: outline, header, tasks, targets, figures."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TypeVar

from dieuhanh.core.extraction.figures import extract_figures
from dieuhanh.core.extraction.header import fallback_kind, parse_header, plan_year
from dieuhanh.core.extraction.layout import Layout, parse_layout
from dieuhanh.core.extraction.model import Extraction
from dieuhanh.core.extraction.reader import read_text
from dieuhanh.core.extraction.targets import extract_targets
from dieuhanh.core.extraction.tasks import extract_tasks
from dieuhanh.core.extraction.textutil import Source

__all__ = ["extract", "extract_file"]

T = TypeVar("T")


def _tail_lines(source: Source, layout: Layout) -> list[tuple[str, int, int]]:
    out = []
    # Without "Nơi nhận" or "./." the body runs to the end: the signature is then among
    # the last lines.
    tail = layout.tail or layout.blocks[-12:]
    for b in tail:
        for s, e in b.ranges:
            pos = s
            for cell in re.split(r"(\||\t)", source.text[s:e]):
                if cell not in {"|", "\t"} and cell.strip():
                    lead = len(cell) - len(cell.lstrip())
                    out.append((cell.strip(), pos + lead, pos + lead + len(cell.strip())))
                pos += len(cell)
    return out


def extract(text: str, *, strict: bool = False) -> Extraction:
    """Read a document's text into a draft :class:`Extraction`.

    Deterministic, and it does not raise on any text: a stage that fails leaves its part
    empty and says so in ``warnings``, because a reviewer can still use the rest. Tests
    pass ``strict=True`` so that such a failure is a failure.
    """
    if not isinstance(text, str):
        raise TypeError("extract() takes the document's text; use extract_file() for a file")
    warnings: list[str] = []

    def stage(name: str, fn: Callable[[], T], default: T) -> T:
        try:
            return fn()
        except Exception as exc:
            if strict:
                raise
            warnings.append(f"Không trích xuất được phần {name}: {type(exc).__name__}")
            return default

    source = Source(text)
    layout = stage("bố cục", lambda: parse_layout(source), None)
    if layout is None:
        return Extraction(kind=fallback_kind(source.text), warnings=warnings)
    header = stage(
        "thông tin văn bản", lambda: parse_header(source, _tail_lines(source, layout)), None
    )
    kind = (header.kind if header else None) or fallback_kind(source.text)
    reference = header.reference if header else None
    result = Extraction(kind=kind, warnings=warnings)
    if header is not None:
        result.number = header.number
        result.date = header.date
        result.issuer = header.issuer
        result.signer = header.signer
        result.meeting_date = header.meeting_date if kind == "notice" else None
    result.tasks = stage(
        "nhiệm vụ",
        lambda: extract_tasks(
            source, layout, reference=reference, default_eligible=kind != "report"
        ),
        [],
    )
    if kind == "plan":
        year = plan_year(header) if header else None
        result.targets = stage("chỉ tiêu", lambda: extract_targets(source, layout, year), [])
    if kind == "report":
        result.figures = stage("số liệu", lambda: extract_figures(source, layout), [])
    if reference is None and any(t.deadline_text and t.deadline is None for t in result.tasks):
        warnings.append(
            "Văn bản không ghi ngày ban hành: hạn không ghi năm chưa xác định được ngày."
        )
    return result


def extract_file(path: str | os.PathLike[str], *, strict: bool = False) -> Extraction:
    """Read a .txt, .docx or text-based .pdf file and extract it (raises
    :class:`~dieuhanh.core.extraction.model.ExtractionError` when it cannot be read)."""
    return extract(read_text(path), strict=strict)
