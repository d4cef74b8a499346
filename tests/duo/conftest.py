"""Fixtures of the DUO exchange: a test PKI, a running DUO simulator over mutual TLS, our Notificatie endpoint over
mutual TLS, and a check that nothing any test sent to the simulator broke DUO's specs."""

import pytest
from django.conf import settings as django_settings

from duo.pki import maak_pki
from duo.simulator import DuoSimulator
from duo.tls import MtlsServer, django_app
from partners.achterhoek import GEMEENTEN, voorbeeld_oin
from tests.referentiedata import laad as laad_referentiedata


def _transactioneel(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactie = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    return bool(transactie) or "transactional_db" in item.fixturenames


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (our endpoint over mutual TLS, a real worker) ends with a flush of all tables, which also
    removes the reference data of the data migrations: put it back for the tests that follow (tests/referentiedata)."""
    result = yield
    if nextitem is not None and _transactioneel(item):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            laad_referentiedata()
            connections.close_all()
    return result


@pytest.fixture(scope="session")
def duo_pki(tmp_path_factory):
    """The test CA with DUO's and our certificates (duo.pki.Pki); our client certificate has Aalten's OIN."""
    return maak_pki(
        tmp_path_factory.mktemp("duo-pki"),
        gemeente_oins=[voorbeeld_oin(code) for _, code, _ in GEMEENTEN],
        duo_oin=django_settings.DUO_OIN,
    )


@pytest.fixture
def duo_simulator(duo_pki, settings, monkeypatch):
    """A started DuoSimulator that knows the eight Achterhoek gemeenten (the OINs and gemeentecodes the `achterhoek`
    fixture gives them), with the settings of our DUO client pointed at it. Its notificatie_url is None: events only
    change DUO's state, unless the test also takes `app_notificatie_server`. Stopped after the test."""
    # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a Session's own `verify` (psf/requests#3829).
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    simulator = DuoSimulator(duo_oin=settings.DUO_OIN, pki=duo_pki)
    for naam, code, _ in GEMEENTEN:
        simulator.gemeente(voorbeeld_oin(code), code[2:], naam)
    settings.DUO_API_URL = simulator.start()
    settings.DUO_CLIENT_CERT = str(duo_pki.app_client_cert)
    settings.DUO_CLIENT_KEY = str(duo_pki.app_client_key)
    settings.DUO_CA_BUNDLE = str(duo_pki.ca_cert)
    yield simulator
    simulator.stop()


@pytest.fixture
def app_notificatie_server(duo_simulator, duo_pki, transactional_db):
    """Our own application (this process, the test database) served over mutual TLS with our server certificate,
    as nginx does in production; the simulator's notifications go to its /duo-m2m/v1/notificaties.

    The requests run in other threads, so the test is transactional (the fixture requests `transactional_db`):
    what the test writes is committed and visible to the server, and what the server writes to the test. It starts
    from what earlier tests committed, so the reference data an earlier flush removed is put back first."""
    laad_referentiedata()
    server = MtlsServer(
        django_app(),
        certfile=duo_pki.app_server_cert,
        keyfile=duo_pki.app_server_key,
        cafile=duo_pki.ca_cert,
    )
    server.start()
    duo_simulator.notificatie_url = f"{server.url}/duo-m2m/v1/notificaties"
    yield server
    duo_simulator.notificatie_url = None
    server.stop()


@pytest.fixture(autouse=True)
def duo_contract_schoon(request):
    """Fails a test whose requests to the simulator broke DUO's specs (or whose answers did: a simulator bug). A test
    that sends a breach on purpose empties `duo_simulator.ontvangen` after its assertions."""
    yield
    simulator = (request.node.funcargs or {}).get("duo_simulator")
    if simulator is None:
        return
    fouten = [
        f"{v.methode} {v.operatie}: {v.contractfout or v.antwoordfout}"
        for v in simulator.ontvangen
        if v.contractfout or v.antwoordfout
    ]
    if fouten:
        pytest.fail("Verzoeken aan de DUO-simulator in strijd met DUO's specificaties:\n" + "\n".join(fouten))
