"""The brede intake page and the werk_intake_bij service: scores, toets outcome, route advice, reasons for
another route, exemption reason, nothing saved on error, and "Intake afronden" drafting the PIP."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import services
from cases.models import BredeIntake, Leefgebied, LeefgebiedScore, PipVersie, TijdlijnGebeurtenis
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Leerroute

# The clock is frozen on TODAY (tests/conftest.py): the page computes ages and default dates from today.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]


@pytest.fixture
def in_intake(registreer, consultant):
    sh = registreer()
    services.start_intake(actor=consultant, statushouder=sh, datum=dt.date(2023, 1, 10))
    sh.refresh_from_db()
    return sh


def url(sh):
    return reverse("cases:intake", kwargs={"uuid": sh.uuid})


def formdata(**overrides):
    data = {
        "leerbaarheidstoets_datum": "2023-01-20",
        "leerbaarheidstoets_uitkomst": "hoog",
        "leerbaarheidstoets_vrijstelling_reden": "",
        "gekozen_route": "",
        "afwijking_motivering": "",
        "opleiding_werkervaring": "Elektricien, 6 jaar werkervaring",
        "gezondheid": "",
        "vve_informatie_gegeven": "on",
        "actie": "opslaan",
    }
    for i, lg in enumerate(Leefgebied):
        data[f"score_{lg.value}"] = str(i % 5 + 1)
        data[f"toelichting_{lg.value}"] = f"notitie {lg.label}"
    data.update(overrides)
    return data


def test_formulier_toont_alle_leefgebieden(client, consultant, in_intake):
    client.force_login(consultant)
    response = client.get(url(in_intake))
    assert response.status_code == 200
    html = response.content.decode()
    for lg in Leefgebied:
        assert f'name="score_{lg.value}"' in html and f'name="toelichting_{lg.value}"' in html
        assert f">{lg.label}</h3>" in html
    assert "1 – acuut probleem" in html and "5 – volledig zelfredzaam" in html
    assert "Intake opslaan" in html and "Intake afronden" in html


def test_opslaan_bewaart_scores_uitkomst_en_advies(client, consultant, in_intake):
    client.force_login(consultant)
    response = client.post(url(in_intake), formdata())
    assert response.status_code == 302
    intake = BredeIntake.objects.get(statushouder=in_intake)
    assert intake.leerbaarheidstoets_uitkomst == "hoog"
    assert intake.route_advies.code == "b1"
    assert intake.gekozen_route.code == "b1"  # follows the advice when left empty
    assert intake.vve_informatie_gegeven and not intake.individueel_gesprek_aangeboden
    assert intake.opleiding_werkervaring.startswith("Elektricien")
    scores = dict(LeefgebiedScore.objects.filter(intake=intake).values_list("leefgebied", "score"))
    assert len(scores) == 9 and scores["taal"] == 1 and scores["financien"] == 1 and scores["huisvesting"] == 3
    in_intake.refresh_from_db()
    assert in_intake.leerbaarheidstoets_datum == dt.date(2023, 1, 20)
    assert TijdlijnGebeurtenis.objects.filter(statushouder=in_intake, omschrijving="Brede intake bijgewerkt").exists()
    event = AuditEvent.objects.filter(object_type="cases.bredeintake", handeling=Handeling.UPDATE).get()
    assert "leerbaarheidstoets_uitkomst" in event.velden and "scores" in event.velden

    # a second save updates the rows (upsert), and the form shows what was saved
    client.post(url(in_intake), formdata(score_taal="4", toelichting_taal="gaat vooruit"))
    assert LeefgebiedScore.objects.filter(intake=intake).count() == 9
    assert LeefgebiedScore.objects.get(intake=intake, leefgebied="taal").score == 4
    html = client.get(url(in_intake)).content.decode()
    assert "gaat vooruit" in html


@pytest.mark.parametrize(
    ("uitkomst", "advies"), [("hoog", "b1"), ("gemiddeld", "b1"), ("laag", "z"), ("vrijgesteld", None)]
)
def test_route_advies_volgt_uitkomst(client, consultant, in_intake, uitkomst, advies):
    client.force_login(consultant)
    response = client.post(
        url(in_intake),
        formdata(
            leerbaarheidstoets_uitkomst=uitkomst,
            leerbaarheidstoets_vrijstelling_reden="analfabeet, medische verklaring",
        ),
    )
    assert response.status_code == 302
    intake = BredeIntake.objects.get(statushouder=in_intake)
    assert (intake.route_advies.code if intake.route_advies else None) == advies
    assert intake.leerbaarheidstoets_vrijstelling_reden == (
        "analfabeet, medische verklaring" if uitkomst == "vrijgesteld" else ""
    )


def test_andere_route_zonder_motivering_geweigerd_en_niets_bewaard(client, consultant, in_intake):
    client.force_login(consultant)
    z = Leerroute.objects.get(code="z")
    response = client.post(url(in_intake), formdata(gekozen_route=str(z.pk)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Licht toe waarom u afwijkt van het advies." in html
    fout = html.index('id="id_afwijking_motivering_error"')
    assert html.index('for="id_afwijking_motivering"') < fout < html.index('name="afwijking_motivering"')
    assert "Er is niets opgeslagen." in html and 'href="#id_afwijking_motivering"' in html  # summary on top
    intake = BredeIntake.objects.get(statushouder=in_intake)
    assert intake.leerbaarheidstoets_uitkomst == "" and intake.gekozen_route is None
    assert not LeefgebiedScore.objects.filter(intake=intake).exists()
    in_intake.refresh_from_db()
    assert in_intake.leerbaarheidstoets_datum is None

    response = client.post(
        url(in_intake), formdata(gekozen_route=str(z.pk), afwijking_motivering="Analfabeet; B1 onhaalbaar.")
    )
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.gekozen_route == z and intake.route_advies.code == "b1"


def test_onderwijsroute_hint_voor_jongeren_met_hoog(client, consultant, in_intake):
    client.force_login(consultant)
    client.post(url(in_intake), formdata())  # born 2001: under 28
    html = client.get(url(in_intake)).content.decode()
    assert "overweeg de onderwijsroute" in html
    assert BredeIntake.objects.get(statushouder=in_intake).route_advies.code == "b1"


def test_vrijgesteld_zonder_reden_geweigerd(client, consultant, in_intake):
    client.force_login(consultant)
    response = client.post(url(in_intake), formdata(leerbaarheidstoets_uitkomst="vrijgesteld"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geef de reden van vrijstelling." in html and 'id="id_leerbaarheidstoets_vrijstelling_reden_error"' in html
    assert BredeIntake.objects.get(statushouder=in_intake).leerbaarheidstoets_uitkomst == ""


def test_intake_afronden_maakt_pip_concept(client, consultant, in_intake):
    client.force_login(consultant)
    response = client.post(url(in_intake), formdata(actie="afronden"))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:dossier", kwargs={"uuid": in_intake.uuid})
    in_intake.refresh_from_db()
    assert in_intake.status == "pip_concept"
    versie = PipVersie.objects.get(pip__statushouder=in_intake)
    assert versie.status == "concept" and versie.leerroute.code == "b1"
    # afterwards the page is read-only
    html = client.get(url(in_intake)).content.decode()
    assert "Intake afronden" not in html and "disabled" in html


def test_intake_afronden_zonder_uitkomst_toont_fout(client, consultant, in_intake):
    client.force_login(consultant)
    response = client.post(url(in_intake), formdata(actie="afronden", leerbaarheidstoets_uitkomst=""))
    assert response.status_code == 200
    assert "Vul eerst de uitkomst van de leerbaarheidstoets in" in response.content.decode()
    in_intake.refresh_from_db()
    assert in_intake.status == "intake"


def test_ongeldige_score_geweigerd(client, consultant, in_intake):
    client.force_login(consultant)
    response = client.post(url(in_intake), formdata(score_taal="9"))
    assert response.status_code == 200
    assert 'id="id_score_taal_error"' in response.content.decode()


def test_meelezer_403_andere_gemeente_404(client, make_user, winterswijk, aalten, achterhoek, in_intake):
    client.force_login(make_user(roles.CONSULTANT, gemeente=winterswijk))
    assert client.get(url(in_intake)).status_code == 403
    assert client.post(url(in_intake), formdata()).status_code == 403
    client.force_login(make_user(roles.CONSULTANT, gemeente=aalten))
    assert client.get(url(in_intake)).status_code == 404
    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    assert client.get(url(in_intake)).status_code == 404


def test_nog_niet_gestart(client, consultant, registreer):
    sh = registreer()
    client.force_login(consultant)
    html = client.get(url(sh)).content.decode()
    assert "De brede intake is nog niet gestart." in html and "Intake starten" in html


def test_service_rechten_en_status(consultant, make_user, winterswijk, in_intake, registreer):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    with pytest.raises(PermissionDenied):
        services.werk_intake_bij(actor=collega, statushouder=in_intake, velden={}, scores={})
    andere = registreer(bsn="999990020")
    with pytest.raises(ValidationError):
        services.werk_intake_bij(actor=consultant, statushouder=andere, velden={}, scores={})
    with pytest.raises(ValidationError) as fout:
        services.werk_intake_bij(
            actor=consultant,
            statushouder=in_intake,
            velden={"leerbaarheidstoets_datum": dt.date(2099, 1, 1)},
            scores={},
        )
    assert "leerbaarheidstoets_datum" in fout.value.message_dict


def bijgewerkt(sh):
    return list(
        TijdlijnGebeurtenis.objects.filter(statushouder=sh, soort="intake:bijgewerkt").values_list("datum", "actor")
    )


def test_een_opslag_is_een_regel_op_de_tijdlijn(client, consultant, in_intake, vandaag):
    """Issue 15: the timeline showed 'Brede intake bijgewerkt' three times: every click on "Intake opslaan" (also
    without a change) and the save before "Intake afronden" each wrote one. Now one entry per person per day."""
    client.force_login(consultant)
    assert client.post(url(in_intake), formdata()).status_code == 302
    assert bijgewerkt(in_intake) == [(vandaag, consultant.pk)]
    client.post(url(in_intake), formdata())  # saved again without a change
    client.post(url(in_intake), formdata(score_taal="4", gezondheid="rugklachten"))  # and with one, the same day
    assert bijgewerkt(in_intake) == [(vandaag, consultant.pk)]
    assert LeefgebiedScore.objects.get(intake__statushouder=in_intake, leefgebied="taal").score == 4
    # the audit log still has every save
    assert AuditEvent.objects.filter(object_type="cases.bredeintake", handeling=Handeling.UPDATE).count() == 3
    response = client.post(url(in_intake), formdata(score_taal="4", gezondheid="rugklachten", actie="afronden"))
    assert response.status_code == 302
    assert bijgewerkt(in_intake) == [(vandaag, consultant.pk)]
    assert list(
        TijdlijnGebeurtenis.objects.filter(statushouder=in_intake).values_list("omschrijving", flat=True)[:2]
    ) == ["Brede intake afgerond; PIP in voorbereiding", "Brede intake bijgewerkt"]


def test_opslaan_zonder_wijziging_schrijft_niets_op_de_tijdlijn(consultant, in_intake):
    intake = services.werk_intake_bij(actor=consultant, statushouder=in_intake, velden={}, scores={})
    assert bijgewerkt(in_intake) == []
    assert intake.route_advies is None


def test_een_collega_of_een_andere_dag_is_een_nieuwe_regel(consultant, teamleider, in_intake):
    import time_machine

    collega = teamleider
    services.werk_intake_bij(actor=consultant, statushouder=in_intake, velden={"gezondheid": "a"}, scores={})
    services.werk_intake_bij(actor=collega, statushouder=in_intake, velden={"gezondheid": "b"}, scores={})
    assert len(bijgewerkt(in_intake)) == 2
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)):
        services.werk_intake_bij(actor=collega, statushouder=in_intake, velden={"gezondheid": "c"}, scores={})
    assert bijgewerkt(in_intake)[0] == (dt.date(2026, 11, 25), collega.pk)
    assert len(bijgewerkt(in_intake)) == 3
