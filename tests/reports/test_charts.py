"""The report charts (reports/charts.py): valid inline SVG, accessible on their own (role img, title, a desc that
states every figure as the tables print it), "<5" where a cell is suppressed, and byte-identical for the same data.
Honest: the dashed line says what it is (the region's figure, or for a count its average per gemeente), axes start
at 0 and end near the largest value, the column drawn is one with figures, and an empty chart is a sentence why."""

import pickle
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from reports import charts
from reports.privacy import Cel
from reports.tabellen import Kolom, Rij, Tabel

SVG = "{http://www.w3.org/2000/svg}"
PCT = {"code": "percentage", "label": "Percentage", "soort": "percentage", "eenheid": "%", "decimalen": 1}
AANTAL = {"code": "aantal", "label": "Instroom", "soort": "aantal", "eenheid": "", "decimalen": 0}
GEPLAND = {"code": "gepland_uren", "label": "Uren gepland", "soort": "verhouding", "eenheid": "uur", "decimalen": 0}
AANWEZIG = {"code": "aanwezig_uren", "label": "Uren aanwezig", "soort": "verhouding", "eenheid": "uur", "decimalen": 0}
ONDERDRUKT = Cel(None, onderdrukt=True)
BLAUW = "#01689b"


@pytest.fixture(autouse=True)
def nederlands():
    with translation.override("nl"):
        yield


def pct(waarde):
    return Cel(waarde, decimalen=1, eenheid="%")


def vergelijkingstabel():
    ind = {"code": "I4", "naam": "PIP binnen norm", "maten": [PCT, AANTAL], "uitsplitsingen": []}
    return Tabel(
        ind,
        [Kolom(PCT, "", "Percentage"), Kolom(AANTAL, "", "Instroom")],
        [
            Rij("regio", "AM03", "Achterhoek", [pct(62.5), Cel(31)]),
            Rij("gemeente", "GM0197", "Aalten", [pct(70), Cel(12)]),
            Rij("gemeente", "GM1859", "Berkelland", [ONDERDRUKT, ONDERDRUKT]),
            Rij("gemeente", "GM0294", "Winterswijk", [pct(55.5), Cel(19)]),
            Rij("gemeente", "GM0222", "Doetinchem", [Cel(None), ONDERDRUKT]),
        ],
    )


def aanbiedertabel():
    ind = {"code": "I8", "naam": "Aanwezigheid", "maten": [PCT, GEPLAND, AANWEZIG],
           "uitsplitsingen": [["b1", "B1-route"], ["z", "Z-route"]]}  # fmt: skip
    kolommen = [Kolom(m, u, f"{u}: {m['label']}") for u in ("b1", "z") for m in (PCT, GEPLAND, AANWEZIG)]
    return Tabel(
        ind,
        kolommen,
        [
            Rij("aanbieder", "u1", "TopTaal", [pct(83.3), Cel(1200), Cel(1000), ONDERDRUKT, ONDERDRUKT, ONDERDRUKT]),
            Rij("aanbieder", "u2", "Interbeek", [pct(56.3), Cel(800), Cel(450), pct(93.3), Cel(300), Cel(280)]),
        ],
    )


def ontleed(svg: str):
    """Parse as XML (the markup must be inlineable: no prolog, no DOCTYPE) and check the accessible name."""
    assert svg.startswith("<svg ") and "<?xml" not in svg and "DOCTYPE" not in svg
    assert 'style="' not in svg  # presentation attributes: no CSS for the page's renderer to trip over
    assert "<script" not in svg.lower() and "<image" not in svg and "@font-face" not in svg
    wortel = ET.fromstring(svg)
    assert wortel.tag == f"{SVG}svg" and wortel.get("role") == "img"
    titel_id, desc_id = wortel.get("aria-labelledby").split()
    titel, desc = wortel.find(f"{SVG}title"), wortel.find(f"{SVG}desc")
    assert (titel.get("id"), desc.get("id")) == (titel_id, desc_id)
    teksten = [t.text for t in wortel.iter(f"{SVG}text")]  # svg.fonttype "none": labels are text, not glyphs
    return wortel, titel.text, desc.text, teksten


def test_comparison_states_every_gemeente_and_the_region():
    grafiek = charts.vergelijking_svg(vergelijkingstabel())
    wortel, titel, desc, teksten = ontleed(grafiek)
    assert titel == grafiek.titel == "PIP binnen norm: Percentage per gemeente"
    assert desc == "Achterhoek (regio): 62,5%; Aalten: 70,0%; Berkelland: <5; Winterswijk: 55,5%; Doetinchem: –."
    assert "<5" in teksten and "70,0%" in teksten and "–" in teksten
    assert "regio: 62,5%" in teksten  # a percentage: the line is the region's own figure, and says so
    namen = ["Aalten", "Berkelland", "Winterswijk", "Doetinchem"]
    assert [t for t in teksten if t in namen] == namen  # top to bottom in the table's order
    # bars only for the two gemeenten with a figure (one filled path of two shapes); the region is a dashed line
    (staven,) = [p for p in wortel.iter(f"{SVG}path") if p.get("fill") == BLAUW]
    assert staven.get("d").count("z") == 2
    assert any(p.get("stroke-dasharray") and p.get("stroke") == "#a33e00" for p in wortel.iter())


def test_comparison_line_of_a_count_is_the_average_per_gemeente_not_the_total():
    """A count's region figure is the sum of its gemeenten: the line is drawn at the average per gemeente (31 over
    4 gemeenten) and labelled so; with a single gemeente in the table it is the region's total, labelled so."""
    wortel, titel, desc, teksten = ontleed(charts.vergelijking_svg(vergelijkingstabel(), kolom=1))
    assert titel == "PIP binnen norm: Instroom per gemeente"
    assert desc == ("Achterhoek (regio): 31; gemiddelde per gemeente: 7,8; Aalten: 12; Berkelland: <5; "
                    "Winterswijk: 19; Doetinchem: <5.")  # fmt: skip
    assert "gemiddelde per gemeente: 7,8" in teksten and not any("31" in t for t in teksten)
    lijn = next(p for p in wortel.iter(f"{SVG}path") if p.get("stroke") == "#a33e00")
    streepjes = dict(schaal(wortel))
    x0, x10 = streepjes["0"], streepjes["10"]
    assert float(lijn.get("d").split()[1]) == pytest.approx(x0 + (x10 - x0) * 0.78, abs=0.1)

    een = vergelijkingstabel()
    een.rijen = een.rijen[:2]  # the region and Aalten: a gemeente's own dashboard
    _w, _titel, desc, teksten = ontleed(charts.vergelijking_svg(een, kolom=1))
    assert "regiototaal: 31" in teksten and desc == "Achterhoek (regio): 31; Aalten: 12."


def test_comparison_line_of_a_median_in_hours_is_the_regions_median():
    """I13's median Z-route hours is in hours but no sum: the line is the region's median, not a total divided by
    the gemeenten (the report drew "gemiddelde per gemeente: 32,8" beside bars of some 800 hours)."""
    mediaan = {"code": "mediaan_uren", "label": "mediaan gerealiseerde uren", "soort": "mediaan", "eenheid": "uur",
               "decimalen": 0}  # fmt: skip
    tabel = vergelijkingstabel()
    tabel.kolommen = [Kolom(mediaan, "", mediaan["label"])]
    tabel.rijen = [Rij(r.niveau, r.eenheid, r.naam, [c]) for r, c in zip(tabel.rijen, map(Cel, (853, 788, 715, 934,
                   None)), strict=True)]  # fmt: skip
    _w, _titel, desc, teksten = ontleed(charts.vergelijking_svg(tabel))
    assert "regio: 853" in teksten and not any("gemiddelde" in t for t in teksten)


def test_comparison_by_region_has_no_line():
    _w, titel, desc, teksten = ontleed(charts.vergelijking_svg(vergelijkingstabel(), niveau="regio"))
    assert titel == "PIP binnen norm: Percentage per regio" and desc == "Achterhoek: 62,5%."
    assert not any(t.startswith("regio") for t in teksten)


def schaal(wortel) -> list[tuple[str, float]]:
    """(label, x) of the comparison's scale: the centred labels below the bars."""
    return [(t.text, float(t.get("x"))) for t in wortel.iter(f"{SVG}text") if t.get("text-anchor") == "middle"]


def test_comparison_axis_starts_at_0_and_fits_the_data():
    wortel, *_r = ontleed(charts.vergelijking_svg(vergelijkingstabel()))
    labels = [label for label, _x in schaal(wortel)]
    assert labels == ["0", "20", "40", "60", "80", "%"]  # 70,0% is the largest: the scale ends at 80, not 120
    x0 = dict(schaal(wortel))["0"]
    (staven,) = [p for p in wortel.iter(f"{SVG}path") if p.get("fill") == BLAUW]
    assert [float(d.split()[0]) for d in staven.get("d").split("M ")[1:]] == [pytest.approx(x0, abs=0.1)] * 2


@pytest.mark.parametrize(
    ("maximum", "streepjes"),
    [(70, [0, 20, 40, 60, 80]), (100, [0, 25, 50, 75, 100]), (31, [0, 10, 20, 30, 40]), (0.65, [0, 0.2, 0.4, 0.6, 0.8]),
     (7, [0, 2, 4, 6, 8]), (0, [0, 0.25, 0.5, 0.75, 1]), (1200, [0, 500, 1000, 1500])],
)  # fmt: skip
def test_scale_from_0_with_round_steps(maximum, streepjes):
    assert charts._schaalstreepjes(maximum) == pytest.approx(streepjes)


def test_a_negative_median_is_drawn_at_0_and_printed_as_it_is():
    """A doorlooptijd can be negative (an intake begun in the AZC, before housing): the bar starts and ends at 0, the
    label and the desc give the figure."""
    tabel = vergelijkingstabel()
    tabel.rijen = [Rij(r.niveau, r.eenheid, r.naam, [Cel(-3), *r.cellen[1:]]) for r in tabel.rijen]
    _w, _titel, desc, teksten = ontleed(charts.vergelijking_svg(tabel, kolom=0))
    assert "-3" in teksten and desc.startswith("Achterhoek (regio): -3; Aalten: -3;")
    _w, _titel, desc, _t = ontleed(charts.trend_svg([("2026-01", Cel(-3)), ("2026-02", Cel(-1))], "Trend"))
    assert desc == "jan 2026: -3; feb 2026: -1."


def cohorttabel(*kolommen):
    """I1b-like: a column per cohort year, the cells of (region, Aalten, Berkelland) per column."""
    maat = {**PCT, "label": "Intake gestart"}
    ind = {"code": "I1b", "naam": "Intake gestart", "maten": [maat], "trend_maat": None,
           "uitsplitsingen": [[str(j), f"cohort {j}"] for j in range(2022, 2022 + len(kolommen))]}  # fmt: skip
    koppen = [Kolom(maat, u, f"{label}: Intake gestart") for u, label in ind["uitsplitsingen"]]
    rijen = [Rij(niveau, code, naam, [kolom[i] for kolom in kolommen]) for i, (niveau, code, naam) in
             enumerate([("regio", "AM03", "Achterhoek"), ("gemeente", "GM0197", "Aalten"),
                        ("gemeente", "GM1859", "Berkelland")])]  # fmt: skip
    return Tabel(ind, koppen, rijen)


def test_comparison_column_is_the_one_that_carries_information():
    """The oldest cohort is "<5" in every gemeente: the chart takes the cohort where most gemeenten have a figure,
    the most recent of equals; the trend measure before another, the total before a breakdown."""
    oud = [pct(50), ONDERDRUKT, ONDERDRUKT]
    vol = [pct(60), pct(55), pct(65)]
    half = [pct(40), pct(40), ONDERDRUKT]
    assert charts.vergelijkingskolom(cohorttabel(oud, vol, half)) == 1
    assert charts.vergelijkingskolom(cohorttabel(oud, vol, vol)) == 2
    assert charts.vergelijkingskolom(cohorttabel(oud, oud)) == 1  # nothing anywhere: the most recent (says why)
    _w, titel, _desc, _t = ontleed(charts.vergelijking_svg(cohorttabel(oud, vol, half)))
    assert titel == "Intake gestart: cohort 2023 per gemeente"

    tabel = vergelijkingstabel()
    tabel.indicator = {**tabel.indicator, "trend_maat": "aantal"}
    assert charts.vergelijkingskolom(tabel) == 1  # the trend measure
    tabel.rijen = [Rij(r.niveau, r.eenheid, r.naam, [r.cellen[0], ONDERDRUKT]) for r in tabel.rijen]
    assert charts.vergelijkingskolom(tabel) == 0  # ... unless no gemeente has it


def test_trend_has_month_labels_gaps_and_suppressed_months():
    reeks = [(f"2026-{m:02d}", ONDERDRUKT if m in (4, 8) else (Cel(None) if m == 12 else Cel(m * 3))) for m in
             range(1, 13)]  # fmt: skip
    wortel, titel, desc, teksten = ontleed(charts.trend_svg(reeks, "Instroom per maand", "personen"))
    assert titel == "Instroom per maand"
    assert desc.startswith("jan 2026: 3; feb 2026: 6; mrt 2026: 9; apr 2026: <5; mei 2026: 15;")
    assert desc.endswith("aug 2026: <5; sep 2026: 27; okt 2026: 30; nov 2026: 33; dec 2026: –.")
    assert teksten.count("<5") == 2 and "personen" in teksten
    maanden = [t for t in teksten if t in charts.MAANDEN_KORT]
    assert maanden == ["mrt", "jun", "sep", "dec"]  # every third month, ending with the last
    assert teksten[-1 - teksten[::-1].index("dec") + 1] == "2026"
    assert [t for t in teksten if t.isdigit()][:2] == ["0", "10"]  # the scale from 0
    # missing months break the line: three separate runs (jan–mrt, mei–jul, sep–nov), so three move-tos
    lijn = next(p for p in wortel.iter(f"{SVG}path") if p.get("stroke-width") == "1.8")
    assert len(re.findall(r"M ", lijn.get("d"))) == 3


def test_provider_chart_planned_outline_attended_filled():
    wortel, titel, desc, teksten = ontleed(charts.aanbieder_svg(aanbiedertabel()))
    assert titel == "Aanwezigheid: uren gepland en aanwezig per aanbieder en leerroute"
    assert desc == (
        "TopTaal – B1-route: 1000 van 1200 uur aanwezig; TopTaal – Z-route: <5 van <5 uur aanwezig; "
        "Interbeek – B1-route: 450 van 800 uur aanwezig; Interbeek – Z-route: 280 van 300 uur aanwezig."
    )
    assert "<5 / <5" in teksten and "gepland (stippellijn)" in teksten and "aanwezig (gevuld)" in teksten
    paden = list(wortel.iter(f"{SVG}path"))
    gepland = [p for p in paden if (p.get("fill"), p.get("stroke")) == ("#ffffff", BLAUW) and p.get("stroke-dasharray")]
    gevuld = [p for p in paden if p.get("fill") == BLAUW]
    assert len(gepland) == 3 + 1 and len(gevuld) == 3 + 1  # three bars each (TopTaal Z suppressed) + legend


def test_no_empty_chart_but_a_sentence_why():
    """Nothing to draw (every figure "<5", or none): no SVG but a sentence, which the templates print instead."""
    rijen = [Rij("regio", "AM03", "Achterhoek", [ONDERDRUKT]), Rij("gemeente", "GM0197", "Aalten", [ONDERDRUKT])]
    onderdrukt = Tabel(vergelijkingstabel().indicator, [Kolom(PCT, "", "Percentage")], rijen)
    leeg = Tabel(
        onderdrukt.indicator, onderdrukt.kolommen, [Rij(r.niveau, r.eenheid, r.naam, [Cel(None)]) for r in rijen]
    )
    alle_provider_cellen_onderdrukt = aanbiedertabel()
    for rij in alle_provider_cellen_onderdrukt.rijen:
        rij.cellen = [ONDERDRUKT] * len(rij.cellen)
    zinnen = {
        "onderdrukt": charts.vergelijking_svg(onderdrukt),
        "leeg": charts.vergelijking_svg(leeg),
        "trend": charts.trend_svg([("2026-01", ONDERDRUKT), ("2026-02", Cel(None))], "Instroom: de laatste 12 maanden"),
        "trend leeg": charts.trend_svg([("2026-01", Cel(None))], "Trend"),
        "aanbieders": charts.aanbieder_svg(alle_provider_cellen_onderdrukt),
        "geen aanbieders": charts.aanbieder_svg(Tabel(aanbiedertabel().indicator, [], [])),
    }
    assert all(isinstance(z, charts.GeenGrafiek) and z.geen_grafiek and "<svg" not in z for z in zinnen.values())
    assert zinnen["onderdrukt"] == ("Geen grafiek van PIP binnen norm: Percentage per gemeente: de cijfers rusten op "
                                    "minder dan 5 personen (&lt;5) en worden niet getoond.")  # fmt: skip
    assert zinnen["leeg"] == "Geen grafiek van PIP binnen norm: Percentage per gemeente: geen gegevens in deze periode."
    assert "minder dan 5 personen" in zinnen["trend"] and "Instroom: de laatste 12 maanden" in zinnen["trend"]
    assert "geen gegevens" in zinnen["trend leeg"] and "minder dan 5" in zinnen["aanbieders"]
    assert "geen gegevens" in zinnen["geen aanbieders"]


def test_the_page_prints_a_chart_with_its_caption_and_a_sentence_instead_of_an_empty_chart():
    grafiek = charts.trend_svg([("2026-01", Cel(3))], "Instroom: de laatste 12 maanden", id_prefix="t")
    zin = charts.trend_svg([("2026-01", ONDERDRUKT)], "Instroom: de laatste 12 maanden")
    template = "reports/_grafiek.html"
    html = render_to_string(template, {"grafiek": grafiek})
    bijschrift = "<figcaption>Instroom: de laatste 12 maanden</figcaption>"
    assert re.fullmatch(rf"<figure[^>]*><svg .*</svg>{bijschrift}</figure>", html.strip(), re.S)
    html = render_to_string(template, {"grafiek": zin})
    assert html.strip().startswith("<p ") and "<figure" not in html and "minder dan 5 personen" in html
    assert render_to_string(template, {"grafiek": ""}).strip() == ""


def test_a_chart_keeps_its_title_through_the_cache():
    """The page caches its charts (views._getekend pickles them): the caption goes along."""
    grafiek = pickle.loads(pickle.dumps(charts.vergelijking_svg(vergelijkingstabel())))
    zin = pickle.loads(pickle.dumps(charts.vergelijking_svg(cohorttabel([ONDERDRUKT] * 3))))
    assert grafiek.titel == "PIP binnen norm: Percentage per gemeente" and zin.geen_grafiek


def test_deterministic_small_and_ids_unique_per_chart():
    eerste = charts.vergelijking_svg(vergelijkingstabel())
    assert eerste == charts.vergelijking_svg(vergelijkingstabel())
    assert len(eerste.encode()) < 20_000
    tweede = charts.vergelijking_svg(vergelijkingstabel(), kolom=1)
    ids = [set(re.findall(r'id="([^"]+)"', svg)) for svg in (eerste, tweede)]
    assert not ids[0] & ids[1]
    assert all(i.startswith("vergelijking-gemeente-i4-0-") for i in ids[0])
    assert {"vergelijking-gemeente-i4-0-titel", "vergelijking-gemeente-i4-0-desc"} <= ids[0]
    # every reference (clip path) points at an id of the same chart
    assert set(re.findall(r"url\(#([^)]+)\)", eerste)) <= ids[0]
    assert 'aria-labelledby="x-titel x-desc"' in charts.trend_svg([("2026-01", Cel(3))], "T", id_prefix="x")


def test_threads_draw_the_same_charts():
    """No pyplot: figures drawn at the same time in several threads don't mix."""
    with ThreadPoolExecutor(4) as pool:
        uit = list(pool.map(lambda k: (k, str(charts.vergelijking_svg(vergelijkingstabel(), kolom=k % 2))), range(8)))
    verwacht = {k: str(charts.vergelijking_svg(vergelijkingstabel(), kolom=k)) for k in (0, 1)}
    assert all(svg == verwacht[k % 2] for k, svg in uit)
