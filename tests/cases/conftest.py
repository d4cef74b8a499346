import datetime as dt

import pytest

from cases import services
from cases.models import Actie, BredeIntake, Doel, LeefgebiedScore, Statushouder
from leerroutes.models import Leerroute

D = dt.date

REGISTRATIE = {
    "voornamen": "Yonas",
    "achternaam": "Tesfamariam",
    "geboortedatum": D(2001, 6, 2),
    "geslacht": "m",
    "nationaliteit": "ERI",
    "talen": ["ti"],
    "verblijfsvergunning_datum": D(2022, 9, 1),
    "koppeling_datum": D(2022, 9, 14),
    "kennisgeving_datum": D(2022, 9, 20),
    "brp_inschrijving_datum": D(2022, 12, 5),
    "huisvesting_datum": D(2022, 12, 5),
    "overdracht_scenario": "na_verhuizing",
}


@pytest.fixture
def registreer(winterswijk, consultant):
    def register(bsn="999990019", actor=None, **overrides):
        return services.registreer_statushouder(
            actor=actor or consultant,
            gemeente=winterswijk,
            consultant=consultant,
            datum=D(2022, 12, 6),
            bsn=bsn,
            **{**REGISTRATIE, **overrides},
        )

    return register


@pytest.fixture
def naar_uitvoering(consultant, achterhoek):
    """Drive a registered case through intake and PIP to `in_uitvoering`, as a consultant would."""

    def drive(sh, route="b1", dagtekening=None, aanbieder="TopTaal"):
        services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
        leerroute = Leerroute.objects.get(code=route)
        BredeIntake.objects.filter(statushouder=sh).update(
            leerbaarheidstoets_uitkomst="hoog", route_advies=leerroute, gekozen_route=leerroute
        )
        versie = services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 20))
        versie.taalaanbieder = achterhoek.aanbieders[aanbieder]
        versie.save()
        Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Taalniveau B1 halen")
        return services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=dagtekening or D(2023, 3, 14))

    return drive


@pytest.fixture
def b1_dossier(registreer, consultant, achterhoek):
    """Builds a B1 case in Winterswijk (registration `overrides` as for `registreer`) with intake scores, a
    vastgesteld PIP at TopTaal with a goal and an action, and an extension of 6 months."""

    def bouw(**overrides):
        sh = registreer(**overrides)
        services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
        b1 = Leerroute.objects.get(code="b1")
        BredeIntake.objects.filter(statushouder=sh).update(
            leerbaarheidstoets_uitkomst="hoog", route_advies=b1, gekozen_route=b1
        )
        LeefgebiedScore.objects.create(intake=sh.intake, leefgebied="taal", score=2, toelichting="spreekt weinig")
        versie = services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 20))
        versie.taalaanbieder = achterhoek.aanbieders["TopTaal"]
        versie.save()
        doel = Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Taalniveau B1 halen")
        Actie.objects.create(
            doel=doel,
            omschrijving="Taalcafé bezoeken",
            eigenaar="statushouder",
            deadline=D(2025, 12, 1),
            status="bezig",
        )
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
        services.registreer_verlenging(
            actor=consultant, statushouder=sh, besluitdatum=D(2025, 1, 10), maanden=6, reden="ziekte"
        )
        return Statushouder.objects.get(pk=sh.pk)

    return bouw
