"""The consultant's records of the route's end (leerroutes.Routeafronding, leerroutes.Taalschakeltraject): the MAP
themes and eindgesprek, the PVT hours and signing date, the eindgesprek of the Z-route, and the taalschakeltraject
of an onderwijsroute enrolment. cases.routekaart reads them for the route map and the voldaan check.

DUO's rules for these dates (duo-m2m README, sections MAP and PVT) are duo.regels': only with the gemeente's own
vastgesteld PIP and before the case is closed; not in the future, not before the start of the inburgeringstermijn,
not after the Z-route's completion (its eindgesprek); a date cannot be withdrawn once the Z-route is completed, nor
changed when another gemeente reported it to DUO; 'verwijtbaar' is given exactly when the date lies after the end of
the termijn (an exceeded termijn), 'nee' only within two months of it. Each change is reported to DUO (duo.meldingen).

After a move the new case starts from the previous gemeente's record (the newest in the chain, as the route map
reads it) and writes its own copy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from duo import meldingen, regels
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event
from leerroutes.models import Inschrijving, Leerroute, MapThema, Routeafronding, Taalschakeltraject
from leerroutes.services import schrijf_taalschakeltraject, taalschakeltraject_waarden

from .. import routekaart
from ..models import Statushouder
from ..permissions import require_change
from ..selectors import huidige_leerroute_expressie
from ..workflow import Status
from .common import locked, timeline, today

PVT_UREN_MAX = Decimal("999.9")


def geldende_afronding(statushouder) -> Routeafronding:
    """The record that counts for the case: its own, else a copy (unsaved) of the newest in its chain, else an
    empty one (unsaved). One query."""
    rij = Statushouder.objects.filter(pk=statushouder.pk).values(**routekaart.afronding_annotaties(statushouder)).get()
    waarden = {veld: rij[f"afronding_{veld}"] for veld in routekaart.AFRONDING_VELDEN}
    waarden["map_themas"] = waarden["map_themas"] or []
    return Routeafronding(statushouder=statushouder, **waarden)


def _route(statushouder) -> Leerroute | None:
    route_id = (
        Statushouder.objects.filter(pk=statushouder.pk)
        .annotate(route_id=huidige_leerroute_expressie())
        .values_list("route_id", flat=True)
        .get()
    )
    return Leerroute.objects.get(pk=route_id) if route_id is not None else None


def _mag_vastleggen(statushouder, route) -> None:
    if statushouder.status == Status.AFGEROND:
        raise ValidationError(_("Het dossier is afgerond: de afronding van de route ligt vast."))
    if statushouder.pip_dagtekening is None:
        raise ValidationError(_("Leg dit vast nadat het PIP is vastgesteld: de inburgeringstermijn loopt dan."))
    if fout := regels.afronding_voorwaarde_fout(statushouder, route.code if route is not None else None):
        raise ValidationError(fout)


def _schrijf(actor, statushouder, waarden: dict, fouten: dict, datums: dict[str, str], soort: str, tekst: str):
    """Write `waarden` into the case's record (created from the chain's on the first write) after the date
    rules; raises one ValidationError with every field's message (`fouten`: the caller's own)."""
    eigen = Routeafronding.objects.select_for_update().filter(statushouder=statushouder).first()
    record = eigen or geldende_afronding(statushouder)
    oud = {veld: getattr(record, veld) for veld in routekaart.AFRONDING_VELDEN}
    for veld, waarde in waarden.items():
        setattr(record, veld, waarde)
    fouten = {**regels.afronding_fouten(statushouder, record, oud, datums), **fouten}
    if fouten:
        raise ValidationError(fouten)
    gewijzigd = [veld for veld, waarde in waarden.items() if oud[veld] != waarde]
    if eigen is not None and not gewijzigd:
        return record
    record.save()
    meldingen.meld_routeafronding(statushouder, record, gewijzigd)
    datum = next((record_datum for veld in datums if (record_datum := getattr(record, veld))), None)
    timeline(statushouder, soort, tekst, datum or today(), actor)
    log_event(
        actor,
        Handeling.UPDATE if eigen is not None else Handeling.CREATE,
        record,
        statushouder=statushouder,
        velden=gewijzigd,
    )
    return record


def _datum(datum: date | None) -> str:
    return f"{datum:%d-%m-%Y}" if datum else "geen"


@transaction.atomic
def leg_map_vast(
    *, actor, statushouder, themas: list[str], eindgesprek_op: date | None, verwijtbaar: bool | None = None
) -> Routeafronding:
    """The MAP themes done and the eindgesprek with the gemeente (the praktijkuren come from attendance)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    route = _route(statushouder)
    _mag_vastleggen(statushouder, route)
    fouten = {}
    if route is not None and not route.map_verplicht:
        raise ValidationError(_("De onderwijsroute heeft geen MAP: leg alleen het PVT vast."))
    onbekend = [t for t in themas if t not in MapThema.values]
    if onbekend:
        fouten["themas"] = _("Kies alleen thema's uit de lijst.")
    gekozen = [t.value for t in MapThema if t.value in themas]
    waarden = {"map_themas": gekozen, "map_eindgesprek_op": eindgesprek_op, "map_verwijtbaar": verwijtbaar}
    tekst = f"MAP vastgelegd: {len(gekozen)} van {len(MapThema)} thema's, eindgesprek {_datum(eindgesprek_op)}"
    return _schrijf(
        actor, statushouder, waarden, fouten, {"map_eindgesprek_op": "eindgesprek_op"}, "afronding:map", tekst
    )


@transaction.atomic
def leg_pvt_vast(
    *, actor, statushouder, uren: Decimal | None, ondertekend_op: date | None, verwijtbaar: bool | None = None
) -> Routeafronding:
    """The hours of the participatieverklaringstraject followed and the date the verklaring was signed."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    _mag_vastleggen(statushouder, _route(statushouder))
    fouten = {}
    if uren is not None:
        uren = Decimal(uren)
        if not Decimal(0) <= uren <= PVT_UREN_MAX or uren != uren.quantize(Decimal("0.1")):
            fouten["uren"] = _("Vul een aantal uren in van 0 tot en met 999,9 (ten hoogste één decimaal).")
    waarden = {"pvt_uren": uren, "pvt_ondertekend_op": ondertekend_op, "pvt_verwijtbaar": verwijtbaar}
    uren_tekst = "geen" if uren is None else f"{uren}".replace(".", ",")
    tekst = f"PVT vastgelegd: {uren_tekst} uur, ondertekend {_datum(ondertekend_op)}"
    return _schrijf(
        actor, statushouder, waarden, fouten, {"pvt_ondertekend_op": "ondertekend_op"}, "afronding:pvt", tekst
    )


@transaction.atomic
def leg_zroute_eindgesprek_vast(*, actor, statushouder, eindgesprek_op: date | None) -> Routeafronding:
    """The eindgesprek that completes the Z-route (DUO: datumAfrondingZroute)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    route = _route(statushouder)
    _mag_vastleggen(statushouder, route)
    if route is None or route.code != Leerroute.Code.Z:
        raise ValidationError(_("Een eindgesprek Z-route hoort alleen bij de Z-route."))
    waarden = {"zroute_eindgesprek_op": eindgesprek_op}
    tekst = f"Eindgesprek Z-route vastgelegd: {_datum(eindgesprek_op)}"
    return _schrijf(
        actor, statushouder, waarden, {}, {"zroute_eindgesprek_op": "eindgesprek_op"}, "afronding:zroute", tekst
    )


@transaction.atomic
def leg_taalschakeltraject_vast(
    *,
    actor,
    statushouder,
    inschrijving,
    startdatum: date,
    einddatum: date | None = None,
    resultaat: str = "",
    vervolgopleiding: str = "",
    vervolgniveau: str = "",
) -> Taalschakeltraject:
    """Record (or correct) the taalschakeltraject of the case's onderwijsroute enrolment with UUID `inschrijving`
    (Inschrijving.DoesNotExist for another case's → 404), with the same rules as the provider's PUT over the API
    (leerroutes.services.taalschakeltraject_waarden)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    inschrijving = (
        Inschrijving.objects.select_for_update()
        .select_related("leerroute")
        .get(statushouder=statushouder, uuid=inschrijving)
    )
    if inschrijving.leerroute.code != Leerroute.Code.ONDERWIJS:
        raise ValidationError(_("Een taalschakeltraject hoort bij een inschrijving in de onderwijsroute."))
    if inschrijving.status in (Inschrijving.Status.AANGEMELD, Inschrijving.Status.AFGEWEZEN):
        raise ValidationError(
            _("Deze inschrijving is %(status)s: een taalschakeltraject begint pas als de aanbieder accepteert.")
            % {"status": inschrijving.get_status_display()}
        )
    waarden = taalschakeltraject_waarden(
        inschrijving,
        startdatum=startdatum,
        einddatum=einddatum,
        resultaat=resultaat,
        vervolgopleiding=vervolgopleiding,
        vervolgniveau=vervolgniveau,
        vandaag=today(),
    )
    traject, aangemaakt, gewijzigd, tekst = schrijf_taalschakeltraject(inschrijving, waarden)
    if not gewijzigd:
        return traject
    handeling = Handeling.CREATE if aangemaakt else Handeling.UPDATE
    timeline(statushouder, "afronding:taalschakeltraject", tekst, traject.einddatum or traject.startdatum, actor)
    log_event(actor, handeling, traject, statushouder=statushouder, velden=gewijzigd)
    return traject
