"""The route map 'van AZC naar werk' on the case page (issue 4 part 5)."""

from __future__ import annotations


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for this module's section of the case page (templates/cases/dossier/_routekaart.html)."""
    return {}


urlpatterns: list = []
