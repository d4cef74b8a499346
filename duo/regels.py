"""DUO's rules on what a gemeente reports (duo-m2m README: "Het aanleveren van een PIP", "Inburgeringsaanbod", "MAP",
"PVT"), applied by our own services before they save, so DUO never refuses what the consultant could have been told.

Where DUO has registered a fact (duo.Registratie, the answer of the last raadpleging) DUO's value counts: the start of
the plicht, the doelgroep, the termijn, the current PIP. Without it our own record stands in. The PIP's niveau and
route rules live with the vaststelling (cases.services.niveau_fout), the dagtekening rules here."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from cases import deadlines
from cases.models import Statushouder
from cases.services.common import today

from .models import Melding, Registratie

ASIELMIGRANT_DOELGROEPEN = (Statushouder.Doelgroep.ASIEL, Statushouder.Doelgroep.NAREIZIGER)
DATUM_NAMEN = {
    "map_eindgesprek_op": "De datum eindgesprek MAP",
    "pvt_ondertekend_op": "De datum ondertekening PVT",
    "zroute_eindgesprek_op": "De datum eindgesprek Z-route",
}
VERWIJTBAAR = {"map_eindgesprek_op": "map_verwijtbaar", "pvt_ondertekend_op": "pvt_verwijtbaar"}
# The melding that carries each date to DUO (duo.meldingen): who delivered a date is who may change it.
OPERATIES = {
    "map_eindgesprek_op": "updateMapByBsn",
    "pvt_ondertekend_op": "updatePvtByBsn",
    "zroute_eindgesprek_op": "updateZrouteByBsn",
}


def _d(datum: date) -> str:
    return f"{datum:%d-%m-%Y}"


def duo_zegt(statushouder, onderdeel: str) -> dict | None:
    """DUO's answer of the last raadpleging of `onderdeel` for the case, None when not fetched or unknown to DUO."""
    return (
        Registratie.objects.filter(statushouder=statushouder, onderdeel=onderdeel)
        .values_list("gegevens", flat=True)
        .first()
    )


def _datum(gegevens: dict | None, *sleutels: str) -> date | None:
    for sleutel in sleutels:
        gegevens = gegevens.get(sleutel) if isinstance(gegevens, dict) else None
    return date.fromisoformat(gegevens) if isinstance(gegevens, str) else None


def is_asielmigrant(statushouder) -> bool:
    """DUO's doelgroep indeling when fetched, else ours: an Inburgeringsaanbod is only for asielmigranten."""
    doelgroep = duo_zegt(statushouder, Registratie.Onderdeel.DOELGROEP)
    if isinstance(doelgroep, dict) and doelgroep.get("indeling"):
        return doelgroep["indeling"] == "Asielstatushouder"
    return statushouder.doelgroep in ASIELMIGRANT_DOELGROEPEN


def plicht_begindatum(statushouder) -> date | None:
    """The start of the inburgeringsplicht: DUO's, else the residence permit's date (the plicht starts with it)."""
    plicht = duo_zegt(statushouder, Registratie.Onderdeel.INBURGERINGSPLICHT)
    return _datum(plicht, "begindatum") or statushouder.verblijfsvergunning_datum


def vestigingsdatum(statushouder) -> date | None:
    """Since when the person is this gemeente's: the COA's koppeling to it (a PIP may be made while the person still
    lives in the AZC), else the BRP registration; after a move the BRP registration in this gemeente (the koppeling
    carried over was to the previous one)."""
    if statushouder.vorig_dossier_id is None and statushouder.koppeling_datum:
        return statushouder.koppeling_datum
    return statushouder.brp_inschrijving_datum


def termijn(statushouder) -> tuple[date | None, date | None]:
    """(start, end) of the inburgeringstermijn: DUO's when fetched (DUO is leading for the termijn), else ours."""
    duo = duo_zegt(statushouder, Registratie.Onderdeel.TERMIJN)
    start, einde = _datum(duo, "startdatum"), _datum(duo, "einddatum")
    if start and einde:
        return start, einde
    dagtekening = statushouder.pip_dagtekening
    return (deadlines.termijn_start(dagtekening) if dagtekening else None), statushouder.termijn_einde


def pip_fouten(statushouder, dagtekening: date) -> list[str]:
    """DUO's dagtekening rules for a PIP: not before the start of the plicht, not before the person settled in the
    gemeente, not before the dagtekening of the PIP DUO has now (also another gemeente's, after a move). The rule
    against our own previous version is the vaststelling's (cases.services.stel_pip_vast)."""
    fouten = []
    begin = plicht_begindatum(statushouder)
    if begin and dagtekening < begin:
        fouten.append(
            _("De dagtekening ligt vóór de start van de inburgeringsplicht (%(datum)s).") % {"datum": _d(begin)}
        )
    vestiging = vestigingsdatum(statushouder)
    if vestiging and dagtekening < vestiging:
        fouten.append(_("De dagtekening ligt vóór de vestiging in de gemeente (%(datum)s).") % {"datum": _d(vestiging)})
    actueel = _datum(duo_zegt(statushouder, Registratie.Onderdeel.PIP), "pip", "dagtekeningPip")
    if actueel and dagtekening < actueel:
        fouten.append(
            _("De dagtekening ligt vóór die van het PIP dat DUO nu heeft (%(datum)s).") % {"datum": _d(actueel)}
        )
    return fouten


def aanbod_fout(statushouder, dagtekening: date, startdatum: date) -> str | None:
    """An Inburgeringsaanbod's dates lie not before the dagtekening of the current PIP (`dagtekening`, our vastgestelde
    versie's; DUO's current PIP counts too) and, once DUO started the inburgeringstermijn, within it."""
    actueel = _datum(duo_zegt(statushouder, Registratie.Onderdeel.PIP), "pip", "dagtekeningPip")
    grens = max(dagtekening, actueel or dagtekening)
    if startdatum < grens:
        return _("De start ligt vóór de dagtekening van het PIP (%(datum)s).") % {"datum": _d(grens)}
    duo_termijn = duo_zegt(statushouder, Registratie.Onderdeel.TERMIJN)
    start, einde = _datum(duo_termijn, "startdatum"), _datum(duo_termijn, "einddatum")
    if start and startdatum < start:
        return _("De start ligt vóór de start van de inburgeringstermijn (%(datum)s).") % {"datum": _d(start)}
    if einde and startdatum > einde:
        return _("De start ligt na het einde van de inburgeringstermijn (%(datum)s).") % {"datum": _d(einde)}
    return None


def afronding_voorwaarde_fout(statushouder, route_code: str | None) -> str | None:
    """MAP, PVT and Z-route dates cannot change once DUO registered the plicht as voldaan through the Z-route."""
    plicht = duo_zegt(statushouder, Registratie.Onderdeel.INBURGERINGSPLICHT) or {}
    if route_code == "z" and plicht.get("redenGeenInburgeringsplicht") == "Inburgeringsplicht voldaan":
        return _("De inburgeringsplicht is via de Z-route voldaan: de afronding van de route ligt vast.")
    return None


def laatst_geleverd(statushouder, operatie: str) -> Melding | None:
    """The last melding of `operatie` (not refused) for the person: of this case or of the cases before it in other
    gemeenten (a case continued after a move)."""
    keten, vorige = [statushouder.pk], statushouder.vorig_dossier
    while vorige is not None:
        keten.append(vorige.pk)
        vorige = vorige.vorig_dossier
    return (
        Melding.objects.filter(statushouder_id__in=keten, operatie=operatie)
        .exclude(status=Melding.Status.GEWEIGERD)
        .order_by("-aangemaakt_op", "-pk")
        .select_related("gemeente")
        .first()
    )


def _geleverd_door_vorige_gemeente(statushouder, veld: str) -> str | None:
    """The gemeente whose melding gave DUO the date it now has, when that is not this case's gemeente (a case
    continued after a move); None when this gemeente delivered it or nobody did."""
    laatste = laatst_geleverd(statushouder, OPERATIES[veld])
    if laatste is None or laatste.statushouder_id == statushouder.pk:
        return None
    return laatste.gemeente.naam


def afronding_fouten(statushouder, record, oud: dict, velden: dict[str, str]) -> dict:
    """DUO's rules over the route record (leerroutes.Routeafronding) as it will be; `oud` holds the values before
    the change, `velden` maps each date written to its form field. Returns {form field: message}."""
    fouten = {}
    start, einde = termijn(statushouder)
    zroute = record.zroute_eindgesprek_op
    for veld, formveld in velden.items():
        datum, naam = getattr(record, veld), DATUM_NAMEN[veld]
        verwijtbaar_veld = VERWIJTBAAR.get(veld)
        gewijzigd = datum != oud[veld] or (
            verwijtbaar_veld and getattr(record, verwijtbaar_veld) != oud[verwijtbaar_veld]
        )
        if gewijzigd and (vorige := _geleverd_door_vorige_gemeente(statushouder, veld)):
            fouten[formveld] = _(
                "%(naam)s is door de gemeente %(gemeente)s aan DUO gemeld: alleen die gemeente kan hem wijzigen."
            ) % {"naam": naam, "gemeente": vorige}
            continue
        if datum is None:
            if oud[veld] is not None and zroute is not None and veld != "zroute_eindgesprek_op":
                fouten[formveld] = _("%(naam)s kan niet worden ingetrokken: de Z-route is afgerond.") % {"naam": naam}
        elif datum > today():
            fouten[formveld] = _("%(naam)s ligt in de toekomst.") % {"naam": naam}
        elif start is not None and datum < start:
            fouten[formveld] = _("%(naam)s ligt vóór de start van de inburgeringstermijn (%(start)s).") % {
                "naam": naam,
                "start": _d(start),
            }
        elif veld != "zroute_eindgesprek_op" and zroute is not None and datum > zroute:
            fouten[formveld] = _("%(naam)s ligt na de afronding van de Z-route (%(zroute)s).") % {
                "naam": naam,
                "zroute": _d(zroute),
            }
        if veld == "zroute_eindgesprek_op" and datum is not None and formveld not in fouten:
            for ander in VERWIJTBAAR:
                if getattr(record, ander) is not None and getattr(record, ander) > datum:
                    fouten[formveld] = _("%(naam)s ligt na de afronding van de Z-route (%(zroute)s).") % {
                        "naam": DATUM_NAMEN[ander],
                        "zroute": _d(datum),
                    }
        if verwijtbaar_veld is None or formveld in fouten:
            continue
        verwijtbaar = getattr(record, verwijtbaar_veld)
        overschreden = datum is not None and einde is not None and datum > einde
        if overschreden and verwijtbaar is None:
            fouten["verwijtbaar"] = _(
                "De inburgeringstermijn eindigde op %(einde)s: geef aan of de overschrijding verwijtbaar is."
            ) % {"einde": _d(einde)}
        elif not overschreden and verwijtbaar is not None:
            fouten["verwijtbaar"] = _("Vul verwijtbaar alleen in als de inburgeringstermijn is overschreden.")
    return fouten
