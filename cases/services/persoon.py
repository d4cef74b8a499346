"""Changing the personal data of a case: contact data, nationality and languages, AZC and the notes of the warme
overdracht. One timeline entry names the changed groups (never the values), one audit UPDATE names the fields."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..landen_talen import geldige_nationaliteit, geldige_taal
from ..permissions import require_change
from .common import locked, timeline, today

PERSOON_VELDEN = (
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
    "nationaliteit",
    "talen",
    "azc",
    "overdracht_notities",
)
# The groups named in the timeline, in this order (Dutch, as every timeline text).
GROEPEN = {
    "straat": "adres",
    "huisnummer": "adres",
    "postcode": "adres",
    "woonplaats": "adres",
    "telefoon": "telefoon",
    "email": "e-mail",
    "nationaliteit": "nationaliteit",
    "talen": "talen",
    "azc": "AZC",
    "overdracht_notities": "overdrachtsnotities",
}


def _check(velden: dict) -> None:
    fouten = {}
    if "nationaliteit" in velden and not geldige_nationaliteit(velden["nationaliteit"]):
        fouten["nationaliteit"] = ["Onbekende landcode."]
    if "talen" in velden and not all(geldige_taal(c) for c in velden["talen"]):
        fouten["talen"] = ["Onbekende taalcode."]
    if fouten:
        raise ValidationError(fouten)


@transaction.atomic
def wijzig_persoonsgegevens(actor, statushouder, **velden) -> list[str]:
    """Save the changed fields; returns their names (empty when nothing changed: then nothing is written)."""
    onbekend = set(velden) - set(PERSOON_VELDEN)
    if onbekend:
        raise TypeError(f"onbekende velden: {sorted(onbekend)}")
    require_change(actor, statushouder)
    _check(velden)
    sh = locked(statushouder)
    gewijzigd = [veld for veld in PERSOON_VELDEN if veld in velden and getattr(sh, veld) != velden[veld]]
    if not gewijzigd:
        return []
    for veld in gewijzigd:
        setattr(sh, veld, velden[veld])
        setattr(statushouder, veld, velden[veld])
    sh.save(update_fields=gewijzigd)
    groepen = list(dict.fromkeys(GROEPEN[veld] for veld in gewijzigd))
    timeline(sh, "persoonsgegevens", f"Persoonsgegevens gewijzigd: {', '.join(groepen)}", today(), actor)
    log_event(actor, Handeling.UPDATE, sh, statushouder=sh, velden=gewijzigd, toelichting="persoonsgegevens")
    return gewijzigd
