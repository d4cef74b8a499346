"""The agenda pages: plan/change/cancel on a case, the case section, the day and week view, Vandaag, the .ics
download and the personal feed — with the permission matrix, the audit and the query budgets."""

import datetime as dt

import pytest
from django.db.models import Q
from django.urls import reverse
from icalendar import Calendar

from agenda import services
from agenda.models import Afspraak, AgendaFeed
from inburgering.audit.models import AuditEvent
from tests.factories import AfspraakFactory, StatushouderFactory

D = dt.date
T = dt.time
pytestmark = pytest.mark.django_db


def _post_data(consultant, **overrides):
    return {
        "soort": "voortgangsgesprek",
        "datum": "2026-11-26",
        "begintijd": "10:00",
        "eindtijd": "11:00",
        "plaats_soort": "kantoor",
        "plaats": "Gemeentehuis, spreekkamer 2",
        "tolk_nodig": "on",
        "tolk_taal": "ti",
        "tolk_wijze": "telefonisch",
        "consultant": str(consultant.pk),
        **overrides,
    }


# --- planning on a case -------------------------------------------------------------------------------------


def test_consultant_plans_on_own_case_and_sees_it_on_the_case_page(client, wereld, vandaag):
    users, cases = wereld
    sh = cases["eigen"]
    client.force_login(users["consultant"])
    url = reverse("agenda:nieuw", args=[sh.uuid])
    pagina = client.get(url)
    assert pagina.status_code == 200
    assert pagina.context["form"].initial["tolk_taal"] == "ar"  # the person's first language
    response = client.post(url, _post_data(users["consultant"], genodigden=[str(users["collega"].pk)]))
    assert response.status_code == 302 and response.url.endswith("#agenda")
    afspraak = Afspraak.objects.get()
    assert afspraak.consultant == users["consultant"] and list(afspraak.genodigden.all()) == [users["collega"]]
    dossier = client.get(reverse("cases:dossier", args=[sh.uuid]))
    html = dossier.content.decode()
    assert 'id="agenda"' in html and reverse("agenda:ics", args=[afspraak.uuid]) in html
    assert "Tigrinya (telefonisch)" in html and "Bas Smit" in html
    assert reverse("agenda:wijzigen", args=[afspraak.uuid]) in html
    assert (
        AuditEvent.objects.filter(handeling="list", object_type="agenda.afspraak", toelichting="dossier").count() == 1
    )


def test_invalid_input_stays_on_the_form_with_the_error_next_to_the_field(client, wereld, vandaag):
    users, cases = wereld
    client.force_login(users["consultant"])
    url = reverse("agenda:nieuw", args=[cases["eigen"].uuid])
    response = client.post(url, _post_data(users["consultant"], eindtijd="09:00"))
    assert response.status_code == 200
    assert response.context["form"].errors["eindtijd"] == ["De eindtijd moet na de begintijd liggen."]
    response = client.post(url, _post_data(users["consultant"], tolk_taal=""))
    assert "tolk_taal" in response.context["form"].errors
    assert not Afspraak.objects.exists()


def test_overlap_shows_a_confirmation_box_and_plans_after_confirming(client, wereld, vandaag):
    users, cases = wereld
    AfspraakFactory(statushouder=cases["collega"], consultant=users["consultant"], datum=D(2026, 11, 26))
    client.force_login(users["consultant"])
    url = reverse("agenda:nieuw", args=[cases["eigen"].uuid])
    response = client.post(url, _post_data(users["consultant"]))
    assert response.status_code == 200
    assert 'name="bevestig_overlap"' in response.content.decode()
    response = client.post(url, _post_data(users["consultant"], bevestig_overlap="on"))
    assert response.status_code == 302
    assert Afspraak.objects.count() == 2


@pytest.mark.parametrize(
    ("wie", "dossier", "status"),
    [
        ("consultant", "collega", 403),  # may view a colleague's case, not change it
        ("teamleider", "collega", 200),
        ("aalten", "eigen", 404),
        ("regiocoordinator", "eigen", 404),
        ("beheerder", "eigen", 404),
    ],
)
def test_plan_page_permissions(client, wereld, vandaag, wie, dossier, status):
    users, cases = wereld
    client.force_login(users[wie])
    assert client.get(reverse("agenda:nieuw", args=[cases[dossier].uuid])).status_code == status


def test_change_and_cancel(client, wereld, vandaag):
    users, cases = wereld
    afspraak = AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 11, 26))
    client.force_login(users["consultant"])
    url = reverse("agenda:wijzigen", args=[afspraak.uuid])
    assert client.get(url).context["form"].initial["plaats"] == "Gemeentehuis, spreekkamer 2"
    response = client.post(url, _post_data(users["consultant"], begintijd="13:00", eindtijd="14:00", tolk_nodig=""))
    assert response.status_code == 302
    afspraak.refresh_from_db()
    assert afspraak.begintijd == T(13, 0) and not afspraak.tolk_nodig and afspraak.volgnummer == 1
    assert client.post(reverse("agenda:annuleren", args=[afspraak.uuid])).status_code == 302
    afspraak.refresh_from_db()
    assert afspraak.geannuleerd
    assert client.get(url).status_code == 302  # a cancelled appointment is not edited


@pytest.mark.parametrize(
    ("wie", "status"), [("collega", 403), ("teamleider", 200), ("aalten", 404), ("regiocoordinator", 404),
                        ("beheerder", 404)]
)  # fmt: skip
def test_change_and_cancel_permissions(client, wereld, vandaag, wie, status):
    users, cases = wereld
    afspraak = AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 11, 26))
    client.force_login(users[wie])
    assert client.get(reverse("agenda:wijzigen", args=[afspraak.uuid])).status_code == status
    annuleer = client.post(reverse("agenda:annuleren", args=[afspraak.uuid]))
    assert annuleer.status_code == (302 if status == 200 else status)
    afspraak.refresh_from_db()
    assert afspraak.geannuleerd == (status == 200)


# --- the day and week view -----------------------------------------------------------------------------------


def test_week_view_consultant_sees_own_and_invited_only(client, wereld, vandaag):
    users, cases = wereld
    eigen = AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 11, 25))
    uitgenodigd = AfspraakFactory(statushouder=cases["collega"], consultant=users["collega"], datum=D(2026, 11, 27))
    uitgenodigd.genodigden.add(users["consultant"])
    AfspraakFactory(statushouder=cases["collega"], consultant=users["collega"], datum=D(2026, 11, 26))
    AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 12, 1))  # next week
    client.force_login(users["consultant"])
    response = client.get(reverse("agenda:overzicht"))
    assert response.status_code == 200
    getoond = [a for d in response.context["dagen"] for a in d["afspraken"]]
    assert getoond == [eigen, uitgenodigd]
    assert [d["datum"] for d in response.context["dagen"]][0] == D(2026, 11, 23)  # Monday
    html = response.content.decode()
    assert "?dag=2026-11-17&amp;weergave=week" in html and "?dag=2026-12-01&amp;weergave=week" in html
    assert AuditEvent.objects.filter(handeling="list", toelichting="agenda").count() == 2


def test_day_view_and_navigation_and_empty_state(client, wereld, vandaag):
    users, cases = wereld
    AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 12, 2))
    client.force_login(users["consultant"])
    response = client.get(reverse("agenda:overzicht"), {"dag": "2026-12-02", "weergave": "dag"})
    assert len(response.context["dagen"]) == 1 and len(response.context["dagen"][0]["afspraken"]) == 1
    assert response.context["vorige"] == D(2026, 12, 1) and response.context["volgende"] == D(2026, 12, 3)
    leeg = client.get(reverse("agenda:overzicht"), {"dag": "2026-12-03", "weergave": "dag"})
    assert "Geen afspraken." in leeg.content.decode()
    # rubbish falls back to this week
    assert client.get(reverse("agenda:overzicht"), {"dag": "gisteren"}).context["van"] == D(2026, 11, 23)


def test_teamleider_sees_the_team_with_a_consultant_column_not_another_gemeente(client, wereld, vandaag):
    users, cases = wereld
    a = AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 11, 24))
    b = AfspraakFactory(statushouder=cases["collega"], consultant=users["collega"], datum=D(2026, 11, 24),
                        begintijd=T(13, 0), eindtijd=T(14, 0))  # fmt: skip
    AfspraakFactory(statushouder=cases["aalten"], consultant=users["aalten"], datum=D(2026, 11, 24))
    client.force_login(users["teamleider"])
    response = client.get(reverse("agenda:overzicht"), {"weergave": "dag"})
    assert response.context["dagen"][0]["afspraken"] == [a, b]
    html = response.content.decode()
    assert ">Consulent</th>" in html and "Anne Jansen" in html and "Bas Smit" in html


@pytest.mark.parametrize("wie", ["regiocoordinator", "beheerder"])
def test_agenda_pages_are_closed_to_roles_without_personal_data(client, wereld, vandaag, wie):
    users, cases = wereld
    afspraak = AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"])
    client.force_login(users[wie])
    assert client.get(reverse("agenda:overzicht")).status_code == 403
    assert client.get(reverse("agenda:feed_beheer")).status_code == 403
    assert client.get(reverse("agenda:ics", args=[afspraak.uuid])).status_code == 404


def test_anonymous_is_sent_to_login(client, wereld):
    assert client.get(reverse("agenda:overzicht")).status_code == 302


def _bulk(n, gemeente, consultant, collega, dag):
    zaken = StatushouderFactory.create_batch(3, gemeente=gemeente, consultant=consultant)
    rijen = [
        Afspraak(
            statushouder=zaken[i % 3], consultant=(consultant, collega)[i % 2], datum=dag + dt.timedelta(days=i % 5),
            begintijd=T(8 + i % 8, 0), eindtijd=T(9 + i % 8, 0), soort="overig", plaats_soort="kantoor",
        )
        for i in range(n)
    ]  # fmt: skip
    Afspraak.objects.bulk_create(rijen)
    for a in Afspraak.objects.all()[:: max(1, n // 5)]:
        a.genodigden.add(collega)


@pytest.mark.parametrize("aantal", [3, 60])
def test_week_view_and_vandaag_query_budget(client, wereld, vandaag, aantal, django_assert_max_num_queries):
    users, _cases = wereld
    _bulk(aantal, users["consultant"].groups.get(gemeente__isnull=False).gemeente, users["consultant"],
          users["collega"], D(2026, 11, 23))  # fmt: skip
    for wie in ("consultant", "teamleider"):
        client.force_login(users[wie])
        with django_assert_max_num_queries(8):
            response = client.get(reverse("agenda:overzicht"))
        assert response.status_code == 200
        getoond = sum(len(d["afspraken"]) for d in response.context["dagen"])
        eigen = Afspraak.objects.filter(Q(consultant=users[wie]) | Q(genodigden=users[wie])).distinct().count()
        assert getoond == (aantal if wie == "teamleider" else eigen) > 0


@pytest.mark.parametrize("aantal", [3, 60])
def test_vandaag_section_is_one_query(rf, wereld, vandaag, aantal, django_assert_num_queries):
    from agenda.views import vandaag_sectie

    users, _cases = wereld
    _bulk(aantal, users["consultant"].groups.get(gemeente__isnull=False).gemeente, users["consultant"],
          users["collega"], D(2026, 11, 24))  # fmt: skip
    request = rf.get("/")
    request.user = users["teamleider"]
    users["teamleider"].groups.all()  # noqa: B018
    with django_assert_num_queries(2):  # the list and the actor's roles for the audit (its insert: "audit")
        context = vandaag_sectie(request, D(2026, 11, 24), True)
    verwacht = Afspraak.objects.filter(datum=D(2026, 11, 24)).count()
    assert len(context["afspraken_vandaag"]) == verwacht


def test_vandaag_page_shows_the_section(client, wereld, vandaag):
    users, cases = wereld
    AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 11, 24),
                    begintijd=T(9, 15), eindtijd=T(9, 45))  # fmt: skip
    AfspraakFactory(statushouder=cases["collega"], consultant=users["collega"], datum=D(2026, 11, 24))
    client.force_login(users["consultant"])
    html = client.get(reverse("cases:vandaag")).content.decode()
    assert 'id="afspraken-vandaag"' in html and "09:15–09:45" in html
    assert html.count("data-afspraak=") == 1
    assert reverse("agenda:overzicht") in html


def test_case_section_is_one_query(rf, wereld, vandaag, django_assert_num_queries):
    from agenda.views import dossier_sectie

    users, cases = wereld
    sh = cases["eigen"]
    for i in range(5):
        a = AfspraakFactory(statushouder=sh, consultant=users["consultant"], datum=D(2026, 11, 20 + i))
        a.genodigden.add(users["collega"], users["teamleider"])
    AfspraakFactory(statushouder=sh, consultant=users["consultant"], datum=D(2026, 8, 1))  # too old
    sh.gemeente  # noqa: B018  (loaded by the case page already)
    request = rf.get("/")
    request.user = users["consultant"]
    with django_assert_num_queries(2):  # the list and the actor's roles for the audit
        context = dossier_sectie(request, sh, D(2026, 11, 24), True)
    assert len(context["afspraken_komend"]) == 1 and len(context["afspraken_recent"]) == 4
    assert context["afspraken_recent"][0].datum == D(2026, 11, 23)  # most recent first
    assert sorted(context["afspraken_komend"][0].genodigden_namen) == ["Bas Smit", "Carla Visser"]


# --- iCalendar ----------------------------------------------------------------------------------------------


def _event(content: bytes):
    cal = Calendar.from_ical(content)
    return [c for c in cal.walk("VEVENT")]


def test_ics_download(client, wereld, vandaag):
    users, cases = wereld
    afspraak = AfspraakFactory(
        statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 11, 26), tolk_nodig=True,
        tolk_taal="ti", tolk_wijze="aanwezig", toelichting="geheime notitie",
    )  # fmt: skip
    client.force_login(users["collega"])  # a colleague of the gemeente may view the case
    response = client.get(reverse("agenda:ics", args=[afspraak.uuid]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    tekst = response.content.decode()
    assert "TZID=Europe/Amsterdam" in tekst and "BEGIN:VTIMEZONE" in tekst
    (event,) = _event(response.content)
    assert str(event["UID"]) == f"{afspraak.uuid}@testserver"
    assert str(event["SUMMARY"]) == "Voortgangsgesprek — S.T."
    assert event.decoded("DTSTART") == dt.datetime(2026, 11, 26, 10, 0, tzinfo=event.decoded("DTSTART").tzinfo)
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Amsterdam"
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    assert "Tigrinya" in str(event["DESCRIPTION"])
    assert "geheime" not in tekst and cases["eigen"].bsn not in tekst and "Semhar" not in tekst
    assert AuditEvent.objects.filter(handeling="export", object_id=str(afspraak.uuid)).count() == 1


def test_ics_of_a_cancelled_changed_home_appointment(client, wereld, vandaag):
    users, cases = wereld
    afspraak = AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"], datum=D(2026, 11, 26),
                               plaats_soort="thuis", plaats="Kerkstraat 12, Winterswijk")  # fmt: skip
    services.annuleer(actor=users["consultant"], afspraak=afspraak)
    client.force_login(users["consultant"])
    response = client.get(reverse("agenda:ics", args=[afspraak.uuid]))
    (event,) = _event(response.content)
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert str(event["LOCATION"]) == "thuis" and "Kerkstraat" not in response.content.decode()


@pytest.mark.parametrize("wie", ["aalten", "regiocoordinator", "beheerder"])
def test_ics_download_permissions(client, wereld, wie):
    users, cases = wereld
    afspraak = AfspraakFactory(statushouder=cases["eigen"], consultant=users["consultant"])
    client.force_login(users[wie])
    assert client.get(reverse("agenda:ics", args=[afspraak.uuid])).status_code == 404


# --- the personal feed -------------------------------------------------------------------------------------------


def test_feed_management_shows_the_url_once_and_revokes(client, wereld, vandaag):
    users, _cases = wereld
    client.force_login(users["consultant"])
    assert "geen actieve agendafeed" in client.get(reverse("agenda:feed_beheer")).content.decode()
    response = client.post(reverse("agenda:feed_beheer"), {"actie": "maken"})
    url = response.context["nieuwe_url"]
    assert (
        url.startswith("http://testserver/agenda/feed/") and url.endswith(".ics") and url in response.content.decode()
    )
    assert response["Cache-Control"] == "private, no-store"
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert AgendaFeed.objects.get().token_hash != token
    later = client.get(reverse("agenda:feed_beheer")).content.decode()
    assert token not in later and "actieve agendafeed" in later
    client.logout()
    assert client.get(url).status_code == 200
    client.force_login(users["consultant"])
    client.post(reverse("agenda:feed_beheer"), {"actie": "intrekken"})
    client.logout()
    assert client.get(url).status_code == 404


def test_feed_content_is_own_appointments_without_personal_data(client, wereld, vandaag):
    users, cases = wereld
    thuis = AfspraakFactory(statushouder=cases["eigen"], consultant=users["teamleider"], datum=D(2026, 11, 25),
                            plaats_soort="thuis", plaats="Kerkstraat 12", toelichting="notitie over gezondheid",
                            soort="intake")  # fmt: skip
    AfspraakFactory(statushouder=cases["eigen"], consultant=users["teamleider"], datum=D(2026, 10, 1))  # too old
    AfspraakFactory(statushouder=cases["eigen"], consultant=users["teamleider"], datum=D(2027, 12, 1))  # too far
    AfspraakFactory(statushouder=cases["collega"], consultant=users["collega"], datum=D(2026, 11, 25))  # team's
    token = services.maak_feed(users["teamleider"])
    response = client.get(reverse("agenda:feed", args=[token]))
    assert response.status_code == 200
    events = _event(response.content)
    assert [str(e["UID"]) for e in events] == [f"{thuis.uuid}@testserver"]
    assert str(events[0]["SUMMARY"]) == "Brede intake — S.T."
    tekst = response.content.decode()
    for geheim in ("Kerkstraat", "gezondheid", "Semhar", "Tesfay", cases["eigen"].bsn):
        assert geheim not in tekst
    event = AuditEvent.objects.get(toelichting="agendafeed")
    assert event.handeling == "list" and event.actor_label == users["teamleider"].username


def test_unknown_or_inactive_feed_token_is_404(client, wereld):
    users, _cases = wereld
    assert client.get(reverse("agenda:feed", args=["bestaat-niet"])).status_code == 404
    token = services.maak_feed(users["consultant"])
    users["consultant"].is_active = False
    users["consultant"].save()
    assert client.get(reverse("agenda:feed", args=[token])).status_code == 404


def test_the_persons_own_language_is_offered_even_if_uncommon(client, wereld, vandaag):
    users, cases = wereld
    sh = cases["eigen"]
    sh.talen = ["am"]
    sh.save()
    client.force_login(users["consultant"])
    form = client.get(reverse("agenda:nieuw", args=[sh.uuid])).context["form"]
    assert ("am", "Amhaars") in form.fields["tolk_taal"].choices
    response = client.post(reverse("agenda:nieuw", args=[sh.uuid]), _post_data(users["consultant"], tolk_taal="am"))
    assert response.status_code == 302 and Afspraak.objects.get().tolk_taal_naam == "Amhaars"
