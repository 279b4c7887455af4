"""Unit pages: parse the request, ask a selector or call a service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.permissions import Action, can
from dieuhanh.core.vnformat import parse_date
from dieuhanh.orgunits import selectors, services
from dieuhanh.orgunits.forms import ContactForm
from dieuhanh.orgunits.models import OrgUnit


def _date_param(request: HttpRequest) -> date:
    raw = request.GET.get("at", "").strip()
    if not raw:
        return timezone.localdate()
    day = parse_date(raw)
    if day is None:
        messages.error(request, _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": raw})
        return timezone.localdate()
    return day


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    at = _date_param(request)
    province = selectors.orgunit_province()
    root = selectors.orgunit_tree(root=province, at=at) if province else None
    summary = selectors.orgunit_summary(root=province, at=at) if province else None
    return render(
        request,
        "orgunits/tree.html",
        {"root": root, "at": at, "summary": summary, "province": province},
    )


def _detail_context(
    request: HttpRequest, unit: OrgUnit, at: date, contact_form: ContactForm | None = None
) -> dict[str, object]:
    return {
        "unit": unit,
        "at": at,
        "ancestors": selectors.orgunit_ancestors(unit=unit),
        "children": selectors.orgunit_children(unit=unit, at=at).order_by("name"),
        "predecessors": selectors.orgunit_predecessors(unit=unit),
        "successors": selectors.orgunit_successors(unit=unit),
        "can_edit_contact": can(request.user, Action.UNIT_EDIT_CONTACT, unit),
        "contact_form": contact_form or ContactForm(instance=unit),
    }


@login_required
def detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.orgunit_get_for_user(user=request.user, unit_id=unit_id)
    return render(
        request, "orgunits/detail.html", _detail_context(request, unit, _date_param(request))
    )


@login_required
@require_POST
def contact_update(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Save a unit's contact details (HTMX swaps the contact card; plain POST redirects)."""
    unit = selectors.orgunit_get_for_user(
        user=request.user, unit_id=unit_id, action=Action.UNIT_EDIT_CONTACT
    )
    # Bind to a copy so a rejected form never alters the unit the service compares with.
    form = ContactForm(request.POST, instance=OrgUnit(pk=unit.pk))
    if form.is_valid():
        try:
            services.orgunit_update(actor=request.user, unit=unit, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        if request.htmx:  # type: ignore[attr-defined]
            context = {"unit": unit, "contact_form": form, "can_edit_contact": True}
            return render(request, "orgunits/partials/contact.html", context, status=422)
        context = _detail_context(request, unit, timezone.localdate(), form)
        return render(request, "orgunits/detail.html", context, status=422)
    messages.success(request, _("Contact details saved."))
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "unit": unit,
            "contact_form": ContactForm(instance=unit),
            "can_edit_contact": True,
        }
        return render(request, "orgunits/partials/contact.html", context)
    return redirect("orgunits:detail", unit_id=unit.pk)
