"""Writes on enrolments. The provider API's bulk writes (attendance, exams, reports) come here too."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.permissions import require_change
from cases.workflow import Status
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .models import Inschrijving


@transaction.atomic
def schrijf_in(*, actor, statushouder, organisatie, leerroute, startdatum: date, contract=None) -> Inschrijving:
    """DOMAIN.md req. 9: B1- and Z-route providers need a valid keurmerk before an enrolment is made."""
    require_change(actor, statushouder)
    if organisatie.type != organisatie.Type.TAALAANBIEDER and leerroute.keurmerk_vereist:
        raise ValidationError({"organisatie": "Kies een taalaanbieder."})
    if leerroute.keurmerk_vereist and not organisatie.keurmerk_geldig_op(startdatum):
        raise ValidationError(
            {"organisatie": f"{organisatie} heeft op {startdatum:%d-%m-%Y} geen geldig Blik op Werk keurmerk."}
        )
    if statushouder.status in (Status.AANGEMELD, Status.AFGEROND):
        raise ValidationError("Inschrijven kan vanaf de intake en zolang het traject loopt.")
    if contract is not None and (
        contract.organisatie_id != organisatie.pk
        or contract.leerroute_id != leerroute.pk
        or not (contract.startdatum <= startdatum <= contract.einddatum)
    ):
        raise ValidationError({"contract": "Dit contract hoort niet bij deze aanbieder, route en datum."})
    inschrijving = Inschrijving.objects.create(
        statushouder=statushouder,
        organisatie=organisatie,
        leerroute=leerroute,
        startdatum=startdatum,
        contract=contract,
    )
    log_event(actor, Handeling.CREATE, inschrijving, statushouder=statushouder)
    return inschrijving
