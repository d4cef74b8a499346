"""The report charts (reports/charts.py): valid inline SVG, accessible on their own (role img, title, a desc that
states every figure as the tables print it), "<5" where a cell is suppressed, and byte-identical for the same data."""

import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
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
    wortel, titel, desc, teksten = ontleed(charts.vergelijking_svg(vergelijkingstabel()))
    assert titel == "PIP binnen norm: Percentage per gemeente"
    assert desc == "Achterhoek (regio): 62,5%; Aalten: 70,0%; Berkelland: <5; Winterswijk: 55,5%; Doetinchem: –."
    assert "<5" in teksten and "70,0%" in teksten and "–" in teksten
    assert "regio-gemiddelde (Achterhoek: 62,5%)" in teksten
    namen = ["Aalten", "Berkelland", "Winterswijk", "Doetinchem"]
    assert [t for t in teksten if t in namen] == namen  # top to bottom in the table's order
    # bars only for the two gemeenten with a figure (filled, with an outline); the region is a dashed line
    staven = [p for p in wortel.iter(f"{SVG}path") if p.get("fill") == "#01689b"]
    assert len(staven) == 2
    assert any(p.get("stroke-dasharray") and p.get("stroke") == "#a33e00" for p in wortel.iter())


def test_comparison_of_another_column_and_by_region():
    _w, titel, desc, _t = ontleed(charts.vergelijking_svg(vergelijkingstabel(), kolom=1))
    assert titel == "PIP binnen norm: Instroom per gemeente"
    assert desc == "Achterhoek (regio): 31; Aalten: 12; Berkelland: <5; Winterswijk: 19; Doetinchem: <5."
    _w, titel, desc, teksten = ontleed(charts.vergelijking_svg(vergelijkingstabel(), niveau="regio"))
    assert titel == "PIP binnen norm: Percentage per regio" and desc == "Achterhoek: 62,5%."
    assert not any(t.startswith("regio-gemiddelde") for t in teksten)


def test_trend_has_month_labels_gaps_and_suppressed_months():
    reeks = [(f"2026-{m:02d}", ONDERDRUKT if m in (4, 8) else (Cel(None) if m == 12 else Cel(m * 3))) for m in
             range(1, 13)]  # fmt: skip
    wortel, titel, desc, teksten = ontleed(charts.trend_svg(reeks, "Instroom per maand", "personen"))
    assert titel == "Instroom per maand"
    assert desc.startswith("jan 2026: 3; feb 2026: 6; mrt 2026: 9; apr 2026: <5; mei 2026: 15;")
    assert desc.endswith("aug 2026: <5; sep 2026: 27; okt 2026: 30; nov 2026: 33; dec 2026: –.")
    assert teksten.count("<5") == 2 and "personen" in teksten and teksten[:4] == ["jan", "2026", "feb", "2026"]
    # NaN months break the line: three separate runs (jan–mrt, mei–jul, sep–nov), so three move-tos
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


def test_empty_charts_say_so():
    rijen = [Rij("regio", "AM03", "Achterhoek", [Cel(None)]), Rij("gemeente", "GM0197", "Aalten", [Cel(None)])]
    leeg = Tabel(vergelijkingstabel().indicator, [Kolom(PCT, "", "Percentage")], rijen)
    for svg in (charts.vergelijking_svg(leeg), charts.trend_svg([("2026-01", Cel(None))], "Trend"),
                charts.aanbieder_svg(Tabel(aanbiedertabel().indicator, [], []))):  # fmt: skip
        _w, _titel, desc, teksten = ontleed(svg)
        assert teksten == ["geen gegevens"] and desc == "Geen gegevens voor deze periode."


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
