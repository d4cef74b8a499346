"""Processing DUO's notifications (duo.verwerking, duo.gebeurtenissen) against the running simulator over mutual TLS:
per event group what lands on the aanmelding or the case, and the inbox's guarantees (a crash or DUO away: retried
later with backoff, processed once; two workers never take the same notification)."""

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.db import transaction

from cases.models import BredeIntake, Statushouder
from cases.services import start_intake
from duo import gebeurtenissen
from duo.models import Aanmelding, Notificatie, Registratie, Voorstel
from duo.verwerking import verwerk, verwerk_wachtende, wachttijd
from inburgering.audit.models import AuditEvent
from tests.conftest import TODAY
from tests.factories import NotificatieFactory, StatushouderFactory

pytestmark = pytest.mark.django_db

PLICHT_BEGIN = dt.date(2026, 9, 1)
KENNISGEVING = dt.date(2026, 10, 1)


@pytest.fixture
def duo(duo_simulator, vandaag, achterhoek):
    return duo_simulator


@pytest.fixture
def notificatie(aalten):
    def maak(bsn, gebeurtenis, *, gemeente=None, **velden):
        return NotificatieFactory(gemeente=gemeente or aalten, bsn=bsn, gebeurtenis_id=gebeurtenis, **velden)

    return maak


@pytest.fixture
def nieuw(duo, aalten):
    """A person DUO couples to Aalten (no notification sent: the tests post it to the inbox themselves)."""

    def maak(**velden):
        velden.setdefault("begindatum", PLICHT_BEGIN)
        velden.setdefault("kennisgeving", KENNISGEVING)
        return duo.nieuwe_inburgeringsplichtige(aalten.oin, notificeer=False, **velden)

    return maak


@pytest.fixture
def dossier(nieuw, aalten):
    """A person DUO knows, with a case in Aalten."""

    def maak(**velden):
        velden.setdefault("gemeente", aalten)
        return StatushouderFactory(bsn=nieuw(), **velden)

    return maak


def verwerkt(n: Notificatie) -> Notificatie:
    assert verwerk(n.pk) is True
    n.refresh_from_db()
    assert n.status == "verwerkt" and n.pogingen == 0
    return n


def tijdlijn(sh) -> list[str]:
    return list(
        sh.tijdlijn.filter(soort__startswith="duo:").order_by("tijdstip", "id").values_list("omschrijving", flat=True)
    )


# --- SS139 and friends: a new inburgeringsplichtige ----------------------------------------------------------------


def test_ss139_aanmelding_met_duos_gegevens(nieuw, notificatie, aalten):
    bsn = nieuw(doelgroep="Gezinsmigrant en overige migrant")
    n = verwerkt(notificatie(bsn, "SS139"))
    aanmelding = Aanmelding.objects.get()
    assert (aanmelding.gemeente, aanmelding.bsn, aanmelding.status) == (aalten, bsn, "open")
    assert aanmelding.notificatie == n and aanmelding.gebeurtenis_id == "SS139"
    assert aanmelding.doelgroep == Statushouder.Doelgroep.GEZINSMIGRANT
    assert aanmelding.gedetailleerde_doelgroep == "Gezinsvormer"
    assert aanmelding.plicht_begindatum == PLICHT_BEGIN and aanmelding.kennisgeving_datum == KENNISGEVING
    assert aanmelding.tien_weken_start == TODAY  # the day DUO registered the event
    assert n.statushouder is None
    assert AuditEvent.objects.filter(object_type="duo.aanmelding", actor_type="systeem").exists()


def test_een_open_aanmelding_per_persoon(nieuw, notificatie):
    """SS101 first, SS139 later (left the COA): one aanmelding, now with the 10-week clock; SS101 again keeps it."""
    bsn = nieuw()
    verwerkt(notificatie(bsn, "SS101", registratie_datum_tijd=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)))
    assert Aanmelding.objects.get().tien_weken_start is None
    verwerkt(notificatie(bsn, "SS139"))
    verwerkt(notificatie(bsn, "SS101"))
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.tien_weken_start == TODAY and aanmelding.doelgroep == "asiel"


def test_ss139_met_bestaand_dossier(dossier, notificatie):
    """No second aanmelding: the notification is linked to the case, DUO's kennisgeving taken over and shown."""
    sh = dossier(kennisgeving_datum=dt.date(2026, 9, 20))
    n = verwerkt(notificatie(sh.bsn, "SS139"))
    assert not Aanmelding.objects.exists()
    assert n.statushouder == sh
    sh.refresh_from_db()
    assert sh.kennisgeving_datum == KENNISGEVING
    teksten = tijdlijn(sh)
    assert any("10 weken vanaf 24-11-2026" in t for t in teksten)
    assert any("kennisgeving inburgeringsplicht 01-10-2026; in ons dossier stond 20-09-2026" in t for t in teksten)
    assert set(sh.duo_registraties.values_list("onderdeel", flat=True)) == {"inburgeringsplicht", "doelgroep"}
    assert AuditEvent.objects.filter(
        object_type="cases.statushouder", statushouder_id=sh.uuid, actor_type="systeem", velden=["kennisgeving_datum"]
    ).exists()


# --- SS120 / SS121: moved in ---------------------------------------------------------------------------------------


def test_ss121_verhuisd_met_pip_en_dossier_elders(duo, dossier, notificatie, aalten, winterswijk):
    """The aanmelding carries the previous gemeente's PIP; the case in Winterswijk gets a Voorstel to hand it over
    (afronden, verhuisd), which keeps the route (cases.services.verhuizing)."""
    sh = dossier(gemeente=winterswijk)
    pip = {"dagtekeningPip": "2026-10-15", "leerroute": "B", "niveau": "B1"}
    duo.personen[sh.bsn].pip, duo.personen[sh.bsn].pip_gemeentecode = pip, "0294"
    duo.verhuis(sh.bsn, aalten.oin, notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS121"))
    aanmelding = Aanmelding.objects.get(gemeente=aalten)
    assert aanmelding.met_pip_vorige_gemeente is True and aanmelding.vorige_pip["pip"] == pip
    voorstel = Voorstel.objects.get(statushouder=sh)
    assert voorstel.soort == "afsluiten" and "verhuisd naar andere gemeente" in voorstel.toelichting
    assert "Aalten" in voorstel.toelichting


def test_ss120_zonder_pip(duo, nieuw, notificatie, winterswijk):
    bsn = nieuw()
    duo.verhuis(bsn, winterswijk.oin, notificeer=False)
    verwerkt(notificatie(bsn, "SS120", gemeente=winterswijk))
    aanmelding = Aanmelding.objects.get(gemeente=winterswijk)
    assert aanmelding.met_pip_vorige_gemeente is False and aanmelding.vorige_pip is None
    assert not Voorstel.objects.exists()


# --- SS137 / SS131: the leerbaarheidstoets -------------------------------------------------------------------------


def test_ss137_en_ss131_in_de_intake(duo, dossier, notificatie):
    sh = dossier()
    start_intake(actor=None, statushouder=sh, datum=TODAY - dt.timedelta(days=7))
    duo.leerbaarheidstoets_aangemeld(sh.bsn, notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS137"))
    duo.leerbaarheidstoets_resultaat(sh.bsn, "B1-route haalbaar", notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS131"))
    intake = BredeIntake.objects.get(statushouder=sh)
    assert intake.leerbaarheidstoets_uitkomst == BredeIntake.Uitkomst.GEMIDDELD
    assert intake.route_advies.code == "b1"
    sh.refresh_from_db()
    assert sh.leerbaarheidstoets_datum == TODAY
    teksten = tijdlijn(sh)
    assert "aangemeld voor de leerbaarheidstoets (SS137)" in teksten[0]
    assert (
        "B1-route haalbaar (score 312,00, nodig 300,00)" in teksten[1]
        and "overgenomen in de brede intake" in teksten[1]
    )
    assert Registratie.objects.get(statushouder=sh, onderdeel="leerbaarheidstoets").gegevens[0]["resultaat"]


def test_ss131_houdt_hoog_van_de_consulent(duo, dossier, notificatie):
    sh = dossier()
    intake = start_intake(actor=None, statushouder=sh, datum=TODAY - dt.timedelta(days=7))
    BredeIntake.objects.filter(pk=intake.pk).update(leerbaarheidstoets_uitkomst="hoog")
    duo.leerbaarheidstoets_resultaat(sh.bsn, "B1-route haalbaar", notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS131"))
    assert BredeIntake.objects.get(statushouder=sh).leerbaarheidstoets_uitkomst == "hoog"


def test_ss131_niet_haalbaar_en_zonder_intake(duo, dossier, notificatie):
    sh = dossier()  # aangemeld: no intake yet, the date is kept and the outcome waits in DUO's registration
    duo.leerbaarheidstoets_resultaat(sh.bsn, "B1-route niet haalbaar", notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS131"))
    sh.refresh_from_db()
    assert sh.leerbaarheidstoets_datum == TODAY
    assert not BredeIntake.objects.exists() and not Voorstel.objects.exists()
    assert "B1-route niet haalbaar" in tijdlijn(sh)[0]


def test_ss131_na_de_intake_wordt_een_voorstel(duo, dossier, notificatie):
    sh = dossier(status="pip_concept")
    BredeIntake.objects.create(statushouder=sh, startdatum=dt.date(2026, 10, 1), afgerond_op=dt.date(2026, 10, 20))
    duo.leerbaarheidstoets_resultaat(sh.bsn, notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS131"))
    voorstel = Voorstel.objects.get(statushouder=sh)
    assert voorstel.soort == "controleren" and "Niet in de brede intake overgenomen" in voorstel.toelichting
    assert BredeIntake.objects.get(statushouder=sh).leerbaarheidstoets_uitkomst == ""


# --- SS102 / SS103 / SS104: DUO's termijn --------------------------------------------------------------------------


def test_ss102_duos_termijn_met_het_verschil(duo, dossier, notificatie):
    sh = dossier(status="in_uitvoering", pip_dagtekening=dt.date(2026, 10, 15), termijn_einde=dt.date(2029, 10, 15))
    duo.start_termijn(sh.bsn, dt.date(2026, 10, 16), notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS102"))
    sh.refresh_from_db()
    assert sh.termijn_einde == dt.date(2029, 10, 16)
    assert tijdlijn(sh) == [
        "DUO: inburgeringstermijn gestart (SS102): einde inburgeringstermijn 16-10-2029; "
        "in ons dossier stond 15-10-2029"
    ]
    assert Registratie.objects.get(statushouder=sh, onderdeel="termijn").gegevens["einddatum"] == "2029-10-16"

    duo.verleng_termijn(sh.bsn, dt.date(2030, 4, 16), op_verzoek=True, notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS104"))
    sh.refresh_from_db()
    assert sh.termijn_einde == dt.date(2030, 4, 16)
    assert "Ziekte of gebrek" in tijdlijn(sh)[-1]


def test_termijn_gelijk_alleen_op_de_tijdlijn(duo, dossier, notificatie):
    sh = dossier(status="in_uitvoering", pip_dagtekening=dt.date(2026, 10, 15), termijn_einde=dt.date(2029, 10, 16))
    duo.start_termijn(sh.bsn, dt.date(2026, 10, 16), notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS102"))
    assert tijdlijn(sh)[0].endswith("gelijk aan ons dossier")


def test_termijn_die_niet_past_wordt_een_voorstel(duo, dossier, notificatie):
    """DUO's end before our PIP's dagtekening breaks a rule of our record: not taken over, not retried forever."""
    sh = dossier(status="in_uitvoering", pip_dagtekening=dt.date(2026, 10, 15), termijn_einde=dt.date(2029, 10, 16))
    duo.start_termijn(sh.bsn, dt.date(2026, 9, 1), dt.date(2026, 10, 1), notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS102"))
    sh.refresh_from_db()
    assert sh.termijn_einde == dt.date(2029, 10, 16)
    voorstel = Voorstel.objects.get(statushouder=sh)
    assert voorstel.soort == "controleren" and "Niet overgenomen" in voorstel.toelichting


# --- SS199: exam results -------------------------------------------------------------------------------------------


def test_ss199_een_regel_per_nieuw_resultaat(duo, dossier, notificatie):
    sh = dossier()
    duo.examenresultaat(sh.bsn, "KNM", examendatum=dt.date(2026, 11, 2), notificeer=False)
    duo.examenresultaat(sh.bsn, "LE", "Gezakt", examendatum=dt.date(2026, 11, 3), notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS199"))
    assert tijdlijn(sh) == [
        "DUO: examen Kennis van de Nederlandse Maatschappij B1 geslaagd op 02-11-2026 (SS199)",
        "DUO: examen lezen B1 gezakt op 03-11-2026 (SS199)",
    ]
    duo.examenresultaat(sh.bsn, "LE", examendatum=dt.date(2026, 11, 20), notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS199"))
    assert tijdlijn(sh)[2:] == ["DUO: examen lezen B1 geslaagd op 20-11-2026 (SS199)"]
    assert len(Registratie.objects.get(statushouder=sh, onderdeel="examens").gegevens) == 3


# --- The plicht ends or pauses; the doelgroep changes --------------------------------------------------------------


@pytest.mark.parametrize(
    "gebeurtenis, gebeurtenis_id, eindreden",
    [
        ("plicht_voldaan", "SS106", "inburgeringsplicht voldaan"),
        ("vrijstelling", "SS107", "vrijstelling"),
        ("ontheffing", "SS108", "ontheffing"),
        ("plicht_ingetrokken", "SS110", "anders beëindigd"),
        ("overleden", "SS111", "anders beëindigd"),
    ],
)
def test_plicht_beeindigd_voorstel_afsluiten(duo, dossier, notificatie, gebeurtenis, gebeurtenis_id, eindreden):
    sh = dossier(status="in_uitvoering", pip_dagtekening=dt.date(2026, 10, 15))
    getattr(duo, gebeurtenis)(sh.bsn, notificeer=False)
    verwerkt(notificatie(sh.bsn, gebeurtenis_id))
    verwerkt(notificatie(sh.bsn, gebeurtenis_id))  # DUO repeats itself: still one open proposal
    voorstel = Voorstel.objects.get(statushouder=sh)
    assert voorstel.soort == "afsluiten" and f"eindreden '{eindreden}'" in voorstel.toelichting
    assert voorstel.gebeurtenis_id == gebeurtenis_id
    sh.refresh_from_db()
    assert sh.status == "in_uitvoering"  # the gemeente decides
    assert (
        Registratie.objects.get(statushouder=sh, onderdeel="inburgeringsplicht").gegevens["indicatorInburgeringsplicht"]
        is False
    )


def test_ss109_voorstel_opschorten(duo, dossier, notificatie):
    sh = dossier(status="in_uitvoering", pip_dagtekening=dt.date(2026, 10, 15))
    duo.vrijstelling(sh.bsn, tijdelijk=True, notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS109"))
    voorstel = Voorstel.objects.get(statushouder=sh)
    assert voorstel.soort == "opschorten" and "van 24-11-2026 tot 24-11-2027" in voorstel.toelichting


def test_plicht_beeindigd_voor_er_een_dossier_is(duo, nieuw, notificatie):
    bsn = nieuw()
    verwerkt(notificatie(bsn, "SS139"))
    duo.overleden(bsn, notificeer=False)
    verwerkt(notificatie(bsn, "SS111"))
    assert Aanmelding.objects.get().status == "vervallen"


def test_ss124_doelgroep_van_duo(duo, dossier, notificatie):
    sh = dossier(doelgroep="asiel")
    duo.wijzig_doelgroep(sh.bsn, "Gezinsmigrant en overige migrant", notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS124"))
    sh.refresh_from_db()
    assert sh.doelgroep == "gezinsmigrant"
    assert "doelgroep gezinsmigrant (was asielstatushouder)" in tijdlijn(sh)[0]
    voorstel = Voorstel.objects.get(statushouder=sh)
    assert voorstel.soort == "controleren" and "controleer het PIP" in voorstel.toelichting


def test_ss125_houdt_onze_fijnere_doelgroep(duo, dossier, notificatie):
    """A nareiziger is an asielstatushouder in DUO's indeling: SS125 does not make him 'asiel'."""
    sh = dossier(doelgroep="nareiziger")
    duo.wijzig_doelgroep(sh.bsn, "Asielstatushouder", notificeer=False)
    verwerkt(notificatie(sh.bsn, "SS125"))
    sh.refresh_from_db()
    assert sh.doelgroep == "nareiziger"
    assert Voorstel.objects.get(statushouder=sh).soort == "controleren"


def test_onbekende_gebeurtenis(dossier, notificatie):
    sh = dossier()
    verwerkt(notificatie(sh.bsn, "SS150"))
    assert Voorstel.objects.get(statushouder=sh).soort == "controleren"


def test_zonder_bsn_mislukt_blijvend(notificatie):
    n = notificatie("", "SS139")
    assert verwerk(n.pk) is False
    n.refresh_from_db()
    assert n.status == "mislukt" and "zonder BSN" in n.laatste_fout
    assert verwerk_wachtende() == 0


# --- The inbox's guarantees ----------------------------------------------------------------------------------------


def test_crash_wordt_later_opnieuw_geprobeerd(nieuw, notificatie, monkeypatch):
    bsn = nieuw()
    n = notificatie(bsn, "SS139")
    echt = gebeurtenissen._aanmelding

    def crash(*args, **kwargs):
        echt(*args, **kwargs)  # the aanmelding is written, then the process fails: it must roll back
        raise RuntimeError(f"stuk bij {bsn}")

    monkeypatch.setattr(gebeurtenissen, "_aanmelding", crash)
    assert verwerk(n.pk) is False
    n.refresh_from_db()
    assert (n.status, n.pogingen) == ("ontvangen", 1)
    assert n.laatste_fout == "RuntimeError: stuk bij *********"
    assert dt.timedelta(seconds=29) < n.volgende_poging - dt.datetime.now(dt.UTC) <= dt.timedelta(seconds=30)
    assert not Aanmelding.objects.exists()

    monkeypatch.setattr(gebeurtenissen, "_aanmelding", echt)
    assert verwerk_wachtende() == 0  # not due yet
    with time_machine.travel(dt.timedelta(seconds=31)):
        assert verwerk_wachtende() == 1
        assert verwerk_wachtende() == 0
        assert verwerk(n.pk) is False  # processed once
    assert Aanmelding.objects.count() == 1
    n.refresh_from_db()
    assert n.status == "verwerkt" and n.pogingen == 1


def test_duo_onbereikbaar_wacht_en_komt_terug(duo, nieuw, notificatie):
    bsns = [nieuw() for _ in range(3)]
    ns = [notificatie(bsn, "SS139") for bsn in bsns]
    duo.storing(503)
    assert verwerk_wachtende() == 0
    pogingen = [n.pogingen for n in Notificatie.objects.order_by("ontvangen_op", "id")]
    assert pogingen == [1, 0, 0]  # DUO is away: the run stops at the first, the rest waits
    ns[0].refresh_from_db()
    assert ns[0].laatste_fout == "DuoOnbereikbaar: DUO antwoordde 503" and ns[0].volgende_poging is not None

    poort = int(duo.url.rsplit(":", 1)[1])
    duo.stop()  # not even a connection now
    assert verwerk(ns[1].pk) is False
    ns[1].refresh_from_db()
    assert ns[1].status == "ontvangen" and "geen verbinding met DUO" in ns[1].laatste_fout

    duo.storing(None)
    duo.start(port=poort)
    with time_machine.travel(dt.timedelta(minutes=2)):
        assert verwerk_wachtende() == 3
    assert Aanmelding.objects.count() == 3
    assert set(Notificatie.objects.values_list("status", flat=True)) == {"verwerkt"}


def test_wachttijd_verdubbelt_tot_het_maximum(settings):
    settings.DUO_MAX_WACHTTIJD_UREN = 6
    assert [wachttijd(p).total_seconds() for p in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert wachttijd(11) == dt.timedelta(hours=6) and wachttijd(32_767) == dt.timedelta(hours=6)


@pytest.mark.django_db(transaction=True)
def test_twee_workers_nemen_niet_dezelfde(nieuw, notificatie):
    """While one worker holds the notification, another skips it (select_for_update(skip_locked))."""
    n = notificatie(nieuw(), "SS139")
    vast, klaar = threading.Event(), threading.Event()

    def andere_worker():
        from django.db import connection

        with transaction.atomic():
            Notificatie.objects.select_for_update().get(pk=n.pk)
            vast.set()
            klaar.wait(10)
        connection.close()

    draad = threading.Thread(target=andere_worker)
    draad.start()
    vast.wait(10)
    try:
        assert verwerk(n.pk) is False and verwerk_wachtende() == 0
        n.refresh_from_db()
        assert n.pogingen == 0 and n.status == "ontvangen"
    finally:
        klaar.set()
        draad.join()
    assert verwerk(n.pk) is True


# --- The whole way: DUO's notification over mutual TLS, a real Celery worker -----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_van_duo_via_celery_tot_aanmelding(duo_simulator, app_notificatie_server, worker, achterhoek, duo_pki):
    """The simulator posts SS139 to our endpoint over mutual TLS (201), the commit queues the task on Redis, the
    worker reads DUO's data and makes the aanmelding. The same message again: 201, stored and processed once."""
    from django.conf import settings

    log = worker(
        DUO_API_URL=settings.DUO_API_URL,
        DUO_CLIENT_CERT=settings.DUO_CLIENT_CERT,
        DUO_CLIENT_KEY=settings.DUO_CLIENT_KEY,
        DUO_CA_BUNDLE=settings.DUO_CA_BUNDLE,
        DUO_OIN=settings.DUO_OIN,
    )
    aalten = achterhoek.gemeenten["Aalten"]
    bsn = duo_simulator.nieuwe_inburgeringsplichtige(aalten.oin, kennisgeving=KENNISGEVING)
    eerste = duo_simulator.notificaties[-1]
    assert eerste.status == 201
    assert duo_simulator.notificeer(bsn, "SS139", aalten.oin, bericht_id=eerste.bericht_id) == 201

    for _ in range(300):  # the worker needs a few seconds to start
        if Notificatie.objects.filter(status="verwerkt").exists():
            break
        time.sleep(0.1)
    else:
        pytest.fail("niet verwerkt:\n" + log.read_text()[-3000:])
    notificatie = Notificatie.objects.get()
    assert str(notificatie.bericht_id) == eerste.bericht_id
    aanmelding = Aanmelding.objects.get()
    assert (aanmelding.bsn, aanmelding.gemeente, aanmelding.kennisgeving_datum) == (bsn, aalten, KENNISGEVING)
    assert bsn not in log.read_text()  # the worker's log: no BSN
