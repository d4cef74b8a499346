"""The permission matrix of DESIGN.md §2: for each role, own gemeente vs other gemeente, the selectors
return exactly what the role may see — and a regiocoördinator or beheerder sees no personal data."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from guardian.shortcuts import assign_perm

from cases import selectors
from cases.models import BredeIntake, Pip, PipVersie, Statushouder, TijdlijnGebeurtenis, Voortgangsgesprek
from inburgering.accounts import roles
from leerroutes.models import Aanwezigheid, Inschrijving, Leerroute
from tests.factories import StatushouderFactory

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(achterhoek, make_user):
    """Winterswijk: a consultant's own case and a colleague's case; Aalten: one case."""
    ww, aalten = achterhoek.gemeenten["Winterswijk"], achterhoek.gemeenten["Aalten"]
    users = {
        "consultant": make_user(roles.CONSULTANT, gemeente=ww),
        "collega": make_user(roles.CONSULTANT, gemeente=ww),
        "teamleider": make_user(roles.TEAMLEIDER, gemeente=ww),
        "consultant_aalten": make_user(roles.CONSULTANT, gemeente=aalten),
        "teamleider_aalten": make_user(roles.TEAMLEIDER, gemeente=aalten),
        "regiocoordinator": make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio),
        "beheerder": make_user(roles.BEHEERDER),
        "superuser": make_user(roles.BEHEERDER, is_superuser=True),
    }
    cases = {
        "eigen": StatushouderFactory(gemeente=ww, consultant=users["consultant"]),
        "collega": StatushouderFactory(gemeente=ww, consultant=users["collega"]),
        "aalten": StatushouderFactory(gemeente=aalten, consultant=users["consultant_aalten"]),
    }
    b1 = Leerroute.objects.get(code="b1")
    for sh in cases.values():
        BredeIntake.objects.create(statushouder=sh, startdatum=D(2025, 3, 1), gezondheid="vertrouwelijk")
        pip = Pip.objects.create(statushouder=sh, gemeente=sh.gemeente)
        PipVersie.objects.create(pip=pip, versie=1, wijzigingsreden="eerste_plan")
        Voortgangsgesprek.objects.create(statushouder=sh, gepland_op=D(2025, 6, 1))
        TijdlijnGebeurtenis.objects.create(statushouder=sh, datum=D(2025, 3, 1), soort="x", omschrijving="x")
        inschrijving = Inschrijving.objects.create(
            statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=b1, startdatum=D(2025, 5, 1)
        )
        Aanwezigheid.objects.create(
            inschrijving=inschrijving,
            les_id="L1",
            datum=D(2025, 5, 5),
            geplande_minuten=180,
            aanwezige_minuten=180,
            status="aanwezig",
        )
    return users, cases


MATRIX = {
    # user: (cases visible, cases writable)
    "consultant": ({"eigen", "collega"}, {"eigen"}),
    "collega": ({"eigen", "collega"}, {"collega"}),
    "teamleider": ({"eigen", "collega"}, {"eigen", "collega"}),
    "consultant_aalten": ({"aalten"}, {"aalten"}),
    "teamleider_aalten": ({"aalten"}, {"aalten"}),
    "regiocoordinator": (set(), set()),
    "beheerder": (set(), set()),
    "superuser": (set(), set()),
}


def names(qs, cases):
    by_pk = {sh.pk: name for name, sh in cases.items()}
    return {by_pk[pk] for pk in qs.values_list("pk", flat=True)}


@pytest.mark.parametrize("user_key", MATRIX)
def test_statushouder_matrix(world, user_key):
    users, cases = world
    visible, writable = MATRIX[user_key]
    user = users[user_key]
    assert names(Statushouder.objects.for_user(user), cases) == visible
    assert names(Statushouder.objects.for_user(user, "change"), cases) == writable
    assert names(selectors.statushouders_for(user), cases) == visible


RELATED = [
    (BredeIntake, "statushouder"),
    (PipVersie, "pip__statushouder"),
    (Voortgangsgesprek, "statushouder"),
    (TijdlijnGebeurtenis, "statushouder"),
    (Inschrijving, "statushouder"),
    (Aanwezigheid, "inschrijving__statushouder"),
]


@pytest.mark.parametrize("user_key", MATRIX)
@pytest.mark.parametrize(("model", "path"), RELATED, ids=[m.__name__ for m, _ in RELATED])
def test_related_records_follow_the_case(world, user_key, model, path):
    users, cases = world
    visible, _ = MATRIX[user_key]
    owners = set(model.objects.for_user(users[user_key]).values_list(f"{path}__pk", flat=True))
    assert owners == {cases[name].pk for name in visible}


def test_winterswijk_consultant_sees_no_case_of_aalten(world):
    users, cases = world
    assert not Statushouder.objects.for_user(users["consultant"]).filter(gemeente__naam="Aalten").exists()
    with pytest.raises(Statushouder.DoesNotExist):
        selectors.get_statushouder(users["consultant"], cases["aalten"].uuid)


def test_regiocoordinator_sees_no_statushouder_rows(world):
    users, _ = world
    regio = users["regiocoordinator"]
    assert regio.has_perm("partners.rapportages_inzien", cases_regio(world))  # aggregates of the own region
    for model, _path in [(Statushouder, None), *RELATED]:
        assert not model.objects.for_user(regio).exists()
        assert not model.objects.for_user(regio, "change").exists()


def cases_regio(world):
    _, cases = world
    return cases["eigen"].gemeente.arbeidsmarktregio


def test_explicit_case_grant_gives_cover_across_gemeenten(world):
    users, cases = world
    assign_perm("cases.view_statushouder", users["consultant"], cases["aalten"])
    assert names(Statushouder.objects.for_user(users["consultant"]), cases) == {"eigen", "collega", "aalten"}
    assert names(Statushouder.objects.for_user(users["consultant"], "change"), cases) == {"eigen"}
    # a grant to someone without a casework role gives nothing
    assign_perm("cases.view_statushouder", users["regiocoordinator"], cases["aalten"])
    assert not Statushouder.objects.for_user(users["regiocoordinator"]).exists()


def test_inactive_and_anonymous_users_see_nothing(world):
    users, _ = world
    users["teamleider"].is_active = False
    assert not Statushouder.objects.for_user(users["teamleider"]).exists()
    assert not Statushouder.objects.for_user(AnonymousUser()).exists()


def test_for_user_is_one_query_for_any_list_size(world, django_assert_num_queries):
    users, cases = world
    for _ in range(20):
        StatushouderFactory(gemeente=cases["eigen"].gemeente)
    user = type(users["teamleider"]).objects.get(pk=users["teamleider"].pk)  # nothing cached
    with django_assert_num_queries(1):
        assert len(list(Statushouder.objects.for_user(user))) == 22


def test_unknown_action_is_a_programming_error(world):
    users, _ = world
    with pytest.raises(ValueError):
        Statushouder.objects.for_user(users["consultant"], "delete")
