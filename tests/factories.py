"""All test factories in one place. Statushouders get BSNs from the documented test range."""

import datetime as dt
import itertools

import factory

from cases.models import Statushouder
from cases.validators import iter_test_bsns

_bsns = iter_test_bsns()
_unique = itertools.count()


class StatushouderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statushouder

    bsn = factory.LazyFunction(lambda: next(_bsns))
    voornamen = factory.Iterator(["Ahmad", "Semhar", "Yonas", "Rania", "Mohammed", "Lina", "Tesfay"])
    achternaam = factory.Iterator(["Al-Hassan", "Tesfamariam", "Haile", "Khalil", "Yilmaz", "Rahimi", "Kidane"])
    geboortedatum = dt.date(1998, 5, 4)
    geslacht = Statushouder.Geslacht.MAN
    nationaliteit = "SYR"
    talen = factory.LazyFunction(lambda: ["ar"])
    status = "aangemeld"
    status_sinds = dt.date(2025, 3, 1)
    verblijfsvergunning_datum = dt.date(2024, 11, 1)
    koppeling_datum = dt.date(2024, 11, 15)
    kennisgeving_datum = dt.date(2024, 11, 20)
    brp_inschrijving_datum = dt.date(2025, 2, 10)
    huisvesting_datum = dt.date(2025, 2, 10)
