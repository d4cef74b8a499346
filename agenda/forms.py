"""The appointment form and the day/week choice of the agenda. The rules are the service's; these parse input and
limit the choices to the case's gemeente (colleagues), region (sleutelpersonen) and planned gesprekken."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms.pip import DatumInput
from partners.models import Sleutelpersoon

from . import services
from .models import Afspraak
from .talen import is_taalcode, taalkeuzes, taalnaam

DAG, WEEK = "dag", "week"


class TijdInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class GebruikerKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class GebruikersKeuze(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class AfspraakForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort afspraak"), choices=Afspraak.Soort.choices)
    voortgangsgesprek = forms.ModelChoiceField(
        label=_("Voor het geplande voortgangsgesprek"),
        queryset=None,
        required=False,
        empty_label=_("geen"),
        help_text=_("Alleen bij een voortgangsgesprek of follow-up."),
    )
    datum = forms.DateField(label=_("Datum"), widget=DatumInput)
    begintijd = forms.TimeField(label=_("Begintijd"), widget=TijdInput)
    eindtijd = forms.TimeField(label=_("Eindtijd"), widget=TijdInput)
    plaats_soort = forms.ChoiceField(label=_("Locatie"), choices=Afspraak.PlaatsSoort.choices)
    plaats = forms.CharField(
        label=_("Adres, ruimte of videolink"),
        required=False,
        max_length=500,
        help_text=_("Bij een videogesprek: de link, beginnend met https://"),
    )
    tolk_nodig = forms.BooleanField(label=_("Tolk nodig"), required=False)
    tolk_taal = forms.ChoiceField(label=_("Taal van de tolk"), required=False)
    tolk_wijze = forms.ChoiceField(
        label=_("Tolk telefonisch of aanwezig"), required=False, choices=[("", _("kies")), *Afspraak.TolkWijze.choices]
    )
    sleutelpersoon = forms.ModelChoiceField(
        label=_("Sleutelpersoon"), queryset=None, required=False, empty_label=_("geen")
    )
    consultant = GebruikerKeuze(label=_("In de agenda van"), queryset=None, empty_label=None)
    genodigden = GebruikersKeuze(
        label=_("Genodigde collega's"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    genodigden_overig = forms.CharField(
        label=_("Overige genodigden"),
        required=False,
        max_length=500,
        help_text=_("Bijvoorbeeld de contactpersoon van de ketenpartner."),
    )
    toelichting = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    bevestig_overlap = forms.BooleanField(
        label=_("Ik weet dat deze afspraak overlapt met een andere afspraak"), required=False
    )

    def __init__(self, *args, statushouder, **kwargs):
        super().__init__(*args, **kwargs)
        medewerkers = services.medewerkers_van(statushouder.gemeente)
        self.fields["consultant"].queryset = medewerkers
        self.fields["genodigden"].queryset = medewerkers
        self.fields["sleutelpersoon"].queryset = Sleutelpersoon.objects.filter(
            arbeidsmarktregio_id=statushouder.gemeente.arbeidsmarktregio_id, actief=True
        ).order_by("naam")
        gesprekken = services.gesprekken_om_te_koppelen(statushouder)
        self.fields["voortgangsgesprek"].queryset = gesprekken
        self.fields["voortgangsgesprek"].label_from_instance = lambda g: (
            f"{g.get_soort_display()} — {g.gepland_op:%d-%m-%Y}"
        )
        # The common languages, plus the person's own and the one already chosen (any ISO 639 code).
        keuzes = dict(taalkeuzes())
        for code in [*(statushouder.talen or []), (self.initial or {}).get("tolk_taal") or ""]:
            if code and code not in keuzes and is_taalcode(code):
                keuzes[code] = taalnaam(code)
        self.fields["tolk_taal"].choices = [
            ("", _("kies een taal")),
            *sorted(keuzes.items(), key=lambda k: k[1]),
        ]

    def data_voor_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in services.VELDEN}


def initial_van(afspraak: Afspraak) -> dict:
    initial = {veld: getattr(afspraak, veld) for veld in services.VELDEN}
    initial["genodigden"] = list(afspraak.genodigden.all())
    return initial


class WeergaveForm(forms.Form):
    """`?dag=YYYY-MM-DD&weergave=dag|week`; invalid input falls back to today and the week."""

    dag = forms.DateField(required=False, label=_("Dag"), widget=DatumInput)
    weergave = forms.ChoiceField(required=False, label=_("Weergave"), choices=[(DAG, _("Dag")), (WEEK, _("Week"))])
