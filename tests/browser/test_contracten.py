"""The regiocoördinator in a real browser (JOURNEYS.md journey 5): adds a contract for a new provider — first with
an end date before the start, corrected without retyping the rest — and lands on its dashboard with the keurmerk
signal; axe-core checks the list, the form with its errors and the dashboard."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from partners.models import Contract, Keurmerk, Organisatie
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login


def test_regiocoordinator_adds_a_contract_and_sees_its_dashboard(page, live_server, coordinator, achterhoek):
    vandaag = timezone.localdate()
    taalpunt = Organisatie.objects.create(naam="Taalpunt", type=Organisatie.Type.TAALAANBIEDER)
    Keurmerk.objects.create(
        organisatie=taalpunt, geldig_van=vandaag - dt.timedelta(days=300), geldig_tot=vandaag + dt.timedelta(days=60)
    )
    login(page, live_server, coordinator, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Contracten").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1, name="Contracten met aanbieders")).to_be_visible()
    expect(page.locator("#contracten tbody tr")).to_have_count(len(achterhoek.contracten))
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Contract toevoegen").click()
    page.wait_for_load_state()
    page.get_by_label("Aanbieder").select_option(label="Taalpunt")
    page.get_by_label("Leerroute").select_option(label="B1-route")
    start = vandaag + dt.timedelta(days=7)
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.get_by_label("Einddatum").fill((start - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Capaciteit (trajecten)").fill("25")
    page.get_by_label("Tarief per traject (euro)").fill("9500,00")
    page.get_by_label("Kenmerk").fill("AH-B1-TP")
    page.get_by_role("button", name="Contract opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Het contract is niet opgeslagen.")).to_be_visible()
    expect(page.get_by_text("De einddatum ligt vóór de startdatum.")).to_be_visible()
    expect(page.get_by_label("Kenmerk")).to_have_value("AH-B1-TP")
    assert_no_axe_violations(page)

    page.get_by_label("Einddatum").fill(dt.date(start.year + 2, 12, 31).isoformat())
    page.get_by_role("button", name="Contract opslaan").click()
    page.wait_for_load_state()
    contract = Contract.objects.get(organisatie__naam="Taalpunt")
    assert contract.capaciteit == 25 and contract.kenmerk == "AH-B1-TP"
    expect(page.get_by_text("Het contract met Taalpunt is toegevoegd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Contract Taalpunt, B1-route")).to_be_visible()
    expect(page.locator('[data-signaal="keurmerk_verloopt"]')).to_contain_text("verloopt over 60 dagen")
    expect(page.locator("#keurmerken tbody tr")).to_have_count(1)  # the periods, with their history
    expect(page.locator('[data-cijfer="gebruikt"]')).to_contain_text("<5 van 25")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Terug naar de contracten").click()
    page.wait_for_load_state()
    expect(page.locator("#contracten tbody tr", has_text="Taalpunt")).to_contain_text("toekomstig")
