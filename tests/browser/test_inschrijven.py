"""The enrolment life cycle end to end in a real browser, with the provider's side over HTTP: a consultant enrols a
case from its page at a provider; the provider's system (with its API key) lists the enrolment as aangemeld, accepts
it with the real start date (PATCH /api/v1/inschrijvingen/{uuid}) and sends attendance (POST /api/v1/aanwezigheid);
the case page shows the enrolment actief and the hours. An enrolment at a provider whose keurmerk ended yesterday is
refused with the reason on the form. axe-core checks the case page, the form, and the form with its error."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from leerroutes.models import Leerroute
from partners.models import ApiSleutel, Keurmerk
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login
from tests.factories import PipFactory, PipVersieFactory, StatushouderFactory

# The clock is frozen on TODAY (tests/conftest.py): contracts and keurmerken are built around TODAY.
pytestmark = pytest.mark.usefixtures("vandaag")


@pytest.fixture
def zaak(consultant, winterswijk, achterhoek):
    """A B1 case of the consultant whose PIP (at TopTaal) was vastgesteld two months ago, not yet enrolled."""
    consultant.set_password(PASSWORD)
    consultant.save()
    dagtekening = dt.date.today() - dt.timedelta(days=60)
    sh = StatushouderFactory(
        gemeente=winterswijk,
        consultant=consultant,
        status="in_uitvoering",
        pip_dagtekening=dagtekening,
        voornamen="Semhar",
        achternaam="Tesfamariam",
    )
    PipVersieFactory(
        pip=PipFactory(statushouder=sh),
        leerroute=Leerroute.objects.get(code="b1"),
        taalaanbieder=achterhoek.aanbieders["TopTaal"],
        dagtekening=dagtekening,
    )
    return sh


def test_enrol_accept_over_the_api_and_attendance_arrives(page, live_server, consultant, zaak, achterhoek):
    vandaag = dt.date.today()
    start = vandaag + dt.timedelta(days=7)
    toptaal, interbeek = achterhoek.aanbieders["TopTaal"], achterhoek.aanbieders["Interbeek"]
    # Interbeek's keurmerk ended yesterday.
    Keurmerk.objects.filter(organisatie=interbeek).update(geldig_tot=vandaag - dt.timedelta(days=1))

    login(page, live_server, consultant, PASSWORD)
    page.goto(f"/dossiers/{zaak.uuid}/")
    expect(page.locator('[data-signaal-actie="geen_inschrijving"]')).to_be_visible()
    assert_no_axe_violations(page)

    # The consultant enrols from the case page; the PIP's taalaanbieder is preselected.
    page.locator("#inschrijven-link").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text("aanmelden bij een aanbieder")
    formulier = page.locator("main form")
    expect(formulier.get_by_label("Aanbieder")).to_have_value(str(toptaal.uuid))
    expect(formulier.get_by_label("Lezen")).to_be_checked()
    assert_no_axe_violations(page)
    formulier.get_by_label("Geplande startdatum").fill(start.isoformat())
    formulier.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    rij = page.locator("#inschrijvingen tbody tr", has_text="TopTaal")
    expect(rij).to_have_attribute("data-status", "aangemeld")
    expect(rij).to_contain_text(f"{start:%d-%m-%Y}")
    uuid = rij.get_attribute("data-inschrijving")

    # The provider's system, over HTTP with its API key.
    _sleutel, key = ApiSleutel.objects.create_key(organisatie=toptaal, name="roosterkoppeling")
    api = page.context.request
    headers = {"Authorization": f"Api-Key {key}", "Accept": "application/json"}
    lijst = api.get(f"{live_server.url}/api/v1/inschrijvingen", headers=headers, params={"status": "aangemeld"})
    assert lijst.status == 200, lijst.text()
    [gevonden] = [r for r in lijst.json()["results"] if r["id"] == uuid]
    assert gevonden["status"] == "aangemeld" and gevonden["geplandeStartdatum"] == start.isoformat()

    echte_start = vandaag - dt.timedelta(days=1)
    antwoord = api.patch(
        f"{live_server.url}/api/v1/inschrijvingen/{uuid}",
        headers={**headers, "Content-Type": "application/json"},
        data={"status": "actief", "startdatum": echte_start.isoformat()},
    )
    assert antwoord.status == 200, antwoord.text()
    assert antwoord.json()["status"] == "actief"

    page.reload()
    rij = page.locator("#inschrijvingen tbody tr", has_text="TopTaal")
    expect(rij).to_have_attribute("data-status", "actief")
    expect(rij).to_contain_text(f"{echte_start:%d-%m-%Y}")
    expect(page.locator('[data-signaal-actie="geen_inschrijving"]')).to_have_count(0)

    les = {
        "inschrijving": uuid,
        "lesId": "rooster-2026-001",
        "datum": vandaag.isoformat(),
        "geplandeMinuten": 180,
        "aanwezigeMinuten": 150,
        "status": "aanwezig",
    }
    antwoord = api.post(
        f"{live_server.url}/api/v1/aanwezigheid", headers={**headers, "Content-Type": "application/json"}, data=[les]
    )
    assert antwoord.status in (200, 201), antwoord.text()
    page.reload()
    expect(page.locator("#aanwezigheid-samenvatting")).to_contain_text("2,5 van 3 uur aanwezig")
    assert_no_axe_violations(page)

    # At Interbeek, whose keurmerk ended yesterday: refused, with the reason at the field.
    page.goto(f"/dossiers/{zaak.uuid}/inschrijven/")
    formulier = page.locator("main form")
    formulier.get_by_label("Aanbieder").select_option(str(interbeek.uuid))
    formulier.get_by_label("Geplande startdatum").fill(start.isoformat())
    formulier.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    expect(page.locator("#inschrijving-fouten")).to_be_visible()
    expect(page.locator("#id_organisatie_error")).to_contain_text(
        f"Interbeek heeft op {start:%d-%m-%Y} geen geldig Blik op Werk keurmerk."
    )
    expect(page.locator("main form").get_by_label("Geplande startdatum")).to_have_value(start.isoformat())
    assert_no_axe_violations(page)
    page.goto(f"/dossiers/{zaak.uuid}/")
    expect(page.locator("#inschrijvingen tbody tr")).to_have_count(1)
