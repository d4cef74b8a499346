"""Journey 1 of JOURNEYS.md in a real browser: a klantregisseur records a voortgangsgesprek with the progress
per PIP goal and sees the next one planned 13 weeks later on the case page; the history shows the progress.
axe-core checks the case page with the section, the record form (also with errors) and the history page."""

import datetime as dt

import pytest

from cases.models import Voortgangsgesprek
from tests.browser.helpers import assert_no_axe_violations, login
from tests.cases import conftest as cases_conftest

# The clock is frozen on TODAY (tests/conftest.py): the pages propose dates from today.
pytestmark = pytest.mark.usefixtures("vandaag")

PASSWORD = "geheim-wachtwoord-1"
registreer = cases_conftest.registreer
naar_uitvoering = cases_conftest.naar_uitvoering


@pytest.fixture
def klantregisseur(consultant):
    consultant.set_password(PASSWORD)
    consultant.save()
    return consultant


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_consultant_legt_gesprek_vast_en_ziet_het_volgende(
    page, live_server, klantregisseur, registreer, naar_uitvoering
):
    vandaag = dt.date.today()
    sh = registreer()
    naar_uitvoering(sh, dagtekening=vandaag - dt.timedelta(days=100))  # the first gesprek is 9 days overdue
    volgende = vandaag + dt.timedelta(weeks=13)

    login(page, live_server, klantregisseur, PASSWORD)
    page.goto(f"/dossiers/{sh.uuid}/")
    sectie = page.get_by_role("region", name="Voortgangsgesprekken")
    assert "(te laat)" in sectie.inner_text()
    assert "follow-up na 6 maanden" in sectie.inner_text()
    assert_no_axe_violations(page)

    sectie.get_by_role("link", name="Gesprek vastleggen").click()
    page.wait_for_url("**/gesprekken/vastleggen/")
    assert page.get_by_label("Datum gesprek").input_value() == vandaag.isoformat()
    assert page.get_by_label("Datum volgend gesprek").input_value() == volgende.isoformat()
    assert page.get_by_label("Volgend voortgangsgesprek plannen").is_checked()
    assert page.get_by_role("link", name="PIP aanpassen zonder het gesprek vast te leggen").is_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Voortgang", exact=True).select_option(label="op schema")
    page.get_by_label("Toelichting").fill("Drie lessen per week, geen verzuim")
    _submit(page, "Gesprek vastleggen")  # no verslag: refused, nothing lost
    assert page.get_by_text("Schrijf een kort verslag van het gesprek.").is_visible()
    assert page.get_by_label("Toelichting").input_value() == "Drie lessen per week, geen verzuim"
    assert_no_axe_violations(page)
    page.get_by_label("Verslag").fill("Gebeld; het gaat goed met de taalles.")
    gehouden = vandaag - dt.timedelta(days=3)  # recorded a few days late: the proposal follows
    volgende = gehouden + dt.timedelta(weeks=13)
    page.get_by_label("Datum gesprek").fill(gehouden.isoformat())
    page.get_by_label("Datum volgend gesprek").and_(page.locator(f'[value="{volgende.isoformat()}"]')).wait_for()
    _submit(page, "Gesprek vastleggen")

    page.wait_for_url(f"**/dossiers/{sh.uuid}/")
    assert page.get_by_text("Het voortgangsgesprek is vastgelegd.").is_visible()
    sectie = page.get_by_role("region", name="Voortgangsgesprekken")
    rij = sectie.get_by_role("table", name="Gepland").get_by_role("row").filter(has_text=f"{volgende:%d-%m-%Y}")
    assert "voortgangsgesprek" in rij.inner_text()
    assert "(te laat)" not in sectie.inner_text()
    assert "op schema: 1" in sectie.inner_text()
    assert (
        Voortgangsgesprek.objects.get(statushouder=sh, soort="regulier", gehouden_op__isnull=True).gepland_op
        == volgende
    )
    assert_no_axe_violations(page)

    sectie.get_by_role("link", name="Gesprekken met de voortgang per doel").click()
    page.wait_for_url("**/gesprekken/")
    assert page.get_by_role("cell", name="op schema").is_visible()
    assert page.get_by_role("cell", name="Drie lessen per week, geen verzuim").is_visible()
    assert_no_axe_violations(page)


def test_plannen_met_voorgestelde_datum(page, live_server, klantregisseur, registreer, naar_uitvoering):
    """Two clicks, the date proposed: after cancelling the planned one, the plan form proposes 13 weeks on."""
    vandaag = dt.date.today()
    sh = registreer()
    naar_uitvoering(sh, dagtekening=vandaag - dt.timedelta(days=7))
    Voortgangsgesprek.objects.filter(statushouder=sh, soort="regulier").delete()
    login(page, live_server, klantregisseur, PASSWORD)
    page.goto(f"/dossiers/{sh.uuid}/")
    page.get_by_text("Voortgangsgesprek plannen").click()
    assert_no_axe_violations(page)
    _submit(page, "Plannen")
    assert page.get_by_text("Het voortgangsgesprek is gepland.").is_visible()
    gepland = vandaag - dt.timedelta(days=7) + dt.timedelta(weeks=13)
    assert Voortgangsgesprek.objects.get(statushouder=sh, soort="regulier").gepland_op == gepland
