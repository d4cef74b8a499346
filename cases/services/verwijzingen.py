"""Verwijzingen: a referral of a statushouder to a ketenpartner of the region (GGZ, VluchtelingenWerk, WSP...)
or to a sleutelpersoon, and later its outcome. The checks mirror the Verwijzing CHECK constraints (exactly one
target, a reason, the outcome not before the referral), so the user gets a Dutch message first."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import Verwijzing
from ..permissions import require_change
from .common import locked, not_in_future, timeline

REDEN_MAX = Verwijzing._meta.get_field("reden").max_length


def _kort(tekst: str) -> str:
    """The timeline holds 255 characters; the full reason and outcome stay on the referral."""
    return Truncator(tekst).chars(255)


def _check_doel(statushouder, ketenpartner, sleutelpersoon) -> dict:
    from partners.models import Sleutelpersoon
    from partners.selectors import ketenpartners_voor

    regio_id = statushouder.gemeente.arbeidsmarktregio_id
    if ketenpartner is None and sleutelpersoon is None:
        return {"ketenpartner": _("Kies een ketenpartner of een sleutelpersoon.")}
    if ketenpartner is not None and sleutelpersoon is not None:
        return {"ketenpartner": _("Verwijs naar een ketenpartner óf naar een sleutelpersoon, niet naar allebei.")}
    if ketenpartner is not None and not ketenpartners_voor(regio_id).filter(pk=ketenpartner.pk).exists():
        return {"ketenpartner": _("Kies een ketenpartner uit de regio van de gemeente.")}
    if (
        sleutelpersoon is not None
        and not Sleutelpersoon.objects.filter(pk=sleutelpersoon.pk, arbeidsmarktregio_id=regio_id, actief=True).exists()
    ):
        return {"sleutelpersoon": _("Kies een actieve sleutelpersoon uit de regio van de gemeente.")}
    return {}


@transaction.atomic
def verwijs(*, actor, statushouder, reden: str, datum: date, ketenpartner=None, sleutelpersoon=None) -> Verwijzing:
    """Refer to exactly one of: an active ketenpartner (Organisatie) of the gemeente's region, or an active
    sleutelpersoon of that region."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    fouten = _check_doel(statushouder, ketenpartner, sleutelpersoon)
    reden = (reden or "").strip()
    if not reden:
        fouten["reden"] = _("Geef de reden van de verwijzing.")
    elif len(reden) > REDEN_MAX:
        fouten["reden"] = _("Beschrijf de reden in ten hoogste %(max)s tekens.") % {"max": REDEN_MAX}
    if datum is None:
        fouten["datum"] = _("Vul de datum van de verwijzing in.")
    if fouten:
        raise ValidationError(fouten)
    not_in_future(datum, "datum")
    verwijzing = Verwijzing.objects.create(
        statushouder=statushouder, ketenpartner=ketenpartner, sleutelpersoon=sleutelpersoon, reden=reden, datum=datum
    )
    doel = ketenpartner or f"sleutelpersoon {sleutelpersoon}"
    timeline(statushouder, "verwijzing", _kort(f"Verwezen naar {doel}: {reden}"), datum, actor)
    log_event(actor, Handeling.CREATE, verwijzing, statushouder=statushouder)
    return verwijzing


@transaction.atomic
def leg_uitkomst_vast(*, actor, statushouder, verwijzing, uitkomst: str, afgerond_op: date) -> Verwijzing:
    """Close a referral (`verwijzing` is its uuid; another case's → Verwijzing.DoesNotExist) with its outcome."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    verwijzing = (
        Verwijzing.objects.select_for_update(of=("self",))
        .select_related("ketenpartner", "sleutelpersoon")
        .get(statushouder=statushouder, uuid=verwijzing)
    )
    if verwijzing.afgerond_op is not None:
        raise ValidationError(_("Deze verwijzing is al afgerond."))
    fouten = {}
    uitkomst = (uitkomst or "").strip()
    if not uitkomst:
        fouten["uitkomst"] = _("Beschrijf de uitkomst van de verwijzing.")
    if afgerond_op is None:
        fouten["afgerond_op"] = _("Vul de datum van afronding in.")
    elif afgerond_op < verwijzing.datum:
        fouten["afgerond_op"] = _("De datum van afronding ligt vóór de datum van de verwijzing (%(datum)s).") % {
            "datum": f"{verwijzing.datum:%d-%m-%Y}"
        }
    if fouten:
        raise ValidationError(fouten)
    not_in_future(afgerond_op, "afgerond_op")
    verwijzing.uitkomst = uitkomst
    verwijzing.afgerond_op = afgerond_op
    verwijzing.save(update_fields=["uitkomst", "afgerond_op"])
    doel = verwijzing.ketenpartner or f"sleutelpersoon {verwijzing.sleutelpersoon}"
    omschrijving = _kort(f"Verwijzing naar {doel} afgerond: {uitkomst}")
    timeline(statushouder, "verwijzing:afgerond", omschrijving, afgerond_op, actor)
    log_event(actor, Handeling.UPDATE, verwijzing, statushouder=statushouder, velden=["uitkomst", "afgerond_op"])
    return verwijzing
