from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from dieuhanh.web.navigation import SECTIONS


def shell(request: HttpRequest) -> dict[str, Any]:
    """Navigation for the page shell, with the current section marked."""
    user = getattr(request, "user", None)
    is_staff = bool(user and user.is_authenticated and user.is_staff)
    path = request.path
    items = []
    for section in SECTIONS:
        if section.staff_only and not is_staff:
            continue
        url = reverse(section.url_name, args=section.url_args)
        active = path.startswith(url) if url != "/" else path == "/"
        items.append({"key": section.key, "label": section.label, "url": url, "active": active})
    return {"nav_items": items}
