"""Inzage (AVG art. 15): a teamleider produces, for one statushouder, everything held about the person and who
processed it when, as PDF and JSON. Both render the one structure of `cases.selectors.inzage`, which also checks
the permission (403 for other roles, 404 outside the own gemeente) and writes the audit events."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import translation
from django.utils.dateformat import format as datumformaat
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.models import Statushouder
from cases.selectors import inzage as selectors
from inburgering.pdf import html_naar_pdf
from leerroutes.models import Aanwezigheid

# Up to this many lessons an enrolment's attendance is listed per lesson in the PDF, beyond it per month
# (the JSON always has every row).
AANWEZIGHEID_PER_LES_MAX = 40
# Keys that hold records of their own: shown as their own tables, not as a field.
GENEST = {"leefgebiedscores", "doelen", "acties", "aanwezigheden", "examenresultaten", "voortgangsrapportages"}
# Columns the PDF's tables leave out to stay readable on A4 (the JSON has them): ids, and in the processing log
# the actor type (the actor's name says "systeem") and the activity (the same purpose, stated at the top).
NIET_IN_TABELLEN = {"uuid", "object_id", "actor_type", "verwerkingsactiviteit"}


def _gegevens(request, uuid, formaat: str) -> dict:
    try:
        with translation.override("nl"):  # the export is Dutch, whatever the interface language
            return selectors.inzage(request.user, uuid, formaat)
    except Statushouder.DoesNotExist:
        raise Http404(_("Dossier niet gevonden.")) from None


@login_required
@require_GET
def inzage(request, uuid):
    try:
        sh = selectors.inzage_pagina(request.user, uuid)
    except Statushouder.DoesNotExist:
        raise Http404(_("Dossier niet gevonden.")) from None
    return render(request, "cases/inzage.html", {"sh": sh})


@login_required
@require_GET
def inzage_json(request, uuid):
    response = JsonResponse(_gegevens(request, uuid, "json"), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="inzage-{uuid}.json"'
    return response


@login_required
@require_GET
def inzage_pdf(request, uuid):
    gegevens = _gegevens(request, uuid, "pdf")
    with translation.override("nl"):
        html = render_to_string("pdf/inzage.html", pdf_context(gegevens))
    response = HttpResponse(html_naar_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{uuid}.pdf"'
    return response


# --- the PDF: the structure as a flat list of headed blocks (fields or a table) ------------------------------


def _tekst(waarde) -> str:
    if waarde is None or waarde in ("", [], {}):
        return "—"
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    if isinstance(waarde, dt.datetime):
        return datumformaat(waarde, "d-m-Y H:i")
    if isinstance(waarde, dt.date):
        return datumformaat(waarde, "d-m-Y")
    if isinstance(waarde, list):
        return ", ".join(_tekst(w) for w in waarde)
    if isinstance(waarde, dict):
        return "; ".join(f"{k}: {_tekst(v)}" for k, v in waarde.items())
    return str(waarde)


def _kop(sleutel: str) -> str:
    return capfirst(sleutel.replace("_", " "))


def _velden(record: dict) -> list[tuple[str, str]]:
    return [(_kop(k), _tekst(v)) for k, v in record.items() if k not in GENEST]


def _tabel(records: list[dict], **extra) -> dict:
    kolommen = [k for k in (records[0] if records else {}) if k not in GENEST | NIET_IN_TABELLEN]
    return {
        "kolommen": [_kop(k) for k in kolommen],
        "rijen": [[_tekst(r[k]) for k in kolommen] for r in records],
        **extra,
    }


def _blok(kop: str, niveau: int, *, velden=None, tabel=None, leeg: str = "") -> dict:
    return {"kop": kop, "niveau": niveau, "velden": velden, "tabel": tabel, "leeg": leeg}


def _aanwezigheid(rijen: list[dict]) -> dict:
    if len(rijen) <= AANWEZIGHEID_PER_LES_MAX:
        return _tabel(rijen)
    ongeoorloofd = str(Aanwezigheid.Status.ONGEOORLOOFD_AFWEZIG.label)
    maanden: dict[dt.date, list] = {}
    for rij in rijen:
        maand = maanden.setdefault(rij["datum"].replace(day=1), [0, 0, 0, 0])
        maand[0] += 1
        maand[1] += rij["geplande_minuten"]
        maand[2] += rij["aanwezige_minuten"]
        maand[3] += rij["status"] == ongeoorloofd
    return {
        "kolommen": [_("Maand"), _("Lessen"), _("Gepland (uren)"), _("Aanwezig (uren)"), _("Ongeoorloofd afwezig")],
        "rijen": [
            [datumformaat(m, "F Y"), n, f"{gepland / 60:.1f}", f"{aanwezig / 60:.1f}", afwezig]
            for m, (n, gepland, aanwezig, afwezig) in sorted(maanden.items())
        ],
        "toelichting": _("%(n)s lessen, per maand samengeteld; de JSON-export bevat elke les.") % {"n": len(rijen)},
    }


def _dossier_blokken(dossier: dict) -> list[dict]:
    sh = dossier["statushouder"]
    blokken = [
        _blok(_("Dossier in de gemeente %(gemeente)s") % {"gemeente": sh["gemeente"]}, 2),
        _blok(_("Persoons- en dossiergegevens"), 3, velden=_velden(sh)),
    ]
    intake = dossier["brede_intake"]
    if intake is None:
        blokken.append(_blok(_("Brede intake"), 3, leeg=_("Geen brede intake.")))
    else:
        blokken += [
            _blok(_("Brede intake"), 3, velden=_velden(intake)),
            _blok(_("Leefgebiedscores"), 4, tabel=_tabel(intake["leefgebiedscores"])),
        ]
    blokken.append(_blok(_("PIP-versies"), 3, leeg="" if dossier["pip_versies"] else _("Geen PIP.")))
    for versie in dossier["pip_versies"]:
        acties = [{"doel": doel["omschrijving"], **actie} for doel in versie["doelen"] for actie in doel["acties"]]
        blokken += [
            _blok(_("PIP-versie %(versie)s (%(status)s)") % versie, 4, velden=_velden(versie)),
            _blok(_("Doelen"), 5, tabel=_tabel(versie["doelen"])),
            _blok(_("Acties"), 5, tabel=_tabel(acties)),
        ]
    for sleutel, kop in (
        ("voortgangsgesprekken", _("Voortgangsgesprekken")),
        ("verwijzingen", _("Verwijzingen")),
        ("participaties", _("Participaties")),
        ("termijnverlengingen", _("Termijnverlengingen")),
        ("handhavingsstappen", _("Handhaving bij de intake")),
        ("tijdlijn", _("Tijdlijn")),
    ):
        blokken.append(_blok(kop, 3, tabel=_tabel(dossier[sleutel])))
    blokken.append(_blok(_("Inschrijvingen"), 3, leeg="" if dossier["inschrijvingen"] else _("Geen inschrijvingen.")))
    for inschrijving in dossier["inschrijvingen"]:
        kop = _("Inschrijving bij %(organisatie)s, %(leerroute)s") % inschrijving
        blokken += [
            _blok(kop, 4, velden=_velden(inschrijving)),
            _blok(_("Aanwezigheid"), 5, tabel=_aanwezigheid(inschrijving["aanwezigheden"])),
            _blok(_("Examenresultaten"), 5, tabel=_tabel(inschrijving["examenresultaten"])),
            _blok(_("Voortgangsrapportages"), 5, tabel=_tabel(inschrijving["voortgangsrapportages"])),
        ]
    blokken.append(_blok(_("Verwerkingen: wie zag of wijzigde dit dossier"), 3, tabel=_tabel(dossier["verwerkingen"])))
    return blokken


def pdf_context(gegevens: dict) -> dict:
    blokken = []
    dossier = gegevens["dossier"]
    while dossier is not None:  # this case, then the cases before a move
        blokken += _dossier_blokken(dossier)
        dossier = dossier["vorig_dossier"]
    return {
        "verzoek": gegevens["inzageverzoek"],
        "verzoek_velden": _velden(gegevens["inzageverzoek"]),
        "statushouder": gegevens["dossier"]["statushouder"],
        "blokken": blokken,
    }


urlpatterns = [
    path("<uuid:uuid>/inzage/", inzage, name="inzage"),
    path("<uuid:uuid>/inzage/pdf/", inzage_pdf, name="inzage_pdf"),
    path("<uuid:uuid>/inzage/json/", inzage_json, name="inzage_json"),
]
