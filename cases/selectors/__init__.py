"""Every read of case data goes through here: the `for_user` filter decides what is visible, and each
read of personal data is written to the audit log."""

from __future__ import annotations

from collections.abc import Iterable

from inburgering.audit.models import Handeling
from inburgering.audit.selectors import events_for_statushouder
from inburgering.audit.services import log_event, log_events

from ..models import Statushouder, TijdlijnGebeurtenis


def statushouders_for(user, action: str = "view"):
    """The unevaluated, permission-filtered queryset for lists; call `log_shown` with the rows shown."""
    return Statushouder.objects.for_user(user, action).select_related("gemeente", "consultant")


def caseload(user):
    """Mijn caseload: the active cases assigned to the user."""
    return statushouders_for(user).filter(consultant=user).actief()


def log_shown(user, statushouders: Iterable[Statushouder], toelichting: str = "") -> int:
    """Record that these rows were shown in a list or export (one INSERT)."""
    return log_events(user, Handeling.LIST, statushouders, toelichting=toelichting)


def get_statushouder(user, uuid, *, action: str = "view", toelichting: str = "") -> Statushouder:
    """One case by its public id; raises Statushouder.DoesNotExist when absent *or* not permitted,
    so that callers answer 404 either way."""
    statushouder = statushouders_for(user, action).get(uuid=uuid)
    log_event(user, Handeling.READ, statushouder, toelichting=toelichting)
    return statushouder


def tijdlijn(user, statushouder):
    return TijdlijnGebeurtenis.objects.for_user(user).filter(statushouder=statushouder).select_related("actor")


def wie_zag_dit_dossier(user, statushouder):
    """The processing log of one case, for users who may see the case; viewing it is itself logged."""
    if not Statushouder.objects.for_user(user).filter(pk=statushouder.pk).exists():
        raise Statushouder.DoesNotExist
    log_event(user, Handeling.READ, statushouder, toelichting="verwerkingen ingezien")
    return events_for_statushouder(statushouder)


def brede_intake(user, statushouder):
    """The intake of one case with its routes, or None; `intake.score_rijen` holds its leefgebied scores
    as a list of {"leefgebied", "score", "toelichting"} dicts, from the same query."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import OuterRef
    from django.db.models.functions import JSONObject

    from ..models import BredeIntake, LeefgebiedScore

    scores = LeefgebiedScore.objects.filter(intake=OuterRef("pk")).values(
        rij=JSONObject(leefgebied="leefgebied", score="score", toelichting="toelichting")
    )
    return (
        BredeIntake.objects.for_user(user)
        .filter(statushouder=statushouder)
        .select_related("route_advies", "gekozen_route")
        .annotate(score_rijen=ArraySubquery(scores))
        .first()
    )


def pip_versies(user, statushouder):
    """All PIP versions of one case (over gemeenten), newest first, with their goal counts (one query)."""
    from django.db.models import Count

    from ..models import PipVersie

    return list(
        PipVersie.objects.for_user(user)
        .filter(pip__statushouder=statushouder)
        .select_related("leerroute", "taalaanbieder", "pip")
        .annotate(aantal_doelen=Count("doelen"))
        .order_by("-aangemaakt_op", "-versie")
    )


def huidige_leerroute_expressie():
    """SQL for a Statushouder row: the leerroute of its current plan — the latest vastgestelde PIP-versie, else
    the gemeente's concept, else the intake's chosen route. For the caseload list and the route map."""
    from django.db.models import BigIntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from ..models import PipVersie

    versies = PipVersie.objects.filter(pip__statushouder=OuterRef("pk"))
    vastgesteld = versies.filter(status="vastgesteld").order_by("-dagtekening", "-versie").values("leerroute_id")[:1]
    concept = versies.filter(status="concept", pip__gemeente=OuterRef("gemeente")).values("leerroute_id")[:1]
    return Coalesce(
        Subquery(vastgesteld), Subquery(concept), "intake__gekozen_route_id", output_field=BigIntegerField()
    )


def caseload_rijen(user, vandaag, *, alleen_eigen: bool = True):
    """The active cases for the caseload list (own, or every case the user may read), annotated in SQL with
    `leerroute_id` (vastgestelde PIP-versie, else the concept, else the intake's chosen route),
    `pip_deadline`, `volgende_deadline` and whatever the registered signals need: no per-row queries.
    Call `log_shown` with the rows shown."""
    from .. import signals

    rijen = caseload(user) if alleen_eigen else statushouders_for(user).actief()
    rijen = rijen.annotate(
        leerroute_id=huidige_leerroute_expressie(),
        pip_deadline=signals.pip_deadline_expressie(),
    ).annotate(volgende_deadline=signals.volgende_deadline_expressie())
    return signals.annoteer(rijen, vandaag)


def pip_versies_met_inhoud(user, statushouder):
    """All PIP versions of one case (over gemeenten), oldest first, with their goals, actions and
    ketenpartners (four queries): for the PIP editor, its history and the beschikking."""
    from django.db.models import Prefetch

    from ..models import Actie, Doel, PipVersie

    acties = Actie.objects.select_related("ketenpartner").order_by("deadline", "id")
    doelen = Doel.objects.prefetch_related(Prefetch("acties", queryset=acties)).order_by("leefgebied", "volgorde", "id")
    return list(
        PipVersie.objects.for_user(user)
        .filter(pip__statushouder=statushouder)
        .select_related("leerroute", "taalaanbieder", "pip__gemeente", "vastgesteld_door")
        .prefetch_related(Prefetch("doelen", queryset=doelen))
        .order_by("aangemaakt_op", "versie")
    )


def get_statushouder_voor_pagina(user, uuid, *, toelichting: str = "") -> Statushouder:
    """`get_statushouder` for a page that also needs to know whether the user may change the case:
    `statushouder.mag_wijzigen`, from the same query. Logs the READ; DoesNotExist → 404."""
    from django.db.models import Exists, OuterRef

    wijzigbaar = Statushouder.objects.for_user(user, "change").filter(pk=OuterRef("pk"))
    statushouder = statushouders_for(user).annotate(mag_wijzigen=Exists(wijzigbaar)).get(uuid=uuid)
    log_event(user, Handeling.READ, statushouder, toelichting=toelichting)
    return statushouder


def verwerkingen_op_dossierpagina(statushouder, aantal: int = 20):
    """The latest processings of a case for its case page, which has just opened the case through
    `get_statushouder_voor_pagina` (permission checked, READ logged, so no second check or event)."""
    return list(events_for_statushouder(statushouder)[:aantal])
