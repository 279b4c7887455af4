"""Forms of the Dịch vụ công screens (the services do the checking that matters)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dieuhanh.dossiers.models import ImportRun
from dieuhanh.orgunits.models import OrgUnit

MAX_UPLOAD = 500 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportRun.Kind.choices)
    file = forms.FileField(
        label=_("File (.csv, .xlsx or .json)"),
        help_text=_("The columns are described in the guide to import formats."),
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
        until = f" (đến {obj.valid_to:%d/%m/%Y})" if obj.valid_to else ""
        return f"{obj.name} — {obj.code}{until}"


class MappingForm(forms.Form):
    name = forms.CharField(label=_("Name or code as the source system writes it"), max_length=255)
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.exclude(kind=OrgUnit.Kind.PROVINCE).order_by("kind", "name"),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
