"""Writing tasks: make one (for oneself or a colleague of the same gemeente), complete it, reopen it; and
clearing the tasks of anonymised cases. Every write is logged."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .models import Taak
from .selectors import collegas

TOELICHTING_MAX = 2_000


def mag_afronden(taak: Taak, user) -> bool:
    """The person the task is for, or who made it."""
    return user.pk in (taak.toegewezen_aan_id, taak.aangemaakt_door_id)


@transaction.atomic
def maak(*, actor, omschrijving: str, deadline: date, toegewezen_aan, statushouder=None, toelichting: str = "") -> Taak:
    """A task for the actor or a colleague (consultant or teamleider) of the case's gemeente (without a case:
    of the actor's gemeente). The caller checked that the actor may change the case."""
    fouten = {}
    omschrijving = (omschrijving or "").strip()
    toelichting = (toelichting or "").strip()
    if not omschrijving:
        fouten["omschrijving"] = [_("Beschrijf de taak.")]
    if len(toelichting) > TOELICHTING_MAX:
        fouten["toelichting"] = [_("De toelichting is hoogstens %(max)s tekens lang.") % {"max": TOELICHTING_MAX}]
    if deadline < timezone.localdate():
        fouten["deadline"] = [_("De deadline ligt in het verleden.")]
    gemeente = statushouder.gemeente if statushouder is not None else None
    zelf = toegewezen_aan is not None and toegewezen_aan.pk == actor.pk
    if not zelf and (toegewezen_aan is None or not collegas(actor, gemeente).filter(pk=toegewezen_aan.pk).exists()):
        fouten["toegewezen_aan"] = [_("Een taak is voor uzelf of voor een collega van dezelfde gemeente.")]
    if fouten:
        raise ValidationError(fouten)
    taak = Taak.objects.create(
        statushouder=statushouder,
        omschrijving=omschrijving,
        toelichting=toelichting,
        deadline=deadline,
        toegewezen_aan=toegewezen_aan,
        aangemaakt_door=actor,
    )
    log_event(
        actor,
        Handeling.CREATE,
        taak,
        statushouder=statushouder,
        velden=["omschrijving", "toelichting", "deadline", "toegewezen_aan"],
    )
    return taak


def _vergrendeld(taak: Taak) -> Taak:
    return Taak.objects.select_for_update(of=("self",)).select_related("statushouder__gemeente").get(pk=taak.pk)


@transaction.atomic
def rond_af(*, actor, taak: Taak) -> Taak:
    taak = _vergrendeld(taak)
    if not mag_afronden(taak, actor):
        raise ValidationError(_("Alleen wie de taak heeft of haar maakte kan haar afronden."))
    if taak.afgerond_op is not None:
        raise ValidationError(_("Deze taak is al afgerond."))
    taak.afgerond_op, taak.afgerond_door = timezone.now(), actor
    taak.save(update_fields=["afgerond_op", "afgerond_door"])
    log_event(actor, Handeling.UPDATE, taak, statushouder=taak.statushouder, velden=["afgerond_op", "afgerond_door"])
    return taak


@transaction.atomic
def heropen(*, actor, taak: Taak) -> Taak:
    taak = _vergrendeld(taak)
    if not mag_afronden(taak, actor):
        raise ValidationError(_("Alleen wie de taak heeft of haar maakte kan haar heropenen."))
    if taak.afgerond_op is None:
        raise ValidationError(_("Deze taak is nog open."))
    taak.afgerond_op, taak.afgerond_door = None, None
    taak.save(update_fields=["afgerond_op", "afgerond_door"])
    log_event(actor, Handeling.UPDATE, taak, statushouder=taak.statushouder, velden=["afgerond_op", "afgerond_door"])
    return taak
