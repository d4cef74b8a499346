"""What the three export formats share: the names of things, the file name, and the tables they print — all read
through reports.tabellen, so the PDF, the CSV and the XLSX show the same cells ("<5" where suppressed)."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..indicators.base import GROEPEN
from ..tabellen import Kolom, Tabel, tabellen

GROEP_NIVEAUS = ("regio", "gemeente")
AANBIEDER_NIVEAUS = ("aanbieder",)
ROL_LABELS = {"regiocoordinator": "regiocoördinator", "teamleider": "teamleider", "beheerder": "beheerder"}


def eenheid(run) -> str:
    """What the run is about, for titles: the region, the gemeente, or all regions."""
    if run.soort == "gemeente" and run.gemeente_id:
        return _("gemeente %(naam)s") % {"naam": run.gemeente.naam}
    if run.soort == "regio" and run.arbeidsmarktregio_id:
        return _("arbeidsmarktregio %(naam)s") % {"naam": run.arbeidsmarktregio.naam}
    return _("alle arbeidsmarktregio's")


def titel() -> str:
    return _("Benchmarkrapportage inburgering")


def aangevraagd_door(run) -> str:
    """Who asked, by role only (the file travels; a name is not needed to read it)."""
    if run.aangevraagd_door_id is None:
        return _("maandelijkse planning")
    rollen = set(run.aangevraagd_door.groups.values_list("name", flat=True))
    return next((label for rol, label in ROL_LABELS.items() if rol in rollen), _("medewerker"))


def bestandsnaam(run, extensie: str) -> str:
    """rapportage-<regio code | gemeente | landelijk>-<period start>.<ext>"""
    if run.soort == "gemeente" and run.gemeente_id:
        wat = slugify(run.gemeente.naam)
    elif run.arbeidsmarktregio_id:
        wat = run.arbeidsmarktregio.code.lower()
    else:
        wat = "landelijk"
    return f"rapportage-{wat}-{run.periode_start:%Y-%m-%d}.{extensie}"


def maat_label(kolom: Kolom) -> str:
    """The measure with its unit where the printed figure does not carry it ("Mediaan (dagen)"; "%" is printed)."""
    eenheid_ = kolom.maat["eenheid"]
    return f"{kolom.maat['label']} ({eenheid_})" if eenheid_ and eenheid_ != "%" else kolom.maat["label"]


def uitsplitsing_label(tabel: Tabel, kolom: Kolom) -> str:
    labels = dict(tabel.indicator["uitsplitsingen"])
    return labels.get(kolom.uitsplitsing, kolom.uitsplitsing) if kolom.uitsplitsing else _("totaal")


def per_groep(resultaat: dict) -> list[tuple[str, str, list[Tabel]]]:
    """(group key, group name, the group's tables at region and gemeente level), in report order."""
    return [(groep, naam, tabellen(resultaat, groep, GROEP_NIVEAUS)) for groep, naam in GROEPEN.items()]


def aanbieder_tabellen(resultaat: dict) -> list[Tabel]:
    """The indicators reported per taalaanbieder (I8, I9), with only the provider rows."""
    return tabellen(resultaat, niveaus=AANBIEDER_NIVEAUS)


def onderdrukking_uitleg(drempel: int) -> str:
    return _(
        "<%(d)s: het cijfer rust op minder dan %(d)s personen en wordt niet getoond, zodat niemand herkenbaar is. "
        "Een percentage of mediaan wordt niet getoond als het over minder dan %(d)s personen gaat. Soms is ook een "
        "tweede gemeente verborgen, omdat het eerste cijfer anders uit het regiototaal terug te rekenen is. "
        "–: geen gegevens."
    ) % {"d": drempel}
