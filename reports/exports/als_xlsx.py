"""The report as an Excel workbook: a sheet per indicator group (the dashboard's sections), a sheet "Aanbieders" for
the provider level and a sheet "Toelichting" (period, suppression, definitions). Each indicator is a titled block:
header row, then a row per region, gemeente or provider. Figures are numbers (a percentage as an Excel percentage),
so they can be sorted and charted; a suppressed cell is the text "<5", a missing one "–", as in every format."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from inburgering.spreadsheet import veilig_werkboek

from ..privacy import Cel, drempel
from ..tabellen import Tabel
from . import gemeen

VET = Font(bold=True)
KOP = Font(bold=True, size=14)
BLOKKOP = Font(bold=True, size=12)
KOPVULLING = PatternFill("solid", fgColor="DDE7EE")
RECHTS = Alignment(horizontal="right")
NIVEAU_LABELS = {"regio": "regio", "gemeente": "gemeente", "aanbieder": "taalaanbieder"}


def _getalnotatie(decimalen: int, procent: bool) -> str:
    """Excel's format code (Excel shows it with the reader's decimal comma): 1.234 / 12,5 / 62%."""
    return "#,##0" + ("." + "0" * decimalen if decimalen else "") + ("%" if procent else "")


def _schrijf_cel(ws, rij: int, kolom: int, cel: Cel, maat: dict) -> None:
    doel = ws.cell(rij, kolom)
    if cel.waarde is None:  # suppressed ("<5") or no figure ("–"): the printed text, right-aligned like a number
        doel.value = str(cel)
        doel.alignment = RECHTS
        return
    procent = maat["eenheid"] == "%"
    doel.value = cel.waarde / 100 if procent else cel.waarde
    doel.number_format = _getalnotatie(maat["decimalen"], procent)


def _blok(ws, rij: int, tabel: Tabel) -> int:
    """Write one indicator from row `rij`; return the next free row."""
    ind = tabel.indicator
    ws.cell(rij, 1, f"{ind['code']} {ind['naam']}").font = BLOKKOP
    rij += 1
    koppen = [_("Eenheid"), _("Niveau")] + [
        f"{k.label} ({k.maat['eenheid']})" if k.maat["eenheid"] not in ("", "%") else k.label for k in tabel.kolommen
    ]
    for i, kop in enumerate(koppen, start=1):
        c = ws.cell(rij, i, kop)
        c.font, c.fill = VET, KOPVULLING
        c.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left" if i <= 2 else "right")
    for r in tabel.rijen:
        rij += 1
        ws.cell(rij, 1, r.naam).font = VET if r.niveau == "regio" else Font()
        ws.cell(rij, 2, NIVEAU_LABELS[r.niveau])
        for i, (kolom, cel) in enumerate(zip(tabel.kolommen, r.cellen, strict=True), start=3):
            _schrijf_cel(ws, rij, i, cel, kolom.maat)
    return rij + 2


def _blad(wb: Workbook, titel: str, kop: str, tabellen: list[Tabel]) -> None:
    ws = wb.create_sheet(titel[:31])
    ws.cell(1, 1, kop).font = KOP
    rij = 3
    breedste = 2
    for tabel in tabellen:
        rij = _blok(ws, rij, tabel)
        breedste = max(breedste, 2 + len(tabel.kolommen))
    if not tabellen:
        ws.cell(rij, 1, _("Geen gegevens."))
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 14
    for i in range(3, breedste + 1):
        ws.column_dimensions[get_column_letter(i)].width = 18
    ws.freeze_panes = "B2"  # the sheet title and the names stay in view


def _toelichting(wb: Workbook, run, resultaat: dict) -> None:
    ws = wb.create_sheet(_("Toelichting"))
    periode = resultaat["periode"]
    ws.cell(1, 1, gemeen.titel()).font = KOP
    regels = [
        (_("Over"), gemeen.eenheid(run)),
        (_("Periode"), f"{periode['label']} ({run.periode_start:%d-%m-%Y} t/m {run.periode_eind:%d-%m-%Y})"),
        (_("Berekend op"), f"{timezone.localtime(run.klaar_op or timezone.now()):%d-%m-%Y %H:%M}"),
        (_("Aangevraagd door"), gemeen.aangevraagd_door(run)),
        (_("Onderdrukking"), gemeen.onderdrukking_uitleg(drempel())),
    ]
    for i, (sleutel, waarde) in enumerate(regels, start=3):
        ws.cell(i, 1, sleutel).font = VET
        ws.cell(i, 2, waarde).alignment = Alignment(wrap_text=True, vertical="top")
    rij = len(regels) + 4
    for i, kop in enumerate((_("Indicator"), _("Naam"), _("Groep"), _("Definitie")), start=1):
        c = ws.cell(rij, i, kop)
        c.font, c.fill = VET, KOPVULLING
    groepen = dict((g, n) for g, n, _t in gemeen.per_groep(resultaat))
    for ind in resultaat["indicatoren"]:
        rij += 1
        ws.cell(rij, 1, ind["code"])
        ws.cell(rij, 2, ind["naam"]).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(rij, 3, groepen.get(ind["groep"], ind["groep"]))
        ws.cell(rij, 4, ind["definitie"]).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, breedte in zip("ABCD", (18, 60, 26, 90), strict=True):
        ws.column_dimensions[letter].width = breedte
    ws.freeze_panes = "A2"


def render(run) -> bytes:
    resultaat = run.resultaat
    wb = Workbook()
    wb.remove(wb.active)
    over = f"{gemeen.eenheid(run)}, {resultaat['periode']['label']}"
    for _groep, naam, tabellen in gemeen.per_groep(resultaat):
        _blad(wb, naam, f"{naam} — {over}", tabellen)
    _blad(wb, _("Aanbieders"), f"{_('Per taalaanbieder')} — {over}", gemeen.aanbieder_tabellen(resultaat))
    _toelichting(wb, run, resultaat)
    veilig_werkboek(wb)  # a name like =HYPERLINK(...) is text, not a live formula
    uit = io.BytesIO()
    wb.save(uit)
    return uit.getvalue()
