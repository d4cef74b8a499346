"""Participatie (work, education, volunteering, placements) of a case (issue 4 part 2)."""

from __future__ import annotations


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for this module's section of the case page (templates/cases/dossier/_participatie.html)."""
    return {}


urlpatterns: list = []
