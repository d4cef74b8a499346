"""The regions of the demo. The Achterhoek comes from `partners.achterhoek.build_achterhoek` (real gemeenten,
CBS codes and populations). At national scale 34 more arbeidsmarktregio's are added under their real names,
with demo codes (AMX01…) and synthetic gemeenten: invented names, codes from GM7001 up (no real CBS
gemeentecode is that high) and populations that add up to roughly the Dutch population. Each synthetic
region gets two keurmerk taalaanbieders (B1 and Z), one or two onderwijsinstellingen (onderwijsroute),
regional ketenpartners, and the national COA and UWV."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from django.utils.text import slugify

from partners.achterhoek import Regio, create_aanbieder
from partners.models import Arbeidsmarktregio, Gemeente, Organisatie, Sleutelpersoon
from partners.services import create_gemeente

from .names import NATIONALITEITEN

# The other 34 arbeidsmarktregio's, with a rough population in thousands (for shape only).
REGIOS = [
    ("Groningen", 590), ("Friesland", 660), ("Drenthe", 500), ("Regio Zwolle", 700), ("Twente", 630),
    ("Stedendriehoek en Noordwest Veluwe", 620), ("Midden-Gelderland", 680), ("FoodValley", 360),
    ("Rijk van Nijmegen", 560), ("Rivierenland", 250), ("Midden-Utrecht", 900), ("Amersfoort", 320),
    ("Noord-Holland Noord", 680), ("Zaanstreek/Waterland", 340), ("Zuid-Kennemerland en IJmond", 570),
    ("Groot Amsterdam", 1500), ("Gooi en Vechtstreek", 260), ("Holland Rijnland", 580),
    ("Zuid-Holland Centraal", 300), ("Haaglanden", 1100), ("Midden-Holland", 270), ("Rijnmond", 1400),
    ("Drechtsteden", 300), ("Gorinchem", 110), ("Zeeland", 390), ("West-Brabant", 740), ("Midden-Brabant", 480),
    ("Noordoost-Brabant", 670), ("Zuidoost-Brabant", 800), ("Helmond-De Peel", 420), ("Noord-Limburg", 290),
    ("Midden-Limburg", 240), ("Zuid-Limburg", 600), ("Flevoland", 440),
]  # fmt: skip
NEDERLAND_INWONERS = 17_950_000
GEMEENTEN_NATIONAAL = 342  # the Achterhoek's 8 included
EERSTE_SYNTHETISCHE_CODE = 7001
MAX_INWONERS = 900_000  # keeps every gemeente within the 9,090 test BSNs at national density

_STAMMEN = [
    "Eik", "Ber", "Wes", "Hol", "Mar", "Ros", "Ald", "Vel", "Lin", "Bre", "Dor", "Kam", "Har", "Lut", "Ruin", "Sted",
    "Wol", "Zand", "Mol", "Vrie", "Ans", "Ees", "Gel", "Hei",
]  # fmt: skip
_ACHTER = [
    "veen", "dam", "wijk", "horst", "broek", "hoven", "meer", "zijl", "lo", "berg", "beek", "hout", "dijk", "woude",
    "sloot", "heem", "stede", "burg", "haven", "vaart", "rade", "hem", "borg", "wold",
]  # fmt: skip
_VOOR = ["", "", "", "Nieuw-", "Oud-", "Groot-", "Oost-", "West-"]


@dataclass
class RegioContext:
    """What the case generator needs to know of one region."""

    regio: Arbeidsmarktregio
    gemeenten: list[Gemeente]
    aanbieders: dict[str, list[tuple[int, int]]]  # leerroute code -> [(organisatie_id, contract_id)]
    ketenpartners: dict[str, int]  # Organisatie.Soort -> organisatie_id
    sleutelpersonen: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # (id, talen)


def context_of(regio: Regio) -> RegioContext:
    aanbieders: dict[str, list[tuple[int, int]]] = {}
    for contract in regio.contracten:
        aanbieders.setdefault(contract.leerroute.code, []).append((contract.organisatie_id, contract.pk))
    return RegioContext(
        regio=regio.regio,
        gemeenten=list(regio.gemeenten.values()),
        aanbieders=aanbieders,
        ketenpartners={org.soort: org.pk for org in regio.ketenpartners.values()},
    )


def _verdeel(totaal: int, gewichten: list[float]) -> list[int]:
    """Largest-remainder apportionment of `totaal` over the weights."""
    som = sum(gewichten)
    exact = [totaal * g / som for g in gewichten]
    delen = [int(x) for x in exact]
    rest = sorted(range(len(exact)), key=lambda i: exact[i] - delen[i], reverse=True)
    for i in rest[: totaal - sum(delen)]:
        delen[i] += 1
    return delen


def gemeentenamen(rng: random.Random, aantal: int, bezet: set[str]) -> list[str]:
    namen = []
    slugs = {slugify(b) for b in bezet}
    kandidaten = [s + a for s in _STAMMEN for a in _ACHTER]
    rng.shuffle(kandidaten)
    for naam in kandidaten:
        volledig = rng.choice(_VOOR) + naam
        if slugify(volledig) not in slugs:
            slugs.add(slugify(volledig))
            bezet.add(volledig)
            namen.append(volledig)
        if len(namen) == aantal:
            return namen
    raise RuntimeError("not enough synthetic gemeente names")


def build_synthetic_regions(*, aantal: int, today: date, achterhoek: Regio, seed: int) -> list[RegioContext]:
    """`aantal` (≤ 34) synthetic regions, created through `create_gemeente` so that each gemeente gets its
    staff group and the guardian grant, exactly as a gemeente made in the admin."""
    rng = random.Random(f"{seed}:regio's")
    regios = REGIOS[:aantal]
    if not regios:
        return []
    # Gemeenten over all 34 regions as at national scale, so a fraction keeps the national shape.
    rest_inwoners = NEDERLAND_INWONERS - sum(g.inwoners for g in achterhoek.gemeenten.values())
    aantallen = _verdeel(GEMEENTEN_NATIONAAL - len(achterhoek.gemeenten), [p for _, p in REGIOS])
    totaal_regio = sum(p for _, p in REGIOS)
    bezet = {g.naam for g in achterhoek.gemeenten.values()}
    landelijk = {org.soort: org for org in achterhoek.ketenpartners.values()}
    code = EERSTE_SYNTHETISCHE_CODE
    result = []
    for nummer, ((regionaam, grootte), n_gem) in enumerate(zip(regios, aantallen, strict=False), start=1):
        inwoners_regio = rest_inwoners * grootte / totaal_regio
        regio = Arbeidsmarktregio.objects.create(naam=regionaam, code=f"AMX{nummer:02d}")
        # One central city with a quarter to half of the region, the rest spread unevenly.
        centrum = rng.uniform(0.25, 0.5)
        gewichten = [centrum] + [rng.uniform(0.3, 1.0) * (1 - centrum) for _ in range(n_gem - 1)]
        inwoners = [max(5_000, min(MAX_INWONERS, round(inwoners_regio * g / sum(gewichten)))) for g in gewichten]
        gemeenten = []
        for naam, aantal_inw in zip(gemeentenamen(rng, n_gem, bezet), inwoners, strict=True):
            gemeenten.append(
                create_gemeente(
                    naam=naam,
                    cbs_code=f"GM{code:04d}",
                    inwoners=aantal_inw,
                    arbeidsmarktregio=regio,
                    briefhoofd=f"Gemeente {naam}\nPostbus 1\n{naam}",
                )
            )
            code += 1
        ctx = RegioContext(regio=regio, gemeenten=gemeenten, aanbieders={}, ketenpartners={})
        capaciteit = max(20, round(sum(inwoners) * 0.004))
        aanbieders = [
            (f"Taalcentrum {regionaam}", Organisatie.Type.TAALAANBIEDER, True, ["b1", "z"]),
            (f"NT2 Instituut {regionaam}", Organisatie.Type.TAALAANBIEDER, True, ["b1", "z"]),
            (f"ROC {regionaam}", Organisatie.Type.ONDERWIJS, False, ["onderwijs"]),
        ]
        if grootte >= 500:
            aanbieders.append((f"Hogeschool {regionaam}", Organisatie.Type.ONDERWIJS, False, ["onderwijs"]))
        for naam, type_, keurmerk, route_codes in aanbieders:
            org, contracten = create_aanbieder(
                regio=regio,
                naam=naam,
                type_=type_,
                keurmerk=keurmerk,
                route_codes=route_codes,
                capaciteit=capaciteit,
                today=today,
            )
            for contract in contracten:
                ctx.aanbieders.setdefault(contract.leerroute.code, []).append((org.pk, contract.pk))
        for soort in (Organisatie.Soort.COA, Organisatie.Soort.UWV):
            landelijk[soort].arbeidsmarktregios.add(regio)
            ctx.ketenpartners[soort] = landelijk[soort].pk
        for naam, soort in (
            (f"VluchtelingenWerk {regionaam}", Organisatie.Soort.VLUCHTELINGENWERK),
            (f"Werkgeversservicepunt {regionaam}", Organisatie.Soort.WSP),
            (f"GGZ {regionaam}", Organisatie.Soort.GGZ),
        ):
            org = Organisatie.objects.create(naam=naam, type=Organisatie.Type.KETENPARTNER, soort=soort)
            org.arbeidsmarktregios.add(regio)
            ctx.ketenpartners[soort] = org.pk
        result.append(ctx)
    return result


def build_sleutelpersonen(ctx: RegioContext, rng: random.Random, aantal: int) -> None:
    """Trained former newcomers who speak the newcomers' languages, for referrals."""
    personen = []
    for i in range(aantal):
        nat = NATIONALITEITEN[i % 6]  # the six biggest groups first
        taal = nat.talen[0][0]
        naam = f"{rng.choice(nat.mannen + nat.vrouwen)} {rng.choice(nat.achternamen)}"
        personen.append(
            Sleutelpersoon(
                naam=naam,
                arbeidsmarktregio=ctx.regio,
                gemeente=ctx.gemeenten[i % len(ctx.gemeenten)],
                talen=[taal, "nl"],
                nationaliteiten=[nat.code],
                telefoon=f"06{rng.randrange(10**8):08d}",
            )
        )
    for p in Sleutelpersoon.objects.bulk_create(personen):
        ctx.sleutelpersonen.append((p.pk, tuple(p.talen)))
