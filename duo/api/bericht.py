"""Reading DUO's POST /notificaties request: its headers and body checked against API/Notificatie/openapi.yml
(duo.contract), plus what Python's checks let through but the spec's regular expressions (ECMA-262) do not: a
non-ASCII digit for \\d, a trailing newline before $, true for an integer. Nothing read is echoed or logged:
the reasons name fields, never values."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass

from .. import contract

MAX_BYTES = 64 * 1024  # a notification is ~150 bytes
MAX_DIEPTE = 32  # the Notificatie is flat; extra properties are allowed by the spec, but not nested without end
V_NUMMER_MAX = 9_999_999_999
LAATSTE_MOMENT = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)

_GEBEURTENIS = re.compile(r"[0-9A-Z]{1,6}")
_BSN = re.compile(r"[0-9]{9}")
_DATUM_TIJD = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?([Zz]|([+-])([0-9]{2}):([0-9]{2}))"
)


class Ongeldig(Exception):
    """The request does not match the spec: 400. The message names what is wrong, without values."""


@dataclass(frozen=True)
class Bericht:
    bron: str
    doel: str
    bericht_id: uuid.UUID
    gebeurtenis_id: str
    registratie_datum_tijd: dt.datetime
    bsn: str
    v_nummer: int | None


def lees(headers, content_type: str, inhoud: bytes) -> Bericht:
    """The notification of a request (`headers`: Django's case-insensitive request.headers), or Ongeldig."""
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise Ongeldig("Content-Type is niet application/json")
    if len(inhoud) > MAX_BYTES:
        raise Ongeldig(f"body groter dan {MAX_BYTES} bytes")
    gegevens = _json(inhoud)
    kop = {naam: headers[naam] for naam in ("bron", "doel", "berichtId") if naam in headers}
    try:
        contract.controleer_verzoek("notificatie", "POST", "/notificaties", kop, inhoud)
    except contract.ContractFout as fout:
        raise Ongeldig(_zonder_waarden(str(fout))) from None
    return Bericht(
        bron=kop["bron"],
        doel=kop["doel"],
        bericht_id=uuid.UUID(kop["berichtId"]),
        gebeurtenis_id=_volledig(_GEBEURTENIS, gegevens["gebeurtenisId"], "gebeurtenisId"),
        registratie_datum_tijd=_datum_tijd(gegevens["registratieDatumTijd"]),
        bsn=_volledig(_BSN, gegevens["bsn"], "bsn") if "bsn" in gegevens else "",
        v_nummer=_v_nummer(gegevens["vNummer"]) if "vNummer" in gegevens else None,
    )


def _json(inhoud: bytes):
    def geen_constante(naam):
        raise ValueError(f"{naam} is geen JSON")

    try:
        gegevens = json.loads(inhoud, parse_constant=geen_constante)
    except (ValueError, RecursionError):
        raise Ongeldig("body is geen geldige JSON") from None
    if _diepte(gegevens) > MAX_DIEPTE:
        raise Ongeldig(f"JSON dieper genest dan {MAX_DIEPTE} niveaus")
    return gegevens


def _diepte(gegevens) -> int:
    diepste, stapel = 0, [(gegevens, 1)]
    while stapel:
        waarde, diepte = stapel.pop()
        diepste = max(diepste, diepte)
        if diepte > MAX_DIEPTE:
            break
        kinderen = waarde.values() if isinstance(waarde, dict) else waarde if isinstance(waarde, list) else ()
        stapel.extend((kind, diepte + 1) for kind in kinderen)
    return diepste


def _volledig(patroon: re.Pattern, waarde: str, veld: str) -> str:
    if not patroon.fullmatch(waarde) or not waarde.isascii():
        raise Ongeldig(f"{veld} voldoet niet aan het patroon")
    return waarde


def _v_nummer(waarde) -> int:
    if isinstance(waarde, bool) or not (isinstance(waarde, int) or (isinstance(waarde, float) and waarde.is_integer())):
        raise Ongeldig("vNummer is geen geheel getal")
    if not 0 <= waarde <= V_NUMMER_MAX:
        raise Ongeldig("vNummer buiten het bereik")
    return int(waarde)


def _datum_tijd(waarde: str) -> dt.datetime:
    """RFC 3339 date-time (with offset), in UTC. A leap second counts as :59. Refused: what Python's datetime
    cannot hold in UTC (before year 1), and the last day of year 9999 (local time would pass year 10000)."""
    delen = _DATUM_TIJD.fullmatch(waarde)
    if not delen or not waarde.isascii():
        raise Ongeldig("registratieDatumTijd is geen date-time")
    jaar, maand, dag, uur, minuut, seconde = (int(d) for d in delen.groups()[:6])
    fractie, zone, teken, zone_uur, zone_minuut = delen.groups()[6:]
    try:
        offset = dt.timedelta(0) if zone.upper() == "Z" else dt.timedelta(hours=int(zone_uur), minutes=int(zone_minuut))
        tijdzone = dt.timezone(-offset if teken == "-" else offset)
        moment = dt.datetime(
            jaar, maand, dag, uur, minuut, min(seconde, 59), int((fractie or "0")[:6].ljust(6, "0")), tijdzone
        ).astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise Ongeldig("registratieDatumTijd is geen date-time") from None
    if moment >= LAATSTE_MOMENT:
        raise Ongeldig("registratieDatumTijd buiten het bereik")
    return moment


def _zonder_waarden(tekst: str) -> str:
    """openapi-core's message without the values it quotes: the parts that dump the request are dropped, quoted
    words other than a field name are masked, and so is every run of five or more digits."""
    delen = [deel for deel in tekst.split("; ") if not deel.startswith(("Value ", "Failed to cast"))]
    tekst = re.sub(r"'([^']*)'", lambda m: m[0] if re.fullmatch(r"[A-Za-z]{1,40}", m[1]) else "'…'", "; ".join(delen))
    return re.sub(r"\d{5,}", "…", tekst)[:300]
