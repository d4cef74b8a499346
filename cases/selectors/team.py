"""Reads for the teamleider: the caseload per consultant (counts only, no personal data) and the cases to
(re)assign. Scope is the teamleider's own gemeente: cases granted one by one from elsewhere stay out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper, Q

from inburgering.accounts import roles
from inburgering.compiled import compiled

from .. import signaalstand, signals
from ..models import Statushouder
from ..query import gemeente_ids_for
from ..workflow import ACTIEF


def consulenten(user, gemeente=None):
    """The active consultants of the user's gemeente (of `gemeente` only, when given): whom a case may go to."""
    qs = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.CONSULTANT)
        .filter(groups__gemeente__in=gemeente_ids_for(user))  # a separate join: the role and the gemeente group
    )
    if gemeente is not None:
        qs = qs.filter(groups__gemeente=gemeente)
    return qs.distinct().order_by("first_name", "last_name", "username")


def dossiers_van_gemeente(user):
    """The active cases of the teamleider's gemeente, with their consultant; call `log_shown` with the rows shown."""
    return (
        Statushouder.objects.for_user(user, "change")
        .filter(gemeente_id__in=gemeente_ids_for(user))
        .actief()
        .select_related("gemeente", "consultant")
    )


@compiled(user=settings.AUTH_USER_MODEL)
def _dossierrijen(*, user):
    """The gemeente's active cases with their consultant, status and stored signals: a small row per case."""
    return dossiers_van_gemeente(user).order_by().values("id", "consultant_id", "status", **signaalstand.velden())


def urgente_signalen() -> list[signals.Signaal]:
    """The registered signals of the highest severity (other modules register more: never a fixed list)."""
    return [s for s in signals.SIGNALEN.values() if s.ernst == signals.Ernst.URGENT]


@dataclass
class Teamrij:
    """One consultant's caseload (consultant None: the cases nobody has)."""

    consultant: object | None
    actief: int = 0
    per_status: dict[str, int] = field(default_factory=dict)
    urgent: int = 0
    fte: Decimal | None = None
    van_gemeente: bool = True  # False: still holds cases, but is no (active) consultant of the gemeente any more

    @property
    def statussen(self) -> list[tuple[str, int]]:
        return list(self.per_status.items())

    @property
    def per_fte(self) -> Decimal | None:
        return (Decimal(self.actief) / self.fte).quantize(Decimal("0.1"), ROUND_HALF_UP) if self.fte else None


def team_overzicht(user, vandaag: date) -> tuple[list[Teamrij], Teamrij]:
    """(one row per consultant of the gemeente, and per other holder of its cases, then "niet toegewezen"; the
    totals): active cases, per status, with an urgent signal (from the signals stored for the day,
    cases/signaalstand.py). Two queries, whatever the number of cases, and one more for the stands out of date."""
    urgent = {s.code for s in urgente_signalen()}
    per_consultant: dict = {}
    for rij in signaalstand.met_meldingen(_dossierrijen(user=user), vandaag):
        telling = per_consultant.setdefault(rij["consultant_id"], {"actief": 0, "urgent": 0})
        telling["actief"] += 1
        telling[f"status_{rij['status']}"] = telling.get(f"status_{rij['status']}", 0) + 1
        telling["urgent"] += any(code in urgent for code, _datum in rij["meldingen"])
    van_gemeente = Q(pk__in=consulenten(user).values("pk"))
    houders = (
        get_user_model()
        .objects.filter(van_gemeente | Q(pk__in=[pk for pk in per_consultant if pk is not None]))
        .annotate(is_consulent=ExpressionWrapper(van_gemeente, output_field=BooleanField()))
        .order_by("first_name", "last_name", "username")
    )
    rijen = [_rij(c, per_consultant.get(c.pk), van_gemeente=c.is_consulent) for c in houders]
    rijen.append(_rij(None, per_consultant.get(None)))
    totaal = Teamrij(
        consultant=None,
        actief=sum(r.actief for r in rijen),
        per_status={s: sum(r.per_status[s] for r in rijen) for s in ACTIEF},
        urgent=sum(r.urgent for r in rijen),
        fte=sum((r.fte for r in rijen if r.fte and r.van_gemeente), Decimal(0)) or None,
    )
    return rijen, totaal


def _rij(consultant, telling: dict | None, van_gemeente: bool = True) -> Teamrij:
    telling = telling or {}
    return Teamrij(
        consultant=consultant,
        actief=telling.get("actief", 0),
        per_status={s: telling.get(f"status_{s}", 0) for s in ACTIEF},
        urgent=telling.get("urgent", 0),
        fte=consultant.fte if consultant is not None else None,
        van_gemeente=van_gemeente,
    )
