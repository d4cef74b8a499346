"""'Wie zag dit dossier': the processing log of one case with the real views, changes and exports one by one and
the 'in lijst getoond' events (a case on a list page) grouped per actor and day with a count, in one SQL query
(a UNION of the single events and the aggregated list events), newest first. The caller has checked the case."""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import CharField, Count, IntegerField, Max, Value
from django.db.models.functions import TruncDate

from inburgering.audit.models import AuditEvent, Handeling

KOLOMMEN = ("tijdstip", "dag", "actor_label", "rol", "handeling", "object_type", "toelichting", "aantal")


def _los(statushouder):
    return (
        AuditEvent.objects.over(statushouder.uuid)
        .exclude(handeling=Handeling.LIST)
        .annotate(dag=TruncDate("tijdstip"), aantal=Value(1, output_field=IntegerField()))
        .values(*KOLOMMEN)
    )


def _lijsten(statushouder):
    return (
        AuditEvent.objects.over(statushouder.uuid)  # also a list event naming several persons (issue 17)
        .filter(handeling=Handeling.LIST)
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


def verwerkingen_gegroepeerd(statushouder):
    """A queryset of dicts (KOLOMMEN), newest first; slice or paginate it (a union: one query per slice)."""
    return _los(statushouder).union(_lijsten(statushouder), all=True).order_by("-tijdstip")


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
