"""Level "land" (issue 16): a national run's extra part computes every indicator over all gemeenten at the empty
grouping set. On the hand-made datasets of the indicator tests (one region: the land is the Achterhoek, figure for
figure) and on a second region beside it (the land is the sum of the regions, a median the median over everyone),
and how the national result carries and shows it."""

import datetime as dt
from fractions import Fraction
from statistics import median

import pytest
from django.db.models import Sum

from partners.models import Arbeidsmarktregio, Gemeente
from partners.services import create_gemeente
from reports import engine, services, tabellen
from reports.indicators import REGISTER, VOLGORDE
from reports.indicators.base import Periode, afronden, per_eenheid
from reports.indicators.trechter import sleutel
from tests.factories import StatushouderFactory
from tests.reports.test_indicatoren_instroom import data as instroom_data  # noqa: F401  (fixtures)
from tests.reports.test_indicatoren_resultaat import dataset as resultaat_data  # noqa: F401
from tests.reports.test_indicatoren_uitvoering import data as uitvoering_data  # noqa: F401

pytestmark = pytest.mark.django_db

d = dt.date
Q1, Q3 = Periode.kwartaal(2026, 1), Periode.kwartaal(2026, 3)
REGIO = "AM03"


def bereken(code, periode, gemeenten, niveaus):
    return {(m.uitsplitsing, m.maat): (m.waarde, m.basis)
            for m in REGISTER[code].bereken(periode, gemeenten, niveaus=niveaus, db="default")
            if m.niveau in niveaus}  # fmt: skip


def _land_is_de_regio(achterhoek, periode):
    """With one region, every figure of every indicator at land level is the region's."""
    gemeenten = [g.pk for g in achterhoek.gemeenten.values()]
    for code in VOLGORDE:
        regio = {k: v for k, v in bereken(code, periode, gemeenten, ("regio",)).items()}
        land = bereken(code, periode, gemeenten, ("land",))
        assert land == regio and land, code


@pytest.mark.parametrize("periode", [Q1, Periode.maand(2026, 2)])
@pytest.mark.usefixtures("instroom_data")
def test_land_is_de_enige_regio_instroom(achterhoek, periode):
    _land_is_de_regio(achterhoek, periode)


@pytest.mark.usefixtures("uitvoering_data")
def test_land_is_de_enige_regio_uitvoering(achterhoek):
    _land_is_de_regio(achterhoek, Periode.kwartaal(2026, 4))


@pytest.mark.usefixtures("resultaat_data")
def test_land_is_de_enige_regio_resultaat(achterhoek):
    _land_is_de_regio(achterhoek, Q3)


@pytest.fixture
def twee_regios(achterhoek):
    """Beside the Achterhoek a region of one gemeente: intake in Q1 2026 in both, at different lead times."""
    regio = Arbeidsmarktregio.objects.create(naam="Testregio", code="AM99")
    oosterstad = create_gemeente(naam="Oosterstad", cbs_code="GM9901", inwoners=20_000, arbeidsmarktregio=regio)
    dagen = {"Winterswijk": [3, 10, 40], "Aalten": [7], oosterstad: [1, 2, 60, 80]}
    for gemeente, reeks in dagen.items():
        for n in reeks:
            StatushouderFactory(gemeente=achterhoek.gemeenten[gemeente] if isinstance(gemeente, str) else gemeente,
                                verblijfsvergunning_datum=d(2024, 11, 1), huisvesting_datum=d(2026, 1, 5),
                                intake_start_datum=d(2026, 1, 5) + dt.timedelta(days=n),
                                status="intake")  # fmt: skip
    return {"gemeenten": [g.pk for g in achterhoek.gemeenten.values()] + [oosterstad.pk],
            "dagen": [n for reeks in dagen.values() for n in reeks]}  # fmt: skip


def test_land_is_de_som_en_de_mediaan_over_alle_gemeenten(twee_regios):
    gemeenten = twee_regios["gemeenten"]
    regios = ("regio",)
    instroom = {m.eenheid: m.waarde for m in REGISTER["I1"].bereken(Q1, gemeenten, niveaus=regios, db="default")
                if m.maat == "aantal"}  # fmt: skip
    land = bereken("I1", Q1, gemeenten, ("land",))
    assert land["", "aantal"] == (8, 8) == (sum(instroom.values()), sum(instroom.values()))
    inwoners = Gemeente.objects.aggregate(n=Sum("inwoners"))["n"]
    assert land["", "per_1000"] == (afronden(Fraction(8 * 1000, inwoners), 2), 8)
    # a median is not the sum, nor the median of the regions' medians: the median over everyone
    assert bereken("I2", Q1, gemeenten, ("land",))["", "mediaan"] == (afronden(median(twee_regios["dagen"]), 0), 8)
    # the cohort of 2024: a percentage from the summed counts (all 8 started the intake by the end of Q1)
    assert bereken("I1b", Q1, gemeenten, ("land",))["2024", "percentage"] == (100.0, 8)
    assert per_eenheid(gemeenten, ("land", "regio"), "default") == [("regio", "AM03"), ("regio", "AM99"),
                                                                     ("land", "NL")]  # fmt: skip


def test_de_trechter_van_het_land_is_de_som_van_de_regios(twee_regios):
    gemeenten = twee_regios["gemeenten"]
    periode = Periode.kwartaal(2026, 3)  # the cohort of 2024 has had 12 months, its last quarter too
    per_regio = list(REGISTER["T1"].bereken(periode, gemeenten, niveaus=("regio",), db="default"))
    land = bereken("T1", periode, gemeenten, ("land",))
    for u in (sleutel("2024", 12, "cohort"), sleutel("2024-K4", 12, "intake"), sleutel("2024", 12, "intake")):
        som = sum(m.waarde for m in per_regio if m.uitsplitsing == u and m.maat == "aantal")
        assert land[u, "aantal"] == (som, som)
    assert land[sleutel("2024", 12, "cohort"), "aantal"] == (8, 8)
    assert land[sleutel("2024", 12, "intake"), "aantal"] == (0, 0)  # every intake was in 2026, after 14 months


def test_de_landelijke_run_heeft_land_metingen_en_trend(twee_regios, achterhoek):
    """The national result as services assembles it from its parts: every indicator has its land figures (and T1's
    funnel), every trend measure a land line; the tables show "Nederland" first only when asked for the land."""
    gemeenten = twee_regios["gemeenten"]
    delen = [
        engine.onderdruk(engine.bereken_rapport([g.pk for g in achterhoek.gemeenten.values()], Q1)),
        engine.onderdruk(engine.bereken_rapport(gemeenten[-1:], Q1)),
        engine.onderdruk(engine.bereken_rapport(gemeenten, Q1, niveaus=("land",))),
    ]
    assert delen[2]["eenheden"]["land"] == {"NL": "Nederland"} and "land" not in delen[0]["eenheden"]
    resultaat = services.samenvoegen(delen)
    assert resultaat["eenheden"]["land"] == {"NL": "Nederland"}
    for ind in resultaat["indicatoren"]:
        assert "land" in ind["niveaus"]
        assert any(m["niveau"] == "land" and m["eenheid"] == "NL" for m in ind["metingen"]), ind["code"]
        if ind["trend_maat"]:
            punten = [t for t in ind["trend"] if t["niveau"] == "land"]
            assert [t["maand"] for t in punten] == [f"2025-{m:02}" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12)] + [
                "2026-01", "2026-02", "2026-03"], ind["code"]  # fmt: skip
    trend = tabellen.trend(resultaat, "I1", niveau="land")
    assert [(maand, str(cel)) for maand, cel in trend][-3:] == [("2026-01", "8"), ("2026-02", "<5"), ("2026-03", "<5")]
    assert tabellen.trend(resultaat, "I1", "AM99")[-3] == tabellen.trend(resultaat, "I1", "AM99", niveau="regio")[-3]

    tabel = tabellen.tabel(resultaat, "I1", niveaus=("land", "regio", "gemeente"))
    assert (tabel.rijen[0].niveau, tabel.rijen[0].naam, str(tabel.rijen[0].cellen[0])) == ("land", "Nederland", "8")
    assert [r.niveau for r in tabellen.tabel(resultaat, "I1").rijen].count("land") == 0  # the default: unchanged


def _cel(niveau, eenheid, waarde, **extra):
    return {"niveau": niveau, "eenheid": eenheid, "uitsplitsing": "", "maat": "aantal", "waarde": waarde,
            "basis": waarde, "onderdrukt": waarde < 5, **extra}  # fmt: skip


def test_de_regios_worden_onderdrukt_tegen_het_land():
    """The land is the regions' total: one hidden region (3) beside a shown land (3 + 9 + 20) would be given back, so
    the next smallest region (9) goes too — and then its gemeenten, shown, would add up to it: the smallest of them
    goes as well. The same for the count trend points, month by month."""
    deel = {"versie": 1, "periode": Q1.als_dict(), "eenheden": {"regio": {}, "gemeente": {}, "aanbieder": {}},
            "gemeenten_per_regio": {"R1": ["G1"], "R2": ["G2", "G3"], "R3": ["G4"]}}  # fmt: skip
    indicator = {"code": "I1", "naam": "Instroom", "groep": "instroom", "niveaus": ["gemeente", "regio"],
                 "maten": [{"code": "aantal", "label": "Instroom", "soort": "aantal", "eenheid": "", "decimalen": 0}],
                 "uitsplitsingen": [], "definitie": "", "trend_maat": "aantal"}  # fmt: skip
    metingen = [_cel("regio", "R1", 3), _cel("regio", "R2", 12), _cel("regio", "R3", 20), _cel("gemeente", "G1", 3),
                _cel("gemeente", "G2", 5), _cel("gemeente", "G3", 7), _cel("gemeente", "G4", 20)]  # fmt: skip
    trend = [_cel("regio", r, n, maand="2026-01") for r, n in (("R1", 2), ("R2", 6), ("R3", 7))]
    regios = {**deel, "indicatoren": [{**indicator, "metingen": metingen, "trend": trend}]}
    land = {**deel, "eenheden": {**deel["eenheden"], "land": {"NL": "Nederland"}},
            "indicatoren": [{**indicator, "niveaus": ["land"], "metingen": [_cel("land", "NL", 35)],
                             "trend": [_cel("land", "NL", 15, maand="2026-01")]}]}  # fmt: skip
    resultaat = services.samenvoegen([regios, land])
    getoond = {(m["niveau"], m["eenheid"]): m["waarde"] for m in resultaat["indicatoren"][0]["metingen"]
               if not m["onderdrukt"]}  # fmt: skip
    assert getoond == {("land", "NL"): 35, ("regio", "R3"): 20, ("gemeente", "G3"): 7, ("gemeente", "G4"): 20}
    trend = {(t["niveau"], t["eenheid"]): t["waarde"] for t in resultaat["indicatoren"][0]["trend"]}
    assert trend == {("regio", "R1"): None, ("regio", "R2"): None, ("regio", "R3"): 7, ("land", "NL"): 15}
