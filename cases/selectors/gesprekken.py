"""Reads of voortgangsgesprekken, permission-filtered through `Voortgangsgesprek.objects.for_user`. The
callers have opened the case through a selector that logged the READ of the case."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F, Q

from inburgering.compiled import compiled

from ..models import Doel, Voortgangsgesprek
from ..services.gesprekken import Voortgang


def gesprekken(user, statushouder):
    """All gesprekken of a case: the planned ones first (soonest first), then the held ones, latest first."""
    return _geordend().for_user(user).filter(statushouder=statushouder)


def _geordend():
    return Voortgangsgesprek.objects.select_related("consultant").order_by(
        F("gehouden_op").desc(nulls_first=True), "gepland_op", "-id"
    )


def gepland(user, statushouder):
    """The planned, not yet held gesprekken, soonest first (at most one regular and three follow-ups)."""
    return gesprekken(user, statushouder).filter(gehouden_op__isnull=True)


def gehouden(user, statushouder):
    """The held gesprekken, latest first."""
    return gesprekken(user, statushouder).filter(gehouden_op__isnull=False)


@compiled(pk=int)
def _overzicht_rijen(*, pk, aantal: int):
    recent = _geordend().filter(statushouder_id=pk, gehouden_op__isnull=False).values("pk")[: aantal + 1]
    return _geordend().filter(Q(gehouden_op__isnull=True) | Q(pk__in=recent), statushouder_id=pk)


@dataclass
class Overzicht:
    """What the case page shows: the planned gesprekken and the latest held ones."""

    gepland: list = field(default_factory=list)
    gehouden: list = field(default_factory=list)
    meer: bool = False  # more held gesprekken than shown

    @property
    def volgend(self):
        return self.gepland[0] if self.gepland else None

    @property
    def laatst_gehouden(self):
        return self.gehouden[0] if self.gehouden else None

    @property
    def open_regulier(self):
        return next((g for g in self.gepland if g.soort == Voortgangsgesprek.Soort.REGULIER), None)


def overzicht(statushouder, aantal: int = 5) -> Overzicht:
    """The case page's gesprekken of a case it has opened (permission checked, READ logged), in one query whatever
    their number: the open ones (a case has at most one regular and three follow-ups open) and the latest
    `aantal` held ones (one more, to know whether there are more)."""
    rijen = _overzicht_rijen(pk=statushouder.pk, aantal=aantal)
    held = [g for g in rijen if g.gehouden_op is not None]
    return Overzicht(
        gepland=[g for g in rijen if g.gehouden_op is None], gehouden=held[:aantal], meer=len(held) > aantal
    )


def met_voortgang(user, gesprekken_lijst) -> list:
    """Give each held gesprek `doelen`: its goals with the progress recorded, in the PIP's order (one query
    for all the goals of the PIP versions discussed)."""
    gesprekken_lijst = list(gesprekken_lijst)
    versies = {g.pip_versie_id for g in gesprekken_lijst if g.pip_versie_id}
    doelen: dict[int, list] = {}
    for doel in Doel.objects.for_user(user).filter(versie_id__in=versies).order_by("leefgebied", "volgorde", "id"):
        doelen.setdefault(doel.versie_id, []).append(doel)
    labels = dict(Voortgang.choices)
    for gesprek in gesprekken_lijst:
        per_doel = gesprek.voortgang_per_doel or {}
        gesprek.doelen = []
        for doel in doelen.get(gesprek.pip_versie_id, []):
            waarde = per_doel.get(str(doel.uuid), {})
            gesprek.doelen.append(
                {
                    "doel": doel,
                    "voortgang": waarde.get("voortgang", ""),
                    "voortgang_label": labels.get(waarde.get("voortgang", ""), ""),
                    "toelichting": waarde.get("toelichting", ""),
                }
            )
    return gesprekken_lijst


def voortgang_samenvatting(gesprek) -> list[tuple[str, int]]:
    """(label, count) per progress choice of a held gesprek, from its JSON (no query)."""
    tellingen = Counter(w.get("voortgang") for w in (gesprek.voortgang_per_doel or {}).values())
    return [(label, tellingen[code]) for code, label in Voortgang.choices if tellingen[code]]
