"""The teamleider's pages: the caseload per consultant (/dossiers/team/), reassigning cases in bulk
(/dossiers/team/toewijzen/) and one by one from the case page (/dossiers/<uuid>/toewijzen/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inburgering.accounts import roles

from .. import selectors, services
from ..forms.caseload import GEEN_CONSULENT, bewaar_zoekterm, lijst_url, met_zoekterm
from ..forms.team import BulkToewijzenForm, ConsulentForm, ToewijzenFilterForm
from ..selectors import team as team_selectors
from ..selectors import zoeken as zoek_selectors
from ..services import toewijzing
from ..workflow import Status
from .gedeeld import dossier_context, fouten_naar_form, open_voor_wijzigen

PER_PAGINA = 50


def _vandaag():
    return timezone.localdate()


def _alleen_teamleider(user) -> None:
    if not roles.has_role(user, roles.TEAMLEIDER):
        raise PermissionDenied(_("Alleen een teamleider ziet het team en wijst dossiers toe."))


def _toewijzen_form(user, sh, data=None) -> ConsulentForm:
    return ConsulentForm(
        data,
        consulenten=team_selectors.consulenten(user, gemeente=sh.gemeente_id),
        initial={"consultant": sh.consultant},
        prefix="toewijzen",
    )


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for the assignment form on the case page (templates/cases/dossier/_toewijzen.html)."""
    if not (mag_wijzigen and sh.status != Status.AFGEROND and roles.has_role(request.user, roles.TEAMLEIDER)):
        return {}
    return {"toewijzen_form": _toewijzen_form(request.user, sh)}


@login_required
@require_GET
def team(request):
    _alleen_teamleider(request.user)
    rijen, totaal = team_selectors.team_overzicht(request.user, _vandaag())
    return render(
        request,
        "cases/team.html",
        {
            "rijen": rijen,
            "totaal": totaal,
            "statussen": [Status(s).label for s in totaal.per_status],
            "urgente_signalen": team_selectors.urgente_signalen(),
            "geen_consulent": GEEN_CONSULENT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("q")  # the term (a BSN, a name) stays out of error reports
def toewijzen(request):
    """The gemeente's active cases with a checkbox each; the checked ones go to the chosen consultant."""
    user = request.user
    _alleen_teamleider(user)
    if "zoeken" in request.POST or "q" in request.GET:
        # The filter form posts (its term may be a BSN): the term goes into the session, the URL gets its token.
        return redirect(lijst_url(request, bewaar_zoekterm(request, request.POST if request.POST else request.GET)))
    form = BulkToewijzenForm(
        request.POST or None, consulenten=team_selectors.consulenten(user), auto_id="toewijzen_%s"
    )  # own ids: the filter form above has a "consultant" field too
    if request.method == "POST" and form.is_valid():
        consultant = form.cleaned_data["consultant"]
        try:
            gewijzigd = toewijzing.wijs_meerdere_toe(
                actor=user, uuids=form.cleaned_data["dossiers"], consultant=consultant
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            _melding(request, len(form.cleaned_data["dossiers"]), len(gewijzigd), consultant)
            terug = request.GET.copy()
            terug.pop("alles", None)
            return redirect(f"{request.path}?{terug.urlencode()}" if terug else request.path)

    filters = ToewijzenFilterForm(met_zoekterm(request), user=user)
    rijen = team_selectors.dossiers_van_gemeente(user)
    if status := filters.waarde("status"):
        rijen = rijen.filter(status=status)
    if consultant := filters.waarde("consultant"):
        rijen = (
            rijen.filter(consultant__isnull=True)
            if consultant == GEEN_CONSULENT
            else rijen.filter(consultant__uuid=consultant)
        )
    rijen = zoek_selectors.filter_op_term(rijen, filters.waarde("q")).order_by(*zoek_selectors.naam_sortering(), "pk")
    pagina = Paginator(rijen, PER_PAGINA).get_page(request.GET.get("page"))
    getoond = list(pagina.object_list)
    selectors.log_shown(user, getoond, toelichting="dossiers toewijzen")

    alles = request.GET.get("alles") == "on"
    gekozen = form.gekozen() if form.is_bound else ({str(sh.uuid) for sh in getoond} if alles else set())
    return render(
        request,
        "cases/team/toewijzen.html",
        {
            "form": form,
            "filters": filters,
            "pagina": pagina,
            "rijen": [(sh, str(sh.uuid) in gekozen) for sh in getoond],
            "alles": alles,
            "gefilterd": any(filters.waarde(f) for f in ("q", "status", "consultant")),
        },
    )


def _melding(request, gekozen: int, gewijzigd: int, consultant) -> None:
    tekst = ngettext(
        "%(aantal)d dossier is toegewezen aan %(consulent)s.",
        "%(aantal)d dossiers zijn toegewezen aan %(consulent)s.",
        gewijzigd,
    ) % {"aantal": gewijzigd, "consulent": consultant}
    if ongewijzigd := gekozen - gewijzigd:
        tekst += " " + ngettext(
            "%(aantal)d dossier had deze consulent al.", "%(aantal)d dossiers hadden deze consulent al.", ongewijzigd
        ) % {"aantal": ongewijzigd}
    messages.success(request, tekst)


@login_required
@require_POST
def toewijzen_dossier(request, uuid):
    """The case page's form: one case to another consultant."""
    user = request.user
    _alleen_teamleider(user)
    sh = open_voor_wijzigen(request, uuid, toelichting="dossier toewijzen")
    form = _toewijzen_form(user, sh, request.POST)
    if form.is_valid():
        consultant = form.cleaned_data["consultant"]
        was = sh.consultant_id
        try:
            services.wijs_toe(actor=user, statushouder=sh, consultant=consultant)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            tekst = (
                _("%(consulent)s was al de consulent van dit dossier.")
                if was == consultant.pk
                else _("Het dossier is toegewezen aan %(consulent)s.")
            )
            messages.success(request, tekst % {"consulent": consultant})
            return redirect("cases:dossier", uuid=sh.uuid)
    context = dossier_context(request, sh, True)
    context["toewijzen_form"] = form
    return render(request, "cases/dossier.html", context)


urlpatterns = [
    path("team/", team, name="team"),
    path("team/toewijzen/", toewijzen, name="team_toewijzen"),
    path("<uuid:uuid>/toewijzen/", toewijzen_dossier, name="dossier_toewijzen"),
]
