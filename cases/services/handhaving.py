"""The intake handhaving ladder (DOMAIN.md requirement 12): when a statushouder does not respond to the intake
invitations the gemeente records, in order, uitnodiging, herinnering, schriftelijke waarschuwing, eerste boete,
tweede boete and finally the PIP ambtshalve vastgesteld [nt2.nl], each with its date and the gemeente's
assessment of verwijtbaarheid. Since the 2025 court rulings DUO fines only in exceptional cases: a boete needs a
step judged verwijtbaar, and when the gemeente judges the non-response not verwijtbaar the ladder goes from the
waarschuwing straight to the PIP ambtshalve. The signal `handhaving` (cases.signals) shows the next step once it
is due: HANDHAVING_STAP_WEKEN after the last one."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .. import deadlines
from ..models import Handhavingsstap
from ..permissions import require_change
from ..workflow import Status, TransitionError
from .common import locked, not_in_future, timeline

Stap = Handhavingsstap.Stap
STAPPEN: tuple[str, ...] = tuple(Stap.values)  # the ladder, in order
# The steps about coming to the intake are recorded while the intake has not started; the last one (the PIP set
# ambtshalve) goes with the PIP, so also later in the traject.
STAP_STATUSSEN = {
    **{stap: (Status.AANGEMELD,) for stap in STAPPEN},
    Stap.PIP_AMBTSHALVE: (Status.AANGEMELD, Status.INTAKE, Status.PIP_CONCEPT, Status.IN_UITVOERING),
}
TOELICHTING_MAX = 500


def volgende_stap(laatste: str | None, verwijtbaar: bool | None = None) -> str | None:
    """The step after `laatste` (None: the ladder has not started; None back: it is complete). No boete after
    a step the gemeente judged not verwijtbaar: then the PIP is set ambtshalve."""
    if laatste is None:
        return Stap.UITNODIGING.value
    if laatste == Stap.PIP_AMBTSHALVE:
        return None
    if verwijtbaar is False and STAPPEN.index(laatste) >= STAPPEN.index(Stap.WAARSCHUWING):
        return Stap.PIP_AMBTSHALVE.value
    return STAPPEN[STAPPEN.index(laatste) + 1]


def volgende_stap_vanaf(laatste_datum: date) -> date:
    """When the next step is due: HANDHAVING_STAP_WEKEN (INBURGERING_NORMEN) after the last one."""
    return laatste_datum + timedelta(weeks=deadlines.norm("HANDHAVING_STAP_WEKEN"))


def toegestane_stappen(laatste: Handhavingsstap | None) -> list[str]:
    """The steps that may be recorded next: the next one, and from the waarschuwing on also the PIP
    ambtshalve (the boetes are the exception, not a required step)."""
    if laatste is None:
        return [Stap.UITNODIGING.value]
    volgende = volgende_stap(laatste.stap, laatste.verwijtbaar)
    if volgende is None:
        return []
    if volgende != Stap.PIP_AMBTSHALVE and STAPPEN.index(laatste.stap) >= STAPPEN.index(Stap.WAARSCHUWING):
        return [volgende, Stap.PIP_AMBTSHALVE.value]
    return [volgende]


def laatste_stap(statushouder) -> Handhavingsstap | None:
    return statushouder.handhavingsstappen.order_by("-datum", "-id").first()


@transaction.atomic
def leg_stap_vast(
    *, actor, statushouder, stap: str, datum: date, verwijtbaar: bool | None = None, toelichting: str = ""
) -> Handhavingsstap:
    """Record the next step of the ladder. Refused (Dutch, per field): an unknown or out-of-order step, a date in
    the future or before the previous step, a missing assessment of verwijtbaarheid (every step after the
    uitnodiging) or its toelichting, a boete judged not verwijtbaar, and a step in the wrong case state."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    if stap not in STAPPEN:
        raise ValidationError({"stap": "Kies een stap van de handhaving."})
    not_in_future(datum, "datum")
    if statushouder.status not in STAP_STATUSSEN[stap]:
        if stap == Stap.PIP_AMBTSHALVE:
            raise TransitionError(f"In een dossier met status '{Status(statushouder.status).label}' kan geen "
                                  "handhavingsstap meer worden vastgelegd.")  # fmt: skip
        raise TransitionError(
            "De handhaving bij de uitnodiging voor de intake kan alleen worden vastgelegd zolang de intake niet is "
            "gestart."
        )
    laatste = laatste_stap(statushouder)
    fouten: dict[str, str] = {}
    toegestaan = toegestane_stappen(laatste)
    if stap not in toegestaan:
        if not toegestaan:
            fouten["stap"] = "De handhaving is afgerond: het PIP is ambtshalve vastgesteld."
        elif laatste is not None and statushouder.handhavingsstappen.filter(stap=stap).exists():
            fouten["stap"] = f"De stap '{Stap(stap).label}' is al vastgelegd."
        else:
            fouten["stap"] = (
                "De stappen gaan in volgorde: de volgende stap is "
                + " of ".join(f"'{Stap(s).label}'" for s in toegestaan)
                + "."
            )
    if laatste is not None and datum < laatste.datum:
        fouten["datum"] = f"De datum ligt vóór de vorige stap ({laatste.get_stap_display()}, {laatste.datum:%d-%m-%Y})."
    toelichting = (toelichting or "").strip()
    if stap != Stap.UITNODIGING:
        if verwijtbaar is None:
            fouten["verwijtbaar"] = "Geef aan of de gemeente het niet reageren verwijtbaar vindt."
        elif stap in Handhavingsstap.BOETES and not verwijtbaar:
            fouten["verwijtbaar"] = (
                "Een boete past alleen als het niet reageren verwijtbaar is: sinds de uitspraken van 2025 legt DUO "
                "alleen in uitzonderlijke gevallen een boete op."
            )
        if not toelichting:
            fouten["toelichting"] = "Licht de afweging van de verwijtbaarheid toe."
    if len(toelichting) > TOELICHTING_MAX:
        fouten["toelichting"] = f"Gebruik ten hoogste {TOELICHTING_MAX} tekens."
    if fouten:
        raise ValidationError(fouten)
    handhavingsstap = Handhavingsstap.objects.create(
        statushouder=statushouder,
        stap=stap,
        datum=datum,
        verwijtbaar=verwijtbaar,
        toelichting=toelichting,
        vastgelegd_door=actor,
    )
    oordeel = {True: "verwijtbaar", False: "niet verwijtbaar", None: ""}[verwijtbaar]
    omschrijving = f"Handhaving intake: {Stap(stap).label}" + (f" ({oordeel})" if oordeel else "")
    timeline(statushouder, "handhaving:intake", omschrijving, datum, actor)
    log_event(actor, Handeling.CREATE, handhavingsstap, statushouder=statushouder)
    return handhavingsstap
