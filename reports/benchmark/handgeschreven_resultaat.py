"""I11–I13 (reports/indicators/resultaat.py) as a DBA would write them: plain SQL over every gemeente in the
database at once, gemeente and region rows (and I12's breakdowns) from one GROUPING SETS query per indicator. The
definitions are the indicators' docstrings; these queries must give the same Metingen, which a test checks."""

from __future__ import annotations

from reports.benchmark.sql import OVERGEDRAGEN, TRAJECT_ACTIEF, keten
from reports.indicators.base import Meting, Periode, aandeel
from reports.indicators.resultaat import PARTICIPATIE_MATEN, geboren_na, termijn_signaal_grens, zroute_cijfers

# Every gemeente with its region: the rows every indicator reports, also without data.
_GEMEENTEN = """
gem AS (
    SELECT g.id, g.cbs_code, r.code AS regio
    FROM partners_gemeente g JOIN partners_arbeidsmarktregio r ON r.id = g.arbeidsmarktregio_id
)"""


# Whether the row is a gemeente or a region row, and its code.
_EENHEID = """
    CASE WHEN GROUPING(gem.cbs_code) = 0 THEN 'gemeente' ELSE 'regio' END AS niveau,
    COALESCE(gem.cbs_code, gem.regio) AS eenheid"""

I11_SQL = f"""
WITH {_GEMEENTEN},
per_gemeente AS (
    SELECT s.gemeente_id,
           count(*) FILTER (WHERE s.einddatum BETWEEN %(start)s AND %(eind)s AND s.eindreden <> 'verhuisd')
               AS afgerond,
           count(*) FILTER (WHERE s.einddatum BETWEEN %(start)s AND %(eind)s AND s.eindreden = 'voldaan'
                              AND s.einddatum <= s.termijn_einde) AS voldaan,
           count(*) FILTER (WHERE {TRAJECT_ACTIEF} AND s.termijn_einde < %(grens)s) AS risico
    FROM cases_statushouder s
    WHERE s.einddatum BETWEEN %(start)s AND %(eind)s
       OR ({TRAJECT_ACTIEF} AND s.termijn_einde < %(grens)s)
    GROUP BY s.gemeente_id
)
SELECT {_EENHEID},
       COALESCE(sum(p.afgerond), 0)::int, COALESCE(sum(p.voldaan), 0)::int, COALESCE(sum(p.risico), 0)::int
FROM gem LEFT JOIN per_gemeente p ON p.gemeente_id = gem.id
GROUP BY GROUPING SETS ((gem.cbs_code), (gem.regio))
"""

# The population of I12 with each person's participation on the peildatum (DISTINCT ON: the highest priority,
# then the latest start, as cases.selectors.participatie), gender and age group; one pass over both tables.
I12_SQL = f"""
WITH {_GEMEENTEN},
status AS (
    SELECT DISTINCT ON (p.statushouder_id) p.statushouder_id, p.soort
    FROM cases_participatie p
    WHERE p.startdatum <= %(eind)s AND (p.einddatum IS NULL OR p.einddatum >= %(eind)s)
    ORDER BY p.statushouder_id,
             array_position(ARRAY['betaald_werk', 'onderwijs', 'werkervaringsplek', 'vrijwilligerswerk'],
                            p.soort::text),
             p.startdatum DESC, p.id DESC
),
populatie AS (
    SELECT s.gemeente_id, s.geslacht,
           CASE WHEN s.geboortedatum > %(geboren_na_28)s THEN '18-27' ELSE '28-67' END AS leeftijdsgroep,
           st.soort
    FROM cases_statushouder s LEFT JOIN status st ON st.statushouder_id = s.id
    WHERE s.pip_dagtekening <= %(eind)s AND {OVERGEDRAGEN}
      AND s.geboortedatum <= %(geboren_na_18)s AND s.geboortedatum > %(geboren_na_68)s
      AND NOT (s.eindreden = 'verhuisd' AND s.einddatum <= %(eind)s)
)
SELECT {_EENHEID},
       CASE WHEN GROUPING(pop.geslacht) = 0 THEN pop.geslacht
            WHEN GROUPING(pop.leeftijdsgroep) = 0 THEN pop.leeftijdsgroep ELSE '' END AS uitsplitsing,
       count(pop.gemeente_id)::int AS basis,
       count(*) FILTER (WHERE pop.soort = 'betaald_werk')::int,
       count(*) FILTER (WHERE pop.soort = 'onderwijs')::int,
       count(*) FILTER (WHERE pop.soort = 'vrijwilligerswerk')::int,
       count(*) FILTER (WHERE pop.soort NOT IN ('betaald_werk', 'onderwijs', 'vrijwilligerswerk'))::int
FROM gem LEFT JOIN populatie pop ON pop.gemeente_id = gem.id
GROUP BY GROUPING SETS ((gem.cbs_code), (gem.regio), (gem.cbs_code, pop.geslacht), (gem.regio, pop.geslacht),
                        (gem.cbs_code, pop.leeftijdsgroep), (gem.regio, pop.leeftijdsgroep))
HAVING (GROUPING(pop.geslacht) = 1 OR pop.geslacht IN ('m', 'v'))
   AND (GROUPING(pop.leeftijdsgroep) = 1 OR pop.leeftijdsgroep IS NOT NULL)
"""

# I13: the plan in force per case (DISTINCT ON over the vastgestelde versions), the chain of cases each person
# continues after moves, and per case in that chain its attended minutes through the enrolment's
# (inschrijving, datum) index (LATERAL: a nested loop per Z-route case, never a scan of all attendance).
I13_SQL = f"""
WITH RECURSIVE {_GEMEENTEN},
plan AS (
    SELECT DISTINCT ON (p.statushouder_id) p.statushouder_id, v.leerroute_id
    FROM cases_pipversie v JOIN cases_pip p ON p.id = v.pip_id
    WHERE v.status = 'vastgesteld' AND v.dagtekening <= %(eind)s
    ORDER BY p.statushouder_id, v.dagtekening DESC, v.versie DESC
),
zroute AS (
    SELECT s.id, s.gemeente_id
    FROM cases_statushouder s
    JOIN plan ON plan.statushouder_id = s.id
    JOIN leerroutes_leerroute lr ON lr.id = plan.leerroute_id AND lr.code = 'z'
    WHERE {TRAJECT_ACTIEF}
),
{keten("zroute")},
minuten AS (
    SELECT k.persoon, COALESCE(sum(m.minuten), 0) AS minuten
    FROM keten k
    LEFT JOIN LATERAL (
        SELECT sum(a.aanwezige_minuten) AS minuten
        FROM leerroutes_inschrijving i
        JOIN leerroutes_aanwezigheid a ON a.inschrijving_id = i.id AND a.datum <= %(eind)s
        WHERE i.statushouder_id = k.dossier
    ) m ON true
    GROUP BY k.persoon
)
SELECT {_EENHEID},
       count(z.id)::int AS basis,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY m.minuten) AS mediaan
FROM gem
LEFT JOIN zroute z ON z.gemeente_id = gem.id
LEFT JOIN minuten m ON m.persoon = z.id
GROUP BY GROUPING SETS ((gem.cbs_code), (gem.regio))
"""


def metingen(cursor, periode: Periode) -> list[Meting]:
    """I11, I12 and I13 for every gemeente and region in the database: the same Metingen as the indicators."""
    return [*_i11(cursor, periode), *_i12(cursor, periode), *_i13(cursor, periode)]


def _i11(cursor, periode: Periode) -> list[Meting]:
    cursor.execute(
        I11_SQL, {"start": periode.start, "eind": periode.eind, "grens": termijn_signaal_grens(periode.eind)}
    )
    uit = []
    for niveau, eenheid, afgerond, voldaan, risico in cursor.fetchall():
        uit.append(Meting(niveau, eenheid, "voldaan_binnen_termijn", aandeel(voldaan, afgerond, 0), afgerond))
        uit.append(Meting(niveau, eenheid, "risico", risico, risico))
    return uit


def _i12(cursor, periode: Periode) -> list[Meting]:
    eind = periode.eind
    cursor.execute(
        I12_SQL,
        {"eind": eind, **{f"geboren_na_{jaren}": geboren_na(eind, jaren) for jaren in (18, 28, 68)}},
    )
    uit = []
    for niveau, eenheid, uitsplitsing, basis, *aantallen in cursor.fetchall():
        for maat, aantal in zip((*PARTICIPATIE_MATEN, "overig"), aantallen, strict=True):
            uit.append(Meting(niveau, eenheid, maat, aandeel(aantal, basis, 0), basis, uitsplitsing))
    return uit


def _i13(cursor, periode: Periode) -> list[Meting]:
    cursor.execute(I13_SQL, {"eind": periode.eind})
    uit = []
    for niveau, eenheid, basis, mediaan in cursor.fetchall():
        uren, norm = zroute_cijfers(mediaan)
        uit.append(Meting(niveau, eenheid, "mediaan_uren", uren, basis))
        uit.append(Meting(niveau, eenheid, "percentage_norm", norm, basis))
    return uit
