"""The regiocoördinator's monthly meeting in a real browser (JOURNEYS.md journey 4): the reports page with the start
form, a ready run's region overview and provider view, the teamleider's gemeente dashboard — each checked by
axe-core for WCAG 2.1 A/AA — and the progress bar of a running run that turns into the downloads when it is done."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from reports.models import ReportRun
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login
from tests.reports.test_views import _vandaag, dataset, engine_run, maak_run, resultaat  # noqa: F401  (_vandaag: autouse)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_reports_page_the_region_overview_and_the_provider_view(page, live_server, coordinator, achterhoek):
    run = maak_run(achterhoek, door=coordinator)
    login(page, live_server, coordinator, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportages").click()
    page.wait_for_url("**/rapportages/")
    expect(page.get_by_role("heading", level=1, name="Rapportages")).to_be_visible()
    expect(page.get_by_label("Arbeidsmarktregio")).to_have_value(str(achterhoek.regio.uuid))
    expect(page.get_by_label("Maand of kwartaal")).to_have_value("3")
    expect(page.locator("#runs tbody tr")).to_have_count(1)
    assert_no_axe_violations(page)

    page.get_by_label("Maand of kwartaal").fill("7")
    page.get_by_role("button", name="Rapportage starten").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Een kwartaal heeft een nummer van 1 tot en met 4.")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Achterhoek, 3e kwartaal 2026").click()
    page.wait_for_url(f"**/rapportages/{run.uuid}/")
    expect(page.get_by_role("heading", level=2, name="Instroom, intake en PIP")).to_be_visible()
    expect(page.locator("#tabel-I1 tr", has_text="Aalten")).to_contain_text("<5")
    expect(page.locator("#tabel-I1 tr", has_text="Winterswijk")).to_contain_text("17")
    expect(page.locator("#indicator-I1 svg[role=img]")).to_have_count(2)  # comparison and trend
    page.locator("#indicator-I1").get_by_text("Cijfers van de trend").click()
    expect(page.locator("#trend-I1")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Per taalaanbieder: aanwezigheid, uren en examens").click()
    page.wait_for_url(f"**/rapportages/{run.uuid}/aanbieders/")
    expect(page.locator("#tabel-I8 tr", has_text="TopTaal")).to_contain_text("81%")
    expect(page.locator("#indicator-I8 svg[role=img]")).to_have_count(1)
    assert_no_axe_violations(page)


def test_the_teamleider_sees_his_gemeente_beside_the_region(page, live_server, teamleider, achterhoek):
    teamleider.set_password(PASSWORD)
    teamleider.save()
    winterswijk = achterhoek.gemeenten["Winterswijk"]
    andere = [g for g in achterhoek.gemeenten.values() if g != winterswijk]
    maak_run(achterhoek, soort="gemeente", gemeenten=[winterswijk, *andere])
    login(page, live_server, teamleider, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapportages").click()
    page.wait_for_url("**/rapportages/")
    page.get_by_role("link", name="Naar het gemeentedashboard").click()
    page.wait_for_url("**/rapportages/gemeente/")
    expect(page.get_by_role("heading", level=1, name="Dashboard Winterswijk")).to_be_visible()
    expect(page.locator("#tabel-I1 tbody tr")).to_have_count(2)
    expect(page.locator("#tabel-I1 tbody tr").nth(1)).to_contain_text("<5")
    assert_no_axe_violations(page)


def test_the_progress_bar_follows_a_running_run_until_the_downloads_show(page, live_server, coordinator, achterhoek):
    run = maak_run(achterhoek, status="bezig", voortgang=30, door=coordinator)
    login(page, live_server, coordinator, PASSWORD)
    page.goto(f"/rapportages/{run.uuid}/")
    balk = page.get_by_role("progressbar", name="Voortgang")
    expect(balk).to_have_attribute("value", "30")
    assert_no_axe_violations(page)

    ReportRun.objects.filter(pk=run.pk).update(voortgang=70)
    expect(balk).to_have_attribute("value", "70")
    expect(page.locator("#voortgang-tekst")).to_contain_text("70% klaar")

    run.pdf.save("rapport.pdf", ContentFile(b"%PDF-1.7 rapport"), save=False)
    ReportRun.objects.filter(pk=run.pk).update(
        status="klaar", voortgang=100, pdf=run.pdf.name, resultaat=resultaat(achterhoek.regio, *_eenheden(achterhoek))
    )
    expect(page.get_by_role("heading", level=2, name="Downloads")).to_be_visible()
    expect(page.get_by_role("link", name="PDF met grafieken")).to_be_visible()
    expect(page.locator("#voortgang")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF met grafieken").click()
    assert download.value.suggested_filename.endswith(".pdf")


def _eenheden(achterhoek):
    gemeenten = sorted(achterhoek.gemeenten.values(), key=lambda g: g.naam)
    return gemeenten, [achterhoek.aanbieders["Interbeek"], achterhoek.aanbieders["TopTaal"]]


def test_a_result_of_the_real_engine_on_the_region_overview_and_the_provider_view(
    page, live_server, coordinator, achterhoek
):
    gemeenten = sorted(achterhoek.gemeenten.values(), key=lambda g: g.naam)
    dataset(achterhoek, gemeenten[:2], 6)
    run = engine_run(achterhoek, gemeenten)
    login(page, live_server, coordinator, PASSWORD)
    page.goto(f"/rapportages/{run.uuid}/")
    expect(page.locator("article.app-indicator")).to_have_count(16)  # every indicator but T1 (on the overview)
    expect(page.locator("#tabel-I1 tr", has_text="Aalten")).to_contain_text("6")
    expect(page.locator("#tabel-I1 tr", has_text="Winterswijk")).to_contain_text("<5")
    assert_no_axe_violations(page)
    page.goto(f"/rapportages/{run.uuid}/aanbieders/")
    expect(page.locator("#tabel-I8 tbody tr")).to_have_count(2)
    assert_no_axe_violations(page)
