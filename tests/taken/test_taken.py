"""Tasks: made for oneself or a colleague of the same gemeente; a consultant's open tasks are those and the
consultant-owned actions of the current vastgestelde PIP of the own cases; overdue ones are a signal."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import signals
from cases.models import Actie, Doel, Pip, PipVersie, Statushouder
from cases.services import bewaartermijn
from inburgering.audit.models import AuditEvent
from leerroutes.models import Leerroute
from taken import selectors, services
from taken.models import Taak
from taken.views import dossier_sectie
from tests.factories import PipVersieFactory, StatushouderFactory

pytestmark = pytest.mark.django_db
D = dt.date


def taak(sh, door, voor=None, deadline=None, omschrijving="Huurtoeslag nabellen", **kw):
    deadline = deadline or D(2026, 11, 30)
    return Taak.objects.create(
        statushouder=sh,
        omschrijving=omschrijving,
        deadline=deadline,
        toegewezen_aan=voor or door,
        aangemaakt_door=door,
        **kw,
    )


def plan(sh, acties, achterhoek, versie=1, dagtekening=None, vaststellen=True):
    """A PIP version of the case with a goal and `acties`: [(omschrijving, eigenaar, deadline, status)]."""
    dagtekening = dagtekening or D(2026, 1, 10)
    pip, _ = Pip.objects.get_or_create(statushouder=sh, gemeente=sh.gemeente)
    v = PipVersieFactory(
        pip=pip,
        versie=versie,
        status="concept",
        wijzigingsreden="eerste_plan" if versie == 1 else "overig",
        leerroute=Leerroute.objects.get(code="b1"),
        taalaanbieder=achterhoek.aanbieders["TopTaal"],
        dagtekening=None,
    )
    doel = Doel.objects.create(versie=v, leefgebied="taal", omschrijving="B1 halen")
    for omschrijving, eigenaar, deadline, status in acties:
        Actie.objects.create(doel=doel, omschrijving=omschrijving, eigenaar=eigenaar, deadline=deadline, status=status)
    if vaststellen:
        PipVersie.objects.filter(pk=v.pk).update(
            status="vastgesteld", dagtekening=dagtekening, vastgesteld_op=dt.datetime(2026, 1, 10, tzinfo=dt.UTC)
        )
    return v


# --- services -------------------------------------------------------------------------------------------


def test_maak_for_self_and_a_colleague(wereld, vandaag):
    users, cases = wereld
    t = services.maak(
        actor=users["consultant"],
        statushouder=cases["eigen"],
        omschrijving="Brief uitleggen",
        deadline=D(2026, 11, 30),
        toegewezen_aan=users["collega"],
    )
    assert t.aangemaakt_door == users["consultant"] and t.toegewezen_aan == users["collega"]
    assert AuditEvent.objects.filter(object_id=str(t.uuid), handeling="create").exists()
    zonder = services.maak(
        actor=users["consultant"], omschrijving="Scholing", deadline=D(2026, 12, 1), toegewezen_aan=users["consultant"]
    )
    assert zonder.statushouder is None


@pytest.mark.parametrize("wie", ["consultant_aalten", "regiocoordinator", "beheerder"])
def test_maak_refuses_someone_outside_the_gemeente(wereld, vandaag, wie):
    users, cases = wereld
    with pytest.raises(ValidationError) as exc:
        services.maak(
            actor=users["consultant"],
            statushouder=cases["eigen"],
            omschrijving="x",
            deadline=D(2026, 11, 30),
            toegewezen_aan=users[wie],
        )
    assert "toegewezen_aan" in exc.value.message_dict
    assert not Taak.objects.exists()


def test_maak_refuses_a_past_deadline_and_no_text(wereld, vandaag):
    users, cases = wereld
    with pytest.raises(ValidationError) as exc:
        services.maak(
            actor=users["consultant"], omschrijving=" ", deadline=D(2026, 11, 23), toegewezen_aan=users["consultant"]
        )
    assert set(exc.value.message_dict) == {"omschrijving", "deadline"}


def test_rond_af_and_heropen(wereld, vandaag):
    users, cases = wereld
    t = taak(cases["eigen"], users["consultant"], voor=users["collega"])
    with pytest.raises(ValidationError):
        services.rond_af(actor=users["teamleider"], taak=t)
    t = services.rond_af(actor=users["collega"], taak=t)
    assert t.afgerond_op is not None and t.afgerond_door == users["collega"]
    with pytest.raises(ValidationError, match="al afgerond"):
        services.rond_af(actor=users["consultant"], taak=t)
    t = services.heropen(actor=users["consultant"], taak=t)  # the maker may too
    assert t.afgerond_op is None and t.afgerond_door is None
    assert AuditEvent.objects.filter(object_id=str(t.uuid), handeling="update").count() == 2


def test_anonymisation_deletes_the_tasks_of_the_cases(wereld, vandaag):
    users, cases = wereld
    taak(cases["eigen"], users["consultant"])
    blijft = taak(cases["collega"], users["collega"])
    bewaartermijn.anonimiseer([cases["eigen"]])
    assert list(Taak.objects.all()) == [blijft]


# --- selectors ------------------------------------------------------------------------------------------


def test_open_taken_both_kinds_sorted_overdue_first(wereld, achterhoek, vandaag, django_assert_num_queries):
    users, cases = wereld
    c = users["consultant"]
    oud = plan(cases["eigen"], [("Oude actie", "consultant", D(2026, 11, 1), "open")], achterhoek)
    plan(
        cases["eigen"],
        [
            ("Werkfit-traject aanvragen", "consultant", D(2026, 11, 20), "bezig"),
            ("Taalcafé", "statushouder", D(2026, 11, 1), "open"),
            ("Klaar", "consultant", D(2026, 11, 1), "gereed"),
            ("Zonder deadline", "consultant", None, "open"),
        ],
        achterhoek,
        versie=2,
        dagtekening=D(2026, 6, 1),
    )
    plan(cases["collega"], [("Van de collega", "consultant", D(2026, 11, 2), "open")], achterhoek)
    plan(cases["eigen"], [], achterhoek, versie=3, vaststellen=False)  # a concept does not count
    assert oud.pk
    taak(cases["eigen"], c, deadline=D(2026, 11, 25), omschrijving="Morgen")
    taak(None, c, deadline=D(2026, 11, 10), omschrijving="Verlopen zonder dossier")
    taak(cases["collega"], users["collega"], voor=c, deadline=D(2026, 12, 20), omschrijving="Later")
    taak(
        cases["eigen"],
        c,
        deadline=D(2026, 11, 1),
        omschrijving="Af",
        afgerond_op=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    )
    taak(cases["collega"], users["collega"], deadline=D(2026, 11, 1), omschrijving="Van een ander")

    with django_assert_num_queries(2):
        rijen = selectors.open_taken(c)
    assert [(r.soort, r.omschrijving) for r in rijen] == [
        ("taak", "Verlopen zonder dossier"),
        ("pip-actie", "Werkfit-traject aanvragen"),
        ("taak", "Morgen"),
        ("taak", "Later"),
        ("pip-actie", "Zonder deadline"),
    ]
    assert [r.verlopen for r in rijen] == [True, True, False, False, False]
    assert rijen[1].statushouder == cases["eigen"] and rijen[1].href.endswith("#kop-pip")
    assert [r.omschrijving for r in selectors.open_taken(c, tot=D(2026, 11, 29))] == [
        "Verlopen zonder dossier",
        "Werkfit-traject aanvragen",
        "Morgen",
    ]
    team = selectors.open_taken(users["teamleider"], gemeente_breed=True)
    assert {r.omschrijving for r in team} >= {"Van de collega", "Van een ander", "Werkfit-traject aanvragen", "Morgen"}
    assert not selectors.open_taken(users["consultant_aalten"], gemeente_breed=True)


def test_eerste_open_taken_stops_at_the_number_shown_and_counts_the_rest(
    wereld, achterhoek, vandaag, django_assert_num_queries
):
    """The team's overdue tasks on a teamleider's Vandaag: the first ones of the whole list (both kinds, by
    deadline), the teamleider's own left out, and the total from the same two queries."""
    users, cases = wereld
    leider, collega = users["teamleider"], users["collega"]
    plan(
        cases["collega"],
        [(f"Actie {n}", "consultant", D(2026, 11, n), "open") for n in (3, 6, 9)],
        achterhoek,
    )
    for n in (2, 5, 8):
        taak(cases["collega"], collega, deadline=D(2026, 11, n), omschrijving=f"Taak {n}")
    taak(cases["collega"], collega, voor=leider, deadline=D(2026, 11, 1), omschrijving="Van de teamleider zelf")
    taak(cases["collega"], collega, deadline=D(2026, 11, 30), omschrijving="Nog niet verlopen")

    with django_assert_num_queries(2):
        rijen, totaal = selectors.eerste_open_taken(leider, 4, tot=D(2026, 11, 23), vandaag=vandaag)
    assert [r.omschrijving for r in rijen] == ["Taak 2", "Actie 3", "Taak 5", "Actie 6"]
    assert totaal == 6
    alle = [
        r.omschrijving
        for r in selectors.open_taken(leider, tot=D(2026, 11, 23), gemeente_breed=True, vandaag=vandaag)
        if r.toegewezen_aan is None or r.toegewezen_aan.pk != leider.pk
    ]
    assert [r.omschrijving for r in rijen] == alle[:4]
    assert selectors.eerste_open_taken(users["consultant_aalten"], 4, tot=D(2026, 11, 23), vandaag=vandaag) == ([], 0)


def test_open_taken_hides_tasks_on_cases_the_user_cannot_see(wereld, vandaag):
    users, cases = wereld
    # a task somehow assigned to a Winterswijk consultant on an Aalten case is not shown to them
    taak(cases["aalten"], users["consultant_aalten"], voor=users["consultant"])
    assert selectors.open_taken(users["consultant"]) == []


def test_taken_van_dossier_is_one_query(rf, wereld, achterhoek, vandaag, django_assert_num_queries):
    users, cases = wereld
    sh = cases["eigen"]
    plan(sh, [("PIP-actie", "consultant", D(2026, 11, 1), "open")], achterhoek)
    taak(sh, users["teamleider"], voor=users["collega"], deadline=D(2026, 12, 1), toelichting="Even bellen")
    with django_assert_num_queries(1):
        rijen = selectors.taken_van_dossier(sh)
    assert [(r.soort, r.omschrijving, r.verlopen) for r in rijen] == [
        ("pip-actie", "PIP-actie", True),
        ("taak", "Huurtoeslag nabellen", False),
    ]
    assert rijen[1].toegewezen_aan.get_full_name() == "Cor Collega" and rijen[1].toelichting == "Even bellen"
    assert rijen[0].toegewezen_aan.get_full_name() == "Carla Consulent"


# --- the signal -----------------------------------------------------------------------------------------


def test_signal_taak_verlopen(wereld, vandaag):
    users, cases = wereld
    assert "taak_verlopen" in signals.SIGNALEN
    taak(cases["eigen"], users["consultant"], deadline=D(2026, 11, 20))
    taak(cases["eigen"], users["consultant"], deadline=D(2026, 11, 10), omschrijving="Ziekenhuis bellen")
    taak(cases["collega"], users["collega"], deadline=D(2026, 11, 24))  # due today: not yet overdue
    taak(
        cases["aalten"],
        users["consultant_aalten"],
        deadline=D(2026, 11, 1),
        afgerond_op=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    )
    rijen = signals.filter_op(Statushouder.objects.all(), "taak_verlopen", vandaag)
    assert list(rijen) == [cases["eigen"]]
    rij = signals.annoteer(Statushouder.objects.filter(pk=cases["eigen"].pk), vandaag).get()
    melding = next(m for m in signals.meldingen_voor(rij, vandaag) if m.signaal.code == "taak_verlopen")
    assert melding.datum == D(2026, 11, 10)
    assert "10-11-2026" in melding.toelichting and "Ziekenhuis" not in melding.toelichting
    assert melding.actie_href.endswith("#taken")


# --- the pages ------------------------------------------------------------------------------------------


def test_vandaag_shows_my_tasks_and_completes_one(client, wereld, achterhoek, vandaag):
    users, cases = wereld
    t = taak(cases["eigen"], users["consultant"], deadline=D(2026, 11, 20), omschrijving="Verlopen taak")
    taak(cases["eigen"], users["consultant"], deadline=D(2026, 11, 29), omschrijving="Deze week")
    taak(cases["eigen"], users["consultant"], deadline=D(2026, 12, 10), omschrijving="Volgende maand")
    client.force_login(users["consultant"])
    html = client.get(reverse("cases:vandaag")).content.decode()
    assert 'id="kop-taken"' in html
    assert "Verlopen taak" in html and "Deze week" in html and "Volgende maand" not in html
    assert "2 taken te doen tot en met zondag, waarvan 1 te laat" in html
    assert AuditEvent.objects.filter(object_id=str(t.uuid), handeling="list", toelichting="vandaag").exists()
    response = client.post(reverse("taken:afronden", args=[t.uuid]), {"volgende": reverse("cases:vandaag")})
    assert response.status_code == 302 and response.url == reverse("cases:vandaag")
    t.refresh_from_db()
    assert t.afgerond_op is not None
    assert "Verlopen taak" not in client.get(reverse("cases:vandaag")).content.decode()


def test_vandaag_teamleider_sees_the_teams_overdue_tasks(client, wereld, vandaag):
    users, cases = wereld
    taak(cases["collega"], users["collega"], deadline=D(2026, 11, 20), omschrijving="Team verlopen")
    taak(cases["collega"], users["collega"], deadline=D(2026, 11, 28), omschrijving="Team nog niet verlopen")
    client.force_login(users["teamleider"])
    html = client.get(reverse("cases:vandaag")).content.decode()
    assert "Team verlopen" in html and "Cor Collega" in html and "Team nog niet verlopen" not in html
    client.force_login(users["consultant"])
    assert "Team verlopen" not in client.get(reverse("cases:vandaag")).content.decode()


def test_an_other_user_cannot_complete_a_task(client, wereld, vandaag):
    users, cases = wereld
    t = taak(cases["eigen"], users["consultant"])
    client.force_login(users["collega"])
    assert client.post(reverse("taken:afronden", args=[t.uuid])).status_code == 403
    client.force_login(users["consultant_aalten"])
    assert client.post(reverse("taken:afronden", args=[t.uuid])).status_code == 404
    t.refresh_from_db()
    assert t.afgerond_op is None


def _maak_url(sh):
    return reverse("taken:nieuw") + f"?dossier={sh.uuid}"


@pytest.mark.parametrize(
    ("wie", "status"),
    [
        ("consultant", 200),
        ("teamleider", 200),
        ("collega", 403),
        ("consultant_aalten", 404),
        ("regiocoordinator", 403),
        ("beheerder", 403),
    ],
)
def test_who_may_make_a_task_on_a_case(client, wereld, vandaag, wie, status):
    users, cases = wereld
    client.force_login(users[wie])
    assert client.get(_maak_url(cases["eigen"])).status_code == status


def test_make_a_task_for_a_colleague_via_the_page(client, wereld, vandaag):
    users, cases = wereld
    sh = cases["eigen"]
    client.force_login(users["consultant"])
    html = client.get(_maak_url(sh)).content.decode()
    assert "Cor Collega" in html and "Tess Teamleider" in html
    response = client.post(
        reverse("taken:nieuw"),
        {
            "dossier": str(sh.uuid),
            "omschrijving": "Brief bespreken",
            "deadline": "2026-11-26",
            "toegewezen_aan": users["collega"].pk,
        },
    )
    assert response.status_code == 302 and response.url.endswith("#taken")
    t = Taak.objects.get()
    assert (t.statushouder, t.toegewezen_aan) == (sh, users["collega"])
    # someone of another gemeente is not a choice
    response = client.post(
        reverse("taken:nieuw"),
        {
            "dossier": str(sh.uuid),
            "omschrijving": "x",
            "deadline": "2026-11-26",
            "toegewezen_aan": users["consultant_aalten"].pk,
        },
    )
    assert response.status_code == 200 and Taak.objects.count() == 1
    # the case page lists it, with the colleague
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert 'id="kop-taken"' in html and "Brief bespreken" in html and "Cor Collega" in html


def test_overzicht_pages_and_reopen(client, wereld, vandaag):
    users, cases = wereld
    for i in range(27):
        taak(
            cases["eigen"],
            users["consultant"],
            deadline=D(2026, 12, 1) + dt.timedelta(days=i),
            omschrijving=f"taak-{i:02d}",
        )
    client.force_login(users["consultant"])
    url = reverse("taken:overzicht")
    html = client.get(url).content.decode()
    assert "27 open taken" in html and "taak-24" in html and "taak-25" not in html
    assert "taak-26" in client.get(url + "?pagina=2").content.decode()
    t = Taak.objects.get(omschrijving="taak-00")
    client.post(reverse("taken:afronden", args=[t.uuid]))
    html = client.get(url).content.decode()
    assert "Onlangs afgerond" in html and reverse("taken:heropenen", args=[t.uuid]) in html
    client.post(reverse("taken:heropenen", args=[t.uuid]))
    t.refresh_from_db()
    assert t.afgerond_op is None


@pytest.mark.parametrize("wie", ["regiocoordinator", "beheerder"])
def test_overzicht_is_for_casework_roles(client, wereld, wie):
    users, _cases = wereld
    client.force_login(users[wie])
    assert client.get(reverse("taken:overzicht")).status_code == 403


@pytest.mark.parametrize("aantal", [2, 20])
def test_query_budgets(client, rf, wereld, achterhoek, vandaag, aantal, django_assert_max_num_queries):
    users, cases = wereld
    ww = achterhoek.gemeenten["Winterswijk"]
    for _i in range(aantal):
        sh = StatushouderFactory(
            gemeente=ww, consultant=users["consultant"], status="in_uitvoering", pip_dagtekening=D(2026, 1, 10)
        )
        taak(sh, users["consultant"], deadline=D(2026, 11, 20))
        taak(sh, users["collega"], voor=users["collega"], deadline=D(2026, 11, 20))
        plan(sh, [("Actie", "consultant", D(2026, 11, 21), "open")], achterhoek)
    request = rf.get("/")
    for wie, teamleider in (("consultant", False), ("teamleider", True)):
        request.user = users[wie]
        from taken.views import vandaag_sectie

        with django_assert_max_num_queries(6):
            context = vandaag_sectie(request, vandaag, teamleider)
        assert context["taken"]["mijn"] or context["taken"]["team"]
    client.force_login(users["teamleider"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("taken:overzicht") + "?wie=team").status_code == 200
    request.user = users["consultant"]
    with django_assert_max_num_queries(3):
        dossier_sectie(request, Statushouder.objects.select_related("gemeente").get(pk=sh.pk), vandaag, True)


def test_vul_demo_makes_tasks_for_colleagues_of_the_same_gemeente(wereld, vandaag):
    import random

    from taken.demo import vul_demo

    users, cases = wereld
    aantal = vul_demo(list(cases.values()) * 20, vandaag, random.Random(7))
    assert aantal == Taak.objects.count() > 0
    for t in Taak.objects.select_related("statushouder"):
        assert t.toegewezen_aan_id in {u.pk for u in selectors.collegas(t.toegewezen_aan, t.statushouder.gemeente)}


def test_overzicht_team_only_for_a_teamleider(client, wereld, vandaag):
    users, cases = wereld
    taak(cases["collega"], users["collega"], omschrijving="Taak van Cor")
    taak(cases["aalten"], users["consultant_aalten"], omschrijving="Taak in Aalten")
    url = reverse("taken:overzicht") + "?wie=team"
    client.force_login(users["teamleider"])
    html = client.get(url).content.decode()
    assert "Taak van Cor" in html and "Cor Collega" in html and "Taak in Aalten" not in html
    client.force_login(users["consultant"])
    assert "Taak van Cor" not in client.get(url).content.decode()
