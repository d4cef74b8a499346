"""Reads of the DUO exchange for the consultant's pages (issue 14): the gemeente's queue of aanmeldingen (Vandaag),
the DUO section of the case page (meldingen, open voorstellen) and "DUO zegt / wij zeggen": what DUO has registered
(duo.Registratie) next to our record, fact by fact, in `verschillen`, which the case page and the gemeente's list
share. Each list is one query whatever its length: DUO's data and ours come as JSON annotations of the Statushouder
row. The callers log what they show (`log_getoond`, cases.selectors.log_shown)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Exists, F, JSONField, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, JSONObject
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from cases.models import BredeIntake, PipVersie, Statushouder
from cases.query import _has_role, gemeente_ids_for
from cases.selectors import statushouders_for
from cases.validators import mask_bsn
from cases.workflow import OPSCHORTBAAR, Eindreden, Status
from inburgering.accounts import roles
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event, log_events
from inburgering.compiled import compiled
from leerroutes.models import Examenresultaat, Inschrijving, Leerroute, Onderdeel

from .gebeurtenissen import TOETS_UITKOMST, onze_doelgroep
from .models import Aanmelding, Melding, Registratie, Voorstel

TIEN_WEKEN = timedelta(weeks=10)
MELDINGEN_OP_DOSSIER = 25

# --- the aanmeldingen of the gemeente (Vandaag, /duo/aanmeldingen/) ------------------------------------------------

GEBEURTENISSEN = {
    "SS101": gettext_lazy("inburgeringsplichtig"),
    "SS128": gettext_lazy("inburgeringsplichtig, bereikt binnen zes maanden de AOW-leeftijd"),
    "SS139": gettext_lazy("inburgeringsplichtig, 10 weken lopen"),
    "SS129": gettext_lazy("tijdelijke vrijstelling ingetrokken, nog geen leerroute"),
    "SS120": gettext_lazy("in de gemeente komen wonen, zonder PIP"),
    "SS121": gettext_lazy("in de gemeente komen wonen, met het PIP van de vorige gemeente"),
}


def _d(datum: date | None) -> str:
    return date_format(datum, "d-m-Y") if datum else ""


def gebeurtenis_tekst(aanmelding: Aanmelding) -> str:
    """DUO's event in Dutch, e.g. "SS139: inburgeringsplichtig, 10 weken lopen sinds 3 nov"."""
    code = aanmelding.gebeurtenis_id
    if code == "SS139" and aanmelding.tien_weken_start:
        tekst = gettext("inburgeringsplichtig, 10 weken lopen sinds %(datum)s") % {
            "datum": date_format(aanmelding.tien_weken_start, "j b")
        }
    else:
        tekst = str(GEBEURTENISSEN.get(code, gettext("gebeurtenis van DUO")))
    return f"{code}: {tekst}"


@dataclass(frozen=True)
class AanmeldingRij:
    """An open aanmelding as Vandaag shows it: no name (DUO's Inburgeringsplicht API has none), a masked BSN."""

    aanmelding: Aanmelding
    gebeurtenis: str
    uiterlijk: date | None  # the end of the 10 weeks SS139 started
    dagen_over: int | None
    bestaand_dossier: object | None  # the uuid of a case with this BSN in the gemeente, if the user may see it
    bestaand_wijzigbaar: bool  # and may change it (link the aanmelding to it)

    @property
    def bsn_gemaskeerd(self) -> str:
        return mask_bsn(self.aanmelding.bsn)

    @property
    def doelgroep(self) -> str:
        code = self.aanmelding.doelgroep
        return Statushouder.Doelgroep(code).label if code in Statushouder.Doelgroep.values else code


def aanmeldingen(user):
    """The open aanmeldingen of the user's gemeenten, for a consultant or teamleider of the gemeente (nobody else):
    the nearest end of the 10 weeks first, then the oldest. `bestaand_dossier`: a case the user may see with the
    same BSN in that gemeente (SS139 also comes for a person who was linked to the gemeente before), and
    `bestaand_wijzigbaar`: whether the user may change it."""

    def bestaand(action):
        return Statushouder.objects.for_user(user, action).filter(
            gemeente=OuterRef("gemeente"), bsn=OuterRef("bsn"), geanonimiseerd_op__isnull=True
        )

    return (
        Aanmelding.objects.filter(
            _has_role(user, *roles.CASEWORK_ROLES),
            status=Aanmelding.Status.OPEN,
            gemeente_id__in=gemeente_ids_for(user),
        )
        .select_related("gemeente")
        .annotate(
            bestaand_dossier=Subquery(bestaand("view").values("uuid")[:1]),
            bestaand_wijzigbaar=Exists(bestaand("change")),
        )
        .order_by(F("tien_weken_start").asc(nulls_last=True), "aangemaakt_op", "pk")
    )


def aanmelding_rij(aanmelding: Aanmelding, vandaag: date) -> AanmeldingRij:
    uiterlijk = aanmelding.tien_weken_start + TIEN_WEKEN if aanmelding.tien_weken_start else None
    return AanmeldingRij(
        aanmelding=aanmelding,
        gebeurtenis=gebeurtenis_tekst(aanmelding),
        uiterlijk=uiterlijk,
        dagen_over=(uiterlijk - vandaag).days if uiterlijk else None,
        bestaand_dossier=getattr(aanmelding, "bestaand_dossier", None),
        bestaand_wijzigbaar=getattr(aanmelding, "bestaand_wijzigbaar", False),
    )


def aanmeldingen_voor_vandaag(user, vandaag: date, aantal: int) -> tuple[list[AanmeldingRij], int]:
    """The `aantal` most urgent open aanmeldingen and how many there are, from one query (compiled once)."""
    rijen = _eerste_aanmeldingen(user=user, aantal=aantal)
    return [aanmelding_rij(a, vandaag) for a in rijen], (rijen[0].totaal if rijen else 0)


@compiled(user=settings.AUTH_USER_MODEL)
def _eerste_aanmeldingen(*, user, aantal: int):
    return aanmeldingen(user).annotate(totaal=Window(Count("pk")))[:aantal]


def open_aanmelding(user, uuid) -> Aanmelding:
    """One open aanmelding of the user's gemeenten, to register its case; logs the READ (it holds a BSN).
    Raises Aanmelding.DoesNotExist when absent, handled or of another gemeente, so callers answer 404."""
    aanmelding = aanmeldingen(user).get(uuid=uuid)
    log_event(user, Handeling.READ, aanmelding, toelichting="DUO-aanmelding geopend")
    return aanmelding


def registratie_gegevens(aanmelding: Aanmelding) -> dict:
    """What the registration form takes from an aanmelding (cases.forms.registratie): the BSN, DUO's doelgroep and
    kennisgeving, the start of the plicht as the date of the verblijfsvergunning (the plicht starts with it), and
    the scenario of a move. DUO's Inburgeringsplicht API has no names: the consultant enters them."""
    gegevens = {"bsn": aanmelding.bsn, "gemeente": aanmelding.gemeente_id}
    if aanmelding.doelgroep in Statushouder.Doelgroep.values:
        gegevens["doelgroep"] = aanmelding.doelgroep
    if aanmelding.kennisgeving_datum:
        gegevens["kennisgeving_datum"] = aanmelding.kennisgeving_datum
    if aanmelding.plicht_begindatum:
        gegevens["verblijfsvergunning_datum"] = aanmelding.plicht_begindatum
    if aanmelding.gebeurtenis_id in ("SS120", "SS121"):
        gegevens["overdracht_scenario"] = Statushouder.Scenario.NA_VERHUIZING
    return gegevens


def log_getoond(user, objecten, toelichting: str) -> int:
    """Record that these aanmeldingen were shown in a list (one INSERT; none when the list is empty)."""
    return log_events(user, Handeling.LIST, objecten, toelichting=toelichting)


# --- "DUO zegt / wij zeggen" ---------------------------------------------------------------------------------------

BRON_DUO = "duo"
BRON_GEMEENTE = "gemeente"
OVERNEMEN = "overnemen"
OPNIEUW_MELDEN = "opnieuw_melden"

# Does the toets outcome advise the B1-route (hoog, gemiddeld) or not (laag)?
HAALBAAR = {BredeIntake.Uitkomst.HOOG: True, BredeIntake.Uitkomst.GEMIDDELD: True, BredeIntake.Uitkomst.LAAG: False}
DUO_LEERROUTES = {"B": Leerroute.Code.B1, "O": Leerroute.Code.ONDERWIJS, "Z": Leerroute.Code.Z}
# DUO's ExamenonderdeelWI2021Inburgering → our Onderdeel code.
EXAMENONDERDELEN = {
    "KNM": Onderdeel.Code.KNM,
    "LE": Onderdeel.Code.LEZEN,
    "LU": Onderdeel.Code.LUISTEREN,
    "SC": Onderdeel.Code.SCHRIJVEN,
    "SP": Onderdeel.Code.SPREKEN,
}
DUO_EXAMENONDERDEEL = {ons: duo for duo, ons in EXAMENONDERDELEN.items()}
GESLAAGD, GEZAKT = "Geslaagd", "Gezakt"


@dataclass(frozen=True)
class Verschil:
    """One fact as DUO has it and as we have it. `bron`: who decides it (DUO: we may take it over; the gemeente: we
    may report it again). `actie` is what the consultant can do about a difference here, `uitleg` why not."""

    feit: str  # a stable key: "termijn", "pip_leerroute", "examen:LE:2026-10-12"
    label: str
    duo: str
    wij: str
    verschilt: bool
    bron: str
    actie: str = ""
    onderdeel: str = ""  # OPNIEUW_MELDEN: the onderdeel of duo.meldingen.meld_opnieuw
    uitleg: str = ""
    nieuw: object = field(default=None, compare=False, repr=False)  # DUO's value in our terms, for OVERNEMEN


def _klasse(doelgroep: str) -> str:
    """A nareiziger is an asielstatushouder to DUO."""
    return Statushouder.Doelgroep.ASIEL if doelgroep == Statushouder.Doelgroep.NAREIZIGER else doelgroep


def _datum(tekst) -> date | None:
    return date.fromisoformat(tekst[:10]) if tekst else None


def _tijd(tekst) -> datetime | None:
    return datetime.fromisoformat(tekst) if tekst else None


def _niet_bij_duo() -> str:
    return gettext("niet bij DUO")


def _niet_vastgelegd() -> str:
    return gettext("niet vastgelegd")


def _plicht(sh, registraties: dict) -> list[Verschil]:
    if "inburgeringsplicht" not in registraties:
        return []
    plicht = registraties["inburgeringsplicht"]["gegevens"]
    if sh.status == Status.AFGEROND:
        wij = gettext("dossier afgerond: %(reden)s") % {"reden": Eindreden(sh.eindreden).label}
    else:
        wij = gettext("dossier loopt (%(status)s)") % {"status": Status(sh.status).label}
    if plicht is None:
        return [Verschil("plicht", gettext("Inburgeringsplicht"), gettext("niet bekend bij DUO"), wij, False, BRON_DUO)]
    begin = _datum(plicht.get("begindatum"))
    if plicht.get("indicatorInburgeringsplicht"):
        duo = gettext("ja, sinds %(datum)s") % {"datum": _d(begin)} if begin else gettext("ja")
        verschilt = sh.status == Status.AFGEROND and sh.eindreden != Eindreden.VERHUISD
    else:
        duo = gettext("nee: %(reden)s") % {"reden": plicht.get("redenGeenInburgeringsplicht") or gettext("onbekend")}
        verschilt = sh.status != Status.AFGEROND
    feiten = [
        Verschil(
            "plicht",
            gettext("Inburgeringsplicht"),
            duo,
            wij,
            verschilt,
            BRON_DUO,
            uitleg=gettext("De gemeente besluit over het dossier: zie de voorstellen van DUO.") if verschilt else "",
        )
    ]
    if begin:
        verschilt = begin != sh.verblijfsvergunning_datum
        feiten.append(
            Verschil(
                "plicht_start",
                gettext("Start inburgeringsplicht (verblijfsvergunning)"),
                _d(begin),
                _d(sh.verblijfsvergunning_datum),
                verschilt,
                BRON_DUO,
                uitleg=gettext("Controleer de datum van de verblijfsvergunning in het dossier.") if verschilt else "",
            )
        )
    return feiten


def _kennisgeving(sh, registraties: dict) -> list[Verschil]:
    if "inburgeringsplicht" not in registraties:
        return []
    kennisgeving = _datum(
        (registraties["inburgeringsplicht"]["gegevens"] or {}).get("datumKennisgevingInburgeringsplicht")
    )
    verschilt = kennisgeving is not None and kennisgeving != sh.kennisgeving_datum
    return [
        Verschil(
            "kennisgeving",
            gettext("Kennisgeving"),
            _d(kennisgeving) or _niet_bij_duo(),
            _d(sh.kennisgeving_datum) or _niet_vastgelegd(),
            verschilt,
            BRON_DUO,
            actie=OVERNEMEN if verschilt else "",
            nieuw=kennisgeving,
        )
    ]


def _doelgroep(sh, registraties: dict) -> list[Verschil]:
    if "doelgroep" not in registraties:
        return []
    doelgroep = registraties["doelgroep"]["gegevens"]
    wij = Statushouder.Doelgroep(sh.doelgroep).label
    if not doelgroep or not doelgroep.get("indeling"):
        return [Verschil("doelgroep", gettext("Doelgroep"), _niet_bij_duo(), wij, False, BRON_DUO)]
    indeling, gedetailleerd = doelgroep["indeling"], doelgroep.get("gedetailleerdeDoelgroep")
    nieuw = onze_doelgroep(doelgroep)
    verschilt = _klasse(nieuw) != _klasse(sh.doelgroep)
    duo = f"{indeling} ({gedetailleerd})" if gedetailleerd and gedetailleerd != indeling else indeling
    return [
        Verschil(
            "doelgroep",
            gettext("Doelgroep"),
            duo,
            wij,
            verschilt,
            BRON_DUO,
            actie=OVERNEMEN if verschilt else "",
            nieuw=nieuw,
        )
    ]


def _termijn(sh, registraties: dict) -> list[Verschil]:
    if "termijn" not in registraties:
        return []
    termijn = registraties["termijn"]["gegevens"]
    wij = gettext("tot en met %(datum)s") % {"datum": _d(sh.termijn_einde)} if sh.termijn_einde else _niet_vastgelegd()
    label = gettext("Einde inburgeringstermijn")
    if not termijn:
        verschilt = sh.termijn_einde is not None
        uitleg = gettext("DUO start de termijn na de melding van het PIP.") if verschilt else ""
        return [Verschil("termijn", label, gettext("geen termijn bij DUO"), wij, verschilt, BRON_DUO, uitleg=uitleg)]
    einde = _datum(termijn.get("einddatum"))
    duo = gettext("%(start)s tot en met %(einde)s") % {
        "start": _d(_datum(termijn.get("startdatum"))),
        "einde": _d(einde),
    }
    if termijn.get("verlengingsgrondomschrijving"):
        duo += " " + gettext("(verlengd: %(grond)s)") % {"grond": termijn["verlengingsgrondomschrijving"]}
    verschilt = einde != sh.termijn_einde
    return [
        Verschil("termijn", label, duo, wij, verschilt, BRON_DUO, actie=OVERNEMEN if verschilt else "", nieuw=einde)
    ]


def _niveau(leerroute: str | None, niveau: str | None) -> str | None:
    """The level DUO registers: the one given (A2, B1; none with the Z-route), else B1 for the B1- and
    onderwijsroute (README of DUO's specs, "Niveau"). Both sides go through this before they are compared."""
    if leerroute == Leerroute.Code.Z:
        return niveau if niveau == "A2" else None
    if niveau in ("A2", "B1"):
        return niveau
    return "B1" if leerroute else None


def _pip(sh, registraties: dict) -> list[Verschil]:
    if "pip" not in registraties:
        return []
    antwoord = registraties["pip"]["gegevens"] or {}
    duo_pip = antwoord.get("pip")
    andere_gemeente = bool(duo_pip) and antwoord.get("gemeentecode") != sh.gemeente.cbs_code[2:]
    wij_pip = sh.duo_wij_pip
    eigen = wij_pip is not None and wij_pip["gemeente"] == sh.gemeente_id
    duo_route = DUO_LEERROUTES.get(duo_pip["leerroute"]) if duo_pip else None
    wij_route = wij_pip["leerroute"] if wij_pip else None

    def route_label(code):
        return Leerroute.Code(code).label if code else None

    duo_dagtekening = _d(_datum(duo_pip.get("dagtekeningPip"))) if duo_pip else None
    if duo_dagtekening and andere_gemeente:
        duo_dagtekening += " " + gettext("(PIP van een andere gemeente)")
    rijen = [
        (
            "pip_dagtekening",
            gettext("PIP: dagtekening"),
            duo_dagtekening,
            _d(_datum(wij_pip["dagtekening"])) if wij_pip else None,
        ),
        ("pip_leerroute", gettext("PIP: leerroute"), route_label(duo_route), route_label(wij_route)),
        (
            "pip_niveau",
            gettext("PIP: niveau"),
            _niveau(duo_route, duo_pip.get("niveau")) if duo_pip else None,
            _niveau(wij_route, wij_pip["niveau"]) if wij_pip else None,
        ),
    ]
    feiten, actie_getoond = [], False
    for feit, label, duo, wij in rijen:
        # Our own PIP decides; without one, DUO's (another gemeente's, SS121) is no difference.
        verschilt = (wij_pip is not None and duo != wij) or (
            wij_pip is None and duo_pip is not None and not andere_gemeente
        )
        actie = OPNIEUW_MELDEN if verschilt and eigen and not actie_getoond else ""
        actie_getoond = actie_getoond or bool(actie)
        feiten.append(
            Verschil(
                feit,
                label,
                duo or _niet_bij_duo(),
                wij or _niet_vastgelegd(),
                verschilt,
                BRON_GEMEENTE,
                actie=actie,
                onderdeel="pip" if actie else "",
            )
        )
    return feiten


def _leerbaarheidstoets(sh, registraties: dict) -> list[Verschil]:
    if "leerbaarheidstoets" not in registraties:
        return []
    resultaten = registraties["leerbaarheidstoets"]["gegevens"] or []
    wij_uitkomst = sh.duo_wij_lbt or ""
    wij = BredeIntake.Uitkomst(wij_uitkomst).label if wij_uitkomst else _niet_vastgelegd()
    if sh.leerbaarheidstoets_datum:
        wij += f", {_d(sh.leerbaarheidstoets_datum)}"
    label = gettext("Leerbaarheidstoets")
    if not resultaten:
        return [Verschil("leerbaarheidstoets", label, gettext("geen resultaat bij DUO"), wij, False, BRON_DUO)]
    laatste = max(resultaten, key=lambda r: r.get("datumAfname") or "")
    afgenomen = _datum(laatste.get("datumAfname"))
    duo = gettext("%(resultaat)s op %(datum)s") % {"resultaat": laatste.get("resultaat"), "datum": _d(afgenomen)}
    duo_uitkomst = TOETS_UITKOMST.get(laatste.get("resultaat"))  # None: "Onbekend", no result to compare
    haalbaar, wij_haalbaar = HAALBAAR.get(duo_uitkomst), HAALBAAR.get(wij_uitkomst)
    verschilt = haalbaar is not None and (haalbaar != wij_haalbaar or afgenomen != sh.leerbaarheidstoets_datum)
    uitkomst = wij_uitkomst if haalbaar == wij_haalbaar else duo_uitkomst  # keep hoog when DUO says B1 is haalbaar
    mag = verschilt and sh.status == Status.INTAKE
    return [
        Verschil(
            "leerbaarheidstoets",
            label,
            duo,
            wij,
            verschilt,
            BRON_DUO,
            actie=OVERNEMEN if mag else "",
            uitleg=gettext("Over te nemen zolang het dossier in de brede intake is.") if verschilt and not mag else "",
            nieuw=(uitkomst, afgenomen),
        )
    ]


def _examen_tekst(behaald: bool, niveau: str, *, duo: bool) -> str:
    if duo:
        tekst = gettext("geslaagd") if behaald else gettext("gezakt")
    else:
        tekst = gettext("behaald") if behaald else gettext("niet behaald")
    return f"{tekst} ({niveau})" if niveau else tekst


def _examens(sh, registraties: dict) -> list[Verschil]:
    if "examens" not in registraties:
        return []
    duo_examens = {}
    for examen in registraties["examens"]["gegevens"] or []:
        code = EXAMENONDERDELEN.get(examen.get("onderdeel"))
        if code and examen.get("resultaat") in (GESLAAGD, GEZAKT):
            duo_examens[(code, _datum(examen.get("examendatum")))] = examen
    wij_examens = {(e["onderdeel"], _datum(e["datum"])): e for e in sh.duo_wij_examens or []}
    feiten = []
    for code, datum in sorted(set(duo_examens) | set(wij_examens), key=lambda k: (k[0], k[1])):
        label = gettext("Examen %(onderdeel)s, %(datum)s") % {
            "onderdeel": Onderdeel.Code(code).label,
            "datum": _d(datum),
        }
        feit = f"examen:{DUO_EXAMENONDERDEEL[code]}:{datum.isoformat()}"
        wij = wij_examens.get((code, datum))
        wij_tekst = _examen_tekst(wij["behaald"], wij["niveau"], duo=False) if wij else _niet_vastgelegd()
        duo = duo_examens.get((code, datum))
        if duo is None:
            uitleg = gettext("DUO registreert de examenuitslagen: controleer dit resultaat bij de aanbieder.")
            feiten.append(Verschil(feit, label, _niet_bij_duo(), wij_tekst, True, BRON_DUO, uitleg=uitleg))
            continue
        behaald, niveau = duo["resultaat"] == GESLAAGD, duo.get("niveau") or ""
        verschilt = (
            wij is None or wij["behaald"] != behaald or bool(niveau and wij["niveau"] and niveau != wij["niveau"])
        )
        mag = verschilt and sh.duo_wij_inschrijving
        uitleg = "" if mag or not verschilt else gettext("Schrijf de statushouder eerst in bij een taalaanbieder.")
        feiten.append(
            Verschil(
                feit,
                label,
                _examen_tekst(behaald, niveau, duo=True),
                wij_tekst,
                verschilt,
                BRON_DUO,
                actie=OVERNEMEN if mag else "",
                uitleg=uitleg,
                nieuw={"onderdeel": code, "datum": datum, "behaald": behaald, "niveau": niveau},
            )
        )
    return feiten


FEITEN = (_plicht, _kennisgeving, _doelgroep, _termijn, _pip, _leerbaarheidstoets, _examens)


def _json_rijen(queryset, **velden):
    return ArraySubquery(queryset.values(json=JSONObject(**velden)))


def vergelijking_annotaties() -> dict:
    """DUO's registrations of a Statushouder row and the parts of our record `verschillen` compares them with."""
    pip = PipVersie.objects.filter(
        pip__statushouder=OuterRef("pk"), status=PipVersie.VersieStatus.VASTGESTELD
    ).order_by("-dagtekening", "-versie")
    examens = Examenresultaat.objects.filter(
        inschrijving__statushouder=OuterRef("pk"), onderdeel__code__in=EXAMENONDERDELEN.values()
    ).order_by("onderdeel__code", "datum")
    inschrijvingen = Inschrijving.objects.filter(statushouder=OuterRef("pk")).exclude(
        status=Inschrijving.Status.AFGEWEZEN
    )
    return {
        "duo_zegt": _json_rijen(
            Registratie.objects.filter(statushouder=OuterRef("pk")).order_by("onderdeel"),
            onderdeel="onderdeel",
            gegevens="gegevens",
            opgehaald_op="opgehaald_op",
        ),
        "duo_wij_lbt": F("intake__leerbaarheidstoets_uitkomst"),
        "duo_wij_pip": Subquery(
            pip.values(
                json=JSONObject(
                    dagtekening="dagtekening",
                    leerroute="leerroute__code",
                    niveau="taalniveau_doel",
                    gemeente="pip__gemeente",
                )
            )[:1],
            output_field=JSONField(),
        ),
        "duo_wij_examens": _json_rijen(
            examens, onderdeel="onderdeel__code", datum="datum", niveau="niveau", behaald="behaald"
        ),
        "duo_wij_inschrijving": Exists(inschrijvingen),
    }


def met_vergelijking(queryset):
    return queryset.annotate(**vergelijking_annotaties())


def verschillen(statushouder) -> list[Verschil]:
    """ "DUO zegt / wij zeggen": every fact DUO has registered for the case (as far as it was fetched) next to ours,
    with whether they differ and what can be done. A row of `met_vergelijking` costs no query; a plain case one
    (the caller has checked the permission)."""
    if not hasattr(statushouder, "duo_zegt"):
        statushouder = met_vergelijking(Statushouder.objects.select_related("gemeente")).get(pk=statushouder.pk)
    registraties = {r["onderdeel"]: r for r in statushouder.duo_zegt or []}
    if not registraties:
        return []
    return [verschil for feit in FEITEN for verschil in feit(statushouder, registraties)]


def opgehaald_op(statushouder) -> datetime | None:
    """When DUO's data of an annotated row were last fetched."""
    return max((_tijd(r["opgehaald_op"]) for r in statushouder.duo_zegt or []), default=None)


# --- meldingen and voorstellen of a case ---------------------------------------------------------------------------

# The onderdeel of duo.meldingen.meld_opnieuw that sends a melding of this api/operation again.
ONDERDEEL_VAN_OPERATIE = {"updateMapByBsn": "map", "updatePvtByBsn": "pvt", "updateZrouteByBsn": "zroute"}
ONDERDEEL_VAN_API = {Melding.Api.PIP: "pip", Melding.Api.INBURGERINGSAANBOD: "inburgeringsaanbod",
                     Melding.Api.CONTACTPERSOON: "contactpersoon"}  # fmt: skip


def onderdeel_van(api: str, operatie: str) -> str:
    return ONDERDEEL_VAN_API.get(api) or ONDERDEEL_VAN_OPERATIE.get(operatie, "")


STATUS_KLASSEN = {
    Melding.Status.WACHTEND: "wachtend",
    Melding.Status.VERZONDEN: "bezig",
    Melding.Status.BEVESTIGD: "klaar",
    Melding.Status.GEWEIGERD: "mislukt",
}


def _foutteksten(fouten) -> list[str]:
    """DUO's Foutmelding objects ({"fouttekst": …}) or plain texts."""
    return [f.get("fouttekst", "") if isinstance(f, dict) else str(f) for f in fouten or []]


@dataclass(frozen=True)
class MeldingRij:
    uuid: str
    api: str
    operatie: str
    omschrijving: str
    status: str
    fouten: list[str]
    laatste_fout: str
    aangemaakt_op: datetime | None
    verzonden_op: datetime | None
    beantwoord_op: datetime | None
    opgevolgd: bool  # a later melding of the same operation replaced it

    @property
    def api_label(self) -> str:
        return Melding.Api(self.api).label

    @property
    def status_label(self) -> str:
        return Melding.Status(self.status).label

    @property
    def status_klasse(self) -> str:
        """The badge of templates/components/status_badge.html that has the meaning (colours of app.css)."""
        return STATUS_KLASSEN[self.status]

    @property
    def onderdeel(self) -> str:
        """What "Opnieuw melden" sends for a refused melding that nothing has replaced yet ("" = nothing)."""
        if self.status != Melding.Status.GEWEIGERD or self.opgevolgd:
            return ""
        return onderdeel_van(self.api, self.operatie)


def _melding_rij(json: dict) -> MeldingRij:
    return MeldingRij(
        uuid=json["uuid"],
        api=json["api"],
        operatie=json["operatie"],
        omschrijving=json["omschrijving"],
        status=json["status"],
        fouten=_foutteksten(json.get("fouten")),
        laatste_fout=json.get("laatste_fout") or "",
        aangemaakt_op=_tijd(json.get("aangemaakt_op")),
        verzonden_op=_tijd(json.get("verzonden_op")),
        beantwoord_op=_tijd(json.get("beantwoord_op")),
        opgevolgd=bool(json.get("opgevolgd")),
    )


# Where on the case page the step of a voorstel is taken (templates/cases/dossier/_transities.html).
TRANSITIE_ANKERS = {
    Voorstel.Soort.AFSLUITEN: ("afronden-form", lambda status: status != Status.AFGEROND),
    Voorstel.Soort.OPSCHORTEN: ("opschorten-form", lambda status: status in OPSCHORTBAAR),
    Voorstel.Soort.HERVATTEN: ("hervatten-form", lambda status: status == Status.OPGESCHORT),
    Voorstel.Soort.CONTROLEREN: ("duo-verschillen", lambda status: True),
}


@dataclass(frozen=True)
class VoorstelRij:
    uuid: str
    soort: str
    gebeurtenis: str
    toelichting: str
    melding: str  # the melding it is about, unless the toelichting names it already
    aangemaakt_op: datetime | None
    anker: str  # the part of the case page where the step is taken, "" = none here

    @property
    def soort_label(self) -> str:
        return Voorstel.Soort(self.soort).label


def _voorstel_rij(json: dict, status: str) -> VoorstelRij:
    anker, kan = TRANSITIE_ANKERS.get(json["soort"], ("", None))
    return VoorstelRij(
        uuid=json["uuid"],
        soort=json["soort"],
        gebeurtenis=json.get("gebeurtenis") or "",
        toelichting=json.get("toelichting") or "",
        melding="" if (json.get("melding") or "") in (json.get("toelichting") or "") else json["melding"],
        aangemaakt_op=_tijd(json.get("aangemaakt_op")),
        anker=anker if kan and kan(status) else "",
    )


def _opgevolgd():
    """A later melding of the same operation on the same resource."""
    return Exists(
        Melding.objects.filter(
            statushouder=OuterRef("statushouder"),
            api=OuterRef("api"),
            operatie=OuterRef("operatie"),
            pad=OuterRef("pad"),
            aangemaakt_op__gt=OuterRef("aangemaakt_op"),
        )
    )


def _open_voorstellen():
    return Voorstel.objects.filter(statushouder=OuterRef("pk"), afgehandeld_op__isnull=True).order_by(
        "aangemaakt_op", "pk"
    )


def _voorstel_annotaties() -> dict:
    return {
        "duo_open": _json_rijen(
            _open_voorstellen(),
            uuid="uuid",
            soort="soort",
            gebeurtenis="gebeurtenis_id",
            toelichting="toelichting",
            melding="melding__omschrijving",
            aangemaakt_op="aangemaakt_op",
        )
    }


def _melding_velden() -> dict:
    velden = ("uuid", "api", "operatie", "omschrijving", "status", "fouten", "laatste_fout", "aangemaakt_op",
              "verzonden_op", "beantwoord_op")  # fmt: skip
    return {**{v: v for v in velden}, "opgevolgd": _opgevolgd()}


@compiled(pk=int)
def _dossiersectie_rijen(*, pk):
    meldingen = Melding.objects.filter(statushouder=OuterRef("pk")).order_by("-aangemaakt_op", "-pk")
    aantal = meldingen.order_by().values("statushouder").annotate(n=Count("pk")).values("n")
    basis = met_vergelijking(Statushouder.objects.all()).annotate(
        **_voorstel_annotaties(),
        duo_meldingrijen=ArraySubquery(meldingen.values(json=JSONObject(**_melding_velden()))[:MELDINGEN_OP_DOSSIER]),
        duo_meldingen_aantal=Coalesce(Subquery(aantal), 0),
    )
    return basis.filter(pk=pk)


@dataclass
class DuoSectie:
    """The DUO section of the case page."""

    meldingen: list[MeldingRij]
    meldingen_aantal: int
    verschillen: list[Verschil]
    opgehaald_op: datetime | None
    voorstellen: list[VoorstelRij]

    @property
    def aantal_verschillen(self) -> int:
        return sum(v.verschilt for v in self.verschillen)


def dossiersectie(statushouder) -> DuoSectie:
    """The meldingen (the latest MELDINGEN_OP_DOSSIER), DUO's registration next to ours and the open voorstellen of a
    case the caller has opened (permission checked, READ logged): one query, compiled once per process."""
    (rij,) = _dossiersectie_rijen(pk=statushouder.pk)
    return DuoSectie(
        meldingen=[_melding_rij(m) for m in rij.duo_meldingrijen],
        meldingen_aantal=rij.duo_meldingen_aantal,
        verschillen=verschillen(rij),
        opgehaald_op=opgehaald_op(rij),
        voorstellen=[_voorstel_rij(v, rij.status) for v in rij.duo_open],
    )


def voorstel(user, uuid, action: str = "change") -> Voorstel:
    """One voorstel of a case the user may change (or view); DoesNotExist otherwise."""
    return Voorstel.objects.for_user(user, action).select_related("statushouder__gemeente", "melding").get(uuid=uuid)


# --- the gemeente's list (/duo/verschillen/) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Lijstrij:
    statushouder: Statushouder
    verschillen: list[Verschil]  # the differing facts only
    geweigerd: list[MeldingRij]  # refused meldingen that no later one replaced
    voorstellen: list[VoorstelRij]


def verschillenlijst(user, *, alleen_eigen: bool = False) -> list[Lijstrij]:
    """The cases of the user's gemeente (as for_user allows; `alleen_eigen`: the user's own) where DUO's registration
    and ours differ, a melding was refused and not sent again, or a voorstel is open; by name. One query; the
    caller logs the rows it shows."""
    geweigerd = Melding.objects.filter(statushouder=OuterRef("pk"), status=Melding.Status.GEWEIGERD).filter(
        ~_opgevolgd()
    )
    kandidaten = statushouders_for(user).filter(
        Q(Exists(Registratie.objects.filter(statushouder=OuterRef("pk"))))
        | Q(Exists(_open_voorstellen()))
        | Q(Exists(geweigerd))
    )
    if alleen_eigen:
        kandidaten = kandidaten.filter(consultant=user)
    rijen = (
        met_vergelijking(kandidaten)
        .annotate(
            **_voorstel_annotaties(),
            duo_geweigerd=ArraySubquery(
                geweigerd.order_by("aangemaakt_op").values(json=JSONObject(**_melding_velden()))
            ),
        )
        .order_by("achternaam", "voornamen", "pk")
    )
    lijst = []
    for sh in rijen:
        rij = Lijstrij(
            statushouder=sh,
            verschillen=[v for v in verschillen(sh) if v.verschilt],
            geweigerd=[_melding_rij(m) for m in sh.duo_geweigerd],
            voorstellen=[_voorstel_rij(v, sh.status) for v in sh.duo_open],
        )
        if rij.verschillen or rij.geweigerd or rij.voorstellen:
            lijst.append(rij)
    return lijst
