"""The search box in the header (POST /dossiers/zoeken/) and the search rules it shares with Mijn caseload and the
teamleider's list: BSN, the last digits of the BSN, a name without accents in any order, a letter kenmerk."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.selectors import zoeken as zoek_selectors
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db
URL = "/dossiers/zoeken/"


def _sh(gemeente, consultant=None, **velden):
    return StatushouderFactory(gemeente=gemeente, consultant=consultant, **velden)


def _namen(response) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a></th>', response.content.decode())


@pytest.fixture
def ingelogd(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def namen_set(winterswijk, consultant):
    return {
        "ozturk_accent": _sh(winterswijk, consultant, voornamen="Ayşe", achternaam="Öztürk"),
        "ozturk": _sh(winterswijk, consultant, voornamen="Mehmet", achternaam="Ozturk"),
        "warsame": _sh(winterswijk, consultant, voornamen="Hodan", achternaam="Warsame"),
        "ahmadi": _sh(winterswijk, consultant, voornamen="Zahra", achternaam="Ahmadi"),
    }


def _zoek(client, q):
    return client.post(URL, {"q": q})


# --- the rules -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "term, soort",
    [
        ("", "leeg"),
        ("999900110", "bsn"),
        ("9999 00 110", "bsn"),
        ("110", "bsn_eind"),
        ("******110", "bsn_eind"),
        ("12345678", "bsn_eind"),
        ("12", "te_kort"),
        ("0197-2026-000012", "kenmerk"),
        ("Öztürk", "naam"),
        ("ayse ozturk", "naam"),
    ],
)
def test_a_term_is_recognised(term, soort):
    assert zoek_selectors.ontleed(term).soort == soort


def test_accents_are_removed_the_same_way_in_python_and_sql(winterswijk):
    assert (
        zoek_selectors.zonder_accenten("Öztürk Ayşe Çelik Ñúñez Łukasz Søren") == "ozturk ayse celik nunez lukasz soren"
    )
    _sh(winterswijk, voornamen="Łukasz Søren", achternaam="Ñúñez-Çelik")
    from cases.models import Statushouder

    waarde = Statushouder.objects.annotate(z=zoek_selectors.ZonderAccenten("achternaam")).values_list("z", flat=True)
    assert list(waarde) == ["nunez-celik"]


def test_name_ignores_accents_case_and_order(ingelogd, namen_set):
    assert _namen(_zoek(ingelogd, "Ozturk")) == ["Öztürk, Ayşe", "Ozturk, Mehmet"]
    assert _namen(_zoek(ingelogd, "öztürk")) == ["Öztürk, Ayşe", "Ozturk, Mehmet"]
    assert _namen(_zoek(ingelogd, "ayse ozturk")) == ["Öztürk, Ayşe"]
    assert _namen(_zoek(ingelogd, "OZTURK AYSE")) == ["Öztürk, Ayşe"]
    assert _namen(_zoek(ingelogd, "warsa hod")) == ["Warsame, Hodan"]
    assert _namen(_zoek(ingelogd, "ayse warsame")) == []  # every word must match


def test_full_bsn_exactly_and_the_last_digits(ingelogd, namen_set):
    sh = namen_set["warsame"]
    assert _namen(_zoek(ingelogd, sh.bsn)) == ["Warsame, Hodan"]
    assert _namen(_zoek(ingelogd, f"{sh.bsn[:4]} {sh.bsn[4:6]} {sh.bsn[6:]}")) == ["Warsame, Hodan"]
    # the masked BSN shows the last three digits: those find the case (and any other ending in them)
    assert sh.bsn_gemaskeerd.endswith(sh.bsn[-3:])
    assert "Warsame, Hodan" in _namen(_zoek(ingelogd, sh.bsn[-3:]))
    assert "Warsame, Hodan" in _namen(_zoek(ingelogd, sh.bsn_gemaskeerd))
    assert _namen(_zoek(ingelogd, sh.bsn[-6:])) == ["Warsame, Hodan"]
    assert _namen(_zoek(ingelogd, sh.bsn[:6])) == []  # the start is not the end
    page = _zoek(ingelogd, sh.bsn[-2:]).content.decode()
    assert _namen(_zoek(ingelogd, sh.bsn[-2:])) == [] and "Geef minstens 3 cijfers van het BSN op." in page


def test_the_result_shows_masked_bsn_gemeente_status_and_consultant(ingelogd, namen_set, consultant):
    sh = namen_set["warsame"]
    page = _zoek(ingelogd, sh.bsn).content.decode()
    assert sh.bsn_gemaskeerd in page and sh.bsn not in page.replace(f'value="{sh.bsn}"', "")
    assert "Winterswijk" in page and "aangemeld" in page and str(consultant) in page
    assert f'href="/dossiers/{sh.uuid}/"' in page


def test_letter_kenmerk(ingelogd, namen_set):
    from django.apps import apps

    try:
        document = apps.get_model("documenten", "Document")
    except LookupError:
        pytest.skip("documenten.Document does not exist yet")
    sh = namen_set["ahmadi"]
    document.objects.create(
        statushouder=sh,
        documenttype="brief_verzonden",
        titel="Uitnodiging",
        datum=dt.date(2026, 11, 24),
        bestand="2026/11/x.pdf",
        content_type="application/pdf",
        grootte=10,
        sha256="0" * 64,
        kenmerk="0294-2026-000012",
    )
    assert _namen(_zoek(ingelogd, "0294-2026-000012")) == ["Ahmadi, Zahra"]
    assert _namen(_zoek(ingelogd, " 0294-2026-000012 ")) == ["Ahmadi, Zahra"]
    assert _namen(_zoek(ingelogd, "0294-2026-000013")) == []


def test_empty_state_and_the_empty_form(ingelogd, namen_set):
    page = _zoek(ingelogd, "Niemand").content.decode()
    assert "Geen dossiers gevonden." in page and "<table" not in page
    page = ingelogd.get(URL).content.decode()
    assert 'method="post"' in page and "<table" not in page and "Resultaten" not in page


def test_at_most_50_with_a_note_to_refine(ingelogd, winterswijk, consultant):
    StatushouderFactory.create_batch(52, gemeente=winterswijk, consultant=consultant, achternaam="Yilmaz")
    response = _zoek(ingelogd, "yilmaz")
    assert len(_namen(response)) == 50
    assert "Verfijn uw zoekopdracht." in response.content.decode()
    assert AuditEvent.objects.filter(handeling="list", toelichting="zoeken").count() == 50


# --- who finds what ----------------------------------------------------------------------------------------------


def test_only_the_cases_the_user_may_see(client, make_user, winterswijk, aalten, consultant, teamleider):
    eigen = _sh(winterswijk, consultant, achternaam="Warsame", voornamen="Hodan")
    collega = _sh(winterswijk, make_user(roles.CONSULTANT, gemeente=winterswijk), achternaam="Warsame", voornamen="Ali")
    elders = _sh(aalten, make_user(roles.CONSULTANT, gemeente=aalten), achternaam="Warsame", voornamen="Omar")
    for gebruiker in (consultant, teamleider):
        client.force_login(gebruiker)
        assert _namen(_zoek(client, "warsame")) == ["Warsame, Ali", "Warsame, Hodan"]  # a colleague's: for cover
        assert _namen(_zoek(client, elders.bsn)) == []  # another gemeente: not even by BSN
    assert {eigen.bsn, collega.bsn}  # (built)


@pytest.mark.parametrize("rol", [roles.REGIOCOORDINATOR, roles.BEHEERDER])
def test_roles_without_personal_data_may_not_search(client, make_user, achterhoek, winterswijk, rol):
    _sh(winterswijk, achternaam="Warsame")
    extra = {"arbeidsmarktregio": achterhoek.regio} if rol == roles.REGIOCOORDINATOR else {}
    client.force_login(make_user(rol, **extra))
    assert _zoek(client, "warsame").status_code == 403
    assert 'action="/dossiers/zoeken/"' not in client.get("/").content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.post(URL, {"q": "warsame"})
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert "warsame" not in response["Location"]


# --- the term never in a URL, the audit without the term -----------------------------------------------------------


def test_header_has_a_post_search_form_for_casework_roles(ingelogd):
    page = ingelogd.get("/dossiers/").content.decode()
    form = re.search(r'<form class="app-header__zoeken"[^>]*>', page).group(0)
    assert 'method="post"' in form and 'action="/dossiers/zoeken/"' in form
    assert 'name="csrfmiddlewaretoken"' in page.split('class="app-header__zoeken"')[1].split("</form>")[0]


def test_a_get_with_the_term_does_not_search(ingelogd, namen_set):
    response = ingelogd.get(URL, {"q": namen_set["warsame"].bsn})
    assert response.status_code == 200 and _namen(response) == []


def test_no_response_redirects_to_or_links_a_url_with_the_bsn(client, teamleider, namen_set):
    bsn = namen_set["warsame"].bsn
    client.force_login(teamleider)
    antwoorden = [
        client.post(URL, {"q": bsn}),
        client.post("/dossiers/", {"q": bsn, "status": "aangemeld"}),
        client.get("/dossiers/", {"q": bsn}),  # an old link: moved into the session at once
        client.post("/dossiers/team/toewijzen/", {"q": bsn, "zoeken": "1"}),
        client.get("/dossiers/team/toewijzen/", {"q": bsn}),
    ]
    for response in antwoorden:
        if response.status_code in (301, 302, 303):
            assert bsn not in response["Location"] and bsn[-3:] not in response["Location"].split("zoek=")[0]
            vervolg = client.get(response["Location"])
            assert _namen(vervolg) == ["Warsame, Hodan"]  # the term came along through the session
            response = vervolg
        assert response.status_code == 200
        page = response.content.decode()
        assert not re.search(rf'(href|action|hx-get|hx-post|hx-push-url)="[^"]*{bsn}', page)
        assert bsn not in response.get("HX-Location", "") and bsn not in response.get("HX-Push-Url", "")


def test_a_list_search_token_is_the_sessions_own(client, make_user, winterswijk, namen_set):
    """A ?zoek= token is only a key into the session: in another session it finds nothing (and reveals nothing)."""
    a = make_user(roles.TEAMLEIDER, gemeente=winterswijk)
    client.force_login(a)
    adres = client.post("/dossiers/", {"q": "warsame"})["Location"]
    assert _namen(client.get(adres)) == ["Warsame, Hodan"]
    client.logout()
    client.force_login(make_user(roles.TEAMLEIDER, gemeente=winterswijk))
    assert len(_namen(client.get(adres))) == 4  # an unknown token: no search, the whole list


def test_the_search_is_logged_without_the_term(ingelogd, namen_set, consultant):
    sh = namen_set["warsame"]
    _zoek(ingelogd, sh.bsn)
    events = AuditEvent.objects.filter(handeling="list", toelichting="zoeken")
    assert [e.statushouder_id for e in events] == [sh.uuid]
    assert not any(sh.bsn in str(e.__dict__) or "Warsame" in str(e.__dict__) for e in AuditEvent.objects.all())
    _zoek(ingelogd, "niemand")
    assert (
        AuditEvent.objects.filter(handeling="list", toelichting="zoeken").count() == 1
    )  # nothing shown, nothing logged


# --- sorting, queries, the plan ----------------------------------------------------------------------------------


def test_names_sort_with_accents_ignored(ingelogd, namen_set):
    """Öztürk sorts with the O's (the database's C collation would put Ö after W)."""
    caseload = ingelogd.get("/dossiers/", {"sort": "naam"})
    assert _namen(caseload) == ["Ahmadi, Zahra", "Öztürk, Ayşe", "Ozturk, Mehmet", "Warsame, Hodan"]
    omgekeerd = ingelogd.get("/dossiers/", {"sort": "-naam"})
    assert _namen(omgekeerd) == ["Warsame, Hodan", "Ozturk, Mehmet", "Öztürk, Ayşe", "Ahmadi, Zahra"]


def test_teamleider_list_sorts_the_same_way(client, teamleider, namen_set):
    client.force_login(teamleider)
    namen = _namen(client.get("/dossiers/team/toewijzen/"))
    assert [n for n in namen if n in ("Ozturk, Mehmet", "Öztürk, Ayşe", "Warsame, Hodan", "Ahmadi, Zahra")] == [
        "Ahmadi, Zahra",
        "Öztürk, Ayşe",  # the same surname without accents: then by first name
        "Ozturk, Mehmet",
        "Warsame, Hodan",
    ]


@pytest.mark.parametrize("aantal", [5, 120])
def test_constant_number_of_queries(ingelogd, winterswijk, consultant, aantal, django_assert_max_num_queries):
    StatushouderFactory.create_batch(aantal, gemeente=winterswijk, consultant=consultant, achternaam="Yilmaz")
    with django_assert_max_num_queries(8):
        response = _zoek(ingelogd, "yilmaz")
    assert len(_namen(response)) == min(aantal, 50)


def test_the_search_query_is_restricted_to_the_users_gemeente(consultant, winterswijk, namen_set):
    """At national scale (150,000 cases) the search reads one gemeente's rows through the (gemeente, status)
    index, not the whole table: the WHERE clause carries the gemeente, and the planner can use an index for it
    (with sequential scans made expensive, none is left on the cases table)."""
    with CaptureQueriesContext(connection) as queries:
        zoek_selectors.zoek(consultant, "ozturk")
    sql = [q["sql"] for q in queries.captured_queries if 'FROM "cases_statushouder"' in q["sql"]]
    assert len(sql) == 1
    assert re.search(r'"cases_statushouder"\."gemeente_id" (= ANY\(|IN \()', sql[0])

    from cases.models import Statushouder

    rijen = zoek_selectors.filter_op_term(Statushouder.objects.for_user(consultant), "ozturk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = rijen.order_by(*zoek_selectors.naam_sortering()).explain()
    assert "Seq Scan on cases_statushouder" not in plan, plan
