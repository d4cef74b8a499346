"""Recording the route's end in a real browser: the consultant records the MAP (themes and eindgesprek, an error
beside the field first) and the PVT from the case page, and the route map and the section show them. axe-core checks
the case page with the section, the form page and its error state."""

import datetime as dt

import pytest

from leerroutes.models import Aanwezigheid, Routeafronding
from tests.browser.helpers import PASSWORD, assert_no_axe_violations, login
from tests.factories import AanwezigheidFactory

D = dt.date


@pytest.fixture
def praktijk(zaak, achterhoek):  # noqa: F811
    from leerroutes.models import Leerroute
    from tests.factories import InschrijvingFactory

    inschrijving = InschrijvingFactory(
        statushouder=zaak, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="b1")
    )
    AanwezigheidFactory.create_batch(
        10, inschrijving=inschrijving, soort=Aanwezigheid.Soort.PRAKTIJK, geplande_minuten=240, datum=D(2025, 6, 1)
    )
    return zaak


def test_record_map_and_pvt_on_the_case_page(page, live_server, consultant, praktijk):
    login(page, live_server, consultant, PASSWORD)
    page.goto(f"/dossiers/{praktijk.uuid}/")
    sectie = page.locator("#routeafronding")
    assert "40 van 40 praktijkuren, 0 van 8 thema's" in sectie.inner_text()
    assert_no_axe_violations(page)

    sectie.get_by_role("link", name="MAP vastleggen").click()
    page.wait_for_load_state()
    for thema in ("Beroepsoriëntatie", "Netwerk opbouwen", "Werkcultuur"):
        page.get_by_label(thema).check()
    page.get_by_label("Datum eindgesprek MAP").fill("2023-03-01")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert (
        "ligt vóór de start van de inburgeringstermijn (15-03-2023)"
        in page.locator("#id_eindgesprek_op_error").inner_text()
    )
    assert page.get_by_label("Werkcultuur").is_checked()  # nothing lost
    assert_no_axe_violations(page)

    page.get_by_label("Datum eindgesprek MAP").fill("2025-06-01")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.get_by_text("De MAP is vastgelegd.").is_visible()
    assert "40 van 40 praktijkuren, 3 van 8 thema's" in page.locator("#afronding-map").inner_text()

    page.locator("#routeafronding").get_by_role("link", name="PVT vastleggen").click()
    page.wait_for_load_state()
    page.get_by_label("Gevolgde uren PVT").fill("12,5")
    page.get_by_label("Datum ondertekening participatieverklaring").fill("2025-06-02")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.get_by_text("Het PVT is vastgelegd.").is_visible()
    assert "PVT: gedaan (02-06-2025)" in page.locator(".app-routekaart-stappen").inner_text()
    record = Routeafronding.objects.get(statushouder=praktijk)
    assert record.map_themas == ["beroepsorientatie", "netwerk", "werkcultuur"] and record.pvt_uren == 12.5
