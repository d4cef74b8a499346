"""SQL fragments the hand-written baselines share, each the twin of one rule in reports/indicators/gemeenschappelijk.py
(alias s: cases_statushouder; parameter %(eind)s: the period end)."""

# overgedragen_op: a case continued after a move counts from the move on (EXISTS: a join would read every case).
OVERGEDRAGEN = """(s.vorig_dossier_id IS NULL OR EXISTS (
    SELECT 1 FROM cases_statushouder v WHERE v.id = s.vorig_dossier_id AND v.einddatum <= %(eind)s))"""

# niet_afgesloten_op: not ended on the period end and, after a move, moved by then.
NIET_AFGESLOTEN = f"(s.einddatum IS NULL OR s.einddatum > %(eind)s) AND {OVERGEDRAGEN}"

# traject_actief_op: PIP vastgesteld on or before the period end and the case not ended by then.
TRAJECT_ACTIEF = f"s.pip_dagtekening <= %(eind)s AND {NIET_AFGESLOTEN}"


def keten(mensen: str) -> str:
    """A CTE `keten(persoon, dossier)`: every case of each person of CTE `mensen` (id), the person's own and the
    cases it continues after moves, recursively (the twin of gemeenschappelijk.OverKeten)."""
    return f"""keten(persoon, dossier) AS (
    SELECT id, id FROM {mensen}
    UNION ALL
    SELECT k.persoon, s.vorig_dossier_id
    FROM keten k JOIN cases_statushouder s ON s.id = k.dossier
    WHERE s.vorig_dossier_id IS NOT NULL
)"""
