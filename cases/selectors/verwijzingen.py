"""Reads of a case's verwijzingen (referrals to ketenpartners and sleutelpersonen)."""

from __future__ import annotations

from ..models import Verwijzing


def verwijzingen(user, statushouder):
    """The referrals of one case with their target, newest first (a queryset, to list or paginate). The caller
    has opened the case through a selector, which logged the READ."""
    return (
        Verwijzing.objects.for_user(user)
        .filter(statushouder=statushouder)
        .select_related("ketenpartner", "sleutelpersoon")
        .order_by("-datum", "-pk")
    )


def verwijzing(user, statushouder, uuid) -> Verwijzing:
    """One referral of the case; Verwijzing.DoesNotExist when absent or not visible (→ 404)."""
    return verwijzingen(user, statushouder).get(uuid=uuid)
