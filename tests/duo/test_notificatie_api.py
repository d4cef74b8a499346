"""The Notificatie API (POST /duo-m2m/v1/notificaties) as API/Notificatie/openapi.yml says: DUO's verified client
certificate, the bron/doel/berichtId headers, the Notificatie body; 201/400/401/403/500/503 with API-Version; the
notification stored before 201 and queued once; refusals logged without the BSN.

In-process through Django's test client, with the verified certificate in environ["SSL_CLIENT_CERT"] as the
mutual-TLS server (duo.tls.MtlsServer, mod_ssl) sets it; the last tests go over real mutual TLS."""

import datetime as dt
import json
import logging
import threading
import uuid
from urllib.parse import quote

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings as django_settings
from django.db import OperationalError
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerFout

from duo import tasks, verwerking
from duo.models import Notificatie
from duo.mtls import oin_uit_certificaat
from partners.achterhoek import voorbeeld_oin

pytestmark = pytest.mark.django_db

URL = "/duo-m2m/v1/notificaties"
BSN = "999990019"
VERSIE = "1.8.0"
DUO_OIN = django_settings.DUO_OIN


@pytest.fixture
def wachtrij(monkeypatch):
    """What was queued for processing (nothing reaches a broker)."""
    gezet = []
    monkeypatch.setattr(tasks.verwerk_notificatie, "delay", gezet.append)
    return gezet


@pytest.fixture
def duo_cert(duo_pki):
    return duo_pki.duo_client_cert.read_text()


@pytest.fixture
def post(client, duo_cert, aalten, django_capture_on_commit_callbacks):
    def post(body=None, *, cert=duo_cert, bron=DUO_OIN, doel=None, bericht_id=None, inhoud=None, **extra):
        headers = {"bron": bron, "doel": doel or aalten.oin, "berichtId": bericht_id or str(uuid.uuid4())}
        headers = {k: v for k, v in headers.items() if v is not None}
        if body is None:
            body = {"registratieDatumTijd": "2026-11-24T09:30:00+01:00", "gebeurtenisId": "SS139", "bsn": BSN}
        if cert:
            extra["SSL_CLIENT_CERT"] = cert
        extra.setdefault("content_type", "application/json")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, inhoud if inhoud is not None else json.dumps(body), headers=headers, **extra)

    return post


def test_url_naam():
    assert reverse("duo_api:notificaties") == URL


def test_opgeslagen_en_eenmaal_in_de_wachtrij(post, wachtrij, aalten):
    bericht_id = str(uuid.uuid4())
    antwoord = post(bericht_id=bericht_id)
    assert antwoord.status_code == 201
    assert antwoord["API-Version"] == VERSIE
    assert antwoord.content == b"" and not antwoord.has_header("Content-Type")
    notificatie = Notificatie.objects.get()
    assert (notificatie.gemeente, notificatie.gebeurtenis_id, notificatie.bsn) == (aalten, "SS139", BSN)
    assert str(notificatie.bericht_id) == bericht_id and notificatie.status == "ontvangen"
    assert notificatie.registratie_datum_tijd.isoformat() == "2026-11-24T08:30:00+00:00"
    assert wachtrij == [notificatie.pk]

    opnieuw = post(bericht_id=bericht_id)  # DUO did not see the first answer and sends again
    assert opnieuw.status_code == 201 and opnieuw["API-Version"] == VERSIE
    assert Notificatie.objects.count() == 1
    assert wachtrij == [notificatie.pk]


def test_broker_weg_toch_201(post, monkeypatch, caplog):
    """Redis down: the notification is stored and DUO gets its 201; the beat task processes it later."""

    def weg(*args):
        raise BrokerFout("Error 111 connecting to redis")

    monkeypatch.setattr(tasks.verwerk_notificatie, "delay", weg)
    with caplog.at_level(logging.WARNING, logger="duo"):
        assert post().status_code == 201
    assert Notificatie.objects.get().status == "ontvangen"
    assert "niet in de wachtrij" in caplog.text


GOED = {"registratieDatumTijd": "2026-11-24T09:30:00Z", "gebeurtenisId": "SS139", "bsn": BSN}


def _diep(n):
    return {**GOED, "extra": json.loads("[" * n + "]" * n)}


@pytest.mark.parametrize(
    "body",
    [
        {**GOED, "gebeurtenisId": "ss139"},
        {**GOED, "gebeurtenisId": "SS13900"},
        {**GOED, "gebeurtenisId": "SS139\n"},  # Python's $ allows a trailing newline, ECMA-262's does not
        {**GOED, "gebeurtenisId": ""},
        {**GOED, "bsn": BSN[:8]},
        {**GOED, "bsn": BSN + "0"},
        {**GOED, "bsn": "١٢٣٤٥٦٧٨٩"},  # \d of the spec is ASCII
        {**GOED, "bsn": 999990019},
        {**GOED, "registratieDatumTijd": "2026-11-24"},
        {**GOED, "registratieDatumTijd": "2026-11-24T09:30:00"},  # no offset
        {**GOED, "registratieDatumTijd": "2026-02-30T09:30:00Z"},
        {**GOED, "registratieDatumTijd": "gisteren"},
        {**GOED, "vNummer": True},
        {**GOED, "vNummer": -1},
        {**GOED, "vNummer": 10_000_000_000},
        {"registratieDatumTijd": "2026-11-24T09:30:00Z", "bsn": BSN},
        {"gebeurtenisId": "SS139", "bsn": BSN},
        [GOED],
        "SS139",
        _diep(40),
    ],
)
def test_400_voor_een_andere_vorm(post, wachtrij, body):
    antwoord = post(body)
    assert antwoord.status_code == 400
    assert antwoord["API-Version"] == VERSIE
    assert not Notificatie.objects.exists() and wachtrij == []


@pytest.mark.parametrize(
    "inhoud, content_type",
    [
        (b"{niet json", "application/json"),
        (b'{"registratieDatumTijd": NaN}', "application/json"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json"),
        (b"\xff\xfe", "application/json"),
        (json.dumps(GOED).encode(), "text/plain"),
        (b"", "application/json"),
    ],
)
def test_400_voor_geen_json(post, wachtrij, inhoud, content_type):
    antwoord = post(inhoud=inhoud, content_type=content_type)
    assert antwoord.status_code == 400 and antwoord["API-Version"] == VERSIE
    assert not Notificatie.objects.exists()


@pytest.mark.parametrize(
    "kop",
    [{"bericht_id": "geen-uuid"}, {"bericht_id": uuid.uuid4().hex}, {"bron": DUO_OIN[:19]}, {"doel": "1" * 21}],
)
def test_400_voor_ongeldige_headers(post, wachtrij, kop):
    assert post(**kop).status_code == 400


def test_400_zonder_verplichte_header(client, duo_cert, aalten, wachtrij):
    headers = {"bron": DUO_OIN, "doel": aalten.oin}  # no berichtId
    antwoord = client.post(
        URL, json.dumps(GOED), content_type="application/json", headers=headers, SSL_CLIENT_CERT=duo_cert
    )
    assert antwoord.status_code == 400 and antwoord["API-Version"] == VERSIE


def test_extra_eigenschappen_mogen(post, wachtrij):
    """The spec's Notificatie does not forbid other properties: they are accepted and ignored."""
    assert post({**GOED, "toelichting": {"soort": "test"}}).status_code == 201


@pytest.mark.parametrize(
    "cert", [None, "geen certificaat", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"]
)
def test_401_zonder_geverifieerd_certificaat(post, wachtrij, cert):
    antwoord = post(cert=cert)
    assert antwoord.status_code == 401 and antwoord["API-Version"] == VERSIE
    assert not Notificatie.objects.exists()


def test_403_certificaat_van_een_ander(post, wachtrij, duo_pki):
    antwoord = post(cert=duo_pki.verkeerd_oin_client_cert.read_text())
    assert antwoord.status_code == 403 and antwoord["API-Version"] == VERSIE
    assert not Notificatie.objects.exists()


def test_403_bron_niet_duo(post, wachtrij):
    assert post(bron="00000001999999999000").status_code == 403
    assert not Notificatie.objects.exists()


def test_403_doel_geen_gemeente_van_deze_installatie(post, wachtrij, settings):
    antwoord = post(doel="00000001234567890000")
    assert antwoord.status_code == 403 and antwoord["API-Version"] == VERSIE
    assert not Notificatie.objects.exists()


def test_405_andere_methode(client, duo_cert):
    antwoord = client.get(URL, SSL_CLIENT_CERT=duo_cert)
    assert antwoord.status_code == 405 and antwoord["Allow"] == "POST" and antwoord["API-Version"] == VERSIE


def test_weigeringen_gelogd_zonder_bsn(post, wachtrij, duo_pki, caplog):
    with caplog.at_level(logging.DEBUG):
        antwoorden = [
            post({**GOED, "registratieDatumTijd": "gisteren"}),
            post({**GOED, "bsn": BSN + "1"}),
            post({**GOED, "gebeurtenisId": BSN}),
            post(doel="00000001234567890000"),
            post(cert=duo_pki.verkeerd_oin_client_cert.read_text()),
            post(cert=None),
        ]
    assert [a.status_code for a in antwoorden] == [400, 400, 400, 403, 403, 401]
    assert caplog.text.count("DUO-notificatie geweigerd") == 6
    assert BSN not in caplog.text
    assert all(BSN.encode() not in a.content for a in antwoorden)


def test_503_als_de_database_weg_is(post, monkeypatch):
    def weg(**kwargs):
        raise OperationalError(f"connection refused bij het opslaan van {BSN}")

    monkeypatch.setattr(verwerking, "ontvang", weg)
    antwoord = post()
    assert antwoord.status_code == 503 and antwoord["API-Version"] == VERSIE
    assert antwoord.json() == {"fouttekst": "De notificatie kan nu niet worden opgeslagen; probeer het later opnieuw."}


def test_500_bij_een_onverwachte_fout(post, monkeypatch, caplog):
    def stuk(**kwargs):
        raise RuntimeError(f"stuk bij {BSN}")

    monkeypatch.setattr(verwerking, "ontvang", stuk)
    antwoord = post()
    assert antwoord.status_code == 500 and antwoord["API-Version"] == VERSIE and antwoord.content == b""
    assert "onverwachte fout RuntimeError" in caplog.text and BSN not in caplog.text


# --- The certificate from the reverse proxy (nginx $ssl_client_escaped_cert / $ssl_client_verify) ---------------


@pytest.fixture
def achter_proxy(settings):
    settings.DUO_PROXY_CERT_HEADER = "HTTP_X_SSL_CLIENT_CERT"
    settings.DUO_PROXY_VERIFY_HEADER = "HTTP_X_SSL_CLIENT_VERIFY"


def test_certificaat_van_de_proxy(post, wachtrij, achter_proxy, duo_cert):
    antwoord = post(cert=None, HTTP_X_SSL_CLIENT_CERT=quote(duo_cert), HTTP_X_SSL_CLIENT_VERIFY="SUCCESS")
    assert antwoord.status_code == 201


def test_proxy_certificaat_niet_geverifieerd(post, wachtrij, achter_proxy, duo_cert):
    antwoord = post(cert=None, HTTP_X_SSL_CLIENT_CERT=quote(duo_cert), HTTP_X_SSL_CLIENT_VERIFY="FAILED:unknown CA")
    assert antwoord.status_code == 401


def test_proxy_headers_niet_vertrouwd_zonder_instelling(post, wachtrij, duo_cert):
    """Without a proxy configured, a client that sets the headers itself is not believed."""
    antwoord = post(cert=None, HTTP_X_SSL_CLIENT_CERT=quote(duo_cert), HTTP_X_SSL_CLIENT_VERIFY="SUCCESS")
    assert antwoord.status_code == 401


def _certificaat(serienummer: str | None) -> x509.Certificate:
    sleutel = ec.generate_private_key(ec.SECP256R1())
    attributen = [x509.NameAttribute(NameOID.COMMON_NAME, "DUO")]
    if serienummer is not None:
        attributen.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serienummer))
    naam = x509.Name(attributen)
    return x509.CertificateBuilder(
        naam, naam, sleutel.public_key(), 1, dt.datetime(2020, 1, 1), dt.datetime(2099, 1, 1)
    ).sign(sleutel, hashes.SHA256())


@pytest.mark.parametrize(
    "serienummer, oin",
    [(DUO_OIN, DUO_OIN), (f"OIN:{DUO_OIN}", DUO_OIN), (f"oin-{DUO_OIN}", DUO_OIN), ("123456789", None), (None, None)],
)
def test_oin_uit_certificaat(serienummer, oin):
    assert oin_uit_certificaat(_certificaat(serienummer)) == oin


def test_oin_uit_het_certificaat_van_duo(duo_pki):
    assert oin_uit_certificaat(x509.load_pem_x509_certificate(duo_pki.duo_client_cert.read_bytes())) == DUO_OIN


# --- Over real mutual TLS: our app behind duo.tls.MtlsServer, DUO's client certificate ------------------------


@pytest.fixture
def tls_post(app_notificatie_server, duo_pki, wachtrij):
    def post(cert, key, *, bericht_id=None, doel=None):
        return requests.post(
            f"{app_notificatie_server.url}{URL}",
            data=json.dumps(GOED),
            headers={
                "bron": DUO_OIN,
                "doel": doel or voorbeeld_oin("GM0197"),
                "berichtId": bericht_id or str(uuid.uuid4()),
                "Content-Type": "application/json",
            },
            cert=(str(cert), str(key)),
            verify=str(duo_pki.ca_cert),
            timeout=10,
        )

    return post


@pytest.mark.django_db(transaction=True)
def test_over_mtls(tls_post, achterhoek, duo_pki):
    bericht_id = str(uuid.uuid4())
    antwoorden = []

    def stuur():
        antwoorden.append(tls_post(duo_pki.duo_client_cert, duo_pki.duo_client_key, bericht_id=bericht_id).status_code)

    draden = [threading.Thread(target=stuur) for _ in range(5)]  # the same message five times at once
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert antwoorden == [201] * 5
    assert Notificatie.objects.filter(bericht_id=bericht_id).count() == 1

    antwoord = tls_post(duo_pki.verkeerd_oin_client_cert, duo_pki.verkeerd_oin_client_key)
    assert antwoord.status_code == 403 and antwoord.headers["API-Version"] == VERSIE
    with pytest.raises(requests.exceptions.SSLError):  # another CA: the handshake fails, no HTTP at all
        tls_post(duo_pki.vreemd_client_cert, duo_pki.vreemd_client_key)
    assert Notificatie.objects.count() == 1
