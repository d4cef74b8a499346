"""Acceptance (issue 14): the chain with DUO end to end, over mutual TLS both ways and with a real Celery worker.

The DUO simulator (duo/simulator) announces a new inburgeringsplichtige (SS139) to our Notificatie endpoint, served
over mutual TLS (`app_notificatie_server`); a Celery worker consuming from a real Redis broker processes the inbox
and reads the person from DUO; the consultant finds the aanmelding on Vandaag, registers the case from it, and the
intake and vaststelling send a PIP melding that DUO registers; DUO starts the termijn (SS102) and the case shows
DUO's termijn; an enrolment sends an Inburgeringsaanbod; the provider's attendance becomes a month's Gevolgde uren.

The worker runs in this process (celery.contrib.testing: a real worker and consumer on its own thread) so that it
shares the frozen clock of the test; the database is the test database (transactional), the broker the test's own
Redis database. Every request the simulator received is checked against DUO's specs (`duo_contract_schoon`)."""

import datetime as dt
import time

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from rest_framework.test import APIClient

from cases import services
from cases.models import BredeIntake, Doel, Statushouder
from cases.validators import mask_bsn
from duo import tasks
from duo.models import Aanmelding, Melding, Notificatie
from inburgering.celery import app
from leerroutes.models import Inschrijving, Leerroute
from partners.models import ApiSleutel
from tests.conftest import TODAY

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("vandaag")]

WACHTTIJD = 60


@pytest.fixture
def celery_worker(broker):
    """A real Celery worker consuming from the test's Redis broker, on a thread of this process."""
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield


def wacht_tot(voorwaarde, wat: str):
    """Poll until `voorwaarde()` is truthy (the worker works asynchronously); its value is returned."""
    einde = time.monotonic() + WACHTTIJD
    while time.monotonic() < einde:
        if waarde := voorwaarde():
            return waarde
        time.sleep(0.1)
    meldingen = list(Melding.objects.values_list("operatie", "status", "laatste_fout", "fouten"))
    inbox = list(Notificatie.objects.values_list("gebeurtenis_id", "status", "laatste_fout"))
    pytest.fail(f"na {WACHTTIJD} s nog niet: {wat}\nmeldingen: {meldingen}\ninbox: {inbox}")


def ontvangen(simulator, operatie: str, status: int):
    return [v for v in simulator.ontvangen if v.operatie == operatie and v.status == status]


def test_de_keten_met_duo(duo_simulator, app_notificatie_server, celery_worker, achterhoek, consultant, client):
    winterswijk = achterhoek.gemeenten["Winterswijk"]
    toptaal = achterhoek.aanbieders["TopTaal"]
    consultant.first_name, consultant.last_name, consultant.email = "Karin", "Jansen", "k.jansen@winterswijk.nl"
    consultant.save()
    client.force_login(consultant)

    # DUO's list of instellingen (the nightly task): TopTaal is linked by its keurmerk number.
    tasks.haal_instellingen_op.delay()
    wacht_tot(lambda: toptaal.duo_instellingen.exists(), "TopTaal gekoppeld aan DUO's instelling")

    # 1. SS139: a new inburgeringsplichtige, announced over mutual TLS, processed by the worker.
    begin_plicht = TODAY - dt.timedelta(days=30)
    bsn = duo_simulator.nieuwe_inburgeringsplichtige(
        winterswijk.oin, gebeurtenis="SS139", begindatum=begin_plicht, kennisgeving=begin_plicht
    )
    assert duo_simulator.notificaties[-1].status == 201
    aanmelding = wacht_tot(
        lambda: Aanmelding.objects.filter(gemeente=winterswijk, bsn=bsn, status="open").first(),
        "de aanmelding uit SS139",
    )
    assert aanmelding.plicht_begindatum == begin_plicht and aanmelding.kennisgeving_datum == begin_plicht
    assert aanmelding.doelgroep == Statushouder.Doelgroep.ASIEL and aanmelding.tien_weken_start == TODAY

    # 2. On the consultant's Vandaag with DUO's data, and registered from there (the form is prefilled).
    vandaag_pagina = client.get(reverse("cases:vandaag")).content.decode()
    assert mask_bsn(bsn) in vandaag_pagina and bsn not in vandaag_pagina
    assert (
        "SS139" in vandaag_pagina and f"{reverse('cases:registreren')}?aanmelding={aanmelding.uuid}" in vandaag_pagina
    )
    formulier = client.get(f"{reverse('cases:registreren')}?aanmelding={aanmelding.uuid}")
    assert formulier.context["form"].initial["kennisgeving_datum"] == begin_plicht
    antwoord = client.post(
        f"{reverse('cases:registreren')}?aanmelding={aanmelding.uuid}",
        {
            "voornamen": "Hanna",
            "achternaam": "Gebremedhin",
            "geboortedatum": "1996-03-14",
            "geslacht": "v",
            "nationaliteit": "ERI",
            "talen": "ti",
            "verblijfsvergunning_datum": (begin_plicht - dt.timedelta(days=10)).isoformat(),
            "kennisgeving_datum": begin_plicht.isoformat(),
            "brp_inschrijving_datum": (TODAY - dt.timedelta(days=25)).isoformat(),
            "huisvesting_datum": (TODAY - dt.timedelta(days=25)).isoformat(),
            "doelgroep": "asiel",
            "consultant": consultant.pk,
        },
    )
    assert antwoord.status_code == 302, antwoord.context["form"].errors if antwoord.context else antwoord
    sh = Statushouder.objects.get(gemeente=winterswijk, bsn=bsn)
    aanmelding.refresh_from_db()
    assert aanmelding.status == "geregistreerd" and aanmelding.statushouder == sh

    # 3. Intake and vaststelling: the PIP melding reaches DUO, valid per the PIP spec, and DUO registers it.
    services.start_intake(actor=consultant, statushouder=sh, datum=TODAY - dt.timedelta(days=20))
    b1 = Leerroute.objects.get(code="b1")
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="hoog", route_advies=b1, gekozen_route=b1
    )
    versie = services.rond_intake_af(actor=consultant, statushouder=sh, datum=TODAY - dt.timedelta(days=10))
    versie.taalaanbieder = toptaal
    versie.save()
    Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Taalniveau B1 halen")
    dagtekening = TODAY - dt.timedelta(days=5)
    antwoord = client.post(
        reverse("cases:pip_vaststellen", args=[sh.uuid]), {"dagtekening": dagtekening.isoformat(), "bevestigd": "ja"}
    )
    assert antwoord.status_code == 302
    wacht_tot(lambda: ontvangen(duo_simulator, "postPipByBsn", 201), "de PIP-melding bij DUO")
    assert duo_simulator.personen[bsn].pip["dagtekeningPip"] == dagtekening.isoformat()
    assert duo_simulator.personen[bsn].pip["leerroute"] == "B"
    wacht_tot(
        lambda: Melding.objects.filter(statushouder=sh, operatie="postPipByBsn", status="bevestigd").exists(),
        "PIP bevestigd",
    )

    # 4. DUO starts the termijn (SS102): the case takes DUO's end date, and the case page shows it.
    duo_simulator.start_termijn(bsn)
    einde_duo = dt.date.fromisoformat(duo_simulator.personen[bsn].termijn["einddatum"])
    wacht_tot(
        lambda: Statushouder.objects.filter(pk=sh.pk, termijn_einde=einde_duo).exists(),
        "de termijn van DUO op het dossier",
    )
    dossier = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert (
        einde_duo.strftime("%-d-%-m-%Y") in dossier
        or einde_duo.isoformat() in dossier
        or f"{einde_duo:%d-%m-%Y}" in dossier
    )

    # 5. Enrolment at TopTaal: an Inburgeringsaanbod melding for TopTaal's instellingsnummer.
    start = TODAY + dt.timedelta(days=1)
    antwoord = client.post(
        reverse("cases:inschrijven", args=[sh.uuid]),
        {
            "organisatie": toptaal.uuid,
            "startdatum": start.isoformat(),
            "onderdelen": list(b1.onderdelen.values_list("pk", flat=True)),
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    inschrijving = Inschrijving.objects.get(statushouder=sh, organisatie=toptaal)
    instellingsnummer = toptaal.duo_instellingen.get().instellingsnummer
    wacht_tot(
        lambda: ontvangen(duo_simulator, "postInburgeringsaanbodByBsnAndInstellingsnummer", 201), "het aanbod bij DUO"
    )
    assert duo_simulator.personen[bsn].aanbod[instellingsnummer]["verwachteStartdatumOpleiding"] == start.isoformat()

    # 6. Five days later the provider has accepted and reports attendance over its API; on the 1st of the next
    # month the month's hours go to DUO (the beat task of the 1st).
    _sleutel, key = ApiSleutel.objects.create_key(organisatie=toptaal, name="lesadministratie")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    lessen = [
        {
            "inschrijving": str(inschrijving.uuid),
            "lesId": f"les-{dag}",
            "datum": (start + dt.timedelta(days=dag)).isoformat(),
            "geplandeMinuten": 180,
            "aanwezigeMinuten": 180,
            "status": "aanwezig",
        }
        for dag in range(5)
    ]
    with time_machine.travel(dt.datetime.combine(start + dt.timedelta(days=5), dt.time(12), tzinfo=dt.UTC), tick=True):
        geaccepteerd = api.patch(
            f"/api/v1/inschrijvingen/{inschrijving.uuid}",
            {"status": "actief", "startdatum": start.isoformat()},
            format="json",
        )
        assert geaccepteerd.status_code == 200, geaccepteerd.content
        gemeld = api.post("/api/v1/aanwezigheid", lessen, format="json")
        assert gemeld.status_code in (200, 201), gemeld.content
    eerste_van_de_maand = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    with time_machine.travel(dt.datetime.combine(eerste_van_de_maand, dt.time(3), tzinfo=dt.UTC), tick=True):
        tasks.meld_gevolgde_uren.delay()
        uren = wacht_tot(
            lambda: [v for v in duo_simulator.ontvangen if v.api == "gevolgde_uren" and v.status == 200],
            "de gevolgde uren",
        )
    assert uren[0].inhoud == {"uren": 15}
    # Every melding of the case confirmed by DUO, each sent once: the contactpersoon of the registration, the PIP,
    # the aanbod at the enrolment and again with the real start when TopTaal accepted, the month's hours.
    wacht_tot(
        lambda: not Melding.objects.filter(statushouder=sh).exclude(status=Melding.Status.BEVESTIGD).exists(),
        "alle meldingen bevestigd",
    )
    operaties = sorted(Melding.objects.filter(statushouder=sh).values_list("operatie", flat=True))
    assert operaties == sorted(
        [
            "postContactpersoonByBsn",
            "postPipByBsn",
            "postInburgeringsaanbodByBsnAndInstellingsnummer",
            "postInburgeringsaanbodByBsnAndInstellingsnummer",
            "updateUrenParticipatieAlsTaallesByBsn",
        ]
    )
    berichten = [v.headers.get("berichtId") for v in duo_simulator.ontvangen if v.methode != "GET"]
    assert len(berichten) == len(set(berichten))
