"""Input no page or API operation can use is refused before a view sees it (issue 17, item 7).

- A NUL character (`%00`) in the path, a query parameter or a form field: PostgreSQL cannot store or compare it,
  so an admin list filter or a search with one ended in a 500. Now: 400 with a clear Dutch page, or for the
  provider API a problem+json naming the parameter.
- An over-long URL (path and query string together over MAX_URL_LENGTE characters): 414, again as a page or as
  problem+json. gunicorn's own limit on the request line (gunicorn.conf.py, limit_request_line) lies above this
  one, so Django answers instead of gunicorn's bare HTML.

- A username longer than the user model allows on a login page: 400. Django's AuthenticationForm sets the field's
  max_length after construction, so the limit is never validated; django-axes then tried to store the failed
  attempt with the over-long name and failed (a 500).

Only form bodies are read (urlencoded and multipart); JSON bodies are the parsers' business (the provider API
bounds their depth in leerroutes.api.parsers). Files in a multipart body are not looked at: a file may hold NULs."""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _

from leerroutes.api.middleware import API_PREFIX

MAX_URL_LENGTE = 4096  # characters of path + query string; gunicorn.conf.py allows a longer request line
NUL = "\x00"
FORMULIEREN = ("application/x-www-form-urlencoded", "multipart/form-data")


@cache
def _inlogpaden() -> frozenset[str]:
    return frozenset((reverse("login"), reverse("admin:login")))


def _naam_te_lang(request) -> str | None:
    """On a login page: the username field when it is longer than the user model's username."""
    if request.path not in _inlogpaden():
        return None
    veld = get_user_model().USERNAME_FIELD
    maximum = get_user_model()._meta.get_field(veld).max_length
    return veld if len(request.POST.get(veld, "")) > maximum else None


def _met_nul(querydict) -> str | None:
    """The name of the first parameter whose name or a value holds a NUL, or None."""
    for naam, waarden in querydict.lists():
        if NUL in naam or any(NUL in waarde for waarde in waarden):
            return naam.replace(NUL, "\\0")
    return None


class InvoerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._weigering(request) or self.get_response(request)

    def _weigering(self, request) -> HttpResponse | None:
        api = request.path.startswith(API_PREFIX)
        if len(request.get_full_path()) > MAX_URL_LENGTE:
            return self._antwoord(request, api, "url", None)
        if NUL in request.path:
            return self._antwoord(request, api, "nul", "pad")
        if (naam := _met_nul(request.GET)) is not None:
            return self._antwoord(request, api, "nul", naam)
        if not api and request.method == "POST" and request.content_type in FORMULIEREN:
            if _met_nul(request.POST) is not None:
                return self._antwoord(request, api, "nul", None)
            if _naam_te_lang(request) is not None:
                return self._antwoord(request, api, "naam", None)
        return None

    def _antwoord(self, request, api: bool, soort: str, naam: str | None) -> HttpResponse:
        """`soort`: "url" (414), "nul" (400, naming the parameter for the API) or "naam" (400, login only)."""
        if api:
            from leerroutes.api.problems import problem_response  # the API's own format

            if soort == "url":
                return problem_response(414)
            reden = "Bevat een NUL-teken (\\0); dat is nergens toegestaan."
            return problem_response(
                400, instance=request.path.replace(NUL, "\\0"), invalid_params=[{"name": naam, "reason": reden}]
            )
        titel = _("Ongeldige invoer")
        if soort == "url":
            titel = _("Adres te lang")
            melding = _(
                "Het adres van deze pagina is te lang. Maak de zoekopdracht of het filter korter en probeer "
                "het opnieuw."
            )
        elif soort == "naam":
            melding = _("De gebruikersnaam is te lang. Controleer hem en probeer het opnieuw.")
        else:
            melding = _(
                "Uw invoer bevat een teken dat niet is toegestaan (een NUL-teken). Haal het weg en probeer het opnieuw."
            )
        # Rendered without the request's context, like the 500 page: no query, and nothing of the bad input echoed.
        pagina = loader.render_to_string("invoer_ongeldig.html", {"titel": titel, "melding": melding})
        return HttpResponse(pagina, status=414 if soort == "url" else 400)
