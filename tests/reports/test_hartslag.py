"""Issue 17, item 10: a report run whose worker dies is noticed within a minute — its heartbeat (every ~10 s) is
older than RAPPORTAGE_HARTSLAG_SECONDEN (60 s) — and started again, once; the second time it is marked failed with
a clear message. The check runs by beat every 30 s and when someone opens the runs page, so also without beat.

Here with the heartbeats in the past and the clock moved on (time-machine), the real check task and the real
pages; tests/reports/test_hartslag_worker.py kills a real worker mid-run."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from inburgering.accounts import roles
from partners.models import Arbeidsmarktregio
from reports import services, tasks
from reports.models import ReportRun

pytestmark = pytest.mark.django_db

MAAND = {"periode": "maand", "periode_start": dt.date(2026, 10, 1), "periode_eind": dt.date(2026, 10, 31)}


@pytest.fixture
def wachtrij(monkeypatch):
    """The runs handed to Celery (nothing reaches a broker): a list of run pks."""
    gestart = []
    monkeypatch.setattr(tasks.voer_run_uit, "delay", gestart.append)
    return gestart


@pytest.fixture
def klok():
    """The clock, stopped at a fixed moment; `klok.shift(seconds)` moves it on."""
    with time_machine.travel(dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.UTC), tick=False) as reis:
        yield reis


def _run(achterhoek, **velden) -> ReportRun:
    return ReportRun.objects.create(arbeidsmarktregio=achterhoek.regio, **MAAND, **velden)


def _bezig(achterhoek, **velden) -> ReportRun:
    nu = timezone.now()
    return _run(achterhoek, status="bezig", gestart_op=nu, hartslag=nu, pogingen=1, voortgang=40, **velden)


def test_de_standaard_merkt_een_verloren_run_binnen_een_minuut(settings):
    assert django_settings.RAPPORTAGE_HARTSLAG_INTERVAL <= 15
    assert django_settings.RAPPORTAGE_HARTSLAG_SECONDEN <= 60
    controle = django_settings.CELERY_BEAT_SCHEDULE["vastgelopen-rapportages"]
    assert (controle["task"], controle["schedule"]) == ("reports.tasks.markeer_vastgelopen_runs", 30.0)


def test_een_run_zonder_hartslag_start_een_keer_opnieuw_en_mislukt_de_tweede_keer(
    achterhoek, klok, wachtrij, django_capture_on_commit_callbacks
):
    run = _bezig(achterhoek)
    klok.shift(59)
    assert tasks.markeer_vastgelopen_runs() == 0  # a heartbeat 59 s old: alive
    klok.shift(2)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.markeer_vastgelopen_runs() == 1
    run.refresh_from_db()
    assert (run.status, run.herstarts, run.voortgang, run.hartslag, run.foutmelding) == ("wachtend", 1, 0, None, "")
    assert wachtrij == [run.pk]

    # the new worker claims it (services._begin) and dies as well
    ReportRun.objects.filter(pk=run.pk).update(status="bezig", gestart_op=timezone.now(), hartslag=timezone.now())
    klok.shift(61)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.markeer_vastgelopen_runs() == 1
    run.refresh_from_db()
    assert (run.status, run.herstarts, run.foutmelding) == ("mislukt", 1, services.VERLOREN)
    assert run.klaar_op == timezone.now() and wachtrij == [run.pk]  # not queued a second time
    assert services.VERLOREN.startswith("De verwerking is twee keer onderbroken: de worker")


def test_opnieuw_starten_met_de_hand_geeft_weer_een_herstart(achterhoek, make_user, wachtrij):
    coordinator = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)
    run = _run(achterhoek, status="mislukt", foutmelding=services.VERLOREN, herstarts=1)
    run = services.opnieuw(coordinator, run)
    assert (run.status, run.herstarts, run.foutmelding) == ("wachtend", 0, "")


def test_de_runspagina_start_een_verloren_run_opnieuw_ook_zonder_beat(
    client, achterhoek, make_user, klok, wachtrij, django_capture_on_commit_callbacks
):
    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    run = _bezig(achterhoek)
    klok.shift(30)
    client.get(reverse("reports:overzicht"))
    run.refresh_from_db()
    assert run.status == "bezig"  # 30 s: alive
    klok.shift(31)
    with django_capture_on_commit_callbacks(execute=True):
        lijst = client.get(reverse("reports:overzicht"))
    assert [(r["run"].pk, r["run"].status) for r in lijst.context["rijen"]] == [(run.pk, "wachtend")]
    assert wachtrij == [run.pk]
    pagina = client.get(reverse("reports:voortgang", args=[run.uuid])).content.decode()
    assert "De verwerking stopte onverwacht en is vanzelf opnieuw gestart." in pagina


def test_de_voortgang_van_een_run_merkt_zijn_verloren_worker(
    client, achterhoek, make_user, klok, wachtrij, django_capture_on_commit_callbacks
):
    """Who watches a run (the progress bar polls every 2 s) sees it restart, then fail, without beat."""
    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    run = _bezig(achterhoek, herstarts=1)
    klok.shift(61)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.get(reverse("reports:voortgang", args=[run.uuid]), headers={"HX-Request": "true"})
    assert antwoord.status_code == 200 and antwoord["HX-Refresh"] == "true"  # done: the page reloads
    pagina = client.get(reverse("reports:run", args=[run.uuid])).content.decode()
    assert services.VERLOREN in pagina and wachtrij == []


def test_een_landelijke_run_leeft_zolang_zijn_delen_wachten_of_lopen(
    achterhoek, klok, wachtrij, django_capture_on_commit_callbacks
):
    """A national run has no worker of its own once it is split: its region parts are watched, not it."""
    twente = Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")
    nu = timezone.now()
    landelijk = ReportRun.objects.create(soort="landelijk", status="bezig", gestart_op=nu, hartslag=nu, **MAAND)
    deel = _bezig(achterhoek, bovenliggend=landelijk, herstarts=1)
    wacht = ReportRun.objects.create(bovenliggend=landelijk, arbeidsmarktregio=twente, status="wachtend", **MAAND)
    klok.shift(120)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.markeer_vastgelopen_runs() == 1  # the part that lost its worker a second time
    deel.refresh_from_db()
    landelijk.refresh_from_db()
    assert (deel.status, deel.foutmelding) == ("mislukt", services.VERLOREN)
    assert (landelijk.status, landelijk.foutmelding) == ("mislukt", f"Regio Achterhoek: {services.VERLOREN}")
    wacht.refresh_from_db()
    assert wacht.status == "wachtend"


def test_een_landelijke_run_zonder_lopende_delen_en_zonder_hartslag_start_opnieuw(
    achterhoek, klok, wachtrij, django_capture_on_commit_callbacks
):
    nu = timezone.now()
    gesplitst = ReportRun.objects.create(soort="landelijk", status="bezig", gestart_op=nu, hartslag=nu, **MAAND)
    _bezig(achterhoek, bovenliggend=gesplitst)
    niet_gesplitst = ReportRun.objects.create(soort="landelijk", status="bezig", gestart_op=nu, hartslag=nu, **MAAND)
    klok.shift(30)
    ReportRun.objects.filter(bovenliggend=gesplitst).update(hartslag=timezone.now())  # the part beats
    klok.shift(31)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.markeer_vastgelopen_runs() == 1
    assert wachtrij == [niet_gesplitst.pk]  # its worker died while splitting it; the split one lives
    assert ReportRun.objects.get(pk=gesplitst.pk).status == "bezig"


def test_het_landelijke_deel_wordt_bewaakt_als_een_regiodeel(
    achterhoek, klok, wachtrij, django_capture_on_commit_callbacks
):
    """Issue 16: the national run's land part (soort landelijk, itself a part) is restarted once when its worker
    dies, while the national run lives through it; the second loss fails both."""
    nu = timezone.now()
    landelijk = ReportRun.objects.create(soort="landelijk", status="bezig", gestart_op=nu, hartslag=nu, **MAAND)
    land = ReportRun.objects.create(soort="landelijk", bovenliggend=landelijk, status="bezig", gestart_op=nu,
                                    hartslag=nu, **MAAND)  # fmt: skip
    klok.shift(61)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.markeer_vastgelopen_runs() == 1
    assert wachtrij == [land.pk]
    assert ReportRun.objects.get(pk=landelijk.pk).status == "bezig"

    ReportRun.objects.filter(pk=land.pk).update(status="bezig", hartslag=timezone.now())
    klok.shift(61)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.markeer_vastgelopen_runs() == 1
    landelijk.refresh_from_db()
    assert (landelijk.status, landelijk.foutmelding) == ("mislukt", f"Landelijke cijfers: {services.VERLOREN}")
