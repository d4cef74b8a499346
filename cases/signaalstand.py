"""The signals of the Vandaag list, kept per case for the day (cases.Signaalstand).

Computing a case's signals takes some thirty subqueries (cases/signals.py); for the hundreds of active cases of a
gemeente that was most of a teamleider's Vandaag, on every view. A stand keeps a case's signal annotations and its
signals (code and date) and is valid while
- its day is today: dates move, a deadline comes near without any write;
- its key is the current one (`sleutel`): the norms and the code of the modules that define signals;
- its version is the case's Signaalversie: triggers raise that counter in the transaction of every write to what the
  signals read (migration 0011). A stand is computed in one snapshot with the counter that snapshot saw, so a write
  that commits while a stand is being computed leaves the stand out of date, never wrong.
A list reads the stands of its cases and computes the ones out of date again (`bijwerken`), in one query for all of
them. The case page computes its own case's signals directly (one row).
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from inburgering.compiled import compiled

from . import signals
from .models import Signaalstand, Signaalversie, Statushouder
from .query import een_van_lijst


class Rij(SimpleNamespace):
    """A case's columns and signal annotations as attributes, as the signals read them from a model row."""

    def __init__(self, waarden: dict):
        super().__init__(**waarden)
        self.pk = self.id


def versie():
    """The case's Signaalversie (0 before the first write), for a Statushouder queryset."""
    return Coalesce(Subquery(Signaalversie.objects.filter(statushouder_id=OuterRef("pk")).values("versie")), Value(0))


def sleutel() -> str:
    """The norms and the source of the modules that define the registered signals: a deploy that changes a rule or
    a changed norm makes every stand out of date."""
    normen = repr(sorted(settings.INBURGERING_NORMEN.items()))
    return hashlib.sha256(f"{normen}|{_bron(tuple(signals.SIGNALEN))}".encode()).hexdigest()


@lru_cache(maxsize=8)
def _bron(codes: tuple[str, ...]) -> str:
    modules = set()
    for code in codes:
        signaal = signals.SIGNALEN[code]
        for deel in (signaal.annotaties, signaal.filter, signaal.geldt, signaal.datum, signaal.toelichting):
            modules.add(getattr(deel, "__module__", None))
    inhoud = hashlib.sha256("|".join(codes).encode())
    for naam in sorted(filter(None, modules)):
        bestand = getattr(sys.modules.get(naam), "__file__", None)
        if bestand:
            inhoud.update(Path(bestand).read_bytes())
    return inhoud.hexdigest()


def velden() -> dict:
    """What to read with each case (`.values(**velden())`) for `met_meldingen`."""
    return {
        "stand_dag": F("signaalstand__dag"),
        "stand_sleutel": F("signaalstand__sleutel"),
        "stand_versie": F("signaalstand__versie"),
        "stand_meldingen": F("signaalstand__meldingen"),
        "versie": versie(),
    }


def met_meldingen(rijen: list[dict], vandaag: date) -> list[dict]:
    """Give each case row (read with "id" and `velden()`) its signals of the day as "meldingen", [(code, date)]:
    its stand's, or, for the stands out of date, computed again (one query for all of them) and stored."""
    sleutel_ = sleutel()
    verouderd = [rij["id"] for rij in rijen if not _geldig(rij, vandaag, sleutel_)]
    nieuw = bijwerken(verouderd, vandaag, sleutel_) if verouderd else {}
    for rij in rijen:
        rij["meldingen"] = nieuw[rij["id"]] if rij["id"] in nieuw else meldingen_van(rij["stand_meldingen"])
    return rijen


def _geldig(rij: dict, vandaag: date, sleutel_: str) -> bool:
    return rij["stand_dag"] == vandaag and rij["stand_sleutel"] == sleutel_ and rij["stand_versie"] == rij["versie"]


def meldingen_van(stand_meldingen) -> list[tuple[str, date | None]]:
    """A stand's signals as (code, date), leaving out a code no longer registered."""
    return [
        (code, date.fromisoformat(datum) if datum else None)
        for code, datum in stand_meldingen or []
        if code in signals.SIGNALEN
    ]


def bijwerken(ids: list[int], vandaag: date, sleutel_: str) -> dict[int, list[tuple[str, date | None]]]:
    """Compute the stands of these cases (one query, with each case's Signaalversie in the same snapshot), store
    them (one INSERT … ON CONFLICT) and return their signals by case."""
    namen = list(_uitvoervelden(tuple(signals.SIGNALEN)))
    standen, uit = [], {}
    for waarden in _rijen(ids=list(ids), vandaag=vandaag, _sleutel=sleutel_):
        rij = Rij(waarden)
        meldingen = [(m.signaal.code, m.datum) for m in signals.meldingen_voor(rij, vandaag)]
        uit[rij.id] = meldingen
        standen.append(
            Signaalstand(
                statushouder_id=rij.id,
                dag=vandaag,
                sleutel=sleutel_,
                versie=waarden["signaalversie"],
                waarden={naam: waarden[naam] for naam in namen},
                meldingen=[[code, datum.isoformat() if datum else None] for code, datum in meldingen],
            )
        )
    Signaalstand.objects.bulk_create(
        standen,
        update_conflicts=True,
        unique_fields=["statushouder"],
        update_fields=["dag", "sleutel", "versie", "waarden", "meldingen"],
    )
    return uit


def bijwerken_alle(vandaag: date, per: int = 1000) -> int:
    """Compute the day's stands of every active case (the nightly beat task), `per` cases a query, so that the first
    Vandaag of the day reads stands too. Returns the number of cases."""
    from .workflow import ACTIEF

    sleutel_ = sleutel()
    ids = list(Statushouder.objects.filter(status__in=ACTIEF).order_by("pk").values_list("pk", flat=True))
    for begin in range(0, len(ids), per):
        bijwerken(ids[begin : begin + per], vandaag, sleutel_)
    return len(ids)


@compiled(ids=list)
def _rijen(*, ids: list[int], vandaag: date, _sleutel: str):
    """The cases with every signal's annotations and their Signaalversie, compiled once per day and key (norms and
    signal code): compiling its ~40 annotations took longer than computing one case's signals."""
    rijen = signals.annoteer(Statushouder.objects.filter(een_van_lijst("id", ids)).order_by("pk"), vandaag)
    namen = list(rijen.query.annotations)
    return rijen.annotate(signaalversie=versie()).values(
        *(f.attname for f in Statushouder._meta.concrete_fields), *namen, "signaalversie"
    )


def zet_waarden(statushouder, waarden: dict) -> None:
    """Put a stand's annotations on a case as the signals' explanations read them, with their Python types."""
    velden = _uitvoervelden(tuple(signals.SIGNALEN))
    for naam, waarde in waarden.items():
        veld = velden.get(naam)
        setattr(statushouder, naam, veld.to_python(waarde) if veld is not None and waarde is not None else waarde)


@lru_cache(maxsize=8)
def _uitvoervelden(codes: tuple[str, ...]) -> dict:
    """The output field of each signal annotation (the same on every day)."""
    annotaties = signals.annoteer(Statushouder.objects.all(), date(2000, 1, 1), codes).query.annotations
    return {naam: expressie.output_field for naam, expressie in annotaties.items()}
