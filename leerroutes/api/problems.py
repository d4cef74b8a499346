"""Every API error as `application/problem+json` (RFC 9457) with a Dutch `title` and `detail`, and for
invalid input `invalidParams`: one entry per bad field, with the row `index` for batches.

DRF's exceptions come through `exception_handler`; what happens outside a DRF view (an unknown path under
/api/v1, a request body over the size limit, an unexpected error) is turned into the same format by
`leerroutes.api.middleware.ApiMiddleware` with `problem_response`."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from .parsers import TeDiepGenest

PROBLEM_JSON = "application/problem+json"

TITELS = {
    400: "Ongeldige invoer",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    409: "Niet mogelijk in deze status",
    413: "Verzoek te groot",
    414: "Adres te lang",
    415: "Formaat niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
}
DETAILS = {
    400: "Het verzoek is ongeldig.",
    401: "Stuur een geldige API-sleutel mee: Authorization: Api-Key <sleutel>.",
    403: "U hebt geen toegang tot deze gegevens.",
    404: "Deze bron bestaat niet of hoort niet bij uw organisatie.",
    405: "Deze HTTP-methode is hier niet toegestaan.",
    406: "Vraag application/json of application/problem+json.",
    409: "Deze wijziging past niet bij de huidige status van de bron.",
    413: "Het verzoek is te groot.",
    414: "Het adres (pad en query-string) is te lang.",
    415: "Stuur JSON (Content-Type: application/json).",
    429: "U hebt te veel verzoeken gedaan; probeer het later opnieuw.",
    500: "Er ging iets mis aan onze kant. Probeer het later opnieuw; blijft het misgaan, neem dan contact op.",
}


class VerzoekTeGroot(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = DETAILS[413]
    default_code = "te_groot"


class Conflict(exceptions.APIException):
    """409: the request is valid but the resource's current state does not allow it (an enrolment that is
    already ended cannot be accepted). Carries the field errors, shown as `invalidParams` as for a 400."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = DETAILS[409]
    default_code = "conflict"

    def __init__(self, velden):
        self.velden = velden  # DRF error detail: {field: [messages]}
        redenen = [p["reason"] for p in invalid_params(velden)]
        super().__init__(" ".join(redenen) or DETAILS[409])


def problem(status_code: int, detail: str | None = None, *, instance: str = "", invalid_params=None) -> dict:
    body = {
        "type": "about:blank",
        "title": TITELS.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail or DETAILS.get(status_code, TITELS.get(status_code, "Fout")),
    }
    if instance:
        body["instance"] = instance
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def problem_response(
    status_code: int, detail: str | None = None, *, instance: str = "", invalid_params=None
) -> HttpResponse:
    """For responses made outside DRF (middleware)."""
    body = problem(status_code, detail, instance=instance, invalid_params=invalid_params)
    return HttpResponse(json.dumps(body), status=status_code, content_type=PROBLEM_JSON)


def invalid_params(detail, naam: str = "", index: int | None = None) -> list[dict]:
    """Flatten DRF's nested error detail into `invalidParams`: {name, reason[, index]} per message. A list of
    dicts (a batch) gives each row's errors its `index`; nested fields are joined with a dot."""
    if isinstance(detail, dict):
        return [p for veld, sub in detail.items() for p in invalid_params(sub, _pad(naam, veld), index)]
    if isinstance(detail, list):
        if detail and all(isinstance(d, dict) or d == {} for d in detail) and index is None and not naam:
            return [p for i, sub in enumerate(detail) for p in invalid_params(sub, "", i)]
        return [p for sub in detail for p in invalid_params(sub, naam, index)]
    entry = {"name": naam or "body", "reason": str(detail)}
    if index is not None:
        entry["index"] = index
    return [entry]


def _pad(naam: str, veld: str) -> str:
    veld = "body" if veld == "non_field_errors" else veld
    return f"{naam}.{veld}" if naam else veld


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: the middleware answers 500 as problem+json and the error is logged

    request = context.get("request")
    instance = request.path if request is not None else ""
    code = exc.status_code
    headers = {}
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            400, "Een of meer velden zijn ongeldig.", instance=instance, invalid_params=invalid_params(exc.detail)
        )
    elif isinstance(exc, Conflict):
        body = problem(409, str(exc.detail), instance=instance, invalid_params=invalid_params(exc.velden))
    else:
        detail = exc.detail if isinstance(exc.detail, str) else None
        if isinstance(exc, (exceptions.NotFound, exceptions.MethodNotAllowed, exceptions.NotAcceptable)):
            detail = None  # DRF's English default; ours is Dutch
        if isinstance(exc, exceptions.ParseError) and not isinstance(exc, TeDiepGenest):
            detail = "De body is geen geldige JSON."
        if isinstance(exc, exceptions.UnsupportedMediaType):
            detail = None
        if isinstance(exc, exceptions.Throttled):
            detail = None
            if exc.wait is not None:
                headers["Retry-After"] = str(int(exc.wait) + 1)
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            headers["WWW-Authenticate"] = "Api-Key"
            code = 401
        body = problem(code, detail, instance=instance)
    return Response(body, status=code, headers=headers, content_type=PROBLEM_JSON)
