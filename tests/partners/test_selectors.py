"""partners.selectors.aanbieders_voor: the providers a PIP may name."""

import datetime as dt

import pytest

from leerroutes.models import Leerroute
from partners.achterhoek import create_aanbieder
from partners.models import Arbeidsmarktregio, Contract, Keurmerk, Organisatie
from partners.selectors import aanbieders_voor, ketenpartners_voor

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


def namen(qs):
    return [o.naam for o in qs]


def test_b1_providers_need_keurmerk_and_contract(achterhoek):
    b1 = Leerroute.objects.get(code="b1")
    assert namen(aanbieders_voor(b1, achterhoek.regio, TODAY)) == ["Interbeek", "TopTaal"]
    # expired keurmerk
    Keurmerk.objects.filter(organisatie__naam="Interbeek").update(geldig_tot=TODAY - dt.timedelta(days=1))
    assert namen(aanbieders_voor(b1, achterhoek.regio, TODAY)) == ["TopTaal"]
    # valid on an earlier peildatum (the dagtekening)
    assert "Interbeek" in namen(aanbieders_voor(b1, achterhoek.regio, TODAY - dt.timedelta(days=30)))
    # a period that has not begun on the peildatum
    Keurmerk.objects.filter(organisatie__naam="TopTaal").update(geldig_van=TODAY + dt.timedelta(days=1))
    assert namen(aanbieders_voor(b1, achterhoek.regio, TODAY)) == []
    assert namen(aanbieders_voor(b1, achterhoek.regio, TODAY + dt.timedelta(days=1))) == ["TopTaal"]


def test_provider_without_contract_for_route_in_region_is_excluded(achterhoek):
    b1 = Leerroute.objects.get(code="b1")
    z = Leerroute.objects.get(code="z")
    andere = Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")
    create_aanbieder(
        regio=andere,
        naam="Elders Taal",
        type_="taalaanbieder",
        keurmerk=True,
        route_codes=["b1"],
        capaciteit=10,
        today=TODAY,
    )
    org, _ = create_aanbieder(
        regio=achterhoek.regio,
        naam="Alleen Z",
        type_="taalaanbieder",
        keurmerk=True,
        route_codes=["z"],
        capaciteit=10,
        today=TODAY,
    )
    assert "Elders Taal" not in namen(aanbieders_voor(b1, achterhoek.regio, TODAY))
    assert "Alleen Z" not in namen(aanbieders_voor(b1, achterhoek.regio, TODAY))
    assert "Alleen Z" in namen(aanbieders_voor(z, achterhoek.regio, TODAY))
    # a contract that ended is no contract
    Contract.objects.filter(organisatie=org).update(einddatum=TODAY - dt.timedelta(days=1))
    assert "Alleen Z" not in namen(aanbieders_voor(z, achterhoek.regio, TODAY))


def test_onderwijsroute_needs_contract_not_keurmerk(achterhoek):
    onderwijs = Leerroute.objects.get(code="onderwijs")
    assert namen(aanbieders_voor(onderwijs, achterhoek.regio, TODAY)) == ["Graafschap College", "HAN"]


def test_inactive_provider_and_no_route(achterhoek):
    b1 = Leerroute.objects.get(code="b1")
    Organisatie.objects.filter(naam="TopTaal").update(actief=False)
    assert namen(aanbieders_voor(b1, achterhoek.regio, TODAY)) == ["Interbeek"]
    assert namen(aanbieders_voor(None, achterhoek.regio, TODAY)) == []


def test_ketenpartners_of_the_region(achterhoek):
    assert "UWV" in namen(ketenpartners_voor(achterhoek.regio))
    assert "TopTaal" not in namen(ketenpartners_voor(achterhoek.regio))
    andere = Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")
    assert namen(ketenpartners_voor(andere)) == []
