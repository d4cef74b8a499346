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

from cases import inzage_teksten as teksten
from cases.landen_talen import landnaam, taalnamen
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
# Written for the person it is for (cases.inzage_teksten): a label for every field, codes as names, internal ids
# left out. The JSON export keeps the machine keys.


def _tekst(waarde) -> str:
    if waarde is None or waarde in ("", [], {}):
        return teksten.LEEG
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, dt.datetime):
        return datumformaat(waarde, "d-m-Y H:i")
    if isinstance(waarde, dt.date):
        return datumformaat(waarde, "d-m-Y")
    if isinstance(waarde, float):
        return f"{waarde:g}".replace(".", ",")
    if isinstance(waarde, list):
        return ", ".join(_tekst(w) for w in waarde)
    if isinstance(waarde, dict):
        return "; ".join(f"{k}: {_tekst(v)}" for k, v in waarde.items())
    return str(waarde)


def _sectie(soort: str) -> dict:
    return teksten.SECTIES[soort]


def _label(soort: str, sleutel: str) -> str:
    return _sectie(soort)["labels"].get(sleutel) or capfirst(sleutel.replace("_", " "))


def _sleutels(soort: str, record: dict) -> list[str]:
    """The keys the PDF shows: the labelled ones in their order, then any unknown one (not hidden, not nested)."""
    sectie = _sectie(soort)
    bekend = [k for k in sectie["labels"] if k in record]
    rest = [k for k in record if k not in sectie["labels"] and k not in sectie["verborgen"] and k not in GENEST]
    return bekend + rest


# The section of the labels of a record of the audit log (its model name), for the names of its fields.
AUDIT_SECTIES = {
    "statushouder": "statushouder", "bredeintake": "brede_intake", "leefgebiedscore": "leefgebiedscore",
    "pipversie": "pip_versie", "doel": "doel", "actie": "actie", "voortgangsgesprek": "voortgangsgesprek",
    "verwijzing": "verwijzing", "participatie": "participatie", "termijnverlenging": "termijnverlenging",
    "handhavingsstap": "handhavingsstap", "inschrijving": "inschrijving", "aanwezigheid": "aanwezigheid",
    "examenresultaat": "examenresultaat", "voortgangsrapportage": "voortgangsrapportage",
}  # fmt: skip


def _waarde(soort: str, sleutel: str, waarde, record: dict, doelen: dict) -> str:
    """A value as the person reads it: a country or language by name, a role, a record kind or a field by its
    label, a goal by its description."""
    if soort == "statushouder" and sleutel == "nationaliteit" and waarde:
        return landnaam(waarde)
    if soort == "statushouder" and sleutel == "talen" and waarde:
        return taalnamen(waarde)
    if soort == "verwerking" and sleutel == "rol":
        return teksten.ROLLEN.get(waarde, waarde) or teksten.LEEG
    if soort == "verwerking" and sleutel == "object_type":
        return teksten.OBJECTEN.get(waarde, waarde)
    if soort == "verwerking" and sleutel == "velden" and waarde:
        labels = _sectie(AUDIT_SECTIES.get(record.get("object_type"), "statushouder"))["labels"]
        return "; ".join(labels.get(veld) or veld.replace("_", " ") for veld in waarde)
    if soort == "voortgangsgesprek" and sleutel == "voortgang_per_doel" and isinstance(waarde, dict):
        return (
            "; ".join(
                f"{doelen.get(uuid, 'doel')}: {_tekst(v.get('voortgang') if isinstance(v, dict) else v)}"
                + (f" ({v['toelichting']})" if isinstance(v, dict) and v.get("toelichting") else "")
                for uuid, v in waarde.items()
            )
            or teksten.LEEG
        )
    return _tekst(waarde)


def _velden(soort: str, record: dict, doelen: dict | None = None) -> list[tuple[str, str]]:
    return [(_label(soort, k), _waarde(soort, k, record[k], record, doelen or {})) for k in _sleutels(soort, record)]


def _tabel(soort: str, records: list[dict], doelen: dict | None = None, **extra) -> dict:
    kolommen = _sleutels(soort, records[0]) if records else []
    return {
        "kolommen": [_label(soort, k) for k in kolommen],
        "rijen": [[_waarde(soort, k, r[k], r, doelen or {}) for k in kolommen] for r in records],
        **extra,
    }


def _blok(kop: str, niveau: int, *, uitleg: str = "", velden=None, tabel=None, leeg: str = "") -> dict:
    return {"kop": kop, "niveau": niveau, "uitleg": uitleg, "velden": velden, "tabel": tabel, "leeg": leeg}


def _sectieblok(soort: str, niveau: int, **kwargs) -> dict:
    sectie = _sectie(soort)
    return _blok(sectie["kop"], niveau, uitleg=sectie["uitleg"], **kwargs)


def _aanwezigheid(rijen: list[dict]) -> dict:
    if len(rijen) <= AANWEZIGHEID_PER_LES_MAX:
        return _tabel("aanwezigheid", rijen)
    ongeoorloofd = str(Aanwezigheid.Status.ONGEOORLOOFD_AFWEZIG.label)
    maanden: dict[dt.date, list] = {}
    for rij in rijen:
        maand = maanden.setdefault(rij["datum"].replace(day=1), [0, 0, 0, 0])
        maand[0] += 1
        maand[1] += rij["geplande_minuten"]
        maand[2] += rij["aanwezige_minuten"]
        maand[3] += rij["status"] == ongeoorloofd
    return {
        "kolommen": teksten.AANWEZIGHEID_KOLOMMEN,
        "rijen": [
            [datumformaat(m, "F Y"), n, _tekst(round(gepland / 60, 1)), _tekst(round(aanwezig / 60, 1)), afwezig]
            for m, (n, gepland, aanwezig, afwezig) in sorted(maanden.items())
        ],
        "toelichting": teksten.AANWEZIGHEID_PER_MAAND.format(n=len(rijen)),
    }


def _dossier_blokken(dossier: dict, eerste: bool) -> list[dict]:
    sh = dossier["statushouder"]
    doelen = {d["uuid"]: d["omschrijving"] for v in dossier["pip_versies"] for d in v["doelen"]}
    blokken = [
        _blok(
            f"Uw dossier in de gemeente {sh['gemeente']}",
            2,
            uitleg="" if eerste else teksten.ANDER_DOSSIER.format(gemeente=sh["gemeente"]),
        ),
        _sectieblok("statushouder", 3, velden=_velden("statushouder", sh)),
    ]
    intake = dossier["brede_intake"]
    if intake is None:
        blokken.append(_sectieblok("brede_intake", 3, leeg=teksten.GEEN_GEGEVENS))
    else:
        blokken += [
            _sectieblok("brede_intake", 3, velden=_velden("brede_intake", intake)),
            _sectieblok("leefgebiedscore", 4, tabel=_tabel("leefgebiedscore", intake["leefgebiedscores"])),
        ]
    blokken.append(_sectieblok("pip_versie", 3, leeg="" if dossier["pip_versies"] else teksten.GEEN_GEGEVENS))
    for versie in dossier["pip_versies"]:
        acties = [{"doel": doel["omschrijving"], **actie} for doel in versie["doelen"] for actie in doel["acties"]]
        blokken += [
            _blok(
                f"Versie {versie['versie']} van uw plan ({versie['status']})", 4, velden=_velden("pip_versie", versie)
            ),
            _sectieblok("doel", 5, tabel=_tabel("doel", versie["doelen"])),
            _sectieblok("actie", 5, tabel=_tabel("actie", acties)),
        ]
    for sleutel, soort in (
        ("voortgangsgesprekken", "voortgangsgesprek"),
        ("verwijzingen", "verwijzing"),
        ("participaties", "participatie"),
        ("termijnverlengingen", "termijnverlenging"),
        ("handhavingsstappen", "handhavingsstap"),
        ("tijdlijn", "tijdlijn"),
    ):
        blokken.append(_sectieblok(soort, 3, tabel=_tabel(soort, dossier[sleutel], doelen)))
    inschrijvingen = dossier["inschrijvingen"]
    blokken.append(_sectieblok("inschrijving", 3, leeg="" if inschrijvingen else teksten.GEEN_GEGEVENS))
    for inschrijving in inschrijvingen:
        kop = _sectie("inschrijving")["kop_een"].format(
            organisatie=inschrijving["organisatie"], leerroute=inschrijving["leerroute"] or teksten.LEEG
        )
        blokken += [
            _blok(kop, 4, velden=_velden("inschrijving", inschrijving)),
            _sectieblok("aanwezigheid", 5, tabel=_aanwezigheid(inschrijving["aanwezigheden"])),
            _sectieblok("examenresultaat", 5, tabel=_tabel("examenresultaat", inschrijving["examenresultaten"])),
            _sectieblok(
                "voortgangsrapportage", 5, tabel=_tabel("voortgangsrapportage", inschrijving["voortgangsrapportages"])
            ),
        ]
    blokken.append(_sectieblok("verwerking", 3, tabel=_tabel("verwerking", dossier["verwerkingen"])))
    return blokken


def pdf_context(gegevens: dict) -> dict:
    blokken = []
    dossier = gegevens["dossier"]
    eerste = True
    while dossier is not None:  # this case, then the cases before a move
        blokken += _dossier_blokken(dossier, eerste)
        dossier, eerste = dossier["vorig_dossier"], False
    verzoek = gegevens["inzageverzoek"]
    over = teksten.OVER
    return {
        "verzoek": verzoek,
        "verzoek_velden": [
            (over["labels"].get(k) or capfirst(k.replace("_", " ")), _tekst(v))
            for k, v in verzoek.items()
            if k not in over["verborgen"]
        ],
        "over_kop": over["kop"],
        "titel": teksten.TITEL.format(gemeente=verzoek["gemeente"]),
        "intro": teksten.INTRO.format(gemeente=verzoek["gemeente"]),
        "rechten": teksten.RECHTEN,
        "woorden": teksten.WOORDEN,
        "geen_gegevens": teksten.GEEN_GEGEVENS,
        "statushouder": gegevens["dossier"]["statushouder"],
        "blokken": blokken,
    }


urlpatterns = [
    path("<uuid:uuid>/inzage/", inzage, name="inzage"),
    path("<uuid:uuid>/inzage/pdf/", inzage_pdf, name="inzage_pdf"),
    path("<uuid:uuid>/inzage/json/", inzage_json, name="inzage_json"),
]
