"""Inzage (AVG art. 15): everything held about one statushouder, and who processed it when, as one structure
that the PDF and the JSON export both render.

Only a teamleider of the statushouder's own gemeente (the controller of the data) may produce it. The structure
costs a fixed number of queries whatever the length of the history: one prefetch per kind of record, one query
on the audit log, plus one per earlier case after a move (`vorig_dossier`, followed to the first case: the
person's data in the earlier gemeente is part of what the system holds about him or her)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from inburgering.audit.services import log_event, log_events
from leerroutes.models import Aanwezigheid, Examenresultaat, Inschrijving, Voortgangsrapportage

from ..models import (
    Actie,
    Doel,
    Handhavingsstap,
    Participatie,
    Pip,
    PipVersie,
    Statushouder,
    TijdlijnGebeurtenis,
    Verwijzing,
    Voortgangsgesprek,
)
from ..query import gemeente_ids_for
from . import statushouders_for

TOELICHTING = "inzageverzoek AVG art. 15"


def open_voor_inzage(user, uuid) -> Statushouder:
    """The case of an access request. PermissionDenied (403) for anyone but a teamleider; DoesNotExist (404) for
    a case outside the teamleider's own gemeente, also one granted to him or her one by one."""
    if not roles.has_role(user, roles.TEAMLEIDER):
        raise PermissionDenied(_("Alleen een teamleider kan een inzageverzoek afhandelen."))
    return statushouders_for(user).filter(gemeente_id__in=gemeente_ids_for(user)).get(uuid=uuid)


def inzage_pagina(user, uuid) -> Statushouder:
    """The case for the page that explains the export; showing it is a READ."""
    statushouder = open_voor_inzage(user, uuid)
    log_event(user, Handeling.READ, statushouder, toelichting=TOELICHTING)
    return statushouder


def inzage(user, uuid, formaat: str) -> dict:
    """Everything held about the person (see the module docstring), with Dutch keys. The export is logged
    (EXPORT, on this case and every earlier one) before the log is read, so it lists itself."""
    statushouder = open_voor_inzage(user, uuid)
    keten = _keten(statushouder)
    log_events(user, Handeling.EXPORT, keten, toelichting=f"{TOELICHTING} ({formaat})")
    verwerkingen: dict = {}
    uuids = {sh.uuid for sh in keten}
    for event in AuditEvent.objects.over(*uuids).order_by("tijdstip", "id"):
        for betrokkene in uuids.intersection(event.betrokkenen()):  # a list event names several (issue 17)
            verwerkingen.setdefault(betrokkene, []).append(_verwerking(event))
    dossier = None
    for sh in reversed(keten):  # the first case innermost
        dossier = {**_dossier(sh), "verwerkingen": verwerkingen.get(sh.uuid, []), "vorig_dossier": dossier}
    return {
        "inzageverzoek": {
            "grondslag": "AVG artikel 15 (recht van inzage)",
            "aangemaakt_op": timezone.localtime(),
            "gemeente": statushouder.gemeente.naam,
            "gemeente_code": statushouder.gemeente.cbs_code,
            "aangemaakt_door": str(user),
            "verwerkingsdoel": "casusregie inburgering (Wet inburgering 2021)",
            "bewaartermijn": f"{settings.BEWAARTERMIJN_JAREN} jaar na het einde van het inburgeringstraject",
        },
        "dossier": dossier,
    }


def _keten(statushouder: Statushouder) -> list[Statushouder]:
    """The case and the cases before it (newest first), each with all its records prefetched."""
    ids = [statushouder.pk]
    vorig = statushouder.vorig_dossier_id
    while vorig is not None and vorig not in ids:
        ids.append(vorig)
        vorig = Statushouder.objects.filter(pk=vorig).values_list("vorig_dossier_id", flat=True).get()
    geladen = {sh.pk: sh for sh in _met_alles(Statushouder.objects.filter(pk__in=ids))}
    return [geladen[pk] for pk in ids]


def _met_alles(statushouders):
    acties = Actie.objects.select_related("ketenpartner").order_by("deadline", "id")
    doelen = Doel.objects.prefetch_related(Prefetch("acties", acties)).order_by("leefgebied", "volgorde", "id")
    versies = (
        PipVersie.objects.select_related("leerroute", "taalaanbieder", "vastgesteld_door")
        .prefetch_related(Prefetch("doelen", doelen))
        .order_by("aangemaakt_op", "versie")
    )
    pips = Pip.objects.select_related("gemeente").prefetch_related(Prefetch("versies", versies))
    gesprekken = Voortgangsgesprek.objects.select_related("consultant", "pip_versie").order_by("gepland_op", "id")
    verwijzingen = Verwijzing.objects.select_related("ketenpartner", "sleutelpersoon")
    participaties = Participatie.objects.select_related("organisatie").order_by("startdatum", "id")
    tijdlijn = TijdlijnGebeurtenis.objects.select_related("actor").order_by("datum", "tijdstip")
    examens = Examenresultaat.objects.select_related("onderdeel").order_by("datum", "id")
    inschrijvingen = (
        Inschrijving.objects.select_related("organisatie", "leerroute", "contract__organisatie", "contract__leerroute")
        .prefetch_related(
            "onderdelen",
            Prefetch("aanwezigheden", Aanwezigheid.objects.order_by("datum", "les_id")),
            Prefetch("examenresultaten", examens),
            Prefetch("voortgangsrapportages", Voortgangsrapportage.objects.order_by("periode_start", "id")),
        )
        .order_by("startdatum", "id")
    )
    return statushouders.select_related(
        "gemeente", "consultant", "intake__route_advies", "intake__gekozen_route"
    ).prefetch_related(
        "intake__scores",
        Prefetch("pips", pips),
        Prefetch("voortgangsgesprekken", gesprekken),
        Prefetch("verwijzingen", verwijzingen.order_by("datum", "id")),
        Prefetch("participaties", participaties),
        "verlengingen",
        Prefetch("handhavingsstappen", Handhavingsstap.objects.order_by("datum", "id")),
        Prefetch("tijdlijn", tijdlijn),
        Prefetch("inschrijvingen", inschrijvingen),
    )


def _dossier(sh: Statushouder) -> dict:
    intake = getattr(sh, "intake", None)  # a missing one-to-one raises an AttributeError
    versies = [versie for pip in sorted(sh.pips.all(), key=lambda p: p.aangemaakt_op) for versie in pip.versies.all()]
    return {
        "statushouder": _velden(sh, "vorig_dossier"),
        "brede_intake": None
        if intake is None
        else {
            **_velden(intake, "statushouder"),
            "leefgebiedscores": [_velden(score, "intake") for score in intake.scores.all()],
        },
        "pip_versies": [
            {
                **_velden(versie, "pip"),
                "gemeente": versie.pip.gemeente.naam,
                "doelen": [
                    {**_velden(doel, "versie"), "acties": [_velden(actie, "doel") for actie in doel.acties.all()]}
                    for doel in versie.doelen.all()
                ],
            }
            for versie in versies
        ],
        "voortgangsgesprekken": [_velden(g, "statushouder") for g in sh.voortgangsgesprekken.all()],
        "verwijzingen": [_velden(v, "statushouder") for v in sh.verwijzingen.all()],
        "participaties": [_velden(p, "statushouder") for p in sh.participaties.all()],
        "termijnverlengingen": [_velden(v, "statushouder") for v in sh.verlengingen.all()],
        "handhavingsstappen": [_velden(h, "statushouder") for h in sh.handhavingsstappen.all()],
        "tijdlijn": [_velden(t, "statushouder") for t in sh.tijdlijn.all()],
        "inschrijvingen": [
            {
                **_velden(i, "statushouder"),
                "onderdelen": [o.naam for o in i.onderdelen.all()],
                "aanwezigheden": [_velden(a, "inschrijving") for a in i.aanwezigheden.all()],
                "examenresultaten": [_velden(e, "inschrijving") for e in i.examenresultaten.all()],
                "voortgangsrapportages": [_velden(r, "inschrijving") for r in i.voortgangsrapportages.all()],
            }
            for i in sh.inschrijvingen.all()
        ],
    }


def _velden(obj, ouder: str) -> dict:
    """The object's own columns under their (Dutch) field names, without database ids and without `ouder` (the
    record it hangs off, which the nesting shows): a choice as its label, a relation as its name."""
    uit = {}
    for veld in obj._meta.concrete_fields:
        if veld.primary_key or veld.name == ouder:
            continue
        if veld.is_relation:
            gerelateerd = getattr(obj, veld.name)
            uit[veld.name] = None if gerelateerd is None else str(gerelateerd)
        else:
            uit[veld.name] = _waarde(veld, veld.value_from_object(obj))
    return uit


def _waarde(veld, waarde):
    if isinstance(waarde, dt.datetime):
        return timezone.localtime(waarde)
    if isinstance(waarde, Decimal):
        return float(waarde)
    keuzes = veld.base_field.flatchoices if isinstance(veld, ArrayField) else veld.flatchoices
    if not keuzes or waarde in (None, ""):
        return waarde
    labels = {code: str(label) for code, label in keuzes}
    if isinstance(waarde, list):
        return [labels.get(w, w) for w in waarde]
    return labels.get(waarde, waarde)


def _verwerking(event: AuditEvent) -> dict:
    return {
        "tijdstip": timezone.localtime(event.tijdstip),
        "actor": event.actor_label,
        "actor_type": event.get_actor_type_display(),
        "rol": event.rol,
        "handeling": event.get_handeling_display(),
        "object_type": event.object_type.partition(".")[2],
        "object_id": event.object_id,
        "velden": event.velden,
        "toelichting": event.toelichting,
        "verwerkingsactiviteit": event.verwerkingsactiviteit,
    }
