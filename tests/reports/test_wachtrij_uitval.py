"""Fault tolerance (issue 8 §5) against a real Redis that the test stops and starts: with Redis down every page
still serves (the cache treats it as a miss, the API throttle lets requests through) and starting a report says
it is queued; when Redis is back, the beat task queues the waiting run again and a real worker completes it.

The Redis is the test's own (a redis-server on a free port, no persistence), the cache location and the broker of
this process; the machine's Redis is not touched. Transactional, so the worker sees the test's data."""

import logging
import os
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import redis
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from inburgering.accounts import roles
from inburgering.celery import app
from partners.models import ApiSleutel
from reports import tasks
from reports.models import ReportRun
from tests.celery_worker import CELERY, ROOT, _database_url, _gebruik_broker, _stop
from tests.factories import StatushouderFactory
from tests.referentiedata import referentiedata, referentiedata_na_flush  # noqa: F401
from tests.reports.test_celery_worker import _wacht_tot_afgelopen

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
IN_WACHTRIJ = "is opgeslagen en staat in de wachtrij"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(REDIS_SERVER), reason="redis-server is niet geïnstalleerd"),
]


class EigenRedis:
    """A redis-server of the test's own on a free port, to stop and start again on the same port."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.poort = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.poort}/0"
        self.proces = None

    def start(self) -> None:
        self.proces = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        einde = time.monotonic() + 10
        while time.monotonic() < einde:
            try:
                if self.verbinding().ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server kwam niet op op poort {self.poort}")

    def stop(self) -> None:
        self.proces.terminate()
        self.proces.wait(timeout=10)

    def verbinding(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=1)


@pytest.fixture
def eigen_redis(settings, monkeypatch):
    """The own Redis, running, as the cache and the broker (Celery prefers the environment's CELERY_BROKER_URL
    over app.conf, so both; the app's references to the old broker's pools are dropped, as test_celery_worker)."""
    server = EigenRedis()
    server.start()
    settings.CACHES = {"default": {"BACKEND": "inburgering.cache.FouttolerantRedisCache", "LOCATION": server.url}}
    vorige = app.conf.broker_url
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    _gebruik_broker(server.url)
    yield server
    _gebruik_broker(vorige)
    if server.proces.poll() is None:
        server.stop()


@pytest.fixture
def pagina_s(achterhoek, consultant, make_user):
    """A client per page that must keep serving: a consultant's case page and Vandaag, a regiocoördinator's
    reports page, a provider's API request (which the throttle counts in the cache)."""
    zaak = StatushouderFactory(gemeente=achterhoek.gemeenten["Winterswijk"], consultant=consultant)
    StatushouderFactory.create_batch(3, gemeente=achterhoek.gemeenten["Aalten"])
    medewerker = Client(raise_request_exception=False)
    medewerker.force_login(consultant)
    coordinator = Client(raise_request_exception=False)
    coordinator.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    _sleutel, key = ApiSleutel.objects.create_key(organisatie=achterhoek.aanbieders["TopTaal"], name="test")
    api = APIClient(raise_request_exception=False)
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    paginas = {
        "dossier": (medewerker, reverse("cases:dossier", args=[zaak.uuid])),
        "vandaag": (medewerker, reverse("cases:vandaag")),
        "rapportages": (coordinator, reverse("reports:overzicht")),
        "api": (api, "/api/v1/inschrijvingen"),
    }
    return {"paginas": paginas, "coordinator": coordinator}


def _statussen(pagina_s) -> dict:
    return {naam: client.get(url).status_code for naam, (client, url) in pagina_s["paginas"].items()}


def _start_rapportage(client, achterhoek):
    return client.post(
        reverse("reports:starten"),
        {"soort": "regio", "regio": achterhoek.regio.uuid, "periode": "kwartaal", "jaar": 2026, "nummer": 3},
        follow=True,
    )


def test_zonder_redis_serveren_de_paginas_en_wacht_de_rapportage_tot_redis_terug_is(
    eigen_redis, pagina_s, achterhoek, caplog, tmp_path, settings
):
    alles_goed = {"dossier": 200, "vandaag": 200, "rapportages": 200, "api": 200}
    assert _statussen(pagina_s) == alles_goed
    assert eigen_redis.verbinding().keys("*throttle*"), "the API throttle counts in Redis while it runs"

    eigen_redis.stop()
    caplog.set_level(logging.WARNING)
    begin = time.monotonic()
    assert _statussen(pagina_s) == alles_goed  # no 500: the cache misses, the throttle lets the request through
    assert time.monotonic() - begin < 5
    assert "Redis-cache onbereikbaar" in caplog.text

    begin = time.monotonic()
    antwoord = _start_rapportage(pagina_s["coordinator"], achterhoek)
    assert time.monotonic() - begin < 10  # queuing gives up quickly (CELERY_TASK_PUBLISH_RETRY_POLICY)
    assert antwoord.status_code in (200, 400)  # the run's page with the message, or the form with it: no 500
    assert IN_WACHTRIJ in antwoord.content.decode()
    run = ReportRun.objects.get()
    assert run.status == "wachtend"

    eigen_redis.start()  # on the same port
    assert tasks.verstuur_wachtende_runs() == 0  # a run just stored is given a minute
    ReportRun.objects.filter(pk=run.pk).update(aangemaakt_op=timezone.now() - timedelta(minutes=2))
    assert tasks.verstuur_wachtende_runs() == 1
    assert eigen_redis.verbinding().llen("celery") == 1  # the task message is on the broker's queue

    settings.MEDIA_ROOT = tmp_path / "media"
    log = tmp_path / "worker.log"
    env = {
        **{k: v for k, v in os.environ.items() if k != "REPORTS_DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "inburgering.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": eigen_redis.url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("wb") as uit:
        worker = subprocess.Popen(
            [str(CELERY), "-A", "inburgering", "worker", "--pool", "solo", "--concurrency", "1", "--loglevel", "INFO",
             "--without-gossip", "--without-mingle", "--hostname", f"wachtrijtest{os.getpid()}@%h"],
            cwd=ROOT, env=env, stdout=uit, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        run = _wacht_tot_afgelopen(run, log)
    finally:
        _stop(worker)
    assert (run.status, run.pogingen) == ("klaar", 1), log.read_text()[-4000:]
