"""The permission matrix of issue 17: every URL pattern the resolver knows × every role × own / other gemeente and
region, with real ids. No personal data may leave its boundary, and no request may end in a server error.

It is data-driven: the patterns come from `get_resolver()`, and each placeholder is filled from `KWARGS` (the path
segment before it and its name → the kind of object whose id goes there). A new page is covered without a new
test; a new kind of placeholder fails `test_every_placeholder_is_known` until it is added to `KWARGS` (or, with a
reason, to `OVERGESLAGEN`).

The world: the Achterhoek (region 1) with gemeente A (Winterswijk, the users' own) and B (Aalten, another gemeente
in the same region), and Twente (region 2) with gemeente C (Enschede). Each gemeente has one case with a name and a
BSN found nowhere else, and around it everything that has a page: PIP, goal, action, enrolment, meeting,
appointment, note, document, task, participation, referral, DUO aanmelding and voorstel. Each region has its
providers, contracts, keys and report runs.

Per role (anonymous, without role, consultant and teamleider of A, regiocoördinator of region 1, beheerder, the
provider API key of A's taalaanbieder) every pattern is requested:
- GET with the ids of A, of B and of C, and with mixed ids (A's case with B's or C's inner object);
- list pages also with `?q=` the other cases' names and BSNs, and POSTed the same search;
- POST with an empty body wherever the ids are out of bounds, and the database must not change.
Every response (body, headers; PDF, XLSX and CSV read back as text) must not contain the name or BSN of a case the
role may not see: a consultant or teamleider sees only gemeente A's case, the provider only A's name and never a
BSN, everybody else no case at all. Out-of-bounds ids answer 403/404/405, or the login page for anonymous.
"""

import copy
import datetime as dt
import io
import itertools
import re
import subprocess
import zipfile
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from inburgering.accounts import roles
from inburgering.accounts.services import create_user
from reports.indicators.base import Periode
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db
D = dt.date

# --- The placeholders ---------------------------------------------------------------------------------------------

# (the path segment right before the placeholder, the placeholder's name) → the kind of object whose id fills it.
# "dossiers/<uuid:uuid>" is a case wherever it appears (also agenda's "dossiers/<uuid>/nieuw/").
KWARGS = {
    ("dossiers/", "uuid"): "statushouder",
    ("dossier/", "uuid"): "statushouder",  # documenten/dossier/<uuid>/uploaden/
    ("journaal/", "uuid"): "statushouder",  # the journaal of a case
    ("inschrijvingen/", "inschrijving_uuid"): "inschrijving",
    ("inschrijvingen/", "inschrijving"): "inschrijving",
    ("inschrijvingen/", "id"): "inschrijving",  # the provider API
    ("pip/", "versie"): "pipversie",
    ("doelen/", "doel"): "doel",
    ("acties/", "actie"): "actie",
    ("gesprekken/", "gesprek"): "voortgangsgesprek",
    ("participatie/", "participatie"): "participatie",
    ("verwijzingen/", "verwijzing"): "verwijzing",
    ("agenda/", "uuid"): "afspraak",
    ("notitie/", "notitie"): "notitie",
    ("documenten/", "uuid"): "document",
    ("taken/", "uuid"): "taak",
    ("aanmeldingen/", "uuid"): "aanmelding",
    ("voorstellen/", "uuid"): "voorstel",
    ("rapportages/", "uuid"): "reportrun",
    ("api-sleutels/", "prefix"): "apisleutel",
    ("organisaties/", "uuid"): "organisatie",
    ("contactpersonen/", "contact_uuid"): "contactpersoon",
    ("sleutelpersonen/", "uuid"): "sleutelpersoon",
    ("contracten/", "uuid"): "contract",
    ("keurmerken/", "uuid"): "keurmerk",
}
# Placeholders that take one of a few words rather than an object id: each word is tried.
WOORDEN = {
    ("download/", "formaat"): ["pdf", "csv", "xlsx"],
    ("voorbeeld-", "soort"): ["taalaanbieder", "ketenpartner", "werkgever", "onderwijs"],
}
# Patterns not exercised, each with its reason (matched against the full route).
OVERGESLAGEN = {
    "agenda/feed/<str:token>.ics": "the secret feed token: tested in tests/agenda (a wrong token is a 404)",
    "admin/(?P<url>.*)$": "the admin's catch-all: only redirects unknown admin paths",
}
# Requests whose side effect is the point, not a leak: never POSTed (the session would end, the language change).
NIET_POSTEN = {"uitloggen/", "i18n/setlang/", "inloggen/", "admin/logout/", "admin/login/"}

CASE_KINDS = {
    "statushouder",
    "inschrijving",
    "pipversie",
    "doel",
    "actie",
    "voortgangsgesprek",
    "participatie",
    "verwijzing",
    "afspraak",
    "notitie",
    "document",
    "taak",
    "aanmelding",
    "voorstel",
}

# --- The URL patterns ------------------------------------------------------------------------------------------------

ADMIN_APP_INDEX = "admin/^(?P<app_label>"  # the admin's one regex pattern with a group: an app's index page
_PLACEHOLDER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<naam>[^>]+)>")


@dataclass
class Patroon:
    route: str  # the full route, as in urls.py: "dossiers/<uuid:uuid>/pip/"
    naam: str  # "cases:pip", "admin:accounts_user_change"; "" without a name
    kwargs: list  # [(segment, name)] in order of appearance
    regex: bool = False


def _segment(voor: str) -> str:
    return voor.rstrip("/").rsplit("/", 1)[-1] + ("/" if voor.endswith("/") else "")


def _walk(resolver, prefix="", namespace=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            naam = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            if isinstance(p.pattern, RegexPattern) or "(?P<" in route or route.startswith("^"):
                yield Patroon(route, naam, [], regex=True)
            else:
                kwargs = [(_segment(route[: m.start()]), m["naam"]) for m in _PLACEHOLDER.finditer(route)]
                yield Patroon(route, naam, kwargs)


def patronen() -> list[Patroon]:
    """Every URL pattern the project serves, includes and namespaces unfolded."""
    return list(_walk(get_resolver()))


def _admin_model(patroon: Patroon):
    """The model an admin pattern is about, from its route ("admin/<app>/<model>/...")."""
    for model in admin.site._registry:
        if patroon.route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def onbekende_placeholders() -> list[str]:
    onbekend = []
    for p in patronen():
        if p.route in OVERGESLAGEN:
            continue
        if p.regex:
            if not p.route.startswith(ADMIN_APP_INDEX):
                onbekend.append(f"{p.route} (a regex pattern: add it to OVERGESLAGEN with a reason)")
            continue
        for seg, naam in p.kwargs:
            if p.route.startswith("admin/"):
                if naam in ("object_id", "id", "pk") and _admin_model(p) is not None:
                    continue
                if naam in ("content_type_id", "object_id") and p.naam == "admin:view_on_site":
                    continue
            if (seg, naam) not in KWARGS and (seg, naam) not in WOORDEN:
                onbekend.append(f"{p.route}: <{naam}> after {seg!r}")
    return onbekend


def test_every_placeholder_is_known():
    """A new page whose placeholder the matrix cannot fill must be noticed: add it to KWARGS (or OVERGESLAGEN)."""
    assert onbekende_placeholders() == [], (
        "URL patterns with a placeholder the permission matrix does not know how to fill with a real id; "
        "add (segment, name) → kind to KWARGS in tests/test_permissiematrix.py"
    )


# --- The world ------------------------------------------------------------------------------------------------------

SLOTS = ("A", "B", "C")
# Names found nowhere else in the world (nor in the templates), so that finding one in a response is a leak.
NAMEN = {
    "A": ("Xanthippe", "Quetzalbergh"),
    "B": ("Yolandeva", "Wexfordhuizen"),
    "C": ("Zebulonia", "Vortigernsma"),
}
PERIODE = Periode.kwartaal(2026, 3)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass
class Wereld:
    objecten: dict = field(default_factory=dict)  # (kind, slot) → [objects]
    gebruikers: dict = field(default_factory=dict)  # role → user (None: anonymous)
    api_sleutel: str = ""  # the key of A's taalaanbieder
    bsns: dict = field(default_factory=dict)  # slot → [BSNs of that gemeente's people]
    regio1: object = None
    regio2: object = None
    mappen: dict = field(default_factory=dict)
    geheimen: list = field(default_factory=list)  # secrets no response may show to anyone (a TOTP key)

    def add(self, kind, slot, obj):
        self.objecten.setdefault((kind, slot), []).append(obj)
        return obj


def _bouw_twente(achterhoek):
    from partners.achterhoek import create_aanbieder, voorbeeld_oin
    from partners.models import Arbeidsmarktregio, Organisatie, Sleutelpersoon
    from partners.services import create_gemeente

    regio = Arbeidsmarktregio.objects.create(naam="Twente", code="AM31")
    enschede = create_gemeente(
        naam="Enschede",
        cbs_code="GM0153",
        inwoners=161_000,
        arbeidsmarktregio=regio,
        briefhoofd="Gemeente Enschede\nPostbus 20\nEnschede",
        oin=voorbeeld_oin("GM0153"),
        telefoon="14 053",
    )
    aanbieder, contracten = create_aanbieder(
        regio=regio,
        naam="Taalschool Tubantia",
        type_=Organisatie.Type.TAALAANBIEDER,
        keurmerk=True,
        route_codes=["b1", "z"],
        capaciteit=100,
        today=TODAY,
        registratienummer="4109999",
    )
    aanbieder.gemeenten.add(enschede)
    ketenpartner = Organisatie.objects.create(
        naam="VluchtelingenWerk Twente", type=Organisatie.Type.KETENPARTNER, soort=Organisatie.Soort.VLUCHTELINGENWERK
    )
    ketenpartner.arbeidsmarktregios.add(regio)
    ketenpartner.gemeenten.add(enschede)
    sleutelpersoon = Sleutelpersoon.objects.create(
        naam="Tigist Twentse", arbeidsmarktregio=regio, gemeente=enschede, talen=["ti"], nationaliteiten=["ERI"]
    )
    return regio, enschede, aanbieder, contracten[0], ketenpartner, sleutelpersoon


def _bouw_zaak(w, slot, gemeente, consultant, aanbieder, ketenpartner):
    """One case in `gemeente` with everything around it that has a page."""
    from agenda.models import Afspraak
    from cases.models import Actie, BredeIntake, Doel, LeefgebiedScore, Pip, PipVersie
    from documenten.services import upload_document
    from journaal.services import leg_vast
    from leerroutes.models import Leerroute, Onderdeel
    from taken.models import Taak
    from tests.factories import (
        AanmeldingFactory,
        AanwezigheidFactory,
        ExamenresultaatFactory,
        InschrijvingFactory,
        ParticipatieFactory,
        PipVersieFactory,
        StatushouderFactory,
        VerwijzingFactory,
        VoorstelFactory,
        VoortgangsgesprekFactory,
    )

    voornamen, achternaam = NAMEN[slot]
    b1 = Leerroute.objects.get(code="b1")
    sh = w.add(
        "statushouder",
        slot,
        StatushouderFactory(
            gemeente=gemeente,
            consultant=consultant,
            voornamen=voornamen,
            achternaam=achternaam,
            status="in_uitvoering",
            pip_dagtekening=D(2026, 1, 10),
            straat=f"{achternaam}straat",
            huisnummer="7",
            postcode="7101 AB",
            woonplaats=gemeente.naam,
        ),
    )
    w.bsns.setdefault(slot, []).append(sh.bsn)
    intake = BredeIntake.objects.create(
        statushouder=sh,
        startdatum=D(2025, 3, 1),
        gezondheid=f"vertrouwelijk over {voornamen}",
        leerbaarheidstoets_uitkomst="hoog",
        route_advies=b1,
        gekozen_route=b1,
    )
    LeefgebiedScore.objects.create(intake=intake, leefgebied="taal", score=2, toelichting=f"{voornamen} spreekt weinig")
    pip = Pip.objects.create(statushouder=sh, gemeente=gemeente)
    versie = w.add(
        "pipversie",
        slot,
        PipVersieFactory(pip=pip, leerroute=b1, taalaanbieder=aanbieder, status="concept", dagtekening=None),
    )
    doel = w.add("doel", slot, Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="B1 halen"))
    w.add(
        "actie",
        slot,
        Actie.objects.create(
            doel=doel, omschrijving="Taalcafé bezoeken", eigenaar="consultant", deadline=D(2026, 12, 1), status="open"
        ),
    )
    # Vastgesteld once its goal and action are there (the database refuses changes to a vastgestelde version).
    PipVersie.objects.filter(pk=versie.pk).update(
        status="vastgesteld", dagtekening=D(2026, 1, 10), vastgesteld_op=dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)
    )
    inschrijving = w.add(
        "inschrijving",
        slot,
        InschrijvingFactory(statushouder=sh, organisatie=aanbieder, leerroute=b1, startdatum=D(2026, 2, 2)),
    )
    AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 11, 2))
    ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=Onderdeel.objects.get(code="knm"))
    gesprek = w.add(
        "voortgangsgesprek", slot, VoortgangsgesprekFactory(statushouder=sh, consultant=consultant, gepland_op=TODAY)
    )
    w.add("participatie", slot, ParticipatieFactory(statushouder=sh))
    w.add("verwijzing", slot, VerwijzingFactory(statushouder=sh, ketenpartner=ketenpartner))
    w.add(
        "afspraak",
        slot,
        Afspraak.objects.create(
            statushouder=sh,
            soort="voortgangsgesprek",
            datum=TODAY + dt.timedelta(days=30),
            begintijd=dt.time(10, 0),
            eindtijd=dt.time(11, 0),
            plaats_soort="kantoor",
            plaats="Gemeentehuis",
            consultant=consultant,
            voortgangsgesprek=gesprek,
        ),
    )
    w.add(
        "notitie",
        slot,
        leg_vast(
            actor=consultant,
            statushouder=sh,
            datum=TODAY,
            categorie="contact",
            tekst=f"Gebeld met {voornamen} {achternaam}",
        ),
    )
    w.add(
        "document",
        slot,
        upload_document(
            actor=consultant,
            statushouder=sh,
            bestand=SimpleUploadedFile(f"diploma {achternaam}.pdf", PDF),
            documenttype="diploma",
            titel=f"Diploma {voornamen} {achternaam}",
            datum=TODAY,
        ),
    )
    w.add(
        "taak",
        slot,
        Taak.objects.create(
            statushouder=sh,
            omschrijving=f"{achternaam} nabellen",
            deadline=TODAY + dt.timedelta(days=3),
            toegewezen_aan=consultant,
            aangemaakt_door=consultant,
        ),
    )
    aanmelding = w.add("aanmelding", slot, AanmeldingFactory(gemeente=gemeente))
    w.bsns[slot].append(aanmelding.bsn)
    w.add("voorstel", slot, VoorstelFactory(statushouder=sh))
    return sh


def _run(soort, *, door, resultaat, regio=None, gemeente=None):
    """A finished run with its region's true figures, its CSV and XLSX; the PDF is a stand-in (WeasyPrint takes
    seconds per report: tests/reports renders it), so that the download is served as any other."""
    from django.core.files.base import ContentFile

    from reports import services
    from reports.engine import onderdruk
    from reports.exports import als_csv, als_xlsx, gemeen
    from reports.models import ReportRun

    regio = regio or gemeente.arbeidsmarktregio
    resultaat = copy.deepcopy(resultaat)
    if gemeente is not None:
        resultaat = services._alleen_eigen_gemeente(resultaat, gemeente.cbs_code)
    run = ReportRun.objects.create(
        soort=soort,
        arbeidsmarktregio=regio,
        gemeente=gemeente,
        periode=PERIODE.soort,
        periode_start=PERIODE.start,
        periode_eind=PERIODE.eind,
        parameters={"periode": PERIODE.label, "regio": regio.code, "gemeente": gemeente.cbs_code if gemeente else None},
        aangevraagd_door=door,
        status="klaar",
        voortgang=100,
        resultaat=onderdruk(resultaat),
    )
    for formaat, inhoud in (("csv", als_csv.render(run)), ("xlsx", als_xlsx.render(run)), ("pdf", PDF)):
        getattr(run, formaat).save(gemeen.bestandsnaam(run, formaat), ContentFile(inhoud), save=False)
    run.save()
    return run


def bouw_wereld(achterhoek) -> Wereld:
    from partners.models import ApiSleutel, Contactpersoon

    w = Wereld(regio1=achterhoek.regio)
    a, b = achterhoek.gemeenten["Winterswijk"], achterhoek.gemeenten["Aalten"]
    twente, c, tubantia, contract_c, vwn_twente, sleutelpersoon_c = _bouw_twente(achterhoek)
    w.regio2 = twente
    gemeenten = {"A": a, "B": b, "C": c}

    def maak(rol, slot=None, **kw):
        gemeente = gemeenten[slot] if slot and rol in roles.CASEWORK_ROLES else None
        regio = (twente if slot == "C" else achterhoek.regio) if rol == roles.REGIOCOORDINATOR else None
        return create_user(username=f"{rol}_{slot or 'x'}", role=rol, gemeente=gemeente, arbeidsmarktregio=regio, **kw)

    consultants = {
        slot: maak(roles.CONSULTANT, slot, first_name="Carla", last_name=f"Consulent{slot}") for slot in SLOTS
    }
    from inburgering.accounts.models import User

    zonder_rol = User.objects.create_user(username="zonder_rol", password=None)
    w.gebruikers = {
        "anoniem": None,
        "zonder_rol": zonder_rol,
        "consultant_A": consultants["A"],
        "teamleider_A": maak(roles.TEAMLEIDER, "A"),
        "regiocoordinator_1": maak(roles.REGIOCOORDINATOR, "A"),
        "beheerder": maak(roles.BEHEERDER),
    }
    regio_c = maak(roles.REGIOCOORDINATOR, "C")
    # Second factors, so that the admin's device pages (config, QR code) have real ids; their keys are secret.
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    totp = TOTPDevice.objects.create(user=consultants["A"], name="telefoon", confirmed=True)
    StaticDevice.objects.create(user=consultants["A"], name="herstelcodes", confirmed=True)
    w.geheimen.append(totp.key)
    teamleider_b = maak(roles.TEAMLEIDER, "B")

    aanbieders = {"A": achterhoek.aanbieders["TopTaal"], "B": achterhoek.aanbieders["Interbeek"], "C": tubantia}
    ketenpartners = {"A": achterhoek.ketenpartners["COA"], "B": achterhoek.ketenpartners["UWV"], "C": vwn_twente}
    for slot in SLOTS:
        _bouw_zaak(w, slot, gemeenten[slot], consultants[slot], aanbieders[slot], ketenpartners[slot])
        org = w.add("organisatie", slot, aanbieders[slot])
        w.add("keurmerk", slot, org.keurmerken.first())
        w.add("contactpersoon", slot, Contactpersoon.objects.create(organisatie=org, naam=f"Contact {org.naam}"))
        sleutel, key = ApiSleutel.objects.create_key(organisatie=org, name=f"koppeling {org.naam}")
        w.add("apisleutel", slot, sleutel)
        if slot == "A":
            w.api_sleutel = key
    w.add("contract", "A", achterhoek.contracten[0])  # TopTaal
    w.add("contract", "B", next(c for c in achterhoek.contracten if c.organisatie.naam == "Interbeek"))
    w.add("contract", "C", contract_c)
    w.add("sleutelpersoon", "A", achterhoek.sleutelpersonen["Amanuel Tesfay"])
    w.add("sleutelpersoon", "B", achterhoek.sleutelpersonen["Hiwet Kidane"])
    w.add("sleutelpersoon", "C", sleutelpersoon_c)
    # Report runs: A's gemeente and region 1's, B's gemeente, region 2's.
    from reports.engine import bereken_rapport

    cijfers = {
        regio.pk: bereken_rapport(list(regio.gemeenten.values_list("pk", flat=True)), PERIODE)
        for regio in (achterhoek.regio, twente)
    }
    een, twee = cijfers[achterhoek.regio.pk], cijfers[twente.pk]
    w.add("reportrun", "A", _run("gemeente", door=w.gebruikers["teamleider_A"], gemeente=a, resultaat=een))
    w.add(
        "reportrun", "A", _run("regio", door=w.gebruikers["regiocoordinator_1"], regio=achterhoek.regio, resultaat=een)
    )
    w.add("reportrun", "B", _run("gemeente", door=teamleider_b, gemeente=b, resultaat=een))
    w.add("reportrun", "C", _run("regio", door=regio_c, regio=twente, resultaat=twee))
    return w


# --- Who may see what -----------------------------------------------------------------------------------------------

# Roles that reach no case and no page of the casework: refused before any id is looked up, so fewer variations.
ZONDER_TOEGANG = ("anoniem", "zonder_rol", "aanbieder_A")
ROLLEN = ["anoniem", "zonder_rol", "consultant_A", "teamleider_A", "regiocoordinator_1", "beheerder", "aanbieder_A"]
# The cases whose name each role may read; everybody else reads none. The provider never reads a BSN.
ZICHTBAAR = {"consultant_A": {"A"}, "teamleider_A": {"A"}, "aanbieder_A": {"A"}}


def binnen(rol: str, kind: str, slot: str, obj) -> bool | None:
    """Whether `rol` may reach this object: True, False (must answer 403/404/405 or the login page), or None (no
    rule about personal data decides it: reference data; only the leak and 500 checks apply)."""
    if rol == "aanbieder_A" and (kind, slot) == ("inschrijving", "A"):
        return None  # its own enrolment: 200 over the API, the login page on the web
    if rol in ZONDER_TOEGANG:
        return False
    if kind in CASE_KINDS:
        return slot in ZICHTBAAR.get(rol, set())
    if kind == "reportrun":
        if rol == "beheerder":
            return None
        in_achterhoek = obj.soort == "regio" and obj.arbeidsmarktregio.naam == "Achterhoek"
        if rol == "teamleider_A":  # his gemeente's runs and his region's (aggregates only: issue 16)
            return (obj.soort == "gemeente" and obj.gemeente.naam == "Winterswijk") or in_achterhoek
        if rol == "regiocoordinator_1":
            return in_achterhoek
        return False
    if kind in ("contract", "apisleutel") and rol == "regiocoordinator_1":
        return None if slot != "C" else False
    return None


def verboden(w: Wereld, rol: str) -> list[str]:
    """The strings that must not appear in any response to `rol`: names and BSNs of the cases it may not see."""
    termen = []
    for slot in SLOTS:
        if slot not in ZICHTBAAR.get(rol, set()):
            termen += [*NAMEN[slot], *w.bsns[slot]]
        elif rol == "aanbieder_A":
            termen += w.bsns[slot]
        if rol == "aanbieder_A" and slot != "A":  # another provider's enrolments, by id too
            termen += [str(i.uuid) for i in w.objecten[("inschrijving", slot)]]
    return termen + w.geheimen


# --- Filling the patterns ------------------------------------------------------------------------------------------


def _waarde(kind, obj) -> str:
    return obj.prefix if kind == "apisleutel" else str(obj.uuid)


def _vul(route: str, waarden: dict) -> str:
    return "/" + _PLACEHOLDER.sub(lambda m: waarden[m["naam"]], route)


@dataclass
class Verzoek:
    url: str
    binnen: bool | None
    beschrijving: str
    gemengd: bool = False  # the own case's id with another case's inner object


def verzoeken(w: Wereld, patroon: Patroon, rol: str) -> list[Verzoek]:
    """The URLs of one pattern for one role: with the ids of A, B and C, and with A's outer id and B's or C's inner
    ones (an inner object of another case must not be reached through one's own case)."""
    if patroon.route in OVERGESLAGEN:
        return []
    if patroon.regex:  # the admin's app index pages (any other regex fails test_every_placeholder_is_known)
        if not patroon.route.startswith(ADMIN_APP_INDEX):
            return []
        labels = re.search(r"\(\?P<app_label>([^)]*)\)", patroon.route)[1].split("|")
        return [Verzoek(f"/admin/{label}/", None, f"admin app {label}") for label in labels]
    if not patroon.kwargs:
        return [Verzoek("/" + patroon.route, None, "zonder id")]
    if patroon.route.startswith("admin/"):
        return _admin_verzoeken(w, patroon)
    uit = []
    object_kwargs = [(seg, naam) for seg, naam in patroon.kwargs if (seg, naam) in KWARGS]
    woord_kwargs = [(seg, naam) for seg, naam in patroon.kwargs if (seg, naam) in WOORDEN]
    combinaties = [tuple(s for _ in object_kwargs) for s in SLOTS]
    if len(object_kwargs) > 1 and rol not in ZONDER_TOEGANG:
        combinaties += [("A",) + (s,) * (len(object_kwargs) - 1) for s in ("B", "C")]
    woorden = list(itertools.product(*(WOORDEN[k] for k in woord_kwargs)))
    for slots in combinaties:
        keuzes = []
        for (seg, naam), slot in zip(object_kwargs, slots, strict=True):
            kind = KWARGS[(seg, naam)]
            keuzes.append([(naam, kind, slot, obj) for obj in w.objecten[(kind, slot)]])
        for gekozen in itertools.product(*keuzes):
            for woord in woorden:
                waarden = {naam: _waarde(kind, obj) for naam, kind, _slot, obj in gekozen}
                waarden |= {naam: v for (_seg, naam), v in zip(woord_kwargs, woord, strict=True)}
                oordelen = [binnen(rol, kind, slot, obj) for _naam, kind, slot, obj in gekozen]
                oordeel = False if False in oordelen else (None if None in oordelen else True)
                gemengd = len(set(slots)) > 1
                uit.append(Verzoek(_vul(patroon.route, waarden), oordeel, "ids van " + "+".join(slots), gemengd))
    return uit


def _admin_verzoeken(w: Wereld, patroon: Patroon) -> list[Verzoek]:
    from cases.models import Statushouder

    if patroon.naam == "admin:view_on_site":
        ct = ContentType.objects.get_for_model(Statushouder)
        return [
            Verzoek(_vul(patroon.route, {"content_type_id": str(ct.pk), "object_id": str(sh.pk)}), None, f"ids {slot}")
            for slot in SLOTS
            for sh in w.objecten[("statushouder", slot)]
        ]
    model = _admin_model(patroon)
    # The world's own objects of this model (a contract, a report run, ... of each slot), else the first there is.
    objecten = [(slot, o) for (_kind, slot), lijst in w.objecten.items() for o in lijst if isinstance(o, model)]
    if not objecten and (eerste := model.objects.order_by("pk").first()) is not None:
        objecten = [("-", eerste)]
    if not objecten:
        return [Verzoek(_vul(patroon.route, {naam: "999999" for _seg, naam in patroon.kwargs}), None, "geen object")]
    return [
        Verzoek(_vul(patroon.route, {naam: str(obj.pk) for _seg, naam in patroon.kwargs}), None, f"object {slot}")
        for slot, obj in objecten
    ]


# --- Reading a response back ---------------------------------------------------------------------------------------


def tekst(response) -> str:
    """Body and headers as text; a PDF through pdftotext, an XLSX from its XML parts."""
    if getattr(response, "streaming", False):
        inhoud = b"".join(response.streaming_content)
    else:
        inhoud = response.content
    kopregels = " ".join(f"{k}: {v}" for k, v in response.items())
    if inhoud.startswith(b"%PDF"):
        try:
            inhoud = subprocess.run(
                ["pdftotext", "-q", "-", "-"], input=inhoud, capture_output=True, timeout=30, check=False
            ).stdout
        except FileNotFoundError:  # pragma: no cover - poppler-utils is installed in CI
            pass
    elif inhoud.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(inhoud)) as z:
            inhoud = b" ".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    return kopregels + "\n" + inhoud.decode("utf-8", errors="replace")


def gevonden(haystack: str, termen: list[str]) -> list[str]:
    """The terms found: names case-insensitively, BSNs also with a space, dot or dash between the digits."""
    lager = haystack.lower()
    treffers = []
    for term in termen:
        if term.isdigit():
            if re.search(r"[ .\-]?".join(term), haystack):
                treffers.append(term)
        elif term.lower() in lager:
            treffers.append(term)
    return treffers


# --- The database must not change on a refused write ---------------------------------------------------------------

# The apps whose tables hold what a refused write could change (not the reference data of Django's own apps).
TOESTAND_APPS = {"cases", "leerroutes", "agenda", "journaal", "documenten", "taken", "reports", "partners", "duo"}
TOESTAND_APPS |= {"accounts", "auth", "guardian", "otp_totp", "otp_static"}
_GEEN_TOESTAND = {"auth_permission"}


def _tabellen() -> list[str]:
    from django.apps import apps

    tabellen = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in TOESTAND_APPS and model._meta.managed and not model._meta.proxy:
            tabellen.add(model._meta.db_table)
    bestaand = set(connection.introspection.table_names())
    return sorted((tabellen & bestaand) - _GEEN_TOESTAND)


def vingerafdruk(tabellen) -> dict:
    """A checksum per table of every row (the partitioned attendance table included through its parent)."""
    sql = " UNION ALL ".join(
        f"SELECT '{t}', md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) FROM \"{t}\" x"
        for t in tabellen
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


# --- The matrix -----------------------------------------------------------------------------------------------------

NIET_GEVONDEN = {403, 404, 405}


def _client(w: Wereld, rol: str) -> Client:
    client = Client(raise_request_exception=True)
    if rol == "aanbieder_A":
        client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {w.api_sleutel}"
    elif w.gebruikers.get(rol) is not None:
        client.force_login(w.gebruikers[rol])
    return client


def _is_inlogpagina(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(("/inloggen/", "/admin/login/"))


def _verwacht_geweigerd(rol, response, methode="get") -> bool:
    if response.status_code in NIET_GEVONDEN or response.status_code == 401:
        return True
    if methode == "post" and response.status_code == 400:  # an empty body refused before anything is looked up
        return True
    return rol in ("anoniem", "aanbieder_A") and _is_inlogpagina(response)


def _vraag(client, methode, url, data=None):
    try:
        return getattr(client, methode)(url, data or {}), None
    except Exception as exc:  # noqa: BLE001 - a server error is a finding, reported with the others
        return None, f"{type(exc).__name__}: {exc}"[:300]


@pytest.fixture(scope="module")
def wereld(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for every role (it takes seconds to build), inside a transaction of each connection that is rolled
    back at the end of the module; each test's own transaction is a savepoint inside it. Files go to this module's
    own private storage and media folder."""
    from django.db import connections, transaction
    from django.test import override_settings
    from django.utils.functional import empty

    from documenten.models import private_storage
    from partners.achterhoek import build_achterhoek

    mappen = {"DOCUMENTEN_ROOT": tmp_path_factory.mktemp("prive"), "MEDIA_ROOT": tmp_path_factory.mktemp("media")}
    with django_db_blocker.unblock(), override_settings(**mappen):
        private_storage._wrapped = empty
        aliassen = [alias for alias in ("default", "audit") if alias in connections]
        blokken = [transaction.atomic(using=alias) for alias in aliassen]
        for blok in blokken:
            blok.__enter__()
        try:
            w = bouw_wereld(build_achterhoek(TODAY))
            w.mappen = mappen
            yield w
        finally:
            for alias, blok in zip(reversed(aliassen), reversed(blokken), strict=True):
                transaction.set_rollback(True, using=alias)
                blok.__exit__(None, None, None)
            private_storage._wrapped = empty


@pytest.mark.parametrize("rol", ROLLEN)
def test_permissiematrix(rol, wereld, db, settings):
    from django.utils.functional import empty

    from documenten.models import private_storage

    w = wereld
    for naam, map_ in w.mappen.items():
        setattr(settings, naam, map_)
    private_storage._wrapped = empty
    client = _client(w, rol)
    termen = verboden(w, rol)
    tabellen = _tabellen()
    bevindingen = []

    def controleer(methode, url, response, fout, *, zonder=()):
        if fout:
            bevindingen.append(f"{methode} {url}: server error {fout}")
            return
        if response.status_code >= 500:
            bevindingen.append(f"{methode} {url}: {response.status_code}")
        # What the request itself carries comes back (the login page's `next`, a problem's `instance`): not a leak.
        treffers = gevonden(tekst(response), [t for t in termen if t not in zonder and t not in url])
        if treffers:
            bevindingen.append(f"{methode} {url}: {response.status_code} shows {treffers}")

    # The cases the role may not see, searched for on every list page: by name (GET) and by BSN (POST).
    zoeken = rol not in ("anoniem", "aanbieder_A")
    zoektermen = [(NAMEN[slot][1], w.bsns[slot][0]) for slot in SLOTS if slot not in ZICHTBAAR.get(rol, set())]
    # The provider asks its lists for another provider's enrolment (the API's filter `inschrijving`).
    andermans = [str(i.uuid) for slot in ("B", "C") for i in w.objecten[("inschrijving", slot)]]
    for patroon in patronen():
        for verzoek in verzoeken(w, patroon, rol):
            response, fout = _vraag(client, "get", verzoek.url)
            controleer("GET", verzoek.url, response, fout)
            if response is not None and verzoek.binnen is False and not _verwacht_geweigerd(rol, response):
                bevindingen.append(
                    f"GET {verzoek.url} ({verzoek.beschrijving}): {response.status_code}, expected 403/404/405"
                    + (" or the login page" if rol == "anoniem" else "")
                )
            if zoeken and verzoek.beschrijving == "zonder id" and not patroon.route.startswith("admin/"):
                for naam, bsn in zoektermen:
                    url = f"{verzoek.url}?q={naam}"
                    response, fout = _vraag(client, "get", url)
                    controleer("GET", url, response, fout, zonder={naam})
                    if patroon.route not in NIET_POSTEN:
                        response, fout = _vraag(client, "post", verzoek.url, {"q": bsn})
                        controleer(f"POST q={bsn}", verzoek.url, response, fout, zonder={bsn})
            if rol == "aanbieder_A" and verzoek.beschrijving == "zonder id" and patroon.route.startswith("api/"):
                for inschrijving in andermans:
                    url = f"{verzoek.url}?inschrijving={inschrijving}"
                    response, fout = _vraag(client, "get", url)
                    controleer("GET", url, response, fout, zonder={inschrijving})
            if rol in ZONDER_TOEGANG and "ids van B" not in verzoek.beschrijving:
                continue  # refused by role, whatever the ids: POST once, with the other gemeente's
            if verzoek.binnen is False and patroon.route not in NIET_POSTEN:
                voor = vingerafdruk(tabellen)
                response, fout = _vraag(client, "post", verzoek.url)
                controleer("POST", verzoek.url, response, fout)
                # With mixed ids the view may check the empty form on the own case first (the service looks the inner
                # object up within that case): only the database and the leak checks apply then.
                if response is not None and not verzoek.gemengd and not _verwacht_geweigerd(rol, response, "post"):
                    bevindingen.append(
                        f"POST {verzoek.url} ({verzoek.beschrijving}): {response.status_code}, expected 403/404/405"
                    )
                na = vingerafdruk(tabellen)
                veranderd = sorted(t for t in voor if voor[t] != na[t])
                if veranderd:
                    bevindingen.append(f"POST {verzoek.url} ({verzoek.beschrijving}) changed {veranderd}")
    assert not bevindingen, f"{len(bevindingen)} findings for {rol}:\n" + "\n".join(bevindingen)
