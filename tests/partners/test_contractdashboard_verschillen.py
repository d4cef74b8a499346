"""Derivable small counts on the contract dashboard (issue 17, item 11): two counts shown side by side where one is
a part of the other give their difference away — "6 passed" beside "8 with a result" says 2 failed. The
secondary-suppression rule of reports.privacy hides the part (and its percentage) when that difference is below 5."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from inburgering.accounts import roles
from leerroutes.models import Leerroute, Onderdeel
from partners.models import Contract, Organisatie
from reports import privacy
from tests.conftest import TODAY
from tests.factories import (
    AanwezigheidFactory,
    ExamenresultaatFactory,
    InschrijvingFactory,
    KeurmerkFactory,
    StatushouderFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]
PIP = dt.date(2025, 3, 1)


@pytest.fixture
def coordinator(make_user, achterhoek):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)


@pytest.fixture
def contract(achterhoek):
    org = Organisatie.objects.create(naam="Taalpunt", type=Organisatie.Type.TAALAANBIEDER)
    KeurmerkFactory(organisatie=org, geldig_tot=TODAY + dt.timedelta(days=400))
    org.arbeidsmarktregios.add(achterhoek.regio)
    return Contract.objects.create(
        organisatie=org,
        leerroute=Leerroute.objects.get(code="b1"),
        arbeidsmarktregio=achterhoek.regio,
        startdatum=dt.date(2025, 1, 1),
        einddatum=dt.date(2027, 12, 31),
        capaciteit=40,
        tarief=Decimal("10000"),
        norm_aanwezigheid=80,
    )


def inschrijven(contract, gemeente, n, *, pip=PIP):
    return [
        InschrijvingFactory(
            statushouder=StatushouderFactory(gemeente=gemeente, status="in_uitvoering", pip_dagtekening=pip),
            organisatie=contract.organisatie,
            leerroute=contract.leerroute,
            contract=contract,
        )
        for _ in range(n)
    ]


def dashboard(client, user, contract):
    client.force_login(user)
    response = client.get(reverse("partners:contract", args=[contract.uuid]))
    assert response.status_code == 200
    return response


def examens(response) -> dict[str, list[str]]:
    return {e["onderdeel"]: [str(e[k]) for k in ("deelnemers", "geslaagd", "percentage")] for e in
            response.context["examens"]}  # fmt: skip


def test_one_or_two_failures_beside_their_base_are_not_derivable(client, coordinator, contract, winterswijk):
    """Lezen: 8 with a result, 6 passed (2 failed) — the pass count and rate are hidden, the base stays. Schrijven:
    6 of 6 passed (0 failed) — hidden too. Spreken: 12 with a result, 7 passed, 5 failed — all shown. KNM: 8 with a
    result, 1 passed — the pass count hides by itself, as before."""
    lezen, schrijven, spreken, knm = (Onderdeel.objects.get(code=c) for c in ("lezen", "schrijven", "spreken", "knm"))
    for i, inschrijving in enumerate(inschrijven(contract, winterswijk, 12)):
        ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=spreken, niveau="B1", behaald=i < 7)
        if i < 8:
            ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=lezen, niveau="B1", behaald=i < 6)
            ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=knm, behaald=i < 1)
        if i < 6:
            ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=schrijven, niveau="B1", behaald=True)
    response = dashboard(client, coordinator, contract)
    assert examens(response) == {
        lezen.naam: ["8", "<5", "<5"],
        schrijven.naam: ["6", "<5", "<5"],
        spreken.naam: ["12", "7", "58%"],
        knm.naam: ["8", "<5", "<5"],
    }
    html = response.content.decode()
    assert "75%" not in html and "100%" not in html


def test_participants_with_lessons_beside_the_enrolments_used(client, coordinator, contract, winterswijk):
    """7 enrolments, 6 with lessons: "6" would say one enrolled person never came, so it is hidden; the hours and
    the attendance rest on 6 people and stay. The median's base (5 with a first lesson after the PIP, 1 of the 6
    had only a participation activity) lies 1 below the 6 and 2 below the 7: hidden as well."""
    inschrijvingen = inschrijven(contract, winterswijk, 7)
    for inschrijving in inschrijvingen[:5]:
        AanwezigheidFactory(inschrijving=inschrijving, datum=PIP + dt.timedelta(days=20), geplande_minuten=60)
    AanwezigheidFactory(
        inschrijving=inschrijvingen[5], datum=PIP + dt.timedelta(days=3), soort="participatie", geplande_minuten=60
    )
    context = dashboard(client, coordinator, contract).context
    assert str(context["gebruikt"]) == "7"
    assert str(context["deelnemers_lessen"]) == "<5"
    assert str(context["uren_aangeboden"]) == "6,0 uur"  # 6 × 60 minutes, on a base of 6 people
    assert str(context["doorloop"]) == "20 dagen"  # a median on 5 people does not give a count away
    assert str(context["doorloop_basis"]) == "<5"


def test_a_difference_of_5_or_more_leaves_both_counts(client, coordinator, contract, winterswijk):
    """12 enrolments, 6 with lessons (all six after the PIP, so the median's base is 6 too — 0 below the 6 it is a
    part of, hidden), and 6 without: both 12 and 6 shown."""
    for inschrijving in inschrijven(contract, winterswijk, 12)[:6]:
        AanwezigheidFactory(inschrijving=inschrijving, datum=PIP + dt.timedelta(days=20))
    context = dashboard(client, coordinator, contract).context
    assert [str(context[k]) for k in ("gebruikt", "deelnemers_lessen", "doorloop_basis")] == ["12", "6", "<5"]


def test_the_rule_in_privacy():
    cellen = privacy.geneste_aantallen
    assert [str(c) for c in cellen([20, 15, 14])] == ["20", "15", "<5"]  # 14 is 1 below the shown 15
    # 17 is 3 below 20: hidden; 14 is compared with the shown 20 only (6 apart): the two hidden remainders of 3
    # people each give away only their sum
    assert [str(c) for c in cellen([20, 17, 14])] == ["20", "<5", "14"]
    assert [str(c) for c in cellen([4, 3])] == ["<5", "<5"]
    assert [str(c) for c in cellen([9, 4])] == ["9", "<5"]
    assert [str(c) for c in privacy.deel_van(6, 8)] == ["8", "<5", "<5"]
    assert [str(c) for c in privacy.deel_van(5, 10)] == ["10", "5", "50%"]
    assert [str(c) for c in privacy.deel_van(0, 3)] == ["<5", "<5", "<5"]
