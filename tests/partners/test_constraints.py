import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from leerroutes.models import Leerroute
from partners.models import Contract, Gemeente, Keurmerk, Organisatie, Sleutelpersoon

pytestmark = pytest.mark.django_db


def rejected(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


@pytest.mark.parametrize(
    "changes", [{"cbs_code": "0197"}, {"cbs_code": "GM197"}, {"inwoners": 0}, {"pip_termijn_weken": 0}]
)
def test_gemeente_constraints(winterswijk, changes):
    rejected(lambda: Gemeente.objects.filter(pk=winterswijk.pk).update(**changes))


def test_gemeente_cbs_code_unique(winterswijk, aalten):
    rejected(lambda: Gemeente.objects.filter(pk=aalten.pk).update(cbs_code=winterswijk.cbs_code))


def test_organisatie_constraints(achterhoek):
    toptaal = achterhoek.aanbieders["TopTaal"]
    rejected(
        lambda: Keurmerk.objects.create(
            organisatie=toptaal, geldig_van=dt.date(2030, 1, 2), geldig_tot=dt.date(2030, 1, 1)
        )
    )
    rejected(lambda: Keurmerk.objects.create(organisatie=toptaal, geldig_van=dt.date(2020, 1, 1)))  # same start
    rejected(lambda: Organisatie.objects.create(naam="Y", type="werkgever", kvk_nummer="1234"))
    rejected(lambda: Organisatie.objects.create(naam="TopTaal", type="taalaanbieder"))  # same name and type


def test_contract_constraints(achterhoek):
    base = {
        "organisatie": achterhoek.aanbieders["TopTaal"],
        "leerroute": Leerroute.objects.get(code="b1"),
        "arbeidsmarktregio": achterhoek.regio,
        "startdatum": dt.date(2025, 1, 1),
        "einddatum": dt.date(2026, 12, 31),
        "capaciteit": 10,
        "tarief": Decimal("9500.00"),
    }
    rejected(lambda: Contract.objects.create(**{**base, "einddatum": dt.date(2024, 12, 31)}))
    rejected(lambda: Contract.objects.create(**{**base, "capaciteit": 0}))
    rejected(lambda: Contract.objects.create(**{**base, "tarief": Decimal("-1")}))
    assert Contract.objects.create(**base).pk


def test_sleutelpersoon_needs_a_language(achterhoek):
    rejected(lambda: Sleutelpersoon.objects.create(naam="Dawit", arbeidsmarktregio=achterhoek.regio, talen=[]))


def test_achterhoek_reference_data(achterhoek):
    assert sorted(g.cbs_code for g in achterhoek.gemeenten.values()) == [
        "GM0197", "GM0222", "GM0294", "GM1509", "GM1586", "GM1859", "GM1876", "GM1955",
    ]  # fmt: skip
    assert {o.naam for o in achterhoek.aanbieders.values() if o.keurmerken.filter(soort="blik_op_werk")} == {
        "TopTaal",
        "Interbeek",
    }
    assert {o.naam for o in achterhoek.aanbieders.values() if o.keurmerken.filter(soort="taalschakelinstelling")} == {
        "Graafschap College",
        "HAN",
    }
    assert len(achterhoek.ketenpartners) == 5
