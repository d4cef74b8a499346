"""Reads of enrolments, attendance and exams for the case page. Everything is aggregated in SQL, so the
page costs the same number of queries whether a case has no attendance rows or thousands.
Every function takes the user and filters through `for_user`: the caller must already have logged the
READ of the case (cases.selectors.get_statushouder)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import TruncWeek

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event, log_lijst

from .models import Aanwezigheid, Examenresultaat, Inschrijving, Onderdeel, Voortgangsrapportage


def _uren(minuten) -> float:
    return round((minuten or 0) / 60, 1)


def procent(deel, geheel) -> int | None:
    """The one rounding rule for an attendance percentage, on the case page and in the verzuim signal alike:
    rounded down, so 79.9% reads 79% (under the norm of 80%, as the signal says), never 80%; None without a
    whole."""
    if not geheel:
        return None
    deel = deel or 0
    if isinstance(deel, int) and isinstance(geheel, int):  # minutes: exact
        return 100 * deel // geheel
    return math.floor(round(100 * deel / geheel, 6))  # hours: 0.29 of 1 is 29%, not 28.999…%


_procent = procent


@dataclass(frozen=True)
class AanwezigheidSamenvatting:
    """Planned and attended hours over the last weeks and in total, and the Z-route hour counts."""

    peildatum: date
    weken: int
    gepland_uren_recent: float
    aanwezig_uren_recent: float
    procent_recent: int | None
    gepland_uren_totaal: float
    aanwezig_uren_totaal: float
    procent_totaal: int | None
    lessen_totaal: int
    ongeoorloofd_recent: int
    geoorloofd_recent: int
    les_uren: float  # attended lesson hours (taal + KNM), the Z-route's first 800
    participatie_uren: float  # attended participation hours, the Z-route's second 800
    norm_procent: int
    zroute_les_norm: int
    zroute_participatie_norm: int

    @property
    def onder_norm(self) -> bool:
        return self.procent_recent is not None and self.procent_recent < self.norm_procent

    @property
    def les_procent(self) -> int:
        return min(100, _procent(self.les_uren, self.zroute_les_norm) or 0)

    @property
    def participatie_procent(self) -> int:
        return min(100, _procent(self.participatie_uren, self.zroute_participatie_norm) or 0)


def _aanwezigheden(user, statushouder):
    return Aanwezigheid.objects.for_user(user).filter(inschrijving__statushouder=statushouder)


def inschrijvingen(user, statushouder):
    """The enrolments of one case, newest first, with provider, route and taalschakeltraject (one query)."""
    return (
        Inschrijving.objects.for_user(user)
        .filter(statushouder=statushouder)
        .select_related("organisatie", "leerroute", "taalschakeltraject")
        .order_by("-startdatum", "-id")
    )


def aanwezigheid_aggregaten(peildatum: date, weken: int | None = None, pad: str = "") -> dict:
    """The aggregates of `aanwezigheid_samenvatting` over Aanwezigheid rows (`pad`: the prefix of the attendance
    fields when they are reached through a relation), for `.aggregate(**…)` or a JSON object in a subquery."""
    normen = settings.INBURGERING_NORMEN
    weken = weken or normen["VERZUIM_WEKEN"]
    recent = Q(**{f"{pad}datum__gt": peildatum - timedelta(weeks=weken), f"{pad}datum__lte": peildatum})
    geoorloofd = Q(**{f"{pad}status": Aanwezigheid.Status.GEOORLOOFD_AFWEZIG})
    verzuim = recent & ~geoorloofd
    return {
        "gepland_recent": Sum(f"{pad}geplande_minuten", filter=verzuim),
        "aanwezig_recent": Sum(f"{pad}aanwezige_minuten", filter=verzuim),
        "geoorloofd_recent": Count(f"{pad}id", filter=recent & geoorloofd),
        "gepland_totaal": Sum(f"{pad}geplande_minuten"),
        "aanwezig_totaal": Sum(f"{pad}aanwezige_minuten"),
        "lessen": Count(f"{pad}id"),
        "ongeoorloofd": Count(
            f"{pad}id", filter=recent & Q(**{f"{pad}status": Aanwezigheid.Status.ONGEOORLOOFD_AFWEZIG})
        ),
        "les": Sum(f"{pad}aanwezige_minuten", filter=Q(**{f"{pad}soort": Aanwezigheid.Soort.LES})),
        "participatie": Sum(f"{pad}aanwezige_minuten", filter=Q(**{f"{pad}soort": Aanwezigheid.Soort.PARTICIPATIE})),
    }


def samenvatting_uit(r: dict | None, peildatum: date, weken: int | None = None) -> AanwezigheidSamenvatting:
    """The summary from the values of `aanwezigheid_aggregaten` (None or missing values: no attendance)."""
    normen = settings.INBURGERING_NORMEN
    weken = weken or normen["VERZUIM_WEKEN"]
    r = r or {}
    return AanwezigheidSamenvatting(
        peildatum=peildatum,
        weken=weken,
        gepland_uren_recent=_uren(r.get("gepland_recent")),
        aanwezig_uren_recent=_uren(r.get("aanwezig_recent")),
        procent_recent=_procent(r.get("aanwezig_recent"), r.get("gepland_recent")),
        gepland_uren_totaal=_uren(r.get("gepland_totaal")),
        aanwezig_uren_totaal=_uren(r.get("aanwezig_totaal")),
        procent_totaal=_procent(r.get("aanwezig_totaal"), r.get("gepland_totaal")),
        lessen_totaal=r.get("lessen") or 0,
        ongeoorloofd_recent=r.get("ongeoorloofd") or 0,
        geoorloofd_recent=r.get("geoorloofd_recent") or 0,
        les_uren=_uren(r.get("les")),
        participatie_uren=_uren(r.get("participatie")),
        norm_procent=normen["VERZUIM_PERCENTAGE"],
        zroute_les_norm=normen["ZROUTE_LES_UREN"],
        zroute_participatie_norm=normen["ZROUTE_PARTICIPATIE_UREN"],
    )


def aanwezigheid_samenvatting(user, statushouder, peildatum: date, weken: int | None = None):
    """One aggregate query: hours planned and attended in the last `weken` weeks (default the verzuim
    norm, 4) up to and including `peildatum`, in total, and attended hours per kind (les/participatie).
    The recent figures are the verzuim rule's (cases.signals): excused lessons count neither as planned nor as
    attended, so the page says "onder de norm" exactly when the verzuim signal does."""
    r = _aanwezigheden(user, statushouder).aggregate(**aanwezigheid_aggregaten(peildatum, weken))
    return samenvatting_uit(r, peildatum, weken)


@dataclass(frozen=True)
class Week:
    maandag: date
    gepland_uren: float
    aanwezig_uren: float

    @property
    def procent(self) -> int | None:
        return _procent(self.aanwezig_uren, self.gepland_uren)

    @property
    def weeknummer(self) -> int:
        return self.maandag.isocalendar().week


def week_venster(peildatum: date, weken: int = 12) -> tuple[date, date]:
    """(the Monday of the first week, the last day) of the `weken` weeks up to the week of `peildatum`."""
    laatste_maandag = peildatum - timedelta(days=peildatum.weekday())
    return laatste_maandag - timedelta(weeks=weken - 1), peildatum


def weken_uit(rijen, peildatum: date, weken: int = 12) -> list[Week]:
    """The weeks from rows {"week", "gepland", "aanwezig"} (minutes), weeks without lessons included with zeros."""
    eerste_maandag, _laatste = week_venster(peildatum, weken)
    per_week = {}
    for rij in rijen:
        week = rij["week"]
        if isinstance(week, str):
            week = date.fromisoformat(week[:10])
        week = week.date() if hasattr(week, "date") else week
        per_week[week] = rij
    result = []
    for i in range(weken):
        maandag = eerste_maandag + timedelta(weeks=i)
        rij = per_week.get(maandag, {})
        result.append(Week(maandag, _uren(rij.get("gepland")), _uren(rij.get("aanwezig"))))
    return result


def aanwezigheid_per_week(user, statushouder, peildatum: date, weken: int = 12) -> list[Week]:
    """Planned and attended hours per ISO week for the `weken` weeks up to the week of `peildatum`,
    oldest first; weeks without lessons are included with zeros (one GROUP BY query)."""
    eerste_maandag, _laatste = week_venster(peildatum, weken)
    rijen = (
        _aanwezigheden(user, statushouder)
        .filter(datum__gte=eerste_maandag, datum__lte=peildatum)
        .annotate(week=TruncWeek("datum"))
        .values("week")
        .annotate(gepland=Sum("geplande_minuten"), aanwezig=Sum("aanwezige_minuten"))
        .order_by("week")
    )
    return weken_uit(rijen, peildatum, weken)


def examenresultaten(user, statushouder):
    """Exam results of one case per onderdeel, newest first (one query)."""
    return (
        Examenresultaat.objects.for_user(user)
        .filter(inschrijving__statushouder=statushouder)
        .select_related("onderdeel", "inschrijving__organisatie")
        .order_by("onderdeel__id", "-datum")
    )


# --- Provider API (issue 5): the enrolments a taalaanbieder's key sees --------------------------------------
# Scoped by organisation instead of `for_user`: the key acts for its organisation (DESIGN.md §2). Only the
# columns the API shows (and the audit log needs) are loaded, so a BSN or a case note is never even read.

API_INSCHRIJVING_VELDEN = (
    "uuid",
    "status",
    "aangemeld_op",
    "geplande_startdatum",
    "startdatum",
    "verwachte_einddatum",
    "einddatum",
    "resultaat",
    "reden",
    "gewijzigd_op",
    "statushouder__uuid",
    "statushouder__voornamen",
    "statushouder__achternaam",
    "statushouder__geboortedatum",
    "statushouder__gemeente__cbs_code",
    "leerroute__code",
    "contract__uuid",
    "contract__kenmerk",
)


def api_inschrijvingen(organisatie):
    """The organisation's enrolments, oldest change first (stable pages for `gewijzigdNa` syncs); a page
    costs two queries however long it is (rows with their joins, onderdelen prefetched). Call
    `log_api_getoond` with the rows shown."""
    return (
        Inschrijving.objects.for_organisatie(organisatie)
        .select_related("statushouder__gemeente", "leerroute", "contract")
        .only(*API_INSCHRIJVING_VELDEN)
        .prefetch_related(Prefetch("onderdelen", queryset=Onderdeel.objects.only("code")))
        .order_by("gewijzigd_op", "id")
    )


def log_api_getoond(sleutel, inschrijvingen) -> int:
    """Record that a key was shown these enrolments (names and birth dates): one LIST event for the page, naming
    every statushouder on it (issue 17). Returns the number of enrolments shown."""
    inschrijvingen = list(inschrijvingen)
    log_lijst(sleutel, inschrijvingen, toelichting="API: inschrijvingen opgevraagd")
    return len(inschrijvingen)


def api_inschrijving(sleutel, uuid) -> Inschrijving:
    """One enrolment of the key's organisation by its public id, logged as READ; raises
    Inschrijving.DoesNotExist when absent *or* at another organisation, so the API answers 404 either way."""
    inschrijving = api_inschrijvingen(sleutel.organisatie).get(uuid=uuid)
    log_event(sleutel, Handeling.READ, inschrijving, toelichting="API: inschrijving opgevraagd")
    return inschrijving


# --- Provider API (issue 5): the attendance rows a taalaanbieder's key sees ----------------------------------


def api_aanwezigheid(organisatie, inschrijving=None, vanaf: date | None = None, tot: date | None = None):
    """The organisation's attendance rows, newest lesson first, optionally of one enrolment (by its public id;
    another organisation's id finds nothing) and from/to a date. Rows come with their enrolment and its
    statushouder's ids, for the response and the audit log, in one query per page."""
    rijen = Aanwezigheid.objects.filter(inschrijving__organisatie=organisatie)
    if inschrijving is not None:
        rijen = rijen.filter(inschrijving__uuid=inschrijving)
    if vanaf is not None:
        rijen = rijen.filter(datum__gte=vanaf)
    if tot is not None:
        rijen = rijen.filter(datum__lte=tot)
    return (
        rijen.select_related("inschrijving__statushouder__gemeente")
        .only(
            *("les_id", "datum", "soort", "geplande_minuten", "aanwezige_minuten", "status", "opmerking"),
            *("gewijzigd_op", "inschrijving__uuid", "inschrijving__statushouder__uuid"),
            "inschrijving__statushouder__gemeente__cbs_code",
        )
        .order_by("-datum", "-id")
    )


def log_api_aanwezigheid_getoond(sleutel, rijen) -> int:
    """Record that a key was shown attendance: one LIST event for the page, naming every statushouder whose
    enrolment is on it (issue 17: a page of 1,000 rows was 333 rows in the log). Returns the enrolments shown."""
    inschrijvingen = {rij.inschrijving_id: rij.inschrijving for rij in rijen}
    log_lijst(sleutel, inschrijvingen.values(), velden=["aanwezigheid"], toelichting="API: aanwezigheid opgevraagd")
    return len(inschrijvingen)


# --- Case page (issue 5): the providers' progress reports -------------------------------------------------


def voortgangsrapportages(user, statushouder):
    """Progress reports of one case with their provider, latest period first (one query)."""
    return (
        Voortgangsrapportage.objects.for_user(user)
        .filter(inschrijving__statushouder=statushouder)
        .select_related("inschrijving__organisatie")
        .order_by("-periode_eind", "-periode_start", "-id")
    )
