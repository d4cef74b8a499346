"""Verhuizing as a warm handover: a new linked case in the new gemeente that keeps the route and the termijn,
the BSN clash that writes nothing, and who sees which case afterwards."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import BredeIntake, Pip, PipVersie, Statushouder, TijdlijnGebeurtenis
from cases.workflow import TransitionError
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Leerroute
from tests.factories import StatushouderFactory

D = dt.date
pytestmark = pytest.mark.django_db
VERHUISDATUM = D(2025, 7, 1)


@pytest.fixture
def aalten_teamleider(make_user, aalten):
    return make_user(roles.TEAMLEIDER, gemeente=aalten)


@pytest.fixture
def lopend(b1_dossier):
    return b1_dossier()


def verhuis(sh, actor, gemeente, datum=VERHUISDATUM):
    return services.rond_af(
        actor=actor,
        statushouder=Statushouder.objects.get(pk=sh.pk),
        eindreden="verhuisd",
        datum=datum,
        nieuwe_gemeente=gemeente,
    )


def test_handover_creates_a_linked_case_that_keeps_route_and_termijn(lopend, consultant, aalten):
    oud = verhuis(lopend, consultant, aalten)
    assert (oud.status, oud.eindreden, oud.einddatum) == ("afgerond", "verhuisd", VERHUISDATUM)
    nieuw = Statushouder.objects.get(gemeente=aalten)
    assert nieuw.vorig_dossier == oud and oud.vervolgdossier == nieuw
    assert nieuw.pk != oud.pk and nieuw.uuid != oud.uuid
    gekopieerd = (
        "bsn", "voornamen", "achternaam", "geboortedatum", "nationaliteit", "talen", "verblijfsvergunning_datum",
        "koppeling_datum", "kennisgeving_datum", "intake_start_datum", "pip_dagtekening", "termijn_einde",
    )  # fmt: skip
    for veld in gekopieerd:
        assert getattr(nieuw, veld) == getattr(oud, veld), veld
    assert nieuw.termijn_einde == D(2026, 9, 15)  # 3 years + the 6 months' extension: the termijn continues
    assert list(nieuw.verlengingen.values_list("maanden", "reden")) == [(6, "ziekte")]
    assert nieuw.consultant is None
    assert (nieuw.status, nieuw.status_sinds) == ("in_uitvoering", VERHUISDATUM)
    assert nieuw.huisvesting_datum == nieuw.brp_inschrijving_datum == VERHUISDATUM
    assert nieuw.overdracht_scenario == "na_verhuizing"

    intake = nieuw.intake
    assert intake.pk != oud.intake.pk and intake.gekozen_route.code == "b1"
    assert intake.afgerond_op == oud.intake.afgerond_op
    assert list(intake.scores.values_list("leefgebied", "score", "toelichting")) == [("taal", 2, "spreekt weinig")]

    pip = Pip.objects.get(statushouder=nieuw)
    assert pip.gemeente == aalten
    versie = pip.versies.get()
    assert (versie.versie, versie.status, versie.wijzigingsreden) == (1, "concept", "verhuizing")
    assert versie.leerroute.code == "b1" and versie.componenten == ["taal", "knm", "map", "pvt"]
    assert versie.taalniveau_doel == "B1" and versie.taalaanbieder is None
    doel = versie.doelen.get()
    assert doel.omschrijving == "Taalniveau B1 halen"
    assert list(doel.acties.values_list("omschrijving", "status")) == [("Taalcafé bezoeken", "bezig")]
    # the old plan is untouched
    assert PipVersie.objects.filter(pip__statushouder=oud).get().status == "vastgesteld"


def test_timeline_and_audit_on_both_cases(lopend, consultant, aalten):
    oud = verhuis(lopend, consultant, aalten)
    nieuw = oud.vervolgdossier
    assert oud.tijdlijn.first().omschrijving == "Afgerond: verhuisd naar Aalten; dossier overgedragen"
    assert nieuw.tijdlijn.get().omschrijving == (
        "Overgedragen door gemeente Winterswijk na verhuizing; nieuw PIP (verhuizing) in voorbereiding"
    )
    assert nieuw.tijdlijn.get().datum == VERHUISDATUM
    assert AuditEvent.objects.filter(handeling=Handeling.CREATE, object_id=str(nieuw.uuid)).exists()
    assert AuditEvent.objects.filter(
        handeling=Handeling.CREATE, object_type="cases.pipversie", statushouder_id=nieuw.uuid
    ).exists()
    assert AuditEvent.objects.filter(
        handeling=Handeling.UPDATE, object_id=str(oud.uuid), toelichting="overgedragen aan Aalten"
    ).exists()


def test_a_toelichting_goes_into_the_old_timeline(lopend, consultant, aalten):
    oud = services.rond_af(
        actor=consultant,
        statushouder=lopend,
        eindreden="verhuisd",
        datum=VERHUISDATUM,
        nieuwe_gemeente=aalten,
        toelichting="woont bij familie",
    )
    assert (
        oud.tijdlijn.first().omschrijving == "Afgerond: verhuisd naar Aalten; dossier overgedragen — woont bij familie"
    )


def test_the_new_gemeente_cannot_change_the_route_with_reason_verhuizing(
    lopend, consultant, aalten, aalten_teamleider, achterhoek
):
    nieuw = verhuis(lopend, consultant, aalten).vervolgdossier
    concept = PipVersie.objects.get(pip__statushouder=nieuw)
    concept.taalaanbieder = achterhoek.aanbieders["TopTaal"]
    concept.leerroute = Leerroute.objects.get(code="z")
    concept.save()
    with pytest.raises(TransitionError, match="Bij een verhuizing blijft de leerroute gelijk."):
        services.stel_pip_vast(actor=aalten_teamleider, statushouder=nieuw, dagtekening=D(2025, 8, 1))
    concept.leerroute = Leerroute.objects.get(code="b1")
    concept.save()
    with pytest.raises(ValidationError, match="vóór die van de vorige versie"):
        services.stel_pip_vast(actor=aalten_teamleider, statushouder=nieuw, dagtekening=D(2023, 3, 1))
    versie = services.stel_pip_vast(actor=aalten_teamleider, statushouder=nieuw, dagtekening=D(2025, 8, 1))
    assert versie.status == "vastgesteld"
    nieuw.refresh_from_db()
    assert (nieuw.status, nieuw.pip_dagtekening, nieuw.termijn_einde) == (
        "in_uitvoering",
        D(2023, 3, 14),
        D(2026, 9, 15),
    )
    assert nieuw.tijdlijn.first().omschrijving == "PIP versie 1 vastgesteld (verhuizing)"


def test_bsn_already_in_the_new_gemeente_writes_nothing(lopend, consultant, aalten):
    StatushouderFactory(gemeente=aalten, bsn=lopend.bsn)
    tijdlijn, pips, events = TijdlijnGebeurtenis.objects.count(), Pip.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        verhuis(lopend, consultant, aalten)
    assert exc.value.message_dict == {
        "nieuwe_gemeente": [
            "Er bestaat in Aalten al een dossier met dit BSN. "
            "Er is niets overgedragen; neem contact op met die gemeente."
        ]
    }
    lopend.refresh_from_db()
    assert (lopend.status, lopend.eindreden) == ("in_uitvoering", "")
    assert Statushouder.objects.filter(gemeente=aalten, vorig_dossier__isnull=False).count() == 0
    assert (TijdlijnGebeurtenis.objects.count(), Pip.objects.count(), AuditEvent.objects.count()) == (
        tijdlijn,
        pips,
        events,
    )


def test_without_a_plan_the_new_case_starts_aangemeld(registreer, consultant, aalten):
    oud = verhuis(registreer(), consultant, aalten, datum=D(2023, 1, 5))
    nieuw = oud.vervolgdossier
    assert (nieuw.status, nieuw.pip_dagtekening) == ("aangemeld", None)
    assert not BredeIntake.objects.filter(statushouder=nieuw).exists() and not Pip.objects.filter(statushouder=nieuw)
    assert nieuw.tijdlijn.get().omschrijving == "Overgedragen door gemeente Winterswijk na verhuizing; status aangemeld"


def test_during_the_intake_the_new_gemeente_finishes_the_copied_intake(
    registreer, consultant, aalten_teamleider, aalten
):
    sh = registreer()
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="hoog", gekozen_route=Leerroute.objects.get(code="b1")
    )
    nieuw = verhuis(sh, consultant, aalten, datum=D(2023, 2, 1)).vervolgdossier
    assert (nieuw.status, nieuw.intake_start_datum, nieuw.intake.startdatum) == (
        "intake",
        D(2023, 1, 10),
        D(2023, 1, 10),
    )
    assert nieuw.intake.gekozen_route.code == "b1"
    versie = services.rond_intake_af(actor=aalten_teamleider, statushouder=nieuw, datum=D(2023, 2, 20))
    assert versie.pip.gemeente == aalten and versie.leerroute.code == "b1"


def test_a_suspended_case_with_a_plan_continues_in_uitvoering(lopend, consultant, aalten):
    services.schort_op(actor=consultant, statushouder=lopend, reden="ziekenhuisopname", datum=D(2025, 5, 1))
    nieuw = verhuis(lopend, consultant, aalten).vervolgdossier
    assert nieuw.status == "in_uitvoering" and nieuw.opschort_reden == ""


def test_a_second_move_before_the_new_plan_keeps_the_route(lopend, consultant, aalten, make_user, achterhoek):
    berkelland = achterhoek.gemeenten["Berkelland"]
    aalten_consulent = make_user(roles.CONSULTANT, gemeente=aalten)
    tussen = verhuis(lopend, consultant, aalten).vervolgdossier
    Statushouder.objects.filter(pk=tussen.pk).update(consultant=aalten_consulent)
    derde = verhuis(tussen, aalten_consulent, berkelland, datum=D(2025, 9, 1)).vervolgdossier
    assert derde.vorig_dossier == tussen and derde.status == "in_uitvoering"
    versie = PipVersie.objects.get(pip__statushouder=derde)
    assert (versie.wijzigingsreden, versie.leerroute.code, versie.doelen.count()) == ("verhuizing", "b1", 1)


# --- who sees what --------------------------------------------------------------------------------


def test_the_new_gemeente_sees_the_new_case_and_not_the_old_one(client, lopend, consultant, aalten, aalten_teamleider):
    oud = verhuis(lopend, consultant, aalten)
    nieuw = oud.vervolgdossier
    client.force_login(aalten_teamleider)
    r = client.get(reverse("cases:dossier", args=[nieuw.uuid]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Overgedragen door gemeente Winterswijk op 01-07-2025 (verhuizing)." in html
    assert str(oud.uuid) not in html  # no link into the other gemeente's file
    assert "<strong>PIP vastgesteld</strong>: gedaan (14-03-2023) — B1-route" in html
    assert client.get(reverse("cases:dossier", args=[oud.uuid])).status_code == 404


def test_the_old_gemeente_keeps_the_closed_case_and_does_not_see_the_new_one(client, lopend, consultant, aalten):
    oud = verhuis(lopend, consultant, aalten)
    client.force_login(consultant)
    r = client.get(reverse("cases:dossier", args=[oud.uuid]))
    assert r.status_code == 200 and "Afgerond: verhuisd naar Aalten" in r.content.decode()
    assert client.get(reverse("cases:dossier", args=[oud.vervolgdossier.uuid])).status_code == 404


def test_close_as_verhuisd_through_the_form(client, lopend, consultant, aalten):
    client.force_login(consultant)
    url = reverse("cases:afronden", args=[lopend.uuid])
    leeg = client.post(url, {"afronden-eindreden": "verhuisd", "afronden-datum": "2025-07-01"})
    assert 'id="id_afronden-nieuwe_gemeente_error"' in leeg.content.decode()
    assert "Kies de gemeente waarheen de statushouder verhuist." in leeg.content.decode()
    r = client.post(
        url, {"afronden-eindreden": "verhuisd", "afronden-datum": "2025-07-01", "afronden-nieuwe_gemeente": aalten.pk}
    )
    assert r.status_code == 302
    assert Statushouder.objects.get(gemeente=aalten).vorig_dossier_id == lopend.pk
