"""Every page of the consultant workspace on the demo data (a full caseload with signals, a Z-route case with
attendance and exams, PIPs with several versions), checked by axe-core at desktop and tablet width."""

import pytest
from django.core.management import call_command

from cases.models import PipVersie, Statushouder
from tests.browser.conftest import DESKTOP, TABLET
from tests.browser.helpers import assert_no_axe_violations, login

DEMO_PASSWORD = "inburgering-demo"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


CONSULTANT_PAGES = {
    "Mijn caseload": "/dossiers/",
    "Dossiers van de gemeente, pagina 2": "/dossiers/?alle=on&page=2",
    "Caseload, filter zonder resultaat": "/dossiers/?q=bestaatniet",
    "Nieuw dossier registreren": "/dossiers/nieuw/",
}


def _teamleider_pages():
    """Every kind of case page, on cases of Winterswijk (the teamleider may open and edit them all)."""
    cases = Statushouder.objects.filter(gemeente__naam="Winterswijk")
    gemeente = cases.first().gemeente
    z_route = cases.filter(status="in_uitvoering", pips__versies__leerroute__code="z").first()
    in_intake = cases.filter(status="intake").first()
    concept = cases.filter(status="pip_concept").first()
    gewijzigd = (
        PipVersie.objects.filter(pip__statushouder__gemeente=gemeente, versie=2)
        .select_related("pip__statushouder")
        .first()
    )
    urls = {
        "Dossiers van de gemeente (teamleider)": "/dossiers/",
        "Dossierpagina Z-route": f"/dossiers/{z_route.uuid}/",
        "Wie zag dit dossier": f"/dossiers/{z_route.uuid}/verwerkingen/",
        "PIP (vastgesteld)": f"/dossiers/{z_route.uuid}/pip/",
        "Brede intake (lopend)": f"/dossiers/{in_intake.uuid}/intake/",
        "PIP-editor (concept)": f"/dossiers/{concept.uuid}/pip/",
        "Toegankelijkheidsverklaring": "/toegankelijkheid/",
    }
    if gewijzigd is not None:
        urls["PIP-historie met twee versies"] = f"/dossiers/{gewijzigd.pip.statushouder.uuid}/pip/historie/"
    return urls


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["1280px", "768px"])
def test_every_workspace_page_has_no_wcag_violations(page, live_server, demo, viewport):
    page.set_viewport_size(viewport)
    login(page, live_server, "consulent.winterswijk1", DEMO_PASSWORD)
    _check_all(page, CONSULTANT_PAGES)
    page.context.clear_cookies()
    login(page, live_server, "teamleider.winterswijk", DEMO_PASSWORD)
    _check_all(page, _teamleider_pages())


def _check_all(page, urls: dict[str, str]) -> None:
    for name, url in urls.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: HTTP {response.status}"
        try:
            assert_no_axe_violations(page)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None
