"""The login page, a consultant's landing page (Vandaag) and the toegankelijkheidsverklaring: no WCAG 2.1
A/AA violations (axe-core) at desktop and tablet width; the language switch shows English."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, TABLET
from tests.browser.helpers import assert_no_axe_violations, login
from tests.factories import StatushouderFactory

PASSWORD = "geheim-wachtwoord-1"
SIZES = pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["1280px", "768px"])


@pytest.fixture
def consultant_met_wachtwoord(consultant, winterswijk):
    consultant.set_password(PASSWORD)
    consultant.save()
    StatushouderFactory(gemeente=winterswijk, consultant=consultant)
    return consultant


@SIZES
def test_login_page(page, viewport):
    page.set_viewport_size(viewport)
    page.goto("/inloggen/")
    assert page.get_by_role("heading", level=1, name="Inloggen").is_visible()
    assert_no_axe_violations(page)


@SIZES
def test_login_page_with_error(page, viewport, consultant):
    page.set_viewport_size(viewport)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(consultant.username)
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("alert").inner_text().strip() == "Gebruikersnaam of wachtwoord is onjuist."
    assert_no_axe_violations(page)


@SIZES
def test_consultant_home(page, live_server, viewport, consultant_met_wachtwoord):
    page.set_viewport_size(viewport)
    login(page, live_server, consultant_met_wachtwoord, PASSWORD)  # a consultant lands on Vandaag
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert nav.get_by_role("link", name="Vandaag").get_attribute("aria-current") == "page"
    assert nav.get_by_role("link", name="Nieuwe aanmelding").is_visible()
    assert "Winterswijk" in page.locator("header").inner_text()
    assert_no_axe_violations(page)


@SIZES
def test_toegankelijkheidsverklaring(page, viewport):
    page.set_viewport_size(viewport)
    page.goto("/")  # anonymous: on to the login page, whose footer links to the statement
    page.get_by_role("link", name="Toegankelijkheidsverklaring").click()
    assert page.get_by_role("heading", level=1, name="Toegankelijkheidsverklaring").is_visible()
    assert_no_axe_violations(page)


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/inloggen/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de hoofdinhoud")
    assert skip.evaluate("el => el === document.activeElement") and skip.is_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))  # the fragment navigation is asynchronous: wait for it


def test_language_switch_to_english(page, live_server, consultant_met_wachtwoord):
    login(page, live_server, consultant_met_wachtwoord, PASSWORD)
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.get_by_role("navigation", name="Main menu")
    assert nav.get_by_role("link", name="My caseload").is_visible()
    assert page.get_by_role("button", name="Log out").is_visible()
    page.get_by_role("link", name="Accessibility statement").click()
    assert page.get_by_role("heading", level=1, name="Accessibility statement").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1, name="Toegankelijkheidsverklaring").is_visible()
