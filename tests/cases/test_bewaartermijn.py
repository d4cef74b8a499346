"""Retention (issue 8): cases whose traject ended more than BEWAARTERMIJN_JAREN ago are anonymised — personal
fields and free text gone, dates and codes kept — by a service, a dry-run command and a nightly beat task; a move
chain goes as a whole; and a report over an old period gives the same numbers before and after."""

import datetime as dt
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError
from guardian.shortcuts import assign_perm

from agenda.models import Afspraak
from cases.models import (
    Actie,
    BredeIntake,
    Doel,
    LeefgebiedScore,
    Participatie,
    Pip,
    PipVersie,
    Statushouder,
    StatushouderUserObjectPermission,
    TermijnVerlenging,
    TijdlijnGebeurtenis,
    Verwijzing,
    Voortgangsgesprek,
)
from cases.selectors.bewaartermijn import verlopen_dossiers
from cases.services import bewaartermijn
from cases.services.common import today
from cases.tasks import anonimiseer_verlopen_dossiers
from inburgering.accounts import roles
from inburgering.audit.models import ActorType, AuditEvent, Handeling
from journaal.models import Notitie
from leerroutes.models import Aanwezigheid, Examenresultaat, Inschrijving, Leerroute, Onderdeel, Voortgangsrapportage
from reports.engine import bereken_rapport
from reports.indicators.base import Periode
from taken.models import Taak
from tests.conftest import TODAY
from tests.factories import (
    AanwezigheidFactory,
    AfspraakFactory,
    ExamenresultaatFactory,
    InschrijvingFactory,
    ParticipatieFactory,
    PipFactory,
    PipVersieFactory,
    StatushouderFactory,
    VerwijzingFactory,
    VoortgangsgesprekFactory,
)

D = dt.date
pytestmark = pytest.mark.django_db
GRENS = TODAY - relativedelta(years=5)  # 2021-11-24: a traject that ended before it is past the period
G = bewaartermijn.GEANONIMISEERD


def dossier(gemeente, einddatum=None, *, eindreden="voldaan", **velden):
    """A case with its dates a few years before `einddatum` (or before GRENS for an open case)."""
    basis = einddatum or GRENS
    data = {
        "gemeente": gemeente,
        "geboortedatum": D(1990, 4, 3),
        "geslacht": "v",
        "verblijfsvergunning_datum": basis - relativedelta(years=3),
        "koppeling_datum": basis - relativedelta(years=3) + dt.timedelta(days=10),
        "kennisgeving_datum": basis - relativedelta(years=3) + dt.timedelta(days=12),
        "brp_inschrijving_datum": basis - relativedelta(years=3) + dt.timedelta(days=40),
        "huisvesting_datum": basis - relativedelta(years=3) + dt.timedelta(days=40),
        "intake_start_datum": basis - relativedelta(years=3) + dt.timedelta(days=60),
        "pip_dagtekening": basis - relativedelta(years=3) + dt.timedelta(days=100),
        "termijn_einde": basis + dt.timedelta(days=100),
        "status": "in_uitvoering",
        "status_sinds": basis - relativedelta(years=3) + dt.timedelta(days=100),
    }
    if einddatum:
        data |= {"status": "afgerond", "status_sinds": einddatum, "einddatum": einddatum, "eindreden": eindreden}
    return StatushouderFactory(**(data | velden))


def vastgestelde_versie(sh, *, leerroute="b1", aanbieder, dagtekening, duaal=False, reden="eerste_plan", **velden):
    """A PIP-versie with a goal and an action, made as a concept and then vastgesteld (the trigger refuses goals
    on a vastgestelde versie)."""
    pip = Pip.objects.filter(statushouder=sh).first() or PipFactory(statushouder=sh)
    v = PipVersieFactory(
        pip=pip,
        versie=1,
        wijzigingsreden=reden,
        status="concept",
        vastgesteld_op=None,
        leerroute=Leerroute.objects.get(code=leerroute),
        taalaanbieder=aanbieder,
        dagtekening=dagtekening,
        duaal=duaal,
        **velden,
    )
    doel = Doel.objects.create(versie=v, leefgebied="taal", omschrijving="Yonas wil B1 halen voor zijn werk")
    Actie.objects.create(doel=doel, omschrijving="Aanmelden bij TopTaal", eigenaar="statushouder")
    PipVersie.objects.filter(pk=v.pk).update(
        status="vastgesteld", vastgesteld_op=dt.datetime.combine(dagtekening, dt.time(12), tzinfo=dt.UTC)
    )
    v.refresh_from_db()
    return v


@pytest.fixture
def volledig(achterhoek, make_user, winterswijk):
    """A case that ended 5 years + 1 day before TODAY, with every kind of personal data and free text."""
    consultant = make_user(roles.CONSULTANT, gemeente=winterswijk)
    b1, z = Leerroute.objects.get(code="b1"), Leerroute.objects.get(code="z")
    toptaal = achterhoek.aanbieders["TopTaal"]
    sh = dossier(
        winterswijk,
        GRENS - dt.timedelta(days=1),
        consultant=consultant,
        voornamen="Semhar",
        achternaam="Tesfamariam",
        bsn="999990019",
        nationaliteit="ERI",
        talen=["ti", "ar"],
        telefoon="0612345678",
        email="semhar@example.org",
        straat="Kerkstraat",
        huisnummer="12-A",
        postcode="7101 AB",
        woonplaats="Winterswijk",
        azc="AZC Zweeloo",
        overdracht_notities="Heeft een zoon van 4; spreekt wat Engels",
        opschort_reden="Ziekenhuisopname",
        pip_deadline_afwijking=GRENS - relativedelta(years=3) + dt.timedelta(days=100),
        pip_deadline_afwijking_reden="Zwangerschapsverlof",
        doelgroep="nareiziger",
        overdracht_scenario="snelle_start",
    )
    intake = BredeIntake.objects.create(
        statushouder=sh,
        startdatum=sh.intake_start_datum,
        afgerond_op=sh.intake_start_datum + dt.timedelta(days=20),
        leerbaarheidstoets_uitkomst="vrijgesteld",
        leerbaarheidstoets_vrijstelling_reden="Analfabeet in eigen taal",
        route_advies=b1,
        gekozen_route=z,
        afwijking_motivering="Kan door PTSS niet lang achter elkaar leren",
        opleiding_werkervaring="Kapster in Asmara",
        gezondheid="PTSS, in behandeling bij GGZ",
    )
    LeefgebiedScore.objects.create(
        intake=intake, leefgebied="gezondheid_psychisch", score=2, toelichting="Slaapt slecht"
    )
    plan = vastgestelde_versie(sh, aanbieder=toptaal, dagtekening=sh.pip_dagtekening, wijzigingstoelichting="")
    concept = PipVersieFactory(
        pip=plan.pip,
        versie=2,
        wijzigingsreden="schakelen",
        status="concept",
        vastgesteld_op=None,
        leerroute=z,
        wijzigingstoelichting="Semhar kan het tempo niet aan",
    )
    doel = Doel.objects.create(versie=concept, leefgebied="gezin_kinderopvang", omschrijving="Opvang voor haar zoon")
    Actie.objects.create(doel=doel, omschrijving="Bellen met de crèche", eigenaar="consultant", status="bezig")
    VoortgangsgesprekFactory(
        statushouder=sh,
        gepland_op=sh.pip_dagtekening + dt.timedelta(days=80),
        gehouden_op=sh.pip_dagtekening + dt.timedelta(days=85),
        consultant=consultant,
        verslag="Gaat beter sinds de verhuizing van haar moeder",
        pip_versie=plan,
        voortgang_per_doel={str(plan.doelen.get().uuid): "Oefent thuis met haar zoon"},
    )
    VerwijzingFactory(
        statushouder=sh,
        ketenpartner=achterhoek.ketenpartners[next(iter(achterhoek.ketenpartners))],
        reden="Schulden bij de zorgverzekeraar",
        datum=sh.pip_dagtekening + dt.timedelta(days=30),
        uitkomst="Regeling getroffen",
        afgerond_op=sh.pip_dagtekening + dt.timedelta(days=90),
    )
    ParticipatieFactory(
        statushouder=sh,
        soort="betaald_werk",
        startdatum=sh.pip_dagtekening + dt.timedelta(days=200),
        uren_per_week=24,
        sector="Kapsalon Haarmode Winterswijk",
        contractvorm="tijdelijk",
    )
    TermijnVerlenging.objects.create(statushouder=sh, besluitdatum=sh.pip_dagtekening, maanden=6, reden="Ziekte")
    TijdlijnGebeurtenis.objects.create(
        statushouder=sh, datum=sh.einddatum, soort="status:afgerond", omschrijving="Semhar heeft B1 gehaald"
    )
    ins = InschrijvingFactory(
        statushouder=sh, organisatie=toptaal, leerroute=z, status="afgerond", startdatum=sh.pip_dagtekening,
        einddatum=sh.einddatum,
    )  # fmt: skip
    AanwezigheidFactory(inschrijving=ins, datum=sh.pip_dagtekening + dt.timedelta(days=7), opmerking="Zoon ziek")
    AanwezigheidFactory(inschrijving=ins, datum=sh.pip_dagtekening + dt.timedelta(days=14))
    ExamenresultaatFactory(
        inschrijving=ins, onderdeel=Onderdeel.objects.get(code="knm"), datum=sh.einddatum - dt.timedelta(days=30)
    )
    Voortgangsrapportage.objects.create(
        inschrijving=ins,
        periode_start=sh.pip_dagtekening,
        periode_eind=sh.pip_dagtekening + dt.timedelta(days=90),
        niveaus={"lezen": "A2"},
        toelichting="Semhar is gemotiveerd maar vaak moe",
    )
    assign_perm("cases.view_statushouder", make_user(roles.CONSULTANT, gemeente=achterhoek.gemeenten["Aalten"]), sh)
    AfspraakFactory(statushouder=sh, consultant=consultant, plaats_soort="thuis", plaats="Kerkstraat 12-A")
    Notitie.objects.create(statushouder=sh, datum=GRENS, categorie="zorg", tekst="Rugpijn", auteur=consultant)
    Taak.objects.create(
        statushouder=sh,
        omschrijving="Huurtoeslag",
        deadline=GRENS,
        toegewezen_aan=consultant,
        aangemaakt_door=consultant,
    )
    return sh


# What anonymisation clears, per model; every other field must keep its value.
GEWIST = {
    Statushouder: {
        "bsn", "voornamen", "achternaam", "nationaliteit", "talen", "telefoon", "email", "azc", "overdracht_notities",
        "straat", "huisnummer", "postcode", "woonplaats", "opschort_reden", "pip_deadline_afwijking_reden",
        "geanonimiseerd_op", "geboortedatum",
    },
    BredeIntake: {
        "opleiding_werkervaring", "gezondheid", "afwijking_motivering", "leerbaarheidstoets_vrijstelling_reden",
    },
    LeefgebiedScore: {"toelichting"},
    PipVersie: {"wijzigingstoelichting"},
    Doel: {"omschrijving"},
    Actie: {"omschrijving"},
    Voortgangsgesprek: {"verslag", "voortgang_per_doel"},
    Verwijzing: {"reden", "uitkomst"},
    Participatie: {"sector"},
    TermijnVerlenging: {"reden"},
    TijdlijnGebeurtenis: {"omschrijving"},
    Aanwezigheid: {"opmerking"},
    Voortgangsrapportage: {"toelichting"},
    Inschrijving: set(),
    Examenresultaat: set(),
    Pip: set(),
}  # fmt: skip


def rij(obj, zonder=()) -> dict:
    """Every column of a row (model_to_dict leaves out the non-editable ones, such as vorig_dossier)."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in zonder}


def bewaard(model):
    """Every row of `model` with every field that anonymisation keeps (dates, codes, keys, numbers)."""
    return {obj.pk: rij(obj, GEWIST[model]) for obj in model.objects.order_by("pk")}


def momentopname():
    return {model: bewaard(model) for model in GEWIST}


def test_een_dossier_na_de_bewaartermijn_wordt_geanonimiseerd(volledig, winterswijk):
    jonger = dossier(winterswijk, GRENS + dt.timedelta(days=1), voornamen="Rania")  # 5 years − 1 day ago
    open_dossier = dossier(winterswijk, voornamen="Lina")
    ervoor = momentopname()
    geheim = {sh.pk: rij(sh) for sh in (jonger, open_dossier)}

    telling = bewaartermijn.anonimiseer(list(verlopen_dossiers(TODAY)))

    sh = Statushouder.objects.get(pk=volledig.pk)
    assert (sh.voornamen, sh.achternaam) == (G, G)
    assert sh.bsn == ""
    assert (sh.nationaliteit, sh.talen, sh.telefoon, sh.email, sh.azc, sh.overdracht_notities) == (
        "",
        [],
        "",
        "",
        "",
        "",
    )
    assert sh.opschort_reden == ""
    assert sh.pip_deadline_afwijking_reden == G  # the constraint wants a reason beside the kept deviating deadline
    assert sh.geanonimiseerd_op is not None
    intake = BredeIntake.objects.get(statushouder=sh)
    assert (intake.opleiding_werkervaring, intake.gezondheid) == ("", "")
    assert intake.afwijking_motivering == intake.leerbaarheidstoets_vrijstelling_reden == G
    assert LeefgebiedScore.objects.get(intake=intake).toelichting == ""
    concept = PipVersie.objects.get(pip__statushouder=sh, status="concept")
    assert concept.wijzigingstoelichting == ""
    assert Doel.objects.get(versie=concept).omschrijving == G
    assert Actie.objects.get(doel__versie=concept).omschrijving == G
    gesprek = Voortgangsgesprek.objects.get(statushouder=sh)
    assert (gesprek.verslag, gesprek.voortgang_per_doel) == ("", {})
    verwijzing = Verwijzing.objects.get(statushouder=sh)
    assert (verwijzing.reden, verwijzing.uitkomst) == (G, "")
    assert Participatie.objects.get(statushouder=sh).sector == ""
    assert TermijnVerlenging.objects.get(statushouder=sh).reden == G
    assert TijdlijnGebeurtenis.objects.get(statushouder=sh).omschrijving == ""
    assert set(Aanwezigheid.objects.filter(inschrijving__statushouder=sh).values_list("opmerking", flat=True)) == {""}
    assert Voortgangsrapportage.objects.get(inschrijving__statushouder=sh).toelichting == ""
    assert not StatushouderUserObjectPermission.objects.filter(content_object=sh).exists()
    assert Statushouder.objects.get(pk=sh.pk).geboortedatum == D(1990, 4, 1)  # the month of birth only

    # Every date, code, key and number is unchanged, on every row.
    assert momentopname() == ervoor
    # The case ended 5 years − 1 day ago and the open case are untouched, down to their names.
    assert {s.pk: rij(s) for s in Statushouder.objects.filter(pk__in=geheim)} == geheim
    assert telling["cases.Statushouder"] == 1
    assert telling == {
        "cases.Statushouder": 1, "cases.BredeIntake": 1, "cases.LeefgebiedScore": 1, "cases.PipVersie": 1,
        "cases.Doel": 2, "cases.Actie": 2, "cases.Voortgangsgesprek": 1, "cases.Verwijzing": 1,
        "cases.Participatie": 1, "cases.TermijnVerlenging": 1, "cases.TijdlijnGebeurtenis": 1,
        "leerroutes.Aanwezigheid": 1, "leerroutes.Voortgangsrapportage": 1,
        "cases.StatushouderUserObjectPermission": 1, "cases.Signaalstand": 0, "cases.Handhavingsstap": 0,
        "agenda.Afspraak": 1, "journaal.Notitie": 1, "taken.Taak": 1, "documenten.Document": 0,
        "duo.Notificatie": 0, "duo.Aanmelding": 0, "duo.Registratie": 0, "duo.Melding": 0,
    }  # fmt: skip
    assert not Afspraak.objects.filter(statushouder=sh).exists()
    assert not Notitie.objects.filter(statushouder=sh).exists() and not Taak.objects.filter(statushouder=sh).exists()


def test_de_teksten_van_een_vastgesteld_pip_worden_gewist(volledig):
    plan = PipVersie.objects.get(pip__statushouder=volledig, status="vastgesteld")
    bewaartermijn.anonimiseer_verlopen(TODAY)
    assert Doel.objects.get(versie=plan).omschrijving == G
    assert Actie.objects.get(doel__versie=plan).omschrijving == G


def test_tweede_run_verandert_niets(volledig):
    eerste = bewaartermijn.anonimiseer_verlopen(TODAY)
    na_eerste = momentopname() | {"bsn": Statushouder.objects.get(pk=volledig.pk).bsn}
    tweede = bewaartermijn.anonimiseer_verlopen(TODAY)
    assert eerste["cases.Statushouder"] == 1
    assert set(tweede.values()) == {0}
    assert momentopname() | {"bsn": Statushouder.objects.get(pk=volledig.pk).bsn} == na_eerste
    assert AuditEvent.objects.filter(statushouder_id=volledig.uuid, toelichting=bewaartermijn.TOELICHTING).count() == 1


def test_een_auditregel_per_dossier(achterhoek, winterswijk, aalten):
    dossiers = [dossier(winterswijk, GRENS - dt.timedelta(days=1)), dossier(aalten, D(2019, 3, 1))]
    bewaartermijn.anonimiseer_verlopen(TODAY)
    events = AuditEvent.objects.filter(toelichting=bewaartermijn.TOELICHTING)
    assert sorted((e.statushouder_id, e.gemeente_code) for e in events) == sorted(
        (sh.uuid, sh.gemeente.cbs_code) for sh in dossiers
    )
    for e in events:
        assert (e.handeling, e.actor_type, e.actor_label) == (Handeling.UPDATE, ActorType.SYSTEEM, "systeem")
        assert e.object_type == "cases.statushouder" and e.object_id == str(e.statushouder_id)
        assert {"bsn", "voornamen", "achternaam", "geanonimiseerd_op"} <= set(e.velden)


def test_verhuisketen_alleen_als_geheel(achterhoek, winterswijk, aalten):
    """The old case of a move waits for the case that continues it; then both go."""
    oud = dossier(winterswijk, D(2019, 6, 1), eindreden="verhuisd")
    nieuw = dossier(aalten, GRENS + dt.timedelta(days=1), bsn=oud.bsn, vorig_dossier=oud)
    open_oud = dossier(winterswijk, D(2019, 6, 1), eindreden="verhuisd")
    dossier(aalten, bsn=open_oud.bsn, vorig_dossier=open_oud)  # still open
    assert list(verlopen_dossiers(TODAY)) == []
    assert list(verlopen_dossiers(TODAY + dt.timedelta(days=2))) == [nieuw, oud]  # Aalten before Winterswijk
    bewaartermijn.anonimiseer_verlopen(TODAY + dt.timedelta(days=2))
    oud.refresh_from_db()
    nieuw.refresh_from_db()
    assert oud.geanonimiseerd_op and nieuw.geanonimiseerd_op and nieuw.vorig_dossier_id == oud.pk
    assert oud.bsn != open_oud.bsn and nieuw.bsn != open_oud.bsn  # the shared BSN of the chain is replaced
    assert Statushouder.objects.get(pk=open_oud.pk).geanonimiseerd_op is None


def test_proefdraai_toont_zonder_te_wijzigen_en_uitvoeren_anonimiseert(volledig, winterswijk):
    jonger = dossier(winterswijk, GRENS + dt.timedelta(days=1))
    ervoor = {s.pk: rij(s) for s in Statushouder.objects.all()}

    out = io.StringIO()
    call_command("anonimiseer", "--peildatum", TODAY.isoformat(), stdout=out)
    uitvoer = out.getvalue()
    assert {s.pk: rij(s) for s in Statushouder.objects.all()} == ervoor
    assert Voortgangsgesprek.objects.get(statushouder=volledig).verslag != ""
    assert not AuditEvent.objects.filter(toelichting=bewaartermijn.TOELICHTING).exists()
    assert str(volledig.uuid) in uitvoer and str(jonger.uuid) not in uitvoer
    assert "Winterswijk" in uitvoer and volledig.einddatum.strftime("%d-%m-%Y") in uitvoer
    assert "Proefdraai" in uitvoer and "statushouders" in uitvoer and "aanwezigheden" in uitvoer
    for geheim in (volledig.voornamen, volledig.achternaam, volledig.bsn, jonger.achternaam, jonger.bsn):
        assert geheim not in uitvoer

    out = io.StringIO()
    call_command("anonimiseer", "--peildatum", TODAY.isoformat(), "--uitvoeren", stdout=out)
    assert "1 dossiers geanonimiseerd" in out.getvalue() and volledig.achternaam not in out.getvalue()
    assert Statushouder.objects.get(pk=volledig.pk).achternaam == G
    assert Statushouder.objects.get(pk=jonger.pk).achternaam == jonger.achternaam


def test_beat_taak_anonimiseert_vandaag(achterhoek, winterswijk):
    grens = today() - relativedelta(years=settings.BEWAARTERMIJN_JAREN)
    verlopen = dossier(winterswijk, grens - dt.timedelta(days=1))
    jonger = dossier(winterswijk, grens + dt.timedelta(days=1))
    assert settings.CELERY_BEAT_SCHEDULE["anonimiseer-verlopen-dossiers"]["task"] == anonimiseer_verlopen_dossiers.name
    assert anonimiseer_verlopen_dossiers.autoretry_for == (DatabaseError,)
    assert anonimiseer_verlopen_dossiers.max_retries == 5
    assert anonimiseer_verlopen_dossiers.retry_backoff and anonimiseer_verlopen_dossiers.retry_jitter

    telling = anonimiseer_verlopen_dossiers.apply().get()
    assert telling["cases.Statushouder"] == 1
    assert Statushouder.objects.get(pk=verlopen.pk).achternaam == G
    assert Statushouder.objects.get(pk=jonger.pk).geanonimiseerd_op is None
    assert anonimiseer_verlopen_dossiers.apply().get()["cases.Statushouder"] == 0


# --- Acceptance: reports over old periods are unchanged -----------------------------------------------------------


@pytest.fixture
def oude_dossiers(achterhoek, make_user):
    """Three Achterhoek cases of 2018–2021 (all past the retention period on TODAY): PIPs (B1 duaal, Z, onderwijs),
    attendance, exams, participation, voortgangsgesprekken, and a move from Winterswijk to Aalten in 2019."""
    gem = achterhoek.gemeenten
    toptaal, interbeek = achterhoek.aanbieders["TopTaal"], achterhoek.aanbieders["Interbeek"]
    onderdeel = {o.code: o for o in Onderdeel.objects.all()}
    cw = make_user(roles.CONSULTANT, gemeente=gem["Winterswijk"])
    ca = make_user(roles.CONSULTANT, gemeente=gem["Aalten"])
    datums = {
        "verblijfsvergunning_datum": D(2018, 3, 1), "koppeling_datum": D(2018, 3, 20),
        "kennisgeving_datum": D(2018, 3, 25), "brp_inschrijving_datum": D(2018, 5, 1),
        "huisvesting_datum": D(2018, 5, 1), "intake_start_datum": D(2018, 5, 20), "pip_dagtekening": D(2018, 7, 2),
        "termijn_einde": D(2021, 7, 3),
    }  # fmt: skip

    def sh(gemeente, consultant, einde, reden, **velden):
        return StatushouderFactory(gemeente=gemeente, consultant=consultant, status="afgerond", status_sinds=einde,
                                   einddatum=einde, eindreden=reden, **(datums | velden))  # fmt: skip

    w1 = sh(gem["Winterswijk"], cw, D(2021, 2, 1), "voldaan", geslacht="v", geboortedatum=D(1995, 1, 1))
    w2 = sh(gem["Winterswijk"], cw, D(2019, 8, 15), "verhuisd", geboortedatum=D(1970, 6, 1))
    a2 = sh(gem["Aalten"], ca, D(2021, 1, 10), "voldaan", geboortedatum=D(1970, 6, 1), bsn=w2.bsn, vorig_dossier=w2,
            brp_inschrijving_datum=D(2019, 8, 15), huisvesting_datum=D(2019, 8, 15))  # fmt: skip
    a1 = sh(gem["Aalten"], ca, D(2021, 3, 1), "voldaan", geboortedatum=D(2000, 2, 2), huisvesting_datum=D(2019, 7, 15),
            brp_inschrijving_datum=D(2019, 7, 15), intake_start_datum=D(2019, 7, 25), pip_dagtekening=D(2019, 9, 2),
            termijn_einde=D(2022, 9, 3))  # fmt: skip
    Statushouder.objects.update(aangemaakt_op=dt.datetime(2018, 3, 2, 12, tzinfo=dt.UTC))

    vastgestelde_versie(w1, aanbieder=toptaal, dagtekening=D(2018, 7, 2), duaal=True)
    vastgestelde_versie(w2, leerroute="z", aanbieder=interbeek, dagtekening=D(2018, 7, 2))
    vastgestelde_versie(a2, leerroute="z", aanbieder=interbeek, dagtekening=D(2019, 9, 1),
                        reden="verhuizing")  # fmt: skip
    vastgestelde_versie(a1, leerroute="onderwijs", aanbieder=toptaal, dagtekening=D(2019, 9, 2))

    for s, org, route, start, einde in [
        (w1, toptaal, "b1", D(2018, 8, 1), D(2021, 2, 1)),
        (w2, interbeek, "z", D(2018, 8, 1), D(2019, 8, 15)),
        (a2, interbeek, "z", D(2019, 8, 20), D(2021, 1, 10)),
        (a1, toptaal, "onderwijs", D(2019, 9, 10), D(2021, 3, 1)),
    ]:
        ins = InschrijvingFactory(statushouder=s, organisatie=org, leerroute=Leerroute.objects.get(code=route),
                                  status="afgerond", startdatum=start, einddatum=einde)  # fmt: skip
        for week in range(0, 60, 3):
            datum = start + dt.timedelta(weeks=week)
            if datum <= einde:
                status = "ongeoorloofd_afwezig" if week % 9 == 0 else "aanwezig"
                AanwezigheidFactory(
                    inschrijving=ins, datum=datum, status=status, opmerking=f"les {week} van {s.voornamen}"
                )
        ExamenresultaatFactory(inschrijving=ins, onderdeel=onderdeel["knm"], datum=D(2019, 8, 5), behaald=s is not w2)
        ExamenresultaatFactory(inschrijving=ins, onderdeel=onderdeel["lezen"], datum=D(2020, 3, 5))
        VoortgangsgesprekFactory(statushouder=s, gepland_op=D(2019, 8, 1), gehouden_op=D(2019, 8, 1), consultant=cw,
                                 verslag=f"Gesprek met {s.voornamen}")  # fmt: skip
    VoortgangsgesprekFactory(statushouder=a1, gepland_op=D(2020, 11, 15), gehouden_op=D(2020, 11, 15), consultant=ca)
    ParticipatieFactory(statushouder=w1, soort="betaald_werk", startdatum=D(2019, 1, 1), sector="Zorg")
    ParticipatieFactory(statushouder=a1, soort="onderwijs", startdatum=D(2019, 9, 1), sector="ROC")
    ParticipatieFactory(statushouder=a2, soort="vrijwilligerswerk", startdatum=D(2019, 9, 1), einddatum=D(2020, 6, 1))
    return [w1, w2, a2, a1]


def figuren(rapport: dict, code: str) -> list:
    ind = next(i for i in rapport["indicatoren"] if i["code"] == code)
    return [m["waarde"] for m in ind["metingen"] if m["waarde"]]


@pytest.mark.parametrize("periode", [Periode.kwartaal(2019, 3), Periode.jaar(2020)], ids=["2019-K3", "2020"])
def test_rapporten_over_oude_perioden_blijven_gelijk(achterhoek, oude_dossiers, periode):
    gemeenten = [g.pk for g in achterhoek.gemeenten.values()]
    ervoor = bereken_rapport(gemeenten, periode, met_trend=False)

    telling = bewaartermijn.anonimiseer_verlopen(TODAY)

    assert telling["cases.Statushouder"] == 4 and telling["leerroutes.Aanwezigheid"] > 0
    assert not Statushouder.objects.filter(geanonimiseerd_op=None).exists()
    assert bereken_rapport(gemeenten, periode, met_trend=False) == ervoor
    # Not trivially equal: attendance, exams, caseload, participation and a lead time have figures.
    for code in ("I6", "I7", "I8", "I9", "I10", "I12", "I13"):
        assert any(w > 0 for w in figuren(ervoor, code)), code
    if periode.soort == "kwartaal":
        assert figuren(ervoor, "I1") and figuren(ervoor, "I2") and figuren(ervoor, "I3")
