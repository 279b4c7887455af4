"""Forms of the Dịch vụ công screens (the services do the checking that matters)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.periods import Period, PeriodParseError, parse_period
from dieuhanh.core.vnformat import parse_date
from dieuhanh.dossiers.models import ImportRun, Status
from dieuhanh.orgunits.models import OrgUnit

MAX_UPLOAD = 500 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportRun.Kind.choices)
    file = forms.FileField(
        label=_("File (.csv, .xlsx or .json)"),
        help_text=_(
            "The columns are described in the guide to import formats on this page, with a "
            "template of each kind of file."
        ),
    )
    mode = forms.ChoiceField(
        label=_("When some rows are not valid"),
        choices=[
            (ImportRun.Mode.ALL_OR_NOTHING, _("Store nothing (all or nothing)")),
            (ImportRun.Mode.SKIP_BAD_ROWS, _("Store the valid rows, list the others")),
        ],
        initial=ImportRun.Mode.ALL_OR_NOTHING,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 500 MB."))
        return upload


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_with_validity} — {obj.code}"


class MappingForm(forms.Form):
    name = forms.CharField(label=_("Name or code as the source system writes it"), max_length=255)
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.exclude(kind=OrgUnit.Kind.PROVINCE).order_by("kind", "name"),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ListFilterForm(forms.Form):
    """The filters of the dossier (procedure, feedback) lists, read from the query string.

    Every value that cannot be understood is an error shown beside its field: the list is
    then not shown at all, rather than shown with that filter silently dropped.
    """

    unit = forms.CharField(required=False)
    period = forms.CharField(required=False)
    count = forms.CharField(required=False)
    q = forms.CharField(required=False, max_length=64)
    procedure = forms.CharField(required=False, max_length=64)
    status = forms.CharField(required=False)

    def __init__(self, data: Any, *, counts: Collection[str] | None = None) -> None:
        super().__init__(data)
        self.counts = counts
        # "from" is a Python keyword: these two are added by name.
        self.fields["from"] = forms.CharField(required=False)
        self.fields["to"] = forms.CharField(required=False)
        self.fields["from"].label = _("Received from")
        self.fields["to"].label = _("to")
        self.fields["unit"].label = _("Unit")
        self.fields["period"].label = _("Period")
        self.fields["count"].label = _("Figure")
        self.fields["status"].label = _("Current status")

    def clean_unit(self) -> int | None:
        raw = self.cleaned_data["unit"].strip()
        if not raw:
            return None
        if not raw.isdigit():
            raise forms.ValidationError(_("Unknown unit “%(value)s”.") % {"value": raw})
        return int(raw)

    def clean_period(self) -> Period | None:
        raw = self.cleaned_data["period"].strip()
        if not raw:
            return None
        try:
            return parse_period(raw)
        except PeriodParseError:
            raise forms.ValidationError(_("Unknown period “%(value)s”.") % {"value": raw}) from None

    def clean_count(self) -> str:
        raw = self.cleaned_data["count"].strip()
        if raw and self.counts is not None and raw not in self.counts:
            raise forms.ValidationError(_("Unknown figure “%(value)s”.") % {"value": raw})
        return raw

    def clean_status(self) -> int | None:
        raw = self.cleaned_data["status"].strip()
        if not raw:
            return None
        if not raw.isdigit() or int(raw) not in Status.values:
            raise forms.ValidationError(_("Unknown status “%(value)s”.") % {"value": raw})
        return int(raw)

    def _date(self, name: str) -> date | None:
        raw = self.cleaned_data[name].strip()
        if not raw:
            return None
        value = parse_date(raw)
        if value is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": raw}
            )
        return value

    def clean_from(self) -> date | None:
        return self._date("from")

    def clean_to(self) -> date | None:
        return self._date("to")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start is not None and end is not None and start > end:
            self.add_error("to", _("The end date is before the start date."))
        if data.get("count") and data.get("period") is None and (start is None or end is None):
            # A figure is a count over a period ("overdue at the end of 2025"): without
            # one the list would show every record under the figure's title.
            self.add_error("count", _("This figure needs a period: choose one."))
        return data
