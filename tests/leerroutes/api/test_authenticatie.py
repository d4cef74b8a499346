"""Authentication by API key, its refusals (401/403 as problem+json), throttling per key (429 with Retry-After)
and the key's last-use stamp, on a real endpoint."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from partners.models import ApiSleutel
from partners.services import trek_api_sleutel_in

pytestmark = pytest.mark.django_db

URL = "/api/v1/inschrijvingen"


def met_header(waarde: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=waarde)
    return api


def assert_problem(response, status: int, detail: str | None = None) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if detail is not None:
        assert body["detail"] == detail
    return body


def test_a_valid_key_gets_in(toptaal, api_voor):
    response = api_voor(toptaal).get(URL)
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"


def test_no_header_is_401_with_www_authenticate():
    response = APIClient().get(URL)
    body = assert_problem(response, 401, "Stuur een API-sleutel mee: Authorization: Api-Key <sleutel>.")
    assert body["title"] == "Niet geauthenticeerd"
    assert body["instance"] == URL
    assert response["WWW-Authenticate"] == "Api-Key"


@pytest.mark.parametrize("schema", ["Bearer", "Token", "Basic"])
def test_another_scheme_is_401(toptaal, maak_sleutel, schema):
    _sleutel, key = maak_sleutel(toptaal)
    response = met_header(f"{schema} {key}").get(URL)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Api-Key"


@pytest.mark.parametrize("key", ["onzin", "abcdefgh.0123456789abcdef0123456789abcdef", ""])
def test_an_unknown_key_is_401(achterhoek, key):
    response = met_header(f"Api-Key {key}").get(URL)
    assert_problem(response, 401)


def test_a_tampered_key_is_401(toptaal, maak_sleutel):
    _sleutel, key = maak_sleutel(toptaal)
    prefix, geheim = key.split(".")
    response = met_header(f"Api-Key {prefix}.{geheim[::-1]}").get(URL)
    assert_problem(response, 401, "De API-sleutel is onbekend of ingetrokken.")


def test_a_revoked_key_is_401(toptaal, maak_sleutel, make_user):
    from inburgering.accounts import roles

    sleutel, key = maak_sleutel(toptaal)
    api = met_header(f"Api-Key {key}")
    assert api.get(URL).status_code == 200
    trek_api_sleutel_in(make_user(roles.BEHEERDER), sleutel)
    response = api.get(URL)
    assert_problem(response, 401, "De API-sleutel is onbekend of ingetrokken.")
    assert response["WWW-Authenticate"] == "Api-Key"


def test_an_expired_key_is_401(toptaal):
    _sleutel, key = ApiSleutel.objects.create_key(
        organisatie=toptaal, name="oud", expiry_date=timezone.now() - timedelta(days=1)
    )
    assert_problem(met_header(f"Api-Key {key}").get(URL), 401, "De API-sleutel is verlopen.")


def test_a_key_of_another_kind_of_organisation_is_403(achterhoek, maak_sleutel):
    _sleutel, key = maak_sleutel(achterhoek.ketenpartners["UWV"])
    body = assert_problem(met_header(f"Api-Key {key}").get(URL), 403)
    assert body["detail"] == "Deze API is alleen voor taal- en onderwijsaanbieders met een geldige API-sleutel."


def test_a_school_of_the_onderwijsroute_reports_too(achterhoek, maak_sleutel):
    """Graafschap College teaches the taalschakeltraject: it reports attendance like a language school."""
    _sleutel, key = maak_sleutel(achterhoek.aanbieders["Graafschap College"])
    response = met_header(f"Api-Key {key}").get(URL)
    assert response.status_code == 200


def test_a_key_of_an_inactive_taalaanbieder_is_403(toptaal, maak_sleutel):
    _sleutel, key = maak_sleutel(toptaal)
    toptaal.actief = False
    toptaal.save()
    assert_problem(met_header(f"Api-Key {key}").get(URL), 403)


def test_throttled_per_key_with_retry_after(settings, toptaal, maak_sleutel):
    settings.API_THROTTLE_RATE = "3/min"
    _sleutel, key = maak_sleutel(toptaal)
    api = met_header(f"Api-Key {key}")
    assert [api.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    response = api.get(URL)
    body = assert_problem(response, 429)
    assert body["title"] == "Te veel verzoeken"
    assert 1 <= int(response["Retry-After"]) <= 61
    _ander, andere_key = maak_sleutel(toptaal, "tweede systeem")
    assert met_header(f"Api-Key {andere_key}").get(URL).status_code == 200  # per key, not per organisation


def test_last_use_is_stamped_at_most_once_a_minute(toptaal, maak_sleutel):
    sleutel, key = maak_sleutel(toptaal)
    api = met_header(f"Api-Key {key}")
    voor = timezone.now()
    api.get(URL)
    sleutel.refresh_from_db()
    assert sleutel.laatst_gebruikt_op >= voor

    net_gebruikt = timezone.now() - timedelta(seconds=10)
    ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=net_gebruikt)
    api.get(URL)
    sleutel.refresh_from_db()
    assert sleutel.laatst_gebruikt_op == net_gebruikt  # within the minute: no write

    lang_geleden = timezone.now() - timedelta(minutes=5)
    ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=lang_geleden)
    api.get(URL)
    sleutel.refresh_from_db()
    assert sleutel.laatst_gebruikt_op > lang_geleden


def test_a_refused_request_does_not_stamp_last_use(toptaal, maak_sleutel):
    sleutel, key = maak_sleutel(toptaal)
    met_header(f"Api-Key {key}x").get(URL)
    sleutel.refresh_from_db()
    assert sleutel.laatst_gebruikt_op is None
