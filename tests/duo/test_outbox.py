"""The outbox (duo.outbox) against the running simulator: DUO away (503, or not listening) → the melding waits with
backoff and is delivered once when DUO is back; DUO refuses → geweigerd with its reason for the consultant; a worker
that dies after "verzonden" → sent again with the same berichtId and applied once; a case's meldingen in order."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cases import services
from duo import outbox
from duo.models import Melding, Voorstel
from tests.conftest import TODAY
from tests.factories import MeldingFactory

from . import test_meldingen as gedeeld
from .test_meldingen import DAGTEKENING, ontvangen

duo, zaak, vastgesteld = gedeeld.duo, gedeeld.zaak, gedeeld.vastgesteld  # the shared fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def pip_melding(zaak, consultant):
    """A case whose PIP was just vastgesteld: its melding waits in the outbox."""
    sh = zaak()
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=DAGTEKENING)
    return Melding.objects.get(statushouder=sh)


def later(minuten: float):
    return time_machine.travel(timezone.now() + dt.timedelta(minutes=minuten), tick=True)


def wacht(melding) -> int:
    """Seconds from the attempt to the next one."""
    return int((melding.volgende_poging - melding.verzonden_op).total_seconds())


def geslaagd(duo, operatie):
    return [v for v in ontvangen(duo, operatie) if v.status < 300]


def test_duo_in_maintenance_the_melding_waits_and_is_delivered_once_when_back(pip_melding, duo):
    duo.storing(503)
    assert outbox.verstuur(pip_melding.pk) == "wachtend"
    pip_melding.refresh_from_db()
    assert (pip_melding.pogingen, pip_melding.laatste_fout) == (1, "DUO antwoordde 503")
    assert wacht(pip_melding) == 30
    assert outbox.verstuur_wachtende() == 0  # not due yet: no retry storm

    with later(0.6):
        assert outbox.verstuur_wachtende() == 1  # still in maintenance: waits twice as long
        pip_melding.refresh_from_db()
        assert wacht(pip_melding) == 60
    duo.storing(None)
    with later(2):
        assert outbox.verstuur_wachtende() == 1
        assert outbox.verstuur_wachtende() == 0

    pip_melding.refresh_from_db()
    assert (pip_melding.status, pip_melding.pogingen, pip_melding.laatste_fout) == ("bevestigd", 3, "")
    assert [v.status for v in ontvangen(duo, "postPipByBsn")] == [503, 503, 201]
    assert len({v.headers["berichtId"] for v in ontvangen(duo, "postPipByBsn")}) == 1
    assert len(duo.personen[pip_melding.statushouder.bsn].pip_historie) == 1


def test_duo_not_listening_the_melding_waits_until_it_is(pip_melding, duo, settings):
    duo.stop()
    assert outbox.verstuur(pip_melding.pk) == "wachtend"
    pip_melding.refresh_from_db()
    assert pip_melding.laatste_fout == "ConnectionError: geen verbinding met DUO"
    assert pip_melding.statushouder.bsn not in pip_melding.laatste_fout

    settings.DUO_API_URL = duo.start()
    with later(1):
        assert outbox.verstuur_wachtende() == 1
    assert Melding.objects.get(pk=pip_melding.pk).status == "bevestigd"
    assert len(geslaagd(duo, "postPipByBsn")) == 1


def test_not_configured_the_melding_waits_without_a_storm(pip_melding, settings, vandaag):
    settings.DUO_API_URL = ""
    assert outbox.verstuur(pip_melding.pk) == "wachtend"
    pip_melding.refresh_from_db()
    assert pip_melding.laatste_fout == "Geen DUO_API_URL ingesteld"
    assert pip_melding.volgende_poging > timezone.now()


def test_duo_refuses_the_melding_is_geweigerd_and_the_consultant_sees_why(zaak, consultant, duo):
    sh = zaak()
    duo.personen[sh.bsn].inburgeringsplicht["begindatum"] = (DAGTEKENING + dt.timedelta(days=1)).isoformat()
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=DAGTEKENING)  # we did not fetch DUO's date
    melding = Melding.objects.get(statushouder=sh)

    assert outbox.verstuur(melding.pk) == "geweigerd"

    melding.refresh_from_db()
    reden = "De datum dagtekening ligt voor de startdatum van de inburgeringsplicht."
    assert (melding.http_status, melding.fouten) == (403, [reden])
    voorstel = Voorstel.objects.get(statushouder=sh)
    assert (voorstel.soort, voorstel.melding) == ("weigering", melding)
    assert voorstel.toelichting == f"De melding '{melding.omschrijving}' is niet verwerkt: DUO weigerde haar: {reden}"
    assert outbox.verstuur_wachtende() == 0  # a refusal is not retried


def test_a_worker_dying_after_verzonden_resends_with_the_same_bericht_id(pip_melding, duo, monkeypatch):
    def sterft(*args, **kwargs):
        raise SystemExit("worker gestopt")

    with monkeypatch.context() as patch, pytest.raises(SystemExit):
        patch.setattr(outbox, "_verwerk_uitkomst", sterft)
        outbox.verstuur(pip_melding.pk)
    pip_melding.refresh_from_db()
    assert (pip_melding.status, pip_melding.pogingen) == ("verzonden", 1)  # committed before the call
    assert outbox.verstuur_wachtende() == 0  # a worker may still be in its call

    with later(6):
        assert outbox.verstuur_wachtende() == 1

    pip_melding.refresh_from_db()
    assert (pip_melding.status, pip_melding.pogingen) == ("bevestigd", 2)
    eerste, tweede = ontvangen(duo, "postPipByBsn")
    assert eerste.headers["berichtId"] == tweede.headers["berichtId"] == str(pip_melding.bericht_id)
    assert (eerste.herhaald, tweede.herhaald, tweede.status) == (False, True, 201)
    assert len(duo.personen[pip_melding.statushouder.bsn].pip_historie) == 1  # applied once


def test_a_cases_meldingen_go_in_the_order_written(pip_melding, duo):
    sh = pip_melding.statushouder
    map_melding = MeldingFactory(
        statushouder=sh,
        api="map_pvt_zroute",
        operatie="updateMapByBsn",
        methode="PUT",
        pad="/personen/{bsn}/map",
        inhoud={"datumEindgesprekMap": TODAY.isoformat()},
    )
    duo.storing(503)
    assert outbox.verstuur(pip_melding.pk) == "wachtend"
    duo.storing(None)
    assert outbox.verstuur(map_melding.pk) is None  # the PIP before it is still waiting: DUO would refuse the MAP
    assert outbox.verstuur_wachtende() == 0

    with later(1):
        assert outbox.verstuur(pip_melding.pk) == "bevestigd"  # and the MAP that waited for it goes along

    assert Melding.objects.get(pk=map_melding.pk).status == "bevestigd"
    assert [v.operatie for v in duo.ontvangen if v.status < 300] == ["postPipByBsn", "updateMapByBsn"]


def test_a_request_against_duos_spec_is_geweigerd_with_our_explanation(vastgesteld, duo, caplog):
    sh = vastgesteld()
    melding = MeldingFactory(statushouder=sh, inhoud={"dagtekeningPip": TODAY.isoformat(), "leerroute": "X"})
    aantal = len(duo.ontvangen)

    assert outbox.verstuur(melding.pk) == "geweigerd"

    assert len(duo.ontvangen) == aantal  # never sent: our client checks the request first
    melding.refresh_from_db()
    assert "leerroute" in melding.laatste_fout and melding.fouten == []
    assert "voldoet niet aan DUO's specificatie" in Voorstel.objects.get(melding=melding).toelichting
    assert sh.bsn not in caplog.text and f"DUO-melding {melding.pk} (postPipByBsn)" in caplog.text


def test_withdrawing_what_duo_does_not_have_is_done(vastgesteld, duo):
    sh = vastgesteld()
    melding = MeldingFactory(
        statushouder=sh,
        api="inburgeringsaanbod",
        operatie="deleteInburgeringsaanbodByBsnAndInstellingsnumer",
        methode="DELETE",
        pad="/personen/{bsn}/Inburgeringsaanbod/1000000101",
        inhoud=None,
    )
    assert outbox.verstuur(melding.pk) == "bevestigd"
    assert ontvangen(duo, "deleteInburgeringsaanbodByBsnAndInstellingsnumer")[0].status == 404
    assert not Voorstel.objects.exists()
