"""Forms of the verwijzingen section: a new referral (to a ketenpartner or a suggested sleutelpersoon) and its
outcome. The rules live in cases.services.verwijzingen."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.selectors import taalnaam

from .pip import DatumInput


def _sleutelpersoon_label(sp) -> str:
    talen = ", ".join(taalnaam(t) for t in sp.gedeelde_talen)
    if sp.gemeente_id:
        return _("%(naam)s (%(gemeente)s) – spreekt %(talen)s") % {
            "naam": sp.naam,
            "gemeente": sp.gemeente,
            "talen": talen,
        }
    return _("%(naam)s – spreekt %(talen)s") % {"naam": sp.naam, "talen": talen}


class VerwijzingForm(forms.Form):
    """`ketenpartners` and `sleutelpersonen` (from partners.selectors, with `gedeelde_talen`) are fetched once
    by the view; the choices are their uuids."""

    ketenpartner = forms.ChoiceField(label=_("Ketenpartner"), required=False)
    sleutelpersoon = forms.ChoiceField(
        label=_("Of een sleutelpersoon die een taal van de statushouder spreekt"),
        required=False,
        widget=forms.RadioSelect,
    )
    reden = forms.CharField(label=_("Reden"), max_length=255)
    datum = forms.DateField(label=_("Datum van de verwijzing"), widget=DatumInput())

    def __init__(self, *args, ketenpartners=(), sleutelpersonen=(), **kwargs):
        super().__init__(*args, auto_id="id_verwijzing_%s", **kwargs)
        self._ketenpartners = {str(k.uuid): k for k in ketenpartners}
        self._sleutelpersonen = {str(s.uuid): s for s in sleutelpersonen}
        self.fields["ketenpartner"].choices = [("", _("— geen ketenpartner —"))] + [
            (str(k.uuid), f"{k.naam} ({k.get_soort_display()})" if k.soort else k.naam) for k in ketenpartners
        ]
        self.fields["sleutelpersoon"].choices = [("", _("Geen sleutelpersoon"))] + [
            (str(s.uuid), _sleutelpersoon_label(s)) for s in sleutelpersonen
        ]
        self.fields["sleutelpersoon"].initial = ""
        if not self._sleutelpersonen:
            self.fields["sleutelpersoon"].help_text = _(
                "Er is geen actieve sleutelpersoon in de regio die een taal van de statushouder spreekt."
            )

    def clean_ketenpartner(self):
        return self._ketenpartners.get(self.cleaned_data.get("ketenpartner") or "")

    def clean_sleutelpersoon(self):
        return self._sleutelpersonen.get(self.cleaned_data.get("sleutelpersoon") or "")


class UitkomstForm(forms.Form):
    uitkomst = forms.CharField(label=_("Uitkomst"), widget=forms.Textarea(attrs={"rows": 3}))
    afgerond_op = forms.DateField(label=_("Afgerond op"), widget=DatumInput())

    def __init__(self, *args, sleutel: str = "", **kwargs):
        super().__init__(*args, auto_id=f"id_uitkomst_{sleutel}_%s", **kwargs)
