"""The journaal and the tasks in a real browser: a consultant writes a note on a case and sees it in the journaal
and (the category only) on the timeline, filters the journaal, makes a task for a colleague, and completes an
overdue task from Vandaag. axe-core checks every page, in Dutch and in English; at phone width nothing scrolls
sideways. Set JT_SCREENSHOTS=<dir> to keep screenshots."""

import datetime as dt
import os
from pathlib import Path

import pytest

from inburgering.accounts import roles
from journaal.models import Notitie
from taken.models import Taak
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.usefixtures("vandaag")
TELEFOON = {"width": 390, "height": 844}


@pytest.fixture
def mensen(make_user, winterswijk):
    consultant = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Carla", last_name="Consulent")
    consultant.set_password(PASSWORD)
    consultant.save()
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Cor", last_name="Collega")
    return consultant, collega


def _kijk(page, naam: str) -> None:
    """axe at desktop width, and no sideways scroll at phone width (screenshots on request)."""
    assert_no_axe_violations(page)
    map_ = os.environ.get("JT_SCREENSHOTS")
    if map_:
        page.screenshot(path=str(Path(map_) / f"{naam}-1280.png"), full_page=True)
    page.set_viewport_size(TELEFOON)
    assert page.evaluate("document.documentElement.scrollWidth") <= TELEFOON["width"], naam
    if map_:
        page.screenshot(path=str(Path(map_) / f"{naam}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_note_task_and_vandaag(page, live_server, mensen, winterswijk):
    consultant, collega = mensen
    vandaag = dt.date.today()
    sh = StatushouderFactory(
        gemeente=winterswijk, consultant=consultant, status="in_uitvoering", pip_dagtekening=dt.date(2026, 1, 10)
    )
    verlopen = Taak.objects.create(
        statushouder=sh,
        omschrijving="Huurtoeslag nabellen",
        deadline=vandaag - dt.timedelta(days=3),
        toegewezen_aan=consultant,
        aangemaakt_door=consultant,
    )

    login(page, live_server, consultant, PASSWORD)
    dossier = f"/dossiers/{sh.uuid}/"
    page.goto(dossier + "#kop-journaal")  # the case page shows its parts as tabs: the hash opens the journaal's
    journaal = page.get_by_role("region", name="Journaal")
    journaal.get_by_text("Notitie vastleggen", exact=True).first.click()  # the <summary>
    journaal.get_by_label("Categorie", exact=True).first.select_option("zorg")
    journaal.get_by_label("Notitie", exact=True).fill("Slaapt slecht, huisarts bezocht")
    journaal.get_by_role("button", name="Notitie vastleggen").click()
    page.wait_for_load_state()
    assert page.get_by_text("De notitie is vastgelegd.").is_visible()
    journaal = page.get_by_role("region", name="Journaal")
    assert "Slaapt slecht, huisarts bezocht" in journaal.inner_text()
    _kijk(page, "dossier-journaal")
    page.goto(dossier + "#kop-tijdlijn")
    tijdlijn = page.get_by_role("region", name="Tijdlijn").inner_text()
    assert "Notitie (zorg) vastgelegd" in tijdlijn and "Slaapt slecht" not in tijdlijn
    assert Notitie.objects.get().auteur == consultant

    # the filter replaces the list (htmx)
    page.goto(dossier + "#kop-journaal")
    filterveld = page.locator("#journaal form.app-journaal__filter select")
    filterveld.select_option("werk")
    page.locator("#journaal-leeg").wait_for()
    assert "Slaapt slecht" not in page.locator("#journaal-lijst").inner_text()
    filterveld.select_option("zorg")
    page.locator("#journaal-lijst").get_by_text("Slaapt slecht").wait_for()

    # a task for a colleague
    page.goto(dossier + "#kop-taken")
    taken = page.get_by_role("region", name="Taken", exact=True)
    assert "Huurtoeslag nabellen" in taken.inner_text()
    taken.get_by_role("link", name="Taak maken").click()
    page.wait_for_url("**/taken/nieuw/**")
    page.get_by_label("Wat moet er gebeuren?").fill("Brief van DUO uitleggen")
    page.get_by_label("Deadline").fill((vandaag + dt.timedelta(days=5)).isoformat())
    page.get_by_label("Voor wie?").select_option(label="Cor Collega")
    _kijk(page, "taak-maken")
    page.get_by_role("button", name="Taak maken").click()
    page.wait_for_url(f"**/dossiers/{sh.uuid}/#taken")
    _kijk(page, "dossier-taken")
    rij = page.get_by_role("region", name="Taken", exact=True).get_by_role("row").filter(has_text="Brief van DUO")
    assert "Cor Collega" in rij.inner_text()
    assert Taak.objects.get(omschrijving="Brief van DUO uitleggen").toegewezen_aan == collega

    # Vandaag: the overdue task, completed
    page.goto("/dossiers/vandaag/")
    mijn = page.get_by_role("region", name="Mijn taken")
    assert "Huurtoeslag nabellen" in mijn.inner_text() and "te laat" in mijn.inner_text()
    assert "Brief van DUO" not in mijn.inner_text()  # the colleague's
    _kijk(page, "vandaag")
    mijn.get_by_role("row").filter(has_text="Huurtoeslag nabellen").get_by_role("button", name="Taak afronden").click()
    page.wait_for_url("**/dossiers/vandaag/")
    assert page.get_by_text("De taak is afgerond.").is_visible()
    assert "Huurtoeslag nabellen" not in page.get_by_role("region", name="Mijn taken").inner_text()
    verlopen.refresh_from_db()
    assert verlopen.afgerond_op is not None

    page.goto("/taken/")
    assert page.get_by_role("heading", name="Onlangs afgerond").is_visible()
    _kijk(page, "taken")

    # English
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    for pad, naam in (
        (f"/dossiers/{sh.uuid}/", "dossier-en"),
        ("/dossiers/vandaag/", "vandaag-en"),
        ("/taken/", "taken-en"),
    ):
        page.goto(pad)
        _kijk(page, naam)
    page.goto(f"/journaal/{sh.uuid}/")
    _kijk(page, "journaal-en")
    page.goto(f"/journaal/{sh.uuid}/nieuw/?corrigeert={Notitie.objects.get().uuid}")
    _kijk(page, "corrigeren-en")
