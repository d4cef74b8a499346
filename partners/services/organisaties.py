"""Writes on the partner directory (issue 7): organisations and their contacts. Only the beheerder and the
regiocoördinator (for organisations active in their region) edit; every change is audit-logged with the fields
that changed. The validation is shared with the CSV import (csv_import.py), so a row of a file is held to the same
rules as the form."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import Contactpersoon, Organisatie
from ..selectors import beheerde_regios, beheert_partners, is_beheerder
from ..selectors import organisaties as selectors

VELDEN = (
    "naam",
    "type",
    "soort",
    "kvk_nummer",
    "plaats",
    "website",
    "email",
    "telefoon",
    "aanbod",
    "actief",
)
RELATIES = ("gemeenten", "arbeidsmarktregios")
CONTACTVELDEN = ("naam", "functie", "email", "telefoon")


def _max_lengte(model, veld: str, waarde: str, fouten: dict) -> None:
    maximum = model._meta.get_field(veld).max_length
    if maximum and len(waarde) > maximum:
        fouten[veld] = _("Dit veld is te lang (hoogstens %(max)d tekens).") % {"max": maximum}


def valideer_organisatie(actor, data: dict, organisatie: Organisatie | None = None, *, ook_in=()) -> dict:
    """Check an organisation's data (a dict with VELDEN and RELATIES) and return it cleaned; raises a
    ValidationError per field in Dutch. `ook_in`: (naam, type) pairs taken by earlier rows of an import."""
    data = {**data, "naam": (data.get("naam") or "").strip(), "kvk_nummer": (data.get("kvk_nummer") or "").strip()}
    fouten: dict[str, str] = {}
    if not data["naam"]:
        fouten["naam"] = _("Vul de naam van de organisatie in.")
    else:
        _max_lengte(Organisatie, "naam", data["naam"], fouten)
    if data.get("type") not in Organisatie.Type.values:
        fouten["type"] = _("Kies een type: taalaanbieder, ketenpartner, werkgever of onderwijs.")
    if data.get("soort"):
        if data["soort"] not in Organisatie.Soort.values:
            fouten["soort"] = _("Onbekende soort ketenpartner.")
        elif data.get("type") != Organisatie.Type.KETENPARTNER:
            fouten["soort"] = _("Alleen een ketenpartner heeft een soort.")
    if data["kvk_nummer"] and not re.fullmatch(r"[0-9]{8}", data["kvk_nummer"]):
        fouten["kvk_nummer"] = _("Een KvK-nummer bestaat uit precies 8 cijfers.")
    for veld in ("plaats", "telefoon"):
        _max_lengte(Organisatie, veld, data.get(veld) or "", fouten)
    if "naam" not in fouten and "type" not in fouten:
        dubbel = Organisatie.objects.filter(naam__iexact=data["naam"], type=data["type"])
        if organisatie is not None:
            dubbel = dubbel.exclude(pk=organisatie.pk)
        if dubbel.exists() or (data["naam"].lower(), data["type"]) in ook_in:
            fouten["naam"] = _("Er is al een %(type)s met de naam ‘%(naam)s’.") % {
                "type": Organisatie.Type(data["type"]).label,
                "naam": data["naam"],
            }
    if not is_beheerder(actor):
        eigen = set(beheerde_regios(actor).values_list("pk", flat=True))
        if not eigen.intersection(r.pk for r in data.get("arbeidsmarktregios") or ()):
            fouten["arbeidsmarktregios"] = _("Kies ten minste één arbeidsmarktregio waarvoor u werkt.")
    if fouten:
        raise ValidationError(fouten)
    return data


def mag_organisatie_wijzigen(actor, organisatie: Organisatie | None) -> None:
    """PermissionDenied unless `actor` may create (organisatie None) or edit this organisation."""
    if not beheert_partners(actor):
        raise PermissionDenied(_("Alleen de regiocoördinator en de beheerder wijzigen partnergegevens."))
    if organisatie is not None and not selectors.mag_bewerken(actor, organisatie):
        raise PermissionDenied(_("U mag deze organisatie niet wijzigen: zij werkt niet in uw regio."))


def schrijf_organisatie(organisatie: Organisatie | None, data: dict) -> tuple[Organisatie, list[str]]:
    """Store validated data; returns the organisation and the fields that changed (all set fields for a new one).
    No checks and no audit: callers (bewaar_organisatie, the import) do both."""
    nieuw = organisatie is None
    organisatie = organisatie or Organisatie()
    gewijzigd = [v for v in VELDEN if v in data and (nieuw or getattr(organisatie, v) != data[v])]
    for veld in gewijzigd:
        setattr(organisatie, veld, data[veld])
    if gewijzigd or nieuw:
        organisatie.save()
    for relatie in RELATIES:
        if relatie in data:
            nieuwe = {obj.pk for obj in data[relatie]}
            if nieuw or set(getattr(organisatie, relatie).values_list("pk", flat=True)) != nieuwe:
                getattr(organisatie, relatie).set(nieuwe)
                if nieuwe or not nieuw:
                    gewijzigd.append(relatie)
    return organisatie, gewijzigd


@transaction.atomic
def bewaar_organisatie(actor, data: dict, organisatie: Organisatie | None = None) -> Organisatie:
    """Create (organisatie None) or change an organisation."""
    mag_organisatie_wijzigen(actor, organisatie)
    if organisatie is not None:
        organisatie = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
    data = valideer_organisatie(actor, data, organisatie)
    nieuw = organisatie is None
    organisatie, gewijzigd = schrijf_organisatie(organisatie, data)
    if gewijzigd:
        log_event(actor, Handeling.CREATE if nieuw else Handeling.UPDATE, organisatie, velden=gewijzigd)
    return organisatie


def valideer_contactpersoon(data: dict, organisatie: Organisatie, contactpersoon=None, *, ook_in=()) -> dict:
    """Check a contact's data; a name is unique within its organisation (the import matches on it)."""
    data = {veld: (data.get(veld) or "").strip() for veld in CONTACTVELDEN}
    fouten: dict[str, str] = {}
    if not data["naam"]:
        fouten["naam"] = _("Vul de naam van de contactpersoon in.")
    for veld in CONTACTVELDEN:
        _max_lengte(Contactpersoon, veld, data[veld], fouten)
    if "naam" not in fouten and organisatie is not None and organisatie.pk:
        dubbel = organisatie.contactpersonen.filter(naam__iexact=data["naam"])
        if contactpersoon is not None:
            dubbel = dubbel.exclude(pk=contactpersoon.pk)
        if dubbel.exists():
            fouten["naam"] = _("%(organisatie)s heeft al een contactpersoon met de naam ‘%(naam)s’.") % {
                "organisatie": organisatie,
                "naam": data["naam"],
            }
    if "naam" not in fouten and data["naam"].lower() in ook_in:
        fouten["naam"] = _("Deze contactpersoon staat al eerder in het bestand.")
    if fouten:
        raise ValidationError(fouten)
    return data


@transaction.atomic
def bewaar_contactpersoon(actor, organisatie: Organisatie, data: dict, contactpersoon=None) -> Contactpersoon:
    """Add (contactpersoon None) or change a contact of an organisation."""
    mag_organisatie_wijzigen(actor, organisatie)
    organisatie = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
    if contactpersoon is not None:  # the stored values, not those a ModelForm may have put on the instance
        contactpersoon = organisatie.contactpersonen.get(pk=contactpersoon.pk)
    data = valideer_contactpersoon(data, organisatie, contactpersoon)
    nieuw = contactpersoon is None
    contactpersoon = contactpersoon or Contactpersoon(organisatie=organisatie)
    gewijzigd = [v for v in CONTACTVELDEN if nieuw or getattr(contactpersoon, v) != data[v]]
    for veld in gewijzigd:
        setattr(contactpersoon, veld, data[veld])
    if gewijzigd:
        contactpersoon.save()
        log_event(actor, Handeling.CREATE if nieuw else Handeling.UPDATE, contactpersoon, velden=gewijzigd)
    return contactpersoon


@transaction.atomic
def verwijder_contactpersoon(actor, contactpersoon: Contactpersoon) -> None:
    mag_organisatie_wijzigen(actor, contactpersoon.organisatie)
    log_event(
        actor,
        Handeling.DELETE,
        contactpersoon,
        velden=list(CONTACTVELDEN),
        toelichting=f"Contactpersoon {contactpersoon.naam} van {contactpersoon.organisatie} verwijderd",
    )
    contactpersoon.delete()
