"""POST /api/v1/aanwezigheid (a batch, all or nothing, upserted on inschrijving + lesId) and
GET /api/v1/aanwezigheid (the caller's rows, filtered)."""

import datetime as dt
import json

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import signals
from cases.models import Statushouder
from inburgering.audit.models import ActorType, AuditEvent, Handeling
from leerroutes.models import Aanwezigheid, Leerroute
from tests.factories import AanwezigheidFactory, InschrijvingFactory, StatushouderFactory

pytestmark = pytest.mark.django_db
D = dt.date
URL = "/api/v1/aanwezigheid"
LANG_GELEDEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def vandaag():
    return timezone.localdate()


def rij(inschrijving, les_id="les-1", **velden):
    return {
        "inschrijving": str(inschrijving.uuid),
        "lesId": les_id,
        "datum": "2026-11-02",
        "geplandeMinuten": 180,
        "aanwezigeMinuten": 180,
        "status": "aanwezig",
        **velden,
    }


@pytest.fixture
def eigen(toptaal, inschrijving_bij):
    return inschrijving_bij(toptaal)


@pytest.fixture
def api(toptaal, api_voor):
    return api_voor(toptaal)


def post(api, rijen):
    """As a provider's system sends it: JSON with non-ASCII escaped (so a lone surrogate can arrive)."""
    return api.post(URL, json.dumps(rijen), content_type="application/json")


def fouten(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["invalidParams"]


def test_batch_creates_rows_and_says_how_many(api, eigen):
    response = post(
        api,
        [
            rij(eigen, "les-1"),
            rij(eigen, "les-2", aanwezigeMinuten=90, opmerking="Later binnen"),
            rij(eigen, "les-3", soort="participatie", aanwezigeMinuten=0, status="ongeoorloofdAfwezig"),
            rij(eigen, "les-4", soort="praktijk", aanwezigeMinuten=0, status="geoorloofdAfwezig", opmerking=None),
        ],
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"aangemaakt": 4, "bijgewerkt": 0, "ongewijzigd": 0}
    assert response["API-Version"] == settings.API_VERSION
    opgeslagen = {
        a.les_id: (a.datum, a.soort, a.geplande_minuten, a.aanwezige_minuten, a.status, a.opmerking)
        for a in Aanwezigheid.objects.filter(inschrijving=eigen)
    }
    assert opgeslagen == {
        "les-1": (D(2026, 11, 2), "les", 180, 180, "aanwezig", ""),
        "les-2": (D(2026, 11, 2), "les", 180, 90, "aanwezig", "Later binnen"),
        "les-3": (D(2026, 11, 2), "participatie", 180, 0, "ongeoorloofd_afwezig", ""),
        "les-4": (D(2026, 11, 2), "praktijk", 180, 0, "geoorloofd_afwezig", ""),
    }


def test_resend_changes_nothing(api, eigen):
    batch = [rij(eigen, f"les-{i}") for i in range(3)]
    assert post(api, batch).status_code == 201
    Aanwezigheid.objects.update(gewijzigd_op=LANG_GELEDEN)
    response = post(api, batch)
    assert response.status_code == 200
    assert response.json() == {"aangemaakt": 0, "bijgewerkt": 0, "ongewijzigd": 3}
    assert Aanwezigheid.objects.count() == 3
    assert set(Aanwezigheid.objects.values_list("gewijzigd_op", flat=True)) == {LANG_GELEDEN}


def test_changed_row_is_updated_and_new_row_created(api, eigen):
    post(api, [rij(eigen, "les-1"), rij(eigen, "les-2")])
    Aanwezigheid.objects.update(gewijzigd_op=LANG_GELEDEN)
    response = post(
        api,
        [rij(eigen, "les-1"), rij(eigen, "les-2", aanwezigeMinuten=0, status="geoorloofdAfwezig"), rij(eigen, "les-3")],
    )
    assert response.status_code == 201
    assert response.json() == {"aangemaakt": 1, "bijgewerkt": 1, "ongewijzigd": 1}
    les = {a.les_id: a for a in Aanwezigheid.objects.all()}
    assert (les["les-2"].aanwezige_minuten, les["les-2"].status) == (0, "geoorloofd_afwezig")
    assert les["les-2"].gewijzigd_op > LANG_GELEDEN and les["les-1"].gewijzigd_op == LANG_GELEDEN

    only_update = post(
        api, [rij(eigen, "les-3", opmerking="ziek gemeld", aanwezigeMinuten=0, status="geoorloofdAfwezig")]
    )
    assert only_update.status_code == 200
    assert only_update.json() == {"aangemaakt": 0, "bijgewerkt": 1, "ongewijzigd": 0}


def test_writes_one_audit_event_per_enrolment_written_to(api, toptaal, eigen, inschrijving_bij):
    tweede = inschrijving_bij(toptaal)
    batch = [rij(eigen, "les-1"), rij(eigen, "les-2"), rij(tweede, "les-1")]
    post(api, batch)
    events = AuditEvent.objects.filter(handeling=Handeling.UPDATE, object_type="leerroutes.inschrijving")
    assert sorted(e.object_id for e in events) == sorted([str(eigen.uuid), str(tweede.uuid)])
    event = events.get(object_id=str(eigen.uuid))
    assert event.actor_type == ActorType.API_CLIENT and event.statushouder_id == eigen.statushouder.uuid
    assert event.velden == ["aanwezigheid"] and event.gemeente_code == eigen.statushouder.gemeente.cbs_code
    post(api, batch)  # an unchanged resend writes nothing, so logs nothing
    assert events.count() == 2


# --- Validation: every bad row and field is named, and nothing is written ------------------------------------


def morgen():
    """A date in the future. A week ahead, not one day: the parameters are built when the tests are collected, and a
    run that crosses midnight (Amsterdam) would otherwise send today's date."""
    return (vandaag() + dt.timedelta(days=7)).isoformat()


@pytest.mark.parametrize(
    ("velden", "veld", "reden"),
    [
        ({"inschrijving": "0b7cde55-6a55-4a4e-9d1c-6a3f8e0c2f11"}, "inschrijving", "Onbekende inschrijving."),
        ({"inschrijving": "geen-uuid"}, "inschrijving", "Onbekende inschrijving."),
        ({"inschrijving": 12}, "inschrijving", "Onbekende inschrijving."),
        ({"inschrijving": None}, "inschrijving", "Dit veld is verplicht."),
        ({"lesId": None}, "lesId", "Dit veld is verplicht."),
        ({"lesId": ""}, "lesId", "Geef een lesId van 1 tot en met 64 geldige tekens."),
        ({"lesId": "   "}, "lesId", "Geef een lesId van 1 tot en met 64 geldige tekens."),
        ({"lesId": "x" * 65}, "lesId", "Geef een lesId van 1 tot en met 64 geldige tekens."),
        ({"lesId": 7}, "lesId", "Geef een lesId van 1 tot en met 64 geldige tekens."),
        ({"lesId": "les\x00"}, "lesId", "Geef een lesId van 1 tot en met 64 geldige tekens."),
        ({"datum": None}, "datum", "Dit veld is verplicht."),
        ({"datum": "02-11-2026"}, "datum", "Geen geldige datum; schrijf JJJJ-MM-DD."),
        ({"datum": "2026-02-30"}, "datum", "Geen geldige datum; schrijf JJJJ-MM-DD."),
        ({"datum": "2025-06-01"}, "datum", "Deze datum ligt vóór de start van de inschrijving (02-06-2025)."),
        ({"datum": morgen()}, "datum", "Deze datum ligt in de toekomst."),
        ({"geplandeMinuten": None}, "geplandeMinuten", "Dit veld is verplicht."),
        (
            {"geplandeMinuten": 0, "aanwezigeMinuten": 0},
            "geplandeMinuten",
            "Geef een geheel aantal minuten van 1 tot en met 1440.",
        ),
        ({"geplandeMinuten": 1441}, "geplandeMinuten", "Geef een geheel aantal minuten van 1 tot en met 1440."),
        ({"geplandeMinuten": "180"}, "geplandeMinuten", "Geef een geheel aantal minuten van 1 tot en met 1440."),
        ({"aanwezigeMinuten": None}, "aanwezigeMinuten", "Dit veld is verplicht."),
        ({"aanwezigeMinuten": 240}, "aanwezigeMinuten", "Meer aanwezige dan geplande minuten (240 > 180)."),
        ({"aanwezigeMinuten": -1}, "aanwezigeMinuten", "Geef een geheel aantal minuten van 0 tot en met 1440."),
        ({"aanwezigeMinuten": 90.5}, "aanwezigeMinuten", "Geef een geheel aantal minuten van 0 tot en met 1440."),
        ({"aanwezigeMinuten": True}, "aanwezigeMinuten", "Geef een geheel aantal minuten van 0 tot en met 1440."),
        (
            {"status": "ongeoorloofdAfwezig", "aanwezigeMinuten": 30},
            "aanwezigeMinuten",
            "Bij ongeoorloofdAfwezig horen 0 aanwezige minuten.",
        ),
        ({"status": None}, "status", "Dit veld is verplicht."),
        (
            {"status": "afwezig"},
            "status",
            "Onbekende status; kies uit aanwezig, geoorloofdAfwezig, ongeoorloofdAfwezig.",
        ),
        (
            {"status": "geoorloofd_afwezig"},
            "status",
            "Onbekende status; kies uit aanwezig, geoorloofdAfwezig, ongeoorloofdAfwezig.",
        ),
        ({"soort": "excursie"}, "soort", "Onbekende soort; kies uit les, participatie, praktijk."),
        ({"opmerking": "x" * 501}, "opmerking", "Een opmerking is tekst van hoogstens 500 geldige tekens."),
        ({"opmerking": ["geen", "tekst"]}, "opmerking", "Een opmerking is tekst van hoogstens 500 geldige tekens."),
        ({"opmerking": "kapot \ud800"}, "opmerking", "Een opmerking is tekst van hoogstens 500 geldige tekens."),
    ],
)
def test_a_bad_row_rejects_the_batch(api, eigen, velden, veld, reden):
    batch = [rij(eigen, "les-1"), rij(eigen, "les-2"), {**rij(eigen, "les-3"), **velden}]
    body = post(api, batch)
    assert fouten(body) == [{"name": veld, "reason": reden, "index": 2}]
    assert body.json()["title"] == "Ongeldige invoer"
    assert not Aanwezigheid.objects.exists()


def test_a_missing_field_is_named(api, eigen):
    zonder = rij(eigen)
    del zonder["aanwezigeMinuten"]
    assert fouten(post(api, [zonder])) == [{"name": "aanwezigeMinuten", "reason": "Dit veld is verplicht.", "index": 0}]


def test_date_after_the_end_of_the_enrolment(api, toptaal, inschrijving_bij):
    afgerond = inschrijving_bij(toptaal, status="afgerond", einddatum=D(2026, 10, 31))
    assert fouten(post(api, [rij(afgerond, datum="2026-11-02"), rij(afgerond, "les-2", datum="2026-10-31")])) == [
        {"name": "datum", "reason": "Deze datum ligt na het einde van de inschrijving (31-10-2026).", "index": 0}
    ]


def test_today_is_allowed(api, eigen):
    assert post(api, [rij(eigen, datum=vandaag().isoformat())]).status_code == 201


def test_duplicate_lesson_in_one_batch(api, eigen):
    batch = [
        rij(eigen, "les-1"),
        rij(eigen, "les-2"),
        rij(eigen, "les-1", aanwezigeMinuten=0, status="geoorloofdAfwezig"),
    ]
    assert fouten(post(api, batch)) == [
        {"name": "lesId", "reason": "Deze inschrijving en lesId staan ook in rij 0.", "index": 2}
    ]


def test_every_bad_row_and_field_is_named(api, eigen):
    batch = [
        rij(eigen, "les-0", aanwezigeMinuten=240, datum="morgen"),
        rij(eigen, "les-1"),
        "geen object",
        rij(eigen, "les-3", status="weg"),
    ]
    assert fouten(post(api, batch)) == [
        {"name": "datum", "reason": "Geen geldige datum; schrijf JJJJ-MM-DD.", "index": 0},
        {"name": "aanwezigeMinuten", "reason": "Meer aanwezige dan geplande minuten (240 > 180).", "index": 0},
        {"name": "body", "reason": "Een rij is een object met de velden van één les.", "index": 2},
        {
            "name": "status",
            "reason": "Onbekende status; kies uit aanwezig, geoorloofdAfwezig, ongeoorloofdAfwezig.",
            "index": 3,
        },
    ]


def test_journey_3_one_bad_row_in_a_full_batch_writes_nothing(api, toptaal, inschrijving_bij):
    """5,000 rows; row 3,118 has 240 attended minutes for a 180-minute lesson; then the last row is bad."""
    inschrijvingen = [inschrijving_bij(toptaal) for _ in range(5)]
    batch = [rij(inschrijvingen[i % 5], f"les-{i}") for i in range(settings.API_BATCH_MAX_RIJEN)]
    batch[3118]["aanwezigeMinuten"] = 240
    assert fouten(post(api, batch)) == [
        {"name": "aanwezigeMinuten", "reason": "Meer aanwezige dan geplande minuten (240 > 180).", "index": 3118}
    ]
    batch[3118]["aanwezigeMinuten"] = 180
    batch[-1]["status"] = "onbekend"
    assert [p["index"] for p in fouten(post(api, batch))] == [settings.API_BATCH_MAX_RIJEN - 1]
    assert not Aanwezigheid.objects.exists()
    batch[-1]["status"] = "aanwezig"
    assert post(api, batch).json() == {"aangemaakt": 5000, "bijgewerkt": 0, "ongewijzigd": 0}


def test_more_rows_than_the_limit_is_413_before_any_row_is_read(api):
    response = post(api, [{}] * (settings.API_BATCH_MAX_RIJEN + 1))
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Een batch heeft hoogstens 5000 rijen; deze heeft er 5001."


@pytest.mark.parametrize(
    ("body", "reden"),
    [
        ({"rijen": []}, "Stuur een JSON-array van rijen."),
        ([], "De batch is leeg."),
        ("tekst", "Stuur een JSON-array van rijen."),
    ],
)
def test_the_body_must_be_a_non_empty_array(api, body, reden):
    assert fouten(post(api, body)) == [{"name": "body", "reason": reden}]


def test_without_key_is_401(eigen):
    from rest_framework.test import APIClient

    response = APIClient().post(URL, [rij(eigen)], format="json")
    assert response.status_code == 401
    assert not Aanwezigheid.objects.exists()


# --- Isolation between providers ----------------------------------------------------------------------------


def test_another_providers_enrolment_is_unknown_and_untouched(api, eigen, interbeek, inschrijving_bij):
    vreemd = inschrijving_bij(interbeek)
    AanwezigheidFactory(inschrijving=vreemd, les_id="les-1", aanwezige_minuten=180)
    response = post(api, [rij(eigen, "les-1"), rij(vreemd, "les-1", aanwezigeMinuten=0, status="geoorloofdAfwezig")])
    assert fouten(response) == [{"name": "inschrijving", "reason": "Onbekende inschrijving.", "index": 1}]
    assert list(Aanwezigheid.objects.values_list("inschrijving_id", "aanwezige_minuten")) == [(vreemd.pk, 180)]


def test_get_never_shows_another_providers_rows(api, eigen, interbeek, inschrijving_bij):
    vreemd = inschrijving_bij(interbeek)
    AanwezigheidFactory(inschrijving=vreemd, les_id="van-interbeek")
    AanwezigheidFactory(inschrijving=eigen, les_id="van-toptaal")
    assert [r["lesId"] for r in api.get(URL).json()["results"]] == ["van-toptaal"]
    response = api.get(URL, {"inschrijving": str(vreemd.uuid)})
    assert response.status_code == 404  # another provider's id: 404, as for /inschrijvingen/{id} (issue 17)


# --- GET ----------------------------------------------------------------------------------------------------


def test_get_lists_rows_newest_first_and_logs_the_enrolments_shown(api, eigen):
    AanwezigheidFactory(inschrijving=eigen, les_id="a", datum=D(2026, 11, 2))
    AanwezigheidFactory(
        inschrijving=eigen, les_id="b", datum=D(2026, 11, 9), soort="participatie", status="ongeoorloofd_afwezig"
    )
    body = api.get(URL).json()
    assert body["count"] == 2
    nieuwste = body["results"][0]
    assert nieuwste.pop("gewijzigdOp")
    assert nieuwste == {
        "inschrijving": str(eigen.uuid),
        "lesId": "b",
        "datum": "2026-11-09",
        "soort": "participatie",
        "geplandeMinuten": 180,
        "aanwezigeMinuten": 0,
        "status": "ongeoorloofdAfwezig",
        "opmerking": "",
    }
    assert body["results"][1]["lesId"] == "a"
    event = AuditEvent.objects.get(handeling=Handeling.LIST)
    assert (event.statushouder_ids, event.actor_type) == ([eigen.statushouder.uuid], ActorType.API_CLIENT)


def test_get_filters(api, toptaal, eigen, inschrijving_bij):
    ander = inschrijving_bij(toptaal)
    for dag in (1, 2, 3):
        AanwezigheidFactory(inschrijving=eigen, les_id=f"eigen-{dag}", datum=D(2026, 11, dag))
    AanwezigheidFactory(inschrijving=ander, les_id="ander-2", datum=D(2026, 11, 2))

    def les_ids(**params):
        response = api.get(URL, params)
        assert response.status_code == 200, response.content
        return [r["lesId"] for r in response.json()["results"]]

    assert les_ids(inschrijving=str(eigen.uuid)) == ["eigen-3", "eigen-2", "eigen-1"]
    assert les_ids(vanaf="2026-11-02") == ["eigen-3", "ander-2", "eigen-2"]
    assert les_ids(tot="2026-11-02") == ["ander-2", "eigen-2", "eigen-1"]
    assert les_ids(vanaf="2026-11-02", tot="2026-11-02", inschrijving=str(ander.uuid)) == ["ander-2"]
    assert les_ids(pageSize=2) == ["eigen-3", "ander-2"]


@pytest.mark.parametrize(
    ("params", "veld", "reden"),
    [
        ({"inschrijving": "abc"}, "inschrijving", "Geen geldig id (UUID)."),
        ({"vanaf": "1-11-2026"}, "vanaf", "Geen geldige datum; schrijf JJJJ-MM-DD."),
        ({"tot": "gisteren"}, "tot", "Geen geldige datum; schrijf JJJJ-MM-DD."),
        ({"vanaf": "2026-11-02", "tot": "2026-11-01"}, "tot", "Deze datum ligt vóór vanaf."),
    ],
)
def test_get_bad_filters_are_400(api, params, veld, reden):
    assert fouten(api.get(URL, params)) == [{"name": veld, "reason": reden}]


# --- Effects and cost ---------------------------------------------------------------------------------------


def test_unexcused_absences_raise_the_verzuim_signal(api, toptaal, winterswijk):
    sh = StatushouderFactory(
        gemeente=winterswijk, status="in_uitvoering", pip_dagtekening=D(2025, 5, 1), termijn_einde=D(2028, 5, 2)
    )
    inschrijving = InschrijvingFactory(statushouder=sh, organisatie=toptaal, leerroute=Leerroute.objects.get(code="b1"))
    dag = vandaag()
    met_verzuim = signals.filter_op(Statushouder.objects.filter(pk=sh.pk), "verzuim", dag)
    post(api, [rij(inschrijving, f"les-{i}", datum=(dag - dt.timedelta(days=7 - i)).isoformat()) for i in range(3)])
    assert not met_verzuim.exists()
    afwezig = {"aanwezigeMinuten": 0, "status": "ongeoorloofdAfwezig"}
    batch = [
        rij(inschrijving, f"les-{i}", datum=(dag - dt.timedelta(days=6 - i)).isoformat(), **afwezig)
        for i in range(3, 6)
    ]
    assert post(api, batch).status_code == 201
    assert met_verzuim.exists()
    rij_met_annotaties = signals.annoteer(Statushouder.objects.filter(pk=sh.pk), dag).get()
    assert "verzuim" in [s.code for s in signals.signalen_voor(rij_met_annotaties, dag)]


def test_a_batch_costs_the_same_queries_at_10_and_5000_rows(api, toptaal, inschrijving_bij):
    inschrijvingen = [inschrijving_bij(toptaal) for _ in range(10)]
    api.get(URL)  # the key's first use of the minute stamps it (one more query); measure after that

    def queries(n):
        batch = [rij(inschrijvingen[i % 10], f"les-{n}-{i}") for i in range(n)]
        with CaptureQueriesContext(connection) as main, CaptureQueriesContext(connections["audit"]) as audit:
            assert post(api, batch).status_code == 201
        return len(main.captured_queries), len(audit.captured_queries)

    klein, groot = queries(10), queries(5000)
    assert klein == groot
    assert klein[0] <= 5 and klein[1] == 1


def test_a_page_costs_the_same_queries_at_10_and_500_rows(api, toptaal, inschrijving_bij):
    inschrijvingen = [inschrijving_bij(toptaal) for _ in range(10)]
    api.get(URL)

    def queries(n):
        Aanwezigheid.objects.bulk_create(
            Aanwezigheid(
                inschrijving=inschrijvingen[i % 10],
                les_id=f"les-{n}-{i}",
                datum=D(2026, 11, 2),
                geplande_minuten=60,
                aanwezige_minuten=60,
                status="aanwezig",
            )
            for i in range(n)
        )
        with CaptureQueriesContext(connection) as main, CaptureQueriesContext(connections["audit"]) as audit:
            response = api.get(URL, {"pageSize": 1000})
        assert response.status_code == 200
        return len(main.captured_queries), len(audit.captured_queries)

    assert queries(10) == queries(490)
