"""Enrolment rules (issue 7, DOMAIN.md req. 9): a provider that cannot teach the route, a B1/Z provider without a
keurmerk valid on the start date, or no contract for the route in the case's arbeidsmarktregio covering the start
date — each refused with a Dutch message naming what is missing; the covering contract is linked."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Inschrijving, Leerroute
from leerroutes.services import schrijf_in
from partners.models import Arbeidsmarktregio, Contract, Organisatie
from partners.services import create_gemeente
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db

START = dt.date(2027, 3, 1)


@pytest.fixture
def sh(winterswijk, consultant):
    return StatushouderFactory(
        gemeente=winterswijk, consultant=consultant, status="in_uitvoering", pip_dagtekening=dt.date(2026, 1, 5)
    )


@pytest.fixture
def taalpunt(achterhoek):
    """A taalaanbieder with a keurmerk until long after START and a B1 contract for 2027 in the Achterhoek."""
    org = Organisatie.objects.create(
        naam="Taalpunt",
        type=Organisatie.Type.TAALAANBIEDER,
        keurmerk_blik_op_werk=True,
        keurmerk_geldig_tot=dt.date(2030, 1, 1),
    )
    Contract.objects.create(
        organisatie=org,
        leerroute=b1(),
        arbeidsmarktregio=achterhoek.regio,
        startdatum=dt.date(2027, 1, 1),
        einddatum=dt.date(2027, 12, 31),
        capaciteit=10,
        tarief=Decimal(1),
    )
    return org


def b1():
    return Leerroute.objects.get(code="b1")


def fout(exc) -> list[str]:
    return exc.value.message_dict["organisatie"]


def test_enrolment_links_the_covering_contract_and_is_logged(consultant, sh, taalpunt):
    inschrijving = schrijf_in(actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START)
    assert inschrijving.contract == Contract.objects.get(organisatie=taalpunt)
    event = AuditEvent.objects.get(object_type="leerroutes.inschrijving")
    assert event.handeling == Handeling.CREATE and event.statushouder_id == sh.uuid


@pytest.mark.parametrize(
    ("einde", "toegestaan"),
    [(START - dt.timedelta(days=1), False), (START, True), (START + dt.timedelta(days=1), True)],
)
def test_contract_ending_around_the_start_date(consultant, sh, taalpunt, einde, toegestaan):
    Contract.objects.filter(organisatie=taalpunt).update(einddatum=einde)
    if toegestaan:
        assert schrijf_in(actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START)
    else:
        with pytest.raises(ValidationError) as exc:
            schrijf_in(actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START)
        assert fout(exc) == [
            "Taalpunt heeft op 01-03-2027 geen contract voor de B1-route in de arbeidsmarktregio Achterhoek."
        ]
        assert not Inschrijving.objects.exists()


@pytest.mark.parametrize(
    ("begin", "toegestaan"),
    [(START - dt.timedelta(days=1), True), (START, True), (START + dt.timedelta(days=1), False)],
)
def test_contract_starting_around_the_start_date(consultant, sh, taalpunt, begin, toegestaan):
    Contract.objects.filter(organisatie=taalpunt).update(startdatum=begin)
    if toegestaan:
        assert schrijf_in(actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START)
    else:
        with pytest.raises(ValidationError):
            schrijf_in(actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START)


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
    with pytest.raises(ValidationError) as exc:
        schrijf_in(actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START)
    assert "geen contract voor de B1-route in de arbeidsmarktregio Achterhoek" in fout(exc)[0]


def test_region_is_the_cases_gemeentes(make_user, taalpunt):
    """A case of a gemeente in another region cannot use the Achterhoek contract."""
    twente = Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")
    enschede = create_gemeente(naam="Enschede", cbs_code="GM0153", inwoners=160_000, arbeidsmarktregio=twente)
    consultant = make_user(roles.CONSULTANT, gemeente=enschede)
    sh = StatushouderFactory(gemeente=enschede, consultant=consultant, status="intake")
    with pytest.raises(ValidationError) as exc:
        schrijf_in(actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START)
    assert fout(exc) == ["Taalpunt heeft op 01-03-2027 geen contract voor de B1-route in de arbeidsmarktregio Twente."]


@pytest.mark.parametrize(
    ("geldig_tot", "toegestaan"),
    [(START - dt.timedelta(days=1), False), (START, True), (START + dt.timedelta(days=1), True)],
)
def test_keurmerk_expiring_around_the_start_date(consultant, sh, taalpunt, geldig_tot, toegestaan):
    Organisatie.objects.filter(pk=taalpunt.pk).update(keurmerk_geldig_tot=geldig_tot)
    taalpunt.refresh_from_db()
    if toegestaan:
        assert schrijf_in(actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START)
    else:
        with pytest.raises(ValidationError) as exc:
            schrijf_in(actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START)
        assert fout(exc) == ["Taalpunt heeft op 01-03-2027 geen geldig Blik op Werk keurmerk."]


def test_no_keurmerk_at_all(consultant, sh, taalpunt):
    Organisatie.objects.filter(pk=taalpunt.pk).update(keurmerk_blik_op_werk=False, keurmerk_geldig_tot=None)
    taalpunt.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        schrijf_in(actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START)
    assert fout(exc) == ["Taalpunt heeft op 01-03-2027 geen geldig Blik op Werk keurmerk."]


def test_onderwijsroute_needs_a_contract_not_a_keurmerk(consultant, sh, achterhoek):
    han = achterhoek.aanbieders["HAN"]
    onderwijs = Leerroute.objects.get(code="onderwijs")
    inschrijving = schrijf_in(actor=consultant, statushouder=sh, organisatie=han, leerroute=onderwijs, startdatum=START)
    assert inschrijving.contract.organisatie == han
    Contract.objects.filter(organisatie=han).update(einddatum=START - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        schrijf_in(actor=consultant, statushouder=sh, organisatie=han, leerroute=onderwijs, startdatum=START)
    assert fout(exc) == [
        "HAN heeft op 01-03-2027 geen contract voor de Onderwijsroute in de arbeidsmarktregio Achterhoek."
    ]


def test_provider_type_must_fit_the_route(consultant, sh, achterhoek):
    with pytest.raises(ValidationError) as exc:
        schrijf_in(
            actor=consultant,
            statushouder=sh,
            organisatie=achterhoek.aanbieders["HAN"],
            leerroute=b1(),
            startdatum=START,
        )
    assert fout(exc) == ["De B1-route wordt gegeven door een taalaanbieder; HAN is dat niet."]


def test_given_contract_must_match(consultant, sh, taalpunt, achterhoek):
    toptaal_b1 = Contract.objects.get(organisatie=achterhoek.aanbieders["TopTaal"], leerroute__code="b1")
    with pytest.raises(ValidationError) as exc:
        schrijf_in(
            actor=consultant,
            statushouder=sh,
            organisatie=taalpunt,
            leerroute=b1(),
            startdatum=START,
            contract=toptaal_b1,
        )
    assert exc.value.message_dict["contract"] == ["Dit contract hoort niet bij deze aanbieder, route, regio en datum."]
    eigen = Contract.objects.get(organisatie=taalpunt)
    inschrijving = schrijf_in(
        actor=consultant, statushouder=sh, organisatie=taalpunt, leerroute=b1(), startdatum=START, contract=eigen
    )
    assert inschrijving.contract == eigen


def test_other_gemeentes_consultant_may_not_enrol(make_user, aalten, sh, taalpunt):
    with pytest.raises(PermissionDenied):
        schrijf_in(
            actor=make_user(roles.CONSULTANT, gemeente=aalten),
            statushouder=sh,
            organisatie=taalpunt,
            leerroute=b1(),
            startdatum=START,
        )
