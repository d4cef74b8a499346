"""The DUO simulator: a real server over mutual TLS that answers as DUO's specs and README say. Our DuoClient is the
caller, so every request and answer here is also checked against the openapi.yml on the client's side."""

import json
import uuid
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import requests
import time_machine
from django.core.management import call_command

from cases.validators import TEST_BSN_PREFIX, bsn_elfproef
from duo.client import DuoClient, DuoOnbereikbaar, DuoWeigering
from duo.models import Notificatie
from duo.tls import MtlsServer
from partners.achterhoek import voorbeeld_oin
from tests.conftest import TODAY

WINTERSWIJK = SimpleNamespace(naam="Winterswijk", oin=voorbeeld_oin("GM0294"))
AALTEN = SimpleNamespace(naam="Aalten", oin=voorbeeld_oin("GM0197"))
PLICHT = "/personen/{bsn}/inburgeringsplicht"
PIP = "/personen/{bsn}/PIP"


@pytest.fixture
def winterswijk_duo(duo_simulator, vandaag):
    return DuoClient(WINTERSWIJK)


@pytest.fixture
def bsn(duo_simulator, vandaag):
    """An asielstatushouder in Winterswijk since three weeks ago."""
    return duo_simulator.nieuwe_inburgeringsplichtige(WINTERSWIJK.oin, begindatum=TODAY - timedelta(weeks=3))


def _pip(dagtekening=TODAY, leerroute="B", **velden):
    return {"dagtekeningPip": dagtekening.isoformat(), "leerroute": leerroute, **velden}


def _weigering(aanroep) -> DuoWeigering:
    with pytest.raises(DuoWeigering) as fout:
        aanroep()
    return fout.value


def test_a_new_inburgeringsplichtige_is_readable_as_the_spec_says(winterswijk_duo, bsn, duo_simulator):
    plicht = winterswijk_duo.raadpleeg("inburgeringsplicht", PLICHT, bsn=bsn)
    doelgroep = winterswijk_duo.raadpleeg("inburgeringsplicht", "/personen/{bsn}/doelgroep", bsn=bsn)

    assert bsn_elfproef(bsn) and bsn.startswith(TEST_BSN_PREFIX)
    assert plicht["indicatorInburgeringsplicht"] is True
    assert plicht["begindatum"] == (TODAY - timedelta(weeks=3)).isoformat()
    assert doelgroep["indeling"] == "Asielstatushouder"
    assert duo_simulator.ontvangen[-1].operatie == "getDoelgroepByBsn"


def test_the_termijn_is_404_until_duo_starts_it(winterswijk_duo, bsn, duo_simulator):
    pad = "/personen/{bsn}/inburgeringstermijn"
    assert winterswijk_duo.raadpleeg("inburgeringstermijn", pad, bsn=bsn) is None

    duo_simulator.start_termijn(bsn, TODAY)

    termijn = winterswijk_duo.raadpleeg("inburgeringstermijn", pad, bsn=bsn)
    assert (termijn["startdatum"], termijn["einddatum"]) == (TODAY.isoformat(), "2029-11-24")
    historie = winterswijk_duo.raadpleeg("inburgeringstermijn", "/personen/{bsn}/inburgeringstermijn/historie", bsn=bsn)
    assert [t["einddatum"] for t in historie] == ["2029-11-24"]


def test_every_read_of_the_apis_answers_per_spec(winterswijk_duo, bsn, duo_simulator):
    duo_simulator.leerbaarheidstoets_resultaat(bsn, "B1-route niet haalbaar")
    duo_simulator.examenresultaat(bsn, "LU", "Gezakt")
    duo_simulator.vrijstelling(bsn, tijdelijk=True)
    lezingen = [
        ("inburgeringsplicht", "/personen/{bsn}/inburgeringsplicht/historie"),
        ("inburgeringsplicht", "/personen/{bsn}/doelgroep/historie"),
        ("leerbaarheidstoets", "/personen/{bsn}/lbt/examennummer"),
        ("leerbaarheidstoets", "/personen/{bsn}/lbt/resultaten"),
        ("inburgeringstermijn", "/verlengingsgronden"),
        ("vrijstelling", "/personen/{bsn}/vrijstellingen"),
        ("ontheffing", "/personen/{bsn}/ontheffingen"),
        ("inburgeringsaanbod", "/instellingen"),
        ("gevolgde_uren", "/personen/{bsn}/uren"),
        ("examen", "/personen/{bsn}/examens/resultaten"),
        ("examen", "/personen/{bsn}/examens/gratispogingen"),
    ]
    antwoorden = {pad: winterswijk_duo.raadpleeg(api, pad, bsn=bsn) for api, pad in lezingen}

    assert antwoorden["/personen/{bsn}/lbt/resultaten"][0]["resultaat"] == "B1-route niet haalbaar"
    assert {"onderdeel": "LU", "gratisPogingenTegoed": 1} in antwoorden["/personen/{bsn}/examens/gratispogingen"]
    assert "TijdelijkeVrijstelling" in antwoorden["/personen/{bsn}/vrijstellingen"][0]
    assert [p["indicatorInburgeringsplicht"] for p in antwoorden["/personen/{bsn}/inburgeringsplicht/historie"]] == [
        True,
        False,
    ]
    assert len(antwoorden["/instellingen"]) == len(duo_simulator.instellingen)
    assert [v.status for v in duo_simulator.ontvangen] == [200] * len(lezingen)


def test_a_person_of_another_gemeente_is_refused_and_an_unknown_one_not_found(duo_simulator, bsn, vandaag):
    aalten = DuoClient(AALTEN)

    assert _weigering(lambda: aalten.raadpleeg("inburgeringsplicht", PLICHT, bsn=bsn)).status == 403
    assert aalten.raadpleeg("inburgeringsplicht", PLICHT, bsn="111222333") is None


def test_a_pip_is_registered_with_niveau_b1_when_none_is_given(winterswijk_duo, bsn, duo_simulator):
    antwoord = winterswijk_duo.roep_aan("pip", "POST", PIP, _pip(geschatteIntensiteitB1Route=600), bsn=bsn)

    assert antwoord.status == 201
    assert winterswijk_duo.raadpleeg("pip", PIP, bsn=bsn) == {
        "gemeentecode": "0294",
        "pip": {**_pip(geschatteIntensiteitB1Route=600), "niveau": "B1"},
    }


@pytest.mark.parametrize(
    ("pip", "fouttekst"),
    [
        (_pip(TODAY - timedelta(weeks=4)), "De datum dagtekening ligt voor de startdatum van de inburgeringsplicht."),
        (_pip(niveau="A2"), "Niveau A2 is niet toegestaan in combinatie met de B1-route bij het eerste PIP"),
        (_pip(leerroute="Z", niveau="B1"), "Niveau B1 is niet toegestaan in combinatie met de Z-route."),
        (_pip(leerroute="Z", geschatteIntensiteitB1Route=400), "De geschatte intensiteit mag alleen"),
    ],
)
def test_duo_refuses_a_pip_against_its_rules_with_its_fouttekst(winterswijk_duo, bsn, duo_simulator, pip, fouttekst):
    weigering = _weigering(lambda: winterswijk_duo.roep_aan("pip", "POST", PIP, pip, bsn=bsn))

    assert weigering.status == 403
    assert any(tekst.startswith(fouttekst) for tekst in weigering.fouten)
    assert duo_simulator.personen[bsn].pip is None


def test_a_changed_pip_may_not_be_dated_before_the_current_one(winterswijk_duo, bsn):
    winterswijk_duo.roep_aan("pip", "POST", PIP, _pip(TODAY - timedelta(days=2)), bsn=bsn)

    weigering = _weigering(
        lambda: winterswijk_duo.roep_aan("pip", "POST", PIP, _pip(TODAY - timedelta(days=3)), bsn=bsn)
    )

    assert "De datum dagtekening ligt voor de datum dagtekening van het actuele PIP." in weigering.fouten


def test_a_repeated_bericht_id_is_answered_again_but_applied_once(winterswijk_duo, bsn, duo_simulator):
    bericht_id = str(uuid.uuid4())
    eerste = winterswijk_duo.roep_aan("pip", "POST", PIP, _pip(), bsn=bsn, bericht_id=bericht_id)
    tweede = winterswijk_duo.roep_aan("pip", "POST", PIP, _pip(), bsn=bsn, bericht_id=bericht_id)

    assert (eerste.status, tweede.status) == (201, 201)
    assert len(duo_simulator.personen[bsn].pip_historie) == 1
    assert [v.herhaald for v in duo_simulator.ontvangen] == [False, True]


def test_a_pip_can_be_deleted_until_duo_starts_the_termijn(winterswijk_duo, bsn, duo_simulator):
    winterswijk_duo.roep_aan("pip", "POST", PIP, _pip(), bsn=bsn)
    duo_simulator.start_termijn(bsn)

    weigering = _weigering(lambda: winterswijk_duo.roep_aan("pip", "DELETE", PIP, bsn=bsn))

    assert weigering.fouten == ["De inburgeringstermijn is al vastgesteld."]
    duo_simulator.personen[bsn].termijn = None
    assert winterswijk_duo.roep_aan("pip", "DELETE", PIP, bsn=bsn).status == 200
    assert winterswijk_duo.raadpleeg("pip", PIP, bsn=bsn) is None


def test_an_inburgeringsaanbod_needs_an_instelling_with_keurmerk(winterswijk_duo, bsn, duo_simulator):
    pad = "/personen/{bsn}/Inburgeringsaanbod/{instellingsnummer}"
    aanbod = {"datumInburgeringsaanbod": TODAY.isoformat(), "indicatorAlfabetiseringsonderwijs": "NVT"}
    winterswijk_duo.roep_aan("pip", "POST", PIP, _pip(), bsn=bsn)
    zonder_keurmerk = next(i for i in duo_simulator.instellingen if not i["indicatieBowKeurmerk"] and not i.get("brin"))

    weigering = _weigering(
        lambda: winterswijk_duo.roep_aan(
            "inburgeringsaanbod", "POST", pad, aanbod, bsn=bsn, instellingsnummer=zonder_keurmerk["instellingsnummer"]
        )
    )
    toptaal = winterswijk_duo.roep_aan(
        "inburgeringsaanbod", "POST", pad, aanbod, bsn=bsn, instellingsnummer="1000000101"
    )

    assert weigering.fouten == ["De instelling heeft geen keurmerk van Blik op Werk."]
    assert toptaal.status == 201
    assert list(duo_simulator.personen[bsn].aanbod) == ["1000000101"]


def test_map_after_the_end_of_the_termijn_needs_verwijtbaarheid(winterswijk_duo, bsn, duo_simulator):
    winterswijk_duo.roep_aan("pip", "POST", PIP, _pip(TODAY - timedelta(days=20)), bsn=bsn)
    duo_simulator.start_termijn(bsn, TODAY - timedelta(days=19), einddatum=TODAY - timedelta(days=2))
    pad, datum = "/personen/{bsn}/map", (TODAY - timedelta(days=1)).isoformat()

    weigering = _weigering(
        lambda: winterswijk_duo.roep_aan("map_pvt_zroute", "PUT", pad, {"datumEindgesprekMap": datum}, bsn=bsn)
    )
    winterswijk_duo.roep_aan("map_pvt_zroute", "PUT", pad, {"datumEindgesprekMap": datum, "verwijtbaar": "Ja"}, bsn=bsn)

    assert weigering.fouten == ["Bij een overschrijding van de inburgeringstermijn moet 'Verwijtbaar' worden geleverd."]
    assert winterswijk_duo.raadpleeg("map_pvt_zroute", pad, bsn=bsn) == {"datumEindgesprekMap": datum}


def test_a_storing_answers_503_until_it_ends(winterswijk_duo, bsn, duo_simulator):
    duo_simulator.storing(503)
    with pytest.raises(DuoOnbereikbaar):
        winterswijk_duo.raadpleeg("inburgeringsplicht", PLICHT, bsn=bsn)

    duo_simulator.storing(None)

    assert winterswijk_duo.raadpleeg("inburgeringsplicht", PLICHT, bsn=bsn)["indicatorInburgeringsplicht"]
    assert [v.status for v in duo_simulator.ontvangen] == [503, 200]


@pytest.mark.parametrize(
    ("headers", "inhoud"),
    [
        ({}, {"dagtekeningPip": "2026-11-24", "leerroute": "X"}),  # not a leerroute
        ({"berichtId": "geen-uuid"}, {"dagtekeningPip": "2026-11-24", "leerroute": "B"}),
        ({"doel": voorbeeld_oin("GM0197")}, {"dagtekeningPip": "2026-11-24", "leerroute": "B"}),  # not DUO
    ],
)
def test_a_request_against_the_spec_is_answered_400(duo_simulator, duo_pki, bsn, settings, headers, inhoud):
    alle_headers = {"bron": WINTERSWIJK.oin, "doel": settings.DUO_OIN, "berichtId": str(uuid.uuid4()), **headers}

    antwoord = requests.post(
        f"{duo_simulator.url}/v1/personen/{bsn}/PIP",
        data=json.dumps(inhoud),
        headers={**alle_headers, "Content-Type": "application/json"},
        cert=(str(duo_pki.app_client_cert), str(duo_pki.app_client_key)),
        verify=str(duo_pki.ca_cert),
        timeout=5,
    )

    assert antwoord.status_code == 400
    assert antwoord.headers["API-Version"] == "1.2.0"
    assert duo_simulator.ontvangen[-1].contractfout
    assert duo_simulator.personen[bsn].pip is None
    duo_simulator.ontvangen.clear()  # the breach was the point (duo_contract_schoon)


def test_a_notification_goes_to_the_gemeente_over_mutual_tls_with_duos_certificate(duo_simulator, duo_pki, vandaag):
    ontvangen = []

    def gemeente(environ, start_response):
        inhoud = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        ontvangen.append((environ, json.loads(inhoud)))
        start_response("201 Created", [("API-Version", "1.8.0")])
        return [b""]

    server = MtlsServer(
        gemeente, certfile=duo_pki.app_server_cert, keyfile=duo_pki.app_server_key, cafile=duo_pki.ca_cert
    )
    duo_simulator.notificatie_url = f"{server.start()}/duo-m2m/v1/notificaties"
    try:
        bsn = duo_simulator.nieuwe_inburgeringsplichtige(WINTERSWIJK.oin)
        status = duo_simulator.start_termijn(bsn)
    finally:
        server.stop()

    environ, body = ontvangen[-1]
    assert status == 201
    assert [b["gebeurtenisId"] for _, b in ontvangen] == ["SS139", "SS102"]
    assert body["bsn"] == bsn
    assert (environ["HTTP_BRON"], environ["HTTP_DOEL"]) == (duo_simulator.duo_oin, WINTERSWIJK.oin)
    assert uuid.UUID(environ["HTTP_BERICHTID"])
    assert environ["SSL_CLIENT_CERT"].strip() == duo_pki.duo_client_cert.read_text().strip()
    assert datetime.fromisoformat(body["registratieDatumTijd"]).date() == vandaag


def test_after_a_move_the_previous_gemeente_sees_the_person_for_a_month(duo_simulator, bsn, vandaag):
    winterswijk, aalten = DuoClient(WINTERSWIJK), DuoClient(AALTEN)
    winterswijk.roep_aan("pip", "POST", PIP, _pip(), bsn=bsn)
    duo_simulator.verhuis(bsn, AALTEN.oin)
    assert duo_simulator.notificaties[-1].gebeurtenis_id == "SS121"
    aalten.roep_aan("pip", "POST", PIP, _pip(), bsn=bsn)

    assert winterswijk.raadpleeg("pip", PIP, bsn=bsn)["gemeentecode"] == "0197"
    with time_machine.travel(TODAY + timedelta(days=40)):
        assert _weigering(lambda: winterswijk.raadpleeg("pip", PIP, bsn=bsn)).status == 403


def test_the_command_makes_a_new_inburgeringsplichtige_arrive(duo_simulator, duo_pki, capsys):
    call_command(
        "duo_simulator", "nieuw", "--gemeente", WINTERSWIJK.oin, "--url", duo_simulator.url, "--pki-map", duo_pki.map
    )

    (bsn,) = duo_simulator.personen
    assert duo_simulator.personen[bsn].gemeente_oin == WINTERSWIJK.oin
    assert f"BSN {bsn}: SS139" in capsys.readouterr().out


def test_our_endpoint_takes_duos_notification_over_mutual_tls(duo_simulator, app_notificatie_server, achterhoek):
    bsn = duo_simulator.nieuwe_inburgeringsplichtige(achterhoek.gemeenten["Winterswijk"].oin)

    assert duo_simulator.notificaties[-1].status == 201
    notificatie = Notificatie.objects.get(bsn=bsn)
    assert (notificatie.gebeurtenis_id, notificatie.gemeente) == ("SS139", achterhoek.gemeenten["Winterswijk"])
    assert str(notificatie.bericht_id) == duo_simulator.notificaties[-1].bericht_id
