"""Reads on the sleutelpersonen pool (issue 7). A sleutelpersoon is a person: consultants and teamleiders see
the pool of their gemeente's arbeidsmarktregio (they need the contact details for a referral), a regiocoördinator
that of their region, a beheerder all. Showing a page of the pool is audit-logged (one bulk insert)."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model

from inburgering.accounts import roles

from ..models import Arbeidsmarktregio, Gemeente, Sleutelpersoon
from . import TAALNAMEN, beheerde_regios, is_beheerder, taalnaam

ACTIEF, INACTIEF, ALLE = "actief", "inactief", "alle"


def zichtbare_regios(user):
    """The regions whose sleutelpersonen `user` sees."""
    if is_beheerder(user) or roles.has_role(user, roles.REGIOCOORDINATOR):
        return beheerde_regios(user)
    if any(roles.has_role(user, rol) for rol in roles.CASEWORK_ROLES):
        groepen = get_user_model().groups.through.objects.filter(user_id=user.pk).values("group_id")
        return Arbeidsmarktregio.objects.filter(
            pk__in=Gemeente.objects.filter(group_id__in=groepen).values("arbeidsmarktregio_id")
        )
    return Arbeidsmarktregio.objects.none()


def pool(user, *, taal: str = "", gemeente: Gemeente | None = None, actief: str = ACTIEF):
    """The sleutelpersonen `user` sees, filtered on a spoken language, a gemeente and active/inactive."""
    qs = Sleutelpersoon.objects.filter(arbeidsmarktregio__in=zichtbare_regios(user))
    if taal:
        qs = qs.filter(talen__contains=[taal])
    if gemeente is not None:
        qs = qs.filter(gemeente=gemeente)
    if actief == ACTIEF:
        qs = qs.filter(actief=True)
    elif actief == INACTIEF:
        qs = qs.filter(actief=False)
    return qs.select_related("gemeente", "arbeidsmarktregio").order_by("naam", "pk")


def beheerbare_sleutelpersonen(user):
    return Sleutelpersoon.objects.filter(arbeidsmarktregio__in=beheerde_regios(user))


def actief_per_taal(user) -> list[tuple[str, str, int]]:
    """(code, Dutch name, number of active sleutelpersonen speaking it) in the regions `user` manages, most spoken
    first. One query; counts of the pool only, nothing about statushouders."""
    telling = Counter(
        taal
        for talen in beheerbare_sleutelpersonen(user).filter(actief=True).values_list("talen", flat=True)
        for taal in talen
    )
    return sorted(((code, taalnaam(code), n) for code, n in telling.items()), key=lambda r: (-r[2], r[1]))


def taalkeuzes() -> list[tuple[str, str]]:
    """The languages as (ISO code, Dutch name), by name."""
    return sorted(((code, str(naam)) for code, naam in TAALNAMEN.items()), key=lambda k: k[1])
