"""The signal "Taak verlopen": a case with an open task whose deadline has passed. Registered in the registry
of cases.signals from here (imported by TakenConfig.ready). The annotation is an EXISTS and the oldest
deadline on the case's open tasks, both on the index taak_sh_open_deadline_idx."""

from __future__ import annotations

from datetime import date

from django.db.models import DateField, Exists, OuterRef, Q, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from cases.signals import Ernst, Signaal, registreer


def _verlopen(vandaag: date):
    from .models import Taak

    return Taak.objects.filter(statushouder=OuterRef("pk"), afgerond_op__isnull=True, deadline__lt=vandaag)


def _annotaties(vandaag: date) -> dict:
    verlopen = _verlopen(vandaag)
    return {
        "taak_verlopen": Exists(verlopen),
        "taak_verlopen_sinds": Subquery(verlopen.order_by("deadline").values("deadline")[:1], output_field=DateField()),
    }


def _geldt(rij, vandaag: date) -> bool:
    return bool(getattr(rij, "taak_verlopen", False)) and getattr(rij, "taak_verlopen_sinds", None) is not None


def _toelichting(rij, vandaag: date) -> str:
    # The date only: a task's text may hold health details and stays on the case page.
    return gettext("een open taak had als deadline %(datum)s") % {
        "datum": date_format(rij.taak_verlopen_sinds, "d-m-Y")
    }


TAAK_VERLOPEN = registreer(
    Signaal(
        code="taak_verlopen",
        label=gettext_lazy("Taak verlopen"),
        ernst=Ernst.WAARSCHUWING,
        annotaties=_annotaties,
        filter=lambda vandaag: Q(taak_verlopen=True),
        geldt=_geldt,
        datum=lambda rij, vandaag: rij.taak_verlopen_sinds,
        toelichting=_toelichting,
        actie=gettext_lazy("Rond de taak af, of spreek een nieuwe deadline af."),
        uitleg=gettext_lazy("Een taak op het dossier is na haar deadline nog niet afgerond."),
        actie_url="cases:dossier",
        actie_anker="taken",
    )
)
