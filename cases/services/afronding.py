"""The end of a traject (afronden) with its reason, and the checks of DOMAIN.md: voldaan needs the exams
or the route completed plus PVT and MAP, from the route records (cases.routekaart computes what is missing and
names each missing record: "MAP: eindgesprek", "PVT: 11,9 van 12 uur", ...); ontheffing,
vrijstelling and overig need a toelichting; verhuisd hands the case over to the new gemeente."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import routekaart
from ..models import Statushouder
from ..permissions import require_change
from ..workflow import Eindreden, Status, TransitionError, check_transition
from .common import locked, not_in_future, transition

TOELICHTING_NODIG = (Eindreden.ONTHEFFING, Eindreden.VRIJSTELLING, Eindreden.OVERIG)
TOELICHTING_MAX = 180  # it goes into the timeline text (255 characters)


@transaction.atomic
def rond_af(
    *, actor, statushouder, eindreden: str, datum: date, toelichting: str = "", nieuwe_gemeente=None
) -> Statushouder:
    """Close the case on `datum`. For `verhuisd`, `datum` is the move date and `nieuwe_gemeente` the gemeente
    that continues the traject in a new, linked case (cases.services.verhuizing)."""
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
    toelichting = (toelichting or "").strip()
    if eindreden in TOELICHTING_NODIG and not toelichting:
        raise ValidationError({"toelichting": f"Licht de reden '{Eindreden(eindreden).label}' toe."})
    if len(toelichting) > TOELICHTING_MAX:
        raise ValidationError({"toelichting": f"Gebruik ten hoogste {TOELICHTING_MAX} tekens."})
    if eindreden == Eindreden.VOLDAAN:
        ontbrekend = routekaart.voortgang(statushouder, datum).ontbrekend
        if ontbrekend:
            raise TransitionError(
                f"De inburgeringsplicht is op {datum:%d-%m-%Y} nog niet voldaan. Ontbreekt nog: "
                + ", ".join(ontbrekend)
                + "."
            )
    omschrijving = f"Afgerond: {Eindreden(eindreden).label}"
    if eindreden == Eindreden.VERHUISD:
        from .verhuizing import draag_over

        draag_over(actor=actor, statushouder=statushouder, nieuwe_gemeente=nieuwe_gemeente, datum=datum)
        omschrijving = f"Afgerond: verhuisd naar {nieuwe_gemeente}; dossier overgedragen"
    if toelichting:
        omschrijving = f"{omschrijving} — {toelichting}"
    return transition(
        actor,
        statushouder,
        Status.AFGEROND,
        datum,
        omschrijving,
        eindreden=eindreden,
        einddatum=datum,
        status_voor_opschorting="",
        opschort_reden="",
    )
