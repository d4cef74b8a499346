"""Appointments as iCalendar (RFC 5545) with the `icalendar` library: one VEVENT per appointment, UID
`<uuid>@<host>`, local times with TZID Europe/Amsterdam (and its VTIMEZONE), SEQUENCE bumped on every change,
STATUS:CANCELLED when cancelled.

Privacy: a calendar leaves the application (a phone, a cloud calendar), so an event carries no personal data beyond
the statushouder's initials and the kind of appointment: no name, BSN or notes, and no place when it is the
person's home (that would be the address)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Afspraak

TZ = ZoneInfo("Europe/Amsterdam")
PRODID = "-//Inburgering//Agenda//NL"


def initialen(statushouder) -> str:
    """'A.B.' from the first given name and the surname (its first capitalised part, skipping 'van der')."""
    voornaam = (statushouder.voornamen or "").split()
    delen = (statushouder.achternaam or "").split()
    achternaam = next((d for d in delen if d[:1].isupper()), delen[-1] if delen else "")
    return "".join(f"{d[0].upper()}." for d in (voornaam[0] if voornaam else "", achternaam) if d)


def samenvatting(afspraak: Afspraak) -> str:
    soort = str(afspraak.get_soort_display())
    return f"{soort[:1].upper()}{soort[1:]} — {initialen(afspraak.statushouder)}"


def locatie(afspraak: Afspraak) -> str:
    if afspraak.plaats_soort == Afspraak.PlaatsSoort.THUIS:
        return str(afspraak.get_plaats_soort_display())
    return afspraak.plaats_tekst()


def event(afspraak: Afspraak, host: str, *, details: bool = False) -> Event:
    """`details` (the download by a logged-in user): also the interpreter and a link to the case page."""
    e = Event()
    e.add("uid", f"{afspraak.uuid}@{host}")
    e.add("dtstamp", timezone.now())
    e.add("dtstart", datetime.combine(afspraak.datum, afspraak.begintijd, tzinfo=TZ))
    e.add("dtend", datetime.combine(afspraak.datum, afspraak.eindtijd, tzinfo=TZ))
    e.add("summary", samenvatting(afspraak))
    e.add("location", locatie(afspraak))
    e.add("sequence", afspraak.volgnummer)
    e.add("status", "CANCELLED" if afspraak.geannuleerd else "CONFIRMED")
    if afspraak.gewijzigd_op:
        e.add("last-modified", afspraak.gewijzigd_op)
    if details and afspraak.tolk_nodig:
        e.add("description", afspraak.tolk_tekst())
    return e


def kalender(afspraken, host: str, *, naam: str = "", details: bool = False) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if naam:
        cal.add("x-wr-calname", naam)
    for afspraak in afspraken:
        cal.add_component(event(afspraak, host, details=details))
    cal.add_missing_timezones()
    return cal.to_ical()


def bestandsnaam(afspraak: Afspraak) -> str:
    return f"{_('afspraak')}-{afspraak.datum:%Y%m%d}-{afspraak.begintijd:%H%M}.ics"
