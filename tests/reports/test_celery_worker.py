"""Acceptance (issue 6): a real Celery worker, started as a separate process against the real Redis broker and the
test database, computes a run that a regiocoördinator started through the web view — and a run whose task fails
ends "mislukt" with its error on the run's page.

The worker and this test share the broker (its own Redis database, so no other worker picks the task up), the
database (the pytest test database; the test is transactional so the worker sees its data) and MEDIA_ROOT. Redis is
on 127.0.0.1:6379 in CI (.ci/run starts it); the test is skipped only when it is not reachable."""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from inburgering.accounts import roles
from reports.models import ReportRun
from tests.celery_worker import _database_url
from tests.factories import StatushouderFactory
from tests.referentiedata import referentiedata, referentiedata_na_flush  # noqa: F401

WACHTTIJD = 120  # seconds for a run to end: the worker starts, computes every indicator and renders the files

pytestmark = pytest.mark.django_db(transaction=True)


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
