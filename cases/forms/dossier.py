"""The small transition forms of the case page (start intake, opschorten, hervatten, afronden)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.workflow import Eindreden

from .intake import DateInput


def _vandaag():
    return timezone.localdate()


class DatumForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DateInput, initial=_vandaag)


class StartIntakeForm(DatumForm):
    datum = forms.DateField(label=_("Startdatum intake"), widget=DateInput, initial=_vandaag)


class OpschortenForm(DatumForm):
    reden = forms.CharField(label=_("Reden van opschorting"), max_length=255)
    datum = forms.DateField(label=_("Datum opschorting"), widget=DateInput, initial=_vandaag)


class HervattenForm(DatumForm):
    datum = forms.DateField(label=_("Datum hervatten"), widget=DateInput, initial=_vandaag)


class AfrondenForm(DatumForm):
    eindreden = forms.ChoiceField(
        label=_("Reden van beëindiging"), choices=[("", _("kies een reden"))] + list(Eindreden.choices)
    )
    datum = forms.DateField(label=_("Einddatum"), widget=DateInput, initial=_vandaag)
