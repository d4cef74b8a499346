"""Server-side SVG charts: accessible (role, title, desc), one bar group per category, numbers in text."""

import re
import xml.etree.ElementTree as ET

from cases.charts import Staaf, aanwezigheid_staafdiagram, voortgangsbalk

SVG = "{http://www.w3.org/2000/svg}"


def test_staafdiagram_is_toegankelijk_en_klopt():
    staven = [Staaf("wk 46", 6, 6), Staaf("wk 47", 6, 3), Staaf("wk 48", 0, 0)]
    svg = str(aanwezigheid_staafdiagram(staven, titel="Aanwezigheid per week", id_prefix="test"))
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "test-titel test-desc"
    assert root.find(f"{SVG}title").text == "Aanwezigheid per week"
    desc = root.find(f"{SVG}desc").text
    assert "wk 46: 6 van 6 uur" in desc and "wk 47: 3 van 6 uur" in desc and "wk 48: 0 van 0 uur" in desc
    groepen = root.findall(f"{SVG}g")
    assert [g.get("data-label") for g in groepen] == ["wk 46", "wk 47", "wk 48"]
    assert [g.get("data-gerealiseerd") for g in groepen] == ["6", "3", "0"]
    # the attended bar of week 47 is half the height of its planned bar
    gepland, aanwezig = (float(r.get("height")) for r in groepen[1].findall(f"{SVG}rect"))
    assert abs(aanwezig - gepland / 2) < 0.2
    # the labels are drawn as text under the bars, and a legend tells the bars apart without colour
    teksten = [t.text for t in root.iter(f"{SVG}text")]
    assert "wk 47" in teksten and "gepland (stippellijn)" in teksten and "aanwezig (gevuld)" in teksten


def test_staafdiagram_ontsnapt_labels():
    svg = str(aanwezigheid_staafdiagram([Staaf("<script>", 1, 1)], titel="a & b"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)


def test_staafdiagram_zonder_gegevens():
    svg = str(aanwezigheid_staafdiagram([Staaf("wk 1", 0, 0)], titel="leeg"))
    ET.fromstring(svg)
    assert not re.search(r'height="-', svg)


def test_voortgangsbalk():
    svg = str(voortgangsbalk(400, 800, titel="Lesuren Z-route", id_prefix="z"))
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Lesuren Z-route: 400 van 800 uur"
    vol = root.findall(f"{SVG}rect")[1]
    assert float(vol.get("width")) == 160.0
    assert 'width="320.0"' in str(voortgangsbalk(900, 800, titel="x", id_prefix="y"))
