"""Shared pieces of the OpenAPI document (drf-spectacular), so every operation documents in the same way
what the NLGov API Design Rules ask (DESIGN.md §5):

- the `Problem` component: the application/problem+json body of leerroutes.api.problems, with
  `invalidParams` naming the field and, for a batch, the row;
- `problemen(400, 404, ...)`: error responses an operation adds to its own, as in
  `@extend_schema(responses={200: MijnSerializer, **problemen(400, 404)})`;
- `nlgov_postprocessing` (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]): every response declares the
  `API-Version` header (leerroutes.api.middleware sets it), every operation behind a key documents 401,
  403 and 429, which any of them can answer, and every operation 414 (an over-long URL); every request body
  says `additionalProperties: false`, as leerroutes.api.strikt enforces (an unknown field is 400);
- the `apiSleutel` security scheme for `Authorization: Api-Key <key>`."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse

from .problems import PROBLEM_JSON

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Foutbericht volgens RFC 9457 (problem details), met Nederlandse `title` en `detail`.",
    "properties": {
        "type": {
            "type": "string",
            "description": "Altijd `about:blank`: de status zegt genoeg.",
            "example": "about:blank",
        },
        "title": {"type": "string", "description": "Korte omschrijving van de status.", "example": "Ongeldige invoer"},
        "status": {"type": "integer", "description": "De HTTP-status.", "example": 400},
        "detail": {
            "type": "string",
            "description": "Uitleg bij deze fout.",
            "example": "Een of meer velden zijn ongeldig.",
        },
        "instance": {"type": "string", "description": "Het pad van het verzoek.", "example": "/api/v1/aanwezigheid"},
        "invalidParams": {
            "type": "array",
            "description": "Bij status 400 en 409: één regel per fout.",
            "items": {
                "type": "object",
                "properties": {
                    "name": {
                        "type": "string",
                        "description": "Het veld; geneste velden met een punt.",
                        "example": "aanwezigeMinuten",
                    },
                    "reason": {"type": "string", "description": "Waarom het veld ongeldig is."},
                    "index": {"type": "integer", "minimum": 0, "description": "De rij in de batch, vanaf 0."},
                },
                "required": ["name", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

BESCHRIJVINGEN = {
    400: "Ongeldige invoer: `invalidParams` noemt per fout het veld (`name`), de reden en bij een batch de rij "
    "(`index`, vanaf 0). Er is niets opgeslagen.",
    401: "Geen, een onbekende of een ingetrokken API-sleutel.",
    403: "De sleutel hoort niet bij een actieve taalaanbieder.",
    404: "Bestaat niet of hoort niet bij uw organisatie.",
    409: "Geldig verzoek, maar niet mogelijk in de huidige status van de inschrijving (bijvoorbeeld een "
    "afgebroken inschrijving accepteren); `invalidParams` noemt het veld en de reden. Er is niets opgeslagen.",
    413: "De body is groter dan 10 MB of de batch heeft te veel rijen.",
    414: "Het adres (pad en query-string) is langer dan 4.096 tekens.",
    429: "Te veel verzoeken met deze sleutel, of te veel mislukte pogingen met een onbekende, verlopen of "
    "ingetrokken sleutel vanaf uw adres; `Retry-After` zegt na hoeveel seconden het weer kan.",
}
ALTIJD = (401, 403, 429)  # every operation behind a key can answer these
OVERAL = (414,)  # every operation can answer these (inburgering.invoer)

API_VERSION_HEADER = {
    "description": "De volledige versie van de API (semver), op elk antwoord.",
    "schema": {"type": "string", "example": "1.0.0"},
}
EXTRA_HEADERS = {
    "401": {"WWW-Authenticate": {"description": "`Api-Key`: zo authenticeert u.", "schema": {"type": "string"}}},
    "429": {
        "Retry-After": {"description": "Na hoeveel seconden het weer kan.", "schema": {"type": "integer", "minimum": 1}}
    },
}
HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


def problemen(*codes: int) -> dict:
    """Error responses for `@extend_schema(responses=...)`, served as application/problem+json."""
    return {(code, PROBLEM_JSON): OpenApiResponse(PROBLEM_REF, description=BESCHRIJVINGEN[code]) for code in codes}


def _strikt(schema: dict, schemas: dict) -> None:
    """A request body's object schema (followed through $ref and an array's items) refuses unknown fields."""
    while "$ref" in schema or schema.get("type") == "array":
        schema = schemas[schema["$ref"].rpartition("/")[2]] if "$ref" in schema else schema.get("items", {})
    if schema.get("type") == "object" and "properties" in schema:
        schema["additionalProperties"] = False


def nlgov_postprocessing(result, generator, request, public):
    """The `Problem` component, the 401/403/429 responses of every operation behind a key, 414 on every
    operation, and the API-Version header on every response."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            for inhoud in operation.get("requestBody", {}).get("content", {}).values():
                _strikt(inhoud.get("schema", {}), schemas)
            responses = operation.setdefault("responses", {})
            for code in (*ALTIJD, *OVERAL) if operation.get("security") else OVERAL:
                responses.setdefault(
                    str(code),
                    {"content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}, "description": BESCHRIJVINGEN[code]},
                )
            for code, response in responses.items():
                headers = response.setdefault("headers", {})
                headers["API-Version"] = API_VERSION_HEADER
                headers.update(EXTRA_HEADERS.get(code, {}))
            operation["responses"] = dict(sorted(responses.items()))
    return result


class ApiSleutelScheme(OpenApiAuthenticationExtension):
    """`Authorization: Api-Key <key>` (leerroutes.api.authentication) as an apiKey scheme."""

    target_class = "leerroutes.api.authentication.ApiSleutelAuthentication"
    name = "apiSleutel"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <sleutel>`: een sleutel van uw organisatie, uitgegeven door de beheerder "
            "of de regiocoördinator (zie docs/provider-api.md).",
        }
