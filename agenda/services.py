"""Writes of the agenda: plan, change and cancel an appointment on a case (with the timeline entry and the audit
event), the personal calendar feed (create/renew, revoke; only a hash of its token is stored), and removing a
case's appointments at anonymisation."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, time
from urllib.parse import urlparse

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import Statushouder, Voortgangsgesprek
from cases.permissions import require_change
from cases.services.common import timeline, today
from inburgering.accounts import roles
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .models import Afspraak, AgendaFeed
from .talen import is_taalcode

# The fields a form may set; `genodigden` (users) is set separately.
VELDEN = (
    "soort",
    "datum",
    "begintijd",
    "eindtijd",
    "plaats_soort",
    "plaats",
    "tolk_nodig",
    "tolk_taal",
    "tolk_wijze",
    "sleutelpersoon",
    "consultant",
    "genodigden_overig",
    "voortgangsgesprek",
    "toelichting",
)


# --- who may be in the agenda of a case -------------------------------------------------------------------


def medewerkers_van(gemeente):
    """The active consultants and teamleiders of a gemeente: whose agenda an appointment on its cases may be in,
    and the colleagues who may be invited."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups=gemeente.group_id)
        .filter(groups__name__in=roles.CASEWORK_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _is_medewerker(user, gemeente) -> bool:
    return user is not None and medewerkers_van(gemeente).filter(pk=user.pk).exists()


# --- validation ----------------------------------------------------------------------------------------


def _valideer(statushouder, data: dict, genodigden, *, nieuw: bool, vandaag: date) -> None:
    fouten: dict[str, list[str]] = {}

    def fout(veld, tekst):
        fouten.setdefault(veld, []).append(tekst)

    begin, eind = data.get("begintijd"), data.get("eindtijd")
    if begin and eind and eind <= begin:
        fout("eindtijd", _("De eindtijd moet na de begintijd liggen."))
    if nieuw and data.get("datum") and data["datum"] < vandaag:
        fout("datum", _("Een nieuwe afspraak kan niet in het verleden liggen."))
    if data.get("tolk_nodig"):
        if not data.get("tolk_taal"):
            fout("tolk_taal", _("Kies de taal van de tolk."))
        elif not is_taalcode(data["tolk_taal"]):
            fout("tolk_taal", _("Onbekende taalcode."))
        if not data.get("tolk_wijze"):
            fout("tolk_wijze", _("Kies of de tolk telefonisch of aanwezig is."))
    if data.get("plaats_soort") == Afspraak.PlaatsSoort.VIDEO:
        link = urlparse(data.get("plaats") or "")
        if link.scheme != "https" or not link.netloc:
            fout("plaats", _("Geef bij een videogesprek een link die begint met https://."))
    if not _is_medewerker(data.get("consultant"), statushouder.gemeente):
        fout("consultant", _("Kies een consulent of teamleider van de gemeente van dit dossier."))
    andere = [u for u in genodigden if not _is_medewerker(u, statushouder.gemeente)]
    if andere:
        fout("genodigden", _("Nodig alleen collega's van de gemeente van dit dossier uit."))
    gesprek = data.get("voortgangsgesprek")
    if gesprek is not None and gesprek.statushouder_id != statushouder.pk:
        fout("voortgangsgesprek", _("Dit gesprek hoort niet bij dit dossier."))
    sleutelpersoon = data.get("sleutelpersoon")
    if sleutelpersoon is not None and sleutelpersoon.arbeidsmarktregio_id != statushouder.gemeente.arbeidsmarktregio_id:
        fout("sleutelpersoon", _("Deze sleutelpersoon hoort niet bij de arbeidsmarktregio van dit dossier."))
    if fouten:
        raise ValidationError(fouten)


def overlappingen(consultant, datum: date, begintijd: time, eindtijd: time, *, behalve=None) -> list[Afspraak]:
    """The consultant's other (not cancelled) appointments that overlap this time slot."""
    qs = Afspraak.objects.filter(
        consultant=consultant,
        datum=datum,
        geannuleerd_op__isnull=True,
        begintijd__lt=eindtijd,
        eindtijd__gt=begintijd,
    )
    if behalve is not None:
        qs = qs.exclude(pk=behalve.pk)
    return list(qs.order_by("begintijd"))


def _check_overlap(data: dict, bevestig_overlap: bool, behalve=None) -> None:
    """An overlap is allowed (a short call during an intake…) but must be confirmed."""
    if bevestig_overlap:
        return
    botsend = overlappingen(data["consultant"], data["datum"], data["begintijd"], data["eindtijd"], behalve=behalve)
    if botsend:
        tijden = ", ".join(f"{a.begintijd:%H:%M}–{a.eindtijd:%H:%M}" for a in botsend)
        raise ValidationError(
            {
                "bevestig_overlap": [
                    _(
                        "Deze afspraak overlapt met een andere afspraak in de agenda van %(consulent)s (%(tijden)s). "
                        "Vink aan dat u de afspraak toch wilt maken."
                    )
                    % {"consulent": data["consultant"].get_full_name() or data["consultant"], "tijden": tijden}
                ]
            }
        )


def _tijdlijn_tekst(sjabloon: str, afspraak: Afspraak) -> str:
    with translation.override("nl"):
        return (
            sjabloon  # stored Dutch, like every timeline text
            % {
                "soort": str(afspraak.get_soort_display()).capitalize(),
                "datum": f"{afspraak.datum:%d-%m-%Y}",
                "tijd": afspraak.tijd_tekst(),
            }
        )[:255]


# --- plan, change, cancel --------------------------------------------------------------------------------


@transaction.atomic
def plan(
    *, actor, statushouder: Statushouder, data: dict, genodigden=(), bevestig_overlap: bool = False, vandaag=None
) -> Afspraak:
    """Plan an appointment on a case. `data` holds VELDEN (consultant defaults to the actor)."""
    require_change(actor, statushouder)
    data = {k: v for k, v in data.items() if k in VELDEN}
    data.setdefault("consultant", actor)
    genodigden = list(genodigden)
    _valideer(statushouder, data, genodigden, nieuw=True, vandaag=vandaag or today())
    _check_overlap(data, bevestig_overlap)
    _schoon(data)
    afspraak = Afspraak.objects.create(statushouder=statushouder, aangemaakt_door=actor, **data)
    if genodigden:
        afspraak.genodigden.set(genodigden)
    timeline(
        statushouder,
        "afspraak:gepland",
        _tijdlijn_tekst("%(soort)s gepland op %(datum)s, %(tijd)s", afspraak),
        vandaag or today(),
        actor,
    )
    log_event(actor, Handeling.CREATE, afspraak, statushouder=statushouder, velden=sorted([*data, "genodigden"]))
    return afspraak


def _schoon(data: dict) -> None:
    """No interpreter details without an interpreter."""
    if not data.get("tolk_nodig"):
        data["tolk_taal"] = ""
        data["tolk_wijze"] = ""


def _open_afspraak(afspraak: Afspraak) -> Afspraak:
    afspraak = Afspraak.objects.select_for_update().select_related("statushouder__gemeente").get(pk=afspraak.pk)
    if afspraak.geannuleerd:
        raise ValidationError(_("Deze afspraak is geannuleerd en kan niet meer worden gewijzigd."))
    return afspraak


@transaction.atomic
def wijzig(
    *, actor, afspraak: Afspraak, data: dict, genodigden=None, bevestig_overlap: bool = False, vandaag=None
) -> Afspraak:
    """Change an appointment (not a cancelled one). A date in the past stays possible (recording a correction)."""
    require_change(actor, afspraak.statushouder)
    afspraak = _open_afspraak(afspraak)
    sh = afspraak.statushouder
    nieuw = {k: v for k, v in data.items() if k in VELDEN}
    samen = {veld: getattr(afspraak, veld) for veld in VELDEN} | nieuw
    genodigden = list(afspraak.genodigden.all()) if genodigden is None else list(genodigden)
    # A date moved into the past counts as new planning.
    verplaatst_naar_verleden = "datum" in nieuw and nieuw["datum"] != afspraak.datum
    _valideer(sh, samen, genodigden, nieuw=verplaatst_naar_verleden, vandaag=vandaag or today())
    _check_overlap(samen, bevestig_overlap, behalve=afspraak)
    _schoon(samen)
    gewijzigd = [veld for veld in VELDEN if getattr(afspraak, veld) != samen[veld]]
    oude_genodigden = set(afspraak.genodigden.values_list("pk", flat=True))
    if {u.pk for u in genodigden} != oude_genodigden:
        gewijzigd.append("genodigden")
        afspraak.genodigden.set(genodigden)
    if not gewijzigd:
        return afspraak
    for veld, waarde in samen.items():
        setattr(afspraak, veld, waarde)
    afspraak.volgnummer = F("volgnummer") + 1
    afspraak.save()
    afspraak.refresh_from_db(fields=["volgnummer"])
    timeline(
        sh,
        "afspraak:gewijzigd",
        _tijdlijn_tekst("%(soort)s gewijzigd: %(datum)s, %(tijd)s", afspraak),
        vandaag or today(),
        actor,
    )
    log_event(actor, Handeling.UPDATE, afspraak, statushouder=sh, velden=gewijzigd)
    return afspraak


@transaction.atomic
def annuleer(*, actor, afspraak: Afspraak, vandaag=None) -> Afspraak:
    require_change(actor, afspraak.statushouder)
    afspraak = _open_afspraak(afspraak)
    afspraak.geannuleerd_op = timezone.now()
    afspraak.volgnummer = F("volgnummer") + 1
    afspraak.save(update_fields=["geannuleerd_op", "volgnummer", "gewijzigd_op"])
    afspraak.refresh_from_db(fields=["volgnummer"])
    timeline(
        afspraak.statushouder,
        "afspraak:geannuleerd",
        _tijdlijn_tekst("%(soort)s van %(datum)s, %(tijd)s geannuleerd", afspraak),
        vandaag or today(),
        actor,
    )
    log_event(actor, Handeling.UPDATE, afspraak, statushouder=afspraak.statushouder, velden=["geannuleerd_op"])
    return afspraak


def gesprekken_om_te_koppelen(statushouder):
    """The planned (not yet held) voortgangsgesprekken of the case an appointment may be for."""
    return Voortgangsgesprek.objects.filter(statushouder=statushouder, gehouden_op__isnull=True).order_by("gepland_op")


# --- the personal calendar feed ----------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _mag_agenda(user) -> None:
    if not any(roles.has_role(user, r) for r in roles.CASEWORK_ROLES):
        raise PermissionDenied(_("Alleen consulenten en teamleiders hebben een agenda."))


@transaction.atomic
def maak_feed(user) -> str:
    """Create or renew the user's feed: a new secret token (the old URL stops working). Returns the token;
    only its hash is stored, so it is shown once."""
    _mag_agenda(user)
    token = secrets.token_urlsafe(32)
    AgendaFeed.objects.update_or_create(
        user=user,
        defaults={"token_hash": token_hash(token), "aangemaakt_op": timezone.now(), "ingetrokken_op": None},
    )
    return token


@transaction.atomic
def trek_feed_in(user) -> None:
    AgendaFeed.objects.filter(user=user).exclude(token_hash="").update(token_hash="", ingetrokken_op=timezone.now())


def feed_voor_token(token: str) -> AgendaFeed | None:
    """The active feed of this token, or None. The lookup is on the hash (indexed); the final comparison is
    constant-time, so the answer time tells nothing about how much of a hash matched."""
    if not token or len(token) > 100:
        return None
    gezocht = token_hash(token)
    feed = AgendaFeed.objects.select_related("user").filter(token_hash=gezocht).first()
    if feed is None or not hmac.compare_digest(feed.token_hash, gezocht):
        return None
    if not feed.user.is_active:
        return None
    return feed


# --- anonymisation -----------------------------------------------------------------------------------------
