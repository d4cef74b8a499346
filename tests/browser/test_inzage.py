"""A teamleider opens the inzage page (AVG art. 15) from the case page and downloads the JSON; axe-core checks
both pages for WCAG 2.1 A/AA."""

import json

import pytest
from playwright.sync_api import expect

from inburgering.accounts import roles
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login
from tests.factories import StatushouderFactory


@pytest.fixture
def teamleider(make_user, winterswijk):
    leider = make_user(roles.TEAMLEIDER, gemeente=winterswijk, first_name="Tineke", last_name="Leider")
    leider.set_password(PASSWORD)
    leider.save()
    return leider


def test_teamleider_opent_de_inzage_vanaf_het_dossier(page, live_server, teamleider, winterswijk):
    sh = StatushouderFactory(gemeente=winterswijk, voornamen="Semhar", achternaam="Tesfamariam")
    login(page, live_server, teamleider, PASSWORD)
    page.goto(f"/dossiers/{sh.uuid}/")
    page.get_by_role("link", name="Inzageverzoek (AVG)").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzageverzoek (AVG) van Semhar Tesfamariam")
    expect(page.get_by_role("link", name="Overzicht als PDF")).to_be_visible()
    assert_no_axe_violations(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Gegevens als JSON").click()
    assert download.value.suggested_filename == f"inzage-{sh.uuid}.json"
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["dossier"]["statushouder"]["bsn"] == sh.bsn
