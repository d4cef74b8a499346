"""The stored signals of Vandaag (cases/signaalstand.py): reused while valid, computed again on a new day, after any
write to what the signals read (database triggers, also for bulk writes and raw SQL), after a write that committed
while a stand was being computed, and when the norms change; and every table the signals read has the triggers."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cases import signaalstand, signals
from cases.models import Signaalstand, Signaalversie, Statushouder
from cases.selectors import werklijst
from leerroutes.models import Aanwezigheid
from tests.factories import AanwezigheidFactory, StatushouderFactory, b1_inschrijving, dossier_in_uitvoering

pytestmark = pytest.mark.django_db
D = dt.date
VANDAAG = D(2026, 11, 24)


@pytest.fixture
def bakker(winterswijk, consultant, achterhoek):
    """A case in uitvoering with three lessons in the last four weeks, all attended: no signal."""
    sh = dossier_in_uitvoering(winterswijk, consultant, achternaam="Bakker")
    inschrijving = b1_inschrijving(sh, achterhoek)
    for dag in (16, 17, 18):
        AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 11, dag))
    sh.inschrijving = inschrijving
    return sh


def _codes(user, vandaag=VANDAAG):
    return [
        (m.statushouder.achternaam, m.signaal.code) for m in werklijst.meldingen(user, vandaag, gemeente_breed=False)
    ]


def _schrijft_standen(user, vandaag=VANDAAG) -> bool:
    with CaptureQueriesContext(connection) as q:
        werklijst.meldingen(user, vandaag, gemeente_breed=False)
    return any('INSERT INTO "cases_signaalstand"' in x["sql"] for x in q.captured_queries)


def test_a_valid_stand_is_read_not_computed(consultant, bakker):
    assert _codes(consultant) == []
    stand = Signaalstand.objects.get(statushouder=bakker)
    assert (stand.dag, stand.meldingen) == (VANDAAG, [])
    assert not _schrijft_standen(consultant)


def test_a_bulk_write_of_attendance_makes_the_stand_out_of_date(consultant, bakker):
    assert _codes(consultant) == []
    # As the provider API writes attendance: bulk_create, no model signals.
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(
            inschrijving=bakker.inschrijving,
            les_id=f"les-bulk-{dag}",
            datum=D(2026, 11, dag),
            soort="les",
            geplande_minuten=180,
            aanwezige_minuten=0,
            status="ongeoorloofd_afwezig",
        )
        for dag in (19, 20, 23)
    )
    assert _codes(consultant) == [("Bakker", "verzuim")]
    melding = werklijst.met_dossiers(werklijst.meldingen(consultant, VANDAAG, gemeente_breed=False))[0]
    assert melding.datum == D(2026, 11, 23)
    assert "3 keer op rij ongeoorloofd afwezig" in melding.toelichting  # from the stored annotations
    # Deleting them (raw SQL) brings it back.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM leerroutes_aanwezigheid WHERE les_id LIKE 'les-bulk-%%'")
    assert _codes(consultant) == []


def test_a_new_day_computes_again(consultant, winterswijk):
    # Ontzorgen ends 15-12-2026: signalled from four weeks before, 17-11-2026.
    StatushouderFactory(
        gemeente=winterswijk, consultant=consultant, achternaam="Zwart", bijstand_start_datum=D(2026, 6, 15)
    )
    vroeg = D(2026, 11, 10)
    assert ("Zwart", "ontzorgen") not in _codes(consultant, vroeg)
    assert ("Zwart", "ontzorgen") in _codes(consultant, VANDAAG)
    assert set(Signaalstand.objects.values_list("dag", flat=True)) == {VANDAAG}


def test_a_write_that_committed_during_the_computation_leaves_the_stand_out_of_date(consultant, bakker):
    """A stand keeps the counter its snapshot saw: one computed before a write that raised the counter is not
    used, even though it was stored after that write."""
    assert _codes(consultant) == []
    stand = Signaalstand.objects.get(statushouder=bakker)
    Signaalversie.objects.filter(statushouder_id=bakker.pk).update(versie=stand.versie + 1)
    stand.meldingen = [["verzuim", "2026-11-20"]]  # what a stale computation could hold
    stand.save()
    assert _codes(consultant) == []
    assert Signaalstand.objects.get(statushouder=bakker).versie == stand.versie + 1


def test_other_norms_compute_again(consultant, bakker):
    assert _codes(consultant) == []
    sleutel = Signaalstand.objects.get(statushouder=bakker).sleutel
    normen = {**signals.settings.INBURGERING_NORMEN, "VERZUIM_PERCENTAGE": 101}
    with override_settings(INBURGERING_NORMEN=normen):
        assert _codes(consultant) == [("Bakker", "verzuim")]
        assert Signaalstand.objects.get(statushouder=bakker).sleutel != sleutel


def test_every_table_the_signals_read_raises_the_counter():
    """A new signal that reads a table without the triggers would leave stands valid after a write to it."""
    sql = str(signals.annoteer(Statushouder.objects.all(), VANDAAG).query)
    gelezen = set(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, array_agg(tgname::text ORDER BY tgname) FROM pg_trigger "
            "WHERE tgname LIKE 'signaalversie_na_%%' AND tgenabled <> 'D' GROUP BY 1"
        )
        met_triggers = dict(cursor.fetchall())
    assert gelezen >= {"cases_statushouder", "leerroutes_aanwezigheid", "duo_voorstel", "taken_taak"}
    for tabel in gelezen:
        assert met_triggers.get(tabel) == [
            "signaalversie_na_delete",
            "signaalversie_na_insert",
            "signaalversie_na_update",
        ], tabel


def test_the_stored_annotations_come_back_with_their_types(consultant, bakker):
    werklijst.meldingen(consultant, VANDAAG, gemeente_breed=False)
    sh = Statushouder.objects.select_related("signaalstand").get(pk=bakker.pk)
    signaalstand.zet_waarden(sh, sh.signaalstand.waarden)
    rij = signals.annoteer(Statushouder.objects.filter(pk=bakker.pk), VANDAAG).get()
    for naam in signals.annoteer(Statushouder.objects.all(), VANDAAG).query.annotations:
        assert getattr(sh, naam) == getattr(rij, naam), naam


def test_the_nightly_task_computes_the_day_for_every_active_case(consultant, bakker, winterswijk, settings):
    from cases.tasks import signaalstanden_bijwerken

    StatushouderFactory(
        gemeente=winterswijk, consultant=consultant, status="afgerond", eindreden="overig", einddatum=D(2026, 6, 1)
    )
    assert signaalstand.bijwerken_alle(VANDAAG, per=1) == 1
    assert list(Signaalstand.objects.values_list("statushouder_id", "dag")) == [(bakker.pk, VANDAAG)]
    assert not _schrijft_standen(consultant)
    assert settings.CELERY_BEAT_SCHEDULE["signaalstanden-bijwerken"]["task"] == signaalstanden_bijwerken.name


def test_anonymising_a_case_deletes_its_stand(consultant, bakker):
    from cases.services import bewaartermijn

    werklijst.meldingen(consultant, VANDAAG, gemeente_breed=False)
    assert Signaalstand.objects.filter(statushouder=bakker).exists()
    telling = bewaartermijn.anonimiseer([bakker])
    assert telling["cases.Signaalstand"] == 1
    assert not Signaalstand.objects.filter(statushouder=bakker).exists()
