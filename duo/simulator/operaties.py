"""DUO's side of every operation of the vendored specs, by operationId: read or change the state and answer.

A handler gets an Aanroep (the person is already found and relevant to the calling gemeente) and returns
(status, body) or raises Weigering; the WSGI layer (app.py) turns that into the answer the spec documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import regels
from .staat import VERLENGINGSGRONDEN, Persoon

if TYPE_CHECKING:
    from .simulator import DuoSimulator


class Weigering(Exception):
    """A refusal: 403 with DUO's foutteksten (as the spec's Foutmelding), or 404 (empty)."""

    def __init__(self, status: int, fouten: list[str] | tuple[str, ...] = ()):
        super().__init__(status)
        self.status = status
        self.fouten = list(fouten)


@dataclass
class Aanroep:
    sim: DuoSimulator
    bron: str
    gemeentecode: str | None
    parameters: dict
    inhoud: object
    persoon: Persoon | None
    vandaag: dt.date


def _weiger_bij(fouten: list[str]) -> None:
    if fouten:
        raise Weigering(403, fouten)


def _gemeentecode(a: Aanroep) -> str:
    if a.gemeentecode is None:
        raise Weigering(403, ["De bron is geen bij DUO bekende gemeente."])
    return a.gemeentecode


def _of_404(waarde):
    if waarde is None:
        raise Weigering(404)
    return 200, waarde


# --- Inburgeringsplicht ---------------------------------------------------------------------------------------
PLICHT_HISTORIE_VELDEN = ("indicatorInburgeringsplicht", "begindatum", "einddatum", "wijzigingsdatum")


def plicht(a):
    return 200, a.persoon.inburgeringsplicht


def plicht_historie(a):
    return 200, [{k: v for k, v in item.items() if k in PLICHT_HISTORIE_VELDEN} for item in a.persoon.plicht_historie]


def doelgroep(a):
    return 200, a.persoon.doelgroep


def doelgroep_historie(a):
    return 200, a.persoon.doelgroep_historie


# --- Leerbaarheidstoets -----------------------------------------------------------------------------------------
def lbt_examennummer(a):
    """DUO hands out an examennummer to plan the LBT with, unless the gemeente said the LBT is skipped."""
    if a.persoon.lbt_overgeslagen:
        raise Weigering(404)
    if a.persoon.lbt_examennummer is None:
        a.persoon.lbt_examennummer = a.sim.nieuw_examennummer()
    return 200, {"examennummer": a.persoon.lbt_examennummer}


def lbt_overslaan(a):
    if a.persoon.lbt_examennummer is None or a.persoon.lbt_overgeslagen:
        raise Weigering(404)
    a.persoon.lbt_examennummer = None
    a.persoon.lbt_overgeslagen = True
    return 200, None


def lbt_resultaten(a):
    return 200, a.persoon.lbt_resultaten


# --- Inburgeringstermijn ----------------------------------------------------------------------------------------
def termijn(a):
    return _of_404(a.persoon.termijn)


def termijn_historie(a):
    return 200, a.persoon.termijn_historie


def verlengingsgronden(a):
    return 200, VERLENGINGSGRONDEN


# --- Vrijstelling, Ontheffing, Examen ------------------------------------------------------------------------------
def vrijstellingen(a):
    return 200, a.persoon.vrijstellingen


def ontheffingen(a):
    return 200, a.persoon.ontheffingen


def examenresultaten(a):
    return 200, a.persoon.examens


GRATIS_POGINGEN = 2  # the first attempt and one resit per onderdeel
TELT_NIET = {"Nietverwijtbaar", "Afgemeld"}


def gratis_pogingen(a):
    tegoed = []
    for onderdeel in ("KNM", "LE", "LU", "SC", "SP"):
        gedaan = sum(
            1 for r in a.persoon.examens if r["onderdeel"] == onderdeel and r.get("redenGeenResultaat") not in TELT_NIET
        )
        tegoed.append({"onderdeel": onderdeel, "gratisPogingenTegoed": max(0, GRATIS_POGINGEN - gedaan)})
    return 200, tegoed


# --- PIP --------------------------------------------------------------------------------------------------------------
def pip(a):
    if a.persoon.pip is None:
        raise Weigering(404)
    return 200, {"gemeentecode": a.persoon.pip_gemeentecode, "pip": a.persoon.pip}


def pip_registreren(a):
    gemeentecode = _gemeentecode(a)
    _weiger_bij(regels.pip_fouten(a.persoon, a.inhoud, gemeentecode))
    vastgesteld = regels.vastgesteld_niveau(a.inhoud)
    a.persoon.pip, a.persoon.pip_gemeentecode = vastgesteld, gemeentecode
    a.persoon.pip_historie.append({"gemeentecode": gemeentecode, "pip": vastgesteld, "registratiedatum": a.vandaag})
    return 201, None


def pip_verwijderen(a):
    if a.persoon.pip is None:
        raise Weigering(404)
    _weiger_bij(regels.pip_verwijder_fouten(a.persoon, _gemeentecode(a)))
    a.persoon.pip_historie.pop()
    a.persoon.pip = a.persoon.pip_gemeentecode = None
    return 200, None


# --- Contactpersoon -----------------------------------------------------------------------------------------------
def contactpersoon_aanmaken(a):
    _gemeentecode(a)
    nummer = a.sim.nieuw_contactpersoon_id()
    a.sim.contactpersonen[nummer] = a.inhoud
    a.sim.contactpersoon_eigenaar[nummer] = a.bron
    return 201, {"id": nummer, "contactpersoongegevens": a.inhoud}


def _eigen_contactpersoon(a) -> int:
    nummer = int(a.parameters["id"])
    if nummer not in a.sim.contactpersonen:
        raise Weigering(404)
    if a.sim.contactpersoon_eigenaar[nummer] != a.bron:
        raise Weigering(403, ["De contactpersoon is niet van uw gemeente."])
    return nummer


def contactpersoon_wijzigen(a):
    a.sim.contactpersonen[_eigen_contactpersoon(a)] = a.inhoud
    return 200, None


def contactpersoon_verwijderen(a):
    """README: deleting a contactpersoon also removes its links to inburgeringsplichtigen."""
    nummer = _eigen_contactpersoon(a)
    del a.sim.contactpersonen[nummer], a.sim.contactpersoon_eigenaar[nummer]
    for persoon in a.sim.personen.values():
        if persoon.contactpersoon_id == nummer:
            persoon.contactpersoon_id = None
    return 200, None


def contactpersoon_koppelen(a):
    """README: a new link overwrites the link with another contactpersoon."""
    a.persoon.contactpersoon_id = _eigen_contactpersoon(a)
    return 201, None


def contactpersoon_ontkoppelen(a):
    nummer = _eigen_contactpersoon(a)
    if a.persoon.contactpersoon_id != nummer:
        raise Weigering(404)
    a.persoon.contactpersoon_id = None
    return 200, None


# --- Inburgeringsaanbod -------------------------------------------------------------------------------------------
def instellingen(a):
    return 200, a.sim.instellingen


def aanbod_registreren(a):
    """README: one inburgeringsaanbod per instelling; a new one overwrites it."""
    _gemeentecode(a)
    nummer = a.parameters["instellingsnummer"]
    instelling = next((i for i in a.sim.instellingen if i["instellingsnummer"] == nummer), None)
    _weiger_bij(regels.aanbod_fouten(a.persoon, a.inhoud, instelling))
    a.persoon.aanbod[nummer] = a.inhoud
    return 201, None


def aanbod_verwijderen(a):
    if a.persoon.aanbod.pop(a.parameters["instellingsnummer"], None) is None:
        raise Weigering(404)
    return 204, None


# --- MAP, PVT, Z-route ------------------------------------------------------------------------------------------------
def _datum_van(onderdeel: str, veld: str):
    def raadpleeg(a):
        resultaat = getattr(a.persoon, onderdeel)
        if not resultaat or not resultaat.get(veld):
            raise Weigering(404)
        return 200, {veld: resultaat[veld]}

    return raadpleeg


def _resultaat_leveren(onderdeel: str):
    def lever(a):
        gemeentecode = _gemeentecode(a)
        if onderdeel == "zroute":
            fouten = regels.zroute_fouten(a.persoon, a.inhoud, gemeentecode, a.vandaag)
        else:
            fouten = regels.resultaat_fouten(a.persoon, onderdeel, a.inhoud, gemeentecode, a.vandaag)
        _weiger_bij(fouten)
        setattr(a.persoon, onderdeel, a.inhoud)  # PUT: the whole resource is replaced
        a.persoon.geleverd_door[onderdeel] = gemeentecode
        return 200, None

    return lever


# --- Gevolgde uren ----------------------------------------------------------------------------------------------------
def uren(a):
    per_gemeente: dict[str, dict] = {}
    for soort, totalen in a.persoon.uren.items():
        for gemeentecode, aantal in totalen.items():
            per_gemeente.setdefault(gemeentecode, {"gemeentecode": gemeentecode})[soort] = {"uren": aantal}
    return 200, list(per_gemeente.values())


def _uren_leveren(soort: str):
    def lever(a):
        a.persoon.uren.setdefault(soort, {})[_gemeentecode(a)] = a.inhoud["uren"]
        return 200, None

    return lever


OPERATIES = {
    "getInburgeringsplichtByBsn": plicht,
    "getInburgeringsplichthistorieByBsn": plicht_historie,
    "getDoelgroepByBsn": doelgroep,
    "getDoelgroephistorieByBsn": doelgroep_historie,
    "getExamennummerByBsn": lbt_examennummer,
    "deleteExamennummerByBsn": lbt_overslaan,
    "getLbtResultatenByBsn": lbt_resultaten,
    "getInburgeringstermijnByBsn": termijn,
    "getInburgeringstermijnhistorieByBsn": termijn_historie,
    "getVerlengingsgronden": verlengingsgronden,
    "getVrijstellingenByBsn": vrijstellingen,
    "getOntheffingenByBsn": ontheffingen,
    "getExamenresultatenByBsn": examenresultaten,
    "getGratisPogingenTegoedByBsn": gratis_pogingen,
    "getPipByBsn": pip,
    "postPipByBsn": pip_registreren,
    "deletePipByBsn": pip_verwijderen,
    "createContactpersoon": contactpersoon_aanmaken,
    "updateContactpersoonById": contactpersoon_wijzigen,
    "deleteContactpersoonById": contactpersoon_verwijderen,
    "postContactpersoonByBsn": contactpersoon_koppelen,
    "deleteContactpersoonByBsn": contactpersoon_ontkoppelen,
    "getInstellingen": instellingen,
    "postInburgeringsaanbodByBsnAndInstellingsnummer": aanbod_registreren,
    "deleteInburgeringsaanbodByBsnAndInstellingsnumer": aanbod_verwijderen,
    "getMapByBsn": _datum_van("map", "datumEindgesprekMap"),
    "updateMapByBsn": _resultaat_leveren("map"),
    "getPvtByBsn": _datum_van("pvt", "datumOndertekeningPvt"),
    "updatePvtByBsn": _resultaat_leveren("pvt"),
    "updateZrouteByBsn": _resultaat_leveren("zroute"),
    "getGevolgdeUrenByBsn": uren,
    "updateUrenTaallesEnKnmByBSN": _uren_leveren("TaallesEnKnmBredeIntake"),
    "updateUrenParticipatieactiviteiten": _uren_leveren("ParticipatieactiviteitenBredeIntake"),
    "updateUrenParticipatieAlsTaallesByBsn": _uren_leveren("ParticipatieAlsTaalles"),
}
