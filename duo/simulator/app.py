"""The simulator's WSGI application: DUO's APIs under /v1 (README "Basis pad URI") and the control surface under
/_simulator/ (beheer.py). Every request is checked against its spec (a breach: 400), a write whose berichtId was
seen is answered as the first time, and every answer carries the API-Version header and only the body the spec
documents for its status."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from duo import contract

from . import beheer, regels
from .operaties import OPERATIES, Aanroep, Weigering
from .staat import Verzoek

if TYPE_CHECKING:
    from .simulator import DuoSimulator

BASISPAD = "/v1"
REDENEN = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
NIET_RELEVANT = "De persoon is niet relevant voor uw gemeente."


@cache
def _operatie(api: str, sjabloon: str, methode: str) -> dict:
    return contract._document(api)["paths"][sjabloon][methode.lower()]


@cache
def _parameter_patroon(sjabloon: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\\{([^}]+)\\\}", r"(?P<\1>[^/]+)", re.escape(sjabloon)) + "$")


def _inhoud_voor(api: str, sjabloon: str, methode: str, status: int, fouten: list[str]) -> object:
    """The body of a refusal or an error answer: DUO's Foutmelding (a list or one) where the spec documents one."""
    antwoord = _operatie(api, sjabloon, methode)["responses"].get(str(status), {})
    schema = antwoord.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return None
    meldingen = [{"fouttekst": tekst[:200]} for tekst in fouten or ["Service niet beschikbaar"]]
    return meldingen if schema.get("type") == "array" else meldingen[0]


def _headers(environ) -> dict:
    """The request headers as sent (bron, doel, berichtId, content-type)."""
    namen = {"HTTP_BERICHTID": "berichtId", "CONTENT_TYPE": "Content-Type"}
    headers = {}
    for sleutel, waarde in environ.items():
        if sleutel in namen:
            headers[namen[sleutel]] = waarde
        elif sleutel.startswith("HTTP_"):
            headers[sleutel[5:].replace("_", "-").lower()] = waarde
    return headers


def _lees(environ) -> bytes:
    try:
        lengte = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        lengte = 0
    return environ["wsgi.input"].read(lengte) if lengte > 0 else b""


def wsgi(sim: DuoSimulator, environ, start_response):
    if environ.get("PATH_INFO", "").startswith("/_simulator/"):
        return beheer.wsgi(sim, environ, start_response)
    ruw = _lees(environ)
    try:
        inhoud = json.loads(ruw) if ruw else None
    except ValueError:
        inhoud = None
    verzoek = Verzoek(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""), None, None, _headers(environ), inhoud)
    query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    with sim.lock:
        status, headers, body = _beantwoord(sim, verzoek, ruw, query)
        verzoek.status = status
        sim.ontvangen.append(verzoek)
    start_response(f"{status} {REDENEN.get(status, 'Status')}", headers)
    return [body]


def _beantwoord(sim: DuoSimulator, verzoek: Verzoek, ruw: bytes, query: dict) -> tuple[int, list, bytes]:
    methode, headers = verzoek.methode, verzoek.headers
    pad = verzoek.pad[len(BASISPAD) :] if verzoek.pad.startswith(BASISPAD + "/") else None
    gevonden = contract.api_voor(methode, pad) if pad else None
    if gevonden is None or _operatie(*gevonden, methode).get("operationId") not in OPERATIES:
        return 404, [], b""  # not an operation DUO serves (the Notificatie API is the gemeente's)
    api, sjabloon = gevonden
    verzoek.api, verzoek.operatie = api, _operatie(api, sjabloon, methode)["operationId"]
    if sim.storing_status is not None:
        return _antwoord(sim, verzoek, api, sjabloon, sim.storing_status, None, ruw, controleer=False)
    try:
        contract.controleer_verzoek(api, methode, pad, headers, ruw or None, query)
        if headers.get("doel") != sim.duo_oin:
            raise contract.ContractFout("De header doel is niet het OIN van DUO.")
    except contract.ContractFout as fout:
        verzoek.contractfout = str(fout)
        return _antwoord(sim, verzoek, api, sjabloon, 400, None, ruw, controleer=False)
    bericht_id = headers.get("berichtId")
    if methode != "GET" and bericht_id in sim.antwoorden:
        verzoek.herhaald = True
        status, antwoord_headers, body, fouten = sim.antwoorden[bericht_id]
        verzoek.fouten = fouten
        return status, antwoord_headers, body
    status, gegevens = _voer_uit(sim, verzoek, api, sjabloon, pad)
    antwoord = _antwoord(sim, verzoek, api, sjabloon, status, gegevens, ruw)
    if methode != "GET":
        sim.antwoorden[bericht_id] = (*antwoord, verzoek.fouten)
    return antwoord


def _voer_uit(sim: DuoSimulator, verzoek: Verzoek, api: str, sjabloon: str, pad: str) -> tuple[int, object]:
    bron = verzoek.headers.get("bron", "")
    gemeentecode = sim.gemeenten.get(bron)
    parameters = _parameter_patroon(sjabloon).match(pad).groupdict()
    try:
        persoon = None
        if "bsn" in parameters:
            persoon = sim.personen.get(parameters["bsn"])
            if persoon is None:
                raise Weigering(404)
            if not regels.relevant(persoon, bron, gemeentecode, sim.vandaag()):
                raise Weigering(403, [NIET_RELEVANT])
        aanroep = Aanroep(sim, bron, gemeentecode, parameters, verzoek.inhoud, persoon, sim.vandaag())
        return OPERATIES[verzoek.operatie](aanroep)
    except Weigering as weigering:
        verzoek.fouten = weigering.fouten
        return weigering.status, None


def _antwoord(sim, verzoek, api, sjabloon, status, gegevens, ruw, *, controleer=True) -> tuple[int, list, bytes]:
    if gegevens is None and status >= 400:
        gegevens = _inhoud_voor(api, sjabloon, verzoek.methode, status, verzoek.fouten)
    body = contract.json_bytes(gegevens) if gegevens is not None else b""
    headers = [("API-Version", contract.versie(api))]
    bericht_id = verzoek.headers.get("berichtId")
    if bericht_id:
        headers.append(("berichtId", bericht_id))  # "In het antwoordbericht wordt hetzelfde berichtId teruggegeven"
    if body:
        headers.append(("Content-Type", "application/json"))
    if controleer:
        try:
            contract.controleer_antwoord(
                api, verzoek.methode, verzoek.pad[len(BASISPAD) :], verzoek.headers, status, dict(headers), body, ruw
            )
        except contract.ContractFout as fout:
            verzoek.antwoordfout = str(fout)
    return status, headers, body
