"""schemathesis against the API's own OpenAPI document, in-process (WSGI) on the test database: generated
requests with a valid key of TopTaal, which has a few enrolments, must never get a server error, and every
response must match the document: a documented status, content type, headers and body.

Bounded: at most 25 examples per operation, so the whole run stays well under a minute."""

import datetime as dt
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,  # every status the API answers is in the document
    content_type_conformance,  # application/json, or application/problem+json for errors
    response_headers_conformance,  # API-Version, WWW-Authenticate, Retry-After as documented
    response_schema_conformance,
]


@pytest.fixture
def wsgi_app():
    """Django's WSGI application on the test transaction: like Django's test client, it must not close the
    database connection at the end of each request."""
    for signaal in (request_started, request_finished):
        signaal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signaal in (request_started, request_finished):
        signaal.connect(close_old_connections)


@pytest.fixture
def sleutel_header(settings, toptaal, interbeek, inschrijving_bij, maak_sleutel):
    """A key of TopTaal, which has two enrolments (Interbeek has one too: another provider's data exists)."""
    settings.API_THROTTLE_RATE = "100000/min"  # generated traffic is not a provider's: no 429s in the way
    for startdatum in (dt.date(2025, 6, 2), dt.date(2026, 1, 5)):
        inschrijving_bij(toptaal, startdatum=startdatum)
    inschrijving_bij(interbeek)
    _sleutel, key = maak_sleutel(toptaal, "schemathesis")
    return {"Authorization": f"Api-Key {key}"}


# The document as /api/v1/openapi.json serves it, generated at collection (one test per operation).
DOCUMENT = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
schema = schemathesis.openapi.from_dict(DOCUMENT)


@schema.parametrize()
@hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, wsgi_app, sleutel_header):
    case.call_and_validate(app=wsgi_app, headers=sleutel_header, checks=CHECKS)
