"""Login protection and security headers (BIO): lockout after repeated failed logins (django-axes), the headers on
every HTML page, and the production settings that `check --deploy` must pass and that refuse an unsafe environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from inburgering.accounts import roles

PASSWORD = "juist-wachtwoord-1"
BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def gebruiker(make_user, winterswijk):
    user = make_user(roles.CONSULTANT, gemeente=winterswijk)
    user.set_password(PASSWORD)
    user.save()
    return user


def inloggen(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_na_te_veel_mislukte_pogingen_is_inloggen_geblokkeerd_ook_met_het_juiste_wachtwoord(client, gebruiker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = inloggen(client, gebruiker.username, "fout")
        assert response.status_code == 200
        assert "Gebruikersnaam of wachtwoord is onjuist." in response.content.decode()
    response = inloggen(client, gebruiker.username, "fout")  # the N-th failure locks
    assert response.status_code == 429

    response = inloggen(client, gebruiker.username, PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in html
    assert f"Er is {settings.AXES_FAILURE_LIMIT} keer geprobeerd in te loggen met een onjuist wachtwoord." in html
    assert "Inloggen is daarom 15 minuten geblokkeerd." in html
    assert "_auth_user_id" not in client.session


def test_de_blokkade_van_een_gebruiker_raakt_een_ander_niet(client, gebruiker, make_user, winterswijk):
    """The lockout is per username and per client address: another user on another workstation logs in as usual."""
    anna = make_user(roles.CONSULTANT, gemeente=winterswijk)
    anna.set_password(PASSWORD)
    anna.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        inloggen(client, gebruiker.username, "fout")

    response = inloggen(client, anna.username, PASSWORD, REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(anna.pk)


def test_een_geslaagde_login_zet_de_teller_terug(client, gebruiker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        inloggen(client, gebruiker.username, "fout")
    assert inloggen(client, gebruiker.username, PASSWORD).status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert inloggen(client, gebruiker.username, "fout").status_code == 200

    assert inloggen(client, gebruiker.username, PASSWORD).status_code == 302


def test_beveiligingsheaders_op_een_html_pagina(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    directives = dict(
        (deel.split(" ", 1) + [""])[:2] for deel in (d.strip() for d in response["Content-Security-Policy"].split(";"))
    )
    assert directives == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def check_deploy(**env_overrides):
    """`manage.py check --deploy` with the production settings, in a fresh process (settings load once)."""
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        "ALLOWED_HOSTS": "inburgering.example.nl",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MFA_VERPLICHT": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by tests/browser/conftest.py; check --deploy rightly refuses it
    for naam, waarde in env_overrides.items():
        if waarde is None:
            env.pop(naam, None)
        else:
            env[naam] = waarde
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"]
        + ["--settings=inburgering.settings_production", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_productie_instellingen_doorstaan_check_deploy():
    resultaat = check_deploy()

    assert resultaat.returncode == 0, resultaat.stdout + resultaat.stderr
    assert "System check identified no issues" in resultaat.stdout


@pytest.mark.parametrize("secret_key", [None, "te-kort"])
def test_productie_weigert_zonder_goede_secret_key(secret_key):
    resultaat = check_deploy(SECRET_KEY=secret_key)

    assert resultaat.returncode != 0
    assert "SECRET_KEY must be set in the environment, at least 50 characters" in resultaat.stderr


def test_productie_weigert_zonder_allowed_hosts():
    resultaat = check_deploy(ALLOWED_HOSTS=None)

    assert resultaat.returncode != 0
    assert "ALLOWED_HOSTS must be set in the environment" in resultaat.stderr


def test_productie_weigert_mfa_uit():
    resultaat = check_deploy(MFA_VERPLICHT="0")

    assert resultaat.returncode != 0
    assert "MFA_VERPLICHT cannot be turned off in production" in resultaat.stderr
