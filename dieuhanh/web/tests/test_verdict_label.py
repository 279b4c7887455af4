"""Verdicts in the interface's language: the reports' words in Vietnamese, English words
otherwise."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from dieuhanh.core.progress import Comparator, ProgressStatus, evaluate
from dieuhanh.web.templatetags.vn import verdict_label


@pytest.mark.parametrize("status", list(ProgressStatus))
def test_vietnamese_is_label_vi(status: ProgressStatus) -> None:
    with translation.override("vi"):
        assert verdict_label(status) == status.label_vi
        assert verdict_label(status.value) == status.label_vi


@pytest.mark.parametrize("status", list(ProgressStatus))
def test_english_is_not_vietnamese(status: ProgressStatus) -> None:
    with translation.override("en"):
        label = verdict_label(status)
    assert label and label != status.label_vi
    assert label.isascii()


def test_takes_a_result_and_reports_nonsense_as_missing() -> None:
    result = evaluate(
        baseline_year=2020,
        baseline_value=Decimal(10),
        current_year=2023,
        current_value=Decimal(5),
        target_year=2023,
        target_value=Decimal(10),
        comparator=Comparator.GTE,
    )
    with translation.override("en"):
        assert verdict_label(result) == "Not met"
        assert verdict_label(None) == "—"
        assert verdict_label("khong-co") == "—"
    with translation.override("vi"):
        assert verdict_label(result) == "Không đạt"
