"""The consultant's DUO pages: the aanmeldingen on Vandaag and the registration prefilled from one, the DUO section of
the case page with its actions (take over, report again, fetch, voorstel handled), the gemeente's list of
differences; permissions as the caseload's, audit of every read and write, no BSN in our URLs, constant queries."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Statushouder, TijdlijnGebeurtenis
from duo.models import Aanmelding, Melding, Registratie, Voorstel
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent
from leerroutes.models import Examenresultaat, Leerroute
from tests.duo.test_selectors import TERMIJN, duo_zegt, uitvoering
from tests.factories import AanmeldingFactory, InschrijvingFactory, MeldingFactory, StatushouderFactory, VoorstelFactory

pytestmark = pytest.mark.django_db
D = dt.date
VANDAAG = "/dossiers/vandaag/"
REGISTREREN = "/dossiers/nieuw/"


def dossier(sh) -> str:
    return f"/dossiers/{sh.uuid}/"


def berichten(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def urls(html: str) -> list[str]:
    return re.findall(r'(?:href|action|hx-get|hx-post)="([^"]*)"', html)


def geen_bsn_in_urls(html: str, *bsns: str) -> None:
    for url in urls(html):
        assert not any(bsn in url for bsn in bsns), url


@pytest.fixture
def collega(make_user, winterswijk):
    """A consultant of the same gemeente: may read every case (for cover), change only the own."""
    return make_user(roles.CONSULTANT, gemeente=winterswijk)


@pytest.fixture
def elders(make_user, aalten):
    return make_user(roles.CONSULTANT, gemeente=aalten)


# --- Vandaag: "Nieuw van DUO" ---------------------------------------------------------------------------------------


def test_vandaag_lists_the_aanmeldingen_of_the_gemeente(client, consultant, winterswijk, vandaag):
    aanmelding = AanmeldingFactory(gemeente=winterswijk)
    client.force_login(consultant)
    html = client.get(VANDAAG).content.decode()
    blok = html[html.index('id="kop-duo-aanmeldingen"') :]
    blok = blok[: blok.index("</section>")]
    for tekst in (
        "Nieuw van DUO",
        f"******{aanmelding.bsn[-3:]}",
        "SS139: inburgeringsplichtig, 10 weken lopen sinds 3 nov",
        "asielstatushouder",
        "20-10-2026",  # start of the plicht
        "03-11-2026",  # kennisgeving
        "nog 49 dagen (tot en met 12-01-2027)",
        f'href="/dossiers/nieuw/?aanmelding={aanmelding.uuid}"',
    ):
        assert tekst in blok, tekst
    assert aanmelding.bsn not in html
    event = AuditEvent.objects.get(handeling="list", object_type="duo.aanmelding")
    assert (event.object_id, event.toelichting) == (str(aanmelding.uuid), "vandaag")


def test_vandaag_without_aanmeldingen(client, consultant, elders, winterswijk, aalten, vandaag):
    AanmeldingFactory(gemeente=winterswijk, status=Aanmelding.Status.GEREGISTREERD)
    AanmeldingFactory(gemeente=aalten)
    client.force_login(consultant)
    assert "Geen nieuwe inburgeringsplichtigen van DUO zonder dossier." in client.get(VANDAAG).content.decode()
    client.force_login(elders)  # Aalten's consultant sees Aalten's
    assert 'data-actie="dossier-aanmaken"' in client.get(VANDAAG).content.decode()


def test_vandaag_of_the_teamleider_too_and_a_constant_number_of_queries(
    client, teamleider, winterswijk, vandaag, django_assert_max_num_queries
):
    AanmeldingFactory(gemeente=winterswijk)
    client.force_login(teamleider)

    def aantal() -> int:
        with CaptureQueriesContext(connections["default"]) as queries:
            assert client.get(VANDAAG).status_code == 200
        return len(queries)

    een = aantal()
    AanmeldingFactory.create_batch(14, gemeente=winterswijk)
    assert aantal() == een
    # 12 before the agenda and the tasks came to Vandaag; each adds its own section query.
    with django_assert_max_num_queries(14):
        html = client.get(VANDAAG).content.decode()
    assert html.count('data-actie="dossier-aanmaken"') == 10
    assert (
        '<a class="utrecht-link utrecht-link--html-a" href="/duo/aanmeldingen/">Alle 15 aanmeldingen van DUO</a>'
        in html
    )


def test_the_full_list_of_aanmeldingen_is_paginated(client, consultant, winterswijk, vandaag):
    AanmeldingFactory.create_batch(27, gemeente=winterswijk)
    client.force_login(consultant)
    response = client.get("/duo/aanmeldingen/", {"page": 2})
    assert response.status_code == 200
    assert len(response.context["rijen"]) == 2 and "Pagina 2 van 2." in response.content.decode()


# --- registering the case of an aanmelding -----------------------------------------------------------------------


def _gegevens(aanmelding, **extra):
    return {
        "voornamen": "Semhar",
        "achternaam": "Haile",
        "geboortedatum": "1999-02-03",
        "geslacht": "v",
        "nationaliteit": "ERI",
        "verblijfsvergunning_datum": "2026-10-20",
        "kennisgeving_datum": "2026-11-03",
        "doelgroep": "asiel",
        **extra,
    }


def test_the_registration_form_is_prefilled_from_the_aanmelding(client, consultant, winterswijk, vandaag):
    aanmelding = AanmeldingFactory(gemeente=winterswijk)
    client.force_login(consultant)
    response = client.get(REGISTREREN, {"aanmelding": str(aanmelding.uuid)})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["bsn"].value() == aanmelding.bsn and form.fields["bsn"].disabled
    assert form["kennisgeving_datum"].value() == D(2026, 11, 3)
    assert form["verblijfsvergunning_datum"].value() == D(2026, 10, 20)
    assert form["doelgroep"].value() == "asiel" and form["voornamen"].value() is None
    html = response.content.decode()
    assert "Aanmelding van DUO voor BSN ******" in html and "DUO geeft geen namen door" in html
    assert f'action="/dossiers/nieuw/?aanmelding={aanmelding.uuid}"' in html
    assert AuditEvent.objects.filter(handeling="read", object_id=str(aanmelding.uuid)).exists()


def test_registering_marks_the_aanmelding_and_links_the_case(client, consultant, winterswijk, vandaag):
    aanmelding = AanmeldingFactory(gemeente=winterswijk)
    client.force_login(consultant)
    response = client.post(
        f"{REGISTREREN}?aanmelding={aanmelding.uuid}",
        _gegevens(aanmelding, bsn="999990019"),  # a BSN typed over
    )
    sh = Statushouder.objects.get(achternaam="Haile")
    assert response.status_code == 302 and response["Location"] == dossier(sh)
    assert sh.bsn == aanmelding.bsn and sh.gemeente == winterswijk and sh.kennisgeving_datum == D(2026, 11, 3)
    aanmelding.refresh_from_db()
    assert (aanmelding.status, aanmelding.statushouder) == (Aanmelding.Status.GEREGISTREERD, sh)
    aanmelding.notificatie.refresh_from_db()
    assert aanmelding.notificatie.statushouder == sh
    assert list(
        TijdlijnGebeurtenis.objects.filter(statushouder=sh).order_by("pk").values_list("omschrijving", flat=True)
    ) == ["Aangemeld (warme overdracht)", "Aanmelding van DUO verwerkt (SS139)"]
    assert AuditEvent.objects.filter(handeling="update", object_type="duo.aanmelding", statushouder_id=sh.uuid).exists()
    assert "Geen nieuwe inburgeringsplichtigen" in client.get(VANDAAG).content.decode()


def test_a_refused_registration_leaves_the_aanmelding_open(client, consultant, winterswijk, vandaag):
    aanmelding = AanmeldingFactory(gemeente=winterswijk)
    client.force_login(consultant)
    response = client.post(f"{REGISTREREN}?aanmelding={aanmelding.uuid}", _gegevens(aanmelding, voornamen=""))
    assert response.status_code == 200 and response.context["form"].errors
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.OPEN and not Statushouder.objects.exists()


@pytest.mark.parametrize("geval", ["andere_gemeente", "geregistreerd", "onzin"])
def test_an_aanmelding_not_to_register_is_404(client, consultant, aalten, winterswijk, geval):
    aanmelding = {
        "andere_gemeente": lambda: AanmeldingFactory(gemeente=aalten),
        "geregistreerd": lambda: AanmeldingFactory(gemeente=winterswijk, status=Aanmelding.Status.GEREGISTREERD),
        "onzin": lambda: None,
    }[geval]()
    client.force_login(consultant)
    sleutel = str(aanmelding.uuid) if aanmelding else "geen-uuid"
    assert client.get(REGISTREREN, {"aanmelding": sleutel}).status_code == 404
    assert client.post(f"{REGISTREREN}?aanmelding={sleutel}", {}).status_code == 404


def test_an_aanmelding_for_an_existing_case_is_linked(client, consultant, winterswijk, vandaag):
    sh = StatushouderFactory(gemeente=winterswijk, consultant=consultant)
    aanmelding = AanmeldingFactory(gemeente=winterswijk, bsn=sh.bsn)
    client.force_login(consultant)
    html = client.get(VANDAAG).content.decode()
    assert f'href="{dossier(sh)}">Er is al een dossier</a>' in html
    response = client.post(f"/duo/aanmeldingen/{aanmelding.uuid}/koppelen/")
    assert response.status_code == 302 and response["Location"] == f"{dossier(sh)}#duo"
    aanmelding.refresh_from_db()
    assert (aanmelding.status, aanmelding.statushouder) == (Aanmelding.Status.GEREGISTREERD, sh)
    assert TijdlijnGebeurtenis.objects.filter(statushouder=sh, soort="duo:aanmelding").exists()


def test_only_who_may_change_the_case_links_an_aanmelding_to_it(client, consultant, collega, winterswijk, vandaag):
    sh = StatushouderFactory(gemeente=winterswijk, consultant=consultant)
    aanmelding = AanmeldingFactory(gemeente=winterswijk, bsn=sh.bsn)
    client.force_login(collega)
    html = client.get(VANDAAG).content.decode()
    assert "Er is al een dossier" in html and "Koppelen" not in html
    assert client.post(f"/duo/aanmeldingen/{aanmelding.uuid}/koppelen/").status_code == 403
    aanmelding.refresh_from_db()
    assert aanmelding.status == Aanmelding.Status.OPEN


# --- the DUO section of the case page -----------------------------------------------------------------------------


@pytest.fixture
def zaak(winterswijk, achterhoek, consultant):
    """A case of the consultant in uitvoering, with DUO's data fetched and meldingen in every state."""
    sh = uitvoering(winterswijk, achterhoek, consultant=consultant)
    duo_zegt(
        sh, termijn=TERMIJN, pip={"gemeentecode": "0294", "pip": {"dagtekeningPip": "2026-03-01", "leerroute": "B"}}
    )
    nu = timezone.now()
    for uur, status in enumerate(("bevestigd", "verzonden", "wachtend")):
        MeldingFactory(statushouder=sh, status=status, aangemaakt_op=nu - dt.timedelta(hours=10 - uur))
    geweigerd = MeldingFactory(
        statushouder=sh,
        status="geweigerd",
        http_status=403,
        fouten=["De datum dagtekening mag niet voor de vestiging van de inburgeraar bij de gemeente liggen."],
        omschrijving="PIP versie 2 vastgesteld (schakelen), dagtekening 01-10-2026",
    )
    VoorstelFactory(
        statushouder=sh,
        soort="weigering",
        gebeurtenis_id="",
        melding=geweigerd,
        toelichting="De melding 'PIP versie 2' is niet verwerkt: DUO weigerde haar",
    )
    return sh


def _sectie(html: str) -> str:
    sectie = html[html.index('id="duo"') :]
    return sectie[: sectie.index("</section>")]


def test_the_case_page_shows_the_meldingen_and_duos_reason(client, consultant, zaak):
    client.force_login(consultant)
    sectie = _sectie(client.get(dossier(zaak)).content.decode())
    for tekst in (
        ">bevestigd</span>",
        ">verzonden</span>",
        ">wachtend</span>",
        ">geweigerd</span>",
        "De datum dagtekening mag niet voor de vestiging van de inburgeraar bij de gemeente liggen.",
        "PIP versie 2 vastgesteld (schakelen), dagtekening 01-10-2026",
        "Melding door DUO geweigerd",  # the open voorstel
        "Einde inburgeringstermijn",
        "02-03-2026 tot en met 02-09-2029 (verlengd: ziekte)",
        "Gegevens bij DUO ophalen",
        '<input type="hidden" name="feit" value="termijn">',
        '<input type="hidden" name="onderdeel" value="pip">',  # the refused melding: report again
    ):
        assert tekst in sectie, tekst
    geen_bsn_in_urls(sectie, zaak.bsn)


def test_a_colleague_reads_the_section_without_actions(client, collega, zaak):
    client.force_login(collega)
    sectie = _sectie(client.get(dossier(zaak)).content.decode())
    assert "De datum dagtekening mag niet" in sectie
    assert "<form" not in sectie and "Gegevens bij DUO ophalen" not in sectie


def test_take_over_the_termijn_from_duo(client, consultant, zaak):
    client.force_login(consultant)
    response = client.post(f"/duo/dossiers/{zaak.uuid}/overnemen/", {"feit": "termijn"})
    assert response.status_code == 302 and response["Location"] == f"{dossier(zaak)}#duo-verschillen"
    zaak.refresh_from_db()
    assert zaak.termijn_einde == D(2029, 9, 2)
    regel = TijdlijnGebeurtenis.objects.get(statushouder=zaak, soort="duo:overgenomen")
    assert regel.omschrijving == (
        "Einde inburgeringstermijn overgenomen van DUO: 02-03-2026 tot en met 02-09-2029 (verlengd: ziekte) "
        "(was: tot en met 02-03-2029)"
    )
    assert regel.actor == consultant
    event = AuditEvent.objects.get(handeling="update", object_type="cases.statushouder", statushouder_id=zaak.uuid)
    assert (event.velden, event.toelichting) == (["termijn_einde"], "overgenomen van DUO")
    # Nothing differs any more: a second take-over is refused with a message.
    response = client.post(f"/duo/dossiers/{zaak.uuid}/overnemen/", {"feit": "termijn"})
    assert berichten(response)[-1] == "Hier is niets van DUO over te nemen; ververs de pagina."


def test_take_over_an_exam_result_onto_the_enrolment(client, consultant, zaak, achterhoek):
    inschrijving = InschrijvingFactory(
        statushouder=zaak, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="b1")
    )
    duo_zegt(zaak, examens=[{"examendatum": "2026-10-12", "resultaat": "Geslaagd", "onderdeel": "LE", "niveau": "B1"}])
    client.force_login(consultant)
    client.post(f"/duo/dossiers/{zaak.uuid}/overnemen/", {"feit": "examen:LE:2026-10-12"})
    resultaat = Examenresultaat.objects.get(inschrijving=inschrijving)
    assert (resultaat.onderdeel.code, resultaat.datum, resultaat.behaald, resultaat.niveau) == (
        "lezen",
        D(2026, 10, 12),
        True,
        "B1",
    )
    assert AuditEvent.objects.filter(handeling="create", object_type="leerroutes.examenresultaat").exists()


def test_take_over_the_leerbaarheidstoets_into_the_intake(client, consultant, winterswijk, vandaag):
    from cases import services

    sh = StatushouderFactory(gemeente=winterswijk, consultant=consultant, kennisgeving_datum=D(2026, 11, 1))
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2026, 11, 10))
    duo_zegt(
        sh,
        leerbaarheidstoets=[
            {
                "resultaat": "B1-route niet haalbaar",
                "behaaldeScore": "30",
                "benodigdeScore": "50",
                "datumAfname": "2026-11-12",
            }
        ],
    )
    client.force_login(consultant)
    client.post(f"/duo/dossiers/{sh.uuid}/overnemen/", {"feit": "leerbaarheidstoets"})
    sh.refresh_from_db()
    assert (sh.intake.leerbaarheidstoets_uitkomst, sh.leerbaarheidstoets_datum) == ("laag", D(2026, 11, 12))
    assert sh.intake.route_advies.code == "z"  # the intake's own rule: the advice follows the outcome


def test_take_over_kennisgeving_and_doelgroep_or_say_why_not(client, consultant, zaak):
    duo_zegt(
        zaak,
        inburgeringsplicht={"indicatorInburgeringsplicht": True, "datumKennisgevingInburgeringsplicht": "2024-10-01"},
        doelgroep={"indeling": "Gezinsmigrant en overige migrant", "gedetailleerdeDoelgroep": "Gezinshereniger"},
    )
    client.force_login(consultant)
    response = client.post(f"/duo/dossiers/{zaak.uuid}/overnemen/", {"feit": "kennisgeving"})
    assert berichten(response)[-1] == (
        "De kennisgeving van DUO ligt vóór de verblijfsvergunning in het dossier: controleer die datum."
    )
    client.post(f"/duo/dossiers/{zaak.uuid}/overnemen/", {"feit": "doelgroep"})
    zaak.refresh_from_db()
    assert (zaak.kennisgeving_datum, zaak.doelgroep) == (D(2024, 11, 20), "gezinsmigrant")
    assert list(
        TijdlijnGebeurtenis.objects.filter(statushouder=zaak, soort="duo:overgenomen").values_list(
            "omschrijving", flat=True
        )
    ) == ["Doelgroep overgenomen van DUO: Gezinsmigrant en overige migrant (Gezinshereniger) (was: asielstatushouder)"]


@pytest.mark.parametrize(("wie", "status"), [("collega", 403), ("elders", 404)])
def test_actions_need_change_rights_on_the_case(client, zaak, collega, elders, wie, status):
    client.force_login({"collega": collega, "elders": elders}[wie])
    voorstel = Voorstel.objects.get(statushouder=zaak)
    for url, data in (
        (f"/duo/dossiers/{zaak.uuid}/overnemen/", {"feit": "termijn"}),
        (f"/duo/dossiers/{zaak.uuid}/opnieuw-melden/", {"onderdeel": "pip"}),
        (f"/duo/dossiers/{zaak.uuid}/ophalen/", {}),
        (f"/duo/voorstellen/{voorstel.uuid}/afgehandeld/", {}),
    ):
        assert client.post(url, data).status_code == status, url
    zaak.refresh_from_db()
    voorstel.refresh_from_db()
    assert zaak.termijn_einde == D(2029, 3, 2) and voorstel.afgehandeld_op is None
    assert Melding.objects.filter(statushouder=zaak).count() == 4


def test_report_the_pip_again(client, consultant, zaak):
    client.force_login(consultant)
    response = client.post(f"/duo/dossiers/{zaak.uuid}/opnieuw-melden/", {"onderdeel": "pip"})
    assert response.status_code == 302 and berichten(response) == ["PIP wordt opnieuw aan DUO gemeld."]
    nieuw = Melding.objects.filter(statushouder=zaak).latest("aangemaakt_op")
    assert (nieuw.api, nieuw.operatie, nieuw.status) == ("pip", "postPipByBsn", "wachtend")
    assert nieuw.inhoud["leerroute"] == "B" and "{bsn}" in nieuw.pad
    voorstel = Voorstel.objects.get(statushouder=zaak)
    assert voorstel.afgehandeld_op is not None and voorstel.afgehandeld_door == consultant
    assert TijdlijnGebeurtenis.objects.filter(statushouder=zaak, omschrijving="Opnieuw aan DUO gemeld: PIP").exists()
    assert client.post(f"/duo/dossiers/{zaak.uuid}/opnieuw-melden/", {"onderdeel": "bsn"}).status_code == 400


def test_nothing_to_report_again_is_a_message(client, consultant, zaak):
    client.force_login(consultant)
    response = client.post(f"/duo/dossiers/{zaak.uuid}/opnieuw-melden/", {"onderdeel": "map"})
    assert berichten(response) == ["Er is niets om opnieuw aan DUO te melden."]
    assert Melding.objects.filter(statushouder=zaak).count() == 4


def test_fetch_without_a_duo_connection_tells_the_user(client, consultant, zaak, settings):
    settings.DUO_API_URL = ""
    client.force_login(consultant)
    response = client.post(f"/duo/dossiers/{zaak.uuid}/ophalen/")
    assert response["Location"] == f"{dossier(zaak)}#duo"
    assert berichten(response) == ["De koppeling met DUO is niet ingesteld voor deze gemeente; er is niets opgehaald."]


def test_fetch_from_the_simulator_stores_duos_registration(client, consultant, zaak, duo_simulator, winterswijk):
    duo_simulator.nieuwe_inburgeringsplichtige(winterswijk.oin, bsn=zaak.bsn, kennisgeving=D(2024, 11, 22))
    client.force_login(consultant)
    response = client.post(f"/duo/dossiers/{zaak.uuid}/ophalen/")
    assert berichten(response) == ["De gegevens van DUO zijn opgehaald."]
    plicht = Registratie.objects.get(statushouder=zaak, onderdeel="inburgeringsplicht")
    assert plicht.gegevens["datumKennisgevingInburgeringsplicht"] == "2024-11-22"
    sectie = _sectie(client.get(dossier(zaak)).content.decode())
    assert "22-11-2024" in sectie and '<input type="hidden" name="feit" value="kennisgeving">' in sectie


def test_a_voorstel_is_handled(client, consultant, zaak):
    afsluiten = VoorstelFactory(statushouder=zaak)
    client.force_login(consultant)
    sectie = _sectie(client.get(dossier(zaak)).content.decode())
    assert '<a class="utrecht-link utrecht-link--html-a" href="#afronden-form">Naar: dossier afronden</a>' in sectie
    response = client.post(f"/duo/voorstellen/{afsluiten.uuid}/afgehandeld/")
    assert response["Location"] == f"{dossier(zaak)}#duo"
    afsluiten.refresh_from_db()
    assert afsluiten.afgehandeld_op is not None and afsluiten.afgehandeld_door == consultant
    assert TijdlijnGebeurtenis.objects.filter(
        statushouder=zaak, omschrijving="Voorstel van DUO afgehandeld: dossier afsluiten"
    ).exists()
    assert berichten(client.post(f"/duo/voorstellen/{afsluiten.uuid}/afgehandeld/"))[-1] == (
        "Dit voorstel is al afgehandeld."
    )


# --- the gemeente's list --------------------------------------------------------------------------------------------


def test_the_list_links_to_each_cases_duo_section(client, teamleider, zaak, winterswijk, achterhoek):
    client.force_login(teamleider)
    response = client.get("/duo/verschillen/")
    html = response.content.decode()
    assert f'href="{dossier(zaak)}#duo"' in html
    assert "Einde inburgeringstermijn" in html and "De datum dagtekening mag niet" in html
    assert "Melding door DUO geweigerd" in html
    events = AuditEvent.objects.filter(handeling="list", toelichting="DUO-verschillen")
    assert [p for e in events for p in e.betrokkenen()] == [zaak.uuid]
    geen_bsn_in_urls(html, zaak.bsn)


def test_the_consultant_sees_the_own_cases_or_the_gemeentes(client, collega, zaak):
    client.force_login(collega)
    assert "Geen verschillen met DUO" in client.get("/duo/verschillen/").content.decode()
    assert f'href="{dossier(zaak)}#duo"' in client.get("/duo/verschillen/", {"alle": "on"}).content.decode()


def test_the_list_is_for_casework_roles_only(client, make_user, achterhoek, elders, zaak):
    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    assert client.get("/duo/verschillen/").status_code == 403
    client.force_login(elders)
    assert "Geen verschillen met DUO" in client.get("/duo/verschillen/", {"alle": "on"}).content.decode()


def test_the_list_costs_the_same_queries_for_more_cases(
    client, teamleider, zaak, winterswijk, achterhoek, django_assert_max_num_queries
):
    client.force_login(teamleider)

    def aantal() -> int:
        with CaptureQueriesContext(connections["default"]) as queries:
            assert client.get("/duo/verschillen/").status_code == 200
        return len(queries)

    een = aantal()
    for i in range(30):
        sh = uitvoering(winterswijk, achterhoek, achternaam=f"Extra{i:02}")
        duo_zegt(sh, termijn=TERMIJN)
        MeldingFactory(statushouder=sh, status="geweigerd")
    assert aantal() == een
    with django_assert_max_num_queries(8):
        response = client.get("/duo/verschillen/", {"page": 2})
    assert response.context["pagina"].number == 2 and len(response.context["pagina"].object_list) == 6
