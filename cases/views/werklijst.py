"""Vandaag (/dossiers/vandaag/): what needs action now, and the signals section of the case page."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from duo import selectors as duo_selectors

from .. import selectors, signals
from ..forms.caseload import GEEN_CONSULENT
from ..selectors import werklijst
from . import gedeeld
from .gedeeld import casework_role

PER_PAGINA = 25
NIET_TOEGEWEZEN_GETOOND = 10
DUO_AANMELDINGEN_GETOOND = 10


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for the signals section of the case page (templates/cases/dossier/_signalen.html): from the row
    the case page read with the case (`cases.selectors.dossierpagina`), else one query."""
    pagina = getattr(sh, "dossierpagina", None)
    if pagina is not None:
        return {"signaal_meldingen": signals.meldingen_voor(pagina.rij, vandaag)}
    return {"signaal_meldingen": werklijst.meldingen_van_dossier(request.user, sh, vandaag)}


def _vandaag_secties():
    """The modules that add a section to Vandaag: each logs what it shows itself."""
    from agenda import views as agenda
    from taken import views as taken

    return (agenda, taken)


@login_required
def vandaag(request):
    """A consultant sees the signals of the own caseload, a teamleider those of the whole gemeente (with the
    consultant and the unassigned cases); both see the gemeente's new inburgeringsplichtigen from DUO without a
    case (duo.Aanmelding). A constant number of queries, whatever the number of cases."""
    user = request.user
    teamleider, _consultant = casework_role(user)
    dag = gedeeld.vandaag()
    einde_week = dag + timedelta(days=6 - dag.weekday())

    pagina = Paginator(werklijst.meldingen(user, dag, gemeente_breed=teamleider), PER_PAGINA).get_page(
        request.GET.get("page")
    )
    pagina.object_list = werklijst.met_dossiers(pagina.object_list)
    gesprekken = werklijst.geplande_gesprekken(user, dag, einde_week, gemeente_breed=teamleider)
    overdrachten = werklijst.nieuwe_overdrachten(user, dag, gemeente_breed=teamleider)
    niet_toegewezen, aantal_niet_toegewezen = [], 0
    if teamleider:
        niet_toegewezen = werklijst.eerste_niet_toegewezen(user=user, aantal=NIET_TOEGEWEZEN_GETOOND)
        aantal_niet_toegewezen = niet_toegewezen[0].aantal_alle if niet_toegewezen else 0

    aanmeldingen, aantal_aanmeldingen = duo_selectors.aanmeldingen_voor_vandaag(user, dag, DUO_AANMELDINGEN_GETOOND)

    getoond = [m.statushouder for m in pagina.object_list]
    getoond += [g.statushouder for g in gesprekken] + overdrachten + niet_toegewezen
    selectors.log_shown(user, list({sh.pk: sh for sh in getoond}.values()), toelichting="vandaag")
    duo_selectors.log_getoond(user, [r.aanmelding for r in aanmeldingen], toelichting="vandaag")
    secties = {}
    for module in _vandaag_secties():
        secties.update(module.vandaag_sectie(request, dag, teamleider))

    return render(
        request,
        "cases/vandaag.html",
        {
            **secties,
            "teamleider": teamleider,
            "vandaag": dag,
            "pagina": pagina,
            "gesprekken_vandaag": [g for g in gesprekken if g.gepland_op == dag],
            "gesprekken_week": [g for g in gesprekken if g.gepland_op > dag],
            "overdrachten": overdrachten,
            "niet_toegewezen": niet_toegewezen,
            "aantal_niet_toegewezen": aantal_niet_toegewezen,
            "geen_consulent": GEEN_CONSULENT,
            "duo_aanmeldingen": aanmeldingen,
            "duo_aanmeldingen_aantal": aantal_aanmeldingen,
        },
    )


urlpatterns = [path("vandaag/", vandaag, name="vandaag")]
