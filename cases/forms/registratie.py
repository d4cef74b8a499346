"""Registering a case (warme overdracht): the fields of services.REGISTRATIE_VELDEN, the gemeente and the
assigned consultant. The form checks the date order itself, with a clear Dutch message beside the date
concerned, so that the model's check constraints never surface as a generic error."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from inburgering.accounts import roles
from partners.models import Gemeente

from ..landen_talen import nationaliteit_keuzes
from ..models import Statushouder
from ..query import gemeente_ids_for
from ..services import REGISTRATIE_VELDEN
from .persoon import (
    ADRESVELDEN,
    HUISNUMMER_FOUT,
    TalenMixin,
    normaliseer_huisnummer,
    normaliseer_postcode,
    normaliseer_telefoon,
    talen_velden,
)

# (later field, earlier field or None, constraint name, message on the later field)
DATUMVOLGORDE = [
    (
        "geboortedatum",
        "verblijfsvergunning_datum",
        "statushouder_geboren_voor_vergunning",
        _("De geboortedatum ligt na de datum van de verblijfsvergunning."),
    ),
    (
        "koppeling_datum",
        "verblijfsvergunning_datum",
        "statushouder_koppeling_na_vergunning",
        _("De koppeling ligt vóór de verblijfsvergunning."),
    ),
    (
        "kennisgeving_datum",
        "verblijfsvergunning_datum",
        "statushouder_kennisgeving_na_vergunning",
        _("De kennisgeving van DUO ligt vóór de verblijfsvergunning."),
    ),
    (
        "huisvesting_datum",
        "koppeling_datum",
        "statushouder_huisvesting_na_koppeling",
        _("De huisvestingsdatum ligt vóór de koppeling."),
    ),
]
CONSTRAINT_FOUTEN = {naam: (veld, bericht) for veld, _eerder, naam, bericht in DATUMVOLGORDE}

LABELS = {
    "bsn": _("BSN"),
    "voornamen": _("Voornamen"),
    "achternaam": _("Achternaam"),
    "geboortedatum": _("Geboortedatum"),
    "geslacht": _("Geslacht"),
    "telefoon": _("Telefoonnummer"),
    "straat": _("Straat"),
    "huisnummer": _("Huisnummer"),
    "postcode": _("Postcode"),
    "woonplaats": _("Woonplaats"),
    "email": _("E-mailadres"),
    "verblijfsvergunning_datum": _("Datum verblijfsvergunning"),
    "koppeling_datum": _("Datum koppeling aan de gemeente"),
    "kennisgeving_datum": _("Datum kennisgeving DUO"),
    "brp_inschrijving_datum": _("Datum inschrijving BRP"),
    "huisvesting_datum": _("Huisvestingsdatum"),
    "bijstand_start_datum": _("Startdatum bijstand"),
    "doelgroep": _("Doelgroep"),
    "oude_wet": _("Valt onder de Wet inburgering 2013 (de 'ondertussen'-groep)"),
    "overdracht_scenario": _("Scenario van de warme overdracht"),
    "azc": _("AZC"),
    "overdracht_notities": _("Notities van AZC en kansenverkenner"),
}

DATUMVELDEN = [
    "geboortedatum",
    "verblijfsvergunning_datum",
    "koppeling_datum",
    "kennisgeving_datum",
    "brp_inschrijving_datum",
    "huisvesting_datum",
    "bijstand_start_datum",
]


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class RegistratieForm(TalenMixin, forms.ModelForm):
    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=Gemeente.objects.none(), empty_label=None)
    nationaliteit = forms.ChoiceField(label=_("Nationaliteit"))
    talen, talen_overig = talen_velden()
    consultant = forms.ModelChoiceField(
        label=_("Consulent"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nog niet toegewezen"),
    )

    class Meta:
        model = Statushouder
        fields = [
            "bsn",
            "voornamen",
            "achternaam",
            "geboortedatum",
            "geslacht",
            "nationaliteit",
            "talen",
            "telefoon",
            "email",
            "straat",
            "huisnummer",
            "postcode",
            "woonplaats",
            "verblijfsvergunning_datum",
            "koppeling_datum",
            "kennisgeving_datum",
            "brp_inschrijving_datum",
            "huisvesting_datum",
            "bijstand_start_datum",
            "doelgroep",
            "oude_wet",
            "overdracht_scenario",
            "azc",
            "overdracht_notities",
        ]
        labels = LABELS
        widgets = {
            **{veld: DatumInput() for veld in DATUMVELDEN},
            "bsn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 9}),
            "geslacht": forms.RadioSelect,
            "overdracht_notities": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "bsn": _("Negen cijfers"),
            "kennisgeving_datum": _("De PIP-deadline telt vanaf de laatste van kennisgeving en BRP-inschrijving."),
            "oude_wet": _("Alleen voor wie vóór 1 januari 2022 inburgeringsplichtig werd."),
            "overdracht_notities": "",
            "huisnummer": _("Met toevoeging, bijvoorbeeld 12 of 12-A"),
            "postcode": _("Bijvoorbeeld 7101 AB"),
            "telefoon": _("Nederlands (0612345678) of internationaal met landnummer (+32...)"),
        }

    def __init__(self, *args, user, aanmelding=None, **kwargs):
        super().__init__(*args, **kwargs)
        assert set(self._meta.fields) <= REGISTRATIE_VELDEN
        gemeenten = Gemeente.objects.filter(pk__in=gemeente_ids_for(user)).order_by("naam")
        self.fields["gemeente"].queryset = gemeenten
        gemeente_lijst = list(gemeenten)
        if len(gemeente_lijst) == 1:  # the user's only gemeente: fixed, whatever is posted
            self.fields["gemeente"].initial = gemeente_lijst[0].pk
            self.fields["gemeente"].disabled = True
            self.fields["gemeente"].widget = forms.HiddenInput()
        self.fields["consultant"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.CONSULTANT)
            .filter(groups__gemeente__in=gemeenten)  # a separate join: two different groups
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        if roles.has_role(user, roles.CONSULTANT):
            self.fields["consultant"].initial = user.pk
        self.fields["overdracht_scenario"].choices = [("", _("Onbekend"))] + list(Statushouder.Scenario.choices)
        self.fields["doelgroep"].choices = list(Statushouder.Doelgroep.choices)
        self.fields["geslacht"].choices = list(Statushouder.Geslacht.choices)
        self.fields["nationaliteit"].choices = nationaliteit_keuzes()
        self._talen_velden([])
        for veld in ("bsn", "voornamen", "achternaam", "geboortedatum", "geslacht", "verblijfsvergunning_datum"):
            self.fields[veld].required = True
        if aanmelding is not None:
            self._uit_aanmelding(aanmelding)

    def _uit_aanmelding(self, aanmelding) -> None:
        """Prefilled from DUO's aanmelding (duo.selectors.registratie_gegevens): its BSN and gemeente are fixed, so
        the case is the aanmelding's; the rest is proposed and may be corrected."""
        from duo.selectors import registratie_gegevens

        self.initial.update(registratie_gegevens(aanmelding))
        for veld in ("bsn", "gemeente"):
            self.fields[veld].disabled = True
        self.fields["bsn"].help_text = _("Uit de aanmelding van DUO")

    def clean_postcode(self):
        waarde = (self.cleaned_data.get("postcode") or "").strip()
        if not waarde:
            return ""
        try:
            return normaliseer_postcode(waarde)
        except ValueError:
            raise ValidationError(_("Vul een Nederlandse postcode in, bijvoorbeeld 7101 AB.")) from None

    def clean_huisnummer(self):
        waarde = (self.cleaned_data.get("huisnummer") or "").strip()
        if not waarde:
            return ""
        try:
            return normaliseer_huisnummer(waarde)
        except ValueError:
            raise ValidationError(HUISNUMMER_FOUT) from None

    def clean_telefoon(self):
        waarde = (self.cleaned_data.get("telefoon") or "").strip()
        if not waarde:
            return ""
        try:
            return normaliseer_telefoon(waarde)
        except ValueError:
            raise ValidationError(
                _("Vul een Nederlands telefoonnummer in (10 cijfers) of een internationaal nummer met + en landnummer.")
            ) from None

    def clean_bsn(self):
        return (self.cleaned_data.get("bsn") or "").strip()

    def clean(self):
        data = super().clean()
        data["talen"] = self.gekozen_talen()
        ingevuld = [veld for veld in ADRESVELDEN if data.get(veld)]
        for veld in ADRESVELDEN if ingevuld else ():
            if veld not in ingevuld and veld not in self.errors:
                self.add_error(veld, _("Vul het hele adres in: straat, huisnummer, postcode en woonplaats."))
        for later, eerder, _naam, bericht in DATUMVOLGORDE:
            a, b = data.get(later), data.get(eerder)
            if a is None or b is None:
                continue
            te_vroeg = a > b if later == "geboortedatum" else a < b
            if te_vroeg and later not in self.errors:
                self.add_error(later, bericht)
        gemeente, consultant = data.get("gemeente"), data.get("consultant")
        if gemeente and consultant and not consultant.groups.filter(pk=gemeente.group_id).exists():
            self.add_error("consultant", _("Deze consulent werkt niet voor de gekozen gemeente."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        velden = {veld: data[veld] for veld in self._meta.fields}
        for veld in ("telefoon", "email", "azc", "overdracht_notities", "overdracht_scenario", *ADRESVELDEN):
            velden[veld] = velden[veld] or ""
        return {"gemeente": data["gemeente"], "consultant": data.get("consultant"), **velden}

    def voeg_servicefouten_toe(self, exc: ValidationError) -> None:
        """The service's ValidationError as errors beside the fields; constraint names become Dutch."""
        fouten = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        for veld, berichten in fouten.items():
            for bericht in berichten:
                doel, tekst = veld, bericht
                for naam, (constraint_veld, constraint_bericht) in CONSTRAINT_FOUTEN.items():
                    if naam in bericht:
                        doel, tekst = constraint_veld, constraint_bericht
                if doel not in self.fields:
                    doel = None
                self.add_error(doel, tekst)
