"""The test PKI and the mutual-TLS server: the OIN where PKIoverheid puts it, and only certificates of the trusted CA
get a request through."""

import socket
import time

import pytest
import requests
from cryptography import x509
from cryptography.x509.oid import NameOID
from django.conf import settings

from duo.pki import VERKEERD_OIN, maak_pki
from duo.tls import MtlsServer
from partners.achterhoek import voorbeeld_oin


def _cert(pad) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pad.read_bytes())


def _oin(pad) -> str:
    return _cert(pad).subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value


def _echo(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [environ.get("SSL_CLIENT_CERT", "geen certificaat").encode()]


@pytest.fixture
def server(duo_pki, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    server = MtlsServer(_echo, certfile=duo_pki.duo_server_cert, keyfile=duo_pki.duo_server_key, cafile=duo_pki.ca_cert)
    server.start()
    yield server
    server.stop()


def _get(server, pki, cert=None, key=None, timeout=5):
    client = (str(cert), str(key)) if cert else None
    return requests.get(f"{server.url}/", cert=client, verify=str(pki.ca_cert), timeout=timeout)


def test_the_oin_is_the_subject_serial_number(duo_pki):
    assert _oin(duo_pki.duo_client_cert) == settings.DUO_OIN
    assert _oin(duo_pki.app_client_cert) == voorbeeld_oin("GM0197")  # Aalten, the first gemeente
    assert _oin(duo_pki.verkeerd_oin_client_cert) == VERKEERD_OIN
    assert _cert(duo_pki.verkeerd_oin_client_cert).issuer == _cert(duo_pki.ca_cert).subject
    assert _cert(duo_pki.vreemd_client_cert).issuer != _cert(duo_pki.ca_cert).subject
    san = _cert(duo_pki.duo_server_cert).extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]


def test_the_pki_reuses_its_files(tmp_path):
    eerste = maak_pki(tmp_path, duo_oin=settings.DUO_OIN)
    ca, client = eerste.ca_cert.read_bytes(), eerste.app_client_cert.read_bytes()
    tweede = maak_pki(tmp_path, duo_oin=settings.DUO_OIN)
    assert (tweede.ca_cert.read_bytes(), tweede.app_client_cert.read_bytes()) == (ca, client)


def test_the_verified_client_certificate_reaches_the_application(server, duo_pki):
    antwoord = _get(server, duo_pki, duo_pki.duo_client_cert, duo_pki.duo_client_key)

    assert antwoord.status_code == 200
    assert x509.load_pem_x509_certificate(antwoord.content) == _cert(duo_pki.duo_client_cert)


@pytest.mark.parametrize("soort", ["geen", "vreemd"])
def test_without_a_certificate_of_the_ca_the_handshake_fails(server, duo_pki, soort):
    cert = (duo_pki.vreemd_client_cert, duo_pki.vreemd_client_key) if soort == "vreemd" else (None, None)

    with pytest.raises((requests.exceptions.SSLError, requests.exceptions.ConnectionError)):
        _get(server, duo_pki, *cert)


def test_an_optional_client_certificate_may_be_absent_but_not_foreign(duo_pki, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    server = MtlsServer(
        _echo,
        certfile=duo_pki.app_server_cert,
        keyfile=duo_pki.app_server_key,
        cafile=duo_pki.ca_cert,
        client_cert_verplicht=False,
    )
    server.start()
    try:
        assert _get(server, duo_pki).text == "geen certificaat"
        with pytest.raises((requests.exceptions.SSLError, requests.exceptions.ConnectionError)):
            _get(server, duo_pki, duo_pki.vreemd_client_cert, duo_pki.vreemd_client_key)
    finally:
        server.stop()


def test_a_stalled_handshake_does_not_block_other_clients(server, duo_pki):
    with socket.create_connection(("127.0.0.1", server.port)):  # connects, never says hello
        begin = time.monotonic()
        antwoord = _get(server, duo_pki, duo_pki.app_client_cert, duo_pki.app_client_key, timeout=3)

    assert antwoord.status_code == 200
    assert time.monotonic() - begin < 2


def test_a_stopped_server_refuses_connections(duo_pki, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    server = MtlsServer(_echo, certfile=duo_pki.duo_server_cert, keyfile=duo_pki.duo_server_key, cafile=duo_pki.ca_cert)
    server.start()
    server.stop()

    with pytest.raises(requests.exceptions.ConnectionError):
        _get(server, duo_pki, duo_pki.app_client_cert, duo_pki.app_client_key)
