"""CSV import of the partner directory (issue 7): one file of organisations and/or one of their contacts.

A file is UTF-8 (with or without BOM), separated by semicolons or commas (read from the header row). The first row
names the columns (KOLOMMEN_ORGANISATIES, KOLOMMEN_CONTACTPERSONEN; case and spaces do not matter). Organisations
match on name + type, contacts on organisation + name: a match is updated, anything else created. Every row is
validated by the same rules as the forms (services.organisaties); a dry run (the default) only reports. The real
import writes all rows or, when any row is wrong, nothing, and logs one audit event per written object in bulk.
Row numbers are those of the file: the header is row 1."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_events

from ..models import Arbeidsmarktregio, Contactpersoon, Gemeente, Keurmerk, Organisatie
from ..selectors import beheerbare_organisaties, beheerde_regios, beheert_partners, is_beheerder
from .keurmerken import overlap_fout
from .organisaties import CONTACTVELDEN, VELDEN, schrijf_organisatie, valideer_contactpersoon, valideer_organisatie

ORGANISATIES, CONTACTPERSONEN = "organisaties", "contactpersonen"
BESTANDSNAMEN = {ORGANISATIES: gettext_lazy("organisaties"), CONTACTPERSONEN: gettext_lazy("contactpersonen")}

# (column, required, explanation) — shown on the import page.
KOLOMMEN_ORGANISATIES = [
    ("naam", True, gettext_lazy("Naam van de organisatie.")),
    ("type", True, gettext_lazy("taalaanbieder, ketenpartner, werkgever of onderwijs.")),
    (
        "soort",
        False,
        gettext_lazy(
            "Alleen voor een ketenpartner: coa, vluchtelingenwerk, uwv, wsp, ggz, taalhuis, schuldhulp of overig."
        ),
    ),
    ("kvk_nummer", False, gettext_lazy("8 cijfers.")),
    ("plaats", False, gettext_lazy("Vestigingsplaats.")),
    ("aanbod", False, gettext_lazy("Wat de organisatie biedt.")),
    ("website", False, gettext_lazy("Volledig adres, bijvoorbeeld https://www.toptaal.nl.")),
    ("email", False, gettext_lazy("Algemeen e-mailadres.")),
    ("telefoon", False, gettext_lazy("Algemeen telefoonnummer.")),
    (
        "keurmerk_geldig_tot",
        False,
        gettext_lazy(
            "Einddatum van het keurmerk Blik op Werk (dd-mm-jjjj): verlengt of beëindigt de lopende periode, of "
            "begint een nieuwe vanaf vandaag; leeg = ongewijzigd (geen keurmerk bij een nieuwe organisatie)."
        ),
    ),
    (
        "gemeenten",
        False,
        gettext_lazy("Gemeenten waarvoor de organisatie werkt: namen of CBS-codes, gescheiden door |."),
    ),
    (
        "arbeidsmarktregios",
        False,
        gettext_lazy(
            "Arbeidsmarktregio's: namen of codes (bijvoorbeeld AM03), gescheiden door |. Leeg: bij een nieuwe "
            "organisatie uw eigen regio, bij een bestaande ongewijzigd."
        ),
    ),
    ("actief", False, gettext_lazy("ja of nee; leeg = ja (bij een bestaande organisatie ongewijzigd).")),
]
KOLOMMEN_CONTACTPERSONEN = [
    ("organisatie", True, gettext_lazy("Naam van de organisatie (bestaand of in het bestand met organisaties).")),
    ("type", False, gettext_lazy("Type van de organisatie; alleen nodig als twee organisaties zo heten.")),
    ("naam", True, gettext_lazy("Naam van de contactpersoon.")),
    ("functie", False, gettext_lazy("Functie.")),
    ("email", False, gettext_lazy("E-mailadres.")),
    ("telefoon", False, gettext_lazy("Telefoonnummer.")),
]
VOORBEELD = {
    ORGANISATIES: (
        "naam;type;soort;kvk_nummer;plaats;aanbod;website;email;telefoon;keurmerk_geldig_tot;gemeenten;"
        "arbeidsmarktregios;actief\r\n"
        "Taalcentrum Oost;taalaanbieder;;12345678;Doetinchem;B1-route, Z-route;https://www.taalcentrumoost.nl;"
        "info@taalcentrumoost.nl;0314 123456;31-12-2027;Doetinchem|Winterswijk;Achterhoek;ja\r\n"
        "Schuldhulp Achterhoek;ketenpartner;schuldhulp;;Aalten;Budgetcoaching;;;;;Aalten|Oost Gelre;Achterhoek;ja\r\n"
    ),
    CONTACTPERSONEN: (
        "organisatie;type;naam;functie;email;telefoon\r\n"
        "Taalcentrum Oost;taalaanbieder;Sanne de Vries;coördinator inburgering;s.devries@taalcentrumoost.nl;"
        "0314 123457\r\n"
    ),
}
SCHEIDING = re.compile(r"\s*\|\s*")


@dataclass
class Fout:
    bestand: str
    regel: int
    veld: str
    melding: str


@dataclass
class Resultaat:
    echt: bool
    fouten: list[Fout] = field(default_factory=list)
    aantallen: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("organisaties_nieuw", "organisaties_bijgewerkt", "contactpersonen_nieuw", "contactpersonen_bijgewerkt"), 0
        )
    )

    @property
    def opgeslagen(self) -> bool:
        return self.echt and not self.fouten


def _lees(inhoud: bytes, kolommen, bestand: str, fouten: list[Fout]) -> list[tuple[int, dict]]:
    """The data rows of a file as (row number, {column: value}); problems with the file itself go to `fouten`."""
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        fouten.append(
            Fout(bestand, 1, "", _("Het bestand is geen UTF-8. Sla het op als ‘CSV UTF-8’ en probeer opnieuw."))
        )
        return []
    kop = tekst.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=";" if kop.count(";") >= kop.count(",") else ",")
    rijen = list(enumerate(reader, start=1))
    if not rijen:
        fouten.append(Fout(bestand, 1, "", _("Het bestand is leeg.")))
        return []
    namen = [re.sub(r"[\s-]+", "_", k.strip().lower()) for k in rijen[0][1]]
    bekend = {k for k, _v, _u in kolommen}
    for k in namen:
        if k and k not in bekend:
            fouten.append(Fout(bestand, 1, k, _("Onbekende kolom ‘%(kolom)s’.") % {"kolom": k}))
    for k, verplicht, _uitleg in kolommen:
        if verplicht and k not in namen:
            fouten.append(Fout(bestand, 1, k, _("De kolom ‘%(kolom)s’ ontbreekt.") % {"kolom": k}))
    if any(f.regel == 1 and f.bestand == bestand for f in fouten):
        return []
    resultaat = []
    for nummer, waarden in rijen[1:]:
        if not any(w.strip() for w in waarden):
            continue
        if len(waarden) > len(namen):
            fouten.append(Fout(bestand, nummer, "", _("Deze regel heeft meer velden dan de kopregel.")))
            continue
        resultaat.append((nummer, {k: w.strip() for k, w in zip(namen, waarden, strict=False) if k}))
    return resultaat


def _datum(waarde: str) -> date:
    for formaat in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(waarde, formaat).date()
        except ValueError:
            continue
    raise ValidationError(_("Geen geldige datum: gebruik dd-mm-jjjj, bijvoorbeeld 31-12-2027."))


def _keuze(waarde: str, keuzes) -> str:
    for value, label in keuzes:
        if waarde.lower() in (value.lower(), str(label).lower()):
            return value
    return waarde  # the service reports the unknown value


def _opzoeken(waarde: str, tabel: dict, melding: str) -> list:
    gevonden, onbekend = [], []
    for deel in SCHEIDING.split(waarde):
        if deel:
            obj = tabel.get(deel.lower())
            (gevonden if obj else onbekend).append(obj or deel)
    if onbekend:
        raise ValidationError(melding % {"namen": ", ".join(onbekend)})
    return gevonden


def _organisatie_data(
    rij: dict, bestaand: Organisatie | None, eigen_regios: list, gemeenten: dict, regios: dict
) -> dict:
    """Parse a row into the service's data: the existing values, overlaid by the row's filled columns."""
    fouten: dict[str, str] = {}
    if bestaand is not None:
        data = {veld: getattr(bestaand, veld) for veld in VELDEN}
        data["gemeenten"] = list(bestaand.gemeenten.all())
        data["arbeidsmarktregios"] = list(bestaand.arbeidsmarktregios.all())
    else:
        data = {
            "actief": True,
            "gemeenten": [],
            "arbeidsmarktregios": eigen_regios,
        }
    data["naam"] = rij.get("naam", "")
    data["type"] = _keuze(rij.get("type", ""), Organisatie.Type.choices)
    for veld in ("kvk_nummer", "plaats", "aanbod", "telefoon"):
        if veld in rij:
            data[veld] = rij[veld]
    if "soort" in rij:
        data["soort"] = _keuze(rij["soort"], Organisatie.Soort.choices)
    for veld, validator, melding in (
        ("website", URLValidator(), _("Geen geldig webadres; begin met https://.")),
        ("email", EmailValidator(), _("Geen geldig e-mailadres.")),
    ):
        if veld in rij:
            try:
                if rij[veld]:
                    validator(rij[veld])
                data[veld] = rij[veld]
            except ValidationError:
                fouten[veld] = melding
    if "keurmerk_geldig_tot" in rij:
        try:
            data["keurmerk_geldig_tot"] = _datum(rij["keurmerk_geldig_tot"]) if rij["keurmerk_geldig_tot"] else None
            if data["keurmerk_geldig_tot"] and (
                fout := _keurmerk_fout(bestaand, data["keurmerk_geldig_tot"], timezone.localdate())
            ):
                fouten["keurmerk_geldig_tot"] = fout
        except ValidationError as exc:
            fouten["keurmerk_geldig_tot"] = exc.messages[0]
    if rij.get("actief"):
        if rij["actief"].lower() not in ("ja", "nee"):
            fouten["actief"] = _("Vul ja of nee in.")
        data["actief"] = rij["actief"].lower() != "nee"
    for veld, tabel, melding in (
        ("gemeenten", gemeenten, _("Onbekende gemeente: %(namen)s.")),
        ("arbeidsmarktregios", regios, _("Onbekende arbeidsmarktregio: %(namen)s.")),
    ):
        if rij.get(veld):
            try:
                data[veld] = _opzoeken(rij[veld], tabel, melding)
            except ValidationError as exc:
                fouten[veld] = exc.messages[0]
    if fouten:
        raise ValidationError(fouten)
    return data


def _keurmerk_plan(organisatie: Organisatie | None, geldig_tot: date, vandaag: date):
    """What the column keurmerk_geldig_tot does to the Blik op Werk periods: nothing when a period already ends on
    that date; else the period valid today (or the latest, if it has no end) gets that end; else a new period
    starts today (or on that date, if it lies in the past). (period to change or None for a new one, its
    geldig_van, the other periods) or None for nothing."""
    perioden = (
        list(organisatie.keurmerken.filter(soort=Keurmerk.Soort.BLIK_OP_WERK).order_by("geldig_van"))
        if organisatie is not None and organisatie.pk
        else []
    )
    if any(k.geldig_tot == geldig_tot for k in perioden):
        return None
    lopend = next((k for k in perioden if k.geldig_op(vandaag)), None) or next(
        (k for k in perioden[-1:] if k.geldig_tot is None), None
    )
    if lopend is not None and geldig_tot >= lopend.geldig_van:
        return lopend, lopend.geldig_van, [k for k in perioden if k != lopend]
    return None, min(vandaag, geldig_tot), perioden


def _keurmerk_fout(organisatie: Organisatie | None, geldig_tot: date, vandaag: date) -> str | None:
    """Why the column cannot be applied: the period would overlap another one (services.keurmerken's rule)."""
    plan = _keurmerk_plan(organisatie, geldig_tot, vandaag)
    if plan is None:
        return None
    _periode, geldig_van, andere = plan
    nieuw = {"soort": Keurmerk.Soort.BLIK_OP_WERK, "geldig_van": geldig_van, "geldig_tot": geldig_tot}
    return overlap_fout([nieuw, *andere])


def _keurmerk_tot(organisatie: Organisatie, geldig_tot: date, vandaag: date) -> bool:
    """Apply the column keurmerk_geldig_tot (see _keurmerk_plan); whether anything changed."""
    plan = _keurmerk_plan(organisatie, geldig_tot, vandaag)
    if plan is None:
        return False
    periode, geldig_van, _andere = plan
    if periode is not None:
        periode.geldig_tot = geldig_tot
        periode.save(update_fields=["geldig_tot"])
    else:
        Keurmerk.objects.create(organisatie=organisatie, geldig_van=geldig_van, geldig_tot=geldig_tot)
    return True


def _naar_fouten(exc: ValidationError, bestand: str, nummer: int, fouten: list[Fout]) -> None:
    for veld, meldingen in exc.message_dict.items():
        fouten.extend(Fout(bestand, nummer, veld, m) for m in meldingen)


def importeer(actor, *, organisaties: bytes | None = None, contactpersonen: bytes | None = None, echt: bool = False):
    """Validate both files; when `echt` and nothing is wrong, write everything in one transaction."""
    if not beheert_partners(actor):
        raise PermissionDenied(_("Alleen de regiocoördinator en de beheerder importeren partnergegevens."))
    resultaat = Resultaat(echt=echt)
    fouten = resultaat.fouten
    org_rijen = _lees(organisaties, KOLOMMEN_ORGANISATIES, ORGANISATIES, fouten) if organisaties is not None else []
    contact_rijen = (
        _lees(contactpersonen, KOLOMMEN_CONTACTPERSONEN, CONTACTPERSONEN, fouten) if contactpersonen is not None else []
    )

    gemeenten = {}
    for g in Gemeente.objects.all():
        gemeenten[g.naam.lower()] = gemeenten[g.cbs_code.lower()] = g
    regios = {}
    for r in Arbeidsmarktregio.objects.all():
        regios[r.naam.lower()] = regios[r.code.lower()] = r
    bestaande = {
        (o.naam.lower(), o.type): o
        for o in Organisatie.objects.prefetch_related("gemeenten", "arbeidsmarktregios", "contactpersonen")
    }
    eigen_regios = [] if is_beheerder(actor) else list(beheerde_regios(actor))
    beheerbaar = set(beheerbare_organisaties(actor).values_list("pk", flat=True))

    te_schrijven: list[tuple[Organisatie | None, dict]] = []
    gezien: set = set()
    for nummer, rij in org_rijen:
        bestaand = bestaande.get((rij.get("naam", "").lower(), _keuze(rij.get("type", ""), Organisatie.Type.choices)))
        if bestaand is not None and bestaand.pk not in beheerbaar:
            fouten.append(
                Fout(
                    ORGANISATIES, nummer, "naam", _("U mag deze organisatie niet wijzigen: zij werkt niet in uw regio.")
                )
            )
            continue
        try:
            data = _organisatie_data(rij, bestaand, eigen_regios, gemeenten, regios)
            data = valideer_organisatie(actor, data, bestaand, ook_in=gezien)
        except ValidationError as exc:
            _naar_fouten(exc, ORGANISATIES, nummer, fouten)
            continue
        gezien.add((data["naam"].lower(), data["type"]))
        te_schrijven.append((bestaand, data))

    # Contacts point to an existing organisation or one from the organisations file (by name, and type if given).
    uit_bestand = {(d["naam"].lower(), d["type"]) for _b, d in te_schrijven}
    contacten: list[tuple[tuple, Contactpersoon | None, dict]] = []
    contact_gezien: dict[tuple, set] = {}
    for nummer, rij in contact_rijen:
        naam, type_ = rij.get("organisatie", "").lower(), _keuze(rij.get("type", ""), Organisatie.Type.choices)
        kandidaten = {k for k in (set(bestaande) | uit_bestand) if k[0] == naam and (not type_ or k[1] == type_)}
        if not naam or not kandidaten:
            fouten.append(
                Fout(
                    CONTACTPERSONEN,
                    nummer,
                    "organisatie",
                    _("Onbekende organisatie ‘%(naam)s’.") % {"naam": rij.get("organisatie", "")},
                )
            )
            continue
        if len(kandidaten) > 1:
            fouten.append(Fout(CONTACTPERSONEN, nummer, "type", _("Meer organisaties heten zo: vul het type in.")))
            continue
        sleutel = kandidaten.pop()
        org = bestaande.get(sleutel)
        if org is not None and org.pk not in beheerbaar:
            fouten.append(
                Fout(
                    CONTACTPERSONEN,
                    nummer,
                    "organisatie",
                    _("U mag deze organisatie niet wijzigen: zij werkt niet in uw regio."),
                )
            )
            continue
        bestaand_contact = next(
            (c for c in (org.contactpersonen.all() if org else ()) if c.naam.lower() == rij.get("naam", "").lower()),
            None,
        )
        try:
            data = valideer_contactpersoon(
                {**({v: getattr(bestaand_contact, v) for v in CONTACTVELDEN} if bestaand_contact else {}), **rij},
                org,
                bestaand_contact,
                ook_in=contact_gezien.setdefault(sleutel, set()),
            )
            if data["email"]:
                EmailValidator(message=_("Geen geldig e-mailadres."))(data["email"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                _naar_fouten(exc, CONTACTPERSONEN, nummer, fouten)
            else:
                fouten.append(Fout(CONTACTPERSONEN, nummer, "email", exc.messages[0]))
            continue
        contact_gezien[sleutel].add(data["naam"].lower())
        contacten.append((sleutel, bestaand_contact, data))

    fouten.sort(key=lambda f: (f.bestand != ORGANISATIES, f.regel))
    if echt and not fouten:
        _schrijf(actor, resultaat, te_schrijven, contacten, bestaande)
    return resultaat


@transaction.atomic
def _schrijf(actor, resultaat: Resultaat, te_schrijven, contacten, bestaande) -> None:
    """All rows or none: any error rolls the whole import back. One audit INSERT per kind of change."""
    vandaag = timezone.localdate()
    geschreven: dict[tuple, list] = {}
    velden: dict[tuple, set] = {}  # per kind of change, the fields changed in any of its objects
    organisaties = dict(bestaande)
    for bestaand, data in te_schrijven:
        org, gewijzigd = schrijf_organisatie(
            Organisatie.objects.select_for_update().get(pk=bestaand.pk) if bestaand else None, data
        )
        organisaties[(org.naam.lower(), org.type)] = org
        if data.get("keurmerk_geldig_tot") and _keurmerk_tot(org, data["keurmerk_geldig_tot"], vandaag):
            gewijzigd = [*gewijzigd, "keurmerken"]
        if bestaand is None or gewijzigd:
            geschreven.setdefault(("organisaties", bestaand is None), []).append(org)
            velden.setdefault(("organisaties", bestaand is None), set()).update(gewijzigd)
    for sleutel, bestaand, data in contacten:
        contact = bestaand or Contactpersoon(organisatie=organisaties[sleutel])
        gewijzigd = [v for v in CONTACTVELDEN if bestaand is None or getattr(contact, v) != data[v]]
        if gewijzigd:
            for veld in gewijzigd:
                setattr(contact, veld, data[veld])
            contact.save()
            geschreven.setdefault(("contactpersonen", bestaand is None), []).append(contact)
            velden.setdefault(("contactpersonen", bestaand is None), set()).update(gewijzigd)
    for (soort, nieuw), objecten in geschreven.items():
        resultaat.aantallen[f"{soort}_{'nieuw' if nieuw else 'bijgewerkt'}"] = len(objecten)
        log_events(
            actor,
            Handeling.CREATE if nieuw else Handeling.UPDATE,
            objecten,
            velden=sorted(velden[(soort, nieuw)]),
            toelichting=f"CSV-import van {soort}",
        )
