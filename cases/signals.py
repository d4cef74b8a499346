"""Signals on a case: computed from the case's fields, never stored.

Each signal is registered once, by name, with
- a Dutch label and a severity (for the badge),
- `annotaties(vandaag)`: the SQL expressions it needs on the Statushouder queryset (shared names are
  computed once: the same name must mean the same expression),
- `filter(vandaag)`: a Q over those annotations, for the signal filter of a list (one SQL query),
- `geldt(rij, vandaag)`: the same rule evaluated in Python on a row that carries the annotations, for
  the badges (no per-row queries).

Later issues add signals (voortgangsgesprek te laat, verzuim, geen inschrijving, ontzorgen) by calling
`registreer(Signaal(...))` with their own annotations, e.g. an Exists() subquery.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Case, DateField, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from .workflow import ACTIEF, Status


class Ernst:
    """Severity of a signal, also the modifier of its badge class."""

    INFO = "info"
    WAARSCHUWING = "waarschuwing"
    URGENT = "urgent"


def norm(name: str):
    return settings.INBURGERING_NORMEN[name]


# ---------------------------------------------------------------------------------------------------
# Shared SQL expressions (the list uses them too)


def pip_deadline_expressie():
    """cases.deadlines.pip_deadline in SQL: the recorded override, else the later of kennisgeving DUO and
    BRP-inschrijving (PostgreSQL's GREATEST skips NULLs) plus the gemeente's or the national weeks."""
    weken = Coalesce(F("gemeente__pip_termijn_weken"), Value(norm("PIP_TERMIJN_WEKEN")))
    berekend = ExpressionWrapper(
        Greatest(F("kennisgeving_datum"), F("brp_inschrijving_datum")) + weken * Value(7),
        output_field=DateField(),
    )
    return Coalesce(F("pip_deadline_afwijking"), berekend, output_field=DateField())


def volgende_deadline_expressie():
    """The next deadline of a case: the PIP deadline until the PIP is vastgesteld, then the termijn's end."""
    return Case(
        When(pip_dagtekening__isnull=True, then=F("pip_deadline")),
        default=F("termijn_einde"),
        output_field=DateField(),
    )


def pip_deadline_annotaties(vandaag: date) -> dict:
    return {"pip_deadline": pip_deadline_expressie()}


def geen_annotaties(vandaag: date) -> dict:
    return {}


# ---------------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True)
class Signaal:
    code: str
    label: str
    ernst: str
    filter: Callable[[date], Q]
    geldt: Callable[[object, date], bool]
    annotaties: Callable[[date], dict] = geen_annotaties
    uitleg: str = ""

    @property
    def badge_class(self) -> str:
        return f"signaal--{self.ernst}"


SIGNALEN: dict[str, Signaal] = {}


def registreer(signaal: Signaal) -> Signaal:
    SIGNALEN[signaal.code] = signaal
    return signaal


def keuzes() -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in SIGNALEN.values()]


def annoteer(queryset, vandaag: date, codes: Iterable[str] | None = None):
    """Add the annotations every (or the named) signal needs, each name once."""
    annotaties: dict = {}
    for code in codes if codes is not None else SIGNALEN:
        for naam, expressie in SIGNALEN[code].annotaties(vandaag).items():
            annotaties.setdefault(naam, expressie)
    bestaand = set(queryset.query.annotations)
    nieuw = {naam: expr for naam, expr in annotaties.items() if naam not in bestaand}
    return queryset.annotate(**nieuw) if nieuw else queryset


def filter_op(queryset, code: str, vandaag: date):
    """The rows for which signal `code` holds, in SQL."""
    signaal = SIGNALEN[code]
    return annoteer(queryset, vandaag, [code]).filter(signaal.filter(vandaag))


def signalen_voor(rij, vandaag: date) -> list[Signaal]:
    """The signals of one annotated row (see `annoteer`), without queries."""
    return [s for s in SIGNALEN.values() if s.geldt(rij, vandaag)]


# ---------------------------------------------------------------------------------------------------
# The signals of issue 3


def _pip_signaal_grens(vandaag: date) -> date:
    return vandaag + timedelta(weeks=norm("PIP_SIGNAAL_WEKEN"))


def _pip_deadline_filter(vandaag: date) -> Q:
    return Q(status__in=ACTIEF, pip_dagtekening__isnull=True, pip_deadline__lte=_pip_signaal_grens(vandaag))


def _pip_deadline_geldt(rij, vandaag: date) -> bool:
    deadline = getattr(rij, "pip_deadline", None)
    return (
        rij.status in ACTIEF
        and rij.pip_dagtekening is None
        and deadline is not None
        and deadline <= _pip_signaal_grens(vandaag)
    )


registreer(
    Signaal(
        code="pip_deadline",
        label=_("PIP-deadline nadert"),
        ernst=Ernst.URGENT,
        annotaties=pip_deadline_annotaties,
        filter=_pip_deadline_filter,
        geldt=_pip_deadline_geldt,
        uitleg=_("Het PIP is niet vastgesteld en de deadline is binnen twee weken of verstreken."),
    )
)


def _termijn_grens(vandaag: date) -> date:
    return vandaag + relativedelta(months=norm("TERMIJN_SIGNAAL_MAANDEN"))


def _termijn_filter(vandaag: date) -> Q:
    return Q(status=Status.IN_UITVOERING, termijn_einde__lt=_termijn_grens(vandaag))


def _termijn_geldt(rij, vandaag: date) -> bool:
    return (
        rij.status == Status.IN_UITVOERING
        and rij.termijn_einde is not None
        and rij.termijn_einde < _termijn_grens(vandaag)
    )


registreer(
    Signaal(
        code="termijn",
        label=_("Termijn loopt af"),
        ernst=Ernst.WAARSCHUWING,
        filter=_termijn_filter,
        geldt=_termijn_geldt,
        uitleg=_("Minder dan zes maanden van de inburgeringstermijn over."),
    )
)
