"""The files of a report run (reports/exports): PDF, CSV and XLSX rendered from the engine's real, suppressed result
over a small Achterhoek dataset, and read back the way a user opens them (poppler, the csv module, openpyxl)."""

import csv
import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django.utils import translation
from openpyxl import load_workbook

from leerroutes.models import Leerroute
from partners.models import Arbeidsmarktregio
from partners.services import create_gemeente
from reports import engine
from reports.exports import als_csv, als_pdf, als_xlsx, gemeen, render_bestanden
from reports.indicators.base import Periode
from reports.models import ReportRun
from reports.tabellen import tabellen
from tests.factories import AanwezigheidFactory, InschrijvingFactory, StatushouderFactory

D = dt.date
PERIODE = Periode.kwartaal(2026, 4)
pytestmark = pytest.mark.django_db


@pytest.fixture
def run(achterhoek, make_user, settings, tmp_path):
    """Six statushouders housed in Winterswijk and two in Aalten this quarter, each in a B1 course (Winterswijk's at
    TopTaal, Aalten's at Interbeek) with one lesson attended and one missed: 3 of 6 hours each."""
    settings.MEDIA_ROOT = tmp_path / "media"
    b1 = Leerroute.objects.get(code="b1")
    for gemeente, aantal, aanbieder in (("Winterswijk", 6, "TopTaal"), ("Aalten", 2, "Interbeek")):
        for _ in range(aantal):
            sh = StatushouderFactory(gemeente=achterhoek.gemeenten[gemeente], huisvesting_datum=D(2026, 10, 15))
            inschrijving = InschrijvingFactory(
                statushouder=sh, organisatie=achterhoek.aanbieders[aanbieder], leerroute=b1
            )
            AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 11, 2))
            AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 11, 9), status="ongeoorloofd_afwezig")
    gemeenten = [g.pk for g in achterhoek.gemeenten.values()]
    resultaat = engine.onderdruk(engine.bereken_rapport(gemeenten, PERIODE))
    regiocoordinator = make_user("regiocoordinator", arbeidsmarktregio=achterhoek.regio)
    return maak_run(resultaat, soort="regio", arbeidsmarktregio=achterhoek.regio, aangevraagd_door=regiocoordinator)


def maak_run(resultaat, **velden):
    return ReportRun.objects.create(periode="kwartaal", periode_start=PERIODE.start, periode_eind=PERIODE.eind,
                                    status="klaar", voortgang=100, resultaat=resultaat, **velden)  # fmt: skip


@pytest.fixture
def gerenderd(run):
    render_bestanden(run)
    run.refresh_from_db()
    return run


def poppler(programma: str, pdf: bytes, tmp_path, *opties) -> str:
    pad = tmp_path / "rapport.pdf"
    pad.write_bytes(pdf)
    return subprocess.run([programma, *opties, str(pad), *(["-"] if programma == "pdftotext" else [])],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip


def test_files_are_attached_with_names_of_region_and_period_and_replaced_when_rendered_again(gerenderd, settings):
    for formaat in ("pdf", "csv", "xlsx"):
        naam = getattr(gerenderd, formaat).name
        assert re.fullmatch(rf"rapportages/\d{{4}}/\d{{2}}/rapportage-am03-2026-10-01\.{formaat}", naam), naam
    oud = gerenderd.pdf.path
    render_bestanden(gerenderd)
    assert gerenderd.pdf.path == oud  # the old file was deleted first, so the name is free again
    bestanden = sorted(p.name for p in (settings.MEDIA_ROOT / "rapportages").rglob("*.*"))
    assert bestanden == ["rapportage-am03-2026-10-01.csv", "rapportage-am03-2026-10-01.pdf",
                         "rapportage-am03-2026-10-01.xlsx"]  # fmt: skip


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_has_title_block_contents_overview_tables_and_vector_charts(gerenderd, tmp_path):
    """The charts are inline SVG, so in the PDF they are vector drawings whose labels are text: the legend of every
    comparison chart that has one ("gemiddelde per gemeente: …" for a count, "regio: …" otherwise), the trend's month
    labels and the provider chart's legend appear in the extracted text only because the charts are there, and
    pdfimages finds no raster image (a chart that fell back to a bitmap, or went missing, fails one of the two). A
    chart with nothing to draw is a sentence why."""
    pdf = gerenderd.pdf.read()
    assert pdf.startswith(b"%PDF-")
    tekst = " ".join(poppler("pdftotext", pdf, tmp_path, "-enc", "UTF-8").split())
    for stuk in ("Benchmarkrapportage inburgering", "Arbeidsmarktregio Achterhoek", "4e kwartaal 2026",
                 "1 oktober 2026 t/m 31 december 2026",
                 "Aangevraagd door: regiocoördinator", "Winterswijk", "Oude IJsselstreek", "TopTaal"):  # fmt: skip
        assert stuk in tekst, stuk
    for ind in gerenderd.resultaat["indicatoren"]:
        if ind["code"] != "T1":  # the funnels have a section of their own
            assert f"{ind['code']} {ind['naam']}" in tekst, ind["code"]
    assert "<5" in tekst
    # I1: 8 housed in the region's 8 gemeenten, a count: the line is the average per gemeente, not the total
    assert "gemiddelde per gemeente: 1,0" in tekst and "Instroom per gemeente" in tekst
    assert "regio: 50,0%" in tekst  # I8's attendance: a percentage, the region's own figure
    assert "Geen grafiek van" in tekst and "regio-gemiddelde" not in tekst and "&lt;" not in tekst
    assert "gepland (stippellijn)" in tekst and "TopTaal – B1-route" in tekst
    beelden = poppler("pdfimages", pdf, tmp_path, "-list").splitlines()
    assert len(beelden) == 2  # the header lines only: no raster images
    assert re.search(r"^Tagged:\s+yes$", poppler("pdfinfo", pdf, tmp_path), re.M)  # PDF/UA-1 works with inline SVG


def pagina(pdf: bytes, tmp_path, nummer: int) -> str:
    return " ".join(poppler("pdftotext", pdf, tmp_path, "-f", str(nummer), "-l", str(nummer), "-enc", "UTF-8").split())


def paginas(pdf: bytes, tmp_path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", poppler("pdfinfo", pdf, tmp_path), re.M)[1])


@pytest.fixture
def volle_run(achterhoek, make_user, settings, tmp_path):
    """Six statushouders housed this quarter in each of the Achterhoek's 8 gemeenten, each in a B1 course with a
    lesson attended and one missed: every gemeente has figures, so every chart is drawn (the longest report)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    b1 = Leerroute.objects.get(code="b1")
    aanbieders = list(achterhoek.aanbieders.values())
    for i, gemeente in enumerate(achterhoek.gemeenten.values()):
        for j in range(6):
            datums = {"huisvesting_datum": D(2026, 10, 1 + j), "intake_start_datum": D(2026, 10, 10 + j),
                      "pip_dagtekening": D(2026, 11, 1 + j)}  # fmt: skip
            sh = StatushouderFactory(gemeente=gemeente, **datums)
            inschrijving = InschrijvingFactory(statushouder=sh, organisatie=aanbieders[i % 2], leerroute=b1)
            AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 11, 2))
            AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 11, 9), status="ongeoorloofd_afwezig")
    gemeenten = [g.pk for g in achterhoek.gemeenten.values()]
    resultaat = engine.onderdruk(engine.bereken_rapport(gemeenten, PERIODE))
    return maak_run(resultaat, soort="regio", arbeidsmarktregio=achterhoek.regio)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is not installed")
def test_pdf_of_a_region_of_8_gemeenten_reads_as_a_report_of_at_most_12_pages(volle_run, tmp_path):
    """Title block and contents (with page numbers) on page 1, the overview first, then the funnels, how to read it
    and the indicators; no page per indicator, so at most 12 pages for the Achterhoek with every chart drawn."""
    pdf = nl(als_pdf.render, volle_run)
    assert paginas(pdf, tmp_path) <= 12
    eerste = pagina(pdf, tmp_path, 1)
    assert eerste.startswith("Inburgering 2021 — regionale benchmark Benchmarkrapportage inburgering")
    inhoud = re.findall(r"(I\d+[bc]? [^.]+?) ?\.{3,} ?(\d+)", eerste)  # "I1 Instroom ........ 2"
    codes = [regel.split()[0] for regel, _p in inhoud]
    assert codes[:3] == ["I1", "I1b", "I1c"] and "I13" in codes
    assert all(1 <= int(p) <= 12 for _r, p in inhoud)
    assert re.search(r"Overzicht: de kerncijfers ?\.{3,} ?1 ", eerste)
    overzicht = eerste[eerste.index("Overzicht: de kerncijfers De belangrijkste") :]
    assert all(stuk in overzicht for stuk in ("Kerncijfer", "Hoogste gemeente", "Instroom (personen)", "48"))
    tekst = " ".join(pagina(pdf, tmp_path, n) for n in range(1, paginas(pdf, tmp_path) + 1))
    koppen = ["Overzicht: de kerncijfers De belangrijkste", "Cohorttrechters Per cohort",
              "Zo leest u deze rapportage <5", "Instroom, intake en PIP I1", "Per taalaanbieder I8"]  # fmt: skip
    assert [tekst.index(kop) for kop in koppen] == sorted(tekst.index(kop) for kop in koppen)
    i1 = int(dict((r.split()[0], p) for r, p in inhoud)["I1"])
    assert "Het aantal statushouders met een huisvestingsdatum in de periode" in pagina(pdf, tmp_path, i1)


def test_wide_tables_are_turned_and_narrow_ones_stand_beside_their_definition(volle_run):
    with translation.override("nl"):
        context = als_pdf.context(volle_run)
    blokken = {b["ind"]["code"]: b for g in context["groepen"] for b in g["indicatoren"]}
    i12 = blokken["I12"]["tabel"]  # 20 columns, 9 units: a row per column, a column per unit
    assert i12.regio_eerst and not i12.breed and i12.koppen[:3] == ["Cijfer", "Achterhoek", "Aalten"]
    assert len(i12.rijen) == len(tabellen(volle_run.resultaat, "resultaat")[1].kolommen)
    assert blokken["I4"]["tabel"].smal and not blokken["I1b"]["tabel"].smal
    i8 = context["aanbieders"][0]["tabel"]  # the providers' I8: no region to set apart
    assert not i8.regio_eerst and not any(regio for _label, regio, _cellen in i8.rijen)
    assert blokken["I1"]["tabel"].koppen == ["Eenheid", "Instroom", "Per 1.000 inwoners"]  # the unit said once


def test_rendering_the_files_reports_progress_as_it_goes(volle_run):
    """The run's progress moves from 90 to 99 while the PDF's charts are drawn and the files are made, each step
    once, so the bar does not wait at 90 (services._render passes services._hartslag)."""
    stappen = []
    render_bestanden(volle_run, bij_voortgang=stappen.append)
    assert stappen == sorted(set(stappen)) and stappen[0] >= 90 and stappen[-2:] == [98, 99]
    assert len([s for s in stappen if s < 98]) >= 5
    volle_run.refresh_from_db()
    assert volle_run.pdf and volle_run.csv and volle_run.xlsx


def nl(render, run) -> bytes:
    """One format on its own (render_bestanden renders all three, the PDF being the slow one)."""
    with translation.override("nl"):
        return render(run)


def test_csv_is_one_row_per_shown_cell(run, achterhoek):
    data = nl(als_csv.render, run)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel NL reads UTF-8
    rijen = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["indicator", "naam", "niveau", "eenheid-code", "eenheid-naam", "uitsplitsing", "maat", "waarde"]
    with translation.override("nl"):
        tabs = tabellen(run.resultaat) + tabellen(run.resultaat, niveaus=("aanbieder",))
    assert len(rijen) - 1 == sum(len(t.rijen) * len(t.kolommen) for t in tabs)
    sleutels = [(r[0], r[2], r[3], r[5], r[6]) for r in rijen[1:]]
    assert len(set(sleutels)) == len(sleutels)
    assert ["I1", "Instroom", "gemeente", "GM0197", "Aalten", "totaal", "Instroom", "<5"] in rijen
    assert ["I1", "Instroom", "gemeente", "GM0294", "Winterswijk", "totaal", "Instroom", "6"] in rijen
    assert ["I1", "Instroom", "regio", "AM03", "Achterhoek", "totaal", "Instroom", "8"] in rijen
    toptaal, interbeek = (str(achterhoek.aanbieders[n].uuid) for n in ("TopTaal", "Interbeek"))
    assert ["I8", "Aanwezigheid", "taalaanbieder", toptaal, "TopTaal", "totaal", "Aanwezig", "50,0%"] in rijen
    assert ["I8", "Aanwezigheid", "taalaanbieder", interbeek, "Interbeek", "totaal", "Aanwezig", "<5"] in rijen
    assert ["I8", "Aanwezigheid", "taalaanbieder", toptaal, "TopTaal", "B1-route", "Uren gepland (uur)", "36"] in rijen


def test_xlsx_has_a_sheet_per_group_with_numbers_and_suppressed_cells(run):
    wb = load_workbook(io.BytesIO(nl(als_xlsx.render, run)))
    assert wb.sheetnames == ["Instroom, intake en PIP", "Route en uitvoering", "Resultaat en uitstroom", "Aanbieders",
                             "Toelichting"]  # fmt: skip
    ws = wb["Instroom, intake en PIP"]
    assert ws.freeze_panes == "B2" and ws["A1"].font.bold and ws.column_dimensions["A"].width == 34
    rijen = [[c.value for c in r] for r in ws.iter_rows()]
    kop = rijen.index(next(r for r in rijen if r[0] == "I1 Instroom")) + 1
    assert rijen[kop][:4] == ["Eenheid", "Niveau", "Instroom", "Per 1.000 inwoners (per 1.000 inwoners)"]
    assert all(ws.cell(kop + 1, k).font.bold for k in range(1, 5))
    blok = {r[0]: r for r in rijen[kop + 1 : kop + 10]}
    assert blok["Achterhoek"][:3] == ["Achterhoek", "regio", 8]
    assert blok["Winterswijk"][2] == 6 and isinstance(blok["Winterswijk"][2], int)
    assert blok["Aalten"][2] == "<5" and blok["Berkelland"][2] == "<5"
    assert blok["Winterswijk"][3] == pytest.approx(6 * 1000 / 29_300, abs=0.005)

    aanbieders = [[c.value for c in r] for r in wb["Aanbieders"].iter_rows()]
    toptaal = next(r for r in aanbieders if r[0] == "TopTaal")
    interbeek = next(r for r in aanbieders if r[0] == "Interbeek")
    assert toptaal[1:3] == ["taalaanbieder", 0.5]  # 50,0% as an Excel percentage
    assert interbeek[2] == "<5"
    toelichting = [[c.value for c in r] for r in wb["Toelichting"].iter_rows()]
    assert ["Periode", "4e kwartaal 2026 (01-10-2026 t/m 31-12-2026)"] == toelichting[3][:2]
    definities = {r[0]: r[3] for r in toelichting if r[0] and r[0].startswith("I")}
    assert definities["I1"] == run.resultaat["indicatoren"][0]["definitie"]


def landelijke_run(achterhoek, naam: str):
    """A national run of two regions: the Achterhoek and a second region `naam` of one gemeente (Enschede)."""
    twente = Arbeidsmarktregio.objects.create(naam=naam, code="AM31")
    enschede = create_gemeente(naam="Enschede", cbs_code="GM0153", inwoners=160_000, arbeidsmarktregio=twente)
    gemeenten = [g.pk for g in achterhoek.gemeenten.values()] + [enschede.pk]
    return maak_run(engine.onderdruk(engine.bereken_rapport(gemeenten, PERIODE, met_trend=False)), soort="landelijk")


def test_national_run_compares_regions_and_keeps_gemeenten_in_csv(run, achterhoek):
    """Several regions: the PDF's tables and comparison charts are per region (hundreds of gemeenten would not be
    readable), the CSV still has every gemeente; the file is named "landelijk" and the run by the schedule."""
    landelijk = landelijke_run(achterhoek, "Twente")
    with translation.override("nl"):
        context = als_pdf.context(landelijk)
        csv_tekst = als_csv.render(landelijk).decode("utf-8-sig")
    assert context["landelijk"] and context["eenheid"] == "alle arbeidsmarktregio's"
    assert context["aangevraagd_door"] == "maandelijkse planning" and context["overzicht"] is None
    i1 = context["groepen"][0]["indicatoren"][0]
    assert [(label, regio, str(cellen[0])) for label, regio, cellen in i1["tabel"].rijen] == [
        ("Achterhoek", True, "8"), ("Twente", True, "<5")]  # fmt: skip
    assert '<desc id="vergelijking-regio-i1-0-desc">Achterhoek: 8; Twente: &lt;5.</desc>' in i1["vergelijking"]
    assert i1["trend"] is None
    assert "I1;Instroom;gemeente;GM0153;Enschede;totaal;Instroom;<5" in csv_tekst.splitlines()
    assert gemeen.bestandsnaam(landelijk, "pdf") == "rapportage-landelijk-2026-10-01.pdf"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_of_a_national_run_and_of_a_gemeente_run_in_english(run, achterhoek, make_user, tmp_path):
    """The other two kinds of run print too, in the language of whoever renders them: no overview in the national
    one, the gemeente beside its region in the gemeente's; a markup character in a name is printed as written."""
    landelijk = landelijke_run(achterhoek, "Twente [#1]")
    with translation.override("en"):
        tekst = " ".join(poppler("pdftotext", als_pdf.render(landelijk), tmp_path, "-enc", "UTF-8").split())
    assert "Civic integration benchmark report" in tekst and "Twente [#1]" in tekst and "Page 1 of" in tekst
    assert "Overview: the headline figures" not in tekst and "Pagina" not in tekst
    winterswijk = achterhoek.gemeenten["Winterswijk"]
    eigen = maak_run(run.resultaat, soort="gemeente", gemeente=winterswijk)
    with translation.override("en"):
        pdf = als_pdf.render(eigen)
    tekst = " ".join(poppler("pdftotext", pdf, tmp_path, "-enc", "UTF-8").split())
    assert "Overview: the headline figures" in tekst and "Winterswijk" in tekst and "Achterhoek (region)" in tekst
    assert re.search(r"^Tagged:\s+yes$", poppler("pdfinfo", pdf, tmp_path), re.M)


def test_gemeente_run_is_named_after_the_gemeente(run, achterhoek, make_user):
    winterswijk = achterhoek.gemeenten["Winterswijk"]
    teamleider = make_user("teamleider", gemeente=winterswijk)
    eigen = maak_run(run.resultaat, soort="gemeente", gemeente=winterswijk, aangevraagd_door=teamleider)
    with translation.override("nl"):
        assert (gemeen.eenheid(eigen), gemeen.aangevraagd_door(eigen)) == ("gemeente Winterswijk", "teamleider")
    assert gemeen.bestandsnaam(eigen, "xlsx") == "rapportage-winterswijk-2026-10-01.xlsx"
    with translation.override("nl"):
        overzicht = als_pdf.context(eigen)["overzicht"]
    assert (overzicht["naam"], overzicht["vergelijk_naam"]) == ("Winterswijk", "Achterhoek")
    instroom = next(r for r in overzicht["kerncijfers"] if r["k"].code == "instroom")
    assert (str(instroom["k"].waarde), str(instroom["k"].vergelijk)) == ("6", "8")
