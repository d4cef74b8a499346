"""The login lockout behind the reverse proxy (issue 17, item 4): with the production settings the client's address
comes from the X-Forwarded-For the proxy appends (django-ipware), and a lockout holds one (username, address) pair
only, so five wrong passwords from one workstation lock out neither another user nor the same user elsewhere."""

import importlib
import sys

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from inburgering.accounts import roles

pytestmark = pytest.mark.django_db

PASSWORD = "juist-wachtwoord-1"
PROXY = "172.18.0.2"  # REMOTE_ADDR of every request: the reverse proxy in front of gunicorn
WERKPLEK = "203.0.113.5"
ANDERE_WERKPLEK = "198.51.100.7"


def productie_instellingen(monkeypatch, **env) -> dict:
    """The lockout's settings as inburgering/settings_production.py computes them from the environment."""
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "inburgering.example.nl")
    monkeypatch.setenv("MFA_VERPLICHT", "1")
    for naam, waarde in env.items():
        monkeypatch.setenv(naam, waarde)
    sys.modules.pop("inburgering.settings_production", None)
    module = importlib.import_module("inburgering.settings_production")
    sys.modules.pop("inburgering.settings_production", None)
    return {naam: getattr(module, naam) for naam in dir(module) if naam.startswith(("AXES_", "IPWARE_"))}


@pytest.fixture
def productie(settings, monkeypatch):
    for naam, waarde in productie_instellingen(monkeypatch).items():
        setattr(settings, naam, waarde)
    return settings


@pytest.fixture
def anna(make_user, winterswijk):
    return _met_wachtwoord(make_user(roles.CONSULTANT, gemeente=winterswijk))


@pytest.fixture
def bert(make_user, winterswijk):
    return _met_wachtwoord(make_user(roles.CONSULTANT, gemeente=winterswijk))


def _met_wachtwoord(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def inloggen(client, user, password, forwarded_for):
    """A login through the proxy: it appends the address it received the request from to X-Forwarded-For."""
    client.logout()
    return client.post(
        reverse("login"),
        {"username": user.username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def vijf_keer_fout(client, settings, user, forwarded_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        inloggen(client, user, "fout", forwarded_for)


def test_de_productie_instellingen_lezen_het_adres_uit_de_proxyheader(productie):
    assert productie.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert productie.AXES_IPWARE_META_PRECEDENCE_ORDER[0] == "HTTP_X_FORWARDED_FOR"


def test_vijf_foute_wachtwoorden_blokkeren_alleen_die_gebruiker_op_die_werkplek(client, productie, anna, bert):
    vijf_keer_fout(client, productie, anna, WERKPLEK)

    assert inloggen(client, anna, PASSWORD, WERKPLEK).status_code == 429, "the pair itself is locked"
    assert inloggen(client, bert, PASSWORD, WERKPLEK).status_code == 302, "another user at the same workstation"
    assert inloggen(client, anna, PASSWORD, ANDERE_WERKPLEK).status_code == 302, "the same user elsewhere"
    [poging] = AccessAttempt.objects.filter(username=anna.username)
    assert poging.ip_address == WERKPLEK, "the client's address, not the proxy's"


def test_een_zelf_meegestuurd_adres_in_de_header_telt_niet(client, productie, anna):
    """A client that sends its own X-Forwarded-For cannot pick the address it is counted under: the proxy appends
    the real one, and that is the one used (so neither dodging its own lockout nor locking out someone else)."""
    for _ in range(productie.AXES_FAILURE_LIMIT):
        inloggen(client, anna, "fout", f"{ANDERE_WERKPLEK}, {WERKPLEK}")

    assert inloggen(client, anna, PASSWORD, ANDERE_WERKPLEK).status_code == 302
    assert inloggen(client, anna, PASSWORD, WERKPLEK).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {WERKPLEK}


def test_achter_twee_proxies_telt_het_adres_dat_de_buitenste_doorgaf(client, settings, monkeypatch, anna):
    """With a second proxy in front (AXES_PROXY_COUNT=2) the client is the second entry from the right."""
    for naam, waarde in productie_instellingen(monkeypatch, AXES_PROXY_COUNT="2").items():
        setattr(settings, naam, waarde)
    buitenste_proxy = "192.0.2.10"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        inloggen(client, anna, "fout", f"10.9.9.9, {WERKPLEK}, {buitenste_proxy}")

    assert inloggen(client, anna, PASSWORD, f"{ANDERE_WERKPLEK}, {buitenste_proxy}").status_code == 302
    assert inloggen(client, anna, PASSWORD, f"{WERKPLEK}, {buitenste_proxy}").status_code == 429


def test_productie_weigert_een_proxyaantal_onder_een(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="AXES_PROXY_COUNT must be at least 1"):
        productie_instellingen(monkeypatch, AXES_PROXY_COUNT="0")
