"""Reads on the regional contracts (issue 7): which contracts a user manages, and the contract figures for the
dashboard — all aggregated in the database, a fixed number of queries however many contracts and enrolments.

The figures of a contract (documented in the dashboard's help text too):
- capaciteit gebruikt: every enrolment linked to the contract, whatever its status — an afgebroken traject has
  taken a place of the contract (and is paid for); `schrijf_in` links only enrolments starting in the period, and
  an aanmelding the consultant withdraws before the provider started it is unlinked (it gives its place back);
- uren aangeboden / gevolgd: the planned / attended minutes of the attendance rows of those enrolments, in hours;
  the aanwezigheid is gevolgd / aangeboden, compared to the contract's norm_aanwezigheid;
- slagingspercentage per onderdeel: of the enrolments with a result for that onderdeel, the share with at least
  one passed result;
- doorlooptijd: the median number of days from the PIP's vaststelling (Statushouder.pip_dagtekening) to the
  enrolment's first lesson (its earliest attendance row of soort les), over enrolments that have both.
No personal data leaves here: counts, sums and medians with their bases, suppressed by the views
(reports.privacy). Not personal data, so no audit events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    JSONField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, JSONObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from leerroutes.models import Aanwezigheid, Examenresultaat, Inschrijving

from ..models import Contract, Organisatie
from . import beheerde_regios

SIGNAAL_DAGEN = 90  # keurmerk or contract ending within this many days
SIGNAAL_CAPACITEIT = 90  # capacity used over this percentage

LOPEND, TOEKOMSTIG, AFGELOPEN = "lopend", "toekomstig", "afgelopen"
STATUS_LABELS = {LOPEND: _("lopend"), TOEKOMSTIG: _("toekomstig"), AFGELOPEN: _("afgelopen")}


def aanbieders_voor_contract():
    """The organisations a contract may be with: the active route providers (taal- and onderwijsaanbieders)."""
    return Organisatie.objects.filter(type__in=Organisatie.AANBIEDERS, actief=True).order_by("naam")


def typefout(organisatie, leerroute) -> str | None:
    """Why `organisatie` cannot teach `leerroute` (None if it can): the B1- and Z-route need a taalaanbieder, the
    onderwijsroute an onderwijsinstelling or a taalaanbieder."""
    if leerroute.keurmerk_vereist and organisatie.type != Organisatie.Type.TAALAANBIEDER:
        return str(_("De %(route)s wordt gegeven door een taalaanbieder; %(organisatie)s is dat niet.")) % {
            "route": leerroute,
            "organisatie": organisatie,
        }
    if organisatie.type not in Organisatie.AANBIEDERS:
        return str(_("De %(route)s wordt gegeven door een onderwijsinstelling of taalaanbieder.")) % {
            "route": leerroute
        }
    return None


def contract_voor(*, organisatie, leerroute, arbeidsmarktregio_id, datum: date):
    """The contract that covers an enrolment at `organisatie` for `leerroute` in the region on `datum`, or None.
    Contracts of one provider × route × region do not overlap (services.contracten), so there is at most one."""
    return (
        Contract.objects.filter(
            organisatie=organisatie,
            leerroute=leerroute,
            arbeidsmarktregio_id=arbeidsmarktregio_id,
            startdatum__lte=datum,
            einddatum__gte=datum,
        )
        .order_by("startdatum")
        .first()
    )


def gebruikte_capaciteit(contract) -> int:
    """The places of a contract in use: every enrolment linked to it, whatever its status (as `met_cijfers`)."""
    return Inschrijving.objects.filter(contract=contract).count()


def contracten_voor(user, *, vandaag: date, regio=None):
    """The contracts `user` manages (optionally of one region) with their `status` on `vandaag`: running first,
    then future, then ended; within that by region, provider and route."""
    qs = Contract.objects.filter(arbeidsmarktregio__in=beheerde_regios(user))
    if regio is not None:
        qs = qs.filter(arbeidsmarktregio=regio)
    return (
        qs.select_related("organisatie", "leerroute", "arbeidsmarktregio")
        .prefetch_related("organisatie__keurmerken")
        .annotate(
            status=Case(
                When(startdatum__gt=vandaag, then=Value(TOEKOMSTIG)),
                When(einddatum__lt=vandaag, then=Value(AFGELOPEN)),
                default=Value(LOPEND),
                output_field=CharField(),
            ),
            status_volgorde=Case(
                When(startdatum__gt=vandaag, then=Value(1)),
                When(einddatum__lt=vandaag, then=Value(2)),
                default=Value(0),
            ),
        )
        .order_by("status_volgorde", "arbeidsmarktregio__naam", "organisatie__naam", "leerroute_id", "-startdatum")
    )


class Mediaan(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class Dagen(Func):
    """date − date in PostgreSQL: a whole number of days."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()


def _per_contract(qs, **waarden):
    """One row per contract (OuterRef) of `qs` with `waarden` aggregated, as a JSON object."""
    return Subquery(
        qs.order_by().values("contract_id").annotate(cijfers=JSONObject(**waarden)).values("cijfers"),
        output_field=JSONField(),
    )


def met_cijfers(contracten):
    """Annotate each contract with its figures (three correlated subqueries, so the number of queries does not grow
    with the contracts or enrolments): `gebruikt` (linked enrolments), `lessen` {gepland, aanwezig (minutes),
    deelnemers (enrolments with attendance)} and `doorloop` {mediaan (days), deelnemers}."""
    eerste_les = (
        Aanwezigheid.objects.filter(inschrijving=OuterRef("pk"), soort=Aanwezigheid.Soort.LES)
        .order_by()
        .values("inschrijving")
        .annotate(datum=Min("datum"))
        .values("datum")
    )
    doorloop = (
        Inschrijving.objects.filter(contract=OuterRef("pk"), statushouder__pip_dagtekening__isnull=False)
        .annotate(eerste_les=Subquery(eerste_les))
        .filter(eerste_les__isnull=False)
        .annotate(dagen=Dagen(F("eerste_les"), F("statushouder__pip_dagtekening")))
    )
    lessen = Aanwezigheid.objects.filter(inschrijving__contract=OuterRef("pk")).annotate(
        contract_id=F("inschrijving__contract_id")
    )
    gebruikt = (
        Inschrijving.objects.filter(contract=OuterRef("pk"))
        .order_by()
        .values("contract_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return contracten.annotate(
        gebruikt=Coalesce(Subquery(gebruikt, output_field=IntegerField()), 0),
        lessen=_per_contract(
            lessen,
            gepland=Sum("geplande_minuten"),
            aanwezig=Sum("aanwezige_minuten"),
            deelnemers=Count("inschrijving_id", distinct=True),
        ),
        doorloop=_per_contract(doorloop, mediaan=Mediaan("dagen"), deelnemers=Count("pk")),
    )


def examens_per_contract(contract_ids) -> dict[int, list[dict]]:
    """Per contract, per onderdeel with results: `deelnemers` (enrolments with a result) and `geslaagd` (of those,
    with a passed result). One query for all contracts."""
    rijen = (
        Examenresultaat.objects.filter(inschrijving__contract_id__in=contract_ids)
        .order_by()
        .values("inschrijving__contract_id", "onderdeel_id", "onderdeel__naam")
        .annotate(
            deelnemers=Count("inschrijving_id", distinct=True),
            geslaagd=Count("inschrijving_id", distinct=True, filter=Q(behaald=True)),
        )
        .order_by("inschrijving__contract_id", "onderdeel_id")
    )
    per_contract: dict[int, list[dict]] = {}
    for rij in rijen:
        per_contract.setdefault(rij["inschrijving__contract_id"], []).append(
            {"onderdeel": rij["onderdeel__naam"], "deelnemers": rij["deelnemers"], "geslaagd": rij["geslaagd"]}
        )
    return per_contract


@dataclass(frozen=True)
class Signaal:
    code: str  # keurmerk_verlopen, keurmerk_verloopt, contract_eindigt, capaciteit
    ernst: str  # "error" or "warning" (the alert's modifier)
    tekst: str


def signalen(contract, vandaag: date) -> list[Signaal]:
    """The contract manager's signals of a contract annotated by `met_cijfers` (and `contracten_voor`): a keurmerk
    (where the route needs one) expired or expiring within 90 days, the contract ending within 90 days, capacity
    used over 90%. None for an ended contract. "Within 90 days" includes the 90th day."""
    if contract.einddatum < vandaag:
        return []
    tot = vandaag + timedelta(days=SIGNAAL_DAGEN)
    uit: list[Signaal] = []
    org = contract.organisatie
    if contract.leerroute.keurmerk_vereist:
        if not org.keurmerk_geldig_op(vandaag):
            uit.append(
                Signaal(
                    "keurmerk_verlopen",
                    "error",
                    str(_("%(organisatie)s heeft geen geldig Blik op Werk keurmerk: inschrijven kan niet."))
                    % {"organisatie": org},
                )
            )
        elif (geldig_tot := org.keurmerk_geldig_tot(vandaag)) is not None and geldig_tot <= tot:
            uit.append(
                Signaal(
                    "keurmerk_verloopt",
                    "warning",
                    ngettext(
                        "Het Blik op Werk keurmerk van %(organisatie)s verloopt over %(dagen)d dag (%(datum)s).",
                        "Het Blik op Werk keurmerk van %(organisatie)s verloopt over %(dagen)d dagen (%(datum)s).",
                        (geldig_tot - vandaag).days,
                    )
                    % {
                        "organisatie": org,
                        "dagen": (geldig_tot - vandaag).days,
                        "datum": f"{geldig_tot:%d-%m-%Y}",
                    },
                )
            )
    if contract.einddatum <= tot:
        uit.append(
            Signaal(
                "contract_eindigt",
                "warning",
                ngettext(
                    "Het contract eindigt over %(dagen)d dag (%(datum)s).",
                    "Het contract eindigt over %(dagen)d dagen (%(datum)s).",
                    (contract.einddatum - vandaag).days,
                )
                % {"dagen": (contract.einddatum - vandaag).days, "datum": f"{contract.einddatum:%d-%m-%Y}"},
            )
        )
    if contract.gebruikt * 100 > SIGNAAL_CAPACITEIT * contract.capaciteit:
        uit.append(
            Signaal(
                "capaciteit",
                "warning",
                str(_("Meer dan %(procent)d%% van de gecontracteerde trajecten is gebruikt."))
                % {"procent": SIGNAAL_CAPACITEIT},
            )
        )
    return uit
