"""The dossieroverzicht: a printable overview of one case for a consultant's handover (PDF). Personal and contact
data, status and deadlines, the intake in short (without the health text, which never leaves the case page), the
current PIP's goals and actions, the leerroute with attendance and exams, participation, open tasks and
appointments, and the last 20 timeline events. Read through the user's selectors; the view logs one EXPORT."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from inburgering.pdf import html_naar_pdf
from leerroutes import selectors as leerroute_selectors

from . import deadlines, selectors
from .landen_talen import landnaam, taalnaam
from .models import Leefgebied, PipVersie
from .selectors.participatie import participaties

TIJDLIJN_AANTAL = 20


def gezondheid(leefgebied: str) -> bool:
    """The health leefgebieden: their scores and goals stay out of the overview (special personal data)."""
    return leefgebied.startswith("gezondheid")


def _huidig_pip(versies):
    vastgesteld = [v for v in versies if v.status == PipVersie.VersieStatus.VASTGESTELD]
    if vastgesteld:
        return max(vastgesteld, key=lambda v: (v.dagtekening, v.versie)), False
    concept = [v for v in versies if v.status == PipVersie.VersieStatus.CONCEPT]
    return (concept[-1] if concept else None), bool(concept)


def _open_taken(sh, vandaag):
    try:
        from taken.models import Taak
    except ImportError:  # pragma: no cover - the app is optional
        return []
    return list(Taak.objects.filter(statushouder=sh, afgerond_op__isnull=True).order_by("deadline", "id")[:20])


def _komende_afspraken(sh, vandaag):
    try:
        from agenda.models import Afspraak
    except ImportError:  # pragma: no cover - the app is optional
        return []
    return list(
        Afspraak.objects.filter(statushouder=sh, datum__gte=vandaag, geannuleerd_op__isnull=True)
        .select_related("consultant")
        .order_by("datum", "begintijd")[:20]
    )


def context(user, sh) -> dict:
    vandaag = timezone.localdate()
    intake = selectors.brede_intake(user, sh)
    scores = {rij["leefgebied"]: rij["score"] for rij in intake.score_rijen} if intake else {}
    pip, is_concept = _huidig_pip(selectors.pip_versies_met_inhoud(user, sh))
    return {
        "sh": sh,
        "vandaag": vandaag,
        "aangemaakt": timezone.localtime(),
        "nationaliteit": landnaam(sh.nationaliteit),
        "talen": [taalnaam(c) for c in sh.talen or []],
        "pip_deadline": deadlines.pip_deadline(sh) if sh.pip_dagtekening is None else None,
        "schakelen_uiterlijk": deadlines.schakelen_uiterlijk(sh.pip_dagtekening) if sh.pip_dagtekening else None,
        "intake": intake,
        "scores": [
            {"leefgebied": lg.label, "score": scores.get(lg.value)} for lg in Leefgebied if not gezondheid(lg.value)
        ],
        "pip": pip,
        "pip_doelen": [d for d in pip.doelen.all() if not gezondheid(d.leefgebied)] if pip else [],
        "pip_concept": is_concept,
        "inschrijvingen": list(leerroute_selectors.inschrijvingen(user, sh)),
        "aanwezigheid": leerroute_selectors.aanwezigheid_samenvatting(user, sh, vandaag),
        "examens": list(leerroute_selectors.examenresultaten(user, sh)),
        "participaties": list(participaties(user, sh).select_related("organisatie")[:10]),
        "taken": _open_taken(sh, vandaag),
        "afspraken": _komende_afspraken(sh, vandaag),
        "tijdlijn": list(selectors.tijdlijn(user, sh).order_by("-datum", "-id")[:TIJDLIJN_AANTAL]),
    }


def html(user, sh) -> str:
    with translation.override("nl"):
        return render_to_string("pdf/dossieroverzicht.html", context(user, sh))


def pdf(user, sh) -> bytes:
    return html_naar_pdf(html(user, sh))
