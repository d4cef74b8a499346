"""DUO's list of instellingen (GET /instellingen of the Inburgeringsaanbod API), fetched nightly: an Inburgeringsaanbod
can only name an instelling DUO knows. Each is linked to our provider by its Blik op Werk number (the registration
number of the provider's keurmerk, partners.Keurmerk.registratienummer) or, for an onderwijsinstelling, its BRIN."""

from __future__ import annotations

import logging
import re

from django.db import transaction
from django.utils import timezone

from partners.models import Gemeente, Keurmerk

from .client import DuoClient, DuoNietGeconfigureerd, DuoOnbereikbaar
from .models import Instelling

logger = logging.getLogger(__name__)

VELDEN = {
    "naam": "naam",
    "postcode": "postcode",
    "huisnummer": "huisnummer",
    "huisnummertoevoeging": "huisnummertoevoeging",
    "plaatsnaam": "plaatsnaam",
    "bow": "bow",
    "brin": "brin",
    "indicatieBowKeurmerk": "indicatie_bow_keurmerk",
    "indicatieTstKeurmerk": "indicatie_tst_keurmerk",
}
LEEG = {
    "huisnummertoevoeging": "",
    "bow": "",
    "brin": "",
    "indicatie_bow_keurmerk": False,
    "indicatie_tst_keurmerk": False,
}


def _bow(nummer: str) -> str:
    """A Blik op Werk number as digits without leading zeros: a keurmerk may be typed as "BoW-0123"."""
    return re.sub(r"\D", "", nummer or "").lstrip("0")


def _organisaties() -> tuple[dict[str, int], dict[str, int]]:
    """Our providers by Blik op Werk number and by BRIN, from the registration numbers of their keurmerken."""
    per_bow, per_brin = {}, {}
    for nummer, organisatie_id in Keurmerk.objects.exclude(registratienummer="").values_list(
        "registratienummer", "organisatie_id"
    ):
        if bow := _bow(nummer):
            per_bow.setdefault(bow, organisatie_id)
        per_brin.setdefault(nummer.strip().upper(), organisatie_id)
    return per_bow, per_brin


def haal_op() -> int:
    """Fetch DUO's list with the client of a gemeente that exchanges with DUO (the list is the same for all), upsert
    it, link what matches our providers (a link made by hand stays when nothing matches) and drop the instellingen
    DUO no longer lists. Returns the number DUO listed; 0 when DUO is not configured or unreachable (tried again the
    next night)."""
    gemeente = Gemeente.objects.exclude(oin=None).order_by("pk").first()
    if gemeente is None:
        return 0
    try:
        lijst = DuoClient(gemeente).roep_aan("inburgeringsaanbod", "GET", "/instellingen").gegevens or []
    except (DuoNietGeconfigureerd, DuoOnbereikbaar) as exc:
        logger.warning("DUO's lijst van instellingen niet opgehaald: %s", exc)
        return 0
    per_bow, per_brin = _organisaties()
    nu = timezone.now()
    with transaction.atomic():
        for item in lijst:
            waarden = {veld: item.get(sleutel, LEEG.get(veld)) for sleutel, veld in VELDEN.items()}
            waarden["opgehaald_op"] = nu
            organisatie_id = per_bow.get(_bow(waarden["bow"])) or per_brin.get(waarden["brin"])
            if organisatie_id is not None:
                waarden["organisatie_id"] = organisatie_id
            Instelling.objects.update_or_create(instellingsnummer=item["instellingsnummer"], defaults=waarden)
        Instelling.objects.exclude(instellingsnummer__in=[item["instellingsnummer"] for item in lijst]).delete()
    return len(lijst)
