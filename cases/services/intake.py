"""The brede intake: starting it, saving its fields and leefgebied scores (with the route advice of the
leerbaarheidstoets), and finishing it, which drafts the first PIP version."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import BredeIntake, Pip, PipVersie, TijdlijnGebeurtenis
from ..permissions import require_change
from ..workflow import Status, TransitionError, check_stap
from .common import locked, not_in_future, timeline, today, transition


@transaction.atomic
def start_intake(*, actor, statushouder, datum: date) -> BredeIntake:
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    not_in_future(datum, "datum")
    check_stap(statushouder.status, Status.INTAKE)
    if datum < statushouder.verblijfsvergunning_datum:
        raise ValidationError({"datum": "De intake kan niet starten vóór de verblijfsvergunning."})
    transition(actor, statushouder, Status.INTAKE, datum, "Brede intake gestart", intake_start_datum=datum)
    intake = BredeIntake.objects.create(statushouder=statushouder, startdatum=datum)
    log_event(actor, Handeling.CREATE, intake, statushouder=statushouder)
    return intake


@transaction.atomic
def rond_intake_af(*, actor, statushouder, datum: date) -> PipVersie:
    """Intake done: the PIP is drafted (state `pip_concept`) with the chosen route as its leerroute."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    not_in_future(datum, "datum")
    intake = getattr(statushouder, "intake", None)
    if intake is None:
        raise TransitionError("Er is geen brede intake om af te ronden.")
    check_stap(statushouder.status, Status.PIP_CONCEPT)
    if not intake.leerbaarheidstoets_uitkomst:
        raise TransitionError("Vul eerst de uitkomst van de leerbaarheidstoets in (of de reden van vrijstelling).")
    if intake.gekozen_route_id is None:
        raise TransitionError("Kies eerst een leerroute.")
    if datum < intake.startdatum:
        raise ValidationError({"datum": "De intake kan niet eindigen vóór zij begon."})
    transition(actor, statushouder, Status.PIP_CONCEPT, datum, "Brede intake afgerond; PIP in voorbereiding")
    intake.afgerond_op = datum
    intake.save(update_fields=["afgerond_op"])
    pip, _ = Pip.objects.get_or_create(statushouder=statushouder, gemeente=statushouder.gemeente)
    versie = PipVersie.objects.create(
        pip=pip,
        versie=1,
        wijzigingsreden=PipVersie.Wijzigingsreden.EERSTE_PLAN,
        leerroute=intake.gekozen_route,
        taalniveau_doel=intake.gekozen_route.taalniveau_doel,
        componenten=_componenten_voor(intake.gekozen_route),
    )
    log_event(actor, Handeling.CREATE, versie, statushouder=statushouder)
    return versie


def _componenten_voor(leerroute) -> list[str]:
    if leerroute.map_verplicht:
        return ["taal", "knm", "map", "pvt"]
    return ["taal", "knm", "pvt"]


INTAKE_VELDEN = {
    "leerbaarheidstoets_datum", "leerbaarheidstoets_uitkomst", "leerbaarheidstoets_vrijstelling_reden",
    "gekozen_route", "afwijking_motivering", "opleiding_werkervaring", "gezondheid", "vve_informatie_gegeven",
    "individueel_gesprek_aangeboden",
}  # fmt: skip
ROUTE_ADVIES = {
    BredeIntake.Uitkomst.HOOG: "b1",
    BredeIntake.Uitkomst.GEMIDDELD: "b1",
    BredeIntake.Uitkomst.LAAG: "z",
}


def route_advies_voor(uitkomst: str):
    """DOMAIN.md: hoog/gemiddeld → B1-route, laag → Z-route, vrijgesteld (or no outcome yet) → no advice."""
    from leerroutes.models import Leerroute

    code = ROUTE_ADVIES.get(uitkomst)
    return Leerroute.objects.get(code=code) if code else None


@transaction.atomic
def werk_intake_bij(*, actor, statushouder, velden: dict, scores: dict) -> BredeIntake:
    """Save the brede intake: the fields of `velden` (INTAKE_VELDEN) and the leefgebied scores
    (`{leefgebied: (score 1–5 or None, toelichting)}`; None removes a score). The route advice follows
    from the toets outcome; a chosen route other than the advice needs written reasons."""
    from ..models import Leefgebied, LeefgebiedScore

    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    onbekend = set(velden) - INTAKE_VELDEN
    if onbekend:
        raise TypeError(f"onbekende velden: {sorted(onbekend)}")
    intake = BredeIntake.objects.select_for_update().filter(statushouder=statushouder).first()
    if intake is None or statushouder.status != Status.INTAKE:
        raise TransitionError("De brede intake kan alleen worden bewerkt zolang het dossier in de intake is.")
    velden = dict(velden)
    gewijzigd = [*velden, "route_advies", *(["scores"] if scores else [])]
    voor = _stand(intake, statushouder)
    fouten: dict[str, list[str]] = {}
    toetsdatum = velden.pop("leerbaarheidstoets_datum", statushouder.leerbaarheidstoets_datum)
    if toetsdatum is not None and toetsdatum > today():
        fouten.setdefault("leerbaarheidstoets_datum", []).append("Deze datum ligt in de toekomst.")
    for veld, waarde in velden.items():
        setattr(intake, veld, waarde)
    intake.route_advies = route_advies_voor(intake.leerbaarheidstoets_uitkomst)
    if intake.gekozen_route_id is None and intake.route_advies is not None:
        intake.gekozen_route = intake.route_advies  # the chosen route defaults to the advice
    if intake.leerbaarheidstoets_uitkomst == BredeIntake.Uitkomst.VRIJGESTELD:
        if not intake.leerbaarheidstoets_vrijstelling_reden.strip():
            fouten.setdefault("leerbaarheidstoets_vrijstelling_reden", []).append("Geef de reden van vrijstelling.")
    else:
        intake.leerbaarheidstoets_vrijstelling_reden = ""
    if (
        intake.gekozen_route_id is not None
        and intake.route_advies is not None
        and intake.gekozen_route_id != intake.route_advies.pk
        and not intake.afwijking_motivering.strip()
    ):
        fouten.setdefault("afwijking_motivering", []).append("Licht toe waarom u afwijkt van het advies.")
    geldig = set(Leefgebied.values)
    for leefgebied, (score, _toelichting) in scores.items():
        if leefgebied not in geldig:
            raise ValidationError({"scores": f"Onbekend leefgebied: {leefgebied}."})
        if score is not None and not 1 <= int(score) <= 5:
            fouten.setdefault(f"score_{leefgebied}", []).append("Kies een score van 1 tot en met 5.")
    if fouten:
        raise ValidationError(fouten)
    intake.full_clean(exclude=["statushouder"])
    intake.save()
    nieuw = [
        LeefgebiedScore(intake=intake, leefgebied=lg, score=int(score), toelichting=toelichting or "")
        for lg, (score, toelichting) in scores.items()
        if score is not None
    ]
    if nieuw:
        LeefgebiedScore.objects.bulk_create(
            nieuw, update_conflicts=True, unique_fields=["intake", "leefgebied"], update_fields=["score", "toelichting"]
        )
    leeg = [lg for lg, (score, _t) in scores.items() if score is None]
    if leeg:
        LeefgebiedScore.objects.filter(intake=intake, leefgebied__in=leeg).delete()
    if toetsdatum != statushouder.leerbaarheidstoets_datum:
        statushouder.leerbaarheidstoets_datum = toetsdatum
        statushouder.save(update_fields=["leerbaarheidstoets_datum", "gewijzigd_op"])
    if _stand(intake, statushouder) != voor:
        _tijdlijn_bijgewerkt(statushouder, actor)
    log_event(actor, Handeling.UPDATE, intake, statushouder=statushouder, velden=gewijzigd)
    return intake


def _stand(intake: BredeIntake, statushouder) -> tuple:
    """What a save of the intake can change: its fields, the scores with their notes and the toets date."""
    from ..models import LeefgebiedScore

    velden = tuple(
        getattr(intake, intake._meta.get_field(veld).attname)
        for veld in sorted(INTAKE_VELDEN - {"leerbaarheidstoets_datum"} | {"route_advies"})
    )
    scores = frozenset(LeefgebiedScore.objects.filter(intake=intake).values_list("leefgebied", "score", "toelichting"))
    return velden, scores, statushouder.leerbaarheidstoets_datum


def _tijdlijn_bijgewerkt(statushouder, actor) -> None:
    """One entry 'Brede intake bijgewerkt' per person per day: the intake is filled in over a conversation and
    saved now and then, and "Intake afronden" saves it first too. A save that changes nothing writes none (the
    caller checks), and a further save by the same person on the same day, with nothing else on the timeline in
    between, is part of the entry already there."""
    laatste = (
        TijdlijnGebeurtenis.objects.filter(statushouder=statushouder)
        .order_by("-datum", "-tijdstip", "-pk")
        .values("soort", "datum", "actor_id")
        .first()
    )
    if laatste != {"soort": "intake:bijgewerkt", "datum": today(), "actor_id": getattr(actor, "pk", None)}:
        timeline(statushouder, "intake:bijgewerkt", "Brede intake bijgewerkt", today(), actor)
