"""The files of a finished report run: PDF, CSV and XLSX, rendered from run.resultaat (the suppressed result)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import translation

from . import als_csv, als_pdf, als_xlsx, gemeen

FORMATEN = {"pdf": als_pdf, "csv": als_csv, "xlsx": als_xlsx}


def render_bestanden(run) -> None:
    """Render the three files and attach them to the run (replacing earlier ones, e.g. of a retried run). Always
    Dutch, whatever language the worker or the requester uses. Saves only the file fields."""
    with translation.override("nl"):
        inhoud = {formaat: module.render(run) for formaat, module in FORMATEN.items()}
    for formaat, data in inhoud.items():
        veld = getattr(run, formaat)
        if veld:
            veld.delete(save=False)
        veld.save(gemeen.bestandsnaam(run, formaat), ContentFile(data), save=False)
    run.save(update_fields=list(FORMATEN))
