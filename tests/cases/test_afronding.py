"""Afronden with each reason: voldaan per route names exactly what is missing (on the end date), ontheffing,
vrijstelling and overig need a toelichting that goes into the timeline, verhuisd needs another gemeente.
And the close form on the case page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import Statushouder
from cases.workflow import TransitionError
from leerroutes.models import Aanwezigheid, Leerroute, Onderdeel
from tests.factories import AanwezigheidFactory, ExamenresultaatFactory, InschrijvingFactory

D = dt.date
pytestmark = pytest.mark.django_db
B1_ALLES = ("lezen", "luisteren", "spreken", "schrijven", "knm", "map", "pvt")


@pytest.fixture
def behaal(achterhoek):
    def maak(sh, *codes, datum=None, route="b1"):
        inschrijving = InschrijvingFactory(
            statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code=route)
        )
        for code in codes:
            ExamenresultaatFactory(
                inschrijving=inschrijving, onderdeel=Onderdeel.objects.get(code=code), datum=datum or D(2025, 6, 1)
            )
        return inschrijving

    return maak


@pytest.fixture
def lopend(registreer, naar_uitvoering):
    def maak(route="b1", aanbieder="TopTaal"):
        sh = registreer()
        naar_uitvoering(sh, route=route, aanbieder=aanbieder)
        return Statushouder.objects.get(pk=sh.pk)

    return maak


def rond_af(sh, actor, **kwargs):
    return services.rond_af(actor=actor, statushouder=Statushouder.objects.get(pk=sh.pk), **kwargs)


def fout(exc) -> str:
    return " ".join(exc.value.messages)


def test_voldaan_b1_with_everything(lopend, behaal, consultant):
    sh = lopend()
    behaal(sh, *B1_ALLES)
    sh = rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert (sh.status, sh.eindreden, sh.einddatum) == ("afgerond", "voldaan", D(2025, 7, 1))
    assert sh.tijdlijn.first().omschrijving == "Afgerond: inburgeringsplicht voldaan"


def test_voldaan_b1_with_nothing_names_every_missing_piece(lopend, consultant):
    sh = lopend()
    with pytest.raises(TransitionError) as exc:
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert fout(exc) == (
        "De inburgeringsplicht is op 01-07-2025 nog niet voldaan. Nog niet behaald: examen lezen, examen luisteren, "
        "examen spreken, examen schrijven, examen KNM, MAP, PVT."
    )
    assert Statushouder.objects.get(pk=sh.pk).status == "in_uitvoering"


@pytest.mark.parametrize(
    ("ontbreekt", "naam"),
    [
        ("lezen", "examen lezen"),
        ("luisteren", "examen luisteren"),
        ("spreken", "examen spreken"),
        ("schrijven", "examen schrijven"),
        ("knm", "examen KNM"),
        ("map", "MAP"),
        ("pvt", "PVT"),
    ],
)
def test_voldaan_b1_names_the_one_missing_piece(lopend, behaal, consultant, ontbreekt, naam):
    sh = lopend()
    behaal(sh, *(c for c in B1_ALLES if c != ontbreekt))
    with pytest.raises(TransitionError) as exc:
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert fout(exc).endswith(f"Nog niet behaald: {naam}.")


def test_a_failed_exam_does_not_count(lopend, behaal, consultant):
    sh = lopend()
    inschrijving = behaal(sh, *(c for c in B1_ALLES if c != "spreken"))
    ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=Onderdeel.objects.get(code="spreken"), behaald=False)
    with pytest.raises(TransitionError, match="Nog niet behaald: examen spreken."):
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))


def test_voldaan_counts_only_what_was_achieved_by_the_end_date(lopend, behaal, consultant):
    sh = lopend()
    behaal(sh, *(c for c in B1_ALLES if c != "pvt"), datum=D(2025, 6, 1))
    behaal(sh, "pvt", datum=D(2025, 9, 15))
    with pytest.raises(TransitionError, match=r"op 14-09-2025 nog niet voldaan\. Nog niet behaald: PVT\."):
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 9, 14))
    assert rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 9, 15)).einddatum == D(2025, 9, 15)


def test_voldaan_onderwijsroute_needs_taalschakel_and_pvt_but_no_map(lopend, behaal, consultant):
    sh = lopend(route="onderwijs", aanbieder="Graafschap College")
    with pytest.raises(TransitionError) as exc:
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert fout(exc).endswith("Nog niet behaald: taalschakeltraject, PVT.")
    behaal(sh, "taalschakel", route="onderwijs")
    with pytest.raises(TransitionError) as exc:
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert fout(exc).endswith("Nog niet behaald: PVT.")  # no MAP in the onderwijsroute
    behaal(sh, "pvt", route="onderwijs")
    assert rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1)).eindreden == "voldaan"


def test_voldaan_z_route_needs_800_plus_800_hours_pvt_and_map(lopend, behaal, consultant, achterhoek):
    sh = lopend(route="z")
    inschrijving = behaal(sh, route="z")

    def uren(soort, aantal):
        AanwezigheidFactory.create_batch(
            aantal // 10, inschrijving=inschrijving, soort=soort, geplande_minuten=600, datum=D(2025, 6, 1)
        )

    uren(Aanwezigheid.Soort.LES, 790)
    uren(Aanwezigheid.Soort.PARTICIPATIE, 800)
    with pytest.raises(TransitionError) as exc:
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert fout(exc).endswith("Nog niet behaald: 800 lesuren (nu 790), MAP, PVT.")
    uren(Aanwezigheid.Soort.LES, 10)
    behaal(sh, "map", "pvt", route="z")
    assert rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1)).eindreden == "voldaan"


def test_voldaan_needs_a_vastgesteld_pip(registreer, consultant):
    with pytest.raises(TransitionError, match="alleen voldaan zijn met een vastgesteld PIP"):
        rond_af(registreer(), consultant, eindreden="voldaan", datum=D(2023, 1, 5))


@pytest.mark.parametrize(
    ("reden", "label"), [("ontheffing", "ontheffing"), ("vrijstelling", "vrijstelling"), ("overig", "anders beëindigd")]
)
def test_reasons_that_need_a_toelichting(registreer, consultant, reden, label):
    sh = registreer()
    with pytest.raises(ValidationError) as exc:
        rond_af(sh, consultant, eindreden=reden, datum=D(2023, 1, 5), toelichting="   ")
    assert exc.value.message_dict == {"toelichting": [f"Licht de reden '{label}' toe."]}
    with pytest.raises(ValidationError, match="ten hoogste 180 tekens"):
        rond_af(sh, consultant, eindreden=reden, datum=D(2023, 1, 5), toelichting="x" * 181)
    assert Statushouder.objects.get(pk=sh.pk).status == "aangemeld"
    sh = rond_af(sh, consultant, eindreden=reden, datum=D(2023, 1, 5), toelichting=" Besluit DUO 12-12-2022 ")
    assert (sh.eindreden, sh.einddatum) == (reden, D(2023, 1, 5))
    assert sh.tijdlijn.first().omschrijving == f"Afgerond: {label} — Besluit DUO 12-12-2022"


def test_dates_future_and_before_last_status_change(registreer, consultant):
    sh = registreer()
    with pytest.raises(ValidationError, match="in de toekomst"):
        rond_af(sh, consultant, eindreden="overig", datum=D(2099, 1, 1), toelichting="x")
    with pytest.raises(ValidationError, match="vóór de laatste statuswijziging"):
        rond_af(sh, consultant, eindreden="overig", datum=D(2022, 12, 5), toelichting="x")
    assert rond_af(sh, consultant, eindreden="overig", datum=D(2022, 12, 6), toelichting="x").status == "afgerond"


def test_verhuisd_needs_another_gemeente(registreer, consultant, winterswijk):
    sh = registreer()
    with pytest.raises(ValidationError) as exc:
        rond_af(sh, consultant, eindreden="verhuisd", datum=D(2023, 1, 5))
    assert exc.value.message_dict == {"nieuwe_gemeente": ["Kies de gemeente waarheen de statushouder verhuist."]}
    with pytest.raises(ValidationError, match="Kies een andere gemeente dan de huidige."):
        rond_af(sh, consultant, eindreden="verhuisd", datum=D(2023, 1, 5), nieuwe_gemeente=winterswijk)
    assert Statushouder.objects.count() == 1


def test_a_closed_case_cannot_be_closed_again(registreer, consultant):
    sh = rond_af(registreer(), consultant, eindreden="overig", datum=D(2023, 1, 5), toelichting="x")
    with pytest.raises(TransitionError, match="kan niet naar 'afgerond'"):
        rond_af(sh, consultant, eindreden="overig", datum=D(2023, 1, 6), toelichting="x")


# --- the close form on the case page -------------------------------------------------------------


def test_close_form_shows_the_reason_fields(client, consultant, registreer, winterswijk):
    sh = registreer()
    client.force_login(consultant)
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert 'name="afronden-toelichting"' in html and 'name="afronden-nieuwe_gemeente"' in html
    assert "Aalten" in html and f'<option value="{winterswijk.pk}"' not in html  # not the own gemeente
    assert "Bij een verhuizing: de verhuisdatum." in html
    # required for some reasons only: the hint says when, no "(niet verplicht)" beside the label
    assert 'for="id_afronden-toelichting">Toelichting</label>' in html
    assert 'for="id_afronden-nieuwe_gemeente">Nieuwe gemeente</label>' in html


def test_close_form_error_next_to_the_field_and_input_kept(client, consultant, registreer):
    sh = registreer()
    client.force_login(consultant)
    r = client.post(
        reverse("cases:afronden", args=[sh.uuid]),
        {"afronden-eindreden": "ontheffing", "afronden-datum": "2023-01-05", "afronden-toelichting": ""},
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="id_afronden-toelichting_error"' in html and "Licht de reden &#x27;ontheffing&#x27; toe." in html
    assert "<details open>" in html and 'value="2023-01-05"' in html
    assert Statushouder.objects.get(pk=sh.pk).status == "aangemeld"


def test_close_form_voldaan_refusal_lists_what_is_missing(client, consultant, lopend, behaal):
    sh = lopend()
    behaal(sh, *(c for c in B1_ALLES if c not in ("map", "schrijven")))
    client.force_login(consultant)
    r = client.post(
        reverse("cases:afronden", args=[sh.uuid]), {"afronden-eindreden": "voldaan", "afronden-datum": "2025-07-01"}
    )
    assert "Nog niet behaald: examen schrijven, MAP." in r.content.decode()


def test_close_form_with_toelichting(client, consultant, registreer):
    sh = registreer()
    client.force_login(consultant)
    r = client.post(
        reverse("cases:afronden", args=[sh.uuid]),
        {"afronden-eindreden": "vrijstelling", "afronden-datum": "2023-01-05", "afronden-toelichting": "NT2-diploma"},
        follow=True,
    )
    assert "Het dossier is afgerond." in r.content.decode()
    assert "Afgerond: vrijstelling — NT2-diploma" in r.content.decode()
