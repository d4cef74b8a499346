"""Writes on the sleutelpersonen pool (issue 7): the regiocoördinator (own region) and the beheerder add and change
sleutelpersonen; every change is audit-logged with the fields that changed."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import Sleutelpersoon
from ..selectors import TAALNAMEN, beheerde_regios, beheert_partners
from ..selectors.sleutelpersonen import beheerbare_sleutelpersonen

VELDEN = (
    "naam",
    "arbeidsmarktregio",
    "gemeente",
    "talen",
    "nationaliteiten",
    "telefoon",
    "email",
    "beschikbaarheid",
    "actief",
)


def _valideer(actor, data: dict) -> dict:
    data = {**data, "naam": (data.get("naam") or "").strip()}
    data["nationaliteiten"] = [n.strip().upper() for n in data.get("nationaliteiten") or [] if n.strip()]
    fouten: dict[str, str] = {}
    if not data["naam"]:
        fouten["naam"] = _("Vul de naam van de sleutelpersoon in.")
    if not data.get("talen"):
        fouten["talen"] = _("Kies ten minste één taal die de sleutelpersoon spreekt.")
    elif any(t not in TAALNAMEN for t in data["talen"]):
        fouten["talen"] = _("Onbekende taal: kies uit de lijst.")
    if any(not re.fullmatch(r"[A-Z]{3}", n) for n in data["nationaliteiten"]):
        fouten["nationaliteiten"] = _("Gebruik landcodes van drie letters (ISO 3166), bijvoorbeeld SYR, ERI.")
    regio = data.get("arbeidsmarktregio")
    if regio is None or not beheerde_regios(actor).filter(pk=regio.pk).exists():
        fouten["arbeidsmarktregio"] = _("Kies een arbeidsmarktregio waarvoor u werkt.")
    elif data.get("gemeente") is not None and data["gemeente"].arbeidsmarktregio_id != regio.pk:
        fouten["gemeente"] = _("Deze gemeente ligt niet in de gekozen arbeidsmarktregio.")
    if fouten:
        raise ValidationError(fouten)
    return data


@transaction.atomic
def bewaar_sleutelpersoon(actor, data: dict, sleutelpersoon: Sleutelpersoon | None = None) -> Sleutelpersoon:
    """Add (sleutelpersoon None) or change a sleutelpersoon of a region the actor manages."""
    if not beheert_partners(actor):
        raise PermissionDenied(_("Alleen de regiocoördinator en de beheerder wijzigen sleutelpersonen."))
    if sleutelpersoon is not None:
        try:
            sleutelpersoon = beheerbare_sleutelpersonen(actor).select_for_update().get(pk=sleutelpersoon.pk)
        except Sleutelpersoon.DoesNotExist:
            raise PermissionDenied(_("Deze sleutelpersoon hoort niet bij uw regio.")) from None
    data = _valideer(actor, data)
    nieuw = sleutelpersoon is None
    sleutelpersoon = sleutelpersoon or Sleutelpersoon()
    gewijzigd = [v for v in VELDEN if v in data and (nieuw or getattr(sleutelpersoon, v) != data[v])]
    for veld in gewijzigd:
        setattr(sleutelpersoon, veld, data[veld])
    if gewijzigd:
        sleutelpersoon.save()
        log_event(actor, Handeling.CREATE if nieuw else Handeling.UPDATE, sleutelpersoon, velden=gewijzigd)
    return sleutelpersoon
