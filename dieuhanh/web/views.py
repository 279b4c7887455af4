from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static

from dieuhanh.orgunits.selectors import orgunit_province
from dieuhanh.web.navigation import PENDING


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The operations-centre overview once a province is loaded; until then, how to load one."""
    province = orgunit_province()
    if province is not None:
        return redirect("dashboards:overview")
    return render(
        request,
        "web/home.html",
        {"province": None, "section": "overview"},
    )


@login_required
def pending(request: HttpRequest, section: str) -> HttpResponse:
    if section not in PENDING:
        raise Http404
    return render(request, "web/pending.html", {"section_obj": PENDING[section]})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and tools ask for /favicon.ico whatever the page says: send them to the icon."""
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))
