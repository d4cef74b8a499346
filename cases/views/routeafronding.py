"""The route records on the case page (MAP, PVT, the Z-route's eindgesprek, the taalschakeltraject of an
onderwijsroute enrolment): a summary in the route map's section and small form pages that POST-redirect-GET back
to the case page. The form pages are for users who may change the case (403 for a viewer, 404 for anyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.forms.routeafronding import (
    MapForm,
    PvtForm,
    TaalschakeltrajectForm,
    ZrouteEindgesprekForm,
    verwijtbaar_initieel,
)
from cases.services import routeafronding as services
from cases.workflow import Status
from leerroutes.models import Inschrijving, Leerroute, MapThema

from .dossier import open_voor_wijzigen
from .participatie import formulierpagina, post_data

ANKER = "kop-routeafronding"


def sectie(sh, voortgang, mag_wijzigen: bool) -> dict:
    """Context for templates/cases/dossier/_routeafronding.html from the route map's facts: no query of its own
    (the onderwijsroute enrolments with their taalschakeltraject come from the page's list of enrolments)."""
    route = voortgang.route
    feiten = voortgang.feiten
    code = route.code if route else None
    themas = set(feiten.get("map_themas") or ())
    return {
        "route": route,
        "map": route is not None and route.map_verplicht,
        "zroute": code == Leerroute.Code.Z,
        "onderwijs": code == Leerroute.Code.ONDERWIJS,
        "feiten": feiten,
        "map_stap": voortgang.stap("map"),
        "pvt_stap": voortgang.stap("pvt"),
        "themas": [{"label": t.label, "gedaan": t.value in themas} for t in MapThema],
        "mag_vastleggen": mag_wijzigen and sh.status != Status.AFGEROND and sh.pip_dagtekening is not None,
    }


def _initieel(sh) -> dict:
    record = services.geldende_afronding(sh)
    return {
        "map": {
            "themas": record.map_themas,
            "eindgesprek_op": record.map_eindgesprek_op,
            "verwijtbaar": verwijtbaar_initieel(record.map_verwijtbaar),
        },
        "pvt": {
            "uren": record.pvt_uren,
            "ondertekend_op": record.pvt_ondertekend_op,
            "verwijtbaar": verwijtbaar_initieel(record.pvt_verwijtbaar),
        },
        "zroute": {"eindgesprek_op": record.zroute_eindgesprek_op},
    }


@login_required
@require_http_methods(["GET", "POST"])
def map_vastleggen(request, uuid):
    sh = open_voor_wijzigen(request, uuid)
    form = MapForm(post_data(request), initial=_initieel(sh)["map"])
    return formulierpagina(
        request,
        sh,
        form,
        lambda data: services.leg_map_vast(actor=request.user, statushouder=sh, **data),
        _("De MAP is vastgelegd."),
        ANKER,
        titel=_("MAP vastleggen"),
        toelichting=_("Module Arbeidsmarkt en Participatie: de praktijkuren komen uit de aanwezigheid."),
        knop=_("Opslaan"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pvt_vastleggen(request, uuid):
    sh = open_voor_wijzigen(request, uuid)
    form = PvtForm(post_data(request), initial=_initieel(sh)["pvt"])
    return formulierpagina(
        request,
        sh,
        form,
        lambda data: services.leg_pvt_vast(actor=request.user, statushouder=sh, **data),
        _("Het PVT is vastgelegd."),
        ANKER,
        titel=_("PVT vastleggen"),
        toelichting=_("Participatieverklaringstraject: ten minste 12 uur en de ondertekening."),
        knop=_("Opslaan"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def zroute_eindgesprek(request, uuid):
    sh = open_voor_wijzigen(request, uuid)
    form = ZrouteEindgesprekForm(post_data(request), initial=_initieel(sh)["zroute"])
    return formulierpagina(
        request,
        sh,
        form,
        lambda data: services.leg_zroute_eindgesprek_vast(actor=request.user, statushouder=sh, **data),
        _("Het eindgesprek van de Z-route is vastgelegd."),
        ANKER,
        titel=_("Eindgesprek Z-route vastleggen"),
        knop=_("Opslaan"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def taalschakeltraject(request, uuid, inschrijving):
    sh = open_voor_wijzigen(request, uuid)
    try:
        ins = Inschrijving.objects.select_related("organisatie", "leerroute").get(statushouder=sh, uuid=inschrijving)
    except Inschrijving.DoesNotExist:
        raise Http404(_("Inschrijving niet gevonden.")) from None
    traject = getattr(ins, "taalschakeltraject", None)
    velden = ("startdatum", "einddatum", "resultaat", "vervolgopleiding", "vervolgniveau")
    initieel = {v: getattr(traject, v) for v in velden} if traject else {"startdatum": timezone.localdate()}
    form = TaalschakeltrajectForm(post_data(request), initial=initieel)
    return formulierpagina(
        request,
        sh,
        form,
        lambda data: services.leg_taalschakeltraject_vast(
            actor=request.user, statushouder=sh, inschrijving=ins.uuid, **data
        ),
        _("Het taalschakeltraject is vastgelegd."),
        ANKER,
        titel=_("Taalschakeltraject vastleggen"),
        toelichting=_("Inschrijving bij %(aanbieder)s vanaf %(start)s.")
        % {"aanbieder": ins.organisatie, "start": f"{ins.startdatum:%d-%m-%Y}"},
        knop=_("Opslaan"),
    )


urlpatterns = [
    path("<uuid:uuid>/afronding/map/", map_vastleggen, name="afronding_map"),
    path("<uuid:uuid>/afronding/pvt/", pvt_vastleggen, name="afronding_pvt"),
    path("<uuid:uuid>/afronding/z-route/", zroute_eindgesprek, name="afronding_zroute"),
    path(
        "<uuid:uuid>/inschrijvingen/<uuid:inschrijving>/taalschakeltraject/",
        taalschakeltraject,
        name="taalschakeltraject",
    ),
]
