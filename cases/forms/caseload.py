"""The filters of Mijn caseload: a GET form; invalid values are ignored (with the error beside the field).

Its search term (a BSN, perhaps) never goes into a URL: the form is POSTed, the term is kept in the session under
a random token and the list's URL carries only that token (?zoek=<token>); see bewaar_zoekterm."""

import secrets

from django import forms
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from inburgering.accounts import roles
from leerroutes.models import Leerroute

from .. import signals
from ..query import gemeente_ids_for
from ..workflow import ACTIEF, Status
from .snel import Keuzelijst, Tekstveld, Verborgen

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
        help_text=_("BSN (of de laatste cijfers), naam of kenmerk"),
        widget=Tekstveld(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen"))] + [(s, Status(s).label) for s in ACTIEF],
        widget=Keuzelijst,
    )
    route = forms.ChoiceField(
        label=_("Leerroute"),
        required=False,
        choices=[("", _("Alle leerroutes"))] + list(Leerroute.Code.choices),
        widget=Keuzelijst,
    )
    signaal = forms.ChoiceField(label=_("Signaal"), required=False, widget=Keuzelijst)
    consultant = forms.ChoiceField(label=_("Consulent"), required=False, widget=Keuzelijst)
    # The consultant's view: own cases, or all cases of the gemeente (read, for cover); switched by links.
    alle = forms.BooleanField(label=_("Alle dossiers van de gemeente"), required=False, widget=Verborgen)
    sort = forms.ChoiceField(required=False, choices=sorteer_keuzes, widget=Verborgen)

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


# --- the search term in the session, not in the URL ---------------------------------------------------------

SESSIE_SLEUTEL = "zoektermen"
MAX_BEWAARD = 20
ZOEK_PARAM = "zoek"


def bewaar_zoekterm(request, data: QueryDict) -> QueryDict:
    """The list's query parameters from a posted filter form (or an old ?q= link): the term `q` goes into the
    session, the returned parameters hold its token instead. CSRF token and page number are dropped."""
    params = data.copy()
    for sleutel in ("csrfmiddlewaretoken", "q", ZOEK_PARAM, "page", "zoeken"):
        params.pop(sleutel, None)
    for sleutel in [k for k, v in params.lists() if not any(v)]:
        params.pop(sleutel)  # empty filters make the URL longer, not different
    term = (data.get("q") or "").strip()[:100]
    if term:
        bewaard = dict(request.session.get(SESSIE_SLEUTEL, {}))
        token = next((t for t, v in bewaard.items() if v == term), None)
        if token is None:
            token = secrets.token_urlsafe(8)
            bewaard[token] = term
            while len(bewaard) > MAX_BEWAARD:
                bewaard.pop(next(iter(bewaard)))
            request.session[SESSIE_SLEUTEL] = bewaard
        params[ZOEK_PARAM] = token
    return params


def zoekterm(request) -> str:
    """The term of the list's ?zoek=<token> ('' when absent or expired)."""
    token = request.GET.get(ZOEK_PARAM)
    return request.session.get(SESSIE_SLEUTEL, {}).get(token, "") if token else ""


def met_zoekterm(request) -> QueryDict:
    """request.GET with the stored term as `q`, to bind a filter form with."""
    data = request.GET.copy()
    data.pop(ZOEK_PARAM, None)
    if term := zoekterm(request):
        data["q"] = term
    return data


def lijst_url(request, params: QueryDict) -> str:
    return f"{request.path}?{params.urlencode()}" if params else request.path
