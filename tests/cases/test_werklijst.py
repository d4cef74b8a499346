"""Vandaag (/dossiers/vandaag/): one row per (case, signal) ordered by urgency, the consultant's own caseload or the
teamleider's gemeente, the gesprekken of this week, new handovers, and a constant number of queries."""

import datetime as dt

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from cases.models import Statushouder, Voortgangsgesprek
from cases.selectors import werklijst
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent
from leerroutes.models import Aanwezigheid, Inschrijving, Leerroute
from tests.factories import (
    AanwezigheidFactory,
    StatushouderFactory,
    VoortgangsgesprekFactory,
    b1_inschrijving,
    dossier_in_uitvoering,
)

pytestmark = pytest.mark.django_db
D = dt.date
VANDAAG = D(2026, 11, 24)  # a Tuesday
URL = "/dossiers/vandaag/"


@pytest.fixture(autouse=True)
def _vandaag(monkeypatch):
    monkeypatch.setattr("cases.views.gedeeld.vandaag", lambda: VANDAAG)


def _rijen(response) -> list[tuple[str, str]]:
    return [(m.statushouder.achternaam, m.signaal.code) for m in response.context["pagina"].object_list]


@pytest.fixture
def signalen(winterswijk, consultant, achterhoek):
    """Five cases of the consultant, each with known signals and dates."""
    # pip_deadline 21-04-2025 (the factory's dates), and ontzorgen ending 15-12-2026
    StatushouderFactory(
        gemeente=winterswijk, consultant=consultant, achternaam="Zwart", bijstand_start_datum=D(2026, 6, 15)
    )
    StatushouderFactory(gemeente=winterswijk, consultant=consultant, achternaam="Aalders")  # pip_deadline 21-04-2025
    bakker = dossier_in_uitvoering(winterswijk, consultant, achternaam="Bakker")  # verzuim, latest lesson 20-11-2026
    inschrijving = b1_inschrijving(bakker, achterhoek)
    for dag in (18, 19, 20):
        AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 11, dag), status="ongeoorloofd_afwezig")
    StatushouderFactory(  # pip_deadline 29-11-2026
        gemeente=winterswijk,
        consultant=consultant,
        achternaam="Claes",
        status="intake",
        intake_start_datum=D(2026, 10, 1),
        verblijfsvergunning_datum=D(2026, 8, 1),
        koppeling_datum=D(2026, 8, 10),
        kennisgeving_datum=D(2026, 9, 1),
        brp_inschrijving_datum=D(2026, 9, 20),
        huisvesting_datum=D(2026, 9, 20),
    )
    # geen_inschrijving since 29-03-2026, gesprek_te_laat since 31-05-2026
    dossier_in_uitvoering(winterswijk, consultant, pip_dagtekening=D(2026, 3, 1), achternaam="Dekker")
    b1_inschrijving(dossier_in_uitvoering(winterswijk, consultant, achternaam="Rustig"), achterhoek)  # no signal


def test_rows_ordered_by_severity_then_date_then_name(client, consultant, signalen):
    client.force_login(consultant)
    response = client.get(URL)
    assert response.status_code == 200
    assert _rijen(response) == [
        ("Aalders", "pip_deadline_verstreken"),  # urgent, 21-04-2025
        ("Zwart", "pip_deadline_verstreken"),  # urgent, same date: by name
        ("Bakker", "verzuim"),  # urgent, 20-11-2026
        ("Claes", "pip_deadline"),  # urgent, 29-11-2026
        ("Dekker", "geen_inschrijving"),  # waarschuwing, 29-03-2026
        ("Dekker", "gesprek_te_laat"),  # waarschuwing, 31-05-2026
        ("Zwart", "ontzorgen"),  # info
    ]
    page = response.content.decode()
    assert "3 keer op rij ongeoorloofd afwezig" in page and "gesprek" in page
    assert "Neem contact op over de afwezigheid" in page  # what to do
    bakker = Statushouder.objects.get(achternaam="Bakker")
    assert f'href="/dossiers/{bakker.uuid}/"' in page
    assert "Rustig" not in page and "Consulent" not in page  # the consultant's own list has no consultant column


def test_consultant_sees_only_the_own_caseload(client, consultant, winterswijk, make_user, signalen):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    StatushouderFactory(gemeente=winterswijk, consultant=collega, achternaam="Collega")
    StatushouderFactory(gemeente=winterswijk, consultant=None, achternaam="Nieuw")
    client.force_login(consultant)
    namen = {naam for naam, _code in _rijen(client.get(URL))}
    assert namen == {"Aalders", "Bakker", "Claes", "Dekker", "Zwart"}


def test_teamleider_sees_the_gemeente_with_consultant_and_unassigned(
    client, teamleider, consultant, winterswijk, aalten, make_user
):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    StatushouderFactory(gemeente=winterswijk, consultant=consultant, achternaam="Eigen")
    StatushouderFactory(gemeente=winterswijk, consultant=collega, achternaam="Collega")
    nieuw = StatushouderFactory(gemeente=winterswijk, consultant=None, achternaam="Nieuw", status_sinds=D(2026, 11, 20))
    StatushouderFactory(gemeente=aalten, consultant=None, achternaam="Aaltens")
    StatushouderFactory(
        gemeente=winterswijk, achternaam="Klaar", status="afgerond", eindreden="overig", einddatum=D(2026, 1, 1)
    )
    client.force_login(teamleider)
    response = client.get(URL)
    assert {naam for naam, _code in _rijen(response)} == {"Eigen", "Collega", "Nieuw"}
    page = response.content.decode()
    assert "Aaltens" not in page and "Klaar" not in page
    assert "Signalen in de gemeente" in page and ">Consulent</th>" in page
    assert str(consultant) in page and str(collega) in page and "niet toegewezen" in page
    assert [sh.pk for sh in response.context["niet_toegewezen"]] == [nieuw.pk]
    assert "Niet toegewezen" in page and f'href="/dossiers/{nieuw.uuid}/"' in page
    assert response.context["overdrachten"] == []  # the unassigned new case is in its own block


def test_unassigned_block_links_to_the_full_list(client, teamleider, winterswijk):
    StatushouderFactory.create_batch(12, gemeente=winterswijk, consultant=None)
    client.force_login(teamleider)
    response = client.get(URL)
    assert len(response.context["niet_toegewezen"]) == 10 and response.context["aantal_niet_toegewezen"] == 12
    assert 'href="/dossiers/?consultant=geen">Alle 12 niet-toegewezen dossiers</a>' in response.content.decode()


def test_empty_state(client, consultant, winterswijk, achterhoek):
    b1_inschrijving(dossier_in_uitvoering(winterswijk, consultant, achternaam="Rustig"), achterhoek)
    client.force_login(consultant)
    page = client.get(URL).content.decode()
    assert "Geen signalen vandaag." in page
    assert "Geen gesprekken gepland voor vandaag." in page and "Geen gesprekken meer gepland deze week." in page
    assert "Geen nieuwe overdrachten in de afgelopen twee weken." in page


def test_gesprekken_of_today_and_this_week(client, consultant, winterswijk, make_user):
    sh = dossier_in_uitvoering(winterswijk, consultant, achternaam="Gesprek")
    ander = dossier_in_uitvoering(winterswijk, make_user(roles.CONSULTANT, gemeente=winterswijk), achternaam="Ander")
    vandaag = VoortgangsgesprekFactory(statushouder=sh, gepland_op=VANDAAG)
    zondag = VoortgangsgesprekFactory(statushouder=sh, gepland_op=D(2026, 11, 29))
    VoortgangsgesprekFactory(statushouder=sh, gepland_op=D(2026, 11, 30))  # next week
    VoortgangsgesprekFactory(statushouder=sh, gepland_op=D(2026, 11, 23))  # yesterday, not held: a signal instead
    VoortgangsgesprekFactory(statushouder=sh, gepland_op=D(2026, 11, 26), gehouden_op=VANDAAG)  # already held
    VoortgangsgesprekFactory(statushouder=ander, gepland_op=VANDAAG)  # a colleague's case
    client.force_login(consultant)
    response = client.get(URL)
    assert response.context["gesprekken_vandaag"] == [vandaag]
    assert response.context["gesprekken_week"] == [zondag]
    assert ("Gesprek", "gesprek_te_laat") in _rijen(response)
    page = response.content.decode()
    assert "29-11-2026" in page and "30-11-2026" not in page


def test_new_warm_handovers_of_the_last_two_weeks(client, consultant, winterswijk):
    StatushouderFactory(gemeente=winterswijk, consultant=consultant, achternaam="Vandaag", status_sinds=VANDAAG)
    StatushouderFactory(gemeente=winterswijk, consultant=consultant, achternaam="Dertien", status_sinds=D(2026, 11, 11))
    StatushouderFactory(
        gemeente=winterswijk, consultant=consultant, achternaam="Veertien", status_sinds=D(2026, 11, 10)
    )
    StatushouderFactory(
        gemeente=winterswijk,
        consultant=consultant,
        achternaam="Intake",
        status="intake",
        status_sinds=D(2026, 11, 20),
        intake_start_datum=D(2026, 11, 20),
    )
    client.force_login(consultant)
    response = client.get(URL)
    assert [sh.achternaam for sh in response.context["overdrachten"]] == ["Vandaag", "Dertien"]
    assert "aangemeld op 24-11-2026" in response.content.decode()


def test_rows_shown_are_logged_once_in_one_insert(client, consultant, winterswijk, signalen):
    zwart = Statushouder.objects.get(achternaam="Zwart")  # two signals, logged once
    VoortgangsgesprekFactory(statushouder=zwart, gepland_op=VANDAAG)  # and in the gesprekken too
    client.force_login(consultant)
    with CaptureQueriesContext(connections["audit"]) as audit:
        client.get(URL)
    assert [q["sql"].split(" ")[0] for q in audit.captured_queries if "audit" in q["sql"]] == ["INSERT"]
    events = AuditEvent.objects.filter(handeling="list")
    personen = [p for e in events for p in e.betrokkenen()]
    namen = Statushouder.objects.filter(uuid__in=personen).values_list("achternaam", flat=True)
    assert sorted(namen) == ["Aalders", "Bakker", "Claes", "Dekker", "Zwart"] and len(personen) == 5
    assert events.count() == 1 and {e.toelichting for e in events} == {"vandaag"}  # one event naming them all


@pytest.mark.parametrize("rol", [roles.REGIOCOORDINATOR, roles.BEHEERDER])
def test_only_casework_roles(client, make_user, achterhoek, rol):
    extra = {"arbeidsmarktregio": achterhoek.regio} if rol == roles.REGIOCOORDINATOR else {}
    client.force_login(make_user(rol, **extra))
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_the_case_page_signals_come_from_one_query(consultant, winterswijk, achterhoek, django_assert_num_queries):
    sh = dossier_in_uitvoering(
        winterswijk, consultant, pip_dagtekening=D(2026, 3, 1), bijstand_start_datum=D(2026, 6, 15)
    )
    for dag in (18, 19, 20):
        AanwezigheidFactory(
            inschrijving=b1_inschrijving(sh, achterhoek) if dag == 18 else Inschrijving.objects.get(statushouder=sh),
            datum=D(2026, 11, dag),
            status="ongeoorloofd_afwezig",
        )
    with django_assert_num_queries(1):
        meldingen = werklijst.meldingen_van_dossier(consultant, sh, VANDAAG)
    assert [m.signaal.code for m in meldingen] == ["verzuim", "gesprek_te_laat", "ontzorgen"]


# --- a constant number of queries ----------------------------------------------------------------------


def _bulk(n, gemeente, consultant, achterhoek):
    """n cases with a mix of signals (PIP deadline, gesprek te laat, geen inschrijving, verzuim, ontzorgen),
    gesprekken this week and attendance rows."""
    rows = StatushouderFactory.build_batch(n, gemeente=gemeente, consultant=consultant)
    for i, sh in enumerate(rows):
        if i % 4 == 1:
            sh.status, sh.intake_start_datum = "intake", D(2025, 3, 1)
            sh.bijstand_start_datum = D(2026, 6, 15)
        elif i % 4 in (2, 3):
            sh.status, sh.intake_start_datum = "in_uitvoering", D(2025, 3, 1)
            sh.pip_dagtekening, sh.termijn_einde = D(2026, 3, 1), D(2029, 3, 2)
        if i % 5 == 0:
            sh.consultant = None
            sh.status_sinds = D(2026, 11, 20)
    created = Statushouder.objects.bulk_create(rows)
    leerroute = Leerroute.objects.get(code="b1")
    uitvoering = [sh for sh in created if sh.status == "in_uitvoering"]
    inschrijvingen = Inschrijving.objects.bulk_create(
        Inschrijving(
            statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=leerroute, startdatum=D(2026, 4, 1)
        )
        for sh in uitvoering[::2]
    )
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(
            inschrijving=ins,
            les_id=f"l{ins.pk}-{dag}",
            datum=D(2026, 11, dag),
            geplande_minuten=180,
            aanwezige_minuten=0,
            status="ongeoorloofd_afwezig",
        )  # fmt: skip
        for ins in inschrijvingen
        for dag in (18, 19, 20)
    )
    Voortgangsgesprek.objects.bulk_create(
        Voortgangsgesprek(statushouder=sh, gepland_op=VANDAAG + dt.timedelta(days=i % 3))
        for i, sh in enumerate(uitvoering)
    )


def _aantal_queries(client, user) -> tuple[int, int]:
    client.force_login(user)
    with CaptureQueriesContext(connections["default"]) as default, CaptureQueriesContext(connections["audit"]) as audit:
        response = client.get(URL)
    assert response.status_code == 200
    return len(default.captured_queries), len(audit.captured_queries)


def test_constant_number_of_queries_10_and_500_cases(
    client, consultant, teamleider, winterswijk, achterhoek, django_assert_max_num_queries
):
    _bulk(10, winterswijk, consultant, achterhoek)
    klein = _aantal_queries(client, consultant), _aantal_queries(client, teamleider)
    _bulk(490, winterswijk, consultant, achterhoek)
    groot = _aantal_queries(client, consultant), _aantal_queries(client, teamleider)
    assert klein == groot
    client.force_login(teamleider)
    with django_assert_max_num_queries(15):
        response = client.get(URL, {"page": 2})
    assert len(response.context["pagina"].object_list) == 25 and response.context["pagina"].number == 2
    assert response.context["pagina"].paginator.count > 500  # several signals per case
