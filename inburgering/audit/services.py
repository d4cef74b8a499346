"""Writing the processing log. Services and selectors call these for every read and write of personal
data; nothing else writes AuditEvent rows, and nothing can change them (a database trigger refuses)."""

from __future__ import annotations

from collections.abc import Iterable

from inburgering.accounts.roles import ROLES, has_role

from .context import client_request_id, request_id
from .models import ActorType, AuditEvent, Handeling


def _actor_fields(actor) -> dict:
    if actor is None:
        return {"actor_type": ActorType.SYSTEEM, "actor_label": "systeem"}
    if getattr(actor, "is_api_client", False):
        return {"actor_type": ActorType.API_CLIENT, "actor_id": str(actor.uuid), "actor_label": str(actor)}
    # has_role caches the user's role names on the user object: one query per request, not one per event
    roles = [rol for rol in sorted(ROLES) if has_role(actor, rol)] if actor.pk else []
    return {
        "actor_type": ActorType.GEBRUIKER,
        "actor_id": str(actor.uuid),
        "actor_label": actor.get_username(),
        "rol": ",".join(roles),
    }


def _event(actor_fields: dict, handeling: str, obj, statushouder, velden, toelichting) -> AuditEvent:
    betrokkene = statushouder if statushouder is not None else _betrokkene_of(obj)
    gemeente = getattr(betrokkene, "gemeente", None) if betrokkene is not None else None
    return AuditEvent(
        **actor_fields,
        handeling=handeling,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "uuid", "") or obj.pk),
        statushouder_id=getattr(betrokkene, "uuid", None),
        gemeente_code=getattr(gemeente, "cbs_code", "") if gemeente else "",
        velden=sorted(velden or []),
        toelichting=toelichting[:255],
        request_id=request_id.get(),
        client_request_id=client_request_id.get(),
    )


def _betrokkene_of(obj):
    if obj._meta.label_lower == "cases.statushouder":
        return obj
    return getattr(obj, "statushouder", None)


def log_event(
    actor, handeling: Handeling | str, obj, *, statushouder=None, velden=None, toelichting: str = ""
) -> AuditEvent:
    """Log one processing of `obj` (a model instance holding or about personal data)."""
    event = _event(_actor_fields(actor), handeling, obj, statushouder, velden, toelichting)
    event.save(using="audit")
    return event


def log_lijst(
    actor, objects: Iterable, *, object_type: str = "", velden=None, toelichting: str = ""
) -> AuditEvent | None:
    """Log one list read (a page of the provider API) as ONE LIST event naming every person concerned in
    `statushouder_ids`, instead of a row per object: a page of 1,000 attendance rows is one event, and
    `AuditEvent.objects.over(uuid)` still finds it for each person on it. Nothing is logged for an empty list."""
    objects = list(objects)
    if not objects:
        return None
    event = _lijst_event(_actor_fields(actor), objects, object_type, velden, toelichting)
    event.save(using="audit")
    return event


def log_lijst_per_gemeente(actor, objects: Iterable, *, velden=None, toelichting: str = "") -> int:
    """Log a list page of cases as one LIST event per gemeente (the controller of the persons it names), all in one
    INSERT, and return the number of objects logged. A row per case made the audit INSERT and its indexes a tenth
    of a teamleider's Vandaag (some 45 rows per view)."""
    groepen: dict = {}
    for obj in objects:
        betrokkene = _betrokkene_of(obj)
        groepen.setdefault(getattr(betrokkene, "gemeente_id", None), []).append(obj)
    if groepen:
        fields = _actor_fields(actor)
        AuditEvent.objects.bulk_create(
            [_lijst_event(fields, groep, "", velden, toelichting) for groep in groepen.values()]
        )
    return sum(map(len, groepen.values()))


def _lijst_event(actor_fields: dict, objects: list, object_type: str, velden, toelichting: str) -> AuditEvent:
    betrokkenen = [b for b in (_betrokkene_of(obj) for obj in objects) if b is not None]
    uuids = sorted({b.uuid for b in betrokkenen}, key=str)
    gemeenten = {getattr(getattr(b, "gemeente", None), "cbs_code", "") for b in betrokkenen}
    return AuditEvent(
        **actor_fields,
        handeling=Handeling.LIST,
        object_type=object_type or objects[0]._meta.label_lower,
        statushouder_ids=uuids,
        gemeente_code=gemeenten.pop() if len(gemeenten) == 1 else "",  # one controller, or several
        velden=sorted(velden or []),
        toelichting=toelichting[:255],
        request_id=request_id.get(),
        client_request_id=client_request_id.get(),
    )


def log_events(actor, handeling: Handeling | str, objects: Iterable, *, velden=None, toelichting: str = "") -> int:
    """Log the same processing of many objects (a list page, an export, a bulk change) in one INSERT."""
    fields = _actor_fields(actor)
    events = [_event(fields, handeling, obj, None, velden, toelichting) for obj in objects]
    AuditEvent.objects.bulk_create(events)
    return len(events)
