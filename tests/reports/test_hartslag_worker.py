"""Issue 17, item 10, with a real Celery worker that is killed mid-run (SIGKILL, as an OOM kill or a lost host):
its run stops beating, the check (the real beat task) starts it again, and a second worker completes it.

To catch the worker mid-run, the test holds a lock on the statushouders table the indicators read: the task waits
in its first query, without progress — and keeps beating from its heartbeat thread, which is the point: a slow
query is not a dead worker. The clock of this process is moved on (time-machine) instead of waiting a minute.
Transactional, so the worker sees the test's data (tests/celery_worker.py)."""

import datetime as dt
import os
import signal
import time

import psycopg
import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from inburgering.accounts import roles
from reports import services, tasks
from reports.indicators.base import Periode
from reports.models import ReportRun
from tests.celery_worker import _database_url
from tests.factories import StatushouderFactory
from tests.referentiedata import referentiedata, referentiedata_na_flush  # noqa: F401
from tests.reports.test_celery_worker import _wacht_tot_afgelopen

pytestmark = pytest.mark.django_db(transaction=True)


def _wacht(voorwaarde, seconden: float, uitleg) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return
        time.sleep(0.2)
    pytest.fail(uitleg())


@pytest.fixture
def slot():
    """`slot()` locks the statushouders table from a connection of its own; `slot.los()` lets it go."""
    verbinding = psycopg.connect(_database_url(), autocommit=False)

    def neem():
        verbinding.execute("LOCK TABLE cases_statushouder IN ACCESS EXCLUSIVE MODE")

    neem.los = verbinding.rollback
    yield neem
    verbinding.close()


def test_een_gedode_worker_wordt_opgemerkt_en_de_run_opnieuw_gemaakt(worker, achterhoek, make_user, slot):
    StatushouderFactory.create_batch(6, gemeente=achterhoek.gemeenten["Winterswijk"])
    coordinator = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)
    slot()
    log = worker(RAPPORTAGE_HARTSLAG_INTERVAL="0.5")  # so that the test sees a beat quickly
    eerste = worker.processen[-1]
    run = services.start_run(coordinator, soort="regio", regio=achterhoek.regio, periode=Periode.kwartaal(2026, 3))

    def gestart():
        run.refresh_from_db()
        return run.status == "bezig" and run.hartslag and run.hartslag > run.gestart_op

    # claimed, waiting in its first indicator query, and beating all the same
    _wacht(gestart, 60, lambda: f"run {run.status}, hartslag {run.hartslag}; worker-log:\n{log.read_text()[-4000:]}")
    assert run.voortgang == 0 and run.pogingen == 1

    os.killpg(eerste.pid, signal.SIGKILL)
    eerste.wait(timeout=10)
    laatste = ReportRun.objects.get(pk=run.pk).hartslag
    time.sleep(1.5)
    assert ReportRun.objects.get(pk=run.pk).hartslag == laatste  # the heartbeat stopped with the worker

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=settings.RAPPORTAGE_HARTSLAG_SECONDEN + 1)):
        assert tasks.markeer_vastgelopen_runs.apply().get() == 1  # the beat task, in this process
    run.refresh_from_db()
    assert (run.status, run.herstarts) == ("wachtend", 1)  # and queued again

    slot.los()  # the lock goes; the killed worker's query was never answered
    log = worker(RAPPORTAGE_HARTSLAG_INTERVAL="0.5")
    run = _wacht_tot_afgelopen(run, log)
    assert (run.status, run.herstarts, run.pogingen, run.foutmelding) == ("klaar", 1, 2, ""), log.read_text()[-4000:]
    assert run.pdf and run.resultaat["gemeenten_per_regio"]["AM03"]


def test_de_hartslag_klopt_ook_als_de_voortgang_stilstaat(achterhoek):
    """The heartbeat thread (services.Hartslag) beats on its own connection while the task is busy elsewhere, and
    stops when the work is done."""
    begin = timezone.now() - dt.timedelta(minutes=5)
    run = ReportRun.objects.create(arbeidsmarktregio=achterhoek.regio, periode="maand", status="bezig",
                                   periode_start=dt.date(2026, 10, 1), periode_eind=dt.date(2026, 10, 31),
                                   gestart_op=begin, hartslag=begin)  # fmt: skip
    with services.Hartslag(run, interval=0.05):
        _wacht(lambda: ReportRun.objects.get(pk=run.pk).hartslag > begin, 10, lambda: "geen hartslag")
    na_afloop = ReportRun.objects.get(pk=run.pk).hartslag
    time.sleep(0.3)
    assert ReportRun.objects.get(pk=run.pk).hartslag == na_afloop
