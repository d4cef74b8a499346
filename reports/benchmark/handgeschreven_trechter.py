"""T1, the cohort funnel (reports/indicators/trechter.py), as a DBA would write it: one statement over every gemeente
in the database, the cohort's people with each step's date in CTEs (the chain of cases a move links, recursively, for
enrolments, exams, route records and participation), then one pass with GROUPING SETS — year cohorts per gemeente and
region, quarter cohorts per region — counting per horizon and step with FILTER; of those a cohort keeps the counts
of its own horizon (the year's and its quarters' may differ). The last step (the cohort's horizon, cells,
percentages) is the engine's own `verstreken_horizon` and `trechter_metingen`, so a difference can only come from
the SQL."""

from __future__ import annotations

from datetime import date

from cases.routekaart import EXAMENS, WERK_SOORTEN
from reports.benchmark.sql import OVERGEDRAGEN, keten
from reports.indicators.base import Meting, Periode
from reports.indicators.instroom import EERSTE_COHORT
from reports.indicators.trechter import (
    HORIZONTEN,
    STAPPEN,
    cohort_einde,
    cohorten,
    trechter_metingen,
    verstreken_horizon,
)

STAP_CODES = [code for code, _label in STAPPEN[1:]]
_TELLINGEN = ",\n       ".join(
    f"count(*) FILTER (WHERE c.{stap} <= c.vv + interval '{h} months')" for h in HORIZONTEN for stap in STAP_CODES
)

T1 = f"""
WITH RECURSIVE mensen AS (
    SELECT s.id, s.gemeente_id, s.verblijfsvergunning_datum AS vv, s.intake_start_datum AS intake,
           s.pip_dagtekening AS pip, CASE WHEN s.eindreden = 'voldaan' THEN s.einddatum END AS voldaan
    FROM cases_statushouder s
    WHERE NOT s.oude_wet
      AND s.verblijfsvergunning_datum BETWEEN %(eerste)s AND %(laatste)s
      AND {OVERGEDRAGEN}
      AND (s.eindreden = 'verhuisd' AND s.einddatum <= %(eind)s) IS NOT TRUE
),
{keten("mensen")},
inschrijving AS (
    SELECT k.persoon, min(i.startdatum) AS datum
    FROM keten k JOIN leerroutes_inschrijving i ON i.statushouder_id = k.dossier
    WHERE i.status <> 'afgewezen'
    GROUP BY k.persoon
),
examen AS (
    SELECT k.persoon, o.code, min(e.datum) AS datum
    FROM keten k
    JOIN leerroutes_inschrijving i ON i.statushouder_id = k.dossier
    JOIN leerroutes_examenresultaat e ON e.inschrijving_id = i.id AND e.behaald
    JOIN leerroutes_onderdeel o ON o.id = e.onderdeel_id AND o.code = ANY(%(examens)s)
    GROUP BY k.persoon, o.code
),
afgerond AS (
    SELECT persoon, min(datum) AS datum
    FROM (
        SELECT persoon, max(datum) AS datum FROM examen GROUP BY persoon HAVING count(*) = %(aantal_examens)s
        UNION ALL
        SELECT k.persoon, t.einddatum
        FROM keten k
        JOIN leerroutes_inschrijving i ON i.statushouder_id = k.dossier
        JOIN leerroutes_taalschakeltraject t ON t.inschrijving_id = i.id AND t.resultaat = 'afgerond'
        UNION ALL
        SELECT k.persoon, r.zroute_eindgesprek_op
        FROM keten k JOIN leerroutes_routeafronding r ON r.statushouder_id = k.dossier
    ) routes
    GROUP BY persoon
),
werk AS (
    SELECT k.persoon, min(p.startdatum) AS datum
    FROM keten k JOIN cases_participatie p ON p.statushouder_id = k.dossier
    WHERE p.soort = ANY(%(werk)s)
    GROUP BY k.persoon
),
cohort AS (
    SELECT m.*, extract(year FROM m.vv)::int AS jaar, extract(quarter FROM m.vv)::int AS kwartaal,
           i.datum AS inschrijving, a.datum AS examens, w.datum AS werk_onderwijs
    FROM mensen m
    LEFT JOIN inschrijving i ON i.persoon = m.id
    LEFT JOIN afgerond a ON a.persoon = m.id
    LEFT JOIN werk w ON w.persoon = m.id
)
SELECT CASE WHEN grouping(g.cbs_code) = 0 THEN 'gemeente' ELSE 'regio' END, coalesce(g.cbs_code, r.code),
       c.jaar, CASE WHEN grouping(c.kwartaal) = 0 THEN c.kwartaal END, count(*),
       {_TELLINGEN}
FROM cohort c
JOIN partners_gemeente g ON g.id = c.gemeente_id
JOIN partners_arbeidsmarktregio r ON r.id = g.arbeidsmarktregio_id
GROUP BY GROUPING SETS ((g.cbs_code, c.jaar), (r.code, c.jaar), (r.code, c.jaar, c.kwartaal))
"""

EENHEDEN = """
SELECT 'gemeente', g.cbs_code FROM partners_gemeente g
UNION
SELECT 'regio', r.code FROM partners_arbeidsmarktregio r JOIN partners_gemeente g ON g.arbeidsmarktregio_id = r.id
"""


def metingen(cursor, periode: Periode) -> list[Meting]:
    """T1 for every gemeente and region in the database: the same Metingen as the indicator."""
    jaren, kwartalen = cohorten(periode, kwartalen=False), cohorten(periode, kwartalen=True)
    if not kwartalen:
        return []
    cursor.execute(
        T1,
        {"eerste": date(EERSTE_COHORT, 1, 1), "laatste": cohort_einde(kwartalen[-1]), "eind": periode.eind,
         "examens": list(EXAMENS), "aantal_examens": len(EXAMENS), "werk": [str(s) for s in WERK_SOORTEN]},
    )  # fmt: skip
    cellen = [(h, stap) for h in HORIZONTEN for stap in STAP_CODES]
    tellingen = {}
    for niveau, eenheid, jaar, kwartaal, omvang, *aantallen in cursor.fetchall():
        naam = f"{jaar}-K{kwartaal}" if kwartaal else str(jaar)
        tellingen[niveau, eenheid, naam] = (omvang, dict(zip(cellen, aantallen, strict=True)))
    cursor.execute(EENHEDEN)
    uit = []
    for niveau, eenheid in cursor.fetchall():
        for naam in jaren + (kwartalen if niveau == "regio" else []):
            omvang, aantallen = tellingen.get((niveau, eenheid, naam), (0, {}))
            horizon = verstreken_horizon(naam, periode)
            bereikt = {stap: n for (h, stap), n in aantallen.items() if h == horizon}
            uit += trechter_metingen(niveau, eenheid, naam, omvang, bereikt, periode)
    return uit
