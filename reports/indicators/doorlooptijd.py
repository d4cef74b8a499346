"""Lead times and the first PIP (I2 huisvesting → intake, I2b huisvesting → eerste les, I3 intake → PIP, I4 PIP binnen
norm, I5 routeverdeling).

I3–I5 share one population: the first PIPs vastgesteld in the period. A verhuizing copies the intake date and the
PIP's dagtekening into the new gemeente's case (cases.services.verhuizing); those copies are not a new intake or a
new vaststelling, so they count once, in the gemeente where they happened."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, DateField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Greatest, TruncMonth

from cases.deadlines import norm
from cases.models import Statushouder
from leerroutes.models import Aanwezigheid

from .base import (
    DagenTussen,
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
from .gemeenschappelijk import OverKeten, plan_op
from .instroom import PROCENT_DECIMALEN, percentage

MEDIAAN = Maat("mediaan", "Mediaan", "mediaan", "dagen", 0)
ROUTES = (("b1", "B1-route"), ("onderwijs", "Onderwijsroute"), ("z", "Z-route"))


def _mediaan_metingen(rijen: list[dict]) -> list[Meting]:
    uit = Verzameling()
    for rij in rijen:
        uit.voeg_toe(rij, "mediaan", afronden(rij["mediaan"], MEDIAAN.decimalen), rij["basis"] or 0)
    return uit.metingen


@indicator("I2", "Doorlooptijd huisvesting → intake", "instroom", (MEDIAAN,), trend_maat="mediaan")
def huisvesting_intake(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str) -> list[Meting]:
    """De mediaan van het aantal dagen van de huisvestingsdatum tot de startdatum van de brede intake, over de
    statushouders bij wie de intake in de periode is gestart en die beide datums hebben. Een intake die al in het
    AZC begon telt mee met een negatief aantal dagen. Een intake die vóór een verhuizing in de vorige gemeente
    begon, telt alleen daar (niet opnieuw in het vervolgdossier). Basis: het aantal statushouders."""
    qs = Statushouder.objects.using(db).filter(
        Q(vorig_dossier__isnull=True) | Q(vorig_dossier__intake_start_datum__isnull=True),
        gemeente_id__in=gemeenten,
        intake_start_datum__range=(periode.start, periode.eind),
        huisvesting_datum__isnull=False,
    )
    aggregaten = {"mediaan": Mediaan(DagenTussen("intake_start_datum", "huisvesting_datum")), "basis": Count("pk")}
    return _mediaan_metingen(groepeer(qs, "gemeente", niveaus, aggregaten, gemeenten=gemeenten))


def eerste_les(start: str = "pk") -> OverKeten:
    """SQL: the date of the person's first lesson attended (an attendance row of soort les with minutes present),
    over the case `start` and the cases it continues after moves. Per enrolment the first such row is read from
    the (inschrijving, datum) index, not every lesson since."""
    return OverKeten(
        "SELECT min((SELECT a.datum FROM leerroutes_aanwezigheid a WHERE a.inschrijving_id = i.id AND a.soort = %s"
        " AND a.aanwezige_minuten > 0 ORDER BY a.datum LIMIT 1))"
        " FROM keten k JOIN leerroutes_inschrijving i ON i.statushouder_id = k.id",
        [Aanwezigheid.Soort.LES.value],
        DateField(),
        start=start,
    )


def _eerste_lessen(van, tot, gemeenten: Sequence[int], db: str):
    """The statushouders of I2b whose first lesson fell from `van` to `tot`, annotated with it (`eerste_les`)."""
    les_in_periode = Aanwezigheid.objects.filter(
        inschrijving__statushouder=OuterRef("pk"),
        soort=Aanwezigheid.Soort.LES,
        aanwezige_minuten__gt=0,
        datum__range=(van, tot),
    )
    return (
        Statushouder.objects.using(db)
        # first who had a lesson in the period (a range of the (inschrijving, datum) index), then whose first it was
        .filter(Exists(les_in_periode), gemeente_id__in=gemeenten, huisvesting_datum__isnull=False)
        .alias(eerder=eerste_les("vorig_dossier_id"))
        .annotate(eerste_les=eerste_les())
        .filter(eerste_les__range=(van, tot))
        .filter(Q(vorig_dossier__isnull=True) | Q(eerder=None))
    )


I2B_AGGREGATEN = {"mediaan": Mediaan(DagenTussen("eerste_les", "huisvesting_datum")), "basis": Count("pk")}


def _i2b_metingen(rijen) -> list[Meting]:
    uit = Verzameling()
    for rij in rijen:
        basis = rij["basis"] or 0
        uit.voeg_toe(rij, "mediaan", afronden(rij["mediaan"], MEDIAAN.decimalen), basis)
        uit.voeg_toe(rij, "aantal", basis, basis)
    return uit.metingen


def huisvesting_eerste_les_trend(
    maanden: Sequence[Periode], gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str
) -> list[list[Meting]]:
    """I2b for each month of the trend from one query grouped by the month of the first lesson: a person's first
    lesson does not depend on the month asked, so the twelve queries each probed every statushouder of the
    gemeenten for a lesson in their month (a sixth of a region's computing time)."""
    qs = _eerste_lessen(maanden[0].start, maanden[-1].eind, gemeenten, db).annotate(maand=TruncMonth("eerste_les"))
    rijen = groepeer(qs, "gemeente", niveaus, I2B_AGGREGATEN, extra=("maand",))
    return [_i2b_metingen(r) for r in per_maand(rijen, maanden, gemeenten, niveaus, db, I2B_AGGREGATEN)]


@indicator(
    "I2b",
    "Doorlooptijd tot eerste les",
    "instroom",
    (MEDIAAN, Maat("aantal", "Aantal", "aantal")),
    trend_maat="mediaan",
    trend=huisvesting_eerste_les_trend,
)
def huisvesting_eerste_les(
    periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str
) -> list[Meting]:
    """De mediaan van het aantal dagen van de huisvestingsdatum tot de eerste les waarbij de statushouder aanwezig
    was (de vroegste aanwezigheidsregistratie van het soort les met aanwezige minuten, bij een inschrijving van het
    dossier), over de statushouders van wie die eerste les in de periode viel en die een huisvestingsdatum hebben.
    Een eerste les die al vóór een verhuizing in de vorige gemeente was, telt alleen daar: het vervolgdossier telt
    alleen mee als de persoon daar zijn eerste les had (en dan vanaf de huisvestingsdatum in de nieuwe gemeente,
    de verhuisdatum). Aantal: het aantal statushouders, ook de basis van de mediaan."""
    qs = _eerste_lessen(periode.start, periode.eind, gemeenten, db)
    return _i2b_metingen(groepeer(qs, "gemeente", niveaus, I2B_AGGREGATEN, gemeenten=gemeenten))


def pips_vastgesteld(periode: Periode, gemeenten: Sequence[int], db: str):
    """The statushouders whose first PIP was vastgesteld (dagtekening) in the period, without the copies a
    verhuizing makes of a PIP vastgesteld in the previous gemeente."""
    return Statushouder.objects.using(db).filter(
        Q(vorig_dossier__isnull=True) | Q(vorig_dossier__pip_dagtekening__isnull=True),
        gemeente_id__in=gemeenten,
        pip_dagtekening__range=(periode.start, periode.eind),
    )


@indicator("I3", "Doorlooptijd intake → PIP", "instroom", (MEDIAAN,), trend_maat="mediaan")
def intake_pip(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str) -> list[Meting]:
    """De mediaan van het aantal dagen van de startdatum van de brede intake tot de dagtekening van het eerste PIP,
    over de statushouders van wie het eerste PIP in de periode is vastgesteld en die een startdatum intake hebben.
    Een PIP dat al vóór een verhuizing in de vorige gemeente was vastgesteld, is in de nieuwe gemeente geen nieuwe
    vaststelling en telt niet mee. Basis: het aantal statushouders."""
    qs = pips_vastgesteld(periode, gemeenten, db).filter(intake_start_datum__isnull=False)
    aggregaten = {"mediaan": Mediaan(DagenTussen("pip_dagtekening", "intake_start_datum")), "basis": Count("pk")}
    return _mediaan_metingen(groepeer(qs, "gemeente", niveaus, aggregaten, gemeenten=gemeenten))


def pip_deadline():
    """SQL: cases.deadlines.pip_deadline — the recorded override, else max(kennisgeving DUO, BRP-inschrijving) +
    the gemeente's PIP-termijn in weeks (or the national norm); NULL without any of those dates."""
    weken = Coalesce("gemeente__pip_termijn_weken", Value(norm("PIP_TERMIJN_WEKEN")))
    basis_plus_termijn = ExpressionWrapper(
        Greatest("kennisgeving_datum", "brp_inschrijving_datum") + weken * 7, output_field=DateField()
    )
    return Coalesce("pip_deadline_afwijking", basis_plus_termijn, output_field=DateField())


@indicator("I4", "PIP binnen norm", "instroom", (percentage("Binnen norm"),), trend_maat="percentage")
def pip_binnen_norm(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str) -> list[Meting]:
    """Het percentage van de in de periode vastgestelde eerste PIP's (zoals bij I3, ook zonder startdatum intake)
    met een dagtekening op of vóór de PIP-deadline. De deadline is de vastgelegde afwijkende deadline; anders de
    laatste van de datum van de kennisgeving van DUO en de datum van de BRP-inschrijving, plus de PIP-termijn die
    de gemeente heeft vastgelegd of anders de landelijke norm van 10 weken. Een PIP zonder afwijkende deadline,
    zonder kennisgeving én zonder BRP-inschrijving heeft geen deadline en telt niet mee. Basis: het aantal PIP's met
    een deadline."""
    deadline = pip_deadline()
    aggregaten = {
        "teller": Count("pk", filter=Q(pip_dagtekening__lte=deadline)),
        "basis": Count("pk", filter=Q(pip_deadline_afwijking__isnull=False)
                       | Q(kennisgeving_datum__isnull=False) | Q(brp_inschrijving_datum__isnull=False)),
    }  # fmt: skip
    uit = Verzameling()
    for rij in groepeer(pips_vastgesteld(periode, gemeenten, db), "gemeente", niveaus, aggregaten, gemeenten=gemeenten):
        uit.voeg_toe(rij, "percentage", aandeel(rij["teller"], rij["basis"], PROCENT_DECIMALEN), rij["basis"] or 0)
    return uit.metingen


@indicator(
    "I5",
    "Routeverdeling",
    "uitvoering",
    (percentage("Aandeel"),),
    uitsplitsingen=ROUTES,
)
def routeverdeling(periode: Periode, gemeenten: Sequence[int], *, niveaus: Sequence[str], db: str) -> list[Meting]:
    """Van de in de periode vastgestelde eerste PIP's (zoals bij I3, ook zonder startdatum intake) het percentage
    per leerroute (B1-route, onderwijsroute, Z-route) van het plan dat op de laatste dag van de periode gold: de
    laatst vastgestelde PIP-versie met een dagtekening op of vóór die dag, zodat schakelen binnen de periode
    meetelt en een latere wijziging een eerdere periode niet verandert. Basis: alle in de periode vastgestelde
    PIP's."""
    qs = pips_vastgesteld(periode, gemeenten, db).annotate(route=plan_op(periode.eind, "leerroute__code"))
    rijen = groepeer(qs, "gemeente", niveaus, {"aantal": Count("pk")}, extra=("route",))
    per_route: dict[tuple[str, str], dict] = {}
    for r in rijen:
        per_route.setdefault((r["niveau"], r["eenheid"]), {})[r["route"]] = r["aantal"]
    return route_metingen(per_eenheid(gemeenten, niveaus, db), per_route)


def route_metingen(units: list[tuple[str, str]], per_route: dict[tuple[str, str], dict]) -> list[Meting]:
    """One percentage per unit and route from {(niveau, eenheid): {route: aantal}}; the base is the unit's total."""
    metingen = []
    for niveau, eenheid in units:
        aantallen = per_route.get((niveau, eenheid), {})
        basis = sum(aantallen.values())
        for route, _label in ROUTES:
            metingen.append(
                Meting(
                    niveau, eenheid, "percentage", aandeel(aantallen.get(route), basis, PROCENT_DECIMALEN), basis, route
                )
            )
    return metingen
