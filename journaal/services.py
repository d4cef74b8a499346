"""Writing notes: a new note (or a correction of a fixed one), a change by its author within the edit time,
and clearing the notes of anonymised cases. Every write is logged; the timeline gets the category only."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.services.common import timeline
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .models import Notitie

VELDEN = ["datum", "categorie", "tekst"]
TEKST_MAX = 10_000


def bewerktijd() -> timedelta:
    return timedelta(minutes=settings.JOURNAAL_BEWERKTIJD_MINUTEN)


def bewerkbaar_tot(notitie: Notitie) -> datetime:
    return notitie.aangemaakt_op + bewerktijd()


def mag_bewerken(notitie: Notitie, user, nu: datetime | None = None) -> bool:
    """Only its author, and only within the edit time after it was written; then it is fixed."""
    nu = nu or timezone.now()
    return notitie.auteur_id == user.pk and nu < bewerkbaar_tot(notitie)


def _controleer(datum: date, categorie: str, tekst: str) -> str:
    fouten = {}
    if datum > timezone.localdate():
        fouten["datum"] = [_("De datum van een notitie kan niet in de toekomst liggen.")]
    if categorie not in Notitie.Categorie.values:
        fouten["categorie"] = [_("Kies een categorie.")]
    tekst = (tekst or "").strip()
    if not tekst:
        fouten["tekst"] = [_("Schrijf de notitie.")]
    elif len(tekst) > TEKST_MAX:
        fouten["tekst"] = [_("Een notitie is hoogstens %(max)s tekens lang.") % {"max": TEKST_MAX}]
    if fouten:
        raise ValidationError(fouten)
    return tekst


def _tijdlijn_tekst(notitie: Notitie) -> str:
    """Dutch, stored: the category only, never the text (a zorg note is health data)."""
    tekst = f"Notitie ({notitie.Categorie(notitie.categorie).label}) vastgelegd"
    if notitie.corrigeert_id:
        tekst += f", correctie op de notitie van {date_format(notitie.corrigeert.datum, 'd-m-Y')}"
    return tekst


@transaction.atomic
def leg_vast(
    *, actor, statushouder, datum: date, categorie: str, tekst: str, corrigeert: Notitie | None = None
) -> Notitie:
    """A new note on the case; `corrigeert`: the note of the same case it corrects."""
    tekst = _controleer(datum, categorie, tekst)
    if corrigeert is not None and corrigeert.statushouder_id != statushouder.pk:
        raise ValidationError(_("De notitie die u corrigeert hoort bij een ander dossier."))
    notitie = Notitie.objects.create(
        statushouder=statushouder, datum=datum, categorie=categorie, tekst=tekst, auteur=actor, corrigeert=corrigeert
    )
    timeline(statushouder, "journaal", _tijdlijn_tekst(notitie), datum, actor)
    log_event(actor, Handeling.CREATE, notitie, statushouder=statushouder, velden=VELDEN)
    return notitie


@transaction.atomic
def wijzig(*, actor, notitie: Notitie, datum: date, categorie: str, tekst: str, nu: datetime | None = None) -> Notitie:
    """Change a note: only its author, within the edit time; after that it is fixed (write a correction)."""
    notitie = (
        Notitie.objects.select_for_update(of=("self",)).select_related("statushouder__gemeente").get(pk=notitie.pk)
    )
    if notitie.auteur_id != actor.pk:
        raise ValidationError(_("Alleen wie de notitie schreef kan haar wijzigen."))
    if not mag_bewerken(notitie, actor, nu):
        raise ValidationError(
            _(
                "Deze notitie staat vast: u kunt haar alleen de eerste %(minuten)s minuten wijzigen. "
                "Leg een correctie vast als nieuwe notitie."
            )
            % {"minuten": int(bewerktijd().total_seconds() // 60)}
        )
    tekst = _controleer(datum, categorie, tekst)
    gewijzigd = [
        veld
        for veld, waarde in (("datum", datum), ("categorie", categorie), ("tekst", tekst))
        if getattr(notitie, veld) != waarde
    ]
    if not gewijzigd:
        return notitie
    notitie.datum, notitie.categorie, notitie.tekst = datum, categorie, tekst
    notitie.save()
    log_event(actor, Handeling.UPDATE, notitie, statushouder=notitie.statushouder, velden=gewijzigd)
    return notitie
