"""`Authorization: Api-Key <key>`: the key (partners.ApiSleutel, stored hashed) acts for its organisation.

A missing, unknown or revoked key is 401 (problem+json, with `WWW-Authenticate: Api-Key`). Each successful
request stamps the key's last use, at most once a minute so a nightly upload does not write on every batch.

Failed attempts are rate-limited per client address (issue 17): after MISLUKT_LIMIET unknown, revoked or expired
keys from one address within a minute, every request with a key from that address is answered 429 (with
`Retry-After`) until the minute is over, before any database query. The address is the one django-axes uses
for the login lockout (the trusted proxy's header in production), so one client cannot block the others."""

from __future__ import annotations

import time
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions
from rest_framework_api_key.permissions import KeyParser

from partners.models import ApiSleutel, Organisatie

LAATST_GEBRUIKT_RESOLUTIE = timedelta(minutes=1)
MISLUKT_VENSTER = 60  # seconds


def _mislukt_limiet() -> int:
    return settings.API_MISLUKT_PER_MINUUT  # read per request, so a deployment (or a test) can change it


def _mislukt_sleutel(request) -> tuple[str, float]:
    """The cache key of this client's failed attempts in the current minute, and the seconds left in it."""
    nu = time.time()
    venster = int(nu // MISLUKT_VENSTER)
    adres = get_client_ip_address(getattr(request, "_request", request)) or "onbekend"
    return f"api-mislukt:{adres}:{venster}", (venster + 1) * MISLUKT_VENSTER - nu


def _controleer_mislukt(request) -> None:
    sleutel, over = _mislukt_sleutel(request)
    if (cache.get(sleutel) or 0) >= _mislukt_limiet():
        raise exceptions.Throttled(wait=over)


def _tel_mislukt(request) -> None:
    sleutel, _over = _mislukt_sleutel(request)
    if not cache.add(sleutel, 1, timeout=MISLUKT_VENSTER + 5):
        try:
            cache.incr(sleutel)
        except ValueError:  # expired in between
            cache.add(sleutel, 1, timeout=MISLUKT_VENSTER + 5)


class ApiSleutelAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"
    parser = KeyParser()

    def authenticate(self, request):
        key = self.parser.get(request)
        if not key:
            return None  # no credentials: the permission check answers 401 via authenticate_header
        _controleer_mislukt(request)
        try:
            sleutel = ApiSleutel.objects.get_from_key(key)
        except ApiSleutel.DoesNotExist:
            _tel_mislukt(request)
            raise exceptions.AuthenticationFailed("De API-sleutel is onbekend of ingetrokken.") from None
        if sleutel.has_expired:
            _tel_mislukt(request)
            raise exceptions.AuthenticationFailed("De API-sleutel is verlopen.")
        nu = timezone.now()
        if sleutel.laatst_gebruikt_op is None or nu - sleutel.laatst_gebruikt_op > LAATST_GEBRUIKT_RESOLUTIE:
            ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=nu)
            sleutel.laatst_gebruikt_op = nu
        return (None, sleutel)

    def authenticate_header(self, request):
        return self.keyword


class IsTaalaanbieder(permissions.BasePermission):
    """Only a key of an active provider (taalaanbieder or onderwijsroute school) gets in; `request.auth` is
    then its ApiSleutel."""

    message = "Deze API is alleen voor taal- en onderwijsaanbieders met een geldige API-sleutel."

    def has_permission(self, request, view):
        sleutel = request.auth
        if not isinstance(sleutel, ApiSleutel):
            raise exceptions.NotAuthenticated("Stuur een API-sleutel mee: Authorization: Api-Key <sleutel>.")
        organisatie = sleutel.organisatie
        return organisatie.actief and organisatie.type in Organisatie.AANBIEDERS


def organisatie_van(request) -> Organisatie:
    """The organisation the request acts for (after authentication)."""
    return request.auth.organisatie
