"""Conditions several indicators share, each written once: which cases are open or in uitvoering on a date, and
what their plan said on that date (a later route switch must not rewrite an earlier period's figures)."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Q, Subquery

from cases.models import PipVersie


def dossier_open_op(peildatum: date, pad: str = "") -> Q:
    """A case is open on `peildatum` when it was registered on or before it and had not ended by then (a case
    that ended on the peildatum is no longer open). `pad`: the path to the Statushouder ("statushouder__")."""
    return Q(**{f"{pad}aangemaakt_op__date__lte": peildatum}) & (
        Q(**{f"{pad}einddatum__isnull": True}) | Q(**{f"{pad}einddatum__gt": peildatum})
    )


def traject_actief_op(peildatum: date, pad: str = "") -> Q:
    """A traject is active (in uitvoering) on `peildatum` when its PIP was vastgesteld (dagtekening) on or before
    it and the case had not ended by then."""
    return Q(**{f"{pad}pip_dagtekening__lte": peildatum}) & (
        Q(**{f"{pad}einddatum__isnull": True}) | Q(**{f"{pad}einddatum__gt": peildatum})
    )


def plan_op(peildatum: date, veld: str, statushouder_ref: str = "pk") -> Subquery:
    """SQL: field `veld` ("leerroute__code", "duaal", ...) of the PIP-versie that was in force on `peildatum`: the
    latest vastgestelde versie with a dagtekening on or before it. NULL before the first vaststelling."""
    versie = (
        PipVersie.objects.filter(
            pip__statushouder_id=OuterRef(statushouder_ref),
            status=PipVersie.VersieStatus.VASTGESTELD,
            dagtekening__lte=peildatum,
        )
        .order_by("-dagtekening", "-versie")
        .values(veld)[:1]
    )
    return Subquery(versie)
