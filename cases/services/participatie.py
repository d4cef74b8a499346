"""Participation (work, education, volunteering, placements) and the ontzorgen period of a case (DOMAIN.md
req. 11). The checks mirror the Participatie and Statushouder CHECK constraints, so the user gets a Dutch
message instead of a database error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .. import deadlines
from ..models import Participatie, Statushouder
from ..permissions import require_change
from .common import locked, not_in_future, timeline, today

MAX_UREN = 60
SECTOR_MAX = Participatie._meta.get_field("sector").max_length


def _velden(
    *, soort: str, startdatum: date | None, einddatum: date | None = None,
    uren_per_week: Decimal | None = None, sector: str = "", contractvorm: str = "",
) -> dict:  # fmt: skip
    """The participation's fields (as registreer_participatie and wijzig_participatie take them), checked;
    raises one ValidationError with every field's message."""
    fouten = {}
    sector = (sector or "").strip()
    contractvorm = contractvorm or ""
    if soort not in Participatie.Soort.values:
        fouten["soort"] = _("Kies de soort participatie.")
    if startdatum is None:
        fouten["startdatum"] = _("Vul de startdatum in.")
    elif einddatum is not None and einddatum < startdatum:
        fouten["einddatum"] = _("De einddatum ligt vóór de startdatum.")
    if uren_per_week is not None and not Decimal(0) < Decimal(uren_per_week) <= MAX_UREN:
        fouten["uren_per_week"] = _("Vul een aantal uren per week in van meer dan 0 tot en met %(max)s.") % {
            "max": MAX_UREN
        }
    if len(sector) > SECTOR_MAX:
        fouten["sector"] = _("Beschrijf de sector in ten hoogste %(max)s tekens.") % {"max": SECTOR_MAX}
    if soort == Participatie.Soort.BETAALD_WERK:
        if uren_per_week is None:
            fouten.setdefault("uren_per_week", _("Vul het aantal uren per week in."))
        if contractvorm not in Participatie.Contractvorm.values:
            fouten["contractvorm"] = _("Kies de contractvorm.")
    elif contractvorm:
        fouten["contractvorm"] = _("Een contractvorm hoort alleen bij betaald werk.")
    if fouten:
        raise ValidationError(fouten)
    return {
        "soort": soort,
        "startdatum": startdatum,
        "einddatum": einddatum,
        "uren_per_week": uren_per_week,
        "sector": sector,
        "contractvorm": contractvorm,
    }


def _omschrijving(p: Participatie) -> str:
    """The timeline text: stored data, so in Dutch (as the rest of the timeline), not translated."""
    if p.einddatum is None:
        return f"{p.get_soort_display()} vanaf {p.startdatum:%d-%m-%Y}"
    return f"{p.get_soort_display()} van {p.startdatum:%d-%m-%Y} tot en met {p.einddatum:%d-%m-%Y}"


@transaction.atomic
def registreer_participatie(*, actor, statushouder, **gegevens) -> Participatie:
    """Record a participation (`gegevens`: the fields of `_velden`); the start may lie ahead (a job that starts
    next month)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    velden = _velden(**gegevens)
    participatie = Participatie.objects.create(statushouder=statushouder, **velden)
    timeline(
        statushouder,
        "participatie:vastgelegd",
        f"Participatie vastgelegd: {_omschrijving(participatie)}",
        min(participatie.startdatum, today()),
        actor,
    )
    log_event(actor, Handeling.CREATE, participatie, statushouder=statushouder)
    return participatie


def _participatie(statushouder, uuid) -> Participatie:
    """One participation of this case, locked; Participatie.DoesNotExist for another case's (→ 404)."""
    return Participatie.objects.select_for_update().get(statushouder=statushouder, uuid=uuid)


@transaction.atomic
def wijzig_participatie(*, actor, statushouder, participatie, **gegevens) -> Participatie:
    """Correct a participation (`participatie` is its uuid; `gegevens`: the fields of `_velden`)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    participatie = _participatie(statushouder, participatie)
    velden = _velden(**gegevens)
    gewijzigd = [veld for veld, waarde in velden.items() if getattr(participatie, veld) != waarde]
    if not gewijzigd:
        return participatie
    for veld in gewijzigd:
        setattr(participatie, veld, velden[veld])
    participatie.save(update_fields=gewijzigd)
    timeline(
        statushouder,
        "participatie:gewijzigd",
        f"Participatie gewijzigd: {_omschrijving(participatie)}",
        today(),
        actor,
    )
    log_event(actor, Handeling.UPDATE, participatie, statushouder=statushouder, velden=gewijzigd)
    return participatie


@transaction.atomic
def beeindig_participatie(*, actor, statushouder, participatie, einddatum: date) -> Participatie:
    """End a running participation (`participatie` is its uuid) on `einddatum`, which may lie ahead."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    participatie = _participatie(statushouder, participatie)
    if participatie.einddatum is not None:
        raise ValidationError(_("Deze participatie is al beëindigd."))
    if einddatum is None:
        raise ValidationError({"einddatum": _("Vul de einddatum in.")})
    if einddatum < participatie.startdatum:
        raise ValidationError({"einddatum": _("De einddatum ligt vóór de startdatum.")})
    participatie.einddatum = einddatum
    participatie.save(update_fields=["einddatum"])
    timeline(
        statushouder,
        "participatie:beeindigd",
        f"Participatie beëindigd: {_omschrijving(participatie)}",
        min(einddatum, today()),
        actor,
    )
    log_event(actor, Handeling.UPDATE, participatie, statushouder=statushouder, velden=["einddatum"])
    return participatie


@transaction.atomic
def leg_ontzorgen_vast(
    *, actor, statushouder, bijstand_start_datum: date, ontzorgen_einde_datum: date | None = None
) -> Statushouder:
    """DOMAIN.md req. 11: ontzorgen runs from the start of bijstand for at least 6 months. Without a planned
    end the signals assume the earliest one (deadlines.ontzorgen_vroegst_einde)."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    if bijstand_start_datum is None:
        raise ValidationError({"bijstand_start_datum": _("Vul de startdatum van de bijstand in.")})
    not_in_future(bijstand_start_datum, "bijstand_start_datum")
    if ontzorgen_einde_datum is not None:
        vroegst = deadlines.ontzorgen_vroegst_einde(bijstand_start_datum)
        if ontzorgen_einde_datum < vroegst:
            raise ValidationError(
                {
                    "ontzorgen_einde_datum": _(
                        "Ontzorgen duurt ten minste %(maanden)s maanden vanaf de start van de bijstand: "
                        "kies %(datum)s of later."
                    )
                    % {"maanden": deadlines.norm("ONTZORGEN_MIN_MAANDEN"), "datum": f"{vroegst:%d-%m-%Y}"}
                }
            )
    gewijzigd = [
        veld
        for veld, waarde in (
            ("bijstand_start_datum", bijstand_start_datum),
            ("ontzorgen_einde_datum", ontzorgen_einde_datum),
        )
        if getattr(statushouder, veld) != waarde
    ]
    if not gewijzigd:
        return statushouder
    statushouder.bijstand_start_datum = bijstand_start_datum
    statushouder.ontzorgen_einde_datum = ontzorgen_einde_datum
    statushouder.save(update_fields=[*gewijzigd, "gewijzigd_op"])
    einde = ontzorgen_einde_datum or deadlines.ontzorgen_vroegst_einde(bijstand_start_datum)
    timeline(
        statushouder,
        "ontzorgen",
        f"Ontzorgen vastgelegd: bijstand vanaf {bijstand_start_datum:%d-%m-%Y}, ontzorgen tot en met {einde:%d-%m-%Y}",
        today(),
        actor,
    )
    log_event(actor, Handeling.UPDATE, statushouder, velden=gewijzigd)
    return statushouder
