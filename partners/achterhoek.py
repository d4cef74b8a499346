"""The Achterhoek arbeidsmarktregio as reference data: its 8 gemeenten (CBS codes, inwoners on
1 January 2024, rounded), the route providers, the ketenpartners and a few (invented) sleutelpersonen.
Used by the demo command and by the test fixtures, so that both speak of the same region."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from leerroutes.models import Leerroute

from .models import Arbeidsmarktregio, Contract, Gemeente, Keurmerk, Organisatie, Sleutelpersoon
from .services import create_gemeente

REGIO = ("Achterhoek", "AM03")  # the code is not verified against CBS's list of arbeidsmarktregio's

# The gemeenten's "14 + netnummer" numbers.
TELEFOON = {
    "Aalten": "14 0543",
    "Berkelland": "14 0545",
    "Bronckhorst": "14 0575",
    "Doetinchem": "14 0314",
    "Montferland": "14 0316",
    "Oost Gelre": "14 0544",
    "Oude IJsselstreek": "14 0315",
    "Winterswijk": "14 0543",
}
GEMEENTEN = [
    ("Aalten", "GM0197", 27_600),
    ("Berkelland", "GM1859", 44_900),
    ("Bronckhorst", "GM1876", 37_500),
    ("Doetinchem", "GM0222", 59_500),
    ("Montferland", "GM1955", 36_400),
    ("Oost Gelre", "GM1586", 30_300),
    ("Oude IJsselstreek", "GM1509", 39_900),
    ("Winterswijk", "GM0294", 29_300),
]

# naam, type, keurmerk, routes contracted in the region
# (naam, type, Blik op Werk keurmerk, routes, registratienummer of the keurmerk: the number DUO lists the
# instelling under, which links it to DUO's /instellingen — the DUO simulator's list uses the same numbers)
AANBIEDERS = [
    ("TopTaal", Organisatie.Type.TAALAANBIEDER, True, ["b1", "z"], "4100231"),
    ("Interbeek", Organisatie.Type.TAALAANBIEDER, True, ["b1", "z"], "4100452"),
    ("Graafschap College", Organisatie.Type.ONDERWIJS, False, ["onderwijs"], "4100673"),
    ("HAN", Organisatie.Type.ONDERWIJS, False, ["onderwijs"], "4100894"),
]

KETENPARTNERS = [
    ("COA", Organisatie.Soort.COA),
    ("VluchtelingenWerk Oost Nederland", Organisatie.Soort.VLUCHTELINGENWERK),
    ("UWV", Organisatie.Soort.UWV),
    ("Werkgeversservicepunt Achterhoek", Organisatie.Soort.WSP),
    ("GGNet", Organisatie.Soort.GGZ),
]

# Where each organisation sits and what it offers (the partner directory); all serve the eight gemeenten.
PROFIELEN = {
    "TopTaal": ("Doetinchem", "B1-route en Z-route, ook duaal; KNM, MAP en PVT"),
    "Interbeek": ("Winterswijk", "B1-route en Z-route; taal op de werkvloer"),
    "Graafschap College": ("Doetinchem", "Onderwijsroute: taalschakeltraject naar mbo"),
    "HAN": ("Arnhem", "Onderwijsroute: taalschakeltraject naar hbo"),
    "COA": ("Zutphen", "Opvang en koppeling aan gemeenten; warme overdracht"),
    "VluchtelingenWerk Oost Nederland": ("Doetinchem", "Maatschappelijke begeleiding, vrijwillige taalcoaches"),
    "UWV": ("Doetinchem", "Werk en uitkering; arbeidsmarktinformatie"),
    "Werkgeversservicepunt Achterhoek": ("Doetinchem", "Werkgevers, vacatures en werkervaringsplekken"),
    "GGNet": ("Warnsveld", "Geestelijke gezondheidszorg, ook traumazorg voor nieuwkomers"),
}

# Invented sleutelpersonen (trained former newcomers): naam, gemeente, talen (ISO 639), nationaliteiten, actief.
# Three Tigrinya speakers in different gemeenten and of two nationalities, so the suggestion order shows.
SLEUTELPERSONEN = [
    ("Amanuel Tesfay", "Winterswijk", ["ti", "am", "nl"], ["ERI"], True),
    ("Selam Gebremedhin", "Doetinchem", ["ti", "nl"], ["ERI"], True),
    ("Hiwet Kidane", "Aalten", ["am", "ti", "nl"], ["ETH"], True),
    ("Yohannes Berhe", "Winterswijk", ["ti", "nl"], ["ERI"], False),
    ("Rania Haddad", "Winterswijk", ["ar", "nl", "en"], ["SYR"], True),
    ("Ahmad Karimi", "Doetinchem", ["prs", "fa", "nl"], ["AFG"], True),
    ("Olena Shevchenko", "Berkelland", ["uk", "ru", "nl"], ["UKR"], True),
    ("Mehmet Yildiz", "Oude IJsselstreek", ["tr", "kmr", "nl"], ["TUR"], True),
    ("Hodan Warsame", "Oost Gelre", ["so", "ar", "nl"], ["SOM"], True),
]


@dataclass
class Regio:
    regio: Arbeidsmarktregio
    gemeenten: dict[str, Gemeente] = field(default_factory=dict)
    aanbieders: dict[str, Organisatie] = field(default_factory=dict)
    ketenpartners: dict[str, Organisatie] = field(default_factory=dict)
    contracten: list[Contract] = field(default_factory=list)
    sleutelpersonen: dict[str, Sleutelpersoon] = field(default_factory=dict)


TARIEVEN = {"b1": 10_000, "z": 12_000, "onderwijs": 14_500}


def create_aanbieder(
    *,
    regio,
    naam: str,
    type_: str,
    keurmerk: bool,
    route_codes: list[str],
    capaciteit: int,
    today: date,
    registratienummer: str = "",
) -> tuple[Organisatie, list[Contract]]:
    """A route provider with a regional contract per route; an onderwijsroute contract is for a fifth of the
    trajecten. With `keurmerk` it holds the Blik op Werk keurmerk from 2020 until two more years; a provider of
    the onderwijsroute is an erkende taalschakelinstelling over the same period."""
    routes = {r.code: r for r in Leerroute.objects.filter(code__in=route_codes)}
    org = Organisatie.objects.create(naam=naam, type=type_)
    perioden = [Keurmerk.Soort.BLIK_OP_WERK] if keurmerk else []
    if "onderwijs" in route_codes:
        perioden.append(Keurmerk.Soort.TAALSCHAKELINSTELLING)
    for soort in perioden:
        Keurmerk.objects.create(
            organisatie=org,
            soort=soort,
            geldig_van=date(2020, 1, 1),
            geldig_tot=today + relativedelta(years=2),
            registratienummer=registratienummer,
        )
    org.arbeidsmarktregios.add(regio)
    contracten = [
        Contract.objects.create(
            organisatie=org,
            leerroute=routes[code],
            arbeidsmarktregio=regio,
            startdatum=date(2022, 1, 1),
            einddatum=date(today.year + 2, 12, 31),
            capaciteit=capaciteit if code != "onderwijs" else max(10, capaciteit // 5),
            tarief=TARIEVEN[code],
        )
        for code in route_codes
    ]
    return org, contracten


def voorbeeld_oin(cbs_code: str) -> str:
    """A gemeente's OIN has the shape 00000001 + RSIN + 000; the demo makes one from the CBS code."""
    return f"00000001{int(cbs_code[2:]):09d}000"


def build_achterhoek(today: date) -> Regio:
    regio = Arbeidsmarktregio.objects.create(naam=REGIO[0], code=REGIO[1])
    result = Regio(regio=regio)
    for naam, code, inwoners in GEMEENTEN:
        result.gemeenten[naam] = create_gemeente(
            naam=naam,
            cbs_code=code,
            inwoners=inwoners,
            arbeidsmarktregio=regio,
            briefhoofd=f"Gemeente {naam}\nPostbus 1\n{naam}",
            oin=voorbeeld_oin(code),
            telefoon=TELEFOON[naam],
        )
    for naam, type_, keurmerk, route_codes, registratienummer in AANBIEDERS:
        org, contracten = create_aanbieder(
            regio=regio,
            naam=naam,
            type_=type_,
            keurmerk=keurmerk,
            route_codes=route_codes,
            capaciteit=400,
            today=today,
            registratienummer=registratienummer,
        )
        result.aanbieders[naam] = org
        result.contracten.extend(contracten)
    for naam, soort in KETENPARTNERS:
        org = Organisatie.objects.create(naam=naam, type=Organisatie.Type.KETENPARTNER, soort=soort)
        org.arbeidsmarktregios.add(regio)
        result.ketenpartners[naam] = org
    for naam, org in (result.aanbieders | result.ketenpartners).items():
        org.plaats, org.aanbod = PROFIELEN[naam]
        org.save(update_fields=["plaats", "aanbod"])
        org.gemeenten.set(result.gemeenten.values())
    for naam, gemeente, talen, nationaliteiten, actief in SLEUTELPERSONEN:
        result.sleutelpersonen[naam] = Sleutelpersoon.objects.create(
            naam=naam,
            arbeidsmarktregio=regio,
            gemeente=result.gemeenten[gemeente],
            talen=talen,
            nationaliteiten=nationaliteiten,
            actief=actief,
        )
    return result
