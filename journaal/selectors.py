"""Reading notes. The case is authorised by the caller (the case page, or a view through open_dossier)."""

from __future__ import annotations

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_events

from .models import Notitie


def notities(statushouder, categorie: str | None = None):
    """The notes of one case, newest first (by the day they are about), optionally of one category."""
    qs = (
        Notitie.objects.filter(statushouder=statushouder)
        .select_related("auteur", "corrigeert")
        .order_by("-datum", "-aangemaakt_op", "-id")
    )
    if categorie:
        qs = qs.filter(categorie=categorie)
    return qs


def notitie_voor(user, uuid, action: str = "view") -> Notitie:
    """One note of a case the user may view (or change); DoesNotExist otherwise."""
    return (
        Notitie.objects.for_user(user, action)
        .select_related("statushouder__gemeente", "auteur", "corrigeert")
        .get(uuid=uuid)
    )


def log_getoond(user, statushouder, rijen, toelichting: str = "journaal") -> None:
    """Log the notes shown (one INSERT); the rows get their case so the events carry it without queries."""
    rijen = list(rijen)
    for notitie in rijen:
        notitie.statushouder = statushouder
    if rijen:
        log_events(user, Handeling.LIST, rijen, velden=["datum", "categorie", "tekst"], toelichting=toelichting)
