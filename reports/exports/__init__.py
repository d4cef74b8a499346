"""The files of a finished report run: PDF, CSV and XLSX, rendered from run.resultaat (the suppressed result)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import translation

from . import als_csv, als_pdf, als_xlsx, gemeen

FORMATEN = {"pdf": als_pdf, "csv": als_csv, "xlsx": als_xlsx}
VAN, TOT = 90, 97  # the run's progress while the PDF's charts are drawn; 98: the PDF is done, 99: all files


def render_bestanden(run, bij_voortgang: Callable[[int], None] | None = None) -> None:
    """Render the three files and attach them to the run (replacing earlier ones, e.g. of a retried run). Always
    Dutch, whatever language the worker or the requester uses. Saves only the file fields. `bij_voortgang(pct)` is
    told the run's progress as the PDF's charts are drawn and each file is done (90 → 99; 100 is the run's being
    ready), each step once."""
    gemeld = set()

    def meld(pct: int) -> None:
        if bij_voortgang and pct not in gemeld:
            gemeld.add(pct)
            bij_voortgang(pct)

    with translation.override("nl"):
        inhoud = {"pdf": als_pdf.render(run, lambda deel: meld(VAN + round(deel * (TOT - VAN))))}
        meld(98)
        inhoud |= {"csv": als_csv.render(run), "xlsx": als_xlsx.render(run)}
        meld(99)
    for formaat, data in inhoud.items():
        veld = getattr(run, formaat)
        if veld:
            veld.delete(save=False)
        veld.save(gemeen.bestandsnaam(run, formaat), ContentFile(data), save=False)
    run.save(update_fields=list(FORMATEN))
