"""The consultant's enrolment forms on the case page: aanmelden bij een aanbieder, beëindigen or intrekken, and
overstappen naar een andere aanbieder. The rules are leerroutes.services'; these forms only read the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerroutes.models import Inschrijving, Onderdeel
from partners.models import Organisatie

from .intake import DateInput

REDEN_MAX = Inschrijving._meta.get_field("reden").max_length
CAPACITEIT_REDEN_MAX = Inschrijving._meta.get_field("capaciteit_overschreden_reden").max_length


def aanbieders(leerroute, regio):
    """The providers to choose from: active, with a contract for the route in the region (at any time). Whether the
    contract covers the start date, and the keurmerk on that date, the service checks — so the form can say why a
    provider cannot be chosen on that date."""
    return (
        Organisatie.objects.filter(
            type__in=Organisatie.AANBIEDERS,
            actief=True,
            contracten__leerroute=leerroute,
            contracten__arbeidsmarktregio=regio,
        )
        .distinct()
        .order_by("naam")
    )


class InschrijvenForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Aanbieder"), queryset=Organisatie.objects.none(), empty_label=_("Kies een aanbieder")
    )
    onderdelen = forms.ModelMultipleChoiceField(
        label=_("Onderdelen"),
        queryset=Onderdeel.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De onderdelen van de leerroute waarvoor u aanmeldt."),
    )
    startdatum = forms.DateField(label=_("Geplande startdatum"), widget=DateInput)
    capaciteit_overschreden_reden = forms.CharField(
        label=_("Reden om boven de contractcapaciteit in te schrijven"),
        required=False,
        max_length=CAPACITEIT_REDEN_MAX,
        help_text=_("Alleen de teamleider; alleen nodig als het contract vol is."),
    )

    def __init__(self, *args, leerroute, regio, teamleider: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = aanbieders(leerroute, regio)
        self.fields["organisatie"].to_field_name = "uuid"
        self.fields["onderdelen"].queryset = Onderdeel.objects.filter(leerroutes=leerroute).order_by("id")
        self.fields["onderdelen"].initial = list(self.fields["onderdelen"].queryset)
        if not teamleider:
            del self.fields["capaciteit_overschreden_reden"]


class BeeindigenForm(forms.Form):
    einddatum = forms.DateField(label=_("Einddatum"), widget=DateInput, initial=timezone.localdate)
    reden = forms.CharField(
        label=_("Reden"),
        max_length=REDEN_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De aanbieder ziet deze reden: noem geen gezondheid of andere gevoelige persoonsgegevens."),
    )


class OverstappenForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Nieuwe aanbieder"), queryset=Organisatie.objects.none(), empty_label=_("Kies een aanbieder")
    )
    einddatum = forms.DateField(
        label=_("Einddatum bij de huidige aanbieder"), widget=DateInput, initial=timezone.localdate
    )
    startdatum = forms.DateField(label=_("Geplande startdatum bij de nieuwe aanbieder"), widget=DateInput)
    capaciteit_overschreden_reden = InschrijvenForm.base_fields["capaciteit_overschreden_reden"]

    def __init__(self, *args, inschrijving, regio, teamleider: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = aanbieders(inschrijving.leerroute, regio).exclude(
            pk=inschrijving.organisatie_id
        )
        self.fields["organisatie"].to_field_name = "uuid"
        if not teamleider:
            del self.fields["capaciteit_overschreden_reden"]
