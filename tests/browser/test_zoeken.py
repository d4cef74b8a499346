"""The search box in the header in a real browser: by the digits the masked BSN shows and by a name typed without
accents, in Dutch and English, at 1280 and 390 px (no sideways scrolling); the term never in the address bar; the
caseload's own search field (htmx) likewise; axe-core finds no WCAG 2.1 A/AA violations."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from inburgering.accounts import roles
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login
from tests.factories import StatushouderFactory

SMAL = {"width": 390, "height": 844}
SCHERMAFDRUKKEN = os.environ.get("ZOEKEN_SCHERMAFDRUKKEN")  # a folder: save screenshots there to look at


def _foto(page, naam: str) -> None:
    if SCHERMAFDRUKKEN:
        Path(SCHERMAFDRUKKEN).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCHERMAFDRUKKEN}/{naam}.png", full_page=True)


def _geen_zijwaarts_scrollen(page) -> None:
    breedte = page.evaluate("() => document.documentElement.scrollWidth")
    assert breedte <= page.viewport_size["width"], f"{page.url}: {breedte}px wide"


@pytest.fixture
def consulent(make_user, winterswijk, aalten):
    user = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Anna", last_name="Jansen")
    user.set_password(PASSWORD)
    user.save()
    dossiers = {
        "ozturk": StatushouderFactory(gemeente=winterswijk, consultant=user, voornamen="Ayşe", achternaam="Öztürk"),
        "warsame": StatushouderFactory(gemeente=winterswijk, consultant=user, voornamen="Hodan", achternaam="Warsame"),
        "lang": StatushouderFactory(
            gemeente=winterswijk,
            consultant=user,
            voornamen="Mohammed Abdirahman Hassan",
            achternaam="Abdulkadir-Tesfamariam",
            status="intake",
            intake_start_datum="2026-06-01",
        ),
    }
    StatushouderFactory(gemeente=aalten, voornamen="Ayse", achternaam="Ozturk")  # another gemeente: never found
    return user, dossiers


def _zoek_in_header(page, term: str) -> None:
    veld = page.locator("#app-zoekterm")
    veld.fill(term)
    veld.press("Enter")
    page.wait_for_load_state()


def _naar_engels(page) -> None:
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("breed", [False, True], ids=["1280px", "390px"])
def test_search_from_the_header(page, live_server, consulent, breed):
    user, dossiers = consulent
    if not breed:
        page.set_viewport_size(SMAL)
    login(page, live_server, user, PASSWORD)
    grootte = "1280" if breed else "390"
    for taal in ("nl", "en"):
        if taal == "en":
            _naar_engels(page)
        expect(page.locator("#app-zoekterm")).to_be_visible()
        _geen_zijwaarts_scrollen(page)
        _foto(page, f"vandaag-{grootte}-{taal}")

        _zoek_in_header(page, "ozturk ayse")  # no accents, other order
        assert page.url.endswith("/dossiers/zoeken/")
        expect(page.get_by_role("rowheader")).to_have_text(["Öztürk, Ayşe"])  # not the one in Aalten
        _geen_zijwaarts_scrollen(page)
        assert_no_axe_violations(page)
        _foto(page, f"zoeken-naam-{grootte}-{taal}")

        bsn = dossiers["warsame"].bsn
        cijfers = dossiers["warsame"].bsn_gemaskeerd.lstrip("*")  # what the list shows: the last digits
        _zoek_in_header(page, cijfers)
        expect(page.get_by_role("rowheader", name="Warsame, Hodan")).to_be_visible()
        expect(page.get_by_role("cell", name=dossiers["warsame"].bsn_gemaskeerd).first).to_be_visible()
        assert bsn not in page.url and cijfers not in page.url
        _geen_zijwaarts_scrollen(page)
        assert_no_axe_violations(page)
        _foto(page, f"zoeken-bsn-{grootte}-{taal}")

        _zoek_in_header(page, "niemand")
        tekst = "Geen dossiers gevonden" if taal == "nl" else "No cases found"
        expect(page.get_by_role("status").filter(has_text=tekst)).to_be_visible()
        assert_no_axe_violations(page)


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_caseload_fits_390px_and_its_search_keeps_the_bsn_out_of_the_url(page, live_server, consulent, taal):
    user, dossiers = consulent
    page.set_viewport_size(SMAL)
    login(page, live_server, user, PASSWORD)
    if taal == "en":
        _naar_engels(page)
    page.goto("/dossiers/")
    page.wait_for_load_state()
    expect(page.get_by_role("rowheader")).to_have_count(3)
    _geen_zijwaarts_scrollen(page)
    assert_no_axe_violations(page)
    _foto(page, f"caseload-390-{taal}")

    bsn = dossiers["ozturk"].bsn
    page.locator("#id_q").fill(bsn)  # htmx posts it as you type; the list's URL gets a token
    expect(page.get_by_role("rowheader")).to_have_count(1)
    expect(page.get_by_role("rowheader")).to_have_text("Öztürk, Ayşe")
    page.wait_for_function("() => location.search.includes('zoek=')")
    assert bsn not in page.url
    page.reload()  # the token still finds the term in the session
    expect(page.get_by_role("rowheader")).to_have_text("Öztürk, Ayşe")
    expect(page.locator("#id_q")).to_have_value(bsn)
    _geen_zijwaarts_scrollen(page)
    _foto(page, f"caseload-390-gezocht-{taal}")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#id_q").fill("warsame")
    expect(page.get_by_role("rowheader")).to_have_text("Warsame, Hodan")
    _foto(page, f"caseload-1280-{taal}")
