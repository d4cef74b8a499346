"""Forms of the PIP editor. They only parse input; the rules live in cases.services (whose Dutch
ValidationErrors are put back onto the form with `add_error`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Actie, Leefgebied, PipVersie
from cases.services import TAALNIVEAUS
from leerroutes.models import Leerroute

from .snel import SnelleInvoer

COMPONENTEN = [
    ("taal", _("Taal")),
    ("knm", _("Kennis van de Nederlandse Maatschappij (KNM)")),
    ("map", _("Module Arbeidsmarkt en Participatie (MAP)")),
    ("pvt", _("Participatieverklaringstraject (PVT)")),
]


class DatumInput(SnelleInvoer, forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PipPlanForm(forms.Form):
    """Leerroute, taalaanbieder, componenten, duaal, taalniveau. The provider and component choices
    depend on the route: pass the routes and the providers allowed for the route shown."""

    leerroute = forms.ModelChoiceField(
        label=_("Leerroute"), queryset=Leerroute.objects.none(), empty_label=_("— kies een leerroute —")
    )
    taalaanbieder = forms.ModelChoiceField(
        label=_("Taalaanbieder"),
        queryset=None,
        required=False,
        empty_label=_("— kies een aanbieder —"),
        help_text=_("Alleen aanbieders met een contract voor deze leerroute in de regio (en een geldig keurmerk)."),
    )
    componenten = forms.MultipleChoiceField(
        label=_("Componenten"), choices=COMPONENTEN, required=False, widget=forms.CheckboxSelectMultiple
    )
    duaal = forms.BooleanField(label=_("Duaal traject (taal gecombineerd met werk of participatie)"), required=False)
    taalniveau_doel = forms.ChoiceField(
        label=_("Taalniveau (doel)"),
        choices=[("", "—"), *[(n, n) for n in TAALNIVEAUS]],
        required=False,
        help_text=_(
            "A2 niet bij de onderwijsroute, B1 niet bij de Z-route; A2 in de B1-route alleen na afschalen "
            "(niet in het eerste PIP)."
        ),
    )
    afwijking_motivering = forms.CharField(
        label=_("Motivering afwijking van het advies van de leerbaarheidstoets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht als de leerroute afwijkt van het advies."),
    )

    def __init__(self, *args, leerroutes, aanbieders, route=None, met_motivering=False, **kwargs):
        """`met_motivering`: the first plan of a case with a route advice asks the written reasons for a route
        that departs from it (DOMAIN.md req. 4); other versions have no such field."""
        super().__init__(*args, **kwargs)
        if not met_motivering:
            del self.fields["afwijking_motivering"]
        self.fields["leerroute"].queryset = leerroutes
        self.fields["taalaanbieder"].queryset = aanbieders
        if route is not None and not route.map_verplicht:
            # DOMAIN.md req. 8: MAP is not offered in the onderwijsroute. Only the widget hides it: a MAP
            # still ticked from the previous route (no JavaScript) is accepted and dropped by the service.
            self.fields["componenten"].widget.choices = [c for c in COMPONENTEN if c[0] != "map"]


class DoelForm(forms.Form):
    leefgebied = forms.ChoiceField(label=_("Leefgebied"), choices=Leefgebied.choices)
    omschrijving = forms.CharField(label=_("Doel"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sleutel: str = "nieuw", **kwargs):
        super().__init__(*args, auto_id=f"id_doel_{sleutel}_%s", **kwargs)


class ActieForm(forms.Form):
    omschrijving = forms.CharField(label=_("Actie"), max_length=500)
    eigenaar = forms.ChoiceField(label=_("Wie"), choices=Actie.Eigenaar.choices)
    ketenpartner = forms.ChoiceField(label=_("Ketenpartner"), required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DatumInput())
    status = forms.ChoiceField(label=_("Status"), choices=Actie.ActieStatus.choices, initial="open")

    def __init__(self, *args, ketenpartners=(), sleutel: str = "nieuw", **kwargs):
        """`ketenpartners`: the region's ketenpartners, fetched once per page (no query per form)."""
        super().__init__(*args, auto_id=f"id_actie_{sleutel}_%s", **kwargs)
        self._ketenpartners = {str(k.uuid): k for k in ketenpartners}
        self.fields["ketenpartner"].choices = [("", _("— alleen bij eigenaar ketenpartner —"))] + [
            (str(k.uuid), k.naam) for k in ketenpartners
        ]

    def clean_ketenpartner(self):
        waarde = self.cleaned_data.get("ketenpartner")
        return self._ketenpartners.get(waarde) if waarde else None

    def clean(self):
        data = super().clean()
        if data.get("eigenaar") == Actie.Eigenaar.KETENPARTNER and not data.get("ketenpartner"):
            self.add_error("ketenpartner", _("Kies de ketenpartner die de actie uitvoert."))
        return data


class ActieStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Actie.ActieStatus.choices)

    def __init__(self, *args, sleutel: str = "", **kwargs):
        super().__init__(*args, auto_id=f"id_actiestatus_{sleutel}_%s", **kwargs)


class VaststellenForm(forms.Form):
    dagtekening = forms.DateField(label=_("Dagtekening van de beschikking"), widget=DatumInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"dagtekening": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PipWijzigenForm(forms.Form):
    reden = forms.ChoiceField(
        label=_("Reden van de wijziging"),
        help_text=_(
            "Schakelen kan alleen in de eerste anderhalf jaar van de inburgeringstermijn (behalve vanuit de "
            "onderwijsroute); afschalen naar A2 alleen binnen de B1-route, na 600 gevolgde lesuren."
        ),
        choices=[
            (r.value, r.label) for r in PipVersie.Wijzigingsreden if r not in (PipVersie.Wijzigingsreden.EERSTE_PLAN,)
        ],
        widget=forms.RadioSelect,
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij een andere wijziging."),
    )
