"""The regiocoördinator in a real browser: issues an API key for TopTaal, sees it once, revokes it after
confirming; axe-core checks the key page (empty, with the new key, with a form error) and the confirmation."""

import re

from playwright.sync_api import expect

from partners.models import ApiSleutel
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login


def test_regiocoordinator_issues_sees_once_and_revokes_a_key(page, live_server, coordinator):
    login(page, live_server, coordinator, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="API-sleutels").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1, name="API-sleutels van taalaanbieders")).to_be_visible()
    expect(page.get_by_text("Er zijn nog geen API-sleutels uitgegeven.")).to_be_visible()
    assert_no_axe_violations(page)

    # Without a name: the error next to the field, the chosen provider kept.
    page.get_by_label("Taalaanbieder").select_option(label="TopTaal")
    page.get_by_role("button", name="Sleutel uitgeven").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Er is geen sleutel uitgegeven.")).to_be_visible()
    assert page.get_by_label("Taalaanbieder").locator("option:checked").inner_text() == "TopTaal"
    assert_no_axe_violations(page)

    page.get_by_label("Naam van de sleutel").fill("nachtelijke export")
    page.get_by_role("button", name="Sleutel uitgeven").click()
    page.wait_for_load_state()
    sleutel = ApiSleutel.objects.get()
    melding = page.get_by_role("status").filter(has_text="De nieuwe API-sleutel voor TopTaal is:")
    expect(melding).to_contain_text("wordt niet meer getoond")
    key = melding.locator("code").inner_text()
    assert re.fullmatch(rf"{sleutel.prefix}\.\w+", key)
    assert ApiSleutel.objects.get_from_key(key) == sleutel
    rij = page.locator("#api-sleutels tbody tr", has=page.get_by_role("rowheader", name="TopTaal"))
    expect(rij).to_contain_text("nachtelijke export")
    expect(rij).to_contain_text("in gebruik")
    assert_no_axe_violations(page)

    page.reload()
    expect(page.get_by_text("De nieuwe API-sleutel")).to_have_count(0)
    assert key not in page.content()  # shown once

    rij.get_by_role("link", name=re.compile("^Intrekken")).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1, name="API-sleutel intrekken")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ja, sleutel intrekken").click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"De API-sleutel {sleutel.prefix} van TopTaal is ingetrokken.")).to_be_visible()
    expect(rij).to_contain_text("ingetrokken op")
    expect(rij.get_by_role("link", name=re.compile("^Intrekken"))).to_have_count(0)
    sleutel.refresh_from_db()
    assert sleutel.revoked and sleutel.ingetrokken_door == coordinator
    assert_no_axe_violations(page)
