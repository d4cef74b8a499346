"""The teamleider in a real browser: the Team page, reassigning 3 cases in bulk (then seeing them under the new
consultant) and one case from its case page; axe-core checks each page for WCAG 2.1 A/AA."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cases.models import Statushouder, TijdlijnGebeurtenis
from inburgering.accounts import roles
from tests.browser.helpers import assert_no_axe_violations, login
from tests.factories import StatushouderFactory

PASSWORD = "geheim-wachtwoord-1"
NAMEN = [("Ahmad", "Al-Hassan"), ("Semhar", "Tesfamariam"), ("Yonas", "Haile"), ("Rania", "Khalil"), ("Lina", "Rahimi")]


@pytest.fixture
def team(make_user, winterswijk):
    leider = make_user(roles.TEAMLEIDER, gemeente=winterswijk, first_name="Tineke", last_name="Leider")
    leider.set_password(PASSWORD)
    leider.save()
    anna = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Anna", last_name="Jansen", fte=Decimal("0.8"))
    bram = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Bram", last_name="de Vries", fte=Decimal("1"))
    for voornamen, achternaam in NAMEN:
        StatushouderFactory(gemeente=winterswijk, consultant=anna, voornamen=voornamen, achternaam=achternaam)
    StatushouderFactory(gemeente=winterswijk, consultant=None, voornamen="Tesfay", achternaam="Kidane")
    return leider, anna, bram


def _rij(page, naam: str):
    return page.locator("#team tbody tr", has=page.get_by_role("rowheader", name=naam))


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_teamleider_reassigns_three_cases_in_bulk(page, live_server, team):
    leider, anna, bram = team
    login(page, live_server, leider, PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Team").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1, name="Team")).to_be_visible()
    expect(_rij(page, "Anna Jansen").locator('[data-kolom="actief"]')).to_have_text("5")
    expect(_rij(page, "Bram de Vries").locator('[data-kolom="actief"]')).to_have_text("0")
    expect(_rij(page, "Niet toegewezen").locator('[data-kolom="actief"]')).to_have_text("1")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Dossiers toewijzen").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_label("Huidige consulent").select_option(label="Anna Jansen")
    _submit(page, "Filteren")
    expect(page.locator("#toewijzen tbody tr")).to_have_count(5)

    # Nothing chosen: the error, and nothing changes.
    page.get_by_label("Toewijzen aan").select_option(label="Bram de Vries")
    _submit(page, "Gekozen dossiers toewijzen")
    expect(page.get_by_role("alert").filter(has_text="Kies ten minste één dossier.")).to_be_visible()
    assert_no_axe_violations(page)

    gekozen = NAMEN[:3]
    for voornamen, achternaam in gekozen:
        page.get_by_label(f"{voornamen} {achternaam} kiezen").check()
    page.get_by_label("Toewijzen aan").select_option(label="Bram de Vries")
    _submit(page, "Gekozen dossiers toewijzen")
    expect(page.get_by_role("status").filter(has_text="3 dossiers zijn toegewezen aan Bram de Vries.")).to_be_visible()
    expect(page.locator("#toewijzen tbody tr")).to_have_count(2)  # still filtered on Anna
    assert set(Statushouder.objects.filter(consultant=bram).values_list("achternaam", flat=True)) == {
        a for _v, a in gekozen
    }
    assert TijdlijnGebeurtenis.objects.filter(soort="toegewezen").count() == 3

    page.get_by_label("Huidige consulent").select_option(label="Bram de Vries")
    _submit(page, "Filteren")
    expect(page.locator("#toewijzen tbody th")).to_have_text(sorted(f"{a}, {v}" for v, a in gekozen))

    page.get_by_role("link", name="Terug naar het team").click()
    page.wait_for_load_state()
    expect(_rij(page, "Bram de Vries").locator('[data-kolom="actief"]')).to_have_text("3")
    expect(_rij(page, "Anna Jansen").locator('[data-kolom="actief"]')).to_have_text("2")
    _rij(page, "Bram de Vries").get_by_role("link", name="Bram de Vries").click()
    page.wait_for_load_state()
    page.wait_for_url(f"**/dossiers/?consultant={bram.uuid}")
    expect(page.locator("tbody th")).to_have_count(3)


def test_teamleider_assigns_one_case_from_the_case_page(page, live_server, team):
    leider, anna, bram = team
    zonder = Statushouder.objects.get(achternaam="Kidane")
    login(page, live_server, leider, PASSWORD)
    page.goto(f"/dossiers/{zonder.uuid}/")
    section = page.get_by_role("region", name="Toewijzen")
    expect(section).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("region", name="Toewijzen").get_by_label("Consulent").select_option(label="Anna Jansen")
    page.get_by_role("region", name="Toewijzen").get_by_role("button", name="Toewijzen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status").filter(has_text="Het dossier is toegewezen aan Anna Jansen.")).to_be_visible()
    expect(page.get_by_text("Toegewezen aan Anna Jansen (was niet toegewezen)")).to_be_visible()
    zonder.refresh_from_db()
    assert zonder.consultant == anna


def test_bulk_page_select_all_and_pagination_pass_axe(page, live_server, team, winterswijk):
    leider, anna, bram = team
    Statushouder.objects.bulk_create(StatushouderFactory.build_batch(60, gemeente=winterswijk, consultant=anna))
    login(page, live_server, leider, PASSWORD)
    page.goto("/dossiers/team/toewijzen/")
    page.get_by_role("link", name="Alles op deze pagina selecteren").click()
    page.wait_for_load_state()
    expect(page.locator('#toewijzen input[type="checkbox"]:checked')).to_have_count(50)
    expect(page.get_by_role("navigation", name="Paginering")).to_be_visible()
    assert_no_axe_violations(page)
