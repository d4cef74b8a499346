"""Every database constraint of the case models rejects bad data, even when the application is bypassed."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from cases.models import (
    Actie,
    BredeIntake,
    Doel,
    LeefgebiedScore,
    Participatie,
    Pip,
    PipVersie,
    Statushouder,
    TermijnVerlenging,
    Verwijzing,
)
from leerroutes.models import Leerroute
from partners.models import Sleutelpersoon
from tests.factories import StatushouderFactory

D = dt.date

pytestmark = pytest.mark.django_db


def rejected(fn, error=IntegrityError):
    with pytest.raises(error), transaction.atomic():
        fn()


@pytest.fixture
def sh(winterswijk):
    return StatushouderFactory(gemeente=winterswijk)


STATUSHOUDER_BAD = {
    "bsn_not_elfproef": {"bsn": "123456788"},
    "bsn_letters": {"bsn": "12345678a"},
    "bsn_zeros": {"bsn": "000000000"},
    "born_after_permit": {"geboortedatum": D(2025, 1, 1)},
    "koppeling_before_permit": {"koppeling_datum": D(2024, 10, 1)},
    "kennisgeving_before_permit": {"kennisgeving_datum": D(2024, 10, 1)},
    "housing_before_koppeling": {"huisvesting_datum": D(2024, 11, 10)},
    "intake_before_permit": {"intake_start_datum": D(2024, 10, 1)},
    "pip_before_intake": {"status": "intake", "intake_start_datum": D(2025, 3, 1), "pip_dagtekening": D(2025, 2, 1)},
    "termijn_not_after_pip": {"pip_dagtekening": D(2025, 4, 1), "termijn_einde": D(2025, 4, 1)},
    "end_before_permit": {"status": "afgerond", "eindreden": "overig", "einddatum": D(2024, 1, 1)},
    "ontzorgen_before_bijstand": {"bijstand_start_datum": D(2025, 3, 1), "ontzorgen_einde_datum": D(2025, 2, 1)},
    "deadline_override_without_reason": {"pip_deadline_afwijking": D(2025, 6, 1)},
    "afgerond_without_reason": {"status": "afgerond", "einddatum": D(2025, 6, 1)},
    "afgerond_without_date": {"status": "afgerond", "eindreden": "voldaan"},
    "reason_while_active": {"eindreden": "voldaan"},
    "opgeschort_without_reason": {"status": "opgeschort", "status_voor_opschorting": "intake"},
    "opgeschort_from_aangemeld": {
        "status": "opgeschort",
        "opschort_reden": "ziek",
        "status_voor_opschorting": "aangemeld",
    },
    "previous_state_while_not_suspended": {"status_voor_opschorting": "intake"},
    "uitvoering_without_pip": {"status": "in_uitvoering"},
}


@pytest.mark.parametrize("changes", STATUSHOUDER_BAD.values(), ids=STATUSHOUDER_BAD.keys())
def test_statushouder_constraints(sh, changes):
    rejected(lambda: Statushouder.objects.filter(pk=sh.pk).update(**changes))


def test_valid_statushouder_update_is_accepted(sh):
    Statushouder.objects.filter(pk=sh.pk).update(
        status="opgeschort", opschort_reden="ziekenhuisopname", status_voor_opschorting="intake"
    )


def test_duplicate_bsn_in_same_gemeente_rejected_but_allowed_elsewhere(sh, aalten):
    rejected(lambda: StatushouderFactory(gemeente=sh.gemeente, bsn=sh.bsn))
    assert StatushouderFactory(gemeente=aalten, bsn=sh.bsn).pk


def test_intake_constraints(sh):
    routes = {r.code: r for r in Leerroute.objects.all()}
    intake = BredeIntake.objects.create(statushouder=sh, startdatum=D(2025, 3, 1))
    bad = [
        {"afgerond_op": D(2025, 2, 1)},
        {"leerbaarheidstoets_uitkomst": "vrijgesteld"},
        {"route_advies": routes["b1"], "gekozen_route": routes["onderwijs"]},
    ]
    for changes in bad:
        rejected(lambda changes=changes: BredeIntake.objects.filter(pk=intake.pk).update(**changes))
    BredeIntake.objects.filter(pk=intake.pk).update(
        route_advies=routes["b1"], gekozen_route=routes["onderwijs"], afwijking_motivering="Wil studeren, 24 jaar"
    )
    rejected(lambda: BredeIntake.objects.create(statushouder=sh, startdatum=D(2025, 3, 2)))  # one per person
    for score in (0, 6):
        rejected(lambda score=score: LeefgebiedScore.objects.create(intake=intake, leefgebied="taal", score=score))
    LeefgebiedScore.objects.create(intake=intake, leefgebied="taal", score=3)
    rejected(lambda: LeefgebiedScore.objects.create(intake=intake, leefgebied="taal", score=4))


@pytest.fixture
def versie(sh):
    pip = Pip.objects.create(statushouder=sh, gemeente=sh.gemeente)
    return PipVersie.objects.create(pip=pip, versie=1, wijzigingsreden="eerste_plan")


def test_pipversie_constraints(versie, achterhoek):
    pip = versie.pip
    rejected(lambda: PipVersie.objects.create(pip=pip, versie=1, wijzigingsreden="overig", status="vastgesteld"))
    rejected(lambda: PipVersie.objects.create(pip=pip, versie=2, wijzigingsreden="overig"))  # second concept
    rejected(lambda: PipVersie.objects.filter(pk=versie.pk).update(wijzigingsreden="schakelen"))  # v1 is eerste_plan
    rejected(lambda: PipVersie.objects.filter(pk=versie.pk).update(versie=0))
    # vastgesteld needs a dagtekening, a route and a provider
    rejected(lambda: PipVersie.objects.filter(pk=versie.pk).update(status="vastgesteld"))


def _vaststellen(versie, achterhoek):
    PipVersie.objects.filter(pk=versie.pk).update(
        status="vastgesteld",
        dagtekening=D(2025, 4, 1),
        leerroute=Leerroute.objects.get(code="b1"),
        taalaanbieder=achterhoek.aanbieders["TopTaal"],
        vastgesteld_op=dt.datetime(2025, 4, 1, 10, tzinfo=dt.UTC),
    )
    versie.refresh_from_db()


def test_vastgestelde_versie_is_immutable(versie, achterhoek):
    doel = Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="B1 halen")
    actie = Actie.objects.create(doel=doel, omschrijving="Lessen volgen bij TopTaal", eigenaar="statushouder")
    _vaststellen(versie, achterhoek)
    rejected(lambda: PipVersie.objects.filter(pk=versie.pk).update(duaal=True))
    rejected(lambda: PipVersie.objects.filter(pk=versie.pk).delete())
    rejected(lambda: Doel.objects.filter(pk=doel.pk).update(omschrijving="anders"))
    rejected(lambda: Doel.objects.create(versie=versie, leefgebied="werk_participatie", omschrijving="x"))
    rejected(lambda: Actie.objects.filter(pk=actie.pk).update(omschrijving="anders"))
    rejected(lambda: Actie.objects.filter(pk=actie.pk).delete())
    # progress of an agreed action may be tracked
    Actie.objects.filter(pk=actie.pk).update(status="gereed")


def test_doel_actie_constraints(versie, achterhoek):
    rejected(lambda: Doel.objects.create(versie=versie, leefgebied="taal", omschrijving=""))
    doel = Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="B1 halen")
    rejected(lambda: Actie.objects.create(doel=doel, omschrijving="x", eigenaar="ketenpartner"))
    partner = achterhoek.ketenpartners["UWV"]
    rejected(lambda: Actie.objects.create(doel=doel, omschrijving="x", eigenaar="consultant", ketenpartner=partner))
    Actie.objects.create(doel=doel, omschrijving="x", eigenaar="ketenpartner", ketenpartner=partner)


def test_verwijzing_constraints(sh, achterhoek):
    partner = achterhoek.ketenpartners["GGNet"]
    sleutel = Sleutelpersoon.objects.create(naam="Dawit", arbeidsmarktregio=achterhoek.regio, talen=["ti"])
    base = {"statushouder": sh, "reden": "slaapproblemen", "datum": D(2025, 5, 1)}
    rejected(lambda: Verwijzing.objects.create(**base))  # to nobody
    rejected(lambda: Verwijzing.objects.create(**base, ketenpartner=partner, sleutelpersoon=sleutel))  # to both
    rejected(lambda: Verwijzing.objects.create(**{**base, "reden": ""}, ketenpartner=partner))
    rejected(lambda: Verwijzing.objects.create(**base, ketenpartner=partner, afgerond_op=D(2025, 4, 1)))
    Verwijzing.objects.create(**base, sleutelpersoon=sleutel)


def test_participatie_constraints(sh):
    base = {"statushouder": sh, "soort": "betaald_werk", "startdatum": D(2025, 6, 1)}
    rejected(lambda: Participatie.objects.create(**base, einddatum=D(2025, 5, 1)))
    rejected(lambda: Participatie.objects.create(**base, uren_per_week=0))
    rejected(lambda: Participatie.objects.create(**base, uren_per_week=61))
    rejected(lambda: Participatie.objects.create(**{**base, "soort": "vrijwilligerswerk"}, contractvorm="vast"))
    Participatie.objects.create(**base, uren_per_week=24, contractvorm="tijdelijk", sector="techniek")


def test_termijnverlenging_constraints(sh):
    base = {"statushouder": sh, "besluitdatum": D(2027, 1, 1)}
    rejected(lambda: TermijnVerlenging.objects.create(**base, maanden=0, reden="ziekte"))
    rejected(lambda: TermijnVerlenging.objects.create(**base, maanden=6, reden=""))
    TermijnVerlenging.objects.create(**base, maanden=6, reden="ziekte, niet verwijtbaar")
