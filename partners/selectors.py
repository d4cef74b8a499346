"""Reads on organisations that other apps need: which providers a PIP may name, which ketenpartners an
action may be given to. Organisations are not personal data, so no audit events here."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q

from .models import Contract, Organisatie


def aanbieders_voor(leerroute, arbeidsmarktregio, peildatum: date):
    """The providers a PIP with `leerroute` may name in `arbeidsmarktregio` on `peildatum`: an active
    organisation with a Contract for that route in that region covering the peildatum and, when the
    route requires it (B1 and Z), a Blik op Werk keurmerk valid on the peildatum. The onderwijsroute
    needs the contract only (its quality is the education inspectorate's)."""
    if leerroute is None or arbeidsmarktregio is None:
        return Organisatie.objects.none()
    contract = Contract.objects.filter(
        organisatie=OuterRef("pk"),
        leerroute=leerroute,
        arbeidsmarktregio=arbeidsmarktregio,
        startdatum__lte=peildatum,
        einddatum__gte=peildatum,
    )
    qs = Organisatie.objects.filter(Exists(contract), actief=True)
    if leerroute.keurmerk_vereist:
        qs = qs.filter(keurmerk_blik_op_werk=True, keurmerk_geldig_tot__gte=peildatum)
    return qs.order_by("naam")


def ketenpartners_voor(arbeidsmarktregio):
    """The active ketenpartners of a region: the owners an action of a PIP may be given to."""
    return Organisatie.objects.filter(
        Q(type=Organisatie.Type.KETENPARTNER), actief=True, arbeidsmarktregios=arbeidsmarktregio
    ).order_by("naam")
