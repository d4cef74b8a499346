"""Starting, running and watching report runs (issue 6 §2). A run is created "wachtend" and handed to a Celery worker
(reports/tasks.py), which computes it in one consistent snapshot, suppresses small cells, renders the files and
marks it "klaar" — or "mislukt" with the reason, after which it can be retried. A national run is split into one
run per region, so that more workers make it faster, and one part for the land's own figures (over every gemeente);
the last part to finish assembles the whole.

A run holds aggregates only. Starting one is logged in the audit trail all the same: the issue asks who asked for
(and exported) which report."""

from __future__ import annotations

import logging
import threading
import time
from datetime import date, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerFout
from redis.exceptions import RedisError

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event
from partners.models import Arbeidsmarktregio, Gemeente
from partners.selectors import is_beheerder

from .engine import bereken_rapport, onderdruk, onderdruk_landelijk
from .indicators.base import Periode
from .models import ReportRun
from .selectors import gemeenten_voor, regios_voor, runs_voor

logger = logging.getLogger(__name__)

# What queuing raises while the broker (Redis) is down, after the short publish retries (settings, Celery).
BROKER_ONBEREIKBAAR = (BrokerFout, RedisError, OSError)
WACHTEND_OPNIEUW_NA = timedelta(minutes=1)  # a run still "wachtend" after this is queued again (beat, every minute)
RAPPORTAGE_DB = "rapportage"  # the alias the indicators read through (a read replica in production)
MET_LANDELIJK = "met_landelijk"  # run.parameters: the files were rendered with the period's national figures
MAX_HERSTARTS = 1  # a run whose worker died is started again this many times, then marked failed
VERLOREN = (
    "De verwerking is twee keer onderbroken: de worker die de rapportage maakte, gaf geen teken van leven meer "
    "(gestopt of uitgevallen). Probeer het opnieuw; gebeurt dit weer, meld het dan bij de beheerder."
)

Status = ReportRun.Status
Soort = ReportRun.Soort


# --- Starting ---------------------------------------------------------------------------------------------------


class InWachtrij(ValidationError):  # noqa: N818 - what the user is told, not an error of his
    """The run is stored ("wachtend") but the queue was not reachable: it starts when the queue is back
    (verstuur_wachtende). A ValidationError, so the start form shows the message; `run` is the stored run."""

    def __init__(self, run: ReportRun):
        super().__init__(
            _(
                "De rapportage over %(periode)s is opgeslagen en staat in de wachtrij. De wachtrij is nu niet "
                "bereikbaar; de rapportage start vanzelf zodra die weer bereikbaar is."
            )
            % {"periode": run.parameters["periode"]},
            code="in_wachtrij",
        )
        self.run = run


def start_run(user, *, soort: str, regio=None, gemeente=None, periode: Periode) -> ReportRun:
    """Create a run of `soort` for the period and queue it, if `user` may start it: a regiocoördinator the runs of
    his regions, a teamleider those of his gemeente, a beheerder any (and alone the national one).
    Raises InWachtrij when the run is stored but could not be queued (the broker is down)."""
    _mag_starten(user, soort, regio, gemeente)
    with transaction.atomic():
        run = _maak_run(soort=soort, regio=regio, gemeente=gemeente, periode=periode, door=user)
    if getattr(run, "niet_in_wachtrij", False):  # set by _verstuur, which ran on the commit above
        raise InWachtrij(run)
    return run


def _mag_starten(user, soort: str, regio, gemeente) -> None:
    if soort == Soort.REGIO:
        mag = regio is not None and regios_voor(user).filter(pk=regio.pk).exists()
    elif soort == Soort.GEMEENTE:
        mag = gemeente is not None and gemeenten_voor(user).filter(pk=gemeente.pk).exists()
    elif soort == Soort.LANDELIJK:
        mag = is_beheerder(user)
    else:
        raise ValueError(f"onbekende soort rapportage {soort!r}")
    if not mag:
        raise PermissionDenied(_("U mag deze rapportage niet starten."))


def _maak_run(*, soort: str, periode: Periode, door, regio=None, gemeente=None, bovenliggend=None) -> ReportRun:
    """Create the run, log who asked for it and queue it once the transaction commits."""
    if soort == Soort.GEMEENTE:
        regio = gemeente.arbeidsmarktregio  # the gemeente is compared with its region
    run = ReportRun.objects.create(
        soort=soort,
        arbeidsmarktregio=regio if soort != Soort.LANDELIJK else None,
        gemeente=gemeente if soort == Soort.GEMEENTE else None,
        bovenliggend=bovenliggend,
        periode=periode.soort,
        periode_start=periode.start,
        periode_eind=periode.eind,
        parameters={
            "periode": periode.label,
            "regio": regio.code if regio is not None and soort != Soort.LANDELIJK else None,
            "gemeente": gemeente.cbs_code if soort == Soort.GEMEENTE else None,
        },
        aangevraagd_door=door,
    )
    if bovenliggend is None:
        log_event(door, Handeling.CREATE, run, toelichting=f"rapportage {soort} {periode.label} gestart")
    _plan_in(run)
    return run


def _plan_in(run: ReportRun) -> None:
    transaction.on_commit(lambda: _verstuur(run))


def _verstuur(run: ReportRun) -> bool:
    """Queue the run's task. With the broker down the run stays "wachtend" (marked `niet_in_wachtrij` for the
    caller) and verstuur_wachtende queues it later; queuing twice is harmless (voer_uit)."""
    from .tasks import voer_run_uit

    try:
        voer_run_uit.delay(run.pk)
    except BROKER_ONBEREIKBAAR as exc:
        logger.warning("rapportage-run %s niet in de wachtrij gezet (%s); wordt later verstuurd", run.pk, exc)
        run.niet_in_wachtrij = True
        return False
    return True


def verstuur_wachtende() -> int:
    """Queue again the runs still "wachtend" after WACHTEND_OPNIEUW_NA (queued while the broker was down, or a
    lost message). Returns how many were handed to the broker."""
    grens = timezone.now() - WACHTEND_OPNIEUW_NA
    return sum(_verstuur(run) for run in ReportRun.objects.filter(status=Status.WACHTEND, aangemaakt_op__lt=grens))


def opnieuw(user, run: ReportRun) -> ReportRun:
    """Queue a failed run again (the same run, back to "wachtend"), for whoever may see it and start one like it;
    a run that has not failed is left as it is, so a second click does not queue it twice."""
    if not runs_voor(user).filter(pk=run.pk).exists():
        raise PermissionDenied(_("U mag deze rapportage niet opnieuw starten."))
    _mag_starten(user, run.soort, run.arbeidsmarktregio, run.gemeente)
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != Status.MISLUKT:
            return run
        run.status, run.voortgang, run.foutmelding, run.klaar_op = Status.WACHTEND, 0, "", None
        run.herstarts = 0  # a retry by hand may again be restarted once when its worker dies
        run.save(update_fields=["status", "voortgang", "foutmelding", "klaar_op", "herstarts"])
        log_event(user, Handeling.UPDATE, run, velden=["status"], toelichting="rapportage opnieuw gestart")
        _plan_in(run)
    return run


def start_maandrapportages(vandaag: date | None = None) -> list[ReportRun]:
    """The monthly beat job: the reports of the previous month — the regional one for every region that has
    gemeenten, and the national one, which the regions are compared with — and, in the first month of a quarter,
    those of the previous quarter as well. Idempotent: a region (or the land) that already has the period's (not
    failed) beat run gets no second one, so a task delivered twice or retried does not double the reports."""
    vandaag = vandaag or timezone.localdate()
    vorige = vandaag - relativedelta(months=1)
    perioden = [Periode.maand(vorige.year, vorige.month)]
    if vandaag.month % 3 == 1:
        perioden.append(Periode.van("kwartaal", vorige))
    with transaction.atomic():
        return [run for periode in perioden for run in _beat_runs(periode)]


def _beat_runs(periode: Periode) -> list[ReportRun]:
    al_gestart = ReportRun.objects.filter(
        aangevraagd_door=None, bovenliggend=None, periode=periode.soort, periode_start=periode.start
    ).exclude(status=Status.MISLUKT)
    runs = [
        _maak_run(soort=Soort.REGIO, regio=regio, periode=periode, door=None)
        for regio in Arbeidsmarktregio.objects.filter(gemeenten__isnull=False)
        .exclude(pk__in=al_gestart.filter(soort=Soort.REGIO).values("arbeidsmarktregio"))
        .distinct()
        .order_by("naam")
    ]
    if not al_gestart.filter(soort=Soort.LANDELIJK).exists():
        runs.append(_maak_run(soort=Soort.LANDELIJK, periode=periode, door=None))
    return runs


# --- Running (the task body) ------------------------------------------------------------------------------------


def voer_uit(run_pk: int, *, overnemen: bool = False) -> None:
    """Compute one run. Safe to call again: a finished run is left alone, and so is one that another task is
    computing (a second message for the same run: verstuur_wachtende may queue a run twice). With `overnemen` (the
    task's own retry, after a database error) a run left "bezig" starts from scratch."""
    run = _begin(run_pk, overnemen)
    if run is None:
        return
    try:
        if run.soort == Soort.LANDELIJK and run.bovenliggend_id is None:
            _verdeel(run)
            return
        with Hartslag(run):
            begin = time.monotonic()
            resultaat = _bereken(run)
            run.resultaat = onderdruk(resultaat)
            run.rekentijd = time.monotonic() - begin
            run.voortgang = 90
            run.save(update_fields=["resultaat", "rekentijd", "voortgang"])
            if run.bovenliggend_id is None:  # a national run's region parts are not shown or exported on their own
                _render(run, bij_voortgang=lambda pct: _hartslag(run, pct))
            _klaar(run)
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the run must not stay "bezig"
        logger.exception("rapportage-run %s mislukt", run.pk)
        _mislukt(run, _foutmelding(exc))
    if run.bovenliggend_id:
        _werk_landelijk_bij(run.bovenliggend_id)


def _begin(run_pk: int, overnemen: bool) -> ReportRun | None:
    """Claim the run for this task: "bezig", from scratch. None when there is nothing (more) to do."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_pk).first()
        if run is None or run.status not in ((Status.WACHTEND, Status.BEZIG) if overnemen else (Status.WACHTEND,)):
            return None
        nu = timezone.now()
        run.status, run.voortgang, run.foutmelding = Status.BEZIG, 0, ""
        run.resultaat = run.klaar_op = run.rekentijd = run.rendertijd = None
        run.gestart_op = run.hartslag = nu
        run.pogingen += 1
        run.save()
        return run


def _bereken(run: ReportRun) -> dict:
    """The true figures, read in one repeatable-read snapshot through the report alias, so that every indicator
    sees the same data; progress goes through "default" meanwhile (autocommit: the page shows it at once). A
    national run's land part (soort landelijk, itself a part) computes the land level only, over every gemeente."""
    periode = Periode.van(run.periode, run.periode_start)
    land = run.soort == Soort.LANDELIJK
    with transaction.atomic(using=RAPPORTAGE_DB):
        with connections[RAPPORTAGE_DB].cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        gemeenten = Gemeente.objects.using(RAPPORTAGE_DB)
        if not land:
            gemeenten = gemeenten.filter(arbeidsmarktregio=run.arbeidsmarktregio_id)
        resultaat = bereken_rapport(
            list(gemeenten.values_list("pk", flat=True)),
            periode,
            niveaus=("land",) if land else None,
            db=RAPPORTAGE_DB,
            werkers=settings.RAPPORTAGE_WERKERS,
            bij_voortgang=lambda pct: _hartslag(run, round(0.9 * pct)),
        )
    if run.soort == Soort.GEMEENTE:
        resultaat = _alleen_eigen_gemeente(resultaat, run.gemeente.cbs_code)
    return resultaat


def _alleen_eigen_gemeente(resultaat: dict, cbs_code: str) -> dict:
    """A gemeente report: the own gemeente beside its region (and the providers); the other gemeenten' rows go."""
    resultaat["eenheden"]["gemeente"] = {
        code: naam for code, naam in resultaat["eenheden"]["gemeente"].items() if code == cbs_code
    }
    resultaat["gemeenten_per_regio"] = {
        regio: [g for g in gemeenten if g == cbs_code] for regio, gemeenten in resultaat["gemeenten_per_regio"].items()
    }
    for ind in resultaat["indicatoren"]:
        ind["metingen"] = [m for m in ind["metingen"] if m["niveau"] != "gemeente" or m["eenheid"] == cbs_code]
    return resultaat


def _hartslag(run: ReportRun, voortgang: int) -> None:
    """Progress and a sign of life, for the run and (a region part) for its national run."""
    nu = timezone.now()
    ReportRun.objects.filter(pk=run.pk).update(voortgang=voortgang, hartslag=nu)
    if run.bovenliggend_id:
        ReportRun.objects.filter(pk=run.bovenliggend_id).update(hartslag=nu)


class Hartslag:
    """While a run is computed and rendered: a sign of life every RAPPORTAGE_HARTSLAG_INTERVAL seconds, written by a
    thread of its own (with its own database connection), so that it beats also through one long query or the
    rendering, when the progress does not move. It stops with the worker: a run whose heartbeat is older than
    RAPPORTAGE_HARTSLAG_SECONDEN lost its worker (controleer_hartslag). A task that hangs but lives is ended by its
    time limit, not by this."""

    def __init__(self, run: ReportRun, interval: float | None = None):
        self.run_pk = run.pk
        self.interval = interval if interval is not None else settings.RAPPORTAGE_HARTSLAG_INTERVAL
        self._stop = threading.Event()
        self._draad = threading.Thread(target=self._klop, name=f"hartslag-run-{run.pk}", daemon=True)

    def __enter__(self):
        self._draad.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._draad.join(timeout=30)
        return False

    def _klop(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    ReportRun.objects.filter(pk=self.run_pk, status=Status.BEZIG).update(hartslag=timezone.now())
                except DatabaseError as exc:  # the next beat tries again; a minute of them missing is a lost run
                    logger.warning("hartslag van rapportage-run %s niet geschreven: %s", self.run_pk, exc)
                    connections.close_all()
        finally:
            connections.close_all()  # this thread's own connections


def _render(run: ReportRun, bij_voortgang=None) -> None:
    """Render the run's files. A region's or gemeente's run notes whether its PDF has the national figures of its
    period (the overview beside them): without them, the national run renders it again when it is ready."""
    from .exports import render_bestanden
    from .kerncijfers import heeft_landelijk

    begin = time.monotonic()
    if run.soort != Soort.LANDELIJK:
        run.parameters = {**run.parameters, MET_LANDELIJK: heeft_landelijk(run)}
    render_bestanden(run, bij_voortgang=bij_voortgang)
    run.rendertijd = time.monotonic() - begin
    run.save(update_fields=["pdf", "csv", "xlsx", "rendertijd", "parameters"])


def zonder_landelijk(landelijk: ReportRun):
    """The ready region and gemeente runs of the national run's period whose files have no national figures."""
    return ReportRun.objects.filter(
        status=Status.KLAAR,
        bovenliggend__isnull=True,
        periode=landelijk.periode,
        periode_start=landelijk.periode_start,
        **{f"parameters__{MET_LANDELIJK}": False},
    ).exclude(soort=Soort.LANDELIJK)


def _verstuur_herrenderingen(landelijk: ReportRun) -> None:
    from .tasks import render_met_landelijk

    for pk in zonder_landelijk(landelijk).values_list("pk", flat=True):
        try:
            render_met_landelijk.delay(pk)
        except BROKER_ONBEREIKBAAR as exc:  # the page shows the national figures anyway; only the PDF lacks them
            logger.warning("rapportage-run %s niet opnieuw gerenderd (%s)", pk, exc)


def render_met_landelijk(run_pk: int) -> bool:
    """Render a ready run's files again now that its period's national run is ready (its PDF was made before). The
    row lock keeps a second delivery from rendering it twice. Returns whether it rendered."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_pk, status=Status.KLAAR).first()
        if run is None or run.parameters.get(MET_LANDELIJK, True):
            return False
        _render(run)
    return True


def _klaar(run: ReportRun) -> None:
    run.status, run.voortgang, run.klaar_op = Status.KLAAR, 100, timezone.now()
    run.save(update_fields=["status", "voortgang", "klaar_op"])


def _mislukt(run: ReportRun, foutmelding: str) -> None:
    run.status, run.foutmelding, run.klaar_op = Status.MISLUKT, foutmelding, timezone.now()
    run.save(update_fields=["status", "foutmelding", "klaar_op"])


def _foutmelding(exc: Exception) -> str:
    """What the run's page says went wrong: a Dutch sentence and the error itself (aggregate queries only, so the
    error carries no personal data)."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return (
            f"De verwerking duurde langer dan {settings.RAPPORTAGE_SOFT_TIME_LIMIT} seconden en is afgebroken "
            "(time-out). Probeer het opnieuw, of kies een kortere periode."
        )
    return f"De rapportage kon niet worden gemaakt: {type(exc).__name__}: {exc}"[:2000]


# --- National runs: one part per region -------------------------------------------------------------------------


def _verdeel(run: ReportRun) -> None:
    """Start a region run for every region with gemeenten, and the land part (the old parts of an interrupted
    attempt go)."""
    periode = Periode.van(run.periode, run.periode_start)
    regios = Arbeidsmarktregio.objects.filter(gemeenten__isnull=False).distinct().order_by("naam")
    if not regios.exists():
        _mislukt(run, "De rapportage kon niet worden gemaakt: er zijn geen regio's met gemeenten.")
        return
    with transaction.atomic():
        run.deelruns.all().delete()
        for regio in regios:
            _maak_run(soort=Soort.REGIO, regio=regio, periode=periode, door=run.aangevraagd_door, bovenliggend=run)
        _maak_run(soort=Soort.LANDELIJK, periode=periode, door=run.aangevraagd_door, bovenliggend=run)


def _werk_landelijk_bij(pk: int) -> None:
    """A part (a region's or the land's) finished: update the national run's progress, fail it with the part's
    error, or — the last part — assemble the whole. The row lock makes sure only one finishing part assembles."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=pk)
        if run.status != Status.BEZIG:
            return
        delen = list(run.deelruns.select_related("arbeidsmarktregio").order_by("arbeidsmarktregio__naam"))
        mislukt = next((d for d in delen if d.status == Status.MISLUKT), None)
        if mislukt is not None:
            deel = f"Regio {mislukt.arbeidsmarktregio}" if mislukt.arbeidsmarktregio else "Landelijke cijfers"
            _mislukt(run, f"{deel}: {mislukt.foutmelding}"[:2000])
            return
        klaar = sum(d.status == Status.KLAAR for d in delen)
        if klaar < len(delen):
            run.voortgang, run.hartslag = 100 * klaar // len(delen), timezone.now()
            run.save(update_fields=["voortgang", "hartslag"])
            return
        try:
            run.resultaat = samenvoegen([d.resultaat for d in delen])
            run.rekentijd = sum(d.rekentijd or 0 for d in delen)
            run.voortgang = 90
            run.save(update_fields=["resultaat", "rekentijd", "voortgang"])
            _render(run, bij_voortgang=lambda pct: _hartslag(run, pct))
            _klaar(run)
            transaction.on_commit(lambda: _verstuur_herrenderingen(run))
        except Exception as exc:  # noqa: BLE001
            logger.exception("landelijke rapportage-run %s mislukt", run.pk)
            _mislukt(run, _foutmelding(exc))


def samenvoegen(resultaten: list[dict]) -> dict:
    """The regions' (suppressed) results side by side as one result, with the land's figures and trend from the
    land part (the result whose eenheden has "land"), suppressed once more against each other (engine.
    onderdruk_landelijk: the land is the regions' total). Provider rows are left out: a provider working in several
    regions would have a row per region, and the national comparison is between regions."""
    regios = [r for r in resultaten if "land" not in r["eenheden"]]
    land = [r for r in resultaten if "land" in r["eenheden"]]
    eerste = regios[0]
    uit = {
        "versie": eerste["versie"],
        "periode": eerste["periode"],
        "eenheden": {"regio": {}, "gemeente": {}, "aanbieder": {}}
        | ({"land": land[0]["eenheden"]["land"]} if land else {}),
        "gemeenten_per_regio": {},
        "indicatoren": [],
    }
    for resultaat in regios:
        for niveau in ("regio", "gemeente"):
            uit["eenheden"][niveau].update(resultaat["eenheden"][niveau])
        uit["gemeenten_per_regio"].update(resultaat["gemeenten_per_regio"])
    for ind in eerste["indicatoren"]:
        delen = [next(i for i in r["indicatoren"] if i["code"] == ind["code"]) for r in regios + land]
        uit["indicatoren"].append(
            {
                **ind,
                "niveaus": ind["niveaus"] + (["land"] if land else []),
                "metingen": [m for d in delen for m in d["metingen"] if m["niveau"] != "aanbieder"],
                "trend": [t for d in delen for t in d["trend"]],
            }
        )
    return onderdruk_landelijk(uit) if land else uit


# --- Watching ---------------------------------------------------------------------------------------------------


def controleer_hartslag() -> int:
    """Find the runs "bezig" whose worker died — no heartbeat for RAPPORTAGE_HARTSLAG_SECONDEN — and start each
    again, once (`herstarts`); a run that loses its worker a second time is marked failed with VERLOREN. Run by beat
    every 30 seconds and when someone opens the runs page or a run's progress (reports/views.py), so that a lost
    run is seen within a minute, with or without beat. Returns how many runs were restarted or failed.

    A national run whose region parts still wait or run is alive through them (each part is watched itself); a
    run whose row is locked is being worked on (the last part assembling the national run) and is left alone."""
    grens = timezone.now() - timedelta(seconds=settings.RAPPORTAGE_HARTSLAG_SECONDEN)
    verloren = (
        ReportRun.objects.filter(status=Status.BEZIG)
        .alias(laatst=Coalesce(F("hartslag"), F("gestart_op"), F("aangemaakt_op")))
        .filter(laatst__lt=grens)
        .exclude(
            Exists(ReportRun.objects.filter(bovenliggend=OuterRef("pk"), status__in=(Status.WACHTEND, Status.BEZIG)))
        )
    )
    return sum(_vang_op(pk, grens) for pk in verloren.values_list("pk", flat=True))


def _vang_op(pk: int, grens) -> bool:
    """Restart (or, the second time, fail) one lost run, if it is still lost once it is locked."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update(skip_locked=True).filter(pk=pk, status=Status.BEZIG).first()
        if run is None or (run.hartslag or run.gestart_op or run.aangemaakt_op) >= grens:
            return False  # finished, beating again, or locked by whoever works on it
        if run.herstarts < MAX_HERSTARTS:
            logger.warning("rapportage-run %s: geen hartslag sinds %s, de worker is weg; opnieuw gestart", pk,
                           run.hartslag)  # fmt: skip
            run.status, run.voortgang, run.hartslag, run.herstarts = Status.WACHTEND, 0, None, run.herstarts + 1
            run.save(update_fields=["status", "voortgang", "hartslag", "herstarts"])
            _plan_in(run)
            ouder = None
        else:
            logger.warning("rapportage-run %s: de worker viel voor de tweede keer uit; mislukt", pk)
            _mislukt(run, VERLOREN)
            ouder = run.bovenliggend_id
    if ouder:
        _werk_landelijk_bij(ouder)  # a failed part fails its national run
    return True
