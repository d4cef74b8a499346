"""Each state transition of DESIGN.md §4 and the preconditions it refuses."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import BredeIntake, Doel, PipVersie, Statushouder
from cases.workflow import TRANSITIONS, Status, TransitionError
from inburgering.accounts import roles
from leerroutes.models import Aanwezigheid, Inschrijving, Leerroute, Onderdeel
from tests.factories import ExamenresultaatFactory, InschrijvingFactory

D = dt.date
pytestmark = pytest.mark.django_db


def reload(sh):
    return Statushouder.objects.get(pk=sh.pk)


def test_every_state_has_its_transitions_and_afgerond_is_final():
    assert set(TRANSITIONS) == set(Status.values)
    assert TRANSITIONS[Status.AFGEROND] == ()
    assert Status.AFGEROND in TRANSITIONS[Status.OPGESCHORT]


def test_full_life_cycle_stamps_dates_and_writes_timeline(registreer, naar_uitvoering, consultant, achterhoek):
    sh = registreer()
    assert (sh.status, sh.status_sinds) == ("aangemeld", D(2022, 12, 6))
    versie = naar_uitvoering(sh)
    sh = reload(sh)
    assert sh.status == "in_uitvoering"
    assert sh.intake_start_datum == D(2023, 1, 10)
    assert sh.pip_dagtekening == versie.dagtekening == D(2023, 3, 14)
    assert sh.termijn_einde == D(2026, 3, 15)
    assert versie.status == "vastgesteld" and versie.vastgesteld_door == consultant
    assert sh.intake.afgerond_op == D(2023, 2, 20)

    services.schort_op(actor=consultant, statushouder=sh, reden="ziekenhuisopname", datum=D(2023, 6, 1))
    sh = reload(sh)
    assert (sh.status, sh.status_voor_opschorting, sh.opschort_reden) == (
        "opgeschort",
        "in_uitvoering",
        "ziekenhuisopname",
    )
    services.hervat(actor=consultant, statushouder=sh, datum=D(2023, 8, 1))
    sh = reload(sh)
    assert (sh.status, sh.status_sinds, sh.status_voor_opschorting) == ("in_uitvoering", D(2023, 8, 1), "")
    # voldaan needs the four taal exams, KNM, MAP and PVT of the B1-route (cases.routekaart)
    inschrijving = InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="b1")
    )
    for onderdeel in Onderdeel.objects.filter(
        code__in=["lezen", "luisteren", "spreken", "schrijven", "knm", "map", "pvt"]
    ):
        ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=onderdeel, datum=D(2025, 10, 1))
    services.rond_af(actor=consultant, statushouder=sh, eindreden="voldaan", datum=D(2025, 11, 3))
    sh = reload(sh)
    assert (sh.status, sh.eindreden, sh.einddatum) == ("afgerond", "voldaan", D(2025, 11, 3))
    # the timeline has one event per transition, newest first (besides e.g. the gesprekken planned at vaststelling)
    assert list(sh.tijdlijn.filter(soort__startswith="status:").values_list("soort", flat=True)) == [
        "status:afgerond",
        "status:in_uitvoering",
        "status:opgeschort",
        "status:in_uitvoering",
        "status:pip_concept",
        "status:intake",
        "status:aangemeld",
    ]
    # the dates stamped on the way are kept: finishing overwrote none of them
    assert (sh.intake_start_datum, sh.pip_dagtekening) == (D(2023, 1, 10), D(2023, 3, 14))


def test_registration_refuses_bad_bsn_and_duplicate(registreer):
    with pytest.raises(ValidationError) as err:
        registreer(bsn="123456788")
    assert "elfproef" in str(err.value)
    registreer()
    with pytest.raises(ValidationError) as err:
        registreer()
    assert "al een dossier met dit BSN" in str(err.value)
    assert Statushouder.objects.count() == 1


def test_registration_validates_date_order_before_saving(registreer):
    with pytest.raises(ValidationError):
        registreer(huisvesting_datum=D(2022, 9, 2))  # housed before the koppeling
    assert not Statushouder.objects.exists()


def test_registration_in_another_gemeente_is_refused(registreer, make_user, aalten):
    aalten_consultant = make_user(roles.CONSULTANT, gemeente=aalten)
    with pytest.raises(PermissionDenied):
        registreer(actor=aalten_consultant)


def test_transitions_refuse_wrong_state(registreer, consultant):
    sh = registreer()
    with pytest.raises(TransitionError):
        services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 1))
    with pytest.raises(TransitionError):
        services.schort_op(actor=consultant, statushouder=sh, reden="ziek", datum=D(2023, 1, 1))
    with pytest.raises(TransitionError):
        services.hervat(actor=consultant, statushouder=sh, datum=D(2023, 1, 1))
    with pytest.raises(TransitionError):
        services.rond_af(actor=consultant, statushouder=sh, eindreden="voldaan", datum=D(2023, 1, 1))
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    with pytest.raises(TransitionError):
        services.start_intake(actor=consultant, statushouder=reload(sh), datum=D(2023, 1, 11))


def test_transitions_refuse_bad_dates(registreer, consultant):
    sh = registreer()
    with pytest.raises(ValidationError, match="vergunning"):
        services.start_intake(actor=consultant, statushouder=sh, datum=D(2022, 8, 1))
    with pytest.raises(ValidationError, match="toekomst"):
        services.start_intake(actor=consultant, statushouder=sh, datum=D(2099, 1, 1))
    assert reload(sh).status == "aangemeld"


def test_intake_needs_toets_outcome_and_route(registreer, consultant):
    sh = registreer()
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    with pytest.raises(TransitionError, match="leerbaarheidstoets"):
        services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 1))
    BredeIntake.objects.filter(statushouder=sh).update(leerbaarheidstoets_uitkomst="laag")
    with pytest.raises(TransitionError, match="leerroute"):
        services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 1))
    assert reload(sh).status == "intake"


@pytest.fixture
def concept(registreer, consultant):
    sh = registreer()
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    z = Leerroute.objects.get(code="z")
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="laag", route_advies=z, gekozen_route=z
    )
    versie = services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 20))
    return sh, versie


def test_pip_draft_follows_chosen_route(concept):
    sh, versie = concept
    assert reload(sh).status == "pip_concept"
    assert (versie.leerroute.code, versie.versie, versie.status) == ("z", 1, "concept")
    assert set(versie.componenten) == {"taal", "knm", "map", "pvt"}


def test_vaststelling_refuses_incomplete_plan(concept, consultant, achterhoek):
    sh, versie = concept
    with pytest.raises(TransitionError) as err:
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
    assert "taalaanbieder" in str(err.value) and "doel" in str(err.value)
    versie.taalaanbieder = achterhoek.aanbieders["TopTaal"]
    versie.componenten = ["taal", "knm"]
    versie.save()
    Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Zelfredzaam in het Nederlands")
    with pytest.raises(TransitionError) as err:
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
    assert "PVT" in str(err.value) and "MAP" in str(err.value)
    assert reload(sh).status == "pip_concept"


def test_vaststelling_refuses_provider_without_valid_keurmerk(concept, consultant, achterhoek):
    sh, versie = concept
    toptaal = achterhoek.aanbieders["TopTaal"]
    toptaal.keurmerk_geldig_tot = D(2023, 1, 31)
    toptaal.save()
    versie.taalaanbieder = toptaal
    versie.save()
    Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Zelfredzaam in het Nederlands")
    with pytest.raises(TransitionError, match="keurmerk"):
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))


def test_voldaan_needs_a_pip_but_other_ends_do_not(registreer, consultant, aalten):
    sh = registreer()
    with pytest.raises(TransitionError, match="vastgesteld PIP"):
        services.rond_af(actor=consultant, statushouder=sh, eindreden="voldaan", datum=D(2023, 1, 5))
    with pytest.raises(ValidationError):
        services.rond_af(actor=consultant, statushouder=sh, eindreden="onbekend", datum=D(2023, 1, 5))
    services.rond_af(
        actor=consultant, statushouder=sh, eindreden="verhuisd", datum=D(2023, 1, 5), nieuwe_gemeente=aalten
    )
    assert reload(sh).eindreden == "verhuisd"
    with pytest.raises(TransitionError):
        services.schort_op(actor=consultant, statushouder=reload(sh), reden="x", datum=D(2023, 2, 1))


def test_suspension_needs_a_reason_and_resumes_to_previous_state(registreer, consultant):
    sh = registreer()
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    with pytest.raises(ValidationError):
        services.schort_op(actor=consultant, statushouder=sh, reden="  ", datum=D(2023, 2, 1))
    services.schort_op(actor=consultant, statushouder=sh, reden="terug naar AZC", datum=D(2023, 2, 1))
    with pytest.raises(ValidationError):
        services.hervat(actor=consultant, statushouder=sh, datum=D(2023, 1, 20))
    services.hervat(actor=consultant, statushouder=sh, datum=D(2023, 3, 1))
    assert reload(sh).status == "intake"


def test_only_the_assigned_consultant_or_teamleider_may_write(registreer, make_user, winterswijk, teamleider):
    sh = registreer()
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    with pytest.raises(PermissionDenied):
        services.start_intake(actor=collega, statushouder=sh, datum=D(2023, 1, 10))
    services.start_intake(actor=teamleider, statushouder=sh, datum=D(2023, 1, 10))
    assert reload(sh).status == "intake"


def test_assignment_by_teamleider_to_consultant_of_same_gemeente(registreer, make_user, consultant, teamleider, aalten):
    sh = registreer()
    collega = make_user(roles.CONSULTANT, gemeente=sh.gemeente)
    with pytest.raises(PermissionDenied):
        services.wijs_toe(actor=consultant, statushouder=sh, consultant=collega)
    with pytest.raises(ValidationError):
        services.wijs_toe(actor=teamleider, statushouder=sh, consultant=make_user(roles.CONSULTANT, gemeente=aalten))
    services.wijs_toe(actor=teamleider, statushouder=sh, consultant=collega)
    assert reload(sh).consultant == collega


def test_termijn_extension_recomputes_end(registreer, naar_uitvoering, consultant):
    sh = registreer()
    naar_uitvoering(sh)
    services.registreer_verlenging(
        actor=consultant, statushouder=sh, besluitdatum=D(2025, 10, 1), maanden=6, reden="niet verwijtbaar"
    )
    services.registreer_verlenging(
        actor=consultant, statushouder=sh, besluitdatum=D(2026, 2, 1), maanden=3, reden="aantoonbare inzet"
    )
    assert reload(sh).termijn_einde == D(2026, 12, 15)


def _wijzig(consultant, sh, reden, dagtekening, **velden):
    versie = services.nieuwe_pip_versie(actor=consultant, statushouder=sh, reden=reden, toelichting="gesprek")
    for veld, waarde in velden.items():
        setattr(versie, veld, waarde)
    versie.save()
    return services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=dagtekening)


def test_new_version_copies_goals_and_keeps_history(registreer, naar_uitvoering, consultant):
    sh = registreer()
    naar_uitvoering(sh)
    z = Leerroute.objects.get(code="z")
    v2 = _wijzig(consultant, sh, "schakelen", D(2024, 6, 1), leerroute=z)
    assert v2.versie == 2 and v2.doelen.count() == 1
    versies = PipVersie.objects.filter(pip__statushouder=sh).order_by("versie")
    assert [(v.versie, v.leerroute.code, v.status) for v in versies] == [
        (1, "b1", "vastgesteld"),
        (2, "z", "vastgesteld"),
    ]
    assert reload(sh).pip_dagtekening == D(2023, 3, 14)  # the termijn keeps running from the first PIP


def test_schakelen_after_18_months_refused_except_out_of_onderwijsroute(
    registreer, naar_uitvoering, consultant, achterhoek
):
    sh = registreer()
    naar_uitvoering(sh)  # termijn starts 15 March 2023; schakelen until 15 September 2024
    with pytest.raises(TransitionError, match="anderhalf jaar"):
        _wijzig(consultant, sh, "schakelen", D(2024, 10, 1), leerroute=Leerroute.objects.get(code="z"))

    jong = registreer(bsn="999990020")
    naar_uitvoering(jong, route="onderwijs", aanbieder="Graafschap College")
    v2 = _wijzig(
        consultant,
        jong,
        "schakelen",
        D(2024, 10, 1),
        leerroute=Leerroute.objects.get(code="b1"),
        taalaanbieder=achterhoek.aanbieders["TopTaal"],
        componenten=["taal", "knm", "map", "pvt"],
    )
    assert v2.status == "vastgesteld"


def test_route_change_needs_schakelen_and_a_move_keeps_the_route(registreer, naar_uitvoering, consultant):
    sh = registreer()
    naar_uitvoering(sh)
    z = Leerroute.objects.get(code="z")
    with pytest.raises(TransitionError, match="verhuizing"):
        _wijzig(consultant, sh, "verhuizing", D(2024, 1, 10), leerroute=z)
    PipVersie.objects.filter(pip__statushouder=sh, status="concept").delete()
    with pytest.raises(TransitionError, match="schakelen"):
        _wijzig(consultant, sh, "overig", D(2024, 1, 10), leerroute=z)


def test_afschalen_needs_600_attended_lesson_hours(registreer, naar_uitvoering, consultant, achterhoek):
    sh = registreer()
    naar_uitvoering(sh)
    with pytest.raises(TransitionError, match="600"):
        _wijzig(consultant, sh, "afschalen", D(2025, 1, 6))
    inschrijving = Inschrijving.objects.create(
        statushouder=sh,
        organisatie=achterhoek.aanbieders["TopTaal"],
        leerroute=Leerroute.objects.get(code="b1"),
        startdatum=D(2023, 4, 1),
    )
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(
            inschrijving=inschrijving,
            les_id=f"L{i}",
            datum=D(2023, 4, 3) + dt.timedelta(days=i),
            geplande_minuten=240,
            aanwezige_minuten=240,
            status="aanwezig",
        )
        for i in range(150)  # 150 × 4 h = 600 h
    )
    versie = services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2025, 1, 6))
    assert (versie.wijzigingsreden, versie.taalniveau_doel) == ("afschalen", "A2")


def test_after_a_move_the_new_gemeente_makes_a_new_pip_that_keeps_the_route(
    registreer, naar_uitvoering, make_user, aalten
):
    sh = registreer()
    naar_uitvoering(sh)
    Statushouder.objects.filter(pk=sh.pk).update(gemeente=aalten, consultant=None)  # the move itself comes later
    sh = reload(sh)
    teamleider_aalten = make_user(roles.TEAMLEIDER, gemeente=aalten)
    with pytest.raises(TransitionError, match="verhuizing"):
        _wijzig(teamleider_aalten, sh, "verhuizing", D(2024, 2, 1), leerroute=Leerroute.objects.get(code="z"))
    PipVersie.objects.filter(pip__statushouder=sh, status="concept").delete()
    versie = _wijzig(teamleider_aalten, sh, "verhuizing", D(2024, 2, 1))
    assert (versie.pip.gemeente, versie.versie, versie.wijzigingsreden) == (aalten, 1, "verhuizing")
    assert versie.leerroute.code == "b1" and versie.doelen.count() == 1
    assert reload(sh).pip_dagtekening == D(2023, 3, 14)  # the termijn runs on


def test_extension_date_cannot_lie_ahead(registreer, naar_uitvoering, consultant):
    sh = registreer()
    naar_uitvoering(sh)
    with pytest.raises(ValidationError, match="toekomst"):
        services.registreer_verlenging(
            actor=consultant, statushouder=sh, besluitdatum=D(2099, 1, 1), maanden=6, reden="x"
        )
