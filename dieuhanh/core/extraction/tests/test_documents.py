"""The project's own test documents (fictional provinces and agencies) against the
extraction an official would make of them, stored beside each as JSON."""

from __future__ import annotations

import json

import pytest

from dieuhanh.core.extraction import extract
from dieuhanh.core.extraction.tests.conftest import DOCUMENTS
from dieuhanh.core.extraction.tests.scoring import norm, score_targets, score_tasks

CASES = sorted(p.stem for p in DOCUMENTS.glob("*.txt"))


def load(stem: str) -> tuple[str, dict]:
    text = (DOCUMENTS / f"{stem}.txt").read_text(encoding="utf-8")
    expected = json.loads((DOCUMENTS / f"{stem}.json").read_text(encoding="utf-8"))
    return text, expected


def check(got: dict, expected: dict) -> None:
    for key in ("kind", "number", "date", "issuer", "meeting_date"):
        if key in expected:
            assert got[key] == expected[key], key
    if "signer" in expected:
        assert got["signer"] is not None
        assert got["signer"]["name"] == expected["signer"]["name"]
        assert got["signer"]["title"] == expected["signer"]["title"]
    if "tasks" in expected:
        score = score_tasks(expected["tasks"], got["tasks"])
        assert score.problems == []
    if "targets" in expected:
        _, _, _, problems = score_targets(expected["targets"], got["targets"])
        assert problems == []
        for exp in expected["targets"]:
            hit = next(
                t
                for t in got["targets"]
                if norm(t["indicator"]).startswith(norm(exp["indicator_start"]))
            )
            assert hit["comparator"] == exp["comparator"], exp["indicator_start"]
    if "figures" in expected:
        for exp in expected["figures"]:
            assert any(
                f["value"] == exp["value"]
                and f["unit"] == exp["unit"]
                and f["total"] == exp.get("total")
                and norm(exp["label_contains"]) in norm(f["label"])
                for f in got["figures"]
            ), exp


def test_there_are_enough_documents() -> None:
    assert len(CASES) >= 6
    assert all((DOCUMENTS / f"{c}.json").exists() for c in CASES)


@pytest.mark.parametrize("stem", CASES)
def test_document(stem: str) -> None:
    text, expected = load(stem)
    check(extract(text, strict=True).to_dict(), expected)


@pytest.mark.parametrize("stem", CASES)
def test_spans_point_at_the_evidence(stem: str) -> None:
    """Each task's span shows its source: the first words of the task are in it."""
    text, _ = load(stem)
    got = extract(text, strict=True)
    spans = [t.span for t in got.tasks] + [t.span for t in got.targets]
    for start, end in [*spans, *(f.span for f in got.figures)]:
        assert 0 <= start < end <= len(text)
    for task in got.tasks:
        start, end = task.span
        evidence = norm(text[start:end].replace("*", ""))
        first_words = " ".join(norm(task.text).split()[:3])
        assert first_words in evidence, (task.text[:40], text[start:end][:80])


def test_footnotes_never_enter_tasks() -> None:
    text, _ = load("notice_footnotes_hoa_my")
    got = extract(text, strict=True)
    joined = " ".join(t.text for t in got.tasks)
    for footnote in ("318.540", "Báo cáo số 140", "Ưu tiên các thủ tục", "¹", "[2]", "(1)"):
        assert footnote not in joined
    assert "đã số hóa, không yêu cầu" in got.tasks[1].text  # page break joined


def test_deadline_without_year_uses_document_year() -> None:
    text, _ = load("notice_khanh_an")
    got = extract(text, strict=True)
    finance = next(t for t in got.tasks if t.lead == "Sở Tài chính")
    assert finance.deadline_text == "trước 15/6"
    assert finance.deadline is not None and finance.deadline.isoformat() == "2025-06-15"


def test_regular_tasks_are_marked_recurring() -> None:
    text, _ = load("notice_table_dong_thanh")
    got = extract(text, strict=True)
    last_row = next(t for t in got.tasks if t.text.startswith("Tuyên truyền"))
    assert last_row.deadline is None and last_row.recurring
