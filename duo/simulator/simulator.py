"""DuoSimulator: DUO's side of the exchange with state, for the tests and the demo (issue 14, point 5)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import threading

from duo.pki import Pki
from duo.tls import MtlsServer

from . import app
from .gebeurtenissen import Gebeurtenissen
from .staat import INSTELLINGEN, Persoon, Verzoek, VerzondenNotificatie


class DuoSimulator(Gebeurtenissen):
    """In-memory DUO. `.wsgi_app` serves every operation of the vendored specs under /v1; `.start()` serves it over
    mutual TLS (DUO's server certificate; client certificates of pki.ca_cert). `.gemeente(oin, gemeentecode)`
    registers a gemeente; `.personen[bsn]` is DUO's registration of a person (Persoon); `.ontvangen` logs every
    request (Verzoek); `.notificaties` every notification sent; `.storing(503)` answers everything with 503 until
    `.storing(None)`. The events (Gebeurtenissen) change the state and notify `notificatie_url`."""

    def __init__(self, *, duo_oin: str, pki: Pki | None = None, notificatie_url: str | None = None, seed=None):
        self.duo_oin = duo_oin
        self.pki = pki
        self.notificatie_url = notificatie_url
        self.lock = threading.RLock()
        self.rng = random.Random(seed)
        self.gemeenten: dict[str, str] = {}  # OIN → gemeentecode (4 digits)
        self.gemeentenamen: dict[str, str] = {}  # OIN → naam, for the commands
        self.personen: dict[str, Persoon] = {}
        self.contactpersonen: dict[int, dict] = {}  # id → Contactpersoongegevens
        self.contactpersoon_eigenaar: dict[int, str] = {}  # id → OIN of the gemeente
        self.instellingen: list[dict] = [dict(i) for i in INSTELLINGEN]
        self.ontvangen: list[Verzoek] = []
        self.notificaties: list[VerzondenNotificatie] = []
        self.antwoorden: dict[str, tuple] = {}  # berichtId of a write → its answer
        self.storing_status: int | None = None
        self._ids = itertools.count(1)
        self._examennummers = itertools.count(1)
        self._server: MtlsServer | None = None

    def vandaag(self) -> dt.date:
        """DUO's "today" for its rules: the (possibly frozen) clock of the process."""
        return dt.date.today()

    def gemeente(self, oin: str, gemeentecode: str, naam: str | None = None) -> None:
        self.gemeenten[oin] = gemeentecode
        if naam:
            self.gemeentenamen[oin] = naam

    def storing(self, status: int | None) -> None:
        """While set, every request to the APIs is answered with this status (503: gepland onderhoud)."""
        self.storing_status = status

    def nieuw_contactpersoon_id(self) -> int:
        return next(self._ids)

    def nieuw_examennummer(self) -> str:
        return f"LBT{next(self._examennummers):09d}"

    def wsgi_app(self, environ, start_response):
        return app.wsgi(self, environ, start_response)

    # --- serving ----------------------------------------------------------------------------------------------
    def server(self, host: str = "127.0.0.1", port: int = 0) -> MtlsServer:
        if self.pki is None:
            raise ValueError("De simulator heeft een PKI nodig om over mutual TLS te serveren")
        self._server = MtlsServer(
            self.wsgi_app,
            host,
            port,
            certfile=self.pki.duo_server_cert,
            keyfile=self.pki.duo_server_key,
            cafile=self.pki.ca_cert,
        )
        return self._server

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve in a background thread; returns the base URL (without /v1)."""
        return self.server(host, port).start()

    @property
    def url(self) -> str | None:
        return self._server.url if self._server else None

    def stop(self) -> None:
        """Stop serving: DUO is unreachable (connection refused) until started again."""
        if self._server is not None:
            self._server.stop()
            self._server = None
