"""The consultant's side of the enrolment life cycle (aanmelding bij de aanbieder): enrolling from the vastgestelde
PIP (issue 7, DOMAIN.md req. 9) — refused with a Dutch message, and nothing written, without a vastgesteld PIP, at a
provider that cannot teach the route, without a keurmerk valid on the start date, at an onderwijsroute institution
that is not an erkende taalschakelinstelling, without a contract covering the start date, on a full contract (the
teamleider may, with a reason), or with an open enrolment at the same provider; ending, withdrawing and moving."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import TijdlijnGebeurtenis
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Aanwezigheid, Inschrijving, Leerroute, Onderdeel
from leerroutes.services import beeindig_inschrijving, schrijf_in, verplaats_inschrijving
from partners.models import Arbeidsmarktregio, Contract, Keurmerk, Organisatie
from partners.services import create_gemeente
from tests.factories import AanwezigheidFactory, PipFactory, PipVersieFactory, StatushouderFactory

pytestmark = pytest.mark.django_db

START = dt.date(2027, 3, 1)
VANDAAG = dt.date(2027, 2, 1)  # the day of the aanmelding


def met_pip(sh, route="b1", aanbieder=None, dagtekening=dt.date(2026, 1, 5)):
    """A vastgestelde PIP version for the case."""
    PipVersieFactory(
        pip=PipFactory(statushouder=sh),
        leerroute=Leerroute.objects.get(code=route),
        taalaanbieder=aanbieder,
        dagtekening=dagtekening,
    )
    return sh


@pytest.fixture
def sh(winterswijk, consultant, achterhoek):
    sh = StatushouderFactory(
        gemeente=winterswijk, consultant=consultant, status="in_uitvoering", pip_dagtekening=dt.date(2026, 1, 5)
    )
    return met_pip(sh, aanbieder=achterhoek.aanbieders["TopTaal"])


def aanbieder(naam, regio, *, route="b1", keurmerk=(dt.date(2022, 1, 1), dt.date(2030, 1, 1)), capaciteit=10, **kw):
    """A provider with a keurmerk period (soort `kw["soort"]`, default Blik op Werk) and a 2027 contract."""
    org = Organisatie.objects.create(naam=naam, type=kw.get("type", Organisatie.Type.TAALAANBIEDER))
    if keurmerk:
        Keurmerk.objects.create(
            organisatie=org,
            soort=kw.get("soort", Keurmerk.Soort.BLIK_OP_WERK),
            geldig_van=keurmerk[0],
            geldig_tot=keurmerk[1],
        )
    Contract.objects.create(
        organisatie=org,
        leerroute=Leerroute.objects.get(code=route),
        arbeidsmarktregio=regio,
        startdatum=dt.date(2027, 1, 1),
        einddatum=dt.date(2027, 12, 31),
        capaciteit=capaciteit,
        tarief=Decimal(1),
    )
    return org


@pytest.fixture
def taalpunt(achterhoek):
    """A taalaanbieder with a keurmerk until long after START and a B1 contract for 2027 in the Achterhoek."""
    return aanbieder("Taalpunt", achterhoek.regio)


def b1():
    return Leerroute.objects.get(code="b1")


def inschrijven(actor, sh, org, **kw):
    return schrijf_in(actor=actor, statushouder=sh, organisatie=org, startdatum=START, vandaag=VANDAAG, **kw)


def fout(exc, veld="organisatie") -> list[str]:
    return exc.value.message_dict[veld]


def geschreven():
    return (Inschrijving.objects.count(), TijdlijnGebeurtenis.objects.count(), AuditEvent.objects.count())


def geweigerd(actor, sh, org, veld="organisatie", **kw) -> list[str]:
    """The refusal's messages; asserts nothing was written."""
    voor = geschreven()
    with pytest.raises(ValidationError) as exc:
        inschrijven(actor, sh, org, **kw)
    assert geschreven() == voor
    return exc.value.message_dict.get(veld) if hasattr(exc.value, "error_dict") else exc.value.messages


# --- enrolling ------------------------------------------------------------------------------------------------


def test_enrolment_is_aangemeld_with_the_planned_start_and_the_routes_onderdelen(consultant, sh, taalpunt):
    inschrijving = inschrijven(consultant, sh, taalpunt)
    assert inschrijving.status == Inschrijving.Status.AANGEMELD
    assert (inschrijving.aangemeld_op, inschrijving.geplande_startdatum, inschrijving.startdatum) == (
        VANDAAG,
        START,
        START,
    )
    assert inschrijving.leerroute == b1()  # the route of the vastgestelde PIP
    assert inschrijving.contract == Contract.objects.get(organisatie=taalpunt)
    assert set(inschrijving.onderdelen.values_list("code", flat=True)) == {
        "lezen",
        "luisteren",
        "spreken",
        "schrijven",
        "knm",
        "map",
        "pvt",
    }
    event = AuditEvent.objects.get(object_type="leerroutes.inschrijving")
    assert event.handeling == Handeling.CREATE and event.statushouder_id == sh.uuid
    regel = TijdlijnGebeurtenis.objects.get(statushouder=sh, soort="inschrijving:aangemeld")
    assert regel.omschrijving == "Aangemeld bij Taalpunt voor de B1-route, geplande start 01-03-2027"


def test_chosen_onderdelen_must_belong_to_the_route(consultant, sh, taalpunt):
    knm_map = list(Onderdeel.objects.filter(code__in=["knm", "map"]))
    assert set(inschrijven(consultant, sh, taalpunt, onderdelen=knm_map).onderdelen.all()) == set(knm_map)
    Inschrijving.objects.all().delete()
    taalschakel = Onderdeel.objects.filter(code="taalschakel")
    assert geweigerd(consultant, sh, taalpunt, "onderdelen", onderdelen=taalschakel) == [
        "Taalschakeltraject hoort niet bij de B1-route."
    ]
    assert geweigerd(consultant, sh, taalpunt, "onderdelen", onderdelen=[]) == ["Kies ten minste één onderdeel."]


def test_route_other_than_the_pips_is_refused(consultant, sh, taalpunt):
    assert geweigerd(consultant, sh, taalpunt, "leerroute", leerroute=Leerroute.objects.get(code="z")) == [
        "De leerroute van het vastgestelde PIP is de B1-route."
    ]


# --- the vastgestelde PIP ---------------------------------------------------------------------------------------


def test_no_vastgesteld_pip_is_refused(consultant, winterswijk, taalpunt):
    concept = StatushouderFactory(gemeente=winterswijk, consultant=consultant, status="pip_concept")
    assert geweigerd(consultant, concept, taalpunt, None) == [
        "Inschrijven kan pas als het PIP is vastgesteld: er is nog geen vastgesteld PIP."
    ]


@pytest.mark.parametrize(
    ("velden", "melding"),
    [
        (
            {"status": "opgeschort", "opschort_reden": "ziekte", "status_voor_opschorting": "in_uitvoering"},
            "Het dossier is opgeschort: hervat het dossier voordat u inschrijft.",
        ),
        (
            {"status": "afgerond", "eindreden": "voldaan", "einddatum": dt.date(2026, 12, 1)},
            "Inschrijven kan alleen zolang het PIP wordt uitgevoerd.",
        ),
    ],
)
def test_a_suspended_or_ended_case_takes_no_aanmelding(consultant, sh, taalpunt, velden, melding):
    for veld, waarde in velden.items():
        setattr(sh, veld, waarde)
    sh.save()
    assert geweigerd(consultant, sh, taalpunt, None) == [melding]


# --- keurmerk on the start date -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("geldig_tot", "toegestaan"),
    [(START - dt.timedelta(days=1), False), (START, True), (START + dt.timedelta(days=1), True)],
)
def test_keurmerk_ending_around_the_start_date(consultant, sh, taalpunt, geldig_tot, toegestaan):
    Keurmerk.objects.filter(organisatie=taalpunt).update(geldig_tot=geldig_tot)
    if toegestaan:
        assert inschrijven(consultant, sh, taalpunt)
    else:
        assert geweigerd(consultant, sh, taalpunt) == [
            "Taalpunt heeft op 01-03-2027 geen geldig Blik op Werk keurmerk."
        ]


@pytest.mark.parametrize(("geldig_van", "toegestaan"), [(START, True), (START + dt.timedelta(days=1), False)])
def test_keurmerk_starting_around_the_start_date(consultant, sh, taalpunt, geldig_van, toegestaan):
    Keurmerk.objects.filter(organisatie=taalpunt).update(geldig_van=geldig_van)
    if toegestaan:
        assert inschrijven(consultant, sh, taalpunt)
    else:
        assert geweigerd(consultant, sh, taalpunt) == [
            "Taalpunt heeft op 01-03-2027 geen geldig Blik op Werk keurmerk."
        ]


def test_keurmerk_valid_now_but_not_on_the_start_date(consultant, sh, taalpunt):
    """Valid on the day of the aanmelding, ended before the planned start: the start date is what counts."""
    Keurmerk.objects.filter(organisatie=taalpunt).update(geldig_tot=VANDAAG)
    assert geweigerd(consultant, sh, taalpunt) == ["Taalpunt heeft op 01-03-2027 geen geldig Blik op Werk keurmerk."]


def test_no_keurmerk_at_all(consultant, sh, taalpunt):
    Keurmerk.objects.filter(organisatie=taalpunt).delete()
    assert geweigerd(consultant, sh, taalpunt) == ["Taalpunt heeft op 01-03-2027 geen geldig Blik op Werk keurmerk."]


def test_a_taalschakel_recognition_is_no_blik_op_werk_keurmerk(consultant, sh, taalpunt):
    Keurmerk.objects.filter(organisatie=taalpunt).update(soort=Keurmerk.Soort.TAALSCHAKELINSTELLING)
    assert geweigerd(consultant, sh, taalpunt) == ["Taalpunt heeft op 01-03-2027 geen geldig Blik op Werk keurmerk."]


# --- onderwijsroute -----------------------------------------------------------------------------------------------


@pytest.fixture
def onderwijs_sh(winterswijk, consultant, achterhoek):
    sh = StatushouderFactory(
        gemeente=winterswijk, consultant=consultant, status="in_uitvoering", pip_dagtekening=dt.date(2026, 1, 5)
    )
    return met_pip(sh, route="onderwijs", aanbieder=achterhoek.aanbieders["HAN"])


def test_onderwijsroute_needs_an_erkende_taalschakelinstelling_not_a_keurmerk(consultant, onderwijs_sh, achterhoek):
    tst = (dt.date(2022, 1, 1), dt.date(2030, 1, 1))
    erkend = aanbieder(
        "Saxion",
        achterhoek.regio,
        route="onderwijs",
        type=Organisatie.Type.ONDERWIJS,
        keurmerk=tst,
        soort="taalschakelinstelling",
    )
    inschrijving = inschrijven(consultant, onderwijs_sh, erkend)
    assert inschrijving.leerroute.code == "onderwijs"
    assert set(inschrijving.onderdelen.values_list("code", flat=True)) == {
        "lezen",
        "luisteren",
        "spreken",
        "schrijven",
        "knm",
        "pvt",
        "taalschakel",
    }
    niet_erkend = aanbieder("Volksuniversiteit", achterhoek.regio, route="onderwijs", type=Organisatie.Type.ONDERWIJS)
    assert geweigerd(consultant, onderwijs_sh, niet_erkend) == [
        "Volksuniversiteit is op 01-03-2027 geen erkende taalschakelinstelling: de onderwijsroute kan daar niet."
    ]


def test_taalschakel_recognition_ending_the_day_before_the_start(consultant, onderwijs_sh, achterhoek):
    han = achterhoek.aanbieders["HAN"]
    Keurmerk.objects.filter(organisatie=han, soort="taalschakelinstelling").update(
        geldig_tot=START - dt.timedelta(days=1)
    )
    assert geweigerd(consultant, onderwijs_sh, han) == [
        "HAN is op 01-03-2027 geen erkende taalschakelinstelling: de onderwijsroute kan daar niet."
    ]
    Keurmerk.objects.filter(organisatie=han, soort="taalschakelinstelling").update(geldig_tot=START)
    assert inschrijven(consultant, onderwijs_sh, han).contract.organisatie == han


def test_onderwijsroute_needs_a_contract(consultant, onderwijs_sh, achterhoek):
    han = achterhoek.aanbieders["HAN"]
    Contract.objects.filter(organisatie=han).update(einddatum=START - dt.timedelta(days=1))
    assert geweigerd(consultant, onderwijs_sh, han) == [
        "HAN heeft op 01-03-2027 geen contract voor de Onderwijsroute in de arbeidsmarktregio Achterhoek."
    ]


# --- contract and capacity ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("einde", "toegestaan"),
    [(START - dt.timedelta(days=1), False), (START, True), (START + dt.timedelta(days=1), True)],
)
def test_contract_ending_around_the_start_date(consultant, sh, taalpunt, einde, toegestaan):
    Contract.objects.filter(organisatie=taalpunt).update(einddatum=einde)
    if toegestaan:
        assert inschrijven(consultant, sh, taalpunt)
    else:
        assert geweigerd(consultant, sh, taalpunt) == [
            "Taalpunt heeft op 01-03-2027 geen contract voor de B1-route in de arbeidsmarktregio Achterhoek."
        ]


@pytest.mark.parametrize(
    ("begin", "toegestaan"),
    [(START - dt.timedelta(days=1), True), (START, True), (START + dt.timedelta(days=1), False)],
)
def test_contract_starting_around_the_start_date(consultant, sh, taalpunt, begin, toegestaan):
    Contract.objects.filter(organisatie=taalpunt).update(startdatum=begin)
    if toegestaan:
        assert inschrijven(consultant, sh, taalpunt)
    else:
        assert geweigerd(consultant, sh, taalpunt)


def test_contract_for_another_route_or_region_does_not_count(consultant, sh, taalpunt, achterhoek):
    twente = Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")
    Contract.objects.filter(organisatie=taalpunt).update(arbeidsmarktregio=twente)
    Contract.objects.create(
        organisatie=taalpunt,
        leerroute=Leerroute.objects.get(code="z"),
        arbeidsmarktregio=achterhoek.regio,
        startdatum=dt.date(2027, 1, 1),
        einddatum=dt.date(2027, 12, 31),
        capaciteit=10,
        tarief=Decimal(1),
    )
    assert "geen contract voor de B1-route in de arbeidsmarktregio Achterhoek" in geweigerd(consultant, sh, taalpunt)[0]


def test_region_is_the_cases_gemeentes(make_user, taalpunt):
    """A case of a gemeente in another region cannot use the Achterhoek contract."""
    twente = Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")
    enschede = create_gemeente(naam="Enschede", cbs_code="GM0153", inwoners=160_000, arbeidsmarktregio=twente)
    consultant = make_user(roles.CONSULTANT, gemeente=enschede)
    sh = StatushouderFactory(
        gemeente=enschede, consultant=consultant, status="in_uitvoering", pip_dagtekening=dt.date(2026, 1, 5)
    )
    met_pip(sh, aanbieder=taalpunt)
    assert geweigerd(consultant, sh, taalpunt) == [
        "Taalpunt heeft op 01-03-2027 geen contract voor de B1-route in de arbeidsmarktregio Twente."
    ]


def vul_contract(org, aantal, winterswijk, consultant):
    """`aantal` enrolments of other cases on org's contract (any status takes a place)."""
    contract = Contract.objects.get(organisatie=org)
    for status in (["afgebroken"] + ["actief"] * aantal)[:aantal]:
        ander = StatushouderFactory(gemeente=winterswijk, consultant=consultant, status="intake")
        Inschrijving.objects.create(
            statushouder=ander,
            organisatie=org,
            leerroute=b1(),
            contract=contract,
            status=status,
            startdatum=dt.date(2027, 1, 4),
            einddatum=dt.date(2027, 1, 20) if status == "afgebroken" else None,
        )


VOL = "Het contract van Klein Taalhuis voor de B1-route is vol: 2 van 2 trajecten gebruikt."


@pytest.fixture
def klein(achterhoek):
    return aanbieder("Klein Taalhuis", achterhoek.regio, capaciteit=2)


def test_one_place_left_is_enough(consultant, sh, klein, winterswijk):
    vul_contract(klein, 1, winterswijk, consultant)
    inschrijving = inschrijven(consultant, sh, klein)
    assert inschrijving.capaciteit_overschreden_reden == ""


def test_full_contract_refuses_the_consultant_even_with_a_reason(consultant, sh, klein, winterswijk):
    vul_contract(klein, 2, winterswijk, consultant)
    melding = [f"{VOL} Alleen de teamleider kan boven de capaciteit inschrijven."]
    assert geweigerd(consultant, sh, klein) == melding
    assert geweigerd(consultant, sh, klein, capaciteit_overschreden_reden="Urgent, wachtlijst elders") == melding


def test_teamleider_overrides_a_full_contract_with_a_reason(teamleider, consultant, sh, klein, winterswijk):
    vul_contract(klein, 2, winterswijk, consultant)
    assert geweigerd(teamleider, sh, klein, "capaciteit_overschreden_reden", capaciteit_overschreden_reden="  ") == [
        f"{VOL} Geef de reden om toch in te schrijven."
    ]
    inschrijving = inschrijven(teamleider, sh, klein, capaciteit_overschreden_reden="Geen andere aanbieder in de buurt")
    assert inschrijving.capaciteit_overschreden_reden == "Geen andere aanbieder in de buurt"
    assert Contract.objects.get(organisatie=klein).inschrijvingen.count() == 3
    event = AuditEvent.objects.get(object_type="leerroutes.inschrijving", handeling=Handeling.CREATE)
    assert event.toelichting == "Capaciteit overschreden: Geen andere aanbieder in de buurt"
    assert "capaciteit_overschreden_reden" in event.velden
    regel = TijdlijnGebeurtenis.objects.get(statushouder=sh, soort="inschrijving:aangemeld")
    assert regel.omschrijving.endswith("(boven de contractcapaciteit: Geen andere aanbieder in de buurt)")


def test_a_reason_is_not_stored_when_there_is_room(teamleider, sh, klein):
    assert (
        inschrijven(
            teamleider, sh, klein, capaciteit_overschreden_reden="voor de zekerheid"
        ).capaciteit_overschreden_reden
        == ""
    )


# --- other rules --------------------------------------------------------------------------------------------------


def test_second_open_enrolment_at_the_same_provider_is_refused(consultant, sh, taalpunt):
    eerste = inschrijven(consultant, sh, taalpunt)
    melding = ["Er loopt al een inschrijving bij Taalpunt (aangemeld of actief): beëindig die eerst."]
    assert geweigerd(consultant, sh, taalpunt) == melding
    Inschrijving.objects.filter(pk=eerste.pk).update(status="actief")
    assert geweigerd(consultant, sh, taalpunt) == melding
    beeindig_inschrijving(actor=consultant, inschrijving=eerste, einddatum=START, reden="verhuisd", vandaag=START)
    assert inschrijven(consultant, sh, taalpunt)


def test_provider_type_must_fit_the_route(consultant, sh, achterhoek):
    assert geweigerd(consultant, sh, achterhoek.aanbieders["HAN"]) == [
        "De B1-route wordt gegeven door een taalaanbieder; HAN is dat niet."
    ]


def test_given_contract_must_match(consultant, sh, taalpunt, achterhoek):
    toptaal_b1 = Contract.objects.get(organisatie=achterhoek.aanbieders["TopTaal"], leerroute__code="b1")
    assert geweigerd(consultant, sh, taalpunt, "contract", contract=toptaal_b1) == [
        "Dit contract hoort niet bij deze aanbieder, route, regio en datum."
    ]
    eigen = Contract.objects.get(organisatie=taalpunt)
    assert inschrijven(consultant, sh, taalpunt, contract=eigen).contract == eigen


def test_other_gemeentes_consultant_may_not_enrol(make_user, aalten, sh, taalpunt):
    with pytest.raises(PermissionDenied):
        inschrijven(make_user(roles.CONSULTANT, gemeente=aalten), sh, taalpunt)


# --- ending, withdrawing and moving ---------------------------------------------------------------------------------


@pytest.fixture
def actief(consultant, sh, taalpunt):
    """An enrolment the provider accepted, with two lessons."""
    inschrijving = inschrijven(consultant, sh, taalpunt)
    Inschrijving.objects.filter(pk=inschrijving.pk).update(status="actief", startdatum=dt.date(2027, 3, 3))
    for datum in (dt.date(2027, 3, 3), dt.date(2027, 3, 10)):
        AanwezigheidFactory(inschrijving=inschrijving, datum=datum)
    inschrijving.refresh_from_db()
    return inschrijving


def test_end_an_active_enrolment_keeps_its_attendance(consultant, actief):
    einde = dt.date(2027, 4, 1)
    beeindig_inschrijving(actor=consultant, inschrijving=actief, einddatum=einde, reden="Werk gevonden", vandaag=einde)
    actief.refresh_from_db()
    assert (actief.status, actief.einddatum, actief.reden) == ("afgebroken", einde, "Werk gevonden")
    assert actief.contract is not None  # a started traject keeps its place of the contract
    assert actief.aanwezigheden.count() == 2
    regel = TijdlijnGebeurtenis.objects.get(soort="inschrijving:beeindigd")
    assert regel.omschrijving == "Inschrijving bij Taalpunt beëindigd: Werk gevonden" and regel.datum == einde
    assert AuditEvent.objects.filter(object_id=str(actief.uuid), handeling=Handeling.UPDATE).exists() or (
        AuditEvent.objects.filter(object_type="leerroutes.inschrijving", handeling=Handeling.UPDATE).count() == 1
    )


@pytest.mark.parametrize(
    ("wijziging", "veld", "melding"),
    [
        ({"reden": " "}, "reden", "Geef de reden."),
        ({"einddatum": dt.date(2027, 3, 2)}, "einddatum", "De einddatum ligt vóór de start (03-03-2027)."),
        ({"einddatum": dt.date(2027, 4, 2)}, "einddatum", "De einddatum ligt in de toekomst."),
    ],
)
def test_ending_is_refused_without_reason_or_with_a_wrong_date(consultant, actief, wijziging, veld, melding):
    args = {"einddatum": dt.date(2027, 4, 1), "reden": "Werk gevonden", **wijziging}
    with pytest.raises(ValidationError) as exc:
        beeindig_inschrijving(actor=consultant, inschrijving=actief, vandaag=dt.date(2027, 4, 1), **args)
    assert exc.value.message_dict[veld] == [melding]
    actief.refresh_from_db()
    assert actief.status == "actief"


def test_withdraw_an_aanmelding_gives_the_place_back(consultant, sh, taalpunt):
    inschrijving = inschrijven(consultant, sh, taalpunt)
    beeindig_inschrijving(
        actor=consultant, inschrijving=inschrijving, einddatum=VANDAAG, reden="Verkeerde aanbieder", vandaag=VANDAAG
    )
    inschrijving.refresh_from_db()
    assert (inschrijving.status, inschrijving.einddatum, inschrijving.startdatum) == ("afgebroken", VANDAAG, VANDAAG)
    assert inschrijving.geplande_startdatum == START and inschrijving.contract is None
    assert TijdlijnGebeurtenis.objects.get(soort="inschrijving:ingetrokken").omschrijving == (
        "Aanmelding bij Taalpunt ingetrokken: Verkeerde aanbieder"
    )
    with pytest.raises(ValidationError) as exc:
        beeindig_inschrijving(
            actor=consultant, inschrijving=inschrijving, einddatum=VANDAAG, reden="x", vandaag=VANDAAG
        )
    assert exc.value.message_dict["status"] == ["Deze inschrijving is al afgebroken."]


@pytest.fixture
def interbeek(achterhoek):
    return achterhoek.aanbieders["Interbeek"]


def test_move_ends_the_old_and_enrols_at_the_new_provider(consultant, actief, interbeek):
    einde, nieuw_start = dt.date(2027, 4, 1), dt.date(2027, 4, 15)
    nieuw = verplaats_inschrijving(
        actor=consultant,
        inschrijving=actief,
        organisatie=interbeek,
        startdatum=nieuw_start,
        einddatum=einde,
        vandaag=einde,
    )
    actief.refresh_from_db()
    assert (actief.status, actief.einddatum, actief.reden) == ("afgebroken", einde, "overstap naar Interbeek")
    assert actief.aanwezigheden.count() == 2  # the attendance stays with the enrolment it belongs to
    assert nieuw.vervangt == actief and nieuw.status == "aangemeld" and nieuw.organisatie == interbeek
    assert (nieuw.aangemeld_op, nieuw.geplande_startdatum) == (einde, nieuw_start)
    assert set(nieuw.onderdelen.all()) == set(actief.onderdelen.all())
    assert not nieuw.aanwezigheden.exists()
    assert Aanwezigheid.objects.filter(inschrijving=actief).count() == 2
    assert list(
        TijdlijnGebeurtenis.objects.filter(soort__startswith="inschrijving:")
        .values_list("soort", flat=True)
        .order_by("id")
    ) == [
        "inschrijving:aangemeld",
        "inschrijving:beeindigd",
        "inschrijving:aangemeld",
    ]


def test_move_refused_for_the_new_provider_leaves_the_old_untouched(consultant, actief, interbeek):
    Keurmerk.objects.filter(organisatie=interbeek).update(geldig_tot=dt.date(2027, 4, 14))
    voor = geschreven()
    with pytest.raises(ValidationError) as exc:
        verplaats_inschrijving(
            actor=consultant,
            inschrijving=actief,
            organisatie=interbeek,
            startdatum=dt.date(2027, 4, 15),
            einddatum=dt.date(2027, 4, 1),
            vandaag=dt.date(2027, 4, 1),
        )
    assert exc.value.message_dict["organisatie"] == ["Interbeek heeft op 15-04-2027 geen geldig Blik op Werk keurmerk."]
    assert geschreven() == voor
    actief.refresh_from_db()
    assert actief.status == "actief" and actief.einddatum is None


def test_move_to_the_same_provider_is_refused(consultant, actief, taalpunt):
    with pytest.raises(ValidationError) as exc:
        verplaats_inschrijving(
            actor=consultant,
            inschrijving=actief,
            organisatie=taalpunt,
            startdatum=dt.date(2027, 4, 15),
            vandaag=dt.date(2027, 4, 1),
        )
    assert exc.value.message_dict["organisatie"] == ["Kies een andere aanbieder dan Taalpunt."]


def test_move_keeps_the_chosen_onderdelen(consultant, sh, taalpunt, interbeek):
    knm_map = list(Onderdeel.objects.filter(code__in=["knm", "map"]))
    oud = inschrijven(consultant, sh, taalpunt, onderdelen=knm_map)
    nieuw = verplaats_inschrijving(
        actor=consultant, inschrijving=oud, organisatie=interbeek, startdatum=START, vandaag=VANDAAG
    )
    assert set(nieuw.onderdelen.all()) == set(knm_map)
    oud.refresh_from_db()
    # an aanmelding that had not started is withdrawn: its contract place is given back
    assert (oud.status, oud.reden, oud.contract) == ("afgebroken", "overstap naar Interbeek", None)
    assert nieuw.vervangt == oud
