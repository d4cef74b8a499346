"""Report runs (reports.services): who may start one, the task body run in-process (snapshot, progress, suppression,
files, failure and retry), the national fan-out, the monthly beat job and the watch on runs that stopped.

The engine is given two small test indicators instead of the real ones: these tests are about the mechanics, the
indicators' values have their own tests. A run reads through the "rapportage" connection, which cannot see the
uncommitted data of an ordinary test, so the tests that compute a run use a transactional database."""

import datetime as dt
from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import Count
from django.utils import timezone

from cases.models import Statushouder
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent
from partners.models import Arbeidsmarktregio
from partners.services import create_gemeente
from reports import indicators, services, tasks
from reports.indicators.base import Indicator, Maat, Meting, Periode, groepeer
from reports.models import ReportRun
from tests.factories import StatushouderFactory
from tests.referentiedata import laad as _load_reference_data
from tests.referentiedata import referentiedata_na_flush  # noqa: F401

KWARTAAL = Periode.kwartaal(2026, 3)


# --- Fixtures ----------------------------------------------------------------------------------------------------


@pytest.fixture
def tdb(transactional_db):
    """A transactional database with the reference data (an earlier transactional test may have flushed it)."""
    _load_reference_data()


class Waarnemingen:
    """What the test indicators saw while the run computed them."""

    def __init__(self):
        self.isolatie = []
        self.voortgang = []
        self.fout: Exception | None = None


@pytest.fixture
def waarnemingen(monkeypatch):
    """The engine computes two test indicators: T1 counts statushouders per gemeente and region (with a trend);
    T2 records the snapshot's isolation and the progress the page would see, or raises `waarnemingen.fout`."""
    gezien = Waarnemingen()

    def aantal(periode, gemeenten, *, niveaus, db):
        """Statushouders (test)."""
        qs = Statushouder.objects.using(db).filter(gemeente__in=gemeenten)
        for rij in groepeer(qs, "gemeente", niveaus, {"n": Count("id")}, gemeenten=gemeenten):
            yield Meting(rij["niveau"], rij["eenheid"], "n", rij["n"] or 0, rij["n"] or 0)

    def waarnemer(periode, gemeenten, *, niveaus, db):
        """Records (test)."""
        if gezien.fout is not None:
            raise gezien.fout
        with connections[db].cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            isolatie = cursor.fetchone()[0]
            cursor.execute("SHOW transaction_read_only")
            gezien.isolatie.append((isolatie, cursor.fetchone()[0]))
        gezien.voortgang.extend(ReportRun.objects.using("default").values_list("voortgang", flat=True))
        return []

    n = Maat("n", "Aantal", "aantal")
    lijst = [
        Indicator("T1", "Statushouders", "instroom", (n,), aantal, trend_maat="n"),
        Indicator("T2", "Waarnemer", "resultaat", (n,), waarnemer),
    ]
    monkeypatch.setattr(indicators, "alle", lambda: lijst)
    return gezien


@pytest.fixture
def wachtrij(monkeypatch):
    """The runs handed to Celery (nothing reaches a broker): a list of run pks."""
    gestart = []
    monkeypatch.setattr(tasks.voer_run_uit, "delay", gestart.append)
    return gestart


@pytest.fixture
def bestanden(settings, tmp_path):
    """The rendered files (reports.exports) go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def coordinator(make_user, achterhoek):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)


@pytest.fixture
def testregio(achterhoek):
    """A second region with one gemeente of 6 statushouders."""
    regio = Arbeidsmarktregio.objects.create(naam="Testregio", code="AM99")
    gemeente = create_gemeente(naam="Oosterstad", cbs_code="GM9901", inwoners=20_000, arbeidsmarktregio=regio)
    StatushouderFactory.create_batch(6, gemeente=gemeente)
    return regio


@pytest.fixture
def statushouders(achterhoek):
    """Aalten 7, Winterswijk 3, the other six gemeenten none."""
    StatushouderFactory.create_batch(7, gemeente=achterhoek.gemeenten["Aalten"])
    StatushouderFactory.create_batch(3, gemeente=achterhoek.gemeenten["Winterswijk"])


def metingen(resultaat, code="T1") -> dict:
    ind = next(i for i in resultaat["indicatoren"] if i["code"] == code)
    return {(m["niveau"], m["eenheid"]): "<5" if m["onderdrukt"] else m["waarde"] for m in ind["metingen"]}


ACHTERHOEK_T1 = {
    ("regio", "AM03"): 10,
    ("gemeente", "GM0197"): 7,  # Aalten; two gemeenten or more are hidden already: nothing to derive
    ("gemeente", "GM0294"): "<5",  # Winterswijk
    **{("gemeente", code): "<5" for code in ("GM1859", "GM1876", "GM0222", "GM1955", "GM1586", "GM1509")},
}


# --- Starting ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("wie", ["coordinator_andere_regio", "consultant", "teamleider_andere_gemeente",
                                 "teamleider_regio", "coordinator_landelijk"])  # fmt: skip
def test_start_run_weigert_wie_het_niet_mag(wie, achterhoek, testregio, make_user, wachtrij):
    winterswijk, aalten = achterhoek.gemeenten["Winterswijk"], achterhoek.gemeenten["Aalten"]
    gebruiker, soort, doel = {
        "coordinator_andere_regio": (make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=testregio), "regio", {}),
        "consultant": (make_user(roles.CONSULTANT, gemeente=winterswijk), "gemeente", {"gemeente": winterswijk}),
        "teamleider_andere_gemeente": (make_user(roles.TEAMLEIDER, gemeente=winterswijk), "gemeente",
                                       {"gemeente": aalten}),
        "teamleider_regio": (make_user(roles.TEAMLEIDER, gemeente=winterswijk), "regio", {}),
        "coordinator_landelijk": (make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio),
                                  "landelijk", {}),
    }[wie]  # fmt: skip
    if soort == "regio":
        doel = {"regio": achterhoek.regio}
    with pytest.raises(PermissionDenied):
        services.start_run(gebruiker, soort=soort, periode=KWARTAAL, **doel)
    assert ReportRun.objects.count() == 0
    assert wachtrij == []


@pytest.mark.django_db
def test_start_run_maakt_een_wachtende_run_en_zet_hem_na_de_commit_in_de_wachtrij(
    coordinator, achterhoek, wachtrij, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = services.start_run(coordinator, soort="regio", regio=achterhoek.regio, periode=KWARTAAL)
        assert wachtrij == []  # not before the run is committed: the worker would not find it
    assert len(callbacks) == 1
    assert wachtrij == [run.pk]
    run.refresh_from_db()
    assert (run.soort, run.status, run.voortgang, run.arbeidsmarktregio, run.gemeente) == (
        "regio", "wachtend", 0, achterhoek.regio, None)  # fmt: skip
    assert (run.periode, run.periode_start, run.periode_eind) == ("kwartaal", dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert run.aangevraagd_door == coordinator
    assert run.parameters == {"periode": "3e kwartaal 2026", "regio": "AM03", "gemeente": None}
    event = AuditEvent.objects.get(object_id=str(run.uuid))
    assert (event.handeling, event.actor_label, event.object_type, event.toelichting) == (
        "create", coordinator.username, "reports.reportrun", "rapportage regio 3e kwartaal 2026 gestart")  # fmt: skip


@pytest.mark.django_db
def test_teamleider_start_de_rapportage_van_de_eigen_gemeente_en_beheerder_de_landelijke(
    teamleider, achterhoek, make_user, wachtrij
):
    winterswijk = achterhoek.gemeenten["Winterswijk"]
    run = services.start_run(teamleider, soort="gemeente", gemeente=winterswijk, periode=Periode.maand(2026, 10))
    assert (run.soort, run.gemeente, run.arbeidsmarktregio, run.periode) == (
        "gemeente", winterswijk, achterhoek.regio, "maand")  # fmt: skip
    landelijk = services.start_run(make_user(roles.BEHEERDER), soort="landelijk", periode=Periode.jaar(2025))
    assert (landelijk.soort, landelijk.arbeidsmarktregio, landelijk.periode_start, landelijk.periode_eind) == (
        "landelijk", None, dt.date(2025, 1, 1), dt.date(2025, 12, 31))  # fmt: skip


@pytest.mark.django_db
def test_een_mislukte_landelijke_run_start_alleen_een_beheerder_opnieuw(coordinator, make_user, wachtrij):
    """A regiocoördinator sees national runs, but starts (and so retries) only those of his region."""
    jaar = Periode.jaar(2025)
    run = ReportRun.objects.create(
        soort="landelijk",
        periode="jaar",
        periode_start=jaar.start,
        periode_eind=jaar.eind,
        status="mislukt",
        foutmelding="x",
    )
    with pytest.raises(PermissionDenied):
        services.opnieuw(coordinator, run)
    run.refresh_from_db()
    assert (run.status, wachtrij) == ("mislukt", [])
    services.opnieuw(make_user(roles.BEHEERDER), run)
    run.refresh_from_db()
    assert (run.status, run.foutmelding) == ("wachtend", "")


# --- Running -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_zij_aan_zij_rekent_dezelfde_cijfers_in_dezelfde_snapshot(
    tdb, coordinator, achterhoek, statushouders, waarnemingen, wachtrij, bestanden, settings
):
    """Three connections side by side (RAPPORTAGE_WERKERS): the same figures and trend as one after the other, each
    query in a repeatable-read, read-only transaction."""
    settings.RAPPORTAGE_WERKERS = 3
    run = services.start_run(coordinator, soort="regio", regio=achterhoek.regio, periode=KWARTAAL)

    services.voer_uit(run.pk)

    run.refresh_from_db()
    assert (run.status, run.voortgang) == ("klaar", 100)
    assert metingen(run.resultaat) == ACHTERHOEK_T1
    assert [t["waarde"] for t in run.resultaat["indicatoren"][0]["trend"]] == [10] * 12
    assert waarnemingen.isolatie == [("repeatable read", "on")]


@pytest.mark.django_db(transaction=True)
def test_voer_uit_berekent_onderdrukt_en_rendert_in_een_snapshot(
    tdb, coordinator, achterhoek, statushouders, waarnemingen, wachtrij, bestanden, settings
):
    settings.RAPPORTAGE_WERKERS = 1  # one query after the other: the progress T2 sees is then fixed
    run = services.start_run(coordinator, soort="regio", regio=achterhoek.regio, periode=KWARTAAL)
    assert wachtrij == [run.pk]  # autocommit: queued at once

    services.voer_uit(run.pk)

    run.refresh_from_db()
    assert (run.status, run.voortgang, run.foutmelding, run.pogingen) == ("klaar", 100, "", 1)
    assert metingen(run.resultaat) == ACHTERHOEK_T1
    trend = run.resultaat["indicatoren"][0]["trend"]
    assert [(t["maand"], t["waarde"], t["onderdrukt"]) for t in trend] == [
        (f"{jaar}-{maand:02d}", 10, False)
        for jaar, maand in [(2025, 10), (2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 10)]  # fmt: skip
    ]
    # Both indicators read in one repeatable-read, read-only transaction; the progress after T1 and its trend (13 of
    # the 14 queries, 93% of the computation, which is 90% of the run) was already visible over the other connection.
    assert waarnemingen.isolatie == [("repeatable read", "on")]
    assert waarnemingen.voortgang == [84]
    assert run.gestart_op <= run.klaar_op
    assert run.rekentijd >= 0 and run.rendertijd >= 0
    for formaat in ("pdf", "csv", "xlsx"):
        bestand = Path(getattr(run, formaat).path)
        assert bestand.suffix == f".{formaat}" and bestand.is_file() and bestand.stat().st_size > 0

    klaar_op = run.klaar_op
    services.voer_uit(run.pk)  # a second delivery of the task leaves a finished run alone
    run.refresh_from_db()
    assert (run.status, run.pogingen, run.klaar_op) == ("klaar", 1, klaar_op)


@pytest.mark.django_db(transaction=True)
def test_gemeenterapportage_toont_de_eigen_gemeente_naast_de_regio(
    tdb, teamleider, achterhoek, statushouders, waarnemingen, wachtrij, bestanden
):
    winterswijk = achterhoek.gemeenten["Winterswijk"]
    run = services.start_run(teamleider, soort="gemeente", gemeente=winterswijk, periode=KWARTAAL)
    services.voer_uit(run.pk)
    run.refresh_from_db()
    assert run.status == "klaar"
    assert metingen(run.resultaat) == {("regio", "AM03"): 10, ("gemeente", "GM0294"): "<5"}
    assert run.resultaat["gemeenten_per_regio"] == {"AM03": ["GM0294"]}
    assert run.resultaat["eenheden"]["gemeente"] == {"GM0294": "Winterswijk"}


@pytest.mark.django_db(transaction=True)
def test_een_fout_maakt_de_run_mislukt_en_opnieuw_start_hem_weer(
    tdb, coordinator, achterhoek, statushouders, waarnemingen, wachtrij, bestanden, make_user
):
    run = services.start_run(coordinator, soort="regio", regio=achterhoek.regio, periode=KWARTAAL)
    waarnemingen.fout = RuntimeError("kolom bestaat niet")
    services.voer_uit(run.pk)
    run.refresh_from_db()
    assert (run.status, run.foutmelding, run.resultaat, run.pdf.name) == (
        "mislukt", "De rapportage kon niet worden gemaakt: RuntimeError: kolom bestaat niet", None, "")  # fmt: skip
    assert run.klaar_op is not None and run.klaar_op >= run.gestart_op

    andere = make_user(
        roles.REGIOCOORDINATOR, arbeidsmarktregio=Arbeidsmarktregio.objects.create(naam="X", code="AM98")
    )
    with pytest.raises(PermissionDenied):
        services.opnieuw(andere, run)

    wachtrij.clear()
    services.opnieuw(coordinator, run)
    run.refresh_from_db()
    assert (run.status, run.foutmelding, run.klaar_op, wachtrij) == ("wachtend", "", None, [run.pk])
    assert AuditEvent.objects.filter(object_id=str(run.uuid), handeling="update").count() == 1

    waarnemingen.fout = None
    services.voer_uit(run.pk)
    run.refresh_from_db()
    assert (run.status, run.pogingen, metingen(run.resultaat)) == ("klaar", 2, ACHTERHOEK_T1)

    services.opnieuw(coordinator, run)  # only a failed run goes back into the queue
    run.refresh_from_db()
    assert (run.status, wachtrij) == ("klaar", [run.pk])


@pytest.mark.django_db(transaction=True)
def test_een_time_out_wordt_de_foutmelding(tdb, settings, coordinator, achterhoek, waarnemingen, wachtrij, bestanden):
    settings.RAPPORTAGE_SOFT_TIME_LIMIT = 1200
    run = services.start_run(coordinator, soort="regio", regio=achterhoek.regio, periode=KWARTAAL)
    waarnemingen.fout = SoftTimeLimitExceeded()
    tasks.voer_run_uit(run.pk)  # the task itself, in this process
    run.refresh_from_db()
    assert (run.status, run.foutmelding) == (
        "mislukt",
        "De verwerking duurde langer dan 1200 seconden en is afgebroken (time-out). Probeer het opnieuw, of kies "
        "een kortere periode.",
    )


# --- National runs -----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_landelijke_run_verdeelt_over_de_regios_en_voegt_samen(
    tdb, achterhoek, testregio, statushouders, make_user, waarnemingen, wachtrij, bestanden
):
    """A part per region and one for the land's own figures (issue 16), over every gemeente: the whole has the
    regions side by side and the land with its trend."""
    run = services.start_run(make_user(roles.BEHEERDER), soort="landelijk", periode=KWARTAAL)
    services.voer_uit(run.pk)
    run.refresh_from_db()
    delen = list(run.deelruns.order_by("arbeidsmarktregio__naam"))  # the land part (no region) last
    assert [(d.soort, d.arbeidsmarktregio and d.arbeidsmarktregio.code, d.status) for d in delen] == [
        ("regio", "AM03", "wachtend"), ("regio", "AM99", "wachtend"), ("landelijk", None, "wachtend")]  # fmt: skip
    assert (run.status, run.voortgang, wachtrij) == ("bezig", 0, [run.pk, *(d.pk for d in delen)])
    assert delen[2].aangevraagd_door == run.aangevraagd_door

    services.voer_uit(delen[1].pk)
    run.refresh_from_db()
    assert (run.status, run.voortgang, run.resultaat) == ("bezig", 33, None)
    services.voer_uit(delen[2].pk)
    delen[2].refresh_from_db()
    assert metingen(delen[2].resultaat) == {("land", "NL"): 16}  # every gemeente, the land level only
    run.refresh_from_db()
    assert (run.status, run.voortgang) == ("bezig", 66)

    services.voer_uit(delen[0].pk)
    run.refresh_from_db()
    assert (run.status, run.voortgang) == ("klaar", 100)
    assert metingen(run.resultaat) == {
        **ACHTERHOEK_T1, ("regio", "AM99"): 6, ("gemeente", "GM9901"): 6, ("land", "NL"): 16}  # fmt: skip
    assert list(run.resultaat["gemeenten_per_regio"]) == ["AM03", "AM99"]
    assert run.resultaat["gemeenten_per_regio"]["AM99"] == ["GM9901"]
    assert run.resultaat["eenheden"]["regio"] == {"AM03": "Achterhoek", "AM99": "Testregio"}
    assert run.resultaat["eenheden"]["land"] == {"NL": "Nederland"}
    assert "land" in run.resultaat["indicatoren"][0]["niveaus"]
    trend = run.resultaat["indicatoren"][0]["trend"]
    assert {(t["niveau"], t["eenheid"]) for t in trend} == {("regio", "AM03"), ("regio", "AM99"), ("land", "NL")}
    assert [t["waarde"] for t in trend if t["niveau"] == "land"] == [16] * 12
    assert Path(run.pdf.path).is_file()
    assert [d.pdf.name for d in run.deelruns.all()] == ["", "", ""]  # the parts are not rendered on their own


@pytest.mark.django_db(transaction=True)
def test_een_regiorun_van_voor_de_landelijke_krijgt_zijn_bestanden_opnieuw_met_de_landelijke_cijfers(
    tdb, achterhoek, statushouders, make_user, coordinator, waarnemingen, wachtrij, bestanden, monkeypatch
):
    """The region's PDF sets its overview beside the national figures of its period; made before the national run
    was ready it has none, so the national run's end renders it again (once), and not a run that had them."""
    herrenderd = []
    monkeypatch.setattr(tasks.render_met_landelijk, "delay", herrenderd.append)
    eerder = services.start_run(coordinator, soort="regio", regio=achterhoek.regio, periode=KWARTAAL)
    services.voer_uit(eerder.pk)
    eerder.refresh_from_db()
    assert (eerder.status, eerder.parameters[services.MET_LANDELIJK]) == ("klaar", False)
    oude_pdf = eerder.pdf.name

    landelijk = services.start_run(make_user(roles.BEHEERDER), soort="landelijk", periode=KWARTAAL)
    services.voer_uit(landelijk.pk)
    for deel in landelijk.deelruns.all():
        services.voer_uit(deel.pk)
    landelijk.refresh_from_db()
    assert landelijk.status == "klaar" and herrenderd == [eerder.pk]

    assert services.render_met_landelijk(eerder.pk) is True
    eerder.refresh_from_db()
    assert (eerder.status, eerder.voortgang, eerder.parameters[services.MET_LANDELIJK]) == ("klaar", 100, True)
    assert eerder.pdf.name == oude_pdf and Path(eerder.pdf.path).is_file()  # replaced in place
    assert services.render_met_landelijk(eerder.pk) is False  # a second delivery: already done

    later = services.start_run(coordinator, soort="regio", regio=achterhoek.regio, periode=KWARTAAL)
    services.voer_uit(later.pk)
    later.refresh_from_db()
    assert later.parameters[services.MET_LANDELIJK] is True
    assert list(services.zonder_landelijk(landelijk)) == []


@pytest.mark.django_db(transaction=True)
def test_een_mislukt_landelijk_deel_laat_de_landelijke_run_mislukken(
    tdb, achterhoek, make_user, waarnemingen, wachtrij, bestanden
):
    run = services.start_run(make_user(roles.BEHEERDER), soort="landelijk", periode=KWARTAAL)
    services.voer_uit(run.pk)
    services.voer_uit(run.deelruns.get(arbeidsmarktregio=achterhoek.regio).pk)
    waarnemingen.fout = ValueError("deling door nul")
    services.voer_uit(run.deelruns.get(arbeidsmarktregio=None).pk)
    run.refresh_from_db()
    fout = "Landelijke cijfers: De rapportage kon niet worden gemaakt: ValueError: deling door nul"
    assert (run.status, run.foutmelding) == ("mislukt", fout)


@pytest.mark.django_db(transaction=True)
def test_een_mislukte_regio_laat_de_landelijke_run_mislukken(
    tdb, achterhoek, testregio, make_user, waarnemingen, wachtrij, bestanden
):
    run = services.start_run(make_user(roles.BEHEERDER), soort="landelijk", periode=KWARTAAL)
    services.voer_uit(run.pk)
    deel = run.deelruns.get(arbeidsmarktregio=testregio)
    waarnemingen.fout = ValueError("deling door nul")
    services.voer_uit(deel.pk)
    run.refresh_from_db()
    assert (run.status, run.foutmelding) == (
        "mislukt", "Regio Testregio: De rapportage kon niet worden gemaakt: ValueError: deling door nul")  # fmt: skip

    waarnemingen.fout = None
    services.voer_uit(run.deelruns.get(arbeidsmarktregio=achterhoek.regio).pk)  # the other part ends later
    run.refresh_from_db()
    assert run.status == "mislukt"


# --- Beat jobs ---------------------------------------------------------------------------------------------------


def _beat_runs() -> list[tuple]:
    runs = ReportRun.objects.order_by("periode_start", "periode", "soort", "arbeidsmarktregio__naam")
    return [(r.arbeidsmarktregio and r.arbeidsmarktregio.code, r.soort, r.periode, r.periode_start, r.periode_eind,
             r.aangevraagd_door, r.status, r.bovenliggend) for r in runs]  # fmt: skip


@pytest.mark.django_db
def test_maandrapportage_start_de_vorige_maand_voor_elke_regio_en_het_land(
    achterhoek, testregio, wachtrij, monkeypatch
):
    """The previous month's regional reports and the national one; in the first month of a quarter also the
    previous quarter's (issue 16: the overview puts the latest month and quarter beside the national figures)."""
    Arbeidsmarktregio.objects.create(naam="Leeg", code="AM97")  # no gemeenten: no report
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 2, 2))
    assert tasks.maandrapportage_alle_regios() == 3
    assert _beat_runs() == [
        (None, "landelijk", "maand", dt.date(2026, 1, 1), dt.date(2026, 1, 31), None, "wachtend", None),
        ("AM03", "regio", "maand", dt.date(2026, 1, 1), dt.date(2026, 1, 31), None, "wachtend", None),
        ("AM99", "regio", "maand", dt.date(2026, 1, 1), dt.date(2026, 1, 31), None, "wachtend", None),
    ]  # fmt: skip
    assert AuditEvent.objects.filter(object_type="reports.reportrun", actor_label="systeem").count() == 3
    assert tasks.maandrapportage_alle_regios() == 0  # idempotent

    ReportRun.objects.all().delete()
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 1, 2))
    assert tasks.maandrapportage_alle_regios() == 6
    assert _beat_runs() == [
        (None, "landelijk", "kwartaal", dt.date(2025, 10, 1), dt.date(2025, 12, 31), None, "wachtend", None),
        ("AM03", "regio", "kwartaal", dt.date(2025, 10, 1), dt.date(2025, 12, 31), None, "wachtend", None),
        ("AM99", "regio", "kwartaal", dt.date(2025, 10, 1), dt.date(2025, 12, 31), None, "wachtend", None),
        (None, "landelijk", "maand", dt.date(2025, 12, 1), dt.date(2025, 12, 31), None, "wachtend", None),
        ("AM03", "regio", "maand", dt.date(2025, 12, 1), dt.date(2025, 12, 31), None, "wachtend", None),
        ("AM99", "regio", "maand", dt.date(2025, 12, 1), dt.date(2025, 12, 31), None, "wachtend", None),
    ]  # fmt: skip
    # a failed beat run is made again
    ReportRun.objects.filter(soort="landelijk", periode="maand").update(status="mislukt")
    assert tasks.maandrapportage_alle_regios() == 1


@pytest.mark.django_db
def test_markeer_vastgelopen_runs(settings, achterhoek, wachtrij, django_capture_on_commit_callbacks):
    """A run without a heartbeat for RAPPORTAGE_HARTSLAG_SECONDEN lost its worker: started again, once (issue 17;
    the second loss and the national runs: tests/reports/test_hartslag.py)."""
    settings.RAPPORTAGE_HARTSLAG_SECONDEN = 60
    nu = timezone.now()
    oud, vers = nu - dt.timedelta(seconds=61), nu - dt.timedelta(seconds=30)
    basis = {"arbeidsmarktregio": achterhoek.regio, "periode": "maand", "periode_start": dt.date(2026, 10, 1),
             "periode_eind": dt.date(2026, 10, 31)}  # fmt: skip
    runs = {
        "stil": ReportRun.objects.create(**basis, status="bezig", gestart_op=oud, hartslag=oud),
        "levend": ReportRun.objects.create(**basis, status="bezig", gestart_op=oud, hartslag=vers),
        "nooit_geklopt": ReportRun.objects.create(**basis, status="bezig", gestart_op=oud),
        "net_begonnen": ReportRun.objects.create(**basis, status="bezig", gestart_op=vers),
        "wachtend": ReportRun.objects.create(**basis, status="wachtend"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.markeer_vastgelopen_runs() == 2
    status = {naam: ReportRun.objects.values_list("status", "herstarts").get(pk=r.pk) for naam, r in runs.items()}
    assert status == {
        "stil": ("wachtend", 1),
        "levend": ("bezig", 0),
        "nooit_geklopt": ("wachtend", 1),
        "net_begonnen": ("bezig", 0),
        "wachtend": ("wachtend", 0),
    }
    assert sorted(wachtrij) == sorted([runs["stil"].pk, runs["nooit_geklopt"].pk])
