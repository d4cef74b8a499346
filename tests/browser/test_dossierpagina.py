"""The case page in a real browser (issue 15 part 6): the six groups as tabs (js/dossier.js; a URL hash naming a
group shows it alone, no hash or a section's hash the whole page), editing the address and seeing it on the page,
axe-core without violations in Dutch and English, and no sideways scroll at 390 px."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login

D = dt.date
GROEPEN = ["overzicht", "plan", "leerroute", "gesprekken", "journaal", "historie"]


def zichtbaar(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-dossiergroep]", "els => els.filter(e => !e.hidden).map(e => e.dataset.dossiergroep)"
    )


def test_tabs_follow_the_hash_and_back_button(page, live_server, consultant, zaak):
    login(page, live_server, consultant, PASSWORD)
    page.goto(f"/dossiers/{zaak.uuid}/")
    expect(page.locator("#overzicht")).to_be_visible()
    assert zichtbaar(page) == GROEPEN, "without a tab chosen the whole page shows"
    nav = page.get_by_role("navigation", name="Onderdelen van het dossier")
    expect(nav.get_by_role("link", name="Alles")).to_have_attribute("aria-current", "true")
    for naam, groep in [("Plan", "plan"), ("Historie", "historie"), ("Leerroute", "leerroute")]:
        nav.get_by_role("link", name=naam, exact=True).click()
        expect(page).to_have_url(re.compile(f"#{groep}$"))
        expect(page.locator(f"[data-dossiergroep='{groep}']")).to_be_visible()
        expect(page.locator("[data-dossiergroep='overzicht']")).to_be_hidden()
        assert zichtbaar(page) == [groep]
        expect(nav.get_by_role("link", name=naam, exact=True)).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("heading", name="Wie zag dit dossier")).to_be_hidden()
    page.go_back()  # the browser's back button goes to the previous tab
    expect(page.locator("[data-dossiergroep='historie']")).to_be_visible()
    expect(page.locator("[data-dossiergroep='leerroute']")).to_be_hidden()
    assert zichtbaar(page) == ["historie"]
    expect(page.get_by_role("heading", name="Wie zag dit dossier")).to_be_visible()
    nav.get_by_role("link", name="Alles").click()
    expect(page.locator("[data-dossiergroep='overzicht']")).to_be_visible()
    assert zichtbaar(page) == GROEPEN
    page.goto(f"/dossiers/{zaak.uuid}/#kop-tijdlijn")  # a link into a section: the whole page, scrolled there
    assert zichtbaar(page) == GROEPEN
    assert page.evaluate("window.scrollY") > 0


def test_without_javascript_every_group_shows(browser, live_server, consultant, zaak):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    login(page, live_server, consultant, PASSWORD)
    page.goto(f"/dossiers/{zaak.uuid}/#historie")
    assert zichtbaar(page) == GROEPEN
    context.close()


def test_edit_the_address_and_see_it(page, live_server, consultant, zaak):
    login(page, live_server, consultant, PASSWORD)
    page.goto(f"/dossiers/{zaak.uuid}/")
    page.get_by_role("link", name="Persoonsgegevens wijzigen").click()
    expect(page.get_by_role("heading", name="Persoonsgegevens wijzigen", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Straat").fill("Markt")
    page.get_by_label("Huisnummer").fill("12a")
    page.get_by_label("Postcode").fill("71O1 BC")
    page.get_by_label("Woonplaats").fill("Winterswijk")
    page.get_by_label("Arabisch").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Vul een Nederlandse postcode in, bijvoorbeeld 7101 AB.")).to_be_visible()
    expect(page.get_by_label("Postcode")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)
    page.get_by_label("Postcode").fill("7101bc")
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(re.compile(r"#persoonsgegevens$"))
    expect(page.locator("#persoon-adres")).to_have_text("Markt 12-A, 7101 BC Winterswijk")
    expect(page.get_by_text("Tigrinya, Arabisch")).to_be_visible()


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_axe_on_every_tab_and_no_sideways_scroll(page, live_server, consultant, zaak, taal):
    login(page, live_server, consultant, PASSWORD)
    if taal == "en":
        page.get_by_role("button", name="English").click()
        assert page.locator("html").get_attribute("lang") == "en"
    for groep in GROEPEN:
        page.goto(f"/dossiers/{zaak.uuid}/#{groep}")
        assert zichtbaar(page) == [groep]
        assert_no_axe_violations(page)
    page.set_viewport_size({"width": 390, "height": 844})
    for groep in ("overzicht", "historie"):
        page.goto(f"/dossiers/{zaak.uuid}/#{groep}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"/dossiers/{zaak.uuid}/persoonsgegevens/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)


def test_registration_shows_no_red_before_input(page, live_server, consultant):
    consultant.set_password(PASSWORD)
    consultant.save()
    login(page, live_server, consultant, PASSWORD)
    page.goto("/dossiers/nieuw/")
    radio = page.get_by_label("man", exact=True)
    normaal = page.get_by_label("Voornamen").evaluate("e => getComputedStyle(e).borderBlockStartColor")
    assert radio.evaluate("e => getComputedStyle(e).borderColor") == normaal
    assert_no_axe_violations(page)
