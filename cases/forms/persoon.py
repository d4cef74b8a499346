"""The personal data form of a case (/dossiers/<uuid>/persoonsgegevens/): Dutch address, phone and e-mail checks,
nationality and languages chosen by name and stored as codes (cases.landen_talen)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..landen_talen import andere_talen_keuzes, nationaliteit_keuzes, veel_talen_keuzes
from ..models import Statushouder

POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
HUISNUMMER = re.compile(r"^([1-9][0-9]{0,4})(?:\s*[-\s]?\s*([A-Za-z0-9]{1,4}))?$")
TELEFOON_NL = re.compile(r"^0[1-9][0-9]{8}$")
TELEFOON_INT = re.compile(r"^\+[1-9][0-9]{6,14}$")
HUISNUMMER_FOUT = _("Vul een huisnummer in, eventueel met toevoeging, bijvoorbeeld 12 of 12-A.")
ADRESVELDEN = ("straat", "huisnummer", "postcode", "woonplaats")


def normaliseer_postcode(waarde: str) -> str:
    """'1234ab' -> '1234 AB'; ValueError when it is no Dutch postcode."""
    match = POSTCODE.match(waarde.strip())
    if not match:
        raise ValueError(waarde)
    return f"{match.group(1)} {match.group(2).upper()}"


def normaliseer_huisnummer(waarde: str) -> str:
    """'12a' -> '12-A', '12 bis' -> '12-BIS'; ValueError when it does not start with a house number."""
    match = HUISNUMMER.match(waarde.strip())
    if not match:
        raise ValueError(waarde)
    nummer, toevoeging = match.groups()
    return f"{nummer}-{toevoeging.upper()}" if toevoeging else nummer


def normaliseer_telefoon(waarde: str) -> str:
    """A Dutch (0612345678) or international (+31..., 0031...) number without spaces, dashes or brackets."""
    kaal = re.sub(r"[\s\-().]", "", waarde)
    if kaal.startswith("00"):
        kaal = "+" + kaal[2:]
    if TELEFOON_NL.match(kaal) or TELEFOON_INT.match(kaal):
        return kaal
    raise ValueError(waarde)


class TalenMixin:
    """Two fields for one list of language codes: checkboxes for the common ones, a list for the others."""

    def _talen_velden(self, bestaand) -> None:
        bestaand = list(bestaand or [])
        self.fields["talen"].choices = veel_talen_keuzes()
        self.fields["talen_overig"].choices = andere_talen_keuzes(bestaand)
        veel = {c for c, _n in self.fields["talen"].choices}
        self.initial.setdefault("talen", [c for c in bestaand if c in veel])
        self.initial.setdefault("talen_overig", [c for c in bestaand if c not in veel])
        self._bestaande_talen = bestaand

    def gekozen_talen(self) -> list[str]:
        """The chosen codes, keeping the order of the stored list (the first language counts) and new ones after."""
        gekozen = list(self.cleaned_data.get("talen") or []) + list(self.cleaned_data.get("talen_overig") or [])
        bestaand = [c for c in self._bestaande_talen if c in gekozen]
        return bestaand + [c for c in gekozen if c not in bestaand]


def talen_velden():
    return (
        forms.MultipleChoiceField(
            label=_("Talen"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Vink de talen aan die de statushouder spreekt."),
        ),
        forms.MultipleChoiceField(
            label=_("Andere talen"),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
            help_text=_("Kies met Ctrl of Cmd meer talen."),
        ),
    )


class PersoonsgegevensForm(TalenMixin, forms.Form):
    straat = forms.CharField(label=_("Straat"), max_length=150, required=False)
    huisnummer = forms.CharField(
        label=_("Huisnummer"),
        max_length=12,
        required=False,
        help_text=_("Met toevoeging, bijvoorbeeld 12 of 12-A"),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False, help_text=_("Bijvoorbeeld 7101 AB"))
    woonplaats = forms.CharField(label=_("Woonplaats"), max_length=100, required=False)
    telefoon = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=20,
        required=False,
        help_text=_("Nederlands (0612345678) of internationaal met landnummer (+32...)"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")},
    )
    nationaliteit = forms.ChoiceField(label=_("Nationaliteit"))
    talen, talen_overig = talen_velden()
    azc = forms.CharField(label=_("AZC"), max_length=100, required=False)
    overdracht_notities = forms.CharField(
        label=_("Notities van AZC en kansenverkenner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, statushouder: Statushouder, **kwargs):
        initial = {veld: getattr(statushouder, veld) for veld in (*ADRESVELDEN, "telefoon", "email", "nationaliteit")}
        initial |= {"azc": statushouder.azc, "overdracht_notities": statushouder.overdracht_notities}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["nationaliteit"].choices = nationaliteit_keuzes(statushouder.nationaliteit)
        self._talen_velden(statushouder.talen)

    def clean_postcode(self):
        waarde = self.cleaned_data["postcode"].strip()
        if not waarde:
            return ""
        try:
            return normaliseer_postcode(waarde)
        except ValueError:
            raise forms.ValidationError(_("Vul een Nederlandse postcode in, bijvoorbeeld 7101 AB.")) from None

    def clean_huisnummer(self):
        waarde = self.cleaned_data["huisnummer"].strip()
        if not waarde:
            return ""
        try:
            return normaliseer_huisnummer(waarde)
        except ValueError:
            raise forms.ValidationError(HUISNUMMER_FOUT) from None

    def clean_telefoon(self):
        waarde = self.cleaned_data["telefoon"].strip()
        if not waarde:
            return ""
        try:
            return normaliseer_telefoon(waarde)
        except ValueError:
            raise forms.ValidationError(
                _("Vul een Nederlands telefoonnummer in (10 cijfers) of een internationaal nummer met + en landnummer.")
            ) from None

    def clean(self):
        data = super().clean()
        ingevuld = [veld for veld in ADRESVELDEN if data.get(veld)]
        if ingevuld:
            for veld in ADRESVELDEN:
                if veld not in ingevuld and veld not in self.errors:
                    self.add_error(veld, _("Vul het hele adres in: straat, huisnummer, postcode en woonplaats."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        velden = {veld: data[veld] for veld in (*ADRESVELDEN, "telefoon", "email", "nationaliteit", "azc")}
        velden["overdracht_notities"] = data["overdracht_notities"]
        velden["talen"] = self.gekozen_talen()
        return velden
