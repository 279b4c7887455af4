"""Template helpers for assignments: status labels and colours, unit names by id."""

from __future__ import annotations

from typing import Any

from django import template

from dieuhanh.directives.labels import STATUS_LABELS
from dieuhanh.directives.status import Status

register = template.Library()


@register.filter
def status_label(value: Any) -> str:
    try:
        return str(STATUS_LABELS[Status(value)])
    except ValueError:
        return str(value)


@register.filter
def status_tone(value: Any) -> str:
    try:
        return Status(value).tone
    except ValueError:
        return "muted"


@register.filter
def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "") if mapping else ""


@register.filter
def in_set(value: Any, container: Any) -> bool:
    try:
        return int(value) in container
    except (TypeError, ValueError):
        return False


@register.filter
def urlencode_dict(params: dict[str, Any] | None) -> str:
    """``{"unit": "5", "status": "open_overdue"}`` → ``unit=5&status=open_overdue``."""
    from urllib.parse import urlencode

    return urlencode(params or {})


@register.filter
def method_label(value: Any) -> str:
    from dieuhanh.directives.labels import METHOD_LABELS

    return str(METHOD_LABELS.get(str(value), value))


@register.filter
def confidence_label(value: Any) -> str:
    from dieuhanh.directives.labels import CONFIDENCE_LABELS

    return str(CONFIDENCE_LABELS.get(str(value), value))


@register.filter
def flag_label(value: Any) -> str:
    from dieuhanh.directives.labels import FLAG_LABELS

    return str(FLAG_LABELS.get(str(value), value))
