"""The baseline for I1–I5 and I2b: the same figures as reports.indicators.instroom and .doorlooptijd, written as a
DBA would, in plain SQL, for every gemeente in the database at once — one statement per indicator (I1b/I1c and I3–I5
share theirs), the gemeente and region levels together through GROUPING SETS. The benchmark command times the report
engine against this; the tests check that both give exactly the same Metingen.

Only the last step — percentages, rounding, one Meting per measure — is Python, and it is the engine's own
(`instroom_metingen`, `cohort_metingen`, `route_metingen`, `aandeel`, `afronden`), so that a difference can only come
from the SQL."""

from __future__ import annotations

from datetime import date

from cases.deadlines import norm
from reports.benchmark.sql import OVERGEDRAGEN
from reports.indicators.base import Meting, Periode, aandeel, afronden
from reports.indicators.doorlooptijd import MEDIAAN, route_metingen
from reports.indicators.instroom import EERSTE_COHORT, PROCENT_DECIMALEN, cohort_metingen, instroom_metingen

# The level and unit of a GROUPING SETS ((gemeente), (regio)) row.
NIVEAU = "CASE WHEN grouping(g.cbs_code) = 0 THEN 'gemeente' ELSE 'regio' END AS niveau, coalesce(g.cbs_code, r.code)"
EENHEDEN = """partners_gemeente g JOIN partners_arbeidsmarktregio r ON r.id = g.arbeidsmarktregio_id"""

I1 = f"""
WITH per_gemeente AS (
    SELECT s.gemeente_id, count(*) AS aantal
    FROM cases_statushouder s
    WHERE s.huisvesting_datum BETWEEN %(start)s AND %(eind)s
      AND s.vorig_dossier_id IS NULL
    GROUP BY s.gemeente_id
)
SELECT {NIVEAU}, coalesce(sum(pg.aantal), 0)::int AS aantal, sum(g.inwoners)::bigint AS inwoners
FROM {EENHEDEN}
LEFT JOIN per_gemeente pg ON pg.gemeente_id = g.id
GROUP BY GROUPING SETS ((g.cbs_code), (r.code))
"""

I1B_I1C = f"""
WITH cohort AS (
    SELECT s.gemeente_id,
           extract(year FROM s.verblijfsvergunning_datum)::int AS jaar,
           s.intake_start_datum <= %(eind)s AS intake_gestart,
           (s.pip_dagtekening IS NULL OR s.pip_dagtekening > %(eind)s) AS zonder_pip
    FROM cases_statushouder s
    WHERE NOT s.oude_wet
      AND s.verblijfsvergunning_datum BETWEEN %(eerste_cohort)s AND %(eind)s
      AND {OVERGEDRAGEN}
      AND (s.eindreden = 'verhuisd' AND s.einddatum <= %(eind)s) IS NOT TRUE
)
SELECT {NIVEAU}, j.jaar,
       count(c.gemeente_id) AS basis,
       count(*) FILTER (WHERE c.intake_gestart) AS intake_gestart,
       count(*) FILTER (WHERE c.zonder_pip) AS zonder_pip
FROM {EENHEDEN}
CROSS JOIN generate_series(%(eerste_jaar)s, %(laatste_jaar)s) AS j(jaar)
LEFT JOIN cohort c ON c.gemeente_id = g.id AND c.jaar = j.jaar
GROUP BY GROUPING SETS ((j.jaar, g.cbs_code), (j.jaar, r.code))
"""

I2 = f"""
WITH intake AS (
    SELECT s.gemeente_id, s.intake_start_datum - s.huisvesting_datum AS dagen
    FROM cases_statushouder s
    LEFT JOIN cases_statushouder vorig ON vorig.id = s.vorig_dossier_id
    WHERE s.intake_start_datum BETWEEN %(start)s AND %(eind)s
      AND s.huisvesting_datum IS NOT NULL
      AND vorig.intake_start_datum IS NULL
)
SELECT {NIVEAU}, percentile_cont(0.5) WITHIN GROUP (ORDER BY i.dagen) AS mediaan, count(i.gemeente_id) AS basis
FROM {EENHEDEN}
LEFT JOIN intake i ON i.gemeente_id = g.id
GROUP BY GROUPING SETS ((g.cbs_code), (r.code))
"""

# I2b: per enrolment its first lesson attended, from the (inschrijving, datum) index (LATERAL … LIMIT 1: never all
# attendance); a case counts when its first lesson fell in the period and no case it continues (recursively) had one.
I2B = f"""
WITH RECURSIVE eerste_les AS (
    SELECT i.statushouder_id, min(les.datum) AS datum
    FROM leerroutes_inschrijving i
    JOIN LATERAL (
        SELECT a.datum FROM leerroutes_aanwezigheid a
        WHERE a.inschrijving_id = i.id AND a.soort = 'les' AND a.aanwezige_minuten > 0
        ORDER BY a.datum LIMIT 1
    ) les ON true
    GROUP BY i.statushouder_id
),
voorgangers(dossier, voorganger) AS (
    SELECT s.id, s.vorig_dossier_id FROM cases_statushouder s WHERE s.vorig_dossier_id IS NOT NULL
    UNION ALL
    SELECT v.dossier, s.vorig_dossier_id
    FROM voorgangers v JOIN cases_statushouder s ON s.id = v.voorganger
    WHERE s.vorig_dossier_id IS NOT NULL
),
les AS (
    SELECT s.gemeente_id, e.datum - s.huisvesting_datum AS dagen
    FROM cases_statushouder s
    JOIN eerste_les e ON e.statushouder_id = s.id
    WHERE e.datum BETWEEN %(start)s AND %(eind)s
      AND s.huisvesting_datum IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM voorgangers v JOIN eerste_les eerder ON eerder.statushouder_id = v.voorganger
                      WHERE v.dossier = s.id)
)
SELECT {NIVEAU}, percentile_cont(0.5) WITHIN GROUP (ORDER BY l.dagen) AS mediaan, count(l.gemeente_id) AS basis
FROM {EENHEDEN}
LEFT JOIN les l ON l.gemeente_id = g.id
GROUP BY GROUPING SETS ((g.cbs_code), (r.code))
"""

I3_I4_I5 = f"""
WITH pip AS (
    SELECT s.gemeente_id,
           s.pip_dagtekening - s.intake_start_datum AS dagen,
           s.pip_dagtekening <= coalesce(
               s.pip_deadline_afwijking,
               greatest(s.kennisgeving_datum, s.brp_inschrijving_datum) + 7 * coalesce(gs.pip_termijn_weken, %(weken)s)
           ) AS binnen_norm,
           plan.route
    FROM cases_statushouder s
    JOIN partners_gemeente gs ON gs.id = s.gemeente_id
    LEFT JOIN cases_statushouder vorig ON vorig.id = s.vorig_dossier_id
    LEFT JOIN LATERAL (
        SELECT l.code AS route
        FROM cases_pip p
        JOIN cases_pipversie v ON v.pip_id = p.id
        LEFT JOIN leerroutes_leerroute l ON l.id = v.leerroute_id
        WHERE p.statushouder_id = s.id AND v.status = 'vastgesteld' AND v.dagtekening <= %(eind)s
        ORDER BY v.dagtekening DESC, v.versie DESC
        LIMIT 1
    ) plan ON true
    WHERE s.pip_dagtekening BETWEEN %(start)s AND %(eind)s
      AND vorig.pip_dagtekening IS NULL
)
SELECT {NIVEAU},
       percentile_cont(0.5) WITHIN GROUP (ORDER BY p.dagen) AS mediaan,
       count(p.dagen) AS mediaan_basis,
       count(*) FILTER (WHERE p.binnen_norm) AS binnen_norm,
       count(p.binnen_norm) AS norm_basis,
       count(*) FILTER (WHERE p.route = 'b1') AS b1,
       count(*) FILTER (WHERE p.route = 'onderwijs') AS onderwijs,
       count(*) FILTER (WHERE p.route = 'z') AS z,
       count(p.gemeente_id) AS pips
FROM {EENHEDEN}
LEFT JOIN pip p ON p.gemeente_id = g.id
GROUP BY GROUPING SETS ((g.cbs_code), (r.code))
"""


def per_indicator(cursor, periode: Periode) -> dict[str, list[Meting]]:
    """The Metingen of I1–I5 and I2b for every gemeente and region in the database, by indicator code."""
    params = {
        "start": periode.start,
        "eind": periode.eind,
        "eerste_cohort": date(EERSTE_COHORT, 1, 1),
        "eerste_jaar": EERSTE_COHORT,
        "laatste_jaar": periode.eind.year,
        "weken": norm("PIP_TERMIJN_WEKEN"),
    }
    uit: dict[str, list[Meting]] = {}

    cursor.execute(I1, params)
    rijen = cursor.fetchall()
    uit["I1"] = instroom_metingen({(n, e): a for n, e, a, _ in rijen}, {(n, e): i for n, e, _, i in rijen})

    cursor.execute(I1B_I1C, params)
    rijen = cursor.fetchall()
    units = sorted({(n, e) for n, e, *_ in rijen})
    uit["I1b"] = cohort_metingen(periode, units, {(n, e, j): (t, b) for n, e, j, b, t, _ in rijen})
    uit["I1c"] = cohort_metingen(periode, units, {(n, e, j): (t, b) for n, e, j, b, _, t in rijen})

    cursor.execute(I2, params)
    uit["I2"] = [Meting(n, e, "mediaan", afronden(m, MEDIAAN.decimalen), b) for n, e, m, b in cursor.fetchall()]

    cursor.execute(I2B, params)
    uit["I2b"] = [m for n, e, mediaan, b in cursor.fetchall() for m in (
        Meting(n, e, "mediaan", afronden(mediaan, MEDIAAN.decimalen), b), Meting(n, e, "aantal", b, b))]  # fmt: skip

    cursor.execute(I3_I4_I5, params)
    rijen = cursor.fetchall()
    uit["I3"] = [Meting(n, e, "mediaan", afronden(m, MEDIAAN.decimalen), b) for n, e, m, b, *_ in rijen]
    uit["I4"] = [Meting(n, e, "percentage", aandeel(t, b, PROCENT_DECIMALEN), b) for n, e, _, _, t, b, *_ in rijen]
    uit["I5"] = route_metingen(
        [(n, e) for n, e, *_ in rijen],
        {(n, e): {"b1": b1, "onderwijs": ow, "z": z, None: pips - b1 - ow - z} for n, e, *_, b1, ow, z, pips in rijen},
    )
    return uit


def metingen(cursor, periode: Periode) -> list[Meting]:
    """All Metingen of I1–I5 and I2b for every gemeente and region in the database (see `per_indicator`)."""
    return [m for lijst in per_indicator(cursor, periode).values() for m in lijst]
