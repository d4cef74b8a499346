"""Suspending (opschorten) and resuming (hervatten) a case. Closing it: cases.services.afronding."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Statushouder
from ..permissions import require_change
from ..workflow import OPSCHORTBAAR, Status, TransitionError, check_transition
from .common import locked, not_in_future, transition


@transaction.atomic
def schort_op(*, actor, statushouder, reden: str, datum: date) -> Statushouder:
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    not_in_future(datum, "datum")
    if not reden.strip():
        raise ValidationError({"reden": "Geef de reden van opschorting."})
    if statushouder.status not in OPSCHORTBAAR:
        check_transition(statushouder.status, Status.OPGESCHORT)
    vorige = statushouder.status
    return transition(
        actor,
        statushouder,
        Status.OPGESCHORT,
        datum,
        f"Opgeschort: {reden}",
        status_voor_opschorting=vorige,
        opschort_reden=reden,
    )


@transaction.atomic
def hervat(*, actor, statushouder, datum: date) -> Statushouder:
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    not_in_future(datum, "datum")
    if statushouder.status != Status.OPGESCHORT:
        raise TransitionError("Alleen een opgeschort dossier kan worden hervat.")
    if datum < statushouder.status_sinds:
        raise ValidationError({"datum": "Hervatten kan niet vóór de opschorting."})
    terug = statushouder.status_voor_opschorting
    return transition(actor, statushouder, terug, datum, "Hervat", status_voor_opschorting="", opschort_reden="")
