"""The report as one long CSV table: a row per cell that the tables show (region, gemeente and provider rows),
with the value exactly as printed ("<5" when suppressed, "–" when there is none, "62,5%")."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from inburgering.spreadsheet import veilige_rij

from . import gemeen

NIVEAU_LABELS = {"regio": "regio", "gemeente": "gemeente", "aanbieder": "taalaanbieder"}


def kopregel() -> list[str]:
    return [_("indicator"), _("naam"), _("niveau"), _("eenheid-code"), _("eenheid-naam"), _("uitsplitsing"),
            _("maat"), _("waarde")]  # fmt: skip


def rijen(resultaat: dict):
    """Every shown cell of every table, groups in report order, then the provider tables."""
    tabellen = [t for _g, _n, groep in gemeen.per_groep(resultaat) for t in groep]
    tabellen += gemeen.aanbieder_tabellen(resultaat)
    for tabel in tabellen:
        ind = tabel.indicator
        for rij in tabel.rijen:
            for kolom, cel in zip(tabel.kolommen, rij.cellen, strict=True):
                yield [ind["code"], ind["naam"], NIVEAU_LABELS[rij.niveau], rij.eenheid, rij.naam,
                       gemeen.uitsplitsing_label(tabel, kolom), gemeen.maat_label(kolom), str(cel)]  # fmt: skip


def render(run) -> bytes:
    """UTF-8 with a byte order mark and ";" between fields: that is what Excel with Dutch regional settings opens
    correctly by double-click (without the BOM it reads the file as Windows-1252 and mangles "ë" and "–"; with ","
    it would split "62,5%" on the decimal comma). Other tools read it too: `;` is quoted where it occurs. A name
    that would start a formula gets a quote in front (inburgering.spreadsheet); printed figures stay as printed."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(veilige_rij(kopregel()))
    schrijver.writerows(veilige_rij(rij) for rij in rijen(run.resultaat))
    return ("\ufeff" + uit.getvalue()).encode("utf-8")
