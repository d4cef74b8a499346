"""cases.pip_diff: what changed between two PIP versions, on plain data and on worked versions."""

import datetime as dt

import pytest

from cases import services
from cases.models import Actie, Doel, PipVersie
from cases.pip_diff import gegevens, verschil
from leerroutes.models import Leerroute

# The clock is frozen on TODAY (tests/conftest.py): the PIP services check contracts and keurmerken on today's date.
pytestmark = pytest.mark.usefixtures("vandaag")

D = dt.date


def plan(**over):
    basis = {
        "leerroute": "B1-route",
        "taalaanbieder": "TopTaal",
        "componenten": ["taal", "knm", "map", "pvt"],
        "duaal": False,
        "taalniveau_doel": "B1",
        "doelen": [
            {
                "leefgebied": "Taal",
                "omschrijving": "B1 halen",
                "acties": [
                    {
                        "omschrijving": "Naar de les",
                        "eigenaar": "statushouder",
                        "deadline": D(2024, 1, 1),
                        "status": "open",
                    }
                ],
            },
            {"leefgebied": "Huisvesting", "omschrijving": "Huur zelf betalen", "acties": []},
        ],
    }
    return {**basis, **over}


def teksten(wijzigingen):
    return [w.omschrijving for w in wijzigingen]


def test_no_changes():
    assert verschil(plan(), plan()) == []


def test_plan_fields():
    nieuw = plan(
        leerroute="Z-route",
        taalaanbieder="Interbeek",
        componenten=["taal", "knm", "pvt"],
        duaal=True,
        taalniveau_doel="A2",
    )
    assert teksten(verschil(plan(), nieuw)) == [
        "Leerroute: B1-route → Z-route",
        "Taalaanbieder: TopTaal → Interbeek",
        "Componenten vervallen: MAP",
        "Het traject is nu duaal.",
        "Taalniveau: B1 → A2",
    ]


def test_goals_added_removed_changed_and_actions():
    oud = plan()
    nieuw = plan(
        doelen=[
            {
                "leefgebied": "Taal",
                "omschrijving": "A2 halen",  # changed (same leefgebied, by position)
                "acties": [
                    {
                        "omschrijving": "Naar de les",
                        "eigenaar": "statushouder",
                        "deadline": D(2024, 6, 1),
                        "status": "bezig",
                    },
                    {"omschrijving": "Taalmaatje zoeken", "eigenaar": "consulent", "deadline": None, "status": "open"},
                ],
            },
            {"leefgebied": "Werk en participatie", "omschrijving": "Vrijwilligerswerk", "acties": []},
        ]
    )
    w = verschil(oud, nieuw)
    t = teksten(w)
    assert "Doel vervallen (Huisvesting): Huur zelf betalen" in t
    assert "Doel toegevoegd (Werk en participatie): Vrijwilligerswerk" in t
    assert "Doel gewijzigd (Taal): B1 halen → A2 halen" in t
    assert "Actie toegevoegd: Taalmaatje zoeken" in t
    assert "Actie 'Naar de les' gewijzigd: deadline: 01-01-2024 → 01-06-2024; status: open → bezig" in t
    assert {x.soort for x in w} == {"toegevoegd", "verwijderd", "gewijzigd"}


@pytest.mark.django_db
def test_on_worked_versions(registreer, naar_uitvoering, consultant, achterhoek):
    sh = registreer()
    naar_uitvoering(sh)
    services.nieuwe_pip_versie(actor=consultant, statushouder=sh, reden="schakelen", toelichting="studie")
    services.werk_pip_concept_bij(
        actor=consultant,
        statushouder=sh,
        leerroute=Leerroute.objects.get(code="onderwijs"),
        taalaanbieder=achterhoek.aanbieders["HAN"],
        componenten=["taal", "knm", "map", "pvt"],
    )
    doel = services.voeg_doel_toe(
        actor=consultant, statushouder=sh, leefgebied="opleiding_werkervaring", omschrijving="Naar het mbo"
    )
    services.voeg_actie_toe(
        actor=consultant, statushouder=sh, doel=doel.uuid, omschrijving="Open dag bezoeken", eigenaar="statushouder"
    )
    v1, v2 = PipVersie.objects.filter(pip__statushouder=sh).prefetch_related("doelen__acties").order_by("versie")
    t = teksten(verschil(gegevens(v1), gegevens(v2)))
    assert t == [
        "Leerroute: B1-route → Onderwijsroute",
        "Taalaanbieder: TopTaal → HAN",
        "Componenten vervallen: MAP",
        "Doel toegevoegd (Opleiding en werkervaring): Naar het mbo",
        "Actie toegevoegd: Open dag bezoeken",
    ]
    assert Doel.objects.filter(versie=v2).count() == 2 and Actie.objects.filter(doel__versie=v2).count() == 1
