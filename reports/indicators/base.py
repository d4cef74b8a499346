"""The shape every indicator of DESIGN.md §6 shares: a period, the measures it reports, and one function that turns
a queryset into rows per gemeente, per region and (where it applies) per taalaanbieder — all aggregated in SQL.

An indicator module defines a function and registers it with `@indicator(...)`; the function's docstring is the
indicator's exact definition (shown in the dashboards and printed in the PDF). It returns `Meting`s with the true
numbers and the base each rests on; suppression happens once, afterwards (`reports.engine.onderdruk`).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from dateutil.relativedelta import relativedelta
from django.db import connections
from django.db.models import Aggregate, F, FloatField, Func, IntegerField, QuerySet

# --- Periods ---------------------------------------------------------------------------------------------------------

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class Periode:
    """A calendar month, quarter or year: `start` and `eind` inclusive."""

    soort: str  # "maand" | "kwartaal" | "jaar" (ReportRun.Periode)
    start: date
    eind: date

    @classmethod
    def maand(cls, jaar: int, maand: int) -> Periode:
        start = date(jaar, maand, 1)
        return cls("maand", start, start + relativedelta(months=1) - timedelta(days=1))

    @classmethod
    def kwartaal(cls, jaar: int, kwartaal: int) -> Periode:
        start = date(jaar, 3 * kwartaal - 2, 1)
        return cls("kwartaal", start, start + relativedelta(months=3) - timedelta(days=1))

    @classmethod
    def jaar(cls, jaar: int) -> Periode:
        return cls("jaar", date(jaar, 1, 1), date(jaar, 12, 31))

    @classmethod
    def van(cls, soort: str, start: date) -> Periode:
        """The period of `soort` that contains `start`."""
        if soort == "maand":
            return cls.maand(start.year, start.month)
        if soort == "kwartaal":
            return cls.kwartaal(start.year, (start.month - 1) // 3 + 1)
        return cls.jaar(start.year)

    @property
    def label(self) -> str:
        if self.soort == "maand":
            return f"{MAANDEN[self.start.month - 1]} {self.start.year}"
        if self.soort == "kwartaal":
            return f"{(self.start.month - 1) // 3 + 1}e kwartaal {self.start.year}"
        return str(self.start.year)

    def maanden(self, aantal: int = 12) -> list[Periode]:
        """The `aantal` calendar months that end with the month of this period's end, oldest first (the trend)."""
        laatste = date(self.eind.year, self.eind.month, 1)
        return [Periode.maand((m := laatste - relativedelta(months=i)).year, m.month) for i in reversed(range(aantal))]

    def als_dict(self) -> dict:
        return {"soort": self.soort, "start": self.start.isoformat(), "eind": self.eind.isoformat(),
                "label": self.label}  # fmt: skip


# --- Measures and results --------------------------------------------------------------------------------------------

NIVEAUS = ("gemeente", "regio", "aanbieder", "land")
LAND = "NL"  # the one unit of level "land": every gemeente in the computation together


@dataclass(frozen=True)
class Maat:
    """One figure an indicator reports. `soort` decides suppression: an "aantal" (a count of people) is hidden below
    the threshold itself; a "percentage", "mediaan" or "verhouding" is hidden when its base is."""

    code: str
    label: str
    soort: str  # "aantal" | "percentage" | "mediaan" | "verhouding"
    eenheid: str = ""  # "%", "dagen", "uur", "per 1.000 inwoners", ...
    decimalen: int = 0

    def als_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "soort": self.soort, "eenheid": self.eenheid,
                "decimalen": self.decimalen}  # fmt: skip


@dataclass
class Meting:
    """One true (unsuppressed) figure: indicator measure `maat` for one unit at one level.

    niveau: "gemeente" (eenheid = CBS code, e.g. GM0197), "regio" (eenheid = region code, e.g. AM13),
    "aanbieder" (eenheid = the organisation's UUID as a string) or "land" (eenheid LAND: all gemeenten computed).
    uitsplitsing: the breakdown key ("" = all; e.g. a leerroute code "b1", an onderdeel "lezen", "man", "18-27").
    basis: the number of people (or results) the figure rests on — for an "aantal" the count itself."""

    niveau: str
    eenheid: str
    maat: str
    waarde: float | int | None
    basis: int | None
    uitsplitsing: str = ""

    def als_dict(self) -> dict:
        return {"niveau": self.niveau, "eenheid": self.eenheid, "uitsplitsing": self.uitsplitsing, "maat": self.maat,
                "waarde": self.waarde, "basis": self.basis}  # fmt: skip


Berekening = Callable[..., Iterable[Meting]]
"""`bereken(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str) -> Iterable[Meting]`:
the figures for the gemeenten with these primary keys, at the requested levels only, reading through database
alias `db` (every queryset `.using(db)`)."""


@dataclass(frozen=True)
class Indicator:
    code: str  # "I1", "I1b", ...
    naam: str
    groep: str  # a key of GROEPEN: the XLSX sheet and the dashboard section
    maten: tuple[Maat, ...]
    bereken: Berekening
    niveaus: tuple[str, ...] = ("gemeente", "regio")
    uitsplitsingen: tuple[tuple[str, str], ...] = ()  # (key, label) in display order; "" = totaal
    trend_maat: str | None = None  # the measure drawn as the 12-month trend (None: no trend)
    # The trend's months in one query, where computing them month by month repeats most of the work:
    # `trend(maanden, gemeenten, *, niveaus, db) -> [[Meting, ...] per month]`, the same figures as `bereken` gives
    # for each month (at least the trend measure's total). None: `bereken` once per month.
    trend: Callable[..., list[list[Meting]]] | None = None

    @property
    def definitie(self) -> str:
        return inspect.getdoc(self.bereken) or ""

    def maat(self, code: str) -> Maat:
        return next(m for m in self.maten if m.code == code)


GROEPEN = {
    "instroom": "Instroom, intake en PIP",
    "uitvoering": "Route en uitvoering",
    "resultaat": "Resultaat en uitstroom",
}

REGISTER: dict[str, Indicator] = {}


def indicator(code: str, naam: str, groep: str, maten: Sequence[Maat], **opties) -> Callable[[Berekening], Berekening]:
    """Register the decorated function as indicator `code` (its docstring is the definition)."""

    def registreer(bereken: Berekening) -> Berekening:
        if code in REGISTER:
            raise ValueError(f"indicator {code} is al geregistreerd")
        REGISTER[code] = Indicator(code, naam, groep, tuple(maten), bereken, **opties)
        return bereken

    return registreer


# --- SQL building blocks ---------------------------------------------------------------------------------------------


class Mediaan(Aggregate):
    """The median in the database: percentile_cont(0.5) WITHIN GROUP (ORDER BY x), NULLs ignored."""

    function = "percentile_cont"
    name = "Mediaan"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class DagenTussen(Func):
    """Whole days from `begin` to `eind` (two date columns): PostgreSQL's date − date is an integer."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, eind, begin, **extra):
        super().__init__(F(eind) if isinstance(eind, str) else eind, F(begin) if isinstance(begin, str) else begin,
                         **extra)  # fmt: skip


def groepeer(
    qs: QuerySet,
    gemeente_pad: str,
    niveaus: Sequence[str],
    aggregaten: dict,
    *,
    aanbieder_pad: str | None = None,
    extra: Sequence[str] = (),
    gemeenten: Sequence[int] | None = None,
    met_totaal: bool = False,
) -> list[dict]:
    """The aggregates of `qs` per unit of every requested level, as one dict per group with "niveau" and "eenheid"
    added (plus the `extra` grouping fields as they are). `gemeente_pad` is the path from the queryset's model to
    the gemeente ("gemeente" for Statushouder, "statushouder__gemeente" for its children); `aanbieder_pad` the path
    to the provider organisation, for the "aanbieder" level (grouped within the region, so a provider active in two
    regions has a figure per region, as a regional report gives it). Level "land" is the empty grouping set: all
    of `qs` together, eenheid LAND.

    All levels come from ONE statement with GROUPING SETS, so the rows are read once however many levels are asked
    for (the ORM has no grouping sets: the ORM's own GROUP BY of the same query is replaced). With `met_totaal`, each
    level is also grouped without the `extra` fields (those rows have "uitgesplitst" False and the extra fields None;
    the extra fields must then never be NULL themselves). With `gemeenten`
    (and no `extra`, or `met_totaal`), every one of those gemeenten and their regions gets a total row, with the
    aggregates None where the queryset has none: a gemeente without instroom reports 0, not nothing."""
    sleutels = {"gemeente": f"{gemeente_pad}__cbs_code", "regio": f"{gemeente_pad}__arbeidsmarktregio__code"}
    if aanbieder_pad:
        sleutels["aanbieder"] = f"{aanbieder_pad}__uuid"
    gevraagd = [n for n in sleutels if n in niveaus]
    land = "land" in niveaus
    if not gevraagd and not land:
        return []
    # Land alone still groups by a column (the region's: a column in the select list must be in a set), so that the
    # ORM writes a GROUP BY to replace; those rows are left out.
    hulp = [] if gevraagd else ["regio"]
    kolommen = [sleutels[n] for n in gevraagd + hulp]
    if "aanbieder" in gevraagd and sleutels["regio"] not in kolommen:
        kolommen.append(sleutels["regio"])
    query = qs.order_by().values(*kolommen, *extra).annotate(**aggregaten)
    compiler = query.query.get_compiler(using=qs.db)
    sql, params = compiler.as_sql()
    namen = [alias for _, _, alias in compiler.select]
    positie = {naam: namen.index(naam) + 1 for naam in kolommen + list(extra)}
    kop, scheiding, groep_by = sql.rpartition(" GROUP BY ")
    if not scheiding or sorted(groep_by.replace(",", " ").split()) != sorted(map(str, positie.values())):
        raise ValueError(f"groepeer: onverwachte GROUP BY in {sql[-200:]!r}")
    eigen_kolommen = {n: [positie[sleutels[n]]] + ([positie[sleutels["regio"]]] if n == "aanbieder" else [])
                      for n in gevraagd + hulp} | ({"land": []} if land else {})  # fmt: skip
    sets = []
    for eigen in eigen_kolommen.values():
        sets.append(eigen + [positie[e] for e in extra])
        if met_totaal and extra:
            sets.append(eigen)
    sql = f"{kop} GROUP BY GROUPING SETS ({', '.join('(' + ', '.join(map(str, s)) + ')' for s in sets)})"
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        ruw = cursor.fetchall()
    converters = compiler.get_converters([expr for expr, _, _ in compiler.select])
    rijen = []
    for waarden in compiler.apply_converters(ruw, converters) if converters else ruw:
        rij = dict(zip(namen, waarden, strict=True))
        niveau = next(
            (n for n in ("aanbieder", "gemeente", "regio") if n in gevraagd + hulp and rij[sleutels[n]] is not None),
            "land",
        )
        if niveau in hulp:
            continue
        rij["niveau"], rij["eenheid"] = niveau, LAND if niveau == "land" else str(rij[sleutels[niveau]])
        for naam in kolommen:
            rij.pop(naam)
        if met_totaal:
            rij["uitgesplitst"] = any(rij[e] is not None for e in extra)
        rijen.append(rij)
    if gemeenten is not None and (not extra or met_totaal):
        totalen = [r for r in rijen if not r.get("uitgesplitst")]
        rijen.extend(_ontbrekende_rijen(totalen, qs.db, gemeenten, niveaus, aggregaten, extra, met_totaal))
    return rijen


# While a report is computed (engine.bereken_rapport), `eenheden` answers each set of gemeenten once: every indicator
# asks it, some 600 times in a national run, ~1 s of its engine time.
EENHEDEN_GEHEUGEN: ContextVar[dict | None] = ContextVar("eenheden_geheugen", default=None)


def eenheden(gemeenten: Sequence[int], db: str) -> dict[str, list[str]]:
    """The codes of these gemeenten and of their regions, and the land: {"gemeente": [...], "regio": [...],
    "land": [LAND]}. Callers must not change it (it may be shared, see EENHEDEN_GEHEUGEN)."""
    from partners.models import Gemeente

    geheugen, sleutel = EENHEDEN_GEHEUGEN.get(), (db, tuple(gemeenten))
    if geheugen is not None and sleutel in geheugen:
        return geheugen[sleutel]
    paren = list(Gemeente.objects.using(db).filter(pk__in=gemeenten).values_list("cbs_code", "arbeidsmarktregio__code"))
    uitkomst = {"gemeente": [g for g, _ in paren], "regio": sorted({r for _, r in paren}), "land": [LAND]}
    if geheugen is not None:
        geheugen[sleutel] = uitkomst
    return uitkomst


def per_eenheid(gemeenten: Sequence[int], niveaus: Sequence[str], db: str) -> list[tuple[str, str]]:
    """(niveau, eenheid) of every requested gemeente and region (and the land) at the requested levels: the rows an
    indicator must report also where it has no data."""
    return [(n, code) for n, codes in eenheden(gemeenten, db).items() if n in niveaus for code in codes]


def per_maand(rijen: Iterable[dict], maanden: Sequence[Periode], gemeenten, niveaus, db, aggregaten) -> list[list]:
    """The rows of a trend computed in one query (each with its month's first day as "maand"), per month of
    `maanden`, with an empty row (the `aggregaten` None) for each unit at the levels that had none that month: what
    `groepeer` with `gemeenten` gives a unit without data, month by month."""
    per: dict = {}
    for rij in rijen:
        per.setdefault(rij.pop("maand"), []).append(rij)
    uitkomst = []
    for maand in maanden:
        rijen_van_maand = per.get(maand.start, [])
        uitkomst.append(
            rijen_van_maand + _ontbrekende_rijen(rijen_van_maand, db, gemeenten, niveaus, aggregaten, (), False)
        )
    return uitkomst


def _ontbrekende_rijen(rijen, db, gemeenten, niveaus, aggregaten, extra, met_totaal) -> list[dict]:
    aanwezig = {(r["niveau"], r["eenheid"]) for r in rijen}
    leeg = dict.fromkeys(aggregaten) | (dict.fromkeys(extra) | {"uitgesplitst": False} if met_totaal else {})
    return [
        {"niveau": niveau, "eenheid": code, **leeg}
        for niveau, codes in eenheden(gemeenten, db).items()
        if niveau in niveaus
        for code in codes
        if (niveau, code) not in aanwezig
    ]


@dataclass
class Verzameling:
    """Collects Metingen while an indicator walks its rows (keeps the functions short)."""

    metingen: list[Meting] = field(default_factory=list)

    def voeg_toe(self, rij: dict, maat: str, waarde, basis, uitsplitsing: str = "") -> None:
        self.metingen.append(Meting(rij["niveau"], rij["eenheid"], maat, waarde, basis, uitsplitsing))


# --- Rounding --------------------------------------------------------------------------------------------------------


def afronden(waarde: Fraction | Decimal | float | None, decimalen: int) -> float | int | None:
    """Round half away from zero, exactly, as PostgreSQL's round(numeric) and a reader do: Python's round() would
    round 12.5 to 12 and a float like 100 * 29 / 200 the wrong way. 0 decimals gives an int."""
    if waarde is None:
        return None
    geschaald = abs(Fraction(waarde)) * 10**decimalen
    n = math.copysign(math.floor(geschaald + Fraction(1, 2)), waarde)
    return int(n) if decimalen == 0 else n / 10**decimalen


def verhouding(teller, noemer, decimalen: int) -> float | int | None:
    """teller ÷ noemer (ints or Decimals), rounded exactly by `afronden`; None when noemer is 0 or missing."""
    return afronden(Fraction(teller or 0) / Fraction(noemer), decimalen) if noemer else None


def aandeel(teller: int | None, basis: int | None, decimalen: int) -> float | int | None:
    """teller as a percentage of basis, rounded by `afronden`; None without a base."""
    return verhouding(100 * (teller or 0), basis, decimalen)
