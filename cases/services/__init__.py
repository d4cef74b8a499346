"""Every write on a case. Each state transition is one function that checks its preconditions, stamps
its date, writes a timeline event and an audit event. Errors are ValidationErrors in Dutch."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Sum
from django.utils import timezone

from duo import meldingen, regels
from inburgering.accounts import roles
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .. import deadlines
from ..models import Actie, BredeIntake, Doel, Pip, PipVersie, Statushouder, TermijnVerlenging
from ..permissions import require_change, require_gemeente
from ..validators import validate_bsn
from ..workflow import OPSCHORTBAAR, Status, TransitionError, check_stap, check_transition
from . import gesprekken
from .common import kopieer_doelen, locked, not_in_future, timeline, today, transition

REGISTRATIE_VELDEN = {
    "bsn", "voornamen", "achternaam", "geboortedatum", "geslacht", "nationaliteit", "talen", "telefoon",
    "email", "straat", "huisnummer", "postcode", "woonplaats",
    "doelgroep", "oude_wet", "overdracht_scenario", "azc", "overdracht_notities",
    "verblijfsvergunning_datum", "koppeling_datum", "kennisgeving_datum", "brp_inschrijving_datum",
    "huisvesting_datum", "bijstand_start_datum",
}  # fmt: skip


@transaction.atomic
def registreer_statushouder(*, actor, gemeente, consultant=None, datum: date | None = None, **data) -> Statushouder:
    """Warme overdracht: a new case in state `aangemeld`. A duplicate BSN in the gemeente is refused."""
    require_gemeente(actor, gemeente)
    onbekend = set(data) - REGISTRATIE_VELDEN
    if onbekend:
        raise TypeError(f"onbekende velden: {sorted(onbekend)}")
    validate_bsn(data.get("bsn", ""))
    if Statushouder.objects.filter(gemeente=gemeente, bsn=data["bsn"]).exists():
        raise ValidationError({"bsn": f"Er bestaat in {gemeente} al een dossier met dit BSN."})
    if consultant is not None and not roles.has_role(consultant, roles.CONSULTANT):
        raise ValidationError({"consultant": "Alleen een consulent kan een dossier toegewezen krijgen."})
    datum = datum or today()
    statushouder = Statushouder(
        gemeente=gemeente, consultant=consultant, status=Status.AANGEMELD, status_sinds=datum, **data
    )
    statushouder.full_clean(exclude=["consultant"])
    try:
        with transaction.atomic():
            statushouder.save()
    except IntegrityError as exc:  # a concurrent registration of the same BSN
        raise ValidationError({"bsn": f"Er bestaat in {gemeente} al een dossier met dit BSN."}) from exc
    timeline(statushouder, "status:aangemeld", "Aangemeld (warme overdracht)", datum, actor)
    log_event(actor, Handeling.CREATE, statushouder)
    return statushouder


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


def concept_versie(statushouder) -> PipVersie | None:
    return (
        PipVersie.objects.filter(pip__statushouder=statushouder, pip__gemeente=statushouder.gemeente, status="concept")
        .select_related("leerroute", "taalaanbieder")
        .first()
    )


def vastgestelde_versie(statushouder) -> PipVersie | None:
    return (
        PipVersie.objects.filter(pip__statushouder=statushouder, status="vastgesteld")
        .select_related("leerroute", "taalaanbieder", "pip")
        .order_by("-dagtekening", "-versie")
        .first()
    )


def vastgestelde_versie_over_verhuizingen(statushouder) -> PipVersie | None:
    """The current vastgestelde versie or, for a case continued after a move without one yet, that of the
    previous gemeente's case: the plan a new version is compared with (a move keeps the route)."""
    while statushouder is not None:
        versie = vastgestelde_versie(statushouder)
        if versie is not None:
            return versie
        statushouder = statushouder.vorig_dossier
    return None


def _check_pip_compleet(versie: PipVersie, dagtekening: date) -> None:
    fouten = []
    if versie.leerroute_id is None:
        fouten.append("Kies een leerroute.")
    if versie.taalaanbieder_id is None:
        fouten.append("Kies een taalaanbieder.")
    elif versie.leerroute_id and versie.leerroute.keurmerk_vereist:
        if not versie.taalaanbieder.keurmerk_geldig_op(dagtekening):
            fouten.append(f"{versie.taalaanbieder} heeft op {dagtekening:%d-%m-%Y} geen geldig Blik op Werk keurmerk.")
    if not versie.doelen.exists():
        fouten.append("Leg ten minste één doel vast.")
    if "pvt" not in versie.componenten:
        fouten.append("Het PIP moet het participatieverklaringstraject (PVT) bevatten.")
    if versie.leerroute_id and versie.leerroute.map_verplicht and "map" not in versie.componenten:
        fouten.append("Het PIP moet de Module Arbeidsmarkt en Participatie (MAP) bevatten.")
    if fouten:
        raise TransitionError(fouten)


def niveau_fout(versie: PipVersie, vorige: PipVersie | None) -> str | None:
    """DUO's conditions on the taalniveau of a PIP (duo-m2m README, "Het aanleveren van een PIP", Niveau):
    A2 not with the onderwijsroute, B1 not with the Z-route, A2 with the B1-route not on the person's first
    PIP (in any gemeente: `vorige` is the vastgestelde versie over moves). Afschalen to A2 exists only within
    the B1-route (DOMAIN.md req. 6), so a Z-route plan has no A2 (nor B1 or higher) either, and A2 comes in
    the B1-route only by the reason 'afschalen' (or is kept from an earlier version)."""
    from leerroutes.models import Leerroute

    route, niveau = versie.leerroute, versie.taalniveau_doel
    if route is None or not niveau:
        return None
    if route.code == Leerroute.Code.ONDERWIJS and niveau in ("A1", "A2"):
        return f"Niveau {niveau} past niet bij de onderwijsroute: die leidt naar B1 of hoger."
    if route.code == Leerroute.Code.Z:
        if niveau == "A2":
            return "Afschalen naar A2 kan alleen binnen de B1-route; bij de Z-route hoort geen niveau A2."
        if niveau != "A1":
            return f"Niveau {niveau} past niet bij de Z-route."
    if route.code == Leerroute.Code.B1 and niveau == "A2":
        if vorige is None:
            return "Niveau A2 kan niet in het eerste PIP: afschalen naar A2 kan pas bij een wijziging van het PIP."
        if versie.wijzigingsreden != PipVersie.Wijzigingsreden.AFSCHALEN and vorige.taalniveau_doel != "A2":
            return "Naar niveau A2 gaat alleen met de wijzigingsreden 'afschalen naar A2'."
    return None


def afwijking_fout(statushouder, versie: PipVersie, motivering: str | None = None) -> str | None:
    """DOMAIN.md req. 4: a leerroute other than the leerbaarheidstoets advice needs written reasons, also when
    the route is changed in the first PIP after the intake. The reasons live with the advice, on the intake
    (`afwijking_motivering`, with the chosen route): `motivering` is the one given with this change, else the
    intake's own counts if the intake chose this route."""
    intake = BredeIntake.objects.filter(statushouder=statushouder).select_related("route_advies").first()
    if (
        intake is None
        or intake.route_advies_id is None
        or versie.leerroute_id is None
        or versie.wijzigingsreden != PipVersie.Wijzigingsreden.EERSTE_PLAN
        or versie.leerroute_id == intake.route_advies_id
    ):
        return None
    if motivering is None:
        motivering = intake.afwijking_motivering if intake.gekozen_route_id == versie.leerroute_id else ""
    if not motivering.strip():
        return (
            f"De {versie.leerroute} wijkt af van het advies van de leerbaarheidstoets ({intake.route_advies}): "
            "licht schriftelijk toe waarom."
        )
    return None


def _check_wijziging(statushouder, versie: PipVersie, vorige: PipVersie, dagtekening: date) -> None:
    """DOMAIN.md req. 5 and 6: schakelen within 1.5 years (except out of the onderwijsroute); a move
    keeps the route; afschalen needs 600 attended lesson hours at a keurmerk provider."""
    reden = versie.wijzigingsreden
    route_gewijzigd = versie.leerroute_id != vorige.leerroute_id
    if reden == PipVersie.Wijzigingsreden.VERHUIZING and route_gewijzigd:
        raise TransitionError("Bij een verhuizing blijft de leerroute gelijk.")
    if route_gewijzigd and reden != PipVersie.Wijzigingsreden.SCHAKELEN:
        raise TransitionError("Een andere leerroute kiezen is schakelen: kies die reden.")
    if reden == PipVersie.Wijzigingsreden.SCHAKELEN:
        if not route_gewijzigd:
            raise TransitionError("Bij schakelen hoort een andere leerroute.")
        uiterlijk = deadlines.schakelen_uiterlijk(statushouder.pip_dagtekening)
        if dagtekening > uiterlijk and vorige.leerroute.code != "onderwijs":
            raise TransitionError(
                f"Schakelen kan alleen in de eerste anderhalf jaar van de termijn (tot en met {uiterlijk:%d-%m-%Y}), "
                "behalve vanuit de onderwijsroute."
            )
    if reden == PipVersie.Wijzigingsreden.AFSCHALEN:
        if versie.leerroute.code != "b1" or vorige.leerroute.code != "b1":
            raise TransitionError("Afschalen naar A2 kan alleen binnen de B1-route.")
        if versie.taalniveau_doel != "A2":
            raise TransitionError("Bij afschalen naar A2 is het taalniveau A2.")
        uren = gevolgde_lesuren_bij_keurmerk(statushouder, dagtekening)
        minimum = deadlines.norm("AFSCHALEN_MIN_UREN")
        if uren < minimum:
            raise TransitionError(
                f"Afschalen naar A2 kan pas na {minimum} gevolgde lesuren bij een aanbieder met keurmerk "
                f"(nu {uren:.0f})."
            )


def gevolgde_lesuren_bij_keurmerk(statushouder, peildatum: date) -> float:
    """The attended lesson hours up to `peildatum` at a provider whose Blik op Werk keurmerk was valid on the date
    of that lesson (a lesson given in a gap of the keurmerk does not count)."""
    from leerroutes.models import Aanwezigheid
    from partners.models import Keurmerk, keurmerk_geldig

    minuten = Aanwezigheid.objects.filter(
        keurmerk_geldig(Keurmerk.Soort.BLIK_OP_WERK, OuterRef("datum"), OuterRef("inschrijving__organisatie")),
        inschrijving__statushouder=statushouder,
        soort=Aanwezigheid.Soort.LES,
        datum__lte=peildatum,
    ).aggregate(m=Sum("aanwezige_minuten"))["m"]
    return (minuten or 0) / 60


@transaction.atomic
def stel_pip_vast(*, actor, statushouder, dagtekening: date) -> PipVersie:
    """Vaststellen: the concept version becomes the beschikking. The first one starts the termijn and
    moves the case to `in_uitvoering`; a later one supersedes the previous version."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    not_in_future(dagtekening, "dagtekening")
    if statushouder.status not in (Status.PIP_CONCEPT, Status.IN_UITVOERING):
        # A suspended case (also one suspended with its PIP in preparation) is resumed first: the vaststelling
        # starts the termijn and moves the case on, which a suspension holds.
        raise TransitionError(
            f"Een PIP kan niet worden vastgesteld zolang het dossier de status '{Status(statushouder.status).label}' "
            + ("heeft: hervat eerst het dossier." if statushouder.status == Status.OPGESCHORT else "heeft.")
        )
    versie = concept_versie(statushouder)
    if versie is None:
        raise TransitionError("Er is geen concept-PIP om vast te stellen.")
    _check_pip_compleet(versie, dagtekening)
    vorige = vastgestelde_versie_over_verhuizingen(statushouder)
    if vorige is not None and dagtekening < vorige.dagtekening:
        raise ValidationError({"dagtekening": "De dagtekening ligt vóór die van de vorige versie."})
    if duo_fouten := regels.pip_fouten(statushouder, dagtekening):
        raise ValidationError({"dagtekening": duo_fouten})
    eerste = statushouder.status == Status.PIP_CONCEPT
    if not eerste and vorige is not None:  # also across gemeenten: after a move the route is kept
        _check_wijziging(statushouder, versie, vorige, dagtekening)
    fouten = [f for f in (niveau_fout(versie, vorige), eerste and afwijking_fout(statushouder, versie)) if f]
    if fouten:
        raise TransitionError(fouten)
    versie.status = PipVersie.VersieStatus.VASTGESTELD
    versie.dagtekening = dagtekening
    versie.vastgesteld_door = actor
    versie.vastgesteld_op = timezone.now()
    versie.save()
    meldingen.meld_pip(statushouder, versie)
    if eerste:
        verlenging = statushouder.verlengingen.aggregate(m=Sum("maanden"))["m"] or 0
        transition(
            actor,
            statushouder,
            Status.IN_UITVOERING,
            dagtekening,
            f"PIP vastgesteld ({versie.leerroute}); inburgeringstermijn gestart",
            pip_dagtekening=dagtekening,
            termijn_einde=deadlines.termijn_einde(dagtekening, verlenging),
        )
        gesprekken.plan_follow_ups(actor=actor, statushouder=statushouder, dagtekening=dagtekening)
    else:
        timeline(
            statushouder,
            "pip:gewijzigd",
            f"PIP versie {versie.versie} vastgesteld ({versie.get_wijzigingsreden_display()})",
            dagtekening,
            actor,
        )
    log_event(actor, Handeling.UPDATE, versie, statushouder=statushouder, velden=["status", "dagtekening"])
    return versie


@transaction.atomic
def nieuwe_pip_versie(*, actor, statushouder, reden: str, toelichting: str = "") -> PipVersie:
    """Start an adjustment of a vastgesteld PIP: a concept copy of the current version with its goals
    and actions, to be edited and then vastgesteld."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    if reden not in PipVersie.Wijzigingsreden.values or reden == PipVersie.Wijzigingsreden.EERSTE_PLAN:
        raise ValidationError({"reden": "Kies de reden van de wijziging."})
    if statushouder.status != Status.IN_UITVOERING:
        raise TransitionError("Alleen een vastgesteld PIP van een lopend traject kan worden gewijzigd.")
    if concept_versie(statushouder) is not None:
        raise TransitionError("Er is al een wijziging in voorbereiding.")
    vorige = vastgestelde_versie(statushouder)
    if reden == PipVersie.Wijzigingsreden.AFSCHALEN and vorige.leerroute.code != "b1":
        raise ValidationError(
            {"reden": f"Afschalen naar A2 kan alleen binnen de B1-route, niet in de {vorige.leerroute}."}
        )
    if reden == PipVersie.Wijzigingsreden.OVERIG and not toelichting.strip():
        raise ValidationError({"toelichting": "Licht de wijziging toe."})
    pip, _ = Pip.objects.get_or_create(statushouder=statushouder, gemeente=statushouder.gemeente)
    nummer = (pip.versies.order_by("-versie").values_list("versie", flat=True).first() or 0) + 1
    versie = PipVersie.objects.create(
        pip=pip,
        versie=nummer,
        wijzigingsreden=reden if nummer > 1 or reden == PipVersie.Wijzigingsreden.VERHUIZING else "eerste_plan",
        wijzigingstoelichting=toelichting,
        leerroute=vorige.leerroute,
        taalaanbieder=vorige.taalaanbieder,
        componenten=vorige.componenten,
        taalniveau_doel="A2" if reden == PipVersie.Wijzigingsreden.AFSCHALEN else vorige.taalniveau_doel,
        duaal=vorige.duaal,
    )
    kopieer_doelen(vorige, versie)
    log_event(actor, Handeling.CREATE, versie, statushouder=statushouder)
    return versie


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


# --- Brede intake (issue 3) ---------------------------------------------------------------------

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
    timeline(statushouder, "intake:bijgewerkt", "Brede intake bijgewerkt", today(), actor)
    log_event(actor, Handeling.UPDATE, intake, statushouder=statushouder, velden=gewijzigd)
    return intake


# --- The PIP editor: edits of the concept version; an action's progress also on a vastgesteld one. ---

PIP_PLAN_VELDEN = {"leerroute", "taalaanbieder", "componenten", "duaal", "taalniveau_doel"}
TAALNIVEAUS = ("A1", "A2", "B1", "B2", "C1")


def _bewerkbaar_concept(statushouder) -> PipVersie:
    versie = concept_versie(statushouder)
    if versie is None:
        raise TransitionError("Er is geen concept-PIP; een vastgesteld PIP wijzigt u met 'PIP wijzigen'.")
    return versie


@transaction.atomic
def werk_pip_concept_bij(*, actor, statushouder, afwijking_motivering: str | None = None, **velden) -> PipVersie:
    """Leerroute, taalaanbieder, componenten, duaal and taalniveau of the concept version. The provider
    must be one `partners.selectors.aanbieders_voor` offers today; MAP is dropped in the onderwijsroute; the
    taalniveau must fit the route (`niveau_fout`). In the first plan a route other than the leerbaarheidstoets
    advice needs `afwijking_motivering` (kept on the intake with the chosen route, see `afwijking_fout`)."""
    from partners.selectors import aanbieders_voor

    require_change(actor, statushouder)
    onbekend = set(velden) - PIP_PLAN_VELDEN
    if onbekend:
        raise TypeError(f"onbekende velden: {sorted(onbekend)}")
    statushouder = locked(statushouder)
    versie = _bewerkbaar_concept(statushouder)
    for veld, waarde in velden.items():
        setattr(versie, veld, waarde)
    fouten = {}
    route = versie.leerroute
    componenten = list(versie.componenten or [])
    if set(componenten) - set(PipVersie.Component.values):
        fouten["componenten"] = "Kies alleen taal, KNM, MAP en PVT."
    if route is not None and not route.map_verplicht:  # DOMAIN.md req. 8: no MAP in the onderwijsroute
        componenten = [c for c in componenten if c != PipVersie.Component.MAP]
    versie.componenten = [c for c in PipVersie.Component.values if c in componenten]
    if versie.taalniveau_doel and versie.taalniveau_doel not in TAALNIVEAUS:
        fouten["taalniveau_doel"] = "Kies een taalniveau (A1 tot en met C1)."
    elif fout := niveau_fout(versie, vastgestelde_versie_over_verhuizingen(statushouder)):
        fouten["taalniveau_doel"] = fout
    if fout := afwijking_fout(statushouder, versie, afwijking_motivering):
        fouten["afwijking_motivering"] = fout
    if versie.taalaanbieder_id is not None:
        if route is None:
            fouten["taalaanbieder"] = "Kies eerst een leerroute."
        elif not aanbieders_voor(route, statushouder.gemeente.arbeidsmarktregio, today()).filter(
            pk=versie.taalaanbieder_id
        ):
            fouten["taalaanbieder"] = (
                f"{versie.taalaanbieder} heeft vandaag geen contract voor de {route} in deze regio"
                + (" of geen geldig Blik op Werk keurmerk." if route.keurmerk_vereist else ".")
            )
    if fouten:
        raise ValidationError(fouten)
    versie.save(update_fields=sorted({*velden, "componenten"}))
    log_event(actor, Handeling.UPDATE, versie, statushouder=statushouder, velden=sorted(velden))
    if versie.wijzigingsreden == PipVersie.Wijzigingsreden.EERSTE_PLAN and versie.leerroute_id is not None:
        _volg_route_in_intake(actor, statushouder, versie.leerroute, afwijking_motivering)
    return versie


def _volg_route_in_intake(actor, statushouder, route, motivering: str | None) -> None:
    """The intake's chosen route (and the written reasons for departing from the advice) follow the first plan."""
    intake = BredeIntake.objects.filter(statushouder=statushouder).first()
    if intake is None:
        return
    gewijzigd = []
    if intake.gekozen_route_id != route.pk:
        intake.gekozen_route = route
        gewijzigd.append("gekozen_route")
    if motivering is not None and motivering.strip() != intake.afwijking_motivering:
        intake.afwijking_motivering = motivering.strip()
        gewijzigd.append("afwijking_motivering")
    if gewijzigd:
        intake.save(update_fields=gewijzigd)
        log_event(actor, Handeling.UPDATE, intake, statushouder=statushouder, velden=gewijzigd)


def _check_doel(leefgebied: str, omschrijving: str) -> str:
    from ..models import Leefgebied

    fouten = {}
    if leefgebied not in Leefgebied.values:
        fouten["leefgebied"] = "Kies een leefgebied."
    omschrijving = (omschrijving or "").strip()
    if not omschrijving:
        fouten["omschrijving"] = "Beschrijf het doel."
    elif len(omschrijving) > 500:
        fouten["omschrijving"] = "Beschrijf het doel in ten hoogste 500 tekens."
    if fouten:
        raise ValidationError(fouten)
    return omschrijving


@transaction.atomic
def voeg_doel_toe(*, actor, statushouder, leefgebied: str, omschrijving: str) -> Doel:
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    versie = _bewerkbaar_concept(statushouder)
    omschrijving = _check_doel(leefgebied, omschrijving)
    laatste = versie.doelen.filter(leefgebied=leefgebied).order_by("-volgorde").values_list("volgorde", flat=True)
    volgorde = (laatste.first() or 0) + 1
    doel = Doel.objects.create(versie=versie, leefgebied=leefgebied, omschrijving=omschrijving, volgorde=volgorde)
    log_event(actor, Handeling.CREATE, doel, statushouder=statushouder)
    return doel


@transaction.atomic
def wijzig_doel(*, actor, statushouder, doel, leefgebied: str, omschrijving: str) -> Doel:
    """`doel` is the goal's uuid; only goals of the concept version (else Doel.DoesNotExist)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    doel = _bewerkbaar_concept(statushouder).doelen.get(uuid=doel)
    doel.omschrijving = _check_doel(leefgebied, omschrijving)
    doel.leefgebied = leefgebied
    doel.save(update_fields=["omschrijving", "leefgebied"])
    log_event(actor, Handeling.UPDATE, doel, statushouder=statushouder, velden=["leefgebied", "omschrijving"])
    return doel


@transaction.atomic
def verwijder_doel(*, actor, statushouder, doel) -> None:
    """Removes a goal of the concept version with its actions."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    doel = _bewerkbaar_concept(statushouder).doelen.get(uuid=doel)
    log_event(actor, Handeling.DELETE, doel, statushouder=statushouder)
    doel.delete()


def _check_actie(statushouder, *, omschrijving, eigenaar, ketenpartner, deadline, status) -> dict:
    from partners.selectors import ketenpartners_voor

    fouten = {}
    omschrijving = (omschrijving or "").strip()
    if not omschrijving:
        fouten["omschrijving"] = "Beschrijf de actie."
    elif len(omschrijving) > 500:
        fouten["omschrijving"] = "Beschrijf de actie in ten hoogste 500 tekens."
    if eigenaar not in Actie.Eigenaar.values:
        fouten["eigenaar"] = "Kies wie de actie uitvoert."
    if eigenaar == Actie.Eigenaar.KETENPARTNER:
        if ketenpartner is None:
            fouten["ketenpartner"] = "Kies de ketenpartner die de actie uitvoert."
        elif not ketenpartners_voor(statushouder.gemeente.arbeidsmarktregio).filter(pk=ketenpartner.pk).exists():
            fouten["ketenpartner"] = "Kies een ketenpartner uit de regio van de gemeente."
    else:
        ketenpartner = None
    if status not in Actie.ActieStatus.values:
        fouten["status"] = "Kies een status."
    if fouten:
        raise ValidationError(fouten)
    return {
        "omschrijving": omschrijving,
        "eigenaar": eigenaar,
        "ketenpartner": ketenpartner,
        "deadline": deadline,
        "status": status,
    }


@transaction.atomic
def voeg_actie_toe(
    *, actor, statushouder, doel, omschrijving: str, eigenaar: str, ketenpartner=None, deadline=None, status="open"
) -> Actie:
    """An action under a goal (uuid) of the concept version; `ketenpartner` an Organisatie of the region."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    doel = _bewerkbaar_concept(statushouder).doelen.get(uuid=doel)
    velden = _check_actie(
        statushouder,
        omschrijving=omschrijving,
        eigenaar=eigenaar,
        ketenpartner=ketenpartner,
        deadline=deadline,
        status=status,
    )
    actie = Actie.objects.create(doel=doel, **velden)
    log_event(actor, Handeling.CREATE, actie, statushouder=statushouder)
    return actie


@transaction.atomic
def wijzig_actie(
    *, actor, statushouder, actie, omschrijving: str, eigenaar: str, ketenpartner=None, deadline=None, status="open"
) -> Actie:
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    versie = _bewerkbaar_concept(statushouder)
    actie = Actie.objects.get(uuid=actie, doel__versie=versie)
    velden = _check_actie(
        statushouder,
        omschrijving=omschrijving,
        eigenaar=eigenaar,
        ketenpartner=ketenpartner,
        deadline=deadline,
        status=status,
    )
    for veld, waarde in velden.items():
        setattr(actie, veld, waarde)
    actie.save(update_fields=list(velden))
    log_event(actor, Handeling.UPDATE, actie, statushouder=statushouder, velden=list(velden))
    return actie


@transaction.atomic
def verwijder_actie(*, actor, statushouder, actie) -> None:
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    versie = _bewerkbaar_concept(statushouder)
    actie = Actie.objects.get(uuid=actie, doel__versie=versie)
    log_event(actor, Handeling.DELETE, actie, statushouder=statushouder)
    actie.delete()


@transaction.atomic
def zet_actie_status(*, actor, statushouder, actie, status: str) -> Actie:
    """The progress of an action of the concept or the current vastgesteld version: the one thing of a
    vastgesteld PIP that may change (the database trigger allows only this column)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    if status not in Actie.ActieStatus.values:
        raise ValidationError({"status": "Kies een status."})
    versies = [v.pk for v in (concept_versie(statushouder), vastgestelde_versie(statushouder)) if v is not None]
    actie = Actie.objects.get(uuid=actie, doel__versie__in=versies)
    actie.status = status
    actie.save(update_fields=["status"])
    log_event(actor, Handeling.UPDATE, actie, statushouder=statushouder, velden=["status"])
    return actie


# Re-exported: the package is the services API of cases (`services.rond_af`, `services.wijs_toe`).
from .afronding import rond_af as rond_af  # noqa: E402
from .toewijzing import wijs_toe as wijs_toe  # noqa: E402
