"""Acceptance (issue 6): a real Celery worker, started as a separate process against the real Redis broker and the
test database, computes a run that a regiocoördinator started through the web view — and a run whose task fails
ends "mislukt" with its error on the run's page.

The worker and this test share the broker (its own Redis database, so no other worker picks the task up), the
database (the pytest test database; the test is transactional so the worker sees its data) and MEDIA_ROOT. Redis is
on 127.0.0.1:6379 in CI (.ci/run starts it); the test is skipped only when it is not reachable."""

import os
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.urls import reverse

from inburgering.accounts import roles
from inburgering.celery import app
from reports.models import ReportRun
from tests.factories import StatushouderFactory
from tests.referentiedata import referentiedata, referentiedata_na_flush  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
CELERY = ROOT / ".venv" / "bin" / "celery"
BROKER = os.environ.get("RAPPORTAGE_TEST_BROKER_URL", "redis://127.0.0.1:6379/9")
WACHTTIJD = 120  # seconds for a run to end: the worker starts, computes every indicator and renders the files

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(monkeypatch):
    """The test's own Redis database, emptied, as the broker of this process too (the view queues the task).
    Celery prefers the environment's CELERY_BROKER_URL (set by .ci/run) over app.conf, so that is set too."""
    verbinding = redis.Redis.from_url(BROKER, socket_connect_timeout=2)
    try:
        verbinding.flushdb()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis is niet bereikbaar op {BROKER} ({exc}); CI start Redis in .ci/run")
    vorige = app.conf.broker_url
    monkeypatch.setenv("CELERY_BROKER_URL", BROKER)
    _gebruik_broker(BROKER)
    yield BROKER
    _gebruik_broker(vorige)
    verbinding.flushdb()
    verbinding.close()


def _gebruik_broker(url: str) -> None:
    """Point the app at `url`. The connection pools are kombu's, kept per broker: drop only the app's references
    to those of the old URL (closing them would leave a closed pool in kombu's registry)."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


def _database_url(naam: str | None = None) -> str:
    """A DATABASE_URL for the test database (or database `naam` on the same server); the host may be a socket
    directory (the embedded PostgreSQL), hence the quoting."""
    db = settings.DATABASES["default"]
    gebruiker = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else "")
    host = quote(db["HOST"] or "127.0.0.1", safe="")
    return f"postgres://{gebruiker}@{host}:{db['PORT'] or 5432}/{naam or db['NAME']}"


@pytest.fixture
def worker(broker, tmp_path, settings):
    """Start `celery -A inburgering worker` (solo pool) with the given extra environment; stopped afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    processen = []

    def start(**extra_env) -> Path:
        log = tmp_path / f"worker-{len(processen)}.log"
        env = {
            **{k: v for k, v in os.environ.items() if k != "REPORTS_DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "inburgering.settings",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONUNBUFFERED": "1",
            **extra_env,
        }
        with log.open("wb") as uit:
            processen.append(
                subprocess.Popen(
                    [str(CELERY), "-A", "inburgering", "worker", "--pool", "solo", "--concurrency", "1",
                     "--loglevel", "INFO", "--without-gossip", "--without-mingle",
                     "--hostname", f"rapportagetest{os.getpid()}@%h"],
                    cwd=ROOT, env=env, stdout=uit, stderr=subprocess.STDOUT, start_new_session=True,
                )
            )  # fmt: skip
        return log

    yield start
    for proces in processen:
        _stop(proces)


def _stop(proces: subprocess.Popen) -> None:
    """SIGTERM (a warm shutdown), SIGKILL if it does not go; the worker's process group is its own."""
    for sig, wacht in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        if proces.poll() is not None:
            return
        try:
            os.killpg(proces.pid, sig)
        except ProcessLookupError:
            return
        try:
            proces.wait(timeout=wacht)
        except subprocess.TimeoutExpired:
            continue


def _wacht_tot_afgelopen(run: ReportRun, log: Path) -> ReportRun:
    einde = time.monotonic() + WACHTTIJD
    while time.monotonic() < einde:
        run.refresh_from_db()
        if run.status in (ReportRun.Status.KLAAR, ReportRun.Status.MISLUKT):
            return run
        time.sleep(0.5)
    pytest.fail(f"run nog {run.status} na {WACHTTIJD} s; worker-log:\n{log.read_text()[-4000:]}")


@pytest.fixture
def coordinator(achterhoek, make_user, client):
    """A regiocoördinator of the Achterhoek, logged in, with a few statushouders in the region."""
    gebruiker = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)
    StatushouderFactory.create_batch(6, gemeente=achterhoek.gemeenten["Winterswijk"])
    StatushouderFactory.create_batch(2, gemeente=achterhoek.gemeenten["Aalten"])
    client.force_login(gebruiker)
    return gebruiker


def _start_via_de_pagina(client, achterhoek) -> ReportRun:
    antwoord = client.post(
        reverse("reports:starten"),
        {"soort": "regio", "regio": achterhoek.regio.uuid, "periode": "kwartaal", "jaar": 2026, "nummer": 3},
    )
    run = ReportRun.objects.get()
    assert (antwoord.status_code, antwoord["Location"]) == (302, reverse("reports:run", args=[run.uuid]))
    return run


def test_een_echte_worker_maakt_de_rapportage_met_bestanden(worker, coordinator, achterhoek, client):
    log = worker()
    run = _start_via_de_pagina(client, achterhoek)

    run = _wacht_tot_afgelopen(run, log)

    assert (run.status, run.voortgang, run.foutmelding, run.pogingen) == ("klaar", 100, "", 1), log.read_text()[-4000:]
    assert run.resultaat["gemeenten_per_regio"]["AM03"][-1] == "GM0294"  # Winterswijk, the last by name
    assert run.rekentijd > 0 and run.rendertijd > 0
    for formaat in ("pdf", "csv", "xlsx"):
        bestand = Path(settings.MEDIA_ROOT) / getattr(run, formaat).name
        assert bestand.suffix == f".{formaat}" and bestand.is_file() and bestand.stat().st_size > 0
    assert Path(run.pdf.path).read_bytes().startswith(b"%PDF")


def test_een_taak_die_faalt_toont_een_mislukte_run_met_de_fout(worker, coordinator, achterhoek, client):
    """The worker reads the figures through the "rapportage" alias — in production a read replica
    (REPORTS_DATABASE_URL). Here it points at a replica database that does not exist, as when the replica is down:
    the task's queries raise, and the run must end "mislukt" with that error instead of staying "bezig"."""
    log = worker(REPORTS_DATABASE_URL=_database_url("rapportage_replica_bestaat_niet"))
    run = _start_via_de_pagina(client, achterhoek)

    run = _wacht_tot_afgelopen(run, log)

    assert run.status == "mislukt", log.read_text()[-4000:]
    assert run.foutmelding.startswith("De rapportage kon niet worden gemaakt: OperationalError: ")
    assert "rapportage_replica_bestaat_niet" in run.foutmelding
    assert (run.resultaat, run.pdf.name, run.pogingen) == (None, "", 1)
    pagina = client.get(reverse("reports:run", args=[run.uuid])).content.decode()
    assert "De rapportage kon niet worden gemaakt: OperationalError" in pagina
    assert "rapportage_replica_bestaat_niet" in pagina
