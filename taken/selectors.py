"""Reading tasks. A consultant's open tasks are two kinds in one list: the tasks made for them (taken.Taak) and
the actions with owner "consulent" of the current vastgestelde PIP of their cases (cases.Actie). Two queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q, Value, Window
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from cases.models import Actie, PipVersie, Statushouder
from cases.query import een_van, gemeente_ids_for, in_gemeenten_van
from inburgering.accounts import roles
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_events
from inburgering.compiled import compiled

from .models import Taak

TAAK = "taak"
PIP_ACTIE = "pip-actie"
OPEN_ACTIE = (Actie.ActieStatus.OPEN, Actie.ActieStatus.BEZIG)


@dataclass
class OpenTaak:
    """One row of a task list: a Taak or a PIP action of the consultant."""

    soort: str  # TAAK or PIP_ACTIE
    omschrijving: str
    deadline: date | None
    statushouder: Statushouder | None
    href: str
    toegewezen_aan: object | None
    obj: object  # the Taak or the Actie (for the audit log and the complete button)
    verlopen: bool = False
    toelichting: str = ""

    @property
    def uuid(self):
        return self.obj.uuid

    @property
    def is_taak(self) -> bool:
        return self.soort == TAAK

    @property
    def sorteersleutel(self) -> tuple:
        return (self.deadline is None, self.deadline or date.max, self.soort, self.omschrijving.casefold())


def collegas(user, gemeente=None):
    """The active consultants and teamleiders of the user's gemeente (of `gemeente` only, when given): to whom
    a task may go. The members of the gemeente groups as an array the plan starts from (a few per gemeente): as
    joins PostgreSQL went through every casework user of the country (14 ms on a teamleider's Vandaag)."""
    from partners.models import Gemeente

    User = get_user_model()
    lid = User.groups.through.objects
    granted = Gemeente.objects.filter(een_van("id", gemeente_ids_for(user))).values("group_id")
    qs = User.objects.filter(een_van("id", lid.filter(een_van("group_id", granted)).values("user_id")), is_active=True)
    qs = qs.filter(Exists(lid.filter(user_id=OuterRef("pk"), group__name__in=roles.CASEWORK_ROLES)))
    if gemeente is not None:
        qs = qs.filter(Exists(lid.filter(user_id=OuterRef("pk"), group__gemeente=gemeente)))
    return qs.order_by("first_name", "last_name", "username")


def huidige_pip_acties():
    """The open actions owned by the consultant in the current vastgestelde PIP version of each case (the
    highest dagtekening, then version number, over the case's plans: as cases.views.gedeeld._pip)."""
    versie = "doel__versie__"
    nieuwer = PipVersie.objects.filter(
        pip__statushouder=OuterRef(f"{versie}pip__statushouder"), status=PipVersie.VersieStatus.VASTGESTELD
    ).filter(
        Q(dagtekening__gt=OuterRef(f"{versie}dagtekening"))
        | Q(dagtekening=OuterRef(f"{versie}dagtekening"), versie__gt=OuterRef(f"{versie}versie"))
    )
    return Actie.objects.filter(
        eigenaar=Actie.Eigenaar.CONSULTANT,
        status__in=OPEN_ACTIE,
        doel__versie__status=PipVersie.VersieStatus.VASTGESTELD,
    ).filter(~Exists(nieuwer))


def _taak_href(statushouder) -> str:
    return reverse("cases:dossier", args=[statushouder.uuid]) + "#taken" if statushouder else ""


def _actie_href(statushouder) -> str:
    return reverse("cases:dossier", args=[statushouder.uuid]) + "#kop-pip"


def zichtbare_taken(user):
    """The tasks the user may see: on a case the user may view, or without a case made by or for the user (or,
    for a teamleider, for a colleague of the gemeente)."""
    eigen = Q(toegewezen_aan=user) | Q(aangemaakt_door=user)
    if roles.has_role(user, roles.TEAMLEIDER):
        eigen |= Q(toegewezen_aan__in=collegas(user).values("pk"))
    return Taak.objects.filter(
        Q(statushouder__in=Statushouder.objects.for_user(user)) | (Q(statushouder__isnull=True) & eigen)
    )


def open_taken(user, tot: date | None = None, gemeente_breed: bool = False, vandaag: date | None = None):
    """The user's open tasks and PIP actions (`gemeente_breed`: those of all consultants of the user's gemeente,
    for a teamleider), with a deadline up to `tot` when given, sorted by deadline (so overdue first; PIP
    actions without a deadline last). Two queries (compiled once when `tot` is given, as on Vandaag); call
    `log_getoond` with the rows shown."""
    if tot is None:
        taken, acties = _open(user, tot, gemeente_breed)
    else:
        taken, acties = (
            _open_tot(user=user, tot=tot, gemeente_breed=gemeente_breed, soort=s) for s in (TAAK, PIP_ACTIE)
        )
    return _als_rijen(taken, acties, vandaag or timezone.localdate())


def eerste_open_taken(user, aantal: int, *, tot: date, vandaag: date) -> tuple[list[OpenTaak], int]:
    """The first `aantal` of `open_taken(user, tot, gemeente_breed=True)` without the user's own, and how many
    there are: two queries (compiled once) that stop at `aantal` rows (a gemeente's overdue PIP actions run into
    the thousands)."""
    taken, acties = (
        _open_tot(user=user, tot=tot, gemeente_breed=True, soort=s, zonder_eigen=True, aantal=aantal)
        for s in (TAAK, PIP_ACTIE)
    )
    totaal = sum(rijen[0].totaal for rijen in (taken, acties) if rijen)
    return _als_rijen(taken, acties, vandaag)[:aantal], totaal


@compiled(user=settings.AUTH_USER_MODEL, tot=date)
def _open_tot(*, user, tot: date, gemeente_breed: bool, soort: str, zonder_eigen: bool = False, aantal: int = 0):
    """One kind (TAAK or PIP_ACTIE) of `_open`; `zonder_eigen`: without the user's own; `aantal`: the first ones
    by deadline, each with `totaal`, how many there are."""
    taken, acties = _open(user, tot, gemeente_breed)
    qs = taken if soort == TAAK else acties
    if zonder_eigen:
        qs = qs.exclude(**{"toegewezen_aan" if soort == TAAK else "doel__versie__pip__statushouder__consultant": user})
    if aantal:
        volgorde = (F("deadline").asc(nulls_last=True), Lower("omschrijving"), "pk")
        qs = qs.annotate(totaal=Window(Count("*"))).order_by(*volgorde)[:aantal]
    return qs


def _open(user, tot: date | None, gemeente_breed: bool):
    """The querysets of the open tasks and of the open PIP actions of `open_taken`."""
    zichtbaar = Statushouder.objects.for_user(user)
    if gemeente_breed:
        wie_taak = Q(toegewezen_aan__in=collegas(user).values("pk"))
        dossiers = zichtbaar.actief().filter(in_gemeenten_van(user))
    else:
        wie_taak = Q(toegewezen_aan=user)
        dossiers = zichtbaar.actief().filter(consultant=user)
    taken = (
        Taak.objects.open()
        .filter(wie_taak)
        .filter(Q(statushouder__isnull=True) | Q(statushouder__in=zichtbaar))
        .select_related("statushouder__gemeente", "toegewezen_aan")
    )
    # The cases as an array the plan starts from (an index scan on the PIP's statushouder): as a join PostgreSQL
    # hashed every PIP of the country (a teamleider's overdue actions: 27 ms instead of 3 ms).
    acties = (
        huidige_pip_acties()
        .filter(een_van("doel__versie__pip__statushouder_id", dossiers.values("pk")))
        .select_related("doel__versie__pip__statushouder__gemeente", "doel__versie__pip__statushouder__consultant")
    )
    if tot is not None:
        taken = taken.filter(deadline__lte=tot)
        acties = acties.filter(deadline__lte=tot)
    return taken, acties


def _als_rijen(taken, acties, vandaag: date) -> list[OpenTaak]:
    rijen = [
        OpenTaak(
            TAAK,
            t.omschrijving,
            t.deadline,
            t.statushouder,
            _taak_href(t.statushouder),
            t.toegewezen_aan,
            t,
            toelichting=t.toelichting,
        )
        for t in taken
    ]
    for actie in acties:
        sh = actie.doel.versie.pip.statushouder
        actie.statushouder = sh  # for the audit event
        rijen.append(OpenTaak(PIP_ACTIE, actie.omschrijving, actie.deadline, sh, _actie_href(sh), sh.consultant, actie))
    for rij in rijen:
        rij.verlopen = rij.deadline is not None and rij.deadline < vandaag
    return sorted(rijen, key=lambda r: r.sorteersleutel)


def taken_van_dossier(statushouder, vandaag: date | None = None) -> list[OpenTaak]:
    """The open tasks and PIP actions (owner: consultant) of one case, for its case page: one query (a UNION).
    The caller authorised the case."""
    vandaag = vandaag or timezone.localdate()
    velden = (
        "uuid",
        "omschrijving",
        "deadline",
        "soort",
        "uitleg",
        "wie_pk",
        "wie_voornaam",
        "wie_achternaam",
        "wie_naam",
    )
    taken = (
        Taak.objects.open()
        .filter(statushouder=statushouder)
        .annotate(
            soort=Value(TAAK),
            uitleg=F("toelichting"),
            wie_pk=F("toegewezen_aan_id"),
            wie_voornaam=F("toegewezen_aan__first_name"),
            wie_achternaam=F("toegewezen_aan__last_name"),
            wie_naam=F("toegewezen_aan__username"),
        )
        .order_by()
        .values_list(*velden)
    )
    consultant = "doel__versie__pip__statushouder__consultant"
    acties = (
        huidige_pip_acties()
        .filter(doel__versie__pip__statushouder=statushouder)
        .annotate(
            soort=Value(PIP_ACTIE),
            uitleg=Value(""),
            wie_pk=F(f"{consultant}_id"),
            wie_voornaam=F(f"{consultant}__first_name"),
            wie_achternaam=F(f"{consultant}__last_name"),
            wie_naam=F(f"{consultant}__username"),
        )
        .order_by()
        .values_list(*velden)
    )
    rijen = []
    for uuid, omschrijving, deadline, soort, uitleg, wie_pk, voornaam, achternaam, naam in taken.union(
        acties, all=True
    ):
        wie = None
        if wie_pk is not None:
            wie = get_user_model()(pk=wie_pk, first_name=voornaam or "", last_name=achternaam or "", username=naam)
        if soort == TAAK:
            obj, href = Taak(uuid=uuid, statushouder=statushouder), _taak_href(statushouder)
        else:
            obj, href = Actie(uuid=uuid), _actie_href(statushouder)
            obj.statushouder = statushouder
        rij = OpenTaak(soort, omschrijving, deadline, statushouder, href, wie, obj, toelichting=uitleg)
        rij.verlopen = deadline is not None and deadline < vandaag
        rijen.append(rij)
    return sorted(rijen, key=lambda r: r.sorteersleutel)


def onlangs_afgerond(user, sinds, aantal: int = 10):
    """The user's tasks (for or by the user) completed since `sinds`, latest first: to reopen one."""
    return list(
        zichtbare_taken(user)
        .filter(Q(toegewezen_aan=user) | Q(aangemaakt_door=user), afgerond_op__date__gte=sinds)
        .select_related("statushouder__gemeente")
        .order_by("-afgerond_op")[:aantal]
    )


def taak_voor(user, uuid) -> Taak:
    """One task the user may see; DoesNotExist otherwise."""
    return zichtbare_taken(user).select_related("statushouder__gemeente", "toegewezen_aan").get(uuid=uuid)


def log_getoond(user, rijen, toelichting: str = "taken") -> None:
    """Log the tasks and PIP actions on a case that were shown (one INSERT)."""
    objecten = [r.obj for r in rijen if r.statushouder is not None]
    if objecten:
        log_events(user, Handeling.LIST, objecten, velden=["omschrijving", "deadline"], toelichting=toelichting)
