"""MFA required for the roles that see personal data (BIO): until a second factor is verified in this session, a
user who needs one reaches only the MFA pages, logging out and the language switch; the admin is covered too.
And the session's idle and absolute time-outs, and no-store on every response with (possibly) personal data."""

import time
from functools import cache
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
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


# --- Sessions and caching (BIO) --------------------------------------------------------------------------------------

SESSIE_BEGIN = "sessie_begin"  # when the user logged in (seconds since the epoch)
SESSIE_LAATST = "sessie_laatst"  # the last request seen, rounded to a minute so not every request writes the session
_BIJWERKEN_NA = 60


def sessie_begonnen(sender, request, user, **kwargs) -> None:
    """user_logged_in: the absolute maximum counts from the login (the MFA step keeps the session's data)."""
    nu = time.time()
    request.session[SESSIE_BEGIN] = nu
    request.session[SESSIE_LAATST] = nu


class SessieVerloopMiddleware:
    """A session ends after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after the login, whatever
    happens in between. The user is logged out and sent to the login page, which says why; the provider API does not
    use sessions and is left alone. After AuthenticationMiddleware, before OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(API_PREFIX):
            verlopen = self._verlopen(request.session)
            if verlopen:
                logout(request)
                if request.path not in _vrije_paden()[0]:
                    return self._naar_login(request)
        return self.get_response(request)

    @staticmethod
    def _verlopen(sessie) -> bool:
        nu = time.time()
        begin, laatst = sessie.get(SESSIE_BEGIN), sessie.get(SESSIE_LAATST)
        if begin is None or laatst is None:  # a session from before this rule: it starts now
            sessie[SESSIE_BEGIN] = sessie[SESSIE_LAATST] = nu
            return False
        if nu - laatst > settings.SESSION_IDLE_MINUTES * 60 or nu - begin > settings.SESSION_MAX_HOURS * 3600:
            return True
        if nu - laatst >= _BIJWERKEN_NA:
            sessie[SESSIE_LAATST] = nu
        return False

    @staticmethod
    def _naar_login(request):
        """To the login page with ?next= the page asked for (for htmx: the page it is on) and ?verlopen=1."""
        htmx = request.headers.get("HX-Request") == "true"
        terug = request.get_full_path() if request.method == "GET" else ""
        if htmx:
            delen = urlsplit(request.headers.get("HX-Current-URL", ""))
            terug = urlunsplit(("", "", delen.path, delen.query, "")) if delen.path else ""
        url = f"{reverse('login')}?{urlencode({'next': terug, 'verlopen': 1} if terug else {'verlopen': 1})}"
        return HttpResponseClientRedirect(url) if htmx else HttpResponseRedirect(url)


class GeenOpslagMiddleware:
    """`Cache-Control: no-store` on every response Django renders: pages, fragments, PDFs, exports, the inzage JSON
    and the provider API all may carry personal data, and a browser's or proxy's cache must not keep a copy. Static
    files (served by WhiteNoise before this middleware, or under STATIC_URL) keep their long cache headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(_statisch()):
            patch_cache_control(response, no_store=True, private=True)
        return response


@cache
def _statisch() -> tuple[str, ...]:
    return tuple(f"/{p.lstrip('/')}" for p in (settings.STATIC_URL, settings.MEDIA_URL))
