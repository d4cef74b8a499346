"""Reads for the Vandaag worklist and the signals section of the case page. Each list is one query whatever
the number of cases: the signals are SQL annotations (cases/signals.py), expanded to rows in Python. The
caller logs the rows it shows with `log_shown`."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings

from .. import signals
from ..models import Statushouder, Voortgangsgesprek
from ..workflow import Status
from . import caseload, statushouders_for

NIEUW_DAGEN = 14  # a warm handover is "new" for two weeks


def bereik(user, *, gemeente_breed: bool):
    """The active cases the list covers: the user's own caseload, or every case of the gemeente."""
    return statushouders_for(user).actief() if gemeente_breed else caseload(user)


@lru_cache(maxsize=4)
def _geannoteerd(vandaag: date, _normen: str, _signalen: tuple):
    """Every case with every signal's annotations and the signal filter, built once per day (and norms and
    registry): resolving the ~40 annotations took a tenth of a teamleider's Vandaag. Never evaluated itself:
    each request filters a clone of it by permission and scope."""
    basis = Statushouder.objects.select_related("gemeente", "consultant")
    return signals.annoteer(basis, vandaag).filter(signals.een_van(vandaag))


def meldingen(user, vandaag: date, *, gemeente_breed: bool) -> list[signals.Melding]:
    """One row per (case, signal), most urgent first (severity, date, name): one annotated query."""
    rijen = _geannoteerd(vandaag, repr(sorted(settings.INBURGERING_NORMEN.items())), tuple(signals.SIGNALEN))
    rijen = rijen.for_user(user).actief()
    if not gemeente_breed:
        rijen = rijen.filter(consultant=user)
    return sorted(
        (melding for sh in rijen for melding in signals.meldingen_voor(sh, vandaag)), key=lambda m: m.volgorde
    )


def meldingen_van_dossier(user, statushouder, vandaag: date) -> list[signals.Melding]:
    """The active signals of one case that the caller has already opened (and logged): one query."""
    rij = signals.annoteer(statushouders_for(user).filter(pk=statushouder.pk), vandaag).first()
    return signals.meldingen_voor(rij, vandaag) if rij is not None else []


def geplande_gesprekken(user, van: date, tot: date, *, gemeente_breed: bool):
    """Voortgangsgesprekken planned from `van` up to and including `tot` and not yet held."""
    return (
        Voortgangsgesprek.objects.for_user(user)
        .filter(
            statushouder__in=bereik(user, gemeente_breed=gemeente_breed).values("pk"),
            gehouden_op__isnull=True,
            gepland_op__range=(van, tot),
        )
        .select_related("statushouder__gemeente", "statushouder__consultant")
        .order_by("gepland_op", "statushouder__achternaam", "statushouder__voornamen", "pk")
    )


def nieuwe_overdrachten(user, vandaag: date, *, gemeente_breed: bool):
    """Warm handovers registered (status aangemeld) in the last two weeks, newest first; for the teamleider
    only the assigned ones (the unassigned are in `niet_toegewezen`)."""
    rijen = bereik(user, gemeente_breed=gemeente_breed).filter(
        status=Status.AANGEMELD, status_sinds__gt=vandaag - timedelta(days=NIEUW_DAGEN)
    )
    if gemeente_breed:
        rijen = rijen.filter(consultant__isnull=False)
    return rijen.order_by("-status_sinds", "achternaam", "voornamen", "pk")


def niet_toegewezen(user):
    """The gemeente's active cases without a consultant, longest waiting first."""
    return statushouders_for(user).actief().filter(consultant__isnull=True).order_by("status_sinds", "achternaam", "pk")
