"""Inzage (AVG art. 15): the JSON holds every section with its values and the audit entries, the PDF reads back
with pdftotext, every export is logged, only a teamleider of the own gemeente may produce it, a case after a move
includes the previous case, and the export costs the same number of queries however long the attendance list."""

import datetime as dt
import json
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as datumformaat

from cases import services
from cases.models import Statushouder
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Aanwezigheid, Leerroute, Onderdeel, Voortgangsrapportage
from tests.factories import (
    AanwezigheidFactory,
    ExamenresultaatFactory,
    InschrijvingFactory,
    ParticipatieFactory,
    VerwijzingFactory,
    VoortgangsgesprekFactory,
)

D = dt.date
pytestmark = pytest.mark.django_db
BSN = "999990019"
# Request (session, user, roles, permission) + the case + one prefetch per kind of record: not per row.
MAX_QUERIES = 30


def url(naam, sh):
    return reverse(f"cases:{naam}", kwargs={"uuid": sh.uuid})


@pytest.fixture
def volledig(b1_dossier, consultant, achterhoek):
    """A B1 case in Winterswijk with data in every section: intake scores, a vastgesteld PIP with a goal and an
    action, a gesprek, a verwijzing, a participatie, an extension, and an enrolment with a lesson, an exam and a
    progress report."""
    sh = b1_dossier(bsn=BSN, voornamen="Yonas", achternaam="Tesfamariam")
    b1 = Leerroute.objects.get(code="b1")
    VoortgangsgesprekFactory(
        statushouder=sh, consultant=consultant, gehouden_op=D(2026, 9, 1), verslag="Gaat goed met de taalles"
    )
    VerwijzingFactory(
        statushouder=sh, ketenpartner=next(iter(achterhoek.ketenpartners.values())), reden="Slaapproblemen"
    )
    ParticipatieFactory(statushouder=sh, sector="zorg", uren_per_week=8)
    inschrijving = InschrijvingFactory(statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=b1)
    AanwezigheidFactory(inschrijving=inschrijving, les_id="les-42", status="ongeoorloofd_afwezig", opmerking="ziek")
    ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=Onderdeel.objects.get(code="knm"))
    Voortgangsrapportage.objects.create(
        inschrijving=inschrijving, periode_start=D(2026, 7, 1), periode_eind=D(2026, 9, 30), niveaus={"lezen": "A2"}
    )
    return Statushouder.objects.get(pk=sh.pk)


def export_json(client, user, sh):
    client.force_login(user)
    r = client.get(url("inzage_json", sh))
    assert r.status_code == 200, r.status_code
    return json.loads(r.content)


def pdf_tekst(pdf: bytes, tmp_path) -> str:
    pad = tmp_path / "inzage.pdf"
    pad.write_bytes(pdf)
    uit = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pad), "-"], capture_output=True, text=True, check=True)
    return " ".join(uit.stdout.split())


def test_json_bevat_elke_sectie_met_de_waarden(client, consultant, teamleider, volledig):
    client.force_login(consultant)
    assert client.get(url("dossier", volledig)).status_code == 200  # a READ by the consultant, to be listed

    data = export_json(client, teamleider, volledig)

    verzoek = data["inzageverzoek"]
    assert (verzoek["gemeente"], verzoek["gemeente_code"]) == ("Winterswijk", volledig.gemeente.cbs_code)
    assert verzoek["aangemaakt_door"] == str(teamleider)
    dossier = data["dossier"]
    persoon = dossier["statushouder"]
    assert persoon["bsn"] == BSN  # in full: the person's own data
    assert (persoon["voornamen"], persoon["achternaam"]) == ("Yonas", "Tesfamariam")
    assert persoon["geboortedatum"] == "2001-06-02"
    assert persoon["uuid"] == str(volledig.uuid)
    assert (persoon["gemeente"], persoon["consultant"]) == ("Winterswijk", str(consultant))
    assert persoon["status"] == "in uitvoering" and persoon["pip_dagtekening"] == "2023-03-14"
    assert "id" not in persoon and "vorig_dossier" not in persoon

    intake = dossier["brede_intake"]
    assert intake["gekozen_route"] == "B1-route" and intake["startdatum"] == "2023-01-10"
    assert intake["leefgebiedscores"] == [{"leefgebied": "Taal", "score": 2, "toelichting": "spreekt weinig"}]

    [versie] = dossier["pip_versies"]
    assert (versie["versie"], versie["status"], versie["dagtekening"]) == (1, "vastgesteld", "2023-03-14")
    assert (versie["gemeente"], versie["taalaanbieder"], versie["leerroute"]) == ("Winterswijk", "TopTaal", "B1-route")
    [doel] = versie["doelen"]
    assert (doel["leefgebied"], doel["omschrijving"]) == ("Taal", "Taalniveau B1 halen")
    assert [(a["omschrijving"], a["status"], a["deadline"]) for a in doel["acties"]] == [
        ("Taalcafé bezoeken", "bezig", "2025-12-01")
    ]

    [gesprek] = [g for g in dossier["voortgangsgesprekken"] if g["gehouden_op"]]  # vaststellen planned the next
    assert (gesprek["verslag"], gesprek["gehouden_op"], gesprek["consultant"]) == (
        "Gaat goed met de taalles",
        "2026-09-01",
        str(consultant),
    )
    [verwijzing] = dossier["verwijzingen"]
    assert verwijzing["reden"] == "Slaapproblemen" and verwijzing["ketenpartner"]
    [participatie] = dossier["participaties"]
    assert (participatie["soort"], participatie["sector"], participatie["uren_per_week"]) == (
        "vrijwilligerswerk",
        "zorg",
        8.0,
    )
    assert [(v["maanden"], v["reden"]) for v in dossier["termijnverlengingen"]] == [(6, "ziekte")]
    assert {"status:intake", "status:in_uitvoering"} <= {t["soort"] for t in dossier["tijdlijn"]}

    [inschrijving] = dossier["inschrijvingen"]
    assert (inschrijving["organisatie"], inschrijving["leerroute"]) == ("TopTaal", "B1-route")
    [les] = inschrijving["aanwezigheden"]
    assert (les["les_id"], les["datum"], les["status"], les["opmerking"]) == (
        "les-42",
        "2026-11-02",
        "ongeoorloofd afwezig",
        "ziek",
    )
    [examen] = inschrijving["examenresultaten"]
    assert (examen["onderdeel"], examen["behaald"], examen["datum"]) == (
        "Kennis van de Nederlandse Maatschappij",
        True,
        "2025-06-01",
    )
    [rapportage] = inschrijving["voortgangsrapportages"]
    assert rapportage["niveaus"] == {"lezen": "A2"}

    gezien = [v for v in dossier["verwerkingen"] if v["actor"] == consultant.username and v["handeling"] == "ingezien"]
    assert gezien and gezien[0]["object_type"] == "statushouder" and gezien[0]["rol"] == "consultant"
    assert gezien[0]["tijdstip"].startswith(timezone.localdate().isoformat())
    assert dossier["vorig_dossier"] is None


def test_json_is_een_download(client, teamleider, volledig):
    client.force_login(teamleider)
    r = client.get(url("inzage_json", volledig))
    assert r["Content-Type"] == "application/json"
    assert r["Content-Disposition"] == f'attachment; filename="inzage-{volledig.uuid}.json"'


@pytest.mark.parametrize("formaat", ["json", "pdf"])
def test_elke_export_wordt_gelogd_en_staat_zelf_in_de_lijst(client, teamleider, volledig, formaat):
    client.force_login(teamleider)
    toelichting = f"inzageverzoek AVG art. 15 ({formaat})"
    r = client.get(url(f"inzage_{formaat}", volledig))
    assert r.status_code == 200
    event = AuditEvent.objects.get(statushouder_id=volledig.uuid, handeling=Handeling.EXPORT, toelichting=toelichting)
    assert (event.actor_label, event.object_type, event.object_id) == (
        teamleider.username,
        "cases.statushouder",
        str(volledig.uuid),
    )
    if formaat == "json":
        verwerkingen = json.loads(r.content)["dossier"]["verwerkingen"]
        assert verwerkingen[-1]["handeling"] == "geëxporteerd" and verwerkingen[-1]["toelichting"] == toelichting


def test_de_pagina_legt_uit_en_schrijft_een_read(client, teamleider, volledig):
    client.force_login(teamleider)
    html = client.get(url("inzage", volledig)).content.decode()
    assert url("inzage_pdf", volledig) in html and url("inzage_json", volledig) in html
    assert "BSN" in html
    assert AuditEvent.objects.filter(
        statushouder_id=volledig.uuid, handeling=Handeling.READ, toelichting="inzageverzoek AVG art. 15"
    ).exists()
    assert not AuditEvent.objects.filter(statushouder_id=volledig.uuid, handeling=Handeling.EXPORT).exists()


def test_de_dossierpagina_linkt_alleen_voor_de_teamleider(client, consultant, teamleider, volledig):
    client.force_login(teamleider)
    assert url("inzage", volledig) in client.get(url("dossier", volledig)).content.decode()
    client.force_login(consultant)
    assert url("inzage", volledig) not in client.get(url("dossier", volledig)).content.decode()


@pytest.mark.parametrize("naam", ["inzage", "inzage_json", "inzage_pdf"])
def test_consultant_krijgt_403(client, consultant, volledig, naam):
    client.force_login(consultant)
    assert client.get(url(naam, volledig)).status_code == 403
    assert not AuditEvent.objects.filter(statushouder_id=volledig.uuid, handeling=Handeling.EXPORT).exists()


@pytest.mark.parametrize("naam", ["inzage", "inzage_json", "inzage_pdf"])
def test_teamleider_van_een_andere_gemeente_krijgt_404(client, make_user, aalten, volledig, naam):
    client.force_login(make_user(roles.TEAMLEIDER, gemeente=aalten))
    assert client.get(url(naam, volledig)).status_code == 404
    assert not AuditEvent.objects.filter(statushouder_id=volledig.uuid, handeling=Handeling.EXPORT).exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_leest_terug_met_naam_bsn_doel_en_wie_het_zag(client, consultant, teamleider, volledig, tmp_path):
    client.force_login(consultant)
    client.get(url("dossier", volledig))
    client.force_login(teamleider)
    r = client.get(url("inzage_pdf", volledig))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == f'attachment; filename="inzage-{volledig.uuid}.pdf"'
    tekst = pdf_tekst(r.content, tmp_path)
    assert "Yonas Tesfamariam" in tekst
    assert BSN in tekst
    assert "Taalniveau B1 halen" in tekst and "Taalcafé bezoeken" in tekst
    assert consultant.username in tekst  # the consultant's READ, in the verwerkingen
    assert "Gemeente Winterswijk" in tekst
    with translation.override("nl"):
        assert datumformaat(timezone.localdate(), "j F Y") in tekst  # the date of the export


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_telt_een_lange_aanwezigheidslijst_per_maand(client, teamleider, volledig, tmp_path):
    inschrijving = volledig.inschrijvingen.get()
    lessen(inschrijving, 100)
    client.force_login(teamleider)
    tekst = pdf_tekst(client.get(url("inzage_pdf", volledig)).content, tmp_path)
    assert "101 lessen, per maand bij elkaar opgeteld" in tekst
    assert "les-42" not in tekst  # not listed one by one
    data = export_json(client, teamleider, volledig)
    assert len(data["dossier"]["inschrijvingen"][0]["aanwezigheden"]) == 101  # the JSON has every row


def test_na_een_verhuizing_staat_het_vorige_dossier_erin(client, consultant, make_user, aalten, volledig):
    services.rond_af(actor=consultant, statushouder=volledig, eindreden="verhuisd", datum=D(2026, 10, 1),
                     nieuwe_gemeente=aalten)  # fmt: skip
    nieuw = Statushouder.objects.get(vorig_dossier=volledig)
    teamleider_aalten = make_user(roles.TEAMLEIDER, gemeente=aalten)

    data = export_json(client, teamleider_aalten, nieuw)

    dossier = data["dossier"]
    assert (dossier["statushouder"]["gemeente"], dossier["statushouder"]["uuid"]) == ("Aalten", str(nieuw.uuid))
    assert data["inzageverzoek"]["gemeente"] == "Aalten"
    assert [v["wijzigingsreden"] for v in dossier["pip_versies"]] == ["verhuizing"]
    vorig = dossier["vorig_dossier"]
    assert (vorig["statushouder"]["gemeente"], vorig["statushouder"]["uuid"]) == ("Winterswijk", str(volledig.uuid))
    assert vorig["statushouder"]["eindreden"] == "verhuisd naar andere gemeente"
    assert vorig["pip_versies"][0]["doelen"][0]["omschrijving"] == "Taalniveau B1 halen"
    assert vorig["inschrijvingen"][0]["aanwezigheden"][0]["les_id"] == "les-42"
    assert any(v["toelichting"] == "overgedragen aan Aalten" for v in vorig["verwerkingen"])
    assert vorig["vorig_dossier"] is None
    # the earlier gemeente's log shows that its case was exported too
    assert AuditEvent.objects.filter(
        statushouder_id=volledig.uuid, handeling=Handeling.EXPORT, actor_label=teamleider_aalten.username
    ).exists()


def lessen(inschrijving, n):
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(
            inschrijving=inschrijving,
            les_id=f"l{i}",
            datum=D(2026, 11, 20) - dt.timedelta(days=i),
            geplande_minuten=120,
            aanwezige_minuten=90,
            status="aanwezig",
        )
        for i in range(n)
    )


@pytest.mark.parametrize("formaat", ["json", "pdf"])
def test_aantal_queries_groeit_niet_met_de_aanwezigheid(
    client, teamleider, volledig, formaat, django_assert_max_num_queries
):
    client.force_login(teamleider)
    inschrijving = volledig.inschrijvingen.get()
    with django_assert_max_num_queries(MAX_QUERIES) as weinig:
        assert client.get(url(f"inzage_{formaat}", volledig)).status_code == 200
    lessen(inschrijving, 300)
    with django_assert_max_num_queries(MAX_QUERIES) as veel:
        assert client.get(url(f"inzage_{formaat}", volledig)).status_code == 200
    assert len(veel.captured_queries) == len(weinig.captured_queries)


# The field names the issue found in the PDF (issue 15), and other machine text that must not reach the person.
VELDNAMEN = [
    "Uuid", "Bsn", "Oude wet", "Pip deadline afwijking", "YEM", "Pip dagtekening", "Object type", "Actor type",
    "Les id", "status:aangemeld", "intake_start_datum", "status_sinds", "Overdracht scenario",
    "Verblijfsvergunning datum",
]  # fmt: skip


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_spreekt_gewone_taal_zonder_veldnamen(client, consultant, teamleider, b1_dossier, tmp_path):
    """Issue 15: the PDF spoke in field names ('Uuid', 'Bsn', 'Oude wet', 'Pip deadline afwijking', 'YEM'). Now
    it has labels, countries and languages by their Dutch names, and explains the words it uses."""
    sh = b1_dossier(bsn=BSN, nationaliteit="YEM", talen=["ar", "ti"])
    client.force_login(consultant)
    client.get(url("dossier", sh))
    client.force_login(teamleider)
    tekst = pdf_tekst(client.get(url("inzage_pdf", sh)).content, tmp_path)
    for naam in VELDNAMEN:
        assert naam not in tekst, naam
    assert "Nationaliteit Jemen" in tekst
    assert "Talen die u spreekt Arabisch, Tigrinya" in tekst
    assert f"Burgerservicenummer (BSN) {BSN}" in tekst
    assert "Valt u onder de oude inburgeringswet (van 2013)? nee" in tekst
    assert "Latere uiterste datum voor uw plan (PIP)" in tekst
    assert "Hoe ver is uw dossier? in uitvoering" in tekst  # the status as its label
    assert "Plan Inburgering en Participatie" in tekst  # the words explained
    assert "Wie heeft uw gegevens bekeken of veranderd?" in tekst
    # the processing log names the record and the fields the way the person would
    assert "consulent gewijzigd uw dossier Datum waarop de brede intake begon" in tekst
    assert "consulent ingezien uw dossier" in tekst
    assert "Nummer van uw dossier " + str(sh.uuid) in tekst  # the one id kept, explained
    assert str(sh.intake.uuid) not in tekst  # the others left out


def test_json_houdt_de_machinesleutels(client, teamleider, b1_dossier):
    sh = b1_dossier(bsn=BSN, nationaliteit="YEM", talen=["ar"])
    data = export_json(client, teamleider, sh)
    assert data["dossier"]["statushouder"]["nationaliteit"] == "YEM"
    assert {"uuid", "bsn", "oude_wet", "pip_deadline_afwijking"} <= set(data["dossier"]["statushouder"])


def test_elk_veld_heeft_een_label_of_blijft_bewust_weg(client, teamleider, volledig):
    """A field added to a model later must get a plain label in cases.inzage_teksten (or be left out on purpose):
    otherwise the PDF would show its database name."""
    from cases import inzage_teksten
    from cases.views.inzage import GENEST

    data = export_json(client, teamleider, volledig)
    dossier = data["dossier"]
    versie = dossier["pip_versies"][0]
    inschrijving = dossier["inschrijvingen"][0]
    records = {
        "statushouder": dossier["statushouder"],
        "brede_intake": dossier["brede_intake"],
        "leefgebiedscore": dossier["brede_intake"]["leefgebiedscores"][0],
        "pip_versie": versie,
        "doel": versie["doelen"][0],
        "actie": versie["doelen"][0]["acties"][0],
        "voortgangsgesprek": dossier["voortgangsgesprekken"][0],
        "verwijzing": dossier["verwijzingen"][0],
        "participatie": dossier["participaties"][0],
        "termijnverlenging": dossier["termijnverlengingen"][0],
        "tijdlijn": dossier["tijdlijn"][0],
        "inschrijving": inschrijving,
        "aanwezigheid": inschrijving["aanwezigheden"][0],
        "examenresultaat": inschrijving["examenresultaten"][0],
        "voortgangsrapportage": inschrijving["voortgangsrapportages"][0],
        "verwerking": dossier["verwerkingen"][0],
    }
    for soort, record in records.items():
        sectie = inzage_teksten.SECTIES[soort]
        zonder_label = set(record) - set(sectie["labels"]) - sectie["verborgen"] - GENEST
        assert not zonder_label, (soort, zonder_label)
    over = inzage_teksten.OVER
    assert not set(data["inzageverzoek"]) - set(over["labels"]) - over["verborgen"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_na_een_verhuizing_legt_het_vorige_dossier_uit(client, consultant, make_user, aalten, volledig, tmp_path):
    services.rond_af(actor=consultant, statushouder=volledig, eindreden="verhuisd", datum=D(2026, 10, 1),
                     nieuwe_gemeente=aalten)  # fmt: skip
    nieuw = Statushouder.objects.get(vorig_dossier=volledig)
    client.force_login(make_user(roles.TEAMLEIDER, gemeente=aalten))
    tekst = pdf_tekst(client.get(url("inzage_pdf", nieuw)).content, tmp_path)
    assert "Uw dossier in de gemeente Aalten" in tekst and "Uw dossier in de gemeente Winterswijk" in tekst
    assert "U bent verhuisd. Hieronder staan ook uw gegevens uit de gemeente Winterswijk" in tekst
    assert "Waarom is uw dossier afgesloten? verhuisd naar andere gemeente" in tekst
