"""'Wie zag dit dossier': the processing log of one case with the real views, changes and exports one by one and
the 'in lijst getoond' events (a case on a list page) grouped per actor and day with a count, in one SQL query
(a UNION of the single events and the aggregated list events), newest first. The caller has checked the case."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.db.models import CharField, Count, DateTimeField, IntegerField, Max, Subquery, Value
from django.db.models.functions import Coalesce, Trunc, TruncDate

from inburgering.audit.models import AuditEvent, Handeling

KOLOMMEN = ("tijdstip", "dag", "actor_label", "rol", "handeling", "object_type", "toelichting", "aantal")


def _enkele(statushouder):
    """The single processings: they name their person in `statushouder_id` (only a list event names several), so
    the index (statushouder_id, tijdstip) gives the newest first."""
    return AuditEvent.objects.filter(statushouder_id=statushouder.uuid).exclude(handeling=Handeling.LIST)


def _los(statushouder):
    return (
        _enkele(statushouder)
        .annotate(dag=TruncDate("tijdstip"), aantal=Value(1, output_field=IntegerField()))
        .values(*KOLOMMEN)
    )


def _lijsten(statushouder, eerste: int | None):
    lijsten = AuditEvent.objects.over(statushouder.uuid)  # also a list event naming several persons (issue 17)
    if eerste:
        # A group (an actor's day) among the first `eerste` rows is no older than the `eerste`-th newest single
        # processing, so only the list events from that day on are grouped: a case seen on lists for years has
        # thousands of them (an index on tijdstip, beside the one on the persons).
        dagbegin = Trunc("tijdstip", "day", output_field=DateTimeField())
        grens = _enkele(statushouder).order_by("-tijdstip").values(b=dagbegin)[eerste - 1 : eerste]
        lijsten = lijsten.filter(tijdstip__gte=Coalesce(Subquery(grens), Value(dt.datetime.min.replace(tzinfo=dt.UTC))))
    return (
        lijsten.filter(handeling=Handeling.LIST)
        .annotate(dag=TruncDate("tijdstip"))
        .values("actor_id", "actor_label", "dag")
        .annotate(
            laatst=Max("tijdstip"),
            max_rol=Max("rol"),
            soort=Value(Handeling.LIST.value, output_field=CharField()),
            leeg=Value("", output_field=CharField()),
            leeg2=Value("", output_field=CharField()),
            aantal=Count("id"),
        )
        .values("laatst", "dag", "actor_label", "max_rol", "soort", "leeg", "leeg2", "aantal")
    )


def verwerkingen_gegroepeerd(statushouder, *, eerste: int | None = None):
    """A queryset of dicts (KOLOMMEN), newest first; slice or paginate it (a union: one query per slice). With
    `eerste`, right only for its first `eerste` rows (the case page's section), read without the older list
    events."""
    los = _los(statushouder).order_by("-tijdstip")[:eerste] if eerste else _los(statushouder)
    return los.union(_lijsten(statushouder, eerste), all=True).order_by("-tijdstip")


LABELS = dict(Handeling.choices)


def als_rijen(dicts, labels: dict) -> list:
    """The dicts as objects for the template: `handeling_label`, `object_label`, `gegroepeerd`."""
    rijen = []
    for d in dicts:
        rij = SimpleNamespace(**d)
        rij.handeling_label = LABELS.get(rij.handeling, rij.handeling)
        rij.gegroepeerd = rij.handeling == Handeling.LIST
        rij.object_label = labels.get(rij.object_type, rij.object_type.partition(".")[2]) if rij.object_type else ""
        rijen.append(rij)
    return rijen
