"""POST /api/v1/examenresultaten: a result on one of the caller's own enrolments, validated in Dutch per
field, idempotent on (inschrijving, onderdeel, datum), with a timeline entry and an audit event by the key,
and counted by the route map and the voldaan check."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from cases import routekaart, services
from cases.models import Statushouder, TijdlijnGebeurtenis
from inburgering.audit.models import ActorType, AuditEvent, Handeling
from leerroutes.models import Examenresultaat, Leerroute
from tests.cases import conftest as cases_conftest
from tests.factories import InschrijvingFactory, leg_route_af

D = dt.date
URL = "/api/v1/examenresultaten"
pytestmark = pytest.mark.django_db

registreer = cases_conftest.registreer  # a case driven to in_uitvoering, as on the case page
naar_uitvoering = cases_conftest.naar_uitvoering


def fouten(response) -> dict:
    """invalidParams of a 400 problem as {name: reason}."""
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Ongeldige invoer"
    return {p["name"]: p["reason"] for p in body["invalidParams"]}


@pytest.fixture
def inschrijving(toptaal, inschrijving_bij):
    return inschrijving_bij(toptaal)  # B1-route, started 2 June 2025


@pytest.fixture
def api(toptaal, api_voor):
    return api_voor(toptaal)


def melding(ingeschreven, **velden):
    return {
        "inschrijving": str(ingeschreven.uuid),
        "onderdeel": "lezen",
        "datum": "2026-10-14",
        "niveau": "B1",
        "behaald": True,
        **velden,
    }


def test_nieuw_resultaat_is_201_met_de_bron(api, inschrijving):
    response = api.post(URL, melding(inschrijving), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    resultaat = Examenresultaat.objects.get()
    assert body == {
        "id": str(resultaat.uuid),
        "inschrijving": str(inschrijving.uuid),
        "onderdeel": "lezen",
        "datum": "2026-10-14",
        "niveau": "B1",
        "behaald": True,
    }
    assert (resultaat.inschrijving, resultaat.onderdeel.code, resultaat.datum) == (
        inschrijving,
        "lezen",
        D(2026, 10, 14),
    )
    assert response["API-Version"] == "1.0.0"


def test_tijdlijn_en_audit_met_de_sleutel_als_actor(api, inschrijving, toptaal):
    api.post(URL, melding(inschrijving), format="json")
    gebeurtenis = TijdlijnGebeurtenis.objects.get(statushouder=inschrijving.statushouder)
    assert gebeurtenis.omschrijving == "Examen lezen behaald (B1), gemeld door TopTaal"
    assert (gebeurtenis.soort, gebeurtenis.datum, gebeurtenis.actor) == ("examenresultaat", D(2026, 10, 14), None)
    event = AuditEvent.objects.get(object_type="leerroutes.examenresultaat")
    assert (event.handeling, event.actor_type, event.actor_id) == (
        Handeling.CREATE,
        ActorType.API_CLIENT,
        str(toptaal.uuid),
    )
    assert event.statushouder_id == inschrijving.statushouder.uuid
    assert event.object_id == str(Examenresultaat.objects.get().uuid)


@pytest.mark.parametrize("onderdeel", ["knm", "map", "pvt"])
def test_knm_map_pvt_zonder_niveau(api, inschrijving, onderdeel):
    response = api.post(URL, melding(inschrijving, onderdeel=onderdeel, niveau=None), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["niveau"] is None
    assert Examenresultaat.objects.get().niveau == ""
    del_niveau = melding(inschrijving, onderdeel=onderdeel, datum="2026-10-15")
    del del_niveau["niveau"]
    assert api.post(URL, del_niveau, format="json").status_code == 201
    naam = onderdeel.upper()
    assert TijdlijnGebeurtenis.objects.filter(omschrijving=f"Examen {naam} behaald, gemeld door TopTaal").count() == 2


def test_niet_behaald(api, inschrijving):
    response = api.post(URL, melding(inschrijving, onderdeel="spreken", niveau="A2", behaald=False), format="json")
    assert response.status_code == 201 and response.json()["behaald"] is False
    assert TijdlijnGebeurtenis.objects.get().omschrijving == "Examen spreken niet behaald (A2), gemeld door TopTaal"


def test_opnieuw_sturen_is_200_en_verandert_niets(api, inschrijving):
    eerste = api.post(URL, melding(inschrijving), format="json").json()
    response = api.post(URL, melding(inschrijving), format="json")
    assert response.status_code == 200
    assert response.json() == eerste
    assert Examenresultaat.objects.count() == 1
    assert TijdlijnGebeurtenis.objects.count() == 1  # nothing new happened
    handelingen = list(
        AuditEvent.objects.filter(object_type="leerroutes.examenresultaat").values_list("handeling", flat=True)
    )
    assert sorted(handelingen) == [Handeling.CREATE, Handeling.READ]


def test_opnieuw_sturen_met_ander_resultaat_werkt_bij(api, inschrijving):
    eerste = api.post(URL, melding(inschrijving, behaald=False, niveau="A2"), format="json").json()
    response = api.post(URL, melding(inschrijving, behaald=True, niveau="B1"), format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == eerste["id"] and body["behaald"] is True and body["niveau"] == "B1"
    resultaat = Examenresultaat.objects.get()
    assert (resultaat.behaald, resultaat.niveau) == (True, "B1")
    assert TijdlijnGebeurtenis.objects.first().omschrijving == "Examen lezen behaald (B1), gecorrigeerd door TopTaal"
    update = AuditEvent.objects.get(object_type="leerroutes.examenresultaat", handeling=Handeling.UPDATE)
    assert update.velden == ["behaald", "niveau"]


def test_andere_datum_is_een_nieuw_resultaat(api, inschrijving):
    api.post(URL, melding(inschrijving, behaald=False), format="json")
    assert api.post(URL, melding(inschrijving, datum="2026-11-02"), format="json").status_code == 201
    assert Examenresultaat.objects.count() == 2


VANDAAG = timezone.localdate()


@pytest.mark.parametrize(
    ("velden", "naam", "reden"),
    [
        ({"inschrijving": str(uuid.UUID(int=1))}, "inschrijving", "Onbekende inschrijving."),
        ({"inschrijving": "geen-uuid"}, "inschrijving", "Geef het id (UUID) van een inschrijving."),
        ({"onderdeel": "taalschakel"}, "onderdeel", None),
        ({"onderdeel": "zwemmen"}, "onderdeel", None),
        ({"datum": "2025-06-01"}, "datum", "Deze datum ligt vóór de start van de inschrijving (02-06-2025)."),
        (
            {"datum": str(VANDAAG + dt.timedelta(days=7))},  # a week: collected before a run may cross midnight
            "datum",
            "Deze datum ligt in de toekomst.",
        ),
        ({"datum": "14-10-2026"}, "datum", None),
        ({"niveau": None}, "niveau", "Geef het niveau van dit taalexamen (A0 tot en met C1)."),
        ({"niveau": "B3"}, "niveau", None),
        ({"behaald": None}, "behaald", None),
        ({"behaald": "misschien"}, "behaald", "Gebruik true of false."),
    ],
)
def test_ongeldig_veld_is_400_met_dat_veld_en_schrijft_niets(api, inschrijving, velden, naam, reden):
    response = api.post(URL, melding(inschrijving, **velden), format="json")
    gevonden = fouten(response)
    assert list(gevonden) == [naam]
    if reden:
        assert gevonden[naam] == reden
    assert not Examenresultaat.objects.exists()
    assert not TijdlijnGebeurtenis.objects.exists()
    assert not AuditEvent.objects.filter(object_type="leerroutes.examenresultaat").exists()


def test_verplichte_velden(api):
    assert set(fouten(api.post(URL, {}, format="json"))) == {"inschrijving", "onderdeel", "datum", "behaald"}


def test_geen_map_in_de_onderwijsroute(api, toptaal, inschrijving_bij):
    onderwijs = inschrijving_bij(toptaal, route="onderwijs")
    response = api.post(URL, melding(onderwijs, onderdeel="map", niveau=None), format="json")
    assert fouten(response) == {"onderdeel": "MAP hoort niet bij de leerroute van deze inschrijving (Onderwijsroute)."}
    assert api.post(URL, melding(onderwijs, onderdeel="pvt", niveau=None), format="json").status_code == 201


def test_taalexamen_niet_in_de_zroute(api, toptaal, inschrijving_bij):
    z = inschrijving_bij(toptaal, route="z")
    assert fouten(api.post(URL, melding(z), format="json")) == {
        "onderdeel": "lezen hoort niet bij de leerroute van deze inschrijving (Z-route)."
    }


def test_andere_aanbieder_kan_niet_schrijven_en_ziet_niet_dat_het_bestaat(api_voor, interbeek, inschrijving):
    interbeek_api = api_voor(interbeek)
    vreemd = interbeek_api.post(URL, melding(inschrijving), format="json")
    verzonnen = interbeek_api.post(URL, melding(inschrijving, inschrijving=str(uuid.uuid4())), format="json")
    assert fouten(vreemd) == fouten(verzonnen) == {"inschrijving": "Onbekende inschrijving."}
    assert not Examenresultaat.objects.exists()
    assert not TijdlijnGebeurtenis.objects.exists()


def test_zonder_sleutel_401(inschrijving):
    from rest_framework.test import APIClient

    response = APIClient().post(URL, melding(inschrijving), format="json")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    assert not Examenresultaat.objects.exists()


def test_examens_via_de_api_maken_de_routekaart_af_en_voldaan_mogelijk(
    registreer, naar_uitvoering, consultant, toptaal, api
):
    sh = registreer()
    naar_uitvoering(sh, route="b1")
    inschrijving = InschrijvingFactory(
        statushouder=sh, organisatie=toptaal, leerroute=Leerroute.objects.get(code="b1"), startdatum=D(2023, 4, 3)
    )
    examens = [("lezen", "B1"), ("luisteren", "B1"), ("spreken", "B1"), ("schrijven", "B1"), ("knm", None)]
    for i, (onderdeel, niveau) in enumerate(examens):
        body = melding(inschrijving, onderdeel=onderdeel, niveau=niveau, datum=str(D(2025, 3, 1 + i)))
        assert api.post(URL, body, format="json").status_code == 201
    sh = Statushouder.objects.get(pk=sh.pk)
    kaart = routekaart.voortgang(sh, VANDAAG)
    assert all(kaart.stap(code).gedaan for code in ("taal", "knm"))
    assert kaart.stap("taal").datum == D(2025, 3, 4)
    assert kaart.ontbrekend[0].startswith("MAP: ")  # MAP and PVT come from the gemeente's records, not from exams
    leg_route_af(sh)
    assert routekaart.voortgang(sh, VANDAAG).ontbrekend == []
    sh = services.rond_af(actor=consultant, statushouder=sh, eindreden="voldaan", datum=VANDAAG)
    assert (sh.status, sh.eindreden) == ("afgerond", "voldaan")
    omschrijvingen = set(sh.tijdlijn.values_list("omschrijving", flat=True))
    assert "Examen lezen behaald (B1), gemeld door TopTaal" in omschrijvingen


def test_niet_behaald_telt_niet_op_de_routekaart(registreer, naar_uitvoering, toptaal, api):
    sh = registreer()
    naar_uitvoering(sh, route="b1")
    inschrijving = InschrijvingFactory(
        statushouder=sh, organisatie=toptaal, leerroute=Leerroute.objects.get(code="b1"), startdatum=D(2023, 4, 3)
    )
    api.post(URL, melding(inschrijving, onderdeel="knm", niveau=None, behaald=False, datum="2025-03-01"), format="json")
    assert not routekaart.voortgang(Statushouder.objects.get(pk=sh.pk), VANDAAG).stap("knm").gedaan
