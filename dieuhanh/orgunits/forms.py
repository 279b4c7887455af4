from django import forms

from dieuhanh.orgunits.models import OrgUnit


class ContactForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["address", "phone", "email"]
