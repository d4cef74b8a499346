"""What the case views share: opening a case for reading or writing, putting a service's errors on a form, the
role check of the casework pages, and the context of the case page that other pages re-render with a bound form.
The view modules import from here, never from each other."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import deadlines, selectors
from cases.charts import Staaf, aanwezigheid_staafdiagram, voortgangsbalk
from cases.forms.dossier import AfrondenForm, HervattenForm, OpschortenForm, PipDeadlineForm, StartIntakeForm
from cases.models import BredeIntake, Handhavingsstap, Leefgebied, PipVersie, Statushouder
from cases.services import handhaving
from cases.workflow import OPSCHORTBAAR, Status
from inburgering.accounts import roles
from leerroutes.models import Leerroute

ONDERWIJSROUTE_MAX_LEEFTIJD = 28


# --- opening a case, form errors, the casework role ---------------------------------------------------------


def leeftijd(geboortedatum: date, peildatum: date) -> int:
    return relativedelta(peildatum, geboortedatum).years


def onderwijsroute_hint(intake, statushouder, peildatum: date) -> bool:
    """A young person (under 28) with outcome hoog: suggest the onderwijsroute (the advice stays B1)."""
    return (
        intake is not None
        and intake.leerbaarheidstoets_uitkomst == BredeIntake.Uitkomst.HOOG
        and leeftijd(statushouder.geboortedatum, peildatum) < ONDERWIJSROUTE_MAX_LEEFTIJD
    )


def open_dossier(request, uuid) -> tuple[Statushouder, bool]:
    """(case, may the user change it), from one query; 404 when the user may not view it (other gemeente,
    regiocoördinator, beheerder)."""
    try:
        sh = selectors.get_statushouder_voor_pagina(request.user, uuid)
    except Statushouder.DoesNotExist:
        raise Http404(_("Dossier niet gevonden.")) from None
    return sh, sh.mag_wijzigen


def open_voor_wijzigen(request, uuid, toelichting: str = "") -> Statushouder:
    """The case for a write: 404 without view rights, 403 for a viewer without change rights."""
    try:
        return selectors.get_statushouder(request.user, uuid, action="change", toelichting=toelichting)
    except Statushouder.DoesNotExist:
        if selectors.statushouders_for(request.user).filter(uuid=uuid).exists():
            raise PermissionDenied(_("U mag dit dossier bekijken, maar niet wijzigen.")) from None
        raise Http404(_("Dossier niet gevonden.")) from None


def fouten_naar_form(form, exc: ValidationError, prefix: str = "") -> None:
    """Put a service's ValidationError next to the form's fields (others as form errors)."""
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.message_dict.items():
            form.add_error(veld if veld in form.fields else None, [f"{prefix}{f}" for f in fouten])
    else:
        form.add_error(None, [f"{prefix}{f}" for f in exc.messages])


# --- the case page ------------------------------------------------------------------------------


def _termijn_resterend(einde: date | None, vandaag: date) -> dict | None:
    if einde is None:
        return None
    if einde < vandaag:
        return {"verstreken": True}
    verschil = relativedelta(einde, vandaag)
    return {"verstreken": False, "maanden": verschil.years * 12 + verschil.months, "dagen": verschil.days}


def _intake_scores(intake) -> list[dict]:
    per_leefgebied = {rij["leefgebied"]: rij for rij in intake.score_rijen} if intake else {}
    return [
        {
            "leefgebied": lg.label,
            "score": per_leefgebied.get(lg.value, {}).get("score"),
            "toelichting": per_leefgebied.get(lg.value, {}).get("toelichting", ""),
        }
        for lg in Leefgebied
    ]


def _pip(versies: list[PipVersie], statushouder) -> tuple[PipVersie | None, PipVersie | None]:
    concept = next(
        (
            v
            for v in versies
            if v.status == PipVersie.VersieStatus.CONCEPT and v.pip.gemeente_id == statushouder.gemeente_id
        ),
        None,
    )
    vastgesteld = [v for v in versies if v.status == PipVersie.VersieStatus.VASTGESTELD]
    huidig = max(vastgesteld, key=lambda v: (v.dagtekening, v.versie), default=None)
    return concept, huidig


def _handhaving(sh: Statushouder, laatste=None) -> dict:
    """The intake handhaving ladder in short (DOMAIN.md req. 12): the last step and the next one with its date."""
    volgende = handhaving.volgende_stap(laatste.stap, laatste.verwijtbaar) if laatste else None
    return {
        "laatste": laatste,
        "volgende": Handhavingsstap.Stap(volgende).label if volgende else None,
        "volgende_vanaf": handhaving.volgende_stap_vanaf(laatste.datum) if volgende else None,
        "mogelijk": sh.status == Status.AANGEMELD,
    }


def transitieformulieren(statushouder, gebonden: dict | None = None, gemeente_keuzes=None) -> dict:
    """The transition forms that apply to the case's status, keyed by prefix; `gemeente_keuzes`: the (pk, naam)
    of the afronden form's other gemeenten when they were read already (the case page reads them with the case)."""
    gebonden = gebonden or {}
    status = statushouder.status
    forms = {}
    if status == Status.AANGEMELD:
        forms["start"] = gebonden.get("start") or StartIntakeForm(prefix="start")
    if status in OPSCHORTBAAR:
        forms["opschorten"] = gebonden.get("opschorten") or OpschortenForm(prefix="opschorten")
    if status == Status.OPGESCHORT:
        forms["hervatten"] = gebonden.get("hervatten") or HervattenForm(prefix="hervatten")
    if status != Status.AFGEROND:
        forms["afronden"] = gebonden.get("afronden") or AfrondenForm(
            prefix="afronden", statushouder=statushouder, gemeente_keuzes=gemeente_keuzes
        )
    if status != Status.AFGEROND and statushouder.pip_dagtekening is None:
        forms["pip_deadline"] = gebonden.get("pip_deadline") or PipDeadlineForm(
            prefix="pip_deadline",
            initial={
                "deadline": statushouder.pip_deadline_afwijking,
                "reden": statushouder.pip_deadline_afwijking_reden,
            },
        )
    return forms


# The sections other modules contribute to the case page: each returns its part of the context.
def _secties():
    from agenda import views as agenda
    from documenten import views as documenten
    from duo import views as duo
    from journaal import views as journaal
    from taken import views as taken

    from . import dossier, gesprekken, participatie, persoon, routekaart, team, verwijzingen, werklijst

    return (
        *(team, werklijst, routekaart, gesprekken, participatie, verwijzingen, duo, persoon, dossier),
        *(agenda, journaal, documenten, taken),
    )


def dossier_context(request, sh: Statushouder, mag_wijzigen: bool, gebonden: dict | None = None) -> dict:
    """The case page's context. The case is open (permission checked, READ logged): its own parts come from one
    query by its key (`selectors.dossierpagina`), the other modules' sections add one query each."""
    vandaag = timezone.localdate()
    met_gemeenten = mag_wijzigen and sh.status != Status.AFGEROND and not (gebonden or {}).get("afronden")
    pagina = selectors.dossierpagina(sh, vandaag, met_gemeenten=met_gemeenten)
    sh.dossierpagina = pagina  # for the sections that read from it (the signals: cases.views.werklijst)
    intake = pagina.intake
    concept, huidig = _pip(pagina.pip_versies, sh)
    inschrijvingen = pagina.inschrijvingen
    samenvatting = pagina.aanwezigheid
    weken = pagina.weken
    examens = pagina.examens
    tijdlijn = pagina.tijdlijn

    plan = huidig or concept
    leerroute = plan.leerroute if plan and plan.leerroute_id else (intake.gekozen_route if intake else None)
    zroute = (leerroute is not None and leerroute.code == Leerroute.Code.Z) or any(
        i.leerroute.code == Leerroute.Code.Z for i in inschrijvingen
    )
    grafiek = aanwezigheid_staafdiagram(
        [Staaf(_("wk %(nr)s") % {"nr": w.weeknummer}, w.gepland_uren, w.aanwezig_uren) for w in weken],
        titel=_("Aanwezigheid per week, laatste 12 weken (uren gepland en aanwezig)"),
        id_prefix="aanwezigheid",
    )
    secties = {}
    for module in _secties():
        secties.update(module.dossier_sectie(request, sh, vandaag, mag_wijzigen))
    return {
        **secties,
        "sh": sh,
        "mag_wijzigen": mag_wijzigen,
        "vandaag": vandaag,
        "leeftijd": leeftijd(sh.geboortedatum, vandaag),
        "leerroute": leerroute,
        "pip_deadline": deadlines.pip_deadline(sh) if sh.pip_dagtekening is None else None,
        "pip_deadline_verstreken": sh.pip_dagtekening is None and (deadlines.pip_deadline(sh) or vandaag) < vandaag,
        "schakelen_uiterlijk": deadlines.schakelen_uiterlijk(sh.pip_dagtekening) if sh.pip_dagtekening else None,
        "termijn": _termijn_resterend(sh.termijn_einde, vandaag),
        "tijdlijn": tijdlijn,
        "intake": intake,
        "intake_scores": _intake_scores(intake),
        "handhaving": _handhaving(sh, pagina.handhaving_laatste),
        "onderwijsroute_hint": onderwijsroute_hint(intake, sh, vandaag),
        "pip_concept": concept,
        "pip_huidig": huidig,
        "inschrijvingen": inschrijvingen,
        "aanwezigheid": samenvatting,
        "weken": weken,
        "grafiek": grafiek,
        "examens": examens,
        "voortgangsrapportages": pagina.voortgangsrapportages,
        "zroute": zroute,
        "zroute_les_balk": voortgangsbalk(
            samenvatting.les_uren, samenvatting.zroute_les_norm, titel=_("Lesuren Z-route"), id_prefix="zroute-les"
        ),
        "zroute_participatie_balk": voortgangsbalk(
            samenvatting.participatie_uren,
            samenvatting.zroute_participatie_norm,
            titel=_("Participatie-uren Z-route"),
            id_prefix="zroute-participatie",
        ),
        "transities": transitieformulieren(sh, gebonden, pagina.gemeente_keuzes) if mag_wijzigen else {},
    }


def vandaag() -> date:
    return timezone.localdate()


def casework_role(user) -> tuple[bool, bool]:
    """(teamleider, consultant); 403 for the roles that do not work with cases."""
    teamleider = roles.has_role(user, roles.TEAMLEIDER)
    if not (teamleider or roles.has_role(user, roles.CONSULTANT)):
        raise PermissionDenied(_("Alleen consulenten en teamleiders werken met dossiers."))
    return teamleider, roles.has_role(user, roles.CONSULTANT)
