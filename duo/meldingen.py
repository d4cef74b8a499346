"""Our meldingen to DUO (melding-bevestiging): per DUO operation a builder of the request body as DUO's openapi.yml
defines it. Each melding is written into the outbox (duo.Melding) inside the transaction of the change that causes
it, so the change and its melding are committed together or not at all; after the commit a Celery task sends it
(duo/outbox.py). A broker that is down does not fail the change: the beat task picks the melding up.

Only for a gemeente that exchanges with DUO (it has an OIN) and a case under the Wi2021 (DUO has no Wi2013 cases).
The path is stored as a template: {bsn} is filled in at send time, so no BSN is stored in it."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from cases.models import PipVersie
from cases.services.common import today
from leerroutes.models import Aanwezigheid, Inschrijving, Leerroute, Routeafronding
from partners.models import Gemeente

from . import regels, tasks
from .models import Instelling, Melding, Voorstel

Api = Melding.Api
LEERROUTES = {Leerroute.Code.B1: "B", Leerroute.Code.ONDERWIJS: "O", Leerroute.Code.Z: "Z"}
ONDERDELEN = ("pip", "inburgeringsaanbod", "contactpersoon", "map", "pvt", "zroute")
CONTACTPERSOON_PAD = "/contactpersonen/{id}/personen/{bsn}"
# Per part of the route record: operationId, path, date field → DUO's name, the verwijtbaar field.
AFRONDING = {
    "map": ("updateMapByBsn", "/personen/{bsn}/map", "map_eindgesprek_op", "datumEindgesprekMap", "map_verwijtbaar"),
    "pvt": ("updatePvtByBsn", "/personen/{bsn}/pvt", "pvt_ondertekend_op", "datumOndertekeningPvt", "pvt_verwijtbaar"),
    "zroute": ("updateZrouteByBsn", "/personen/{bsn}/zroute", "zroute_eindgesprek_op", "datumAfrondingZroute", None),
}
AFRONDING_NAMEN = {"map": "Datum eindgesprek MAP", "pvt": "Datum ondertekening PVT", "zroute": "Afronding Z-route"}
# The Gevolgde uren DUO takes from what the providers report (GevolgdeUren API): lessons are the "uren taalles
# Nederlands en KNM bij een Cursusinstelling in het kader van de gevolgde Leerroute" (participatietaalles), the
# participation activities those of the Z-route (participatieactiviteiten). The Brede Intake's hours
# (bredeintake/taallesknm) are the gemeente's own, not reported by providers. Per soort: operationId, path, text.
UREN = {
    Aanwezigheid.Soort.LES: (
        "updateUrenParticipatieAlsTaallesByBsn",
        "/personen/{bsn}/uren/participatietaalles",
        "taalles Nederlands en KNM",
    ),
    Aanwezigheid.Soort.PARTICIPATIE: (
        "updateUrenParticipatieactiviteiten",
        "/personen/{bsn}/uren/participatieactiviteiten",
        "participatieactiviteiten",
    ),
}
UREN_MAX = 9999
# DUO's Contactpersoongegevens.telefoonnummer; the number is read from a "Telefoon ..." line of the gemeente's
# letterhead (briefhoofd), the number a chain partner can call.


def _d(datum: date) -> str:
    return f"{datum:%d-%m-%Y}"


def meldt_aan_duo(statushouder) -> bool:
    """Does this case's news go to DUO: a gemeente with an OIN, a case under the Wi2021 with a BSN."""
    return bool(statushouder.gemeente.oin) and not statushouder.oude_wet and bool(statushouder.bsn)


def _nieuw(statushouder, api: str, operatie: str, methode: str, pad: str, inhoud, omschrijving: str):
    return Melding(
        gemeente=statushouder.gemeente,
        statushouder=statushouder,
        api=api,
        operatie=operatie,
        methode=methode,
        pad=pad,
        inhoud=inhoud,
        omschrijving=omschrijving[: Melding._meta.get_field("omschrijving").max_length],
    )


def _schrijf(meldingen: list[Melding]) -> list[Melding]:
    """Write meldingen in the current transaction (one INSERT) and queue each after the commit."""
    meldingen = Melding.objects.bulk_create(meldingen)
    for melding in meldingen:
        transaction.on_commit(lambda pk=melding.pk: tasks.in_wachtrij(tasks.verstuur_melding, pk))
    return meldingen


def _voorstel(statushouders, toelichting: str) -> None:
    """Ask the consultant to check something that keeps a melding from being written, once while it is open."""
    al = set(
        Voorstel.objects.filter(
            statushouder__in=statushouders,
            soort=Voorstel.Soort.CONTROLEREN,
            toelichting=toelichting,
            afgehandeld_op__isnull=True,
        ).values_list("statushouder_id", flat=True)
    )
    Voorstel.objects.bulk_create(
        Voorstel(statushouder=sh, soort=Voorstel.Soort.CONTROLEREN, toelichting=toelichting)
        for sh in statushouders
        if sh.pk not in al
    )


# --- PIP (postPipByBsn) -------------------------------------------------------------------------------------------


def _alfabetisering(statushouder) -> str | None:
    """DUO's indicatorAlfabetiseringsonderwijs as the latest enrolment states it; None before any enrolment."""
    return (
        Inschrijving.objects.filter(statushouder=statushouder)
        .exclude(status=Inschrijving.Status.AFGEWEZEN)
        .order_by("-pk")
        .values_list("alfabetisering", flat=True)
        .first()
    )


def pip_inhoud(statushouder, versie) -> dict:
    """The PIP schema: dagtekening and route; the niveau where DUO takes one (A2 or B1, not with the Z-route; without
    it DUO sets B1 for the B1- and onderwijsroute). The estimated intensity and 'mag opleiding afmaken' are not
    recorded in the plan, so not sent."""
    code = versie.leerroute.code
    inhoud = {"dagtekeningPip": versie.dagtekening.isoformat(), "leerroute": LEERROUTES[code]}
    if versie.taalniveau_doel in ("A2", "B1") and code != Leerroute.Code.Z:
        inhoud["niveau"] = versie.taalniveau_doel
    if alfabetisering := _alfabetisering(statushouder):
        inhoud["indicatorAlfabetiseringsonderwijs"] = alfabetisering
    return inhoud


def _eigen_pip(statushouder) -> bool:
    """Has this case (this gemeente) a vastgestelde PIP version?"""
    return PipVersie.objects.filter(pip__statushouder=statushouder, status=PipVersie.VersieStatus.VASTGESTELD).exists()


def meld_pip(statushouder, versie) -> Melding | None:
    """A vastgestelde PIP version (every version: DUO keeps the current one). The case's first PIP melding is
    followed by the route record's dates recorded before it (a case continued after a move): DUO takes them only
    from the gemeente of the current PIP."""
    if not meldt_aan_duo(statushouder):
        return None
    omschrijving = _("PIP versie %(versie)s vastgesteld (%(reden)s), dagtekening %(datum)s") % {
        "versie": versie.versie,
        "reden": versie.get_wijzigingsreden_display(),
        "datum": _d(versie.dagtekening),
    }
    eerste = not Melding.objects.filter(statushouder=statushouder, operatie="postPipByBsn").exists()
    inhoud = pip_inhoud(statushouder, versie)
    pad = "/personen/{bsn}/PIP"
    melding = _schrijf([_nieuw(statushouder, Api.PIP, "postPipByBsn", "POST", pad, inhoud, omschrijving)])[0]
    if eerste:
        _meld_afronding_na_eerste_pip(statushouder)
    return melding


# --- Inburgeringsaanbod (postInburgeringsaanbodByBsnAndInstellingsnummer) ----------------------------------------


def instellingsnummer(organisatie) -> str | None:
    """DUO's number of the provider (duo.Instelling linked by its Blik op Werk number, duo/instellingen.py)."""
    return (
        Instelling.objects.filter(organisatie=organisatie)
        .order_by("instellingsnummer")
        .values_list("instellingsnummer", flat=True)
        .first()
    )


def aanbod_inhoud(inschrijving) -> dict:
    """The Inburgeringsaanbod schema: the enrolment's date, the expected (or real) start and end, alfabetisering.
    The date of the enrolment (for the B1- and Z-route also the start of the lessons, says DUO) is the aanmelding's,
    or the real start when the provider reports lessons that began before the aanmelding was registered."""
    inhoud = {"indicatorAlfabetiseringsonderwijs": inschrijving.alfabetisering}
    if inschrijving.aangemeld_op:
        inhoud["datumInburgeringsaanbod"] = min(inschrijving.aangemeld_op, inschrijving.startdatum).isoformat()
    inhoud["verwachteStartdatumOpleiding"] = inschrijving.startdatum.isoformat()
    if einde := inschrijving.einddatum or inschrijving.verwachte_einddatum:
        inhoud["verwachteEinddatumOpleiding"] = einde.isoformat()
    return inhoud


def meld_inburgeringsaanbod(inschrijving) -> Melding | None:
    """An enrolment at a provider, again whenever its dates change: DUO keeps one aanbod per instelling and
    overwrites it; a refused aanmelding withdraws it. Only for asielmigranten (README, Inburgeringaanbod). A provider
    DUO does not know (or not linked) cannot be named: the consultant is asked to check it."""
    statushouder = inschrijving.statushouder
    if not meldt_aan_duo(statushouder) or not regels.is_asielmigrant(statushouder):
        return None
    organisatie = inschrijving.organisatie
    nummer = instellingsnummer(organisatie)
    afgewezen = inschrijving.status == Inschrijving.Status.AFGEWEZEN
    if nummer is None and afgewezen:
        return None  # nothing to withdraw: it could not have been reported
    if nummer is None:
        _voorstel(
            [statushouder],
            _(
                "%(organisatie)s staat niet in DUO's lijst van instellingen (of het Blik op Werk-nummer van het "
                "keurmerk ontbreekt): het inburgeringsaanbod is niet aan DUO gemeld. Vul het registratienummer van "
                "het keurmerk aan en meld het aanbod opnieuw."
            )
            % {"organisatie": organisatie},
        )
        return None
    pad = f"/personen/{{bsn}}/Inburgeringsaanbod/{nummer}"
    if afgewezen:
        omschrijving = _("Inburgeringsaanbod bij %(organisatie)s ingetrokken (aanmelding afgewezen)") % {
            "organisatie": organisatie
        }
        melding = _nieuw(
            statushouder,
            Api.INBURGERINGSAANBOD,
            "deleteInburgeringsaanbodByBsnAndInstellingsnumer",
            "DELETE",
            pad,
            None,
            omschrijving,
        )
    else:
        inhoud = aanbod_inhoud(inschrijving)
        omschrijving = _("Inburgeringsaanbod bij %(organisatie)s (%(status)s), start %(start)s") % {
            "organisatie": organisatie,
            "status": inschrijving.get_status_display(),
            "start": _d(inschrijving.startdatum),
        }
        if einde := inschrijving.einddatum or inschrijving.verwachte_einddatum:
            omschrijving += _(", einde %(einde)s") % {"einde": _d(einde)}
        operatie = "postInburgeringsaanbodByBsnAndInstellingsnummer"
        melding = _nieuw(statushouder, Api.INBURGERINGSAANBOD, operatie, "POST", pad, inhoud, omschrijving)
    return _schrijf([melding])[0]


# --- Contactpersoon (createContactpersoon, postContactpersoonByBsn) ----------------------------------------------


def _is_naam(naam: str) -> bool:
    """DUO's pattern for a name: letters, spaces, apostrophes, dots and dashes."""
    return bool(naam) and all(
        ch.isalpha() or ch.isspace() or ch in "'‘." or unicodedata.category(ch) == "Pd" for ch in naam
    )


def telefoonnummer(gemeente) -> str | None:
    return gemeente.telefoon or None


def contactgegevens(gebruiker, gemeente) -> tuple[dict | None, list[str]]:
    """DUO's Contactpersoongegevens of a consultant (naam, email, the gemeente's telefoonnummer: a consultant has no
    number of his own here), or None and what is missing."""
    naam = gebruiker.get_full_name().strip()[:100]
    email = (gebruiker.email or "").strip()
    telefoon = telefoonnummer(gemeente)
    ontbreekt = [
        omschrijving
        for omschrijving, goed in (
            (_("de naam van de consulent"), _is_naam(naam)),
            (_("het e-mailadres van de consulent"), 4 <= len(email) <= 241),
            (_("het telefoonnummer van de gemeente (partnerbeheer)"), telefoon),
        )
        if not goed
    ]
    if ontbreekt:
        return None, ontbreekt
    return {"naam": naam, "email": email, "telefoonnummer": telefoon}, []


def meld_contactpersonen(statushouders, consultant) -> list[Melding]:
    """The consultant (re)assigned to these cases becomes their contactpersoon at DUO (DUO replaces the previous
    one). Who that is, is read at send time (duo/outbox.py): the outbox first registers the consultant at DUO when DUO
    has no id for him yet. Without the data DUO requires the consultant is asked to complete them. Two queries for
    any number of cases."""
    statushouders = [sh for sh in statushouders if meldt_aan_duo(sh)]
    meldingen, zonder = [], {}
    for sh in statushouders:
        gegevens, ontbreekt = contactgegevens(consultant, sh.gemeente)
        if gegevens is None:
            zonder.setdefault(tuple(ontbreekt), []).append(sh)
            continue
        omschrijving = _("Contactpersoon bij DUO: %(naam)s") % {"naam": gegevens["naam"]}
        meldingen.append(
            _nieuw(sh, Api.CONTACTPERSOON, "postContactpersoonByBsn", "POST", CONTACTPERSOON_PAD, None, omschrijving)
        )
    for ontbreekt, dossiers in zonder.items():
        _voorstel(
            dossiers,
            _("%(consulent)s is niet als contactpersoon aan DUO gemeld: %(ontbreekt)s ontbreekt.")
            % {"consulent": consultant, "ontbreekt": ", ".join(ontbreekt)},
        )
    return _schrijf(meldingen)


# --- MAP, PVT, Z-route (updateMapByBsn, updatePvtByBsn, updateZrouteByBsn) ---------------------------------------


def _afronding_melding(statushouder, record: Routeafronding, onderdeel: str) -> Melding:
    """The melding of one part of the route record as it stands. DUO replaces the whole resource (PUT): a withdrawn
    date or verwijtbaar is left out of the body."""
    operatie, pad, veld, duo_veld, verwijtbaar_veld = AFRONDING[onderdeel]
    datum = getattr(record, veld)
    verwijtbaar = getattr(record, verwijtbaar_veld) if verwijtbaar_veld else None
    inhoud = {}
    if datum is not None:
        inhoud[duo_veld] = datum.isoformat()
    if verwijtbaar is not None:
        inhoud["verwijtbaar"] = "Ja" if verwijtbaar else "Nee"
    naam = AFRONDING_NAMEN[onderdeel]
    if datum is None:
        omschrijving = _("%(naam)s ingetrokken") % {"naam": naam}
    else:
        omschrijving = f"{naam} {_d(datum)}"
        if verwijtbaar is not None:
            omschrijving += _(" (verwijtbaar: %(ja_nee)s)") % {"ja_nee": _("ja") if verwijtbaar else _("nee")}
    return _nieuw(statushouder, Api.MAP_PVT_ZROUTE, operatie, "PUT", pad, inhoud, omschrijving)


def meld_routeafronding(statushouder, record: Routeafronding, velden) -> list[Melding]:
    """The parts of the route record whose date or verwijtbaar changed (`velden`). Before the gemeente's own PIP is
    vastgesteld (a case continued after a move) DUO takes none: they follow that PIP (meld_pip)."""
    if not meldt_aan_duo(statushouder) or not _eigen_pip(statushouder):
        return []
    return _schrijf(
        [
            _afronding_melding(statushouder, record, onderdeel)
            for onderdeel, (_operatie, _pad, veld, _duo_veld, verwijtbaar_veld) in AFRONDING.items()
            if veld in velden or verwijtbaar_veld in velden
        ]
    )


def _meld_afronding_na_eerste_pip(statushouder) -> None:
    """The parts of the route record recorded before the case's first PIP reached DUO that DUO does not have as they
    stand (what the previous gemeente reported and was kept is not sent again)."""
    record = Routeafronding.objects.filter(statushouder=statushouder).first()
    if record is None:
        return
    nieuw = []
    for onderdeel in AFRONDING:
        melding = _afronding_melding(statushouder, record, onderdeel)
        laatste = regels.laatst_geleverd(statushouder, melding.operatie)
        if melding.inhoud and (laatste is None or laatste.inhoud != melding.inhoud):
            nieuw.append(melding)
    _schrijf(nieuw)


# --- Gevolgde uren (GevolgdeUren API) --------------------------------------------------------------------------


def _maand(jaar: int, maand: int) -> tuple[date, date]:
    begin = date(jaar, maand, 1)
    return begin, (begin + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def uren_bericht_id(statushouder_uuid, operatie: str, jaar: int, maand: int) -> uuid.UUID:
    """One berichtId per case, endpoint and month: the outbox's unique berichtId makes a second run of the same
    month write nothing, and DUO would answer a repeat as the first time."""
    return uuid.uuid5(statushouder_uuid, f"{operatie}/{jaar:04d}-{maand:02d}")


@transaction.atomic
def meld_gevolgde_uren(gemeente, jaar: int, maand: int) -> int:
    """Per case of `gemeente` the cumulative hours up to the end of the month, per endpoint, where they differ from
    what was last reported (a late report of an earlier lesson counts too). The sums are one SQL aggregate for the
    gemeente. Not twice for the same month. Returns the number of meldingen written."""
    if not gemeente.oin:
        return 0
    begin, einde = _maand(jaar, maand)
    statushouder = "inschrijving__statushouder"
    totalen = (
        Aanwezigheid.objects.filter(
            Q(**{f"{statushouder}__einddatum__isnull": True}) | Q(**{f"{statushouder}__einddatum__gte": begin}),
            **{f"{statushouder}__gemeente": gemeente, f"{statushouder}__oude_wet": False},
            datum__lte=einde,
            soort__in=list(UREN),
        )
        .exclude(**{f"{statushouder}__bsn": ""})
        .values(statushouder, f"{statushouder}__uuid", "soort")
        .annotate(minuten=Sum("aanwezige_minuten"))
        .order_by()
    )
    vorige = {
        (sh_id, operatie): (inhoud or {}).get("uren")
        for sh_id, operatie, inhoud in Melding.objects.filter(gemeente=gemeente, api=Api.GEVOLGDE_UREN)
        .order_by("statushouder_id", "operatie", "-aangemaakt_op", "-pk")
        .distinct("statushouder_id", "operatie")
        .values_list("statushouder_id", "operatie", "inhoud")
    }
    nieuw = []
    for rij in totalen:
        operatie, pad, tekst = UREN[rij["soort"]]
        uren = min(rij["minuten"] // 60, UREN_MAX)
        eerder = vorige.get((rij[statushouder], operatie))
        if uren == eerder or (eerder is None and uren == 0):
            continue
        omschrijving = _("Gevolgde uren %(soort)s tot en met %(datum)s: %(uren)d") % {
            "soort": tekst,
            "datum": _d(einde),
            "uren": uren,
        }
        melding = Melding(
            bericht_id=uren_bericht_id(rij[f"{statushouder}__uuid"], operatie, jaar, maand),
            gemeente=gemeente,
            statushouder_id=rij[statushouder],
            api=Api.GEVOLGDE_UREN,
            operatie=operatie,
            methode="PUT",
            pad=pad,
            inhoud={"uren": uren},
            omschrijving=omschrijving,
        )
        nieuw.append(melding)
    al = set(Melding.objects.filter(bericht_id__in=[m.bericht_id for m in nieuw]).values_list("bericht_id", flat=True))
    nieuw = [m for m in nieuw if m.bericht_id not in al]
    if nieuw:
        Melding.objects.bulk_create(nieuw, ignore_conflicts=True)  # a concurrent run of the same month: written once
        transaction.on_commit(lambda: tasks.in_wachtrij(tasks.verstuur_wachtende_meldingen))
    return len(nieuw)


def meld_gevolgde_uren_vorige_maand() -> int:
    """The beat task of the 1st: the previous month for every gemeente that exchanges with DUO."""
    vorige = today().replace(day=1) - timedelta(days=1)
    return sum(
        meld_gevolgde_uren(gemeente, vorige.year, vorige.month) for gemeente in Gemeente.objects.exclude(oin=None)
    )


# --- Re-send (the "DUO zegt / wij zeggen" page: where we are the source) ----------------------------------------


@transaction.atomic
def meld_opnieuw(*, actor, statushouder, onderdeel: str) -> list[Melding]:
    """A new melding of our current data for `onderdeel` (one of ONDERDELEN), e.g. after DUO refused one and the
    data were corrected. Raises a Dutch ValidationError when there is nothing to send."""
    from cases.permissions import require_change
    from cases.services import vastgestelde_versie
    from cases.services.common import locked
    from inburgering.audit.models import Handeling
    from inburgering.audit.services import log_event

    if onderdeel not in ONDERDELEN:
        raise ValueError(f"onbekend onderdeel {onderdeel!r}")
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    if not meldt_aan_duo(statushouder):
        raise ValidationError(_("Dit dossier wordt niet met DUO uitgewisseld."))
    meldingen: list[Melding] = []
    if onderdeel == "pip":
        versie = vastgestelde_versie(statushouder)
        if versie is not None and versie.pip.gemeente_id == statushouder.gemeente_id:
            meldingen = [meld_pip(statushouder, versie)]
    elif onderdeel == "inburgeringsaanbod":
        laatste = {}
        for inschrijving in (
            Inschrijving.objects.filter(statushouder=statushouder)
            .exclude(status=Inschrijving.Status.AFGEWEZEN)
            .select_related("organisatie")
            .order_by("pk")
        ):
            inschrijving.statushouder = statushouder
            laatste[inschrijving.organisatie_id] = inschrijving
        meldingen = [m for m in map(meld_inburgeringsaanbod, laatste.values()) if m]
    elif onderdeel == "contactpersoon":
        if statushouder.consultant is not None:
            meldingen = meld_contactpersonen([statushouder], statushouder.consultant)
    else:
        record = Routeafronding.objects.filter(statushouder=statushouder).first()
        if record is not None and getattr(record, AFRONDING[onderdeel][2]) is not None:
            meldingen = meld_routeafronding(statushouder, record, [AFRONDING[onderdeel][2]])
    if not meldingen:
        raise ValidationError(_("Er is niets om opnieuw aan DUO te melden."))
    log_event(
        actor,
        Handeling.UPDATE,
        statushouder,
        toelichting=f"opnieuw aan DUO gemeld: {', '.join(m.omschrijving for m in meldingen)}"[:255],
    )
    return meldingen
