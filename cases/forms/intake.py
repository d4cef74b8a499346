"""The brede intake form: the intake fields and, per leefgebied, a 1–5 score with notes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import BredeIntake, Leefgebied
from leerroutes.models import Leerroute

from .snel import SnelleInvoer

SCORE_KEUZES = [
    (1, _("1 – acuut probleem")),
    (2, _("2 – niet zelfredzaam")),
    (3, _("3 – beperkt zelfredzaam")),
    (4, _("4 – voldoende zelfredzaam")),
    (5, _("5 – volledig zelfredzaam")),
]


class DateInput(SnelleInvoer, forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class IntakeForm(forms.Form):
    leerbaarheidstoets_datum = forms.DateField(label=_("Datum leerbaarheidstoets"), required=False, widget=DateInput)
    leerbaarheidstoets_uitkomst = forms.ChoiceField(
        label=_("Uitkomst leerbaarheidstoets"),
        choices=[("", _("nog niet bekend"))] + list(BredeIntake.Uitkomst.choices),
        required=False,
        help_text=_("Hoog of gemiddeld: advies B1-route. Laag: advies Z-route. Vrijgesteld: geen advies."),
    )
    leerbaarheidstoets_vrijstelling_reden = forms.CharField(
        label=_("Reden van vrijstelling"),
        max_length=255,
        required=False,
        help_text=_("Verplicht als de toets niet is afgenomen (vrijstelling)."),
    )
    gekozen_route = forms.ModelChoiceField(
        label=_("Gekozen leerroute"),
        queryset=Leerroute.objects.all(),
        required=False,
        empty_label=_("volg het advies"),
        help_text=_("Kiest u een andere route dan het advies, licht dat dan hieronder toe."),
    )
    afwijking_motivering = forms.CharField(
        label=_("Motivering afwijking van het advies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opleiding_werkervaring = forms.CharField(
        label=_("Opleiding en werkervaring"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    gezondheid = forms.CharField(
        label=_("Gezondheid"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijzonder persoonsgegeven: noteer alleen wat nodig is voor het plan."),
    )
    vve_informatie_gegeven = forms.BooleanField(
        label=_("Informatie over voor- en vroegschoolse educatie (VVE) gegeven"), required=False
    )
    individueel_gesprek_aangeboden = forms.BooleanField(label=_("Individueel gesprek aangeboden"), required=False)

    INTAKE_VELDEN = (
        "leerbaarheidstoets_datum",
        "leerbaarheidstoets_uitkomst",
        "leerbaarheidstoets_vrijstelling_reden",
        "gekozen_route",
        "afwijking_motivering",
        "opleiding_werkervaring",
        "gezondheid",
        "vve_informatie_gegeven",
        "individueel_gesprek_aangeboden",
    )

    def __init__(self, *args, intake=None, statushouder=None, **kwargs):
        if intake is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_voor(intake, statushouder)
        super().__init__(*args, **kwargs)
        for leefgebied in Leefgebied:
            self.fields[f"score_{leefgebied.value}"] = forms.TypedChoiceField(
                label=_("Score %(leefgebied)s") % {"leefgebied": leefgebied.label.lower()},
                choices=SCORE_KEUZES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"toelichting_{leefgebied.value}"] = forms.CharField(
                label=_("Toelichting %(leefgebied)s") % {"leefgebied": leefgebied.label.lower()},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def initial_voor(intake, statushouder) -> dict:
        initial = {
            veld: getattr(intake, veld) for veld in IntakeForm.INTAKE_VELDEN if veld != "leerbaarheidstoets_datum"
        }
        initial["gekozen_route"] = intake.gekozen_route_id
        initial["leerbaarheidstoets_datum"] = statushouder.leerbaarheidstoets_datum if statushouder else None
        for rij in intake.score_rijen:  # from cases.selectors.brede_intake
            initial[f"score_{rij['leefgebied']}"] = rij["score"]
            initial[f"toelichting_{rij['leefgebied']}"] = rij["toelichting"]
        return initial

    def leefgebieden(self):
        """(leefgebied, score field, notes field) per leefgebied, for the template."""
        return [(lg, self[f"score_{lg.value}"], self[f"toelichting_{lg.value}"]) for lg in Leefgebied]

    def velden(self) -> dict:
        return {veld: self.cleaned_data[veld] for veld in self.INTAKE_VELDEN}

    def scores(self) -> dict:
        return {
            lg.value: (self.cleaned_data[f"score_{lg.value}"], self.cleaned_data[f"toelichting_{lg.value}"])
            for lg in Leefgebied
        }


class HandhavingForm(forms.Form):
    """One step of the intake handhaving ladder (DOMAIN.md req. 12) with the gemeente's assessment of
    verwijtbaarheid; the order and the other rules are in cases.services.handhaving."""

    OORDELEN = [("", _("nog niet beoordeeld")), ("ja", _("verwijtbaar")), ("nee", _("niet verwijtbaar"))]

    stap = forms.ChoiceField(label=_("Stap"))
    datum = forms.DateField(label=_("Datum"), widget=DateInput)
    verwijtbaar = forms.TypedChoiceField(
        label=_("Oordeel van de gemeente over de verwijtbaarheid"),
        choices=OORDELEN,
        coerce=lambda waarde: {"ja": True, "nee": False}.get(waarde),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Verplicht vanaf de herinnering. Sinds de uitspraken van 2025 legt DUO alleen in uitzonderlijke gevallen "
            "een boete op: een boete past alleen bij verwijtbaar niet reageren."
        ),
    )
    toelichting = forms.CharField(
        label=_("Toelichting op de verwijtbaarheid"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, stappen=(), **kwargs):
        """`stappen`: the (value, label) of the steps that may come next."""
        kwargs.setdefault("prefix", "handhaving")
        super().__init__(*args, **kwargs)
        self.fields["stap"].choices = list(stappen)
