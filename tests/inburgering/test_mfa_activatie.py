"""The first MFA enrolment needs a one-time activation code a beheerder issued (issue 17, item 5): a password alone
does not let anyone enrol an authenticator app. The code is valid for MFA_ACTIVATIECODE_UREN hours, works once, is
kept only as a hash, and its issuing is in the audit log."""

import datetime as dt
import hashlib
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from inburgering.accounts import mfa, roles
from inburgering.accounts.models import MfaActivatiecode
from inburgering.audit.models import ActorType, AuditEvent, Handeling
from tests.factories import StatushouderFactory
from tests.inburgering.test_mfa import app_code

pytestmark = pytest.mark.django_db

INSTELLEN = reverse("mfa_instellen")
NU = dt.datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def beheerder(make_user):
    return make_user(roles.BEHEERDER)


@pytest.fixture
def dossier(consultant, winterswijk):
    return reverse(
        "cases:dossier", kwargs={"uuid": StatushouderFactory(gemeente=winterswijk, consultant=consultant).uuid}
    )


def uitgeven_in_het_admin(client, beheerder, user) -> str:
    """As a beheerder who has verified his own second factor (the admin asks for it when MFA is on)."""
    client.force_login(beheerder)
    eigen_app, _ = TOTPDevice.objects.get_or_create(user=beheerder, name=mfa.TOTP_NAAM, confirmed=True)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = eigen_app.persistent_id
    sessie.save()
    url = reverse("admin:accounts_user_mfa_activatiecode", args=[user.pk])
    assert "Activatiecode uitgeven" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = response.context["code"]
    assert code in response.content.decode()
    client.logout()
    return code


@pytest.mark.mfa
def test_zonder_activatiecode_kan_een_wachtwoord_alleen_geen_app_instellen(client, consultant, dossier):
    client.force_login(consultant)
    assert client.get(dossier)["Location"] == f"{INSTELLEN}?next={dossier}"
    pagina = client.get(INSTELLEN)
    html = pagina.content.decode()
    assert "activatiecode" in html and "<svg" not in html and "sleutel" not in pagina.context
    assert not TOTPDevice.objects.filter(user=consultant).exists(), "no key made, none shown"

    device = TOTPDevice.objects.create(user=consultant, name=mfa.TOTP_NAAM, confirmed=False)  # a key got somehow
    response = client.post(INSTELLEN, {"code": app_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["activatiecode"] == ["Vul de activatiecode in."]
    response = client.post(INSTELLEN, {"activatiecode": "ABCD-EFGH-JKLM"})
    assert response.context["form"].errors["activatiecode"] == [
        "Deze activatiecode klopt niet, is verlopen of is al gebruikt. Vraag de beheerder om een nieuwe."
    ]
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(dossier).status_code == 302


@pytest.mark.mfa
def test_met_de_code_van_de_beheerder_stelt_de_gebruiker_de_app_een_keer_in(client, consultant, beheerder, dossier):
    code = uitgeven_in_het_admin(client, beheerder, consultant)
    client.force_login(consultant)

    response = client.post(INSTELLEN, {"activatiecode": f" {code.lower()} ", "next": dossier})
    assert response["Location"] == f"{INSTELLEN}?next={dossier}"
    pagina = client.get(response["Location"])
    assert "<svg" in pagina.content.decode()
    device = TOTPDevice.objects.get(user=consultant, confirmed=False)
    response = client.post(INSTELLEN, {"code": app_code(device), "next": dossier})
    assert response.status_code == 302
    assert client.get(dossier).status_code == 200

    activatiecode = MfaActivatiecode.objects.get(gebruiker=consultant)
    assert activatiecode.gebruikt_op is not None
    assert activatiecode.code_hash == hashlib.sha256(code.replace("-", "").encode()).hexdigest()

    # once: with the app removed (say by a superuser), the same code does not enrol again
    TOTPDevice.objects.filter(user=consultant).delete()
    StaticDevice.objects.filter(user=consultant).delete()
    client.logout()
    client.force_login(consultant)
    response = client.post(INSTELLEN, {"activatiecode": code})
    assert response.status_code == 200 and "activatiecode" in response.context["form"].errors


def test_alleen_een_hash_bewaard_en_de_uitgifte_in_het_auditlog(client, consultant, beheerder):
    code = uitgeven_in_het_admin(client, beheerder, consultant)
    rij = MfaActivatiecode.objects.filter(gebruiker=consultant).values().get()
    assert not any(code.replace("-", "") in str(waarde) for waarde in rij.values())
    event = AuditEvent.objects.get(object_type="accounts.mfaactivatiecode")
    assert (event.handeling, event.actor_label) == (Handeling.CREATE, beheerder.username)
    assert consultant.username in event.toelichting and code not in event.toelichting


@pytest.mark.parametrize("uren", [72, 1])
def test_de_code_verloopt_na_de_ingestelde_tijd(consultant, beheerder, settings, uren):
    settings.MFA_ACTIVATIECODE_UREN = uren
    with time_machine.travel(NU, tick=False) as klok:
        code, _activatiecode = mfa.geef_activatiecode(beheerder, consultant)
        klok.shift(dt.timedelta(hours=uren, minutes=-1))
        assert mfa.activatiecode_voor(consultant, code)
        klok.shift(dt.timedelta(minutes=2))
        with pytest.raises(mfa.ValidationError):
            mfa.activatiecode_voor(consultant, code)


def test_de_standaard_geldigheid_is_72_uur(settings):
    assert settings.MFA_ACTIVATIECODE_UREN == 72


def test_een_nieuwe_code_maakt_de_vorige_ongeldig_en_een_code_hoort_bij_een_gebruiker(
    consultant, beheerder, make_user, winterswijk
):
    eerste, _ = mfa.geef_activatiecode(beheerder, consultant)
    tweede, _ = mfa.geef_activatiecode(beheerder, consultant)
    with pytest.raises(mfa.ValidationError):
        mfa.activatiecode_voor(consultant, eerste)
    assert mfa.activatiecode_voor(consultant, tweede)
    with pytest.raises(mfa.ValidationError):
        mfa.activatiecode_voor(make_user(roles.CONSULTANT, gemeente=winterswijk), tweede)


def test_niet_voor_uzelf_niet_na_het_wachtwoord_en_niet_als_de_app_er_al_is(client, beheerder, make_user, winterswijk):
    client.force_login(beheerder)
    eigen = client.post(reverse("admin:accounts_user_mfa_activatiecode", args=[beheerder.pk]))
    assert "U kunt voor uzelf geen activatiecode uitgeven." in eigen.content.decode()

    nieuw = make_user(roles.CONSULTANT, gemeente=winterswijk)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[nieuw.pk]),
        {"password1": "nieuw-wachtwoord-123", "password2": "nieuw-wachtwoord-123", "usable_password": "true"},
    )
    assert response.status_code == 302
    na_wachtwoord = client.post(reverse("admin:accounts_user_mfa_activatiecode", args=[nieuw.pk]))
    assert "een andere beheerder geeft de activatiecode uit" in na_wachtwoord.content.decode()

    ingesteld = make_user(roles.CONSULTANT, gemeente=winterswijk)
    TOTPDevice.objects.create(user=ingesteld, name=mfa.TOTP_NAAM, confirmed=True)
    with pytest.raises(mfa.ValidationError, match="al ingesteld"):
        mfa.geef_activatiecode(beheerder, ingesteld)
    assert not MfaActivatiecode.objects.exists()


def test_het_commando_geeft_een_code_uit_voor_de_eerste_beheerder(beheerder):
    uit = io.StringIO()
    call_command("mfa_activatiecode", beheerder.username, stdout=uit)
    code = uit.getvalue().split()[0]
    assert mfa.activatiecode_voor(beheerder, code).uitgegeven_door is None
    assert AuditEvent.objects.get(object_type="accounts.mfaactivatiecode").actor_type == ActorType.SYSTEEM
