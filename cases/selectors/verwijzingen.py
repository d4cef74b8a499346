"""Reads of a case's verwijzingen (referrals to ketenpartners and sleutelpersonen)."""

from __future__ import annotations

from inburgering.compiled import CompiledQuery

from ..models import Verwijzing


def _met_doel():
    return Verwijzing.objects.select_related("ketenpartner", "sleutelpersoon").order_by("-datum", "-pk")


def verwijzingen(user, statushouder):
    """The referrals of one case with their target, newest first (a queryset, to list or paginate). The caller
    has opened the case through a selector, which logged the READ."""
    return _met_doel().for_user(user).filter(statushouder=statushouder)


_VAN_DOSSIER = CompiledQuery(lambda pk: _met_doel().filter(statushouder_id=pk), pk=int)


def van_geopend_dossier(statushouder) -> list[Verwijzing]:
    """`verwijzingen` of a case the case page has opened (permission checked, READ logged), compiled once."""
    return _VAN_DOSSIER(pk=statushouder.pk)


def verwijzing(user, statushouder, uuid) -> Verwijzing:
    """One referral of the case; Verwijzing.DoesNotExist when absent or not visible (→ 404)."""
    return verwijzingen(user, statushouder).get(uuid=uuid)
