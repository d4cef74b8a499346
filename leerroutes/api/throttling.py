"""Throttling per API key (settings.API_THROTTLE_RATE, default 120 requests a minute; docs/provider-api.md)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ApiSleutelThrottle(SimpleRateThrottle):
    scope = "api_sleutel"

    def get_rate(self):
        return settings.API_THROTTLE_RATE  # read per request, so a deployment (or a test) can change it

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None  # unauthenticated requests end in 401 anyway
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
