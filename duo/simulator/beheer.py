"""The simulator's control surface, under /_simulator/ on the same mutual-TLS server (not part of DUO's specs and
not checked against them): `manage.py duo_simulator` drives a running simulator through it.

    POST /_simulator/gebeurtenis/<naam>   JSON: the keyword arguments of the event method (dates as YYYY-MM-DD)
    POST /_simulator/storing              JSON: {"status": 503} or {"status": null}
    GET  /_simulator/ontvangen            what DUO received (without paths: they hold BSNs)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .simulator import DuoSimulator

GEBEURTENISSEN = {
    "nieuwe_inburgeringsplichtige",
    "start_termijn",
    "verleng_termijn",
    "leerbaarheidstoets_aangemeld",
    "leerbaarheidstoets_resultaat",
    "examenresultaat",
    "plicht_voldaan",
    "vrijstelling",
    "ontheffing",
    "plicht_ingetrokken",
    "overleden",
    "wijzig_doelgroep",
    "verhuis",
}
DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _json(start_response, status: int, gegevens) -> list[bytes]:
    body = json.dumps(gegevens, ensure_ascii=False).encode()
    start_response(f"{status} {'OK' if status < 400 else 'Fout'}", [("Content-Type", "application/json")])
    return [body]


def _argumenten(environ) -> dict:
    lengte = int(environ.get("CONTENT_LENGTH") or 0)
    gegevens = json.loads(environ["wsgi.input"].read(lengte)) if lengte else {}
    return {k: dt.date.fromisoformat(v) if isinstance(v, str) and DATUM.match(v) else v for k, v in gegevens.items()}


def ontvangen(sim: DuoSimulator) -> list[dict]:
    with sim.lock:
        return [
            {
                "tijd": v.tijd.isoformat(timespec="seconds"),
                "methode": v.methode,
                "api": v.api,
                "operatie": v.operatie,
                "status": v.status,
                "fouten": v.fouten,
                "contractfout": v.contractfout,
                "herhaald": v.herhaald,
            }
            for v in sim.ontvangen
        ]


def wsgi(sim: DuoSimulator, environ, start_response):
    methode, pad = environ["REQUEST_METHOD"], environ["PATH_INFO"][len("/_simulator/") :]
    try:
        if methode == "GET" and pad == "ontvangen":
            return _json(start_response, 200, ontvangen(sim))
        if methode == "POST" and pad == "storing":
            sim.storing(_argumenten(environ).get("status"))
            return _json(start_response, 200, {"storing": sim.storing_status})
        naam = pad.removeprefix("gebeurtenis/")
        if methode == "POST" and naam in GEBEURTENISSEN:
            verzonden = len(sim.notificaties)
            resultaat = getattr(sim, naam)(**_argumenten(environ))
            notificatie = sim.notificaties[verzonden] if len(sim.notificaties) > verzonden else None
            return _json(
                start_response,
                200,
                {
                    "resultaat": resultaat,
                    "gebeurtenis": notificatie and notificatie.gebeurtenis_id,
                    "status": notificatie and notificatie.status,
                    "fout": notificatie and notificatie.fout,
                },
            )
        return _json(start_response, 404, {"fout": "Onbekende opdracht"})
    except KeyError:
        return _json(start_response, 404, {"fout": "Dit BSN is niet bekend bij de simulator"})
    except (TypeError, ValueError) as exc:
        return _json(start_response, 400, {"fout": str(exc)})
