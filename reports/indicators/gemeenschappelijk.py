"""Conditions several indicators share, each written once: which cases are open or in uitvoering on a date, and
what their plan said on that date (a later route switch must not rewrite an earlier period's figures)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery

from cases.models import PipVersie, Statushouder


def overgedragen_op(peildatum: date, pad: str = "") -> Q:
    """A case continued after a move (vorig_dossier) counts only from the move on: the old case's einddatum on or
    before `peildatum`. The new case carries the old one's PIP dagtekening, termijn and intake, so without this
    both gemeenten would count the person until the move. An EXISTS per new case: a join would read every case."""
    voorganger = Statushouder.objects.filter(pk=OuterRef(f"{pad}vorig_dossier_id"), einddatum__lte=peildatum)
    return Q(**{f"{pad}vorig_dossier__isnull": True}) | Exists(voorganger)


def niet_afgesloten_op(peildatum: date, pad: str = "") -> Q:
    """The case had not ended on `peildatum` (a case that ended on the peildatum is no longer open) and, when it
    continues a case after a move, the move had happened by then."""
    niet_geeindigd = Q(**{f"{pad}einddatum__isnull": True}) | Q(**{f"{pad}einddatum__gt": peildatum})
    return niet_geeindigd & overgedragen_op(peildatum, pad)


def dossier_open_op(peildatum: date, pad: str = "") -> Q:
    """A case is open on `peildatum` when it was registered on or before it and had not ended by then (after a
    move: from the move on). `pad`: the path to the Statushouder ("statushouder__")."""
    return Q(**{f"{pad}aangemaakt_op__date__lte": peildatum}) & niet_afgesloten_op(peildatum, pad)


def traject_actief_op(peildatum: date, pad: str = "") -> Q:
    """A traject is active (in uitvoering) on `peildatum` when its PIP was vastgesteld (dagtekening) on or before
    it and the case had not ended by then (after a move: from the move on)."""
    return Q(**{f"{pad}pip_dagtekening__lte": peildatum}) & niet_afgesloten_op(peildatum, pad)


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
