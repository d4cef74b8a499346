"""Reads of the agenda. Every list is one query and goes through `Statushouder.objects.for_user` (except the case
section, whose case is already authorised); the callers log what they show."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Concat, NullIf

from cases.models import Statushouder
from cases.query import een_van, in_gemeenten_van
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_events
from inburgering.compiled import CompiledQuery, compiled

from .models import Afspraak

DOSSIER_TERUG = timedelta(days=60)
DOSSIER_MAX = 50
FEED_TERUG = timedelta(days=30)
FEED_VOORUIT = timedelta(days=365)


def _met_genodigden(qs):
    """The invited colleagues' names as one array column (no extra query)."""
    return qs.annotate(
        genodigden_namen=ArrayAgg(
            Coalesce(
                NullIf(Concat(F("genodigden__first_name"), Value(" "), F("genodigden__last_name")), Value(" ")),
                F("genodigden__username"),
            ),
            filter=Q(genodigden__isnull=False),
            distinct=True,
            default=Value([]),
        )
    )


def van_dossier(sh, vandaag: date) -> list[Afspraak]:
    """The case's appointments from 60 days back on (cancelled ones too, marked), earliest first. One query."""
    return _VAN_DOSSIER(pk=sh.pk, vanaf=vandaag - DOSSIER_TERUG)


_VAN_DOSSIER = CompiledQuery(
    lambda pk, vanaf: _met_genodigden(
        Afspraak.objects.filter(statushouder_id=pk, datum__gte=vanaf)
        .select_related("consultant", "sleutelpersoon")
        .order_by("datum", "begintijd", "pk")
    )[:DOSSIER_MAX],
    pk=int,
    vanaf=date,
)


def _in_agenda_van(user):
    """The user's own appointments: in his agenda, or invited."""
    uitgenodigd = Afspraak.genodigden.through.objects.filter(afspraak_id=OuterRef("pk"), user_id=user.pk)
    return Q(consultant=user) | Q(Exists(uitgenodigd))


def agenda(user, van: date, tot: date, *, team: bool = False) -> list[Afspraak]:
    """Appointments from `van` to `tot` inclusive: the user's own, or (`team`, a teamleider) those of every
    colleague in the user's gemeenten. Only of cases the user may view. One query, compiled once."""
    return _agenda(user=user, van=van, tot=tot, team=team)


@compiled(user=settings.AUTH_USER_MODEL, van=date, tot=date)
def _agenda(*, user, van: date, tot: date, team: bool):
    zichtbaar = Statushouder.objects.for_user(user, "view")
    if team:
        # The gemeente's cases as an array on afspraak_sh_datum_idx: as a semi-join PostgreSQL read the day's
        # appointments of the whole country and checked each case.
        qs = Afspraak.objects.filter(een_van("statushouder_id", zichtbaar.filter(in_gemeenten_van(user)).values("pk")))
    else:
        qs = Afspraak.objects.filter(_in_agenda_van(user), statushouder__in=zichtbaar)
    qs = qs.filter(datum__gte=van, datum__lte=tot)
    qs = qs.select_related("statushouder__gemeente", "consultant").order_by("datum", "begintijd", "consultant", "pk")
    return _met_genodigden(qs)


def voor_feed(user, vandaag: date) -> list[Afspraak]:
    """The feed: the user's own appointments (a teamleider's too: only his own), 30 days back to a year ahead."""
    qs = Afspraak.objects.filter(
        _in_agenda_van(user),
        datum__gte=vandaag - FEED_TERUG,
        datum__lte=vandaag + FEED_VOORUIT,
        statushouder__in=Statushouder.objects.for_user(user, "view"),
    )
    return list(qs.select_related("statushouder__gemeente").order_by("datum", "begintijd", "pk"))


def afspraak_voor(user, uuid, action: str = "view") -> Afspraak:
    """One appointment on a case the user may view/change; DoesNotExist otherwise."""
    return (
        Afspraak.objects.select_related("statushouder__gemeente", "consultant", "sleutelpersoon", "voortgangsgesprek")
        .filter(statushouder__in=Statushouder.objects.for_user(user, action))
        .get(uuid=uuid)
    )


def log_getoond(user, afspraken, toelichting: str) -> int:
    """One LIST event per appointment shown (they carry the statushouder: it needs statushouder__gemeente)."""
    if not afspraken:
        return 0
    return log_events(user, Handeling.LIST, afspraken, velden=["datum", "soort"], toelichting=toelichting)
