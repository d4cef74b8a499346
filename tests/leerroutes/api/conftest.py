"""Fixtures for the provider API: keys of Achterhoek providers and a client that sends one."""

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from partners.models import ApiSleutel
from tests.factories import InschrijvingFactory, StatushouderFactory

D = dt.date


@pytest.fixture(autouse=True)
def _lege_cache():
    """Throttle and failed-authentication counters live in the cache (per client address, per minute): every
    test starts and ends without them, so wrong keys in one test never throttle the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def toptaal(achterhoek):
    return achterhoek.aanbieders["TopTaal"]


@pytest.fixture
def interbeek(achterhoek):
    return achterhoek.aanbieders["Interbeek"]


@pytest.fixture
def maak_sleutel(db):
    """(ApiSleutel, key) for an organisation; the key is what a provider sends."""

    def maak(organisatie, naam="nachtelijke export"):
        return ApiSleutel.objects.create_key(organisatie=organisatie, name=naam)

    return maak


@pytest.fixture
def api_voor(maak_sleutel):
    """An APIClient that authenticates as the given organisation."""

    def client(organisatie):
        _sleutel, key = maak_sleutel(organisatie)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
        return api

    return client


@pytest.fixture
def inschrijving_bij(winterswijk, achterhoek):
    """An active B1-route enrolment of a new statushouder at the given provider, started 2 June 2025."""
    from leerroutes.models import Leerroute

    def maak(organisatie, route="b1", **velden):
        sh = StatushouderFactory(gemeente=winterswijk)
        return InschrijvingFactory(
            statushouder=sh, organisatie=organisatie, leerroute=Leerroute.objects.get(code=route), **velden
        )

    return maak
