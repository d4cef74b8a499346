"""The enrolment pages (Django test client): aanmelden from the case page, from the PIP (its taalaanbieder
preselected) and from the "Geen inschrijving" signal; the Dutch refusal shown on the form; the teamleider's
capacity field; beëindigen and overstappen; the case page's enrolment section and its number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Inschrijving, Leerroute
from partners.models import Contract, Keurmerk
from tests.conftest import TODAY
from tests.factories import AanwezigheidFactory, PipFactory, PipVersieFactory, StatushouderFactory

pytestmark = pytest.mark.django_db

START = TODAY + dt.timedelta(days=14)
# The case page: at most this many queries (24 when written; other sections of the page add their own), and the same
# number with one enrolment or five, with or without lessons.
MAX_QUERIES = 28


@pytest.fixture
def sh(winterswijk, consultant, achterhoek):
    """A B1 case whose PIP (at TopTaal) was vastgesteld half a year ago, without an enrolment: the signal is on."""
    sh = StatushouderFactory(
        gemeente=winterswijk, consultant=consultant, status="in_uitvoering", pip_dagtekening=dt.date(2026, 5, 4)
    )
    PipVersieFactory(
        pip=PipFactory(statushouder=sh),
        leerroute=Leerroute.objects.get(code="b1"),
        taalaanbieder=achterhoek.aanbieders["TopTaal"],
        dagtekening=dt.date(2026, 5, 4),
    )
    return sh


def inschrijven_url(sh, **query):
    url = reverse("cases:inschrijven", args=[sh.uuid])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def post(client, sh, organisatie, **extra):
    data = {
        "organisatie": str(organisatie.uuid),
        "startdatum": START.isoformat(),
        "onderdelen": [o.pk for o in Leerroute.objects.get(code="b1").onderdelen.all()],
        **extra,
    }
    return client.post(inschrijven_url(sh), data)


def test_enrol_from_the_case_page(client, consultant, sh, achterhoek, vandaag):
    client.force_login(consultant)
    dossier = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert inschrijven_url(sh) in dossier and "Nog geen inschrijvingen bij een aanbieder." in dossier
    response = client.get(inschrijven_url(sh))
    form = response.context["form"]
    assert form.initial["organisatie"] == str(achterhoek.aanbieders["TopTaal"].uuid)  # the PIP's by default
    assert {o.code for o in form.fields["onderdelen"].initial} == {
        "lezen", "luisteren", "spreken", "schrijven", "knm", "map", "pvt"
    }  # fmt: skip
    assert "capaciteit_overschreden_reden" not in form.fields  # the consultant cannot override the capacity
    interbeek = achterhoek.aanbieders["Interbeek"]
    response = post(client, sh, interbeek)
    assert response.status_code == 302 and response["Location"].endswith("#kop-inschrijvingen")
    inschrijving = Inschrijving.objects.get(statushouder=sh)
    assert (inschrijving.status, inschrijving.organisatie, inschrijving.aangemeld_op) == ("aangemeld", interbeek, TODAY)
    assert inschrijving.geplande_startdatum == START
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert f'data-inschrijving="{inschrijving.uuid}" data-status="aangemeld"' in html
    assert reverse("cases:inschrijving_beeindigen", args=[sh.uuid, inschrijving.uuid]) in html
    assert "Aangemeld bij Interbeek voor de B1-route" in html  # the timeline


def test_pip_page_links_with_its_taalaanbieder_preselected(client, consultant, sh, achterhoek, vandaag):
    client.force_login(consultant)
    toptaal = achterhoek.aanbieders["TopTaal"]
    html = client.get(reverse("cases:pip", args=[sh.uuid])).content.decode()
    link = inschrijven_url(sh, aanbieder=toptaal.uuid)
    assert f'href="{link}"' in html
    interbeek = achterhoek.aanbieders["Interbeek"]
    form = client.get(inschrijven_url(sh, aanbieder=interbeek.uuid)).context["form"]
    assert form.initial["organisatie"] == str(interbeek.uuid)
    assert "selected>TopTaal" not in client.get(inschrijven_url(sh, aanbieder=interbeek.uuid)).content.decode()


def test_signal_links_to_the_enrol_form(client, consultant, sh, vandaag):
    client.force_login(consultant)
    link = f'href="{inschrijven_url(sh)}" data-signaal-actie="geen_inschrijving"'
    assert link in client.get(reverse("cases:vandaag")).content.decode()
    assert link in client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()


def test_the_dutch_refusal_is_shown_on_the_form(client, consultant, sh, achterhoek, vandaag):
    interbeek = achterhoek.aanbieders["Interbeek"]
    Keurmerk.objects.filter(organisatie=interbeek).update(geldig_tot=START - dt.timedelta(days=1))
    client.force_login(consultant)
    response = post(client, sh, interbeek)
    assert response.status_code == 200
    melding = f"Interbeek heeft op {START:%d-%m-%Y} geen geldig Blik op Werk keurmerk."
    assert response.context["form"].errors["organisatie"] == [melding]
    assert melding in response.content.decode()
    assert not Inschrijving.objects.exists()


def test_no_vastgesteld_pip_says_so(client, consultant, winterswijk, vandaag):
    concept = StatushouderFactory(gemeente=winterswijk, consultant=consultant, status="pip_concept")
    client.force_login(consultant)
    response = client.get(inschrijven_url(concept))
    assert response.context["form"] is None
    assert "Inschrijven kan pas als het PIP is vastgesteld" in response.content.decode()


def test_teamleider_overrides_a_full_contract_on_the_form(client, teamleider, consultant, sh, achterhoek, vandaag):
    toptaal = achterhoek.aanbieders["TopTaal"]
    contract = Contract.objects.get(organisatie=toptaal, leerroute__code="b1")
    Contract.objects.filter(pk=contract.pk).update(capaciteit=1)
    ander = StatushouderFactory(gemeente=sh.gemeente, consultant=consultant, status="intake")
    Inschrijving.objects.create(
        statushouder=ander, organisatie=toptaal, leerroute=contract.leerroute, contract=contract, startdatum=TODAY
    )
    client.force_login(consultant)
    html = post(client, sh, toptaal).content.decode()
    assert "vol: 1 van 1 trajecten gebruikt. Alleen de teamleider kan boven de capaciteit inschrijven." in html
    client.force_login(teamleider)
    response = post(client, sh, toptaal)
    assert "Geef de reden om toch in te schrijven." in response.content.decode()
    response = post(client, sh, toptaal, capaciteit_overschreden_reden="Spoed: werkgever wacht")
    assert response.status_code == 302
    nieuw = Inschrijving.objects.get(statushouder=sh)
    assert nieuw.capaciteit_overschreden_reden == "Spoed: werkgever wacht"
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert "Boven de contractcapaciteit: Spoed: werkgever wacht" in html


def test_end_and_move_from_the_case_page(client, consultant, sh, achterhoek, vandaag):
    client.force_login(consultant)
    post(client, sh, achterhoek.aanbieders["TopTaal"])
    oud = Inschrijving.objects.get(statushouder=sh)
    Inschrijving.objects.filter(pk=oud.pk).update(status="actief", startdatum=TODAY - dt.timedelta(days=30))
    AanwezigheidFactory(inschrijving=oud, datum=TODAY - dt.timedelta(days=7))
    url = reverse("cases:inschrijving_overstappen", args=[sh.uuid, oud.uuid])
    form = client.get(url).context["form"]
    assert achterhoek.aanbieders["TopTaal"] not in form.fields["organisatie"].queryset
    response = client.post(
        url,
        {
            "organisatie": str(achterhoek.aanbieders["Interbeek"].uuid),
            "einddatum": TODAY.isoformat(),
            "startdatum": START.isoformat(),
        },
    )
    assert response.status_code == 302
    oud.refresh_from_db()
    nieuw = Inschrijving.objects.get(vervangt=oud)
    assert oud.status == "afgebroken" and oud.reden == "overstap naar Interbeek" and oud.aanwezigheden.count() == 1
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert "afgebroken: overstap naar Interbeek" in html
    url = reverse("cases:inschrijving_beeindigen", args=[sh.uuid, nieuw.uuid])
    response = client.post(url, {"einddatum": TODAY.isoformat(), "reden": ""})
    assert response.context["form"].errors["reden"]
    response = client.post(url, {"einddatum": TODAY.isoformat(), "reden": "Verhuist naar Zwolle"})
    assert response.status_code == 302
    nieuw.refresh_from_db()
    assert nieuw.status == "afgebroken" and nieuw.reden == "Verhuist naar Zwolle"
    assert AuditEvent.objects.filter(object_type="leerroutes.inschrijving", handeling=Handeling.UPDATE).count() == 2


def test_a_reader_cannot_enrol(client, make_user, sh, winterswijk):
    from inburgering.accounts import roles

    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=winterswijk.arbeidsmarktregio))
    assert client.get(inschrijven_url(sh)).status_code in (403, 404)


def test_case_page_queries_do_not_grow_with_enrolments(
    client, consultant, sh, achterhoek, vandaag, django_assert_max_num_queries
):
    client.force_login(consultant)
    url = reverse("cases:dossier", args=[sh.uuid])
    post(client, sh, achterhoek.aanbieders["TopTaal"])
    eerste = Inschrijving.objects.get(statushouder=sh)
    Inschrijving.objects.filter(pk=eerste.pk).update(status="actief", startdatum=TODAY - dt.timedelta(days=40))
    AanwezigheidFactory(inschrijving=eerste, datum=TODAY - dt.timedelta(days=7))
    client.get(url)  # shows (and so clears) the success message of the aanmelding
    with django_assert_max_num_queries(MAX_QUERIES) as een:
        assert client.get(url).status_code == 200
    for i in range(4):
        kopie = Inschrijving.objects.create(
            statushouder=sh,
            organisatie=achterhoek.aanbieders["Interbeek"],
            leerroute=eerste.leerroute,
            status="afgebroken",
            startdatum=TODAY - dt.timedelta(days=100 + i),
            einddatum=TODAY - dt.timedelta(days=50 + i),
            reden="overstap",
        )
        AanwezigheidFactory(inschrijving=kopie, datum=TODAY - dt.timedelta(days=60 + i))
    with django_assert_max_num_queries(MAX_QUERIES) as vijf:
        html = client.get(url).content.decode()
    assert html.count("data-inschrijving=") == 5
    assert len(vijf.captured_queries) == len(een.captured_queries)
