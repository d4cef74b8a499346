"""The search box in the header: BSN, the last digits of the masked BSN, a name, a letter kenmerk.

The term travels in a POST body, never in a URL (a BSN must not land in the access log or the browser history);
the lists with a search field do the same (cases/forms/caseload.py: bewaar_zoekterm).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_events

from ..selectors import zoeken as zoek_selectors
from .gedeeld import casework_role


@sensitive_post_parameters("q")  # the term (a BSN, a name) stays out of error reports
@login_required
@require_http_methods(["GET", "POST"])
def zoeken(request):
    """GET: the empty search form; POST: the cases the user may see that match (at most 50)."""
    user = request.user
    casework_role(user)
    term = (request.POST.get("q") or "").strip()[:100] if request.method == "POST" else ""
    zoekterm_, rijen, meer = zoek_selectors.zoek(user, term)
    if rijen:
        log_events(user, Handeling.LIST, rijen, toelichting="zoeken")
    return render(
        request,
        "cases/zoeken.html",
        {
            "term": term,
            "zoekterm": zoekterm_,
            "gezocht": request.method == "POST",
            "rijen": rijen,
            "meer": meer,
            "max_resultaten": zoek_selectors.MAX_RESULTATEN,
        },
    )


urlpatterns = [
    path("zoeken/", zoeken, name="zoeken"),
]
