"""The keurmerk as periods (DOMAIN.md req. 9): Blik op Werk and erkende taalschakelinstelling, valid from / to with
their history; overlapping periods of the same soort refused; edited by the regiocoördinator (providers of their
region) and the beheerder, audit-logged; every check asks for validity on the date that matters — here the 600
lesson hours of afschalen, counted only for lessons on a day the provider's keurmerk was valid."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.services import gevolgde_lesuren_bij_keurmerk
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from partners.models import Arbeidsmarktregio, Keurmerk, Organisatie
from partners.services.keurmerken import leg_keurmerk_vast, verwijder_keurmerk
from tests.factories import AanwezigheidFactory, InschrijvingFactory, KeurmerkFactory, StatushouderFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def coordinator(make_user, achterhoek):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)


@pytest.fixture
def toptaal(achterhoek):
    """TopTaal with one Blik op Werk period, 2020 until the end of 2026."""
    org = achterhoek.aanbieders["TopTaal"]
    Keurmerk.objects.filter(organisatie=org).update(geldig_van=D(2020, 1, 1), geldig_tot=D(2026, 12, 31))
    return org


def fouten(exc):
    return exc.value.message_dict


def test_a_following_period_is_added_and_logged(coordinator, toptaal):
    nieuw = leg_keurmerk_vast(
        coordinator, toptaal, geldig_van=D(2027, 1, 1), geldig_tot=D(2029, 12, 31), registratienummer=" BoW-12 "
    )
    assert nieuw.registratienummer == "BoW-12" and nieuw.soort == Keurmerk.Soort.BLIK_OP_WERK
    assert toptaal.keurmerk_geldig_op(D(2026, 12, 31)) and toptaal.keurmerk_geldig_op(D(2027, 1, 1))
    assert not toptaal.keurmerk_geldig_op(D(2030, 1, 1)) and not toptaal.keurmerk_geldig_op(D(2019, 12, 31))
    assert toptaal.keurmerk_geldig_tot(D(2026, 6, 1)) == D(2029, 12, 31)  # runs on without a gap
    event = AuditEvent.objects.get(object_type="partners.keurmerk", handeling=Handeling.CREATE)
    assert event.object_id == str(nieuw.uuid) and "geldig_van" in event.velden


@pytest.mark.parametrize(
    ("van", "tot"),
    [
        (D(2026, 12, 31), D(2028, 1, 1)),  # starts on the last day of the other
        (D(2019, 1, 1), D(2020, 1, 1)),  # ends on its first day
        (D(2021, 1, 1), D(2021, 2, 1)),  # inside
        (D(2019, 1, 1), None),  # open end covers everything after
    ],
)
def test_overlapping_periods_of_the_same_soort_are_refused(coordinator, toptaal, van, tot):
    with pytest.raises(ValidationError) as exc:
        leg_keurmerk_vast(coordinator, toptaal, geldig_van=van, geldig_tot=tot)
    assert fouten(exc)["geldig_van"][0].startswith(
        "Deze periode overlapt met een andere periode van hetzelfde keurmerk"
    )
    assert toptaal.keurmerken.count() == 1


def test_another_soort_may_overlap(coordinator, toptaal):
    leg_keurmerk_vast(coordinator, toptaal, soort=Keurmerk.Soort.TAALSCHAKELINSTELLING, geldig_van=D(2021, 1, 1))
    assert toptaal.keurmerk_geldig_op(D(2030, 1, 1), Keurmerk.Soort.TAALSCHAKELINSTELLING)
    assert not toptaal.keurmerk_geldig_op(D(2030, 1, 1))


def test_dates_are_checked(coordinator, toptaal):
    with pytest.raises(ValidationError) as exc:
        leg_keurmerk_vast(coordinator, toptaal, geldig_van=None)
    assert fouten(exc) == {"geldig_van": ["Vul in vanaf wanneer het keurmerk geldt."]}
    with pytest.raises(ValidationError) as exc:
        leg_keurmerk_vast(coordinator, toptaal, geldig_van=D(2028, 1, 2), geldig_tot=D(2028, 1, 1))
    assert fouten(exc) == {"geldig_tot": ["‘Geldig tot’ ligt vóór ‘geldig van’."]}


def test_ending_a_period_is_an_edit_of_its_end(coordinator, toptaal):
    periode = toptaal.keurmerken.get()
    leg_keurmerk_vast(
        coordinator,
        toptaal,
        keurmerk=periode,
        geldig_van=D(2020, 1, 1),
        geldig_tot=D(2025, 6, 30),
        registratienummer=periode.registratienummer,  # the form sends every field; only the end changes
    )
    periode.refresh_from_db()
    assert periode.geldig_tot == D(2025, 6, 30)
    event = AuditEvent.objects.get(object_type="partners.keurmerk", handeling=Handeling.UPDATE)
    assert event.velden == ["geldig_tot"]
    verwijder_keurmerk(coordinator, periode)
    assert not toptaal.keurmerken.exists()
    assert AuditEvent.objects.filter(object_type="partners.keurmerk", handeling=Handeling.DELETE).count() == 1


def test_only_managers_of_the_providers_region(make_user, consultant, coordinator, toptaal):
    twente = Arbeidsmarktregio.objects.create(naam="Twente", code="AM30")
    elders = Organisatie.objects.create(naam="Taalschool Twente", type=Organisatie.Type.TAALAANBIEDER)
    elders.arbeidsmarktregios.add(twente)
    with pytest.raises(PermissionDenied):
        leg_keurmerk_vast(coordinator, elders, geldig_van=D(2027, 1, 1))
    with pytest.raises(PermissionDenied):
        leg_keurmerk_vast(consultant, toptaal, geldig_van=D(2027, 1, 1))
    assert leg_keurmerk_vast(make_user(roles.BEHEERDER), elders, geldig_van=D(2027, 1, 1))


# --- the 600 lesson hours of afschalen count lessons on days the keurmerk was valid --------------------------------


def test_lesson_hours_count_only_on_days_the_keurmerk_was_valid(winterswijk, consultant, toptaal):
    sh = StatushouderFactory(gemeente=winterswijk, consultant=consultant, status="intake")
    inschrijving = InschrijvingFactory(
        statushouder=sh,
        organisatie=toptaal,
        leerroute_id=toptaal.contracten.first().leerroute_id,
        startdatum=D(2026, 1, 5),
    )
    for datum in (D(2026, 12, 30), D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 2)):
        AanwezigheidFactory(inschrijving=inschrijving, datum=datum, geplande_minuten=60)
    assert gevolgde_lesuren_bij_keurmerk(sh, D(2027, 1, 31)) == 2  # the keurmerk ended on 31-12-2026
    KeurmerkFactory(organisatie=toptaal, geldig_van=D(2027, 1, 2))  # renewed after a one-day gap
    assert gevolgde_lesuren_bij_keurmerk(sh, D(2027, 1, 31)) == 3
    assert gevolgde_lesuren_bij_keurmerk(sh, D(2026, 12, 30)) == 1  # up to the peildatum


# --- pages --------------------------------------------------------------------------------------------------------


def test_organisation_page_shows_the_history_and_managers_add_and_change(client, consultant, coordinator, toptaal):
    KeurmerkFactory(organisatie=toptaal, geldig_van=D(2027, 1, 1), geldig_tot=D(2029, 12, 31), registratienummer="B-7")
    url = reverse("partners:organisatie", args=[toptaal.uuid])
    client.force_login(consultant)
    html = client.get(url).content.decode()
    assert 'id="keurmerken"' in html and "01-01-2020" in html and "31-12-2026" in html and "B-7" in html
    assert reverse("partners:keurmerk_nieuw", args=[toptaal.uuid]) not in html
    assert client.get(reverse("partners:keurmerk_nieuw", args=[toptaal.uuid])).status_code == 403
    client.force_login(coordinator)
    assert reverse("partners:keurmerk_nieuw", args=[toptaal.uuid]) in client.get(url).content.decode()
    response = client.post(
        reverse("partners:keurmerk_nieuw", args=[toptaal.uuid]),
        {"soort": "blik_op_werk", "geldig_van": "2028-01-01", "geldig_tot": ""},
    )
    assert response.status_code == 200
    assert "Deze periode overlapt met een andere periode van hetzelfde keurmerk" in response.content.decode()
    response = client.post(
        reverse("partners:keurmerk_nieuw", args=[toptaal.uuid]),
        {"soort": "taalschakelinstelling", "geldig_van": "2028-01-01", "geldig_tot": ""},
    )
    assert response.status_code == 302
    periode = toptaal.keurmerken.get(geldig_van=D(2027, 1, 1))
    edit = reverse("partners:keurmerk", args=[periode.uuid])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"soort": "blik_op_werk", "geldig_van": "2027-01-01", "geldig_tot": "2027-06-30"})
    assert response.status_code == 302
    periode.refresh_from_db()
    assert periode.geldig_tot == D(2027, 6, 30)
    assert client.post(edit, {"verwijderen": "1"}).status_code == 302
    assert not Keurmerk.objects.filter(pk=periode.pk).exists()


# --- the data migration -------------------------------------------------------------------------------------------


def test_migration_turns_the_flag_and_date_into_periods(achterhoek):
    """The old flag with its expiry date becomes a Blik op Werk period from 2022 (the Wi2021) until that date; an
    institution with an onderwijsroute contract becomes an erkende taalschakelinstelling from its first contract."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps as echte_apps

    migratie = importlib.import_module("partners.migrations.0004_keurmerkperioden")
    Keurmerk.objects.all().delete()
    toptaal, han = achterhoek.aanbieders["TopTaal"], achterhoek.aanbieders["HAN"]
    oud = [
        SimpleNamespace(pk=toptaal.pk, keurmerk_geldig_tot=D(2027, 3, 31)),
        SimpleNamespace(pk=achterhoek.aanbieders["Interbeek"].pk, keurmerk_geldig_tot=D(2021, 6, 30)),  # before 2022
    ]

    class Apps:
        def get_model(self, app, naam):
            if naam == "Organisatie":  # the historical model still had the flag and the date
                return SimpleNamespace(objects=SimpleNamespace(filter=lambda **kwargs: oud))
            return echte_apps.get_model(app, naam)

    migratie.flag_naar_periode(Apps(), None)
    perioden = {
        (k.organisatie.naam, k.soort, k.geldig_van, k.geldig_tot)
        for k in Keurmerk.objects.select_related("organisatie")
    }
    assert perioden == {
        ("TopTaal", "blik_op_werk", D(2022, 1, 1), D(2027, 3, 31)),
        ("Interbeek", "blik_op_werk", D(2021, 6, 30), D(2021, 6, 30)),
        ("HAN", "taalschakelinstelling", D(2022, 1, 1), None),
        ("Graafschap College", "taalschakelinstelling", D(2022, 1, 1), None),
    }
    assert han.keurmerk_geldig_op(D(2030, 1, 1), Keurmerk.Soort.TAALSCHAKELINSTELLING)
