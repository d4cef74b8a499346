"""MFA: verify a TOTP code or a recovery code after the password, enrol a TOTP device (being written)."""

from django.http import HttpResponse


def _nog_niet(request, *args, **kwargs):
    return HttpResponse(status=501)


mfa_verifieren = mfa_instellen = mfa_herstelcodes = _nog_niet
