"""Each state transition of DESIGN.md §4 and the preconditions it refuses."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import BredeIntake, Doel, PipVersie, Statushouder
from cases.workflow import OPSCHORTBAAR, TRANSITIONS, Status, TransitionError
from inburgering.accounts import roles
from leerroutes.models import Aanwezigheid, Inschrijving, Leerroute, Onderdeel
from tests.factories import ExamenresultaatFactory, InschrijvingFactory, leg_route_af

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
    # voldaan needs the four taal exams, KNM, and the MAP and PVT records of the B1-route (cases.routekaart)
    inschrijving = InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="b1")
    )
    for onderdeel in Onderdeel.objects.filter(code__in=["lezen", "luisteren", "spreken", "schrijven", "knm"]):
        ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=onderdeel, datum=D(2025, 10, 1))
    leg_route_af(sh, datum=D(2025, 10, 1))
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
    toptaal.keurmerken.update(geldig_tot=D(2023, 1, 31))
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
    v2 = _wijzig(consultant, sh, "schakelen", D(2024, 6, 1), leerroute=z, taalniveau_doel="")
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
    naar_uitvoering(sh)  # termijn starts 15 March 2023; schakelen up to and including 14 September 2024
    with pytest.raises(TransitionError, match="anderhalf jaar"):
        _wijzig(
            consultant, sh, "schakelen", D(2024, 10, 1), leerroute=Leerroute.objects.get(code="z"), taalniveau_doel=""
        )

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
        _wijzig(consultant, sh, "verhuizing", D(2024, 1, 10), leerroute=z, taalniveau_doel="")
    PipVersie.objects.filter(pip__statushouder=sh, status="concept").delete()
    with pytest.raises(TransitionError, match="schakelen"):
        _wijzig(consultant, sh, "overig", D(2024, 1, 10), leerroute=z, taalniveau_doel="")


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
        _wijzig(
            teamleider_aalten,
            sh,
            "verhuizing",
            D(2024, 2, 1),
            leerroute=Leerroute.objects.get(code="z"),
            taalniveau_doel="",
        )
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


# --- Legal rules: both edges of every boundary --------------------------------------------------------


def _concept_wijziging(consultant, sh, reden, **velden):
    versie = services.nieuwe_pip_versie(actor=consultant, statushouder=sh, reden=reden, toelichting="gesprek")
    for veld, waarde in velden.items():
        setattr(versie, veld, waarde)
    versie.save()
    return versie


@pytest.mark.parametrize(
    ("dagtekening", "toegestaan"),
    [(D(2024, 9, 14), True), (D(2024, 9, 15), False)],  # the last allowed day, the first day after
)
def test_schakelen_boundary_is_18_months_from_the_day_after_the_first_dagtekening(
    registreer, naar_uitvoering, consultant, dagtekening, toegestaan
):
    """First PIP dated 14-03-2023: the termijn starts 15-03-2023 (art. 11), 1.5 years of it end on 14-09-2024."""
    sh = registreer()
    naar_uitvoering(sh, dagtekening=D(2023, 3, 14))
    z = Leerroute.objects.get(code="z")
    concept = _concept_wijziging(consultant, sh, "schakelen", leerroute=z, taalniveau_doel="")
    tijdlijn = reload(sh).tijdlijn.count()
    if toegestaan:
        versie = services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=dagtekening)
        assert (versie.status, versie.leerroute.code) == ("vastgesteld", "z")
    else:
        with pytest.raises(TransitionError, match=r"anderhalf jaar van de termijn \(tot en met 14-09-2024\)"):
            services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=dagtekening)
        concept.refresh_from_db()
        assert (concept.status, concept.dagtekening) == ("concept", None)
        assert reload(sh).tijdlijn.count() == tijdlijn


def test_schakelen_period_runs_from_the_first_pip_not_from_a_later_version(registreer, naar_uitvoering, consultant):
    sh = registreer()
    naar_uitvoering(sh, dagtekening=D(2023, 3, 14))
    _wijzig(consultant, sh, "overig", D(2024, 6, 1))  # a later version does not restart the period
    z = Leerroute.objects.get(code="z")
    with pytest.raises(TransitionError, match="anderhalf jaar"):
        _wijzig(consultant, sh, "schakelen", D(2024, 9, 15), leerroute=z, taalniveau_doel="")


def test_afschalen_only_within_the_b1_route(registreer, naar_uitvoering, consultant):
    sh = registreer()
    naar_uitvoering(sh, route="z")
    with pytest.raises(ValidationError) as err:
        services.nieuwe_pip_versie(actor=consultant, statushouder=sh, reden="afschalen")
    assert err.value.message_dict["reden"] == ["Afschalen naar A2 kan alleen binnen de B1-route, niet in de Z-route."]
    assert not PipVersie.objects.filter(pip__statushouder=sh, status="concept").exists()
    # nor by setting A2 on a Z-route plan some other way
    concept = _concept_wijziging(consultant, sh, "overig")
    with pytest.raises(ValidationError) as err:
        services.werk_pip_concept_bij(actor=consultant, statushouder=sh, taalniveau_doel="A2")
    assert "alleen binnen de B1-route" in err.value.message_dict["taalniveau_doel"][0]
    concept.refresh_from_db()
    assert concept.taalniveau_doel == ""


@pytest.mark.parametrize(
    ("route", "niveau", "fout"),
    [
        ("onderwijs", "A2", "Niveau A2 past niet bij de onderwijsroute"),
        ("onderwijs", "B1", None),
        ("z", "B1", "Niveau B1 past niet bij de Z-route."),
        ("z", "A2", "Afschalen naar A2 kan alleen binnen de B1-route"),
        ("z", "", None),
        ("b1", "A2", "Niveau A2 kan niet in het eerste PIP"),
        ("b1", "B1", None),
    ],
)
@pytest.mark.usefixtures("vandaag")  # the PIP editor checks the provider's contract on today
def test_taalniveau_must_fit_the_route_in_the_first_pip(concept, consultant, achterhoek, route, niveau, fout):
    """DUO's rules for a PIP (duo-m2m README, PIP, Niveau), on the concept editor and at vaststelling."""
    sh, versie = concept
    leerroute = Leerroute.objects.get(code=route)
    BredeIntake.objects.filter(statushouder=sh).update(route_advies=leerroute, gekozen_route=leerroute)
    aanbieder = achterhoek.aanbieders["HAN" if route == "onderwijs" else "TopTaal"]
    PipVersie.objects.filter(pk=versie.pk).update(leerroute=leerroute, taalaanbieder=aanbieder)
    Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Zelfredzaam in het Nederlands")
    if fout:
        with pytest.raises(ValidationError) as err:
            services.werk_pip_concept_bij(actor=consultant, statushouder=sh, taalniveau_doel=niveau)
        assert fout in err.value.message_dict["taalniveau_doel"][0]
        PipVersie.objects.filter(pk=versie.pk).update(taalniveau_doel=niveau)  # past the editor: vaststelling refuses
        with pytest.raises(TransitionError, match=fout):
            services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
        assert reload(sh).status == "pip_concept"
    else:
        services.werk_pip_concept_bij(actor=consultant, statushouder=sh, taalniveau_doel=niveau)
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
        assert reload(sh).status == "in_uitvoering"


def test_a2_in_the_b1_route_only_by_afschalen_after_the_first_pip(registreer, naar_uitvoering, consultant):
    sh = registreer()
    naar_uitvoering(sh)
    with pytest.raises(TransitionError, match="wijzigingsreden 'afschalen naar A2'"):
        _wijzig(consultant, sh, "overig", D(2024, 1, 10), taalniveau_doel="A2")


def test_route_departing_from_the_advice_in_the_pip_concept_needs_written_reasons(concept, consultant):
    sh, versie = concept  # advice and chosen route: Z-route
    b1 = Leerroute.objects.get(code="b1")
    with pytest.raises(ValidationError) as err:
        services.werk_pip_concept_bij(actor=consultant, statushouder=sh, leerroute=b1, taalniveau_doel="B1")
    assert err.value.message_dict["afwijking_motivering"] == [
        "De B1-route wijkt af van het advies van de leerbaarheidstoets (Z-route): licht schriftelijk toe waarom."
    ]
    versie.refresh_from_db()
    assert versie.leerroute.code == "z"
    services.werk_pip_concept_bij(
        actor=consultant,
        statushouder=sh,
        leerroute=b1,
        taalniveau_doel="B1",
        afwijking_motivering="Leert snel; taalcursus in het AZC met succes gevolgd.",
    )
    intake = BredeIntake.objects.get(statushouder=sh)
    assert (intake.gekozen_route, intake.afwijking_motivering) == (
        b1,
        "Leert snel; taalcursus in het AZC met succes gevolgd.",
    )
    # back to the advice: no reasons needed
    services.werk_pip_concept_bij(actor=consultant, statushouder=sh, leerroute=intake.route_advies, taalniveau_doel="")
    assert BredeIntake.objects.get(statushouder=sh).gekozen_route.code == "z"


def test_vaststelling_refuses_a_route_departing_from_the_advice_without_reasons(concept, consultant, achterhoek):
    sh, versie = concept
    PipVersie.objects.filter(pk=versie.pk).update(
        leerroute=Leerroute.objects.get(code="b1"), taalniveau_doel="B1", taalaanbieder=achterhoek.aanbieders["TopTaal"]
    )
    Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Zelfredzaam in het Nederlands")
    with pytest.raises(TransitionError, match="wijkt af van het advies"):
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
    BredeIntake.objects.filter(statushouder=sh).update(
        gekozen_route=Leerroute.objects.get(code="b1"), afwijking_motivering="Leert snel."
    )
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
    assert reload(sh).status == "in_uitvoering"


# --- PIP deadline (requirement 2) ---------------------------------------------------------------------


def test_pip_deadline_extended_with_a_reason_logged_and_on_the_timeline(registreer, consultant):
    from cases import deadlines
    from inburgering.audit.models import AuditEvent

    sh = registreer()  # deadline: max(20-09-2022, 05-12-2022) + 10 weeks = 13-02-2023
    assert deadlines.pip_deadline(sh) == D(2023, 2, 13)
    with pytest.raises(ValidationError) as err:
        services.verleng_pip_deadline(actor=consultant, statushouder=sh, deadline=D(2023, 2, 13), reden="  ")
    assert err.value.message_dict == {
        "reden": ["Geef de reden van de langere termijn, bijvoorbeeld welke informatie van derden u afwacht."],
        "deadline": ["De nieuwe deadline moet na de wettelijke deadline (13-02-2023) liggen."],
    }
    assert reload(sh).pip_deadline_afwijking is None
    services.verleng_pip_deadline(
        actor=consultant, statushouder=sh, deadline=D(2099, 2, 14), reden="wacht op medische informatie"
    )
    sh = reload(sh)
    assert (sh.pip_deadline_afwijking, sh.pip_deadline_afwijking_reden) == (
        D(2099, 2, 14),
        "wacht op medische informatie",
    )
    assert deadlines.pip_deadline(sh) == D(2099, 2, 14)
    assert sh.tijdlijn.filter(soort="pip:deadline", omschrijving__contains="14-02-2099").exists()
    assert AuditEvent.objects.filter(object_type="cases.statushouder", handeling="update").exists()


def test_pip_deadline_cannot_be_extended_once_the_pip_is_vastgesteld(registreer, naar_uitvoering, consultant):
    sh = registreer()
    naar_uitvoering(sh)
    with pytest.raises(TransitionError, match="geen PIP is vastgesteld"):
        services.verleng_pip_deadline(actor=consultant, statushouder=sh, deadline=D(2099, 1, 1), reden="x")


# --- Every transition from every state -----------------------------------------------------------------

NA = D(2023, 6, 1)  # after every date the states below were built with


def _bouw(state, registreer, consultant, achterhoek):
    sh = registreer()
    if state == "afgerond":
        services.rond_af(
            actor=consultant, statushouder=sh, eindreden="overig", toelichting="vertrokken", datum=D(2023, 1, 5)
        )
        return reload(sh)
    if state == "aangemeld":
        return sh
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    b1 = Leerroute.objects.get(code="b1")
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="hoog", route_advies=b1, gekozen_route=b1
    )
    if state in ("intake", "opgeschort_intake"):
        if state == "opgeschort_intake":
            services.schort_op(actor=consultant, statushouder=sh, reden="ziek", datum=D(2023, 2, 1))
        return reload(sh)
    versie = services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 20))
    versie.taalaanbieder = achterhoek.aanbieders["TopTaal"]
    versie.save()
    Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Taalniveau B1 halen")
    if state in ("pip_concept", "opgeschort_pip_concept"):
        if state == "opgeschort_pip_concept":  # a complete concept: only the suspension stands in the way
            services.schort_op(actor=consultant, statushouder=sh, reden="ziek", datum=D(2023, 3, 1))
        return reload(sh)
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
    if state == "opgeschort_in_uitvoering":
        services.schort_op(actor=consultant, statushouder=sh, reden="ziek", datum=D(2023, 4, 1))
    return reload(sh)


STATES = [
    "aangemeld", "intake", "pip_concept", "in_uitvoering",
    "opgeschort_intake", "opgeschort_pip_concept", "opgeschort_in_uitvoering", "afgerond",
]  # fmt: skip


def _start(consultant, sh):
    services.start_intake(actor=consultant, statushouder=sh, datum=NA)


def _intake_af(consultant, sh):
    services.rond_intake_af(actor=consultant, statushouder=sh, datum=NA)


def _vaststellen(consultant, sh):
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=NA)


def _opschorten(consultant, sh):
    services.schort_op(actor=consultant, statushouder=sh, reden="ziekenhuisopname", datum=NA)


def _hervatten(consultant, sh):
    services.hervat(actor=consultant, statushouder=sh, datum=NA)


def _afronden(consultant, sh):
    services.rond_af(actor=consultant, statushouder=sh, eindreden="overig", toelichting="vertrokken", datum=NA)


# The service that moves a case to each target state. Hervatten has no target of its own: it moves a suspended
# case back to the state it was suspended in (one of OPSCHORTBAAR), so it covers those transitions out of
# opgeschort.
SERVICES = {
    Status.INTAKE: {"start_intake": _start},
    Status.PIP_CONCEPT: {"rond_intake_af": _intake_af},
    Status.IN_UITVOERING: {"stel_pip_vast": _vaststellen},
    "vorige status": {"hervat": _hervatten},
    Status.OPGESCHORT: {"schort_op": _opschorten},
    Status.AFGEROND: {"rond_af": _afronden},
}


def test_the_services_cover_every_transition():
    assert set(SERVICES) - {"vorige status"} == {t for targets in TRANSITIONS.values() for t in targets}
    assert set(TRANSITIONS[Status.OPGESCHORT]) - {Status.AFGEROND} == set(OPSCHORTBAAR)  # by hervat


def _doel(state: str, target: str) -> str:
    return state.removeprefix("opgeschort_") if target == "vorige status" else target


def _toegestaan(state: str, target: str) -> bool:
    current = "opgeschort" if state.startswith("opgeschort") else state
    if target == "vorige status":
        return current == "opgeschort" and _doel(state, target) in TRANSITIONS[current]
    if target not in TRANSITIONS[current]:
        return False
    return current != "opgeschort" or target == Status.AFGEROND  # forward steps wait until resumed


def _momentopname(sh):
    from inburgering.audit.models import AuditEvent

    return (
        Statushouder.objects.filter(pk=sh.pk).values().get(),
        list(PipVersie.objects.filter(pip__statushouder=sh).order_by("pk").values("status", "dagtekening")),
        list(BredeIntake.objects.filter(statushouder=sh).values()),
        sh.tijdlijn.count(),
        sh.voortgangsgesprekken.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(
    ("target", "service"), [(target, naam) for target, services_ in SERVICES.items() for naam in services_]
)
def test_every_transition_from_every_state(registreer, consultant, achterhoek, state, target, service):
    """Allowed transitions (cases.workflow.TRANSITIONS) succeed through their service; every other one is
    refused with a Dutch message and writes nothing."""
    sh = _bouw(state, registreer, consultant, achterhoek)
    uitvoeren = SERVICES[target][service]
    if _toegestaan(state, target):
        uitvoeren(consultant, sh)
        assert reload(sh).status == _doel(state, target)
        return
    ervoor = _momentopname(sh)
    with pytest.raises(ValidationError) as err:
        uitvoeren(consultant, sh)
    bericht = " ".join(err.value.messages)
    assert re.search(r"\b(kan|niet|geen|alleen|eerst|hervat)\b", bericht), bericht
    assert _momentopname(reload(sh)) == ervoor


def test_vaststelling_of_a_suspended_pip_concept_after_resuming(registreer, consultant, achterhoek):
    sh = _bouw("opgeschort_pip_concept", registreer, consultant, achterhoek)
    with pytest.raises(TransitionError, match="opgeschort.*hervat eerst het dossier"):
        services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 3, 14))
    services.hervat(actor=consultant, statushouder=sh, datum=D(2023, 4, 1))
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=D(2023, 4, 3))
    sh = reload(sh)
    assert (sh.status, sh.pip_dagtekening, sh.termijn_einde) == ("in_uitvoering", D(2023, 4, 3), D(2026, 4, 4))
