"""DUO's rules (docs/standards/duo-m2m/README.md): which gemeente may see a person ("Scope") and when a melding is
registered (PIP, Inburgeringsaanbod, MAP, PVT, deleting a PIP). Each check returns DUO's foutteksten; an empty list
means registered. The foutteksten are ours (DUO does not publish its texts), in DUO's tone, without BSN."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from .staat import Persoon


def _datum(waarde: str | None) -> dt.date | None:
    return dt.date.fromisoformat(waarde) if waarde else None


def relevant(persoon: Persoon, bron: str, gemeentecode: str | None, vandaag: dt.date) -> bool:
    """README "Scope": an ingezetene of the gemeente (or coupled to it by the COA), or its actuele PIP is the
    gemeente's, or the actuele PIP is younger than a month and the one before was the gemeente's."""
    if persoon.gemeente_oin == bron:
        return True
    if gemeentecode is None:
        return False
    if persoon.pip is not None and persoon.pip_gemeentecode == gemeentecode:
        return True
    historie = persoon.pip_historie
    return (
        persoon.pip is not None
        and len(historie) >= 2
        and historie[-1]["registratiedatum"] > vandaag - relativedelta(months=1)
        and historie[-2]["gemeentecode"] == gemeentecode
    )


def pip_fouten(persoon: Persoon, pip: dict, gemeentecode: str) -> list[str]:
    """README "Het aanleveren van een PIP": dagtekening, niveau and geschatte intensiteit."""
    fouten = []
    dagtekening = _datum(pip["dagtekeningPip"])
    begin = _datum(persoon.inburgeringsplicht.get("begindatum"))
    if begin and dagtekening < begin:
        fouten.append("De datum dagtekening ligt voor de startdatum van de inburgeringsplicht.")
    if persoon.pip is not None and persoon.pip_gemeentecode == gemeentecode:
        eigen = _eigen_pips(persoon, gemeentecode)
        if dagtekening < _datum(eigen[0]["pip"]["dagtekeningPip"]):
            fouten.append("De datum dagtekening ligt voor de datum dagtekening van het initiële PIP.")
        if dagtekening < _datum(persoon.pip["dagtekeningPip"]):
            fouten.append("De datum dagtekening ligt voor de datum dagtekening van het actuele PIP.")
    if dagtekening < persoon.vestigingsdatum:
        fouten.append("De datum dagtekening ligt voor de datum van vestiging van de inburgeraar in de gemeente.")
    leerroute, niveau = pip["leerroute"], pip.get("niveau")
    if niveau == "A2" and leerroute == "O":
        fouten.append("Niveau A2 is niet toegestaan in combinatie met de onderwijsroute.")
    if niveau == "B1" and leerroute == "Z":
        fouten.append("Niveau B1 is niet toegestaan in combinatie met de Z-route.")
    if niveau == "A2" and leerroute == "B" and not persoon.pip_historie:
        fouten.append("Niveau A2 is niet toegestaan in combinatie met de B1-route bij het eerste PIP van de persoon.")
    if "geschatteIntensiteitB1Route" in pip and (leerroute != "B" or not persoon.asielmigrant):
        fouten.append("De geschatte intensiteit mag alleen worden aangeleverd bij de B1-route voor een asielmigrant.")
    return fouten


def _eigen_pips(persoon: Persoon, gemeentecode: str) -> list[dict]:
    """The gemeente's PIPs since it last took over the person: the initial one first."""
    eigen = []
    for item in reversed(persoon.pip_historie):
        if item["gemeentecode"] != gemeentecode:
            break
        eigen.insert(0, item)
    return eigen


def vastgesteld_niveau(pip: dict) -> dict:
    """README: without a niveau, B1 is registered for the B1-route and the onderwijsroute."""
    if "niveau" not in pip and pip["leerroute"] in {"B", "O"}:
        return {**pip, "niveau": "B1"}
    return pip


def pip_verwijder_fouten(persoon: Persoon, gemeentecode: str) -> list[str]:
    """README "Het verwijderen van een PIP" (and only the gemeente's own PIP)."""
    fouten = []
    if persoon.pip_gemeentecode != gemeentecode:
        fouten.append("Het actuele PIP is niet door uw gemeente aangeleverd.")
    if persoon.termijn is not None:
        fouten.append("De inburgeringstermijn is al vastgesteld.")
    if persoon.uren.get("ParticipatieAlsTaalles", {}).get(gemeentecode):
        fouten.append("Er zijn al cursusdeelnameuren geregistreerd bij het actuele inburgeringsaanbod.")
    return fouten


def aanbod_fouten(persoon: Persoon, aanbod: dict, instelling: dict | None) -> list[str]:
    """README "Inburgeringsaanbod". The README's datumAanvangTaalschakeltraject / datumEindeCursus are the
    verwachteStartdatumOpleiding / verwachteEinddatumOpleiding of the schema (version 1.2.0)."""
    fouten = []
    if not persoon.asielmigrant:
        fouten.append("Een inburgeringsaanbod kan alleen worden geregistreerd voor een asielmigrant.")
    if persoon.pip is None:
        fouten.append("Er is geen PIP bekend voor de persoon.")
    onderwijsroute = persoon.pip is not None and persoon.pip["leerroute"] == "O"
    if instelling is None:
        fouten.append("De instelling is niet bekend bij DUO.")
    elif not (instelling.get("indicatieTstKeurmerk") if onderwijsroute else instelling.get("indicatieBowKeurmerk")):
        fouten.append(
            "De instelling is geen erkende taalschakelinstelling."
            if onderwijsroute
            else "De instelling heeft geen keurmerk van Blik op Werk."
        )
    datums = {naam: _datum(aanbod.get(naam)) for naam in _AANBOD_DATUMS}
    if persoon.pip is not None:
        dagtekening = _datum(persoon.pip["dagtekeningPip"])
        if any(datum and datum < dagtekening for datum in datums.values()):
            fouten.append("Een datum van het inburgeringsaanbod ligt voor de datum dagtekening van het actuele PIP.")
    start, einde = datums["verwachteStartdatumOpleiding"], datums["verwachteEinddatumOpleiding"]
    aanbod_datum = datums["datumInburgeringsaanbod"]
    if start and ((einde and start > einde) or (aanbod_datum and start < aanbod_datum)):
        fouten.append("De verwachte startdatum van de opleiding ligt niet tussen de datum aanbod en de einddatum.")
    if persoon.termijn is not None:
        termijn_start, termijn_einde = _datum(persoon.termijn["startdatum"]), _datum(persoon.termijn["einddatum"])
        if any(datum and not termijn_start <= datum <= termijn_einde for datum in (start, einde)):
            fouten.append("De verwachte start- of einddatum van de opleiding ligt buiten de inburgeringstermijn.")
    return fouten


_AANBOD_DATUMS = ("datumInburgeringsaanbod", "verwachteStartdatumOpleiding", "verwachteEinddatumOpleiding")

# README "MAP" and "PVT": the same rules for the datum eindgesprek MAP and the datum ondertekening PVT.
ONDERDELEN = {
    "map": ("datumEindgesprekMap", "De datum eindgesprek MAP"),
    "pvt": ("datumOndertekeningPvt", "De datum ondertekening PVT"),
}


def resultaat_fouten(persoon: Persoon, onderdeel: str, resultaat: dict, gemeentecode: str, vandaag) -> list[str]:
    """The verwijtbaarheid rules of MAP (onderdeel "map") and PVT ("pvt"). The termijn is overschreden when the
    datum (or, when it is withdrawn, today) lies after the einddatum of the inburgeringstermijn."""
    veld, naam = ONDERDELEN[onderdeel]
    fouten = []
    datum, verwijtbaar = _datum(resultaat.get(veld)), resultaat.get("verwijtbaar")
    vorige = getattr(persoon, onderdeel)
    if vorige is not None and persoon.geleverd_door.get(onderdeel) != gemeentecode:
        fouten.append(f"{naam} is eerder niet door uw gemeente geleverd.")
    if persoon.pip is None or persoon.pip_gemeentecode != gemeentecode:
        fouten.append("Uw gemeente heeft geen actueel PIP voor de inburgeringsplichtige.")
    if _voldaan_via_zroute(persoon):
        fouten.append("De inburgeringsplicht is al voldaan via de Z-route.")
    termijn = persoon.termijn or {}
    start, einde = _datum(termijn.get("startdatum")), _datum(termijn.get("einddatum"))
    afronding_z = _datum((persoon.zroute or {}).get("datumAfrondingZroute"))
    if datum and start and datum < start:
        fouten.append(f"{naam} ligt voor de startdatum van de inburgeringstermijn.")
    if datum and afronding_z and datum > afronding_z:
        fouten.append(f"{naam} ligt na de datum afronding Z-route.")
    if datum and datum > vandaag:
        fouten.append(f"{naam} ligt in de toekomst.")
    if datum is None and afronding_z:
        fouten.append(f"{naam} kan niet worden ingetrokken: de datum afronding Z-route is geregistreerd.")
    overschreden = einde is not None and (datum or vandaag) > einde
    if verwijtbaar is None and overschreden:
        fouten.append("Bij een overschrijding van de inburgeringstermijn moet 'Verwijtbaar' worden geleverd.")
    if verwijtbaar is not None and datum and einde and datum < einde:
        fouten.append(
            f"{naam} ligt voor de einddatum van de inburgeringstermijn: 'Verwijtbaar' mag niet worden geleverd."
        )
    if verwijtbaar == "Nee" and not (einde and einde <= vandaag + relativedelta(months=2)):
        fouten.append("'Verwijtbaar' mag alleen 'Nee' zijn als de inburgeringstermijn binnen twee maanden eindigt.")
    if verwijtbaar == "Ja" and not overschreden:
        fouten.append("'Verwijtbaar' mag alleen 'Ja' zijn bij een overschrijding van de inburgeringstermijn.")
    return fouten


def zroute_fouten(persoon: Persoon, resultaat: dict, gemeentecode: str, vandaag: dt.date) -> list[str]:
    """The README has no rules for the Z-route; the simulator asks what MAP and PVT ask of the gemeente and the date."""
    fouten = []
    if persoon.pip is None or persoon.pip_gemeentecode != gemeentecode:
        fouten.append("Uw gemeente heeft geen actueel PIP voor de inburgeringsplichtige.")
    elif persoon.pip["leerroute"] != "Z":
        fouten.append("Het actuele PIP heeft niet de Z-route als leerroute.")
    datum = _datum(resultaat.get("datumAfrondingZroute"))
    if datum and datum > vandaag:
        fouten.append("De datum afronding Z-route ligt in de toekomst.")
    return fouten


def _voldaan_via_zroute(persoon: Persoon) -> bool:
    plicht = persoon.inburgeringsplicht
    return (
        plicht.get("redenGeenInburgeringsplicht") == "Inburgeringsplicht voldaan"
        and persoon.pip is not None
        and persoon.pip["leerroute"] == "Z"
    )
