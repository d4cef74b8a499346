"""The route map 'van AZC naar werk' on the case page (issue 4 part 5)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cases import routekaart
from cases.charts import routekaart as routekaart_svg
from cases.models import Statushouder

from . import routeafronding


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """The steps with their status, the map drawn from them, and where a moved case came from (the
    previous gemeente's name and the move date only: its file stays with that gemeente)."""
    voortgang = routekaart.voortgang(sh, vandaag)
    herkomst = None
    if sh.vorig_dossier_id:
        herkomst = Statushouder.objects.filter(pk=sh.vorig_dossier_id).values("gemeente__naam", "einddatum").first()
    return {
        "routekaart": voortgang,
        "routekaart_svg": routekaart_svg(voortgang.stappen, titel=_("Route van AZC naar werk"), id_prefix="routekaart"),
        "overgedragen_door": herkomst,
        "routeafronding": routeafronding.sectie(sh, voortgang, mag_wijzigen),
    }


urlpatterns: list = []
