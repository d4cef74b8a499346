"""The dossieroverzicht PDF (/dossiers/<uuid>/overzicht.pdf): a printable handover of the case for the casework
roles of the gemeente, logged as EXPORT, never cached, without health data."""

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from cases import services
from cases.models import Actie, BredeIntake, Doel, LeefgebiedScore, Statushouder, TijdlijnGebeurtenis
from cases.services.persoon import wijzig_persoonsgegevens
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Leerroute
from taken.models import Taak
from tests.conftest import TODAY
from tests.factories import AfspraakFactory, ParticipatieFactory

D = dt.date
# The session and its user, the case with the access check, the case page's query, the PIP's goals and actions,
# participation, tasks and appointments (the audit events go to their own connection).
MAX_QUERIES = 10

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]


def pdf_tekst(inhoud: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:  # pragma: no cover - poppler-utils is on the CI image
        pytest.skip("pdftotext ontbreekt")
    bestand = tmp_path / "overzicht.pdf"
    bestand.write_bytes(inhoud)
    return subprocess.run(
        ["pdftotext", "-layout", str(bestand), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture
def dossier(registreer, consultant, achterhoek):
    """A B1 case (as tests/cases/conftest.py b1_dossier) with an address, languages and health data everywhere."""
    sh = registreer(azc="AZC Zutphen")
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    b1 = Leerroute.objects.get(code="b1")
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="hoog", route_advies=b1, gekozen_route=b1, gezondheid="Diabetes type 2"
    )
    LeefgebiedScore.objects.create(intake=sh.intake, leefgebied="taal", score=2, toelichting="spreekt weinig")
    LeefgebiedScore.objects.create(
        intake=sh.intake, leefgebied="gezondheid_psychisch", score=1, toelichting="Nachtmerries"
    )
    versie = services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 20))
    versie.taalaanbieder = achterhoek.aanbieders["TopTaal"]
    versie.save()
    doel = Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Taalniveau B1 halen")
    Actie.objects.create(doel=doel, omschrijving="Taalcafé bezoeken", eigenaar="statushouder", status="bezig")
    Doel.objects.create(versie=versie, leefgebied="gezondheid_lichamelijk", omschrijving="Behandeling bij de GGZ")
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
    sh = Statushouder.objects.get(pk=sh.pk)
    wijzig_persoonsgegevens(
        consultant,
        sh,
        straat="Markt",
        huisnummer="12-A",
        postcode="7101 BC",
        woonplaats="Winterswijk",
        talen=["ti", "ar"],
    )
    return sh


def url(sh):
    return reverse("cases:dossieroverzicht", kwargs={"uuid": sh.uuid})


def test_pdf_for_the_consultant_with_the_handover_content(client, consultant, dossier, tmp_path):
    client.force_login(consultant)
    response = client.get(url(dossier))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    assert "dossieroverzicht" in response["Content-Disposition"]
    tekst = " ".join(pdf_tekst(response.content, tmp_path).split())
    for stuk in (
        "Dossieroverzicht Yonas Tesfamariam",
        "Markt 12-A, 7101 BC Winterswijk",
        "Eritrea",
        "Tigrinya, Arabisch",
        "AZC Zutphen",
        "in uitvoering",
        "Einde inburgeringstermijn",
        "Taalniveau B1 halen",
        "Taalcafé bezoeken",
        "Brede intake",
        "Tijdlijn",
        "Persoonsgegevens gewijzigd: adres, talen",
        "Gezondheidsgegevens",
    ):
        assert stuk in tekst, stuk
    for gezondheid in ("Diabetes", "Nachtmerries", "GGZ", "Psychische gezondheid"):
        assert gezondheid not in tekst, gezondheid
    assert "999990019" not in tekst  # the BSN only masked


def test_export_is_logged(client, consultant, dossier):
    client.force_login(consultant)
    client.get(url(dossier))
    event = AuditEvent.objects.get(handeling=Handeling.EXPORT, statushouder_id=dossier.uuid)
    assert event.toelichting == "dossieroverzicht (PDF)" and event.actor_label == consultant.username


def test_teamleider_and_colleague_may_print(client, teamleider, make_user, winterswijk, dossier):
    for user in (teamleider, make_user(roles.CONSULTANT, gemeente=winterswijk)):
        client.force_login(user)
        assert client.get(url(dossier)).status_code == 200


@pytest.mark.parametrize(("wie", "status"), [("aalten", 404), ("regio", 403), ("beheerder", 403)])
def test_others_may_not(client, make_user, aalten, achterhoek, dossier, wie, status):
    user = {
        "aalten": lambda: make_user(roles.CONSULTANT, gemeente=aalten),
        "regio": lambda: make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio),
        "beheerder": lambda: make_user(roles.BEHEERDER),
    }[wie]()
    client.force_login(user)
    assert client.get(url(dossier)).status_code == status
    assert not AuditEvent.objects.filter(handeling=Handeling.EXPORT).exists()


def test_case_without_intake_or_pip(client, consultant, registreer, tmp_path):
    sh = registreer()
    client.force_login(consultant)
    response = client.get(url(sh))
    assert response.status_code == 200
    tekst = " ".join(pdf_tekst(response.content, tmp_path).split())
    assert "Nog geen brede intake." in tekst and "Nog geen PIP." in tekst and "PIP-deadline" in tekst


def test_tagged_pdf_with_title_and_data_never_read_as_markup(client, consultant, dossier, tmp_path):
    """Typst reads the case's texts as data: markup characters in a note come out as written, lines kept."""
    Statushouder.objects.filter(pk=dossier.pk).update(
        overdracht_notities='Let op: *geen* #tolk nodig, zie [dossier] en $5 "bijdrage" \\ _nu_\nTweede regel'
    )
    client.force_login(consultant)
    response = client.get(url(dossier))
    bestand = tmp_path / "overzicht.pdf"
    bestand.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(bestand)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Dossieroverzicht Yonas Tesfamariam$", info, re.M)
    tekst = pdf_tekst(response.content, tmp_path)
    assert 'Let op: *geen* #tolk nodig, zie [dossier] en $5 "bijdrage" \\ _nu_' in tekst
    assert "Tweede regel" in tekst.split("_nu_")[1].splitlines()[1]


def test_tasks_appointments_and_participation(client, consultant, dossier, tmp_path):
    Taak.objects.create(
        statushouder=dossier, omschrijving="Huurtoeslag aanvragen", deadline=TODAY + dt.timedelta(days=3),
        toegewezen_aan=consultant, aangemaakt_door=consultant,
    )  # fmt: skip
    AfspraakFactory(statushouder=dossier, consultant=consultant, datum=TODAY + dt.timedelta(days=7))
    AfspraakFactory(statushouder=dossier, consultant=consultant, datum=TODAY - dt.timedelta(days=7), soort="intake")
    ParticipatieFactory(statushouder=dossier, uren_per_week=Decimal("12.5"))
    client.force_login(consultant)
    tekst = " ".join(pdf_tekst(client.get(url(dossier)).content, tmp_path).split())
    deadline = (TODAY + dt.timedelta(days=3)).strftime("%d-%m-%Y")
    assert f"Huurtoeslag aanvragen — deadline {deadline}, {consultant}" in tekst
    assert f"{(TODAY + dt.timedelta(days=7)):%d-%m-%Y} 10:00 — voortgangsgesprek" in tekst
    assert "brede intake" not in tekst.split("Afspraken")[1].split("Tijdlijn")[0]  # a past appointment: not coming
    assert "vrijwilligerswerk" in tekst and "12,5" in tekst


def test_constant_number_of_queries(client, consultant, dossier, django_assert_max_num_queries):
    client.force_login(consultant)

    def meet():
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url(dossier)).status_code == 200

    meet()
    for dag in range(30):
        ParticipatieFactory(statushouder=dossier, startdatum=dt.date(2024, 1, 1) + dt.timedelta(days=dag))
        AfspraakFactory(statushouder=dossier, consultant=consultant, datum=TODAY + dt.timedelta(days=dag))
        Taak.objects.create(statushouder=dossier, omschrijving=f"Taak {dag}", deadline=TODAY, toegewezen_aan=consultant)
    TijdlijnGebeurtenis.objects.bulk_create(
        TijdlijnGebeurtenis(statushouder=dossier, datum=TODAY, omschrijving=f"Notitie {nr}", actor=consultant)
        for nr in range(30)
    )
    meet()
