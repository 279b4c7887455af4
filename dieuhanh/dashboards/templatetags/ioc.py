"""Template filters of the dashboards: figures with their unit, and signed changes,
written the Vietnamese way (``core.vnformat``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from dieuhanh.core.vnformat import format_number

register = template.Library()


@register.filter
def figure_text(value: Any, indicator: Any) -> str:
    """``{{ figure.value|figure_text:indicator }}`` → ``97,92%``, ``239.723 hồ sơ``, "—"."""
    from dieuhanh.dashboards.charts import value_text

    return value_text(None if value in (None, "") else Decimal(str(value)), indicator)


@register.filter
def signed_change(value: Any, indicator: Any) -> str:
    """A change against last year: ``+1,25 điểm %``, ``−3.120 tài khoản``, "—"."""
    if value is None or value == "":
        return "—"
    d = Decimal(str(value))
    text = format_number(abs(d), indicator.decimals)
    sign = "+" if d > 0 else ("−" if d < 0 else "±")
    unit = _("pts") if indicator.unit_of_measure == "%" else indicator.unit_of_measure
    return f"{sign}{text} {unit}".strip()


@register.filter
def pos_class(value: Any) -> int:
    """A heat-map position (0 worst … 1 best) as one of five colour steps, 0–4."""
    return min(4, max(0, int(float(value) * 5)))
