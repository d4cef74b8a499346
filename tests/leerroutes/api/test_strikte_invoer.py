"""Issue 17, items 7 and 8: the provider API takes only what its OpenAPI document describes, and answers bad input
with 400 problem+json naming the field, never a 500 or gunicorn's HTML."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from leerroutes.models import Aanwezigheid, Examenresultaat, Voortgangsrapportage
from tests.factories import AanwezigheidFactory

pytestmark = pytest.mark.django_db
D = dt.date
DIEP = "[" * 1000 + "]" * 1000  # 1,000 levels: Python's JSON decoder gave up with RecursionError (a 500)


@pytest.fixture(autouse=True)
def _klok(vandaag):
    return vandaag


@pytest.fixture
def eigen(toptaal, inschrijving_bij):
    return inschrijving_bij(toptaal)  # B1-route, started 2 June 2025


@pytest.fixture
def api(toptaal, api_voor):
    return api_voor(toptaal)


def fouten(response) -> dict:
    """invalidParams of a 400 problem as {name: reason} (or {(index, name): reason} for a batch)."""
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {
        (p["index"], p["name"]) if "index" in p else p["name"]: p["reason"] for p in response.json()["invalidParams"]
    }


def examen(inschrijving, **velden):
    return {
        "inschrijving": str(inschrijving.uuid),
        "onderdeel": "lezen",
        "datum": "2026-10-14",
        "niveau": "B1",
        "behaald": True,
        **velden,
    }


def rapportage(inschrijving, **velden):
    return {
        "inschrijving": str(inschrijving.uuid),
        "periodeStart": "2026-08-01",
        "periodeEind": "2026-10-31",
        "niveaus": {"lezen": "A2"},
        **velden,
    }


def les(inschrijving, **velden):
    return {
        "inschrijving": str(inschrijving.uuid),
        "lesId": "les-1",
        "datum": "2026-11-02",
        "geplandeMinuten": 180,
        "aanwezigeMinuten": 180,
        "status": "aanwezig",
        **velden,
    }


# --- item 7: deep nesting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("pad", ["/api/v1/aanwezigheid", "/api/v1/examenresultaten", "/api/v1/voortgangsrapportages"])
def test_diep_geneste_json_is_400_op_elk_schrijfpunt(api, pad):
    response = api.generic("POST", pad, DIEP, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert "te diep genest" in response.json()["detail"]


def test_diep_genest_ook_bij_patch_en_put(api, eigen):
    pad = f"/api/v1/inschrijvingen/{eigen.uuid}"
    assert api.generic("PATCH", pad, DIEP, content_type="application/merge-patch+json").status_code == 400
    assert api.generic("PUT", f"{pad}/taalschakeltraject", DIEP, content_type="application/json").status_code == 400


def test_diep_genest_onder_de_recursiegrens_is_ook_400(api):
    """500 levels parse, but would reach serializers and the error formatting, which recurse as well."""
    diep = '{"a":' * 500 + "1" + "}" * 500
    assert api.generic("POST", "/api/v1/examenresultaten", diep, content_type="application/json").status_code == 400


# --- item 8: dates only JJJJ-MM-DD -----------------------------------------------------------------------------


@pytest.mark.parametrize("datum", ["2026-W42-3", "20261014", "2026-10-14T00:00", "2026-287"])
def test_alleen_jjjj_mm_dd_bij_examenresultaten(api, eigen, datum):
    assert fouten(api.post("/api/v1/examenresultaten", examen(eigen, datum=datum), format="json")) == {
        "datum": "Geen geldige datum; schrijf JJJJ-MM-DD."
    }
    assert not Examenresultaat.objects.exists()


def test_alleen_jjjj_mm_dd_in_de_batch_de_rapportage_de_status_en_het_filter(api, eigen):
    assert fouten(api.post("/api/v1/aanwezigheid", [les(eigen, datum="2026-W45-1")], format="json")) == {
        (0, "datum"): "Geen geldige datum; schrijf JJJJ-MM-DD."
    }
    assert "periodeStart" in fouten(
        api.post("/api/v1/voortgangsrapportages", rapportage(eigen, periodeStart="2026-W31-6"), format="json")
    )
    wijziging = {"status": "afgerond", "einddatum": "2026-W45-1", "resultaat": "behaald"}
    assert "einddatum" in fouten(api.patch(f"/api/v1/inschrijvingen/{eigen.uuid}", wijziging, format="json"))
    assert "vanaf" in fouten(api.get("/api/v1/aanwezigheid", {"vanaf": "2026-W45-1"}))
    assert "gewijzigdNa" in fouten(api.get("/api/v1/inschrijvingen", {"gewijzigdNa": "2026-W45-1T10:00:00Z"}))
    assert not Aanwezigheid.objects.exists() and not Voortgangsrapportage.objects.exists()


# --- item 8: booleans as booleans --------------------------------------------------------------------------------


@pytest.mark.parametrize("behaald", ["true", "false", 1, 0, "yes", None])
def test_behaald_alleen_als_json_boolean(api, eigen, behaald):
    assert "behaald" in fouten(api.post("/api/v1/examenresultaten", examen(eigen, behaald=behaald), format="json"))
    assert not Examenresultaat.objects.exists()


# --- item 8: no niveau for an exam without levels ------------------------------------------------------------------


def test_geen_niveau_bij_knm(api, eigen):
    response = api.post("/api/v1/examenresultaten", examen(eigen, onderdeel="knm", niveau="B1"), format="json")
    assert fouten(response) == {"niveau": "KNM heeft geen niveau; laat niveau weg of geef null."}
    assert not Examenresultaat.objects.exists()
    assert (
        api.post("/api/v1/examenresultaten", examen(eigen, onderdeel="knm", niveau=None), format="json").status_code
        == 201
    )


# --- item 8: unknown fields named ------------------------------------------------------------------------------------


def test_onbekend_veld_wordt_genoemd_in_elke_body(api, eigen):
    onbekend = "Onbekend veld; dit verzoek kent het niet."
    assert fouten(api.post("/api/v1/examenresultaten", examen(eigen, bsn="999990019"), format="json")) == {
        "bsn": onbekend
    }
    assert fouten(api.post("/api/v1/voortgangsrapportages", rapportage(eigen, bsn="1"), format="json")) == {
        "bsn": onbekend
    }
    wijziging = {"status": "afgerond", "einddatum": "2026-11-02", "resultaat": "behaald", "bsn": "1"}
    assert fouten(api.patch(f"/api/v1/inschrijvingen/{eigen.uuid}", wijziging, format="json")) == {"bsn": onbekend}
    traject = {"startdatum": "2026-01-05", "bsn": "1"}
    assert "bsn" in fouten(api.put(f"/api/v1/inschrijvingen/{eigen.uuid}/taalschakeltraject", traject, format="json"))
    batch = [les(eigen), les(eigen, lesId="les-2", bsn="1", geboortedatum="2000-01-01")]
    assert fouten(api.post("/api/v1/aanwezigheid", batch, format="json")) == {
        (1, "bsn"): "Onbekend veld; een rij kent het niet.",
        (1, "geboortedatum"): "Onbekend veld; een rij kent het niet.",
    }
    assert not Examenresultaat.objects.exists() and not Aanwezigheid.objects.exists()


def test_onbekend_veld_naast_andere_fouten(api, eigen):
    assert fouten(
        api.post("/api/v1/examenresultaten", examen(eigen, datum="gisteren", typo=1), format="json")
    ).keys() == {
        "datum",
        "typo",
    }


# --- item 8: query parameters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pad", "query", "naam"),
    [
        ("/api/v1/aanwezigheid", "vanaf=", "vanaf"),
        ("/api/v1/aanwezigheid", "tot=", "tot"),
        ("/api/v1/aanwezigheid", "inschrijving=", "inschrijving"),
        ("/api/v1/aanwezigheid", "pageSize=null", "pageSize"),
        ("/api/v1/aanwezigheid", "pageSize=", "pageSize"),
        ("/api/v1/aanwezigheid", "pageSize=0", "pageSize"),
        ("/api/v1/aanwezigheid", "page=-1", "page"),
        ("/api/v1/aanwezigheid", "page=", "page"),
        ("/api/v1/aanwezigheid", "bsn=999990019", "bsn"),
        ("/api/v1/aanwezigheid", "vanaf=2026-11-01&vanaf=2026-11-02", "vanaf"),
        ("/api/v1/inschrijvingen", "status=", "status"),
        ("/api/v1/inschrijvingen", "gewijzigdNa=", "gewijzigdNa"),
        ("/api/v1/inschrijvingen", "pageSize=null", "pageSize"),
        ("/api/v1/inschrijvingen", "bsn=1", "bsn"),
        ("/api/v1/examenresultaten", "bsn=1", "bsn"),
    ],
)
def test_lege_onbekende_en_ongeldige_queryparameters_zijn_400(api, eigen, pad, query, naam):
    if pad == "/api/v1/examenresultaten":
        response = api.post(f"{pad}?{query}", examen(eigen), format="json")
    else:
        response = api.get(f"{pad}?{query}")
    assert naam in fouten(response)


def test_geldige_queryparameters_blijven_werken(api, eigen):
    AanwezigheidFactory(inschrijving=eigen, datum=D(2026, 11, 2))
    query = {"inschrijving": str(eigen.uuid), "vanaf": "2026-11-01", "tot": "2026-11-30", "page": 1, "pageSize": 5000}
    response = api.get("/api/v1/aanwezigheid", query)
    assert response.status_code == 200 and response.json()["count"] == 1  # pageSize above 1,000 is 1,000
    assert api.get("/api/v1/inschrijvingen", {"status": "actief", "pageSize": 10}).status_code == 200


def test_onbekende_inschrijving_in_het_filter_is_404_zoals_gedocumenteerd(api, eigen, interbeek, inschrijving_bij):
    for onbekend in (uuid.uuid4(), inschrijving_bij(interbeek).uuid):
        response = api.get("/api/v1/aanwezigheid", {"inschrijving": str(onbekend)})
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert api.get("/api/v1/aanwezigheid", {"inschrijving": str(eigen.uuid)}).status_code == 200


# --- item 8: an over-long URL ----------------------------------------------------------------------------------------


def test_een_te_lange_url_is_414_problem_json(api):
    response = api.get("/api/v1/aanwezigheid?vanaf=" + "9" * 5000)
    assert response.status_code == 414
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    assert response.json()["title"] == "Adres te lang"
    assert api.get("/api/v1/" + "x" * 5000).status_code == 414


def test_gunicorn_laat_een_lange_url_door_naar_django():
    """gunicorn's own limit (4094 by default) answered with its bare HTML; it must lie above Django's."""
    from pathlib import Path

    from inburgering.invoer import MAX_URL_LENGTE

    instellingen: dict = {}
    exec(Path("gunicorn.conf.py").read_text(), instellingen)  # noqa: S102 (our own configuration file)
    assert instellingen["limit_request_line"] > MAX_URL_LENGTE + len("DELETE  HTTP/1.1")


def test_nul_in_een_queryparameter_is_400_met_de_naam(api):
    assert fouten(api.get("/api/v1/aanwezigheid?tot=%00")) == {
        "tot": "Bevat een NUL-teken (\\0); dat is nergens toegestaan."
    }


# --- item 8: failed authentication is rate-limited ---------------------------------------------------------------


def test_mislukte_authenticatie_wordt_per_adres_begrensd(settings, toptaal, maak_sleutel):
    settings.API_MISLUKT_PER_MINUUT = 3
    fout = APIClient(REMOTE_ADDR="203.0.113.7")
    fout.credentials(HTTP_AUTHORIZATION="Api-Key AbCdEf12.verkeerd")
    for _ in range(3):
        assert fout.get("/api/v1/inschrijvingen").status_code == 401
    with CaptureQueriesContext(connection) as queries:
        response = fout.get("/api/v1/inschrijvingen")
    assert response.status_code == 429 and response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 61
    assert len(queries) == 0  # refused before the key is looked up

    _sleutel, key = maak_sleutel(toptaal)
    zelfde_adres = APIClient(REMOTE_ADDR="203.0.113.7")
    zelfde_adres.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert zelfde_adres.get("/api/v1/inschrijvingen").status_code == 429
    ander_adres = APIClient(REMOTE_ADDR="198.51.100.20")
    ander_adres.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert ander_adres.get("/api/v1/inschrijvingen").status_code == 200
