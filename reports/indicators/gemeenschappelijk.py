"""Conditions several indicators share, each written once: which cases are open or in uitvoering on a date, what
their plan said on that date (a later route switch must not rewrite an earlier period's figures), and what a person
did over the cases a move links (OverKeten)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Exists, Expression, F, OuterRef, Q, Subquery

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


class OverKeten(Expression):
    """SQL: one value read over the case and every case it continues after moves (vorig_dossier, recursively: a
    warm handover keeps the route and what was done on it, as in cases.routekaart): `selectie` is a SELECT from
    `keten k` (its column id: a case) with its parameters; `start` the case to begin with (the previous one:
    "vorig_dossier_id"; NULL: an empty chain). Raw SQL because the ORM has no recursive CTE; the rows are found by
    their statushouder, so a region never scans a whole table. A case that continues none (most) reads its own
    rows without the recursion, which would cost a lookup and a CTE per row."""

    keten = (
        "WITH RECURSIVE keten(id) AS (SELECT {pk} UNION ALL SELECT s.vorig_dossier_id FROM cases_statushouder s"
        " JOIN keten k ON s.id = k.id WHERE s.vorig_dossier_id IS NOT NULL)"
    )
    alleen = "WITH keten(id) AS NOT MATERIALIZED (SELECT {pk})"

    def __init__(self, selectie: str, params: Sequence = (), output_field=None, start: str = "pk"):
        super().__init__(output_field=output_field)
        self.selectie, self.params = selectie, tuple(params)
        self.pk = F(start)
        self.vorig = F("vorig_dossier_id") if start == "pk" else None

    def get_source_expressions(self):
        return [self.pk, self.vorig]

    def set_source_expressions(self, exprs):
        self.pk, self.vorig = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        keten = f"({self.keten.format(pk=pk_sql)} {self.selectie})", (*pk_params, *self.params)
        if self.vorig is None:
            return keten
        vorig_sql, vorig_params = compiler.compile(self.vorig)
        alleen = f"({self.alleen.format(pk=pk_sql)} {self.selectie})"
        return (f"CASE WHEN {vorig_sql} IS NULL THEN {alleen} ELSE {keten[0]} END",
                (*vorig_params, *pk_params, *self.params, *keten[1]))  # fmt: skip
