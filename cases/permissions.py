"""The write checks of services: the same `for_user` rules as every selector, for one object."""

from django.core.exceptions import PermissionDenied

from inburgering.accounts import roles

from .query import gemeente_ids_for


def require_change(actor, statushouder) -> None:
    """`actor=None` is the system itself (a Celery task, a data migration)."""
    if actor is None:
        return
    from .models import Statushouder

    if not Statushouder.objects.for_user(actor, "change").filter(pk=statushouder.pk).exists():
        raise PermissionDenied("U mag dit dossier niet wijzigen.")


def require_gemeente(actor, gemeente) -> None:
    if actor is None:
        return
    allowed = any(roles.has_role(actor, r) for r in roles.CASEWORK_ROLES)
    if not allowed or not gemeente_ids_for(actor).filter(content_object_id=gemeente.pk).exists():
        raise PermissionDenied("U mag geen dossiers van deze gemeente registreren.")
