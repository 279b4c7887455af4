"""Compare an extraction with a hand-checked expectation (the conventions of
``shared/examples/README.md``): tasks match by the first words of their text."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any


def norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split()).casefold()


@dataclass
class TaskScore:
    expected: int
    found: int
    matched: int
    lead_right: int
    coop_right: int
    deadline_right: int
    problems: list[str]

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0


def score_tasks(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> TaskScore:
    """Greedy in-order matching on ``text_start`` as a prefix of the task text."""
    used: set[int] = set()
    matched = lead_ok = coop_ok = deadline_ok = 0
    problems: list[str] = []
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
            problems.append(f"missing: {exp['text_start']!r}")
            continue
        used.add(hit)
        matched += 1
        got = actual[hit]
        if norm(got["lead"]) == norm(exp["lead"]):
            lead_ok += 1
        else:
            problems.append(f"lead of {exp['text_start']!r}: {got['lead']!r} != {exp['lead']!r}")
        if [norm(c) for c in got["cooperating"]] == [norm(c) for c in exp["cooperating"]]:
            coop_ok += 1
        else:
            problems.append(
                f"cooperating of {exp['text_start']!r}: {got['cooperating']!r} != "
                f"{exp['cooperating']!r}"
            )
        if got["deadline"] == exp["deadline"] and (
            "deadline_text" not in exp or norm(got["deadline_text"]) == norm(exp["deadline_text"])
        ):
            deadline_ok += 1
        else:
            problems.append(
                f"deadline of {exp['text_start']!r}: {got['deadline']!r}/{got['deadline_text']!r}"
                f" != {exp['deadline']!r}/{exp.get('deadline_text')!r}"
            )
    for i, t in enumerate(actual):
        if i not in used:
            problems.append(f"extra: {t['text'][:60]!r}")
    return TaskScore(len(expected), len(actual), matched, lead_ok, coop_ok, deadline_ok, problems)


def score_targets(
    expected: list[dict[str, Any]], actual: list[dict[str, Any]]
) -> tuple[int, int, int, list[str]]:
    """(expected, found, matched with value/unit/year right, problems)."""
    used: set[int] = set()
    ok = 0
    problems = []
    for exp in expected:
        prefix = norm(exp["indicator_start"])
        hit = next(
            (
                i
                for i, t in enumerate(actual)
                if i not in used and norm(t["indicator"]).startswith(prefix)
            ),
            None,
        )
        if hit is None:
            problems.append(f"missing target: {exp['indicator_start']!r}")
            continue
        used.add(hit)
        got = actual[hit]
        if (got["value"], got["unit"], got["year"]) == (exp["value"], exp["unit"], exp["year"]):
            ok += 1
        else:
            problems.append(f"target {exp['indicator_start']!r}: {got} != {exp}")
    for i, t in enumerate(actual):
        if i not in used:
            problems.append(f"extra target: {t['indicator'][:60]!r}")
    return len(expected), len(actual), ok, problems
