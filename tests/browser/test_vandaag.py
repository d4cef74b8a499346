"""Vandaag in a real browser: a verzuim signal appears once a provider's attendance rows with unexcused absences are
stored, on the worklist and on the case page; the worklist orders the signals by urgency; axe-core finds no WCAG 2.1
A/AA violations on Vandaag (consultant and teamleider) or on a case page with signals."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leerroutes.models import Leerroute
from tests.browser.helpers import assert_no_axe_violations, login
from tests.factories import AanwezigheidFactory, InschrijvingFactory, StatushouderFactory, VoortgangsgesprekFactory

PASSWORD = "geheim-wachtwoord-1"


@pytest.fixture
def vandaag():
    return timezone.localdate()


@pytest.fixture
def klantregisseur(consultant):
    consultant.set_password(PASSWORD)
    consultant.save()
    return consultant


def _uitvoering(gemeente, consultant, vandaag, achterhoek, **velden):
    """A case in uitvoering for ten days, enrolled at TopTaal: no signal yet."""
    dagtekening = vandaag - dt.timedelta(days=10)
    sh = StatushouderFactory(
        gemeente=gemeente,
        consultant=consultant,
        status="in_uitvoering",
        intake_start_datum=dagtekening,
        pip_dagtekening=dagtekening,
        termijn_einde=dagtekening.replace(year=dagtekening.year + 3),
        **velden,
    )
    inschrijving = InschrijvingFactory(
        statushouder=sh,
        organisatie=achterhoek.aanbieders["TopTaal"],
        leerroute=Leerroute.objects.get(code="b1"),
        startdatum=dagtekening,
    )
    return sh, inschrijving


def _werklijst(page) -> list[tuple[str, str]]:
    rijen = page.locator("#werklijst tbody tr")
    return [
        (rijen.nth(i).locator("th").inner_text().strip(), rijen.nth(i).get_attribute("data-signaal"))
        for i in range(rijen.count())
    ]


def test_verzuim_signal_appears_after_attendance_is_stored(
    page, live_server, klantregisseur, winterswijk, achterhoek, vandaag
):
    sh, inschrijving = _uitvoering(
        winterswijk, klantregisseur, vandaag, achterhoek, voornamen="Semhar", achternaam="Haile"
    )
    AanwezigheidFactory(inschrijving=inschrijving, datum=vandaag - dt.timedelta(days=7))

    login(page, live_server, klantregisseur, PASSWORD)
    assert page.get_by_role("heading", level=1, name="Vandaag").is_visible()
    assert page.get_by_text("Geen signalen vandaag.").is_visible()
    assert_no_axe_violations(page)
    page.goto(f"/dossiers/{sh.uuid}/")
    signalen = page.locator("section[aria-labelledby='kop-signalen']")
    assert "Geen signalen." in signalen.inner_text()

    # The provider's upload: three lessons in a row missed without excuse.
    for dagen in (3, 2, 1):
        AanwezigheidFactory(
            inschrijving=inschrijving, datum=vandaag - dt.timedelta(days=dagen), status="ongeoorloofd_afwezig"
        )

    page.goto("/dossiers/vandaag/")
    assert _werklijst(page) == [("Haile, Semhar", "verzuim")]
    rij = page.locator("#werklijst tbody tr").first
    assert "Verzuim" in rij.inner_text()
    assert "3 keer op rij ongeoorloofd afwezig" in rij.inner_text()
    assert "Neem contact op over de afwezigheid" in rij.inner_text()
    assert_no_axe_violations(page)

    rij.get_by_role("link", name="Haile, Semhar").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(f"/dossiers/{sh.uuid}/$"))
    tekst = page.locator("section[aria-labelledby='kop-signalen']").inner_text()
    assert "Verzuim" in tekst and "25% aanwezig in de laatste 4 weken; 3 keer op rij ongeoorloofd afwezig" in tekst
    assert_no_axe_violations(page)


def test_worklist_orders_signals_by_urgency(
    page, live_server, klantregisseur, teamleider, winterswijk, achterhoek, vandaag
):
    dag = dt.timedelta(days=1)
    # info: ontzorgen ends in a week (aangemeld, with a far PIP deadline)
    StatushouderFactory(
        gemeente=winterswijk,
        consultant=klantregisseur,
        achternaam="Ontzorgd",
        voornamen="Lina",
        kennisgeving_datum=vandaag,
        brp_inschrijving_datum=vandaag,
        verblijfsvergunning_datum=vandaag - 100 * dag,
        koppeling_datum=vandaag - 90 * dag,
        huisvesting_datum=vandaag - 10 * dag,
        bijstand_start_datum=vandaag - 100 * dag,
        ontzorgen_einde_datum=vandaag + 7 * dag,
    )
    # waarschuwing: a planned gesprek was not held
    gesprek, _ = _uitvoering(winterswijk, klantregisseur, vandaag, achterhoek, achternaam="Gesprek", voornamen="Yonas")
    VoortgangsgesprekFactory(statushouder=gesprek, gepland_op=vandaag - 2 * dag)
    # urgent, later date: verzuim from yesterday's lesson
    verzuim, inschrijving = _uitvoering(
        winterswijk, klantregisseur, vandaag, achterhoek, achternaam="Verzuim", voornamen="Rania"
    )
    for dagen in (3, 2, 1):
        AanwezigheidFactory(inschrijving=inschrijving, datum=vandaag - dagen * dag, status="ongeoorloofd_afwezig")
    # urgent, earliest date: the PIP deadline passed long ago (the factory's dates)
    StatushouderFactory(gemeente=winterswijk, consultant=klantregisseur, achternaam="Deadline", voornamen="Ahmad")
    # unassigned: only the teamleider sees it
    StatushouderFactory(
        gemeente=winterswijk, consultant=None, achternaam="Nieuw", voornamen="Tesfay", status_sinds=vandaag
    )

    login(page, live_server, klantregisseur, PASSWORD)
    assert _werklijst(page) == [
        ("Deadline, Ahmad", "pip_deadline_verstreken"),
        ("Verzuim, Rania", "verzuim"),
        ("Gesprek, Yonas", "gesprek_te_laat"),
        ("Ontzorgd, Lina", "ontzorgen"),
    ]
    assert "gesprek gepland op" in page.locator("#werklijst").inner_text()
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    teamleider.set_password(PASSWORD)
    teamleider.save()
    login(page, live_server, teamleider, PASSWORD)
    assert page.get_by_role("heading", level=2, name="Signalen in de gemeente").is_visible()
    assert [naam for naam, _code in _werklijst(page)][:1] == ["Deadline, Ahmad"]
    assert ("Nieuw, Tesfay", "pip_deadline_verstreken") in _werklijst(page)
    assert "Nieuw, Tesfay" in page.locator("#niet-toegewezen").inner_text()
    assert_no_axe_violations(page)
