"""PUT and GET /api/v1/inschrijvingen/{id}/taalschakeltraject: the onderwijsinstelling records the taalschakeltraject
of an accepted onderwijsroute enrolment, the one place it is recorded (POST /examenresultaten points here)."""

import datetime as dt
import uuid

import pytest

from cases.models import TijdlijnGebeurtenis
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Examenresultaat, Taalschakeltraject

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _klok(vandaag):
    return vandaag


@pytest.fixture
def graafschap(achterhoek):
    return achterhoek.aanbieders["Graafschap College"]


@pytest.fixture
def api(graafschap, api_voor):
    return api_voor(graafschap)


@pytest.fixture
def onderwijs(graafschap, inschrijving_bij):
    return inschrijving_bij(graafschap, route="onderwijs", startdatum=D(2025, 9, 1))


def url(inschrijving) -> str:
    return f"/api/v1/inschrijvingen/{inschrijving.uuid}/taalschakeltraject"


def problem(response, status) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {p["name"]: p["reason"] for p in response.json().get("invalidParams", [])}


GESTART = {"startdatum": "2025-09-08"}
AFGEROND = {
    "startdatum": "2025-09-08",
    "einddatum": "2026-10-30",
    "resultaat": "afgerond",
    "vervolgopleiding": "Bachelor Verpleegkunde",
    "vervolgniveau": "hbo",
}


def test_put_records_the_traject_201_then_200(api, onderwijs):
    response = api.put(url(onderwijs), GESTART, format="json")
    assert response.status_code == 201, response.content
    traject = Taalschakeltraject.objects.get(inschrijving=onderwijs)
    assert response.json() == {
        "id": str(traject.uuid),
        "inschrijving": str(onderwijs.uuid),
        "startdatum": "2025-09-08",
        "einddatum": None,
        "resultaat": None,
        "vervolgopleiding": "",
        "vervolgniveau": None,
    }
    response = api.put(url(onderwijs), AFGEROND, format="json")
    assert response.status_code == 200, response.content
    assert {k: response.json()[k] for k in AFGEROND} == AFGEROND
    traject.refresh_from_db()
    assert (traject.einddatum, traject.resultaat, traject.vervolgniveau) == (D(2026, 10, 30), "afgerond", "hbo")
    omschrijvingen = list(
        TijdlijnGebeurtenis.objects.filter(statushouder=onderwijs.statushouder)
        .order_by("tijdstip")
        .values_list("omschrijving", flat=True)
    )
    assert omschrijvingen == [
        "Taalschakeltraject gestart op 08-09-2025, gemeld door Graafschap College",
        "Taalschakeltraject afgerond op 30-10-2026 (vervolg: Bachelor Verpleegkunde hbo), gecorrigeerd door "
        "Graafschap College",
    ]


def test_put_is_idempotent(api, onderwijs):
    assert api.put(url(onderwijs), AFGEROND, format="json").status_code == 201
    assert api.put(url(onderwijs), AFGEROND, format="json").status_code == 200
    assert Taalschakeltraject.objects.count() == 1
    assert TijdlijnGebeurtenis.objects.filter(statushouder=onderwijs.statushouder).count() == 1
    handelingen = list(
        AuditEvent.objects.filter(object_type="leerroutes.taalschakeltraject").values_list("handeling", flat=True)
    )
    assert sorted(handelingen) == sorted([Handeling.CREATE, Handeling.READ])


def test_put_replaces_the_whole_traject(api, onderwijs):
    api.put(url(onderwijs), AFGEROND, format="json")
    assert api.put(url(onderwijs), GESTART, format="json").status_code == 200
    traject = Taalschakeltraject.objects.get()
    assert (traject.einddatum, traject.resultaat, traject.vervolgopleiding, traject.vervolgniveau) == (None, "", "", "")


def test_niet_afgerond_is_stored_as_niet_afgerond(api, onderwijs):
    body = {"startdatum": "2025-09-08", "einddatum": "2026-10-30", "resultaat": "nietAfgerond"}
    assert api.put(url(onderwijs), body, format="json").json()["resultaat"] == "nietAfgerond"
    assert Taalschakeltraject.objects.get().resultaat == "niet_afgerond"


def test_get_returns_the_traject_or_404(api, onderwijs):
    assert problem(api.get(url(onderwijs)), 404) == {}
    api.put(url(onderwijs), AFGEROND, format="json")
    response = api.get(url(onderwijs))
    assert response.status_code == 200
    assert response.json()["vervolgopleiding"] == "Bachelor Verpleegkunde"
    assert AuditEvent.objects.filter(
        object_type="leerroutes.taalschakeltraject", handeling=Handeling.READ, toelichting__contains="opgevraagd"
    ).exists()


@pytest.mark.parametrize(
    "body,fouten",
    [
        ({}, {"startdatum"}),
        ({"startdatum": "2026-11-25"}, {"startdatum"}),  # in the future
        ({"startdatum": "2025-08-31"}, {"startdatum"}),  # before the enrolment
        ({"startdatum": "2025-09-08", "einddatum": "2025-09-07", "resultaat": "afgerond"}, {"einddatum"}),
        ({"startdatum": "2025-09-08", "einddatum": "2026-11-25", "resultaat": "afgerond"}, {"einddatum"}),
        ({"startdatum": "2025-09-08", "einddatum": "2026-10-30"}, {"resultaat"}),
        ({"startdatum": "2025-09-08", "resultaat": "afgerond"}, {"einddatum"}),
        ({"startdatum": "2025-09-08", "vervolgniveau": "havo"}, {"vervolgniveau"}),
        ({"startdatum": "2025-09-08", "einddatum": "2026-10-30", "resultaat": "geslaagd"}, {"resultaat"}),
    ],
)
def test_bad_input_is_400(api, onderwijs, body, fouten):
    assert set(problem(api.put(url(onderwijs), body, format="json"), 400)) == fouten
    assert not Taalschakeltraject.objects.exists()


def test_end_without_result_says_so_in_dutch(api, onderwijs):
    body = {"startdatum": "2025-09-08", "einddatum": "2026-10-30"}
    assert problem(api.put(url(onderwijs), body, format="json"), 400) == {
        "resultaat": "Geef bij een einddatum ook het resultaat."
    }


def test_only_for_the_onderwijsroute_409(toptaal, api_voor, inschrijving_bij):
    b1 = inschrijving_bij(toptaal)
    fouten = problem(api_voor(toptaal).put(url(b1), GESTART, format="json"), 409)
    assert fouten == {
        "inschrijving": "Een taalschakeltraject hoort bij de onderwijsroute; deze inschrijving is voor de B1-route."
    }
    assert not Taalschakeltraject.objects.exists()


@pytest.mark.parametrize("status,velden", [("aangemeld", {}), ("afgewezen", {"reden": "Vol."})])
def test_only_for_an_accepted_enrolment_409(api, graafschap, inschrijving_bij, status, velden):
    niet = inschrijving_bij(graafschap, route="onderwijs", status=status, startdatum=D(2025, 9, 1), **velden)
    fouten = problem(api.put(url(niet), GESTART, format="json"), 409)
    assert list(fouten) == ["inschrijving"] and f"is {status}" in fouten["inschrijving"]


def test_another_organisations_enrolment_is_404(api, achterhoek, inschrijving_bij):
    vreemd = inschrijving_bij(achterhoek.aanbieders["HAN"], route="onderwijs", startdatum=D(2025, 9, 1))
    assert problem(api.put(url(vreemd), GESTART, format="json"), 404) == {}
    assert problem(api.get(url(vreemd)), 404) == {}
    fout = problem(
        api.put(f"/api/v1/inschrijvingen/{uuid.UUID(int=3)}/taalschakeltraject", GESTART, format="json"), 404
    )
    assert fout == {}
    assert problem(api.put("/api/v1/inschrijvingen/x/taalschakeltraject", GESTART, format="json"), 400) == {
        "id": "Dit is geen geldig id: een inschrijving heeft een UUID."
    }
    assert not Taalschakeltraject.objects.exists()


def test_examenresultaten_refuses_taalschakel_and_points_here(api, onderwijs):
    body = {"inschrijving": str(onderwijs.uuid), "onderdeel": "taalschakel", "datum": "2026-10-30", "behaald": True}
    assert problem(api.post("/api/v1/examenresultaten", body, format="json"), 400) == {
        "onderdeel": "Het taalschakeltraject is geen examen: meld het met PUT /inschrijvingen/{id}/taalschakeltraject "
        "(startdatum, einddatum en resultaat afgerond of nietAfgerond)."
    }
    assert not Examenresultaat.objects.exists()
