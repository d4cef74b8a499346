"""A real Celery worker for the tests: the test's own Redis database as the broker, and `celery worker` started as
a separate process against the test database (tests/reports/test_celery_worker.py, tests/duo). Redis is on
127.0.0.1:6379 in CI (.ci/run starts it); a test using `broker` is skipped only when it is not reachable."""

import os
import signal
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings

from inburgering.celery import app

ROOT = Path(__file__).resolve().parents[1]
CELERY = ROOT / ".venv" / "bin" / "celery"
BROKER = os.environ.get("RAPPORTAGE_TEST_BROKER_URL", "redis://127.0.0.1:6379/9")


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

    start.processen = processen  # to kill one mid-run (tests/reports/test_hartslag_worker.py)
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
