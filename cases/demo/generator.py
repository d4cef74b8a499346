"""One generator of synthetic case data, used at every scale.

Each statushouder first gets a target category (a status, and for opgeschort/afgerond the phase in which
that happened and the eindreden), then a timeline drawn along the real process as offsets from the
verblijfsvergunning — koppeling ~2 weeks later, kennisgeving DUO, huisvesting weeks to months later
(about a third waits three months or more), BRP, brede intake (before the move under snelle start or
the gecombineerde aanpak, after it otherwise), PIP — and finally the whole timeline is shifted so that
the target state holds on `today`. Dates of things that happened are never after `today`; planned dates
(termijn_einde, action deadlines, the start of a fresh enrolment) may lie ahead.

Rows are not written through the ORM: they go into `bulk.CopyBuffer`s as COPY text, with ids assigned here
so that rows can refer to each other. Attendance is not kept in memory at all: each enrolment leaves a small
plan (`Lesplan`) from which `lessen()` regenerates its weekly lessons deterministically while they are
streamed into COPY.

The deadlines come from `cases.deadlines` (PIP deadline, termijn end, follow-up moments). Denormalised
fields on Statushouder (status, status_sinds, intake_start_datum, pip_dagtekening, termijn_einde) are set
from the same values as the intake and PIP rows.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import NamedTuple

from cases import deadlines
from cases.models import (
    Actie,
    BredeIntake,
    Doel,
    Handhavingsstap,
    Leefgebied,
    LeefgebiedScore,
    Participatie,
    Pip,
    PipVersie,
    Statushouder,
    TermijnVerlenging,
    TijdlijnGebeurtenis,
    Verwijzing,
    Voortgangsgesprek,
)
from cases.workflow import Eindreden, Status
from leerroutes.models import (
    Examenresultaat,
    Inschrijving,
    Leerroute,
    MapThema,
    Onderdeel,
    Routeafronding,
    Taalschakeltraject,
    Voortgangsrapportage,
)

from .bulk import CopyBuffer
from .names import AZCS, NATIONALITEITEN, TWEEDE_TALEN

# --------------------------------------------------------------------------------------------------
# Scale


@dataclass(frozen=True)
class Scale:
    naam: str
    extra_regios: int  # synthetic arbeidsmarktregio's besides the Achterhoek
    statushouders: int  # spread over all gemeenten by inwoners
    caseload: int = 60  # cases per consultant, for the number of consultants per gemeente
    min_consulenten: int = 2
    sleutelpersonen_per_regio: int = 6

    def fractie(self, fractie: float) -> Scale:
        """A smaller run of the same shape: fewer synthetic regions (at least one) and fewer statushouders."""
        if fractie >= 1:
            return self
        return replace(
            self,
            naam=f"{self.naam} × {fractie:g}",
            extra_regios=max(1, round(self.extra_regios * fractie)) if self.extra_regios else 0,
            statushouders=max(12, round(self.statushouders * fractie)),
        )


ACHTERHOEK = Scale("achterhoek", extra_regios=0, statushouders=300)
NATIONAAL = Scale("national", extra_regios=34, statushouders=150_000, sleutelpersonen_per_regio=3)
SCALES = {"achterhoek": ACHTERHOEK, "national": NATIONAAL}

# --------------------------------------------------------------------------------------------------
# Distributions


class Gewogen:
    """A weighted choice with precomputed cumulative weights."""

    def __init__(self, paren):
        self.waarden = [w for w, _ in paren]
        self.cum = []
        totaal = 0
        for _, gewicht in paren:
            totaal += gewicht
            self.cum.append(totaal)

    def kies(self, rng: random.Random):
        return rng.choices(self.waarden, cum_weights=self.cum)[0]


FASEN = (Status.AANGEMELD, Status.INTAKE, Status.PIP_CONCEPT, Status.IN_UITVOERING)
AANGEMELD, INTAKE, PIP_CONCEPT, UITVOERING = 0, 1, 2, 3

# (status, phase in which it holds or happened, eindreden, weight); the phase of an ending is drawn below.
CATEGORIEEN = [
    (Status.AANGEMELD, AANGEMELD, "", 7),
    (Status.INTAKE, INTAKE, "", 5),
    (Status.PIP_CONCEPT, PIP_CONCEPT, "", 4),
    (Status.IN_UITVOERING, UITVOERING, "", 46),
    (Status.OPGESCHORT, INTAKE, "", 1),
    (Status.OPGESCHORT, PIP_CONCEPT, "", 1),
    (Status.OPGESCHORT, UITVOERING, "", 3),
    (Status.AFGEROND, UITVOERING, Eindreden.VOLDAAN, 13),
    (Status.AFGEROND, None, Eindreden.ONTHEFFING, 4),
    (Status.AFGEROND, None, Eindreden.VRIJSTELLING, 3),
    (Status.AFGEROND, None, Eindreden.VERHUISD, 9),
    (Status.AFGEROND, None, Eindreden.OVERIG, 4),
]
CATEGORIE = Gewogen([(c[:3], c[3]) for c in CATEGORIEEN])
ELKE_CATEGORIE = [c[:3] for c in CATEGORIEEN]
ELKE_STATUS = [c[:3] for c in CATEGORIEEN if c[0] != Status.OPGESCHORT and not c[2]] + [
    (Status.OPGESCHORT, UITVOERING, ""),
    (Status.AFGEROND, UITVOERING, Eindreden.VOLDAAN),
]
EIND_FASE = {
    Eindreden.ONTHEFFING: Gewogen([(UITVOERING, 60), (INTAKE, 25), (PIP_CONCEPT, 15)]),
    Eindreden.VRIJSTELLING: Gewogen([(INTAKE, 60), (AANGEMELD, 40)]),
    Eindreden.VERHUISD: Gewogen([(AANGEMELD, 15), (INTAKE, 15), (PIP_CONCEPT, 10), (UITVOERING, 60)]),
    Eindreden.OVERIG: Gewogen([(AANGEMELD, 20), (INTAKE, 20), (PIP_CONCEPT, 10), (UITVOERING, 50)]),
}
NATIONALITEIT = Gewogen([(n, n.gewicht) for n in NATIONALITEITEN])
TAAL = {n.code: Gewogen(n.talen) for n in NATIONALITEITEN}
DOELGROEP = Gewogen(
    [
        (Statushouder.Doelgroep.ASIEL, 80),
        (Statushouder.Doelgroep.NAREIZIGER, 14),
        (Statushouder.Doelgroep.GEZINSMIGRANT, 5),
        (Statushouder.Doelgroep.OVERIG, 1),
    ]
)
SCENARIO = Gewogen(
    [
        (Statushouder.Scenario.SNELLE_START, 20),
        (Statushouder.Scenario.GECOMBINEERD, 15),
        (Statushouder.Scenario.NA_VERHUIZING, 65),
    ]
)
UITKOMST = Gewogen([("hoog", 33), ("gemiddeld", 37), ("laag", 30)])
SCORES = {  # weights of scores 1..5 per leefgebied at the brede intake
    Leefgebied.TAAL: (40, 42, 14, 4, 0),
    Leefgebied.OPLEIDING_WERKERVARING: (15, 25, 25, 20, 15),
    Leefgebied.WERK_PARTICIPATIE: (25, 40, 25, 8, 2),
    Leefgebied.GEZONDHEID_LICHAMELIJK: (4, 10, 26, 35, 25),
    Leefgebied.GEZONDHEID_PSYCHISCH: (7, 15, 28, 30, 20),
    Leefgebied.FINANCIEN: (10, 30, 35, 20, 5),
    Leefgebied.GEZIN_KINDEROPVANG: (4, 10, 26, 35, 25),
    Leefgebied.HUISVESTING: (5, 12, 28, 35, 20),
    Leefgebied.SOCIAAL_NETWERK: (10, 30, 35, 20, 5),
}
SCORE = {lg: Gewogen(list(zip((1, 2, 3, 4, 5), w, strict=True))) for lg, w in SCORES.items()}
CONTRACTVORM = Gewogen([("tijdelijk", 40), ("uitzend", 30), ("oproep", 15), ("vast", 10), ("zzp", 5)])
SECTOREN = ["zorg", "logistiek", "productie", "horeca", "schoonmaak", "bouw", "techniek", "detailhandel", "landbouw"]

OPSCHORT_REDENEN = [
    "Ziekenhuisopname",
    "Zwangerschap en bevalling",
    "Psychische klachten; behandeling bij de GGZ",
    "Mantelzorg voor een ernstig ziek familielid",
    "Tijdelijk verblijf in het buitenland (familieomstandigheden)",
]
VRIJSTELLING_TOETS = ["Visuele beperking (art. 14 lid 6)", "Auditieve beperking (art. 14 lid 7)"]
OPLEIDING = [
    "Basisonderwijs (6 jaar); werkervaring in de landbouw",
    "Middelbare school afgerond; werkervaring als kapper",
    "12 jaar onderwijs; werkte als verkoper in een kledingwinkel",
    "Universitaire opleiding (economie), diploma aanwezig; werkte als boekhouder",
    "Beroepsopleiding elektrotechniek; 8 jaar werkervaring als elektricien",
    "Geen formeel onderwijs; zorgde voor het gezin",
    "Verpleegkunde (hbo-niveau), diploma wordt gewaardeerd via IDW",
    "Vrachtwagenchauffeur, 10 jaar ervaring; rijbewijs C",
    "Lerares basisonderwijs, 5 jaar ervaring",
    "Bouwvakker en metselaar, 15 jaar ervaring",
]
GEZONDHEID = [
    "Geen bijzonderheden",
    "Geen bijzonderheden",
    "Rugklachten; onder behandeling van de huisarts",
    "Slaapproblemen en piekeren; doorverwezen naar de praktijkondersteuner GGZ",
    "Diabetes type 2, goed ingesteld",
    "Vermoeidheid na de vlucht; wil graag snel beginnen",
    "Hoge bloeddruk; medicatie via de huisarts",
]
NOTITIES = {
    Statushouder.Scenario.SNELLE_START: "Kansenverkenner sprak de statushouder in het AZC; diploma's opgevraagd.",
    Statushouder.Scenario.GECOMBINEERD: "Intake en PIP in het AZC; traject start na de verhuizing.",
    Statushouder.Scenario.NA_VERHUIZING: "Warme overdracht door COA; brede intake na de verhuizing.",
}
MOTIVERING = {
    "b1": "Heeft in de intake en de proeflessen duidelijk meer laten zien dan de toets; gemotiveerd afgeweken.",
    "z": "Ernstige gezondheidsklachten maken B1 binnen de termijn niet haalbaar; gemotiveerd afgeweken.",
}
DOELEN = {
    Leefgebied.OPLEIDING_WERKERVARING: "Diploma laten waarderen en een passende vervolgopleiding kiezen",
    Leefgebied.WERK_PARTICIPATIE: "Binnen twee jaar (deels) aan het werk, bijvoorbeeld in de zorg of logistiek",
    Leefgebied.GEZONDHEID_LICHAMELIJK: "Gezondheidsklachten onder behandeling en afspraken nakomen",
    Leefgebied.GEZONDHEID_PSYCHISCH: "Slaapproblemen en spanningsklachten verminderen met hulp van de GGZ",
    Leefgebied.FINANCIEN: "Na het ontzorgen zelf de vaste lasten betalen",
    Leefgebied.GEZIN_KINDEROPVANG: "Kinderopvang regelen zodat de lessen gevolgd kunnen worden",
    Leefgebied.HUISVESTING: "Woning ingericht; afspraken met de verhuurder bekend",
    Leefgebied.SOCIAAL_NETWERK: "Contacten opbouwen in de buurt, bijvoorbeeld via een taalmaatje",
}
TAALDOEL = {
    "b1": "Taalniveau B1 halen op lezen, luisteren, spreken en schrijven",
    "A2": "Taalniveau A2 halen op lezen, luisteren, spreken en schrijven (na afschalen)",
    "onderwijs": "Taalschakeltraject afronden en instromen in het mbo of hbo",
    "z": "Zelfstandig in het Nederlands boodschappen doen en afspraken maken",
}
# (omschrijving, eigenaar, soort ketenpartner or "")
ACTIES = {
    Leefgebied.TAAL: [
        ("Lessen volgen bij de taalaanbieder, minstens 90% aanwezig", "statushouder", ""),
        ("Voortgang elk kwartaal bespreken met de taalaanbieder", "consultant", ""),
    ],
    Leefgebied.OPLEIDING_WERKERVARING: [
        ("Diplomawaardering aanvragen bij IDW", "statushouder", ""),
        ("Aanvraag diplomawaardering begeleiden", "consultant", ""),
    ],
    Leefgebied.WERK_PARTICIPATIE: [
        ("Intake bij het werkgeversservicepunt", "ketenpartner", "wsp"),
        ("Vacatures zoeken met de jobcoach", "ketenpartner", "uwv"),
    ],
    Leefgebied.GEZONDHEID_LICHAMELIJK: [("Inschrijven bij een huisarts en tandarts", "statushouder", "")],
    Leefgebied.GEZONDHEID_PSYCHISCH: [("Aanmelding bij de basis-GGZ", "ketenpartner", "ggz")],
    Leefgebied.FINANCIEN: [("Budgetcoaching bij VluchtelingenWerk", "ketenpartner", "vluchtelingenwerk")],
    Leefgebied.GEZIN_KINDEROPVANG: [("Kinderopvangtoeslag aanvragen", "statushouder", "")],
    Leefgebied.HUISVESTING: [("Huisbezoek na de verhuizing", "consultant", "")],
    Leefgebied.SOCIAAL_NETWERK: [("Koppeling aan een taalmaatje", "ketenpartner", "vluchtelingenwerk")],
}
VERSLAGEN = [
    "Voortgang besproken; lessen lopen goed, aanwezigheid voldoende.",
    "Aanwezigheid besproken: te vaak afwezig, afspraken gemaakt.",
    "Goede voortgang bij spreken; schrijven blijft lastig. Extra oefenmateriaal afgesproken.",
    "Zoekt vrijwilligerswerk; koppeling met werkgeversservicepunt besproken.",
    "Gezondheid wisselend; afspraak huisarts loopt. Lessen gaan door.",
    "Doelen in het PIP doorgelopen; acties bijgewerkt.",
]
RAPPORTAGE = [
    "Aanwezigheid voldoende; goede voortgang.",
    "Voortgang bij spreken en luisteren, schrijven blijft achter.",
    "Wisselende aanwezigheid; voortgang beperkt.",
    "Actieve deelname; op schema voor het examen.",
]
NIVEAUS = ("A0", "A1", "A2", "B1", "B2")
VAARDIGHEDEN = ("lezen", "luisteren", "spreken", "schrijven")
MIN_VERGUNNING = date(2021, 1, 1).toordinal()
WI2021 = date(2022, 1, 1).toordinal()

# --------------------------------------------------------------------------------------------------
# Lessons

AANWEZIG, GEOORLOOFD, ONGEOORLOOFD = "aanwezig", "geoorloofd_afwezig", "ongeoorloofd_afwezig"
# Weekly timetable per route: (weekday, soort, minutes). B1: 9 hours, Z: 9 hours of lessons plus 8 hours of
# participation (800 + 800 hours in about three years), onderwijsroute (taalschakeltraject): 16 hours.
ROOSTERS = {
    "b1": ((0, "les", 180), (2, "les", 180), (3, "les", 180)),
    "z": ((0, "les", 180), (1, "les", 180), (3, "les", 180), (2, "participatie", 240), (4, "participatie", 240)),
    "onderwijs": ((0, "les", 240), (1, "les", 240), (2, "les", 240), (3, "les", 240)),
}
# MAP practice sessions of 4 hours from week 26, until 40 praktijkuren are attended (a missed one is made up).
MAP_DAG = {"b1": 4, "z": 2}
MAP_MINUTEN, MAP_MAX_SESSIES = 40 * 60, 16
# The Z-route of a voldaan case runs this many days from the first lesson to the eindgesprek (DOMAIN.md: 800 + 800
# hours for an asielstatushouder; ROOSTERS gives about 350 + 310 attended hours a year).
ZROUTE_VOLDAAN_DAGEN = (1060, 1150)
VERVOLGOPLEIDINGEN = (
    ("Verpleegkunde", "mbo"), ("Logistiek medewerker", "mbo"), ("Elektrotechniek", "mbo"), ("Sociaal werk", "hbo"),
    ("Bedrijfskunde", "hbo"), ("Informatica", "wo"),
)  # fmt: skip
LETTERS = "ABCDEGHJKLMNPRSTVZ"
STRATEN = (
    "Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenweg", "Stationsstraat", "Julianastraat", "Beatrixlaan",
    "Wilhelminastraat", "Eikenlaan", "Berkenhof", "Parallelweg", "Nieuwstraat", "Markt", "Lindelaan",
)  # fmt: skip
OPMERKINGEN = ("ziek gemeld", "afspraak huisarts", "afspraak bij de gemeente", "zorg voor ziek kind", "", "", "")


class Lesplan(NamedTuple):
    inschrijving: int
    seed: int
    start: int  # date ordinals
    laatste: int
    route: str
    p_aanwezig: float
    p_geoorloofd: float
    verzuim_vanaf: int  # 0 = none; from this day every lesson is an unexcused absence
    onderbrekingen: tuple[tuple[int, int], ...]


def vakantieweken(van: int, tot: int) -> frozenset[int]:
    """Mondays (ordinals) of the weeks without lessons: Christmas and six summer weeks."""
    maandag = van - date.fromordinal(van).weekday()
    weken = set()
    while maandag <= tot:
        if date.fromordinal(maandag).isocalendar()[1] in (52, 53, 1, 29, 30, 31, 32, 33, 34):
            weken.add(maandag)
        maandag += 7
    return frozenset(weken)


def lessen(plan: Lesplan, vakanties: frozenset[int]):
    """The lessons of one enrolment: (les_id, date ordinal, soort, planned, attended, status, opmerking)."""
    rng = random.Random(plan.seed)
    rnd = rng.random
    rooster = ROOSTERS[plan.route]
    map_dag = MAP_DAG.get(plan.route)
    start, laatste, verzuim = plan.start, plan.laatste, plan.verzuim_vanaf
    p_aanwezig = plan.p_aanwezig
    p_afwezig = plan.p_aanwezig + plan.p_geoorloofd
    maandag = start - date.fromordinal(start).weekday()
    map_vanaf = maandag + 7 * 26
    map_n = map_minuten = 0
    week = 0
    while maandag <= laatste:
        week += 1
        if maandag in vakanties or (plan.onderbrekingen and any(a <= maandag <= b for a, b in plan.onderbrekingen)):
            maandag += 7
            continue
        for k, (dag, soort, minuten) in enumerate(rooster, start=1):
            d = maandag + dag
            if d < start or d > laatste:
                continue
            les = f"{week:03d}-{k}"
            if verzuim and d >= verzuim:
                yield les, d, soort, minuten, 0, ONGEOORLOOFD, ""
                continue
            r = rnd()
            if r < p_aanwezig:
                if rnd() < 0.88:
                    yield les, d, soort, minuten, minuten, AANWEZIG, ""
                else:
                    yield les, d, soort, minuten, minuten - 30 - 30 * (rnd() < 0.4), AANWEZIG, "te laat"
            elif r < p_afwezig:
                yield les, d, soort, minuten, 0, GEOORLOOFD, OPMERKINGEN[int(rnd() * 7)]
            else:
                yield les, d, soort, minuten, 0, ONGEOORLOOFD, ""
        if map_dag is not None and maandag >= map_vanaf and map_minuten < MAP_MINUTEN and map_n < MAP_MAX_SESSIES:
            d = maandag + map_dag
            if start <= d <= laatste and not (verzuim and d >= verzuim):
                map_n += 1
                if rnd() < 0.92:
                    map_minuten += 240
                    yield f"MAP-{map_n:02d}", d, "praktijk", 240, 240, AANWEZIG, ""
                else:
                    yield f"MAP-{map_n:02d}", d, "praktijk", 240, 0, GEOORLOOFD, "ziek gemeld"
        maandag += 7


def lesminuten_bereikt(plan: Lesplan, vakanties: frozenset[int], minuten: int) -> int | None:
    """The day on which the attended lesson minutes (soort les) reach `minuten`, if they do."""
    totaal = 0
    for _les, d, soort, _gepland, aanwezig, _status, _opm in lessen(plan, vakanties):
        if soort == "les":
            totaal += aanwezig
            if totaal >= minuten:
                return d
    return None


# --------------------------------------------------------------------------------------------------
# Tables

COLUMNS = {
    "statushouder": (Statushouder, [
        "uuid", "bsn", "voornamen", "achternaam", "geboortedatum", "geslacht", "nationaliteit", "talen", "telefoon",
        "email", "straat", "huisnummer", "postcode", "woonplaats",
        "gemeente_id", "consultant_id", "doelgroep", "oude_wet", "overdracht_scenario", "azc",
        "overdracht_notities", "status", "status_sinds", "status_voor_opschorting", "opschort_reden", "eindreden",
        "einddatum", "verblijfsvergunning_datum", "koppeling_datum", "kennisgeving_datum", "brp_inschrijving_datum",
        "huisvesting_datum", "intake_start_datum", "leerbaarheidstoets_datum", "pip_dagtekening", "termijn_einde",
        "pip_deadline_afwijking", "pip_deadline_afwijking_reden", "bijstand_start_datum", "ontzorgen_einde_datum",
        "aangemaakt_op", "gewijzigd_op",
    ]),
    "verlenging": (TermijnVerlenging, ["uuid", "statushouder_id", "besluitdatum", "maanden", "reden"]),
    "handhaving": (Handhavingsstap, [
        "uuid", "statushouder_id", "stap", "datum", "verwijtbaar", "toelichting", "vastgelegd_door_id", "vastgelegd_op",
    ]),
    "tijdlijn": (TijdlijnGebeurtenis, ["statushouder_id", "tijdstip", "datum", "soort", "omschrijving", "actor_id"]),
    "intake": (BredeIntake, [
        "uuid", "statushouder_id", "startdatum", "afgerond_op", "leerbaarheidstoets_uitkomst",
        "leerbaarheidstoets_vrijstelling_reden", "route_advies_id", "gekozen_route_id", "afwijking_motivering",
        "opleiding_werkervaring", "gezondheid", "vve_informatie_gegeven", "individueel_gesprek_aangeboden",
    ]),
    "score": (LeefgebiedScore, ["intake_id", "leefgebied", "score", "toelichting"]),
    "pip": (Pip, ["uuid", "statushouder_id", "gemeente_id", "aangemaakt_op"]),
    "pipversie": (PipVersie, [
        "uuid", "pip_id", "versie", "status", "wijzigingsreden", "wijzigingstoelichting", "leerroute_id",
        "taalaanbieder_id", "componenten", "taalniveau_doel", "duaal", "dagtekening", "vastgesteld_door_id",
        "vastgesteld_op", "aangemaakt_op",
    ]),
    "doel": (Doel, ["uuid", "versie_id", "leefgebied", "omschrijving", "volgorde"]),
    "actie": (Actie, ["uuid", "doel_id", "omschrijving", "eigenaar", "ketenpartner_id", "deadline", "status"]),
    "gesprek": (Voortgangsgesprek, [
        "uuid", "statushouder_id", "soort", "gepland_op", "gehouden_op", "consultant_id", "verslag",
        "voortgang_per_doel",
    ]),
    "verwijzing": (Verwijzing, [
        "uuid", "statushouder_id", "ketenpartner_id", "sleutelpersoon_id", "reden", "datum", "uitkomst", "afgerond_op",
    ]),
    "participatie": (Participatie, [
        "uuid", "statushouder_id", "soort", "startdatum", "einddatum", "uren_per_week", "sector", "contractvorm",
        "organisatie_id",
    ]),
    "inschrijving": (Inschrijving, [
        "uuid", "statushouder_id", "organisatie_id", "leerroute_id", "contract_id", "status", "aangemeld_op",
        "geplande_startdatum", "startdatum", "einddatum", "gewijzigd_op", "reden",
    ]),
    "onderdeel": (Inschrijving.onderdelen.through, ["inschrijving_id", "onderdeel_id"]),
    "examen": (Examenresultaat, [
        "uuid", "inschrijving_id", "onderdeel_id", "datum", "niveau", "behaald", "geregistreerd_op",
    ]),
    "rapportage": (Voortgangsrapportage, [
        "uuid", "inschrijving_id", "periode_start", "periode_eind", "niveaus", "toelichting", "geregistreerd_op",
    ]),
    "routeafronding": (Routeafronding, [
        "statushouder_id", "map_themas", "map_eindgesprek_op", "map_verwijtbaar", "pvt_uren", "pvt_ondertekend_op",
        "pvt_verwijtbaar", "zroute_eindgesprek_op", "gewijzigd_op",
    ]),
    "taalschakeltraject": (Taalschakeltraject, [
        "uuid", "inschrijving_id", "startdatum", "einddatum", "resultaat", "vervolgopleiding", "vervolgniveau",
        "gewijzigd_op",
    ]),
}  # fmt: skip
AANWEZIGHEID_COLUMNS = (
    "id", "inschrijving_id", "les_id", "datum", "soort", "geplande_minuten", "aanwezige_minuten", "status",
    "opmerking", "gewijzigd_op",
)  # fmt: skip
# Load order: PIP versions, their goals and actions go in two rounds (see Generator.pip_rondes).
LAADVOLGORDE = [
    "statushouder", "verlenging", "handhaving", "tijdlijn", "intake", "score", "pip", "inschrijving", "onderdeel",
    "examen", "rapportage", "gesprek", "verwijzing", "participatie", "routeafronding", "taalschakeltraject",
]  # fmt: skip


class Tabellen:
    def __init__(self):
        self.buffers = {naam: CopyBuffer(model, cols) for naam, (model, cols) in COLUMNS.items()}
        for naam, buf in self.buffers.items():
            setattr(self, naam, buf)

    def __iter__(self):
        return iter(self.buffers.values())


# --------------------------------------------------------------------------------------------------
# The generator


class Generator:
    def __init__(self, *, today: date, seed: int, now: datetime):
        self.today = today
        self.T = today.toordinal()
        self.seed = seed
        self.nu = now.astimezone(UTC).isoformat()
        self.t = Tabellen()
        self.lesplannen: list[Lesplan] = []
        self.tellers: Counter = Counter()
        self.route_id = {r.code: r.pk for r in Leerroute.objects.all()}
        self.route_naam = {r.code: r.naam for r in Leerroute.objects.all()}
        self.onderdeel_id = {o.code: o.pk for o in Onderdeel.objects.all()}
        self.vakanties = vakantieweken(MIN_VERGUNNING - 400, self.T + 7)
        self._iso_basis = date(2015, 1, 1).toordinal()
        self._iso = [date.fromordinal(o).isoformat() for o in range(self._iso_basis, self.T + 400)]
        self._ts: dict[int, str] = {}

    # helpers -------------------------------------------------------------------------------------

    def d(self, o: int | None) -> date | None:
        return None if o is None else date.fromordinal(o)

    def ts(self, o: int, uur: int = 9) -> str:
        """A timestamp on day `o` (office hours, UTC)."""
        sleutel = o * 24 + uur
        waarde = self._ts.get(sleutel)
        if waarde is None:
            waarde = self._ts[sleutel] = f"{self._iso[o - self._iso_basis]} {uur:02d}:00:00+00"
        return waarde

    @staticmethod
    def uuid(rng: random.Random) -> str:
        h = f"{rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"

    @staticmethod
    def adres(rng, gemeente, bewoond: bool) -> dict:
        """A plausible address in the gemeente once the person is housed (before that: the AZC, no address)."""
        if not bewoond:
            return {"straat": "", "huisnummer": "", "postcode": "", "woonplaats": ""}
        return {
            "straat": rng.choice(STRATEN),
            "huisnummer": str(rng.randrange(1, 180)) + rng.choice(("", "", "", "-A", "-1")),
            "postcode": f"{rng.randrange(1000, 9999)} {rng.choice(LETTERS)}{rng.choice(LETTERS)}",
            "woonplaats": gemeente.naam,
        }

    # per gemeente ---------------------------------------------------------------------------------

    def gemeente(self, ctx, gemeente, aantal: int, bsns: list[str], consulenten: list[int], teamleider: int):
        """`aantal` statushouders in one gemeente. The first ones cover every status (in the region's first
        gemeente: every category, so every eindreden too), so that even a small demo shows them all; the rest
        follow the weights."""
        rng = random.Random(f"{self.seed}:{gemeente.cbs_code}")
        verplicht = ELKE_CATEGORIE if gemeente == ctx.gemeenten[0] else ELKE_STATUS
        for i in range(aantal):
            categorie = verplicht[i] if i < len(verplicht) else CATEGORIE.kies(rng)
            self.dossier(rng, ctx, gemeente, categorie, bsns[i], consulenten, teamleider)

    # one case -------------------------------------------------------------------------------------

    def dossier(self, rng, ctx, gem, categorie, bsn, consulenten, teamleider):  # noqa: C901
        T = self.T
        status, fase, eindreden = categorie
        if fase is None:
            fase = EIND_FASE[eindreden].kies(rng)
        self.tellers[f"status {status}" + (f" ({eindreden})" if eindreden else "")] += 1

        # The person.
        nat = NATIONALITEIT.kies(rng)
        geslacht = "v" if rng.random() < 0.42 else "m"
        voornaam = rng.choice(nat.vrouwen if geslacht == "v" else nat.mannen)
        if rng.random() < 0.002:
            geslacht = "x"
        achternaam = rng.choice(nat.achternamen)
        taal = TAAL[nat.code].kies(rng)
        talen = [taal]
        if taal in TWEEDE_TALEN and rng.random() < 0.3:
            talen.append(TWEEDE_TALEN[taal])
        doelgroep = nat.doelgroep or DOELGROEP.kies(rng)
        asiel = doelgroep == Statushouder.Doelgroep.ASIEL
        scenario = SCENARIO.kies(rng) if asiel else ""

        # The process, in days after the verblijfsvergunning.
        kg = rng.randint(3, 28)
        if asiel:
            kop = rng.randint(7, 21)
            hv = kop + min(365, max(21, int(rng.lognormvariate(4.3, 0.55))))  # median ~10 weeks
            brp = hv + rng.randint(0, 7)
            aanm = kop + rng.randint(0, 5)
        else:
            kop = None
            hv = rng.randint(0, 28)
            brp = hv + rng.randint(0, 5)
            aanm = brp
        ladder = False
        if scenario == Statushouder.Scenario.SNELLE_START:
            ik = kop + rng.randint(7, 28)
        elif scenario == Statushouder.Scenario.GECOMBINEERD:
            ik = kop + rng.randint(14, 42)
        else:
            basis = hv if asiel else brp
            if rng.random() < 0.08:  # does not respond to invitations: the handhaving ladder
                ladder = True
                ik = basis + rng.randint(80, 150)
            else:
                ik = basis + rng.randint(7, 42)
        ik = max(ik, aanm + 1)
        ia = ik + rng.randint(14, 49)
        pd = ia + rng.randint(5, 28)
        s1 = max(pd, hv) + rng.randint(14, 42)  # first lesson: after the PIP and after the move
        intrede = (aanm, ik, ia, pd)

        # Shift the timeline so that the category holds today.
        verlenging = 0
        opschort = einde = None
        if status == Status.OPGESCHORT:
            volgende = intrede[fase + 1] if fase < UITVOERING else pd + 900
            opschort = intrede[fase] + rng.randrange(max(1, volgende - intrede[fase]))
            v = T - opschort - rng.randint(0, 240)
        elif status == Status.AFGEROND:
            if eindreden == Eindreden.VOLDAAN:
                einde = s1 + rng.randint(420, 1000)
            else:
                volgende = intrede[fase + 1] if fase < UITVOERING else pd + 1000
                einde = intrede[fase] + rng.randrange(max(1, volgende - intrede[fase]))
            if rng.random() < 0.12 and T - einde >= WI2021:  # the 'ondertussen'-groep under Wi2013
                v = MIN_VERGUNNING + rng.randrange(min(WI2021, T - einde) - MIN_VERGUNNING)
            else:
                v = T - einde - rng.randrange(900)
            if v < MIN_VERGUNNING:
                v = min(MIN_VERGUNNING, T - einde)
        else:
            if fase < UITVOERING:
                u = rng.randrange(intrede[fase + 1] - intrede[fase])
            elif rng.random() < 0.06:  # termijn nearly over: DUO extended it
                u = rng.randint(3 * 365 - 60, 3 * 365 + 150)
                verlenging = 6
            else:
                u = rng.randrange(3 * 365 - 60)
            v = T - intrede[fase] - u
        A, IK, IA, P, S1 = v + aanm, v + ik, v + ia, v + pd, v + s1
        if opschort is not None:
            opschort += v
        if einde is not None:
            einde += v
        grens = einde if einde is not None else T  # nothing is recorded after the case closed
        stop = einde if einde is not None else (opschort if opschort is not None else T)  # end of activity

        def opt(o):
            return o if o is not None and o <= grens else None

        onderbreking = None
        if status == Status.IN_UITVOERING and T - P > 240 and rng.random() < 0.05:
            o0 = P + rng.randint(60, T - P - 150)
            onderbreking = (o0, o0 + rng.randint(21, 120), rng.choice(OPSCHORT_REDENEN))
        status_sinds = {
            Status.AANGEMELD: A,
            Status.INTAKE: IK,
            Status.PIP_CONCEPT: IA,
            Status.IN_UITVOERING: onderbreking[1] if onderbreking else P,
            Status.OPGESCHORT: opschort,
            Status.AFGEROND: einde,
        }[status]

        r = rng.random()
        leeftijd = rng.randint(18, 27) if r < 0.35 else rng.randint(28, 40) if r < 0.75 else rng.randint(41, 62)
        geboren = v - leeftijd * 365 - rng.randrange(365)
        jong = IK - geboren < 28 * 365

        # Brede intake, leerbaarheidstoets and route.
        uitkomst = vrijstelling = motivering = ""
        toets = advies = gekozen = None
        if fase >= INTAKE:
            lt = IK + rng.randint(3, 28)
            if fase >= PIP_CONCEPT:
                lt = min(lt, IA)
            if fase >= PIP_CONCEPT or lt <= stop:
                if rng.random() < 0.04:
                    uitkomst, vrijstelling = "vrijgesteld", rng.choice(VRIJSTELLING_TOETS)
                    gekozen = "z"
                else:
                    uitkomst, toets = UITKOMST.kies(rng), lt
                    if uitkomst == "laag":
                        advies = "z"
                    elif jong and rng.random() < (0.5 if uitkomst == "hoog" else 0.15):
                        advies = "onderwijs"
                    else:
                        advies = "b1"
                    gekozen = advies
                    if advies != "onderwijs" and rng.random() < 0.06:
                        gekozen = "b1" if advies == "z" else "z"
                        motivering = MOTIVERING[gekozen]
                if fase == INTAKE and rng.random() < 0.5:
                    gekozen, motivering = None, ""
        route = gekozen
        if eindreden == Eindreden.VOLDAAN and route == "z":
            # The Z-route is voldaan only with its hours (DOMAIN.md): the case started that much earlier. Without
            # room before the oldest permit the demo has, the person followed the B1-route instead.
            schuif = S1 + rng.randint(*ZROUTE_VOLDAAN_DAGEN) - einde
            if schuif > 0 and v - schuif < MIN_VERGUNNING:
                route = gekozen = "b1"
                motivering = MOTIVERING["b1"] if advies == "z" else ""
            elif schuif > 0:
                v, A, IK, IA, P, S1, geboren = (o - schuif for o in (v, A, IK, IA, P, S1, geboren))
                toets = toets - schuif if toets is not None else None

        pip_deadline_afwijking, afwijking_reden = None, ""
        if fase >= UITVOERING:
            basis = SimpleNamespace(
                pip_deadline_afwijking=None,
                kennisgeving_datum=self.d(opt(v + kg)),
                brp_inschrijving_datum=self.d(opt(v + brp)),
                gemeente=gem,
            )
            deadline = deadlines.pip_deadline(basis)
            if deadline and P > deadline.toordinal() and rng.random() < 0.15:
                pip_deadline_afwijking = deadline + timedelta(weeks=6)
                afwijking_reden = "Wachten op medische informatie van derden"

        waarschuwing = boete1 = boete2 = basis_o = None
        if ladder:
            basis_o = v + (hv if asiel else brp)
            grens_ladder = min(grens, IK - 1 if fase >= INTAKE else T)
            waarschuwing, boete1, boete2 = (
                o if o <= grens_ladder else None for o in (basis_o + 42, basis_o + 70, basis_o + 98)
            )
            if waarschuwing is None:
                boete1 = boete2 = None
            if boete1 is None:
                boete2 = None
        bijstand = ontzorgen = None
        huisvesting = opt(v + hv)
        if huisvesting is not None and rng.random() < (0.85 if asiel else 0.4):
            b = huisvesting + rng.randint(0, 10)
            if b <= grens:
                bijstand = b
                oz = b + rng.randint(183, 420)
                ontzorgen = oz if oz <= grens else None

        consultant = None if status == Status.AANGEMELD and rng.random() < 0.3 else rng.choice(consulenten)
        actor = consultant
        termijn_einde = deadlines.termijn_einde(self.d(P), verlenging) if fase >= UITVOERING else None
        if status == Status.OPGESCHORT:
            voor_opschorting, opschort_reden = FASEN[fase], rng.choice(OPSCHORT_REDENEN)
        else:
            voor_opschorting = opschort_reden = ""

        rij = {
            "uuid": self.uuid(rng),
            "bsn": bsn,
            "voornamen": voornaam,
            "achternaam": achternaam,
            "geboortedatum": self.d(geboren),
            "geslacht": geslacht,
            "nationaliteit": nat.code,
            "talen": talen,
            "telefoon": f"06{rng.randrange(10**8):08d}" if rng.random() < 0.85 else "",
            "email": f"deelnemer{rng.randrange(10**6):06d}@example.com" if rng.random() < 0.4 else "",
            **self.adres(rng, gem, bewoond=huisvesting is not None),
            "gemeente_id": gem.pk,
            "consultant_id": consultant,
            "doelgroep": doelgroep,
            "oude_wet": v < WI2021,
            "overdracht_scenario": scenario,
            "azc": rng.choice(AZCS) if asiel else "",
            "overdracht_notities": NOTITIES[scenario] if scenario else "",
            "status": status,
            "status_sinds": self.d(status_sinds),
            "status_voor_opschorting": voor_opschorting,
            "opschort_reden": opschort_reden,
            "eindreden": eindreden,
            "einddatum": self.d(einde),
            "verblijfsvergunning_datum": self.d(v),
            "koppeling_datum": self.d(opt(v + kop)) if kop is not None else None,
            "kennisgeving_datum": self.d(opt(v + kg)),
            "brp_inschrijving_datum": self.d(opt(v + brp)),
            "huisvesting_datum": self.d(huisvesting),
            "intake_start_datum": self.d(IK) if fase >= INTAKE else None,
            "leerbaarheidstoets_datum": self.d(toets),
            "pip_dagtekening": self.d(P) if fase >= UITVOERING else None,
            "termijn_einde": termijn_einde,
            "pip_deadline_afwijking": pip_deadline_afwijking,
            "pip_deadline_afwijking_reden": afwijking_reden,
            "bijstand_start_datum": self.d(bijstand),
            "ontzorgen_einde_datum": self.d(ontzorgen),
            "aangemaakt_op": self.ts(A),
            "gewijzigd_op": self.ts(status_sinds, 15),
        }
        sh = self.t.statushouder.add(*(rij[c] for c in COLUMNS["statushouder"][1]))

        # Timeline.
        tl = self.t.tijdlijn
        tekst = "Aangemeld (warme overdracht door COA)" if asiel else "Aangemeld na de kennisgeving van DUO"
        tl.add(sh, self.ts(A), self.d(A), "status:aangemeld", tekst, actor)
        uitnodiging = basis_o + 14 if waarschuwing is not None else None
        for o, stap, tekst in (
            (uitnodiging, Handhavingsstap.Stap.UITNODIGING, "Uitnodiging intake"),
            (uitnodiging and uitnodiging + 14, Handhavingsstap.Stap.HERINNERING, "Herinnering"),
            (waarschuwing, Handhavingsstap.Stap.WAARSCHUWING, "Schriftelijke waarschuwing"),
            (boete1, Handhavingsstap.Stap.EERSTE_BOETE, "Eerste boete"),
            (boete2, Handhavingsstap.Stap.TWEEDE_BOETE, "Tweede boete"),
        ):
            if o is not None:
                verwijtbaar = None if stap == Handhavingsstap.Stap.UITNODIGING else True
                toelichting = "" if verwijtbaar is None else "Niet verschenen en niet gereageerd, zonder bericht"
                sleutel = uuid.uuid5(uuid.NAMESPACE_URL, f"handhaving/{sh}/{stap}")  # not from rng: keeps the rest
                self.t.handhaving.add(
                    str(sleutel), sh, stap.value, self.d(o), verwijtbaar, toelichting, actor, self.ts(o)
                )
                tekst = f"{tekst}: niet verschenen op de intake" if verwijtbaar else tekst
                tl.add(sh, self.ts(o), self.d(o), "handhaving:intake", tekst, actor)
        if fase >= INTAKE:
            tl.add(sh, self.ts(IK), self.d(IK), "status:intake", "Brede intake gestart", actor)
        if fase >= PIP_CONCEPT:
            tl.add(
                sh, self.ts(IA), self.d(IA), "status:pip_concept", "Brede intake afgerond; PIP in voorbereiding", actor
            )
        if fase >= UITVOERING:
            tekst = f"PIP vastgesteld ({self.route_naam[route]}); inburgeringstermijn gestart"
            tl.add(sh, self.ts(P), self.d(P), "status:in_uitvoering", tekst, actor)
        if onderbreking:
            o0, o1, reden = onderbreking
            tl.add(sh, self.ts(o0), self.d(o0), "status:opgeschort", f"Opgeschort: {reden}", actor)
            tl.add(sh, self.ts(o1), self.d(o1), "status:in_uitvoering", "Hervat", actor)
        if opschort is not None:
            tl.add(sh, self.ts(opschort), self.d(opschort), "status:opgeschort", f"Opgeschort: {opschort_reden}", actor)
        if einde is not None:
            label = Eindreden(eindreden).label
            tl.add(sh, self.ts(einde), self.d(einde), "status:afgerond", f"Afgerond: {label}", actor)
        if verlenging:
            besluit = min(T, termijn_einde.toordinal() - verlenging * 30 - rng.randint(60, 150))
            self.t.verlenging.add(
                self.uuid(rng),
                sh,
                self.d(besluit),
                verlenging,
                "Aantoonbaar voldoende inspanning; examens nog niet behaald",
            )
            tl.add(
                sh,
                self.ts(besluit),
                self.d(besluit),
                "termijn:verlengd",
                f"Termijn verlengd met {verlenging} maanden",
                actor,
            )

        if fase < INTAKE:
            return
        scores = self.intake(rng, sh, IK, IA if fase >= PIP_CONCEPT else None, uitkomst, vrijstelling, advies, gekozen,
                             motivering, geslacht)  # fmt: skip
        self.verwijzingen(rng, ctx, sh, fase, A, IK, P, huisvesting, stop, scores, talen)
        if fase < PIP_CONCEPT:
            return

        # PIP, enrolments, attendance, exams, meetings, participation.
        pip = self.t.pip.add(self.uuid(rng), sh, gem.pk, self.ts(IA, 10))
        org, contract = rng.choice(ctx.aanbieders[route])
        duaal = route == "z" or (route == "b1" and rng.random() < 0.35)
        vastgesteld = fase >= UITVOERING
        door = consultant or teamleider
        niveau = "" if route == "z" else "B1"
        self.versie(
            rng, pip, 1, route, org if (vastgesteld or rng.random() < 0.7) else None, niveau, duaal,
            P if vastgesteld else None, door, scores, ctx, IA, "eerste_plan", "",
        )  # fmt: skip
        if not vastgesteld:
            return

        plan_seed = rng.getrandbits(31)
        # verzuim: below the 80% norm (not in a Z-route that was voldaan: it needed its hours)
        laag = rng.random() < 0.08 and not (eindreden == Eindreden.VOLDAAN and route == "z")
        p_aanwezig = rng.uniform(0.62, 0.78) if laag else rng.uniform(0.87, 0.97)
        p_geoorloofd = rng.uniform(0.02, 0.06)
        onderbrekingen = ((onderbreking[0], onderbreking[1]),) if onderbreking else ()

        def lesplan(ins, route_, start, laatste, verzuim=0):
            return Lesplan(ins, plan_seed, start, laatste, route_, p_aanwezig, p_geoorloofd, verzuim, onderbrekingen)

        # A second PIP version: schakelen, afschalen or another change.
        wijziging = d2 = None
        if rng.random() < 0.14 and stop - P >= 150:
            r = rng.random()
            soort = {"b1": "schakelen" if r < 0.35 else "afschalen" if r < 0.75 else "overig", "onderwijs": "schakelen"}
            wijziging = soort.get(route, "overig")
            if wijziging == "schakelen":
                d2 = P + rng.randint(120, 540)  # within 1.5 years of the termijn (DOMAIN.md)
                start2 = max(d2, v + hv) + rng.randint(14, 35)
                if eindreden == Eindreden.VOLDAAN and (start2 + 400 > stop or route == "b1"):
                    d2 = None  # no time left to pass in the new route (the Z-route's hours take years)
            elif wijziging == "afschalen":
                bereikt = None
                if S1 <= stop:
                    proef = lesplan(0, route, S1, stop)
                    bereikt = lesminuten_bereikt(proef, self.vakanties, deadlines.norm("AFSCHALEN_MIN_UREN") * 60)
                d2 = bereikt + rng.randint(7, 60) if bereikt else None
                if d2 is not None and d2 >= stop - 15:  # the hours must be in the rows up to the dagtekening
                    d2 = None
            else:
                d2 = P + rng.randint(60, stop - P - 1)
            if d2 is None or d2 >= stop:
                wijziging = d2 = None
        route2, niveau2 = route, niveau
        if wijziging:
            toelichting = {
                "schakelen": "",
                "afschalen": "Na ruim 600 lesuren blijkt B1 niet haalbaar; doel wordt A2.",
                "overig": "Duaal traject: werkervaringsplek naast de lessen.",
            }[wijziging]
            if wijziging == "schakelen":
                route2 = "z" if route == "b1" else "b1"
                niveau2 = "" if route2 == "z" else "B1"
                if org not in [o for o, _ in ctx.aanbieders[route2]]:
                    org2, _ = rng.choice(ctx.aanbieders[route2])
                else:
                    org2 = org
                toelichting = f"Schakelen van de {self.route_naam[route]} naar de {self.route_naam[route2]}."
            else:
                org2 = org
                niveau2 = "A2" if wijziging == "afschalen" else niveau
            self.versie(
                rng, pip, 2, route2, org2, niveau2, duaal or wijziging == "overig", d2, door, scores, ctx, d2,
                wijziging, toelichting,
            )  # fmt: skip
            label = PipVersie.Wijzigingsreden(wijziging).label
            tl.add(sh, self.ts(d2), self.d(d2), "pip:gewijzigd", f"PIP versie 2 vastgesteld ({label})", actor)

        # Enrolments: the first at the route's provider; after schakelen a second one in the new route.
        verzuim = status == Status.IN_UITVOERING and wijziging != "afschalen" and rng.random() < 0.08
        inschrijvingen = []  # (route, org, contract, start, end-of-lessons, status, einddatum)
        afronding: dict[str, int] = {}  # MAP eindgesprek and PVT signing dates (examens)
        if wijziging == "schakelen":
            if S1 < d2:
                inschrijvingen.append((route, org, contract, S1, d2 - 1, "afgebroken", d2))
            contract2 = next(c for o, c in ctx.aanbieders[route2] if o == org2)
            inschrijvingen.append((route2, org2, contract2, start2, None, None, None))
        else:
            inschrijvingen.append((route, org, contract, S1, None, None, None))
        for route_, org_, contract_, start, laatste, ins_status, ins_einde in inschrijvingen:
            if ins_status is None:  # the current enrolment
                if start > stop:
                    if status == Status.IN_UITVOERING and start - T <= 42:
                        # Aangemeld a few days after the vaststelling; the provider has not answered yet, or (one
                        # in four) declined, so that the demo shows the aanmelding signal and the way to act on it.
                        aangemeld = min(T, P + 3)
                        if sh % 4 == 0:
                            self.inschrijving(
                                rng, sh, org_, route_, contract_, "afgewezen", start, None, A, aangemeld,
                                "Geen plaats in de groep die op de geplande startdatum begint.",
                            )  # fmt: skip
                        else:
                            self.inschrijving(rng, sh, org_, route_, contract_, "aangemeld", start, None, A, aangemeld)
                    continue
                if status == Status.AFGEROND:
                    if eindreden == Eindreden.VOLDAAN:
                        ins_status, ins_einde = "afgerond", max(start, einde - rng.randint(0, 14))
                    else:
                        ins_status, ins_einde = "afgebroken", einde
                    laatste = ins_einde
                else:
                    ins_status = "actief"
                    laatste = stop - 1 if status == Status.OPGESCHORT else T
            ins = self.inschrijving(rng, sh, org_, route_, contract_, ins_status, start, ins_einde, laatste)
            if route_ == "onderwijs":
                self.taalschakeltraject(rng, ins, ins_status, start, ins_einde)
            if laatste < start:
                continue
            plan = lesplan(ins, route_, start, laatste, laatste - rng.randint(9, 16) if verzuim else 0)
            self.lesplannen.append(plan)
            afgeschaald = d2 if wijziging == "afschalen" else None
            self.examens(rng, ins, route_, start, laatste, eindreden == Eindreden.VOLDAAN and ins_status == "afgerond",
                         afgeschaald, afronding)  # fmt: skip
            self.rapportages(rng, ins, route_, start, laatste, niveau2 if route_ == route2 else niveau)
        self.routeafronding(rng, sh, route2, afronding, S1, stop, einde if eindreden == Eindreden.VOLDAAN else None,
                            termijn_einde)  # fmt: skip

        self.gesprekken(rng, sh, P, stop, status, consultant)
        self.participatie(rng, sh, P, stop, duaal, route2, eindreden)

    # parts of a case ------------------------------------------------------------------------------

    def intake(self, rng, sh, start, afgerond, uitkomst, vrijstelling, advies, gekozen, motivering, geslacht):
        kinderen = rng.random() < 0.45
        intake = self.t.intake.add(
            self.uuid(rng),
            sh,
            self.d(start),
            self.d(afgerond),
            uitkomst,
            vrijstelling,
            self.route_id[advies] if advies else None,
            self.route_id[gekozen] if gekozen else None,
            motivering,
            rng.choice(OPLEIDING),
            rng.choice(GEZONDHEID),
            kinderen,
            geslacht == "v" or rng.random() < 0.8,
        )
        scores = {}
        for leefgebied, verdeling in SCORE.items():
            score = verdeling.kies(rng)
            scores[leefgebied] = score
            toelichting = "Acuut: direct actie nodig" if score == 1 else ""
            self.t.score.add(intake, leefgebied, score, toelichting)
        return scores

    def versie(self, rng, pip, nummer, route, org, niveau, duaal, dagtekening, door, scores, ctx, aangemaakt,
               reden, toelichting):  # fmt: skip
        """A PIP version with its goals and actions. Loaded as concept first (goals and actions cannot be added
        to a vastgesteld version); `Generator.pip_rondes` then sets the vastgesteld ones."""
        T = self.T
        componenten = ["taal", "knm", "map", "pvt"] if route != "onderwijs" else ["taal", "knm", "pvt"]
        vastgesteld = dagtekening is not None
        versie = self.t.pipversie.add(
            self.uuid(rng),
            pip,
            nummer,
            "concept",
            reden,
            toelichting,
            self.route_id[route],
            org,
            componenten,
            niveau,
            duaal,
            self.d(dagtekening),
            door if vastgesteld else None,
            self.ts(dagtekening, 11) if vastgesteld else None,
            self.ts(aangemaakt, 10),
            part=nummer,
        )
        self.tellers[f"PIP-versie {'vastgesteld' if vastgesteld else 'concept'}"] += 1
        basis = dagtekening if vastgesteld else aangemaakt
        taaldoel = TAALDOEL["A2" if niveau == "A2" else route]
        overige = sorted((s, lg) for lg, s in scores.items() if lg != Leefgebied.TAAL and s <= 3)
        gekozen = [Leefgebied.TAAL] + [lg for _, lg in overige[: rng.randint(1, 3)]]
        for volgorde, leefgebied in enumerate(gekozen):
            omschrijving = taaldoel if leefgebied == Leefgebied.TAAL else DOELEN[leefgebied]
            doel = self.t.doel.add(self.uuid(rng), versie, leefgebied, omschrijving, volgorde, part=nummer)
            for omschrijving, eigenaar, soort in ACTIES[leefgebied][: rng.randint(1, 2)]:
                ketenpartner = ctx.ketenpartners.get(soort) if soort else None
                if soort and ketenpartner is None:
                    eigenaar = "consultant"
                deadline = basis + rng.randint(30, 180)
                if not vastgesteld:
                    actie_status = "open"
                elif deadline < T:
                    actie_status = "gereed" if rng.random() < 0.7 else "bezig" if rng.random() < 0.7 else "vervallen"
                else:
                    actie_status = "open" if rng.random() < 0.5 else "bezig"
                self.t.actie.add(
                    self.uuid(rng), doel, omschrijving, eigenaar, ketenpartner, self.d(deadline), actie_status,
                    part=nummer,
                )  # fmt: skip
        return versie

    def inschrijving(self, rng, sh, org, route, contract, status, start, einde, gewijzigd, aangemeld=None, reden=""):
        """An enrolment; `aangemeld` is the day of the aanmelding (default its start)."""
        ins = self.t.inschrijving.add(
            self.uuid(rng),
            sh,
            org,
            self.route_id[route],
            contract,
            status,
            self.d(start if aangemeld is None else aangemeld),
            self.d(start),
            self.d(start),
            self.d(einde),
            self.ts(min(self.T, max(start if aangemeld is None else aangemeld, gewijzigd)), 16),
            reden,
        )
        codes = {
            "b1": ("lezen", "luisteren", "spreken", "schrijven", "knm", "map", "pvt"),
            "onderwijs": ("lezen", "luisteren", "spreken", "schrijven", "knm", "pvt", "taalschakel"),
            "z": ("knm", "map", "pvt", "z_les", "z_participatie"),
        }[route]
        for code in codes:
            self.t.onderdeel.add(ins, self.onderdeel_id[code])
        self.tellers[f"inschrijving {status}"] += 1
        return ins

    def examens(self, rng, ins, route, start, laatste, voldaan, afgeschaald, afronding):
        """Exam results of one enrolment; the MAP's eindgesprek and the PVT's signing go into `afronding`
        (the gemeente records them: Generator.routeafronding)."""
        od = self.onderdeel_id

        def niveau(d):
            if route == "onderwijs":
                return "B2" if rng.random() < 0.3 else "B1"
            return "A2" if afgeschaald and d >= afgeschaald else "B1"

        def examen(code, d, behaald, niv):
            self.t.examen.add(self.uuid(rng), ins, od[code], self.d(d), niv, behaald, self.ts(min(d + 1, self.T), 12))

        span = laatste - start
        if voldaan:
            codes = ("knm", *VAARDIGHEDEN) if route != "z" else ("knm",) if rng.random() < 0.5 else ()
            for code in codes:
                d = laatste - rng.randint(7, max(8, min(200, span - 60)))
                d = max(d, start + 1)
                if d - 60 > start + 30 and rng.random() < 0.3:
                    examen(code, d - rng.randint(50, 60), False, "" if code == "knm" else niveau(d))
                examen(code, d, True, "" if code == "knm" else niveau(d))
            for code in ("map", "pvt") if route != "onderwijs" else ("pvt",):
                afronding[code] = max(start, laatste - rng.randint(10, 200))
            return
        if route == "z":
            if span >= 300 and rng.random() < 0.4:
                d = start + rng.randint(200, 300)
                examen("knm", d, rng.random() < 0.7, "")
            return
        if span >= 240:
            d = start + rng.randint(200, 360)
            if d <= laatste:
                behaald = rng.random() < 0.75
                examen("knm", d, behaald, "")
                herkansing = d + rng.randint(70, 110)
                if not behaald and herkansing <= laatste:
                    examen("knm", herkansing, rng.random() < 0.7, "")
        if span >= 60:
            for code in ("pvt", "map") if route == "b1" else ("pvt",):
                d = start + rng.randint(60, 420)
                if d <= laatste and rng.random() < 0.6:
                    afronding[code] = d
        if span >= 420:
            for code in VAARDIGHEDEN:
                if rng.random() < 0.6:
                    d = start + rng.randint(400, 900)
                    if d <= laatste:
                        behaald = rng.random() < 0.65
                        examen(code, d, behaald, niveau(d))
                        herkansing = d + rng.randint(70, 110)
                        if not behaald and herkansing <= laatste:
                            examen(code, herkansing, rng.random() < 0.6, niveau(herkansing))

    def taalschakeltraject(self, rng, ins, status, start, einde):
        """The taalschakeltraject of an onderwijsroute enrolment once accepted; completed when the enrolment was
        (a voldaan case), not completed when it broke off."""
        if status not in ("actief", "afgerond", "afgebroken"):
            return
        resultaat = {"afgerond": "afgerond", "afgebroken": "niet_afgerond"}.get(status, "")
        opleiding, niveau = rng.choice(VERVOLGOPLEIDINGEN) if status != "afgebroken" else ("", "")
        self.t.taalschakeltraject.add(
            self.uuid(rng), ins, self.d(start), self.d(einde) if resultaat else None, resultaat, opleiding, niveau,
            self.ts(min(self.T, einde if resultaat else start), 16),
        )  # fmt: skip

    def routeafronding(self, rng, sh, route, afronding, S1, stop, voldaan_op, termijn_einde):
        """What the gemeente recorded of MAP, PVT and the Z-route (leerroutes.Routeafronding): complete in a
        voldaan case; otherwise the MAP themes done so far, the PVT hours and the dates `examens` drew. A date after
        the termijn carries 'verwijtbaar' (nee), as DUO requires."""
        if S1 > stop:
            return
        map_op, pvt_op = afronding.get("map"), afronding.get("pvt")
        met_map = route != "onderwijs"
        themas = list(MapThema.values) if map_op else list(MapThema.values[: min(7, (stop - S1) // 60)])
        if pvt_op is not None:
            pvt_uren = rng.choice(("12", "12.5", "14", "16"))
        else:
            pvt_uren = str(rng.randint(2, 11)) if stop - S1 > 90 and rng.random() < 0.5 else None
        zroute_op = voldaan_op if route == "z" else None
        if not (themas and met_map) and pvt_uren is None:
            return
        termijn = termijn_einde.toordinal()

        def verwijtbaar(o):
            return False if o is not None and o > termijn else None

        laatste = max(o for o in (map_op, pvt_op, zroute_op, S1) if o is not None)
        self.t.routeafronding.add(
            sh, themas if met_map else [], self.d(map_op), verwijtbaar(map_op), Decimal(pvt_uren) if pvt_uren else None,
            self.d(pvt_op), verwijtbaar(pvt_op), self.d(zroute_op), self.ts(min(self.T, laatste), 16),
        )  # fmt: skip

    def rapportages(self, rng, ins, route, start, laatste, doelniveau):
        """A quarterly progress report from the provider, levels rising with time at a personal pace."""
        tempo = rng.uniform(0.7, 1.4)
        plafond = {"B1": 3, "A2": 2, "": 2}.get(doelniveau, 3) + (1 if route == "onderwijs" else 0)
        vaardigheden = VAARDIGHEDEN if route != "z" else ("luisteren", "spreken")
        k = 1
        while start + 91 * k - 1 <= laatste:
            van, tot = start + 91 * (k - 1), start + 91 * k - 1
            maanden = (tot - start) / 30.4 * tempo
            niveaus = {}
            for i, vaardigheid in enumerate(vaardigheden):
                m = maanden + (2, 2, 0, -3)[i % 4]
                index = 0 if m < 3 else 1 if m < 10 else 2 if m < 20 else 3 if m < 30 else 4
                niveaus[vaardigheid] = NIVEAUS[min(index, plafond)]
            self.t.rapportage.add(
                self.uuid(rng),
                ins,
                self.d(van),
                self.d(tot),
                niveaus,
                rng.choice(RAPPORTAGE),
                self.ts(min(tot + 3, self.T), 8),
            )
            k += 1

    def gesprekken(self, rng, sh, P, stop, status, consultant):
        """Voortgangsgesprekken about every 13 weeks from the PIP, and the follow-ups after 6, 12 and 24 months.
        Some running cases have none for months: the overdue-meeting signal."""
        if consultant is None:
            return
        T = self.T
        tot = stop
        if status == Status.IN_UITVOERING and rng.random() < 0.08:
            tot = T - rng.randint(100, 200)
        g = P + rng.randint(14, 42)
        while g <= tot:
            gehouden = g + rng.randint(0, 5) if rng.random() < 0.93 else None
            if gehouden is not None and gehouden > stop:
                gehouden = None
            self.t.gesprek.add(
                self.uuid(rng), sh, "regulier", self.d(g), self.d(gehouden), consultant,
                rng.choice(VERSLAGEN) if gehouden else "", {},
            )  # fmt: skip
            g += 91 + rng.randint(-14, 7)
        for maanden, datum in deadlines.follow_ups(self.d(P)):
            o = datum.toordinal()
            if o <= stop:
                gehouden = min(stop, o + rng.randint(0, 10))
                self.t.gesprek.add(
                    self.uuid(rng), sh, f"follow_up_{maanden}", datum, self.d(gehouden), consultant,
                    f"Follow-up na {maanden} maanden: doelen en participatie besproken.", {},
                )  # fmt: skip

    def verwijzingen(self, rng, ctx, sh, fase, A, IK, P, huisvesting, stop, scores, talen):
        kp = ctx.ketenpartners

        def verwijs(ketenpartner, sleutelpersoon, reden, datum, uitkomst):
            if datum > stop:
                return
            afgerond = datum + rng.randint(60, 400)
            if afgerond > stop or rng.random() < 0.4:
                afgerond, uitkomst = None, ""
            self.t.verwijzing.add(
                self.uuid(rng), sh, ketenpartner, sleutelpersoon, reden, self.d(datum), uitkomst, self.d(afgerond)
            )

        if "vluchtelingenwerk" in kp and rng.random() < 0.5:
            datum = max(A, huisvesting or A) + rng.randint(0, 21)
            verwijs(kp["vluchtelingenwerk"], None, "Maatschappelijke begeleiding na de huisvesting", datum,
                    "Begeleiding afgerond; weet de weg naar instanties.")  # fmt: skip
        if "ggz" in kp and scores[Leefgebied.GEZONDHEID_PSYCHISCH] <= 2 and rng.random() < 0.7:
            verwijs(kp["ggz"], None, "Psychische klachten (slaap, spanning); aanmelding basis-GGZ",
                    IK + rng.randint(7, 60), "Behandeling afgerond; klachten verminderd.")  # fmt: skip
        if fase >= UITVOERING and rng.random() < 0.35:
            soort = "wsp" if rng.random() < 0.6 else "uwv"
            if soort in kp:
                verwijs(kp[soort], None, "Begeleiding naar werk of een werkervaringsplek", P + rng.randint(90, 500),
                        "Geplaatst op een werkervaringsplek.")  # fmt: skip
        if ctx.sleutelpersonen and rng.random() < 0.2:
            passend = [pk for pk, sp_talen in ctx.sleutelpersonen if talen[0] in sp_talen]
            if passend:
                verwijs(None, rng.choice(passend), "Koppeling aan een sleutelpersoon die dezelfde taal spreekt",
                        IK + rng.randint(0, 60), "Regelmatig contact; helpt bij afspraken.")  # fmt: skip

    def participatie(self, rng, sh, P, stop, duaal, route, eindreden):
        span = stop - P
        add = self.t.participatie.add
        if duaal and span > 120:
            start = P + rng.randint(60, min(span, 300))
            eind = start + rng.randint(90, 365)
            soort = "werkervaringsplek" if rng.random() < 0.5 else "vrijwilligerswerk"
            add(self.uuid(rng), sh, soort, self.d(start), self.d(eind if eind <= stop else None),
                str(rng.randint(8, 16)), rng.choice(SECTOREN), "", None)  # fmt: skip
        if span > 365 and rng.random() < (0.45 if eindreden == Eindreden.VOLDAAN else 0.25):
            start = P + rng.randint(300, span)
            add(self.uuid(rng), sh, "betaald_werk", self.d(start), None, str(rng.randint(12, 38)),
                rng.choice(SECTOREN), CONTRACTVORM.kies(rng), None)  # fmt: skip
        if route == "onderwijs" and eindreden == Eindreden.VOLDAAN:
            add(self.uuid(rng), sh, "onderwijs", self.d(stop), None, "32", "mbo niveau 3/4", "", None)

    # pass 2: attendance ---------------------------------------------------------------------------

    def schrijf_aanwezigheid(self, write, eerste_id: int) -> int:
        """Stream every enrolment's lessons as COPY text to `write`; returns the number of rows."""
        iso, basis, nu, vakanties = self._iso, self._iso_basis, self.nu, self.vakanties
        pk = eerste_id
        regels: list[str] = []
        for plan in self.lesplannen:
            ins = plan.inschrijving
            for les, d, soort, gepland, aanwezig, status, opm in lessen(plan, vakanties):
                regels.append(
                    f"{pk}\t{ins}\t{les}\t{iso[d - basis]}\t{soort}\t{gepland}\t{aanwezig}\t{status}\t{opm}\t{nu}\n"
                )
                pk += 1
            if len(regels) >= 20_000:
                write("".join(regels))
                regels.clear()
        write("".join(regels))
        return pk - eerste_id
