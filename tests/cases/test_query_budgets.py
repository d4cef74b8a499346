"""Query budgets of the casework pages (issue 15, part 8): each page runs a constant number of queries, measured
at two data sizes, and the case page at most CASE_PAGE_MAX with every module's section on it.

The default connection is counted (the audit INSERTs go over their own connection). The lead re-runs this module
after integrating the other parts' sections."""

import datetime as dt

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from cases.models import Handhavingsstap, Statushouder, TijdlijnGebeurtenis
from leerroutes.models import Aanwezigheid, Examenresultaat, Inschrijving, Leerroute, Onderdeel, Voortgangsrapportage
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db
D = dt.date

CASE_PAGE_MAX = 15
CASELOAD_MAX = 10
VANDAAG_MAX = 20


def _queries(client, user, url) -> int:
    client.force_login(user)
    client.get(url)  # warm: the session and per-process caches
    with CaptureQueriesContext(connections["default"]) as default:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(default.captured_queries)


def _verrijk(sh, achterhoek, consultant, n: int) -> None:
    """Give the case n enrolments, n attendance rows per enrolment, n exams, n progress reports, n timeline entries
    and (up to three) handhaving steps."""
    b1 = Leerroute.objects.get(code="b1")
    inschrijvingen = Inschrijving.objects.bulk_create(
        Inschrijving(
            statushouder=sh,
            organisatie=achterhoek.aanbieders["TopTaal"],
            leerroute=b1,
            status=Inschrijving.Status.ACTIEF,
            startdatum=D(2025, 6, 2) + dt.timedelta(days=i),
        )
        for i in range(n)
    )
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(
            inschrijving=ins,
            les_id=f"les-{ins.pk}-{i}",
            datum=D(2026, 11, 20) - dt.timedelta(days=i),
            soort=Aanwezigheid.Soort.LES,
            geplande_minuten=180,
            aanwezige_minuten=120,
            status=Aanwezigheid.Status.AANWEZIG,
        )
        for ins in inschrijvingen
        for i in range(n)
    )
    knm = Onderdeel.objects.get(code="knm")
    Examenresultaat.objects.bulk_create(
        Examenresultaat(
            inschrijving=inschrijvingen[0],
            onderdeel=knm,
            datum=D(2025, 6, 1) + dt.timedelta(days=i),
            behaald=i % 2 == 0,
        )
        for i in range(n)
    )
    Voortgangsrapportage.objects.bulk_create(
        Voortgangsrapportage(
            inschrijving=inschrijvingen[0],
            periode_start=D(2025, 1, 1) + dt.timedelta(days=30 * i),
            periode_eind=D(2025, 1, 29) + dt.timedelta(days=30 * i),
        )
        for i in range(n)
    )
    TijdlijnGebeurtenis.objects.bulk_create(
        TijdlijnGebeurtenis(
            statushouder=sh, soort="notitie", omschrijving=f"stap {i}", datum=D(2025, 1, 1), actor=consultant
        )
        for i in range(n)
    )
    stappen = ["uitnodiging", "herinnering", "waarschuwing"]  # one of each at most
    Handhavingsstap.objects.bulk_create(
        Handhavingsstap(statushouder=sh, stap=stap, datum=D(2025, 1, 1) + dt.timedelta(days=i))
        for i, stap in enumerate(stappen[: min(n, 3)])
    )


def test_case_page_constant_and_within_budget(
    client, consultant, b1_dossier, achterhoek, django_assert_max_num_queries
):
    sh = b1_dossier()
    url = f"/dossiers/{sh.uuid}/"
    klein = _queries(client, consultant, url)
    _verrijk(sh, achterhoek, consultant, 12)
    groot = _queries(client, consultant, url)
    assert klein == groot
    with django_assert_max_num_queries(CASE_PAGE_MAX):
        client.get(url)


def test_case_page_of_a_colleague_within_budget(
    client, make_user, b1_dossier, winterswijk, django_assert_max_num_queries
):
    """A colleague reads the case (no change rights: no transition forms, no gemeente list)."""
    from inburgering.accounts import roles

    sh = b1_dossier()
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    client.force_login(collega)
    with django_assert_max_num_queries(CASE_PAGE_MAX):
        assert client.get(f"/dossiers/{sh.uuid}/").status_code == 200


def _cases(n, gemeente, consultant):
    rows = StatushouderFactory.build_batch(n, gemeente=gemeente, consultant=consultant)
    for i, sh in enumerate(rows):
        if i % 2:
            sh.status, sh.intake_start_datum = "in_uitvoering", D(2025, 3, 1)
            sh.pip_dagtekening, sh.termijn_einde = D(2025, 4, 1), D(2027, 3, 2) if i % 4 == 1 else D(2026, 1, 2)
    Statushouder.objects.bulk_create(rows)


@pytest.mark.parametrize(("url", "rol", "budget"), [
    ("/dossiers/", "consultant", CASELOAD_MAX),
    ("/dossiers/vandaag/", "consultant", VANDAAG_MAX),
    ("/dossiers/vandaag/", "teamleider", VANDAAG_MAX),
])  # fmt: skip
def test_lists_constant_at_10_and_200_cases(
    client, consultant, teamleider, winterswijk, vandaag, url, rol, budget, django_assert_max_num_queries
):
    user = {"consultant": consultant, "teamleider": teamleider}[rol]
    _cases(10, winterswijk, consultant)
    klein = _queries(client, user, url)
    _cases(190, winterswijk, consultant)
    groot = _queries(client, user, url)
    assert klein == groot
    with django_assert_max_num_queries(budget):
        client.get(url)


def test_audit_connection_is_kept_between_requests(settings):
    """The audit alias keeps its connection as "default" does (it opened a new one per request), checked before
    reuse. (A test of the reuse itself needs autocommit outside a test transaction; bench_pages measures it.)"""
    assert settings.DATABASES["audit"]["CONN_MAX_AGE"] == settings.DATABASES["default"]["CONN_MAX_AGE"]
    assert settings.DATABASES["default"].get("CONN_HEALTH_CHECKS") is True
    assert settings.DATABASES["audit"].get("CONN_HEALTH_CHECKS") is True


def test_access_filter_is_index_friendly(consultant, winterswijk, aalten):
    """'Granted gemeente OR granted case' as two `= ANY(ARRAY(…))` branches PostgreSQL can answer from the
    (gemeente_id, status) index and the primary key (a semi-join inside the OR scanned every case of the country),
    with the same rows: the own gemeente's cases and a case granted one by one."""
    from guardian.shortcuts import assign_perm

    from cases.query import in_gemeenten_van

    eigen = StatushouderFactory(gemeente=winterswijk)
    elders = StatushouderFactory(gemeente=aalten)
    toegekend = StatushouderFactory(gemeente=aalten)
    assign_perm("cases.view_statushouder", consultant, toegekend)
    zichtbaar = Statushouder.objects.for_user(consultant)
    sql = str(zichtbaar.query)
    assert '"cases_statushouder"."gemeente_id" = ANY((ARRAY(SELECT' in sql
    assert '"cases_statushouder"."id" = ANY((ARRAY(SELECT' in sql
    assert '"gemeente_id" IN (SELECT' not in sql
    assert set(zichtbaar) == {eigen, toegekend}
    assert set(Statushouder.objects.filter(in_gemeenten_van(consultant))) == {eigen}
    assert elders not in set(zichtbaar)
