"""What changed between two versions of a PIP: a pure function over plain data, so that the history
page, a report and the tests all compare the same thing.

`gegevens(versie)` turns a PipVersie (with its goals and actions prefetched) into that data; `verschil`
compares two such dicts. Goals are copied into a new version with new ids, so they are matched by
content: first on (leefgebied, omschrijving), then what is left on (leefgebied, position); actions
within a matched goal likewise on omschrijving, then on position.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

COMPONENT_NAMEN = {"taal": "taal", "knm": "KNM", "map": "MAP", "pvt": "PVT"}


@dataclass(frozen=True)
class Wijziging:
    onderdeel: str  # leerroute, taalaanbieder, componenten, duaal, taalniveau, doel, actie
    soort: str  # gewijzigd, toegevoegd, verwijderd
    omschrijving: str  # a Dutch sentence for the history page


def _datum(d: date | None) -> str:
    return f"{d:%d-%m-%Y}" if d else "geen deadline"


def gegevens(versie) -> dict:
    """The comparable content of one version (goals and actions from the prefetch cache)."""
    return {
        "leerroute": str(versie.leerroute) if versie.leerroute_id else "",
        "taalaanbieder": str(versie.taalaanbieder) if versie.taalaanbieder_id else "",
        "componenten": list(versie.componenten or []),
        "duaal": bool(versie.duaal),
        "taalniveau_doel": versie.taalniveau_doel or "",
        "doelen": [
            {
                "leefgebied": doel.get_leefgebied_display(),
                "omschrijving": doel.omschrijving,
                "acties": [
                    {
                        "omschrijving": actie.omschrijving,
                        "eigenaar": (
                            str(actie.ketenpartner) if actie.ketenpartner_id else actie.get_eigenaar_display()
                        ),
                        "deadline": actie.deadline,
                        "status": actie.get_status_display(),
                    }
                    for actie in doel.acties.all()
                ],
            }
            for doel in versie.doelen.all()
        ],
    }


def _koppel(oud: list[dict], nieuw: list[dict], sleutel, groep) -> tuple[list[tuple[dict, dict]], list, list]:
    """Pairs of (old, new) items: equal `sleutel` first, then by position within the same `groep`."""
    over_oud = list(oud)
    over_nieuw = list(nieuw)
    paren = []
    for item in list(over_nieuw):
        match = next((o for o in over_oud if sleutel(o) == sleutel(item)), None)
        if match is not None:
            paren.append((match, item))
            over_oud.remove(match)
            over_nieuw.remove(item)
    for item in list(over_nieuw):
        match = next((o for o in over_oud if groep(o) == groep(item)), None)
        if match is not None:
            paren.append((match, item))
            over_oud.remove(match)
            over_nieuw.remove(item)
    return paren, over_oud, over_nieuw


def _componenten(waarden: list[str]) -> str:
    return ", ".join(COMPONENT_NAMEN.get(c, c) for c in waarden) or "geen"


def verschil(oud: dict, nieuw: dict) -> list[Wijziging]:
    """The changes from `oud` to `nieuw`, plan fields first, then goals and their actions."""
    wijzigingen: list[Wijziging] = []
    for veld, naam in (("leerroute", "Leerroute"), ("taalaanbieder", "Taalaanbieder")):
        if oud[veld] != nieuw[veld]:
            wijzigingen.append(Wijziging(veld, "gewijzigd", f"{naam}: {oud[veld] or 'geen'} → {nieuw[veld] or 'geen'}"))
    erbij = [c for c in nieuw["componenten"] if c not in oud["componenten"]]
    eraf = [c for c in oud["componenten"] if c not in nieuw["componenten"]]
    if erbij or eraf:
        delen = []
        if erbij:
            delen.append(f"toegevoegd: {_componenten(erbij)}")
        if eraf:
            delen.append(f"vervallen: {_componenten(eraf)}")
        wijzigingen.append(Wijziging("componenten", "gewijzigd", "Componenten " + "; ".join(delen)))
    if oud["duaal"] != nieuw["duaal"]:
        tekst = "Het traject is nu duaal." if nieuw["duaal"] else "Het traject is niet meer duaal."
        wijzigingen.append(Wijziging("duaal", "gewijzigd", tekst))
    if oud["taalniveau_doel"] != nieuw["taalniveau_doel"]:
        wijzigingen.append(
            Wijziging(
                "taalniveau",
                "gewijzigd",
                f"Taalniveau: {oud['taalniveau_doel'] or 'geen'} → {nieuw['taalniveau_doel'] or 'geen'}",
            )
        )

    doelparen, weg, bij = _koppel(
        oud["doelen"],
        nieuw["doelen"],
        sleutel=lambda d: (d["leefgebied"], d["omschrijving"]),
        groep=lambda d: d["leefgebied"],
    )
    for doel in weg:
        wijzigingen.append(
            Wijziging("doel", "verwijderd", f"Doel vervallen ({doel['leefgebied']}): {doel['omschrijving']}")
        )
    for doel in bij:
        wijzigingen.append(
            Wijziging("doel", "toegevoegd", f"Doel toegevoegd ({doel['leefgebied']}): {doel['omschrijving']}")
        )
        for actie in doel["acties"]:
            wijzigingen.append(Wijziging("actie", "toegevoegd", f"Actie toegevoegd: {actie['omschrijving']}"))
    for voor, na in doelparen:
        if voor["omschrijving"] != na["omschrijving"]:
            wijzigingen.append(
                Wijziging(
                    "doel",
                    "gewijzigd",
                    f"Doel gewijzigd ({na['leefgebied']}): {voor['omschrijving']} → {na['omschrijving']}",
                )
            )
        wijzigingen.extend(_actieverschil(voor["acties"], na["acties"]))
    return wijzigingen


def _actieverschil(oud: list[dict], nieuw: list[dict]) -> list[Wijziging]:
    wijzigingen = []
    paren, weg, bij = _koppel(oud, nieuw, sleutel=lambda a: a["omschrijving"], groep=lambda a: True)
    for actie in weg:
        wijzigingen.append(Wijziging("actie", "verwijderd", f"Actie vervallen: {actie['omschrijving']}"))
    for actie in bij:
        wijzigingen.append(Wijziging("actie", "toegevoegd", f"Actie toegevoegd: {actie['omschrijving']}"))
    for voor, na in paren:
        delen = []
        if voor["omschrijving"] != na["omschrijving"]:
            delen.append(f"omschrijving: {voor['omschrijving']} → {na['omschrijving']}")
        if voor["eigenaar"] != na["eigenaar"]:
            delen.append(f"uitvoerder: {voor['eigenaar']} → {na['eigenaar']}")
        if voor["deadline"] != na["deadline"]:
            delen.append(f"deadline: {_datum(voor['deadline'])} → {_datum(na['deadline'])}")
        if voor["status"] != na["status"]:
            delen.append(f"status: {voor['status']} → {na['status']}")
        if delen:
            wijzigingen.append(
                Wijziging("actie", "gewijzigd", f"Actie '{na['omschrijving']}' gewijzigd: " + "; ".join(delen))
            )
    return wijzigingen
