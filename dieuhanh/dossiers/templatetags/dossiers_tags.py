"""Template helpers of the Dịch vụ công screens."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from dieuhanh.accounts.permissions import Action, can
from dieuhanh.core.vnformat import format_date, format_number

register = template.Library()


@register.simple_tag(takes_context=True)
def can_import(context: dict[str, Any]) -> bool:
    request = context.get("request")
    return bool(request and can(request.user, Action.DOSSIERS_IMPORT))


@register.filter
def vn_datetime(value: Any) -> str:
    """``15/09/2024 08:30`` in Vietnam time; ``—`` when missing."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{format_date(local.date())} {local:%H:%M}"


@register.filter
def vn_points(value: Decimal | None) -> str:
    """Index points with two decimals, or the index's "không đủ dữ liệu"."""
    from dieuhanh.core.index766 import INSUFFICIENT_DATA_VI

    return format_number(value, 2, empty=INSUFFICIENT_DATA_VI)


@register.filter
def field_label(obj: Any, name: str) -> str:
    """A model field's label as the screens show it: ``{{ d|field_label:"received_at" }}``
    → "Ngày tiếp nhận (NgayTiepNhan)" (the portal's field name kept for IT)."""
    return str(capfirst(obj._meta.get_field(name).verbose_name))


@register.filter
def version_label(config: Any, width: int = 80) -> str:
    """A version of the 766 index by its name (shortened) and the day it took effect, not
    its code: "Bộ chỉ số phục vụ người dân, doanh nghiệp (…), từ 01/01/2024"."""
    title = str(config.title_vi or config.version)
    if len(title) > width:
        title = title[: width - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return _("%(title)s, from %(day)s") % {"title": title, "day": format_date(config.valid_from)}


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def band_class(name: str | None) -> str:
    return {
        "Xuất sắc": "band-excellent",
        "Tốt": "band-good",
        "Khá": "band-fair",
        "Trung bình": "band-average",
        "Yếu": "band-weak",
    }.get(name or "", "band-none")
