"""Forms of the participatie section: a participation, its end, and the ontzorgen period. They only parse
input; the rules (and their Dutch messages) live in cases.services.participatie."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Participatie

from .pip import DatumInput
from .snel import Getalveld, Keuzelijst, Tekstveld


class ParticipatieForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort participatie"), choices=[("", _("— kies —")), *Participatie.Soort.choices], widget=Keuzelijst
    )
    startdatum = forms.DateField(label=_("Startdatum"), widget=DatumInput())
    einddatum = forms.DateField(
        label=_("Einddatum"), required=False, widget=DatumInput(), help_text=_("Leeg laten als het nog loopt.")
    )
    uren_per_week = forms.DecimalField(
        label=_("Uren per week"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=0,
        help_text=_("Verplicht bij betaald werk."),
        widget=Getalveld,
    )
    sector = forms.CharField(
        label=_("Sector"),
        required=False,
        max_length=100,
        help_text=_("Bijvoorbeeld logistiek, zorg of horeca."),
        widget=Tekstveld,
    )
    contractvorm = forms.ChoiceField(
        label=_("Contractvorm"),
        required=False,
        choices=[("", _("— alleen bij betaald werk —")), *Participatie.Contractvorm.choices],
        widget=Keuzelijst,
    )

    def __init__(self, *args, sleutel: str = "nieuw", **kwargs):
        super().__init__(*args, auto_id=f"id_participatie_{sleutel}_%s", **kwargs)


class BeeindigenForm(forms.Form):
    einddatum = forms.DateField(label=_("Einddatum"), widget=DatumInput())


class OntzorgenForm(forms.Form):
    bijstand_start_datum = forms.DateField(label=_("Start van de bijstand"), widget=DatumInput())
    ontzorgen_einde_datum = forms.DateField(
        label=_("Geplande einddatum ontzorgen"),
        required=False,
        widget=DatumInput(),
        help_text=_("Ten minste 6 maanden na de start van de bijstand. Leeg: precies 6 maanden na de start."),
    )
