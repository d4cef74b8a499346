"""The processing log: written on every read and write of personal data, append-only in the database,
surviving a rolled-back transaction, and answering 'wie zag mijn dossier?'."""

import datetime as dt
import logging

import pytest
from django.db import DatabaseError, connections, transaction

from cases import selectors, services
from cases.models import Statushouder
from inburgering.accounts import roles
from inburgering.audit.context import request_id
from inburgering.audit.models import AuditEvent
from tests.cases.conftest import REGISTRATIE
from tests.factories import StatushouderFactory

D = dt.date
pytestmark = pytest.mark.django_db


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def test_read_is_logged_with_actor_role_case_and_request_id(consultant, winterswijk):
    sh = StatushouderFactory(gemeente=winterswijk, consultant=consultant)
    token = request_id.set("req-123")
    try:
        selectors.get_statushouder(consultant, sh.uuid, toelichting="telefoongesprek")
    finally:
        request_id.reset(token)
    [event] = events(statushouder_id=sh.uuid)
    assert (event.handeling, event.actor_type, event.actor_id, event.rol) == (
        "read",
        "gebruiker",
        str(consultant.uuid),
        "consultant",
    )
    assert (event.object_type, event.object_id, event.gemeente_code) == ("cases.statushouder", str(sh.uuid), "GM0294")
    assert (event.request_id, event.toelichting) == ("req-123", "telefoongesprek")


def test_writes_are_logged_and_no_bsn_is_ever_written(consultant, winterswijk, caplog):
    caplog.set_level(logging.DEBUG)
    sh = services.registreer_statushouder(
        actor=consultant,
        gemeente=winterswijk,
        consultant=consultant,
        bsn="999990019",
        datum=D(2022, 12, 6),
        **REGISTRATIE,
    )
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    logged = [(e.handeling, e.object_type) for e in events(statushouder_id=sh.uuid)]
    assert logged == [
        ("create", "cases.statushouder"),
        ("update", "cases.statushouder"),
        ("create", "cases.bredeintake"),
    ]
    assert events(handeling="update")[0].velden == ["intake_start_datum", "status", "status_sinds"]
    # the BSN is in no column of the log, and in no log line
    with connections["audit"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent WHERE audit_auditevent::text LIKE %s", ["%999990019%"])
        assert cursor.fetchone()[0] == 0
    assert "999990019" not in caplog.text


def test_list_logs_every_row_shown_in_one_query(consultant, winterswijk, aalten, django_assert_num_queries):
    """One LIST event per gemeente naming its persons, all in one INSERT: found for each person shown."""
    shown = [StatushouderFactory(gemeente=winterswijk, consultant=consultant) for _ in range(5)]
    elders = StatushouderFactory(gemeente=aalten)
    page = [*selectors.caseload(consultant), Statushouder.objects.select_related("gemeente").get(pk=elders.pk)]
    with (
        django_assert_num_queries(1),  # the actor's role groups
        django_assert_num_queries(1, connection=connections["audit"]),  # one INSERT for all rows
    ):
        assert selectors.log_shown(consultant, page) == 6
    lijsten = {e.gemeente_code: set(e.statushouder_ids) for e in events(handeling="list")}
    assert lijsten == {winterswijk.cbs_code: {sh.uuid for sh in shown}, aalten.cbs_code: {elders.uuid}}
    for sh in [*shown, elders]:
        assert AuditEvent.objects.over(sh.uuid).filter(handeling="list").count() == 1


def test_update_and_delete_of_an_event_are_refused_by_the_database(consultant, winterswijk):
    sh = StatushouderFactory(gemeente=winterswijk, consultant=consultant)
    selectors.get_statushouder(consultant, sh.uuid)
    event = AuditEvent.objects.get(statushouder_id=sh.uuid)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(using="audit"):
        AuditEvent.objects.filter(pk=event.pk).update(actor_label="iemand anders")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(using="audit"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(using="audit"):
        with connections["audit"].cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).actor_label == consultant.username


def test_wie_zag_dit_dossier(consultant, teamleider, make_user, winterswijk, achterhoek):
    sh = StatushouderFactory(gemeente=winterswijk, consultant=consultant)
    selectors.get_statushouder(consultant, sh.uuid)
    log = list(selectors.wie_zag_dit_dossier(teamleider, sh))
    # newest first: the teamleider looking at the log, then the consultant's read
    assert [(e.actor_label, e.handeling) for e in log] == [
        (teamleider.username, "read"),
        (consultant.username, "read"),
    ]
    regio = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)
    with pytest.raises(Statushouder.DoesNotExist):
        selectors.wie_zag_dit_dossier(regio, sh)


@pytest.mark.django_db(transaction=True)
def test_events_survive_a_rolled_back_request_transaction(consultant, winterswijk):
    sh = StatushouderFactory(gemeente=winterswijk, consultant=consultant)
    with pytest.raises(RuntimeError), transaction.atomic():
        selectors.get_statushouder(consultant, sh.uuid)
        Statushouder.objects.filter(pk=sh.pk).update(voornamen="gewijzigd")
        raise RuntimeError("the request failed after reading")
    assert Statushouder.objects.get(pk=sh.pk).voornamen != "gewijzigd"
    assert AuditEvent.objects.filter(statushouder_id=sh.uuid, handeling="read").count() == 1


def test_request_id_middleware_makes_its_own_id_and_echoes_the_clients_apart(client):
    response = client.get("/admin/login/", HTTP_X_REQUEST_ID="abc-123")
    assert len(response["X-Request-ID"]) == 36 and response["X-Client-Request-ID"] == "abc-123"
    response = client.get("/admin/login/", HTTP_X_REQUEST_ID="bad id; DROP")
    assert len(response["X-Request-ID"]) == 36 and "X-Client-Request-ID" not in response
