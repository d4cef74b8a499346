"""Writes on regions, gemeenten and organisations."""

from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm

from .models import Arbeidsmarktregio, Gemeente


@transaction.atomic
def create_gemeente(*, naam: str, cbs_code: str, inwoners: int, arbeidsmarktregio: Arbeidsmarktregio, **extra):
    """A gemeente comes with its staff group, which holds the guardian grant on the gemeente's dossiers."""
    group = Group.objects.create(name=f"gemeente {cbs_code} {naam}")
    gemeente = Gemeente.objects.create(
        naam=naam, cbs_code=cbs_code, inwoners=inwoners, arbeidsmarktregio=arbeidsmarktregio, group=group, **extra
    )
    assign_perm("partners.dossiers_inzien", group, gemeente)
    return gemeente
