"""Sessions and caching (issue 17, item 6; BIO): no response with personal data may be kept by a browser or proxy
cache, and a session ends after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after the login."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from inburgering.accounts.middleware import SESSIE_BEGIN, SESSIE_LAATST
from partners.models import ApiSleutel

pytestmark = pytest.mark.django_db

BEGIN = dt.datetime(2026, 11, 24, 8, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
PASSWORD = "juist-wachtwoord-1"


def geen_opslag(response) -> bool:
    return "no-store" in {deel.strip() for deel in response.get("Cache-Control", "").split(",")}


def test_pagina_pdf_json_en_fragment_met_persoonsgegevens_krijgen_no_store(client, wereld):
    users, cases = wereld
    client.force_login(users["teamleider"])
    zaak = cases["eigen"].uuid
    for url in (
        reverse("cases:dossier", kwargs={"uuid": zaak}),
        reverse("cases:dossieroverzicht", kwargs={"uuid": zaak}),
        reverse("cases:inzage_json", kwargs={"uuid": zaak}),
        reverse("cases:caseload"),
        reverse("home"),
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert geen_opslag(response), (url, response.get("Cache-Control"))


def test_de_api_en_de_inlogpagina_krijgen_no_store(client, achterhoek):
    _sleutel, key = ApiSleutel.objects.create_key(organisatie=achterhoek.aanbieders["TopTaal"], name="export")
    api = client.get("/api/v1/inschrijvingen", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert api.status_code == 200 and geen_opslag(api)
    assert geen_opslag(client.get("/api/v1/inschrijvingen")), "an error answer too"
    assert geen_opslag(client.get(reverse("login")))


def test_standaardwaarden_volgens_de_bio():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


@pytest.fixture
def ingelogd(client, wereld):
    """A consultant logged in with the login form at BEGIN, on a frozen clock the test moves on."""
    users, cases = wereld
    consultant = users["consultant"]
    consultant.set_password(PASSWORD)
    consultant.save()
    with time_machine.travel(BEGIN, tick=False) as klok:
        response = client.post(reverse("login"), {"username": consultant.username, "password": PASSWORD})
        assert response.status_code == 302
        yield klok, reverse("cases:dossier", kwargs={"uuid": cases["eigen"].uuid})


def test_na_dertig_minuten_zonder_verzoek_is_de_sessie_verlopen(client, ingelogd):
    klok, dossier = ingelogd
    assert client.get(dossier).status_code == 200
    klok.shift(dt.timedelta(minutes=29))
    assert client.get(dossier).status_code == 200, "29 minutes idle: still logged in"
    klok.shift(dt.timedelta(minutes=29))
    assert client.get(dossier).status_code == 200, "each request starts the idle time again"

    klok.shift(dt.timedelta(minutes=31))
    response = client.get(dossier)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={dossier.replace('/', '%2F')}&verlopen=1"
    assert "_auth_user_id" not in client.session
    login = client.get(response["Location"])
    assert "Uw sessie is verlopen. Log opnieuw in om verder te gaan." in login.content.decode()
    assert client.get(dossier)["Location"].startswith(reverse("login")), "logged out for good"


def test_na_twaalf_uur_is_de_sessie_verlopen_ook_bij_voortdurend_gebruik(client, ingelogd):
    klok, dossier = ingelogd
    for _ in range(12 * 3):  # a request every 20 minutes for 12 hours
        klok.shift(dt.timedelta(minutes=20))
        assert client.get(dossier).status_code == 200

    klok.shift(dt.timedelta(minutes=1))
    response = client.get(dossier)

    assert response.status_code == 302 and "verlopen=1" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_htmx_krijgt_een_hx_redirect_naar_de_inlogpagina(client, ingelogd):
    klok, dossier = ingelogd
    klok.shift(dt.timedelta(minutes=31))
    response = client.get(dossier, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{dossier}")
    assert response["HX-Redirect"] == f"{reverse('login')}?next={dossier.replace('/', '%2F')}&verlopen=1"


def test_een_sessie_van_voor_de_regel_begint_nu_te_tellen(client, wereld):
    users, _cases = wereld
    client.force_login(users["consultant"])
    sessie = client.session
    del sessie[SESSIE_BEGIN], sessie[SESSIE_LAATST]
    sessie.save()
    with time_machine.travel(BEGIN, tick=False) as klok:
        assert client.get(reverse("cases:caseload")).status_code == 200
        assert client.session[SESSIE_BEGIN] == BEGIN.timestamp()
        klok.shift(dt.timedelta(minutes=31))
        assert client.get(reverse("cases:caseload")).status_code == 302
