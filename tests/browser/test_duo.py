"""The DUO exchange in a real browser: a new inburgeringsplichtige DUO announced shows on the consultant's Vandaag; the
consultant creates the case from it (the form prefilled with DUO's data, the names typed in); a melding DUO refused
shows on the case's DUO section with DUO's reason and the signal on Vandaag. axe-core finds no WCAG 2.1 A/AA
violations on Vandaag, the form and the case page, in Dutch and in English; at 390 px nothing is wider than the
screen (the tables scroll inside their wrappers)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from cases.models import Statushouder
from duo.models import Aanmelding
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login
from tests.factories import AanmeldingFactory, MeldingFactory, VoorstelFactory

pytestmark = pytest.mark.usefixtures("vandaag")  # the clock on TODAY: the 10 weeks count from it

FOUTTEKST = "De datum dagtekening mag niet voor de vestiging van de inburgeraar bij de gemeente liggen."
MOBIEL = {"width": 390, "height": 844}


def past_op_scherm(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_from_duos_aanmelding_to_the_case_and_a_refused_melding(page, live_server, consultant, winterswijk):
    consultant.set_password(PASSWORD)
    consultant.save()
    vandaag = dt.date.today()
    aanmelding = AanmeldingFactory(
        gemeente=winterswijk,
        tien_weken_start=vandaag - dt.timedelta(days=21),
        kennisgeving_datum=vandaag - dt.timedelta(days=21),
        plicht_begindatum=vandaag - dt.timedelta(days=35),
    )

    login(page, live_server, consultant, PASSWORD)  # a consultant lands on Vandaag
    blok = page.locator("section[aria-labelledby='kop-duo-aanmeldingen']")
    rij = blok.locator("#duo-aanmeldingen tbody tr")
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text(f"******{aanmelding.bsn[-3:]}")
    expect(rij).to_contain_text("SS139: inburgeringsplichtig, 10 weken lopen sinds")
    expect(rij).to_contain_text("nog 49 dagen")
    assert aanmelding.bsn not in page.content()
    assert_no_axe_violations(page)

    rij.get_by_role("link", name=re.compile("^Dossier aanmaken")).click()
    page.wait_for_load_state()
    expect(page.locator("#duo-aanmelding")).to_contain_text("Aanmelding van DUO voor BSN ******")
    formulier = page.locator("main form")
    expect(formulier.get_by_label("BSN")).to_have_value(aanmelding.bsn)
    expect(formulier.get_by_label("BSN")).to_be_disabled()
    expect(formulier.get_by_label("Datum kennisgeving DUO")).to_have_value(aanmelding.kennisgeving_datum.isoformat())
    assert_no_axe_violations(page)
    formulier.get_by_label("Voornamen").fill("Semhar")
    formulier.get_by_label("Achternaam").fill("Haile")
    formulier.get_by_label("Geboortedatum").fill("1999-02-03")
    formulier.get_by_label("vrouw").check()
    formulier.get_by_label("Nationaliteit", exact=True).select_option("ERI")
    formulier.get_by_role("button", name="Dossier registreren").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Semhar Haile")
    sh = Statushouder.objects.get(achternaam="Haile")
    aanmelding.refresh_from_db()
    assert (aanmelding.status, aanmelding.statushouder) == (Aanmelding.Status.GEREGISTREERD, sh)

    # DUO refuses the PIP melding (as duo.outbox records it): the reason on the case page, the signal on Vandaag.
    melding = MeldingFactory(statushouder=sh, status="geweigerd", http_status=403, fouten=[FOUTTEKST])
    VoorstelFactory(
        statushouder=sh,
        soort="weigering",
        gebeurtenis_id="",
        melding=melding,
        toelichting=f"De melding '{melding.omschrijving}' is niet verwerkt: DUO weigerde haar: {FOUTTEKST}",
    )
    page.goto("/dossiers/vandaag/")
    signaal = page.locator("#werklijst tbody tr[data-signaal='duo_weigering']")
    expect(signaal).to_contain_text("DUO weigerde een melding")
    signaal.locator("[data-signaal-actie='duo_weigering']").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(f"/dossiers/{sh.uuid}/#duo$"))
    geweigerd = page.locator("#duo-meldingen tbody tr[data-status='geweigerd']")
    expect(geweigerd).to_contain_text("geweigerd")
    expect(geweigerd).to_contain_text(FOUTTEKST)
    expect(geweigerd.get_by_role("button", name=re.compile("^Opnieuw melden"))).to_be_visible()
    expect(page.locator("#duo-voorstellen")).to_contain_text("Melding door DUO geweigerd")
    assert_no_axe_violations(page)

    page.set_viewport_size(MOBIEL)
    assert past_op_scherm(page)
    page.goto("/dossiers/vandaag/")
    assert past_op_scherm(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_axe_violations(page)
    page.goto(f"/dossiers/{sh.uuid}/#duo")
    expect(page.locator("#duo-meldingen")).to_contain_text(FOUTTEKST)
    assert past_op_scherm(page)
    assert_no_axe_violations(page)
    page.goto("/duo/verschillen/")
    expect(page.get_by_role("link", name="Haile, Semhar")).to_have_attribute("href", f"/dossiers/{sh.uuid}/#duo")
    assert past_op_scherm(page)
    assert_no_axe_violations(page)
