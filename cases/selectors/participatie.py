"""Reads of a case's participation (work, education, volunteering, placements) and its status on a date.

The status of a case on a peildatum is the highest-priority participation active that day (started on or
before it, not ended before it), in the order of `PRIORITEIT`: paid work first, volunteering last. The same
rule exists twice on purpose: `huidige_participatie` picks from a history already loaded (the case page), and
`participatie_status_expressie` is its SQL form for lists and reports, e.g.

    Statushouder.objects.for_user(user).annotate(participatie=participatie_status_expressie(peildatum))
        .values("participatie").annotate(aantal=Count("pk"))

counts the cases per status in one query (NULL: no participation that day). Both are tested to agree."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, IntegerField, OuterRef, Q, Subquery, Value, When

from inburgering.compiled import CompiledQuery

from ..models import Participatie

Soort = Participatie.Soort
PRIORITEIT = (Soort.BETAALD_WERK, Soort.ONDERWIJS, Soort.WERKERVARINGSPLEK, Soort.VRIJWILLIGERSWERK)


def participaties(user, statushouder):
    """The participation history of one case, newest start first (a queryset, to list or paginate). The caller
    has opened the case through a selector, which logged the READ."""
    return _nieuwste_eerst().for_user(user).filter(statushouder=statushouder)


def _nieuwste_eerst():
    return Participatie.objects.order_by("-startdatum", "-pk")


_VAN_DOSSIER = CompiledQuery(lambda pk: _nieuwste_eerst().filter(statushouder_id=pk), pk=int)


def van_geopend_dossier(statushouder) -> list[Participatie]:
    """`participaties` of a case the case page has opened (permission checked, READ logged), compiled once."""
    return _VAN_DOSSIER(pk=statushouder.pk)


def participatie(user, statushouder, uuid) -> Participatie:
    """One participation of the case; Participatie.DoesNotExist when absent or not visible (→ 404)."""
    return participaties(user, statushouder).get(uuid=uuid)


def actief_op(peildatum) -> Q:
    """Participations active on `peildatum` (a date, or an expression such as OuterRef("einddatum"))."""
    return Q(startdatum__lte=peildatum) & (Q(einddatum__isnull=True) | Q(einddatum__gte=peildatum))


def _is_actief(participatie: Participatie, peildatum: date) -> bool:
    return participatie.startdatum <= peildatum and (
        participatie.einddatum is None or participatie.einddatum >= peildatum
    )


def _volgorde(participatie: Participatie):
    return (PRIORITEIT.index(participatie.soort), -participatie.startdatum.toordinal(), -participatie.pk)


def actieve_participaties(lijst: list[Participatie], peildatum: date) -> list[Participatie]:
    """The participations of a loaded history active on `peildatum`, most important first."""
    return sorted((p for p in lijst if _is_actief(p, peildatum)), key=_volgorde)


def huidige_participatie(lijst: list[Participatie], peildatum: date) -> Participatie | None:
    """The participation that gives the case its status on `peildatum`, or None."""
    actief = actieve_participaties(lijst, peildatum)
    return actief[0] if actief else None


def prioriteit_expressie() -> Case:
    return Case(*(When(soort=soort, then=Value(i)) for i, soort in enumerate(PRIORITEIT)), output_field=IntegerField())


def participatie_status_expressie(peildatum, statushouder_ref: str = "pk") -> Subquery:
    """SQL: the soort of the case's highest-priority participation active on `peildatum` (NULL if none), for
    annotating a Statushouder queryset (or another one, with `statushouder_ref` the path to the statushouder's
    id). `peildatum` may be a field of the annotated row, as OuterRef (an F would name the participation's own
    field): OuterRef("einddatum") gives each case's status on its end date, for an outcome report."""
    actief = (
        Participatie.objects.filter(actief_op(peildatum), statushouder_id=OuterRef(statushouder_ref))
        .annotate(prioriteit=prioriteit_expressie())
        .order_by("prioriteit", "-startdatum", "-pk")
        .values("soort")[:1]
    )
    return Subquery(actief, output_field=CharField())
