"""The PIP and its versions: the concept and vastgestelde versie, the checks of a version (complete, taalniveau,
departure from the advice, schakelen and afschalen), vaststellen, a new version of a vastgesteld PIP, and the
plan fields of the concept. Goals and actions: cases.services.pip_doelen."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Sum
from django.utils import timezone

from duo import meldingen, regels
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .. import deadlines
from ..models import BredeIntake, Pip, PipVersie
from ..permissions import require_change
from ..workflow import Status, TransitionError
from . import gesprekken
from .common import kopieer_doelen, locked, not_in_future, timeline, today, transition


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
