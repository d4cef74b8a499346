"""The note form (new, correction and change); the rules are the service's."""

from django import forms
from django.utils.translation import gettext_lazy

from cases.forms.pip import DatumInput

from .models import Notitie
from .services import TEKST_MAX


class NotitieForm(forms.Form):
    datum = forms.DateField(label=gettext_lazy("Datum"), widget=DatumInput)
    categorie = forms.ChoiceField(label=gettext_lazy("Categorie"), choices=Notitie.Categorie.choices)
    tekst = forms.CharField(
        label=gettext_lazy("Notitie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEKST_MAX,
        error_messages={"required": gettext_lazy("Schrijf de notitie.")},
    )


class FilterForm(forms.Form):
    categorie = forms.ChoiceField(
        label=gettext_lazy("Categorie"),
        choices=[("", gettext_lazy("Alle categorieën")), *Notitie.Categorie.choices],
        required=False,
    )
