"""Reads for the partner directory (issue 7): who reads and who edits organisations, the searchable list and one
organisation with its contacts. Organisations are not personal data, so no audit events on reads."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q

from inburgering.accounts import roles

from ..models import Contactpersoon, Gemeente, Keurmerk, Organisatie, keurmerk_geldig
from . import beheerbare_organisaties

KEURMERK_GELDIG, KEURMERK_VERLOPEN, KEURMERK_GEEN = "geldig", "verlopen", "geen"


def leest_partners(user) -> bool:
    """Everyone with a role reads the directory."""
    return user.is_superuser or any(roles.has_role(user, rol) for rol in roles.ROLES)


def mag_bewerken(user, organisatie) -> bool:
    return beheerbare_organisaties(user).filter(pk=organisatie.pk).exists()


def organisaties(
    *,
    zoek: str = "",
    type: str = "",
    soort: str = "",
    gemeente: Gemeente | None = None,
    keurmerk: str = "",
    vandaag: date,
):
    """The directory: search over name, plaats, aanbod and contact names; filters on type, soort, a gemeente
    served and the keurmerk (geldig / verlopen / geen on `vandaag`). The gemeenten served are prefetched, so a page
    costs the same number of queries however many organisations there are."""
    qs = Organisatie.objects.all()
    zoek = zoek.strip()
    if zoek:
        qs = qs.filter(
            Q(naam__icontains=zoek)
            | Q(plaats__icontains=zoek)
            | Q(aanbod__icontains=zoek)
            | Exists(Contactpersoon.objects.filter(organisatie_id=OuterRef("pk"), naam__icontains=zoek))
        )
    if type:
        qs = qs.filter(type=type)
    if soort:
        qs = qs.filter(soort=soort)
    if gemeente is not None:
        qs = qs.filter(
            Exists(Organisatie.gemeenten.through.objects.filter(organisatie_id=OuterRef("pk"), gemeente=gemeente))
        )
    bow = Keurmerk.Soort.BLIK_OP_WERK
    heeft_gehad = Exists(Keurmerk.objects.filter(organisatie=OuterRef("pk"), soort=bow))
    if keurmerk == KEURMERK_GELDIG:
        qs = qs.filter(keurmerk_geldig(bow, vandaag))
    elif keurmerk == KEURMERK_VERLOPEN:
        qs = qs.filter(heeft_gehad, ~keurmerk_geldig(bow, vandaag))
    elif keurmerk == KEURMERK_GEEN:
        qs = qs.filter(~heeft_gehad)
    return qs.prefetch_related(
        Prefetch("gemeenten", queryset=Gemeente.objects.only("pk", "naam")), "keurmerken"
    ).order_by("naam", "type", "pk")


def organisatie(uuid):
    """One organisation with its contacts, gemeenten, regions and keurmerk periods (prefetched); raises
    DoesNotExist."""
    return Organisatie.objects.prefetch_related("contactpersonen", "gemeenten", "arbeidsmarktregios", "keurmerken").get(
        uuid=uuid
    )
