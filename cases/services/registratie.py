"""Registration (warme overdracht): a new case in state `aangemeld`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inburgering.accounts import roles
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import Statushouder
from ..permissions import require_gemeente
from ..validators import validate_bsn
from ..workflow import Status
from .common import timeline, today

REGISTRATIE_VELDEN = {
    "bsn", "voornamen", "achternaam", "geboortedatum", "geslacht", "nationaliteit", "talen", "telefoon",
    "email", "straat", "huisnummer", "postcode", "woonplaats",
    "doelgroep", "oude_wet", "overdracht_scenario", "azc", "overdracht_notities",
    "verblijfsvergunning_datum", "koppeling_datum", "kennisgeving_datum", "brp_inschrijving_datum",
    "huisvesting_datum", "bijstand_start_datum",
}  # fmt: skip


@transaction.atomic
def registreer_statushouder(*, actor, gemeente, consultant=None, datum: date | None = None, **data) -> Statushouder:
    """Warme overdracht: a new case in state `aangemeld`. A duplicate BSN in the gemeente is refused."""
    require_gemeente(actor, gemeente)
    onbekend = set(data) - REGISTRATIE_VELDEN
    if onbekend:
        raise TypeError(f"onbekende velden: {sorted(onbekend)}")
    validate_bsn(data.get("bsn", ""))
    if Statushouder.objects.filter(gemeente=gemeente, bsn=data["bsn"]).exists():
        raise ValidationError({"bsn": f"Er bestaat in {gemeente} al een dossier met dit BSN."})
    if consultant is not None and not roles.has_role(consultant, roles.CONSULTANT):
        raise ValidationError({"consultant": "Alleen een consulent kan een dossier toegewezen krijgen."})
    datum = datum or today()
    statushouder = Statushouder(
        gemeente=gemeente, consultant=consultant, status=Status.AANGEMELD, status_sinds=datum, **data
    )
    statushouder.full_clean(exclude=["consultant"])
    try:
        with transaction.atomic():
            statushouder.save()
    except IntegrityError as exc:  # a concurrent registration of the same BSN
        raise ValidationError({"bsn": f"Er bestaat in {gemeente} al een dossier met dit BSN."}) from exc
    timeline(statushouder, "status:aangemeld", "Aangemeld (warme overdracht)", datum, actor)
    log_event(actor, Handeling.CREATE, statushouder)
    return statushouder
