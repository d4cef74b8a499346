"""What the simulated DUO knows: a person's registrations (in the shapes of DUO's schemas), the log of what it
received and sent, and its reference lists (instellingen, verlengingsgronden)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from cases.validators import TEST_BSN_PREFIX, bsn_elfproef


@dataclass
class Persoon:
    """One inburgeringsplichtige as DUO registers him. Dicts are in the shape of the spec's schemas.

    - inburgeringsplicht / plicht_historie: Inburgeringsplicht; every version (the current one last).
    - doelgroep / doelgroep_historie: Doelgroep; Doelgroephistorie per period (the current one last, no einddatum).
    - termijn / termijn_historie: Inburgeringstermijn (None until DUO starts it); every version of the einddatum.
    - pip, pip_gemeentecode: the actuele PIP and the gemeente that delivered it; pip_historie: every PIP registered
      as {"gemeentecode", "pip", "registratiedatum"} (the current one last; a deleted PIP is removed).
    - map / pvt / zroute: the last ResultaatMap / ResultaatPvt / ResultaatZroute delivered; geleverd_door: which
      gemeente (gemeentecode) delivered each of them.
    - uren: {soort: {gemeentecode: uren}} with soort the schema name (ParticipatieAlsTaalles,
      ParticipatieactiviteitenBredeIntake, TaallesEnKnmBredeIntake): totals per gemeente, as the GET returns them.
    - aanbod: {instellingsnummer: Inburgeringsaanbod}.
    """

    gemeente_oin: str
    inburgeringsplicht: dict
    doelgroep: dict
    v_nummer: int
    vestigingsdatum: dt.date
    plicht_historie: list = field(default_factory=list)
    doelgroep_historie: list = field(default_factory=list)
    termijn: dict | None = None
    termijn_historie: list = field(default_factory=list)
    pip: dict | None = None
    pip_gemeentecode: str | None = None
    pip_historie: list = field(default_factory=list)
    lbt_examennummer: str | None = None
    lbt_overgeslagen: bool = False
    lbt_resultaten: list = field(default_factory=list)
    examens: list = field(default_factory=list)
    vrijstellingen: list = field(default_factory=list)
    ontheffingen: list = field(default_factory=list)
    map: dict | None = None
    pvt: dict | None = None
    zroute: dict | None = None
    geleverd_door: dict = field(default_factory=dict)
    uren: dict = field(default_factory=dict)
    aanbod: dict = field(default_factory=dict)
    contactpersoon_id: int | None = None

    @property
    def asielmigrant(self) -> bool:
        return self.doelgroep.get("indeling") == "Asielstatushouder"


@dataclass
class Verzoek:
    """A request DUO received and how it answered. `contractfout`: the request did not match the spec (answered
    400); `antwoordfout`: the simulator's own answer did not (a simulator bug); `fouten`: DUO's foutteksten of a
    refusal; `herhaald`: a write with a berichtId seen before, answered as the first time and not applied again."""

    methode: str
    pad: str
    api: str | None
    operatie: str | None
    headers: dict
    inhoud: object
    status: int = 0
    contractfout: str | None = None
    antwoordfout: str | None = None
    fouten: list = field(default_factory=list)
    herhaald: bool = False
    tijd: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass
class VerzondenNotificatie:
    """A notification DUO sent: status is the HTTP status of the answer, None when the gemeente was unreachable."""

    bericht_id: str
    doel: str
    gebeurtenis_id: str
    bsn: str | None
    status: int | None
    fout: str | None = None


def nieuw_bsn(rng: random.Random, bezet) -> str:
    """A fictional BSN that passes the elfproef and is not in `bezet`: from RvIG's test range 9999xxxxx, never a real
    person's number, and from its upper half, which the demo seed (iter_test_bsns, from the start) leaves alone."""
    while True:
        bsn = f"{TEST_BSN_PREFIX}{rng.randrange(50_000, 100_000):05d}"
        if bsn_elfproef(bsn) and bsn not in bezet:
            return bsn


def instelling(nummer, naam, postcode, huisnummer, plaats, *, bow, brin=None, bow_keurmerk=True, tst=False) -> dict:
    gegevens = {
        "instellingsnummer": nummer,
        "naam": naam,
        "postcode": postcode,
        "huisnummer": huisnummer,
        "plaatsnaam": plaats,
        "bow": bow,
        "indicatieBowKeurmerk": bow_keurmerk,
        "indicatieTstKeurmerk": tst,
    }
    if brin:
        gegevens["brin"] = brin
    return gegevens


# The Blik op Werk numbers of the demo's providers (partners.achterhoek.AANBIEDERS) are the registratienummers of
# their keurmerken; the other names, numbers and addresses are invented. The last one lost its keurmerk.
BOW_NUMMERS = {"TopTaal": "4100231", "Interbeek": "4100452", "Graafschap College": "4100673", "HAN": "4100894"}

INSTELLINGEN = [
    instelling("1000000101", "TopTaal", "7001AB", 12, "Doetinchem", bow=BOW_NUMMERS["TopTaal"]),
    instelling("1000000102", "Interbeek", "7101CD", 7, "Winterswijk", bow=BOW_NUMMERS["Interbeek"]),
    instelling(
        "1000000103",
        "Graafschap College",
        "7004HH",
        2,
        "Doetinchem",
        bow=BOW_NUMMERS["Graafschap College"],
        brin="25LH",
        bow_keurmerk=False,
        tst=True,
    ),
    instelling(
        "1000000104", "HAN", "6826CC", 9, "Arnhem", bow=BOW_NUMMERS["HAN"], brin="25KB", bow_keurmerk=False, tst=True
    ),
    instelling("1000000105", "Taalhuis De Liemers", "6901BK", 31, "Zevenaar", bow="4101115"),
    instelling("1000000106", "NT2 Centrum IJsselland", "7201DJ", 4, "Zutphen", bow="4101336"),
    instelling("1000000107", "Inburgering Oost Talen", "7511JE", 58, "Enschede", bow="4101557", tst=True),
    instelling(
        "1000000108", "Taalbureau Lichtenvoorde", "7131AA", 3, "Lichtenvoorde", bow="4101778", bow_keurmerk=False
    ),
]

# Invented codes: DUO publishes its own list through GET /verlengingsgronden.
VERLENGINGSGRONDEN = [
    {"code": "1", "omschrijving": "Ziekte of gebrek van de inburgeringsplichtige"},
    {"code": "2", "omschrijving": "Zwangerschap en bevalling"},
    {"code": "3", "omschrijving": "Het inburgeringsaanbod was niet tijdig beschikbaar"},
    {"code": "4", "omschrijving": "Bijzondere omstandigheden"},
    {"code": "5A", "omschrijving": "Schakelen van leerroute (ambtshalve)"},
]
