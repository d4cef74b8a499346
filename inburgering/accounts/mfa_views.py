"""MFA after the password: enrol an authenticator app (QR code, key, first code), see the recovery codes once,
and verify a code at each new session. The writes are in `inburgering.accounts.mfa`."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from . import mfa
from .forms import MfaActivatieForm, MfaCodeForm, TotpInstelForm

HERSTELCODES_SESSIE = "mfa_herstelcodes"  # the new recovery codes, until the codes page has shown them
ACTIVATIE_SESSIE = "mfa_activatie"  # the activation code the user gave (its id), until the app is confirmed


def _volgende(request) -> str:
    """The page asked for before MFA (?next=), if it is on this site; else home."""
    volgende = request.POST.get("next") or request.GET.get("next")
    if volgende and url_has_allowed_host_and_scheme(volgende, {request.get_host()}, request.is_secure()):
        return volgende
    return reverse("home")


def _aangemeld(request, device) -> None:
    """The second factor is given: bind the device to the session, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def mfa_instellen(request):
    """Only while the user has no confirmed device, and only after the activation code the beheerder issued: a
    password alone must not let anyone enrol a new app."""
    volgende = _volgende(request)
    if request.user.is_verified():
        return redirect(volgende)
    if mfa.heeft_mfa(request.user):
        return redirect_to_login(volgende, reverse("mfa_verifieren"))
    activatie = request.session.get(ACTIVATIE_SESSIE)
    if activatie is None or not mfa.activatiecode_bruikbaar(request.user, activatie):
        return _activeren(request, volgende)
    form = TotpInstelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = mfa.bevestig_totp(request.user, form.cleaned_data["code"], activatie)
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            _aangemeld(request, device)
            request.session.pop(ACTIVATIE_SESSIE, None)
            request.session[HERSTELCODES_SESSIE] = codes
            return redirect_to_login(volgende, reverse("mfa_herstelcodes"))
    device = mfa.totp_in_te_stellen(request.user)
    context = {"form": form, "next": volgende, "qr": mfa.qr_svg(device), "sleutel": mfa.sleutel_in_groepen(device)}
    return render(request, "registration/mfa_instellen.html", context)


def _activeren(request, volgende):
    """Step 0 of the first enrolment: the activation code. A right code is remembered in the session (not used up
    yet: that happens when the app is confirmed), and the enrolment page shows the QR code."""
    form = MfaActivatieForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            activatiecode = mfa.activatiecode_voor(request.user, form.cleaned_data["activatiecode"])
        except ValidationError as exc:
            form.add_error("activatiecode", exc)
        else:
            request.session[ACTIVATIE_SESSIE] = activatiecode.pk
            return redirect_to_login(volgende, reverse("mfa_instellen"))
    return render(request, "registration/mfa_activeren.html", {"form": form, "next": volgende})


@login_required
@never_cache
def mfa_herstelcodes(request):
    """The recovery codes, once: they leave the session as they are shown (we keep no readable copy)."""
    codes = request.session.pop(HERSTELCODES_SESSIE, None)
    if not codes:
        return redirect(_volgende(request))
    return render(request, "registration/mfa_herstelcodes.html", {"codes": codes, "next": _volgende(request)})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def mfa_verifieren(request):
    volgende = _volgende(request)
    if request.user.is_verified():
        return redirect(volgende)
    if not mfa.heeft_mfa(request.user):
        return redirect_to_login(volgende, reverse("mfa_instellen"))
    form = MfaCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device = mfa.verifieer(request.user, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            _aangemeld(request, device)
            return redirect(volgende)
    return render(request, "registration/mfa_verifieren.html", {"form": form, "next": volgende})
