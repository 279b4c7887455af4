"""The seed documents against their hand-checked extractions (shared/examples)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dieuhanh.core.extraction import extract
from dieuhanh.core.extraction.tests.scoring import norm, score_targets, score_tasks

SEEDS = ["000_af9022ede6366c69", "001_54c68f66e2a9fa72", "003_3fb43b6591ba4953"]


def _load(shared: Path, stem: str) -> tuple[str, dict]:
    text = (shared / "seeds" / f"{stem}.txt").read_text(encoding="utf-8")
    expected = json.loads((shared / "examples" / f"{stem}.json").read_text(encoding="utf-8"))
    return text, expected


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_matches_hand_checked_extraction(shared: Path, stem: str) -> None:
    text, expected = _load(shared, stem)
    got = extract(text, strict=True).to_dict()
    assert got["kind"] == expected["kind"]
    for key in ("issuer", "date"):
        if key in expected:
            assert got[key] == expected[key], key
    if "tasks" in expected:
        score = score_tasks(expected["tasks"], got["tasks"])
        assert score.problems == []
        assert score.matched == score.expected == score.found
    if "targets" in expected:
        n, found, ok, problems = score_targets(expected["targets"], got["targets"])
        assert problems == []
        assert ok == n == found


def test_seed_000_details(shared: Path) -> None:
    text, _ = _load(shared, "000_af9022ede6366c69")
    got = extract(text, strict=True)
    # "Số: /TB-UBND" has no number yet and the day is left blank: neither is invented.
    assert got.number is None
    assert got.date is None
    assert got.meeting_date is not None and got.meeting_date.isoformat() == "2024-09-27"
    assert got.signer is not None and got.signer.name == "Trịnh Tiến Duy"
    assert got.signer.on_behalf == "TL. CHỦ TỊCH"
    # The footnote interrupting item 3 is not part of it; its continuation is.
    third = got.tasks[3]
    assert "100% xã" not in third.text
    assert "huy động các nguồn lực" in third.text
    assert "Tập trung thực hiện hiệu quả đợt thi đua" in third.text
    # Nothing from "Nơi nhận" or the closing formula.
    assert all("Lưu" not in t.text and "thông báo để" not in t.text for t in got.tasks)


def test_seed_003_header(shared: Path) -> None:
    text, _ = _load(shared, "003_3fb43b6591ba4953")
    got = extract(text, strict=True)
    assert got.number == "36/TB-UBND"
    assert got.meeting_date is not None and got.meeting_date.isoformat() == "2023-01-31"
    assert got.signer is not None
    assert (got.signer.name, got.signer.title) == ("Phùng Tô Long", "PHÓ CHÁNH VĂN PHÒNG")
    assert got.signer.on_behalf == "TL. CHỦ TỊCH; KT. CHÁNH VĂN PHÒNG"


def test_seed_001_plan_header_and_comparators(shared: Path) -> None:
    text, _ = _load(shared, "001_54c68f66e2a9fa72")
    got = extract(text, strict=True)
    assert got.number == "72-KH/BCĐ"
    assert got.date is not None and got.date.isoformat() == "2023-05-23"
    by_start = {norm(t.indicator)[:25]: t for t in got.targets}
    assert by_start[norm("tỷ trọng giá trị tăng thêm")[:25]].comparator == ">"  # "trên 02%"
    assert by_start[norm("tối thiểu 90% thiết bị đầu")[:25]].comparator == "≥"


def test_reports_give_figures_not_targets(shared: Path) -> None:
    text = (shared / "seeds" / "002_73dc18d068a961ae.txt").read_text(encoding="utf-8")
    got = extract(text, strict=True)
    assert got.kind == "report"
    assert got.targets == []
    ratio = [f for f in got.figures if f.total is not None]
    assert [(f.value, f.total, f.unit) for f in ratio] == [(13, 19, "chỉ tiêu")]
    assert "chỉ tiêu đạt và vượt kế hoạch" in ratio[0].label

    text = (shared / "seeds" / "004_27682ded67a95bb2.txt").read_text(encoding="utf-8")
    got = extract(text, strict=True)
    assert got.kind == "report"
    values = {(float(f.value), f.unit) for f in got.figures}
    assert (152508.0, "hồ sơ") in values
    assert (55.28, "%") in values
    # Years, dates and document numbers are not figures.
    assert all(f.value not in (2021, 2022, 2025, 49) for f in got.figures)
