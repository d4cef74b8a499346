"""Voortgangsgesprekken: plan, move, cancel and record them, and plan the follow-ups when the first PIP
is vastgesteld. A case has at most one open (planned, not yet held) regular gesprek: recording one plans
the next, 13 weeks on (or the gemeente's norm), by moving the open one or planning a new one."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .. import deadlines
from ..models import Voortgangsgesprek
from ..permissions import require_change
from ..workflow import Status, TransitionError
from .common import locked, timeline, today

Soort = Voortgangsgesprek.Soort
FOLLOW_UP_SOORTEN = {6: Soort.FOLLOW_UP_6, 12: Soort.FOLLOW_UP_12, 24: Soort.FOLLOW_UP_24}
TOELICHTING_MAX = 1000


class Voortgang(models.TextChoices):
    """The progress on one PIP goal, as discussed in a voortgangsgesprek."""

    NOG_NIET_GESTART = "nog_niet_gestart", gettext_lazy("nog niet gestart")
    OP_SCHEMA = "op_schema", gettext_lazy("op schema")
    ACHTER = "achter", gettext_lazy("achter op schema")
    BEHAALD = "behaald", gettext_lazy("behaald")


def kan_gesprekken(statushouder) -> bool:
    """Gesprekken belong to the execution of the PIP: in uitvoering, or suspended from it."""
    return statushouder.status == Status.IN_UITVOERING or (
        statushouder.status == Status.OPGESCHORT and statushouder.status_voor_opschorting == Status.IN_UITVOERING
    )


def _check_uitvoering(statushouder) -> None:
    if not kan_gesprekken(statushouder):
        raise TransitionError(
            _("Voortgangsgesprekken horen bij de uitvoering van het PIP; dit dossier is %(status)s.")
            % {"status": statushouder.get_status_display()}
        )


def voorgesteld_volgende(statushouder, laatste: date) -> date:
    """The proposed date of the next regular gesprek after `laatste` (the gemeente's norm or 13 weeks)."""
    return deadlines.volgend_voortgangsgesprek(laatste, statushouder.gemeente)


def _check_niet_verleden(datum: date, vandaag: date, veld: str) -> None:
    if datum < vandaag:
        raise ValidationError({veld: _("Plan het gesprek op vandaag of later.")})


def _open_gesprek(statushouder, uuid) -> Voortgangsgesprek:
    """A planned, not yet held gesprek of this case (Voortgangsgesprek.DoesNotExist otherwise: 404)."""
    return Voortgangsgesprek.objects.select_for_update().get(
        statushouder=statushouder, uuid=uuid, gehouden_op__isnull=True
    )


def _open_regulier(statushouder, behalve=None) -> Voortgangsgesprek | None:
    gesprekken = Voortgangsgesprek.objects.select_for_update().filter(
        statushouder=statushouder, soort=Soort.REGULIER, gehouden_op__isnull=True
    )
    if behalve is not None:
        gesprekken = gesprekken.exclude(pk=behalve.pk)
    return gesprekken.order_by("gepland_op").first()


def _plan(actor, statushouder, gepland_op: date, soort: str = Soort.REGULIER) -> Voortgangsgesprek:
    gesprek = Voortgangsgesprek.objects.create(
        statushouder=statushouder, soort=soort, gepland_op=gepland_op, consultant=statushouder.consultant
    )
    log_event(actor, Handeling.CREATE, gesprek, statushouder=statushouder)
    return gesprek


def _verplaats(actor, statushouder, gesprek: Voortgangsgesprek, gepland_op: date) -> Voortgangsgesprek:
    gesprek.gepland_op = gepland_op
    gesprek.save(update_fields=["gepland_op"])
    log_event(actor, Handeling.UPDATE, gesprek, statushouder=statushouder, velden=["gepland_op"])
    return gesprek


@translation.override("nl")  # the timeline is stored Dutch, like every service's texts
@transaction.atomic
def plan_gesprek(*, actor, statushouder, gepland_op: date, vandaag: date | None = None) -> Voortgangsgesprek:
    """Plan a regular voortgangsgesprek; while one is planned, that one is moved instead (see `verplaats_gesprek`)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    _check_uitvoering(statushouder)
    _check_niet_verleden(gepland_op, vandaag or today(), "gepland_op")
    bestaand = _open_regulier(statushouder)
    if bestaand is not None:
        raise ValidationError(
            {
                "gepland_op": _("Er staat al een voortgangsgesprek gepland op %(datum)s; verplaats dat gesprek.")
                % {"datum": f"{bestaand.gepland_op:%d-%m-%Y}"}
            }
        )
    gesprek = _plan(actor, statushouder, gepland_op)
    timeline(
        statushouder,
        "gesprek:gepland",
        _("Voortgangsgesprek gepland op %(datum)s") % {"datum": f"{gepland_op:%d-%m-%Y}"},
        vandaag or today(),
        actor,
    )
    return gesprek


@translation.override("nl")  # the timeline is stored Dutch, like every service's texts
@transaction.atomic
def verplaats_gesprek(*, actor, statushouder, gesprek, gepland_op: date, vandaag: date | None = None):
    """Move a planned gesprek (`gesprek` is its uuid) to another date, today or later."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    _check_uitvoering(statushouder)
    gesprek = _open_gesprek(statushouder, gesprek)
    _check_niet_verleden(gepland_op, vandaag or today(), "gepland_op")
    oud = gesprek.gepland_op
    _verplaats(actor, statushouder, gesprek, gepland_op)
    timeline(
        statushouder,
        "gesprek:verplaatst",
        _("%(soort)s verplaatst van %(oud)s naar %(nieuw)s")
        % {
            "soort": gesprek.get_soort_display().capitalize(),
            "oud": f"{oud:%d-%m-%Y}",
            "nieuw": f"{gepland_op:%d-%m-%Y}",
        },
        vandaag or today(),
        actor,
    )
    return gesprek


@translation.override("nl")  # the timeline is stored Dutch, like every service's texts
@transaction.atomic
def annuleer_gesprek(*, actor, statushouder, gesprek, vandaag: date | None = None) -> None:
    """Cancel (delete) a planned gesprek that has not been held; a held one stays in the history."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    _check_uitvoering(statushouder)
    gesprek = _open_gesprek(statushouder, gesprek)
    timeline(
        statushouder,
        "gesprek:geannuleerd",
        _("%(soort)s van %(datum)s geannuleerd")
        % {"soort": gesprek.get_soort_display().capitalize(), "datum": f"{gesprek.gepland_op:%d-%m-%Y}"},
        vandaag or today(),
        actor,
    )
    log_event(actor, Handeling.DELETE, gesprek, statushouder=statushouder)
    gesprek.delete()


def _check_voortgang(versie, voortgang: dict) -> dict:
    """Exactly the goals of the PIP version discussed, each with a progress choice and an optional note."""
    doelen = {str(d.uuid) for d in versie.doelen.all()} if versie is not None else set()
    onbekend = {str(u) for u in voortgang} - doelen
    if onbekend:
        raise ValidationError({"voortgang": _("Deze doelen horen niet bij het huidige PIP.")})
    fouten, schoon = {}, {}
    gegeven = {str(u): w for u, w in voortgang.items()}
    for uuid in sorted(doelen):
        waarde = gegeven.get(uuid) or {}
        keuze = waarde.get("voortgang", "")
        toelichting = (waarde.get("toelichting") or "").strip()
        if keuze not in Voortgang.values:
            fouten[f"voortgang_{uuid}"] = _("Kies de voortgang van dit doel.")
        if len(toelichting) > TOELICHTING_MAX:
            fouten[f"toelichting_{uuid}"] = _("Houd de toelichting op ten hoogste %(max)s tekens.") % {
                "max": TOELICHTING_MAX
            }
        schoon[uuid] = {"voortgang": keuze, "toelichting": toelichting}
    if fouten:
        raise ValidationError(fouten)
    return schoon


@translation.override("nl")  # the timeline is stored Dutch, like every service's texts
@transaction.atomic
def leg_gesprek_vast(
    *,
    actor,
    statushouder,
    gehouden_op: date,
    verslag: str,
    voortgang: dict,
    gesprek=None,
    plan_volgende: bool = True,
    volgende_op: date | None = None,
    vandaag: date | None = None,
) -> Voortgangsgesprek:
    """Record a held gesprek: the planned one `gesprek` (uuid) or, without it, a new regular one. The
    progress per goal is of the current vastgestelde PIP-versie ({doel_uuid: {"voortgang", "toelichting"}}).
    Unless `plan_volgende` is False the next regular gesprek is planned on `volgende_op`, by default the
    norm after `gehouden_op`; an open regular gesprek is moved there rather than a second one planned."""
    from .pip import vastgestelde_versie

    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    _check_uitvoering(statushouder)
    vandaag = vandaag or today()
    fouten = {}
    if gehouden_op > vandaag:
        fouten["gehouden_op"] = _("Deze datum ligt in de toekomst.")
    elif statushouder.pip_dagtekening and gehouden_op < statushouder.pip_dagtekening:
        fouten["gehouden_op"] = _(
            "Het gesprek kan niet vóór de vaststelling van het PIP (%(datum)s) zijn gehouden."
        ) % {"datum": f"{statushouder.pip_dagtekening:%d-%m-%Y}"}
    verslag = (verslag or "").strip()
    if not verslag:
        fouten["verslag"] = _("Schrijf een kort verslag van het gesprek.")
    if plan_volgende:
        volgende_op = volgende_op or voorgesteld_volgende(statushouder, gehouden_op)
        if volgende_op < vandaag:
            fouten["volgende_op"] = _("Plan het volgende gesprek op vandaag of later.")
        elif volgende_op <= gehouden_op:
            fouten["volgende_op"] = _("Het volgende gesprek moet na dit gesprek liggen.")
    versie = vastgestelde_versie(statushouder)
    try:
        voortgang = _check_voortgang(versie, voortgang)
    except ValidationError as exc:
        fouten.update(exc.message_dict)
    if fouten:
        raise ValidationError(fouten)

    if gesprek is not None:
        gesprek = _open_gesprek(statushouder, gesprek)
        handeling = Handeling.UPDATE
    else:
        gesprek = Voortgangsgesprek(statushouder=statushouder, soort=Soort.REGULIER, gepland_op=gehouden_op)
        handeling = Handeling.CREATE
    gesprek.gehouden_op = gehouden_op
    gesprek.consultant = actor
    gesprek.verslag = verslag
    gesprek.pip_versie = versie
    gesprek.voortgang_per_doel = voortgang
    gesprek.save()
    velden = ["gehouden_op", "consultant", "verslag", "pip_versie", "voortgang_per_doel"]
    log_event(actor, handeling, gesprek, statushouder=statushouder, velden=velden)
    omschrijving = _("%(soort)s gehouden") % {"soort": gesprek.get_soort_display().capitalize()}
    if plan_volgende:
        open_regulier = _open_regulier(statushouder, behalve=gesprek)
        if open_regulier is not None:
            _verplaats(actor, statushouder, open_regulier, volgende_op)
        else:
            _plan(actor, statushouder, volgende_op)
        omschrijving += _("; volgend voortgangsgesprek gepland op %(datum)s") % {"datum": f"{volgende_op:%d-%m-%Y}"}
    timeline(statushouder, "gesprek:gehouden", omschrijving, gehouden_op, actor)
    return gesprek


@translation.override("nl")  # the timeline is stored Dutch, like every service's texts
@transaction.atomic
def plan_follow_ups(*, actor, statushouder, dagtekening: date) -> list[Voortgangsgesprek]:
    """At the vaststelling of the first PIP: follow-ups 6, 12 and 24 months after the dagtekening and the
    first regular gesprek after the norm. Idempotent: a soort already there (held or not) is not planned
    again, nor a regular gesprek while one is open."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    _check_uitvoering(statushouder)
    bestaand = set(Voortgangsgesprek.objects.filter(statushouder=statushouder).values_list("soort", flat=True))
    gepland = [
        _plan(actor, statushouder, datum, FOLLOW_UP_SOORTEN[maanden])
        for maanden, datum in deadlines.follow_ups(dagtekening)
        if FOLLOW_UP_SOORTEN[maanden] not in bestaand
    ]
    if _open_regulier(statushouder) is None:
        gepland.insert(0, _plan(actor, statushouder, voorgesteld_volgende(statushouder, dagtekening)))
    if gepland:
        timeline(
            statushouder,
            "gesprek:gepland",
            _("Gepland: %(gesprekken)s")
            % {
                "gesprekken": ", ".join(
                    _("%(soort)s op %(datum)s") % {"soort": g.get_soort_display(), "datum": f"{g.gepland_op:%d-%m-%Y}"}
                    for g in gepland
                )
            },
            dagtekening,
            actor,
        )
    return gepland
