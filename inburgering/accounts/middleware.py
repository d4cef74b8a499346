"""MFA required for the roles that see personal data (BIO): until a second factor is verified in this session, a
user who needs one reaches only the MFA pages, logging out and the language switch; the admin is covered too."""

from functools import cache
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from leerroutes.api.middleware import API_PREFIX

from . import mfa


@cache
def _vrije_paden() -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact paths, path prefixes) that need no second factor. The provider API authenticates with API keys,
    not sessions; static and media files hold no personal data."""
    namen = ("login", "logout", "admin:logout", "set_language", "mfa_verifieren", "mfa_instellen", "mfa_herstelcodes")
    return frozenset(reverse(naam) for naam in namen), (settings.STATIC_URL, settings.MEDIA_URL, API_PREFIX)


def _vrij(path: str) -> bool:
    exact, prefixes = _vrije_paden()
    return path in exact or path.startswith(prefixes)


class MfaVereistMiddleware:
    """After django_otp's OTPMiddleware (request.user.is_verified()). Off when settings.MFA_VERPLICHT is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MFA_VERPLICHT and not _vrij(request.path):
            user = request.user
            if user.is_authenticated and not user.is_verified() and mfa.mfa_vereist(user):
                return self._naar_mfa(request)
        return self.get_response(request)

    @staticmethod
    def _naar_mfa(request):
        """To verification (a device is set up) or enrolment, with ?next= the page asked for. htmx swaps the
        response of a fragment into the page, so it gets HX-Redirect with the page it is on as next."""
        pagina = "mfa_verifieren" if mfa.heeft_mfa(request.user) else "mfa_instellen"
        htmx = request.headers.get("HX-Request") == "true"
        terug = request.get_full_path()
        if htmx and request.headers.get("HX-Current-URL"):
            delen = urlsplit(request.headers["HX-Current-URL"])
            terug = urlunsplit(("", "", delen.path, delen.query, ""))
        response = redirect_to_login(terug, reverse(pagina))
        return HttpResponseClientRedirect(response.url) if htmx else response
