"""GET /api/v1/inschrijvingen and /api/v1/inschrijvingen/{id}: a provider reads its own enrolments, with the
statushouder's name and date of birth only, filtered and paginated, audit-logged, in constant queries."""

import datetime as dt
import uuid

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from inburgering.audit.models import ActorType, AuditEvent, Handeling
from leerroutes.models import Inschrijving, Onderdeel
from partners.models import Contract
from tests.factories import InschrijvingFactory, StatushouderFactory

pytestmark = pytest.mark.django_db

LIJST = "/api/v1/inschrijvingen"
VELDEN = {
    "id",
    "statushouder",
    "leerroute",
    "onderdelen",
    "status",
    "aangemeldOp",
    "geplandeStartdatum",
    "startdatum",
    "verwachteEinddatum",
    "einddatum",
    "resultaat",
    "reden",
    "contract",
    "gewijzigdOp",
}
UTC = dt.UTC
TIJDSTIP_FOUT = (
    "Geef een tijdstip in ISO 8601 met tijdzone, bijvoorbeeld 2026-11-24T09:00:00Z of "
    "2026-11-24T10:00:00%2B01:00 (een + in de query-string als %2B)."
)


def detail(inschrijving):
    return f"{LIJST}/{inschrijving.uuid}"


def zet_gewijzigd_op(inschrijving, tijdstip):
    """gewijzigd_op is auto_now; tests need fixed moments, so set it past save()."""
    Inschrijving.objects.filter(pk=inschrijving.pk).update(gewijzigd_op=tijdstip)


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.fixture
def toptaal_inschrijving(toptaal, inschrijving_bij):
    """A B1-route enrolment at TopTaal for lezen and KNM, under TopTaal's B1 contract."""
    contract = Contract.objects.get(organisatie=toptaal, leerroute__code="b1")
    contract.kenmerk = "TT-B1-2022"
    contract.save()
    inschrijving = inschrijving_bij(toptaal, contract=contract)
    inschrijving.onderdelen.set(Onderdeel.objects.filter(code__in=["lezen", "knm"]))
    return inschrijving


# --- representation -------------------------------------------------------------------------------------------


def test_list_shows_own_enrolment_with_exactly_the_contract_fields(api_voor, toptaal, toptaal_inschrijving):
    sh = toptaal_inschrijving.statushouder
    response = api_voor(toptaal).get(LIJST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 1
    [rij] = body["results"]
    assert set(rij) == VELDEN
    assert rij["id"] == str(toptaal_inschrijving.uuid)
    assert rij["statushouder"] == {
        "voornamen": sh.voornamen,
        "achternaam": sh.achternaam,
        "geboortedatum": "1998-05-04",
    }
    assert rij["leerroute"] == "b1"
    assert rij["onderdelen"] == ["lezen", "knm"]
    assert rij["status"] == "actief"
    assert rij["startdatum"] == "2025-06-02"
    assert rij["einddatum"] is None
    assert rij["contract"] == {"id": str(toptaal_inschrijving.contract.uuid), "kenmerk": "TT-B1-2022"}


def test_no_bsn_or_case_data_anywhere_in_the_json(api_voor, toptaal, toptaal_inschrijving):
    sh = toptaal_inschrijving.statushouder
    sh.overdracht_notities = "Vertrouwelijke notitie van het AZC"
    sh.save()
    for url in (LIJST, detail(toptaal_inschrijving)):
        tekst = api_voor(toptaal).get(url).content.decode()
        assert "bsn" not in tekst.lower()
        assert sh.bsn not in tekst
        assert "Vertrouwelijke" not in tekst
        assert str(sh.uuid) not in tekst  # the case's own id stays inside too


def test_gewijzigd_op_is_utc_with_offset(api_voor, toptaal, toptaal_inschrijving):
    zet_gewijzigd_op(toptaal_inschrijving, dt.datetime(2026, 11, 24, 9, 30, 15, 123456, tzinfo=UTC))
    rij = api_voor(toptaal).get(detail(toptaal_inschrijving)).json()
    assert rij["gewijzigdOp"] == "2026-11-24T09:30:15.123456Z"


def test_detail_returns_the_same_representation(api_voor, toptaal, toptaal_inschrijving):
    api = api_voor(toptaal)
    response = api.get(detail(toptaal_inschrijving))
    assert response.status_code == 200
    assert response.json() == api.get(LIJST).json()["results"][0]


def test_ended_enrolment_without_contract_or_onderdelen(api_voor, toptaal, inschrijving_bij):
    inschrijving = inschrijving_bij(
        toptaal, route="z", status=Inschrijving.Status.AFGEBROKEN, einddatum=dt.date(2026, 3, 31)
    )
    rij = api_voor(toptaal).get(detail(inschrijving)).json()
    assert rij["leerroute"] == "z"
    assert rij["status"] == "afgebroken"
    assert rij["einddatum"] == "2026-03-31"
    assert rij["contract"] is None
    assert rij["onderdelen"] == []


# --- filters ----------------------------------------------------------------------------------------------------


def test_status_filter(api_voor, toptaal, inschrijving_bij):
    actief = inschrijving_bij(toptaal)
    afgerond = inschrijving_bij(toptaal, status=Inschrijving.Status.AFGEROND, einddatum=dt.date(2026, 6, 30))
    api = api_voor(toptaal)
    assert [r["id"] for r in api.get(LIJST, {"status": "afgerond"}).json()["results"]] == [str(afgerond.uuid)]
    assert [r["id"] for r in api.get(LIJST, {"status": "actief"}).json()["results"]] == [str(actief.uuid)]
    assert api.get(LIJST, {"status": "aangemeld"}).json()["count"] == 0


def test_gewijzigd_na_is_strictly_after_and_honours_the_offset(api_voor, toptaal, inschrijving_bij):
    oud, nieuw = inschrijving_bij(toptaal), inschrijving_bij(toptaal)
    zet_gewijzigd_op(oud, dt.datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    zet_gewijzigd_op(nieuw, dt.datetime(2026, 11, 24, 11, 0, tzinfo=UTC))
    api = api_voor(toptaal)

    def ids(waarde):
        return [r["id"] for r in api.get(LIJST, {"gewijzigdNa": waarde}).json()["results"]]

    assert ids("2026-11-24T09:59:59.999999Z") == [str(oud.uuid), str(nieuw.uuid)]  # oldest change first
    assert ids("2026-11-24T10:00:00Z") == [str(nieuw.uuid)]  # equal is not after
    assert ids("2026-11-24T11:00:00+01:00") == [str(nieuw.uuid)]  # 11:00 in Amsterdam is 10:00Z: equal
    assert ids("2026-11-24T10:59:59+01:00") == [str(oud.uuid), str(nieuw.uuid)]
    assert ids("2026-11-24T11:00:00Z") == []


def test_gewijzigd_na_round_trips_the_last_gewijzigd_op(api_voor, toptaal, inschrijving_bij):
    """The sync pattern of the guide: pass the largest gewijzigdOp seen back; only later changes return."""
    eerste, tweede = inschrijving_bij(toptaal), inschrijving_bij(toptaal)
    zet_gewijzigd_op(eerste, dt.datetime(2026, 11, 24, 1, 0, 0, 1, tzinfo=UTC))
    zet_gewijzigd_op(tweede, dt.datetime(2026, 11, 24, 1, 0, 0, 2, tzinfo=UTC))
    api = api_voor(toptaal)
    laatste = api.get(LIJST).json()["results"][0]["gewijzigdOp"]
    assert [r["id"] for r in api.get(LIJST, {"gewijzigdNa": laatste}).json()["results"]] == [str(tweede.uuid)]


def test_gewijzigd_na_with_any_valid_offset(api_voor, toptaal, inschrijving_bij):
    """Offsets PostgreSQL itself refuses (beyond ±15:59) still mean a moment: compared in UTC (found by
    schemathesis: it was a 500)."""
    inschrijving = inschrijving_bij(toptaal)
    zet_gewijzigd_op(inschrijving, dt.datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    api = api_voor(toptaal)
    assert [r["id"] for r in api.get(LIJST, {"gewijzigdNa": "2026-11-23T12:00:00-22:00"}).json()["results"]] == []
    assert api.get(LIJST, {"gewijzigdNa": "2026-11-23T11:59:00-22:00"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("parameters", "naam", "reden"),
    [
        ({"status": "bezig"}, "status", "Onbekende status; kies aangemeld, actief, afgewezen, afgerond of afgebroken."),
        ({"gewijzigdNa": "0001-01-01T00:30:00+01:00"}, "gewijzigdNa", TIJDSTIP_FOUT),  # before year 1 in UTC
        ({"gewijzigdNa": "gisteren"}, "gewijzigdNa", TIJDSTIP_FOUT),
        ({"gewijzigdNa": "2026-11-24T10:00:00"}, "gewijzigdNa", TIJDSTIP_FOUT),  # no offset
        ({"gewijzigdNa": "2026-11-24"}, "gewijzigdNa", TIJDSTIP_FOUT),
        ({"gewijzigdNa": "2026-13-24T10:00:00Z"}, "gewijzigdNa", TIJDSTIP_FOUT),
        # an unencoded + arrives as a space: the message says to send %2B
        ({"gewijzigdNa": "2026-11-24T10:00:00 01:00"}, "gewijzigdNa", TIJDSTIP_FOUT),
    ],
)
def test_bad_filter_value_is_400_naming_the_parameter(api_voor, toptaal, parameters, naam, reden):
    body = assert_problem(api_voor(toptaal).get(LIJST, parameters), 400)
    assert body["invalidParams"] == [{"name": naam, "reason": reden}]


def test_every_bad_parameter_is_named(api_voor, toptaal):
    body = assert_problem(api_voor(toptaal).get(LIJST, {"status": "x", "gewijzigdNa": "y"}), 400)
    assert {p["name"] for p in body["invalidParams"]} == {"status", "gewijzigdNa"}
    assert not AuditEvent.objects.exists()


# --- pagination -------------------------------------------------------------------------------------------------


def test_pagination_with_page_and_page_size(api_voor, toptaal, inschrijving_bij):
    inschrijvingen = [inschrijving_bij(toptaal) for _ in range(3)]
    for uur, inschrijving in enumerate(inschrijvingen):
        zet_gewijzigd_op(inschrijving, dt.datetime(2026, 11, 24, uur, tzinfo=UTC))
    api = api_voor(toptaal)

    eerste = api.get(LIJST, {"pageSize": 2}).json()
    assert eerste["count"] == 3
    assert [r["id"] for r in eerste["results"]] == [str(i.uuid) for i in inschrijvingen[:2]]
    assert "page=2" in eerste["next"] and "pageSize=2" in eerste["next"]
    assert eerste["previous"] is None

    tweede = api.get(LIJST, {"pageSize": 2, "page": 2}).json()
    assert [r["id"] for r in tweede["results"]] == [str(inschrijvingen[2].uuid)]
    assert tweede["next"] is None

    assert_problem(api.get(LIJST, {"pageSize": 2, "page": 3}), 404)


# --- scope: another provider's enrolment does not exist for the caller -----------------------------------------


def test_other_provider_gets_404_and_never_sees_it_in_its_list(api_voor, toptaal, interbeek, inschrijving_bij):
    van_toptaal = inschrijving_bij(toptaal)
    van_interbeek = inschrijving_bij(interbeek)
    api = api_voor(interbeek)

    body = assert_problem(api.get(detail(van_toptaal)), 404)
    assert body["detail"] == "Deze bron bestaat niet of hoort niet bij uw organisatie."
    lijst = api.get(LIJST).json()
    assert [r["id"] for r in lijst["results"]] == [str(van_interbeek.uuid)]
    assert api.get(LIJST, {"status": "actief"}).json()["count"] == 1
    assert not AuditEvent.objects.filter(object_id=str(van_toptaal.uuid)).exists()


def test_unknown_id_is_404_and_malformed_id_is_400_naming_id(api_voor, toptaal):
    api = api_voor(toptaal)
    assert_problem(api.get(f"{LIJST}/{uuid.uuid4()}"), 404)
    body = assert_problem(api.get(f"{LIJST}/12345"), 400)
    assert body["invalidParams"] == [
        {"name": "id", "reason": "Dit is geen geldig id: een inschrijving heeft een UUID."}
    ]


def test_trailing_slash_is_not_an_alias(api_voor, toptaal, toptaal_inschrijving):
    api = api_voor(toptaal)
    assert_problem(api.get(f"{LIJST}/"), 404)
    assert_problem(api.get(f"{detail(toptaal_inschrijving)}/"), 404)


# --- audit ------------------------------------------------------------------------------------------------------


def test_list_logs_one_list_event_naming_the_shown_enrolments(api_voor, toptaal, inschrijving_bij):
    inschrijvingen = [inschrijving_bij(toptaal) for _ in range(3)]
    for uur, inschrijving in enumerate(inschrijvingen):
        zet_gewijzigd_op(inschrijving, dt.datetime(2026, 11, 24, uur, tzinfo=UTC))
    api = api_voor(toptaal)
    with CaptureQueriesContext(connections["audit"]) as audit:
        assert api.get(LIJST, {"pageSize": 2}).status_code == 200
    assert len(audit.captured_queries) == 1  # one INSERT

    event = AuditEvent.objects.get(handeling=Handeling.LIST)  # one event for the page (issue 17)
    assert set(event.statushouder_ids) == {i.statushouder.uuid for i in inschrijvingen[:2]}  # only the page shown
    assert event.actor_type == ActorType.API_CLIENT
    assert event.actor_id == str(toptaal.uuid)
    assert event.object_type == "leerroutes.inschrijving"
    assert event.gemeente_code == inschrijvingen[0].statushouder.gemeente.cbs_code


def test_detail_logs_a_read_event(api_voor, toptaal, toptaal_inschrijving):
    api_voor(toptaal).get(detail(toptaal_inschrijving))
    [event] = AuditEvent.objects.all()
    assert event.handeling == Handeling.READ
    assert event.actor_type == ActorType.API_CLIENT
    assert event.actor_id == str(toptaal.uuid)
    assert event.object_id == str(toptaal_inschrijving.uuid)
    assert event.statushouder_id == toptaal_inschrijving.statushouder.uuid


def test_empty_page_logs_nothing(api_voor, toptaal):
    assert api_voor(toptaal).get(LIJST).json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert not AuditEvent.objects.exists()


# --- performance ------------------------------------------------------------------------------------------------


def _enrolments(organisatie, leerroute, aantal, winterswijk):
    onderdelen = list(Onderdeel.objects.filter(code__in=["lezen", "schrijven", "knm"]))
    contract = Contract.objects.get(organisatie=organisatie, leerroute=leerroute)
    for sh in StatushouderFactory.create_batch(aantal, gemeente=winterswijk):
        InschrijvingFactory(statushouder=sh, organisatie=organisatie, leerroute=leerroute, contract=contract)
    for inschrijving in Inschrijving.objects.filter(organisatie=organisatie):
        inschrijving.onderdelen.set(onderdelen)


def test_list_costs_the_same_queries_for_5_and_150_enrolments(
    api_voor, toptaal, winterswijk, django_assert_max_num_queries
):
    from leerroutes.models import Leerroute

    b1 = Leerroute.objects.get(code="b1")
    api = api_voor(toptaal)
    api.get(LIJST)  # the key's last use is stamped on its first request only

    aantallen = []
    for totaal in (5, 150):
        _enrolments(toptaal, b1, totaal - Inschrijving.objects.filter(organisatie=toptaal).count(), winterswijk)
        # the key, the count, the page with its joins, the onderdelen
        with django_assert_max_num_queries(4) as queries:
            response = api.get(LIJST, {"pageSize": 200})
        assert len(response.json()["results"]) == totaal
        aantallen.append(len(queries.captured_queries))
        assert not any('"bsn"' in q["sql"] for q in queries.captured_queries)  # not even read
    assert aantallen[0] == aantallen[1]
