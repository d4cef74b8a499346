"""Creating users in a role, with the guardian grant that decides which objects the role reaches."""

from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm

from . import roles
from .models import User


@transaction.atomic
def create_user(
    *,
    username: str,
    role: str,
    password: str | None = None,
    gemeente=None,
    arbeidsmarktregio=None,
    **fields,
) -> User:
    """consultant and teamleider belong to one gemeente (its staff group); a regiocoördinator gets the
    report grant on one arbeidsmarktregio; a beheerder gets neither and may use the admin."""
    if role not in roles.ROLES:
        raise ValueError(f"onbekende rol {role!r}")
    if role in roles.CASEWORK_ROLES and gemeente is None:
        raise ValueError("een consulent of teamleider hoort bij een gemeente")
    if role == roles.REGIOCOORDINATOR and arbeidsmarktregio is None:
        raise ValueError("een regiocoördinator hoort bij een arbeidsmarktregio")
    user = User(username=username, is_staff=(role == roles.BEHEERDER), **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    if gemeente is not None:
        user.groups.add(gemeente.group)
    if arbeidsmarktregio is not None:
        assign_perm("partners.rapportages_inzien", user, arbeidsmarktregio)
    return user
