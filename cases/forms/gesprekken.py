"""Forms of the voortgangsgesprekken: plan or move one (case page), and record a held one with the
progress per goal of the current PIP. The rules are the service's; these only parse the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.services.gesprekken import TOELICHTING_MAX, Voortgang

from .intake import DateInput

NIEUW = "nieuw"


class PlanForm(forms.Form):
    gepland_op = forms.DateField(label=_("Datum gesprek"), widget=DateInput)


class VerplaatsForm(forms.Form):
    gepland_op = forms.DateField(label=_("Nieuwe datum"), widget=DateInput)


class VastleggenForm(forms.Form):
    """`doelen`: the goals of the current vastgestelde PIP-versie; `gepland`: the open gesprekken, one of
    which this record may complete. A field pair per goal: `voortgang_<uuid>` and `toelichting_<uuid>`."""

    gesprek = forms.ChoiceField(label=_("Welk gesprek legt u vast?"))
    gehouden_op = forms.DateField(label=_("Datum gesprek"), widget=DateInput)
    verslag = forms.CharField(
        label=_("Verslag"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        error_messages={"required": _("Schrijf een kort verslag van het gesprek.")},
    )
    plan_volgende = forms.BooleanField(label=_("Volgend voortgangsgesprek plannen"), required=False)
    volgende_op = forms.DateField(label=_("Datum volgend gesprek"), widget=DateInput, required=False)
    voorgesteld = forms.DateField(widget=forms.HiddenInput, required=False)  # to tell an edited date

    def __init__(self, *args, doelen=(), gepland=(), norm_weken: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gesprek"].choices = [
            *(
                (str(g.uuid), _("%(soort)s gepland op %(datum)s") % {
                    "soort": g.get_soort_display(), "datum": f"{g.gepland_op:%d-%m-%Y}"
                })
                for g in gepland
            ),
            (NIEUW, _("een nieuw, niet gepland gesprek")),
        ]  # fmt: skip
        self.fields["volgende_op"].help_text = _(
            "Voorgesteld: %(weken)s weken na dit gesprek. Pas de datum aan of zet het vinkje uit."
        ) % {"weken": norm_weken}
        self.doelen = []
        for doel in doelen:
            sleutel = str(doel.uuid)
            self.fields[f"voortgang_{sleutel}"] = forms.ChoiceField(
                label=_("Voortgang"),
                choices=[("", _("kies de voortgang")), *Voortgang.choices],
                error_messages={"required": _("Kies de voortgang van dit doel.")},
            )
            self.fields[f"toelichting_{sleutel}"] = forms.CharField(
                label=_("Toelichting"),
                required=False,
                max_length=TOELICHTING_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.doelen.append(
                {"doel": doel, "voortgang": self[f"voortgang_{sleutel}"], "toelichting": self[f"toelichting_{sleutel}"]}
            )

    def volgende_datum(self):
        """The date the user chose for the next gesprek; None when left at the proposal, so that the
        service plans it at the norm after the date of this gesprek (also without JavaScript)."""
        gekozen = self.cleaned_data["volgende_op"]
        return None if gekozen == self.cleaned_data["voorgesteld"] else gekozen

    def gepland_gesprek(self) -> str | None:
        """The uuid of the planned gesprek this record completes, None for a new one."""
        keuze = self.cleaned_data["gesprek"]
        return None if keuze == NIEUW else keuze

    def voortgang(self) -> dict:
        """The progress per goal as the service takes it."""
        return {
            str(d["doel"].uuid): {
                "voortgang": self.cleaned_data.get(f"voortgang_{d['doel'].uuid}", ""),
                "toelichting": self.cleaned_data.get(f"toelichting_{d['doel'].uuid}", ""),
            }
            for d in self.doelen
        }


class VoorstelForm(forms.Form):
    """The fields the record form sends when its date changes, to propose the next date again."""

    gehouden_op = forms.DateField()
    volgende_op = forms.DateField(required=False)
    voorgesteld = forms.DateField(required=False)
