"""Documents and letters in a real browser: upload a document on the case page, make a letter (preview, send), see
it kept with its kenmerk and download it; axe-core finds no violations in Dutch and English, and nothing scrolls
sideways on a phone (390 px)."""

import datetime as dt

import pytest

from cases.models import Statushouder
from documenten.models import Document
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login
from tests.cases import conftest as cases_conftest
from tests.documenten import conftest as documenten_conftest

pytestmark = pytest.mark.usefixtures("vandaag")

registreer = cases_conftest.registreer
zaak = documenten_conftest.zaak
afspraak = documenten_conftest.afspraak
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _geen_zijwaartse_scroll(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url
    page.set_viewport_size({"width": 1280, "height": 900})


def test_upload_letter_and_download(page, live_server, consultant, zaak, afspraak, tmp_path):  # noqa: F811
    consultant.set_password(PASSWORD)
    consultant.save()
    login(page, live_server, consultant, PASSWORD)

    # upload: a PNG named .pdf is refused with a Dutch error beside the field; a real PDF is kept
    page.goto(f"/dossiers/{zaak.uuid}/#documenten")
    sectie = page.get_by_role("region", name="Documenten en brieven")
    sectie.locator("summary", has_text="Document uploaden").click()
    (tmp_path / "diploma.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.get_by_label("Bestand").set_input_files(str(tmp_path / "diploma.pdf"))
    page.get_by_label("Soort document").select_option(label="diploma")
    page.get_by_label("Titel").fill("Diploma middelbare school")
    page.get_by_label("Datum van het document").fill("2026-10-01")
    _submit(page, "Uploaden")
    assert page.get_by_text("De naam van het bestand past niet bij de inhoud").is_visible()
    assert page.get_by_label("Titel").input_value() == "Diploma middelbare school"
    assert_no_axe_violations(page)
    (tmp_path / "diploma.pdf").write_bytes(PDF)
    page.get_by_label("Bestand").set_input_files(str(tmp_path / "diploma.pdf"))
    _submit(page, "Uploaden")
    assert page.get_by_text("Het document is opgeslagen.").is_visible()
    assert Document.objects.filter(titel="Diploma middelbare school").exists()

    # a letter: the invitation to the appointment, preview, send
    page.get_by_role("link", name="Brief maken").click()
    page.wait_for_url("**/brief/")
    assert_no_axe_violations(page)
    page.get_by_label("uitnodiging voortgangsgesprek").check()
    page.get_by_label("Afspraak").select_option(index=1)
    _submit(page, "Voorbeeld bekijken")
    voorbeeld = page.locator("#brief-voorbeeld")
    assert "Tijd: 10:00 tot 11:00 uur" in voorbeeld.inner_text()
    assert "Misterweg 12-A" in voorbeeld.inner_text()
    assert_no_axe_violations(page)
    _geen_zijwaartse_scroll(page)
    _submit(page, "Versturen")
    document = Document.objects.get(documenttype="brief_verzonden")
    assert page.get_by_text(f"De brief is verstuurd en bewaard met kenmerk {document.kenmerk}.").is_visible()

    # kept: vastgelegd, with its kenmerk, no delete button; the download is the kept PDF
    rij = page.get_by_role("row").filter(has_text=document.kenmerk)
    assert "vastgelegd" in rij.inner_text()
    assert rij.get_by_role("button").count() == 0
    with page.expect_download() as info:
        rij.get_by_role("link").click()
    pad = info.value.path()
    assert info.value.suggested_filename == f"{document.kenmerk}.pdf"
    assert open(pad, "rb").read()[:5] == b"%PDF-"
    assert Statushouder.objects.get(pk=zaak.pk).tijdlijn.filter(omschrijving__contains=document.kenmerk).exists()
    assert_no_axe_violations(page)
    _geen_zijwaartse_scroll(page)

    # English: the same pages, no violations either
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    for adres in (f"/dossiers/{zaak.uuid}/#documenten", f"/documenten/dossier/{zaak.uuid}/brief/"):
        page.goto(adres)
        assert page.locator("html").get_attribute("lang") == "en"
        assert_no_axe_violations(page)
        _geen_zijwaartse_scroll(page)
    page.get_by_role("radio").nth(2).check()  # herinnering
    page.get_by_role("textbox").last.fill((dt.date(2026, 11, 24) + dt.timedelta(days=14)).isoformat())
    page.locator("button[name=stap]").click()
    page.wait_for_load_state()
    assert page.locator("#brief-voorbeeld").is_visible()
    assert "Herinnering" in page.locator("#brief-voorbeeld").inner_text()  # the letter itself stays Dutch
    assert_no_axe_violations(page)
    _geen_zijwaartse_scroll(page)


def test_pip_vaststellen_asks_confirmation(page, live_server, consultant, registreer, achterhoek):  # noqa: F811
    import datetime as dt

    from cases import services
    from cases.models import BredeIntake, PipVersie
    from leerroutes.models import Leerroute

    sh = registreer()
    services.start_intake(actor=consultant, statushouder=sh, datum=dt.date(2026, 9, 1))
    b1 = Leerroute.objects.get(code="b1")
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="hoog", route_advies=b1, gekozen_route=b1
    )
    services.rond_intake_af(actor=consultant, statushouder=sh, datum=dt.date(2026, 10, 1))
    services.werk_pip_concept_bij(actor=consultant, statushouder=sh, taalaanbieder=achterhoek.aanbieders["TopTaal"])
    doel = services.voeg_doel_toe(actor=consultant, statushouder=sh, leefgebied="taal", omschrijving="B1 halen")
    services.voeg_actie_toe(
        actor=consultant, statushouder=sh, doel=doel.uuid, omschrijving="Naar de les", eigenaar="statushouder"
    )
    consultant.set_password(PASSWORD)
    consultant.save()
    login(page, live_server, consultant, PASSWORD)
    page.goto(f"/dossiers/{sh.uuid}/pip/")
    _submit(page, "PIP vaststellen")
    assert page.get_by_text("Vaststellen kunt u niet ongedaan maken").is_visible()
    assert "1 doel, 1 actie" in page.locator("#vaststellen-overzicht").inner_text()
    assert PipVersie.objects.get().status == "concept"
    assert_no_axe_violations(page)
    _geen_zijwaartse_scroll(page)
    page.get_by_role("link", name="Terug", exact=True).click()
    page.wait_for_load_state()
    assert PipVersie.objects.get().status == "concept"
    _submit(page, "PIP vaststellen")
    _submit(page, "Ja, vaststellen")
    assert page.get_by_text("PIP vastgesteld").first.is_visible()
    assert PipVersie.objects.get().status == "vastgesteld"
    assert Document.objects.filter(documenttype="beschikking", vastgelegd=True).count() == 1

    page.get_by_role("button", name="English").click()
    services.nieuwe_pip_versie(actor=consultant, statushouder=sh, reden="overig", toelichting="Test")
    page.goto(f"/dossiers/{sh.uuid}/pip/")
    page.locator("#vaststellen button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#vaststellen-onomkeerbaar").is_visible()
    assert_no_axe_violations(page)
    _geen_zijwaartse_scroll(page)
