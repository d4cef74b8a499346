"""MFA (BIO): who needs a second factor, enrolling a TOTP app with recovery codes, and checking a code.

The devices are django-otp's: one TOTPDevice (the authenticator app) and one StaticDevice whose tokens are the
single-use recovery codes. Verifying goes through the device's own `verify_token`, so django-otp's throttling
(a growing wait after each failed attempt) and the single use of a recovery code apply.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from base64 import b32encode

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import user_has_device
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from . import roles
from .models import MfaActivatiecode

AANTAL_HERSTELCODES = 10
TOTP_NAAM = "Authenticator-app"
HERSTEL_NAAM = "Herstelcodes"
_ROLLEN_MET_PERSOONSGEGEVENS = (roles.CONSULTANT, roles.TEAMLEIDER, roles.BEHEERDER)


def mfa_vereist(user) -> bool:
    """Every role that can see personal data, and anyone who may use the admin; a regiocoördinator sees only
    aggregates and is not asked."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or any(roles.has_role(user, r) for r in _ROLLEN_MET_PERSOONSGEGEVENS)


def heeft_mfa(user) -> bool:
    """Has the user finished enrolment (a confirmed device)? Then they verify; otherwise they enrol."""
    return user_has_device(user, confirmed=True)


def totp_in_te_stellen(user) -> TOTPDevice:
    """The unconfirmed TOTP device the enrolment page shows; reused while the user has not confirmed it, so
    reloading the page does not change the key they may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAAM, confirmed=False)


def sleutel_in_groepen(device: TOTPDevice) -> str:
    """The key in base32 (what authenticator apps take when typed in), in groups of four for readability."""
    sleutel = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(sleutel[i : i + 4] for i in range(0, len(sleutel), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no style attribute or script: the CSP forbids them)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="app-qr__code",
        lineclass=None,
        title=_("QR-code voor uw authenticator-app"),
    )


def bevestig_totp(user, code: str, activatie: int | None = None) -> tuple[TOTPDevice, list[str]]:
    """Confirm the device shown on the enrolment page with its first code; then make the recovery codes. The first
    enrolment also uses up the activation code `activatie` (its id, from `activatiecode_voor`), in the same
    transaction, so one code enrols one app once.
    Returns the device (to log in with) and the recovery codes (to show once). Raises ValidationError."""
    fout = None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        activatiecode = _bruikbare_codes(user).select_for_update().filter(pk=activatie).first() if activatie else None
        if device is None:
            fout = ValidationError(_("Open de pagina opnieuw om de authenticator-app in te stellen."))
        elif activatiecode is None:
            fout = ValidationError(
                _("Uw activatiecode is verlopen of al gebruikt. Vraag de beheerder om een nieuwe."), code="activatie"
            )
        else:
            fout = _controleer(device, code)
        if fout is None:
            if activatiecode is not None:
                activatiecode.gebruikt_op = timezone.now()
                activatiecode.save(update_fields=["gebruikt_op"])
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = maak_herstelcodes(user)
    # Outside the transaction: a failed attempt's throttle count must be kept, not rolled back with the error.
    if fout is not None:
        raise fout
    return device, codes


@transaction.atomic
def maak_herstelcodes(user) -> list[str]:
    """Ten new single-use recovery codes; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=HERSTEL_NAAM, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(AANTAL_HERSTELCODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verifieer(user, code: str):
    """Check a code from the app (six digits) or a recovery code (used up by this). Returns the device that
    accepted it; raises ValidationError with the reason. Only the device the code's form points at is tried, so
    a mistyped app code does not throttle the recovery codes, nor the other way round."""
    model = TOTPDevice if re.fullmatch(r"\d{6}", code) else StaticDevice
    fout = None
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        fout = _ongeldig() if device is None else _controleer(device, code)
    if fout is not None:
        raise fout
    return device


def _controleer(device, code: str) -> ValidationError | None:
    """None if the device accepts the code; else the error to show (django-otp's throttling in Dutch)."""
    toegestaan, extra = device.verify_is_allowed()
    if not toegestaan:
        if extra and extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            aantal = extra["failure_count"]
            return ValidationError(
                ngettext(
                    "Controle tijdelijk geblokkeerd na %(aantal)d mislukte poging. Wacht even en probeer het opnieuw.",
                    "Controle tijdelijk geblokkeerd na %(aantal)d mislukte pogingen. Wacht even en probeer het "
                    "opnieuw.",
                    aantal,
                )
                % {"aantal": aantal},
                code="geblokkeerd",
            )
        return ValidationError(_("De code kan nu niet worden gecontroleerd. Probeer het later opnieuw."))
    return None if device.verify_token(code) else _ongeldig()


def _ongeldig() -> ValidationError:
    return ValidationError(_("Deze code klopt niet. Controleer de code en probeer het opnieuw."), code="ongeldig")


# --- The activation code of the first enrolment ----------------------------------------------------------------------

_CODE_TEKENS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud or typed over from a letter
_CODE_LENGTE = 12  # 60 bits


def _hash(code: str) -> str:
    return hashlib.sha256(_normaal(code).encode()).hexdigest()


def _normaal(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def _bruikbare_codes(user):
    return MfaActivatiecode.objects.filter(gebruiker=user, gebruikt_op__isnull=True, geldig_tot__gt=timezone.now())


def geef_activatiecode(door, gebruiker) -> tuple[str, MfaActivatiecode]:
    """Issue a one-time activation code for `gebruiker`'s first enrolment, valid for MFA_ACTIVATIECODE_UREN hours;
    any earlier unused code stops working. Returns the code (to show once: only its hash is kept). Refused for
    oneself, for a user who already has an app, and for the person who set the user's password: whoever knows the
    password must not also hold the second factor. Raises ValidationError."""
    if door is not None and door.pk == gebruiker.pk:
        raise ValidationError(_("U kunt voor uzelf geen activatiecode uitgeven."), code="zelf")
    if door is not None and gebruiker.wachtwoord_gezet_door_id == door.pk:
        raise ValidationError(
            _("U heeft het wachtwoord van deze gebruiker ingesteld; een andere beheerder geeft de activatiecode uit."),
            code="wachtwoord",
        )
    if heeft_mfa(gebruiker):
        raise ValidationError(_("Deze gebruiker heeft de authenticator-app al ingesteld."), code="ingesteld")
    code = "".join(secrets.choice(_CODE_TEKENS) for _ in range(_CODE_LENGTE))
    nu = timezone.now()
    with transaction.atomic():
        _bruikbare_codes(gebruiker).update(geldig_tot=nu)
        activatiecode = MfaActivatiecode.objects.create(
            gebruiker=gebruiker,
            code_hash=_hash(code),
            uitgegeven_door=door,
            uitgegeven_op=nu,
            geldig_tot=nu + dt.timedelta(hours=settings.MFA_ACTIVATIECODE_UREN),
        )
    log_event(
        door,
        Handeling.CREATE,
        activatiecode,
        toelichting=f"MFA-activatiecode voor {gebruiker.get_username()}, "
        f"geldig tot {activatiecode.geldig_tot:%Y-%m-%d %H:%M} UTC",
    )
    return "-".join(code[i : i + 4] for i in range(0, _CODE_LENGTE, 4)), activatiecode


def activatiecode_bruikbaar(user, activatie: int) -> bool:
    return _bruikbare_codes(user).filter(pk=activatie).exists()


def activatiecode_voor(user, code: str) -> MfaActivatiecode:
    """The user's valid, unused activation code that `code` is; raises ValidationError otherwise. It is used up when
    the app is confirmed (`bevestig_totp`)."""
    activatiecode = _bruikbare_codes(user).filter(code_hash=_hash(code)).first()
    if activatiecode is None:
        raise ValidationError(
            _("Deze activatiecode klopt niet, is verlopen of is al gebruikt. Vraag de beheerder om een nieuwe."),
            code="ongeldig",
        )
    return activatiecode
