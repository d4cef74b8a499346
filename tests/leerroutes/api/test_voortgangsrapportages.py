"""POST /api/v1/voortgangsrapportages: a progress report on one of the caller's own enrolments, validated
in Dutch per field, idempotent on (inschrijving, periodeStart, periodeEind), with a timeline entry and an
audit event by the key. The case page shows it (tests/cases/test_dossier_views.py)."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from cases.models import TijdlijnGebeurtenis
from inburgering.audit.models import ActorType, AuditEvent, Handeling
from leerroutes.models import Voortgangsrapportage
from tests.leerroutes.api.test_examenresultaten import fouten

D = dt.date
URL = "/api/v1/voortgangsrapportages"
VANDAAG = timezone.localdate()
pytestmark = pytest.mark.django_db


@pytest.fixture
def inschrijving(toptaal, inschrijving_bij):
    return inschrijving_bij(toptaal)  # B1-route, started 2 June 2025


@pytest.fixture
def api(toptaal, api_voor):
    return api_voor(toptaal)


def rapportage(ingeschreven, **velden):
    return {
        "inschrijving": str(ingeschreven.uuid),
        "periodeStart": "2026-08-01",
        "periodeEind": "2026-10-31",
        "niveaus": {"spreken": "A2", "lezen": "B1"},
        "toelichting": "Goede vooruitgang bij lezen.",
        **velden,
    }


def test_nieuwe_rapportage_is_201_met_de_bron(api, inschrijving):
    response = api.post(URL, rapportage(inschrijving), format="json")
    assert response.status_code == 201, response.content
    opgeslagen = Voortgangsrapportage.objects.get()
    assert response.json() == {
        "id": str(opgeslagen.uuid),
        "inschrijving": str(inschrijving.uuid),
        "periodeStart": "2026-08-01",
        "periodeEind": "2026-10-31",
        "niveaus": {"lezen": "B1", "spreken": "A2"},
        "toelichting": "Goede vooruitgang bij lezen.",
    }
    assert (opgeslagen.inschrijving, opgeslagen.periode_start, opgeslagen.periode_eind) == (
        inschrijving,
        D(2026, 8, 1),
        D(2026, 10, 31),
    )


def test_tijdlijn_en_audit_met_de_sleutel_als_actor(api, inschrijving, toptaal):
    api.post(URL, rapportage(inschrijving), format="json")
    gebeurtenis = TijdlijnGebeurtenis.objects.get(statushouder=inschrijving.statushouder)
    assert gebeurtenis.omschrijving == (
        "Voortgangsrapportage 01-08-2026 t/m 31-10-2026: lezen B1, spreken A2, gemeld door TopTaal"
    )
    assert (gebeurtenis.soort, gebeurtenis.datum, gebeurtenis.actor) == ("voortgangsrapportage", D(2026, 10, 31), None)
    event = AuditEvent.objects.get(object_type="leerroutes.voortgangsrapportage")
    assert (event.handeling, event.actor_type, event.actor_id, event.statushouder_id) == (
        Handeling.CREATE,
        ActorType.API_CLIENT,
        str(toptaal.uuid),
        inschrijving.statushouder.uuid,
    )


def test_alleen_een_toelichting_of_alleen_niveaus(api, inschrijving):
    zonder_niveaus = rapportage(inschrijving)
    del zonder_niveaus["niveaus"]
    response = api.post(URL, zonder_niveaus, format="json")
    assert response.status_code == 201 and response.json()["niveaus"] == {}
    zonder_toelichting = rapportage(inschrijving, periodeStart="2026-09-01", niveaus={"knm": "A2"})
    del zonder_toelichting["toelichting"]
    response = api.post(URL, zonder_toelichting, format="json")
    assert response.status_code == 201 and response.json()["toelichting"] == ""
    assert "KNM A2" in TijdlijnGebeurtenis.objects.first().omschrijving


def test_opnieuw_sturen_is_200_en_verandert_niets(api, inschrijving):
    eerste = api.post(URL, rapportage(inschrijving), format="json").json()
    response = api.post(URL, rapportage(inschrijving, niveaus={"lezen": "B1", "spreken": "A2"}), format="json")
    assert response.status_code == 200 and response.json() == eerste
    assert Voortgangsrapportage.objects.count() == 1 and TijdlijnGebeurtenis.objects.count() == 1
    handelingen = AuditEvent.objects.filter(object_type="leerroutes.voortgangsrapportage")
    assert sorted(handelingen.values_list("handeling", flat=True)) == [Handeling.CREATE, Handeling.READ]


def test_dezelfde_periode_vervangt_de_rapportage(api, inschrijving):
    eerste = api.post(URL, rapportage(inschrijving), format="json").json()
    response = api.post(URL, rapportage(inschrijving, niveaus={"lezen": "B1", "spreken": "B1"}), format="json")
    assert response.status_code == 200
    assert response.json()["id"] == eerste["id"] and response.json()["niveaus"] == {"lezen": "B1", "spreken": "B1"}
    assert Voortgangsrapportage.objects.get().niveaus == {"lezen": "B1", "spreken": "B1"}
    assert TijdlijnGebeurtenis.objects.first().omschrijving.endswith("spreken B1, gecorrigeerd door TopTaal")
    update = AuditEvent.objects.get(object_type="leerroutes.voortgangsrapportage", handeling=Handeling.UPDATE)
    assert update.velden == ["niveaus"]


def test_andere_periode_is_een_nieuwe_rapportage(api, inschrijving):
    api.post(URL, rapportage(inschrijving), format="json")
    assert api.post(URL, rapportage(inschrijving, periodeEind="2026-11-15"), format="json").status_code == 201
    assert Voortgangsrapportage.objects.count() == 2


@pytest.mark.parametrize(
    ("velden", "naam", "reden"),
    [
        ({"inschrijving": str(uuid.UUID(int=1))}, "inschrijving", "Onbekende inschrijving."),
        ({"inschrijving": "geen-uuid"}, "inschrijving", "Geef het id (UUID) van een inschrijving."),
        ({"periodeEind": "2026-07-31"}, "periodeEind", "Het einde van de periode ligt vóór het begin."),
        (
            {"periodeEind": str(VANDAAG + dt.timedelta(days=7))},  # a week: collected before a run may cross midnight
            "periodeEind",
            "Deze datum ligt in de toekomst.",
        ),
        (
            {"periodeStart": "2025-06-01"},
            "periodeStart",
            "Deze datum ligt vóór de start van de inschrijving (02-06-2025).",
        ),
        ({"periodeStart": "1-8-2026"}, "periodeStart", None),
        ({"niveaus": {"lezen": "B3"}}, "niveaus.lezen", None),
        ({"niveaus": {"rekenen": "B1", "zwemmen": "A1"}}, "niveaus", "Onbekende vaardigheid: rekenen, zwemmen."),
        ({"niveaus": ["B1"]}, "niveaus", None),
        ({"niveaus": {}, "toelichting": "  "}, "niveaus", "Geef ten minste één niveau of een toelichting."),
        ({"toelichting": "x" * 2001}, "toelichting", None),
    ],
)
def test_ongeldig_veld_is_400_met_dat_veld_en_schrijft_niets(api, inschrijving, velden, naam, reden):
    gevonden = fouten(api.post(URL, rapportage(inschrijving, **velden), format="json"))
    assert list(gevonden) == [naam]
    if reden:
        assert gevonden[naam] == reden
    assert not Voortgangsrapportage.objects.exists()
    assert not TijdlijnGebeurtenis.objects.exists()
    assert not AuditEvent.objects.filter(object_type="leerroutes.voortgangsrapportage").exists()


def test_verplichte_velden(api):
    assert set(fouten(api.post(URL, {}, format="json"))) == {"inschrijving", "periodeStart", "periodeEind"}


def test_periode_van_een_dag_tot_vandaag_mag(api, inschrijving):
    vandaag = str(VANDAAG)
    response = api.post(URL, rapportage(inschrijving, periodeStart=vandaag, periodeEind=vandaag), format="json")
    assert response.status_code == 201


def test_andere_aanbieder_kan_niet_schrijven_en_ziet_niet_dat_het_bestaat(api_voor, interbeek, inschrijving):
    interbeek_api = api_voor(interbeek)
    vreemd = interbeek_api.post(URL, rapportage(inschrijving), format="json")
    verzonnen = interbeek_api.post(URL, rapportage(inschrijving, inschrijving=str(uuid.uuid4())), format="json")
    assert fouten(vreemd) == fouten(verzonnen) == {"inschrijving": "Onbekende inschrijving."}
    assert not Voortgangsrapportage.objects.exists()
    assert not TijdlijnGebeurtenis.objects.exists()


def test_zonder_sleutel_401(inschrijving):
    from rest_framework.test import APIClient

    response = APIClient().post(URL, rapportage(inschrijving), format="json")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    assert not Voortgangsrapportage.objects.exists()
