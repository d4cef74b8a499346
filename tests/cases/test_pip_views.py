"""The PIP editor: plan fields, goals and actions (htmx and plain POST), vaststellen, the read-only
vastgesteld version, 'PIP wijzigen' and the history with what changed."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import services
from cases.models import Actie, BredeIntake, Doel, PipVersie, Statushouder
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Leerroute

D = dt.date
# The clock is frozen on TODAY (tests/conftest.py): the PIP pages check contracts on today.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]


@pytest.fixture
def concept(registreer, consultant):
    """A case in pip_concept with its concept PIP (B1-route, no provider, no goals)."""
    sh = registreer()
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    b1 = Leerroute.objects.get(code="b1")
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="hoog", route_advies=b1, gekozen_route=b1
    )
    services.rond_intake_af(actor=consultant, statushouder=sh, datum=D(2023, 2, 20))
    return Statushouder.objects.get(pk=sh.pk)


@pytest.fixture
def client_consultant(client, consultant):
    client.force_login(consultant)
    return client


def url(name, sh, *args):
    return reverse(f"cases:{name}", args=[sh.uuid, *args])


def test_editor_round_trip_to_vaststelling(client_consultant, concept, achterhoek):
    c = client_consultant
    pagina = c.get(url("pip", concept))
    assert pagina.status_code == 200
    assert "Plan Inburgering en Participatie van" in pagina.content.decode()
    b1 = Leerroute.objects.get(code="b1")
    toptaal = achterhoek.aanbieders["TopTaal"]
    r = c.post(
        url("pip_plan", concept),
        {
            "leerroute": b1.pk,
            "taalaanbieder": toptaal.pk,
            "componenten": ["taal", "knm", "map", "pvt"],
            "duaal": "on",
            "taalniveau_doel": "B1",
        },
    )
    assert r.status_code == 302
    # a goal through htmx: the response is the updated fragment
    r = c.post(
        url("pip_doel_toevoegen", concept),
        {"leefgebied": "taal", "omschrijving": "Taalniveau B1 halen"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and 'id="doelen"' in r.content.decode() and "<html" not in r.content.decode()
    doel = Doel.objects.get(omschrijving="Taalniveau B1 halen")
    # a second goal without JavaScript: plain POST and redirect
    r = c.post(
        url("pip_doel_toevoegen", concept), {"leefgebied": "werk_participatie", "omschrijving": "Werkervaring opdoen"}
    )
    assert r.status_code == 302 and r["Location"].endswith("/pip/#doelen")
    wsp = achterhoek.ketenpartners["Werkgeversservicepunt Achterhoek"]
    r = c.post(
        url("pip_actie_toevoegen", concept, doel.uuid),
        {"omschrijving": "Intake bij TopTaal", "eigenaar": "statushouder", "deadline": "2023-04-01", "status": "open"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and "Intake bij TopTaal" in r.content.decode()
    r = c.post(
        url("pip_actie_toevoegen", concept, doel.uuid),
        {
            "omschrijving": "Kennismaken met werkgever",
            "eigenaar": "ketenpartner",
            "ketenpartner": str(wsp.uuid),
            "status": "open",
        },
    )
    assert r.status_code == 302
    actie = Actie.objects.get(omschrijving="Kennismaken met werkgever")
    assert actie.ketenpartner == wsp
    r = c.post(
        url("pip_actie_wijzigen", actie.uuid and concept, actie.uuid),
        {
            "omschrijving": "Kennismaken met werkgever in de techniek",
            "eigenaar": "ketenpartner",
            "ketenpartner": str(wsp.uuid),
            "deadline": "2023-05-01",
            "status": "bezig",
        },
    )
    assert r.status_code == 302
    actie.refresh_from_db()
    assert (actie.omschrijving, actie.deadline, actie.status) == (
        "Kennismaken met werkgever in de techniek",
        D(2023, 5, 1),
        "bezig",
    )
    overbodig = Doel.objects.get(omschrijving="Werkervaring opdoen")
    assert c.post(url("pip_doel_verwijderen", concept, overbodig.uuid)).status_code == 302
    assert not Doel.objects.filter(pk=overbodig.pk).exists()

    r = c.post(url("pip_vaststellen", concept), {"dagtekening": "2023-03-14", "bevestigd": "ja"}, follow=True)
    assert r.status_code == 200
    assert "PIP vastgesteld; de inburgeringstermijn loopt tot 15-03-2026." in r.content.decode()
    sh = Statushouder.objects.get(pk=concept.pk)
    assert sh.status == "in_uitvoering" and sh.termijn_einde == D(2026, 3, 15)
    versie = PipVersie.objects.get(pip__statushouder=sh)
    assert versie.status == "vastgesteld" and versie.taalaanbieder == toptaal and versie.duaal
    assert AuditEvent.objects.filter(handeling=Handeling.CREATE, object_type="cases.doel").count() == 2
    assert AuditEvent.objects.filter(handeling=Handeling.DELETE, object_type="cases.doel").count() == 1
    # no timeline events for goal and action edits: only the status transitions
    assert not sh.tijdlijn.filter(soort__startswith="pip:doel").exists()


def test_invalid_goal_is_not_saved_and_errors_in_dutch(client_consultant, concept):
    r = client_consultant.post(url("pip_doel_toevoegen", concept), {"leefgebied": "taal", "omschrijving": ""})
    assert r.status_code == 200
    assert "Dit veld is vereist." in r.content.decode()
    assert not Doel.objects.exists()


def test_action_for_ketenpartner_needs_one(client_consultant, concept):
    services.voeg_doel_toe(actor=concept.consultant, statushouder=concept, leefgebied="taal", omschrijving="Taal")
    doel = Doel.objects.get()
    r = client_consultant.post(
        url("pip_actie_toevoegen", concept, doel.uuid),
        {"omschrijving": "x", "eigenaar": "ketenpartner", "status": "open"},
    )
    assert r.status_code == 200 and "Kies de ketenpartner die de actie uitvoert." in r.content.decode()
    assert not Actie.objects.exists()


def test_provider_must_be_offered_for_the_route(client_consultant, concept, achterhoek):
    onderwijs = Leerroute.objects.get(code="onderwijs")
    r = client_consultant.post(
        url("pip_plan", concept),
        {
            "leerroute": onderwijs.pk,
            "taalaanbieder": achterhoek.aanbieders["TopTaal"].pk,
            "componenten": ["taal", "knm", "pvt"],
        },
    )
    assert r.status_code == 200
    assert "Selecteer een geldige keuze" in r.content.decode()
    assert PipVersie.objects.get().taalaanbieder is None


def test_onderwijsroute_drops_and_hides_map(client_consultant, concept, achterhoek):
    onderwijs = Leerroute.objects.get(code="onderwijs")
    r = client_consultant.post(
        url("pip_plan", concept),
        {
            "leerroute": onderwijs.pk,
            "taalaanbieder": achterhoek.aanbieders["HAN"].pk,
            "componenten": ["taal", "knm", "map", "pvt"],
            "afwijking_motivering": "Jong en hoog opgeleid: de onderwijsroute past beter dan het advies.",
        },
    )
    assert r.status_code == 302
    assert PipVersie.objects.get().componenten == ["taal", "knm", "pvt"]
    pagina = client_consultant.get(url("pip", concept)).content.decode()
    assert 'value="map"' not in pagina
    fragment = client_consultant.get(
        url("pip_plan_velden", concept), {"leerroute": Leerroute.objects.get(code="b1").pk}
    ).content.decode()
    assert 'value="map"' in fragment and "TopTaal" in fragment and "HAN" not in fragment


@pytest.mark.parametrize("bevestigd", ["", "ja"])
def test_vaststellen_refused_with_dutch_errors_when_incomplete(client_consultant, concept, bevestigd):
    r = client_consultant.post(url("pip_vaststellen", concept), {"dagtekening": "2023-03-14", "bevestigd": bevestigd})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Het PIP kan nog niet worden vastgesteld" in html and "Ja, vaststellen" not in html
    assert "Kies een taalaanbieder." in html and "Leg ten minste één doel vast." in html
    assert Statushouder.objects.get(pk=concept.pk).status == "pip_concept"


def maak_compleet(sh, achterhoek):
    actor = sh.consultant
    services.werk_pip_concept_bij(actor=actor, statushouder=sh, taalaanbieder=achterhoek.aanbieders["TopTaal"])
    for omschrijving in ("B1 halen", "Werk vinden"):
        doel = services.voeg_doel_toe(actor=actor, statushouder=sh, leefgebied="taal", omschrijving=omschrijving)
        services.voeg_actie_toe(
            actor=actor, statushouder=sh, doel=doel.uuid, omschrijving="Naar de les", eigenaar="statushouder"
        )


def test_vaststellen_asks_confirmation_and_one_post_without_it_sets_nothing(client_consultant, concept, achterhoek):
    from documenten.models import Document

    maak_compleet(concept, achterhoek)
    r = client_consultant.post(url("pip_vaststellen", concept), {"dagtekening": "2023-03-14"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Vaststellen kunt u niet ongedaan maken" in html
    for stuk in (
        "14-03-2023",
        "B1-route",
        "TopTaal",
        "2 doelen, 2 acties",
        "Ja, vaststellen",
        ">Terug<",
        "begint op 15-03-2023",
    ):
        assert stuk in html, stuk
    assert 'name="bevestigd" value="ja"' in html and 'name="dagtekening" value="2023-03-14"' in html
    assert Statushouder.objects.get(pk=concept.pk).status == "pip_concept"
    assert PipVersie.objects.get().status == "concept" and not Document.objects.exists()

    r = client_consultant.post(url("pip_vaststellen", concept), {"dagtekening": "2023-03-14", "bevestigd": "ja"})
    assert r.status_code == 302
    versie = PipVersie.objects.get()
    assert versie.status == "vastgesteld"
    # the beschikking is kept at once, as a vastgelegd document with a kenmerk of the year of its dagtekening
    document = Document.objects.get(pip_versie=versie)
    assert document.vastgelegd and document.documenttype == "beschikking"
    assert document.kenmerk == "GM0294-2023-00001" and document.datum == D(2023, 3, 14)
    pdf = client_consultant.get(url("pip_pdf", concept))
    assert pdf.status_code == 200 and pdf.content == document.bestand.open("rb").read()


def test_vaststellen_is_refused_to_a_colleague(client, make_user, winterswijk, concept, achterhoek):
    maak_compleet(concept, achterhoek)
    client.force_login(make_user(roles.CONSULTANT, gemeente=winterswijk))
    r = client.post(url("pip_vaststellen", concept), {"dagtekening": "2023-03-14", "bevestigd": "ja"})
    assert r.status_code == 403
    assert PipVersie.objects.get().status == "concept"


@pytest.fixture
def vastgesteld(registreer, naar_uitvoering):
    sh = registreer()
    naar_uitvoering(sh)
    return Statushouder.objects.get(pk=sh.pk)


def test_vastgesteld_version_is_read_only(client_consultant, vastgesteld):
    doel = Doel.objects.get()
    html = client_consultant.get(url("pip", vastgesteld)).content.decode()
    assert "PIP wijzigen" in html and "Doel toevoegen" not in html and "PIP vaststellen" not in html
    r = client_consultant.post(
        url("pip_doel_toevoegen", vastgesteld), {"leefgebied": "taal", "omschrijving": "Nog een"}
    )
    assert r.status_code == 403
    assert client_consultant.post(url("pip_doel_verwijderen", vastgesteld, doel.uuid)).status_code == 403
    assert client_consultant.post(url("pip_plan", vastgesteld), {"leerroute": 1}).status_code == 403
    assert Doel.objects.count() == 1


def vaststel(sh, achterhoek, dagtekening=None):
    """Complete a concept through the services (a goal with one action) and set it."""
    actor = sh.consultant
    services.werk_pip_concept_bij(actor=actor, statushouder=sh, taalaanbieder=achterhoek.aanbieders["TopTaal"])
    doel = services.voeg_doel_toe(actor=actor, statushouder=sh, leefgebied="taal", omschrijving="B1 halen")
    services.voeg_actie_toe(
        actor=actor, statushouder=sh, doel=doel.uuid, omschrijving="Naar de les", eigenaar="statushouder"
    )
    return services.stel_pip_vast(actor=actor, statushouder=sh, dagtekening=dagtekening or D(2023, 3, 14))


def test_action_status_may_change_on_vastgesteld_version(client_consultant, concept, achterhoek):
    vaststel(concept, achterhoek)
    actie = Actie.objects.get()
    html = client_consultant.get(url("pip", concept)).content.decode()
    assert "Status opslaan" in html and "Actie wijzigen" not in html
    r = client_consultant.post(
        url("pip_actie_status", concept, actie.uuid), {"status": "gereed"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200
    actie.refresh_from_db()
    assert actie.status == "gereed"
    r = client_consultant.post(
        url("pip_actie_wijzigen", concept, actie.uuid),
        {"omschrijving": "Anders", "eigenaar": "consultant", "status": "open"},
    )
    assert r.status_code == 403
    actie.refresh_from_db()
    assert actie.omschrijving == "Naar de les"


def test_pip_wijzigen_schakelen_makes_version_2_and_history_shows_route(client_consultant, vastgesteld, achterhoek):
    c = client_consultant
    assert c.get(url("pip_wijzigen", vastgesteld)).status_code == 200
    r = c.post(url("pip_wijzigen", vastgesteld), {"reden": "schakelen", "toelichting": "Wil gaan studeren"})
    assert r.status_code == 302
    assert PipVersie.objects.filter(versie=2, status="concept", wijzigingsreden="schakelen").exists()
    onderwijs = Leerroute.objects.get(code="onderwijs")
    r = c.post(
        url("pip_plan", vastgesteld),
        {
            "leerroute": onderwijs.pk,
            "taalaanbieder": achterhoek.aanbieders["HAN"].pk,
            "componenten": ["taal", "knm", "pvt"],
        },
    )
    assert r.status_code == 302
    r = c.post(url("pip_vaststellen", vastgesteld), {"dagtekening": "2023-09-01", "bevestigd": "ja"})
    assert r.status_code == 302
    historie = c.get(url("pip_historie", vastgesteld)).content.decode()
    assert "Wat is er veranderd in versie 2" in historie
    assert "Leerroute: B1-route → Onderwijsroute" in historie
    assert "Taalaanbieder: TopTaal → HAN" in historie
    assert "vervallen: MAP" in historie


def test_other_gemeente_gets_404(client, make_user, aalten, concept):
    client.force_login(make_user(roles.CONSULTANT, gemeente=aalten))
    assert client.get(url("pip", concept)).status_code == 404
    assert (
        client.post(url("pip_doel_toevoegen", concept), {"leefgebied": "taal", "omschrijving": "x"}).status_code == 404
    )
    assert client.get(url("pip_historie", concept)).status_code == 404


def test_colleague_of_same_gemeente_reads_but_cannot_write(client, make_user, winterswijk, concept):
    client.force_login(make_user(roles.CONSULTANT, gemeente=winterswijk))
    html = client.get(url("pip", concept)).content.decode()
    assert "Doel toevoegen" not in html
    assert (
        client.post(url("pip_doel_toevoegen", concept), {"leefgebied": "taal", "omschrijving": "x"}).status_code == 403
    )


def test_editor_query_count(client_consultant, concept, achterhoek, django_assert_max_num_queries):
    for i in range(5):
        doel = services.voeg_doel_toe(
            actor=concept.consultant, statushouder=concept, leefgebied="taal", omschrijving=f"Doel {i}"
        )
        for j in range(3):
            services.voeg_actie_toe(
                actor=concept.consultant,
                statushouder=concept,
                doel=doel.uuid,
                omschrijving=f"Actie {j}",
                eigenaar="ketenpartner",
                ketenpartner=achterhoek.ketenpartners["UWV"],
            )
    with django_assert_max_num_queries(15):
        r = client_consultant.get(url("pip", concept))
    assert r.status_code == 200 and r.content.decode().count('<td class="utrecht-table__cell">Actie 2') == 5


def test_htmx_invalid_action_returns_fragment_with_error_open(client_consultant, concept):
    doel = services.voeg_doel_toe(actor=concept.consultant, statushouder=concept, leefgebied="taal", omschrijving="B1")
    r = client_consultant.post(
        url("pip_actie_toevoegen", concept, doel.uuid),
        {"omschrijving": "", "eigenaar": "statushouder", "status": "open"},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert r.status_code == 200 and html.startswith('<section id="doelen"')
    assert "<details open>" in html and "Dit veld is vereist." in html
    assert not Actie.objects.exists()


def test_history_lists_versions_with_who_and_when(client_consultant, vastgesteld, consultant):
    services.nieuwe_pip_versie(actor=consultant, statushouder=vastgesteld, reden="overig", toelichting="extra doel")
    html = client_consultant.get(url("pip_historie", vastgesteld)).content.decode()
    assert "14-03-2023" in html and consultant.get_username() in html
    assert "andere wijziging: extra doel" in html and "concept" in html
    assert "Geen wijzigingen ten opzichte van de vorige versie." in html
