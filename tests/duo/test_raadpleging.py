"""Raadpleging (duo.raadpleging): DUO's registration of a person read over mutual TLS from the simulator, with the
GET operations of the specs (duo_contract_schoon fails a test whose request broke them), and kept per case."""

import datetime as dt

import pytest
import time_machine

from duo import raadpleging
from duo.client import DuoOnbereikbaar
from duo.models import Registratie
from inburgering.audit.models import AuditEvent
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db

ALLES = set(Registratie.Onderdeel.values)


@pytest.fixture
def persoon(duo_simulator, vandaag, aalten):
    """A person DUO knows in Aalten, with a termijn, a toets result and an exam; no PIP, no ontheffing."""
    bsn = duo_simulator.nieuwe_inburgeringsplichtige(aalten.oin, notificeer=False, begindatum=dt.date(2026, 6, 1))
    duo_simulator.start_termijn(bsn, dt.date(2026, 9, 1), notificeer=False)
    duo_simulator.leerbaarheidstoets_resultaat(bsn, notificeer=False)
    duo_simulator.examenresultaat(bsn, "KNM", notificeer=False)
    duo_simulator.vrijstelling(bsn, tijdelijk=True, notificeer=False)
    return bsn


def test_ververs_bewaart_elk_onderdeel(duo_simulator, persoon, aalten):
    sh = StatushouderFactory(gemeente=aalten, bsn=persoon)
    gegevens = raadpleging.ververs(sh)
    assert set(gegevens) == ALLES
    opgeslagen = {r.onderdeel: r.gegevens for r in Registratie.objects.filter(statushouder=sh)}
    assert opgeslagen == gegevens
    assert opgeslagen["inburgeringsplicht"]["begindatum"] == "2026-06-01"
    assert opgeslagen["doelgroep"]["indeling"] == "Asielstatushouder"
    assert opgeslagen["termijn"] == {
        "startdatum": "2026-09-01",
        "einddatum": "2029-09-01",
        "wijzigingsdatum": "2026-11-24",
    }
    assert opgeslagen["leerbaarheidstoets"][0]["resultaat"] == "B1-route haalbaar"
    assert opgeslagen["examens"][0]["onderdeel"] == "KNM"
    assert opgeslagen["vrijstellingen"][0]["TijdelijkeVrijstelling"]["oordeel"] == "Toekenning"
    assert opgeslagen["pip"] is None  # DUO has none: 404
    assert opgeslagen["ontheffingen"] in (None, [])
    assert AuditEvent.objects.filter(
        object_type="duo.registratie", statushouder_id=sh.uuid, actor_type="systeem", handeling="update"
    ).count() == len(ALLES)
    assert {v.operatie for v in duo_simulator.ontvangen} >= {
        "getInburgeringsplichtByBsn",
        "getDoelgroepByBsn",
        "getInburgeringstermijnByBsn",
        "getPipByBsn",
        "getLbtResultatenByBsn",
        "getExamenresultatenByBsn",
        "getVrijstellingenByBsn",
        "getOntheffingenByBsn",
    }


def test_ververs_vervangt_de_vorige_raadpleging(duo_simulator, persoon, aalten):
    sh = StatushouderFactory(gemeente=aalten, bsn=persoon)
    raadpleging.ververs(sh, onderdelen=["termijn"])
    eerste = Registratie.objects.get(statushouder=sh, onderdeel="termijn").opgehaald_op
    duo_simulator.verleng_termijn(persoon, dt.date(2030, 3, 1), notificeer=False)
    with time_machine.travel(dt.timedelta(hours=1)):
        raadpleging.ververs(sh, onderdelen=["termijn"])
    rij = Registratie.objects.get(statushouder=sh, onderdeel="termijn")
    assert rij.gegevens["einddatum"] == "2030-03-01" and rij.opgehaald_op > eerste
    assert raadpleging.registratie(sh, "termijn")["einddatum"] == "2030-03-01"
    assert raadpleging.registratie(sh, "pip") is None


def test_haal_op_voor_een_aanmelding_zonder_dossier(persoon, aalten):
    gegevens = raadpleging.haal_op(aalten, persoon, ["inburgeringsplicht", "doelgroep"])
    assert gegevens["inburgeringsplicht"]["begindatum"] == "2026-06-01"
    assert not Registratie.objects.exists()


def test_duo_weg_dan_niets_half_bewaard(duo_simulator, persoon, aalten):
    sh = StatushouderFactory(gemeente=aalten, bsn=persoon)
    duo_simulator.storing(503)
    with pytest.raises(DuoOnbereikbaar):
        raadpleging.ververs(sh)
    assert not Registratie.objects.exists()
