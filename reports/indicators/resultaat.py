"""Indicators of the group "resultaat": how trajecten end (I11), what people do afterwards and meanwhile (I12) and
how far the Z-route gets in hours (I13). Each function's docstring is the definition printed in the report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connections
from django.db.models import Case, Count, F, IntegerField, Q, Value, When

from cases.models import Participatie, Statushouder
from cases.selectors.participatie import participatie_status_expressie
from cases.workflow import Eindreden

from .base import (
    LAND,
    Maat,
    Mediaan,
    Meting,
    Periode,
    Verzameling,
    aandeel,
    afronden,
    groepeer,
    indicator,
    per_eenheid,
    per_maand,
)
from .gemeenschappelijk import OverKeten, overgedragen_op, plan_op, traject_actief_op

# The outcomes the issue names, one measure each; a werkervaringsplek/stage counts as "overig".
PARTICIPATIE_MATEN = tuple(s.value for s in (Participatie.Soort.BETAALD_WERK, Participatie.Soort.ONDERWIJS,
                                             Participatie.Soort.VRIJWILLIGERSWERK))  # fmt: skip


def termijn_signaal_grens(eind: date) -> date:
    """A termijn ending before this date has less than TERMIJN_SIGNAAL_MAANDEN months left after `eind`."""
    return eind + relativedelta(months=settings.INBURGERING_NORMEN["TERMIJN_SIGNAAL_MAANDEN"])


def geboren_na(eind: date, jaren: int) -> date:
    """Whoever is born after this date is younger than `jaren` on `eind` (is at most `jaren` − 1 years old).

    `eind` is a period's last day, the last day of a month: whoever was born in that month `jaren` years before has
    had the birthday by then, so the limit is the last day of that month and only the month of birth matters — an
    anonymised case keeps only that (its geboortedatum is the first of the month, cases.services.bewaartermijn) and
    falls in the same age group as before. Someone born on 29 February is a year older on 28 February."""
    return eind - relativedelta(years=jaren) + relativedelta(day=31)


def zroute_cijfers(mediaan_minuten: float | None) -> tuple[int | None, int | None]:
    """I13's two figures from the median in minutes: whole hours, and whole percents of the 1,600-hour norm
    (ZROUTE_LES_UREN + ZROUTE_PARTICIPATIE_UREN), both rounded from the exact median."""
    if mediaan_minuten is None:
        return None, None
    normen = settings.INBURGERING_NORMEN
    uren = Fraction(mediaan_minuten) / 60
    return afronden(uren, 0), afronden(100 * uren / (normen["ZROUTE_LES_UREN"] + normen["ZROUTE_PARTICIPATIE_UREN"]), 0)


# --- I11 --------------------------------------------------------------------------------------------------------------


@indicator(
    "I11",
    "Termijn",
    "resultaat",
    [
        Maat("voldaan_binnen_termijn", "voldaan binnen de termijn", "percentage", "%"),
        Maat("risico", "termijn bijna verstreken", "aantal"),
    ],
    trend_maat="voldaan_binnen_termijn",
)
def termijn(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str):
    """Voldaan binnen de termijn: van de dossiers die in de periode zijn afgerond (einddatum in de periode) met een
    andere reden dan verhuisd — een verhuisd dossier loopt door in de nieuwe gemeente —, het percentage dat is
    afgerond met reden "inburgeringsplicht voldaan" op of vóór het einde van de inburgeringstermijn (de vastgelegde
    termijn: dagtekening PIP + 1 dag + 3 jaar, plus de geregistreerde verlengingen van DUO). Basis: die afgeronde
    dossiers, ook die zonder termijn (afgerond vóór een PIP, bijv. met ontheffing of vrijstelling). Afgerond op
    hele procenten.
    Termijn bijna verstreken: het aantal trajecten dat op de laatste dag van de periode in uitvoering is (PIP
    vastgesteld op of vóór die dag, dossier niet afgerond; een na verhuizing voortgezet dossier pas vanaf de
    verhuisdatum) en waarvan de termijn minder dan 6 maanden na die dag eindigt, een al verstreken termijn
    meegeteld."""
    afgerond = Q(einddatum__range=(periode.start, periode.eind)) & ~Q(eindreden=Eindreden.VERHUISD)
    risico = traject_actief_op(periode.eind) & Q(termijn_einde__lt=termijn_signaal_grens(periode.eind))
    qs = Statushouder.objects.using(db).filter(gemeente__in=gemeenten).filter(afgerond | risico)
    rijen = groepeer(
        qs,
        "gemeente",
        niveaus,
        {
            "afgerond": Count("pk", filter=afgerond),
            "voldaan": Count("pk", filter=afgerond & Q(eindreden=Eindreden.VOLDAAN, einddatum__lte=F("termijn_einde"))),
            "risico": Count("pk", filter=risico),
        },
        gemeenten=gemeenten,
    )
    uit = Verzameling()
    for rij in rijen:
        uit.voeg_toe(rij, "voldaan_binnen_termijn", aandeel(rij["voldaan"], rij["afgerond"], 0), rij["afgerond"] or 0)
        uit.voeg_toe(rij, "risico", rij["risico"] or 0, rij["risico"] or 0)
    return uit.metingen


# --- I12 --------------------------------------------------------------------------------------------------------------

I12_UITSPLITSINGEN = (("", "totaal"), ("m", "man"), ("v", "vrouw"), ("18-27", "18–27 jaar"), ("28-67", "28–67 jaar"))


def leeftijdsgroep(eind: date) -> Case:
    """SQL: the age group on `eind` ("18-27" or "28-67") of a statushouder already known to be 18–67 then."""
    return Case(When(geboortedatum__gt=geboren_na(eind, 28), then=Value("18-27")), default=Value("28-67"))


@indicator(
    "I12",
    "Participatie",
    "resultaat",
    [
        Maat("betaald_werk", "betaald werk", "percentage", "%"),
        Maat("onderwijs", "onderwijs", "percentage", "%"),
        Maat("vrijwilligerswerk", "vrijwilligerswerk", "percentage", "%"),
        Maat("overig", "werkervaringsplek / stage", "percentage", "%"),
    ],
    uitsplitsingen=I12_UITSPLITSINGEN,
    trend_maat="betaald_werk",
)
def participatie(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str):
    """Populatie: statushouders met een PIP vastgesteld (dagtekening) op of vóór de laatste dag van de periode, van
    18 tot en met 67 jaar oud op die dag, behalve wie op of vóór die dag is afgerond wegens verhuizing (die telt in
    de nieuwe gemeente, en daar pas vanaf de verhuisdatum); wie om een andere reden is afgerond telt mee, want de
    uitkomst na de inburgering hoort erbij. Van elke persoon telt de participatie die op die dag loopt (gestart op
    of vóór die dag, niet eerder beëindigd); lopen er meer, dan de belangrijkste: betaald werk, dan onderwijs, dan
    werkervaringsplek/stage, dan vrijwilligerswerk. Per uitkomst het percentage van de populatie: betaald werk,
    onderwijs, vrijwilligerswerk, en "overig" voor een werkervaringsplek of stage; wie geen lopende participatie
    heeft telt in geen van de vier. Ook per geslacht (man, vrouw; "anders/onbekend" alleen in het totaal) en per
    leeftijdsgroep (18–27, 28–67 jaar op de laatste dag van de periode). De leeftijd telt in hele jaren vanaf de
    geboortemaand: wie in de laatste maand van de periode jarig is, is dat op die dag al geweest (wie op 29 februari
    is geboren, telt in een gewoon jaar op 28 februari een jaar ouder). Basis: de populatie van die uitsplitsing.
    Afgerond op hele procenten. Participaties die vóór een verhuizing in het vorige dossier zijn vastgelegd tellen
    niet mee."""
    eind = periode.eind
    qs = (
        Statushouder.objects.using(db)
        .filter(
            gemeente__in=gemeenten,
            pip_dagtekening__lte=eind,
            geboortedatum__lte=geboren_na(eind, 18),
            geboortedatum__gt=geboren_na(eind, 68),
        )
        .exclude(eindreden=Eindreden.VERHUISD, einddatum__lte=eind)
        .filter(overgedragen_op(eind))
        .annotate(participatie=participatie_status_expressie(eind), leeftijdsgroep=leeftijdsgroep(eind))
    )
    # One query per level at the finest grain; the totals and the two breakdowns are sums of its counts.
    rijen = groepeer(
        qs, "gemeente", niveaus, {"aantal": Count("pk")}, extra=("participatie", "geslacht", "leeftijdsgroep")
    )
    tellingen: dict[tuple[str, str, str], dict] = defaultdict(lambda: defaultdict(int))
    # every requested gemeente and region gets its totals, also without data (basis 0)
    tellingen.update({(niveau, code, ""): defaultdict(int) for niveau, code in per_eenheid(gemeenten, niveaus, db)})
    for rij in rijen:
        sleutels = ["", rij["leeftijdsgroep"]] + ([rij["geslacht"]] if rij["geslacht"] in ("m", "v") else [])
        for uitsplitsing in sleutels:
            telling = tellingen[(rij["niveau"], rij["eenheid"], uitsplitsing)]
            telling["basis"] += rij["aantal"]
            telling[rij["participatie"]] += rij["aantal"]
    uit = Verzameling()
    for (niveau, eenheid, uitsplitsing), telling in tellingen.items():
        rij = {"niveau": niveau, "eenheid": eenheid}
        overig = telling["basis"] - telling[None] - sum(telling[soort] for soort in PARTICIPATIE_MATEN)
        for maat, aantal in (*((soort, telling[soort]) for soort in PARTICIPATIE_MATEN), ("overig", overig)):
            uit.voeg_toe(rij, maat, aandeel(aantal, telling["basis"], 0), telling["basis"], uitsplitsing)
    return uit.metingen


# --- I13 --------------------------------------------------------------------------------------------------------------


def keten_minuten(peildatum: date) -> OverKeten:
    """SQL: the minutes attended (every soort: lessons, participation activities, praktijkuren) with a datum on or
    before `peildatum`, over every enrolment of the case and of the cases it continues (through the attendance's
    (inschrijving, datum) index)."""
    return OverKeten(
        "SELECT COALESCE(SUM(a.aanwezige_minuten), 0) FROM keten k"
        " JOIN leerroutes_inschrijving i ON i.statushouder_id = k.id"
        " JOIN leerroutes_aanwezigheid a ON a.inschrijving_id = i.id AND a.datum <= %s",
        [peildatum],
        IntegerField(),
    )


def _zroute_populatie(peildatum: date, gemeenten: Sequence[int], db: str):
    """I13's population on `peildatum`: trajecten in uitvoering whose plan in force was the Z-route."""
    return (
        Statushouder.objects.using(db)
        .filter(traject_actief_op(peildatum), gemeente__in=gemeenten)
        .annotate(route=plan_op(peildatum, "leerroute__code"))
        .filter(route="z")
    )


def _zroute_metingen(rijen) -> list[Meting]:
    uit = Verzameling()
    for rij in rijen:
        uren, norm = zroute_cijfers(rij["mediaan"])
        uit.voeg_toe(rij, "mediaan_uren", uren, rij["basis"] or 0)
        uit.voeg_toe(rij, "percentage_norm", norm, rij["basis"] or 0)
    return uit.metingen


# The unit of a level, from the case's gemeente (g) and its region (r).
EENHEID_SQL = {"gemeente": "g.cbs_code", "regio": "r.code", "land": "%s"}

# Per person of the trend's populations (with the months whose population holds the case), the minutes attended up
# to each of those months' ends over the case and the cases it continues (OverKeten's chain): one pass over the
# person's attendance.
_PER_PERSOON = """
    SELECT p.gemeente_id, m.i, b.minuten[m.i + 1] AS minuten
    FROM (SELECT id, gemeente_id, array_agg(i) AS maanden FROM pop GROUP BY id, gemeente_id) p
    CROSS JOIN LATERAL (
        WITH RECURSIVE keten(id) AS (SELECT p.id UNION ALL SELECT s.vorig_dossier_id FROM cases_statushouder s
                                     JOIN keten k ON s.id = k.id WHERE s.vorig_dossier_id IS NOT NULL)
        SELECT ARRAY[{per_einde}] AS minuten
        FROM keten k JOIN leerroutes_inschrijving i ON i.statushouder_id = k.id
        JOIN leerroutes_aanwezigheid a ON a.inschrijving_id = i.id AND a.datum <= %s
    ) b
    CROSS JOIN LATERAL unnest(p.maanden) AS m(i)
"""


def zroute_uren_trend(
    maanden: Sequence[Periode], gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str
) -> list[list[Meting]]:
    """I13 for each month of the trend in one statement per level: the twelve populations (as `zroute_uren` finds
    them) and each person's minutes up to every month's end from one pass over the person's attendance, where month
    by month every person's whole attendance was summed twelve times."""
    delen, populatie_params = [], []
    for i, maand in enumerate(maanden):
        qs = _zroute_populatie(maand.eind, gemeenten, db).order_by().values(i=Value(i), sh=F("pk"), gm=F("gemeente_id"))
        sql, params = qs.query.get_compiler(using=db).as_sql()
        delen.append(f"SELECT q.i, q.sh, q.gm FROM ({sql}) q")
        populatie_params += params
    tot_einde = "COALESCE(SUM(a.aanwezige_minuten) FILTER (WHERE a.datum <= %s), 0)"
    per_persoon = _PER_PERSOON.format(per_einde=", ".join([tot_einde] * len(maanden)))
    einden = [m.eind for m in maanden]
    uitkomst = [[] for _ in maanden]
    for niveau in niveaus:
        eenheid = EENHEID_SQL[niveau]
        sql = (
            f"WITH pop(i, id, gemeente_id) AS ({' UNION ALL '.join(delen)}), per_persoon AS ({per_persoon}) "
            f"SELECT p.i, {eenheid}, COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY p.minuten) "
            "FROM per_persoon p JOIN partners_gemeente g ON g.id = p.gemeente_id "
            "JOIN partners_arbeidsmarktregio r ON r.id = g.arbeidsmarktregio_id GROUP BY 1, 2"
        )
        params = [*populatie_params, *einden, maanden[-1].eind, *([LAND] if niveau == "land" else [])]
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            rijen = [{"maand": maanden[i].start, "niveau": niveau, "eenheid": code, "basis": basis, "mediaan": mediaan}
                     for i, code, basis, mediaan in cursor.fetchall()]  # fmt: skip
        for i, van_maand in enumerate(per_maand(rijen, maanden, gemeenten, (niveau,), db, ("basis", "mediaan"))):
            uitkomst[i] += _zroute_metingen(van_maand)
    return uitkomst


@indicator(
    "I13",
    "Z-route uren",
    "resultaat",
    [
        Maat("mediaan_uren", "mediaan gerealiseerde uren", "mediaan", "uur"),
        Maat("percentage_norm", "mediaan als % van de norm van 1.600 uur", "mediaan", "%"),
    ],
    trend_maat="mediaan_uren",
    trend=zroute_uren_trend,
)
def zroute_uren(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str):
    """Populatie: de trajecten die op de laatste dag van de periode in uitvoering zijn (PIP vastgesteld op of vóór
    die dag, dossier niet afgerond; na een verhuizing het dossier van de gemeente waar de persoon die dag woonde)
    en waarvan het PIP dat op die dag gold (de laatste vastgestelde versie met een dagtekening op of vóór die dag)
    de Z-route is; een nieuw dossier na verhuizing telt mee zodra de nieuwe gemeente het PIP heeft vastgesteld. Per
    persoon: de gerealiseerde uren = de aanwezige minuten / 60 van alle aanwezigheid (lessen,
    participatieactiviteiten en praktijkuren) tot en met die dag, bij alle inschrijvingen van het dossier en van
    de dossiers in eerdere gemeenten waaruit het na een verhuizing is voortgezet. Mediaan gerealiseerde uren: de
    mediaan daarvan over de populatie (een persoon zonder aanwezigheid telt met 0 uur), afgerond op hele uren.
    Percentage van de norm: die mediaan als percentage van 1.600 uur (800 uur lessen + 800 uur participatie),
    afgerond op hele procenten. Basis: de populatie."""
    qs = _zroute_populatie(periode.eind, gemeenten, db).annotate(minuten=keten_minuten(periode.eind))
    rijen = groepeer(
        qs, "gemeente", niveaus, {"basis": Count("pk"), "mediaan": Mediaan("minuten")}, gemeenten=gemeenten
    )
    return _zroute_metingen(rijen)
