"""Verwijzingen to ketenpartners and sleutelpersonen (issue 4 part 3)."""

from __future__ import annotations


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for this module's section of the case page (templates/cases/dossier/_verwijzingen.html)."""
    return {}


urlpatterns: list = []
