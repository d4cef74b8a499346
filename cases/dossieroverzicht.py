"""The dossieroverzicht: a printable overview of one case for a consultant's handover (PDF). Personal and contact
data, status and deadlines, the intake in short (without the health text, which never leaves the case page), the
current PIP's goals and actions, the leerroute with attendance and exams, participation, open tasks and
appointments, and the last 20 timeline events. The case is opened by the view (permission checked, READ logged):
its own parts come from the case page's query (`selectors.dossierpagina`), the others from four queries by its key.
Typst typesets it (templates/pdf/dossieroverzicht.typ): the texts are prepared here, the template only lays out."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.utils import formats, timezone, translation

from inburgering.pdf import typst_naar_pdf

from . import deadlines, selectors
from .landen_talen import landnaam, taalnaam
from .models import Actie, Doel, Leefgebied, Participatie, PipVersie
from .templatetags.weergave import datum

SJABLOON = settings.BASE_DIR / "templates" / "pdf" / "dossieroverzicht.typ"
TIJDLIJN_AANTAL = 20
LEEG = "—"


def gezondheid(leefgebied: str) -> bool:
    """The health leefgebieden: their scores and goals stay out of the overview (special personal data)."""
    return leefgebied.startswith("gezondheid")


def _huidig_pip(versies) -> tuple[PipVersie | None, bool]:
    """(the newest vastgesteld version, else the newest concept; whether it is a concept)."""
    vastgesteld = [v for v in versies if v.status == PipVersie.VersieStatus.VASTGESTELD]
    if vastgesteld:
        return max(vastgesteld, key=lambda v: (v.dagtekening, v.versie)), False
    concept = [v for v in versies if v.status == PipVersie.VersieStatus.CONCEPT]
    return (max(concept, key=lambda v: (v.aangemaakt_op, v.versie)) if concept else None), bool(concept)


def _tekst(waarde, leeg: str = LEEG) -> str:
    return str(waarde) if waarde not in (None, "") else leeg


def _getal(waarde) -> str:
    return formats.localize(waarde)


def _persoon(sh) -> list[list[str]]:
    adres = (
        f"{sh.straat} {sh.huisnummer}, {sh.postcode} {sh.woonplaats}".strip()
        if sh.straat or sh.postcode
        else "onbekend"
    )
    return [
        ["Naam", f"{sh.voornamen} {sh.achternaam}"],
        ["Geboortedatum", datum(sh.geboortedatum)],
        ["BSN", sh.bsn_gemaskeerd],
        ["Adres", adres],
        ["Telefoonnummer", _tekst(sh.telefoon)],
        ["E-mailadres", _tekst(sh.email)],
        ["Nationaliteit", _tekst(landnaam(sh.nationaliteit))],
        ["Talen", _tekst(", ".join(taalnaam(c) for c in sh.talen or []))],
        ["AZC", _tekst(sh.azc)],
        ["Notities warme overdracht", _tekst(sh.overdracht_notities)],
        ["Consulent", _tekst(sh.consultant, "niet toegewezen")],
    ]


def _status(sh) -> list[list[str]]:
    status = f"{sh.get_status_display()} sinds {datum(sh.status_sinds)}"
    if sh.opschort_reden:
        status += f" ({sh.opschort_reden})"
    rijen = [
        ["Status", status],
        ["Doelgroep", sh.get_doelgroep_display()],
        ["Verblijfsvergunning", datum(sh.verblijfsvergunning_datum)],
    ]
    if sh.pip_dagtekening:
        rijen += [
            ["PIP vastgesteld", datum(sh.pip_dagtekening)],
            ["Einde inburgeringstermijn", _tekst(datum(sh.termijn_einde))],
        ]
        schakelen = deadlines.schakelen_uiterlijk(sh.pip_dagtekening)
        if schakelen:
            rijen.append(["Schakelen mogelijk tot en met", datum(schakelen)])
    else:
        rijen.append(["PIP-deadline", _tekst(datum(deadlines.pip_deadline(sh)), "onbekend")])
    return rijen


def _intake(intake) -> dict | None:
    if intake is None:
        return None
    afgerond = f", afgerond op {datum(intake.afgerond_op)}" if intake.afgerond_op else ", nog niet afgerond"
    scores = {rij["leefgebied"]: rij["score"] for rij in intake.score_rijen}
    return {
        "tekst": f"Gestart op {datum(intake.startdatum)}{afgerond}. Routeadvies: {_tekst(intake.route_advies)}; "
        f"gekozen route: {_tekst(intake.gekozen_route)}.",
        "scores": [[str(lg.label), _tekst(scores.get(lg.value))] for lg in Leefgebied if not gezondheid(lg.value)],
    }


def _actie(actie: Actie) -> str:
    tekst = f"{actie.omschrijving} — {actie.get_eigenaar_display()}"
    if actie.ketenpartner_id:
        tekst += f" ({actie.ketenpartner})"
    tekst += f", {actie.get_status_display()}"
    if actie.deadline:
        tekst += f", deadline {datum(actie.deadline)}"
    return tekst


def _pip(pip, is_concept: bool) -> dict | None:
    if pip is None:
        return None
    if is_concept:
        stand = f"Concept, versie {pip.versie} (nog niet vastgesteld)."
    else:
        stand = f"Versie {pip.versie}, vastgesteld op {datum(pip.dagtekening)}."
    tekst = f"{stand} Leerroute: {_tekst(pip.leerroute)}"
    if pip.taalaanbieder_id:
        tekst += f"; taalaanbieder: {pip.taalaanbieder}"
    acties = Actie.objects.select_related("ketenpartner").order_by("deadline", "id")
    doelen = (
        Doel.objects.filter(versie_id=pip.pk)
        .prefetch_related(Prefetch("acties", queryset=acties))
        .order_by("leefgebied", "volgorde", "id")
    )
    return {
        "tekst": tekst + ".",
        "doelen": [
            {"kop": f"{d.get_leefgebied_display()}: {d.omschrijving}", "acties": [_actie(a) for a in d.acties.all()]}
            for d in doelen
            if not gezondheid(d.leefgebied)
        ],
    }


def _aanwezigheid(a) -> str:
    def deel(procent, aanwezig, gepland):
        if procent is None:
            return "geen lessen"
        return f"{procent}% ({_getal(aanwezig)} van {_getal(gepland)} uur)"

    return (
        f"Aanwezig laatste {a.weken} weken: "
        f"{deel(a.procent_recent, a.aanwezig_uren_recent, a.gepland_uren_recent)}; totaal: "
        f"{deel(a.procent_totaal, a.aanwezig_uren_totaal, a.gepland_uren_totaal)}. "
        f"Ongeoorloofd afwezig laatste {a.weken} weken: {a.ongeoorloofd_recent}."
    )


def _overige_delen(sh, vandaag) -> dict:
    """Participation, open tasks and coming appointments: the parts the case page's query does not read."""
    from agenda.models import Afspraak
    from taken.models import Taak

    participaties = Participatie.objects.filter(statushouder=sh).select_related("organisatie")
    taken = Taak.objects.filter(statushouder=sh, afgerond_op__isnull=True).select_related("toegewezen_aan")
    afspraken = Afspraak.objects.filter(statushouder=sh, datum__gte=vandaag, geannuleerd_op__isnull=True)
    return {
        "participaties": [
            [
                p.get_soort_display(),
                _tekst(p.organisatie),
                datum(p.startdatum),
                _tekst(datum(p.einddatum)),
                _tekst(p.uren_per_week and _getal(p.uren_per_week)),
            ]
            for p in participaties.order_by("-startdatum", "-pk")[:10]
        ],
        "taken": [
            f"{t.omschrijving} — deadline {datum(t.deadline)}, {t.toegewezen_aan}"
            for t in taken.order_by("deadline", "id")[:20]
        ],
        "afspraken": [
            f"{datum(a.datum)} {a.begintijd:%H:%M} — {a.get_soort_display()}, {a.consultant}"
            for a in afspraken.select_related("consultant").order_by("datum", "begintijd")[:20]
        ],
    }


def gegevens(sh, vandaag, nu) -> dict:
    """The overview's texts (Dutch), for the template."""
    pagina = selectors.dossierpagina(sh, vandaag)
    pip, is_concept = _huidig_pip(pagina.pip_versies)
    tijdlijn = pagina.tijdlijn[:TIJDLIJN_AANTAL]
    return {
        "titel": f"Dossieroverzicht {sh.voornamen} {sh.achternaam}",
        "auteur": f"Gemeente {sh.gemeente.naam}",
        "ondertitel": f"Gemeente {sh.gemeente.naam} · gemaakt op {nu:%d-%m-%Y %H:%M} · vertrouwelijk: alleen voor de "
        "overdracht aan een collega, niet bewaren of doorsturen.",
        "persoon": _persoon(sh),
        "status": _status(sh),
        "intake": _intake(pagina.intake),
        "pip": _pip(pip, is_concept),
        "inschrijvingen": [
            [
                str(i.organisatie),
                str(i.leerroute),
                i.get_status_display(),
                datum(i.startdatum or i.geplande_startdatum),
                _tekst(datum(i.einddatum)),
            ]
            for i in pagina.inschrijvingen
        ],
        "aanwezigheid": _aanwezigheid(pagina.aanwezigheid),
        "examens": [
            [e.onderdeel.naam, datum(e.datum), _tekst(e.niveau), "behaald" if e.behaald else "niet behaald"]
            for e in pagina.examens
        ],
        **_overige_delen(sh, vandaag),
        "tijdlijn": [[datum(g.datum), g.omschrijving, _tekst(g.actor, "systeem")] for g in tijdlijn],
    }


def pdf(sh) -> bytes:
    """The overview of a case the caller has opened, in Dutch (the handover's language)."""
    nu = timezone.localtime()
    with translation.override("nl"):
        return typst_naar_pdf(SJABLOON, gegevens(sh, nu.date(), nu), tijdstip=nu)
