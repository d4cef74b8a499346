"""End of traject in a real browser: a consultant closes a case as verhuisd (the error beside the field
first), and the new gemeente's teamleider finds the handed-over case with its route kept. axe-core checks
the case page with the route map, the close form opened, its error state, and the new case page."""

import datetime as dt
import re

from playwright.sync_api import expect

from cases.models import Statushouder
from inburgering.accounts import roles
from tests.browser.conftest import DESKTOP
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login

D = dt.date


def test_close_as_verhuisd_and_the_new_gemeente_continues(
    page, browser, live_server, consultant, zaak, make_user, aalten
):
    login(page, live_server, consultant, PASSWORD)
    page.goto(f"/dossiers/{zaak.uuid}/")
    kaart = page.get_by_role("img", name="Route van AZC naar werk")
    assert kaart.is_visible()
    stappen = page.locator(".app-routekaart-stappen")
    assert "PIP vastgesteld: gedaan (14-03-2023) — B1-route" in stappen.inner_text()
    assert_no_axe_violations(page)

    page.get_by_text("Dossier afronden", exact=True).click()
    form = page.locator("form[action$='/afronden/']")
    assert form.get_by_label("Toelichting").is_visible()
    assert not form.get_by_label("Nieuwe gemeente").is_visible()  # shown only for a move
    form.get_by_label("Reden van beëindiging").select_option("verhuisd")
    assert form.get_by_label("Nieuwe gemeente").is_visible()
    assert_no_axe_violations(page)

    verhuisdatum = dt.date.today() - dt.timedelta(days=3)
    form.get_by_label("Einddatum").fill(verhuisdatum.isoformat())
    form.get_by_role("button", name="Afronden", exact=True).click()
    page.wait_for_load_state()
    assert (
        page.locator("#id_afronden-nieuwe_gemeente_error")
        .inner_text()
        .strip()
        .endswith("Kies de gemeente waarheen de statushouder verhuist.")
    )
    form = page.locator("form[action$='/afronden/']")
    assert form.get_by_label("Reden van beëindiging").input_value() == "verhuisd"  # nothing lost
    assert form.get_by_label("Einddatum").input_value() == verhuisdatum.isoformat()
    assert_no_axe_violations(page)

    form.get_by_label("Nieuwe gemeente").select_option(label="Aalten")
    form.get_by_role("button", name="Afronden", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Het dossier is afgerond.").is_visible()
    assert page.get_by_text("Afgerond: verhuisd naar Aalten; dossier overgedragen").first.is_visible()
    oud = Statushouder.objects.get(pk=zaak.pk)
    assert (oud.status, oud.eindreden) == ("afgerond", "verhuisd")

    teamleider = make_user(roles.TEAMLEIDER, gemeente=aalten)
    teamleider.set_password(PASSWORD)
    teamleider.save()
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", base_url=live_server.url, bypass_csp=True)
    try:
        aalten_page = context.new_page()
        login(aalten_page, live_server, teamleider, PASSWORD)
        aalten_page.goto("/dossiers/?alle=on")
        aalten_page.get_by_role("link", name="Tesfamariam, Yonas").first.click()
        aalten_page.wait_for_load_state()
        nieuw = Statushouder.objects.get(gemeente=aalten)
        expect(aalten_page).to_have_url(re.compile(f"/dossiers/{nieuw.uuid}/$"))
        assert aalten_page.get_by_text(
            f"Overgedragen door gemeente Winterswijk op {verhuisdatum:%d-%m-%Y}", exact=False
        ).is_visible()
        tekst = aalten_page.locator(".app-routekaart-stappen").inner_text()
        assert "PIP vastgesteld: gedaan (14-03-2023) — B1-route" in tekst
        assert aalten_page.locator(".app-dossier-header").get_by_text("B1-route").is_visible()
        assert aalten_page.get_by_role("img", name="Route van AZC naar werk").is_visible()
        assert_no_axe_violations(aalten_page)
        # the old gemeente's file stays closed to Aalten
        assert aalten_page.goto(f"/dossiers/{zaak.uuid}/").status == 404
    finally:
        context.close()
