"""I11 termijn, I12 participatie and I13 Z-route uren on a hand-made dataset in three Achterhoek gemeenten, for the
third quarter of 2026 (peildatum 30 September 2026), and the hand-written benchmark SQL against them."""

import datetime as dt

import pytest
from django.db import connection

from cases import deadlines
from cases.models import TermijnVerlenging
from leerroutes.models import Aanwezigheid, Inschrijving, Leerroute
from reports.benchmark import handgeschreven_resultaat
from reports.indicators import REGISTER
from reports.indicators.base import Periode
from tests.factories import (
    AanwezigheidFactory,
    InschrijvingFactory,
    ParticipatieFactory,
    PipFactory,
    PipVersieFactory,
    StatushouderFactory,
)

Q3 = Periode.kwartaal(2026, 3)
W, A, D, REGIO = "GM0294", "GM0197", "GM0222", "AM03"  # Winterswijk, Aalten, Doetinchem, Achterhoek
LEEG = ("GM1859", "GM1876", "GM1955", "GM1586", "GM1509")  # the other five: no data
D30 = dt.date(1998, 5, 4)  # 28 on the peildatum (the factory's default)


def persoon(gemeente, *, pip=None, verlenging=0, eind=None, reden="", geboren=D30, geslacht="m", **velden):
    """A case: afgerond when `eind`, else in uitvoering with a PIP, else in intake; the termijn as services set it."""
    status = "afgerond" if eind else "in_uitvoering" if pip else "intake"
    termijn = deadlines.termijn_einde(pip, verlenging) if pip else None
    sh = StatushouderFactory(
        gemeente=gemeente, status=status, pip_dagtekening=pip, termijn_einde=termijn, einddatum=eind,
        eindreden=reden, geboortedatum=geboren, geslacht=geslacht, verblijfsvergunning_datum=dt.date(2022, 6, 1),
        **velden,
    )  # fmt: skip
    if verlenging:
        besluit = pip.replace(year=pip.year + 2)
        TermijnVerlenging.objects.create(statushouder=sh, besluitdatum=besluit, maanden=verlenging, reden="n.v.t.")
    return sh


def werk(sh, soort, start, eind=None):
    ParticipatieFactory(statushouder=sh, soort=soort, startdatum=start, einddatum=eind)


@pytest.fixture
def dataset(achterhoek):
    g = achterhoek.gemeenten
    toptaal = achterhoek.aanbieders["TopTaal"]
    route = {r.code: r for r in Leerroute.objects.all()}

    def plan(sh, *versies, reden="eerste_plan"):
        """PIP versions (route code, dagtekening), the first with `reden`, the later ones schakelen."""
        pip = PipFactory(statushouder=sh)
        for nummer, (code, dag) in enumerate(versies, start=1):
            PipVersieFactory(pip=pip, versie=nummer, wijzigingsreden=reden if nummer == 1 else "schakelen",
                             leerroute=route[code], taalaanbieder=toptaal, dagtekening=dag)  # fmt: skip

    def uren(sh, code, *rijen):
        """An enrolment with attendance rows (datum, attended minutes[, soort])."""
        inschrijving = InschrijvingFactory(statushouder=sh, organisatie=toptaal, leerroute=route[code])
        for datum, minuten, *soort in rijen:
            AanwezigheidFactory(inschrijving=inschrijving, datum=datum, geplande_minuten=max(minuten, 60),
                                aanwezige_minuten=minuten, soort=soort[0] if soort else Aanwezigheid.Soort.LES,
                                status="aanwezig" if minuten else "ongeoorloofd_afwezig")  # fmt: skip

    # --- Winterswijk ---
    w1 = persoon(
        g["Winterswijk"], pip=dt.date(2023, 11, 30), eind=dt.date(2026, 8, 15), reden="voldaan"
    )  # termijn 2026-12-01
    werk(w1, "betaald_werk", dt.date(2026, 1, 1))
    w2 = persoon(g["Winterswijk"], pip=dt.date(2023, 6, 30), eind=dt.date(2026, 9, 10), reden="voldaan",
                 geboren=dt.date(2006, 5, 1), geslacht="v")  # termijn 2026-07-01: voldaan too late  # fmt: skip
    werk(w2, "onderwijs", dt.date(2025, 9, 1), dt.date(2026, 7, 31))
    werk(w2, "vrijwilligerswerk", dt.date(2026, 2, 1))
    w3 = persoon(g["Winterswijk"], pip=dt.date(2023, 3, 1), verlenging=12, eind=dt.date(2026, 9, 20), reden="voldaan",
                 geboren=dt.date(1960, 5, 1))  # termijn 2026-03-02 + 12 months: voldaan in time  # fmt: skip
    werk(w3, "vrijwilligerswerk", dt.date(2025, 1, 1))
    werk(w3, "werkervaringsplek", dt.date(2026, 5, 1))
    persoon(g["Winterswijk"], eind=dt.date(2026, 7, 10), reden="ontheffing")  # before a PIP: no termijn
    w6 = persoon(g["Winterswijk"], pip=dt.date(2023, 5, 1), eind=dt.date(2026, 6, 30), reden="voldaan",
                 geboren=dt.date(1996, 5, 1), geslacht="v")  # ended before the quarter  # fmt: skip
    werk(w6, "betaald_werk", dt.date(2025, 1, 1), dt.date(2026, 9, 30))
    w7 = persoon(g["Winterswijk"], pip=dt.date(2023, 9, 1), eind=dt.date(2026, 10, 1), reden="overig",
                 geboren=dt.date(1956, 5, 1))  # active on the peildatum, termijn past; 70 years old  # fmt: skip
    werk(w7, "betaald_werk", dt.date(2026, 1, 1))
    w8 = persoon(g["Winterswijk"], pip=dt.date(2024, 1, 10), geboren=dt.date(2008, 9, 30), geslacht="v")  # 18 today
    werk(w8, "onderwijs", dt.date(2025, 9, 1))
    persoon(g["Winterswijk"], pip=dt.date(2024, 6, 1), geboren=dt.date(1958, 9, 30))  # 68; termijn 2027-06-02
    w10 = persoon(g["Winterswijk"], pip=dt.date(2023, 3, 1), geboren=dt.date(1958, 10, 1))  # 67; termijn past
    werk(w10, "betaald_werk", dt.date(2026, 10, 1))
    persoon(g["Winterswijk"], pip=dt.date(2024, 3, 29), geboren=dt.date(1998, 10, 1), geslacht="x")  # 27; 2027-03-30
    w12 = persoon(g["Winterswijk"], pip=dt.date(2024, 1, 10), verlenging=6, geboren=dt.date(1998, 9, 30))  # 28
    werk(w12, "betaald_werk", dt.date(2026, 1, 1))
    werk(w12, "onderwijs", dt.date(2025, 9, 1))
    persoon(g["Winterswijk"], pip=dt.date(2026, 10, 5))  # PIP after the quarter

    # A Z-route statushouder moves from Winterswijk to Aalten in the quarter; the new case continues the termijn.
    oud = persoon(g["Winterswijk"], pip=dt.date(2024, 2, 1), eind=dt.date(2026, 8, 1), reden="verhuisd",
                  geboren=dt.date(1998, 10, 1), geslacht="v")  # fmt: skip
    plan(oud, ("z", dt.date(2024, 2, 1)))
    uren(oud, "z", *((dt.date(2025, 3, 1) + dt.timedelta(days=7 * i), 300) for i in range(20)))  # 100 h
    werk(oud, "betaald_werk", dt.date(2026, 3, 1))  # recorded in the old case only
    nieuw = StatushouderFactory(
        gemeente=g["Aalten"], vorig_dossier=oud, bsn=oud.bsn, status="in_uitvoering", status_sinds=dt.date(2026, 8, 1),
        pip_dagtekening=oud.pip_dagtekening, termijn_einde=oud.termijn_einde, geboortedatum=oud.geboortedatum,
        geslacht="v", verblijfsvergunning_datum=oud.verblijfsvergunning_datum,
    )  # fmt: skip
    plan(nieuw, ("z", dt.date(2026, 8, 20)), reden="verhuizing")
    uren(nieuw, "z", (dt.date(2026, 9, 1), 300), (dt.date(2026, 9, 15), 300), (dt.date(2026, 10, 1), 300))  # 10 h

    # --- Aalten ---
    a1 = persoon(g["Aalten"], pip=dt.date(2023, 6, 30), eind=dt.date(2026, 7, 1), reden="voldaan")  # on the last day
    werk(a1, "betaald_werk", dt.date(2026, 8, 1))
    persoon(g["Aalten"], eind=dt.date(2026, 8, 20), reden="vrijstelling")
    az2 = persoon(g["Aalten"], pip=dt.date(2025, 6, 1))
    plan(az2, ("z", dt.date(2025, 6, 1)))
    uren(az2, "z", *((dt.date(2025, 7, 1) + dt.timedelta(days=7 * i), 300, "participatie") for i in range(10)))  # 50 h
    werk(az2, "werkervaringsplek", dt.date(2026, 4, 1))

    # --- Doetinchem ---
    d1 = persoon(g["Doetinchem"], pip=dt.date(2023, 10, 1), eind=dt.date(2026, 9, 30), reden="voldaan",
                 geboren=dt.date(1996, 5, 1), geslacht="v")  # termijn 2026-10-02  # fmt: skip
    werk(d1, "betaald_werk", dt.date(2025, 1, 1), dt.date(2026, 6, 30))
    z1 = persoon(g["Doetinchem"], pip=dt.date(2025, 1, 15), geboren=dt.date(1960, 5, 1), geslacht="v")
    plan(z1, ("z", dt.date(2025, 1, 15)))
    uren(z1, "z", *((dt.date(2025, 2, 3) + dt.timedelta(days=7 * i), 180) for i in range(10)),
         (dt.date(2026, 5, 1), 120, "participatie"), (dt.date(2026, 9, 1), 0),
         (dt.date(2026, 10, 5), 180))  # 32 h up to the peildatum  # fmt: skip
    werk(z1, "vrijwilligerswerk", dt.date(2026, 1, 1))
    z2 = persoon(g["Doetinchem"], pip=dt.date(2025, 1, 10), geboren=dt.date(1996, 5, 1))
    plan(z2, ("b1", dt.date(2025, 1, 10)), ("z", dt.date(2026, 3, 1)))  # switched to the Z-route
    uren(z2, "b1", *((dt.date(2025, 2, 3) + dt.timedelta(days=7 * i), 180) for i in range(5)))
    uren(z2, "z", *((dt.date(2026, 4, 6) + dt.timedelta(days=7 * i), 180) for i in range(4)))  # 27 h in all
    z3 = persoon(g["Doetinchem"], pip=dt.date(2025, 2, 1), geboren=dt.date(2006, 5, 1))
    plan(z3, ("z", dt.date(2025, 2, 1)), ("b1", dt.date(2026, 10, 15)))  # Z-route on the peildatum, 0 h
    werk(z3, "onderwijs", dt.date(2026, 8, 15))
    z4 = persoon(g["Doetinchem"], pip=dt.date(2025, 1, 10), geboren=dt.date(1956, 5, 1), geslacht="v")
    plan(z4, ("b1", dt.date(2025, 1, 10)), ("z", dt.date(2026, 10, 10)))  # B1 on the peildatum
    uren(z4, "b1", (dt.date(2025, 3, 3), 180))
    # Moves to Winterswijk after the quarter: on the peildatum only Doetinchem counts this person (termijn ending
    # within 6 months, Z-route with 10 h), although the new case carries the old PIP dagtekening.
    later = persoon(g["Doetinchem"], pip=dt.date(2023, 12, 1), eind=dt.date(2026, 10, 15), reden="verhuisd",
                    geboren=dt.date(1986, 5, 1))  # fmt: skip
    plan(later, ("z", dt.date(2023, 12, 1)))
    uren(later, "z", (dt.date(2024, 2, 5), 600))
    verhuisd = StatushouderFactory(
        gemeente=g["Winterswijk"], vorig_dossier=later, bsn=later.bsn, status="in_uitvoering",
        status_sinds=dt.date(2026, 10, 15), pip_dagtekening=later.pip_dagtekening, termijn_einde=later.termijn_einde,
        geboortedatum=later.geboortedatum, verblijfsvergunning_datum=later.verblijfsvergunning_datum,
    )  # fmt: skip
    plan(verhuisd, ("z", dt.date(2026, 10, 20)), reden="verhuizing")
    return [gemeente.pk for gemeente in g.values()]


def figures(code, periode, gemeenten):
    metingen = REGISTER[code].bereken(periode, gemeenten, niveaus=("gemeente", "regio"), db="default")
    return {(m.niveau, m.eenheid, m.uitsplitsing, m.maat): (m.waarde, m.basis) for m in metingen}


def procent(aantal, basis):
    """Whole percents, halves up (37.5 → 38); None without a base."""
    return (200 * aantal + basis) // (2 * basis) if basis else None


def niveau(eenheid):
    return "regio" if eenheid == REGIO else "gemeente"


def test_i11_termijn(dataset):
    verwacht = {W: (50, 4, 3), A: (50, 2, 1), D: (100, 1, 1), REGIO: (57, 7, 5)}  # 4 of 7: 57.1%
    verwacht |= dict.fromkeys(LEEG, (None, 0, 0))
    assert figures("I11", Q3, dataset) == {
        sleutel: waarde
        for e, (pct, basis, risico) in verwacht.items()
        for sleutel, waarde in (
            ((niveau(e), e, "", "voldaan_binnen_termijn"), (pct, basis)),
            ((niveau(e), e, "", "risico"), (risico, risico)),
        )
    }


# (basis, betaald werk, onderwijs, vrijwilligerswerk, overig) per eenheid and uitsplitsing
I12_TELLINGEN = {
    W: {"": (8, 3, 1, 1, 1), "m": (4, 2, 0, 0, 1), "v": (3, 1, 1, 1, 0), "18-27": (3, 0, 1, 1, 0),
        "28-67": (5, 3, 0, 0, 1)},
    A: {"": (3, 1, 0, 0, 1), "m": (2, 1, 0, 0, 1), "v": (1, 0, 0, 0, 0), "18-27": (1, 0, 0, 0, 0),
        "28-67": (2, 1, 0, 0, 1)},
    D: {"": (5, 0, 1, 1, 0), "m": (3, 0, 1, 0, 0), "v": (2, 0, 0, 1, 0), "18-27": (1, 0, 1, 0, 0),
        "28-67": (4, 0, 0, 1, 0)},
    REGIO: {"": (16, 4, 2, 2, 2), "m": (9, 3, 1, 0, 2), "v": (6, 1, 1, 2, 0), "18-27": (5, 0, 2, 1, 0),
            "28-67": (11, 4, 0, 1, 2)},
    **{e: {"": (0, 0, 0, 0, 0)} for e in LEEG},
}  # fmt: skip


def test_i12_participatie(dataset):
    verwacht = {}
    for e, rijen in I12_TELLINGEN.items():
        for uitsplitsing, (basis, *aantallen) in rijen.items():
            for maat, aantal in zip(
                ("betaald_werk", "onderwijs", "vrijwilligerswerk", "overig"), aantallen, strict=True
            ):
                verwacht[(niveau(e), e, uitsplitsing, maat)] = (procent(aantal, basis), basis)
    assert figures("I12", Q3, dataset) == verwacht


def test_i13_zroute_uren(dataset):
    # (median hours, as % of 1,600 hours, basis): D 18.5 h and the region 29.5 h round up, to 19 and 30
    verwacht = {W: (None, None, 0), A: (80, 5, 2), D: (19, 1, 4), REGIO: (30, 2, 6)}
    verwacht |= dict.fromkeys(LEEG, (None, None, 0))
    assert figures("I13", Q3, dataset) == (
        {
            sleutel: waarde
            for e, (uren, norm, basis) in verwacht.items()
            for sleutel, waarde in (
                ((niveau(e), e, "", "mediaan_uren"), (uren, basis)),
                ((niveau(e), e, "", "percentage_norm"), (norm, basis)),
            )
        }
    )


@pytest.mark.parametrize("niveaus", [("regio",), ("land",), ("gemeente", "regio")])
@pytest.mark.parametrize("einde", [Q3, Periode.kwartaal(2026, 4)])
def test_i13_trend_in_one_statement_gives_the_figures_of_each_month(dataset, niveaus, einde):
    """The trend's twelve months in one statement equal I13 month by month: route switches (Z2 to the Z-route in
    March, Z3 and Z4 in October), a case continued after a move (its hours over both cases), and months without
    anyone; an hour on a month's last day counts in that month."""
    for inschrijving in Inschrijving.objects.filter(leerroute__code="z"):
        AanwezigheidFactory(inschrijving=inschrijving, datum=dt.date(2026, 8, 31), aanwezige_minuten=6000,
                            geplande_minuten=6000)  # fmt: skip
    maanden = einde.maanden(12)
    samen = REGISTER["I13"].trend(maanden, dataset, niveaus=niveaus, db="default")
    los = [REGISTER["I13"].bereken(m, dataset, niveaus=niveaus, db="default") for m in maanden]
    assert [sorted(map(str, m)) for m in samen] == [sorted(map(str, m)) for m in los]
    assert any(m.basis for maand in samen for m in maand)


def test_periode_zonder_gegevens(dataset):
    leeg = Periode.kwartaal(2022, 1)  # before anyone's PIP or end
    eenheden = [W, A, D, *LEEG, REGIO]
    assert figures("I11", leeg, dataset) == {
        (niveau(e), e, "", maat): waarde
        for e in eenheden
        for maat, waarde in (("voldaan_binnen_termijn", (None, 0)), ("risico", (0, 0)))
    }
    assert figures("I12", leeg, dataset) == {
        (niveau(e), e, "", maat): (None, 0)
        for e in eenheden
        for maat in ("betaald_werk", "onderwijs", "vrijwilligerswerk", "overig")
    }
    assert figures("I13", leeg, dataset) == {
        (niveau(e), e, "", maat): (None, 0) for e in eenheden for maat in ("mediaan_uren", "percentage_norm")
    }


def test_maand_telt_alleen_zijn_eigen_afrondingen(dataset):
    """August 2026: only W1 (voldaan in time) ended in Winterswijk; the move that month does not count."""
    augustus = figures("I11", Periode.maand(2026, 8), dataset)
    assert augustus[("gemeente", W, "", "voldaan_binnen_termijn")] == (100, 1)
    assert augustus[("gemeente", A, "", "voldaan_binnen_termijn")] == (0, 1)  # the vrijstelling


def sleutels(metingen):
    return {(m.niveau, m.eenheid, m.uitsplitsing, m.maat, m.waarde, m.basis) for m in metingen}


@pytest.mark.parametrize(
    "periode", [Q3, Periode.maand(2026, 8), Periode.kwartaal(2026, 4), Periode.kwartaal(2022, 1)], ids=lambda p: p.label
)
def test_handgeschreven_sql_geeft_dezelfde_cijfers(dataset, periode):
    orm = set()
    for code in ("I11", "I12", "I13"):
        orm |= sleutels(REGISTER[code].bereken(periode, dataset, niveaus=("gemeente", "regio"), db="default"))
    with connection.cursor() as cursor:
        sql = sleutels(handgeschreven_resultaat.metingen(cursor, periode))
    assert {s for s in sql if s[1] in {W, A, D, *LEEG, REGIO}} == orm
