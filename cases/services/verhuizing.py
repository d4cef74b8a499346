"""Verhuizing: the warm handover of a case to the gemeente the statushouder moves to (CONTEXT.md's design).

The old case ends (afgerond, verhuisd) in `rond_af`, which calls `draag_over` inside its transaction. The new
gemeente gets a NEW case linked through `vorig_dossier`, so each gemeente keeps its own history. The legal
dates travel along (the inburgeringstermijn continues), the intake is copied, and a vastgesteld plan becomes
a concept version 1 (reason verhuizing) of a new PIP that keeps the route: `stel_pip_vast` compares it with
the previous gemeente's vastgestelde versie."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import BredeIntake, LeefgebiedScore, Pip, PipVersie, Statushouder, TermijnVerlenging
from ..workflow import Status
from .common import kopieer_doelen, timeline

PERSOON_VELDEN = (
    "bsn", "voornamen", "achternaam", "geboortedatum", "geslacht", "nationaliteit", "talen", "telefoon", "email",
    "doelgroep", "oude_wet", "azc",
)  # fmt: skip
# The legal dates: the PIP deadline history and the termijn continue in the new gemeente.
DATUM_VELDEN = (
    "verblijfsvergunning_datum", "koppeling_datum", "kennisgeving_datum", "intake_start_datum",
    "leerbaarheidstoets_datum", "pip_dagtekening", "termijn_einde", "pip_deadline_afwijking",
    "pip_deadline_afwijking_reden",
)  # fmt: skip
INTAKE_VELDEN = (
    "startdatum", "afgerond_op", "leerbaarheidstoets_uitkomst", "leerbaarheidstoets_vrijstelling_reden",
    "route_advies_id", "gekozen_route_id", "afwijking_motivering", "opleiding_werkervaring", "gezondheid",
    "vve_informatie_gegeven", "individueel_gesprek_aangeboden",
)  # fmt: skip


def draag_over(*, actor, statushouder, nieuwe_gemeente, datum: date) -> Statushouder:
    """Create the new case in `nieuwe_gemeente` from the locked old case; call only from `rond_af` (which
    checks the actor's rights on the old case and closes it in the same transaction). Raises a Dutch
    ValidationError before writing anything when the new gemeente is missing, the same, or already has a
    case with this BSN."""
    from .pip import vastgestelde_versie_over_verhuizingen

    if nieuwe_gemeente is None:
        raise ValidationError({"nieuwe_gemeente": "Kies de gemeente waarheen de statushouder verhuist."})
    if nieuwe_gemeente.pk == statushouder.gemeente_id:
        raise ValidationError({"nieuwe_gemeente": "Kies een andere gemeente dan de huidige."})
    bestaat = (
        f"Er bestaat in {nieuwe_gemeente} al een dossier met dit BSN. Er is niets overgedragen; neem contact op "
        "met die gemeente."
    )
    if Statushouder.objects.filter(gemeente=nieuwe_gemeente, bsn=statushouder.bsn).exists():
        raise ValidationError({"nieuwe_gemeente": bestaat})
    plan = vastgestelde_versie_over_verhuizingen(statushouder)
    intake = BredeIntake.objects.filter(statushouder=statushouder).first()
    if plan is not None:
        status = Status.IN_UITVOERING
    elif intake is not None:  # the new gemeente finishes the copied intake
        status = Status.INTAKE
    else:
        status = Status.AANGEMELD
    nieuw = Statushouder(
        gemeente=nieuwe_gemeente,
        vorig_dossier=statushouder,
        status=status,
        status_sinds=datum,
        overdracht_scenario=Statushouder.Scenario.NA_VERHUIZING,
        brp_inschrijving_datum=datum,
        huisvesting_datum=datum,
        **{veld: getattr(statushouder, veld) for veld in PERSOON_VELDEN + DATUM_VELDEN},
    )
    nieuw.full_clean(exclude=["consultant"])
    try:
        with transaction.atomic():
            nieuw.save()
    except IntegrityError as exc:  # a concurrent registration of the same BSN in the new gemeente
        raise ValidationError({"nieuwe_gemeente": bestaat}) from exc
    TermijnVerlenging.objects.bulk_create(
        TermijnVerlenging(statushouder=nieuw, besluitdatum=v.besluitdatum, maanden=v.maanden, reden=v.reden)
        for v in statushouder.verlengingen.all()
    )
    if intake is not None:
        _kopieer_intake(intake, nieuw, heropend=plan is None)
    timeline(
        nieuw,
        "overdracht:verhuizing",
        f"Overgedragen door gemeente {statushouder.gemeente} na verhuizing"
        + (f"; status {nieuw.get_status_display()}" if plan is None else "; nieuw PIP (verhuizing) in voorbereiding"),
        datum,
        actor,
    )
    log_event(actor, Handeling.CREATE, nieuw, toelichting=f"overdracht na verhuizing uit {statushouder.gemeente}")
    if plan is not None:
        versie = _concept_na_verhuizing(plan, nieuw)
        log_event(actor, Handeling.CREATE, versie, statushouder=nieuw)
    overgedragen = f"overgedragen aan {nieuwe_gemeente}"
    log_event(actor, Handeling.UPDATE, statushouder, velden=["vervolgdossier"], toelichting=overgedragen)
    return nieuw


def _kopieer_intake(intake: BredeIntake, nieuw: Statushouder, *, heropend: bool) -> None:
    """The intake with its scores; reopened (no end date) when the new gemeente has to finish it."""
    kopie = BredeIntake.objects.create(statushouder=nieuw, **{veld: getattr(intake, veld) for veld in INTAKE_VELDEN})
    if heropend and kopie.afgerond_op is not None:
        kopie.afgerond_op = None
        kopie.save(update_fields=["afgerond_op"])
    LeefgebiedScore.objects.bulk_create(
        LeefgebiedScore(intake=kopie, leefgebied=s.leefgebied, score=s.score, toelichting=s.toelichting)
        for s in intake.scores.all()
    )


def _concept_na_verhuizing(plan: PipVersie, nieuw: Statushouder) -> PipVersie:
    """Version 1 (reason verhuizing) of the new gemeente's PIP: the route, components, level and duaal of
    the vastgesteld plan and its goals and actions; the new gemeente chooses its own taalaanbieder."""
    pip = Pip.objects.create(statushouder=nieuw, gemeente=nieuw.gemeente)
    versie = PipVersie.objects.create(
        pip=pip,
        versie=1,
        wijzigingsreden=PipVersie.Wijzigingsreden.VERHUIZING,
        wijzigingstoelichting=f"Verhuizing uit {plan.pip.gemeente}",
        leerroute=plan.leerroute,
        componenten=plan.componenten,
        taalniveau_doel=plan.taalniveau_doel,
        duaal=plan.duaal,
    )
    kopieer_doelen(plan, versie)
    return versie
