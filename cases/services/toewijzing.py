"""Assigning cases to consultants: the teamleider's job."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from inburgering.accounts import roles
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from ..models import Statushouder
from ..permissions import require_change
from .common import locked, timeline, today


@transaction.atomic
def wijs_toe(*, actor, statushouder, consultant) -> Statushouder:
    """(Re)assign a case: teamleider only, to a consultant of the case's gemeente."""
    if not roles.has_role(actor, roles.TEAMLEIDER):
        raise PermissionDenied("Alleen een teamleider kan dossiers toewijzen.")
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    if (
        not roles.has_role(consultant, roles.CONSULTANT)
        or not consultant.groups.filter(pk=statushouder.gemeente.group_id).exists()
    ):
        raise ValidationError({"consultant": "Kies een consulent van deze gemeente."})
    statushouder.consultant = consultant
    statushouder.save(update_fields=["consultant", "gewijzigd_op"])
    timeline(statushouder, "toegewezen", f"Toegewezen aan {consultant}", today(), actor)
    log_event(actor, Handeling.UPDATE, statushouder, velden=["consultant"])
    return statushouder
