"""The small transition forms of the case page (start intake, opschorten, hervatten, afronden) and the
longer PIP deadline."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cases.services import PIP_DEADLINE_REDEN_MAX
from cases.services.afronding import TOELICHTING_MAX
from cases.workflow import Eindreden
from partners.models import Gemeente

from .intake import DateInput
from .snel import Keuzelijst, Tekstvak, Tekstveld

# Rendering of a field that only some reasons require (no "(niet verplicht)" marker).
VOORWAARDELIJK = "cases/dossier/_veld_voorwaardelijk.html"


class SnelleSelect(forms.Select):
    """A <select> built in Python: Django's select template includes a template per option, and the list of all
    ~340 gemeenten took a quarter of the case page's time that way. Same markup, attributes and selection."""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        gekozen = {str(v) for v in context["value"]}
        # One f-string per option with html.escape (what escape() does): format_html per option cost 2 ms.
        opties = "".join(
            f'<option value="{_html(keuze)}"{" selected" if keuze in gekozen else ""}>{_html(label)}</option>'
            for keuze, label in ((self.format_value_of(k), lab) for k, lab in self.choices)
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(context["attrs"]), mark_safe(opties))

    @staticmethod
    def format_value_of(keuze) -> str:
        return "" if keuze is None else str(getattr(keuze, "value", keuze))

    def optgroups(self, name, value, attrs=None):  # get_context would build every option: not needed here
        return []


def _html(waarde) -> str:
    """conditional_escape's text, as a plain str."""
    if type(waarde) is str:
        return escape(waarde)
    if isinstance(waarde, Promise):
        waarde = str(waarde)
    return str(waarde.__html__()) if hasattr(waarde, "__html__") else escape(str(waarde))


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
    reden = forms.CharField(label=_("Reden van opschorting"), max_length=255, widget=Tekstveld)
    datum = forms.DateField(label=_("Datum opschorting"), widget=DateInput, initial=_vandaag)


class HervattenForm(DatumForm):
    datum = forms.DateField(label=_("Datum hervatten"), widget=DateInput, initial=_vandaag)


class PipDeadlineForm(forms.Form):
    """DOMAIN.md req. 2: a longer PIP deadline while third-party information is awaited, with the reason."""

    deadline = forms.DateField(label=_("Nieuwe PIP-deadline"), widget=DateInput)
    reden = forms.CharField(
        label=_("Reden"),
        max_length=PIP_DEADLINE_REDEN_MAX,
        widget=Tekstveld,
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
        label=_("Reden van beëindiging"),
        choices=[("", _("kies een reden"))] + list(Eindreden.choices),
        widget=Keuzelijst,
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
        widget=Tekstvak(attrs={"rows": 3}),
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
        widget=SnelleSelect,
    )

    def __init__(self, *args, gemeente_keuzes=None, **kwargs):
        """`gemeente_keuzes`: the (pk, naam) of the other gemeenten when the caller read them already (the case page
        reads them with the case); the field still validates against the queryset."""
        super().__init__(*args, **kwargs)
        gemeenten = Gemeente.objects.order_by("naam")
        if self.statushouder is not None:
            gemeenten = gemeenten.exclude(pk=self.statushouder.gemeente_id)
        veld = self.fields["nieuwe_gemeente"]
        veld.queryset = gemeenten
        if gemeente_keuzes is not None:
            veld.widget.choices = [("", veld.empty_label), *gemeente_keuzes]
