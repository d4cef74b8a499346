"""Formulas in exports (issue 17, item 3): a name that a spreadsheet would run as a formula reaches the report's CSV
and XLSX as text with a quote in front, while figures stay figures (inburgering.spreadsheet)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from inburgering.spreadsheet import veilig_werkboek, veilige_cel, veilige_rij
from leerroutes.models import Leerroute
from partners.models import Gemeente, Organisatie
from reports import engine
from reports.exports import render_bestanden
from reports.indicators.base import Periode
from reports.models import ReportRun
from tests.factories import AanwezigheidFactory, InschrijvingFactory, StatushouderFactory

D = dt.date
PERIODE = Periode.kwartaal(2026, 4)
HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "+cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1+1", "'+1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("-3 dagen", "'-3 dagen"),
        # printed figures and harmless texts stay as they are
        ("-3", "-3"),
        ("-2,5%", "-2,5%"),
        ("-1.234,5", "-1.234,5"),
        ("62,5%", "62,5%"),
        ("<5", "<5"),
        ("–", "–"),
        ("TopTaal", "TopTaal"),
        ("a=b", "a=b"),
        ("", ""),
        # numbers stay numbers (a negative number is not a formula)
        (-3, -3),
        (-2.5, -2.5),
        (Decimal("-1.50"), Decimal("-1.50")),
        (0, 0),
        (None, None),
        (D(2026, 1, 1), D(2026, 1, 1)),
    ],
)
def test_veilige_cel(waarde, verwacht):
    uit = veilige_cel(waarde)
    assert uit == verwacht and type(uit) is type(verwacht)


def test_veilige_rij_and_workbook_neutralise_every_text_cell():
    assert veilige_rij(["=1+1", 5, "-5", "x"]) == ["'=1+1", 5, "-5", "x"]
    wb = Workbook()
    wb.active.append([HYPERLINK, -4, 2.5, "@x"])
    assert wb.active["A1"].data_type == "f"  # what openpyxl does with such a text on its own
    veilig_werkboek(wb)
    uit = io.BytesIO()
    wb.save(uit)
    ws = load_workbook(io.BytesIO(uit.getvalue())).active
    assert [(c.value, c.data_type) for c in ws[1]] == [("'" + HYPERLINK, "s"), (-4, "n"), (2.5, "n"), ("'@x", "s")]


@pytest.fixture
def run(achterhoek, settings, tmp_path, make_user):
    """TopTaal renamed =HYPERLINK(...) and Winterswijk renamed to a DDE payload, then a real report over six
    statushouders housed in Winterswijk, each at TopTaal with 1 of 2 lessons attended; the run's files rendered."""
    settings.MEDIA_ROOT = tmp_path / "media"
    Organisatie.objects.filter(pk=achterhoek.aanbieders["TopTaal"].pk).update(naam=HYPERLINK)
    Gemeente.objects.filter(pk=achterhoek.gemeenten["Winterswijk"].pk).update(naam=DDE)
    b1 = Leerroute.objects.get(code="b1")
    for _ in range(6):
        sh = StatushouderFactory(gemeente=achterhoek.gemeenten["Winterswijk"], huisvesting_datum=D(2026, 10, 15))
        inschrijving = InschrijvingFactory(statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=b1)
        AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 11, 2))
        AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 11, 9), status="ongeoorloofd_afwezig")
    resultaat = engine.onderdruk(engine.bereken_rapport([g.pk for g in achterhoek.gemeenten.values()], PERIODE))
    run = ReportRun.objects.create(
        periode="kwartaal",
        periode_start=PERIODE.start,
        periode_eind=PERIODE.eind,
        status="klaar",
        voortgang=100,
        resultaat=resultaat,
        soort="regio",
        arbeidsmarktregio=achterhoek.regio,
        aangevraagd_door=make_user("regiocoordinator", arbeidsmarktregio=achterhoek.regio),
    )
    render_bestanden(run)
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_report_csv_writes_a_formula_name_as_text_and_figures_as_printed(run, achterhoek):
    with run.csv.open("rb") as bestand:
        rijen = list(csv.reader(io.StringIO(bestand.read().decode("utf-8-sig")), delimiter=";"))
    toptaal = str(achterhoek.aanbieders["TopTaal"].uuid)
    assert ["I8", "Aanwezigheid", "taalaanbieder", toptaal, "'" + HYPERLINK, "totaal", "Aanwezig", "50,0%"] in rijen
    assert ["I1", "Instroom", "gemeente", "GM0294", "'" + DDE, "totaal", "Instroom", "6"] in rijen
    for rij in rijen:
        for cel in rij:
            assert not cel.startswith(("=", "+", "-", "@", "\t", "\r")) or veilige_cel(cel) == cel, rij


@pytest.mark.django_db
def test_report_xlsx_has_no_formula_and_keeps_numbers(run):
    with run.xlsx.open("rb") as bestand:
        wb = load_workbook(io.BytesIO(bestand.read()))
    formules = [
        (ws.title, c.coordinate) for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.data_type == "f"
    ]
    assert formules == []
    toptaal = next(r for r in wb["Aanbieders"].iter_rows() if r[0].value == "'" + HYPERLINK)  # I8's block
    assert toptaal[0].data_type == "s"
    assert (toptaal[2].value, toptaal[2].data_type) == (0.5, "n")  # 50,0% attended, an Excel percentage
    winterswijk = next(r for r in wb["Instroom, intake en PIP"].iter_rows() if r[0].value == "'" + DDE)  # I1
    assert winterswijk[0].data_type == "s" and (winterswijk[2].value, winterswijk[2].data_type) == (6, "n")
