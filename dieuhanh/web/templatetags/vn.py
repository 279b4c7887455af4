"""Template filters that write figures the Vietnamese way, and missing as "—"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dieuhanh.core.progress import ProgressResult, ProgressStatus
from dieuhanh.core.vnformat import format_number, format_percent

register = template.Library()


@register.filter
def vn_number(value: Any, decimals: int = 0) -> str:
    """``{{ x|vn_number:2 }}`` → ``"97,92"``; ``None`` → ``"—"`` (never 0)."""
    if value is None or value == "":
        return "—"
    return format_number(Decimal(str(value)), int(decimals))


@register.filter
def vn_percent(value: Any, decimals: int = 1) -> str:
    """A share 0–1 written as a percentage: ``0.5`` → ``"50,0%"``."""
    if value is None or value == "":
        return "—"
    return format_percent(Decimal(str(value)) * 100, int(decimals))


@register.filter
def vn_value(value: Any, unit: str = "") -> str:
    """A value with its unit of measure, percentages glued: ``97,92%``, ``239.723 hồ sơ``.
    Missing stays a bare "—"."""
    if value is None or value == "—":
        return "—"
    return f"{value}%" if unit == "%" else f"{value} {unit}".strip()


_BASIS = {
    "reported": gettext_lazy("reported by the unit itself"),
    "computed": gettext_lazy("sum of its sub-units"),
    "predecessors": gettext_lazy("from the units it replaced (by share)"),
    "mixed": gettext_lazy("partly its own, partly from the units it replaced"),
}


@register.filter
def basis_label(value: Any) -> str:
    """Where a figure comes from, in words."""
    return str(_BASIS.get(str(value), "—")) if value else "—"


@register.filter
def period_label(value: Any) -> str:
    """A period as the interface's language writes it: "quý IV/2024" or "Q4 2024"."""
    if value is None or value == "":
        return "—"
    if get_language() and not get_language().startswith("vi"):
        return str(value.label_en())
    return str(value.label_vi())


# English words for the verdicts; their Vietnamese translations are ``label_vi``'s words.
_VERDICT = {
    ProgressStatus.MET: gettext_lazy("Met"),
    ProgressStatus.NOT_MET: gettext_lazy("Not met"),
    ProgressStatus.ON_TRACK: gettext_lazy("On track"),
    ProgressStatus.NEEDS_ACCELERATION: gettext_lazy("Needs acceleration"),
    ProgressStatus.LIMITED: gettext_lazy("Limited progress"),
    ProgressStatus.GOING_BACKWARDS: gettext_lazy("Going backwards"),
    ProgressStatus.INSUFFICIENT_DATA: gettext_lazy("Insufficient data"),
}


@register.filter
def verdict_label(value: Any) -> str:
    """A target's verdict in the interface's language: "Không đạt" or "Not met".

    Takes a :class:`ProgressResult`, a :class:`ProgressStatus` or its value (``"met"``).
    In Vietnamese it is exactly ``label_vi``, the words the reports use."""
    if value is None or value == "":
        return "—"
    raw = value.status if isinstance(value, ProgressResult) else value
    try:
        status = ProgressStatus(str(raw))
    except ValueError:
        return "—"
    language = get_language()
    if not language or language.startswith("vi"):
        return status.label_vi
    return str(_VERDICT[status])


def _english() -> bool:
    language = get_language()
    return bool(language) and not language.startswith("vi")


@register.filter
def explanation(value: Any) -> str:
    """How a verdict was reached, in the interface's language (the core writes both: the
    Vietnamese is the reports' wording)."""
    if not isinstance(value, ProgressResult):
        return ""
    return value.explanation_in("en" if _english() else "vi")


@register.filter
def scorecard_summary(value: Any) -> str:
    """ "Đạt 8/13 chỉ tiêu (61,54%)…" or "Met 8/13 targets (61,54%)…"."""
    if value is None or value == "":
        return ""
    return str(value.summary_en() if _english() else value.summary_vi())


@register.simple_tag
def lifetime_note(unit: Any, period: Any) -> str:
    """What a figure of a unit that began or ended during the period covers (QA: a
    district's "9 months of 2025" was its January–June, with nothing to say so)."""
    if unit is None or period is None:
        return ""
    ended, began = getattr(unit, "valid_to", None), getattr(unit, "valid_from", None)
    if ended is not None and period.start <= ended < period.end:
        return _(
            "%(unit)s ended on %(day)s: its figures cover the period up to that day; its "
            "successors' figures cover the rest."
        ) % {"unit": unit.name, "day": ended.strftime("%d/%m/%Y")}
    if began is not None and period.start < began <= period.end:
        return _(
            "%(unit)s began on %(day)s: before that day its figures are those of the units "
            "it replaced (by their shares)."
        ) % {"unit": unit.name, "day": began.strftime("%d/%m/%Y")}
    return ""
