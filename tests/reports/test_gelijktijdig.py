"""The report's queries side by side (reports/gelijktijdig.py): every helper thread reads the run's own snapshot, so a
change committed while the run computes is seen by none of them; results come back in the order of the tasks; an
error in any thread reaches the caller. Helper threads open connections of their own, which cannot see an ordinary
test's uncommitted data: these tests use a transactional database."""

import threading

import pytest
from django.db import connections, transaction

from cases.models import Statushouder
from reports import gelijktijdig
from tests.factories import StatushouderFactory
from tests.referentiedata import laad as _laad_referentiedata
from tests.referentiedata import referentiedata_na_flush  # noqa: F401

DB = "rapportage"


@pytest.fixture
def tdb(transactional_db):
    """A transactional database with the reference data (an earlier transactional test may have flushed it)."""
    _laad_referentiedata()


def _in_snapshot(functie):
    """Run `functie` inside a repeatable-read, read-only transaction on the report alias, as a run does."""
    with transaction.atomic(using=DB):
        with connections[DB].cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT 1")  # the snapshot is taken at the first query
        return functie()


@pytest.mark.django_db(transaction=True)
def test_every_thread_reads_the_runs_snapshot_not_what_was_committed_since(tdb, achterhoek):
    aalten = achterhoek.gemeenten["Aalten"]
    StatushouderFactory.create_batch(3, gemeente=aalten)
    gezien_door = set()

    def tel(_i):
        gezien_door.add(threading.current_thread().name)
        return Statushouder.objects.using(DB).count()

    def na_de_snapshot():
        with connections[DB].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM cases_statushouder")
        StatushouderFactory.create_batch(2, gemeente=aalten)  # committed while the run reads
        return gelijktijdig.kaart(DB, tel, [(i,) for i in range(40)], werkers=3)

    assert _in_snapshot(na_de_snapshot) == [3] * 40
    assert Statushouder.objects.count() == 5
    assert len(gezien_door) > 1  # the work was shared between threads


@pytest.mark.django_db(transaction=True)
def test_results_keep_the_order_of_the_tasks_and_errors_reach_the_caller():
    gemeld = []
    taken = [(i,) for i in range(25)]
    kwadraten = _in_snapshot(lambda: gelijktijdig.kaart(DB, lambda x: x * x, taken, 4, lambda *k: gemeld.append(k)))
    assert kwadraten == [i * i for i in range(25)]
    assert gemeld == [(k, 25) for k in range(1, 26)]  # one call per task, counting up, never two at once

    def faalt(i):
        if i == 7:
            raise ValueError("taak 7")
        return i

    with pytest.raises(ValueError, match="taak 7"):
        _in_snapshot(lambda: gelijktijdig.kaart(DB, faalt, [(i,) for i in range(25)], 3))


@pytest.mark.django_db(transaction=True)
def test_side_by_side_only_inside_the_runs_transaction():
    with pytest.raises(RuntimeError):
        gelijktijdig.kaart(DB, lambda x: x, [(1,), (2,)], 2)
    assert gelijktijdig.kaart(DB, lambda x: x, [(1,), (2,)], 1) == [1, 2]  # one worker: no threads, no snapshot
