"""Route progress "van AZC naar werk": which steps of a statushouder's traject are done, current, next or
not applicable. One computation serves the route map (case page, beschikking) and the voldaan check of
afronden, so the map never tells a different story than the check.

What counts as done (DOMAIN.md, Leerroutes): the B1 exams and KNM from the provider's exam results; the MAP from
the records (≥ 40 praktijkuren from attendance rows of soort praktijk, the 8 themes and the eindgesprek with the
gemeente); the PVT from the records (≥ 12 hours and the signing date); the onderwijsroute from its
taalschakeltraject (afgerond); the Z-route from the hours and the eindgesprek. The Z-route hours depend on the
doelgroep: asielstatushouders and nareizigers (who hold an asylum permit too) need 800 lesson hours (taal and KNM)
plus 800 participation hours; gezinsmigranten and the other groups 800 hours of lessons and participation
together (settings.INBURGERING_NORMEN: ZROUTE_LES_UREN, ZROUTE_PARTICIPATIE_UREN, ZROUTE_UREN_GEZINSMIGRANT).
Dated records count from their date; the themes and the PVT hours carry no date of their own.

Exam results, hours and records follow the person across a move: the cases this one continues (`vorig_dossier`,
recursively) count too, because a warm handover keeps the route and what was achieved on it. Of the route
records (Routeafronding, one per case) the newest case's in the chain counts: a new gemeente starts from the
previous one's record and writes its own copy (cases.services.routeafronding)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Func, JSONField, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, JSONObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inburgering.compiled import CompiledQuery
from leerroutes.models import Aanwezigheid, Examenresultaat, Leerroute, MapThema, Routeafronding, Taalschakeltraject

from .models import Participatie, Statushouder
from .selectors import huidige_leerroute_expressie
from .workflow import Status

GEDAAN, HUIDIG, VOLGEND, NVT = "gedaan", "huidig", "volgend", "nvt"
STATUS_LABELS = {
    GEDAAN: gettext_lazy("gedaan"),
    HUIDIG: gettext_lazy("nu bezig"),
    VOLGEND: gettext_lazy("nog te doen"),
    NVT: gettext_lazy("niet van toepassing"),
}
TAALEXAMENS = ("lezen", "luisteren", "spreken", "schrijven")
EXAMENS = (*TAALEXAMENS, "knm")
# The doelgroepen with the asielstatushouder's Z-route of 800 lesson + 800 participation hours; the others have
# 800 hours of lessons and participation together.
ZROUTE_ASIEL = (Statushouder.Doelgroep.ASIEL, Statushouder.Doelgroep.NAREIZIGER)
# The fields of the route record the steps read (Routeafronding).
AFRONDING_VELDEN = (
    "map_themas",
    "map_eindgesprek_op",
    "map_verwijtbaar",
    "pvt_uren",
    "pvt_ondertekend_op",
    "pvt_verwijtbaar",
    "zroute_eindgesprek_op",
)
EXAMEN_NAMEN = {
    "lezen": gettext_lazy("examen lezen"),
    "luisteren": gettext_lazy("examen luisteren"),
    "spreken": gettext_lazy("examen spreken"),
    "schrijven": gettext_lazy("examen schrijven"),
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

    feiten: dict = field(default_factory=dict)  # the route record (AFRONDING_VELDEN) and the hours counted

    def stap(self, code: str) -> Stap | None:
        return next((s for s in self.stappen if s.code == code), None)


def _keten(statushouder) -> RawSQL:
    return RawSQL(_KETEN_SQL, [statushouder.pk])


def _som_minuten(rijen):
    return Subquery(rijen.order_by().annotate(m=Func(F("aanwezige_minuten"), function="SUM")).values("m"))


def afronding_annotaties(statushouder) -> dict:
    """Subqueries for a Statushouder row: each field of the route record of the newest case in the chain that
    has one (the fields stay together: a later gemeente's record replaces the earlier one as a whole)."""
    # The newest case of the chain with a record, as one id: an equality the planner answers from the unique index
    # (`statushouder__in=chain ORDER BY statushouder_id DESC` made it walk that whole index, 14 ms per field).
    nieuwste = RawSQL(
        f"SELECT max(k.id) FROM ({_KETEN_SQL}) k WHERE EXISTS "
        f"(SELECT 1 FROM {Routeafronding._meta.db_table} r WHERE r.statushouder_id = k.id)",
        [statushouder.pk],
    )
    records = Routeafronding.objects.filter(statushouder_id=nieuwste)
    return {f"afronding_{veld}": Subquery(records.values(veld)[:1]) for veld in AFRONDING_VELDEN}


def _feiten(statushouder, peildatum: date) -> dict:
    return _FEITEN.first(pk=statushouder.pk, peildatum=peildatum)


def _feiten_query(pk: int, peildatum: date):
    """Everything the steps need, in one query: the route of the current plan (vastgesteld, else the
    gemeente's concept, else the intake's choice), the intake dates, per onderdeel the first date it was
    passed, the attended lesson, participation and MAP praktijk minutes, the taalschakeltraject completed
    first, the route record, and the start of work or education, all up to the peildatum. Compiled once
    (`_FEITEN`): building its ~25 subqueries took longer than running them."""
    statushouder = Statushouder(pk=pk)
    schakel = Taalschakeltraject.objects.filter(
        inschrijving__statushouder__in=_keten(statushouder),
        resultaat=Taalschakeltraject.Resultaat.AFGEROND,
        einddatum__lte=peildatum,
    ).order_by("einddatum", "pk")
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
            praktijk_minuten=_som_minuten(aanwezig.filter(soort=Aanwezigheid.Soort.PRAKTIJK)),
            taalschakel_afgerond=Subquery(schakel.values("einddatum")[:1]),
            taalschakel_vervolg=Subquery(schakel.values("vervolgopleiding")[:1]),
            werk_sinds=Subquery(werk.values("startdatum")[:1]),
            route=Subquery(  # the route's row with the facts, not a query of its own
                Leerroute.objects.filter(pk=OuterRef("route_id")).values(
                    j=JSONObject(**{f.attname: f.attname for f in Leerroute._meta.concrete_fields})
                ),
                output_field=JSONField(),
            ),
            **afronding_annotaties(statushouder),
            **{
                f"examen_{code}": Subquery(examens.filter(onderdeel__code=code).values("datum")[:1]) for code in EXAMENS
            },
        )
        .values(
            "route",
            "intake_start",
            "intake_klaar",
            "les_minuten",
            "participatie_minuten",
            "praktijk_minuten",
            "taalschakel_afgerond",
            "taalschakel_vervolg",
            "werk_sinds",
            *(f"examen_{code}" for code in EXAMENS),
            *(f"afronding_{veld}" for veld in AFRONDING_VELDEN),
        )
    )


_FEITEN = CompiledQuery(_feiten_query, pk=int, peildatum=date)


def _getal(uren: float) -> str:
    """Whole hours, rounded down: 799.6 hours is not yet 800."""
    return str(math.floor(uren))


def _decimaal(uren: Decimal | float) -> str:
    """Hours with at most one decimal, Dutch style: 11,9 and 12."""
    return f"{Decimal(uren):.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _gedateerd(datum: date | None, peildatum: date) -> date | None:
    return datum if datum is not None and datum <= peildatum else None


def _map_stap(feiten: dict, peildatum: date) -> Stap:
    """MAP: ≥ 40 praktijkuren, the 8 themes and the eindgesprek; each missing piece named."""
    norm = settings.INBURGERING_NORMEN["MAP_PRAKTIJKUREN"]
    uren = feiten["praktijkuren"]
    themas = set(feiten["map_themas"] or ())
    open_themas = [str(t.label) for t in MapThema if t.value not in themas]
    gesprek = _gedateerd(feiten["map_eindgesprek_op"], peildatum)
    mist = []
    if uren < norm:
        mist.append(_("MAP: %(uren)s van %(norm)s praktijkuren") % {"uren": _getal(uren), "norm": norm})
    if len(open_themas) == len(MapThema):
        mist.append(_("MAP: de %(aantal)s thema's") % {"aantal": len(MapThema)})
    elif open_themas:
        sjabloon = _("MAP: thema %(themas)s") if len(open_themas) == 1 else _("MAP: thema's %(themas)s")
        mist.append(sjabloon % {"themas": ", ".join(open_themas)})
    if gesprek is None:
        mist.append(_("MAP: eindgesprek"))
    toelichting = _("%(uren)s van %(norm)s praktijkuren, %(themas)s van %(aantal)s thema's") % {
        "uren": _getal(uren),
        "norm": norm,
        "themas": len(MapThema) - len(open_themas),
        "aantal": len(MapThema),
    }
    if gesprek is None:
        toelichting += _("; eindgesprek nog niet gehouden")
    return Stap("map", _("MAP"), VOLGEND if mist else GEDAAN, gesprek, toelichting=toelichting, mist=tuple(mist))


def _pvt_stap(feiten: dict, peildatum: date) -> Stap:
    """PVT: ≥ 12 hours and the signing of the participatieverklaring."""
    norm = settings.INBURGERING_NORMEN["PVT_UREN"]
    uren = feiten["pvt_uren"] or Decimal(0)
    ondertekend = _gedateerd(feiten["pvt_ondertekend_op"], peildatum)
    mist = []
    if uren < norm:
        mist.append(_("PVT: %(uren)s van %(norm)s uur") % {"uren": _decimaal(uren), "norm": norm})
    if ondertekend is None:
        mist.append(_("PVT: datum ondertekening"))
    toelichting = _("%(uren)s van %(norm)s uur") % {"uren": _decimaal(uren), "norm": norm}
    if ondertekend is None:
        toelichting += _("; participatieverklaring nog niet ondertekend")
    return Stap("pvt", _("PVT"), VOLGEND if mist else GEDAAN, ondertekend, toelichting=toelichting, mist=tuple(mist))


def _zroute_stappen(statushouder, feiten: dict) -> list[Stap]:
    """The Z-route's hours by doelgroep (see the module docstring); the eindgesprek comes after MAP and PVT."""
    normen = settings.INBURGERING_NORMEN
    les_uren, participatie_uren = feiten["les_uren"], feiten["participatie_uren"]

    def uren_stap(code: str, naam: str, uren: float, norm: int, soort: str) -> Stap:
        return Stap(
            code,
            naam,
            GEDAAN if uren >= norm else VOLGEND,
            toelichting=_("%(uren)s van %(norm)s uur") % {"uren": _getal(uren), "norm": norm},
            mist=(
                _("Z-route: %(uren)s van %(norm)s %(soort)s") % {"uren": _getal(uren), "norm": norm, "soort": soort},
            ),
        )

    if statushouder.doelgroep in ZROUTE_ASIEL:
        return [
            uren_stap("z_les", _("Lessen taal en KNM"), les_uren, normen["ZROUTE_LES_UREN"], _("lesuren")),
            uren_stap(
                "z_participatie",
                _("Participatie-uren"),
                participatie_uren,
                normen["ZROUTE_PARTICIPATIE_UREN"],
                _("participatie-uren"),
            ),
        ]
    return [
        uren_stap(
            "z_uren",
            _("Uren taal, KNM en participatie"),
            les_uren + participatie_uren,
            normen["ZROUTE_UREN_GEZINSMIGRANT"],
            _("uren taal, KNM en participatie"),
        )
    ]


def voortgang(statushouder, peildatum: date) -> Voortgang:
    """The steps of the traject on `peildatum`: facts dated after it do not count. One query whatever
    the size of the history. The caller has opened the case through a selector (permission checked, READ
    logged) or is a service that holds its lock."""
    rij = _feiten(statushouder, peildatum)
    route = Leerroute(**rij["route"]) if rij["route"] is not None else None
    behaald = {code: rij[f"examen_{code}"] for code in EXAMENS if rij[f"examen_{code}"]}
    feiten = {veld: rij[f"afronding_{veld}"] for veld in AFRONDING_VELDEN}
    feiten.update(
        les_uren=(rij["les_minuten"] or 0) / 60,
        participatie_uren=(rij["participatie_minuten"] or 0) / 60,
        praktijkuren=(rij["praktijk_minuten"] or 0) / 60,
        taalschakel_afgerond=rij["taalschakel_afgerond"],
    )

    def examen(code: str, naam: str, verplicht: bool = True, mist: tuple[str, ...] = ()) -> Stap:
        datum = behaald.get(code)
        return Stap(code, naam, GEDAAN if datum else VOLGEND, datum, verplicht=verplicht, mist=mist)

    overdracht_datum = statushouder.huisvesting_datum or statushouder.koppeling_datum
    # The handover is behind the case once the intake has started (or anything after it happened), also when
    # no huisvestings- or koppelingsdatum was filled in: then it is done, without a date.
    voorbij_overdracht = bool(
        rij["intake_start"]
        or rij["intake_klaar"]
        or statushouder.pip_dagtekening
        or statushouder.status in (Status.INTAKE, Status.PIP_CONCEPT, Status.IN_UITVOERING)
    )
    stappen = [
        Stap(
            "overdracht",
            _("Warme overdracht"),
            GEDAAN if overdracht_datum or voorbij_overdracht else VOLGEND,
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
        stappen += _zroute_stappen(statushouder, feiten)
        stappen.append(examen("knm", _("KNM-examen"), verplicht=False))
        if not stappen[-1].gedaan:
            stappen[-1].toelichting = _("niet verplicht in de Z-route")
    elif code == Leerroute.Code.ONDERWIJS:
        schakel = Stap(
            "taalschakel",
            _("Taalschakeltraject"),
            GEDAAN if rij["taalschakel_afgerond"] else VOLGEND,
            rij["taalschakel_afgerond"],
            toelichting=rij["taalschakel_vervolg"] or "",
            mist=(_("taalschakeltraject"),),
        )
        stappen += [schakel, examen("knm", _("KNM-examen"), verplicht=False)]
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
    map_stap = _map_stap(feiten, peildatum)
    if route is not None and not route.map_verplicht:
        map_stap = Stap("map", _("MAP"), NVT, verplicht=False, toelichting=_("geen MAP in de onderwijsroute"))
    stappen += [map_stap, _pvt_stap(feiten, peildatum)]
    if code == Leerroute.Code.Z:
        gesprek = _gedateerd(feiten["zroute_eindgesprek_op"], peildatum)
        stappen.append(
            Stap(
                "z_eindgesprek",
                _("Eindgesprek Z-route"),
                GEDAAN if gesprek else VOLGEND,
                gesprek,
                mist=(_("Z-route: eindgesprek"),),
            )
        )
    werk_sinds = rij["werk_sinds"]
    stappen.append(Stap("werk", _("Werk of onderwijs"), GEDAAN if werk_sinds else VOLGEND, werk_sinds, verplicht=False))
    _markeer_huidig(stappen, statushouder)
    return Voortgang(route, peildatum, stappen, _ontbrekend(stappen, route), feiten)


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
    """DOMAIN.md: voldaan needs the exams or the route completed, plus PVT and MAP (not in the onderwijsroute);
    each missing record named (e.g. "MAP: eindgesprek", "PVT: 11,9 van 12 uur")."""
    if route is None:
        return [_("een vastgestelde leerroute")]
    ontbreekt = []
    for stap in stappen:
        if stap.verplicht and not stap.gedaan:
            ontbreekt += stap.mist or [stap.naam]
    return ontbreekt
