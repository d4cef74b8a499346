"""Issue 5 end to end: TopTaal's system reports a progress report and an exam result over HTTP with its API
key, and the klantregisseur sees both on the case page (timeline, exams, progress reports); axe-core checks
the page with the new section."""

import datetime as dt

from leerroutes.models import Inschrijving, Leerroute
from partners.models import ApiSleutel
from tests.browser.helpers import assert_no_axe_violations, login
from tests.cases import conftest as cases_conftest

PASSWORD = "geheim-wachtwoord-1"
registreer = cases_conftest.registreer
naar_uitvoering = cases_conftest.naar_uitvoering


def test_rapportage_van_de_aanbieder_in_het_dossier(
    page, live_server, consultant, achterhoek, registreer, naar_uitvoering
):
    consultant.set_password(PASSWORD)
    consultant.save()
    sh = registreer()
    naar_uitvoering(sh)
    toptaal = achterhoek.aanbieders["TopTaal"]
    inschrijving = Inschrijving.objects.create(
        statushouder=sh,
        organisatie=toptaal,
        leerroute=Leerroute.objects.get(code="b1"),
        status="actief",
        startdatum=dt.date(2023, 4, 3),
    )
    _sleutel, key = ApiSleutel.objects.create_key(organisatie=toptaal, name="nachtelijke export")
    headers = {"Authorization": f"Api-Key {key}"}
    rapportage = {
        "inschrijving": str(inschrijving.uuid),
        "periodeStart": "2026-08-01",
        "periodeEind": "2026-10-31",
        "niveaus": {"lezen": "B1", "luisteren": "A2"},
        "toelichting": "Luisteren gaat vooruit.",
    }
    assert page.request.post("/api/v1/voortgangsrapportages", data=rapportage, headers=headers).status == 201
    examen = {"inschrijving": str(inschrijving.uuid), "onderdeel": "lezen", "datum": "2026-10-14", "niveau": "B1"}
    assert (
        page.request.post("/api/v1/examenresultaten", data={**examen, "behaald": True}, headers=headers).status == 201
    )

    login(page, live_server, consultant, PASSWORD)
    page.goto(f"/dossiers/{sh.uuid}/")
    tabel = page.get_by_role("table", name="Voortgangsrapportages")
    rij = tabel.get_by_role("row", name="01-08-2026 t/m 31-10-2026")
    assert "TopTaal" in rij.inner_text() and "Luisteren gaat vooruit." in rij.inner_text()
    assert page.get_by_text("Examen lezen behaald (B1), gemeld door TopTaal").is_visible()
    assert page.get_by_text("Voortgangsrapportage 01-08-2026 t/m 31-10-2026: lezen B1, luisteren A2").is_visible()
    assert_no_axe_violations(page)
