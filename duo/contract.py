"""DUO's published interface, vendored in docs/standards/duo-m2m (SOURCE.md there): the APIs we use, their
versions, and a check of every request we send and every answer we accept against the matching openapi.yml."""

import json
import re
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

SPECS = Path(settings.BASE_DIR) / "docs" / "standards" / "duo-m2m" / "API"

# Our name of each API → its folder under SPECS.
APIS = {
    "notificatie": "Notificatie",
    "inburgeringsplicht": "Inburgeringsplicht",
    "leerbaarheidstoets": "Leerbaarheidstoets",
    "inburgeringstermijn": "Inburgeringstermijn",
    "vrijstelling": "Vrijstelling",
    "ontheffing": "Ontheffing",
    "pip": "PIP",
    "contactpersoon": "Contactpersoon",
    "inburgeringsaanbod": "Inburgeringsaanbod",
    "map_pvt_zroute": "MAP-PVT-Zroute",
    "gevolgde_uren": "GevolgdeUren",
    "examen": "Examen",
}


class ContractFout(Exception):
    """A request or answer that does not match DUO's openapi.yml. The message names the field, never a BSN."""


def spec_pad(api: str) -> Path:
    return SPECS / APIS[api] / "openapi.yml"


# DUO's patterns that use Unicode property classes (\p{L}: a letter, \p{Pd}: a dash), which Python's `re` (and so
# openapi-core) cannot read, as the same pattern in Python's dialect: [^\W\d_] is a letter in any script.
PYTHON_PATRONEN = {
    "[\\s'\u2018.\\p{L}\\p{Pd}]{0,100}": (
        "(?:[\\s'\u2018.\\-\u2010-\u2015\u2e3a\u2e3b\u301c\ufe58\ufe63\uff0d]|[^\\W\\d_]){0,100}"
    ),
}


def _pas_patronen_aan(knoop):
    if isinstance(knoop, dict):
        return {
            k: PYTHON_PATRONEN.get(v, v) if k == "pattern" and isinstance(v, str) else _pas_patronen_aan(v)
            for k, v in knoop.items()
        }
    if isinstance(knoop, list):
        return [_pas_patronen_aan(v) for v in knoop]
    return knoop


@cache
def _document(api: str) -> dict:
    return _pas_patronen_aan(yaml.safe_load(spec_pad(api).read_text(encoding="utf-8")))


@cache
def openapi(api: str) -> OpenAPI:
    return OpenAPI.from_dict(_document(api))


def versie(api: str) -> str:
    """The full version of the API (info.version): the API-Version header."""
    return _document(api)["info"]["version"]


def basispad(api: str) -> str:
    """README, "Basis pad URI": every API lives under /v{major}."""
    return f"/v{versie(api).split('.')[0]}"


def _patroon(sjabloon: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(sjabloon)) + "$")


@cache
def _operaties() -> list[tuple[str, str, str, re.Pattern]]:
    """(api, method, path template, pattern) of every operation of every API, the most specific template first."""
    rijen = []
    for api in APIS:
        for sjabloon, operaties in _document(api)["paths"].items():
            for methode in operaties:
                if methode in {"get", "post", "put", "delete", "patch"}:
                    rijen.append((api, methode.upper(), sjabloon, _patroon(sjabloon)))
    return sorted(rijen, key=lambda r: r[2].count("{"))


def api_voor(methode: str, pad: str) -> tuple[str, str] | None:
    """(api, path template) of the operation `methode pad` (pad without the /v1 base), or None if DUO has none."""
    for api, m, sjabloon, patroon in _operaties():
        if m == methode.upper() and patroon.match(pad):
            return api, sjabloon
    return None


def zonder_bsn(tekst: str) -> str:
    """For logs and stored error texts: every run of exactly nine digits (a BSN, in whatever text a database
    error or a library put it) masked."""
    return re.sub(r"(?<!\d)\d{9}(?!\d)", "*********", tekst)


def _fouttekst(exc: Exception) -> str:
    details = [str(exc)]
    oorzaak = exc.__cause__
    while oorzaak is not None:
        details.append(str(oorzaak))
        for sub in getattr(oorzaak, "schema_errors", []) or []:
            details.append(f"{'.'.join(str(p) for p in sub.path) or '(body)'}: {sub.message}")
        oorzaak = oorzaak.__cause__
    return zonder_bsn("; ".join(details))


def _verzoek(methode: str, pad: str, headers: dict, inhoud: bytes | None, query: dict | None) -> MockRequest:
    return MockRequest(
        "https://duo.invalid",
        methode.lower(),
        pad,
        headers={k.lower(): v for k, v in headers.items()},
        args=query or {},
        data=inhoud or b"",
        content_type="application/json" if inhoud else None,
    )


def controleer_verzoek(
    api: str, methode: str, pad: str, headers: dict, inhoud: bytes | None = None, query: dict | None = None
) -> None:
    """Raise ContractFout when the request (`pad` without the /v1 base) does not match API `api`'s document."""
    try:
        openapi(api).validate_request(_verzoek(methode, pad, headers, inhoud, query))
    except Exception as exc:  # openapi-core raises a family of errors; each is a contract breach here
        raise ContractFout(f"{APIS[api]} {methode.upper()}: {_fouttekst(exc)}") from None


def controleer_antwoord(
    api: str,
    methode: str,
    pad: str,
    verzoek_headers: dict,
    status: int,
    headers: dict,
    inhoud: bytes,
    verzoek_inhoud: bytes | None = None,
) -> None:
    """Raise ContractFout when an answer does not match what `api`'s document says of `status`."""
    antwoord = MockResponse(
        inhoud or b"",
        status_code=status,
        headers={k: v for k, v in headers.items()},
        content_type=(headers.get("Content-Type") or headers.get("content-type") or "application/json").split(";")[0],
    )
    try:
        openapi(api).validate_response(_verzoek(methode, pad, verzoek_headers, verzoek_inhoud, None), antwoord)
    except Exception as exc:
        raise ContractFout(f"{APIS[api]} {methode.upper()} → {status}: {_fouttekst(exc)}") from None


def json_bytes(gegevens) -> bytes:
    return json.dumps(gegevens, ensure_ascii=False).encode()
