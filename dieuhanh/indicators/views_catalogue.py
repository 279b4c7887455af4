"""The catalogue page: upload a YAML or Excel file, preview what importing it would do
(every problem with its place in the file), confirm, and download the whole catalogue.

The file waits in the session between preview and confirmation, with a digest the confirm
form sends back, so what is written is exactly what was previewed."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Action, can
from dieuhanh.indicators.catalogue import (
    FORMATS,
    MAX_FILE_BYTES,
    catalogue_counts,
    catalogue_export,
    catalogue_import,
)

SESSION_KEY = "catalogue_upload"
CONTENT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Catalogue file (.yaml or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB: is it really a catalogue?")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


def _manager(request: HttpRequest) -> User:
    """The signed-in coordinator or administrator; anyone else is answered 403."""
    user = request.user
    if not isinstance(user, User) or not can(user, Action.CONFIG_MANAGE):
        raise PermissionDenied(_("Only coordinators and administrators manage the catalogue."))
    return user


def _page(request: HttpRequest, form: UploadForm | None = None, status: int = 200) -> HttpResponse:
    context = {"form": form or UploadForm(), "counts": catalogue_counts(), "formats": FORMATS}
    return render(request, "indicators/catalogue.html", context, status=status)


@login_required
@require_GET
def catalogue_page(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return _page(request)


@login_required
@require_POST
def catalogue_import_view(request: HttpRequest) -> HttpResponse:
    """Three steps on one address: a file → preview (dry run); ``confirm`` → import what
    was previewed; ``cancel`` → forget it."""
    user = _manager(request)
    if "cancel" in request.POST:
        request.session.pop(SESSION_KEY, None)
        return redirect("catalogue:page")
    if "confirm" in request.POST:
        return _confirm(request, user)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=422)
    upload = form.cleaned_data["file"]
    content = upload.read()
    report = catalogue_import(actor=user, data_or_file=_Named(content, upload.name), dry_run=True)
    token = hashlib.sha256(content).hexdigest()
    if report.ok:
        request.session[SESSION_KEY] = {
            "name": upload.name,
            "data": base64.b64encode(content).decode("ascii"),
            "token": token,
        }
    else:
        request.session.pop(SESSION_KEY, None)
    context = {"report": report, "name": upload.name, "token": token}
    return render(
        request, "indicators/catalogue_preview.html", context, status=200 if report.ok else 422
    )


def _confirm(request: HttpRequest, user: User) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, _("The previewed file is no longer available: upload it again."))
        return redirect("catalogue:page")
    content = base64.b64decode(pending["data"])
    report = catalogue_import(actor=user, data_or_file=_Named(content, pending["name"]))
    request.session.pop(SESSION_KEY, None)
    if not report.ok:
        # The catalogue changed since the preview in a way the file now conflicts with.
        context = {"report": report, "name": pending["name"], "token": ""}
        return render(request, "indicators/catalogue_preview.html", context, status=422)
    messages.success(
        request,
        _("Catalogue imported from %(name)s: %(summary)s")
        % {"name": pending["name"], "summary": report.summary()},
    )
    return redirect("catalogue:page")


@login_required
@require_GET
def catalogue_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    _manager(request)
    if fmt not in FORMATS:
        raise Http404(_("Unknown format “%(fmt)s”.") % {"fmt": fmt})
    response = HttpResponse(catalogue_export(fmt=fmt), content_type=CONTENT_TYPES[fmt])
    filename = f"catalogue-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Named:
    """File content with the name it was uploaded under (the name tells the format)."""

    def __init__(self, content: bytes, name: str) -> None:
        self.content = content
        self.name = name

    def read(self) -> bytes:
        return self.content
