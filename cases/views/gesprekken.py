"""Voortgangsgesprekken and follow-ups on a case (issue 4 part 1)."""

from __future__ import annotations


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for this module's section of the case page (templates/cases/dossier/_gesprekken.html)."""
    return {}


urlpatterns: list = []
