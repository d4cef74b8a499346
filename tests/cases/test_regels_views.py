"""The legal rules where the consultant works: the PIP page (advice and written reasons, taalniveau, schakelen
period, vaststelling of a suspended case), the case page (a longer PIP deadline, the schakelen period)."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import services
from cases.models import BredeIntake, Doel, PipVersie, Statushouder
from leerroutes.models import Leerroute

D = dt.date
# The clock is frozen on TODAY (tests/conftest.py): the pages check contracts and deadlines on today.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]


def url(name, sh, *args):
    return reverse(f"cases:{name}", args=[sh.uuid, *args])


@pytest.fixture
def ingelogd(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def concept(registreer, consultant, achterhoek):
    """pip_concept with a complete B1 plan; the leerbaarheidstoets advised the B1-route."""
    sh = registreer()
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    b1 = Leerroute.objects.get(code="b1")
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="hoog", route_advies=b1, gekozen_route=b1
    )
    versie = services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 20))
    versie.taalaanbieder = achterhoek.aanbieders["TopTaal"]
    versie.save()
    Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Taalniveau B1 halen")
    return Statushouder.objects.get(pk=sh.pk)


def plan(achterhoek, route="b1", **extra):
    return {
        "leerroute": Leerroute.objects.get(code=route).pk,
        "taalaanbieder": achterhoek.aanbieders["TopTaal"].pk,
        "componenten": ["taal", "knm", "map", "pvt"],
        "taalniveau_doel": "B1",
        "afwijking_motivering": "",
        **extra,
    }


def test_pip_page_shows_the_advice_and_asks_reasons_for_another_route(ingelogd, concept, achterhoek):
    html = ingelogd.get(url("pip", concept)).content.decode()
    assert "Advies van de leerbaarheidstoets: B1-route." in html and 'name="afwijking_motivering"' in html
    r = ingelogd.post(url("pip_plan", concept), plan(achterhoek, route="z", taalniveau_doel=""))
    assert r.status_code == 200
    assert (
        "De Z-route wijkt af van het advies van de leerbaarheidstoets (B1-route): licht schriftelijk toe waarom."
        in (r.content.decode())
    )
    assert PipVersie.objects.get().leerroute.code == "b1"
    r = ingelogd.post(
        url("pip_plan", concept), plan(achterhoek, route="z", taalniveau_doel="", afwijking_motivering="Analfabeet.")
    )
    assert r.status_code == 302
    intake = BredeIntake.objects.get(statushouder=concept)
    assert (intake.gekozen_route.code, intake.afwijking_motivering) == ("z", "Analfabeet.")
    assert PipVersie.objects.get().leerroute.code == "z"


def test_pip_page_refuses_a2_in_the_first_plan_with_a_dutch_error(ingelogd, concept, achterhoek):
    r = ingelogd.post(url("pip_plan", concept), plan(achterhoek, taalniveau_doel="A2"))
    assert r.status_code == 200
    assert "Niveau A2 kan niet in het eerste PIP" in r.content.decode()
    assert PipVersie.objects.get().taalniveau_doel == "B1"


def test_vaststellen_on_a_suspended_case_is_refused_in_dutch_and_writes_nothing(ingelogd, concept, consultant):
    services.schort_op(actor=consultant, statushouder=concept, reden="ziekenhuisopname", datum=D(2023, 3, 1))
    r = ingelogd.post(url("pip_vaststellen", concept), {"dagtekening": "2023-03-14", "bevestigd": "ja"})
    assert r.status_code == 200
    assert "hervat eerst het dossier" in r.content.decode()
    sh = Statushouder.objects.get(pk=concept.pk)
    assert (sh.status, sh.pip_dagtekening, sh.termijn_einde) == ("opgeschort", None, None)
    assert PipVersie.objects.get().status == "concept"


def test_vastgesteld_pip_and_case_page_show_the_schakelen_period(ingelogd, registreer, naar_uitvoering):
    sh = registreer()
    naar_uitvoering(sh, dagtekening=D(2023, 3, 14))
    html = ingelogd.get(url("pip", sh)).content.decode()
    assert "Schakelen naar een andere leerroute kan tot en met 14-09-2024" in html
    html = ingelogd.get(url("dossier", sh)).content.decode()
    assert 'id="schakelen-uiterlijk"' in html and "14-09-2024" in html


def test_case_page_extends_the_pip_deadline_with_a_reason(ingelogd, registreer):
    sh = registreer()  # legal deadline 13-02-2023
    html = ingelogd.get(url("dossier", sh)).content.decode()
    assert "PIP-deadline verlengen" in html
    r = ingelogd.post(
        url("pip_deadline_verlengen", sh),
        {"pip_deadline-deadline": "2023-02-13", "pip_deadline-reden": "Wacht op diploma"},
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "De nieuwe deadline moet na de wettelijke deadline (13-02-2023) liggen." in html
    assert Statushouder.objects.get(pk=sh.pk).pip_deadline_afwijking is None
    r = ingelogd.post(
        url("pip_deadline_verlengen", sh),
        {"pip_deadline-deadline": "2099-03-31", "pip_deadline-reden": "Wacht op medische gegevens"},
    )
    assert r.status_code == 302
    html = ingelogd.get(url("dossier", sh)).content.decode()
    assert "31-03-2099" in html and "verlengd: Wacht op medische gegevens" in html


def test_case_page_shows_the_handhaving_ladder_in_short(ingelogd, registreer, consultant):
    from cases.services import handhaving

    sh = registreer()
    html = ingelogd.get(url("dossier", sh)).content.decode()
    assert "Handhaving vastleggen" in html and "laatste stap" not in html
    handhaving.leg_stap_vast(actor=consultant, statushouder=sh, stap="uitnodiging", datum=D(2023, 1, 2))
    html = ingelogd.get(url("dossier", sh)).content.decode()
    assert "Handhaving bij de uitnodiging: laatste stap uitnodiging intake op 02-01-2023." in html
    assert "Volgende stap: herinnering, vanaf 16-01-2023." in html


def test_pip_wijzigen_refuses_afschalen_outside_the_b1_route(ingelogd, registreer, naar_uitvoering):
    sh = registreer()
    naar_uitvoering(sh, route="z")
    html = ingelogd.get(url("pip_wijzigen", sh)).content.decode()
    assert "afschalen naar A2 alleen binnen de B1-route" in html  # the rule next to the choice
    r = ingelogd.post(url("pip_wijzigen", sh), {"reden": "afschalen", "toelichting": ""})
    assert r.status_code == 200
    assert "Afschalen naar A2 kan alleen binnen de B1-route, niet in de Z-route." in r.content.decode()
    assert not PipVersie.objects.filter(pip__statushouder=sh, status="concept").exists()
