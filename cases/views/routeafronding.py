"""The route records on the case page (MAP, PVT, the Z-route's eindgesprek, the taalschakeltraject of an
onderwijsroute enrolment): a summary in the route map's section and small form pages that POST-redirect-GET back
to the case page. The form pages are for users who may change the case (403 for a viewer, 404 for anyone else)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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
from leerroutes.services import TAALSCHAKEL_VELDEN

from .gedeeld import open_voor_wijzigen
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


@dataclass(frozen=True)
class Record:
    """One of the records a consultant keeps on the case page: its form, its service and its page texts."""

    form: type
    service: Callable
    velden: dict[str, Callable]  # form field -> its initial value from the current Routeafronding
    gelukt: str
    titel: str
    toelichting: str = ""


RECORDS = {
    "map": Record(
        MapForm,
        services.leg_map_vast,
        {
            "themas": lambda r: r.map_themas,
            "eindgesprek_op": lambda r: r.map_eindgesprek_op,
            "verwijtbaar": lambda r: verwijtbaar_initieel(r.map_verwijtbaar),
        },
        gettext_lazy("De MAP is vastgelegd."),
        gettext_lazy("MAP vastleggen"),
        gettext_lazy("Module Arbeidsmarkt en Participatie: de praktijkuren komen uit de aanwezigheid."),
    ),
    "pvt": Record(
        PvtForm,
        services.leg_pvt_vast,
        {
            "uren": lambda r: r.pvt_uren,
            "ondertekend_op": lambda r: r.pvt_ondertekend_op,
            "verwijtbaar": lambda r: verwijtbaar_initieel(r.pvt_verwijtbaar),
        },
        gettext_lazy("Het PVT is vastgelegd."),
        gettext_lazy("PVT vastleggen"),
        gettext_lazy("Participatieverklaringstraject: ten minste 12 uur en de ondertekening."),
    ),
    "zroute": Record(
        ZrouteEindgesprekForm,
        services.leg_zroute_eindgesprek_vast,
        {"eindgesprek_op": lambda r: r.zroute_eindgesprek_op},
        gettext_lazy("Het eindgesprek van de Z-route is vastgelegd."),
        gettext_lazy("Eindgesprek Z-route vastleggen"),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def record_vastleggen(request, uuid, soort: str):
    sh = open_voor_wijzigen(request, uuid)
    record = RECORDS[soort]
    huidig = services.geldende_afronding(sh)
    form = record.form(post_data(request), initial={veld: waarde(huidig) for veld, waarde in record.velden.items()})
    return formulierpagina(
        request,
        sh,
        form,
        lambda data: record.service(actor=request.user, statushouder=sh, **data),
        record.gelukt,
        ANKER,
        titel=record.titel,
        toelichting=record.toelichting,
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
    initieel = {v: getattr(traject, v) for v in TAALSCHAKEL_VELDEN} if traject else {"startdatum": timezone.localdate()}
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
    path("<uuid:uuid>/afronding/map/", record_vastleggen, {"soort": "map"}, name="afronding_map"),
    path("<uuid:uuid>/afronding/pvt/", record_vastleggen, {"soort": "pvt"}, name="afronding_pvt"),
    path("<uuid:uuid>/afronding/z-route/", record_vastleggen, {"soort": "zroute"}, name="afronding_zroute"),
    path(
        "<uuid:uuid>/inschrijvingen/<uuid:inschrijving>/taalschakeltraject/",
        taalschakeltraject,
        name="taalschakeltraject",
    ),
]
