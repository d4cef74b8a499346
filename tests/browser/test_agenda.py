"""The agenda in a real browser: a consultant plans an appointment with an interpreter on a case, sees it on the
case page and in the week view, downloads its .ics and checks the content; axe-core finds no violations on the
pages, in Dutch and in English, and nothing scrolls sideways on a phone."""

import pytest
from icalendar import Calendar

from agenda.models import Afspraak
from tests.browser.helpers import assert_no_axe_violations, login
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.usefixtures("vandaag")  # the clock on 24-11-2026 (a Tuesday)

PASSWORD = "geheim-wachtwoord-1"


@pytest.fixture
def consulent(consultant):
    consultant.first_name, consultant.last_name = "Anne", "Jansen"
    consultant.set_password(PASSWORD)
    consultant.save()
    return consultant


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _geen_zijwaartse_scroll(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    page.set_viewport_size({"width": 1280, "height": 900})


def test_afspraak_met_tolk_plannen_zien_en_downloaden(page, live_server, consulent, winterswijk, tmp_path):
    sh = StatushouderFactory(
        gemeente=winterswijk, consultant=consulent, voornamen="Semhar", achternaam="Tesfay", talen=["ti"]
    )
    login(page, live_server, consulent, PASSWORD)
    page.goto(f"/dossiers/{sh.uuid}/#agenda")  # the case page's tab "Gesprekken en agenda"
    sectie = page.get_by_role("region", name="Afspraken in de agenda")
    assert "Er staan geen afspraken gepland." in sectie.inner_text()
    sectie.get_by_role("link", name="Afspraak plannen").click()
    page.wait_for_url(f"**/agenda/dossiers/{sh.uuid}/nieuw/")
    assert page.get_by_label("Taal van de tolk").input_value() == "ti"  # the person's language proposed
    assert_no_axe_violations(page)
    _geen_zijwaartse_scroll(page)

    page.get_by_label("Soort afspraak").select_option(label="brede intake")
    page.get_by_label("Datum").fill("2026-11-26")
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Eindtijd").fill("09:30")
    page.get_by_label("Tolk nodig").check()
    page.get_by_label("Tolk telefonisch of aanwezig").select_option(label="aanwezig")
    _submit(page, "Afspraak plannen")  # end before start: refused, nothing lost
    assert page.get_by_text("De eindtijd moet na de begintijd liggen.").is_visible()
    assert page.get_by_label("Tolk nodig").is_checked()
    assert_no_axe_violations(page)
    page.get_by_label("Eindtijd").fill("11:30")
    page.get_by_label("Adres, ruimte of videolink").fill("Gemeentehuis, spreekkamer 3")
    _submit(page, "Afspraak plannen")

    page.wait_for_url(f"**/dossiers/{sh.uuid}/#agenda")
    assert page.get_by_text("De afspraak is gepland.").is_visible()
    rij = page.get_by_role("region", name="Afspraken in de agenda").get_by_role("table", name="Komende afspraken")
    tekst = rij.inner_text()
    assert "10:00–11:30" in tekst and "Brede intake" in tekst and "Tigrinya (aanwezig)" in tekst
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        rij.get_by_role("link", name="Agenda-bestand (.ics)").click()
    pad = tmp_path / "afspraak.ics"
    download_info.value.save_as(pad)
    (event,) = Calendar.from_ical(pad.read_bytes()).walk("VEVENT")
    afspraak = Afspraak.objects.get()
    assert str(event["UID"]).startswith(str(afspraak.uuid))
    assert str(event["SUMMARY"]) == "Brede intake — S.T."
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Amsterdam"
    assert event.decoded("DTSTART").hour == 10 and event.decoded("DTEND").minute == 30
    assert str(event["LOCATION"]) == "op kantoor, Gemeentehuis, spreekkamer 3"
    assert "Semhar" not in pad.read_text() and sh.bsn not in pad.read_text()

    page.goto("/agenda/")
    dag = page.get_by_role("region", name="Donderdag 26 november")
    assert "Tesfay, Semhar" in dag.inner_text() and "10:00–11:30" in dag.inner_text()
    assert page.get_by_text("Geen afspraken.").first.is_visible()  # the other days
    assert_no_axe_violations(page)
    _geen_zijwaartse_scroll(page)
    page.get_by_role("link", name="Dagweergave").click()
    page.wait_for_load_state()
    assert "Geen afspraken." in page.get_by_role("main").inner_text()  # today, 24 November, is empty
    page.get_by_role("link", name="Volgende dag").click()
    page.get_by_role("link", name="Volgende dag").click()
    page.wait_for_url("**dag=2026-11-26**")
    assert "Tesfay, Semhar" in page.get_by_role("main").inner_text()

    page.goto("/agenda/feed/")
    _submit(page, "Agendafeed maken")
    feed_url = page.get_by_label("Feedlink").input_value()
    assert "/agenda/feed/" in feed_url
    assert_no_axe_violations(page)

    # English: the same pages, no violations either
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    for adres in ("/agenda/", f"/agenda/dossiers/{sh.uuid}/nieuw/", f"/dossiers/{sh.uuid}/#agenda", "/agenda/feed/"):
        page.goto(adres)
        assert page.locator("html").get_attribute("lang") == "en"
        assert_no_axe_violations(page)
        _geen_zijwaartse_scroll(page)


def test_vandaag_toont_afspraken_van_vandaag(page, live_server, consulent, winterswijk):
    import datetime as dt

    sh = StatushouderFactory(gemeente=winterswijk, consultant=consulent, voornamen="Lina", achternaam="Rahimi")
    Afspraak.objects.create(
        statushouder=sh, consultant=consulent, soort="voortgangsgesprek", datum=dt.date(2026, 11, 24),
        begintijd=dt.time(14, 0), eindtijd=dt.time(15, 0), plaats_soort="video", plaats="https://video.example.nl/1",
    )  # fmt: skip
    login(page, live_server, consulent, PASSWORD)
    page.goto("/dossiers/vandaag/")
    sectie = page.get_by_role("region", name="Afspraken vandaag")
    assert "Rahimi, Lina" in sectie.inner_text() and "14:00–15:00" in sectie.inner_text()
    assert_no_axe_violations(page)
    _geen_zijwaartse_scroll(page)
