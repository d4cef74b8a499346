"""Vandaag: the worklist of signals that need action now (issue 4 part 4)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for the signals section of the case page (templates/cases/dossier/_signalen.html)."""
    return {}


@login_required
def vandaag(request):
    return render(request, "cases/vandaag.html", {})


urlpatterns = [path("vandaag/", vandaag, name="vandaag")]
