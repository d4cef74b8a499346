"""The teamleider's pages: caseload per consultant and (bulk) reassignment (issue 4 part 7)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for the assignment form on the case page (templates/cases/dossier/_toewijzen.html)."""
    return {}


@login_required
def team(request):
    return render(request, "cases/team.html", {})


urlpatterns = [path("team/", team, name="team")]
