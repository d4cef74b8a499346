"""Journey 2 of JOURNEYS.md in a real browser: a klantregisseur registers a case, does the brede intake,
chooses a route against the advice (refused without reasons), sets the PIP, downloads the beschikking and
switches route, which makes version 2. axe-core checks every page on the way for WCAG 2.1 A/AA."""

import datetime as dt
import subprocess

import pytest

from cases.models import PipVersie, Statushouder
from tests.browser.helpers import assert_no_axe_violations, login

# The clock is frozen on TODAY (tests/conftest.py): the Achterhoek's contracts are built around TODAY.
pytestmark = pytest.mark.usefixtures("vandaag")

PASSWORD = "geheim-wachtwoord-1"
ARABIC_HEADING = "ملخص خطة الاندماج والمشاركة الخاصة بك"


@pytest.fixture
def klantregisseur(consultant):
    consultant.set_password(PASSWORD)
    consultant.save()
    return consultant


def _iso(days_ago: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days_ago)).isoformat()


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_consultant_from_registration_to_a_second_pip_version(page, live_server, klantregisseur, achterhoek, tmp_path):
    checked = []

    def check(label: str) -> None:
        assert_no_axe_violations(page)
        checked.append(label)

    login(page, live_server, klantregisseur, PASSWORD)
    assert page.get_by_role("heading", level=1, name="Vandaag").is_visible()
    check("Vandaag (leeg)")

    # Warme overdracht: a mistyped BSN is refused before anything is saved.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Nieuwe aanmelding").click()
    check("Nieuw dossier registreren")
    page.get_by_label("BSN", exact=True).fill("999990018")
    page.get_by_label("Voornamen").fill("Yonas")
    page.get_by_label("Achternaam").fill("Tesfamariam")
    page.get_by_label("Geboortedatum").fill("2002-04-11")
    page.get_by_label("man", exact=True).check()
    page.get_by_label("Nationaliteit", exact=True).select_option("ERI")
    page.get_by_label("Arabisch", exact=True).check()
    page.get_by_label("Tigrinya", exact=True).check()
    page.get_by_label("Datum verblijfsvergunning").fill(_iso(120))
    page.get_by_label("Datum koppeling aan de gemeente").fill(_iso(106))
    page.get_by_label("Datum kennisgeving DUO").fill(_iso(100))
    page.get_by_label("Datum inschrijving BRP").fill(_iso(30))
    page.get_by_label("Huisvestingsdatum").fill(_iso(30))
    _submit(page, "Dossier registreren")
    assert "elfproef" in page.locator("#id_bsn_error, .utrecht-form-field-error-message").first.inner_text()
    assert not Statushouder.objects.exists()
    check("Nieuw dossier registreren (met fout)")
    page.get_by_label("BSN", exact=True).fill("999990019")
    _submit(page, "Dossier registreren")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Yonas Tesfamariam")
    check("Dossierpagina (aangemeld)")

    # Brede intake: high learnability advises the B1-route; the onderwijsroute needs written reasons.
    _submit(page, "Intake starten")
    page.wait_for_url("**/intake/")
    check("Brede intake")
    page.get_by_label("Datum leerbaarheidstoets").fill(_iso(1))
    page.get_by_label("Uitkomst leerbaarheidstoets").select_option("hoog")
    page.get_by_label("Gekozen leerroute").select_option(label="Onderwijsroute")
    _submit(page, "Intake opslaan")
    assert page.get_by_text("Licht toe waarom u afwijkt van het advies.").first.is_visible()
    assert Statushouder.objects.get().intake.gekozen_route is None
    check("Brede intake (route zonder motivering)")
    page.get_by_label("Motivering afwijking van het advies").fill("24 jaar, wil een mbo-opleiding in de techniek")
    _submit(page, "Intake opslaan")
    _submit(page, "Intake afronden")
    assert Statushouder.objects.get().status == "pip_concept"

    # PIP: provider with a contract for the route in the region, a goal, vaststellen.
    page.get_by_role("link", name="Naar de PIP-editor").click()
    check("PIP-editor (concept)")
    page.get_by_label("Taalaanbieder").select_option(label="Graafschap College")
    _submit(page, "Plan opslaan")
    page.get_by_label("Leefgebied").select_option(label="Opleiding en werkervaring")
    page.get_by_label("Doel", exact=True).fill("Taalschakeltraject bij het ROC")
    _submit(page, "Doel toevoegen")
    page.get_by_text("Taalschakeltraject bij het ROC").first.wait_for()
    _submit(page, "PIP vaststellen")
    _submit(page, "Ja, vaststellen")
    assert page.get_by_text("PIP vastgesteld").first.is_visible()
    assert Statushouder.objects.get().status == "in_uitvoering"
    check("PIP (vastgesteld)")

    # The beschikking: name, route and the Arabic summary (the first of his languages).
    pdf = page.request.get(page.get_by_role("link", name="beschikking", exact=False).first.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "beschikking.pdf").write_bytes(pdf.body())
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "beschikking.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Yonas Tesfamariam" in text and "Onderwijsroute" in text and ARABIC_HEADING in text

    # Schakelen to the B1-route makes version 2.
    page.get_by_role("link", name="PIP wijzigen").click()
    check("PIP wijzigen")
    page.get_by_label("schakelen naar andere leerroute").check()
    page.get_by_label("Toelichting").fill("Past beter bij zijn werk als monteur")
    _submit(page, "Nieuwe versie maken")
    page.get_by_label("Leerroute", exact=True).select_option(label="B1-route")
    page.get_by_label("Taalaanbieder").locator("option", has_text="TopTaal").wait_for(state="attached")
    page.get_by_label("Taalaanbieder").select_option(label="TopTaal")
    page.get_by_label("MAP").check()
    _submit(page, "Plan opslaan")
    _submit(page, "PIP vaststellen")
    _submit(page, "Ja, vaststellen")
    assert page.get_by_text("PIP vastgesteld").first.is_visible()
    versies = PipVersie.objects.filter(pip__statushouder__bsn="999990019").order_by("versie")
    assert [(v.versie, v.leerroute.code, v.status) for v in versies] == [
        (1, "onderwijs", "vastgesteld"),
        (2, "b1", "vastgesteld"),
    ]
    page.goto(page.url.split("/pip/")[0] + "/pip/historie/")
    assert page.get_by_text("Onderwijsroute → B1-route").first.is_visible()
    check("PIP-historie")
    page.goto(page.url.split("/pip/")[0] + "/")
    check("Dossierpagina (in uitvoering)")
    print("axe-core: 0 violations on", checked)
