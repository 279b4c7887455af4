"""Properties: extraction never raises, is deterministic, spans stay inside the text."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dieuhanh.core.extraction import extract
from dieuhanh.core.extraction.tests.conftest import DOCUMENTS, SHARED

_VIETNAMESE = (
    "Giao Sở Tài chính chủ trì, phối hợp với Văn phòng UBND tỉnh hoàn thành trước ngày "
    "31/6/2025 trong quý IV/2024 tháng 13/2024 ¹ [2] (3) 1. a) - + • I. Nơi nhận: ./. "
    "phấn đấu đạt 85% tối thiểu 1.543 hồ sơ 97,92% 13/19 chỉ tiêu | Nội dung | Chủ trì |"
)


def _all_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(DOCUMENTS.glob("*.txt")):
        lines.extend(path.read_text(encoding="utf-8").splitlines())
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        for path in sorted(seeds.glob("*.txt")):
            lines.extend(path.read_text(encoding="utf-8").splitlines())
    return lines


LINES = _all_lines()


def _check(text: str) -> None:
    result = extract(text, strict=True)
    assert result.kind in {"notice", "plan", "report"}
    spans = [t.span for t in result.tasks] + [t.span for t in result.targets]
    for start, end in [*spans, *(f.span for f in result.figures)]:
        assert 0 <= start <= end <= len(text)
    result.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_unicode_never_raises(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set(_VIETNAMESE + "\n\n\t "))), max_size=600))
def test_administrative_noise_never_raises(text: str) -> None:
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=400))
def test_shuffled_lines_never_raise(rnd: random.Random, n: int) -> None:
    lines = rnd.sample(LINES, min(n, len(LINES)))
    _check("\n".join(lines))
    _check("\n\n".join(lines))


def test_deterministic() -> None:
    for path in sorted(DOCUMENTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert extract(text).to_dict() == extract(text).to_dict()


def test_non_strict_mode_reports_instead_of_raising(monkeypatch) -> None:
    import dieuhanh.core.extraction.core as core

    def boom(*args: object, **kwargs: object) -> list:
        raise RuntimeError("boom")

    monkeypatch.setattr(core, "extract_tasks", boom)
    text = Path(DOCUMENTS / "notice_khanh_an.txt").read_text(encoding="utf-8")
    result = extract(text)
    assert result.tasks == []
    assert result.warnings and "nhiệm vụ" in result.warnings[0]
    assert result.issuer == "UBND tỉnh Khánh An"
