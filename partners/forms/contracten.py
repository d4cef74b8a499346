"""Forms of the contract pages: input only; the rules are in partners.services.contracten."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leerroutes.models import Leerroute

from ..models import Contract, Keurmerk

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContractForm(forms.Form):
    organisatie = forms.ModelChoiceField(label=_("Aanbieder"), queryset=None, empty_label=_("Kies een aanbieder"))
    leerroute = forms.ModelChoiceField(
        label=_("Leerroute"), queryset=Leerroute.objects.order_by("id"), empty_label=_("Kies een leerroute")
    )
    arbeidsmarktregio = forms.ModelChoiceField(label=_("Arbeidsmarktregio"), queryset=None, empty_label=None)
    startdatum = forms.DateField(label=_("Startdatum"), widget=DATUM)
    einddatum = forms.DateField(label=_("Einddatum"), widget=DATUM, help_text=_("De laatste dag van het contract."))
    capaciteit = forms.IntegerField(label=_("Capaciteit (trajecten)"), min_value=1)
    tarief = forms.DecimalField(
        label=_("Tarief per traject (euro)"), min_value=0, max_digits=9, decimal_places=2, localize=True
    )
    kenmerk = forms.CharField(
        label=_("Kenmerk"), required=False, max_length=Contract._meta.get_field("kenmerk").max_length
    )
    norm_aanwezigheid = forms.IntegerField(
        label=_("Norm aanwezigheid (%)"),
        min_value=1,
        max_value=100,
        initial=80,
        help_text=_("Afgesproken minimale aanwezigheid: gevolgde uren gedeeld door aangeboden uren."),
    )
    verzuim_melden_binnen_dagen = forms.IntegerField(
        label=_("Verzuim melden binnen (werkdagen)"), min_value=0, max_value=60, initial=5
    )
    rapportage_frequentie = forms.ChoiceField(
        label=_("Voortgangsrapportage"),
        choices=[
            ("maandelijks", _("maandelijks")),
            ("kwartaal", _("per kwartaal")),
            ("halfjaar", _("per half jaar")),
        ],
        initial="kwartaal",
    )
    toelichting = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, aanbieders, regios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = aanbieders
        self.fields["arbeidsmarktregio"].queryset = regios


class KeurmerkForm(forms.Form):
    """One keurmerk period (partners.Keurmerk); the rules are services.keurmerken's."""

    soort = forms.ChoiceField(label=_("Keurmerk"), choices=Keurmerk.Soort.choices, initial=Keurmerk.Soort.BLIK_OP_WERK)
    geldig_van = forms.DateField(label=_("Geldig van"), required=False, widget=DATUM)
    geldig_tot = forms.DateField(
        label=_("Geldig tot en met"), required=False, widget=DATUM, help_text=_("Leeg: zonder einddatum")
    )
    registratienummer = forms.CharField(label=_("Registratienummer"), required=False, max_length=50)
