"""MFA (BIO): without a verified second factor a consultant, teamleider, beheerder or admin user reaches no page
with personal data; enrolment with QR code, key and recovery codes; verification with an app code or a
single-use recovery code; the regiocoördinator, the provider API and MFA_VERPLICHT off are not affected."""

import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from inburgering.accounts import mfa, roles
from partners.models import ApiSleutel
from tests.factories import StatushouderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.mfa]

INSTELLEN = reverse("mfa_instellen")
VERIFIEREN = reverse("mfa_verifieren")
HERSTELCODES = reverse("mfa_herstelcodes")


def app_code(device, stappen_verder: int = 0) -> str:
    """What the authenticator app shows now (or `stappen_verder` time steps later) for the device's key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + stappen_verder * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def zaak(consultant, winterswijk):
    return StatushouderFactory(gemeente=winterswijk, consultant=consultant)


@pytest.fixture
def dossier(zaak):
    return reverse("cases:dossier", kwargs={"uuid": zaak.uuid})


@pytest.fixture
def geactiveerd(client, consultant, make_user):
    """The consultant is logged in and has given the activation code a beheerder issued (issue 17: without it no
    first enrolment; tests/inburgering/test_mfa_activatie.py)."""
    code, _activatiecode = mfa.geef_activatiecode(make_user(roles.BEHEERDER), consultant)
    client.force_login(consultant)
    assert client.post(INSTELLEN, {"activatiecode": code}).status_code == 302
    return client


@pytest.fixture
def ingesteld(consultant):
    """The consultant has enrolled: a confirmed app and recovery codes."""
    device = TOTPDevice.objects.create(user=consultant, name=mfa.TOTP_NAAM, confirmed=True)
    return device, mfa.maak_herstelcodes(consultant)


def test_consultant_without_device_is_sent_to_enrolment_and_cannot_read_the_case(client, consultant, zaak, dossier):
    client.force_login(consultant)
    response = client.get(dossier)
    assert response.status_code == 302
    assert response["Location"] == f"{INSTELLEN}?next={dossier}"
    assert zaak.achternaam not in response.content.decode()


def test_enrolment_with_the_right_code_confirms_shows_codes_once_and_reaches_the_case(
    client, consultant, dossier, geactiveerd
):
    pagina = client.get(f"{INSTELLEN}?next={dossier}")
    assert pagina.status_code == 200
    html = pagina.content.decode()
    device = TOTPDevice.objects.get(user=consultant)
    assert not device.confirmed
    assert "<svg" in html and "style=" not in html and "<script>" not in html
    assert "unsafe-inline" not in pagina["Content-Security-Policy"]
    sleutel = pagina.context["sleutel"]
    assert sleutel in html and b32decode(sleutel.replace(" ", "")) == device.bin_key
    assert client.get(INSTELLEN).context["sleutel"] == sleutel, "reloading keeps the key the user may have scanned"

    response = client.post(INSTELLEN, {"code": app_code(device), "next": dossier})
    assert response.status_code == 302 and response["Location"] == f"{HERSTELCODES}?next={dossier}"
    device.refresh_from_db()
    assert device.confirmed

    codes = client.get(response["Location"])
    bewaard = set(StaticDevice.objects.get(user=consultant).token_set.values_list("token", flat=True))
    html = codes.content.decode()
    assert len(bewaard) == 10 and set(codes.context["codes"]) == bewaard and all(c in html for c in bewaard)
    assert "Bewaar deze codes nu" in html and f'href="{dossier}"' in html
    assert client.get(HERSTELCODES)["Location"] == reverse("home"), "shown once: gone from the session"

    assert client.get(dossier).status_code == 200
    assert client.get(INSTELLEN)["Location"] == reverse("home"), "verified: nothing to enrol"


def test_a_wrong_enrolment_code_fails_in_dutch_and_confirms_nothing(client, consultant, geactiveerd):
    client.get(INSTELLEN)
    device = TOTPDevice.objects.get(user=consultant)
    fout = f"{(int(app_code(device)) + 500_000) % 1_000_000:06d}"
    response = client.post(INSTELLEN, {"code": fout})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Deze code klopt niet. Controleer de code en probeer het opnieuw."
    ]
    assert "De app is nog niet ingesteld" in response.content.decode()
    assert client.post(INSTELLEN, {"code": "12ab"}).context["form"].errors["code"] == [
        "Een code uit de app bestaat uit zes cijfers."
    ]
    device.refresh_from_db()
    assert not device.confirmed and not StaticDevice.objects.filter(user=consultant).exists()


def test_with_a_device_a_new_session_verifies_with_the_app(client, consultant, ingesteld, dossier):
    device, _codes = ingesteld
    client.force_login(consultant)
    response = client.get(dossier)
    assert response["Location"] == f"{VERIFIEREN}?next={dossier}"
    assert client.get(INSTELLEN)["Location"].startswith(VERIFIEREN), "a password alone does not enrol a new app"
    assert client.get(VERIFIEREN).status_code == 200
    response = client.post(VERIFIEREN, {"code": app_code(device), "next": dossier})
    assert response.status_code == 302 and response["Location"] == dossier
    assert client.get(dossier).status_code == 200


def test_verification_does_not_redirect_off_site(client, consultant, ingesteld):
    device, _codes = ingesteld
    client.force_login(consultant)
    response = client.post(VERIFIEREN, {"code": app_code(device), "next": "https://kwaadaardig.example/"})
    assert response["Location"] == reverse("home")


def test_a_recovery_code_works_once(client, consultant, ingesteld, dossier):
    _device, codes = ingesteld
    client.force_login(consultant)
    response = client.post(VERIFIEREN, {"code": codes[0].upper(), "next": dossier})
    assert response["Location"] == dossier
    assert codes[0] not in StaticDevice.objects.get(user=consultant).token_set.values_list("token", flat=True)

    client.logout()
    client.force_login(consultant)
    response = client.post(VERIFIEREN, {"code": codes[0], "next": dossier})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Deze code klopt niet. Controleer de code en probeer het opnieuw."
    ]
    assert client.get(dossier).status_code == 302


def test_repeated_failures_are_throttled_with_a_dutch_message(client, consultant, ingesteld, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait after one failure: the test cannot outrun it
    device, _codes = ingesteld
    client.force_login(consultant)
    fout = f"{(int(app_code(device)) + 500_000) % 1_000_000:06d}"
    client.post(VERIFIEREN, {"code": fout})
    response = client.post(VERIFIEREN, {"code": app_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Controle tijdelijk geblokkeerd na 1 mislukte poging. Wacht even en probeer het opnieuw."
    ]
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert not StaticDevice.objects.get(user=consultant).throttling_failure_count, "the recovery codes are not hit"


@pytest.mark.parametrize("rol", [roles.TEAMLEIDER, roles.BEHEERDER])
def test_teamleider_and_beheerder_need_mfa_too(client, make_user, winterswijk, rol):
    user = make_user(rol, gemeente=winterswijk if rol == roles.TEAMLEIDER else None)
    client.force_login(user)
    assert client.get("/")["Location"] == f"{INSTELLEN}?next=/"


def test_the_admin_is_covered(client, make_user):
    admin = make_user(roles.BEHEERDER, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == f"{INSTELLEN}?next=/admin/"
    assert client.post("/admin/logout/")["Location"] == reverse("login"), "logging out of the admin is allowed"


def test_a_regiocoordinator_is_not_asked(client, make_user, achterhoek):
    coordinator = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)
    client.force_login(coordinator)
    assert client.get(reverse("reports:overzicht")).status_code == 200


def test_the_mfa_pages_logout_language_and_login_stay_reachable(client, consultant):
    client.force_login(consultant)
    assert client.get(reverse("login")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "nl", "next": INSTELLEN})["Location"] == INSTELLEN
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(INSTELLEN)["Location"].startswith(reverse("login"))


def test_the_provider_api_is_not_affected(client, consultant, achterhoek):
    _sleutel, key = ApiSleutel.objects.create_key(organisatie=achterhoek.aanbieders["TopTaal"], name="export")
    client.force_login(consultant)  # even with an unverified session cookie alongside the key
    response = client.get("/api/v1/inschrijvingen", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 200


def test_htmx_gets_hx_redirect_back_to_its_page(client, consultant, dossier):
    """A fragment loaded into the caseload page: after MFA the user returns to the caseload, not the fragment."""
    client.force_login(consultant)
    caseload = reverse("cases:caseload")
    response = client.get(dossier, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{caseload}?p=2")
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{INSTELLEN}?next={caseload}%3Fp%3D2"


def test_mfa_off_asks_nothing(client, consultant, dossier, settings):
    settings.MFA_VERPLICHT = False  # as in every test not marked mfa, and in the embedded demo
    client.force_login(consultant)
    assert client.get(dossier).status_code == 200


def test_the_main_menu_appears_only_after_the_second_factor(client, consultant, dossier, geactiveerd):
    """Before verification every menu link would lead back to the MFA pages, so the menu is left out."""
    assert 'class="app-nav"' not in client.get(reverse("mfa_instellen")).content.decode()
    device = mfa.totp_in_te_stellen(consultant)
    client.post(reverse("mfa_instellen"), {"code": app_code(device)})
    assert 'class="app-nav"' in client.get(dossier).content.decode()
