"""``dieuhanh extract FILE [--json]``: print what was read from a document.

A pure ``main(argv) -> int`` so that the project's command line can delegate to it and
tests can call it without a subprocess.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from dieuhanh.core.extraction.core import extract_file
from dieuhanh.core.extraction.model import Extraction, ExtractionError

__all__ = ["main"]


def _summary(result: Extraction) -> str:
    lines = [
        f"Loại: {result.kind}  Số: {result.number or '—'}  Ngày: "
        f"{result.date.strftime('%d/%m/%Y') if result.date else '—'}",
        f"Cơ quan ban hành: {result.issuer or '—'}",
    ]
    if result.signer:
        lines.append(f"Người ký: {result.signer.name} ({result.signer.title or '—'})")
    for i, t in enumerate(result.tasks, 1):
        deadline = t.deadline.strftime("%d/%m/%Y") if t.deadline else "—"
        lines.append(f"{i}. [{t.lead or '—'}] {t.text[:100]}  (hạn: {deadline})")
    for target in result.targets:
        lines.append(
            f"Chỉ tiêu: {target.indicator[:80]} {target.comparator} {target.value} "
            f"{target.unit or ''} ({target.year or '—'})"
        )
    for f in result.figures:
        lines.append(f"Số liệu: {f.label}: {f.value} {f.unit or ''}")
    lines.extend(f"Cảnh báo: {w}" for w in result.warnings)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="dieuhanh extract",
        description="Trích xuất nhiệm vụ, chỉ tiêu, số liệu từ văn bản (.txt, .docx, .pdf).",
    )
    parser.add_argument("file", help="tệp văn bản cần đọc")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    args = parser.parse_args(argv)
    try:
        result = extract_file(args.file)
    except ExtractionError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_summary(result))
    return 0
