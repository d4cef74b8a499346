"""The provider's side of the enrolment life cycle over the API: PATCH /api/v1/inschrijvingen/{id} accepts or
declines an aanmelding and ends an active enrolment. Every allowed and refused transition, idempotency (one
timeline entry and one audit event of the change), 404 for another provider, and lessons, exams and reports
refused for an enrolment that is not accepted."""

import datetime as dt
import json
import uuid

import pytest

from cases.models import TijdlijnGebeurtenis
from inburgering.audit.models import ActorType, AuditEvent, Handeling
from leerroutes.models import Aanwezigheid, Examenresultaat, Inschrijving
from tests.factories import AanwezigheidFactory

pytestmark = pytest.mark.django_db
D = dt.date
LIJST = "/api/v1/inschrijvingen"


@pytest.fixture(autouse=True)
def _klok(vandaag):
    """The service checks dates against today: frozen on TODAY (Tuesday 24-11-2026)."""
    return vandaag


@pytest.fixture
def api(toptaal, api_voor):
    return api_voor(toptaal)


@pytest.fixture
def aangemeld(toptaal, inschrijving_bij):
    """Enrolled by the consultant on Friday 20-11-2026 with a planned start on 01-12-2026."""
    return inschrijving_bij(
        toptaal,
        status="aangemeld",
        aangemeld_op=D(2026, 11, 20),
        geplande_startdatum=D(2026, 12, 1),
        startdatum=D(2026, 12, 1),
    )


@pytest.fixture
def actief(toptaal, inschrijving_bij):
    return inschrijving_bij(toptaal)  # B1-route, actief since 02-06-2025


def url(inschrijving) -> str:
    return f"{LIJST}/{inschrijving.uuid}"


def patch(api, inschrijving, body, content_type="application/json"):
    return api.patch(url(inschrijving), json.dumps(body), content_type=content_type)


def problem(response, status) -> dict:
    """invalidParams of a problem as {name: reason}."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return {p["name"]: p["reason"] for p in body.get("invalidParams", [])}


def tijdlijn(inschrijving) -> list[str]:
    return list(
        TijdlijnGebeurtenis.objects.filter(statushouder=inschrijving.statushouder).values_list(
            "omschrijving", flat=True
        )
    )


def wijzigingen(inschrijving) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            handeling=Handeling.UPDATE, object_type="leerroutes.inschrijving", object_id=str(inschrijving.uuid)
        )
    )


# --- the new enrolment as the provider sees it ----------------------------------------------------------------


def test_new_enrolment_is_listed_as_aangemeld_with_its_dates_and_no_bsn(api, aangemeld):
    [rij] = api.get(LIJST, {"status": "aangemeld"}).json()["results"]
    assert rij["id"] == str(aangemeld.uuid)
    assert (rij["status"], rij["aangemeldOp"], rij["geplandeStartdatum"], rij["startdatum"]) == (
        "aangemeld",
        "2026-11-20",
        "2026-12-01",
        "2026-12-01",
    )
    assert (rij["einddatum"], rij["resultaat"], rij["reden"]) == (None, None, "")
    assert "bsn" not in json.dumps(rij).lower()
    assert aangemeld.statushouder.bsn not in json.dumps(rij)


# --- the allowed transitions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["application/json", "application/merge-patch+json"])
def test_accept_with_the_real_start(api, aangemeld, toptaal, content_type):
    response = patch(api, aangemeld, {"status": "actief", "startdatum": "2026-11-30"}, content_type)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["startdatum"], body["geplandeStartdatum"]) == ("actief", "2026-11-30", "2026-12-01")
    aangemeld.refresh_from_db()
    assert (aangemeld.status, aangemeld.startdatum) == ("actief", D(2026, 11, 30))
    assert aangemeld.beantwoord_op is not None
    assert tijdlijn(aangemeld) == ["Aanmelding geaccepteerd door TopTaal, start 30-11-2026"]
    gebeurtenis = TijdlijnGebeurtenis.objects.get(statushouder=aangemeld.statushouder)
    assert (gebeurtenis.soort, gebeurtenis.datum, gebeurtenis.actor) == ("inschrijving:actief", D(2026, 11, 24), None)
    [event] = wijzigingen(aangemeld)
    assert (event.actor_type, event.actor_id) == (ActorType.API_CLIENT, str(toptaal.uuid))
    assert event.statushouder_id == aangemeld.statushouder.uuid
    assert set(event.velden) >= {"status", "startdatum", "beantwoord_op"}


def test_accept_keeps_the_planned_start_when_there_was_none(api, toptaal, inschrijving_bij):
    inschrijving = inschrijving_bij(
        toptaal, status="aangemeld", aangemeld_op=D(2026, 11, 20), startdatum=D(2026, 12, 1)
    )
    body = patch(api, inschrijving, {"status": "actief", "startdatum": "2026-12-07"}).json()
    assert (body["geplandeStartdatum"], body["startdatum"]) == ("2026-12-01", "2026-12-07")


def test_accept_with_a_start_in_the_near_future(api, aangemeld):
    """The answer comes before the course starts: a start up to six months (183 days) ahead is accepted."""
    assert patch(api, aangemeld, {"status": "actief", "startdatum": "2027-05-26"}).status_code == 200


def test_accept_with_a_start_before_the_aanmelding(api, aangemeld):
    """An aanmelding is sometimes registered after the lessons began: no lower bound on the real start."""
    assert patch(api, aangemeld, {"status": "actief", "startdatum": "2026-11-16"}).status_code == 200


def test_decline_with_a_reason(api, aangemeld):
    response = patch(api, aangemeld, {"status": "afgewezen", "reden": "  Geen plek op dit niveau.  "})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["reden"]) == ("afgewezen", "Geen plek op dit niveau.")
    aangemeld.refresh_from_db()
    assert (aangemeld.status, aangemeld.reden) == ("afgewezen", "Geen plek op dit niveau.")
    assert aangemeld.beantwoord_op is not None
    assert tijdlijn(aangemeld) == ["Aanmelding afgewezen door TopTaal: Geen plek op dit niveau."]


@pytest.mark.parametrize(
    "api_resultaat,opgeslagen,tekst",
    [("behaald", "behaald", "doel behaald"), ("nietBehaald", "niet_behaald", "doel niet behaald")],
)
def test_end_afgerond_with_the_result(api, actief, api_resultaat, opgeslagen, tekst):
    response = patch(api, actief, {"status": "afgerond", "einddatum": "2026-11-20", "resultaat": api_resultaat})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["einddatum"], body["resultaat"]) == ("afgerond", "2026-11-20", api_resultaat)
    actief.refresh_from_db()
    assert (actief.status, actief.einddatum, actief.resultaat) == ("afgerond", D(2026, 11, 20), opgeslagen)
    assert tijdlijn(actief) == [f"Inschrijving bij TopTaal afgerond: {tekst}"]
    assert TijdlijnGebeurtenis.objects.get(statushouder=actief.statushouder).datum == D(2026, 11, 20)
    assert len(wijzigingen(actief)) == 1


def test_end_afgebroken_with_a_reason(api, actief):
    response = patch(api, actief, {"status": "afgebroken", "einddatum": "2026-11-24", "reden": "Verhuisd."})
    assert response.status_code == 200, response.content
    actief.refresh_from_db()
    assert (actief.status, actief.einddatum, actief.reden, actief.resultaat) == (
        "afgebroken",
        D(2026, 11, 24),
        "Verhuisd.",
        "",
    )
    assert tijdlijn(actief) == ["Inschrijving bij TopTaal afgebroken: Verhuisd."]


# --- idempotency ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "begin,body",
    [
        ("aangemeld", {"status": "actief", "startdatum": "2026-11-30"}),
        ("aangemeld", {"status": "afgewezen", "reden": "Vol."}),
        ("actief", {"status": "afgerond", "einddatum": "2026-11-20", "resultaat": "behaald"}),
        ("actief", {"status": "afgebroken", "einddatum": "2026-11-20", "reden": "Gestopt."}),
    ],
)
def test_the_same_request_again_changes_nothing(api, request, begin, body):
    inschrijving = request.getfixturevalue(begin)
    eerste = patch(api, inschrijving, body)
    assert eerste.status_code == 200, eerste.content
    inschrijving.refresh_from_db()
    gewijzigd_op = inschrijving.gewijzigd_op
    tweede = patch(api, inschrijving, body)
    assert tweede.status_code == 200, tweede.content
    assert tweede.json() == eerste.json()
    inschrijving.refresh_from_db()
    assert inschrijving.gewijzigd_op == gewijzigd_op
    assert len(tijdlijn(inschrijving)) == 1
    assert len(wijzigingen(inschrijving)) == 1
    assert AuditEvent.objects.filter(
        handeling=Handeling.READ,
        object_id=str(inschrijving.uuid),
        toelichting=f"API: {body['status']}, al zo opgeslagen",
    ).exists()


# --- refused transitions: 409 naming the field, nothing changed ------------------------------------------------


ACCEPTEER = {"status": "actief", "startdatum": "2026-11-30"}
AFGEROND = {"einddatum": D(2026, 1, 5), "resultaat": "behaald"}
AFGEBROKEN = {"einddatum": D(2026, 1, 5), "reden": "Verhuisd."}
AFRONDEN = {"status": "afgerond", "einddatum": "2026-01-05", "resultaat": "behaald"}
AFBREKEN = {"status": "afgebroken", "einddatum": "2026-01-05", "reden": "Verhuisd."}


@pytest.mark.parametrize(
    "status,velden,body,veld",
    [
        # accept or decline what is not aangemeld
        ("afgebroken", AFGEBROKEN, ACCEPTEER, "status"),
        ("afgewezen", {"reden": "Vol."}, ACCEPTEER, "status"),
        ("afgerond", AFGEROND, {"status": "afgewezen", "reden": "x"}, "status"),
        ("actief", {}, {"status": "afgewezen", "reden": "Toch niet."}, "status"),
        # end what is not actief
        ("aangemeld", {}, AFRONDEN, "status"),
        ("afgewezen", {"reden": "Vol."}, AFBREKEN, "status"),
        ("afgebroken", AFGEBROKEN, AFRONDEN, "status"),
        ("afgerond", AFGEROND, AFBREKEN, "status"),
        # a different end after an end, a different answer after an answer
        ("afgerond", AFGEROND, {**AFRONDEN, "resultaat": "nietBehaald"}, "resultaat"),
        ("afgerond", AFGEROND, {**AFRONDEN, "einddatum": "2026-01-06"}, "einddatum"),
        ("afgebroken", AFGEBROKEN, {**AFBREKEN, "reden": "Ziek."}, "reden"),
        ("actief", {}, ACCEPTEER, "startdatum"),
        ("afgewezen", {"reden": "Vol."}, {"status": "afgewezen", "reden": "Geen keurmerk."}, "reden"),
    ],
)
def test_a_transition_the_status_does_not_allow_is_409(api, toptaal, inschrijving_bij, status, velden, body, veld):
    inschrijving = inschrijving_bij(toptaal, status=status, aangemeld_op=D(2025, 5, 1), **velden)
    voor = Inschrijving.objects.values().get(pk=inschrijving.pk)
    fouten = problem(patch(api, inschrijving, body), 409)
    assert list(fouten) == [veld]
    assert Inschrijving.objects.values().get(pk=inschrijving.pk) == voor
    assert tijdlijn(inschrijving) == []
    assert wijzigingen(inschrijving) == []


def test_409_for_a_different_result_names_the_stored_one(api, toptaal, inschrijving_bij):
    afgerond = inschrijving_bij(toptaal, status="afgerond", einddatum=D(2026, 1, 5), resultaat="niet_behaald")
    fouten = problem(patch(api, afgerond, {**AFRONDEN, "resultaat": "behaald"}), 409)
    assert fouten == {
        "resultaat": "De inschrijving is al afgerond met een ander resultaat (nietBehaald); dat is niet meer te "
        "wijzigen."
    }


def test_409_says_why_in_dutch(api, toptaal, inschrijving_bij):
    afgebroken = inschrijving_bij(toptaal, status="afgebroken", einddatum=D(2026, 1, 5), reden="x")
    response = patch(api, afgebroken, {"status": "actief", "startdatum": "2026-11-30"})
    fouten = problem(response, 409)
    reden = "Een inschrijving met status afgebroken kunt u niet accepteren; dat kan alleen als ze aangemeld is."
    assert fouten == {"status": reden}
    assert response.json()["title"] == "Niet mogelijk in deze status"
    assert response.json()["detail"] == reden


# --- bad input: 400 naming the field ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "begin,body,fouten",
    [
        ("aangemeld", {"status": "actief"}, {"startdatum": "Verplicht bij status actief."}),
        (
            "aangemeld",
            {"status": "actief", "startdatum": "2026-11-30", "resultaat": "behaald"},
            {"resultaat": "Hoort niet bij status actief; alleen startdatum."},
        ),
        ("aangemeld", {"status": "afgewezen", "reden": "   "}, {"reden": "Verplicht bij status afgewezen."}),
        ("aangemeld", {"status": "afgewezen"}, {"reden": "Verplicht bij status afgewezen."}),
        ("aangemeld", {"status": "aangemeld"}, {"status": "Kies actief, afgewezen, afgerond of afgebroken."}),
        ("aangemeld", {"startdatum": "2026-11-30"}, {"status": None}),
        (
            "aangemeld",
            {"status": "actief", "startdatum": "2027-06-01"},
            {"startdatum": "De start ligt meer dan zes maanden in de toekomst; accepteer met de echte startdatum."},
        ),
        ("aangemeld", {"status": "actief", "startdatum": "30-11-2026"}, {"startdatum": None}),
        (
            "actief",
            {"status": "afgerond", "einddatum": "2026-11-20"},
            {"resultaat": "Verplicht bij status afgerond."},
        ),
        (
            "actief",
            {"status": "afgerond", "einddatum": "2026-11-20", "resultaat": "gehaald"},
            {"resultaat": "Kies behaald of nietBehaald."},
        ),
        (
            "actief",
            {"status": "afgerond", "einddatum": "2026-11-25", "resultaat": "behaald"},
            {"einddatum": "Deze datum ligt in de toekomst."},
        ),
        (
            "actief",
            {"status": "afgebroken", "einddatum": "2025-06-01", "reden": "x"},
            {"einddatum": "Deze datum ligt vóór de start van de inschrijving (02-06-2025)."},
        ),
        (
            "actief",
            {"status": "afgebroken", "reden": "x", "resultaat": "behaald"},
            {
                "einddatum": "Verplicht bij status afgebroken.",
                "resultaat": "Hoort niet bij status afgebroken; alleen einddatum, reden.",
            },
        ),
    ],
)
def test_bad_input_is_400_naming_the_field(api, request, begin, body, fouten):
    inschrijving = request.getfixturevalue(begin)
    voor = Inschrijving.objects.values().get(pk=inschrijving.pk)
    gevonden = problem(patch(api, inschrijving, body), 400)
    assert set(gevonden) == set(fouten)
    for veld, reden in fouten.items():
        if reden is not None:
            assert gevonden[veld] == reden
    assert Inschrijving.objects.values().get(pk=inschrijving.pk) == voor
    assert tijdlijn(inschrijving) == []


def test_an_end_before_the_last_lesson_reported_is_400(api, actief):
    AanwezigheidFactory(inschrijving=actief, datum=D(2026, 11, 18))
    fouten = problem(patch(api, actief, {"status": "afgebroken", "einddatum": "2026-11-17", "reden": "x"}), 400)
    assert fouten == {"einddatum": "Er is een les gemeld na deze datum (op 18-11-2026); het einde ligt daarna."}
    assert patch(api, actief, {"status": "afgebroken", "einddatum": "2026-11-18", "reden": "x"}).status_code == 200


def test_a_body_that_is_no_object_is_400(api, aangemeld):
    assert problem(api.patch(url(aangemeld), "[1, 2]", content_type="application/json"), 400)
    assert problem(api.patch(url(aangemeld), "{", content_type="application/json"), 400) == {}


# --- whose enrolment -------------------------------------------------------------------------------------------


def test_another_providers_enrolment_is_404_and_unchanged(api, interbeek, inschrijving_bij):
    vreemd = inschrijving_bij(interbeek, status="aangemeld", aangemeld_op=D(2026, 11, 20), startdatum=D(2026, 12, 1))
    response = patch(api, vreemd, {"status": "actief", "startdatum": "2026-11-30"})
    assert problem(response, 404) == {}
    assert response.json()["detail"] == "Deze bron bestaat niet of hoort niet bij uw organisatie."
    vreemd.refresh_from_db()
    assert vreemd.status == "aangemeld"
    assert tijdlijn(vreemd) == [] and wijzigingen(vreemd) == []


def test_unknown_id_is_404_and_no_uuid_is_400(api):
    assert problem(api.patch(f"{LIJST}/{uuid.UUID(int=7)}", {"status": "actief"}, format="json"), 404) == {}
    fouten = problem(api.patch(f"{LIJST}/geen-uuid", {"status": "actief"}, format="json"), 400)
    assert fouten == {"id": "Dit is geen geldig id: een inschrijving heeft een UUID."}


def test_without_a_key_401(aangemeld):
    from rest_framework.test import APIClient

    response = APIClient().patch(url(aangemeld), {"status": "actief", "startdatum": "2026-11-30"}, format="json")
    assert response.status_code == 401
    aangemeld.refresh_from_db()
    assert aangemeld.status == "aangemeld"


# --- reporting on an enrolment that is not accepted ------------------------------------------------------------


def rij(inschrijving, les_id):
    return {
        "inschrijving": str(inschrijving.uuid),
        "lesId": les_id,
        "datum": "2026-11-23",
        "geplandeMinuten": 180,
        "aanwezigeMinuten": 180,
        "status": "aanwezig",
    }


@pytest.mark.parametrize(
    "status,velden,reden",
    [
        (
            "aangemeld",
            {},
            "Deze inschrijving is nog niet geaccepteerd (status aangemeld): accepteer haar eerst met "
            "PATCH /inschrijvingen/{id} en status actief.",
        ),
        ("afgewezen", {"reden": "Vol."}, "Deze inschrijving is afgewezen: daarvoor meldt u niets."),
    ],
)
def test_attendance_for_an_enrolment_not_accepted_is_refused_per_row(
    api, toptaal, inschrijving_bij, actief, status, velden, reden
):
    niet = inschrijving_bij(toptaal, status=status, aangemeld_op=D(2025, 5, 1), **velden)
    response = api.post("/api/v1/aanwezigheid", [rij(actief, "a"), rij(niet, "b")], format="json")
    assert response.status_code == 400, response.content
    assert response.json()["invalidParams"] == [{"name": "inschrijving", "reason": reden, "index": 1}]
    assert not Aanwezigheid.objects.exists()  # all or nothing


def test_attendance_after_accepting_is_taken(api, aangemeld):
    patch(api, aangemeld, {"status": "actief", "startdatum": "2026-11-23"})
    assert api.post("/api/v1/aanwezigheid", [rij(aangemeld, "a")], format="json").status_code == 201


def test_exam_results_and_reports_need_an_accepted_enrolment(api, aangemeld):
    examen = {"inschrijving": str(aangemeld.uuid), "onderdeel": "knm", "datum": "2026-11-23", "behaald": True}
    fouten = problem(api.post("/api/v1/examenresultaten", examen, format="json"), 400)
    assert list(fouten) == ["inschrijving"] and "nog niet geaccepteerd" in fouten["inschrijving"]
    rapport = {
        "inschrijving": str(aangemeld.uuid),
        "periodeStart": "2026-11-01",
        "periodeEind": "2026-11-23",
        "toelichting": "Goed begin.",
    }
    fouten = problem(api.post("/api/v1/voortgangsrapportages", rapport, format="json"), 400)
    assert list(fouten) == ["inschrijving"]
    assert not Examenresultaat.objects.exists()
