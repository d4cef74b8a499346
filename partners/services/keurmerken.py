"""Writes on the keurmerk periods of providers (DOMAIN.md req. 9): the Blik op Werk keurmerk of a B1- or Z-route
provider and the recognition as erkende taalschakelinstelling of an onderwijsroute institution, each as periods
with their history. The regiocoördinator (providers of their region) and the beheerder record them; periods of the
same soort do not overlap; every change is audit-logged."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import Keurmerk, Organisatie
from ..selectors import beheerbare_aanbieders


def _overlapt(a_van: date, a_tot: date | None, b_van: date, b_tot: date | None) -> bool:
    return (a_tot is None or a_tot >= b_van) and (b_tot is None or b_tot >= a_van)


def overlap_fout(perioden) -> str | None:
    """Why these periods (dicts or Keurmerk objects with soort, geldig_van, geldig_tot) cannot all stand, or None:
    two periods of the same soort that overlap."""

    def waarde(p, veld):
        return p.get(veld) if isinstance(p, dict) else getattr(p, veld)

    perioden = list(perioden)
    for i, a in enumerate(perioden):
        for b in perioden[i + 1 :]:
            if waarde(a, "soort") == waarde(b, "soort") and _overlapt(
                waarde(a, "geldig_van"), waarde(a, "geldig_tot"), waarde(b, "geldig_van"), waarde(b, "geldig_tot")
            ):
                van = waarde(b, "geldig_van")
                return _("Deze periode overlapt met een andere periode van hetzelfde keurmerk (vanaf %(van)s).") % {
                    "van": f"{van:%d-%m-%Y}"
                }
    return None


def _mag_wijzigen(actor, organisatie: Organisatie) -> Organisatie:
    if not beheerbare_aanbieders(actor).filter(pk=organisatie.pk).exists():
        raise PermissionDenied(_("U mag het keurmerk van deze organisatie niet wijzigen."))
    return Organisatie.objects.select_for_update().get(pk=organisatie.pk)  # one writer of its periods at a time


@transaction.atomic
def leg_keurmerk_vast(
    actor,
    organisatie: Organisatie,
    *,
    soort: str = Keurmerk.Soort.BLIK_OP_WERK,
    geldig_van: date | None,
    geldig_tot: date | None = None,
    registratienummer: str = "",
    keurmerk: Keurmerk | None = None,
) -> Keurmerk:
    """Add a keurmerk period to `organisatie`, or change `keurmerk` (one of its periods). Refused, in Dutch per
    field, without a start, with an end before the start, or overlapping another period of the same soort."""
    organisatie = _mag_wijzigen(actor, organisatie)
    if keurmerk is not None and keurmerk.organisatie_id != organisatie.pk:
        raise PermissionDenied(_("Dit keurmerk hoort niet bij deze organisatie."))
    fouten = {}
    if soort not in Keurmerk.Soort.values:
        fouten["soort"] = _("Kies Blik op Werk keurmerk of erkende taalschakelinstelling.")
    if geldig_van is None:
        fouten["geldig_van"] = _("Vul in vanaf wanneer het keurmerk geldt.")
    elif geldig_tot is not None and geldig_tot < geldig_van:
        fouten["geldig_tot"] = _("‘Geldig tot’ ligt vóór ‘geldig van’.")
    registratienummer = (registratienummer or "").strip()
    if len(registratienummer) > Keurmerk._meta.get_field("registratienummer").max_length:
        fouten["registratienummer"] = _("Het registratienummer is te lang.")
    if not fouten:
        andere = Keurmerk.objects.filter(organisatie=organisatie, soort=soort)
        if keurmerk is not None:
            andere = andere.exclude(pk=keurmerk.pk)
        nieuw = {"soort": soort, "geldig_van": geldig_van, "geldig_tot": geldig_tot}
        if fout := overlap_fout([nieuw, *andere]):
            fouten["geldig_van"] = fout
    if fouten:
        raise ValidationError(fouten)
    waarden = {
        "soort": soort,
        "geldig_van": geldig_van,
        "geldig_tot": geldig_tot,
        "registratienummer": registratienummer,
    }
    if keurmerk is None:
        keurmerk = Keurmerk.objects.create(organisatie=organisatie, **waarden)
        log_event(actor, Handeling.CREATE, keurmerk, velden=list(waarden), toelichting=f"Keurmerk {organisatie}"[:255])
        return keurmerk
    gewijzigd = [veld for veld, waarde in waarden.items() if getattr(keurmerk, veld) != waarde]
    if gewijzigd:
        for veld in gewijzigd:
            setattr(keurmerk, veld, waarden[veld])
        keurmerk.save(update_fields=gewijzigd)
        log_event(actor, Handeling.UPDATE, keurmerk, velden=gewijzigd, toelichting=f"Keurmerk {organisatie}"[:255])
    return keurmerk


@transaction.atomic
def verwijder_keurmerk(actor, keurmerk: Keurmerk) -> None:
    """Remove a period recorded by mistake (an ended keurmerk is ended with ‘geldig tot’, not removed)."""
    _mag_wijzigen(actor, keurmerk.organisatie)
    log_event(actor, Handeling.DELETE, keurmerk, toelichting=f"Keurmerk {keurmerk.organisatie}: {keurmerk}"[:255])
    keurmerk.delete()
