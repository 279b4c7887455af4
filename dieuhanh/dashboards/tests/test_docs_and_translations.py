"""What a linter cannot check: docs/dashboard.md documents every page and every query
parameter the pages read. (Every interface string having Vietnamese is checked for the
whole project by dieuhanh/web/tests/test_translations.py.)"""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import get_resolver

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "dieuhanh" / "dashboards"
DOC = ROOT / "docs" / "dashboard.md"


def test_every_page_and_parameter_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    from dieuhanh.dashboards.urls import urlpatterns

    assert get_resolver().reverse_dict  # the URLconf loads
    for pattern in urlpatterns:
        route = "/ioc/" + str(pattern.pattern).replace("<slug:code>", "<code>").replace(
            "<slug:slide>", "<slide>"
        ).replace("<slug:page>", "<page>")
        assert f"`{route}" in doc, route
    source = (APP / "views.py").read_text(encoding="utf-8")
    params = set(re.findall(r'request\.GET\.get\("(\w+)"', source))
    assert params >= {"unit", "period", "level", "set", "ind", "colour", "sort", "every", "pages"}
    for name in params:
        assert f"`{name}`" in doc, name
