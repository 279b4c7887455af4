"""Forms: they parse and validate input; the services decide and write."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.vnformat import format_date, parse_date
from dieuhanh.directives.models import DirectiveKind
from dieuhanh.orgunits.models import OrgUnit


class VNDateField(forms.DateField):
    """A date written day-first (15/10/2024) or in ISO form, in any interface language."""

    widget = forms.TextInput(
        attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": "10"}
    )

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        day = parse_date(str(value))
        if day is None:
            raise ValidationError(_("Enter a date as dd/mm/yyyy."), code="invalid")
        return day

    def prepare_value(self, value: Any) -> Any:
        return format_date(value, empty="") if isinstance(value, date) else value


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document (.txt, .docx or .pdf)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
    )


class DraftHeaderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DirectiveKind.choices)
    number = forms.CharField(label=_("Number"), max_length=64, required=False)
    date = VNDateField(label=_("Date"), required=False)
    title = forms.CharField(
        label=_("Summary"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)
    signer = forms.CharField(label=_("Signed by"), max_length=150, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=255, required=False)


class UnitMultipleChoiceField(forms.TypedMultipleChoiceField):
    """Unit ids; the choices (units valid on the directive's date) are set by the view."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()  # the service checks the units belong to the province


class DraftTaskForm(forms.Form):
    text = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 4}))
    lead_ids = UnitMultipleChoiceField(label=_("Lead unit(s)"), required=False)
    coop_ids = UnitMultipleChoiceField(label=_("Cooperating units"), required=False)
    deadline = VNDateField(label=_("Deadline"), required=False)
    deadline_text = forms.CharField(label=_("Deadline as written"), max_length=255, required=False)
    recurring = forms.BooleanField(label=_("Regular task (no deadline)"), required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    reported_on = VNDateField(label=_("Date"), required=False)
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(
        label=_("Percent done"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"size": "4"}),
    )
    done = forms.BooleanField(label=_("The task is completed"), required=False)
    attachments = MultipleFileField(label=_("Attachments"), required=False)


class ExtensionRequestForm(forms.Form):
    requested_deadline = VNDateField(label=_("New deadline asked for"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    ACTIONS = ("confirm", "return", "pause", "resume", "cancel")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_deadline = VNDateField(label=_("New deadline (optional)"), required=False)


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReassignForm(forms.Form):
    """Give the task to another lead unit (one that exists today); the reason is kept."""

    unit: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("New lead unit"), queryset=OrgUnit.objects.none()
    )
    note = forms.CharField(
        label=_("Reason"), required=True, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
