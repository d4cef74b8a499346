"""The overview of a region or gemeente (reports.kerncijfers, reports.overzicht_grafieken and the two overview pages):
every headline figure read from hand-made STORED results — already suppressed, in the format of issue 16's contract
(land level, T1 funnel cells "2025-K2|12|pip") — best and lowest gemeente among the shown cells only, the national
figure present or absent, trend points that stay "<5", the choice of the cohort of the funnels and of werk_12/24;
and the pages: who sees which overview, the empty states, the audit event, and a constant number of queries."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent
from partners.models import Arbeidsmarktregio
from reports import kerncijfers, overzicht_grafieken
from reports.indicators.base import Periode
from reports.indicators.trechter import verstreken_horizon
from reports.models import ReportRun

pytestmark = pytest.mark.django_db

KWARTAAL = Periode.kwartaal(2026, 3)
MAAND = Periode.maand(2026, 10)
TODAY = dt.date(2026, 11, 24)
LAND = ("land", "NL")


# --- Hand-made stored results ----------------------------------------------------------------------------------------


def _maat(code, label, soort, eenheid="", decimalen=0):
    return {"code": code, "label": label, "soort": soort, "eenheid": eenheid, "decimalen": decimalen}


def _niveau(eenheid: str) -> str:
    return {"AM": "regio", "GM": "gemeente", "NL": "land"}[eenheid[:2]]


def _cellen(maat: dict, waarden: dict, uitsplitsing: str = "") -> list[dict]:
    """Stored metingen of one measure: {eenheid: waarde}; None is a suppressed cell ("<5")."""
    cellen = []
    for eenheid, waarde in waarden.items():
        basis = None if waarde is None else (waarde if maat["soort"] == "aantal" else 40)
        meting = {"niveau": _niveau(eenheid), "eenheid": eenheid, "uitsplitsing": uitsplitsing, "maat": maat["code"]}
        cellen.append({**meting, "waarde": waarde, "basis": basis, "onderdrukt": waarde is None})
    return cellen


def _trend(maat: dict, periode: Periode, eenheid: str, waarden: list) -> list[dict]:
    maanden = [m.start.strftime("%Y-%m") for m in periode.maanden(12)]
    return [{"maand": m, **c} for m, c in zip(maanden, [_cellen(maat, {eenheid: w})[0] for w in waarden], strict=True)]


def _ind(code, naam, groep, maten, metingen, *, trend_maat=None, trend=(), uitsplitsingen=(), niveaus=None):
    return {"code": code, "naam": naam, "groep": groep, "definitie": f"Definitie van {naam}.",
            "niveaus": list(niveaus or ("gemeente", "regio")), "uitsplitsingen": [list(u) for u in uitsplitsingen],
            "maten": maten, "trend_maat": trend_maat, "metingen": metingen, "trend": list(trend)}  # fmt: skip


AANTAL = _maat("aantal", "Aantal", "aantal")
PERCENTAGE = _maat("percentage", "Percentage", "percentage", "%")
MEDIAAN = _maat("mediaan", "Mediaan", "mediaan", "dagen")
VOLDAAN = _maat("voldaan_binnen_termijn", "voldaan binnen de termijn", "percentage", "%")
RISICO = _maat("risico", "termijn bijna verstreken", "aantal")

# The funnel cells (the contract's T1) of the region at period end 3rd quarter 2026, each cohort at its one horizon
# (the longest that has passed for all of it): horizon 12 has a quarter cohort too small (2025-K3: 12 people), then
# one large enough (2025-K2: 25); horizon 24 only small quarters, so the year 2023; horizon 36 a year cohort of "<5";
# horizon 6 nothing (none in this hand-made result).
REGIO_COHORTEN = {
    (12, "2025-K3"): (12, [10, 9, 7, 5, None, 6]),
    (12, "2025-K2"): (25, [22, 20, 18, 6, None, 9]),
    (12, "2024"): (90, [85, 80, 70, 30, 10, 31]),
    (24, "2024-K3"): (None, [None] * 6),
    (24, "2024-K2"): (15, [14, 12, 10, 5, None, 7]),
    (24, "2023"): (80, [78, 76, 70, 50, 30, 40]),
    (36, "2022"): (None, [None] * 6),
}
AALTEN_COHORTEN = {(12, "2024"): (30, [28, 26, 20, 8, None, 12]), (24, "2023"): (25, [24, 22, 20, 10, 6, 10])}
BERKELLAND_COHORTEN = {(12, "2024"): (25, [22, 20, 15, 5, None, 5]), (24, "2023"): (20, [18, 16, 15, 9, None, 6])}
STAPPEN = ("intake", "pip", "inschrijving", "examens", "voldaan", "werk_onderwijs")


def _trechter(eenheid: str, cohorten: dict) -> list[dict]:
    """T1 cells of one unit: per (horizon, cohort) the cohort size and per step its count and percentage."""
    cellen = []
    for (horizon, cohort), (omvang, aantallen) in cohorten.items():
        cellen += _cellen(AANTAL, {eenheid: omvang}, f"{cohort}|{horizon}|cohort")
        for stap, n in zip(STAPPEN, aantallen, strict=True):
            pct = None if n is None or omvang is None else round(100 * n / omvang, 1)
            cellen += _cellen(AANTAL, {eenheid: n}, f"{cohort}|{horizon}|{stap}")
            cellen += _cellen(_maat("percentage", "Percentage", "percentage", "%", 1), {eenheid: pct},
                              f"{cohort}|{horizon}|{stap}")  # fmt: skip
    return cellen


def resultaat(regio, gemeenten: dict, periode: Periode = KWARTAAL, *, pip_regio=60) -> dict:
    """A region run's stored result over `gemeenten` ({naam: Gemeente}; the figures are for Aalten, Berkelland and
    Winterswijk, the others have none): every indicator of the overview with chosen figures."""
    r, a, b, w = regio.code, *(gemeenten[n].cbs_code for n in ("Aalten", "Berkelland", "Winterswijk"))
    trend_i1 = [20 + i for i in range(12)]
    trend_i1[5] = None  # one month "<5"
    indicatoren = [
        _ind("I1", "Instroom", "instroom", [AANTAL], _cellen(AANTAL, {r: 40, a: 20, b: None, w: None}),
             trend_maat="aantal", trend=_trend(AANTAL, periode, r, trend_i1)),
        _ind("I2b", "Doorlooptijd tot eerste les", "instroom", [MEDIAAN], _cellen(MEDIAAN, {r: 50, a: None, b: None}),
             trend_maat="mediaan", trend=_trend(MEDIAAN, periode, r, [50] * 12)),
        _ind("I3", "Doorlooptijd intake → PIP", "instroom", [MEDIAAN], _cellen(MEDIAAN, {r: 30, a: 25, b: 40, w: 20}),
             trend_maat="mediaan", trend=_trend(MEDIAAN, periode, r, [30] * 12)),
        _ind("I4", "PIP binnen norm", "instroom", [PERCENTAGE],
             _cellen(PERCENTAGE, {r: pip_regio, a: 75, b: 50, w: None}),
             trend_maat="percentage", trend=_trend(PERCENTAGE, periode, r, [55 + i for i in range(12)])),
        _ind("I5", "Routeverdeling", "uitvoering", [PERCENTAGE],
             _cellen(PERCENTAGE, {r: 70, a: 80, b: 60}, "b1") + _cellen(PERCENTAGE, {r: 10, a: None, b: None},
                                                                       "onderwijs")
             + _cellen(PERCENTAGE, {r: 20, a: None, b: None}, "z"),
             uitsplitsingen=(("b1", "B1-route"), ("onderwijs", "Onderwijsroute"), ("z", "Z-route"))),
        _ind("I8", "Aanwezigheid", "uitvoering", [_maat("percentage", "Aanwezig", "percentage", "%", 1)],
             _cellen(PERCENTAGE, {r: 84.5, a: 90.1, b: 80.0, w: 70.2}), trend_maat="percentage",
             trend=_trend(PERCENTAGE, periode, r, [84.5] * 12)),
        _ind("I9", "Examens", "uitvoering", [PERCENTAGE], _cellen(PERCENTAGE, {r: 65}), trend_maat="percentage",
             trend=_trend(PERCENTAGE, periode, r, [65] * 12)),
        _ind("I10", "Voortgang op tijd", "uitvoering", [PERCENTAGE], _cellen(PERCENTAGE, {r: 88, a: 90, b: 85}),
             trend_maat="percentage", trend=_trend(PERCENTAGE, periode, r, [88] * 12)),
        _ind("I11", "Termijn", "resultaat", [VOLDAAN, RISICO],
             _cellen(VOLDAAN, {r: 70}) + _cellen(RISICO, {r: 12, a: 7, b: 5, w: None}),
             trend_maat="voldaan_binnen_termijn", trend=_trend(VOLDAAN, periode, r, [70] * 12)),
        _ind("T1", "Cohorttrechter", "trechter", [AANTAL, _maat("percentage", "Percentage", "percentage", "%", 1)],
             _trechter(r, REGIO_COHORTEN)
             + _trechter(a, AALTEN_COHORTEN) + _trechter(b, BERKELLAND_COHORTEN)
             + _trechter(w, {(12, "2024"): (None, [None] * 6), (24, "2023"): (None, [None] * 6)})),
    ]  # fmt: skip
    return {
        "versie": 1,
        "periode": periode.als_dict(),
        "eenheden": {"regio": {r: regio.naam}, "gemeente": {g.cbs_code: g.naam for g in gemeenten.values()}},
        "gemeenten_per_regio": {r: [g.cbs_code for g in sorted(gemeenten.values(), key=lambda g: g.naam)]},
        "indicatoren": indicatoren,
    }


def landelijk(periode: Periode = KWARTAAL, *, met_land=True) -> dict:
    """A national run's stored result: the level "land" of every overview indicator (regions left out: the overview
    reads only the land level), with a trend for I1 and I4."""
    n = "NL"
    indicatoren = [
        _ind("I1", "Instroom", "instroom", [AANTAL], _cellen(AANTAL, {n: 5000}), trend_maat="aantal",
             trend=_trend(AANTAL, periode, n, [400 + i for i in range(12)])),
        _ind("I3", "Doorlooptijd intake → PIP", "instroom", [MEDIAAN], _cellen(MEDIAAN, {n: 35}), trend_maat="mediaan"),
        _ind("I4", "PIP binnen norm", "instroom", [PERCENTAGE], _cellen(PERCENTAGE, {n: 55}), trend_maat="percentage",
             trend=_trend(PERCENTAGE, periode, n, [50] * 12)),
        _ind("I5", "Routeverdeling", "uitvoering", [PERCENTAGE], _cellen(PERCENTAGE, {n: 65}, "b1")),
        _ind("T1", "Cohorttrechter", "trechter", [AANTAL, _maat("percentage", "Percentage", "percentage", "%", 1)],
             _trechter(n, {(12, "2025-K2"): (3000, [2900, 2800, 2500, 900, 100, 600]),
                           (12, "2024"): (12000, [11500, 11000, 10000, 4000, 900, 3000]),
                           (24, "2023"): (11000, [10900, 10800, 10000, 7000, 4000, 5000])})),
    ]  # fmt: skip
    eenheden = {"regio": {}, "gemeente": {}, "aanbieder": {}} | ({"land": {n: "Nederland"}} if met_land else {})
    return {"versie": 1, "periode": periode.als_dict(), "eenheden": eenheden, "gemeenten_per_regio": {},
            "indicatoren": indicatoren}  # fmt: skip


def run(regio, res, periode: Periode = KWARTAAL, *, soort="regio", klaar_op=None) -> ReportRun:
    return ReportRun.objects.create(
        soort=soort,
        arbeidsmarktregio=regio if soort == "regio" else None,
        periode=periode.soort,
        periode_start=periode.start,
        periode_eind=periode.eind,
        status="klaar",
        voortgang=100,
        resultaat=res,
        klaar_op=klaar_op or dt.datetime(2026, 11, 2, 6, tzinfo=dt.UTC),
    )


@pytest.fixture
def regio(achterhoek):
    return achterhoek.regio


@pytest.fixture
def gemeenten(achterhoek):
    return achterhoek.gemeenten


@pytest.fixture
def codes(regio, gemeenten):
    return {"regio": regio.code, **{n: g.cbs_code for n, g in gemeenten.items()}}


@pytest.fixture(autouse=True)
def _schone_cache():
    cache.clear()  # the overview's figures and charts are cached per set of runs


def _per_code(lijst) -> dict:
    return {k.code: k for k in lijst}


# --- Headline figures ------------------------------------------------------------------------------------------------


def test_the_headline_figures_of_a_region_beside_the_national_ones(regio, gemeenten, codes):
    cijfers = _per_code(kerncijfers.kerncijfers(resultaat(regio, gemeenten), eenheid=("regio", regio.code),
                                                landelijk=landelijk()))  # fmt: skip
    assert list(cijfers) == [
        "instroom", "pip_binnen_norm", "doorlooptijd_pip", "doorlooptijd_les", "route_b1", "route_onderwijs",
        "route_z", "aanwezigheid", "examens", "voortgang_op_tijd", "werk_12", "werk_24", "termijn_risico",
    ]  # fmt: skip
    pip = cijfers["pip_binnen_norm"]
    assert "10 weken" in pip.label and pip.indicator == "I4" and pip.hoger_is_beter is True
    assert (str(pip.waarde), str(pip.landelijk), pip.vergelijk, pip.naam) == ("60%", "55%", None, "Achterhoek")
    assert (str(cijfers["instroom"].waarde), str(cijfers["instroom"].landelijk)) == ("40", "5000")
    assert str(cijfers["aanwezigheid"].waarde) == "84,5%" and str(cijfers["route_b1"].landelijk) == "65%"
    assert str(cijfers["termijn_risico"].waarde) == "12" and cijfers["termijn_risico"].indicator == "I11"
    assert str(cijfers["doorlooptijd_les"].landelijk) == "–"  # the national result has no I2b: no figure, not "<5"
    assert [(m, str(c)) for m, c in pip.trend][:2] == [("2025-10", "55%"), ("2025-11", "56%")]
    assert [str(c) for _m, c in pip.trend_landelijk] == ["50%"] * 12


def test_best_and_lowest_gemeente_are_chosen_among_the_shown_cells_only(regio, gemeenten):
    cijfers = _per_code(kerncijfers.kerncijfers(resultaat(regio, gemeenten), eenheid=("regio", regio.code),
                                                landelijk=None))  # fmt: skip

    def uitersten(code):
        k = cijfers[code]
        return k.beste and (k.beste[0], str(k.beste[1])), k.laagste and (k.laagste[0], str(k.laagste[1]))

    # Winterswijk's PIP figure is "<5": never the best or lowest, whatever its true value was
    assert uitersten("pip_binnen_norm") == (("Aalten", "75%"), ("Berkelland", "50%"))
    assert uitersten("doorlooptijd_pip") == (("Winterswijk", "20"), ("Berkelland", "40"))  # fewer days is better
    assert uitersten("route_b1") == (("Aalten", "80%"), ("Berkelland", "60%"))  # no direction: highest, lowest
    assert uitersten("termijn_risico") == (("Aalten", "7"), ("Berkelland", "5"))  # a count: highest, lowest
    assert uitersten("instroom") == (None, None)  # one gemeente shown: no best or lowest
    assert uitersten("doorlooptijd_les") == (None, None)  # none shown
    assert uitersten("examens") == (None, None)  # no gemeente has a figure


def test_without_a_national_result_there_is_no_national_figure(regio, gemeenten):
    for land in (None, kerncijfers.met_land(landelijk(met_land=False))):
        cijfers = kerncijfers.kerncijfers(resultaat(regio, gemeenten), eenheid=("regio", regio.code), landelijk=land)
        assert all(k.landelijk is None and k.trend_landelijk == [] for k in cijfers)


def test_suppressed_trend_points_stay_suppressed_in_the_figure_and_its_chart(regio, gemeenten):
    cijfers = _per_code(kerncijfers.kerncijfers(resultaat(regio, gemeenten), eenheid=("regio", regio.code),
                                                landelijk=landelijk()))  # fmt: skip
    instroom = cijfers["instroom"]
    assert [str(c) for _m, c in instroom.trend][4:7] == ["24", "<5", "26"]
    assert instroom.trend[5][1].waarde is None
    svg = overzicht_grafieken.kerncijfer_trend_svg(instroom)
    assert svg.startswith("<svg ") and 'role="img"' in svg and "<title" in svg and "Achterhoek: " in svg
    assert "mrt 2026 &lt;5" in svg and re.search(r"<text [^>]*>&lt;5</text>", svg)  # described, and at the gap
    assert "Nederland" not in svg  # a count: the region's total under the country's would be no comparison
    pip = cijfers["pip_binnen_norm"]
    svg = overzicht_grafieken.kerncijfer_trend_svg(pip)
    assert ">Achterhoek</text>" in svg and ">Nederland</text>" in svg  # both lines named in the legend
    assert "Nederland: okt 2025 50%" in svg and ">0</text>" in svg  # y from 0


def test_a_figure_without_a_monthly_trend_says_why_instead_of_an_empty_chart(regio, gemeenten):
    cijfers = _per_code(kerncijfers.kerncijfers(resultaat(regio, gemeenten), eenheid=("regio", regio.code),
                                                landelijk=landelijk()))  # fmt: skip
    for code, reden in [
        ("werk_12", "volgt een cohort"),
        ("route_b1", "worden geen maandcijfers bewaard"),
        ("termijn_risico", "worden geen maandcijfers bewaard"),  # I11's trend is of "voldaan binnen de termijn"
    ]:
        grafiek = overzicht_grafieken.kerncijfer_trend_svg(cijfers[code])
        assert grafiek.geen_grafiek and "<svg" not in grafiek and reden in grafiek, code


def test_werk_12_and_24_follow_the_most_recent_cohort_that_carries_information(regio, gemeenten):
    cijfers = _per_code(kerncijfers.kerncijfers(resultaat(regio, gemeenten), eenheid=("regio", regio.code),
                                                landelijk=landelijk()))  # fmt: skip
    werk_12, werk_24 = cijfers["werk_12"], cijfers["werk_24"]
    # 2025-K3 has 12 people (< 20): the quarter before it, 25 people
    assert (werk_12.cohort, str(werk_12.waarde), str(werk_12.landelijk)) == ("2025-K2", "36,0%", "20,0%")
    assert werk_12.label == "Werk of onderwijs na 12 maanden (cohort 2e kwartaal 2025)"
    assert werk_12.beste is None and werk_12.trend == []  # a quarter cohort has no gemeente figures
    # horizon 24: 2024-K3 is "<5", 2024-K2 has 15 people: the year 2023
    assert (werk_24.cohort, str(werk_24.waarde), str(werk_24.landelijk)) == ("2023", "50,0%", "45,5%")
    assert (werk_24.beste[0], str(werk_24.beste[1]), werk_24.laagste[0]) == ("Aalten", "40,0%", "Berkelland")
    assert werk_24.indicator == "T1" and werk_24.hoger_is_beter is True


# --- Cohort funnels ------------------------------------------------------------------------------------------------


def test_the_funnels_show_per_horizon_the_most_recent_informative_cohort(regio, gemeenten):
    assert all(verstreken_horizon(c, KWARTAAL) == h for h, c in REGIO_COHORTEN)  # the hand-made result is a run's
    trechters = kerncijfers.trechters(resultaat(regio, gemeenten), eenheid=("regio", regio.code),
                                      landelijk=landelijk())  # fmt: skip
    assert [(t.horizon, t.cohort, str(t.omvang)) for t in trechters] == [
        (12, "2025-K2", "25"),
        (24, "2023", "80"),
        (36, "2022", "<5"),  # none informative: the most recent year cohort, whose chart says why it is empty
    ]  # no cohort is 6 months old in this result: no funnel
    twaalf = trechters[0]
    assert twaalf.cohort_label == "2e kwartaal 2025" and str(twaalf.omvang_landelijk) == "3000"
    assert [(label, str(eigen), str(land), regio_) for label, eigen, land, regio_ in twaalf.stappen] == [
        ("Brede intake gestart", "88,0%", "96,7%", None),
        ("PIP vastgesteld", "80,0%", "93,3%", None),
        ("Ingeschreven bij taalaanbieder", "72,0%", "83,3%", None),
        ("Examens behaald of route afgerond", "24,0%", "30,0%", None),
        ("Inburgeringsplicht voldaan", "<5", "3,3%", None),
        ("Werk of onderwijs", "36,0%", "20,0%", None),
    ]
    leeg = overzicht_grafieken.trechter_svg(trechters[2], "Achterhoek")
    assert leeg.geen_grafiek and "minder dan 5 personen in Achterhoek" in leeg
    svg = overzicht_grafieken.trechter_svg(twaalf, "Achterhoek")
    assert (
        svg.startswith("<svg ") and 'role="img"' in svg and "Achterhoek: cohort 2e kwartaal 2025 na 12 maanden" in svg
    )
    assert "Inburgeringsplicht voldaan: Achterhoek &lt;5, Nederland 3,3%" in svg and ">100%<" in svg


def test_a_picked_cohort_is_shown_at_its_one_horizon(regio, gemeenten):
    res = resultaat(regio, gemeenten)
    assert kerncijfers.cohorten(res, ("regio", regio.code))[:4] == [
        ("2025-K3", "3e kwartaal 2025 (na 12 maanden)"), ("2025-K2", "2e kwartaal 2025 (na 12 maanden)"),
        ("2024", "2024 (na 12 maanden)"), ("2024-K3", "3e kwartaal 2024 (na 24 maanden)"),
    ]  # fmt: skip
    trechters = kerncijfers.trechters(res, eenheid=("regio", regio.code), landelijk=None, cohort="2024")
    assert [(t.horizon, t.cohort, str(t.omvang)) for t in trechters] == [(12, "2024", "90")]
    assert all(land is None for _l, _e, land, _r in trechters[0].stappen) and trechters[0].omvang_landelijk is None


def test_a_gemeente_funnel_and_figures_beside_its_region(regio, gemeenten):
    aalten = ("gemeente", gemeenten["Aalten"].cbs_code)
    res = resultaat(regio, gemeenten)
    trechters = kerncijfers.trechters(res, eenheid=aalten, landelijk=landelijk(), vergelijk=("regio", regio.code))
    assert [(t.horizon, t.cohort, str(t.omvang), str(t.omvang_vergelijk)) for t in trechters] == [
        (12, "2024", "30", "90"),
        (24, "2023", "25", "80"),
    ]  # a gemeente has year cohorts only
    assert [(str(e), str(land), str(r)) for _l, e, land, r in trechters[0].stappen][-1] == ("40,0%", "25,0%", "34,4%")
    svg = overzicht_grafieken.trechter_svg(trechters[0], "Aalten", vergelijk_naam="Achterhoek")
    assert "Werk of onderwijs: Aalten 40,0%, Achterhoek (regio) 34,4%, Nederland 25,0%" in svg

    cijfers = _per_code(kerncijfers.kerncijfers(res, eenheid=aalten, landelijk=landelijk(),
                                                vergelijk=("regio", regio.code)))  # fmt: skip
    pip = cijfers["pip_binnen_norm"]
    assert (str(pip.waarde), str(pip.vergelijk), str(pip.landelijk), pip.naam, pip.vergelijk_naam) == (
        "75%", "60%", "55%", "Aalten", "Achterhoek"
    )  # fmt: skip
    assert pip.trend == [] and len(pip.trend_vergelijk) == 12  # no monthly figures per gemeente are stored
    assert pip.beste[0] == "Aalten"  # the region's best and lowest still
    assert (cijfers["werk_12"].cohort, str(cijfers["werk_12"].waarde)) == ("2024", "40,0%")
    svg = overzicht_grafieken.kerncijfer_trend_svg(pip)
    assert "Achterhoek (regio): " in svg and "Nederland: " in svg and "Aalten: " not in svg


def test_no_figure_of_the_overview_gives_a_count_below_5_back(regio, gemeenten):
    """Every figure the overview shows is a cell of the stored, suppressed result: a count is never below 5."""
    res, land = resultaat(regio, gemeenten), landelijk()
    opgeslagen = [c for ind in res["indicatoren"] + land["indicatoren"] for c in ind["metingen"]]
    regio_, aalten = ("regio", regio.code), ("gemeente", gemeenten["Aalten"].cbs_code)
    for eenheid, vergelijk in [(regio_, None), (aalten, regio_)]:
        cellen = []
        for k in kerncijfers.kerncijfers(res, eenheid=eenheid, landelijk=land, vergelijk=vergelijk):
            cellen += [k.waarde, k.vergelijk, k.landelijk, *(x[1] for x in (k.beste, k.laagste) if x)]
        for t in kerncijfers.trechters(res, eenheid=eenheid, landelijk=land, vergelijk=vergelijk):
            cellen += [t.omvang, t.omvang_vergelijk, t.omvang_landelijk, *(c for s in t.stappen for c in s[1:])]
        getoond = {c.waarde for c in cellen if c is not None and c.waarde is not None}
        assert getoond <= {c["waarde"] for c in opgeslagen if not c["onderdrukt"]}
        aantallen = [c for c in cellen if c is not None and c.eenheid == "" and not c.decimalen]
        assert all(c.onderdrukt or c.waarde is None or c.waarde >= 5 for c in aantallen)


# --- The national run of the same period ---------------------------------------------------------------------------


def test_the_national_result_is_the_latest_ready_national_run_of_the_same_period(regio, gemeenten):
    regiorun = run(regio, resultaat(regio, gemeenten))
    assert kerncijfers.landelijk_resultaat(regiorun) is None and not kerncijfers.heeft_landelijk(regiorun)
    run(regio, landelijk(MAAND, met_land=True), MAAND, soort="landelijk")  # another period
    run(regio, landelijk(met_land=False), soort="landelijk")  # from before the land level: no national figures
    assert kerncijfers.landelijk_resultaat(regiorun) is None and not kerncijfers.heeft_landelijk(regiorun)
    nieuw = landelijk()
    run(regio, nieuw, soort="landelijk", klaar_op=dt.datetime(2026, 11, 3, 6, tzinfo=dt.UTC))
    ReportRun.objects.create(soort="landelijk", periode="kwartaal", periode_start=KWARTAAL.start,
                             periode_eind=KWARTAAL.eind, status="bezig")  # fmt: skip
    assert kerncijfers.landelijk_resultaat(regiorun) == nieuw and kerncijfers.heeft_landelijk(regiorun)
    assert list(kerncijfers.landelijke_runs([regiorun]).values())[0].resultaat == nieuw


# --- The pages -----------------------------------------------------------------------------------------------------


@pytest.fixture
def coordinator(make_user, regio):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=regio)


@pytest.fixture
def runs(regio, gemeenten):
    """The region's ready quarter and month runs (an older quarter too) and the national run of the quarter."""
    oud = run(regio, resultaat(regio, gemeenten, Periode.kwartaal(2026, 2), pip_regio=10), Periode.kwartaal(2026, 2))
    return {
        "kwartaal": run(regio, resultaat(regio, gemeenten)),
        "maand": run(regio, resultaat(regio, gemeenten, MAAND, pip_regio=62), MAAND),
        "landelijk": run(regio, landelijk(), soort="landelijk"),
        "oud": oud,
    }


def test_a_consultant_gets_403_on_the_overviews(client, consultant):
    client.force_login(consultant)
    for naam in ("reports:regio_overzicht", "reports:gemeente_overzicht"):
        assert client.get(reverse(naam)).status_code == 403


def test_the_region_overview_shows_month_quarter_and_national_figures_and_logs_the_view(
    client, coordinator, runs, regio
):
    client.force_login(coordinator)
    response = client.get(reverse("reports:regio_overzicht"))
    pagina = response.content.decode()
    assert response.status_code == 200 and "Overzicht Achterhoek" in pagina
    kaart = next(k for k in response.context["overzicht"]["kaarten"] if k.code == "pip_binnen_norm")
    assert [(k.kop, str(k.cijfer.waarde), str(k.cijfer.landelijk) if k.cijfer.landelijk else None)
            for k in kaart.kolommen] == [("oktober 2026", "62%", None), ("3e kwartaal 2026", "60%", "55%")]  # fmt: skip
    assert kaart.kolommen[1].detail == reverse("reports:run", args=[runs["kwartaal"].uuid]) + "#indicator-I4"
    assert f'href="{kaart.kolommen[0].detail}"' in pagina
    assert kaart.trend is kaart.kolommen[1].cijfer  # the 12 months of the quarter: the recent run with national ones
    assert "Nog geen landelijke cijfers over oktober 2026." in pagina
    assert "Gemeenten (3e kwartaal 2026): beste Aalten (75%), minst goed Berkelland (50%)." in pagina
    werk = next(k for k in response.context["overzicht"]["kaarten"] if k.code == "werk_12")
    assert [(k.kop, k.detail) for k in werk.kolommen] == [("cohort 2e kwartaal 2025", "#trechter-12")]
    assert 'id="trechter-12"' in pagina and 'id="trechter-tabel-24"' in pagina
    assert "Geen cohort bij 6 maanden: elk cohort staat bij de langste termijn die voor het hele cohort" in pagina
    assert "Geen trechter van cohort 2022: minder dan 5 personen in Achterhoek." in pagina
    gelezen = AuditEvent.objects.filter(handeling="read", toelichting="kerncijfers")
    assert sorted(gelezen.values_list("object_id", flat=True)) == sorted(
        str(runs[s].uuid) for s in ("kwartaal", "maand", "landelijk")
    )


def test_a_picked_cohort_on_the_page(client, coordinator, runs):
    client.force_login(coordinator)
    response = client.get(reverse("reports:regio_overzicht"), {"cohort": "2024"})
    trechters = {t["horizon"]: t["trechter"] for t in response.context["overzicht"]["trechters"]}
    assert trechters[12].cohort == "2024" and trechters[24] is None
    pagina = response.content.decode()
    # its one funnel only: no empty articles for the horizons it is not at
    assert re.findall(r'<article class="app-trechter" id="(trechter-\d+)"', pagina) == ["trechter-12"]
    assert '<option value="2024" selected>2024 (na 12 maanden)</option>' in pagina
    for onzin in ("2024-K9", "<script>", "1999"):  # not a cohort of the run: the automatic choice
        response = client.get(reverse("reports:regio_overzicht"), {"cohort": onzin})
        assert response.context["overzicht"]["cohort"] is None


def test_a_coordinator_sees_his_own_regions_only_and_a_beheerder_any(client, coordinator, make_user, runs, regio):
    twente = Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")
    client.force_login(coordinator)
    response = client.get(reverse("reports:regio_overzicht"), {"regio": "AM99"})
    assert response.context["regio"] == regio and 'id="kies-regio"' not in response.content.decode()
    client.force_login(make_user(roles.BEHEERDER))
    response = client.get(reverse("reports:regio_overzicht"), {"regio": "AM99"})
    assert response.context["regio"] == twente and "Nog geen rapportage klaar" in response.content.decode()
    assert 'id="kies-regio"' in response.content.decode()


def test_the_overview_without_a_ready_run_offers_the_start_form(client, coordinator, regio):
    ReportRun.objects.create(soort="regio", arbeidsmarktregio=regio, periode="maand", periode_start=MAAND.start,
                             periode_eind=MAAND.eind, status="bezig")  # fmt: skip
    client.force_login(coordinator)
    pagina = client.get(reverse("reports:regio_overzicht")).content.decode()
    assert "Nog geen rapportage klaar" in pagina and reverse("reports:overzicht") + "#kop-starten" in pagina


def test_the_teamleider_sees_his_gemeente_beside_the_region_and_the_regions_runs(client, teamleider, runs, gemeenten):
    client.force_login(teamleider)
    response = client.get(reverse("reports:regio_overzicht"))
    assert response.status_code == 302 and response["Location"] == reverse("reports:gemeente_overzicht")
    response = client.get(reverse("reports:gemeente_overzicht"))
    pagina = response.content.decode()
    assert response.status_code == 200 and "Overzicht Winterswijk" in pagina
    kaart = next(k for k in response.context["overzicht"]["kaarten"] if k.code == "aanwezigheid")
    assert [(str(k.cijfer.waarde), str(k.cijfer.vergelijk)) for k in kaart.kolommen] == [
        ("70,2%", "84,5%"), ("70,2%", "84,5%")
    ]  # fmt: skip
    assert "Per gemeente worden geen maandcijfers bewaard" in pagina
    assert client.get(kaart.kolommen[1].detail.split("#")[0]).status_code == 200  # the region's run: aggregates
    lijst = client.get(reverse("reports:overzicht")).content.decode()
    assert str(runs["kwartaal"].uuid) in lijst and str(runs["landelijk"].uuid) not in lijst
    response = client.get(reverse("reports:gemeente_overzicht"), {"gemeente": str(gemeenten["Aalten"].uuid)})
    assert response.context["gemeente"] == gemeenten["Winterswijk"]  # not his: his own


def test_the_runs_list_leads_to_the_overview(client, coordinator):
    client.force_login(coordinator)
    pagina = client.get(reverse("reports:overzicht")).content.decode()
    assert pagina.index(reverse("reports:regio_overzicht")) < pagina.index("<h1")  # the tabs, before the title
    assert 'aria-current="page">Alle rapportages' in pagina


@pytest.mark.parametrize("grootte", [1, 3])
def test_the_overview_takes_a_constant_number_of_queries_and_draws_once(
    client, coordinator, regio, gemeenten, grootte, django_assert_max_num_queries, monkeypatch
):
    """Session, user, roles, the regions, the runs, the national runs, whether the user has gemeenten (a tab) — and
    the first time the results (the audit event goes over its own connection). Never a query per gemeente, cohort
    or figure: the same bound for a small and a large stored result (`grootte` copies of every gemeente row and
    cohort), and the charts drawn on the first view only."""
    res = resultaat(regio, gemeenten)
    for ind in res["indicatoren"]:
        ind["metingen"] = ind["metingen"] * grootte
    run(regio, res)
    run(regio, resultaat(regio, gemeenten, MAAND), MAAND)
    run(regio, landelijk(), soort="landelijk")
    getekend = []
    teken = overzicht_grafieken.kerncijfer_trend_svg
    monkeypatch.setattr(overzicht_grafieken, "kerncijfer_trend_svg", lambda k: getekend.append(k) or teken(k))
    client.force_login(coordinator)
    client.get(reverse("reports:regio_overzicht"))  # the session and its user are warm
    cache.clear()
    getekend.clear()
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:regio_overzicht")).status_code == 200
    eerste = len(getekend)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("reports:regio_overzicht")).status_code == 200
    assert eerste == 13 and len(getekend) == eerste  # one chart per figure, the second view from the cache


def test_the_gemeente_overview_without_a_region_run_says_who_makes_one(client, teamleider):
    client.force_login(teamleider)
    pagina = client.get(reverse("reports:gemeente_overzicht")).content.decode()
    assert "Nog geen rapportage klaar" in pagina and "#kop-starten" not in pagina  # he does not start region runs
