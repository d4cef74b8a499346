"""The small transition forms of the case page (start intake, opschorten, hervatten, afronden) and the
longer PIP deadline."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.services import PIP_DEADLINE_REDEN_MAX
from cases.services.afronding import TOELICHTING_MAX
from cases.workflow import Eindreden
from partners.models import Gemeente

from .intake import DateInput

# Rendering of a field that only some reasons require (no "(niet verplicht)" marker).
VOORWAARDELIJK = "cases/dossier/_veld_voorwaardelijk.html"


def _vandaag():
    return timezone.localdate()


class DatumForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DateInput, initial=_vandaag)

    def __init__(self, *args, statushouder=None, **kwargs):
        """`statushouder`: the case the transition is for (the forms that need it use it)."""
        super().__init__(*args, **kwargs)
        self.statushouder = statushouder


class StartIntakeForm(DatumForm):
    datum = forms.DateField(label=_("Startdatum intake"), widget=DateInput, initial=_vandaag)


class OpschortenForm(DatumForm):
    reden = forms.CharField(label=_("Reden van opschorting"), max_length=255)
    datum = forms.DateField(label=_("Datum opschorting"), widget=DateInput, initial=_vandaag)


class HervattenForm(DatumForm):
    datum = forms.DateField(label=_("Datum hervatten"), widget=DateInput, initial=_vandaag)


class PipDeadlineForm(forms.Form):
    """DOMAIN.md req. 2: a longer PIP deadline while third-party information is awaited, with the reason."""

    deadline = forms.DateField(label=_("Nieuwe PIP-deadline"), widget=DateInput)
    reden = forms.CharField(
        label=_("Reden"),
        max_length=PIP_DEADLINE_REDEN_MAX,
        help_text=_("Bijvoorbeeld welke informatie van derden u afwacht (medische gegevens, diploma's)."),
    )

    def __init__(self, *args, statushouder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.statushouder = statushouder


class AfrondenForm(DatumForm):
    """Afronden with its reason; the reason-specific fields are always there (no script needed) and their
    hints say when they apply: a toelichting for ontheffing, vrijstelling and overig, the new gemeente for
    verhuisd (the date is then the move date)."""

    eindreden = forms.ChoiceField(
        label=_("Reden van beëindiging"), choices=[("", _("kies een reden"))] + list(Eindreden.choices)
    )
    datum = forms.DateField(
        label=_("Einddatum"),
        widget=DateInput,
        initial=_vandaag,
        help_text=_("Bij een verhuizing: de verhuisdatum."),
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=TOELICHTING_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Verplicht bij ontheffing, vrijstelling en anders beëindigd, bijvoorbeeld het besluit van DUO; "
            "bij de andere redenen mag u dit leeg laten."
        ),
        template_name=VOORWAARDELIJK,
    )
    nieuwe_gemeente = forms.ModelChoiceField(
        label=_("Nieuwe gemeente"),
        queryset=Gemeente.objects.none(),
        required=False,
        empty_label=_("kies een gemeente"),
        help_text=_("Verplicht bij verhuizing: de gemeente die het traject overneemt (warme overdracht)."),
        template_name=VOORWAARDELIJK,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gemeenten = Gemeente.objects.order_by("naam")
        if self.statushouder is not None:
            gemeenten = gemeenten.exclude(pk=self.statushouder.gemeente_id)
        self.fields["nieuwe_gemeente"].queryset = gemeenten
