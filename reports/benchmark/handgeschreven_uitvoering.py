"""Hand-written SQL for I6–I10 (reports/indicators/uitvoering.py), for EVERY gemeente in the database at once: the
baseline the benchmark command times the engine (region by region, through the ORM) against.

One statement per indicator, written as a DBA would: the rows of interest in a CTE, one pass with GROUPING SETS over
gemeente / regio / aanbieder and the breakdown, a FULL JOIN with every gemeente and region (those without data
report 0 or empty), and the measures unpivoted to (niveau, eenheid, uitsplitsing, maat, waarde, basis). Rounding
happens in SQL on numerics, exactly as in the ORM version, so `metingen` equals its output."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from reports.benchmark.sql import NIET_AFGESLOTEN, TRAJECT_ACTIEF
from reports.indicators.base import Meting, Periode

EXAMENONDERDELEN = ["lezen", "luisteren", "spreken", "schrijven", "knm"]
AANTALLEN = {"dossiers"}  # measures of soort "aantal": integers, the rest are decimals

# Every gemeente and every region that has gemeenten, at uitsplitsing "" (all).
_EENHEDEN = """
eenheden AS (
    SELECT 'gemeente' AS niveau, g.cbs_code AS eenheid, '' AS uitsplitsing
      FROM partners_gemeente g
    UNION
    SELECT 'regio', r.code, ''
      FROM partners_arbeidsmarktregio r
     WHERE EXISTS (SELECT 1 FROM partners_gemeente g WHERE g.arbeidsmarktregio_id = r.id)
)"""

# The share of the trajecten active at the period end for which `per_traject.teller` holds (I6, I10).
_AANDEEL_ACTIEVE_TRAJECTEN = """
WITH per_traject AS ({per_traject}),
cijfers AS (
    SELECT CASE GROUPING(g.cbs_code) WHEN 0 THEN 'gemeente' ELSE 'regio' END AS niveau,
           coalesce(g.cbs_code, r.code) AS eenheid,
           '' AS uitsplitsing,
           count(*) AS basis,
           round(100.0 * count(*) FILTER (WHERE t.teller) / count(*), 0) AS percentage
      FROM per_traject t
      JOIN partners_gemeente g ON g.id = t.gemeente_id
      JOIN partners_arbeidsmarktregio r ON r.id = g.arbeidsmarktregio_id
     GROUP BY GROUPING SETS ((g.cbs_code), (r.code))
),{eenheden}
SELECT niveau, eenheid, uitsplitsing, 'percentage', percentage, coalesce(basis, 0)
  FROM eenheden FULL JOIN cijfers USING (niveau, eenheid, uitsplitsing)
"""

I6 = _AANDEEL_ACTIEVE_TRAJECTEN.format(
    eenheden=_EENHEDEN,
    per_traject=f"""
    SELECT s.gemeente_id,
           (SELECT v.duaal
              FROM cases_pipversie v
              JOIN cases_pip p ON p.id = v.pip_id
             WHERE p.statushouder_id = s.id AND v.status = 'vastgesteld' AND v.dagtekening <= %(eind)s
             ORDER BY v.dagtekening DESC, v.versie DESC
             LIMIT 1) AS teller
      FROM cases_statushouder s
     WHERE {TRAJECT_ACTIEF}""",
)

I10 = _AANDEEL_ACTIEVE_TRAJECTEN.format(
    eenheden=_EENHEDEN,
    per_traject=f"""
    SELECT s.gemeente_id,
           EXISTS (SELECT 1
                     FROM cases_voortgangsgesprek v
                    WHERE v.statushouder_id = s.id
                      AND v.gehouden_op <= %(eind)s
                      AND v.gehouden_op >= %(eind)s::date - 7 * coalesce(g.voortgangsgesprek_weken, %(weken)s)
                  ) AS teller
      FROM cases_statushouder s
      JOIN partners_gemeente g ON g.id = s.gemeente_id
     WHERE {TRAJECT_ACTIEF}""",
)

I7 = f"""
WITH open_dossiers AS (
    SELECT s.gemeente_id, s.consultant_id
      FROM cases_statushouder s
     WHERE s.consultant_id IS NOT NULL
       AND (s.aangemaakt_op AT TIME ZONE %(tijdzone)s)::date <= %(eind)s
       AND {NIET_AFGESLOTEN}
),
per_consultant AS (  -- one row per unit and consultant: each consultant's fte counts once per unit
    SELECT CASE GROUPING(g.cbs_code) WHEN 0 THEN 'gemeente' ELSE 'regio' END AS niveau,
           coalesce(g.cbs_code, r.code) AS eenheid,
           o.consultant_id,
           count(*) AS dossiers
      FROM open_dossiers o
      JOIN partners_gemeente g ON g.id = o.gemeente_id
      JOIN partners_arbeidsmarktregio r ON r.id = g.arbeidsmarktregio_id
     GROUP BY GROUPING SETS ((g.cbs_code, o.consultant_id), (r.code, o.consultant_id))
),
cijfers AS (
    SELECT pc.niveau, pc.eenheid, '' AS uitsplitsing,
           sum(pc.dossiers) AS dossiers,
           count(*) AS consultants,
           sum(pc.dossiers) FILTER (WHERE u.fte IS NOT NULL) AS dossiers_met_fte,
           sum(u.fte) AS fte
      FROM per_consultant pc
      JOIN accounts_user u ON u.id = pc.consultant_id
     GROUP BY pc.niveau, pc.eenheid
),{_EENHEDEN}
SELECT niveau, eenheid, uitsplitsing, m.maat, m.waarde, coalesce(dossiers, 0)
  FROM eenheden FULL JOIN cijfers USING (niveau, eenheid, uitsplitsing)
 CROSS JOIN LATERAL (VALUES ('dossiers', coalesce(dossiers, 0)),
                            ('per_consultant', round(dossiers / consultants, 1)),
                            ('per_fte', round(dossiers_met_fte / fte, 1))) AS m (maat, waarde)
"""

# Rows of an enrolment's child table (attendance, exam results) with gemeente, region, provider and breakdown key;
# one pass with GROUPING SETS gives all three levels, each in total ("") and per breakdown key. A provider is
# grouped within its region, as the engine (one region at a time) reports it: one row per region it works in.
_PER_INSCHRIJVING = """
WITH regels AS (
    SELECT g.cbs_code AS gemeente, r.code AS regio, o.uuid::text AS aanbieder, {sleutel} AS sleutel,
           i.statushouder_id, {kolommen}
      FROM {tabel} x
      JOIN leerroutes_inschrijving i ON i.id = x.inschrijving_id
      JOIN cases_statushouder s ON s.id = i.statushouder_id
      JOIN partners_gemeente g ON g.id = s.gemeente_id
      JOIN partners_arbeidsmarktregio r ON r.id = g.arbeidsmarktregio_id
      JOIN partners_organisatie o ON o.id = i.organisatie_id
      {join}
     WHERE x.datum BETWEEN %(start)s AND %(eind)s {waar}
),
cijfers AS (
    SELECT CASE WHEN GROUPING(gemeente) = 0 THEN 'gemeente' WHEN GROUPING(aanbieder) = 0 THEN 'aanbieder'
                ELSE 'regio' END AS niveau,
           coalesce(gemeente, aanbieder, regio) AS eenheid,
           CASE GROUPING(sleutel) WHEN 0 THEN sleutel ELSE '' END AS uitsplitsing,
           {aggregaten}
      FROM regels
     GROUP BY GROUPING SETS ((gemeente), (regio), (regio, aanbieder),
                            (gemeente, sleutel), (regio, sleutel), (regio, aanbieder, sleutel))
),{eenheden}
SELECT niveau, eenheid, uitsplitsing, m.maat, m.waarde, coalesce(basis, 0)
  FROM eenheden FULL JOIN cijfers USING (niveau, eenheid, uitsplitsing)
 CROSS JOIN LATERAL (VALUES {maten}) AS m (maat, waarde)
"""

I8 = _PER_INSCHRIJVING.format(
    eenheden=_EENHEDEN,
    tabel="leerroutes_aanwezigheid",
    sleutel="l.code",
    kolommen="x.geplande_minuten, x.aanwezige_minuten",
    join="JOIN leerroutes_leerroute l ON l.id = i.leerroute_id",
    waar="",
    aggregaten="count(DISTINCT statushouder_id) AS basis, "
    "sum(geplande_minuten) AS gepland, sum(aanwezige_minuten) AS aanwezig",
    maten="('percentage', round(100.0 * aanwezig / nullif(gepland, 0), 1)), "
    "('gepland_uren', round(coalesce(gepland, 0) / 60.0, 0)), "
    "('aanwezig_uren', round(coalesce(aanwezig, 0) / 60.0, 0))",
)

I9 = _PER_INSCHRIJVING.format(
    eenheden=_EENHEDEN,
    tabel="leerroutes_examenresultaat",
    sleutel="od.code",
    kolommen="x.behaald",
    join="JOIN leerroutes_onderdeel od ON od.id = x.onderdeel_id",
    waar="AND od.code = ANY(%(onderdelen)s)",
    aggregaten="count(*) AS basis, count(*) FILTER (WHERE behaald) AS behaald",
    maten="('percentage', round(100.0 * behaald / nullif(basis, 0), 0))",
)

SQL = {"I6": I6, "I7": I7, "I8": I8, "I9": I9, "I10": I10}


def parameters(periode: Periode) -> dict:
    return {
        "start": periode.start,
        "eind": periode.eind,
        "tijdzone": settings.TIME_ZONE,
        "weken": settings.INBURGERING_NORMEN["VOORTGANGSGESPREK_WEKEN"],
        "onderdelen": EXAMENONDERDELEN,
    }


def per_indicator(cursor, periode: Periode) -> dict[str, list[Meting]]:
    """The Metingen of I6–I10 for every gemeente, region and provider, per indicator code."""
    uit = {}
    for code, sql in SQL.items():
        cursor.execute(sql, parameters(periode))
        uit[code] = [_meting(*rij) for rij in cursor.fetchall()]
    return uit


def metingen(cursor, periode: Periode) -> list[Meting]:
    """The Metingen of I6–I10 together (see `per_indicator` for them per indicator)."""
    return [m for lijst in per_indicator(cursor, periode).values() for m in lijst]


def _meting(niveau, eenheid, uitsplitsing, maat, waarde, basis) -> Meting:
    if isinstance(waarde, Decimal):
        waarde = int(waarde) if maat in AANTALLEN else float(waarde)
    return Meting(niveau, eenheid, maat, waarde, int(basis), uitsplitsing)
