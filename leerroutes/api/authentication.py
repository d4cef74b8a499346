"""`Authorization: Api-Key <key>`: the key (partners.ApiSleutel, stored hashed) acts for its organisation.

A missing, unknown or revoked key is 401 (problem+json, with `WWW-Authenticate: Api-Key`). Each successful
request stamps the key's last use, at most once a minute so a nightly upload does not write on every batch."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions, permissions
from rest_framework_api_key.permissions import KeyParser

from partners.models import ApiSleutel, Organisatie

LAATST_GEBRUIKT_RESOLUTIE = timedelta(minutes=1)


class ApiSleutelAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"
    parser = KeyParser()

    def authenticate(self, request):
        key = self.parser.get(request)
        if not key:
            return None  # no credentials: the permission check answers 401 via authenticate_header
        try:
            sleutel = ApiSleutel.objects.get_from_key(key)
        except ApiSleutel.DoesNotExist:
            raise exceptions.AuthenticationFailed("De API-sleutel is onbekend of ingetrokken.") from None
        if sleutel.has_expired:
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
