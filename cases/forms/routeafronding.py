"""Forms of the route records on the case page: MAP, PVT, the Z-route's eindgesprek and the taalschakeltraject.
They only parse input; the rules (and their Dutch messages) live in cases.services.routeafronding."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leerroutes.models import MapThema, Taalschakeltraject

from .pip import DatumInput

VERWIJTBAAR_KEUZES = [("", _("niet van toepassing")), ("ja", _("ja, verwijtbaar")), ("nee", _("nee, niet verwijtbaar"))]
VERWIJTBAAR_HULP = _("Alleen invullen als de datum na het einde van de inburgeringstermijn ligt.")


def verwijtbaar_veld():
    return forms.TypedChoiceField(
        label=_("Verwijtbaar"),
        choices=VERWIJTBAAR_KEUZES,
        coerce=lambda waarde: waarde == "ja",
        empty_value=None,
        required=False,
        help_text=VERWIJTBAAR_HULP,
    )


def verwijtbaar_initieel(waarde: bool | None) -> str:
    return "" if waarde is None else "ja" if waarde else "nee"


class MapForm(forms.Form):
    themas = forms.MultipleChoiceField(
        label=_("Afgeronde thema's"),
        choices=MapThema.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De MAP is pas afgerond met alle 8 thema's, ten minste 40 praktijkuren en het eindgesprek."),
    )
    eindgesprek_op = forms.DateField(
        label=_("Datum eindgesprek MAP"),
        required=False,
        widget=DatumInput(),
        help_text=_("Het eindgesprek met de gemeente. Leeg laten zolang het niet is gehouden."),
    )
    verwijtbaar = verwijtbaar_veld()


class PvtForm(forms.Form):
    uren = forms.DecimalField(
        label=_("Gevolgde uren PVT"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=0,
        localize=True,
        help_text=_("Ten minste 12 uur, bijvoorbeeld 12,5."),
    )
    ondertekend_op = forms.DateField(
        label=_("Datum ondertekening participatieverklaring"), required=False, widget=DatumInput()
    )
    verwijtbaar = verwijtbaar_veld()


class ZrouteEindgesprekForm(forms.Form):
    eindgesprek_op = forms.DateField(
        label=_("Datum eindgesprek Z-route"),
        required=False,
        widget=DatumInput(),
        help_text=_("Het eindgesprek rondt de Z-route af (DUO: datum afronding Z-route)."),
    )


class TaalschakeltrajectForm(forms.Form):
    startdatum = forms.DateField(label=_("Startdatum"), widget=DatumInput())
    einddatum = forms.DateField(
        label=_("Einddatum"), required=False, widget=DatumInput(), help_text=_("Leeg laten zolang het loopt.")
    )
    resultaat = forms.ChoiceField(
        label=_("Resultaat"),
        required=False,
        choices=[("", _("— nog geen resultaat —")), *Taalschakeltraject.Resultaat.choices],
    )
    vervolgopleiding = forms.CharField(
        label=_("Vervolgopleiding"),
        required=False,
        max_length=200,
        help_text=_("De opleiding waar het traject naartoe leidt, bijvoorbeeld Verpleegkunde."),
    )
    vervolgniveau = forms.ChoiceField(
        label=_("Niveau vervolgopleiding"),
        required=False,
        choices=[("", _("— onbekend —")), *Taalschakeltraject.Vervolgniveau.choices],
    )
