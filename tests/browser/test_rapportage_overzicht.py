"""The overview of issue 16 in a real browser: a regiocoördinator reaches it from "Rapportages", reads a headline
figure beside the national one, follows it to the indicator's detail in the run, and reads a cohort funnel (chart
and table); a teamleider sees his gemeente beside the region and the country, and opens the region's run. Every
page checked by axe-core in Dutch and in English, and at 390 px wide without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login
from tests.reports.test_kerncijfers import KWARTAAL, MAAND, landelijk, resultaat, run
from tests.reports.test_views import _vandaag  # noqa: F401  (autouse: today is fixed)

SMAL = {"width": 390, "height": 844}


@pytest.fixture
def runs(achterhoek):
    regio, gemeenten = achterhoek.regio, achterhoek.gemeenten
    return {
        "kwartaal": run(regio, resultaat(regio, gemeenten)),
        "maand": run(regio, resultaat(regio, gemeenten, MAAND, pip_regio=62), MAAND),
        "landelijk": run(regio, landelijk(KWARTAAL), soort="landelijk"),
    }


def _in_beide_talen(page) -> None:
    """axe on the page in Dutch, then in English (the footer's language switch), and back to Dutch."""
    assert_no_axe_violations(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def _niet_breder_dan_het_scherm(page) -> None:
    page.set_viewport_size(SMAL)
    breedte = page.evaluate("() => document.documentElement.scrollWidth")
    assert breedte <= SMAL["width"], f"{page.url} scrolls sideways at 390 px: {breedte} px wide"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_coordinator_reads_the_overview_follows_a_figure_and_reads_a_funnel(page, live_server, coordinator, runs):
    login(page, live_server, coordinator, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportages").click()
    page.wait_for_url("**/rapportages/")
    page.get_by_role("link", name="Overzicht van de regio", exact=True).click()
    page.wait_for_url("**/rapportages/overzicht/")
    expect(page.get_by_role("heading", level=1, name="Overzicht Achterhoek")).to_be_visible()
    pip = page.locator("#kerncijfer-pip_binnen_norm")
    expect(pip.get_by_role("heading", name="PIP binnen de norm van 10 weken")).to_be_visible()
    expect(pip.locator("tbody tr", has_text="Nederland")).to_contain_text("55%")
    expect(pip).to_contain_text("beste Aalten (75%), minst goed Berkelland (50%)")
    expect(pip.locator("svg[role=img]")).to_have_count(1)
    pip.get_by_text("Cijfers van de trend").click()
    expect(page.locator("#trend-pip_binnen_norm tbody tr")).to_have_count(12)
    expect(page.get_by_text("Nog geen landelijke cijfers over oktober 2026.")).to_be_visible()
    _niet_breder_dan_het_scherm(page)
    _in_beide_talen(page)

    funnel = page.locator("#trechter-12")
    expect(funnel.get_by_role("heading", name="Na 12 maanden: cohort 2e kwartaal 2025")).to_be_visible()
    expect(funnel.locator("svg[role=img]")).to_have_count(1)
    expect(funnel.locator("svg title")).to_have_text("Achterhoek: cohort 2e kwartaal 2025 na 12 maanden")
    werk = funnel.locator("tbody tr", has_text="Werk of onderwijs")
    expect(werk.locator("td")).to_have_text(["36,0%", "20,0%"])  # region, national (the quarter run has them)
    expect(page.locator("#trechter-36")).to_contain_text("minder dan 5 personen in Achterhoek")
    page.get_by_label("Cohort", exact=True).select_option("2024")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url("**cohort=2024**")
    expect(page.locator("#trechter-12 h3")).to_have_text("Na 12 maanden: cohort 2024")
    expect(page.locator("article.app-trechter")).to_have_count(1)  # a cohort is at one horizon: its longest passed

    pip.get_by_role("link", name="60% (details)").click()
    page.wait_for_url(f"**/rapportages/{runs['kwartaal'].uuid}/#indicator-I4")
    expect(page.locator("#indicator-I4")).to_be_visible()
    expect(page.locator("#tabel-I4 tr", has_text="Aalten")).to_contain_text("75%")


def test_a_teamleider_sees_his_gemeente_beside_the_region_and_the_regions_run(page, live_server, teamleider, runs):
    teamleider.set_password(PASSWORD)
    teamleider.save()
    login(page, live_server, teamleider, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportages").click()
    page.wait_for_url("**/rapportages/")
    expect(page.get_by_role("link", name="Overzicht van de regio", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Overzicht van de gemeente").click()
    page.wait_for_url("**/rapportages/overzicht/gemeente/")
    expect(page.get_by_role("heading", level=1, name="Overzicht Winterswijk")).to_be_visible()
    aanwezig = page.locator("#kerncijfer-aanwezigheid")
    expect(aanwezig.locator("tbody tr").nth(0)).to_contain_text("70,2%")
    expect(aanwezig.locator("tbody tr", has_text="Achterhoek")).to_contain_text("84,5%")
    expect(page.locator("#trechter-12")).to_contain_text("minder dan 5 personen in Winterswijk")
    _niet_breder_dan_het_scherm(page)
    _in_beide_talen(page)

    page.get_by_role("link", name="Kwartaalrapportage: 3e kwartaal 2026").click()
    page.wait_for_url(f"**/rapportages/{runs['kwartaal'].uuid}/")
    expect(page.locator("#tabel-I4 tr", has_text="Berkelland")).to_contain_text("50%")
    _in_beide_talen(page)
