"""A consultant records a participation and sees the current status on the case page, records ontzorgen, and refers
the statushouder to a sleutelpersoon found by a shared language, then records the outcome. axe-core checks every
page and section of this part on the way (details opened, error states included)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from cases import services
from cases.models import Participatie, Verwijzing
from tests.browser.helpers import assert_no_axe_violations, login

PASSWORD = "geheim-wachtwoord-2"


@pytest.fixture
def dossier(consultant, winterswijk, achterhoek):
    consultant.set_password(PASSWORD)
    consultant.save()
    sh = services.registreer_statushouder(
        actor=consultant,
        gemeente=winterswijk,
        consultant=consultant,
        bsn="999990019",
        voornamen="Yonas",
        achternaam="Tesfamariam",
        geboortedatum=dt.date(2001, 6, 2),
        geslacht="m",
        nationaliteit="ERI",
        talen=["ti"],
        verblijfsvergunning_datum=dt.date(2025, 9, 1),
        kennisgeving_datum=dt.date(2025, 9, 20),
    )
    ggz = achterhoek.ketenpartners["GGNet"]
    Verwijzing.objects.create(
        statushouder=sh, ketenpartner=ggz, reden="Slaapproblemen", datum=dt.date(2026, 1, 5),
        uitkomst="Behandeling afgerond", afgerond_op=dt.date(2026, 4, 1),
    )  # fmt: skip
    return sh


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_participatie_ontzorgen_en_verwijzing_naar_sleutelpersoon(page, live_server, consultant, dossier):
    login(page, live_server, consultant, PASSWORD)
    dossier_url = f"/dossiers/{dossier.uuid}/"
    page.goto(dossier_url)
    sectie = page.locator("section[aria-labelledby='kop-participatie']")
    assert "Er is nog geen participatie vastgelegd." in sectie.inner_text()
    assert_no_axe_violations(page)

    # Record paid work from the case page; a contract with education is refused next to the field.
    sectie.get_by_text("Participatie vastleggen").click()
    formulier = sectie.locator("form")
    formulier.get_by_label("Soort participatie").select_option("onderwijs")
    formulier.get_by_label("Startdatum").fill("2026-03-01")
    formulier.get_by_label("Uren per week").fill("24")
    formulier.get_by_label("Sector").fill("logistiek")
    formulier.get_by_label("Contractvorm").select_option("tijdelijk")
    assert_no_axe_violations(page)  # the open form
    _submit(page, "Vastleggen")
    assert page.get_by_text("Een contractvorm hoort alleen bij betaald werk.").is_visible()
    assert page.get_by_label("Sector").input_value() == "logistiek"
    assert_no_axe_violations(page)  # the form page with its error
    page.get_by_label("Soort participatie").select_option("betaald_werk")
    _submit(page, "Vastleggen")
    expect(page).to_have_url(re.compile(re.escape(f"{dossier_url}#kop-participatie") + "$"))
    assert page.get_by_text("De participatie is vastgelegd.").is_visible()
    status = page.locator("#participatie-status").inner_text()
    assert "Betaald werk, 24 uur per week, logistiek, tijdelijk contract" in status
    assert_no_axe_violations(page)

    # Correct it, and look at the end page and the full history.
    page.get_by_role("link", name="Wijzigen: betaald werk vanaf 01-03-2026").click()
    assert_no_axe_violations(page)
    page.get_by_label("Uren per week").fill("32")
    _submit(page, "Opslaan")
    assert "32 uur per week" in page.locator("#participatie-status").inner_text()
    page.get_by_role("link", name="Beëindigen: betaald werk vanaf 01-03-2026").click()
    assert_no_axe_violations(page)
    page.goto(f"{dossier_url}participatie/")
    assert_no_axe_violations(page)
    assert Participatie.objects.get().uren_per_week == 32

    # Ontzorgen: at least 6 months from the bijstand start.
    page.goto(dossier_url)
    page.get_by_role("link", name="Bijstand en ontzorgen vastleggen").click()
    page.get_by_label("Start van de bijstand").fill("2026-06-01")
    page.get_by_label("Geplande einddatum ontzorgen").fill("2026-10-01")
    _submit(page, "Vastleggen")
    assert page.get_by_text("kies 01-12-2026 of later").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Geplande einddatum ontzorgen").fill("2026-12-31")
    _submit(page, "Vastleggen")
    assert "31-12-2026" in page.locator("#ontzorgen").inner_text()

    # Refer to a sleutelpersoon who speaks Tigrinya; the one in Winterswijk comes first.
    page.get_by_role("link", name="Nieuwe verwijzing").click()
    assert page.get_by_text("De statushouder spreekt: Tigrinya.").is_visible()
    keuzes = page.get_by_role("group", name="Of een sleutelpersoon die een taal van de statushouder spreekt")
    labels = keuzes.get_by_role("radio").evaluate_all("els => els.map(e => e.labels[0].innerText.trim())")
    assert labels[:2] == ["Geen sleutelpersoon", "Amanuel Tesfay (Winterswijk) – spreekt Tigrinya"]
    assert_no_axe_violations(page)
    keuzes.get_by_label("Amanuel Tesfay (Winterswijk) – spreekt Tigrinya").check()
    page.get_by_label("Reden").fill("Wegwijs maken in Winterswijk")
    _submit(page, "Verwijzen")
    assert page.get_by_text("De verwijzing is vastgelegd.").is_visible()
    lopend = page.locator("section[aria-labelledby='kop-verwijzingen'] ul")
    assert "Amanuel Tesfay (sleutelpersoon)" in lopend.inner_text()

    # The outcome, from the case page.
    lopend.locator("summary").click()
    assert_no_axe_violations(page)  # the section with its outcome form open
    lopend.get_by_label("Uitkomst").fill("Twee keer samen naar de gemeente geweest")
    _submit(page, "Uitkomst vastleggen")
    assert page.get_by_text("Geen lopende verwijzingen.").is_visible()
    assert Verwijzing.objects.filter(afgerond_op__isnull=False).count() == 2
    page.goto(f"{dossier_url}verwijzingen/")
    assert_no_axe_violations(page)
