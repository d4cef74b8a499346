"""DOMAIN.md requirement 12: the intake handhaving ladder (cases.services.handhaving), its signal, the intake page
and the migration of the three old dates. Every rule at both edges."""

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services, signals
from cases.models import Handhavingsstap, Statushouder
from cases.services import handhaving
from cases.workflow import TransitionError
from inburgering.audit.models import AuditEvent
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db
D = dt.date
Stap = Handhavingsstap.Stap


def stap(consultant, sh, naam, datum, verwijtbaar=True, toelichting="Niet gereageerd, geen bericht"):
    return handhaving.leg_stap_vast(
        actor=consultant, statushouder=sh, stap=naam, datum=datum, verwijtbaar=verwijtbaar, toelichting=toelichting
    )


def stappen(sh):
    return list(Handhavingsstap.objects.filter(statushouder=sh).order_by("datum", "id").values_list("stap", flat=True))


def test_the_ladder_in_order_with_dates_and_assessment(registreer, consultant):
    sh = registreer()  # aangemeld on 06-12-2022
    stap(consultant, sh, "uitnodiging", D(2023, 1, 2), verwijtbaar=None, toelichting="")
    stap(consultant, sh, "herinnering", D(2023, 1, 16))
    stap(consultant, sh, "waarschuwing", D(2023, 1, 30))
    stap(consultant, sh, "eerste_boete", D(2023, 2, 13))
    stap(consultant, sh, "tweede_boete", D(2023, 2, 27))
    stap(consultant, sh, "pip_ambtshalve", D(2023, 3, 13))
    assert stappen(sh) == list(Stap.values)
    assert sh.tijdlijn.filter(soort="handhaving:intake").count() == 6
    assert sh.tijdlijn.filter(omschrijving="Handhaving intake: eerste boete (verwijtbaar)").exists()
    assert AuditEvent.objects.filter(object_type="cases.handhavingsstap", handeling="create").count() == 6
    with pytest.raises(ValidationError, match="het PIP is ambtshalve vastgesteld"):
        stap(consultant, sh, "tweede_boete", D(2023, 3, 20))


def test_steps_go_in_order(registreer, consultant):
    sh = registreer()
    with pytest.raises(ValidationError) as err:
        stap(consultant, sh, "herinnering", D(2023, 1, 2))
    assert err.value.message_dict["stap"] == ["De stappen gaan in volgorde: de volgende stap is 'uitnodiging intake'."]
    stap(consultant, sh, "uitnodiging", D(2023, 1, 2), verwijtbaar=None, toelichting="")
    with pytest.raises(ValidationError, match="de volgende stap is 'herinnering'"):
        stap(consultant, sh, "waarschuwing", D(2023, 1, 16))
    with pytest.raises(ValidationError, match="al vastgelegd"):
        stap(consultant, sh, "uitnodiging", D(2023, 1, 16), verwijtbaar=None, toelichting="")
    assert stappen(sh) == ["uitnodiging"]


def test_a_step_not_before_the_previous_one_same_day_allowed(registreer, consultant):
    sh = registreer()
    stap(consultant, sh, "uitnodiging", D(2023, 1, 2), verwijtbaar=None, toelichting="")
    with pytest.raises(ValidationError) as err:
        stap(consultant, sh, "herinnering", D(2023, 1, 1))  # the day before
    assert err.value.message_dict["datum"] == ["De datum ligt vóór de vorige stap (uitnodiging intake, 02-01-2023)."]
    stap(consultant, sh, "herinnering", D(2023, 1, 2))  # the same day
    with pytest.raises(ValidationError, match="toekomst"):
        stap(consultant, sh, "waarschuwing", D(2099, 1, 1))


def test_every_step_after_the_invitation_needs_the_assessment_and_its_reasons(registreer, consultant):
    sh = registreer()
    stap(consultant, sh, "uitnodiging", D(2023, 1, 2), verwijtbaar=None, toelichting="")
    with pytest.raises(ValidationError) as err:
        stap(consultant, sh, "herinnering", D(2023, 1, 16), verwijtbaar=None, toelichting=" ")
    assert err.value.message_dict == {
        "verwijtbaar": ["Geef aan of de gemeente het niet reageren verwijtbaar vindt."],
        "toelichting": ["Licht de afweging van de verwijtbaarheid toe."],
    }
    stap(consultant, sh, "herinnering", D(2023, 1, 16), verwijtbaar=False, toelichting="Post kwam niet aan")
    assert stappen(sh) == ["uitnodiging", "herinnering"]


def test_no_boete_when_not_verwijtbaar_the_ladder_goes_to_the_pip(registreer, consultant):
    """Since the 2025 rulings DUO fines only in exceptional cases: a boete only for a step judged verwijtbaar."""
    sh = registreer()
    stap(consultant, sh, "uitnodiging", D(2023, 1, 2), verwijtbaar=None, toelichting="")
    stap(consultant, sh, "herinnering", D(2023, 1, 16))
    stap(consultant, sh, "waarschuwing", D(2023, 1, 30), verwijtbaar=False, toelichting="Opgenomen in ziekenhuis")
    assert handhaving.volgende_stap("waarschuwing", False) == "pip_ambtshalve"
    with pytest.raises(ValidationError) as err:
        stap(consultant, sh, "eerste_boete", D(2023, 2, 13), verwijtbaar=False)
    assert "sinds de uitspraken van 2025" in err.value.message_dict["verwijtbaar"][0]
    with pytest.raises(ValidationError, match="de volgende stap is 'PIP ambtshalve vastgesteld'"):
        stap(consultant, sh, "eerste_boete", D(2023, 2, 13), verwijtbaar=True)
    stap(consultant, sh, "pip_ambtshalve", D(2023, 2, 13), verwijtbaar=False, toelichting="Niet verwijtbaar")
    assert stappen(sh) == ["uitnodiging", "herinnering", "waarschuwing", "pip_ambtshalve"]


def test_the_database_refuses_a_boete_judged_not_verwijtbaar(registreer):
    from django.db import IntegrityError, transaction

    sh = registreer()
    with pytest.raises(IntegrityError), transaction.atomic():
        Handhavingsstap.objects.create(statushouder=sh, stap="eerste_boete", datum=D(2023, 1, 2), verwijtbaar=False)


def test_ladder_steps_only_before_the_intake_starts_the_pip_step_also_later(registreer, consultant):
    sh = registreer()
    stap(consultant, sh, "uitnodiging", D(2023, 1, 2), verwijtbaar=None, toelichting="")
    stap(consultant, sh, "herinnering", D(2023, 1, 5))
    stap(consultant, sh, "waarschuwing", D(2023, 1, 9))
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    with pytest.raises(TransitionError, match="zolang de intake niet is gestart"):
        stap(consultant, sh, "eerste_boete", D(2023, 1, 11))
    stap(consultant, sh, "pip_ambtshalve", D(2023, 1, 11))
    assert stappen(sh)[-1] == "pip_ambtshalve"


# --- the signal -------------------------------------------------------------------------------------------


def _heeft(sh, vandaag):
    in_sql = signals.filter_op(Statushouder.objects.filter(pk=sh.pk), "handhaving", vandaag).exists()
    rij = signals.annoteer(Statushouder.objects.filter(pk=sh.pk), vandaag).get()
    per_rij = "handhaving" in [s.code for s in signals.signalen_voor(rij, vandaag)]
    assert in_sql == per_rij
    return in_sql


def _melding(sh, vandaag):
    rij = signals.annoteer(Statushouder.objects.filter(pk=sh.pk), vandaag).get()
    [melding] = [m for m in signals.meldingen_voor(rij, vandaag) if m.signaal.code == "handhaving"]
    return melding.datum, melding.toelichting


@pytest.fixture
def aangemeld(winterswijk):
    return StatushouderFactory(gemeente=winterswijk, status="aangemeld")


def test_signal_next_step_due_two_weeks_after_the_last(aangemeld):
    Handhavingsstap.objects.create(statushouder=aangemeld, stap="uitnodiging", datum=D(2026, 11, 2))
    Handhavingsstap.objects.create(statushouder=aangemeld, stap="herinnering", datum=D(2026, 11, 10), verwijtbaar=True)
    assert not _heeft(aangemeld, D(2026, 11, 23))  # the day before
    assert _heeft(aangemeld, D(2026, 11, 24))  # two weeks after 10-11
    assert _melding(aangemeld, D(2026, 11, 24)) == (
        D(2026, 11, 24),
        "volgende stap: schriftelijke waarschuwing, vanaf 24-11-2026 (vorige: herinnering op 10-11-2026)",
    )


def test_signal_follows_the_configured_weeks(aangemeld, settings):
    settings.INBURGERING_NORMEN = {**settings.INBURGERING_NORMEN, "HANDHAVING_STAP_WEKEN": 3}
    Handhavingsstap.objects.create(statushouder=aangemeld, stap="uitnodiging", datum=D(2026, 11, 2))
    assert not _heeft(aangemeld, D(2026, 11, 22))
    assert _heeft(aangemeld, D(2026, 11, 23))


def test_signal_names_the_pip_after_a_step_not_verwijtbaar(aangemeld):
    Handhavingsstap.objects.create(statushouder=aangemeld, stap="waarschuwing", datum=D(2026, 11, 2), verwijtbaar=False)
    assert _melding(aangemeld, D(2026, 11, 24))[1].startswith("volgende stap: PIP ambtshalve vastgesteld")


def test_no_signal_when_the_ladder_is_done_or_the_intake_started(aangemeld):
    Handhavingsstap.objects.create(statushouder=aangemeld, stap="pip_ambtshalve", datum=D(2026, 11, 2))
    assert not _heeft(aangemeld, D(2026, 11, 24))
    Handhavingsstap.objects.filter(statushouder=aangemeld).update(stap="waarschuwing", verwijtbaar=True)
    assert _heeft(aangemeld, D(2026, 11, 24))
    Statushouder.objects.filter(pk=aangemeld.pk).update(status="intake", intake_start_datum=D(2026, 11, 20))
    assert not _heeft(aangemeld, D(2026, 11, 24))


# --- the intake page ---------------------------------------------------------------------------------------


def test_intake_page_shows_the_ladder_and_records_a_step(client, consultant, registreer):
    sh = registreer()
    client.force_login(consultant)
    url = reverse("cases:handhaving", kwargs={"uuid": sh.uuid})
    r = client.post(url, {"handhaving-stap": "uitnodiging", "handhaving-datum": "2023-01-02"})
    assert r.status_code == 302
    r = client.post(url, {"handhaving-stap": "herinnering", "handhaving-datum": "2023-01-16"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Geef aan of de gemeente het niet reageren verwijtbaar vindt." in html
    assert "Licht de afweging van de verwijtbaarheid toe." in html
    assert stappen(sh) == ["uitnodiging"]
    r = client.post(
        url,
        {
            "handhaving-stap": "herinnering",
            "handhaving-datum": "2023-01-16",
            "handhaving-verwijtbaar": "nee",
            "handhaving-toelichting": "Brief naar oud adres",
        },
    )
    assert r.status_code == 302
    html = client.get(reverse("cases:intake", kwargs={"uuid": sh.uuid})).content.decode()
    assert 'id="handhaving-stappen"' in html and "Brief naar oud adres" in html
    assert "Volgende stap: schriftelijke waarschuwing, vanaf 30-01-2023." in html
    assert Handhavingsstap.objects.get(statushouder=sh, stap="herinnering").verwijtbaar is False


# --- the data migration -------------------------------------------------------------------------------------


def test_migration_turns_the_old_dates_into_steps(winterswijk):
    """The old three dates become steps with their verwijtbaarheid open (None) and a note."""
    from django.apps import apps as echte_apps

    migratie = importlib.import_module("cases.migrations.0008_handhavingsstappen")
    sh = StatushouderFactory(gemeente=winterswijk)

    class Oud:
        """The statushouder rows as the migration reads them (the historical model had the dates)."""

        def __init__(self, rijen):
            self.rijen = rijen

        def filter(self, *args, **kwargs):
            return self

        def values(self, *velden):
            return self

        def iterator(self):
            return iter(self.rijen)

    class Apps:
        def get_model(self, app, naam):
            if naam == "Statushouder":
                rij = {
                    "pk": sh.pk,
                    "intake_waarschuwing_datum": D(2023, 1, 2),
                    "intake_eerste_boete_datum": D(2023, 2, 1),
                    "intake_tweede_boete_datum": None,
                }
                return type("M", (), {"objects": Oud([rij])})
            return echte_apps.get_model(app, naam)

    migratie.naar_stappen(Apps(), None)
    assert list(Handhavingsstap.objects.filter(statushouder=sh).values_list("stap", "datum", "verwijtbaar")) == [
        ("waarschuwing", D(2023, 1, 2), None),
        ("eerste_boete", D(2023, 2, 1), None),
    ]
    assert Handhavingsstap.objects.filter(toelichting=migratie.OVERGENOMEN).count() == 2


def test_from_the_waarschuwing_the_pip_may_follow_without_a_boete(registreer, consultant):
    sh = registreer()
    stap(consultant, sh, "uitnodiging", D(2023, 1, 2), verwijtbaar=None, toelichting="")
    stap(consultant, sh, "herinnering", D(2023, 1, 16))
    with pytest.raises(ValidationError, match="de volgende stap is 'schriftelijke waarschuwing'"):
        stap(consultant, sh, "pip_ambtshalve", D(2023, 1, 30))  # not before the waarschuwing
    stap(consultant, sh, "waarschuwing", D(2023, 1, 30))
    assert handhaving.toegestane_stappen(handhaving.laatste_stap(sh)) == ["eerste_boete", "pip_ambtshalve"]
    stap(consultant, sh, "pip_ambtshalve", D(2023, 2, 13))
    assert stappen(sh) == ["uitnodiging", "herinnering", "waarschuwing", "pip_ambtshalve"]
