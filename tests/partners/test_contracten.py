"""Contracts: the service's rules (Dutch messages at their fields), who may manage them, the audit events, and the
add/edit pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Leerroute
from partners.models import Arbeidsmarktregio, Contract, Keurmerk, Organisatie
from partners.services.contracten import maak_contract, wijzig_contract
from tests.conftest import TODAY
from tests.factories import InschrijvingFactory, KeurmerkFactory, StatushouderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user, achterhoek):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)


@pytest.fixture
def twente(db):
    return Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")


@pytest.fixture
def taalpunt(achterhoek):
    org = Organisatie.objects.create(naam="Taalpunt", type=Organisatie.Type.TAALAANBIEDER)
    KeurmerkFactory(organisatie=org, geldig_tot=TODAY + dt.timedelta(days=400))
    return org


def route(code):
    return Leerroute.objects.get(code=code)


def waarden(achterhoek, organisatie, **overrides):
    return {
        "organisatie": organisatie,
        "leerroute": route("b1"),
        "arbeidsmarktregio": achterhoek.regio,
        "startdatum": dt.date(2027, 1, 1),
        "einddatum": dt.date(2028, 12, 31),
        "capaciteit": 40,
        "tarief": Decimal("9500.00"),
        "kenmerk": " AH-2027-01 ",
        "norm_aanwezigheid": 85,
        "verzuim_melden_binnen_dagen": 3,
        "rapportage_frequentie": "maandelijks",
        "toelichting": "",
        **overrides,
    }


def fouten(exc) -> dict:
    return exc.value.message_dict


def test_create_contract_links_the_provider_to_the_region_and_logs(coordinator, achterhoek, taalpunt):
    contract = maak_contract(coordinator, **waarden(achterhoek, taalpunt))
    assert contract.kenmerk == "AH-2027-01"
    assert contract.capaciteit == 40 and contract.norm_aanwezigheid == 85
    assert achterhoek.regio in taalpunt.arbeidsmarktregios.all()
    event = AuditEvent.objects.get(object_type="partners.contract")
    assert event.handeling == Handeling.CREATE and event.object_id == str(contract.uuid)
    assert "capaciteit" in event.velden and "tarief" in event.velden and event.actor_label == coordinator.username
    assert AuditEvent.objects.filter(
        object_type="partners.organisatie", object_id=str(taalpunt.uuid), velden=["arbeidsmarktregios"]
    ).exists()


def test_end_before_start_and_capacity_zero(coordinator, achterhoek, taalpunt):
    with pytest.raises(ValidationError) as exc:
        maak_contract(
            coordinator,
            **waarden(achterhoek, taalpunt, einddatum=dt.date(2026, 12, 31), capaciteit=0, norm_aanwezigheid=0),
        )
    assert fouten(exc) == {
        "einddatum": ["De einddatum ligt vóór de startdatum."],
        "capaciteit": ["Het aantal trajecten moet groter zijn dan 0."],
        "norm_aanwezigheid": ["Geef een percentage van 1 tot en met 100."],
    }
    assert not Contract.objects.filter(organisatie=taalpunt).exists()


def test_one_day_contract_is_allowed(coordinator, achterhoek, taalpunt):
    dag = dt.date(2027, 1, 1)
    assert maak_contract(coordinator, **waarden(achterhoek, taalpunt, startdatum=dag, einddatum=dag)).pk


@pytest.mark.parametrize(
    ("start", "eind", "overlapt"),
    [
        (dt.date(2028, 12, 31), dt.date(2029, 12, 31), True),  # starts on the other's last day
        (dt.date(2029, 1, 1), dt.date(2029, 12, 31), False),  # starts the day after
        (dt.date(2026, 1, 1), dt.date(2027, 1, 1), True),  # ends on the other's first day
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31), False),  # ends the day before
        (dt.date(2027, 3, 1), dt.date(2027, 4, 1), True),  # inside
    ],
)
def test_no_overlapping_contracts_per_provider_route_region(coordinator, achterhoek, taalpunt, start, eind, overlapt):
    maak_contract(coordinator, **waarden(achterhoek, taalpunt))
    if overlapt:
        with pytest.raises(ValidationError) as exc:
            maak_contract(coordinator, **waarden(achterhoek, taalpunt, startdatum=start, einddatum=eind))
        assert fouten(exc)["startdatum"] == [
            "Taalpunt heeft voor de B1-route in deze regio al een contract van 01-01-2027 tot en met 31-12-2028; "
            "de looptijden mogen niet overlappen."
        ]
    else:
        assert maak_contract(coordinator, **waarden(achterhoek, taalpunt, startdatum=start, einddatum=eind)).pk


def test_overlap_with_another_route_or_region_is_fine(make_user, achterhoek, taalpunt, twente):
    beheerder = make_user(roles.BEHEERDER)
    maak_contract(beheerder, **waarden(achterhoek, taalpunt))
    assert maak_contract(beheerder, **waarden(achterhoek, taalpunt, leerroute=route("z"))).pk
    assert maak_contract(beheerder, **waarden(achterhoek, taalpunt, arbeidsmarktregio=twente)).pk


def test_provider_type_must_fit_the_route(coordinator, achterhoek, taalpunt):
    han = achterhoek.aanbieders["HAN"]
    with pytest.raises(ValidationError) as exc:
        maak_contract(coordinator, **waarden(achterhoek, han, leerroute=route("z")))
    assert fouten(exc)["organisatie"] == ["De Z-route wordt gegeven door een taalaanbieder; HAN is dat niet."]
    coa = achterhoek.ketenpartners["COA"]
    with pytest.raises(ValidationError) as exc:
        maak_contract(coordinator, **waarden(achterhoek, coa, leerroute=route("onderwijs")))
    assert fouten(exc)["organisatie"] == [
        "De Onderwijsroute wordt gegeven door een onderwijsinstelling of taalaanbieder."
    ]
    # the onderwijsroute at a taalaanbieder or a school
    assert maak_contract(coordinator, **waarden(achterhoek, taalpunt, leerroute=route("onderwijs"))).pk
    assert maak_contract(
        coordinator,
        **waarden(
            achterhoek,
            han,
            leerroute=route("onderwijs"),
            startdatum=dt.date(2029, 1, 1),
            einddatum=dt.date(2029, 12, 31),
        ),
    ).pk


def test_inactive_provider_refused(coordinator, achterhoek, taalpunt):
    taalpunt.actief = False
    taalpunt.save()
    with pytest.raises(ValidationError) as exc:
        maak_contract(coordinator, **waarden(achterhoek, taalpunt))
    assert fouten(exc)["organisatie"] == ["Taalpunt is niet actief."]


def test_regiocoordinator_only_in_own_region(coordinator, achterhoek, taalpunt, twente):
    with pytest.raises(PermissionDenied):
        maak_contract(coordinator, **waarden(achterhoek, taalpunt, arbeidsmarktregio=twente))
    contract = Contract.objects.create(**{**waarden(achterhoek, taalpunt), "arbeidsmarktregio": twente})
    with pytest.raises(PermissionDenied):
        wijzig_contract(coordinator, contract, capaciteit=5)


@pytest.mark.parametrize("rol", [roles.CONSULTANT, roles.TEAMLEIDER])
def test_casework_roles_manage_no_contracts(make_user, winterswijk, achterhoek, taalpunt, rol):
    user = make_user(rol, gemeente=winterswijk)
    with pytest.raises(PermissionDenied):
        maak_contract(user, **waarden(achterhoek, taalpunt))


def test_edit_logs_only_changed_fields(coordinator, achterhoek, taalpunt):
    contract = maak_contract(coordinator, **waarden(achterhoek, taalpunt))
    wijzig_contract(coordinator, contract, capaciteit=50, toelichting="Uitgebreid na evaluatie")
    wijzig_contract(coordinator, contract, capaciteit=50)  # nothing changed: no event
    contract.refresh_from_db()
    assert contract.capaciteit == 50
    events = AuditEvent.objects.filter(object_type="partners.contract", handeling=Handeling.UPDATE)
    assert [e.velden for e in events] == [["capaciteit", "toelichting"]]


def test_contract_with_enrolments_keeps_provider_and_covers_them(coordinator, achterhoek, taalpunt, winterswijk):
    contract = maak_contract(coordinator, **waarden(achterhoek, taalpunt))
    InschrijvingFactory(
        statushouder=StatushouderFactory(gemeente=winterswijk),
        organisatie=taalpunt,
        leerroute=route("b1"),
        contract=contract,
        startdatum=dt.date(2027, 3, 1),
    )
    with pytest.raises(ValidationError) as exc:
        wijzig_contract(coordinator, contract, organisatie=achterhoek.aanbieders["TopTaal"])
    assert fouten(exc)["organisatie"] == [
        "Er zijn al inschrijvingen op dit contract; aanbieder, route en regio liggen vast."
    ]
    with pytest.raises(ValidationError) as exc:
        wijzig_contract(coordinator, contract, startdatum=dt.date(2027, 3, 2))
    assert fouten(exc)["startdatum"] == [
        "Er is een inschrijving op dit contract met startdatum 01-03-2027; die moet binnen de looptijd vallen."
    ]
    assert wijzig_contract(coordinator, contract, startdatum=dt.date(2027, 3, 1)).startdatum == dt.date(2027, 3, 1)


# --- pages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", [roles.CONSULTANT, roles.TEAMLEIDER])
def test_pages_are_403_for_casework_roles(client, make_user, winterswijk, achterhoek, rol):
    client.force_login(make_user(rol, gemeente=winterswijk))
    contract = achterhoek.contracten[0]
    for url in (
        reverse("partners:contracten"),
        reverse("partners:contract_nieuw"),
        reverse("partners:contract", args=[contract.uuid]),
        reverse("partners:contract_wijzigen", args=[contract.uuid]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("partners:contract_keurmerk", args=[contract.uuid])).status_code == 403


def test_another_regions_contract_is_404(client, coordinator, taalpunt, twente, achterhoek):
    contract = Contract.objects.create(**{**waarden(achterhoek, taalpunt), "arbeidsmarktregio": twente})
    client.force_login(coordinator)
    assert client.get(reverse("partners:contract", args=[contract.uuid])).status_code == 404
    rijen = client.get(reverse("partners:contracten")).context["rijen"]
    assert contract not in [r["contract"] for r in rijen]
    assert len(rijen) == len(achterhoek.contracten)


def test_beheerder_sees_all_and_filters_by_region(client, make_user, taalpunt, twente, achterhoek):
    contract = Contract.objects.create(**{**waarden(achterhoek, taalpunt), "arbeidsmarktregio": twente})
    client.force_login(make_user(roles.BEHEERDER))
    alle = client.get(reverse("partners:contracten")).context["rijen"]
    assert len(alle) == len(achterhoek.contracten) + 1
    gefilterd = client.get(reverse("partners:contracten"), {"regio": str(twente.uuid)}).context["rijen"]
    assert [r["contract"] for r in gefilterd] == [contract]


def _post(achterhoek, organisatie, **overrides):
    data = waarden(achterhoek, organisatie, **overrides)
    return {
        **{k: v for k, v in data.items() if k not in ("organisatie", "leerroute", "arbeidsmarktregio")},
        "organisatie": data["organisatie"].pk,
        "leerroute": data["leerroute"].pk,
        "arbeidsmarktregio": data["arbeidsmarktregio"].pk,
        "tarief": "9500,00",
    }


def test_add_page_keeps_input_and_shows_errors_at_fields(client, coordinator, achterhoek, taalpunt):
    client.force_login(coordinator)
    response = client.post(
        reverse("partners:contract_nieuw"), _post(achterhoek, taalpunt, einddatum=dt.date(2026, 1, 1))
    )
    assert response.status_code == 200
    assert response.context["form"].errors["einddatum"] == ["De einddatum ligt vóór de startdatum."]
    assert 'value=" AH-2027-01 "' in response.content.decode()  # as typed
    response = client.post(reverse("partners:contract_nieuw"), _post(achterhoek, taalpunt))
    contract = Contract.objects.get(organisatie=taalpunt)
    assert response.status_code == 302 and response["Location"] == reverse("partners:contract", args=[contract.uuid])
    assert contract.tarief == Decimal("9500.00")


def test_edit_page(client, coordinator, achterhoek, taalpunt):
    contract = maak_contract(coordinator, **waarden(achterhoek, taalpunt))
    client.force_login(coordinator)
    url = reverse("partners:contract_wijzigen", args=[contract.uuid])
    assert client.get(url).context["form"].initial["capaciteit"] == 40
    response = client.post(url, _post(achterhoek, taalpunt, capaciteit=60))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.capaciteit == 60


def test_keurmerk_form_on_the_dashboard(client, coordinator, achterhoek):
    """The dashboard shows the provider's periods and adds one; an overlap shows at the field."""
    contract = next(c for c in achterhoek.contracten if c.organisatie.naam == "TopTaal")
    client.force_login(coordinator)
    html = client.get(reverse("partners:contract", args=[contract.uuid])).content.decode()
    assert 'id="keurmerken"' in html and "01-01-2020" in html
    url = reverse("partners:contract_keurmerk", args=[contract.uuid])
    response = client.post(url, {"soort": "blik_op_werk", "geldig_van": "2024-01-01", "geldig_tot": ""})
    assert response.status_code == 200
    assert response.context["keurmerk_form"].errors["geldig_van"] == [
        "Deze periode overlapt met een andere periode van hetzelfde keurmerk (vanaf 01-01-2020)."
    ]
    Keurmerk.objects.filter(organisatie=contract.organisatie).update(geldig_tot=dt.date(2026, 12, 31))
    response = client.post(
        url,
        {"soort": "blik_op_werk", "geldig_van": "2027-01-01", "geldig_tot": "2029-12-31", "registratienummer": "BoW-1"},
    )
    assert response.status_code == 302
    assert list(contract.organisatie.keurmerken.values_list("geldig_van", "geldig_tot")) == [
        (dt.date(2027, 1, 1), dt.date(2029, 12, 31)),
        (dt.date(2020, 1, 1), dt.date(2026, 12, 31)),
    ]
