"""Issue 17, item 9: the quality of the processing log.

- A list read of the provider API is ONE event naming every person on the page (`statushouder_ids`), not a row
  per enrolment (a page of 1,000 attendance rows wrote 333 rows); "who saw my file?" (the case's verwerkingen
  page, the inzage export, `events_for_statushouder`) still finds it for each person on it.
- The server gives every request its own id; the client's X-Request-ID is kept apart (`client_request_id`), so
  two requests that send the same X-Request-ID never share a request id."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from cases.selectors.inzage import inzage
from cases.selectors.verwerkingen import verwerkingen_gegroepeerd
from inburgering.audit.models import AuditEvent, Handeling
from inburgering.audit.selectors import events_for_statushouder
from leerroutes.models import Leerroute
from partners.models import ApiSleutel
from tests.factories import AanwezigheidFactory, InschrijvingFactory, StatushouderFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def toptaal(achterhoek):
    return achterhoek.aanbieders["TopTaal"]


@pytest.fixture
def api(toptaal):
    _sleutel, key = ApiSleutel.objects.create_key(organisatie=toptaal, name="lijsttest")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


@pytest.fixture
def deelnemers(toptaal, winterswijk, aalten):
    """Three statushouders (two gemeenten) at TopTaal, with 40 lessons each."""
    uit = []
    for gemeente in (winterswijk, winterswijk, aalten):
        sh = StatushouderFactory(gemeente=gemeente)
        inschrijving = InschrijvingFactory(
            statushouder=sh, organisatie=toptaal, leerroute=Leerroute.objects.get(code="b1")
        )
        for dag in range(40):
            AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 9, 1) + dt.timedelta(days=dag))
        uit.append(sh)
    return uit


def test_een_lijst_van_de_api_is_een_gebeurtenis_die_elke_betrokkene_noemt(api, deelnemers, vandaag):
    response = api.get("/api/v1/aanwezigheid", {"pageSize": 1000})
    assert response.status_code == 200 and response.json()["count"] == 120
    [event] = AuditEvent.objects.filter(handeling=Handeling.LIST)
    assert set(event.statushouder_ids) == {sh.uuid for sh in deelnemers}
    assert event.statushouder_id is None and event.toelichting == "API: aanwezigheid opgevraagd"
    assert event.gemeente_code == ""  # two gemeenten on the page

    api.get("/api/v1/inschrijvingen", {"pageSize": 1000})
    assert AuditEvent.objects.filter(handeling=Handeling.LIST).count() == 2


def test_wie_zag_mijn_dossier_vindt_de_lijst_voor_elke_betrokkene(api, deelnemers, teamleider, vandaag):
    api.get("/api/v1/aanwezigheid", {"pageSize": 1000})
    event = AuditEvent.objects.get(handeling=Handeling.LIST)
    for sh in deelnemers:
        assert event in events_for_statushouder(sh)
        [rij] = [r for r in verwerkingen_gegroepeerd(sh) if r["handeling"] == Handeling.LIST]
        assert (rij["actor_label"], rij["aantal"]) == (event.actor_label, 1)
    ander = StatushouderFactory(gemeente=deelnemers[0].gemeente)
    assert not [r for r in verwerkingen_gegroepeerd(ander) if r["handeling"] == Handeling.LIST]

    export = inzage(teamleider, deelnemers[0].uuid, "json")  # the teamleider of Winterswijk
    toelichtingen = [v["toelichting"] for v in export["dossier"]["verwerkingen"]]
    assert "API: aanwezigheid opgevraagd" in toelichtingen


def test_de_htmllijsten_loggen_zoals_voorheen(client, consultant, winterswijk):
    """The caseload page still writes its 'in lijst getoond' events (one per case), found per person."""
    sh = StatushouderFactory(gemeente=winterswijk, consultant=consultant)
    client.force_login(consultant)
    assert client.get("/dossiers/").status_code == 200
    assert AuditEvent.objects.over(sh.uuid).filter(handeling=Handeling.LIST).exists()


def test_request_id_van_de_server_en_van_de_client_apart(api, deelnemers, vandaag):
    antwoorden = [api.get("/api/v1/aanwezigheid", HTTP_X_REQUEST_ID="batch-2026-11-24") for _ in range(2)]
    events = list(AuditEvent.objects.filter(handeling=Handeling.LIST).order_by("id"))
    assert [e.client_request_id for e in events] == ["batch-2026-11-24"] * 2
    assert [e.request_id for e in events] == [a["X-Request-ID"] for a in antwoorden]
    assert events[0].request_id != events[1].request_id  # the same client id, two requests
    assert all(a["X-Client-Request-ID"] == "batch-2026-11-24" for a in antwoorden)
