"""What each of DUO's events (docs/standards/duo-m2m/Gebeurtenissen/Gebeurtenissen.md) means for the gemeente.

A notification only names the event; the details are read from DUO (duo.raadpleging) and kept as the case's
Registratie. "The case" is the one with this BSN in the notification's gemeente (anonymised cases do not
count). DUO is the source of the kennisgeving, the doelgroep, the leerbaarheidstoets, the termijn and the
exams: those are taken over on the case, with a timeline entry saying what DUO says and what we had. What
follows from DUO's news (closing, suspending, resuming a case, checking the plan) is the gemeente's decision:
the consultant gets a Voorstel. Every write goes through the audit log with the system as actor.

| event                     | with a case                                          | without a case               |
| SS101 SS128 SS139 SS129   | kennisgeving taken over; SS129 opgeschort: hervatten | aanmelding (open), prefilled |
| SS120 SS121               | registrations refreshed, timeline                    | aanmelding (+ PIP of the     |
|                           |                                                      | previous gemeente); a case   |
|                           |                                                      | in another gemeente of ours: |
|                           |                                                      | Voorstel afsluiten (verhuisd)|
| SS137                     | timeline                                             | —                            |
| SS131                     | toets result and date on the intake, else a Voorstel | —                            |
| SS102 SS103 SS104         | termijn_einde = DUO's, the difference on the timeline| —                            |
| SS130                     | termijn as SS102; opgeschort: Voorstel hervatten     | aanmelding with previous PIP |
| SS199                     | a timeline entry per new exam result                 | —                            |
| SS106 SS107 SS108 SS110   | Voorstel afsluiten naming the eindreden              | open aanmelding vervalt      |
| SS111                     |                                                      |                              |
| SS109                     | Voorstel opschorten (with DUO's period)              | open aanmelding vervalt      |
| SS124 SS125               | doelgroep = DUO's, timeline, Voorstel controleren    | open aanmelding bijgewerkt   |
| SS113–SS119 (verzoeken)   | registration refreshed, timeline; SS117/SS119        | —                            |
|                           | (partly granted): Voorstel controleren               |                              |
| any other                 | timeline and Voorstel controleren (see DUO's portal) | —                            |

Without a case and without an aanmelding to update, nothing is read from DUO: the consultant who registers
the case reads everything at once (raadpleging.ververs). A notification without a BSN cannot be read (DUO's
APIs ask by BSN): it is marked mislukt for the beheerder. DUO's Inburgeringsplicht API carries no names, so an
aanmelding has none; the consultant enters them at registration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import BredeIntake, Statushouder
from cases.services import ROUTE_ADVIES, werk_intake_bij
from cases.services.common import timeline
from cases.workflow import OPSCHORTBAAR, Eindreden, Status
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from . import raadpleging
from .client import DuoClient
from .models import Aanmelding, Notificatie, Registratie, Voorstel

Onderdeel = Registratie.Onderdeel

OMSCHRIJVING = {
    "SS101": "persoon is inburgeringsplichtig",
    "SS128": "persoon is inburgeringsplichtig en bereikt binnen 6 maanden de AOW-leeftijd",
    "SS139": "persoon is inburgeringsplichtig; de termijn van 10 weken voor het vaststellen van de leerroute loopt",
    "SS129": "tijdelijke vrijstelling ingetrokken, nog geen leerroute bekend",
    "SS120": "in de gemeente gevestigd zonder PIP",
    "SS121": "in de gemeente gevestigd met het PIP van de vorige gemeente",
    "SS124": "doelgroep gewijzigd van asielstatushouder naar gezinsmigrant en overige migrant",
    "SS125": "doelgroep gewijzigd van gezinsmigrant en overige migrant naar asielstatushouder",
    "SS109": "tijdelijke vrijstelling toegekend",
    "SS110": "inburgeringsplicht ingetrokken",
    "SS111": "persoon is overleden",
    "SS106": "diploma behaald, inburgeringsplicht voldaan",
    "SS107": "gehele vrijstelling toegekend",
    "SS108": "gehele ontheffing toegekend",
    "SS137": "aangemeld voor de leerbaarheidstoets",
    "SS131": "leerbaarheidstoets afgenomen, resultaat bekend",
    "SS102": "inburgeringstermijn gestart",
    "SS103": "inburgeringstermijn ambtshalve verlengd",
    "SS104": "inburgeringstermijn op verzoek verlengd",
    "SS130": "tijdelijke vrijstelling ingetrokken; de inburgeringsplicht wordt hervat met de eerdere leerroute",
    "SS199": "uitslag examen bekend",
    "SS113": "verzoek om verlenging afgewezen",
    "SS114": "verzoek om gehele vrijstelling afgewezen",
    "SS115": "verzoek om tijdelijke vrijstelling afgewezen",
    "SS116": "verzoek om gedeeltelijke vrijstelling afgewezen",
    "SS117": "verzoek om gedeeltelijke vrijstelling toegekend",
    "SS118": "verzoek om ontheffing afgewezen",
    "SS119": "verzoek om gedeeltelijke ontheffing toegekend",
}

# DUO's gedetailleerde doelgroep (within its indeling) → our Statushouder.Doelgroep.
NAREIZIGERS = {"Gezinshereniger met Asielstatushouder", "Gezinsvormer met Asielstatushouder"}
GEZINSMIGRANTEN = {"Gezinshereniger", "Gezinsvormer", *NAREIZIGERS}
ASIEL = "Asielstatushouder"

# DUO's leerbaarheidstoets result → our intake outcome. Hoog and gemiddeld both advise the B1-route and DUO does
# not say which: the lower, unless the intake already has one with the same advice (a consultant's "hoog" stays).
# The timeline keeps DUO's own words and scores.
TOETS_UITKOMST = {
    "B1-route haalbaar": BredeIntake.Uitkomst.GEMIDDELD,
    "B1-route niet haalbaar": BredeIntake.Uitkomst.LAAG,
}
EXAMENONDERDELEN = {
    "KNM": "Kennis van de Nederlandse Maatschappij",
    "LE": "lezen",
    "LU": "luisteren",
    "SC": "schrijven",
    "SP": "spreken",
}
# The plicht ends: the eindreden the consultant would close the case with, and what DUO is asked.
EINDE = {
    "SS106": (Eindreden.VOLDAAN, [Onderdeel.INBURGERINGSPLICHT, Onderdeel.EXAMENS]),
    "SS107": (Eindreden.VRIJSTELLING, [Onderdeel.INBURGERINGSPLICHT, Onderdeel.VRIJSTELLINGEN]),
    "SS108": (Eindreden.ONTHEFFING, [Onderdeel.INBURGERINGSPLICHT, Onderdeel.ONTHEFFINGEN]),
    "SS110": (Eindreden.OVERIG, [Onderdeel.INBURGERINGSPLICHT]),
    "SS111": (Eindreden.OVERIG, [Onderdeel.INBURGERINGSPLICHT]),
}
VERZOEKEN = {
    "SS113": None,  # DUO's Beoordeling aanvraag verlenging API (SDI011) does not exist yet
    "SS114": Onderdeel.VRIJSTELLINGEN,
    "SS115": Onderdeel.VRIJSTELLINGEN,
    "SS116": Onderdeel.VRIJSTELLINGEN,
    "SS117": Onderdeel.VRIJSTELLINGEN,
    "SS118": Onderdeel.ONTHEFFINGEN,
    "SS119": Onderdeel.ONTHEFFINGEN,
}
PLAN_RAAKT = {"SS117", "SS119"}  # partly exempt: fewer exam parts or activities in the plan


class NietVerwerkbaar(Exception):
    """A notification no attempt can process (no BSN): marked mislukt, not retried."""


@dataclass
class Context:
    notificatie: Notificatie
    statushouder: Statushouder | None

    @cached_property
    def client(self) -> DuoClient:
        """Made when DUO is first asked: an event that needs nothing from DUO does not wait for it."""
        return DuoClient(self.notificatie.gemeente)

    @property
    def gebeurtenis(self) -> str:
        return self.notificatie.gebeurtenis_id

    @property
    def datum(self) -> date:
        """The day DUO registered the event."""
        return timezone.localdate(self.notificatie.registratie_datum_tijd)

    @property
    def wat(self) -> str:
        """The start of every text on the timeline: DUO: <what happened> (SSnnn)."""
        return f"DUO: {OMSCHRIJVING.get(self.gebeurtenis, 'gebeurtenis')} ({self.gebeurtenis})"

    def haal_op(self, *onderdelen) -> dict:
        n = self.notificatie
        return raadpleging.haal_op(n.gemeente, n.bsn, onderdelen, client=self.client)

    def ververs(self, *onderdelen) -> dict:
        return raadpleging.ververs(self.statushouder, onderdelen=onderdelen, client=self.client)


def verwerk(notificatie: Notificatie) -> None:
    """Act on one notification (inside duo.verwerking's transaction); links it to the case when there is one."""
    if not notificatie.bsn:
        raise NietVerwerkbaar(
            "Notificatie zonder BSN: DUO's API's worden op BSN geraadpleegd. Zie het portaal van DUO."
        )
    statushouder = (
        Statushouder.objects.select_for_update(of=("self",))
        .select_related("gemeente")
        .filter(gemeente=notificatie.gemeente, bsn=notificatie.bsn, geanonimiseerd_op__isnull=True)
        .first()
    )
    context = Context(notificatie, statushouder)
    HANDELINGEN.get(notificatie.gebeurtenis_id, onbekend)(context)
    notificatie.statushouder = statushouder


# --- The events -----------------------------------------------------------------------------------


def nieuwe_inburgeringsplichtige(c: Context) -> None:
    """SS101, SS128, SS139, SS129."""
    if c.statushouder is None:
        gegevens = c.haal_op(Onderdeel.INBURGERINGSPLICHT, Onderdeel.DOELGROEP)
        _aanmelding(c, gegevens, tien_weken_start=c.datum if c.gebeurtenis == "SS139" else None)
        return
    gegevens = c.ververs(Onderdeel.INBURGERINGSPLICHT, Onderdeel.DOELGROEP)
    _meld(c, c.wat + (f"; 10 weken vanaf {c.datum:%d-%m-%Y}" if c.gebeurtenis == "SS139" else ""))
    _neem_kennisgeving_over(c, gegevens[Onderdeel.INBURGERINGSPLICHT])
    _na_tijdelijke_vrijstelling(c)


def verhuisd(c: Context) -> None:
    """SS120 (without PIP) and SS121 (with the previous gemeente's PIP). The route is kept: a case of this person
    in another gemeente of this installation is handed over by that gemeente (afronden, verhuisd), which
    makes the new case here with the route (cases.services.verhuizing); the aanmelding waits for that."""
    met_pip = c.gebeurtenis == "SS121"
    onderdelen = [Onderdeel.INBURGERINGSPLICHT, Onderdeel.DOELGROEP]
    if met_pip:
        onderdelen += [Onderdeel.PIP, Onderdeel.TERMIJN]
    if c.statushouder is not None:
        c.ververs(*onderdelen)
        _meld(c, c.wat)
        return
    gegevens = c.haal_op(*onderdelen)
    _aanmelding(c, gegevens, met_pip_vorige_gemeente=met_pip, vorige_pip=gegevens.get(Onderdeel.PIP))
    elders = (
        Statushouder.objects.select_for_update(of=("self",))
        .select_related("gemeente")
        .filter(bsn=c.notificatie.bsn, geanonimiseerd_op__isnull=True)
        .exclude(gemeente=c.notificatie.gemeente)
        .exclude(status=Status.AFGEROND)
        .first()
    )
    if elders is not None:
        nieuwe = c.notificatie.gemeente
        tekst = f"DUO: in gemeente {nieuwe} gevestigd ({c.gebeurtenis})"
        timeline(elders, f"duo:{c.gebeurtenis}", tekst, c.datum, None)
        _voorstel(
            c,
            elders,
            Voorstel.Soort.AFSLUITEN,
            f"{tekst}. Rond het dossier af met eindreden '{Eindreden.VERHUISD.label}' en kies {nieuwe}: het "
            f"dossier gaat dan met de leerroute over naar {nieuwe}, waar de aanmelding klaarstaat.",
        )


def toets_aangemeld(c: Context) -> None:
    """SS137."""
    if c.statushouder is not None:
        _meld(c, c.wat)


def toets_resultaat(c: Context) -> None:
    """SS131: the latest result on the intake (through the intake's own service: its route advice follows), or
    a Voorstel when the intake cannot take it (not in the intake any more, another route chosen)."""
    if c.statushouder is None:
        return
    resultaten = c.ververs(Onderdeel.LEERBAARHEIDSTOETS)[Onderdeel.LEERBAARHEIDSTOETS] or []
    if not resultaten:
        _meld(c, f"{c.wat}; DUO heeft (nog) geen resultaat")
        return
    laatste = max(resultaten, key=lambda r: r["datumAfname"])
    afname = date.fromisoformat(laatste["datumAfname"])
    tekst = (
        f"{c.wat}: {laatste['resultaat']} (score {laatste['behaaldeScore']}, nodig {laatste['benodigdeScore']}), "
        f"afgenomen op {afname:%d-%m-%Y}"
    )
    uitkomst = TOETS_UITKOMST.get(laatste["resultaat"])
    sh = c.statushouder
    intake = BredeIntake.objects.filter(statushouder=sh).first()
    if uitkomst is not None and intake is not None:
        if ROUTE_ADVIES.get(intake.leerbaarheidstoets_uitkomst) == ROUTE_ADVIES[uitkomst]:
            uitkomst = intake.leerbaarheidstoets_uitkomst
        try:
            with transaction.atomic():
                werk_intake_bij(
                    actor=None,
                    statushouder=sh,
                    velden={"leerbaarheidstoets_uitkomst": uitkomst, "leerbaarheidstoets_datum": afname},
                    scores={},
                )
        except ValidationError as fout:  # TransitionError is one too
            _voorstel(
                c,
                sh,
                Voorstel.Soort.CONTROLEREN,
                f"{tekst}. Niet in de brede intake overgenomen: {' '.join(fout.messages)} Neem het resultaat over "
                "in de intake of het PIP.",
            )
        else:
            sh.refresh_from_db(fields=["leerbaarheidstoets_datum"])
            _meld(c, f"{tekst}; overgenomen in de brede intake")
            return
    _neem_over(c, {"leerbaarheidstoets_datum": afname}, tekst)


def termijn(c: Context) -> None:
    """SS102, SS103, SS104 (and SS130): DUO is leading for the termijn."""
    if c.statushouder is None:
        return
    gegevens = c.ververs(Onderdeel.TERMIJN)[Onderdeel.TERMIJN]
    if gegevens is None:
        _meld(c, f"{c.wat}; DUO heeft geen inburgeringstermijn geregistreerd")
        return
    sh = c.statushouder
    einde = date.fromisoformat(gegevens["einddatum"])
    grond = gegevens.get("verlengingsgrondomschrijving")
    tekst = f"{c.wat}: einde inburgeringstermijn {einde:%d-%m-%Y}" + (f" ({grond})" if grond else "")
    if sh.termijn_einde == einde:
        _meld(c, f"{tekst}, gelijk aan ons dossier")
    elif sh.termijn_einde is None:
        _neem_over(c, {"termijn_einde": einde}, tekst)
    else:
        _neem_over(c, {"termijn_einde": einde}, f"{tekst}; in ons dossier stond {sh.termijn_einde:%d-%m-%Y}")


def hervat_na_vrijstelling(c: Context) -> None:
    """SS130: the termijn and plan resume; without a case here, the person arrives with the PIP DUO knows."""
    if c.statushouder is None:
        gegevens = c.haal_op(Onderdeel.INBURGERINGSPLICHT, Onderdeel.DOELGROEP, Onderdeel.PIP)
        _aanmelding(c, gegevens, met_pip_vorige_gemeente=True, vorige_pip=gegevens[Onderdeel.PIP])
        return
    c.ververs(Onderdeel.INBURGERINGSPLICHT, Onderdeel.VRIJSTELLINGEN, Onderdeel.PIP)
    termijn(c)
    _na_tijdelijke_vrijstelling(c)


def examenresultaat(c: Context) -> None:
    """SS199: one timeline entry per result DUO has that the last raadpleging did not."""
    if c.statushouder is None:
        return
    eerder = raadpleging.registratie(c.statushouder, Onderdeel.EXAMENS) or []
    resultaten = c.ververs(Onderdeel.EXAMENS)[Onderdeel.EXAMENS] or []
    nieuw = [r for r in resultaten if r not in eerder]
    for r in sorted(nieuw, key=lambda r: r["examendatum"]):
        reden = r.get("redenGeenResultaat")
        uitslag = r["resultaat"].lower() + (f" ({reden.lower()})" if reden else "")
        niveau = f" {r['niveau']}" if r.get("niveau") else ""
        _meld(
            c,
            f"DUO: examen {EXAMENONDERDELEN.get(r['onderdeel'], r['onderdeel'])}{niveau} {uitslag} "
            f"op {date.fromisoformat(r['examendatum']):%d-%m-%Y} (SS199)",
        )
    if not nieuw:
        _meld(c, f"{c.wat}; geen nieuwe resultaten")


def plicht_beeindigd(c: Context) -> None:
    """SS106, SS107, SS108, SS110, SS111: the gemeente closes the case, with the eindreden named."""
    eindreden, onderdelen = EINDE[c.gebeurtenis]
    if c.statushouder is None:
        _aanmelding_vervalt(c)
        return
    plicht = c.ververs(*onderdelen)[Onderdeel.INBURGERINGSPLICHT] or {}
    reden = plicht.get("redenGeenInburgeringsplicht")
    tekst = c.wat + (f"; reden volgens DUO: {reden}" if reden else "")
    _meld(c, tekst)
    if c.statushouder.status != Status.AFGEROND:
        _voorstel(
            c,
            c.statushouder,
            Voorstel.Soort.AFSLUITEN,
            f"{tekst}. Rond het dossier af met eindreden '{Eindreden(eindreden).label}'.",
        )


def tijdelijke_vrijstelling(c: Context) -> None:
    """SS109: the plicht pauses; suspending the case is the gemeente's step."""
    if c.statushouder is None:
        _aanmelding_vervalt(c)
        return
    vrijstellingen = c.ververs(Onderdeel.INBURGERINGSPLICHT, Onderdeel.VRIJSTELLINGEN)[Onderdeel.VRIJSTELLINGEN]
    toegekend = [
        v["TijdelijkeVrijstelling"]
        for v in vrijstellingen or []
        if (v.get("TijdelijkeVrijstelling") or {}).get("oordeel") == "Toekenning"
    ]
    periode = toegekend[-1] if toegekend else {}
    tekst = c.wat
    if periode.get("startdatum") and periode.get("einddatum"):
        van, tot = date.fromisoformat(periode["startdatum"]), date.fromisoformat(periode["einddatum"])
        tekst += f", van {van:%d-%m-%Y} tot {tot:%d-%m-%Y}"
    _meld(c, tekst)
    if c.statushouder.status in OPSCHORTBAAR:
        _voorstel(c, c.statushouder, Voorstel.Soort.OPSCHORTEN, f"{tekst}. Schort het dossier op zolang die loopt.")


def doelgroep_gewijzigd(c: Context) -> None:
    """SS124, SS125: DUO is the source of the doelgroep; the route rules differ per doelgroep, so check the plan."""
    if c.statushouder is None:
        n = c.notificatie
        if Aanmelding.objects.filter(gemeente=n.gemeente, bsn=n.bsn, status=Aanmelding.Status.OPEN).exists():
            _aanmelding(c, c.haal_op(Onderdeel.INBURGERINGSPLICHT, Onderdeel.DOELGROEP))
        return
    sh = c.statushouder
    nieuw = onze_doelgroep(c.ververs(Onderdeel.INBURGERINGSPLICHT, Onderdeel.DOELGROEP)[Onderdeel.DOELGROEP])
    tekst = c.wat
    if nieuw and _indeling(nieuw) != _indeling(sh.doelgroep):  # within DUO's indeling, ours is finer: it stays
        oud = sh.get_doelgroep_display()
        tekst = f"{c.wat}: doelgroep {Statushouder.Doelgroep(nieuw).label} (was {oud})"
        _neem_over(c, {"doelgroep": nieuw}, tekst)
    else:
        _meld(c, tekst)
    _voorstel(
        c,
        sh,
        Voorstel.Soort.CONTROLEREN,
        f"{tekst}. De regels voor de leerroute verschillen per doelgroep (het inburgeringsaanbod en de geschatte "
        "intensiteit van de B1-route gelden alleen voor asielmigranten): controleer het PIP.",
    )


def verzoek_beoordeeld(c: Context) -> None:
    """SS113–SS119: DUO decided on a request of the inburgeraar."""
    if c.statushouder is None:
        return
    onderdeel = VERZOEKEN[c.gebeurtenis]
    if onderdeel is not None:
        c.ververs(onderdeel)
    _meld(c, c.wat)
    if c.gebeurtenis in PLAN_RAAKT:
        _voorstel(
            c,
            c.statushouder,
            Voorstel.Soort.CONTROLEREN,
            f"{c.wat}. Controleer welke examenonderdelen en activiteiten het PIP nog nodig heeft.",
        )


def onbekend(c: Context) -> None:
    """An event this system does not act on by itself: the consultant looks it up."""
    if c.statushouder is None:
        return
    _meld(c, c.wat)
    _voorstel(
        c,
        c.statushouder,
        Voorstel.Soort.CONTROLEREN,
        f"DUO meldde gebeurtenis {c.gebeurtenis}, die dit systeem niet zelf verwerkt. Kijk in het portaal van DUO "
        "wat er is gewijzigd.",
    )


HANDELINGEN = {
    **dict.fromkeys(("SS101", "SS128", "SS139", "SS129"), nieuwe_inburgeringsplichtige),
    **dict.fromkeys(("SS120", "SS121"), verhuisd),
    "SS137": toets_aangemeld,
    "SS131": toets_resultaat,
    **dict.fromkeys(("SS102", "SS103", "SS104"), termijn),
    "SS130": hervat_na_vrijstelling,
    "SS199": examenresultaat,
    **dict.fromkeys(EINDE, plicht_beeindigd),
    "SS109": tijdelijke_vrijstelling,
    **dict.fromkeys(("SS124", "SS125"), doelgroep_gewijzigd),
    **dict.fromkeys(VERZOEKEN, verzoek_beoordeeld),
}


# --- Building blocks ------------------------------------------------------------------------------


def onze_doelgroep(doelgroep: dict | None) -> str:
    """Our Statushouder.Doelgroep for DUO's Doelgroep ("" when DUO gives no indeling)."""
    doelgroep = doelgroep or {}
    indeling, detail = doelgroep.get("indeling"), doelgroep.get("gedetailleerdeDoelgroep")
    if indeling == ASIEL:
        return Statushouder.Doelgroep.NAREIZIGER if detail in NAREIZIGERS else Statushouder.Doelgroep.ASIEL
    if indeling:
        return Statushouder.Doelgroep.GEZINSMIGRANT if detail in GEZINSMIGRANTEN else Statushouder.Doelgroep.OVERIG
    return ""


def _indeling(doelgroep: str) -> str:
    """DUO's indeling (the rights and duties) of one of our doelgroepen."""
    asiel = (Statushouder.Doelgroep.ASIEL, Statushouder.Doelgroep.NAREIZIGER)
    return ASIEL if doelgroep in asiel else "Gezinsmigrant en overige migrant"


def _datum(waarde: str | None) -> date | None:
    return date.fromisoformat(waarde) if waarde else None


def _aanmelding(c: Context, gegevens: dict, **extra) -> Aanmelding:
    """The open aanmelding of this person in the gemeente, made or brought up to date with DUO's data."""
    n = c.notificatie
    plicht = gegevens.get(Onderdeel.INBURGERINGSPLICHT) or {}
    doelgroep = gegevens.get(Onderdeel.DOELGROEP) or {}
    velden = {
        "notificatie": n,
        "gebeurtenis_id": n.gebeurtenis_id,
        "doelgroep": onze_doelgroep(doelgroep),
        "gedetailleerde_doelgroep": doelgroep.get("gedetailleerdeDoelgroep") or "",
        "plicht_begindatum": _datum(plicht.get("begindatum")),
        "kennisgeving_datum": _datum(plicht.get("datumKennisgevingInburgeringsplicht")),
        **({"v_nummer": n.v_nummer} if n.v_nummer is not None else {}),
        **{veld: waarde for veld, waarde in extra.items() if waarde is not None},
    }
    aanmelding = (
        Aanmelding.objects.select_for_update()
        .filter(gemeente=n.gemeente, bsn=n.bsn, status=Aanmelding.Status.OPEN)
        .first()
    )
    if aanmelding is None:
        aanmelding = Aanmelding.objects.create(gemeente=n.gemeente, bsn=n.bsn, **velden)
        log_event(None, Handeling.CREATE, aanmelding, toelichting=f"DUO {n.gebeurtenis_id}")
        return aanmelding
    for veld, waarde in velden.items():
        setattr(aanmelding, veld, waarde)
    aanmelding.save(update_fields=list(velden))
    log_event(None, Handeling.UPDATE, aanmelding, velden=list(velden), toelichting=f"DUO {n.gebeurtenis_id}")
    return aanmelding


def _aanmelding_vervalt(c: Context) -> None:
    """The plicht ended or paused before a case was made: the aanmelding leaves the queue."""
    n = c.notificatie
    for aanmelding in Aanmelding.objects.select_for_update().filter(
        gemeente=n.gemeente, bsn=n.bsn, status=Aanmelding.Status.OPEN
    ):
        aanmelding.status = Aanmelding.Status.VERVALLEN
        aanmelding.save(update_fields=["status"])
        log_event(None, Handeling.UPDATE, aanmelding, velden=["status"], toelichting=f"DUO {n.gebeurtenis_id}")


def _neem_kennisgeving_over(c: Context, plicht: dict | None) -> None:
    kennisgeving = _datum((plicht or {}).get("datumKennisgevingInburgeringsplicht"))
    sh = c.statushouder
    if kennisgeving is None or kennisgeving == sh.kennisgeving_datum:
        return
    tekst = f"DUO: kennisgeving inburgeringsplicht {kennisgeving:%d-%m-%Y}"
    if sh.kennisgeving_datum is not None:
        tekst += f"; in ons dossier stond {sh.kennisgeving_datum:%d-%m-%Y}"
    _neem_over(c, {"kennisgeving_datum": kennisgeving}, tekst)


def _na_tijdelijke_vrijstelling(c: Context) -> None:
    """SS129, SS130: the temporary exemption ended; a case suspended for it may resume."""
    if c.statushouder.status == Status.OPGESCHORT:
        _voorstel(c, c.statushouder, Voorstel.Soort.HERVATTEN, f"{c.wat}. Hervat het dossier.")


def _neem_over(c: Context, velden: dict, tekst: str) -> bool:
    """Write DUO's values on the case, with `tekst` on the timeline. When they break a rule of our record (a
    check constraint: a termijn ending before our PIP's dagtekening, a kennisgeving before the permit), the
    case is left as it is and the consultant gets a Voorstel to check it: retrying would not change DUO's data."""
    sh = c.statushouder
    vorige = {veld: getattr(sh, veld) for veld in velden}
    for veld, waarde in velden.items():
        setattr(sh, veld, waarde)
    try:
        with transaction.atomic():
            sh.save(update_fields=[*velden, "gewijzigd_op"])
    except IntegrityError:
        for veld, waarde in vorige.items():
            setattr(sh, veld, waarde)
        _voorstel(
            c,
            sh,
            Voorstel.Soort.CONTROLEREN,
            f"{tekst}. Niet overgenomen: dit past niet bij de andere datums in ons dossier; controleer het dossier.",
        )
        return False
    _meld(c, tekst)
    log_event(None, Handeling.UPDATE, sh, velden=list(velden), toelichting=f"DUO {c.gebeurtenis}")
    return True


def _meld(c: Context, tekst: str) -> None:
    timeline(c.statushouder, f"duo:{c.gebeurtenis}", tekst[:255], c.datum, None)


def _voorstel(c: Context, statushouder, soort: str, toelichting: str) -> Voorstel | None:
    """One open Voorstel per case, kind and event: DUO may repeat itself."""
    if Voorstel.objects.filter(
        statushouder=statushouder, soort=soort, gebeurtenis_id=c.gebeurtenis, afgehandeld_op__isnull=True
    ).exists():
        return None
    voorstel = Voorstel.objects.create(
        statushouder=statushouder,
        soort=soort,
        gebeurtenis_id=c.gebeurtenis,
        notificatie=c.notificatie,
        toelichting=toelichting,
    )
    log_event(None, Handeling.CREATE, voorstel, toelichting=f"DUO {c.gebeurtenis}")
    return voorstel
