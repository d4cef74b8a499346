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

from django.utils.translation import gettext as _


def GEEN() -> str:  # noqa: N802 - reads like the constant it stands for
    return _("geen")


COMPONENT_NAMEN = {"taal": "taal", "knm": "KNM", "map": "MAP", "pvt": "PVT"}


@dataclass(frozen=True)
class Wijziging:
    onderdeel: str  # leerroute, taalaanbieder, componenten, duaal, taalniveau, doel, actie
    soort: str  # gewijzigd, toegevoegd, verwijderd
    omschrijving: str  # a sentence for the history page (Dutch; translated through gettext)


def _datum(d: date | None) -> str:
    return f"{d:%d-%m-%Y}" if d else _("geen deadline")


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
    return ", ".join(COMPONENT_NAMEN.get(c, c) for c in waarden) or GEEN()


def verschil(oud: dict, nieuw: dict) -> list[Wijziging]:
    """The changes from `oud` to `nieuw`, plan fields first, then goals and their actions."""
    wijzigingen: list[Wijziging] = []
    for veld, naam in (("leerroute", _("Leerroute")), ("taalaanbieder", _("Taalaanbieder"))):
        if oud[veld] != nieuw[veld]:
            wijzigingen.append(
                Wijziging(
                    veld,
                    "gewijzigd",
                    _("%(naam)s: %(oud)s → %(nieuw)s")
                    % {"naam": naam, "oud": oud[veld] or GEEN(), "nieuw": nieuw[veld] or GEEN()},
                )
            )
    erbij = [c for c in nieuw["componenten"] if c not in oud["componenten"]]
    eraf = [c for c in oud["componenten"] if c not in nieuw["componenten"]]
    if erbij or eraf:
        delen = []
        if erbij:
            delen.append(_("toegevoegd: %(lijst)s") % {"lijst": _componenten(erbij)})
        if eraf:
            delen.append(_("vervallen: %(lijst)s") % {"lijst": _componenten(eraf)})
        wijzigingen.append(
            Wijziging("componenten", "gewijzigd", _("Componenten %(delen)s") % {"delen": "; ".join(delen)})
        )
    if oud["duaal"] != nieuw["duaal"]:
        tekst = _("Het traject is nu duaal.") if nieuw["duaal"] else _("Het traject is niet meer duaal.")
        wijzigingen.append(Wijziging("duaal", "gewijzigd", tekst))
    if oud["taalniveau_doel"] != nieuw["taalniveau_doel"]:
        wijzigingen.append(
            Wijziging(
                "taalniveau",
                "gewijzigd",
                _("Taalniveau: %(oud)s → %(nieuw)s")
                % {"oud": oud["taalniveau_doel"] or GEEN(), "nieuw": nieuw["taalniveau_doel"] or GEEN()},
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
            Wijziging("doel", "verwijderd", _("Doel vervallen (%(leefgebied)s): %(omschrijving)s") % doel)
        )
    for doel in bij:
        wijzigingen.append(
            Wijziging("doel", "toegevoegd", _("Doel toegevoegd (%(leefgebied)s): %(omschrijving)s") % doel)
        )
        for actie in doel["acties"]:
            wijzigingen.append(Wijziging("actie", "toegevoegd", _("Actie toegevoegd: %(omschrijving)s") % actie))
    for voor, na in doelparen:
        if voor["omschrijving"] != na["omschrijving"]:
            wijzigingen.append(
                Wijziging(
                    "doel",
                    "gewijzigd",
                    _("Doel gewijzigd (%(leefgebied)s): %(oud)s → %(nieuw)s")
                    % {"leefgebied": na["leefgebied"], "oud": voor["omschrijving"], "nieuw": na["omschrijving"]},
                )
            )
        wijzigingen.extend(_actieverschil(voor["acties"], na["acties"]))
    return wijzigingen


def _actieverschil(oud: list[dict], nieuw: list[dict]) -> list[Wijziging]:
    wijzigingen = []
    paren, weg, bij = _koppel(oud, nieuw, sleutel=lambda a: a["omschrijving"], groep=lambda a: True)
    for actie in weg:
        wijzigingen.append(Wijziging("actie", "verwijderd", _("Actie vervallen: %(omschrijving)s") % actie))
    for actie in bij:
        wijzigingen.append(Wijziging("actie", "toegevoegd", _("Actie toegevoegd: %(omschrijving)s") % actie))
    for voor, na in paren:
        delen = []
        if voor["omschrijving"] != na["omschrijving"]:
            delen.append(
                _("omschrijving: %(oud)s → %(nieuw)s") % {"oud": voor["omschrijving"], "nieuw": na["omschrijving"]}
            )
        if voor["eigenaar"] != na["eigenaar"]:
            delen.append(_("uitvoerder: %(oud)s → %(nieuw)s") % {"oud": voor["eigenaar"], "nieuw": na["eigenaar"]})
        if voor["deadline"] != na["deadline"]:
            delen.append(
                _("deadline: %(oud)s → %(nieuw)s") % {"oud": _datum(voor["deadline"]), "nieuw": _datum(na["deadline"])}
            )
        if voor["status"] != na["status"]:
            delen.append(_("status: %(oud)s → %(nieuw)s") % {"oud": voor["status"], "nieuw": na["status"]})
        if delen:
            wijzigingen.append(
                Wijziging(
                    "actie",
                    "gewijzigd",
                    _("Actie '%(omschrijving)s' gewijzigd: %(delen)s")
                    % {"omschrijving": na["omschrijving"], "delen": "; ".join(delen)},
                )
            )
    return wijzigingen
