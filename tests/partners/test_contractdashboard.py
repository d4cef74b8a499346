"""The contract dashboard: each figure on a hand-made dataset, the suppression of small cells, the signals around
their edges, and a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from inburgering.accounts import roles
from leerroutes.models import Leerroute, Onderdeel
from partners.models import Contract, Keurmerk, Organisatie
from partners.selectors.contracten import contracten_voor, met_cijfers, signalen
from reports import privacy
from tests.conftest import TODAY
from tests.factories import (
    AanwezigheidFactory,
    ExamenresultaatFactory,
    InschrijvingFactory,
    KeurmerkFactory,
    StatushouderFactory,
)

# The clock is frozen on TODAY: the dashboard and the list compute their signals and status from today, and the
# tests compare with dates built from TODAY.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]


@pytest.fixture
def coordinator(make_user, achterhoek):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)


@pytest.fixture
def taalpunt(achterhoek):
    org = Organisatie.objects.create(naam="Taalpunt", type=Organisatie.Type.TAALAANBIEDER)
    KeurmerkFactory(organisatie=org, geldig_tot=TODAY + dt.timedelta(days=400))
    org.arbeidsmarktregios.add(achterhoek.regio)
    return org


@pytest.fixture
def contract(achterhoek, taalpunt):
    return Contract.objects.create(
        organisatie=taalpunt,
        leerroute=Leerroute.objects.get(code="b1"),
        arbeidsmarktregio=achterhoek.regio,
        startdatum=dt.date(2025, 1, 1),
        einddatum=dt.date(2027, 12, 31),
        capaciteit=10,
        tarief=Decimal("10000"),
        norm_aanwezigheid=80,
    )


def inschrijven(contract, winterswijk, n, *, pip=dt.date(2025, 3, 1), **velden):
    result = []
    for _ in range(n):
        sh = StatushouderFactory(gemeente=winterswijk, status="in_uitvoering", pip_dagtekening=pip)
        result.append(
            InschrijvingFactory(
                statushouder=sh,
                organisatie=contract.organisatie,
                leerroute=contract.leerroute,
                contract=contract,
                **velden,
            )
        )
    return result


def cijfers(contract):
    return met_cijfers(Contract.objects.filter(pk=contract.pk).select_related("organisatie", "leerroute")).get()


def dashboard(client, user, contract):
    client.force_login(user)
    response = client.get(reverse("partners:contract", args=[contract.uuid]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(("aantal", "signaal"), [(9, False), (10, True)])
def test_capacity_signal_over_90_percent(contract, winterswijk, aantal, signaal):
    inschrijven(contract, winterswijk, aantal)
    rij = cijfers(contract)
    assert rij.gebruikt == aantal
    assert ("capaciteit" in [s.code for s in signalen(rij, TODAY)]) is signaal


def test_capacity_counts_every_linked_enrolment_whatever_its_status(contract, winterswijk, achterhoek):
    inschrijven(contract, winterswijk, 3)
    inschrijven(contract, winterswijk, 2, status="afgebroken", einddatum=dt.date(2025, 9, 1))
    inschrijven(contract, winterswijk, 1, status="afgerond", einddatum=dt.date(2026, 6, 1))
    # an enrolment without the contract, or on another contract, does not count
    InschrijvingFactory(
        statushouder=StatushouderFactory(gemeente=winterswijk),
        organisatie=contract.organisatie,
        leerroute=contract.leerroute,
    )
    assert cijfers(contract).gebruikt == 6


def test_hours_attendance_and_norm(client, coordinator, contract, winterswijk):
    inschrijvingen = inschrijven(contract, winterswijk, 5)
    for inschrijving in inschrijvingen:
        AanwezigheidFactory(inschrijving=inschrijving, geplande_minuten=120, aanwezige_minuten=90)
        AanwezigheidFactory(inschrijving=inschrijving, geplande_minuten=60, status="ongeoorloofd_afwezig")
    rij = cijfers(contract)
    assert rij.lessen == {"gepland": 900, "aanwezig": 450, "deelnemers": 5}
    context = dashboard(client, coordinator, contract).context
    assert str(context["uren_aangeboden"]) == "15,0 uur"
    assert str(context["uren_gevolgd"]) == "7,5 uur"
    assert str(context["aanwezigheid"]) == "50%"
    assert context["onder_norm"] is True
    assert str(context["deelnemers_lessen"]) == "<5"  # 5 of the 5 enrolments: the 0 without would show


def test_attendance_on_the_norm_is_not_below_it(client, coordinator, contract, winterswijk):
    for inschrijving in inschrijven(contract, winterswijk, 5):
        AanwezigheidFactory(inschrijving=inschrijving, geplande_minuten=100, aanwezige_minuten=80)
    context = dashboard(client, coordinator, contract).context
    assert str(context["aanwezigheid"]) == "80%"
    assert context["onder_norm"] is False


def test_exam_pass_rates_per_onderdeel_count_people_not_attempts(client, coordinator, contract, winterswijk):
    lezen, knm = Onderdeel.objects.get(code="lezen"), Onderdeel.objects.get(code="knm")
    inschrijvingen = inschrijven(contract, winterswijk, 8)
    for i, inschrijving in enumerate(inschrijvingen):
        # lezen: 8 people, the first two failed once and passed later, the last two never passed
        ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=lezen, niveau="B1", behaald=2 <= i < 6)
        if i < 2:
            ExamenresultaatFactory(
                inschrijving=inschrijving, onderdeel=lezen, niveau="B1", behaald=True, datum=dt.date(2025, 9, 1)
            )
        if i < 3:
            ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=knm, behaald=True)
    examens = {e["onderdeel"]: e for e in dashboard(client, coordinator, contract).context["examens"]}
    assert str(examens[lezen.naam]["deelnemers"]) == "8"
    # 6 of 8 passed would show the 2 who failed (secondary suppression, reports/privacy.py)
    assert str(examens[lezen.naam]["geslaagd"]) == "<5"
    assert str(examens[lezen.naam]["percentage"]) == "<5"
    # KNM rests on 3 people: everything suppressed
    assert len(examens) == 2
    assert [str(examens[knm.naam][k]) for k in ("deelnemers", "geslaagd", "percentage")] == ["<5", "<5", "<5"]


def test_median_days_from_vaststelling_to_first_lesson(client, coordinator, contract, winterswijk):
    pip = dt.date(2025, 3, 1)
    # first lessons 10, 20, 30, 40, 100 days after the PIP: median 30; an earlier participation row is no lesson
    for dagen, inschrijving in zip([10, 20, 30, 40, 100], inschrijven(contract, winterswijk, 5, pip=pip), strict=True):
        AanwezigheidFactory(inschrijving=inschrijving, datum=pip + dt.timedelta(days=dagen + 5))
        AanwezigheidFactory(inschrijving=inschrijving, datum=pip + dt.timedelta(days=dagen))
        AanwezigheidFactory(inschrijving=inschrijving, datum=pip + dt.timedelta(days=1), soort="participatie")
    # without a lesson, or without a vastgestelde PIP: not in the median
    inschrijven(contract, winterswijk, 1, pip=pip)
    rij = cijfers(contract)
    assert rij.doorloop == {"mediaan": 30.0, "deelnemers": 5}
    context = dashboard(client, coordinator, contract).context
    assert str(context["doorloop"]) == "30 dagen"


def test_median_of_an_even_number_interpolates(contract, winterswijk):
    pip = dt.date(2025, 3, 1)
    for dagen, inschrijving in zip([10, 20, 30, 41], inschrijven(contract, winterswijk, 4, pip=pip), strict=True):
        AanwezigheidFactory(inschrijving=inschrijving, datum=pip + dt.timedelta(days=dagen))
    assert cijfers(contract).doorloop == {"mediaan": 25.0, "deelnemers": 4}


def test_figures_on_fewer_than_5_people_are_suppressed(client, coordinator, contract, winterswijk):
    pip = dt.date(2025, 3, 1)
    for inschrijving in inschrijven(contract, winterswijk, 4, pip=pip):
        AanwezigheidFactory(inschrijving=inschrijving, datum=pip + dt.timedelta(days=12))
    response = dashboard(client, coordinator, contract)
    context = response.context
    for naam in ("gebruikt", "gebruikt_procent", "deelnemers_lessen", "uren_aangeboden", "uren_gevolgd"):
        assert str(context[naam]) == "<5", naam
    assert str(context["aanwezigheid"]) == "<5"
    assert str(context["doorloop"]) == "<5"
    assert "12 dagen" not in response.content.decode()
    assert "720" not in response.content.decode()  # 4 × 180 minutes


def test_no_personal_data_on_the_dashboard(client, coordinator, contract, winterswijk):
    inschrijvingen = inschrijven(contract, winterswijk, 6)
    html = dashboard(client, coordinator, contract).content.decode()
    for inschrijving in inschrijvingen:
        sh = inschrijving.statushouder
        assert sh.achternaam not in html
        assert sh.bsn not in html
        assert str(inschrijving.uuid) not in html


def test_suppression_helper_threshold_from_settings(settings):
    assert privacy.drempel() == 5
    assert str(privacy.aantal(4)) == "<5" and str(privacy.aantal(0)) == "<5" and str(privacy.aantal(5)) == "5"
    assert str(privacy.percentage(1, 4, 4)) == "<5"
    assert str(privacy.percentage(1, 4, 5)) == "25%"
    assert str(privacy.percentage(4, 6, 6, teller_is_aantal=True)) == "<5"  # the share would reveal the 4
    assert str(privacy.percentage(5, 6, 6, teller_is_aantal=True)) == "83%"
    settings.SUPPRESSIE_DREMPEL = 10
    assert str(privacy.aantal(9)) == "<10"


@pytest.mark.parametrize(("dagen", "signaal"), [(89, True), (90, True), (91, False)])
def test_keurmerk_expiring_within_90_days(contract, taalpunt, dagen, signaal):
    Keurmerk.objects.filter(organisatie=taalpunt).update(geldig_tot=TODAY + dt.timedelta(days=dagen))
    codes = [s.code for s in signalen(cijfers(contract), TODAY)]
    assert ("keurmerk_verloopt" in codes) is signaal
    assert "keurmerk_verlopen" not in codes


def test_a_following_period_continues_the_keurmerk(contract, taalpunt):
    """A renewed keurmerk that starts the day after the current one ends: no signal, and the dashboard shows both."""
    Keurmerk.objects.filter(organisatie=taalpunt).update(geldig_tot=TODAY + dt.timedelta(days=30))
    KeurmerkFactory(
        organisatie=taalpunt, geldig_van=TODAY + dt.timedelta(days=31), geldig_tot=TODAY + dt.timedelta(days=400)
    )
    assert [s.code for s in signalen(cijfers(contract), TODAY)] == []
    KeurmerkFactory(organisatie=taalpunt, geldig_van=TODAY + dt.timedelta(days=500))  # after a gap: not counted
    Keurmerk.objects.filter(organisatie=taalpunt, geldig_tot=TODAY + dt.timedelta(days=400)).update(
        geldig_tot=TODAY + dt.timedelta(days=60)
    )
    texts = [s.tekst for s in signalen(cijfers(contract), TODAY)]
    assert texts[0].startswith("Het Blik op Werk keurmerk van Taalpunt verloopt over 60 dagen")


def test_expired_keurmerk_is_its_own_signal(contract, taalpunt):
    Keurmerk.objects.filter(organisatie=taalpunt).update(geldig_tot=TODAY - dt.timedelta(days=1))
    assert [s.code for s in signalen(cijfers(contract), TODAY)] == ["keurmerk_verlopen"]


def test_no_keurmerk_signal_for_the_onderwijsroute(achterhoek):
    contract = Contract.objects.get(organisatie=achterhoek.aanbieders["HAN"])
    assert signalen(cijfers(contract), TODAY) == []


@pytest.mark.parametrize(("dagen", "signaal"), [(89, True), (90, True), (91, False)])
def test_contract_ending_within_90_days(contract, dagen, signaal):
    contract.einddatum = TODAY + dt.timedelta(days=dagen)
    contract.save()
    codes = [s.code for s in signalen(cijfers(contract), TODAY)]
    assert ("contract_eindigt" in codes) is signaal


def test_an_ended_contract_has_no_signals(contract, taalpunt):
    contract.einddatum = TODAY - dt.timedelta(days=1)
    contract.save()
    Keurmerk.objects.filter(organisatie=taalpunt).update(geldig_tot=TODAY)
    assert signalen(cijfers(contract), TODAY) == []


def test_signals_shown_on_the_dashboard(client, coordinator, contract, taalpunt):
    Keurmerk.objects.filter(organisatie=taalpunt).update(geldig_tot=TODAY + dt.timedelta(days=60))
    html = dashboard(client, coordinator, contract).content.decode()
    assert "Het Blik op Werk keurmerk van Taalpunt verloopt over 60 dagen" in html


def test_list_status_of_each_contract(client, coordinator, contract):
    contract.startdatum = TODAY + dt.timedelta(days=1)
    contract.save()
    client.force_login(coordinator)
    rijen = client.get(reverse("partners:contracten")).context["rijen"]
    statussen = {(r["contract"].organisatie.naam, r["contract"].leerroute.code): str(r["status"]) for r in rijen}
    assert statussen[("Taalpunt", "b1")] == "toekomstig"
    assert statussen[("TopTaal", "b1")] == "lopend"
    assert str([r for r in rijen if r["contract"].organisatie.naam == "Taalpunt"][0]["gebruikt"]) == "<5"


def test_status_edges(coordinator, contract):
    for start, eind, status in [
        (TODAY, TODAY, "lopend"),
        (TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=9), "toekomstig"),
        (TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=1), "afgelopen"),
    ]:
        Contract.objects.filter(pk=contract.pk).update(startdatum=start, einddatum=eind)
        assert contracten_voor(coordinator, vandaag=TODAY).get(pk=contract.pk).status == status


def _vul(achterhoek, winterswijk, contracten: int, inschrijvingen: int, eerste: int = 0):
    routes = list(Leerroute.objects.filter(code__in=["b1", "z"]))
    made = []
    for i in range(eerste, eerste + contracten):
        org = Organisatie.objects.create(naam=f"Aanbieder {i}", type=Organisatie.Type.TAALAANBIEDER)
        KeurmerkFactory(organisatie=org, geldig_tot=TODAY + dt.timedelta(days=30 + i))
        made.append(
            Contract.objects.create(
                organisatie=org,
                leerroute=routes[i % 2],
                arbeidsmarktregio=achterhoek.regio,
                startdatum=dt.date(2025, 1, 1),
                einddatum=TODAY + dt.timedelta(days=60 + i),
                capaciteit=10,
                tarief=1,
            )
        )
    knm = Onderdeel.objects.get(code="knm")
    for j in range(inschrijvingen):
        contract = made[j % len(made)]
        inschrijving = inschrijven(contract, winterswijk, 1)[0]
        AanwezigheidFactory(inschrijving=inschrijving, datum=dt.date(2025, 4, 1))
        ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=knm, behaald=j % 2 == 0)
    return made


def _aantal_queries(client, django_assert_max_num_queries, url) -> int:
    with django_assert_max_num_queries(50) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_queries_constant_3_vs_30_contracts(
    client, coordinator, achterhoek, winterswijk, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("partners:contracten")
    _vul(achterhoek, winterswijk, 3, 10)
    klein = _aantal_queries(client, django_assert_max_num_queries, url)
    _vul(achterhoek, winterswijk, 27, 40, eerste=3)
    assert _aantal_queries(client, django_assert_max_num_queries, url) == klein


def test_dashboard_queries_constant_10_vs_500_enrolments(
    client, coordinator, achterhoek, winterswijk, django_assert_max_num_queries
):
    client.force_login(coordinator)
    contract = _vul(achterhoek, winterswijk, 1, 10)[0]
    url = reverse("partners:contract", args=[contract.uuid])
    klein = _aantal_queries(client, django_assert_max_num_queries, url)
    contract.capaciteit = 1000
    contract.save()
    for j in range(49):
        for inschrijving in inschrijven(contract, winterswijk, 10):
            AanwezigheidFactory(inschrijving=inschrijving, datum=dt.date(2025, 4, 1 + j % 28))
    assert _aantal_queries(client, django_assert_max_num_queries, url) == klein
    assert str(dashboard(client, coordinator, contract).context["gebruikt"]) == "500"


def test_a_pass_count_below_5_is_suppressed_even_on_a_large_base(client, coordinator, contract, winterswijk):
    """4 of 6 passed: the pass count is "<5", and so is the percentage (67% of 6 would give the 4 back)."""
    knm = Onderdeel.objects.get(code="knm")
    for i, inschrijving in enumerate(inschrijven(contract, winterswijk, 6)):
        ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=knm, behaald=i < 4)
    (examen,) = dashboard(client, coordinator, contract).context["examens"]
    assert [str(examen[k]) for k in ("deelnemers", "geslaagd", "percentage")] == ["6", "<5", "<5"]
