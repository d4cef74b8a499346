"""The form of a new task; the rules are the service's."""

from django import forms
from django.utils.translation import gettext_lazy

from cases.forms.pip import DatumInput

from .services import TOELICHTING_MAX


class GebruikerKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class TaakForm(forms.Form):
    omschrijving = forms.CharField(label=gettext_lazy("Wat moet er gebeuren?"), max_length=255)
    deadline = forms.DateField(label=gettext_lazy("Deadline"), widget=DatumInput)
    toegewezen_aan = GebruikerKeuze(label=gettext_lazy("Voor wie?"), queryset=None, empty_label=None)
    toelichting = forms.CharField(
        label=gettext_lazy("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TOELICHTING_MAX,
        required=False,
    )

    def __init__(self, *args, collegas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["toegewezen_aan"].queryset = collegas
