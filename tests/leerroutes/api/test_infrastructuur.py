"""What every /api/v1 response shares: authentication by API key, problem+json errors, the API-Version
header, the OpenAPI document and its docs."""

import pytest
import yaml
from django.utils import timezone
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_openapi_document_and_docs_are_public():
    client = APIClient()
    response = client.get("/api/v1/openapi.yaml")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["contact"]["email"]
    assert response["API-Version"] == "1.0.0"
    assert client.get("/api/v1/openapi.json").json()["info"]["version"] == "1.0.0"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content


def test_unknown_path_is_problem_json_404_with_version():
    response = APIClient().get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Niet gevonden" and body["detail"]


def test_trailing_slash_is_not_redirected():
    response = APIClient().get("/api/v1/openapi.yaml/")
    assert response.status_code == 404


def test_other_pages_have_no_api_version_header(client):
    assert "API-Version" not in client.get("/toegankelijkheid/")


def test_last_use_of_a_key_is_stamped(toptaal, maak_sleutel):
    sleutel, key = maak_sleutel(toptaal)
    assert sleutel.laatst_gebruikt_op is None
    from leerroutes.api.authentication import ApiSleutelAuthentication

    request = type("R", (), {"META": {"HTTP_AUTHORIZATION": f"Api-Key {key}"}})()
    _user, gevonden = ApiSleutelAuthentication().authenticate(request)
    assert gevonden.pk == sleutel.pk
    sleutel.refresh_from_db()
    assert timezone.now() - sleutel.laatst_gebruikt_op < timezone.timedelta(minutes=1)


def test_drf_messages_are_dutch_whatever_the_client_asks(toptaal, api_voor):
    api = api_voor(toptaal)
    response = api.get("/api/v1/inschrijvingen/geen-uuid", HTTP_ACCEPT_LANGUAGE="en")
    assert response["API-Version"] == "1.0.0"
    body = api.post(
        "/api/v1/examenresultaten", {"behaald": "misschien"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    reasons = " ".join(p["reason"] for p in body["invalidParams"])
    assert "This field" not in reasons and "Must be" not in reasons
    assert "Dit veld is vereist." in reasons
