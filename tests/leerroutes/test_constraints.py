import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from leerroutes.models import Aanwezigheid, Examenresultaat, Inschrijving, Leerroute, Onderdeel, Voortgangsrapportage
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db
D = dt.date


def rejected(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


@pytest.fixture
def inschrijving(achterhoek):
    sh = StatushouderFactory(gemeente=achterhoek.gemeenten["Doetinchem"])
    return Inschrijving.objects.create(
        statushouder=sh,
        organisatie=achterhoek.aanbieders["TopTaal"],
        leerroute=Leerroute.objects.get(code="b1"),
        startdatum=D(2025, 5, 1),
    )


def test_reference_data_loaded_by_migration():
    assert set(Leerroute.objects.values_list("code", flat=True)) == {"b1", "onderwijs", "z"}
    assert set(Onderdeel.objects.get(code="map").leerroutes.values_list("code", flat=True)) == {"b1", "z"}
    assert Onderdeel.objects.get(code="map").norm_uren == 40
    assert Onderdeel.objects.get(code="pvt").norm_uren == 12
    assert (
        Onderdeel.objects.get(code="z_les").norm_uren + Onderdeel.objects.get(code="z_participatie").norm_uren == 1600
    )


def test_inschrijving_constraints(inschrijving):
    qs = Inschrijving.objects.filter(pk=inschrijving.pk)
    rejected(lambda: qs.update(einddatum=D(2025, 4, 1)))
    rejected(lambda: qs.update(status="afgerond"))  # finished without an end date
    qs.update(status="afgerond", einddatum=D(2026, 5, 1))


ROW = {"les_id": "L1", "datum": D(2025, 5, 5), "geplande_minuten": 180, "aanwezige_minuten": 180, "status": "aanwezig"}


@pytest.mark.parametrize(
    "changes",
    [
        {"aanwezige_minuten": 240},  # journey 3: 240 attended of 180 planned
        {"geplande_minuten": 0, "aanwezige_minuten": 0},
        {"aanwezige_minuten": -1},
        {"status": "ongeoorloofd_afwezig"},  # absent with minutes
    ],
)
def test_aanwezigheid_constraints(inschrijving, changes):
    rejected(lambda: Aanwezigheid.objects.create(inschrijving=inschrijving, **{**ROW, **changes}))


def test_aanwezigheid_unique_per_les(inschrijving):
    Aanwezigheid.objects.create(inschrijving=inschrijving, **ROW)
    rejected(lambda: Aanwezigheid.objects.create(inschrijving=inschrijving, **ROW))


def test_examen_and_rapportage_constraints(inschrijving):
    lezen = Onderdeel.objects.get(code="lezen")
    Examenresultaat.objects.create(inschrijving=inschrijving, onderdeel=lezen, datum=D(2026, 1, 5), behaald=True)
    rejected(
        lambda: Examenresultaat.objects.create(
            inschrijving=inschrijving, onderdeel=lezen, datum=D(2026, 1, 5), behaald=False
        )
    )
    rejected(
        lambda: Voortgangsrapportage.objects.create(
            inschrijving=inschrijving, periode_start=D(2026, 1, 1), periode_eind=D(2025, 12, 1)
        )
    )
