"""Our meldingen to DUO (duo.meldingen), written by the services in the transaction of the change and sent by the
outbox to the running simulator over mutual TLS: PIP, Inburgeringsaanbod, Contactpersoon, MAP / PVT / Z-route and the
Gevolgde uren of a month. Every request the simulator receives is checked against DUO's specs (duo_contract_schoon)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import BredeIntake, Doel
from cases.services import routeafronding
from cases.services.toewijzing import wijs_toe
from duo import meldingen, outbox
from duo.models import Contactpersoon, Melding, Voorstel
from inburgering.accounts import roles
from leerroutes.models import Aanwezigheid, Inschrijving, Leerroute
from leerroutes.services import beeindig_inschrijving, schrijf_in
from tests.conftest import TODAY
from tests.factories import AanwezigheidFactory, InschrijvingFactory, StatushouderFactory

pytestmark = pytest.mark.django_db

D = dt.timedelta
DAGTEKENING = TODAY - D(days=60)
REGISTRATIE = {
    "voornamen": "Semhar",
    "achternaam": "Tesfamariam",
    "geboortedatum": dt.date(1995, 4, 2),
    "geslacht": "v",
    "nationaliteit": "ERI",
    "talen": ["ti"],
    "verblijfsvergunning_datum": TODAY - D(days=180),
    "koppeling_datum": TODAY - D(days=170),
    "kennisgeving_datum": TODAY - D(days=165),
    "brp_inschrijving_datum": TODAY - D(days=120),
    "huisvesting_datum": TODAY - D(days=120),
}
TOPTAAL = "1000000101"  # TopTaal's instellingsnummer in the simulator's list


@pytest.fixture
def duo(duo_simulator, vandaag, achterhoek):
    return duo_simulator


@pytest.fixture
def zaak(duo, winterswijk, consultant, achterhoek):
    """A case in Winterswijk of a person DUO knows (since before the COA's koppeling), with its PIP in concept for
    `route` at TopTaal: ready for the vaststelling."""

    def maak(route="b1", doelgroep="asiel", aanbieder="TopTaal", **registratie):
        bsn = StatushouderFactory.build().bsn
        duo.nieuwe_inburgeringsplichtige(winterswijk.oin, bsn=bsn, begindatum=TODAY - D(days=175), notificeer=False)
        sh = services.registreer_statushouder(
            actor=consultant,
            gemeente=winterswijk,
            consultant=consultant,
            datum=TODAY - D(days=160),
            bsn=bsn,
            doelgroep=doelgroep,
            **{**REGISTRATIE, **registratie},
        )
        services.start_intake(actor=consultant, statushouder=sh, datum=TODAY - D(days=100))
        leerroute = Leerroute.objects.get(code=route)
        BredeIntake.objects.filter(statushouder=sh).update(
            leerbaarheidstoets_uitkomst="hoog", route_advies=leerroute, gekozen_route=leerroute
        )
        versie = services.rond_intake_af(actor=consultant, statushouder=sh, datum=TODAY - D(days=80))
        versie.taalaanbieder = achterhoek.aanbieders[aanbieder]
        versie.save()
        Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Taalniveau halen")
        return sh

    return maak


@pytest.fixture
def vastgesteld(zaak, consultant):
    """A case whose PIP is vastgesteld on DAGTEKENING and delivered to DUO."""

    def maak(**kwargs):
        sh = zaak(**kwargs)
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=DAGTEKENING)
        assert outbox.verstuur(Melding.objects.get(statushouder=sh).pk) == "bevestigd"
        return sh

    return maak


@pytest.fixture
def toptaal_bij_duo(duo, achterhoek):
    """DUO's list of instellingen is fetched: TopTaal is linked by its keurmerk's Blik op Werk number."""
    from duo import instellingen

    assert instellingen.haal_op() == len(duo.instellingen)


def ontvangen(duo, operatie):
    return [v for v in duo.ontvangen if v.operatie == operatie]


# --- PIP --------------------------------------------------------------------------------------------------------


def test_the_vaststelling_writes_a_pip_melding_that_arrives_spec_valid(
    zaak, consultant, duo, django_capture_on_commit_callbacks
):
    sh = zaak()
    with django_capture_on_commit_callbacks() as na_commit:
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=DAGTEKENING)
    melding = Melding.objects.get(statushouder=sh)
    assert len(na_commit) == 1  # queued once the vaststelling commits
    assert (melding.api, melding.operatie, melding.methode, melding.status) == (
        "pip",
        "postPipByBsn",
        "POST",
        "wachtend",
    )
    assert melding.pad == "/personen/{bsn}/PIP" and sh.bsn not in melding.pad
    assert melding.inhoud == {"dagtekeningPip": DAGTEKENING.isoformat(), "leerroute": "B", "niveau": "B1"}
    assert melding.omschrijving == f"PIP versie 1 vastgesteld (eerste plan), dagtekening {DAGTEKENING:%d-%m-%Y}"

    assert outbox.verstuur(melding.pk) == Melding.Status.BEVESTIGD

    melding.refresh_from_db()
    assert (melding.http_status, melding.pogingen) == (201, 1) and melding.beantwoord_op is not None
    [verzoek] = ontvangen(duo, "postPipByBsn")
    assert verzoek.status == 201 and verzoek.headers["berichtId"] == str(melding.bericht_id)
    assert verzoek.headers["bron"] == sh.gemeente.oin and verzoek.inhoud == melding.inhoud
    assert duo.personen[sh.bsn].pip == melding.inhoud and duo.personen[sh.bsn].pip_gemeentecode == "0294"


def test_every_new_version_is_sent_again(vastgesteld, consultant, duo):
    sh = vastgesteld()
    services.nieuwe_pip_versie(actor=consultant, statushouder=sh, reden="overig", toelichting="Andere doelen")
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=TODAY)

    assert outbox.verstuur_wachtende() == 1
    assert Melding.objects.filter(statushouder=sh, status="bevestigd").count() == 2
    assert [p["pip"]["dagtekeningPip"] for p in duo.personen[sh.bsn].pip_historie] == [
        DAGTEKENING.isoformat(),
        TODAY.isoformat(),
    ]


def test_z_route_pip_has_no_niveau_and_the_enrolments_alfabetisering(vastgesteld, consultant, duo, achterhoek):
    sh = vastgesteld(route="z")
    assert duo.personen[sh.bsn].pip == {"dagtekeningPip": DAGTEKENING.isoformat(), "leerroute": "Z"}
    InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="z"),
        alfabetisering="A",
    )  # fmt: skip
    services.nieuwe_pip_versie(actor=consultant, statushouder=sh, reden="overig", toelichting="Alfabetisering")
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=TODAY)
    outbox.verstuur_wachtende()
    assert duo.personen[sh.bsn].pip["indicatorAlfabetiseringsonderwijs"] == "A"


def test_nothing_is_written_for_a_gemeente_without_oin_or_a_wi2013_case(zaak, consultant, winterswijk):
    oud = zaak(oude_wet=True)
    services.stel_pip_vast(actor=consultant, statushouder=oud, dagtekening=DAGTEKENING)
    sh = zaak()
    winterswijk.oin = None
    winterswijk.save()
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=DAGTEKENING)
    assert not Melding.objects.exists()


def test_a_broker_that_is_down_does_not_fail_the_vaststelling(
    zaak, consultant, monkeypatch, django_capture_on_commit_callbacks
):
    from duo import tasks

    gevraagd = []

    def onbereikbaar(melding_id):
        gevraagd.append(melding_id)
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.verstuur_melding, "delay", onbereikbaar)
    sh = zaak()
    with django_capture_on_commit_callbacks(execute=True):
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=DAGTEKENING)
    melding = Melding.objects.get(statushouder=sh)
    assert gevraagd == [melding.pk] and melding.status == "wachtend"  # the beat task sends it
    assert sh.pips.get().versies.get().status == "vastgesteld"


# --- Inburgeringsaanbod ---------------------------------------------------------------------------------------------


def test_an_enrolment_is_an_inburgeringsaanbod_and_again_when_its_dates_change(
    vastgesteld, consultant, duo, toptaal_bij_duo, achterhoek
):
    sh = vastgesteld()
    inschrijving = schrijf_in(
        actor=consultant, statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], startdatum=TODAY + D(days=14)
    )
    melding = Melding.objects.get(statushouder=sh, api="inburgeringsaanbod")
    assert melding.pad == f"/personen/{{bsn}}/Inburgeringsaanbod/{TOPTAAL}"
    verwacht = {
        "indicatorAlfabetiseringsonderwijs": "NVT",
        "datumInburgeringsaanbod": TODAY.isoformat(),
        "verwachteStartdatumOpleiding": (TODAY + D(days=14)).isoformat(),
    }
    assert melding.inhoud == verwacht
    assert outbox.verstuur_wachtende() == 1
    assert duo.personen[sh.bsn].aanbod == {TOPTAAL: verwacht}

    beeindig_inschrijving(actor=consultant, inschrijving=inschrijving, einddatum=TODAY, reden="Verhuist")

    assert outbox.verstuur_wachtende() == 1
    assert duo.personen[sh.bsn].aanbod[TOPTAAL] == {  # DUO overwrites the aanbod of the instelling
        "indicatorAlfabetiseringsonderwijs": "NVT",
        "datumInburgeringsaanbod": TODAY.isoformat(),
        "verwachteStartdatumOpleiding": TODAY.isoformat(),
        "verwachteEinddatumOpleiding": TODAY.isoformat(),
    }


def test_an_instelling_duo_does_not_know_asks_the_consultant_to_check(vastgesteld, consultant, achterhoek):
    sh = vastgesteld()
    schrijf_in(actor=consultant, statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], startdatum=TODAY)
    assert not Melding.objects.filter(api="inburgeringsaanbod").exists()
    voorstel = Voorstel.objects.get(statushouder=sh, soort="controleren")
    assert voorstel.toelichting.startswith("TopTaal staat niet in DUO's lijst van instellingen")
    schrijf_in(actor=consultant, statushouder=sh, organisatie=achterhoek.aanbieders["Interbeek"], startdatum=TODAY)
    assert Voorstel.objects.filter(statushouder=sh).count() == 2  # one per provider, not repeated while open


def test_no_inburgeringsaanbod_for_a_gezinsmigrant(vastgesteld, consultant, toptaal_bij_duo, achterhoek):
    sh = vastgesteld(doelgroep="gezinsmigrant")
    schrijf_in(actor=consultant, statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], startdatum=TODAY)
    assert not Melding.objects.filter(api="inburgeringsaanbod").exists() and not Voorstel.objects.exists()


def test_an_enrolment_before_the_pips_dagtekening_is_refused(vastgesteld, consultant, achterhoek):
    sh = vastgesteld()
    with pytest.raises(ValidationError) as exc:
        schrijf_in(
            actor=consultant,
            statushouder=sh,
            organisatie=achterhoek.aanbieders["TopTaal"],
            startdatum=DAGTEKENING - D(1),
        )
    assert exc.value.message_dict == {
        "startdatum": [f"De start ligt vóór de dagtekening van het PIP ({DAGTEKENING:%d-%m-%Y})."]
    }


# --- Contactpersoon ---------------------------------------------------------------------------------------------


@pytest.fixture
def anna(make_user, winterswijk):
    return make_user(
        roles.CONSULTANT, gemeente=winterswijk, first_name="Anna", last_name="de Vries", email="a.devries@example.nl"
    )


def test_an_assignment_registers_the_consultant_at_duo_and_links_him(vastgesteld, teamleider, anna, duo, winterswijk):
    eerste, tweede = vastgesteld(), vastgesteld()
    wijs_toe(actor=teamleider, statushouder=eerste, consultant=anna)
    melding = Melding.objects.get(statushouder=eerste, api="contactpersoon")
    assert (melding.pad, melding.inhoud) == ("/contactpersonen/{id}/personen/{bsn}", None)
    assert melding.omschrijving == "Contactpersoon bij DUO: Anna de Vries"

    assert outbox.verstuur(melding.pk) == "bevestigd"

    bij_duo = Contactpersoon.objects.get(gebruiker=anna, gemeente=winterswijk)
    gegevens = {"naam": "Anna de Vries", "email": "a.devries@example.nl", "telefoonnummer": "14 0543"}
    assert bij_duo.gegevens == gegevens and duo.contactpersonen == {bij_duo.duo_id: gegevens}
    assert duo.personen[eerste.bsn].contactpersoon_id == bij_duo.duo_id

    wijs_toe(actor=teamleider, statushouder=tweede, consultant=anna)
    assert outbox.verstuur_wachtende() == 1
    assert len(ontvangen(duo, "createContactpersoon")) == 1  # registered once, linked twice
    assert duo.personen[tweede.bsn].contactpersoon_id == bij_duo.duo_id

    anna.email = "anna.devries@example.nl"
    anna.save()
    wijs_toe(actor=teamleider, statushouder=tweede, consultant=anna)  # already hers: nothing
    meldingen.meld_opnieuw(actor=teamleider, statushouder=tweede, onderdeel="contactpersoon")
    assert outbox.verstuur_wachtende() == 1
    assert duo.contactpersonen[bij_duo.duo_id]["email"] == "anna.devries@example.nl"  # updated at DUO


def test_without_the_data_duo_requires_the_consultant_is_asked_to_complete_them(
    vastgesteld, teamleider, make_user, winterswijk
):
    sh = vastgesteld()
    winterswijk.telefoon = ""
    winterswijk.save()
    bram = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Bram", last_name="Jansen")
    wijs_toe(actor=teamleider, statushouder=sh, consultant=bram)
    assert not Melding.objects.filter(api="contactpersoon").exists()
    assert Voorstel.objects.get(statushouder=sh).toelichting == (
        "Bram Jansen is niet als contactpersoon aan DUO gemeld: het e-mailadres van de consulent, het telefoonnummer "
        "van de gemeente (partnerbeheer) ontbreekt."
    )


# --- MAP, PVT, Z-route ----------------------------------------------------------------------------------------------


def test_map_pvt_and_the_z_route_are_reported_as_recorded(vastgesteld, consultant, duo):
    sh = vastgesteld(route="z")
    duo.start_termijn(sh.bsn, notificeer=False)
    routeafronding.leg_map_vast(actor=consultant, statushouder=sh, themas=["netwerk"], eindgesprek_op=TODAY - D(9))
    routeafronding.leg_map_vast(actor=consultant, statushouder=sh, themas=["werkcultuur"], eindgesprek_op=TODAY - D(9))
    routeafronding.leg_pvt_vast(actor=consultant, statushouder=sh, uren=12, ondertekend_op=TODAY - D(5))
    routeafronding.leg_zroute_eindgesprek_vast(actor=consultant, statushouder=sh, eindgesprek_op=TODAY - D(1))
    assert list(Melding.objects.filter(api="map_pvt_zroute").values_list("operatie", "inhoud")) == [
        ("updateMapByBsn", {"datumEindgesprekMap": (TODAY - D(9)).isoformat()}),  # the themes alone: no melding
        ("updatePvtByBsn", {"datumOndertekeningPvt": (TODAY - D(5)).isoformat()}),
        ("updateZrouteByBsn", {"datumAfrondingZroute": (TODAY - D(1)).isoformat()}),
    ]

    assert outbox.verstuur_wachtende() == 3

    persoon = duo.personen[sh.bsn]
    assert persoon.map == {"datumEindgesprekMap": (TODAY - D(9)).isoformat()}
    assert persoon.pvt == {"datumOndertekeningPvt": (TODAY - D(5)).isoformat()}
    assert persoon.zroute == {"datumAfrondingZroute": (TODAY - D(1)).isoformat()}


def test_a_withdrawn_date_is_left_out_and_verwijtbaar_sent_as_ja_nee(vastgesteld, consultant, duo):
    sh = vastgesteld()
    routeafronding.leg_pvt_vast(actor=consultant, statushouder=sh, uren=12, ondertekend_op=TODAY - D(5))
    routeafronding.leg_pvt_vast(actor=consultant, statushouder=sh, uren=12, ondertekend_op=None)
    pvt = Melding.objects.filter(operatie="updatePvtByBsn").order_by("pk")
    assert [m.inhoud for m in pvt] == [{"datumOndertekeningPvt": (TODAY - D(5)).isoformat()}, {}]
    assert pvt.last().omschrijving == "Datum ondertekening PVT ingetrokken"
    outbox.verstuur_wachtende()
    assert duo.personen[sh.bsn].pvt == {}
    assert meldingen.meld_routeafronding(sh, _afronding(TODAY, True), ["map_verwijtbaar"])[0].inhoud == {
        "datumEindgesprekMap": TODAY.isoformat(),
        "verwijtbaar": "Ja",
    }


def _afronding(datum, verwijtbaar):
    from leerroutes.models import Routeafronding

    return Routeafronding(map_eindgesprek_op=datum, map_verwijtbaar=verwijtbaar)


# --- Gevolgde uren --------------------------------------------------------------------------------------------------


def _lessen(sh, achterhoek, *datums_en_soorten):
    inschrijving = InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="z")
    )
    for datum, soort, minuten in datums_en_soorten:
        AanwezigheidFactory(inschrijving=inschrijving, datum=datum, soort=soort, geplande_minuten=minuten)
    return inschrijving


def test_gevolgde_uren_of_a_month_once_per_case_and_endpoint(vastgesteld, duo, winterswijk, achterhoek):
    sh = vastgesteld(route="z")
    les, participatie, praktijk = Aanwezigheid.Soort.LES, Aanwezigheid.Soort.PARTICIPATIE, Aanwezigheid.Soort.PRAKTIJK
    _lessen(
        sh,
        achterhoek,
        (dt.date(2026, 9, 30), les, 180),
        (dt.date(2026, 10, 6), les, 180),
        (dt.date(2026, 10, 31), les, 170),  # 530 minutes: 8 whole hours
        (dt.date(2026, 10, 8), participatie, 90),
        (dt.date(2026, 10, 9), praktijk, 600),  # MAP praktijkuren are no Gevolgde uren
        (dt.date(2026, 11, 2), les, 180),  # after the month
    )

    assert meldingen.meld_gevolgde_uren(winterswijk, 2026, 10) == 2
    assert meldingen.meld_gevolgde_uren(winterswijk, 2026, 10) == 0  # a second run of the month writes nothing
    assert sorted(Melding.objects.filter(api="gevolgde_uren").values_list("operatie", "pad", "inhoud")) == [
        ("updateUrenParticipatieAlsTaallesByBsn", "/personen/{bsn}/uren/participatietaalles", {"uren": 8}),
        ("updateUrenParticipatieactiviteiten", "/personen/{bsn}/uren/participatieactiviteiten", {"uren": 1}),
    ]
    assert outbox.verstuur_wachtende() == 2
    assert duo.personen[sh.bsn].uren == {
        "ParticipatieAlsTaalles": {"0294": 8},
        "ParticipatieactiviteitenBredeIntake": {"0294": 1},
    }
    # November (the beat task on 1 December): only the lessons' total changed
    assert meldingen.meld_gevolgde_uren(winterswijk, 2026, 11) == 1
    assert Melding.objects.filter(api="gevolgde_uren").latest("pk").inhoud == {"uren": 11}


def test_the_beat_task_reports_the_previous_month_of_every_gemeente(vastgesteld, duo, achterhoek):
    sh = vastgesteld(route="z")
    _lessen(sh, achterhoek, (dt.date(2026, 10, 6), Aanwezigheid.Soort.LES, 120))
    assert meldingen.meld_gevolgde_uren_vorige_maand() == 1
    assert meldingen.meld_gevolgde_uren_vorige_maand() == 0
    assert Melding.objects.get(api="gevolgde_uren").omschrijving == (
        "Gevolgde uren taalles Nederlands en KNM tot en met 31-10-2026: 2"
    )


def test_gevolgde_uren_cost_the_same_queries_for_one_case_or_many(vastgesteld, winterswijk, achterhoek):
    tellingen = []
    for maand, aantal in ((9, 1), (10, 4)):
        for _ in range(aantal):
            _lessen(vastgesteld(route="z"), achterhoek, (dt.date(2026, maand, 6), Aanwezigheid.Soort.LES, 120))
        with CaptureQueriesContext(connection) as queries:
            assert meldingen.meld_gevolgde_uren(winterswijk, 2026, maand) == aantal
        tellingen.append(len(queries))
    assert tellingen[0] == tellingen[1]


# --- meld_opnieuw ----------------------------------------------------------------------------------------------------


def test_meld_opnieuw_sends_our_current_data_again(vastgesteld, consultant, duo, toptaal_bij_duo, achterhoek):
    sh = vastgesteld()
    [pip] = meldingen.meld_opnieuw(actor=consultant, statushouder=sh, onderdeel="pip")
    assert pip.inhoud == duo.personen[sh.bsn].pip and pip.pk != Melding.objects.earliest("pk").pk
    with pytest.raises(ValidationError, match="Er is niets om opnieuw aan DUO te melden"):
        meldingen.meld_opnieuw(actor=consultant, statushouder=sh, onderdeel="map")
    schrijf_in(actor=consultant, statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], startdatum=TODAY)
    [aanbod] = meldingen.meld_opnieuw(actor=consultant, statushouder=sh, onderdeel="inburgeringsaanbod")
    assert aanbod.inhoud["verwachteStartdatumOpleiding"] == TODAY.isoformat()
    assert outbox.verstuur_wachtende() == 3
    assert Inschrijving.objects.get(statushouder=sh).status == "aangemeld"
    with pytest.raises(ValueError):
        meldingen.meld_opnieuw(actor=consultant, statushouder=sh, onderdeel="examen")
