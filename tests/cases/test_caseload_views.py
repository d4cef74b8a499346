"""Mijn caseload (/dossiers/): scope, columns, filters, search, sorting, pagination, audit and query counts."""

import datetime as dt
import json
import re

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from cases.models import BredeIntake, Pip, PipVersie, Statushouder
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent
from leerroutes.models import Leerroute
from tests.factories import StatushouderFactory, _bsns  # a BSN the factory will not hand out again

pytestmark = pytest.mark.django_db
D = dt.date
VANDAAG = D(2026, 11, 24)
URL = "/dossiers/"


@pytest.fixture(autouse=True)
def _vandaag(monkeypatch):
    monkeypatch.setattr("cases.views.gedeeld.vandaag", lambda: VANDAAG)


@pytest.fixture
def ingelogd(client, consultant):
    client.force_login(consultant)
    return client


def _sh(gemeente, consultant, **velden):
    return StatushouderFactory(gemeente=gemeente, consultant=consultant, **velden)


def _zoek(client, q, url=URL, **params):
    """Search as the filter form does: POST the term, follow to the list (whose URL carries a token, not the term)."""
    response = client.post(url, {"q": q, **params}, follow=True)
    assert all(q.strip() not in adres for adres, _status in response.redirect_chain)
    return response


def _namen(response) -> list[str]:
    """The names in the table's row headers, in order."""
    return re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a></th>', response.content.decode())


def _uitvoering(gemeente, consultant, termijn_einde, **velden):
    return _sh(
        gemeente,
        consultant,
        status="in_uitvoering",
        intake_start_datum=D(2024, 12, 1),
        pip_dagtekening=D(2025, 1, 15),
        termijn_einde=termijn_einde,
        **velden,
    )


# --- who may see what ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", [roles.REGIOCOORDINATOR, roles.BEHEERDER])
def test_no_caseload_for_roles_without_personal_data(client, make_user, achterhoek, rol):
    extra = {"arbeidsmarktregio": achterhoek.regio} if rol == roles.REGIOCOORDINATOR else {}
    client.force_login(make_user(rol, **extra))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?alle=on").status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_home_sends_casework_roles_to_vandaag(client, consultant, teamleider, make_user, achterhoek):
    for user in (consultant, teamleider):
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 302 and response["Location"] == "/dossiers/vandaag/"
    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    assert client.get("/").status_code == 200


def test_consultant_sees_own_active_cases_only(ingelogd, consultant, make_user, winterswijk, aalten):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    eigen = _sh(winterswijk, consultant, achternaam="Eigen")
    _sh(winterswijk, collega, achternaam="Collega")
    _sh(winterswijk, None, achternaam="Niemand")
    _sh(aalten, None, achternaam="Aaltenaar")
    _sh(winterswijk, consultant, achternaam="Klaar", status="afgerond", eindreden="voldaan", einddatum=D(2026, 1, 1))
    response = ingelogd.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Mijn caseload" in page
    assert _namen(response) == [f"Eigen, {eigen.voornamen}"]
    assert f'href="/dossiers/{eigen.uuid}/"' in page


def test_consultant_can_show_all_cases_of_the_gemeente_for_cover(ingelogd, consultant, make_user, winterswijk, aalten):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Anna", last_name="de Vries")
    _sh(winterswijk, consultant, achternaam="Eigen")
    _sh(winterswijk, collega, achternaam="Collega")
    _sh(aalten, None, achternaam="Aaltenaar")
    response = ingelogd.get(URL, {"alle": "on", "sort": "naam"})
    assert [n.split(",")[0] for n in _namen(response)] == ["Collega", "Eigen"]
    page = response.content.decode()
    assert "Dossiers van de gemeente" in page and "Anna de Vries" in page
    assert 'href="/dossiers/?sort=naam" aria-current' not in page
    assert 'href="/dossiers/?alle=on&amp;sort=naam" aria-current="page"' in page
    assert '<input type="hidden" name="alle" value="on" id="id_alle">' in page  # kept when filtering
    eigen_pagina = ingelogd.get(URL).content.decode()
    assert 'href="/dossiers/?" aria-current="page">Mijn dossiers' in eigen_pagina or (
        'href="/dossiers/" aria-current="page">Mijn dossiers' in eigen_pagina
    )


def test_teamleider_sees_the_gemeente_and_filters_by_consultant(client, teamleider, make_user, winterswijk, aalten):
    a = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Anna", last_name="A")
    b = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Bert", last_name="B")
    make_user(roles.CONSULTANT, gemeente=aalten, first_name="Carla", last_name="Aalten")
    _sh(winterswijk, a, achternaam="Vana")
    _sh(winterswijk, b, achternaam="Vanb")
    _sh(winterswijk, None, achternaam="Los")
    _sh(aalten, None, achternaam="Aaltenaar")
    client.force_login(teamleider)
    response = client.get(URL, {"sort": "naam"})
    assert [n.split(",")[0] for n in _namen(response)] == ["Los", "Vana", "Vanb"]
    page = response.content.decode()
    assert "Anna A" in page and "Bert B" in page and "Carla Aalten" not in page  # the consultant filter's options
    assert [n.split(",")[0] for n in _namen(client.get(URL, {"consultant": str(b.uuid)}))] == ["Vanb"]
    assert [n.split(",")[0] for n in _namen(client.get(URL, {"consultant": "geen"}))] == ["Los"]


# --- the columns --------------------------------------------------------------------------------------


def test_row_shows_masked_bsn_status_days_and_pip_deadline(ingelogd, consultant, winterswijk):
    sh = _sh(
        winterswijk,
        consultant,
        status="intake",
        status_sinds=D(2026, 11, 4),
        intake_start_datum=D(2026, 11, 4),
        kennisgeving_datum=D(2026, 9, 1),
        brp_inschrijving_datum=D(2026, 9, 20),
    )
    page = ingelogd.get(URL).content.decode()
    assert sh.bsn_gemaskeerd in page and sh.bsn not in page
    assert "brede intake" in page  # the status label
    assert re.search(r'<td class="utrecht-table__cell utrecht-table__cell--numeric-column"[^>]*>20</td>', page)  # days
    assert 'PIP: <time datetime="2026-11-29">29-11-2026</time>' in page and "nog 5 dagen" in page
    assert 'app-signaal--urgent" title="Het PIP is niet vastgesteld' in page and ">PIP-deadline nadert</span>" in page


def test_after_vaststelling_the_deadline_is_the_termijn(ingelogd, consultant, winterswijk):
    _uitvoering(winterswijk, consultant, termijn_einde=D(2027, 3, 1))
    page = ingelogd.get(URL).content.decode()
    assert 'Termijn: <time datetime="2027-03-01">01-03-2027</time>' in page
    assert ">Termijn loopt af</span>" in page and ">PIP-deadline nadert</span>" not in page


def test_leerroute_from_vastgesteld_then_concept_then_intake(
    ingelogd, consultant, winterswijk, registreer, naar_uitvoering
):
    vastgesteld = naar_uitvoering(registreer(bsn=next(_bsns), achternaam="Vastgesteld"), route="z")
    # a concept version (e.g. a route switch being prepared) does not replace the vastgestelde route
    PipVersie.objects.create(
        pip=vastgesteld.pip, versie=2, wijzigingsreden="schakelen", leerroute=Leerroute.objects.get(code="b1")
    )
    concept = _sh(winterswijk, consultant, achternaam="Concept", status="pip_concept", intake_start_datum=D(2025, 3, 1))
    pip = Pip.objects.create(statushouder=concept, gemeente=winterswijk)
    PipVersie.objects.create(
        pip=pip, versie=1, wijzigingsreden="eerste_plan", leerroute=Leerroute.objects.get(code="b1")
    )
    intake = _sh(winterswijk, consultant, achternaam="Intake", status="intake", intake_start_datum=D(2025, 3, 1))
    BredeIntake.objects.create(
        statushouder=intake, startdatum=D(2025, 3, 1), gekozen_route=Leerroute.objects.get(code="onderwijs")
    )
    _sh(winterswijk, consultant, achternaam="Zonder")
    page = ingelogd.get(URL, {"sort": "naam"}).content.decode()
    routes = re.findall(
        r'<th scope="row".*?</th>.*?app-status[^>]*>[^<]*</span>\s*</td>\s*<td[^>]*>([^<]*)</td>', page, re.S
    )
    assert routes == ["B1-route", "Onderwijsroute", "Z-route", "–"]  # Concept, Intake, Vastgesteld, Zonder

    def route(code):
        return [n.split(",")[0] for n in _namen(ingelogd.get(URL, {"route": code, "sort": "naam"}))]

    assert route("z") == ["Vastgesteld"] and route("b1") == ["Concept"] and route("onderwijs") == ["Intake"]


# --- filters and search -------------------------------------------------------------------------------


def test_filter_by_status_and_signal(ingelogd, consultant, winterswijk):
    _sh(winterswijk, consultant, achternaam="Aangemeld")  # pip deadline 2025-04-21: passed → signal "verstreken"
    _sh(winterswijk, consultant, achternaam="Vroeg", kennisgeving_datum=D(2026, 11, 20), brp_inschrijving_datum=None)
    _uitvoering(winterswijk, consultant, D(2027, 3, 1), achternaam="Bijna")
    _uitvoering(winterswijk, consultant, D(2028, 3, 1), achternaam="Ruim")

    def namen(**params):
        return sorted(n.split(",")[0] for n in _namen(ingelogd.get(URL, params)))

    assert namen(status="in_uitvoering") == ["Bijna", "Ruim"]
    assert namen(status="aangemeld") == ["Aangemeld", "Vroeg"]
    assert namen(signaal="pip_deadline_verstreken") == ["Aangemeld"]
    assert namen(signaal="pip_deadline") == []  # "nadert" only before the deadline
    assert namen(signaal="termijn") == ["Bijna"]
    assert namen(signaal="termijn", status="aangemeld") == []
    assert len(namen(status="bestaat-niet")) == 4  # an invalid filter value is not applied


def test_search_full_bsn_exactly_or_part_of_a_name(ingelogd, consultant, winterswijk):
    a = _sh(winterswijk, consultant, voornamen="Semhar", achternaam="Tesfamariam")
    b = _sh(winterswijk, consultant, voornamen="Ahmad", achternaam="Al-Hassan")

    def namen(q):
        return _namen(_zoek(ingelogd, q))

    assert namen(a.bsn) == ["Tesfamariam, Semhar"]
    assert namen(b.bsn) == ["Al-Hassan, Ahmad"]
    assert namen(f" {a.bsn[:4]} {a.bsn[4:6]} {a.bsn[6:]} ") == ["Tesfamariam, Semhar"]
    assert namen(a.bsn[-5:]) == ["Tesfamariam, Semhar"]  # the last digits, as the masked BSN shows them
    assert namen(a.bsn[:8]) == []  # the start of a BSN is not its end
    assert namen("tesfa") == ["Tesfamariam, Semhar"]
    assert namen("AHMAD") == ["Al-Hassan, Ahmad"]
    assert namen("semhar tesf") == ["Tesfamariam, Semhar"]
    assert namen("onbekend") == []


def test_empty_states_in_dutch(ingelogd, consultant, winterswijk):
    page = ingelogd.get(URL).content.decode()
    assert "U heeft nog geen lopende dossiers." in page and "<table" not in page
    _sh(winterswijk, consultant)
    page = _zoek(ingelogd, "xyz").content.decode()
    assert "Geen dossiers gevonden die aan uw zoekopdracht of filters voldoen." in page


# --- sorting and pagination ---------------------------------------------------------------------------


def test_sorting(ingelogd, consultant, winterswijk):
    _sh(winterswijk, consultant, achternaam="Bakker", status_sinds=D(2026, 11, 1))  # pip deadline 2025-04-21
    _sh(
        winterswijk,
        consultant,
        achternaam="Aydin",
        status="intake",
        status_sinds=D(2026, 6, 1),
        intake_start_datum=D(2026, 6, 1),
        kennisgeving_datum=D(2026, 9, 1),
        brp_inschrijving_datum=D(2026, 9, 1),
    )  # pip deadline 2026-11-10
    _uitvoering(winterswijk, consultant, D(2027, 3, 1), achternaam="Celik", status_sinds=D(2025, 1, 15))

    def volgorde(sort):
        return [n.split(",")[0] for n in _namen(ingelogd.get(URL, {"sort": sort}))]

    assert volgorde("naam") == ["Aydin", "Bakker", "Celik"]
    assert volgorde("-naam") == ["Celik", "Bakker", "Aydin"]
    assert volgorde("status") == ["Bakker", "Aydin", "Celik"]  # in workflow order
    assert volgorde("-status") == ["Celik", "Aydin", "Bakker"]
    assert volgorde("dagen") == ["Bakker", "Aydin", "Celik"]  # 23, 176, 678 days
    assert volgorde("-dagen") == ["Celik", "Aydin", "Bakker"]
    assert volgorde("deadline") == ["Bakker", "Aydin", "Celik"]
    assert volgorde("-deadline") == ["Celik", "Aydin", "Bakker"]
    assert volgorde("; drop table") == volgorde("deadline")  # not whitelisted: the default
    page = ingelogd.get(URL, {"sort": "-naam"}).content.decode()
    assert 'aria-sort="descending"' in page and 'href="?sort=naam"' in page


def test_pagination_25_per_page_with_accessible_nav(ingelogd, consultant, winterswijk):
    StatushouderFactory.create_batch(30, gemeente=winterswijk, consultant=consultant)
    eerste = ingelogd.get(URL, {"sort": "naam"})
    tweede = ingelogd.get(URL, {"sort": "naam", "page": 2})
    assert len(_namen(eerste)) == 25 and len(_namen(tweede)) == 5
    assert len(set(_namen(eerste)) & set(_namen(tweede))) <= 4  # names repeat in the factory; rows do not
    rijen = [p for e in AuditEvent.objects.filter(handeling="list") for p in e.betrokkenen()]
    assert len(rijen) == len(set(rijen)) == 30  # every case shown exactly on one of the two pages
    page = eerste.content.decode()
    assert '<nav class="app-pagination" aria-label="Paginering">' in page
    assert 'aria-current="page"' in page and 'href="?sort=naam&amp;page=2"' in page and "Volgende" in page
    assert "30 dossiers, pagina 1 van 2" in page


# --- audit, htmx, query counts ------------------------------------------------------------------------


def test_each_row_shown_is_logged_once(ingelogd, consultant, winterswijk, make_user):
    eigen = StatushouderFactory.create_batch(3, gemeente=winterswijk, consultant=consultant)
    _sh(winterswijk, make_user(roles.CONSULTANT, gemeente=winterswijk))  # not shown, not logged
    with CaptureQueriesContext(connections["audit"]) as audit:
        ingelogd.get(URL)
    assert [q["sql"].split(" ")[0] for q in audit.captured_queries if "audit" in q["sql"]] == ["INSERT"]
    events = AuditEvent.objects.filter(handeling="list")
    assert sorted(p for e in events for p in e.betrokkenen()) == sorted(sh.uuid for sh in eigen)
    assert {e.actor_label for e in events} == {consultant.username}
    assert all(e.gemeente_code == winterswijk.cbs_code for e in events)
    assert not any(sh.bsn in str(e.__dict__) for e in events for sh in eigen)


def test_htmx_request_gets_only_the_table(ingelogd, consultant, winterswijk):
    _sh(winterswijk, consultant, achternaam="Tesfamariam")
    gepost = ingelogd.post(URL, {"q": "tesfa"}, headers={"HX-Request": "true", "HX-Target": "caseload-resultaat"})
    assert gepost.status_code == 204  # htmx then GETs the list's URL (with a token, not the term) into the target
    locatie = json.loads(gepost["HX-Location"])
    assert locatie["target"] == "#caseload-resultaat" and "tesfa" not in locatie["path"]
    adres = locatie["path"]
    response = ingelogd.get(adres, headers={"HX-Request": "true", "HX-Target": "caseload-resultaat"})
    page = response.content.decode()
    assert "<html" not in page and "<table" in page and "Tesfamariam" in page
    assert 'hx-swap-oob="true"' in page
    assert "HX-Request" in response["Vary"]
    full = ingelogd.get(adres).content.decode()
    assert "<html" in full and 'hx-post="/dossiers/"' in full and 'method="post"' in full and "Tesfamariam" in full
    # another htmx target (e.g. a boosted link elsewhere) gets the whole page
    assert "<html" in ingelogd.get(URL, headers={"HX-Request": "true", "HX-Target": "inhoud"}).content.decode()


def _bulk(n, gemeente, consultant):
    rows = StatushouderFactory.build_batch(n, gemeente=gemeente, consultant=consultant)
    for i, sh in enumerate(rows):
        if i % 3 == 1:
            sh.status, sh.intake_start_datum = "intake", D(2025, 3, 1)
        elif i % 3 == 2:
            sh.status, sh.intake_start_datum = "in_uitvoering", D(2025, 3, 1)
            sh.pip_dagtekening, sh.termijn_einde = D(2025, 4, 1), D(2028, 4, 2)
    created = Statushouder.objects.bulk_create(rows)
    intakes = [BredeIntake(statushouder=sh, startdatum=D(2025, 3, 1)) for sh in created if sh.status != "aangemeld"]
    BredeIntake.objects.bulk_create(intakes)


@pytest.mark.parametrize("aantal", [10, 500])
def test_constant_number_of_queries(client, consultant, teamleider, winterswijk, aantal, django_assert_max_num_queries):
    _bulk(aantal, winterswijk, consultant)
    client.force_login(consultant)
    with django_assert_max_num_queries(15):
        response = client.get(URL)
    assert response.status_code == 200 and len(_namen(response)) == min(aantal, 25)
    assert sum(len(e.betrokkenen()) for e in AuditEvent.objects.filter(handeling="list")) == min(aantal, 25)
    client.force_login(teamleider)
    adres = client.post(URL, {"signaal": "pip_deadline_verstreken", "sort": "-dagen", "q": "a"}).url
    with django_assert_max_num_queries(15):
        response = client.get(adres)
    assert response.status_code == 200 and 0 < len(_namen(response)) <= 25


# --- the compiled list and the widgets built in Python -----------------------------------------------------------


def test_out_of_range_page_shows_the_last_one_from_the_compiled_queries(ingelogd, consultant, winterswijk):
    StatushouderFactory.create_batch(27, gemeente=winterswijk, consultant=consultant)
    laatste, ongeldig = ingelogd.get(URL, {"sort": "naam", "page": 99}), ingelogd.get(URL, {"page": "x"})
    assert len(_namen(laatste)) == 2 and "27 dossiers, pagina 2 van 2" in laatste.content.decode()
    assert len(_namen(ongeldig)) == 25 and "27 dossiers, pagina 1 van 2" in ongeldig.content.decode()


def test_route_without_cases_and_a_search_term_take_the_orm(ingelogd, consultant, winterswijk):
    _sh(winterswijk, consultant, achternaam="Zonderroute")
    assert _namen(ingelogd.get(URL, {"route": "z"})) == []  # the intake chose no route: no rows, no query error
    assert [n.split(",")[0] for n in _namen(_zoek(ingelogd, "Zonderroute"))] == ["Zonderroute"]


@pytest.mark.parametrize(
    ("django_widget", "snel_widget", "waarde", "attrs"),
    [
        ("TextInput", "Tekstveld", None, {"id": "id_q", "class": "a b", "required": True, "x": False}),
        ("TextInput", "Tekstveld", 'x"<&>', {"id": "id_q", "maxlength": 100, "aria-invalid": "true"}),
        ("NumberInput", "Getalveld", 3.5, {"step": "0.1", "min": 0}),
        ("HiddenInput", "Verborgen", "naam", None),
        ("Textarea", "Tekstvak", "regel\n<x> & y", {"id": "t", "rows": 3}),
        ("Textarea", "Tekstvak", "", None),
    ],
)
def test_snelle_widgets_render_what_the_templates_render(django_widget, snel_widget, waarde, attrs):
    from django import forms
    from django.forms.renderers import get_default_renderer

    from cases.forms import snel

    origineel, snel = getattr(forms, django_widget)(), getattr(snel, snel_widget)()
    verwacht = origineel._render(
        origineel.template_name, origineel.get_context("veld", waarde, attrs), get_default_renderer()
    )
    assert str(snel.render("veld", waarde, attrs)) == str(verwacht)


@pytest.mark.parametrize("waarde", [None, "b", "y", ["a", "<b>"]])
def test_keuzelijst_renders_what_the_select_template_renders(waarde):
    from django import forms
    from django.forms.renderers import get_default_renderer

    from cases.forms.snel import Keuzelijst

    keuzes = [("", "kies"), ("a", "A & B"), ("<b>", "<b>"), ("groep", [("x", "X"), ("y", "Y")])]
    attrs = {"id": "id_s", "class": "utrecht-select", "required": True}
    origineel = forms.Select(choices=keuzes)
    verwacht = origineel._render(
        origineel.template_name, origineel.get_context("s", waarde, attrs), get_default_renderer()
    )
    assert str(Keuzelijst(choices=keuzes).render("s", waarde, attrs)) == str(verwacht)
