"""Score the blind documents (``documents/blind``): the honest estimate of how the
extractor does on documents it was not tuned on.

    python -m dieuhanh.core.extraction.tests.blind [PREFIX] [--problems] [--markdown]

Each ``NAME.json`` was written before the extractor was first run on ``NAME.txt`` (or on
the Word file its ``"source": "docx:KEY"`` builds, see :mod:`blind_docx`, or on the PDF
that ``"source": "pdf"`` lays the text out as). Task scores
use :func:`scoring.score_tasks`; deadline accuracy there requires the date and the
phrase, and ``date acc.`` counts the date alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import Any

from dieuhanh.core.extraction import extract, read_text
from dieuhanh.core.extraction.tests.blind_docx import BUILDERS
from dieuhanh.core.extraction.tests.conftest import DOCUMENTS
from dieuhanh.core.extraction.tests.pdfbuild import build_pdf
from dieuhanh.core.extraction.tests.scoring import norm, score_targets, score_tasks

BLIND = DOCUMENTS / "blind"


@dataclass
class DocScore:
    name: str
    expected: int = 0
    found: int = 0
    matched: int = 0
    lead: int = 0
    coop: int = 0
    deadline: int = 0
    date: int = 0
    targets_expected: int = 0
    targets_found: int = 0
    targets_matched: int = 0
    targets_ok: int = 0
    figures_expected: int = 0
    figures_hit: int = 0
    header_expected: int = 0
    header_ok: int = 0
    problems: list[str] = field(default_factory=list)


def _as_pdf(text: str) -> bytes:
    """The text laid out as a PDF: short header lines kept, body paragraphs wrapped at 70
    characters by :func:`pdfbuild.build_pdf` (the reader has to join them again)."""
    lines: list[str] = []
    for p in (p.strip() for p in text.split("\n\n")):
        if not p:
            continue
        if all(len(line) < 60 for line in p.split("\n")):
            lines.extend(p.split("\n"))
        else:
            lines.append(" ".join(p.split()))
    return build_pdf(lines)


def _text(stem: str, expected: dict[str, Any]) -> str:
    source = expected.get("source")
    if source and source.startswith("docx:"):
        return read_text(BUILDERS[source.split(":", 1)[1]](), f"{stem}.docx")
    text = (BLIND / f"{stem}.txt").read_text(encoding="utf-8")
    if source == "pdf":
        return read_text(_as_pdf(text), f"{stem}.pdf")
    return text


def _date_only(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> int:
    used: set[int] = set()
    ok = 0
    for exp in expected:
        prefix = norm(exp["text_start"])
        hit = next(
            (
                i
                for i, t in enumerate(actual)
                if i not in used and norm(t["text"]).startswith(prefix)
            ),
            None,
        )
        if hit is None:
            continue
        used.add(hit)
        ok += actual[hit]["deadline"] == exp["deadline"]
    return ok


def score_document(stem: str) -> DocScore:
    expected = json.loads((BLIND / f"{stem}.json").read_text(encoding="utf-8"))
    got = extract(_text(stem, expected)).to_dict()
    s = DocScore(stem)
    for key in ("kind", "number", "date", "issuer"):
        if key in expected:
            s.header_expected += 1
            if got[key] == expected[key]:
                s.header_ok += 1
            else:
                s.problems.append(f"header {key}: {got[key]!r} != {expected[key]!r}")
    if "tasks" in expected:
        ts = score_tasks(expected["tasks"], got["tasks"])
        s.expected, s.found, s.matched = ts.expected, ts.found, ts.matched
        s.lead, s.coop, s.deadline = ts.lead_right, ts.coop_right, ts.deadline_right
        s.date = _date_only(expected["tasks"], got["tasks"])
        s.problems.extend(ts.problems)
    if "targets" in expected:
        n, found, ok, problems = score_targets(expected["targets"], got["targets"])
        s.targets_expected, s.targets_found, s.targets_ok = n, found, ok
        s.targets_matched = n - sum(p.startswith("missing target") for p in problems)
        s.problems.extend(problems)
        for exp in expected["targets"]:
            hit = next(
                (
                    t
                    for t in got["targets"]
                    if norm(t["indicator"]).startswith(norm(exp["indicator_start"]))
                ),
                None,
            )
            if hit is not None and hit["comparator"] != exp.get("comparator", hit["comparator"]):
                s.problems.append(f"comparator {exp['indicator_start']!r}: {hit['comparator']}")
    if "figures" in expected:
        s.figures_expected = len(expected["figures"])
        for exp in expected["figures"]:
            if any(
                f["value"] == exp["value"]
                and f["unit"] == exp["unit"]
                and f["total"] == exp.get("total")
                and norm(exp["label_contains"]) in norm(f["label"])
                for f in got["figures"]
            ):
                s.figures_hit += 1
            else:
                s.problems.append(f"missing figure: {exp}")
    return s


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def stems(prefix: str = "") -> list[str]:
    return sorted(p.stem for p in BLIND.glob(f"{prefix}*.json"))


_COUNTS = (
    "expected",
    "found",
    "matched",
    "lead",
    "coop",
    "deadline",
    "date",
    "targets_expected",
    "targets_found",
    "targets_matched",
    "targets_ok",
    "figures_expected",
    "figures_hit",
    "header_expected",
    "header_ok",
)


def totals(scores: list[DocScore]) -> DocScore:
    t = DocScore("TOTAL")
    for s in scores:
        for k in _COUNTS:
            setattr(t, k, getattr(t, k) + getattr(s, k))
    return t


def row(s: DocScore) -> str:
    targets = (
        f"{s.targets_ok}/{s.targets_expected} (found {s.targets_found})"
        if s.targets_expected
        else "–"
    )
    figures = f"{s.figures_hit}/{s.figures_expected}" if s.figures_expected else "–"
    return (
        f"| {s.name} | {s.expected} | {_ratio(s.matched, s.expected)} | "
        f"{_ratio(s.matched, s.found)} | {_ratio(s.lead, s.matched)} | "
        f"{_ratio(s.deadline, s.matched)} | {_ratio(s.date, s.matched)} | "
        f"{_ratio(s.coop, s.matched)} | "
        f"{targets} | {figures} | "
        f"{s.header_ok}/{s.header_expected} |"
    )


HEADER = (
    "| document | tasks exp. | recall | precision | lead acc. | deadline acc. | date acc. | "
    "coop acc. | targets ok | figures | header |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("prefix", nargs="?", default="")
    parser.add_argument("--problems", action="store_true")
    args = parser.parse_args(argv)
    scores = [score_document(stem) for stem in stems(args.prefix)]
    print(HEADER)
    for s in scores:
        print(row(s))
    print(row(totals(scores)))
    if args.problems:
        for s in scores:
            if s.problems:
                print(f"\n## {s.name}")
                for p in s.problems:
                    print(f"- {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
