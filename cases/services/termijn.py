"""The inburgeringstermijn and the PIP deadline: an extension of the termijn by DUO, and a longer PIP deadline
while third-party information is awaited (DOMAIN.md req. 2)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .. import deadlines
from ..models import Statushouder, TermijnVerlenging
from ..permissions import require_change
from ..workflow import Status, TransitionError
from .common import locked, not_in_future, timeline, today


@transaction.atomic
def registreer_verlenging(*, actor, statushouder, besluitdatum: date, maanden: int, reden: str) -> TermijnVerlenging:
    """A DUO decision extending the termijn; the termijn end is recomputed from all extensions."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    if statushouder.pip_dagtekening is None:
        raise TransitionError("Zonder vastgesteld PIP is er geen termijn om te verlengen.")
    not_in_future(besluitdatum, "besluitdatum")
    verlenging = TermijnVerlenging(statushouder=statushouder, besluitdatum=besluitdatum, maanden=maanden, reden=reden)
    verlenging.full_clean()
    verlenging.save()
    totaal = statushouder.verlengingen.aggregate(m=Sum("maanden"))["m"]
    statushouder.termijn_einde = deadlines.termijn_einde(statushouder.pip_dagtekening, totaal)
    statushouder.save(update_fields=["termijn_einde", "gewijzigd_op"])
    timeline(statushouder, "termijn:verlengd", f"Termijn verlengd met {maanden} maanden", besluitdatum, actor)
    log_event(actor, Handeling.CREATE, verlenging, statushouder=statushouder)
    return verlenging


PIP_DEADLINE_REDEN_MAX = 200  # it goes into the timeline text (255 characters)


@transaction.atomic
def verleng_pip_deadline(*, actor, statushouder, deadline: date, reden: str) -> Statushouder:
    """DOMAIN.md req. 2: the PIP deadline may be longer than 10 weeks when third-party information is awaited.
    Records the later deadline with its reason (the signal `pip_deadline` follows it, through
    deadlines.pip_deadline); only while no PIP is vastgesteld, and only later than the legal deadline."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    if statushouder.pip_dagtekening is not None or statushouder.status == Status.AFGEROND:
        raise TransitionError("De PIP-deadline geldt alleen zolang er geen PIP is vastgesteld.")
    fouten = {}
    reden = (reden or "").strip()
    if not reden:
        fouten["reden"] = "Geef de reden van de langere termijn, bijvoorbeeld welke informatie van derden u afwacht."
    elif len(reden) > PIP_DEADLINE_REDEN_MAX:
        fouten["reden"] = f"Gebruik ten hoogste {PIP_DEADLINE_REDEN_MAX} tekens."
    wettelijk = deadlines.wettelijke_pip_deadline(statushouder)
    if deadline is None:
        fouten["deadline"] = "Kies de nieuwe deadline."
    elif wettelijk is not None and deadline <= wettelijk:
        fouten["deadline"] = f"De nieuwe deadline moet na de wettelijke deadline ({wettelijk:%d-%m-%Y}) liggen."
    elif deadline < today():
        fouten["deadline"] = "De nieuwe deadline ligt in het verleden."
    if fouten:
        raise ValidationError(fouten)
    statushouder.pip_deadline_afwijking = deadline
    statushouder.pip_deadline_afwijking_reden = reden
    statushouder.save(update_fields=["pip_deadline_afwijking", "pip_deadline_afwijking_reden", "gewijzigd_op"])
    timeline(statushouder, "pip:deadline", f"PIP-deadline verlengd tot {deadline:%d-%m-%Y}: {reden}", today(), actor)
    log_event(
        actor,
        Handeling.UPDATE,
        statushouder,
        velden=["pip_deadline_afwijking", "pip_deadline_afwijking_reden"],
    )
    return statushouder
