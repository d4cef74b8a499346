"""The partner directory and the sleutelpersonen pool in a real browser: a consultant searches the directory and
finds a sleutelpersoon by language; a regiocoördinator edits an organisation, imports a file with errors and sees
the pool with the count per language. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from inburgering.accounts import roles
from tests.browser.helpers import assert_no_axe_violations, login

# The clock is frozen on TODAY (tests/conftest.py): the directory shows keurmerken valid today.
pytestmark = pytest.mark.usefixtures("vandaag")

PASSWORD = "geheim-wachtwoord-1"


@pytest.fixture
def met_wachtwoord():
    def zet(user):
        user.set_password(PASSWORD)
        user.save()
        return user

    return zet


def test_consultant_searches_the_directory_and_finds_a_sleutelpersoon_by_language(
    page, live_server, consultant, met_wachtwoord
):
    login(page, live_server, met_wachtwoord(consultant), PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Partners").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1, name="Partnergids")).to_be_visible()
    expect(page.get_by_role("link", name="Organisatie toevoegen")).to_have_count(0)
    assert_no_axe_violations(page)

    page.get_by_role("textbox", name=re.compile("^Zoeken")).fill("graafschap")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    rijen = page.locator("#organisaties tbody tr")
    expect(rijen).to_have_count(1)
    expect(rijen.first).to_contain_text("Graafschap College")
    page.get_by_role("textbox", name=re.compile("^Zoeken")).fill("")
    page.get_by_label("Keurmerk Blik op Werk").select_option(label="geldig")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    expect(rijen).to_have_count(2)
    expect(page.locator("#organisaties")).to_contain_text("geldig tot")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="TopTaal").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1, name="TopTaal")).to_be_visible()
    expect(page.locator("#keurmerk")).to_have_text(re.compile(r"geldig tot \d{2}-\d{2}-\d{4}"))
    expect(page.get_by_role("link", name="Gegevens wijzigen")).to_have_count(0)
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Terug naar de partnergids").click()
    page.get_by_role("link", name="Sleutelpersonen zoeken op taal").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1, name="Sleutelpersonen")).to_be_visible()
    page.get_by_label("Spreekt taal").select_option(label="Tigrinya")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    tabel = page.locator("#sleutelpersonen")
    expect(tabel.locator("tbody tr")).to_have_count(3)
    expect(tabel).to_contain_text("Amanuel Tesfay")
    expect(tabel).not_to_contain_text("Rania Haddad")
    expect(page.get_by_role("heading", name="Actieve sleutelpersonen per taal")).to_have_count(0)
    assert_no_axe_violations(page)


def test_regiocoordinator_edits_imports_and_sees_the_pool(page, live_server, make_user, achterhoek, met_wachtwoord):
    coordinator = met_wachtwoord(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    toptaal = achterhoek.aanbieders["TopTaal"]
    login(page, live_server, coordinator, PASSWORD)

    page.goto(f"/partners/organisaties/{toptaal.uuid}/")
    page.get_by_role("link", name="Gegevens wijzigen").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_label("KvK-nummer").fill("12ab")
    page.get_by_role("button", name="Organisatie opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Een KvK-nummer bestaat uit precies 8 cijfers.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("KvK-nummer").fill("12345678")
    page.get_by_label("Plaats").fill("Doetinchem")
    page.get_by_role("button", name="Organisatie opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("De gegevens van TopTaal zijn opgeslagen.")).to_be_visible()

    page.goto("/partners/")
    page.get_by_role("link", name="Organisaties en contactpersonen importeren (CSV)").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_label("Bestand met organisaties (CSV)").set_input_files(
        files=[{"name": "org.csv", "mimeType": "text/csv", "buffer": b"naam;type\nGoed;werkgever\nFout;bakker\n"}]
    )
    page.get_by_role("button", name="Controleren of importeren").click()
    page.wait_for_load_state()
    fouten = page.locator("#importfouten tbody tr")
    expect(fouten).to_have_count(1)
    expect(fouten.first).to_contain_text("3")
    expect(fouten.first).to_contain_text("Kies een type")
    assert_no_axe_violations(page)

    page.goto("/partners/sleutelpersonen/")
    expect(page.locator("#per-taal")).to_contain_text("Tigrinya")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Sleutelpersoon toevoegen").click()
    page.wait_for_load_state()
    page.get_by_label("Naam", exact=True).fill("Nieuwe Tolk")
    page.get_by_role("button", name="Sleutelpersoon opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Kies ten minste één taal die de sleutelpersoon spreekt.")).to_be_visible()
    assert_no_axe_violations(page)
