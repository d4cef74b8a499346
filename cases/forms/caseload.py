"""The filters of Mijn caseload: a GET form; invalid values are ignored (with the error beside the field)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from inburgering.accounts import roles
from leerroutes.models import Leerroute

from .. import signals
from ..query import gemeente_ids_for
from ..workflow import ACTIEF, Status

GEEN_CONSULENT = "geen"

# ?sort= values: the column key, with "-" for descending.
SORTERINGEN = {
    "naam": _("Naam"),
    "status": _("Status"),
    "dagen": _("Dagen in status"),
    "deadline": _("Volgende deadline"),
}
STANDAARD_SORTERING = "deadline"


def sorteer_keuzes():
    keuzes = []
    for key, label in SORTERINGEN.items():
        keuzes += [(key, label), (f"-{key}", label)]
    return keuzes


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=100,
        help_text=_("Volledig BSN (9 cijfers) of een deel van de naam"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle statussen"))] + [(s, Status(s).label) for s in ACTIEF]
    )
    route = forms.ChoiceField(
        label=_("Leerroute"), required=False, choices=[("", _("Alle leerroutes"))] + list(Leerroute.Code.choices)
    )
    signaal = forms.ChoiceField(label=_("Signaal"), required=False)
    consultant = forms.ChoiceField(label=_("Consulent"), required=False)
    # The consultant's view: own cases, or all cases of the gemeente (read, for cover); switched by links.
    alle = forms.BooleanField(label=_("Alle dossiers van de gemeente"), required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(required=False, choices=sorteer_keuzes, widget=forms.HiddenInput)

    def __init__(self, *args, user, teamleider: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signaal"].choices = [("", _("Alle signalen"))] + signals.keuzes()
        if teamleider:
            del self.fields["alle"]  # a teamleider always sees the whole gemeente
            consulenten = (
                get_user_model()
                .objects.filter(groups__name=roles.CONSULTANT)
                .filter(groups__gemeente__in=gemeente_ids_for(user))  # a separate join: two different groups
                .distinct()
                .order_by("first_name", "last_name", "username")
            )
            self.fields["consultant"].choices = [
                ("", _("Alle consulenten")),
                (GEEN_CONSULENT, _("Niet toegewezen")),
                *((str(c.uuid), str(c)) for c in consulenten),
            ]
        else:
            del self.fields["consultant"]  # filtering by colleague is the teamleider's

    def waarde(self, naam: str, standaard=""):
        """The cleaned value of a valid field, else the default (an invalid filter is not applied)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(naam) or standaard
