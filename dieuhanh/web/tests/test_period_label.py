"""Periods are written in the interface's language: Vietnamese first, English second."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from dieuhanh.core.periods import Period

TEMPLATE = Template("{% load vn %}{{ period|period_label }}")


def render(code: str | None, language: str) -> str:
    with translation.override(language):
        period = Period.parse(code) if code else None
        return TEMPLATE.render(Context({"period": period}))


def test_vietnamese_writes_the_reports_phrases() -> None:
    assert render("2024-Q4", "vi") == "quý IV/2024"
    assert render("2024-9M", "vi") == "9 tháng đầu năm 2024"


def test_english_is_the_second_language() -> None:
    assert render("2024-Q4", "en") == "Q4 2024"
    assert render("2025", "en") == "2025"


def test_no_period_is_a_dash() -> None:
    assert render(None, "vi") == "—"
