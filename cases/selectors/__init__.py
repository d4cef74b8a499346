"""Every read of case data goes through here: the `for_user` filter decides what is visible, and each
read of personal data is written to the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from uuid import UUID

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import DateTimeField, F, Func, JSONField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, JSONObject

from inburgering.audit.models import Handeling
from inburgering.audit.selectors import events_for_statushouder
from inburgering.audit.services import log_event, log_lijst_per_gemeente
from inburgering.compiled import compiled, precompile_annotations

from ..models import Statushouder, TijdlijnGebeurtenis


def statushouders_for(user, action: str = "view"):
    """The unevaluated, permission-filtered queryset for lists; call `log_shown` with the rows shown."""
    return Statushouder.objects.for_user(user, action).select_related("gemeente", "consultant")


def caseload(user):
    """Mijn caseload: the active cases assigned to the user."""
    return statushouders_for(user).filter(consultant=user).actief()


def log_shown(user, statushouders: Iterable[Statushouder], toelichting: str = "") -> int:
    """Record that these rows were shown in a list or export: one LIST event per gemeente naming its persons, in one
    INSERT ("Wie zag dit dossier" and the inzage find the person in it); returns the number of cases logged."""
    return log_lijst_per_gemeente(user, statushouders, toelichting=toelichting)


def get_statushouder(user, uuid, *, action: str = "view", toelichting: str = "") -> Statushouder:
    """One case by its public id; raises Statushouder.DoesNotExist when absent *or* not permitted,
    so that callers answer 404 either way."""
    statushouder = statushouders_for(user, action).get(uuid=uuid)
    log_event(user, Handeling.READ, statushouder, toelichting=toelichting)
    return statushouder


def tijdlijn(user, statushouder):
    return TijdlijnGebeurtenis.objects.for_user(user).filter(statushouder=statushouder).select_related("actor")


def wie_zag_dit_dossier(user, statushouder):
    """The processing log of one case, for users who may see the case; viewing it is itself logged."""
    if not Statushouder.objects.for_user(user).filter(pk=statushouder.pk).exists():
        raise Statushouder.DoesNotExist
    log_event(user, Handeling.READ, statushouder, toelichting="verwerkingen ingezien")
    return events_for_statushouder(statushouder)


def brede_intake(user, statushouder):
    """The intake of one case with its routes, or None; `intake.score_rijen` holds its leefgebied scores
    as a list of {"leefgebied", "score", "toelichting"} dicts, from the same query."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import OuterRef
    from django.db.models.functions import JSONObject

    from ..models import BredeIntake, LeefgebiedScore

    scores = LeefgebiedScore.objects.filter(intake=OuterRef("pk")).values(
        rij=JSONObject(leefgebied="leefgebied", score="score", toelichting="toelichting")
    )
    return (
        BredeIntake.objects.for_user(user)
        .filter(statushouder=statushouder)
        .select_related("route_advies", "gekozen_route")
        .annotate(score_rijen=ArraySubquery(scores))
        .first()
    )


def pip_versies(user, statushouder):
    """All PIP versions of one case (over gemeenten), newest first, with their goal counts (one query)."""
    from django.db.models import Count

    from ..models import PipVersie

    return list(
        PipVersie.objects.for_user(user)
        .filter(pip__statushouder=statushouder)
        .select_related("leerroute", "taalaanbieder", "pip")
        .annotate(aantal_doelen=Count("doelen"))
        .order_by("-aangemaakt_op", "-versie")
    )


def huidige_leerroute_expressie():
    """SQL for a Statushouder row: the leerroute of its current plan — the latest vastgestelde PIP-versie, else
    the gemeente's concept, else the intake's chosen route. For the caseload list and the route map."""
    from django.db.models import BigIntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from ..models import PipVersie

    versies = PipVersie.objects.filter(pip__statushouder=OuterRef("pk"))
    vastgesteld = versies.filter(status="vastgesteld").order_by("-dagtekening", "-versie").values("leerroute_id")[:1]
    concept = versies.filter(status="concept", pip__gemeente=OuterRef("gemeente")).values("leerroute_id")[:1]
    return Coalesce(
        Subquery(vastgesteld), Subquery(concept), "intake__gekozen_route_id", output_field=BigIntegerField()
    )


def caseload_rijen(user, vandaag, *, alleen_eigen: bool = True):
    """The active cases for the caseload list (own, or every case the user may read), annotated in SQL with
    `leerroute_id` (vastgestelde PIP-versie, else the concept, else the intake's chosen route),
    `pip_deadline`, `volgende_deadline` and whatever the registered signals need: no per-row queries.
    Call `log_shown` with the rows shown."""
    from .. import signals

    basis = _caseload_query(vandaag, repr(sorted(settings.INBURGERING_NORMEN.items())), tuple(signals.SIGNALEN))
    rijen = basis.for_user(user).actief()
    return rijen.filter(consultant=user) if alleen_eigen else rijen


@lru_cache(maxsize=4)
def _caseload_query(vandaag, _normen: str, _signalen: tuple):
    """The annotated rows of `caseload_rijen` for every case, built and its annotations compiled once per day (and
    norms and signal registry); never evaluated itself: each request filters a clone by permission, scope, filters
    and sort (compiling the annotations took half of the caseload's time)."""
    from .. import signals

    rijen = (
        Statushouder.objects.select_related("gemeente", "consultant")
        .annotate(leerroute_id=huidige_leerroute_expressie(), pip_deadline=signals.pip_deadline_expressie())
        .annotate(volgende_deadline=signals.volgende_deadline_expressie())
    )
    return precompile_annotations(signals.annoteer(rijen, vandaag))


def pip_versies_met_inhoud(user, statushouder):
    """All PIP versions of one case (over gemeenten), oldest first, with their goals, actions and
    ketenpartners (four queries): for the PIP editor, its history and the beschikking."""
    from django.db.models import Prefetch

    from ..models import Actie, Doel, PipVersie

    acties = Actie.objects.select_related("ketenpartner").order_by("deadline", "id")
    doelen = Doel.objects.prefetch_related(Prefetch("acties", queryset=acties)).order_by("leefgebied", "volgorde", "id")
    return list(
        PipVersie.objects.for_user(user)
        .filter(pip__statushouder=statushouder)
        .select_related("leerroute", "taalaanbieder", "pip__gemeente", "vastgesteld_door")
        .prefetch_related(Prefetch("doelen", queryset=doelen))
        .order_by("aangemaakt_op", "versie")
    )


@compiled(user=settings.AUTH_USER_MODEL, uuid=UUID)
def _voor_pagina(*, user, uuid, met_rollen: bool):
    """The case by its uuid if the user may view it, with whether he may change it and (`met_rollen`) the user's
    roles (roles.has_role and the audit log read them): one query, compiled once."""
    from django.contrib.auth.models import Group
    from django.db.models import Exists, OuterRef

    from inburgering.accounts.roles import ROLES

    wijzigbaar = Statushouder.objects.for_user(user, "change").filter(pk=OuterRef("pk"))
    rijen = statushouders_for(user).annotate(mag_wijzigen=Exists(wijzigbaar))
    if met_rollen:
        rollen = Group.objects.filter(user=user.pk, name__in=ROLES).values("name")
        rijen = rijen.annotate(rollen_van_gebruiker=ArraySubquery(rollen))
    return rijen.filter(uuid=uuid)


def get_statushouder_voor_pagina(user, uuid, *, toelichting: str = "") -> Statushouder:
    """`get_statushouder` for a page that also needs to know whether the user may change the case:
    `statushouder.mag_wijzigen`, from the same query (compiled once). `uuid` as the URL's converter gives it.
    Logs the READ; DoesNotExist → 404."""
    rollen_bekend = getattr(user, "_role_names", None) is not None
    rijen = []
    if user.is_authenticated and user.is_active and isinstance(uuid, UUID):
        rijen = _voor_pagina(user=user, uuid=uuid, met_rollen=not rollen_bekend)
    if not rijen:
        raise Statushouder.DoesNotExist
    statushouder = rijen[0]
    if not rollen_bekend:
        user._role_names = set(statushouder.rollen_van_gebruiker)
    log_event(user, Handeling.READ, statushouder, toelichting=toelichting)
    return statushouder


# --- The case page in one query -----------------------------------------------------------------------------
# The case page showed its parts with one query each (intake, PIP versions, enrolments, attendance twice, exams,
# progress reports, timeline, handhaving, signals, the gemeenten of the afronden form), each behind its own
# `for_user` subquery. The case is opened (permission checked, READ logged) before the page is built, so these
# parts are read by the case's key in ONE query: each a JSON column (a row, or an array of rows with their
# select_related rows nested) that `_uit_json` turns back into model instances, so the templates are unchanged.


class _JsonSamen(Func):
    """jsonb objects merged (jsonb_build_object takes at most 50 keys)."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = JSONField()


class _Week(Func):
    """TruncWeek's SQL with 'week' written in: TruncWeek passes it as a parameter, and when the compiled query binds
    on the server (a prepared statement) the GROUP BY's parameter is not the SELECT's, which PostgreSQL refuses."""

    template = "DATE_TRUNC('week', %(expressions)s)"
    output_field = DateTimeField()


def _json_rij(model, pad: str = "", gerelateerd: dict | None = None):
    """A JSON object of a row's concrete fields (by attname) reached through `pad`, with the related rows of
    `gerelateerd` ({veldnaam: {its gerelateerd}}) nested under their field names."""
    velden = {f.attname: F(f"{pad}{f.attname}") for f in model._meta.concrete_fields}
    for naam, dieper in (gerelateerd or {}).items():
        doel = model._meta.get_field(naam).related_model
        velden[naam] = _json_rij(doel, f"{pad}{naam}__", dieper)
    paren = list(velden.items())
    delen = [JSONObject(**dict(paren[i : i + 40])) for i in range(0, len(paren), 40)]
    return delen[0] if len(delen) == 1 else _JsonSamen(*delen)


def _uit_json(model, data: dict | None, gerelateerd: dict | None = None, extra: tuple[str, ...] = ()):
    """The model instance of a `_json_rij` object (None for a missing row), its related rows cached as
    select_related would, and the `extra` keys as attributes."""
    if not data or data.get(model._meta.pk.attname) is None:
        return None
    velden = model._meta.concrete_fields
    obj = model.from_db("default", [f.attname for f in velden], [f.to_python(data.get(f.attname)) for f in velden])
    for naam, dieper in (gerelateerd or {}).items():
        veld = model._meta.get_field(naam)
        veld.set_cached_value(obj, _uit_json(veld.related_model, data.get(naam), dieper))
    for naam in extra:
        setattr(obj, naam, data.get(naam))
    return obj


def _rijen(queryset, gerelateerd: dict | None = None, **extra):
    """ArraySubquery of `_json_rij` objects of the queryset's rows, in its order, with `extra` expressions."""
    rij = _json_rij(queryset.model, gerelateerd=gerelateerd)
    if extra:
        rij = _JsonSamen(rij, JSONObject(**extra))
    return ArraySubquery(queryset.values(j=rij))


INTAKE = {"route_advies": {}, "gekozen_route": {}}
PIP_VERSIE = {"leerroute": {}, "taalaanbieder": {}, "pip": {}}
INSCHRIJVING = {"organisatie": {}, "leerroute": {}, "taalschakeltraject": {}}
EXAMEN = {"onderdeel": {}, "inschrijving": {"organisatie": {}}}
RAPPORTAGE = {"inschrijving": {"organisatie": {}}}
TIJDLIJN = {"actor": {}}


@dataclass
class Dossierpagina:
    """The parts of the case page read with the case (see `dossierpagina`)."""

    rij: Statushouder  # the case with every signal's annotations
    intake: object
    pip_versies: list
    inschrijvingen: list
    examens: list
    voortgangsrapportages: list
    tijdlijn: list
    handhaving_laatste: object
    aanwezigheid: object
    weken: list
    gemeente_keuzes: list | None


def dossierpagina(statushouder, vandaag, *, met_gemeenten: bool = False, weken: int = 12) -> Dossierpagina:
    """Everything the case page shows of an opened case that is not another module's section, in one query.
    Only for a case the caller has opened through `get_statushouder*` (permission checked, READ logged)."""
    from leerroutes import selectors as leerroute_selectors
    from leerroutes.models import Examenresultaat, Inschrijving, Voortgangsrapportage

    from .. import signals
    from ..models import BredeIntake, Handhavingsstap, PipVersie

    rijen = _dossierpagina_rijen(
        pk=statushouder.pk,
        vandaag=vandaag,
        met_gemeenten=met_gemeenten,
        weken=weken,
        _normen=repr(sorted(settings.INBURGERING_NORMEN.items())),
        _signalen=tuple(signals.SIGNALEN),
    )
    if not rijen:
        raise Statushouder.DoesNotExist
    rij = rijen[0]
    intake_obj = _uit_json(BredeIntake, rij.p_intake, INTAKE)
    if intake_obj is not None:
        intake_obj.score_rijen = rij.p_intake.get("s") or []
    return Dossierpagina(
        rij=rij,
        intake=intake_obj,
        pip_versies=[_uit_json(PipVersie, j, PIP_VERSIE, extra=("aantal_doelen",)) for j in rij.p_versies],
        inschrijvingen=[_uit_json(Inschrijving, j, INSCHRIJVING) for j in rij.p_inschrijvingen],
        examens=[_uit_json(Examenresultaat, j, EXAMEN) for j in rij.p_examens],
        voortgangsrapportages=[_uit_json(Voortgangsrapportage, j, RAPPORTAGE) for j in rij.p_rapportages],
        tijdlijn=[_uit_json(TijdlijnGebeurtenis, j, TIJDLIJN) for j in rij.p_tijdlijn],
        handhaving_laatste=_uit_json(Handhavingsstap, rij.p_handhaving),
        aanwezigheid=leerroute_selectors.samenvatting_uit(rij.p_aanwezigheid, vandaag),
        weken=leerroute_selectors.weken_uit(rij.p_weken, vandaag, weken),
        gemeente_keuzes=list(zip(rij.p_gemeente_ids, rij.p_gemeente_namen, strict=True)) if met_gemeenten else None,
    )


@compiled(pk=int)
def _dossierpagina_rijen(*, pk, vandaag, met_gemeenten: bool, weken: int, _normen: str, _signalen: tuple):
    """The query of `dossierpagina`, compiled once per day (and norms and signal registry): building its ~50
    expressions took longer than running it."""
    from django.db.models import Count

    from leerroutes import selectors as leerroute_selectors
    from leerroutes.models import Aanwezigheid, Examenresultaat, Inschrijving, Voortgangsrapportage
    from partners.models import Gemeente

    from .. import signals
    from ..models import BredeIntake, Doel, Handhavingsstap, LeefgebiedScore, PipVersie

    eigen = OuterRef("pk")
    scores = LeefgebiedScore.objects.filter(intake=OuterRef("pk")).values(
        rij=JSONObject(leefgebied="leefgebied", score="score", toelichting="toelichting")
    )
    intake = BredeIntake.objects.filter(statushouder=eigen)
    doelen = Doel.objects.filter(versie=OuterRef("pk")).order_by().values("versie").annotate(n=Count("*")).values("n")
    versies = PipVersie.objects.filter(pip__statushouder=eigen).order_by("-aangemaakt_op", "-versie")
    inschrijvingen = Inschrijving.objects.filter(statushouder=eigen).order_by("-startdatum", "-id")
    examens = Examenresultaat.objects.filter(inschrijving__statushouder=eigen).order_by("onderdeel__id", "-datum")
    rapportages = Voortgangsrapportage.objects.filter(inschrijving__statushouder=eigen).order_by(
        "-periode_eind", "-periode_start", "-id"
    )
    tijdlijn = TijdlijnGebeurtenis.objects.filter(statushouder=eigen).order_by(*TijdlijnGebeurtenis._meta.ordering)
    handhaving = Handhavingsstap.objects.filter(statushouder=eigen).order_by("-datum", "-id")
    aanwezigheid = Aanwezigheid.objects.filter(inschrijving__statushouder=eigen).order_by()
    eerste_maandag, laatste = leerroute_selectors.week_venster(vandaag, weken)
    per_week = (
        aanwezigheid.filter(datum__gte=eerste_maandag, datum__lte=laatste)
        .annotate(week=_Week("datum"))
        .values("week")
        .annotate(gepland=Sum("geplande_minuten"), aanwezig=Sum("aanwezige_minuten"))
        .values(j=JSONObject(week="week", gepland="gepland", aanwezig="aanwezig"))
        .order_by("week")
    )
    aggregaten = aanwezigheid.values("inschrijving__statushouder").annotate(
        j=JSONObject(**leerroute_selectors.aanwezigheid_aggregaten(vandaag))
    )
    delen = {
        "p_intake": Subquery(
            intake.values(
                j=_JsonSamen(_json_rij(BredeIntake, gerelateerd=INTAKE), JSONObject(s=ArraySubquery(scores)))
            )[:1],
            output_field=JSONField(),
        ),
        "p_versies": _rijen(versies, PIP_VERSIE, aantal_doelen=Coalesce(Subquery(doelen), Value(0))),
        "p_inschrijvingen": _rijen(inschrijvingen, INSCHRIJVING),
        "p_examens": _rijen(examens, EXAMEN),
        "p_rapportages": _rijen(rapportages, RAPPORTAGE),
        "p_tijdlijn": _rijen(tijdlijn, TIJDLIJN),
        "p_handhaving": Subquery(handhaving.values(j=_json_rij(Handhavingsstap))[:1], output_field=JSONField()),
        "p_aanwezigheid": Subquery(aggregaten.values("j"), output_field=JSONField()),
        "p_weken": ArraySubquery(per_week),
    }
    if met_gemeenten:
        # Two plain arrays (keys, names), not an array of ~340 JSON objects: psycopg reads these itself, where each
        # JSON object was a json.loads of its own.
        keuzes = Gemeente.objects.exclude(pk=OuterRef("gemeente_id")).order_by("naam", "pk")
        delen["p_gemeente_ids"] = ArraySubquery(keuzes.values("pk"))
        delen["p_gemeente_namen"] = ArraySubquery(keuzes.values("naam"))
    return signals.annoteer(Statushouder.objects.filter(pk=pk), vandaag).annotate(**delen)
