"""The signal `aanmelding` (cases/signals.py): a provider that declines an aanmelding, or does not answer it within
AANMELDING_ANTWOORD_WERKDAGEN werkdagen (Monday–Friday) after aangemeld_op, shows on Vandaag and the case page.
Both edges of the werkdagen boundary; the SQL filter and the per-row rule must agree."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from cases import signals
from cases.models import Statushouder
from cases.selectors import werklijst
from leerroutes import services
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db
D = dt.date
MAANDAG = D(2026, 11, 23)  # aangemeld on a Monday: five werkdagen later is Monday 30-11


def _rij(sh, vandaag):
    return signals.annoteer(
        Statushouder.objects.filter(pk=sh.pk).annotate(pip_deadline=signals.pip_deadline_expressie()), vandaag
    ).get()


def _heeft(sh, vandaag) -> bool:
    """The signal both ways (SQL and per row), which must agree."""
    in_sql = signals.filter_op(Statushouder.objects.filter(pk=sh.pk), "aanmelding", vandaag).exists()
    per_rij = "aanmelding" in [s.code for s in signals.signalen_voor(_rij(sh, vandaag), vandaag)]
    assert in_sql == per_rij, (vandaag, in_sql, per_rij)
    return in_sql


def _melding(sh, vandaag):
    [melding] = [m for m in signals.meldingen_voor(_rij(sh, vandaag), vandaag) if m.signaal.code == "aanmelding"]
    return melding.datum, melding.toelichting


@pytest.fixture
def dossier(winterswijk, consultant):
    return StatushouderFactory(
        gemeente=winterswijk,
        consultant=consultant,
        status="in_uitvoering",
        intake_start_datum=D(2026, 10, 1),
        pip_dagtekening=D(2026, 10, 1),
        termijn_einde=D(2029, 10, 2),
    )


@pytest.fixture
def aanmelden(dossier, toptaal):
    from tests.factories import InschrijvingFactory

    def maak(aangemeld_op=MAANDAG, sh=None, **velden):
        from leerroutes.models import Leerroute

        return InschrijvingFactory(
            statushouder=sh or dossier,
            organisatie=toptaal,
            leerroute=Leerroute.objects.get(code="b1"),
            status="aangemeld",
            aangemeld_op=aangemeld_op,
            startdatum=D(2026, 12, 7),
            **velden,
        )

    return maak


@pytest.mark.parametrize(
    "van,aantal,tot",
    [
        (D(2026, 11, 23), 5, D(2026, 11, 30)),  # Monday → Monday
        (D(2026, 11, 25), 5, D(2026, 12, 2)),  # Wednesday → Wednesday
        (D(2026, 11, 27), 5, D(2026, 12, 4)),  # Friday → Friday
        (D(2026, 11, 28), 5, D(2026, 12, 4)),  # Saturday counts as from Friday
        (D(2026, 11, 29), 1, D(2026, 11, 30)),  # Sunday → Monday
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday → Monday
        (D(2026, 11, 23), 10, D(2026, 12, 7)),
    ],
)
def test_werkdagen_na(van, aantal, tot):
    assert signals.werkdagen_na(van, aantal) == tot


def test_registered_as_a_warning():
    signaal = signals.SIGNALEN["aanmelding"]
    assert signaal.ernst == signals.Ernst.WAARSCHUWING
    assert str(signaal.label) == "Aanmelding afgewezen of onbeantwoord"
    assert ("aanmelding", "Aanmelding afgewezen of onbeantwoord") in [(c, str(label)) for c, label in signals.keuzes()]


def test_no_answer_on_the_last_werkdag_is_no_signal_one_werkdag_later_it_is(dossier, aanmelden):
    aanmelden()
    assert not _heeft(dossier, D(2026, 11, 27))
    assert not _heeft(dossier, D(2026, 11, 30))  # the fifth werkdag: still in time
    assert _heeft(dossier, D(2026, 12, 1))  # one werkdag later
    assert _melding(dossier, D(2026, 12, 1)) == (
        D(2026, 11, 30),
        "TopTaal beantwoordde de aanmelding van 23-11-2026 niet binnen 5 werkdagen",
    )


def test_the_weekend_does_not_count(dossier, aanmelden):
    aanmelden(aangemeld_op=D(2026, 11, 27))  # a Friday: the fifth werkdag is Friday 04-12
    assert not _heeft(dossier, D(2026, 12, 3))
    assert not _heeft(dossier, D(2026, 12, 4))
    assert _heeft(dossier, D(2026, 12, 7))  # the next werkdag


def test_an_answer_on_the_last_werkdag_is_in_time(dossier, aanmelden, toptaal, maak_sleutel):
    inschrijving = aanmelden()
    sleutel, _key = maak_sleutel(toptaal)
    services.wijzig_status_api(
        sleutel=sleutel,
        inschrijving=inschrijving.uuid,
        status="actief",
        startdatum=D(2026, 12, 7),
        vandaag=D(2026, 11, 30),
    )
    assert not _heeft(dossier, D(2026, 12, 1))


def test_a_late_answer_ends_the_signal(dossier, aanmelden, toptaal, maak_sleutel):
    inschrijving = aanmelden()
    assert _heeft(dossier, D(2026, 12, 2))
    sleutel, _key = maak_sleutel(toptaal)
    services.wijzig_status_api(
        sleutel=sleutel,
        inschrijving=inschrijving.uuid,
        status="actief",
        startdatum=D(2026, 12, 7),
        vandaag=D(2026, 12, 2),
    )
    assert not _heeft(dossier, D(2026, 12, 2))


def test_the_number_of_werkdagen_is_a_setting(dossier, aanmelden, settings):
    settings.INBURGERING_NORMEN = {**settings.INBURGERING_NORMEN, "AANMELDING_ANTWOORD_WERKDAGEN": 2}
    aanmelden()
    assert not _heeft(dossier, D(2026, 11, 25))
    assert _heeft(dossier, D(2026, 11, 26))


def test_without_aangemeld_op_there_is_no_term(dossier, aanmelden):
    aanmelden(aangemeld_op=None)
    assert not _heeft(dossier, D(2027, 6, 1))


def test_a_decline_raises_the_signal_at_once_until_a_new_enrolment(dossier, aanmelden, toptaal, interbeek, api_voor):
    inschrijving = aanmelden(aangemeld_op=D(2026, 11, 20))
    response = api_voor(toptaal).patch(
        f"/api/v1/inschrijvingen/{inschrijving.uuid}",
        json.dumps({"status": "afgewezen", "reden": "Geen plek op dit niveau."}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    inschrijving.refresh_from_db()
    beantwoord = timezone.localdate(inschrijving.beantwoord_op)
    assert _heeft(dossier, beantwoord)
    assert _melding(dossier, beantwoord) == (
        beantwoord,
        f"TopTaal wees de aanmelding af op {beantwoord:%d-%m-%Y}: Geen plek op dit niveau.",
    )
    # the consultant enrols the statushouder elsewhere: the decline is dealt with
    _elders(dossier, interbeek, beantwoord)
    assert not _heeft(dossier, beantwoord)


def _elders(sh, organisatie, dag):
    from leerroutes.models import Leerroute
    from tests.factories import InschrijvingFactory

    return InschrijvingFactory(
        statushouder=sh,
        organisatie=organisatie,
        leerroute=Leerroute.objects.get(code="b1"),
        status="aangemeld",
        aangemeld_op=dag,
        startdatum=D(2026, 12, 14),
    )


def test_only_for_an_open_case(dossier, aanmelden):
    aanmelden()
    Statushouder.objects.filter(pk=dossier.pk).update(status="afgerond", eindreden="voldaan", einddatum=D(2026, 11, 30))
    assert not _heeft(Statushouder.objects.get(pk=dossier.pk), D(2026, 12, 1))


def test_shown_on_vandaag_and_the_case_page(dossier, aanmelden, consultant, client, monkeypatch):
    aanmelden()
    vandaag = D(2026, 12, 1)
    assert "aanmelding" in [m.signaal.code for m in werklijst.meldingen(consultant, vandaag, gemeente_breed=False)]
    assert "aanmelding" in [m.signaal.code for m in werklijst.meldingen_van_dossier(consultant, dossier, vandaag)]
    monkeypatch.setattr("cases.views.gedeeld.vandaag", lambda: vandaag)
    client.force_login(consultant)
    pagina = client.get("/dossiers/vandaag/").content.decode()
    assert "TopTaal beantwoordde de aanmelding van 23-11-2026 niet binnen 5 werkdagen" in pagina
    assert f'href="/dossiers/{dossier.uuid}/inschrijven/" data-signaal-actie="aanmelding"' in pagina  # act on it


def test_the_decline_on_the_case_page_timeline_and_signals(dossier, aanmelden, toptaal, api_voor, consultant, client):
    inschrijving = aanmelden(aangemeld_op=timezone.localdate())
    api_voor(toptaal).patch(
        f"/api/v1/inschrijvingen/{inschrijving.uuid}",
        json.dumps({"status": "afgewezen", "reden": "Geen plek op dit niveau."}),
        content_type="application/json",
    )
    client.force_login(consultant)
    pagina = client.get(f"/dossiers/{dossier.uuid}/").content.decode()
    assert "Aanmelding afgewezen door TopTaal: Geen plek op dit niveau." in pagina  # the timeline
    assert "Aanmelding afgewezen of onbeantwoord" in pagina  # the signal
    assert "TopTaal wees de aanmelding af op" in pagina
