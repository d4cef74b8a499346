"""Raadpleging (Interactiepatronen.md): what DUO has registered of a person, read with the GET operations of
DUO's APIs and kept per case in duo.Registratie, the "DUO zegt" side of the comparison with our record.

A notification only says that something happened; the details are always read here, so processing a
notification late, twice or out of order still ends with DUO's current state."""

from __future__ import annotations

from django.utils import timezone

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_events

from .client import DuoClient
from .models import Registratie

Onderdeel = Registratie.Onderdeel

# Each part of DUO's registration → (our name of the API, the GET path template).
PADEN: dict[str, tuple[str, str]] = {
    Onderdeel.INBURGERINGSPLICHT: ("inburgeringsplicht", "/personen/{bsn}/inburgeringsplicht"),
    Onderdeel.DOELGROEP: ("inburgeringsplicht", "/personen/{bsn}/doelgroep"),
    Onderdeel.TERMIJN: ("inburgeringstermijn", "/personen/{bsn}/inburgeringstermijn"),
    Onderdeel.PIP: ("pip", "/personen/{bsn}/PIP"),
    Onderdeel.LEERBAARHEIDSTOETS: ("leerbaarheidstoets", "/personen/{bsn}/lbt/resultaten"),
    Onderdeel.EXAMENS: ("examen", "/personen/{bsn}/examens/resultaten"),
    Onderdeel.VRIJSTELLINGEN: ("vrijstelling", "/personen/{bsn}/vrijstellingen"),
    Onderdeel.ONTHEFFINGEN: ("ontheffing", "/personen/{bsn}/ontheffingen"),
}


def haal_op(gemeente, bsn: str, onderdelen=None, *, client: DuoClient | None = None) -> dict[str, object]:
    """DUO's answer per part (None: DUO does not know it, 404) for a person who may have no case yet (an
    aanmelding). Raises what DuoClient raises: DuoOnbereikbaar, DuoWeigering, DuoNietGeconfigureerd."""
    client = client or DuoClient(gemeente)
    return {onderdeel: client.raadpleeg(*PADEN[onderdeel], bsn=bsn) for onderdeel in (onderdelen or PADEN)}


def ververs(statushouder, *, onderdelen=None, client: DuoClient | None = None, actor=None) -> dict[str, object]:
    """Read `onderdelen` (default: all) of the case's person from DUO and store each in Registratie."""
    gegevens = haal_op(statushouder.gemeente, statushouder.bsn, onderdelen, client=client)
    bewaar(statushouder, gegevens, actor=actor)
    return gegevens


def bewaar(statushouder, gegevens: dict[str, object], *, actor=None) -> list[Registratie]:
    """Store DUO's answers (from haal_op) as the case's registrations, replacing those of an earlier raadpleging."""
    nu = timezone.now()
    registraties = [
        Registratie.objects.update_or_create(
            statushouder=statushouder, onderdeel=onderdeel, defaults={"gegevens": waarde, "opgehaald_op": nu}
        )[0]
        for onderdeel, waarde in gegevens.items()
    ]
    log_events(actor, Handeling.UPDATE, registraties, velden=["gegevens"], toelichting="raadpleging DUO")
    return registraties


def registratie(statushouder, onderdeel: str):
    """DUO's stored answer for one part of the case, or None (never read, or DUO does not know it)."""
    rij = Registratie.objects.filter(statushouder=statushouder, onderdeel=onderdeel).only("gegevens").first()
    return rij.gegevens if rij is not None else None
