"""The case states of DESIGN.md §4 and the transitions between them, in one place."""

from django.core.exceptions import ValidationError
from django.db import models


class Status(models.TextChoices):
    AANGEMELD = "aangemeld", "aangemeld"
    INTAKE = "intake", "brede intake"
    PIP_CONCEPT = "pip_concept", "PIP in voorbereiding"
    IN_UITVOERING = "in_uitvoering", "in uitvoering"
    OPGESCHORT = "opgeschort", "opgeschort"
    AFGEROND = "afgerond", "afgerond"


class Eindreden(models.TextChoices):
    VOLDAAN = "voldaan", "inburgeringsplicht voldaan"
    ONTHEFFING = "ontheffing", "ontheffing"
    VRIJSTELLING = "vrijstelling", "vrijstelling"
    VERHUISD = "verhuisd", "verhuisd naar andere gemeente"
    OVERIG = "overig", "anders beëindigd"


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
