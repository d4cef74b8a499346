"""The teamleider: caseload per consultant (/dossiers/team/), reassigning in bulk (/dossiers/team/toewijzen/)
and one by one from the case page; the assignment services' rules, timeline, audit and query counts."""

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Statushouder, TijdlijnGebeurtenis
from cases.selectors.team import team_overzicht
from cases.services import toewijzing
from cases.views.team import team as team_view
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent
from leerroutes.models import Leerroute
from tests.factories import AanwezigheidFactory, InschrijvingFactory, StatushouderFactory

pytestmark = pytest.mark.django_db
D = dt.date
VANDAAG = D(2026, 11, 24)
TEAM = "/dossiers/team/"
BULK = "/dossiers/team/toewijzen/"


@pytest.fixture(autouse=True)
def _vandaag(monkeypatch):
    monkeypatch.setattr("cases.views.team._vandaag", lambda: VANDAAG)


@pytest.fixture
def anna(make_user, winterswijk):
    return make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Anna", last_name="Jansen", fte=Decimal("0.8"))


@pytest.fixture
def bram(make_user, winterswijk):
    return make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Bram", last_name="de Vries", fte=Decimal("1"))


def _aangemeld(gemeente, consultant, **velden):
    """PIP deadline long passed (the factory's dates): an urgent `pip_deadline` signal."""
    return StatushouderFactory(gemeente=gemeente, consultant=consultant, **velden)


def _uitvoering(gemeente, consultant, **velden):
    """PIP vastgesteld, termijn far away, no attendance: no urgent signal."""
    velden = {
        "status": "in_uitvoering",
        "intake_start_datum": D(2025, 3, 1),
        "pip_dagtekening": D(2025, 4, 1),
        "termijn_einde": D(2028, 4, 1),
        **velden,
    }
    return StatushouderFactory(gemeente=gemeente, consultant=consultant, **velden)


def _afgerond(gemeente, consultant):
    return StatushouderFactory(
        gemeente=gemeente, consultant=consultant, status="afgerond", eindreden="overig", einddatum=D(2026, 1, 5)
    )


def _verzuim(sh, achterhoek):
    """Three unexcused absences in a row in the last four weeks: an urgent `verzuim` signal."""
    inschrijving = InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="b1")
    )
    for dag in (D(2026, 11, 10), D(2026, 11, 12), D(2026, 11, 17)):
        AanwezigheidFactory(inschrijving=inschrijving, datum=dag, status="ongeoorloofd_afwezig")


def _per_consulent(rijen):
    return {(str(r.consultant) if r.consultant else None): r for r in rijen}


# --- the figures --------------------------------------------------------------------------------------------


def test_figures_per_consultant(teamleider, anna, bram, winterswijk, aalten, make_user, achterhoek):
    _aangemeld(winterswijk, anna)
    _aangemeld(winterswijk, anna, status="intake", intake_start_datum=D(2025, 3, 1))
    _uitvoering(winterswijk, anna)
    _verzuim(_uitvoering(winterswijk, anna), achterhoek)
    _uitvoering(
        winterswijk, anna, status="opgeschort", opschort_reden="ziekte", status_voor_opschorting="in_uitvoering"
    )
    _afgerond(winterswijk, anna)  # closed: not counted
    _uitvoering(winterswijk, bram)
    _aangemeld(winterswijk, None)
    _aangemeld(winterswijk, None)
    elders = make_user(roles.CONSULTANT, gemeente=aalten, first_name="Carla")
    _aangemeld(aalten, elders)
    _aangemeld(aalten, None)

    rijen, totaal = team_overzicht(teamleider, VANDAAG)
    per = _per_consulent(rijen)
    assert list(per) == ["Anna Jansen", "Bram de Vries", None]  # Carla (Aalten) is not in the team
    a = per["Anna Jansen"]
    assert (a.actief, a.urgent, a.fte, a.per_fte) == (5, 3, Decimal("0.80"), Decimal("6.3"))
    assert a.per_status == {"aangemeld": 1, "intake": 1, "pip_concept": 0, "in_uitvoering": 2, "opgeschort": 1}
    b = per["Bram de Vries"]
    assert (b.actief, b.urgent, b.per_fte) == (1, 0, Decimal("1.0"))
    geen = per[None]
    assert (geen.actief, geen.urgent, geen.fte, geen.per_fte) == (2, 2, None, None)
    assert (totaal.actief, totaal.urgent, totaal.fte, totaal.per_fte) == (8, 5, Decimal("1.80"), Decimal("4.4"))
    assert totaal.per_status["aangemeld"] == 3


def test_consultant_without_cases_and_former_consultant_with_cases(teamleider, anna, winterswijk, make_user):
    vertrokken = make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Dirk", is_active=False)
    _uitvoering(winterswijk, vertrokken)
    rijen, _totaal = team_overzicht(teamleider, VANDAAG)
    per = _per_consulent(rijen)
    assert per["Anna Jansen"].actief == 0 and per["Anna Jansen"].van_gemeente
    assert per["Dirk"].actief == 1 and not per["Dirk"].van_gemeente


def test_team_page_shows_the_figures_and_links_to_the_caseload(client, teamleider, anna, winterswijk, aalten):
    _aangemeld(winterswijk, anna, achternaam="Zichtbaar")
    _aangemeld(winterswijk, None)
    _aangemeld(aalten, None, achternaam="Onzichtbaar")
    client.force_login(teamleider)
    html = client.get(TEAM).content.decode()
    assert "Caseload per consulent" in html and "Anna Jansen" in html
    assert f'href="/dossiers/?consultant={anna.uuid}"' in html
    assert 'href="/dossiers/?consultant=geen"' in html and "Niet toegewezen" in html
    assert f'href="/dossiers/?consultant={anna.uuid}&amp;status=aangemeld"' in html
    assert "Urgente signalen:" in html and "PIP-deadline nadert" in html
    assert "Zichtbaar" not in html and "Onzichtbaar" not in html  # counts only, no names of statushouders
    anna_rij = re.search(r'<tr[^>]*data-consulent="consultant\d+">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-kolom="actief">1<', anna_rij) and re.search(r'data-kolom="urgent">1<', anna_rij)


def test_team_page_empty_state(client, make_user, aalten):
    client.force_login(make_user(roles.TEAMLEIDER, gemeente=aalten))
    html = client.get(TEAM).content.decode()
    assert "De gemeente heeft nog geen consulenten en geen lopende dossiers." in html


@pytest.mark.parametrize("rol", [roles.CONSULTANT, roles.REGIOCOORDINATOR, roles.BEHEERDER])
def test_only_the_teamleider(client, make_user, winterswijk, achterhoek, rol):
    extra = {"arbeidsmarktregio": achterhoek.regio} if rol == roles.REGIOCOORDINATOR else {}
    if rol == roles.CONSULTANT:
        extra = {"gemeente": winterswijk}
    user = make_user(rol, **extra)
    client.force_login(user)
    assert client.get(TEAM).status_code == 403
    assert client.get(BULK).status_code == 403
    assert client.post(BULK, {}).status_code == 403
    request = RequestFactory().get(TEAM)
    request.user = user
    with pytest.raises(PermissionDenied, match="Alleen een teamleider ziet het team en wijst dossiers toe."):
        team_view(request)


def test_anonymous_goes_to_login(client):
    assert client.get(TEAM)["Location"].startswith("/inloggen/")


# --- the services -------------------------------------------------------------------------------------------


def test_bulk_assignment_timeline_and_audit_per_case(teamleider, anna, bram, winterswijk):
    van_anna = [_aangemeld(winterswijk, anna) for _ in range(2)]
    zonder = _aangemeld(winterswijk, None)
    al_bij_bram = _aangemeld(winterswijk, bram)
    gekozen = [*van_anna, zonder, al_bij_bram]
    gewijzigd = toewijzing.wijs_meerdere_toe(actor=teamleider, uuids=[sh.uuid for sh in gekozen], consultant=bram)
    assert {sh.pk for sh in gewijzigd} == {sh.pk for sh in [*van_anna, zonder]}
    assert set(Statushouder.objects.filter(pk__in=[sh.pk for sh in gekozen]).values_list("consultant", flat=True)) == {
        bram.pk
    }
    regels = dict(TijdlijnGebeurtenis.objects.filter(soort="toegewezen").values_list("statushouder", "omschrijving"))
    assert regels == {
        van_anna[0].pk: "Toegewezen aan Bram de Vries (was Anna Jansen)",
        van_anna[1].pk: "Toegewezen aan Bram de Vries (was Anna Jansen)",
        zonder.pk: "Toegewezen aan Bram de Vries (was niet toegewezen)",
    }  # the case that already had Bram: no entry
    events = AuditEvent.objects.filter(handeling="update", object_type="cases.statushouder")
    assert sorted(e.statushouder_id for e in events) == sorted(sh.uuid for sh in [*van_anna, zonder])
    assert {(e.actor_label, e.gemeente_code, tuple(e.velden), e.toelichting) for e in events} == {
        (teamleider.username, winterswijk.cbs_code, ("consultant",), f"toegewezen aan {bram.username}")
    }


def test_single_assignment_shares_the_rules(teamleider, anna, bram, winterswijk):
    sh = _aangemeld(winterswijk, anna)
    assert services.wijs_toe(actor=teamleider, statushouder=sh, consultant=bram).consultant == bram
    assert TijdlijnGebeurtenis.objects.get(statushouder=sh, soort="toegewezen").omschrijving == (
        "Toegewezen aan Bram de Vries (was Anna Jansen)"
    )
    services.wijs_toe(actor=teamleider, statushouder=sh, consultant=bram)  # same consultant: nothing happens
    assert TijdlijnGebeurtenis.objects.filter(statushouder=sh, soort="toegewezen").count() == 1
    assert AuditEvent.objects.filter(handeling="update", statushouder_id=sh.uuid).count() == 1
    with pytest.raises(ValidationError, match="is afgerond"):
        services.wijs_toe(actor=teamleider, statushouder=_afgerond(winterswijk, anna), consultant=bram)


def _niets_geschreven(*dossiers, consultant):
    for sh in dossiers:
        sh.refresh_from_db()
        assert sh.consultant == consultant
    assert not TijdlijnGebeurtenis.objects.filter(soort="toegewezen").exists()
    assert not AuditEvent.objects.filter(handeling="update").exists()


def test_bulk_is_all_or_nothing_for_a_case_of_another_gemeente(teamleider, anna, bram, winterswijk, aalten):
    eigen = [_aangemeld(winterswijk, anna) for _ in range(3)]
    vreemd = _aangemeld(aalten, None)
    with pytest.raises(PermissionDenied) as fout:
        toewijzing.wijs_meerdere_toe(actor=teamleider, uuids=[*(s.uuid for s in eigen), vreemd.uuid], consultant=bram)
    assert str(fout.value) == "1 gekozen dossier hoort niet bij uw gemeente of bestaat niet; er is niets toegewezen."
    _niets_geschreven(*eigen, consultant=anna)
    with pytest.raises(PermissionDenied, match="^2 gekozen dossiers horen niet"):
        toewijzing.wijs_meerdere_toe(
            actor=teamleider, uuids=[eigen[0].uuid, uuid.uuid4(), vreemd.uuid], consultant=bram
        )
    _niets_geschreven(*eigen, consultant=anna)


def test_bulk_refuses_a_closed_case_by_name(teamleider, anna, bram, winterswijk):
    open_ = _aangemeld(winterswijk, anna)
    dicht = _afgerond(winterswijk, anna)
    with pytest.raises(ValidationError) as fout:
        toewijzing.wijs_meerdere_toe(actor=teamleider, uuids=[open_.uuid, dicht.uuid], consultant=bram)
    assert fout.value.messages == [f"Het dossier van {dicht} is afgerond en kan niet meer worden toegewezen."]
    _niets_geschreven(open_, consultant=anna)


def test_bulk_target_must_be_an_active_consultant_of_the_gemeente(teamleider, anna, winterswijk, aalten, make_user):
    sh = _aangemeld(winterswijk, anna)
    doelen = {
        "Carla": make_user(roles.CONSULTANT, gemeente=aalten, first_name="Carla"),
        "Teun": make_user(roles.TEAMLEIDER, gemeente=winterswijk, first_name="Teun"),
        "Ina": make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Ina", is_active=False),
    }
    for naam, doel in doelen.items():
        with pytest.raises(ValidationError) as fout:
            toewijzing.wijs_meerdere_toe(actor=teamleider, uuids=[sh.uuid], consultant=doel)
        assert fout.value.message_dict == {"consultant": [f"{naam} is geen actieve consulent van Winterswijk."]}
    _niets_geschreven(sh, consultant=anna)


def test_only_a_teamleider_assigns_and_never_an_empty_selection(teamleider, anna, bram, winterswijk):
    sh = _aangemeld(winterswijk, anna)
    with pytest.raises(PermissionDenied, match="Alleen een teamleider kan dossiers toewijzen."):
        toewijzing.wijs_meerdere_toe(actor=anna, uuids=[sh.uuid], consultant=bram)
    with pytest.raises(ValidationError, match="Kies ten minste één dossier."):
        toewijzing.wijs_meerdere_toe(actor=teamleider, uuids=[], consultant=bram)
    _niets_geschreven(sh, consultant=anna)


def _bulk(n, gemeente, consultant):
    return Statushouder.objects.bulk_create(
        StatushouderFactory.build_batch(n, gemeente=gemeente, consultant=consultant)
    )


def test_bulk_service_runs_a_constant_number_of_queries(teamleider, anna, bram, winterswijk):
    tellingen = []
    for aantal, doel in ((3, bram), (300, anna)):
        dossiers = _bulk(aantal, winterswijk, None)
        teamleider = type(teamleider).objects.get(pk=teamleider.pk)  # no role cache carried over
        with CaptureQueriesContext(connection) as queries:
            gewijzigd = toewijzing.wijs_meerdere_toe(
                actor=teamleider, uuids=[s.uuid for s in dossiers], consultant=doel
            )
        assert len(gewijzigd) == aantal
        tellingen.append(len(queries))
    assert tellingen[0] == tellingen[1]
    assert TijdlijnGebeurtenis.objects.filter(soort="toegewezen").count() == 303
    assert AuditEvent.objects.filter(handeling="update").count() == 303


# --- the bulk page ------------------------------------------------------------------------------------------


def _namen(response) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a></th>', response.content.decode())


def test_bulk_page_lists_the_gemeentes_active_cases_with_filters(client, teamleider, anna, bram, winterswijk, aalten):
    _aangemeld(winterswijk, anna, voornamen="Ahmad", achternaam="Al-Hassan")
    _aangemeld(winterswijk, bram, voornamen="Semhar", achternaam="Haile")
    _aangemeld(winterswijk, None, voornamen="Lina", achternaam="Rahimi")
    _afgerond(winterswijk, anna)
    _aangemeld(aalten, None, voornamen="Rania", achternaam="Khalil")
    client.force_login(teamleider)
    assert _namen(client.get(BULK)) == ["Al-Hassan, Ahmad", "Haile, Semhar", "Rahimi, Lina"]
    assert _namen(client.get(BULK, {"consultant": "geen"})) == ["Rahimi, Lina"]
    assert _namen(client.get(BULK, {"consultant": str(bram.uuid)})) == ["Haile, Semhar"]
    assert _namen(client.get(BULK, {"q": "hass"}, follow=True)) == ["Al-Hassan, Ahmad"]
    leeg = client.get(BULK, {"q": "niemand"}, follow=True).content.decode()
    assert "Geen dossiers gevonden die aan uw zoekopdracht of filters voldoen." in leeg
    lijsten = AuditEvent.objects.filter(handeling="list", toelichting="dossiers toewijzen")
    assert [len(e.betrokkenen()) for e in lijsten.order_by("id")] == [3, 1, 1, 1]  # one event per page shown


def test_select_all_on_this_page(client, teamleider, anna, winterswijk):
    dossiers = _bulk(55, winterswijk, anna)
    client.force_login(teamleider)
    html = client.get(BULK).content.decode()
    assert html.count('name="dossiers"') == 50 and " checked" not in html
    assert "Alles op deze pagina selecteren" in html and "pagina 1 van 2" in html
    html = client.get(BULK, {"alles": "on", "page": 2}).content.decode()
    assert html.count(" checked>") == 5 and "Selectie op deze pagina opheffen" in html
    assert len(dossiers) == 55


def test_bulk_post_assigns_and_redirects_with_the_filters(client, teamleider, anna, bram, winterswijk):
    dossiers = [_aangemeld(winterswijk, anna) for _ in range(3)]
    client.force_login(teamleider)
    data = {"dossiers": [str(sh.uuid) for sh in dossiers[:2]], "consultant": str(bram.uuid)}
    response = client.post(f"{BULK}?consultant={anna.uuid}&alles=on", data)
    assert response.status_code == 302 and response["Location"] == f"{BULK}?consultant={anna.uuid}"
    assert [m.message for m in response.wsgi_request._messages] == ["2 dossiers zijn toegewezen aan Bram de Vries."]
    assert list(Statushouder.objects.order_by("pk").values_list("consultant", flat=True)) == [bram.pk, bram.pk, anna.pk]
    response = client.post(BULK, {"dossiers": [str(dossiers[0].uuid), str(dossiers[2].uuid)], "consultant": bram.uuid})
    assert [m.message for m in response.wsgi_request._messages][-1] == (
        "1 dossier is toegewezen aan Bram de Vries. 1 dossier had deze consulent al."
    )


def test_bulk_post_errors_rerender_with_the_choice_kept(client, teamleider, anna, bram, winterswijk, aalten, make_user):
    dossiers = [_aangemeld(winterswijk, anna) for _ in range(2)]
    client.force_login(teamleider)
    response = client.post(BULK, {"consultant": str(bram.uuid)})
    assert response.status_code == 200 and "Kies ten minste één dossier." in response.content.decode()
    response = client.post(BULK, {"dossiers": [str(dossiers[0].uuid)]})
    html = response.content.decode()
    assert "Kies een consulent." in html
    assert html.count(" checked") == 1 and f'value="{dossiers[0].uuid}" id="dossier-{dossiers[0].uuid}" checked' in html
    carla = make_user(roles.CONSULTANT, gemeente=aalten, first_name="Carla")
    response = client.post(BULK, {"dossiers": [str(dossiers[0].uuid)], "consultant": str(carla.uuid)})
    assert "Kies een consulent uit de lijst." in response.content.decode()
    response = client.post(BULK, {"dossiers": ["geen-uuid"], "consultant": str(bram.uuid)})
    assert "De keuze van dossiers is ongeldig; laad de pagina opnieuw." in response.content.decode()
    dicht = _afgerond(winterswijk, anna)
    response = client.post(BULK, {"dossiers": [str(dossiers[0].uuid), str(dicht.uuid)], "consultant": str(bram.uuid)})
    assert "is afgerond en kan niet meer worden toegewezen." in response.content.decode()
    vreemd = _aangemeld(aalten, None)
    assert client.post(BULK, {"dossiers": [str(vreemd.uuid)], "consultant": str(bram.uuid)}).status_code == 403
    assert set(Statushouder.objects.filter(gemeente=winterswijk).values_list("consultant", flat=True)) == {anna.pk}


def _team_en_post_queries(client, teamleider, consultant, winterswijk, aantal) -> tuple[int, int, int]:
    dossiers = _bulk(aantal, winterswijk, None)
    client.force_login(teamleider)
    with CaptureQueriesContext(connection) as team:
        assert client.get(TEAM).status_code == 200
    with CaptureQueriesContext(connection) as lijst:
        assert client.get(BULK).status_code == 200
    data = {"dossiers": [str(sh.uuid) for sh in dossiers], "consultant": str(consultant.uuid)}
    with CaptureQueriesContext(connection) as post:
        response = client.post(BULK, data)
    assert response.status_code == 302
    client.get(response["Location"])  # shows (and so clears) the success message kept in the session
    return len(team), len(lijst), len(post)


def test_team_page_and_bulk_post_run_a_constant_number_of_queries(client, teamleider, anna, bram, winterswijk):
    klein = _team_en_post_queries(client, teamleider, anna, winterswijk, 10)
    Statushouder.objects.all().delete()
    groot = _team_en_post_queries(client, teamleider, bram, winterswijk, 500)
    assert klein == groot, (klein, groot)
    assert max(klein) <= 15


# --- the case page ------------------------------------------------------------------------------------------


def test_case_page_form_for_the_teamleider_only(client, teamleider, anna, bram, winterswijk):
    sh = _aangemeld(winterswijk, anna)
    url = reverse("cases:dossier", args=[sh.uuid])
    client.force_login(anna)
    assert "kop-toewijzen" not in client.get(url).content.decode()
    assert client.post(reverse("cases:dossier_toewijzen", args=[sh.uuid]), {}).status_code == 403
    client.force_login(teamleider)
    html = client.get(url).content.decode()
    assert "kop-toewijzen" in html and f'<option value="{anna.uuid}" selected>Anna Jansen</option>' in html
    assert (
        "kop-toewijzen"
        not in client.get(reverse("cases:dossier", args=[_afgerond(winterswijk, anna).uuid])).content.decode()
    )


def test_case_page_assignment(client, teamleider, anna, bram, winterswijk, aalten, make_user):
    sh = _aangemeld(winterswijk, anna)
    url = reverse("cases:dossier_toewijzen", args=[sh.uuid])
    client.force_login(teamleider)
    response = client.post(url, {"toewijzen-consultant": str(bram.uuid)})
    assert response.status_code == 302 and response["Location"] == reverse("cases:dossier", args=[sh.uuid])
    sh.refresh_from_db()
    assert sh.consultant == bram
    html = client.get(response["Location"]).content.decode()
    assert (
        "Het dossier is toegewezen aan Bram de Vries." in html
        and "Toegewezen aan Bram de Vries (was Anna Jansen)" in html
    )
    response = client.post(url, {"toewijzen-consultant": str(bram.uuid)}, follow=True)
    assert "Bram de Vries was al de consulent van dit dossier." in response.content.decode()
    response = client.post(url, {"toewijzen-consultant": ""})
    assert response.status_code == 200 and "Kies een consulent." in response.content.decode()
    carla = make_user(roles.CONSULTANT, gemeente=aalten)
    assert "Kies een consulent uit de lijst." in client.post(url, {"toewijzen-consultant": carla.uuid}).content.decode()
    assert client.post(reverse("cases:dossier_toewijzen", args=[_aangemeld(aalten, None).uuid]), {}).status_code == 404


def test_case_page_query_count_unchanged_by_the_assignment_form(
    client, teamleider, anna, winterswijk, make_user, django_assert_max_num_queries
):
    sh = _aangemeld(winterswijk, anna)
    for i in range(20):
        make_user(roles.CONSULTANT, gemeente=winterswijk, first_name=f"Extra{i}")
    client.force_login(teamleider)
    url = reverse("cases:dossier", args=[sh.uuid])
    with CaptureQueriesContext(connection) as veel:
        client.get(url)
    type(anna).objects.filter(first_name__startswith="Extra").delete()
    with CaptureQueriesContext(connection) as weinig:
        client.get(url)
    assert len(veel) == len(weinig)
