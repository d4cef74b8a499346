"""Reads for the Vandaag worklist and the signals section of the case page. Each list is a constant number of
queries whatever the number of cases: the worklist reads the stored signals of the day (cases/signaalstand.py), the
case page computes its case's signals as SQL annotations (cases/signals.py). The caller logs the rows it shows with
`log_shown`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Window

from inburgering.compiled import compiled

from .. import signaalstand, signals
from ..models import Statushouder, Voortgangsgesprek
from ..query import een_van
from ..workflow import Status
from . import caseload, statushouders_for

NIEUW_DAGEN = 14  # a warm handover is "new" for two weeks


def bereik(user, *, gemeente_breed: bool):
    """The active cases the list covers: the user's own caseload, or every case of the gemeente."""
    return statushouders_for(user).actief() if gemeente_breed else caseload(user)


@compiled(user=settings.AUTH_USER_MODEL)
def _standen(*, user, gemeente_breed: bool):
    """Every active case the user may see (or the own caseload) with its stored signals: a small row per case."""
    rijen = Statushouder.objects.for_user(user).actief()
    if not gemeente_breed:
        rijen = rijen.filter(consultant=user)
    return rijen.order_by().values("id", "achternaam", "voornamen", **signaalstand.velden())


def meldingen(user, vandaag: date, *, gemeente_breed: bool) -> list[signals.Melding]:
    """One row per (case, signal), most urgent first (severity, date, name), from the stored signals of the day
    (cases/signaalstand.py): the cases whose stand is out of date are computed again first, in one query. A row's
    case carries only its id and name; `met_dossiers` makes the rows of the page shown cases with their signal
    annotations, for the explanations."""
    if not user.is_authenticated or not user.is_active:
        return []
    uit = []
    for rij in signaalstand.met_meldingen(_standen(user=user, gemeente_breed=gemeente_breed), vandaag):
        if rij["meldingen"]:
            sh = signaalstand.Rij({naam: rij[naam] for naam in ("id", "achternaam", "voornamen")})
            uit.extend(signals.Melding(sh, signals.SIGNALEN[code], datum, vandaag) for code, datum in rij["meldingen"])
    return sorted(uit, key=lambda m: m.volgorde)


def met_dossiers(meldingen_: list[signals.Melding]) -> list[signals.Melding]:
    """The shown `meldingen` with their case as a model instance (with gemeente and consultant, for the links and
    the audit log) that carries the signal annotations of its stand: one query."""
    dossiers = Statushouder.objects.select_related("gemeente", "consultant", "signaalstand").in_bulk(
        list({m.statushouder.id for m in meldingen_})
    )
    for sh in dossiers.values():
        signaalstand.zet_waarden(sh, sh.signaalstand.waarden)
    return [replace(m, statushouder=dossiers[m.statushouder.id]) for m in meldingen_]


def meldingen_van_dossier(user, statushouder, vandaag: date) -> list[signals.Melding]:
    """The active signals of one case that the caller has already opened (and logged): one query."""
    rij = signals.annoteer(statushouders_for(user).filter(pk=statushouder.pk), vandaag).first()
    return signals.meldingen_voor(rij, vandaag) if rij is not None else []


def geplande_gesprekken(user, van: date, tot: date, *, gemeente_breed: bool) -> list[Voortgangsgesprek]:
    """Voortgangsgesprekken planned from `van` up to and including `tot` and not yet held (compiled once)."""
    return _geplande_gesprekken(user=user, van=van, tot=tot, gemeente_breed=gemeente_breed)


@compiled(user=settings.AUTH_USER_MODEL, van=date, tot=date)
def _geplande_gesprekken(*, user, van: date, tot: date, gemeente_breed: bool):
    # The cases as an array on the leading column of gesprek_sh_open_idx: `statushouder__in` (a semi-join) read
    # every open gesprek of the country in the date range and checked its case (10 ms on the national seed).
    # `bereik` is the user's permission filter already.
    return (
        Voortgangsgesprek.objects.filter(
            een_van("statushouder_id", bereik(user, gemeente_breed=gemeente_breed).values("pk")),
            gehouden_op__isnull=True,
            gepland_op__range=(van, tot),
        )
        .select_related("statushouder__gemeente", "statushouder__consultant")
        .order_by("gepland_op", "statushouder__achternaam", "statushouder__voornamen", "pk")
    )


def nieuwe_overdrachten(user, vandaag: date, *, gemeente_breed: bool) -> list[Statushouder]:
    """Warm handovers registered (status aangemeld) in the last two weeks, newest first; for the teamleider
    only the assigned ones (the unassigned are in `niet_toegewezen`). Compiled once."""
    return _nieuwe_overdrachten(user=user, sinds=vandaag - timedelta(days=NIEUW_DAGEN), gemeente_breed=gemeente_breed)


@compiled(user=settings.AUTH_USER_MODEL, sinds=date)
def _nieuwe_overdrachten(*, user, sinds: date, gemeente_breed: bool):
    rijen = bereik(user, gemeente_breed=gemeente_breed).filter(status=Status.AANGEMELD, status_sinds__gt=sinds)
    if gemeente_breed:
        rijen = rijen.filter(consultant__isnull=False)
    return rijen.order_by("-status_sinds", "achternaam", "voornamen", "pk")


def niet_toegewezen(user):
    """The gemeente's active cases without a consultant, longest waiting first."""
    return statushouders_for(user).actief().filter(consultant__isnull=True).order_by("status_sinds", "achternaam", "pk")


@compiled(user=settings.AUTH_USER_MODEL)
def eerste_niet_toegewezen(*, user, aantal: int):
    """The first `aantal` of `niet_toegewezen`, each with `aantal_alle`: how many there are (COUNT(*) OVER ())."""
    return niet_toegewezen(user).annotate(aantal_alle=Window(Count("*")))[:aantal]
