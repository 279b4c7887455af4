from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dieuhanh.orgunits.selectors import orgunit_province, orgunit_summary
from dieuhanh.web.navigation import PENDING


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today: date = timezone.localdate()
    province = orgunit_province()
    summary = orgunit_summary(root=province, at=today) if province else None
    return render(
        request,
        "web/home.html",
        {"province": province, "summary": summary, "today": today, "section": "overview"},
    )


@login_required
def pending(request: HttpRequest, section: str) -> HttpResponse:
    if section not in PENDING:
        raise Http404
    return render(request, "web/pending.html", {"section_obj": PENDING[section]})
