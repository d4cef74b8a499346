"""The pages under the real Content-Security-Policy: a browser context without bypass_csp (the `page` fixture bypasses
it to inject axe) loads the main pages of each role and Swagger UI, and reports every console message and every
`securitypolicyviolation` event. There must be none: no page may need an inline script or style."""

import pytest
from django.core.management import call_command

from cases.models import Statushouder
from tests.browser.conftest import DESKTOP
from tests.browser.helpers import PASSWORD, login
from tests.reports.test_views import _vandaag, maak_run  # noqa: F401  (_vandaag: autouse)

DEMO_PASSWORD = "inburgering-demo"  # scripts/seed_demo's users


@pytest.fixture
def csp_page(browser, live_server):
    """A page whose context enforces the CSP; `csp_page.meldingen` collects console messages and CSP violations."""
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(10_000)
    meldingen = []
    # The listener is installed before any page script runs; it reports through a binding, so it survives navigation.
    context.expose_binding(
        "meldCspSchending",
        lambda bron, schending: meldingen.append(f"CSP-schending op {bron['page'].url}: {schending}"),
    )
    context.add_init_script(
        """document.addEventListener("securitypolicyviolation", (e) => window.meldCspSchending(
            `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));"""
    )
    page = context.new_page()

    def console(bericht):
        if not bericht.location.get("url", "").endswith("/favicon.ico"):  # the site has no favicon: the browser's 404
            meldingen.append(f"console {bericht.type} op {page.url}: {bericht.text} ({bericht.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda fout: meldingen.append(f"scriptfout op {page.url}: {fout}"))
    page.meldingen = meldingen
    yield page
    context.close()


def bezoek(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


def test_pagina_s_van_de_consulent_zonder_csp_schendingen(csp_page, live_server, demo):
    in_intake = Statushouder.objects.filter(gemeente__naam="Winterswijk", status="intake").first()
    consulent = in_intake.consultant  # only the case's own consultant may open its intake form
    zaak = Statushouder.objects.filter(consultant=consulent, status="in_uitvoering").first()
    bezoek(csp_page, "/inloggen/")
    login(csp_page, live_server, consulent, DEMO_PASSWORD)
    for url in (
        "/dossiers/vandaag/",
        "/dossiers/",
        f"/dossiers/{zaak.uuid}/",
        f"/dossiers/{in_intake.uuid}/intake/",  # the 1–5 score radio rows (cases/intake/_score.html)
    ):
        bezoek(csp_page, url)
        assert csp_page.url.endswith(url), f"{url} went to {csp_page.url}"

    assert csp_page.meldingen == []


def test_rapportages_met_htmx_en_swagger_ui_zonder_csp_schendingen(csp_page, live_server, coordinator, achterhoek):
    klaar = maak_run(achterhoek, door=coordinator)
    bezig = maak_run(achterhoek, status="bezig", door=coordinator)
    login(csp_page, live_server, coordinator, PASSWORD)
    bezoek(csp_page, "/rapportages/")
    bezoek(csp_page, f"/rapportages/{klaar.uuid}/")  # the SVG charts
    assert csp_page.locator("svg[role=img]").count() > 0
    with csp_page.expect_response(lambda r: "/voortgang" in r.url):  # htmx polls the progress of a running run
        bezoek(csp_page, f"/rapportages/{bezig.uuid}/")

    bezoek(csp_page, "/api/v1/docs")
    csp_page.locator(".swagger-ui .info .title").wait_for()
    csp_page.locator(".opblock").first.wait_for()

    assert csp_page.meldingen == []
