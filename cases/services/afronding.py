"""The end of a traject (afronden) with its reason."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Statushouder
from ..permissions import require_change
from ..workflow import Eindreden, Status, TransitionError, check_transition
from .common import locked, not_in_future, transition


@transaction.atomic
def rond_af(*, actor, statushouder, eindreden: str, datum: date) -> Statushouder:
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    not_in_future(datum, "datum")
    if eindreden not in Eindreden.values:
        raise ValidationError({"eindreden": "Kies een geldige reden van beëindiging."})
    check_transition(statushouder.status, Status.AFGEROND)
    huidig = statushouder.status_voor_opschorting or statushouder.status
    if eindreden == Eindreden.VOLDAAN and huidig != Status.IN_UITVOERING:
        raise TransitionError("De inburgeringsplicht kan alleen voldaan zijn met een vastgesteld PIP.")
    if datum < statushouder.status_sinds:
        raise ValidationError({"datum": "De einddatum ligt vóór de laatste statuswijziging."})
    return transition(
        actor,
        statushouder,
        Status.AFGEROND,
        datum,
        f"Afgerond: {Eindreden(eindreden).label}",
        eindreden=eindreden,
        einddatum=datum,
        status_voor_opschorting="",
        opschort_reden="",
    )
