"""Route progress "van AZC naar werk": which steps of a statushouder's traject are done, current, next or
not applicable. One computation serves the route map (case page, beschikking) and the voldaan check of
afronden, so the map never tells a different story than the check.

Exam results and hours follow the person across a move: the cases this one continues (`vorig_dossier`,
recursively) count too, because a warm handover keeps the route and what was achieved on it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import F, Func, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from leerroutes.models import Aanwezigheid, Examenresultaat, Leerroute

from .models import Participatie, Statushouder
from .selectors import huidige_leerroute_expressie
from .workflow import Status

GEDAAN, HUIDIG, VOLGEND, NVT = "gedaan", "huidig", "volgend", "nvt"
STATUS_LABELS = {
    GEDAAN: _l("gedaan"),
    HUIDIG: _l("nu bezig"),
    VOLGEND: _l("nog te doen"),
    NVT: _l("niet van toepassing"),
}
TAALEXAMENS = ("lezen", "luisteren", "spreken", "schrijven")
EXAMENS = (*TAALEXAMENS, "knm", "map", "pvt", "taalschakel")
EXAMEN_NAMEN = {
    "lezen": _l("examen lezen"),
    "luisteren": _l("examen luisteren"),
    "spreken": _l("examen spreken"),
    "schrijven": _l("examen schrijven"),
}
# Work or education counts as the step "werk of onderwijs"; volunteering and placements are participation
# on the way there.
WERK_SOORTEN = (Participatie.Soort.BETAALD_WERK, Participatie.Soort.ONDERWIJS)

# The case and every case it continues after moves (a chain through vorig_dossier).
_KETEN_SQL = (
    "WITH RECURSIVE keten(id, vorig) AS ("
    " SELECT id, vorig_dossier_id FROM cases_statushouder WHERE id = %s"
    " UNION ALL SELECT s.id, s.vorig_dossier_id FROM cases_statushouder s JOIN keten k ON s.id = k.vorig"
    ") SELECT id FROM keten"
)


@dataclass
class Stap:
    code: str
    naam: str
    status: str = VOLGEND
    datum: date | None = None
    toelichting: str = ""
    verplicht: bool = True  # needed for voldaan
    mist: tuple[str, ...] = ()  # what voldaan misses while the step is not done, if not just its name

    @property
    def gedaan(self) -> bool:
        return self.status == GEDAAN

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Voortgang:
    route: Leerroute | None
    peildatum: date
    stappen: list[Stap] = field(default_factory=list)
    ontbrekend: list[str] = field(default_factory=list)  # what voldaan still needs, in Dutch

    def stap(self, code: str) -> Stap | None:
        return next((s for s in self.stappen if s.code == code), None)


def _keten(statushouder) -> RawSQL:
    return RawSQL(_KETEN_SQL, [statushouder.pk])


def _som_minuten(rijen):
    return Subquery(rijen.order_by().annotate(m=Func(F("aanwezige_minuten"), function="SUM")).values("m"))


def _feiten(statushouder, peildatum: date) -> dict:
    """Everything the steps need, in one query: the route of the current plan (vastgesteld, else the
    gemeente's concept, else the intake's choice), the intake dates, per onderdeel the first date it was
    passed, the attended lesson and participation minutes (the Z-route's two 800s) and the start of work
    or education, all up to the peildatum."""
    examens = Examenresultaat.objects.filter(
        inschrijving__statushouder__in=_keten(statushouder), behaald=True, datum__lte=peildatum
    ).order_by("datum")
    aanwezig = Aanwezigheid.objects.filter(inschrijving__statushouder__in=_keten(statushouder), datum__lte=peildatum)
    werk = Participatie.objects.filter(
        statushouder=OuterRef("pk"), soort__in=WERK_SOORTEN, startdatum__lte=peildatum
    ).order_by("startdatum")
    return (
        Statushouder.objects.filter(pk=statushouder.pk)
        .annotate(
            route_id=huidige_leerroute_expressie(),
            intake_start=Coalesce("intake__startdatum", "intake_start_datum"),
            intake_klaar=F("intake__afgerond_op"),
            les_minuten=_som_minuten(aanwezig.filter(soort=Aanwezigheid.Soort.LES)),
            participatie_minuten=_som_minuten(aanwezig.filter(soort=Aanwezigheid.Soort.PARTICIPATIE)),
            werk_sinds=Subquery(werk.values("startdatum")[:1]),
            **{
                f"examen_{code}": Subquery(examens.filter(onderdeel__code=code).values("datum")[:1]) for code in EXAMENS
            },
        )
        .values(
            "route_id",
            "intake_start",
            "intake_klaar",
            "les_minuten",
            "participatie_minuten",
            "werk_sinds",
            *(f"examen_{code}" for code in EXAMENS),
        )
        .get()
    )


def _getal(uren: float) -> str:
    """Whole hours, rounded down: 799.6 hours is not yet 800."""
    return str(math.floor(uren))


def voortgang(statushouder, peildatum: date) -> Voortgang:
    """The steps of the traject on `peildatum`: facts dated after it do not count. Two queries whatever
    the size of the history. The caller has opened the case through a selector (permission checked, READ
    logged) or is a service that holds its lock."""
    rij = _feiten(statushouder, peildatum)
    route = Leerroute.objects.get(pk=rij["route_id"]) if rij["route_id"] is not None else None
    behaald = {code: rij[f"examen_{code}"] for code in EXAMENS if rij[f"examen_{code}"]}
    les_uren, participatie_uren = (rij["les_minuten"] or 0) / 60, (rij["participatie_minuten"] or 0) / 60
    normen = settings.INBURGERING_NORMEN
    les_norm, participatie_norm = normen["ZROUTE_LES_UREN"], normen["ZROUTE_PARTICIPATIE_UREN"]

    def examen(code: str, naam: str, verplicht: bool = True, mist: tuple[str, ...] = ()) -> Stap:
        datum = behaald.get(code)
        return Stap(code, naam, GEDAAN if datum else VOLGEND, datum, verplicht=verplicht, mist=mist)

    overdracht_datum = statushouder.huisvesting_datum or statushouder.koppeling_datum
    stappen = [
        Stap(
            "overdracht",
            _("Warme overdracht"),
            GEDAAN if overdracht_datum else VOLGEND,
            overdracht_datum,
            verplicht=False,
        ),
        Stap(
            "intake",
            _("Brede intake"),
            GEDAAN if rij["intake_klaar"] else VOLGEND,
            rij["intake_klaar"],
            verplicht=False,
        ),
        Stap(
            "pip",
            _("PIP vastgesteld"),
            GEDAAN if statushouder.pip_dagtekening else VOLGEND,
            statushouder.pip_dagtekening,
            toelichting=str(route) if route else "",
            verplicht=False,
        ),
    ]
    if rij["intake_start"] and not rij["intake_klaar"]:
        stappen[1].toelichting = _("gestart op %(datum)s") % {"datum": f"{rij['intake_start']:%d-%m-%Y}"}
    code = route.code if route else None
    if code == Leerroute.Code.Z:
        stappen += [
            Stap(
                "z_les",
                _("Lessen taal en KNM"),
                GEDAAN if les_uren >= les_norm else VOLGEND,
                toelichting=_("%(uren)s van %(norm)s uur") % {"uren": _getal(les_uren), "norm": les_norm},
                mist=(_("%(norm)s lesuren (nu %(uren)s)") % {"norm": les_norm, "uren": _getal(les_uren)},),
            ),
            Stap(
                "z_participatie",
                _("Participatie-uren"),
                GEDAAN if participatie_uren >= participatie_norm else VOLGEND,
                toelichting=_("%(uren)s van %(norm)s uur")
                % {"uren": _getal(participatie_uren), "norm": participatie_norm},
                mist=(
                    _("%(norm)s participatie-uren (nu %(uren)s)")
                    % {"norm": participatie_norm, "uren": _getal(participatie_uren)},
                ),
            ),
            examen("knm", _("KNM-examen"), verplicht=False),
        ]
        if not stappen[-1].gedaan:
            stappen[-1].toelichting = _("niet verplicht in de Z-route")
    elif code == Leerroute.Code.ONDERWIJS:
        stappen += [
            examen("taalschakel", _("Taalschakeltraject"), mist=(_("taalschakeltraject"),)),
            examen("knm", _("KNM-examen"), verplicht=False),
        ]
    else:
        gehaald = [c for c in TAALEXAMENS if c in behaald]
        taal = Stap(
            "taal",
            _("Taalexamens B1"),
            GEDAAN if len(gehaald) == len(TAALEXAMENS) else VOLGEND,
            max((behaald[c] for c in gehaald), default=None) if len(gehaald) == len(TAALEXAMENS) else None,
            toelichting=_("%(aantal)s van 4 behaald") % {"aantal": len(gehaald)},
            mist=tuple(str(EXAMEN_NAMEN[c]) for c in TAALEXAMENS if c not in behaald),
        )
        stappen += [taal, examen("knm", _("KNM-examen"), mist=(_("examen KNM"),))]
    map_stap = examen("map", _("MAP"))
    if route is not None and not route.map_verplicht:
        map_stap = Stap("map", _("MAP"), NVT, verplicht=False, toelichting=_("geen MAP in de onderwijsroute"))
    stappen += [map_stap, examen("pvt", _("PVT"))]
    werk_sinds = rij["werk_sinds"]
    stappen.append(Stap("werk", _("Werk of onderwijs"), GEDAAN if werk_sinds else VOLGEND, werk_sinds, verplicht=False))
    _markeer_huidig(stappen, statushouder)
    return Voortgang(route, peildatum, stappen, _ontbrekend(stappen, route))


def _markeer_huidig(stappen: list[Stap], statushouder) -> None:
    """Before the PIP the steps follow each other: the first open one is current. Once the PIP is
    vastgesteld the route's components run side by side: all open ones are current, and work is current
    once they are all done. A closed case has no current step."""
    if statushouder.status == Status.AFGEROND:
        return
    open_stappen = [s for s in stappen if s.status == VOLGEND]
    if not statushouder.pip_dagtekening:
        if open_stappen:
            open_stappen[0].status = HUIDIG
        return
    onderdelen = [s for s in open_stappen if s.code != "werk"]
    for stap in onderdelen:
        stap.status = HUIDIG
    if not onderdelen and open_stappen:
        open_stappen[-1].status = HUIDIG


def _ontbrekend(stappen: list[Stap], route) -> list[str]:
    """DOMAIN.md: voldaan needs the exams or the route completed, plus PVT and MAP (not in the onderwijsroute)."""
    if route is None:
        return [_("een vastgestelde leerroute")]
    ontbreekt = []
    for stap in stappen:
        if stap.verplicht and not stap.gedaan:
            ontbreekt += stap.mist or [stap.naam]
    return ontbreekt
