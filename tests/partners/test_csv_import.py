"""CSV import of organisations and contacts: a valid file, bad rows reported with their row number and column in
Dutch, a dry run writes nothing, the real import is all or nothing, encodings (BOM, not UTF-8), separators,
matching on name + type, permissions and bulk audit events."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from partners.models import Arbeidsmarktregio, Contactpersoon, Keurmerk, Organisatie
from partners.services.csv_import import VOORBEELD, importeer

pytestmark = pytest.mark.django_db

KOP = "naam;type;soort;kvk_nummer;plaats;aanbod;keurmerk_geldig_tot;gemeenten;actief\n"
GOED = KOP + (
    "Taalcentrum Oost;taalaanbieder;;12345678;Doetinchem;B1-route;31-12-2027;Doetinchem|GM0294;ja\n"
    "Schuldhulp Achterhoek;ketenpartner;Schuldhulpverlening;;Aalten;Budgetcoaching;;Aalten;\n"
)
CONTACTEN = (
    "organisatie;type;naam;functie;email;telefoon\nTaalcentrum Oost;;Sanne de Vries;coördinator;s@oost.nl;0314\n"
)


@pytest.fixture
def coordinator(make_user, achterhoek):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)


@pytest.fixture
def beheerder(make_user):
    return make_user(roles.BEHEERDER)


def aantal():
    return Organisatie.objects.count(), Contactpersoon.objects.count(), AuditEvent.objects.count()


def test_valid_files_dry_run_writes_nothing_then_real_import(coordinator, achterhoek):
    voor = aantal()
    resultaat = importeer(coordinator, organisaties=GOED.encode(), contactpersonen=CONTACTEN.encode())
    assert resultaat.fouten == [] and not resultaat.opgeslagen
    assert aantal() == voor

    resultaat = importeer(coordinator, organisaties=GOED.encode(), contactpersonen=CONTACTEN.encode(), echt=True)
    assert resultaat.fouten == [] and resultaat.opgeslagen
    assert resultaat.aantallen == {
        "organisaties_nieuw": 2,
        "organisaties_bijgewerkt": 0,
        "contactpersonen_nieuw": 1,
        "contactpersonen_bijgewerkt": 0,
    }
    oost = Organisatie.objects.get(naam="Taalcentrum Oost")
    assert [k.geldig_tot for k in oost.keurmerken.all()] == [dt.date(2027, 12, 31)]  # a period ending then
    assert sorted(g.naam for g in oost.gemeenten.all()) == ["Doetinchem", "Winterswijk"]
    assert list(oost.arbeidsmarktregios.all()) == [achterhoek.regio]  # the coördinator's own region by default
    assert Organisatie.objects.get(naam="Schuldhulp Achterhoek").soort == "schuldhulp"
    assert oost.contactpersonen.get().email == "s@oost.nl"
    creates = AuditEvent.objects.filter(handeling=Handeling.CREATE)
    assert creates.filter(object_type__endswith="organisatie").count() == 2
    assert creates.filter(object_type__endswith="contactpersoon").count() == 1


def test_matching_updates_on_name_and_type(beheerder, achterhoek):
    importeer(beheerder, organisaties=GOED.encode(), contactpersonen=CONTACTEN.encode(), echt=True)
    gewijzigd = KOP + "taalcentrum oost;Taalaanbieder;;12345678;Zutphen;B1-route;31-12-2027;Doetinchem|GM0294;ja\n"
    contacten = "organisatie;naam;telefoon\nTaalcentrum Oost;Sanne de Vries;0314 999\nTaalcentrum Oost;Piet;\n"
    resultaat = importeer(beheerder, organisaties=gewijzigd.encode(), contactpersonen=contacten.encode(), echt=True)
    assert resultaat.aantallen == {
        "organisaties_nieuw": 0,
        "organisaties_bijgewerkt": 1,
        "contactpersonen_nieuw": 1,
        "contactpersonen_bijgewerkt": 1,
    }
    oost = Organisatie.objects.get(naam__iexact="Taalcentrum Oost")
    assert (oost.naam, oost.plaats) == ("taalcentrum oost", "Zutphen")  # the file's spelling wins
    sanne = oost.contactpersonen.get(naam="Sanne de Vries")
    assert sanne.telefoon == "0314 999" and sanne.functie == "coördinator"  # a missing column is left alone
    update = AuditEvent.objects.get(handeling=Handeling.UPDATE, object_type__endswith="organisatie")
    assert update.velden == ["naam", "plaats"]


def test_bad_rows_are_reported_with_row_number_and_column(coordinator, achterhoek):
    slecht = KOP + (
        "Goed BV;werkgever;;;Aalten;;;;\n"
        "\n"  # an empty line is skipped but counts
        "Keten X;ketenpartner;onbekend;;;;;;\n"
        "Kapot;bakker;;123;;;;;\n"
        "Datum;taalaanbieder;;;;;31-02-2027;Atlantis;misschien\n"
        "Goed BV;werkgever;;;;;;;\n"
    )
    contacten = "organisatie;naam;email\nBestaat Niet;Jan;\nGoed BV;;\nGoed BV;Kees;geen-mail\n"
    voor = aantal()
    resultaat = importeer(coordinator, organisaties=slecht.encode(), contactpersonen=contacten.encode(), echt=True)
    fouten = {(f.bestand, f.regel, f.veld): f.melding for f in resultaat.fouten}
    assert fouten == {
        ("organisaties", 4, "soort"): "Onbekende soort ketenpartner.",
        ("organisaties", 5, "type"): "Kies een type: taalaanbieder, ketenpartner, werkgever of onderwijs.",
        ("organisaties", 5, "kvk_nummer"): "Een KvK-nummer bestaat uit precies 8 cijfers.",
        ("organisaties", 6, "keurmerk_geldig_tot"): "Geen geldige datum: gebruik dd-mm-jjjj, bijvoorbeeld 31-12-2027.",
        ("organisaties", 6, "gemeenten"): "Onbekende gemeente: Atlantis.",
        ("organisaties", 6, "actief"): "Vul ja of nee in.",
        ("organisaties", 7, "naam"): "Er is al een werkgever met de naam ‘Goed BV’.",
        ("contactpersonen", 2, "organisatie"): "Onbekende organisatie ‘Bestaat Niet’.",
        ("contactpersonen", 3, "naam"): "Vul de naam van de contactpersoon in.",
        ("contactpersonen", 4, "email"): "Geen geldig e-mailadres.",
    }
    assert not resultaat.opgeslagen
    assert aantal() == voor  # atomic: the good row 2 is not written either


def test_header_problems(coordinator, achterhoek):
    resultaat = importeer(coordinator, organisaties=b"naam;soort;kleur\nX;;\n")
    assert [(f.regel, f.veld, f.melding) for f in resultaat.fouten] == [
        (1, "kleur", "Onbekende kolom ‘kleur’."),
        (1, "type", "De kolom ‘type’ ontbreekt."),
    ]
    assert importeer(coordinator, organisaties=b"").fouten[0].melding == "Het bestand is leeg."


def test_encodings_and_separators(coordinator, achterhoek):
    komma = 'naam,type,plaats,aanbod\nCafé Oost,werkgever,Aalten,"Werkplekken, taalmaatje"\n'
    resultaat = importeer(coordinator, organisaties=b"\xef\xbb\xbf" + komma.encode(), echt=True)
    assert resultaat.fouten == []
    assert Organisatie.objects.get(naam="Café Oost").aanbod == "Werkplekken, taalmaatje"
    latin = "naam;type\nCrèche Noord;werkgever\n".encode("latin-1")
    resultaat = importeer(coordinator, organisaties=latin, echt=True)
    assert resultaat.fouten[0].melding.startswith("Het bestand is geen UTF-8.")
    assert not Organisatie.objects.filter(naam__startswith="Cr").exists()


def test_other_region_and_roles(coordinator, consultant, achterhoek):
    regio = Arbeidsmarktregio.objects.create(naam="Twente", code="AM30")
    twentse = Organisatie.objects.create(naam="Taalschool Twente", type="taalaanbieder")
    twentse.arbeidsmarktregios.add(regio)
    resultaat = importeer(coordinator, organisaties=b"naam;type;plaats\nTaalschool Twente;taalaanbieder;Enschede\n")
    assert resultaat.fouten[0].melding == "U mag deze organisatie niet wijzigen: zij werkt niet in uw regio."
    resultaat = importeer(coordinator, organisaties=b"naam;type;arbeidsmarktregios\nNieuw;werkgever;AM30\n")
    assert resultaat.fouten[0].melding == "Kies ten minste één arbeidsmarktregio waarvoor u werkt."
    with pytest.raises(PermissionDenied):
        importeer(consultant, organisaties=GOED.encode())


def test_the_example_files_import_cleanly(coordinator, achterhoek):
    resultaat = importeer(
        coordinator,
        organisaties=VOORBEELD["organisaties"].encode("utf-8-sig"),
        contactpersonen=VOORBEELD["contactpersonen"].encode(),
    )
    assert resultaat.fouten == []


def test_import_page(client, coordinator, consultant, achterhoek):
    url = reverse("partners:organisatie_import")
    client.force_login(consultant)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert (
        "keurmerk_geldig_tot" in page
        and reverse("partners:organisatie_import_voorbeeld", args=["organisaties"]) in page
    )
    voorbeeld = client.get(reverse("partners:organisatie_import_voorbeeld", args=["contactpersonen"]))
    assert voorbeeld["Content-Type"].startswith("text/csv") and voorbeeld.content.startswith(b"\xef\xbb\xbf")
    bestand = SimpleUploadedFile("org.csv", (KOP + "Kapot;bakker;;;;;;;\n").encode())
    html = client.post(url, {"organisaties": bestand}).content.decode()
    assert "Er is 1 fout gevonden. Er is niets opgeslagen." in html
    assert "Kies een type" in html
    html = client.post(url, {}).content.decode()
    assert "Kies ten minste één bestand." in html
    bestand = SimpleUploadedFile("org.csv", GOED.encode())
    html = client.post(url, {"organisaties": bestand, "echt": "on"}).content.decode()
    assert "Opgeslagen: 2 nieuwe en 0 bijgewerkte organisaties" in html


def test_keurmerk_column_extends_the_running_period_or_is_refused_on_overlap(beheerder, achterhoek, vandaag):
    """keurmerk_geldig_tot on an existing provider: the period valid today gets that end; a date that would make
    the periods overlap is a row error, and nothing is written."""
    toptaal = achterhoek.aanbieders["TopTaal"]
    lopend = toptaal.keurmerken.get(soort="blik_op_werk")
    rij = "naam;type;keurmerk_geldig_tot\nTopTaal;taalaanbieder;{}\n"
    nieuw_einde = vandaag + dt.timedelta(days=500)
    assert importeer(beheerder, organisaties=rij.format(f"{nieuw_einde:%d-%m-%Y}").encode(), echt=True).opgeslagen
    lopend.refresh_from_db()
    assert lopend.geldig_tot == nieuw_einde and toptaal.keurmerken.count() == 1
    Keurmerk.objects.create(organisatie=toptaal, geldig_van=nieuw_einde + dt.timedelta(days=1))  # a renewal
    later = nieuw_einde + dt.timedelta(days=30)
    resultaat = importeer(beheerder, organisaties=rij.format(f"{later:%d-%m-%Y}").encode(), echt=True)
    assert [(f.veld, f.melding) for f in resultaat.fouten] == [
        (
            "keurmerk_geldig_tot",
            "Deze periode overlapt met een andere periode van hetzelfde keurmerk "
            f"(vanaf {nieuw_einde + dt.timedelta(days=1):%d-%m-%Y}).",
        )
    ]
    lopend.refresh_from_db()
    assert lopend.geldig_tot == nieuw_einde
