"""The journaal: dated notes, editable by their author for a short while and then fixed; corrections are new
notes; the timeline shows the category, never the text; every read and write is logged."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import TijdlijnGebeurtenis
from cases.services import bewaartermijn
from inburgering.audit.models import AuditEvent
from journaal import services
from journaal.models import Notitie
from journaal.views import dossier_sectie

pytestmark = pytest.mark.django_db
D = dt.date


def notitie(sh, auteur, categorie="contact", tekst="Gebeld over de les", datum=None, **kw):
    datum = datum or D(2026, 11, 20)
    return services.leg_vast(actor=auteur, statushouder=sh, datum=datum, categorie=categorie, tekst=tekst, **kw)


def test_leg_vast_logs_and_puts_the_category_not_the_text_on_the_timeline(wereld, vandaag):
    users, cases = wereld
    n = notitie(cases["eigen"], users["consultant"], categorie="zorg", tekst="Last van rugpijn")
    gebeurtenis = TijdlijnGebeurtenis.objects.get(statushouder=cases["eigen"], soort="journaal")
    assert gebeurtenis.omschrijving == "Notitie (zorg) vastgelegd"
    assert "rugpijn" not in gebeurtenis.omschrijving
    assert gebeurtenis.datum == D(2026, 11, 20)
    event = AuditEvent.objects.get(object_type="journaal.notitie", object_id=str(n.uuid))
    assert event.handeling == "create"
    assert event.statushouder_id == cases["eigen"].uuid
    assert "rugpijn" not in event.toelichting


def test_datum_not_in_the_future_and_text_required(wereld, vandaag):
    users, cases = wereld
    with pytest.raises(ValidationError) as exc:
        notitie(cases["eigen"], users["consultant"], datum=vandaag + dt.timedelta(days=1), tekst="  ")
    assert set(exc.value.message_dict) == {"datum", "tekst"}
    assert not Notitie.objects.exists()


def test_author_may_edit_within_the_edit_time_then_it_is_fixed(wereld, vandaag, settings):
    users, cases = wereld
    n = notitie(cases["eigen"], users["consultant"])
    nu = n.aangemaakt_op + dt.timedelta(minutes=14)
    services.wijzig(actor=users["consultant"], notitie=n, datum=n.datum, categorie="werk", tekst="Anders", nu=nu)
    n.refresh_from_db()
    assert (n.categorie, n.tekst) == ("werk", "Anders")
    assert AuditEvent.objects.filter(object_id=str(n.uuid), handeling="update", velden=["categorie", "tekst"]).exists()

    with pytest.raises(ValidationError, match="staat vast"):
        services.wijzig(
            actor=users["consultant"],
            notitie=n,
            datum=n.datum,
            categorie="werk",
            tekst="Te laat",
            nu=n.aangemaakt_op + dt.timedelta(minutes=15),
        )
    settings.JOURNAAL_BEWERKTIJD_MINUTEN = 60
    assert services.mag_bewerken(n, users["consultant"], n.aangemaakt_op + dt.timedelta(minutes=59))


def test_only_the_author_may_edit(wereld, vandaag):
    users, cases = wereld
    n = notitie(cases["eigen"], users["consultant"])
    with pytest.raises(ValidationError, match="Alleen wie de notitie schreef"):
        services.wijzig(actor=users["teamleider"], notitie=n, datum=n.datum, categorie="werk", tekst="x")
    assert not services.mag_bewerken(n, users["teamleider"])


def test_a_correction_is_a_new_note_pointing_to_the_fixed_one(wereld, vandaag):
    users, cases = wereld
    oud = notitie(cases["eigen"], users["consultant"], datum=D(2026, 11, 2))
    nieuw = notitie(cases["eigen"], users["teamleider"], tekst="Correctie", corrigeert=oud)
    assert nieuw.corrigeert == oud and Notitie.objects.count() == 2
    laatste = TijdlijnGebeurtenis.objects.filter(soort="journaal").order_by("-tijdstip", "-id").first()
    assert laatste.omschrijving == "Notitie (contact) vastgelegd, correctie op de notitie van 02-11-2026"
    with pytest.raises(ValidationError):
        notitie(cases["collega"], users["teamleider"], corrigeert=oud)


# --- the pages ------------------------------------------------------------------------------------------


def _post_nieuw(client, sh, **data):
    velden = {"notitie-datum": "2026-11-23", "notitie-categorie": "contact", "notitie-tekst": "Huisbezoek gedaan"}
    velden.update({f"notitie-{k}": v for k, v in data.items()})
    return client.post(reverse("journaal:nieuw", args=[sh.uuid]), velden)


@pytest.mark.parametrize(
    ("wie", "status"),
    [
        ("consultant", 302),
        ("teamleider", 302),
        ("collega", 403),
        ("consultant_aalten", 404),
        ("regiocoordinator", 404),
        ("beheerder", 404),
    ],
)
def test_who_may_write_a_note(client, wereld, vandaag, wie, status):
    users, cases = wereld
    client.force_login(users[wie])
    response = _post_nieuw(client, cases["eigen"])
    assert response.status_code == status
    assert Notitie.objects.filter(statushouder=cases["eigen"]).exists() == (status == 302)


def test_new_note_form_errors_keep_the_input(client, wereld, vandaag):
    users, cases = wereld
    client.force_login(users["consultant"])
    response = _post_nieuw(client, cases["eigen"], datum="2026-12-30")
    assert response.status_code == 200
    assert "toekomst" in response.content.decode()
    assert "Huisbezoek gedaan" in response.content.decode()
    assert not Notitie.objects.exists()


@pytest.mark.parametrize(
    ("wie", "zichtbaar"),
    [
        ("consultant", True),
        ("collega", True),
        ("teamleider", True),
        ("consultant_aalten", False),
        ("regiocoordinator", False),
        ("beheerder", False),
    ],
)
def test_a_zorg_note_is_shown_to_who_sees_the_case_only(client, wereld, vandaag, wie, zichtbaar):
    users, cases = wereld
    notitie(cases["eigen"], users["consultant"], categorie="zorg", tekst="Slaapt slecht")
    client.force_login(users[wie])
    for url in (
        reverse("cases:dossier", args=[cases["eigen"].uuid]),
        reverse("journaal:overzicht", args=[cases["eigen"].uuid]),
    ):
        response = client.get(url)
        assert ("Slaapt slecht" in response.content.decode()) == zichtbaar
        assert response.status_code == (200 if zichtbaar else 404)


def test_case_page_section_edit_link_for_author_then_correct(client, wereld, vandaag):
    users, cases = wereld
    sh = cases["eigen"]
    n = notitie(sh, users["consultant"])
    client.force_login(users["consultant"])
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert 'id="kop-journaal"' in html
    assert reverse("journaal:bewerken", args=[n.uuid]) in html
    assert f"?corrigeert={n.uuid}" not in html
    assert AuditEvent.objects.filter(object_id=str(n.uuid), handeling="list").exists()

    Notitie.objects.filter(pk=n.pk).update(aangemaakt_op=timezone.now() - dt.timedelta(minutes=16))
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert reverse("journaal:bewerken", args=[n.uuid]) not in html
    assert f"?corrigeert={n.uuid}" in html
    # the correction form is prefilled with the fixed note
    html = client.get(reverse("journaal:nieuw", args=[sh.uuid]) + f"?corrigeert={n.uuid}").content.decode()
    assert "Gebeld over de les" in html and f'value="{n.uuid}"' in html
    response = _post_nieuw(client, sh, tekst="Gebeld over de les van dinsdag")
    assert response.status_code == 302
    # the edit page of a fixed note redirects with a message
    response = client.get(reverse("journaal:bewerken", args=[n.uuid]), follow=True)
    assert "staat vast" in response.content.decode()


def test_correction_via_the_page(client, wereld, vandaag):
    users, cases = wereld
    sh = cases["eigen"]
    n = notitie(sh, users["consultant"])
    client.force_login(users["teamleider"])
    response = client.post(
        reverse("journaal:nieuw", args=[sh.uuid]),
        {
            "corrigeert": str(n.uuid),
            "notitie-datum": "2026-11-20",
            "notitie-categorie": "contact",
            "notitie-tekst": "Beter",
        },
    )
    assert response.status_code == 302
    assert Notitie.objects.get(tekst="Beter").corrigeert == n


def test_edit_page(client, wereld, vandaag):
    users, cases = wereld
    n = notitie(cases["eigen"], users["consultant"])
    client.force_login(users["collega"])
    assert client.get(reverse("journaal:bewerken", args=[n.uuid])).status_code == 404  # no change rights
    client.force_login(users["teamleider"])
    response = client.get(reverse("journaal:bewerken", args=[n.uuid]))
    assert response.status_code == 302  # not the author
    client.force_login(users["consultant"])
    assert client.get(reverse("journaal:bewerken", args=[n.uuid])).status_code == 200
    response = client.post(
        reverse("journaal:bewerken", args=[n.uuid]),
        {"notitie-datum": "2026-11-21", "notitie-categorie": "taal", "notitie-tekst": "Nieuw"},
    )
    assert response.status_code == 302
    n.refresh_from_db()
    assert (n.datum, n.categorie, n.tekst) == (D(2026, 11, 21), "taal", "Nieuw")


def test_overview_paginates_and_filters(client, wereld, vandaag):
    users, cases = wereld
    sh = cases["eigen"]
    for i in range(22):
        notitie(
            sh,
            users["consultant"],
            categorie="werk" if i % 2 else "taal",
            tekst=f"notitie-{i:02d}",
            datum=D(2026, 10, 1) + dt.timedelta(days=i),
        )
    client.force_login(users["collega"])
    url = reverse("journaal:overzicht", args=[sh.uuid])
    html = client.get(url).content.decode()
    assert "notitie-21" in html and "notitie-02" in html and "notitie-01" not in html  # newest first, 20 a page
    assert "notitie-01" in client.get(url + "?pagina=2").content.decode()
    html = client.get(url + "?categorie=werk", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html  # the list only
    assert "notitie-21" in html and "notitie-20" not in html
    # the case page shows 20 and a link to all
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert "notitie-02" in html and "notitie-01" not in html and url in html


@pytest.mark.parametrize("aantal", [2, 30])
def test_dossier_section_is_one_query(rf, wereld, vandaag, aantal, django_assert_max_num_queries):
    users, cases = wereld
    sh = cases["eigen"]
    Notitie.objects.bulk_create(
        Notitie(statushouder=sh, datum=D(2026, 11, 1), categorie="contact", tekst=f"n{i}", auteur=users["consultant"])
        for i in range(aantal)
    )
    request = rf.get("/")
    request.user = users["consultant"]
    sh = type(sh).objects.select_related("gemeente").get(pk=sh.pk)
    # one for the notes; the audit log: the actor's roles and one INSERT
    with django_assert_max_num_queries(3):
        context = dossier_sectie(request, sh, vandaag, True)
    assert len(context["journaal"]["notities"]) == min(aantal, 20)


def test_anonymisation_deletes_the_notes(wereld, vandaag):
    users, cases = wereld
    oud = notitie(cases["eigen"], users["consultant"])
    notitie(cases["eigen"], users["consultant"], corrigeert=oud)
    ander = notitie(cases["collega"], users["collega"])
    bewaartermijn.anonimiseer([cases["eigen"]])
    assert list(Notitie.objects.all()) == [ander]


def test_vul_demo_makes_fixed_notes_with_timeline_lines(wereld, vandaag):
    import random

    from journaal.demo import vul_demo

    users, cases = wereld
    aantal = vul_demo(list(cases.values()) * 5, vandaag, random.Random(4))
    assert aantal == Notitie.objects.count() > 0
    assert TijdlijnGebeurtenis.objects.filter(soort="journaal").count() == aantal
    assert not any(services.mag_bewerken(n, n.auteur) for n in Notitie.objects.select_related("auteur"))
    assert all(n.datum < vandaag for n in Notitie.objects.all())
