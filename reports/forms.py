"""The form that starts a report run: input only; who may start what is decided by reports.selectors (the choices)
and again by reports.services.start_run."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.selectors import is_beheerder

from .indicators.base import Periode
from .models import ReportRun
from .selectors import gemeenten_voor, regios_voor

EERSTE_JAAR = 2022  # the Wet inburgering 2021 took effect on 1 January 2022


def standaard_periode(vandaag) -> dict:
    """The default period, the last one with complete figures: the quarter before the one `vandaag` is in."""
    kwartaal = Periode.van("kwartaal", vandaag - relativedelta(months=3))
    return {"periode": "kwartaal", "jaar": kwartaal.start.year, "nummer": (kwartaal.start.month - 1) // 3 + 1}


class StartForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort rapportage"))
    regio = forms.ModelChoiceField(
        label=_("Arbeidsmarktregio"), queryset=None, to_field_name="uuid", required=False, empty_label=None
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=None, to_field_name="uuid", required=False, empty_label=None
    )
    periode = forms.ChoiceField(label=_("Periode"), choices=ReportRun.Periode.choices)
    jaar = forms.IntegerField(
        label=_("Jaar"),
        min_value=EERSTE_JAAR,
        error_messages={
            "min_value": _(
                "Er zijn rapportages vanaf %(limit_value)s: de Wet inburgering 2021 geldt sinds 1 januari 2022."
            )
        },
    )
    nummer = forms.IntegerField(
        label=_("Maand of kwartaal"),
        required=False,
        help_text=_("Het nummer van de maand (1–12) of van het kwartaal (1–4); niet nodig bij een heel jaar."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = timezone.localdate()
        regios, gemeenten = regios_voor(user), gemeenten_voor(user)
        soorten = []
        if regios.exists():
            soorten.append(ReportRun.Soort.REGIO)
        if gemeenten.exists():
            soorten.append(ReportRun.Soort.GEMEENTE)
        if is_beheerder(user):
            soorten.append(ReportRun.Soort.LANDELIJK)
        self.fields["soort"].choices = [(s.value, s.label) for s in soorten]
        self.fields["regio"].queryset = regios.order_by("naam")
        self.fields["gemeente"].queryset = gemeenten.order_by("naam")
        self.fields["jaar"].widget.attrs["max"] = self.vandaag.year  # a later year is refused in clean()
        if len(soorten) == 1:  # nothing to choose: the one kind's unit is simply asked for
            self.fields["soort"].widget = forms.HiddenInput()
            if soorten[0] != ReportRun.Soort.LANDELIJK:
                self.fields[soorten[0].value].required = True
        else:  # without script both show (with script only the chosen kind's, app.js)
            self.fields["regio"].help_text = _("Bij een rapportage van een arbeidsmarktregio.")
            self.fields["gemeente"].help_text = _("Bij een rapportage van een gemeente.")
        self.initial = {
            "soort": soorten[0].value if soorten else None,
            **standaard_periode(self.vandaag),
            **self.initial,
        }

    @property
    def soorten(self) -> list[str]:
        return [waarde for waarde, _label in self.fields["soort"].choices]

    def clean(self):
        data = super().clean()
        soort = data.get("soort")
        if soort == ReportRun.Soort.REGIO and not data.get("regio") and "regio" not in self.errors:
            self.add_error("regio", _("Kies de arbeidsmarktregio."))
        if soort == ReportRun.Soort.GEMEENTE and not data.get("gemeente") and "gemeente" not in self.errors:
            self.add_error("gemeente", _("Kies de gemeente."))
        if soort != ReportRun.Soort.REGIO:
            data["regio"] = None
        if soort != ReportRun.Soort.GEMEENTE:
            data["gemeente"] = None
        data["periode_van"] = self._periode(data)
        return data

    def _periode(self, data) -> Periode | None:
        soort, jaar, nummer = data.get("periode"), data.get("jaar"), data.get("nummer")
        if soort is None or jaar is None:
            return None
        if soort == "jaar":
            periode = Periode.jaar(jaar)
        elif nummer is None:
            self.add_error("nummer", _("Vul het nummer van de maand of het kwartaal in."))
            return None
        elif soort == "maand" and not 1 <= nummer <= 12:
            self.add_error("nummer", _("Een maand heeft een nummer van 1 tot en met 12."))
            return None
        elif soort == "kwartaal" and not 1 <= nummer <= 4:
            self.add_error("nummer", _("Een kwartaal heeft een nummer van 1 tot en met 4."))
            return None
        else:
            periode = Periode.maand(jaar, nummer) if soort == "maand" else Periode.kwartaal(jaar, nummer)
        if periode.start > self.vandaag:
            self.add_error(
                "nummer" if soort != "jaar" else "jaar",
                _("De periode %(periode)s is nog niet begonnen: kies een periode tot en met vandaag.")
                % {"periode": periode.label},
            )
            return None
        return periode
