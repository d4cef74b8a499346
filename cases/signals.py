"""Signals on a case: computed from the case's fields and records. The Vandaag list keeps what they give per case for
the day (cases/signaalstand.py); a new signal that reads another table needs that table in the triggers of migration
cases 0011 (a test checks it).

Each signal is registered once, by name, with
- a Dutch label and a severity (for the badge),
- `annotaties(vandaag)`: the SQL expressions it needs on the Statushouder queryset (shared names are
  computed once: the same name must mean the same expression),
- `filter(vandaag)`: a Q over those annotations, for the signal filter of a list (one SQL query),
- `geldt(rij, vandaag)`: the same rule evaluated in Python on a row that carries the annotations, for
  the badges (no per-row queries),
- `datum(rij, vandaag)`: the date that orders it on the Vandaag list (the deadline, or the moment it became
  overdue), `toelichting(rij, vandaag)`: a short Dutch sentence for that row, and `actie`: what to do.

`meldingen_voor(rij, vandaag)` turns an annotated row into its (signal, date, explanation) rows, sorted by
urgency with `Melding.volgorde`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    JSONField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, JSONObject, TruncDate
from django.db.models.lookups import Exact, IsNull, LessThan
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .templatetags.weergave import datum as _d  # dd-mm-jjjj: the Vandaag list formats hundreds of dates
from .workflow import ACTIEF, Status


class Ernst:
    """Severity of a signal, also the modifier of its badge class."""

    INFO = "info"
    WAARSCHUWING = "waarschuwing"
    URGENT = "urgent"

    VOLGORDE = (URGENT, WAARSCHUWING, INFO)  # most urgent first


def norm(name: str):
    return settings.INBURGERING_NORMEN[name]


# ---------------------------------------------------------------------------------------------------
# Shared SQL expressions (the list uses them too)


def pip_deadline_expressie():
    """cases.deadlines.pip_deadline in SQL: the recorded override, else the later of kennisgeving DUO and
    BRP-inschrijving (PostgreSQL's GREATEST skips NULLs) plus the gemeente's or the national weeks."""
    weken = Coalesce(F("gemeente__pip_termijn_weken"), Value(norm("PIP_TERMIJN_WEKEN")))
    berekend = ExpressionWrapper(
        Greatest(F("kennisgeving_datum"), F("brp_inschrijving_datum")) + weken * Value(7),
        output_field=DateField(),
    )
    return Coalesce(F("pip_deadline_afwijking"), berekend, output_field=DateField())


def volgende_deadline_expressie():
    """The next deadline of a case: the PIP deadline until the PIP is vastgesteld, then the termijn's end."""
    return Case(
        When(pip_dagtekening__isnull=True, then=F("pip_deadline")),
        default=F("termijn_einde"),
        output_field=DateField(),
    )


def pip_deadline_annotaties(vandaag: date) -> dict:
    return {"pip_deadline": pip_deadline_expressie()}


def geen_annotaties(vandaag: date) -> dict:
    return {}


class PlusMaanden(Func):
    """date + n months in PostgreSQL; like relativedelta, the 31st clamps to the month's last day."""

    template = "CAST(%(expressions)s AS date)"
    arg_joiner = " + INTERVAL '1 month' * "
    output_field = DateField()


# ---------------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True)
class Signaal:
    code: str
    label: str
    ernst: str
    filter: Callable[[date], Q]
    geldt: Callable[[object, date], bool]
    datum: Callable[[object, date], date | None]
    toelichting: Callable[[object, date], str]
    actie: str
    annotaties: Callable[[date], dict] = geen_annotaties
    uitleg: str = ""
    actie_url: str = ""  # a URL name taking the case's uuid: the page where the action is done (a link)
    actie_anker: str = ""  # the id of the part of that page, if any

    @property
    def badge_class(self) -> str:
        return f"signaal--{self.ernst}"


@dataclass(frozen=True)
class Melding:
    """One signal of one case, as the Vandaag list and the case page show it. The explanation is made when it is
    shown (a page of Vandaag shows 25 of a gemeente's hundreds of rows)."""

    statushouder: object
    signaal: Signaal
    datum: date | None
    vandaag: date

    @cached_property
    def toelichting(self) -> str:
        return self.signaal.toelichting(self.statushouder, self.vandaag)

    @property
    def actie_href(self) -> str:
        """The link of the signal's action for this case, or "" (then the action is text only)."""
        if not self.signaal.actie_url:
            return ""
        from django.urls import reverse

        anker = f"#{self.signaal.actie_anker}" if self.signaal.actie_anker else ""
        return reverse(self.signaal.actie_url, args=[self.statushouder.uuid]) + anker

    @property
    def volgorde(self) -> tuple:
        """Urgency: severity, then the date (most overdue or nearest first), then the name."""
        sh = self.statushouder
        return (
            Ernst.VOLGORDE.index(self.signaal.ernst),
            self.datum is None,
            self.datum or date.min,
            sh.achternaam.casefold(),
            sh.voornamen.casefold(),
            sh.pk,
        )


SIGNALEN: dict[str, Signaal] = {}


def registreer(signaal: Signaal) -> Signaal:
    SIGNALEN[signaal.code] = signaal
    return signaal


def keuzes() -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in SIGNALEN.values()]


def annoteer(queryset, vandaag: date, codes: Iterable[str] | None = None):
    """Add the annotations every (or the named) signal needs, each name once."""
    annotaties: dict = {}
    for code in codes if codes is not None else SIGNALEN:
        for naam, expressie in SIGNALEN[code].annotaties(vandaag).items():
            annotaties.setdefault(naam, expressie)
    bestaand = set(queryset.query.annotations)
    nieuw = {naam: expr for naam, expr in annotaties.items() if naam not in bestaand}
    return queryset.annotate(**nieuw) if nieuw else queryset


def filter_op(queryset, code: str, vandaag: date):
    """The rows for which signal `code` holds, in SQL."""
    signaal = SIGNALEN[code]
    return annoteer(queryset, vandaag, [code]).filter(signaal.filter(vandaag))


def signalen_voor(rij, vandaag: date) -> list[Signaal]:
    """The signals of one annotated row (see `annoteer`), without queries."""
    return [s for s in SIGNALEN.values() if s.geldt(rij, vandaag)]


def meldingen_voor(rij, vandaag: date) -> list[Melding]:
    """The signals of one annotated row with their date and explanation, most urgent first."""
    meldingen = [Melding(rij, s, s.datum(rij, vandaag), vandaag) for s in signalen_voor(rij, vandaag)]
    return sorted(meldingen, key=lambda m: m.volgorde)


# ---------------------------------------------------------------------------------------------------
# The signals of issue 3


def _pip_signaal_grens(vandaag: date) -> date:
    return vandaag + timedelta(weeks=norm("PIP_SIGNAAL_WEKEN"))


def _pip_deadline_filter(vandaag: date) -> Q:
    """Two weeks ahead up to the deadline itself (a passed one is `pip_deadline_verstreken`); the deadline is the
    recorded longer one when there is one (DOMAIN.md req. 2, cases.services.verleng_pip_deadline)."""
    return Q(
        status__in=ACTIEF,
        pip_dagtekening__isnull=True,
        pip_deadline__gte=vandaag,
        pip_deadline__lte=_pip_signaal_grens(vandaag),
    )


def _pip_deadline_geldt(rij, vandaag: date) -> bool:
    deadline = getattr(rij, "pip_deadline", None)
    return (
        rij.status in ACTIEF
        and rij.pip_dagtekening is None
        and deadline is not None
        and vandaag <= deadline <= _pip_signaal_grens(vandaag)
    )


def _pip_verlengd(rij) -> str:
    if getattr(rij, "pip_deadline_afwijking", None):
        return " " + gettext("(verlengd: %(reden)s)") % {"reden": rij.pip_deadline_afwijking_reden}
    return ""


def _pip_deadline_toelichting(rij, vandaag: date) -> str:
    return gettext("PIP uiterlijk %(datum)s vaststellen") % {"datum": _d(rij.pip_deadline)} + _pip_verlengd(rij)


def _pip_verstreken_filter(vandaag: date) -> Q:
    return Q(status__in=ACTIEF, pip_dagtekening__isnull=True, pip_deadline__lt=vandaag)


def _pip_verstreken_geldt(rij, vandaag: date) -> bool:
    deadline = getattr(rij, "pip_deadline", None)
    return rij.status in ACTIEF and rij.pip_dagtekening is None and deadline is not None and deadline < vandaag


registreer(
    Signaal(
        code="pip_deadline",
        label=_("PIP-deadline nadert"),
        ernst=Ernst.URGENT,
        annotaties=pip_deadline_annotaties,
        filter=_pip_deadline_filter,
        geldt=_pip_deadline_geldt,
        datum=lambda rij, vandaag: rij.pip_deadline,
        toelichting=_pip_deadline_toelichting,
        actie=_("Rond de intake af en stel het PIP vast."),
        uitleg=_("Het PIP is niet vastgesteld en de deadline is binnen twee weken."),
    )
)

registreer(
    Signaal(
        code="pip_deadline_verstreken",
        label=_("PIP-deadline verstreken"),
        ernst=Ernst.URGENT,
        annotaties=pip_deadline_annotaties,
        filter=_pip_verstreken_filter,
        geldt=_pip_verstreken_geldt,
        datum=lambda rij, vandaag: rij.pip_deadline,
        toelichting=lambda rij, vandaag: (
            gettext("PIP-deadline %(datum)s verstreken") % {"datum": _d(rij.pip_deadline)} + _pip_verlengd(rij)
        ),
        actie=_("Stel het PIP zo snel mogelijk vast, of leg een langere deadline met de reden vast."),
        uitleg=_("Het PIP is niet vastgesteld en de deadline is verstreken."),
    )
)


def _termijn_grens(vandaag: date) -> date:
    return vandaag + relativedelta(months=norm("TERMIJN_SIGNAAL_MAANDEN"))


def _termijn_filter(vandaag: date) -> Q:
    """Less than six months left, up to the last day of the termijn (a passed one is `termijn_verstreken`)."""
    return Q(status=Status.IN_UITVOERING, termijn_einde__gte=vandaag, termijn_einde__lt=_termijn_grens(vandaag))


def _termijn_geldt(rij, vandaag: date) -> bool:
    return (
        rij.status == Status.IN_UITVOERING
        and rij.termijn_einde is not None
        and vandaag <= rij.termijn_einde < _termijn_grens(vandaag)
    )


def _termijn_verstreken_filter(vandaag: date) -> Q:
    return Q(status=Status.IN_UITVOERING, termijn_einde__lt=vandaag)


def _termijn_verstreken_geldt(rij, vandaag: date) -> bool:
    return rij.status == Status.IN_UITVOERING and rij.termijn_einde is not None and rij.termijn_einde < vandaag


registreer(
    Signaal(
        code="termijn",
        label=_("Termijn loopt af"),
        ernst=Ernst.WAARSCHUWING,
        filter=_termijn_filter,
        geldt=_termijn_geldt,
        datum=lambda rij, vandaag: rij.termijn_einde,
        toelichting=lambda rij, vandaag: (
            gettext("inburgeringstermijn eindigt op %(datum)s") % {"datum": _d(rij.termijn_einde)}
        ),
        actie=_("Bespreek de afronding of vraag DUO om verlenging."),
        uitleg=_("Minder dan zes maanden van de inburgeringstermijn over."),
    )
)

# A passed termijn is its own signal, as a passed PIP deadline is: the label of `termijn` ("loopt af") said the end
# was still coming for a case whose termijn had already ended.
registreer(
    Signaal(
        code="termijn_verstreken",
        label=_("Termijn verstreken"),
        ernst=Ernst.URGENT,
        filter=_termijn_verstreken_filter,
        geldt=_termijn_verstreken_geldt,
        datum=lambda rij, vandaag: rij.termijn_einde,
        toelichting=lambda rij, vandaag: (
            gettext("inburgeringstermijn verstreken op %(datum)s") % {"datum": _d(rij.termijn_einde)}
        ),
        actie=_("Vraag DUO naar de stand van de inburgeringsplicht en rond het dossier af of leg de verlenging vast."),
        uitleg=_("De inburgeringstermijn is voorbij en het dossier is nog in uitvoering."),
    )
)


# ---------------------------------------------------------------------------------------------------
# The signals of issue 4


def _gesprek_annotaties(vandaag: date) -> dict:
    """The earliest open gesprek, the latest one held, and the date the next one is due: the latest held
    (else the PIP's dagtekening) plus the gemeente's weeks (else the national norm)."""
    from .models import Voortgangsgesprek

    gesprekken = Voortgangsgesprek.objects.filter(statushouder=OuterRef("pk"))
    open_ = gesprekken.filter(gehouden_op__isnull=True).order_by("gepland_op").values("gepland_op")[:1]
    gehouden = gesprekken.filter(gehouden_op__isnull=False).order_by("-gehouden_op").values("gehouden_op")[:1]
    weken = Coalesce(F("gemeente__voortgangsgesprek_weken"), Value(norm("VOORTGANGSGESPREK_WEKEN")))
    return {
        "gesprek_open_sinds": Subquery(open_, output_field=DateField()),
        "gesprek_laatst": Subquery(gehouden, output_field=DateField()),
        "gesprek_uiterlijk": ExpressionWrapper(
            Coalesce(F("gesprek_laatst"), F("pip_dagtekening")) + weken * Value(7), output_field=DateField()
        ),
    }


def _gesprek_filter(vandaag: date) -> Q:
    return Q(status=Status.IN_UITVOERING) & (Q(gesprek_open_sinds__lt=vandaag) | Q(gesprek_uiterlijk__lt=vandaag))


def _gesprek_te_laat_sinds(rij, vandaag: date) -> list[date]:
    return [d for d in (rij.gesprek_open_sinds, rij.gesprek_uiterlijk) if d is not None and d < vandaag]


def _gesprek_geldt(rij, vandaag: date) -> bool:
    return rij.status == Status.IN_UITVOERING and bool(_gesprek_te_laat_sinds(rij, vandaag))


def _gesprek_toelichting(rij, vandaag: date) -> str:
    if rij.gesprek_open_sinds is not None and rij.gesprek_open_sinds < vandaag:
        return gettext("gesprek gepland op %(datum)s niet gehouden") % {"datum": _d(rij.gesprek_open_sinds)}
    if rij.gesprek_laatst is not None:
        return gettext("laatste gesprek op %(laatst)s, het volgende moest uiterlijk %(uiterlijk)s") % {
            "laatst": _d(rij.gesprek_laatst),
            "uiterlijk": _d(rij.gesprek_uiterlijk),
        }
    return gettext("geen gesprek sinds het PIP van %(dagtekening)s, het eerste moest uiterlijk %(uiterlijk)s") % {
        "dagtekening": _d(rij.pip_dagtekening),
        "uiterlijk": _d(rij.gesprek_uiterlijk),
    }


registreer(
    Signaal(
        code="gesprek_te_laat",
        label=_("Voortgangsgesprek te laat"),
        ernst=Ernst.WAARSCHUWING,
        annotaties=_gesprek_annotaties,
        filter=_gesprek_filter,
        geldt=_gesprek_geldt,
        datum=lambda rij, vandaag: min(_gesprek_te_laat_sinds(rij, vandaag)),
        toelichting=_gesprek_toelichting,
        actie=_("Plan een voortgangsgesprek of leg het gehouden gesprek vast."),
        uitleg=_("Een gepland voortgangsgesprek is niet gehouden, of het laatste is te lang geleden."),
    )
)


class _EersteN(Func):
    """The first n elements of an array: `(array)[1:n]`."""

    template = "(%(expressions)s)[1:%(n)s]"


def _verzuim_venster(vandaag: date):
    """The case's attendance of the last VERZUIM_WEKEN (today included), as one group per case."""
    from leerroutes.models import Aanwezigheid

    return (
        Aanwezigheid.objects.filter(
            inschrijving__statushouder=OuterRef("pk"),
            datum__gt=vandaag - timedelta(weeks=norm("VERZUIM_WEKEN")),
            datum__lte=vandaag,
        )
        .order_by()
        .values("inschrijving__statushouder")
    )


def _verzuim_cijfers():
    """Over the window: planned and attended minutes of the lessons not excused (geoorloofd afwezig is no
    verzuim: those lessons count neither as planned nor as attended), and the statuses of the latest lessons,
    newest first."""
    from leerroutes.models import Aanwezigheid

    niet_geoorloofd = ~Q(status=Aanwezigheid.Status.GEOORLOOFD_AFWEZIG)
    return {
        "gepland": Sum("geplande_minuten", filter=niet_geoorloofd),
        "aanwezig": Sum("aanwezige_minuten", filter=niet_geoorloofd),
        "reeks": _EersteN(ArrayAgg("status", order_by=("-datum", "-les_id")), n=norm("VERZUIM_ONGEOORLOOFD_OP_RIJ")),
    }


def _verzuim_annotaties(vandaag: date) -> dict:
    """`verzuim`: the figures of `_verzuim_cijfers` and the latest lesson date (`laatste_les`) as one JSON object:
    one aggregate over the window per case, where four subqueries each read it (a fifth of the Vandaag query)."""
    return {
        "verzuim": Subquery(
            _verzuim_venster(vandaag)
            .annotate(j=JSONObject(**_verzuim_cijfers(), laatste_les=Max("datum")))
            .values("j"),
            output_field=JSONField(),
        )
    }


def _ongeoorloofde_reeks() -> list[str]:
    from leerroutes.models import Aanwezigheid

    return [Aanwezigheid.Status.ONGEOORLOOFD_AFWEZIG.value] * norm("VERZUIM_ONGEOORLOOFD_OP_RIJ")


def _verzuim_filter(vandaag: date) -> Q:
    """The rule of `_verzuim_regels` in SQL, as one boolean per case (one aggregate over the window, not three:
    the annotation's JSON would be computed again for each figure the filter reads)."""
    cijfers = _verzuim_cijfers()
    te_weinig = LessThan(cijfers["aanwezig"] * Value(100), cijfers["gepland"] * Value(norm("VERZUIM_PERCENTAGE")))
    op_rij = Exact(cijfers["reeks"], Value(_ongeoorloofde_reeks(), output_field=ArrayField(CharField())))
    geldt = _verzuim_venster(vandaag).annotate(v=ExpressionWrapper(Q(te_weinig) | Q(op_rij), BooleanField()))
    return Q(status__in=ACTIEF) & Q(Subquery(geldt.values("v"), output_field=BooleanField()))


def _verzuim(rij) -> dict:
    return getattr(rij, "verzuim", None) or {}


def _verzuim_percentage(rij) -> int:
    """Attended share of the planned minutes by the rule of the attendance block (`leerroutes.selectors.procent`,
    rounded down: 79.9% is 79%, not the norm's 80%), so the signal and the case page give the same figure."""
    from leerroutes.selectors import procent

    cijfers = _verzuim(rij)
    return procent(cijfers.get("aanwezig"), cijfers.get("gepland"))


def _verzuim_regels(rij) -> tuple[bool, bool]:
    """(too little attendance, unexcused absences in a row)."""
    cijfers = _verzuim(rij)
    gepland, aanwezig = cijfers.get("gepland"), cijfers.get("aanwezig")
    te_weinig = bool(gepland) and aanwezig * 100 < norm("VERZUIM_PERCENTAGE") * gepland
    return te_weinig, list(cijfers.get("reeks") or []) == _ongeoorloofde_reeks()


def _verzuim_laatste_les(rij) -> date | None:
    laatste = _verzuim(rij).get("laatste_les")
    return date.fromisoformat(laatste) if laatste else None


def _verzuim_geldt(rij, vandaag: date) -> bool:
    return rij.status in ACTIEF and any(_verzuim_regels(rij))


def _verzuim_toelichting(rij, vandaag: date) -> str:
    te_weinig, op_rij = _verzuim_regels(rij)
    delen = []
    if te_weinig:
        delen.append(
            gettext("%(percentage)s%% aanwezig in de laatste %(weken)s weken")
            % {"percentage": _verzuim_percentage(rij), "weken": norm("VERZUIM_WEKEN")}
        )
    if op_rij:
        delen.append(
            gettext("%(aantal)s keer op rij ongeoorloofd afwezig") % {"aantal": norm("VERZUIM_ONGEOORLOOFD_OP_RIJ")}
        )
    return "; ".join(delen)


registreer(
    Signaal(
        code="verzuim",
        label=_("Verzuim"),
        ernst=Ernst.URGENT,
        annotaties=_verzuim_annotaties,
        filter=_verzuim_filter,
        geldt=_verzuim_geldt,
        datum=lambda rij, vandaag: _verzuim_laatste_les(rij),
        toelichting=_verzuim_toelichting,
        actie=_("Neem contact op over de afwezigheid en spreek af hoe het verder gaat."),
        uitleg=_(
            "Minder dan 80% aanwezig in de laatste vier weken (geoorloofd afwezig telt niet mee), of drie keer op "
            "rij ongeoorloofd afwezig."
        ),
    )
)


GEOORLOOFD_HORIZON = timedelta(weeks=52)  # how far back the start of a run of excused absence is looked for


def _geoorloofd_annotaties(vandaag: date) -> dict:
    """The start of the current run of excused absence (the first lesson after the latest lesson that was not
    excused, looked for within GEOORLOOFD_HORIZON), computed only for a candidate: an excused lesson within the
    verzuim window and no other lesson in the last VERZUIM_GEOORLOOFD_LANG_WEKEN. The two bounded checks go first,
    so that the search for the start runs for a handful of cases, not for every case of a caseload."""
    from leerroutes.models import Aanwezigheid

    sinds_grens, recent = _geoorloofd_grenzen(vandaag)
    per_statushouder = "inschrijving__statushouder"
    lessen = Aanwezigheid.objects.filter(inschrijving__statushouder=OuterRef("pk"), datum__lte=vandaag).order_by()
    geoorloofd = Q(status=Aanwezigheid.Status.GEOORLOOFD_AFWEZIG)

    # A scalar "first row" per case, not EXISTS: for EXISTS the planner may choose to hash every excused lesson in
    # the country (a parallel scan of the attendance table) when it overestimates the number of cases.
    def een_les(*voorwaarden, **filters):
        return Subquery(lessen.filter(*voorwaarden, **filters).values("pk")[:1])

    kandidaat = Q(
        IsNull(een_les(geoorloofd, datum__gt=recent), False), IsNull(een_les(~geoorloofd, datum__gt=sinds_grens), True)
    )
    binnen_horizon = lessen.filter(datum__gt=vandaag - GEOORLOOFD_HORIZON).values(per_statushouder)
    laatst_anders = Subquery(binnen_horizon.filter(~geoorloofd).annotate(d=Max("datum")).values("d"))
    na = Coalesce(laatst_anders, Value(vandaag - GEOORLOOFD_HORIZON), output_field=DateField())
    begin = Subquery(
        binnen_horizon.filter(datum__gt=OuterRef("geoorloofd_na")).annotate(d=Min("datum")).values("d"),
        output_field=DateField(),
    )
    return {
        "geoorloofd_na": Case(When(kandidaat, then=na), output_field=DateField()),
        "geoorloofd_sinds": Case(When(kandidaat, then=begin), output_field=DateField()),
    }


def _geoorloofd_grenzen(vandaag: date) -> tuple[date, date]:
    """(started on or before, an excused lesson after): a run of VERZUIM_GEOORLOOFD_LANG_WEKEN or longer that is
    still current (an excused lesson within the verzuim window)."""
    return (
        vandaag - timedelta(weeks=norm("VERZUIM_GEOORLOOFD_LANG_WEKEN")),
        vandaag - timedelta(weeks=norm("VERZUIM_WEKEN")),
    )


def _geoorloofd_filter(vandaag: date) -> Q:
    sinds, _recent = _geoorloofd_grenzen(vandaag)
    return Q(status__in=ACTIEF, geoorloofd_sinds__lte=sinds)


def _geoorloofd_geldt(rij, vandaag: date) -> bool:
    sinds, _recent = _geoorloofd_grenzen(vandaag)
    return rij.status in ACTIEF and rij.geoorloofd_sinds is not None and rij.geoorloofd_sinds <= sinds


registreer(
    Signaal(
        code="lang_geoorloofd_afwezig",
        label=_("Lang geoorloofd afwezig"),
        ernst=Ernst.INFO,
        annotaties=_geoorloofd_annotaties,
        filter=_geoorloofd_filter,
        geldt=_geoorloofd_geldt,
        datum=lambda rij, vandaag: rij.geoorloofd_sinds,
        toelichting=lambda rij, vandaag: (
            gettext("geoorloofd afwezig sinds %(datum)s") % {"datum": _d(rij.geoorloofd_sinds)}
        ),
        actie=_("Vraag hoe het gaat en of het traject moet worden aangepast of opgeschort."),
        uitleg=_("Al drie weken of langer alleen geoorloofd afwezig: geen verzuim, wel een reden voor contact."),
    )
)


def _inschrijving_annotaties(vandaag: date) -> dict:
    from leerroutes.models import Inschrijving

    # An enrolment that was broken off, withdrawn or declined is no enrolment: the case needs a new one.
    lopend = Inschrijving.objects.filter(statushouder=OuterRef("pk")).exclude(
        status__in=(Inschrijving.Status.AFGEBROKEN, Inschrijving.Status.AFGEWEZEN)
    )
    # `(SELECT … LIMIT 1) IS NOT NULL` rather than EXISTS: inside the OR of the Vandaag filter PostgreSQL hashed the
    # EXISTS over every enrolment of the country (a sequential scan of ~90,000 rows, twice); a scalar subquery with
    # LIMIT is evaluated per case through the statushouder index.
    return {"heeft_inschrijving": IsNull(Subquery(lopend.values("pk")[:1]), False)}


def _inschrijving_uiterlijk(dagtekening: date) -> date:
    return dagtekening + timedelta(weeks=norm("GEEN_INSCHRIJVING_WEKEN"))


def _inschrijving_filter(vandaag: date) -> Q:
    grens = vandaag - timedelta(weeks=norm("GEEN_INSCHRIJVING_WEKEN"))
    return Q(status=Status.IN_UITVOERING, pip_dagtekening__lte=grens, heeft_inschrijving=False)


def _inschrijving_geldt(rij, vandaag: date) -> bool:
    return (
        rij.status == Status.IN_UITVOERING
        and rij.pip_dagtekening is not None
        and vandaag >= _inschrijving_uiterlijk(rij.pip_dagtekening)
        and not rij.heeft_inschrijving
    )


registreer(
    Signaal(
        code="geen_inschrijving",
        label=_("Geen inschrijving"),
        ernst=Ernst.WAARSCHUWING,
        annotaties=_inschrijving_annotaties,
        filter=_inschrijving_filter,
        geldt=_inschrijving_geldt,
        datum=lambda rij, vandaag: _inschrijving_uiterlijk(rij.pip_dagtekening),
        toelichting=lambda rij, vandaag: (
            gettext("PIP vastgesteld op %(datum)s, nog niet ingeschreven bij een taalaanbieder")
            % {"datum": _d(rij.pip_dagtekening)}
        ),
        actie=_("Schrijf de statushouder in bij de taalaanbieder uit het PIP."),
        uitleg=_("Vier weken na de vaststelling van het PIP is er geen inschrijving bij een taalaanbieder."),
        actie_url="cases:inschrijven",
    )
)


def _ontzorgen_annotaties(vandaag: date) -> dict:
    """The end of ontzorgen: the recorded end, else the earliest end (bijstand start plus the minimum)."""
    vroegst = PlusMaanden(F("bijstand_start_datum"), Value(norm("ONTZORGEN_MIN_MAANDEN")))
    return {"ontzorgen_einde": Coalesce(F("ontzorgen_einde_datum"), vroegst, output_field=DateField())}


def _ontzorgen_grens(vandaag: date) -> date:
    return vandaag + timedelta(weeks=norm("ONTZORGEN_SIGNAAL_WEKEN"))


def _ontzorgen_filter(vandaag: date) -> Q:
    return Q(
        status__in=ACTIEF,
        bijstand_start_datum__isnull=False,
        ontzorgen_einde__gte=vandaag,
        ontzorgen_einde__lte=_ontzorgen_grens(vandaag),
    )


def _ontzorgen_geldt(rij, vandaag: date) -> bool:
    return (
        rij.status in ACTIEF
        and rij.bijstand_start_datum is not None
        and vandaag <= rij.ontzorgen_einde <= _ontzorgen_grens(vandaag)
    )


def _ontzorgen_toelichting(rij, vandaag: date) -> str:
    if rij.ontzorgen_einde_datum is not None:
        return gettext("ontzorgen eindigt op %(datum)s") % {"datum": _d(rij.ontzorgen_einde)}
    return gettext("ontzorgen kan eindigen op %(datum)s, %(maanden)s maanden na de start van de bijstand") % {
        "datum": _d(rij.ontzorgen_einde),
        "maanden": norm("ONTZORGEN_MIN_MAANDEN"),
    }


registreer(
    Signaal(
        code="ontzorgen",
        label=_("Ontzorgen loopt af"),
        ernst=Ernst.INFO,
        annotaties=_ontzorgen_annotaties,
        filter=_ontzorgen_filter,
        geldt=_ontzorgen_geldt,
        datum=lambda rij, vandaag: rij.ontzorgen_einde,
        toelichting=_ontzorgen_toelichting,
        actie=_("Bespreek het einde van het ontzorgen: verlengen of afbouwen."),
        uitleg=_("De periode van ontzorgen eindigt binnen vier weken."),
    )
)


# ---------------------------------------------------------------------------------------------------
# The provider's answer to an aanmelding (the enrolment life cycle; the provider answers over the API)
#
# The provider accepts or declines an aanmelding within AANMELDING_ANTWOORD_WERKDAGEN werkdagen after
# `aangemeld_op`. Werkdagen are Monday to Friday; public holidays are not taken into account (kept simple: a
# signal a day early around Easter does no harm). The signal holds for a case with an enrolment still
# `aangemeld` whose answer term ended before today (one without `aangemeld_op` has no term), or with a declined
# enrolment (`afgewezen`) after which no other enrolment was made: the consultant has to find another provider.


def werkdagen_na(datum: date, aantal: int) -> date:
    """The `aantal`-th werkdag (Monday–Friday) after `datum`: 5 werkdagen after Monday 23-11-2026 is Monday
    30-11-2026, after Friday 27-11-2026 Friday 04-12-2026; from a Saturday or Sunday as from the Friday before."""
    dag = datum
    while aantal > 0:
        dag += timedelta(days=1)
        if dag.weekday() < 5:
            aantal -= 1
    return dag


def _aanmelding_uiterlijk(aangemeld_op: date) -> date:
    return werkdagen_na(aangemeld_op, norm("AANMELDING_ANTWOORD_WERKDAGEN"))


def _aanmelding_grens(vandaag: date) -> date:
    """The latest aangemeld_op whose answer term ended before `vandaag` (the term's end grows with the date)."""
    dag = vandaag - timedelta(days=1)
    while _aanmelding_uiterlijk(dag) >= vandaag:
        dag -= timedelta(days=1)
    return dag


def _aanmelding_annotaties(vandaag: date) -> dict:
    """The oldest enrolment left unanswered past its term (date and provider), and the latest declined one with
    no enrolment made after it (the day of the answer, provider and reason)."""
    from leerroutes.models import Inschrijving

    eigen = Inschrijving.objects.filter(statushouder=OuterRef("pk"))
    onbeantwoord = eigen.filter(
        status=Inschrijving.Status.AANGEMELD, aangemeld_op__lte=_aanmelding_grens(vandaag)
    ).order_by("aangemeld_op", "pk")
    later = Inschrijving.objects.filter(statushouder=OuterRef("statushouder"), pk__gt=OuterRef("pk"))
    afgewezen = (
        eigen.filter(status=Inschrijving.Status.AFGEWEZEN)
        .filter(~Exists(later))
        .annotate(op=Coalesce(TruncDate("beantwoord_op"), F("aangemeld_op"), F("startdatum")))
        .order_by("-pk")
    )
    return {
        "aanmelding_onbeantwoord_sinds": Subquery(onbeantwoord.values("aangemeld_op")[:1], output_field=DateField()),
        "aanmelding_onbeantwoord_bij": Subquery(onbeantwoord.values("organisatie__naam")[:1]),
        "aanmelding_afgewezen_op": Subquery(afgewezen.values("op")[:1], output_field=DateField()),
        "aanmelding_afgewezen_bij": Subquery(afgewezen.values("organisatie__naam")[:1]),
        "aanmelding_afgewezen_reden": Subquery(afgewezen.values("reden")[:1]),
    }


def _aanmelding_filter(vandaag: date) -> Q:
    return Q(status__in=ACTIEF) & (
        Q(aanmelding_onbeantwoord_sinds__isnull=False) | Q(aanmelding_afgewezen_op__isnull=False)
    )


def _aanmelding_geldt(rij, vandaag: date) -> bool:
    return rij.status in ACTIEF and (
        rij.aanmelding_onbeantwoord_sinds is not None or rij.aanmelding_afgewezen_op is not None
    )


def _aanmelding_datum(rij, vandaag: date) -> date:
    """Since when: the day of the decline, or the end of the answer term."""
    data = [rij.aanmelding_afgewezen_op]
    if rij.aanmelding_onbeantwoord_sinds is not None:
        data.append(_aanmelding_uiterlijk(rij.aanmelding_onbeantwoord_sinds))
    return min(d for d in data if d is not None)


def _aanmelding_toelichting(rij, vandaag: date) -> str:
    delen = []
    if rij.aanmelding_afgewezen_op is not None:
        delen.append(
            gettext("%(aanbieder)s wees de aanmelding af op %(datum)s: %(reden)s")
            % {
                "aanbieder": rij.aanmelding_afgewezen_bij,
                "datum": _d(rij.aanmelding_afgewezen_op),
                "reden": rij.aanmelding_afgewezen_reden,
            }
        )
    if rij.aanmelding_onbeantwoord_sinds is not None:
        delen.append(
            gettext("%(aanbieder)s beantwoordde de aanmelding van %(datum)s niet binnen %(werkdagen)s werkdagen")
            % {
                "aanbieder": rij.aanmelding_onbeantwoord_bij,
                "datum": _d(rij.aanmelding_onbeantwoord_sinds),
                "werkdagen": norm("AANMELDING_ANTWOORD_WERKDAGEN"),
            }
        )
    return "; ".join(delen)


registreer(
    Signaal(
        code="aanmelding",
        label=_("Aanmelding afgewezen of onbeantwoord"),
        ernst=Ernst.WAARSCHUWING,
        annotaties=_aanmelding_annotaties,
        filter=_aanmelding_filter,
        geldt=_aanmelding_geldt,
        datum=_aanmelding_datum,
        toelichting=_aanmelding_toelichting,
        actie=_("Neem contact op met de aanbieder, of schrijf de statushouder in bij een andere aanbieder."),
        actie_url="cases:inschrijven",
        uitleg=_(
            "De aanbieder wees een aanmelding af, of beantwoordde haar niet binnen het ingestelde aantal werkdagen "
            "(standaard vijf, maandag tot en met vrijdag)."
        ),
    )
)


# ---------------------------------------------------------------------------------------------------
# DOMAIN.md requirement 12: the intake handhaving ladder (cases.services.handhaving)


def _handhaving_annotaties(vandaag: date) -> dict:
    """The latest step of the ladder: which, when, and whether the gemeente judged it verwijtbaar."""
    from .models import Handhavingsstap

    laatste = Handhavingsstap.objects.filter(statushouder=OuterRef("pk")).order_by("-datum", "-id")
    return {
        "handhaving_stap": Subquery(laatste.values("stap")[:1]),
        "handhaving_datum": Subquery(laatste.values("datum")[:1], output_field=DateField()),
        "handhaving_verwijtbaar": Subquery(laatste.values("verwijtbaar")[:1]),
    }


def _handhaving_grens(vandaag: date) -> date:
    """A step recorded on or before this date has its next step due."""
    return vandaag - timedelta(weeks=norm("HANDHAVING_STAP_WEKEN"))


def _handhaving_filter(vandaag: date) -> Q:
    return Q(
        status=Status.AANGEMELD, handhaving_stap__isnull=False, handhaving_datum__lte=_handhaving_grens(vandaag)
    ) & ~Q(handhaving_stap="pip_ambtshalve")


def _handhaving_geldt(rij, vandaag: date) -> bool:
    return (
        rij.status == Status.AANGEMELD
        and rij.handhaving_stap is not None
        and rij.handhaving_stap != "pip_ambtshalve"
        and rij.handhaving_datum <= _handhaving_grens(vandaag)
    )


def _handhaving_toelichting(rij, vandaag: date) -> str:
    from .models import Handhavingsstap
    from .services.handhaving import volgende_stap, volgende_stap_vanaf

    volgende = volgende_stap(rij.handhaving_stap, rij.handhaving_verwijtbaar)
    return gettext("volgende stap: %(stap)s, vanaf %(datum)s (vorige: %(vorige)s op %(vorige_datum)s)") % {
        "stap": Handhavingsstap.Stap(volgende).label,
        "datum": _d(volgende_stap_vanaf(rij.handhaving_datum)),
        "vorige": Handhavingsstap.Stap(rij.handhaving_stap).label,
        "vorige_datum": _d(rij.handhaving_datum),
    }


registreer(
    Signaal(
        code="handhaving",
        label=_("Handhaving intake: volgende stap"),
        ernst=Ernst.WAARSCHUWING,
        annotaties=_handhaving_annotaties,
        filter=_handhaving_filter,
        geldt=_handhaving_geldt,
        datum=lambda rij, vandaag: rij.handhaving_datum + timedelta(weeks=norm("HANDHAVING_STAP_WEKEN")),
        toelichting=_handhaving_toelichting,
        actie=_("Zet de volgende stap van de handhaving en leg uw oordeel over de verwijtbaarheid vast."),
        uitleg=_(
            "De statushouder reageert niet op de uitnodiging voor de intake en de volgende stap van de handhaving "
            "is aan de beurt."
        ),
    )
)


# ---------------------------------------------------------------------------------------------------
# Issue 14: DUO refused a melding, or DUO's news asks for a step (duo.Voorstel, open until handled)


def _duo_annotaties(vandaag: date) -> dict:
    """Whether the case has an open refusal / another open voorstel (EXISTS on duo_voorstel_open_idx), and the open
    voorstellen themselves (kind, day, Dutch explanation) for the date and the explanation of the row."""
    from duo.models import Voorstel

    open_ = Voorstel.objects.filter(statushouder=OuterRef("pk"), afgehandeld_op__isnull=True)
    weigering = Q(soort=Voorstel.Soort.WEIGERING)
    return {
        "duo_weigering_open": Exists(open_.filter(weigering)),
        "duo_voorstel_open": Exists(open_.exclude(weigering)),
        "duo_open_voorstellen": ArraySubquery(
            open_.order_by("aangemaakt_op", "pk").values(
                json=JSONObject(soort="soort", op=TruncDate("aangemaakt_op"), toelichting="toelichting")
            )
        ),
    }


def _duo_voorstellen(rij, weigering: bool) -> list[dict]:
    from duo.models import Voorstel

    return [
        v
        for v in getattr(rij, "duo_open_voorstellen", None) or []
        if (v["soort"] == Voorstel.Soort.WEIGERING) == weigering
    ]


def _duo_datum(rij, weigering: bool) -> date:
    """Since when: the day of the oldest open one."""
    return min(date.fromisoformat(v["op"]) for v in _duo_voorstellen(rij, weigering))


def _duo_toelichting(rij, weigering: bool) -> str:
    from duo.models import Voorstel

    voorstellen = _duo_voorstellen(rij, weigering)
    eerste = voorstellen[0]
    tekst = eerste["toelichting"] if weigering else f"{Voorstel.Soort(eerste['soort']).label}: {eerste['toelichting']}"
    if len(voorstellen) > 1:
        tekst += " " + gettext("(en nog %(aantal)s)") % {"aantal": len(voorstellen) - 1}
    return tekst


registreer(
    Signaal(
        code="duo_weigering",
        label=_("DUO weigerde een melding"),
        ernst=Ernst.URGENT,
        annotaties=_duo_annotaties,
        filter=lambda vandaag: Q(duo_weigering_open=True),
        geldt=lambda rij, vandaag: bool(_duo_voorstellen(rij, True)),
        datum=lambda rij, vandaag: _duo_datum(rij, True),
        toelichting=lambda rij, vandaag: _duo_toelichting(rij, True),
        actie=_("Lees de reden van DUO, verbeter de gegevens en meld opnieuw."),
        uitleg=_("DUO heeft een melding van de gemeente geweigerd: DUO heeft deze gegevens dus niet."),
        actie_url="cases:dossier",
        actie_anker="duo",
    )
)

registreer(
    Signaal(
        code="duo_voorstel",
        label=_("Voorstel van DUO"),
        ernst=Ernst.WAARSCHUWING,
        annotaties=_duo_annotaties,
        filter=lambda vandaag: Q(duo_voorstel_open=True),
        geldt=lambda rij, vandaag: bool(_duo_voorstellen(rij, False)),
        datum=lambda rij, vandaag: _duo_datum(rij, False),
        toelichting=lambda rij, vandaag: _duo_toelichting(rij, False),
        actie=_("Bekijk het bericht van DUO en zet de voorgestelde stap, of handel het voorstel af."),
        uitleg=_(
            "DUO meldde iets waarover de gemeente beslist (bijvoorbeeld: inburgeringsplicht voldaan, vrijstelling, "
            "verhuizing), of vraagt de gegevens te controleren."
        ),
        actie_url="cases:dossier",
        actie_anker="duo",
    )
)
