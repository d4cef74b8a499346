"""CompiledQuery: a queryset compiled once runs with each call's values, and gives what the queryset gives."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from cases.models import Statushouder
from inburgering.compiled import CompiledQuery, compiled, precompile_annotations
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db


def test_runs_with_each_calls_values_and_builds_instances_with_related_and_annotations(wereld):
    _users, cases = wereld
    query = CompiledQuery(
        lambda pk: (
            Statushouder.objects.filter(pk=pk)
            .select_related("gemeente", "consultant")
            .annotate(gemeente_naam=F("gemeente__naam"))
        ),
        pk=int,
    )
    for sh in (cases["eigen"], cases["aalten"]):
        (rij,) = query(pk=sh.pk)
        assert rij == sh and rij.achternaam == sh.achternaam
        assert rij.gemeente.naam == rij.gemeente_naam == sh.gemeente.naam
        assert rij.consultant == sh.consultant
    assert query(pk=-1) == []
    assert query.first(pk=-1) is None


def test_values_rows_keep_the_order_of_values(wereld):
    _users, cases = wereld
    query = CompiledQuery(
        lambda gemeente: (
            Statushouder.objects.filter(gemeente_id=gemeente)
            .values("gemeente_id")
            .annotate(n=Count("pk"))
            .values("n", "gemeente_id")
        ),
        gemeente=int,
    )
    eigen = cases["eigen"]
    verwacht = Statushouder.objects.filter(gemeente=eigen.gemeente).count()
    assert query(gemeente=eigen.gemeente_id) == [{"n": verwacht, "gemeente_id": eigen.gemeente_id}]


def test_a_permission_query_compiled_for_one_user_answers_for_each_user(wereld):
    """The SQL of `for_user` is compiled with a stand-in user: each call sees only what its own user may see."""
    users, cases = wereld

    @compiled(user=settings.AUTH_USER_MODEL)
    def zichtbaar(*, user, actief: bool):
        qs = Statushouder.objects.for_user(user)
        return qs.actief() if actief else qs

    for naam in ("consultant", "consultant_aalten", "teamleider", "regiocoordinator", "beheerder"):
        user = users[naam]
        verwacht = set(Statushouder.objects.for_user(user).values_list("pk", flat=True))
        assert {sh.pk for sh in zichtbaar(user=user, actief=False)} == verwacht, naam
    assert cases["aalten"] not in zichtbaar(user=users["consultant"], actief=False)
    assert zichtbaar(user=AnonymousUser(), actief=False) == []


def test_a_value_the_queryset_does_not_pass_on_unchanged_is_refused(wereld):
    query = CompiledQuery(
        lambda vanaf: Statushouder.objects.filter(geboortedatum__gte=vanaf - dt.timedelta(days=1)), vanaf=dt.date
    )
    with pytest.raises(ValueError, match="vanaf"):
        query(vanaf=dt.date(2000, 1, 1))


def test_new_rows_are_seen_after_compiling(wereld):
    _users, cases = wereld
    gemeente = cases["eigen"].gemeente
    query = CompiledQuery(lambda gemeente: Statushouder.objects.filter(gemeente_id=gemeente), gemeente=int)
    voor = len(query(gemeente=gemeente.pk))
    StatushouderFactory(gemeente=gemeente)
    assert len(query(gemeente=gemeente.pk)) == voor + 1


def test_precompiled_annotations_give_the_same_rows_filtered_and_sorted(wereld):
    _users, cases = wereld
    basis = Statushouder.objects.select_related("gemeente").annotate(
        gemeente_naam=F("gemeente__naam"), aantal_dossiers=Count("gemeente__statushouders")
    )
    vooraf = precompile_annotations(basis.annotate(naam_lengte=Length("achternaam")))
    assert isinstance(vooraf.query.annotations["naam_lengte"], RawSQL)
    assert not isinstance(vooraf.query.annotations["aantal_dossiers"], RawSQL)  # an aggregate stays whole
    gewoon = basis.annotate(naam_lengte=Length("achternaam"))
    for qs in (vooraf, gewoon):
        qs = qs.filter(gemeente_naam="Winterswijk").order_by("-naam_lengte", "pk")
        assert [(sh.pk, sh.naam_lengte, sh.aantal_dossiers) for sh in qs] == [
            (sh.pk, len(sh.achternaam), 2)
            for sh in sorted((cases["eigen"], cases["collega"]), key=lambda s: (-len(s.achternaam), s.pk))
        ]


def test_runs_as_a_prepared_statement_and_keeps_answering_with_each_calls_values(wereld):
    """The SQL is prepared on the connection (planned a few times, then reused): later calls with other values still
    get their own rows, and Django's query log still shows the SQL with its values."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _users, cases = wereld
    query = CompiledQuery(lambda pk: Statushouder.objects.filter(pk=pk).values("achternaam"), pk=int)
    for _ in range(7):  # past PostgreSQL's 5 custom plans: the generic plan answers too
        for sh in (cases["eigen"], cases["aalten"]):
            assert query(pk=sh.pk) == [{"achternaam": sh.achternaam}]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%cases_statushouder%"])
        assert cursor.fetchone()[0] >= 1
    with CaptureQueriesContext(connection) as log:
        query(pk=cases["eigen"].pk)
    assert f"= {cases['eigen'].pk}" in log.captured_queries[0]["sql"]


def test_a_list_of_keys_is_one_array_parameter_whatever_its_length(wereld):
    from cases.query import een_van_lijst

    _users, cases = wereld
    query = CompiledQuery(lambda ids: Statushouder.objects.filter(een_van_lijst("id", ids)).order_by("pk"), ids=list)
    alle = sorted(sh.pk for sh in cases.values())
    assert [sh.pk for sh in query(ids=alle)] == alle
    assert [sh.pk for sh in query(ids=alle[:1])] == alle[:1]
    assert query(ids=[]) == []
    assert query._compiled.sql.count("ANY(") == 1
