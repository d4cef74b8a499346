"""The gemeente's client of DUO's APIs: mutual TLS with our PKIoverheid certificate, the bron/doel/berichtId
headers every operation requires, time-outs, and every request and answer checked against DUO's openapi.yml.

Retrying is not done here: a connection error or a 5xx raises DuoOnbereikbaar and the caller (the outbox, the
inbox) tries again later with backoff, with the same berichtId. Exceptions and their texts never carry a BSN."""

import json
import uuid
from dataclasses import dataclass

import requests
from django.conf import settings

from . import contract


class DuoFout(Exception):
    """Base of the errors of a call to DUO; str() never holds a BSN."""


class DuoNietGeconfigureerd(DuoFout):
    """No DUO_API_URL, or the gemeente has no OIN: nothing can be sent yet (the caller keeps it waiting)."""


class DuoOnbereikbaar(DuoFout):
    """A connection error, a time-out or a 5xx (503: maintenance): worth trying again later."""


@dataclass
class DuoWeigering(DuoFout):
    """DUO answered 4xx: the request was refused. `fouten` holds DUO's fouttekst(en), when it gave any."""

    status: int
    fouten: list[str]

    def __str__(self):
        return f"DUO weigerde ({self.status}): " + ("; ".join(self.fouten) or "zonder toelichting")


@dataclass
class Antwoord:
    status: int
    gegevens: object  # the JSON body, None without one
    headers: dict


def nieuw_bericht_id() -> str:
    return str(uuid.uuid4())


class DuoClient:
    """One gemeente's calls to DUO. `sessie` may be given (tests, the simulator's own CA); by default a
    requests.Session with the certificates of the settings."""

    def __init__(self, gemeente, *, sessie: requests.Session | None = None, basis_url: str | None = None):
        self.gemeente = gemeente
        self.basis_url = (basis_url if basis_url is not None else settings.DUO_API_URL).rstrip("/")
        if not self.basis_url or not gemeente.oin:
            raise DuoNietGeconfigureerd(
                "Geen DUO_API_URL ingesteld" if not self.basis_url else f"Gemeente {gemeente.naam} heeft geen OIN"
            )
        self.sessie = sessie or self._sessie()

    @staticmethod
    def _sessie() -> requests.Session:
        sessie = requests.Session()
        if settings.DUO_CLIENT_CERT:
            sessie.cert = (settings.DUO_CLIENT_CERT, settings.DUO_CLIENT_KEY or None)
        if settings.DUO_CA_BUNDLE:
            sessie.verify = settings.DUO_CA_BUNDLE
        return sessie

    def headers(self, bericht_id: str | None = None) -> dict:
        return {"bron": self.gemeente.oin, "doel": settings.DUO_OIN, "berichtId": bericht_id or nieuw_bericht_id()}

    def raadpleeg(self, api: str, pad: str, **parameters) -> object | None:
        """GET `pad` (a template such as /personen/{bsn}/inburgeringsplicht): DUO's JSON, or None on 404."""
        try:
            return self.roep_aan(api, "GET", pad, **parameters).gegevens
        except DuoWeigering as weigering:
            if weigering.status == 404:
                return None
            raise

    def roep_aan(
        self, api: str, methode: str, pad: str, inhoud=None, *, bericht_id: str | None = None, **parameters
    ) -> Antwoord:
        """Call DUO. Returns the answer of a 2xx; raises DuoWeigering (4xx), DuoOnbereikbaar (no connection,
        time-out, 5xx) or contract.ContractFout (our request or DUO's answer does not match the openapi.yml)."""
        ingevuld = pad.format(**parameters)
        headers = self.headers(bericht_id)
        data = contract.json_bytes(inhoud) if inhoud is not None else None
        contract.controleer_verzoek(api, methode, ingevuld, headers, data)
        if data is not None:
            headers["Content-Type"] = "application/json"
        try:
            antwoord = self.sessie.request(
                methode,
                f"{self.basis_url}{contract.basispad(api)}{ingevuld}",
                headers=headers,
                data=data,
                timeout=settings.DUO_TIMEOUT,
                # explicit: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a session's own CA
                verify=self.sessie.verify,
                cert=self.sessie.cert,
            )
        except requests.RequestException as exc:
            # requests' message names the URL, which holds the BSN: only the kind of failure is kept.
            raise DuoOnbereikbaar(f"{type(exc).__name__}: geen verbinding met DUO") from None
        if antwoord.status_code >= 500:
            raise DuoOnbereikbaar(f"DUO antwoordde {antwoord.status_code}")
        contract.controleer_antwoord(
            api, methode, ingevuld, headers, antwoord.status_code, dict(antwoord.headers), antwoord.content, data
        )
        gegevens = json.loads(antwoord.content) if antwoord.content else None
        if antwoord.status_code >= 400:
            raise DuoWeigering(antwoord.status_code, _foutteksten(gegevens))
        return Antwoord(antwoord.status_code, gegevens, dict(antwoord.headers))


def _foutteksten(gegevens) -> list[str]:
    """DUO's Foutmelding is {"fouttekst": ...}, on its own or as a list."""
    items = gegevens if isinstance(gegevens, list) else [gegevens] if isinstance(gegevens, dict) else []
    return [str(item["fouttekst"]) for item in items if isinstance(item, dict) and item.get("fouttekst")]
