from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role
from dieuhanh.core.vnformat import parse_number
from dieuhanh.indicators.models import Measure
from dieuhanh.orgunits.models import OrgUnit


class UnitField(forms.ModelChoiceField):
    """Units with their validity: the old and the new ward of the same name apart."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name_with_validity


class ValueForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.order_by("name"))
    unit = UnitField(label=_("Unit"), queryset=OrgUnit.objects.order_by("path"))
    period = forms.CharField(
        label=_("Period"), max_length=12, help_text=_("e.g. 2024-09, 2024-Q3, 2024")
    )
    value = forms.CharField(
        label=_("Value"), max_length=40, help_text=_("Vietnamese notation: 1.234,5")
    )
    comment = forms.CharField(
        label=_("Reason / note"),
        required=False,
        max_length=500,
        help_text=_("Required when correcting a value."),
    )

    def clean_value(self) -> Decimal:
        """Read the number as an official writes it: "1.234" is one thousand two hundred
        and thirty-four, "97,92" is a fraction."""
        number = parse_number(self.cleaned_data["value"])
        if number is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a number."), params={"value": self.cleaned_data["value"]}
            )
        return number

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A reporter sees only their own unit; the service enforces it either way.
        if user is not None and getattr(user, "role", None) == Role.REPORTER and user.unit_id:
            unit_field = self.fields["unit"]
            assert isinstance(unit_field, forms.ModelChoiceField)
            unit_field.queryset = OrgUnit.objects.filter(pk=user.unit_id)
