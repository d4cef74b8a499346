"""The case states of DESIGN.md §4 and the transitions between them, in one place."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    AANGEMELD = "aangemeld", _("aangemeld")
    INTAKE = "intake", _("brede intake")
    PIP_CONCEPT = "pip_concept", _("PIP in voorbereiding")
    IN_UITVOERING = "in_uitvoering", _("in uitvoering")
    OPGESCHORT = "opgeschort", _("opgeschort")
    AFGEROND = "afgerond", _("afgerond")


class Eindreden(models.TextChoices):
    VOLDAAN = "voldaan", _("inburgeringsplicht voldaan")
    ONTHEFFING = "ontheffing", _("ontheffing")
    VRIJSTELLING = "vrijstelling", _("vrijstelling")
    VERHUISD = "verhuisd", _("verhuisd naar andere gemeente")
    OVERIG = "overig", _("anders beëindigd")


# Which states may be suspended, and so resumed to.
OPSCHORTBAAR = (Status.INTAKE, Status.PIP_CONCEPT, Status.IN_UITVOERING)
ACTIEF = (Status.AANGEMELD, Status.INTAKE, Status.PIP_CONCEPT, Status.IN_UITVOERING, Status.OPGESCHORT)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.AANGEMELD: (Status.INTAKE, Status.AFGEROND),
    Status.INTAKE: (Status.PIP_CONCEPT, Status.OPGESCHORT, Status.AFGEROND),
    Status.PIP_CONCEPT: (Status.IN_UITVOERING, Status.OPGESCHORT, Status.AFGEROND),
    Status.IN_UITVOERING: (Status.OPGESCHORT, Status.AFGEROND),
    Status.OPGESCHORT: (*OPSCHORTBAAR, Status.AFGEROND),
    Status.AFGEROND: (),
}


class TransitionError(ValidationError):
    """A transition that the workflow or its preconditions refuse; the message is Dutch, for the user."""


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS[current]:
        raise TransitionError(
            f"Een dossier met status '{Status(current).label}' kan niet naar '{Status(target).label}'."
        )


def check_stap(current: str, target: str) -> None:
    """A step forward in the traject (start intake, finish intake): as check_transition, but a
    suspended case only goes back to where it was by resuming (cases.services.hervat) or ends, so the forward
    steps are refused while it is opgeschort. (The vaststelling, which also applies to a case in uitvoering,
    checks the status itself: cases.services.stel_pip_vast.)"""
    if current == Status.OPGESCHORT:
        raise TransitionError(
            f"Het dossier is opgeschort: hervat het eerst voordat het naar '{Status(target).label}' kan."
        )
    check_transition(current, target)
