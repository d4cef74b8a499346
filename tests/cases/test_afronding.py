"""Afronden with each reason: voldaan per route names exactly what is missing (on the end date), ontheffing,
vrijstelling and overig need a toelichting that goes into the timeline, verhuisd needs another gemeente.
And the close form on the case page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import Statushouder
from cases.workflow import TransitionError
from leerroutes.models import Aanwezigheid, Leerroute, MapThema, Onderdeel
from tests.factories import AanwezigheidFactory, ExamenresultaatFactory, InschrijvingFactory, leg_route_af

D = dt.date
pytestmark = pytest.mark.django_db
B1_EXAMENS = ("lezen", "luisteren", "spreken", "schrijven", "knm")


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
    behaal(sh, *B1_EXAMENS)
    leg_route_af(sh)
    sh = rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert (sh.status, sh.eindreden, sh.einddatum) == ("afgerond", "voldaan", D(2025, 7, 1))
    assert sh.tijdlijn.first().omschrijving == "Afgerond: inburgeringsplicht voldaan"


def test_voldaan_b1_with_nothing_names_every_missing_piece(lopend, consultant):
    sh = lopend()
    with pytest.raises(TransitionError) as exc:
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert fout(exc) == (
        "De inburgeringsplicht is op 01-07-2025 nog niet voldaan. Ontbreekt nog: examen lezen, examen luisteren, "
        "examen spreken, examen schrijven, examen KNM, MAP: 0 van 40 praktijkuren, MAP: de 8 thema's, "
        "MAP: eindgesprek, PVT: 0 van 12 uur, PVT: datum ondertekening."
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
    ],
)
def test_voldaan_b1_names_the_one_missing_exam(lopend, behaal, consultant, ontbreekt, naam):
    sh = lopend()
    behaal(sh, *(c for c in B1_EXAMENS if c != ontbreekt))
    leg_route_af(sh)
    with pytest.raises(TransitionError) as exc:
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert fout(exc).endswith(f"Ontbreekt nog: {naam}.")


# Each route record at both edges: one short of the norm (or missing) is refused naming exactly that record;
# completing it (the other edge) closes the case as voldaan, once.
B1_RECORDS = [
    ("praktijkuren", {"praktijkuren": 39}, {"praktijkuren": 1}, "MAP: 39 van 40 praktijkuren"),
    ("praktijkuren net niet", {"praktijkuren": Decimal("39.99")}, {"praktijkuren": Decimal("0.01")},
     "MAP: 39 van 40 praktijkuren"),
    ("7 thema's", {"themas": MapThema.values[:7]}, {"themas": MapThema.values}, "MAP: thema Werkcultuur"),
    ("6 thema's", {"themas": MapThema.values[:4] + MapThema.values[6:]}, {"themas": MapThema.values},
     "MAP: thema's Beroepscompetenties verwerven, Netwerk opbouwen"),
    ("eindgesprek MAP", {"map_eindgesprek": False}, {"map_eindgesprek": True}, "MAP: eindgesprek"),
    ("PVT-uren", {"pvt_uren": "11.9"}, {"pvt_uren": "12"}, "PVT: 11,9 van 12 uur"),
    ("PVT zonder uren", {"pvt_uren": None}, {"pvt_uren": "12.5"}, "PVT: 0 van 12 uur"),
    ("ondertekening PVT", {"pvt_ondertekend": False}, {"pvt_ondertekend": True}, "PVT: datum ondertekening"),
]  # fmt: skip


def _aanvullen(sh, eerst: dict, daarna: dict):
    """Complete the records of `sh` that `leg_route_af(**eerst)` left short, as `daarna` says: attendance adds
    up (only the missing hours are added), the record's fields are replaced."""
    from leerroutes.models import Routeafronding

    if "praktijkuren" in daarna:
        AanwezigheidFactory(
            inschrijving=sh.inschrijvingen.last(),
            soort=Aanwezigheid.Soort.PRAKTIJK,
            geplande_minuten=round(daarna["praktijkuren"] * 60),
            datum=D(2025, 6, 1),
        )
    for soort, sleutel in (("les", "les_uren"), ("participatie", "participatie_uren")):
        if sleutel in daarna:
            AanwezigheidFactory(
                inschrijving=sh.inschrijvingen.last(), soort=soort, geplande_minuten=daarna[sleutel] * 60,
                datum=D(2025, 6, 1),
            )  # fmt: skip
    velden = {
        "themas": lambda w: {"map_themas": w},
        "map_eindgesprek": lambda w: {"map_eindgesprek_op": D(2025, 6, 1)},
        "pvt_uren": lambda w: {"pvt_uren": Decimal(w)},
        "pvt_ondertekend": lambda w: {"pvt_ondertekend_op": D(2025, 6, 1)},
        "zroute_eindgesprek": lambda w: {"zroute_eindgesprek_op": D(2025, 6, 1)},
    }
    for sleutel, waarde in daarna.items():
        if sleutel in velden:
            Routeafronding.objects.filter(statushouder=sh).update(**velden[sleutel](waarde))


def _eenmaal_voldaan(sh, consultant, naam):
    with pytest.raises(TransitionError) as exc:
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert fout(exc).endswith(f"Ontbreekt nog: {naam}.")
    assert Statushouder.objects.get(pk=sh.pk).status == "in_uitvoering"


@pytest.mark.parametrize(("geval", "eerst", "daarna", "naam"), B1_RECORDS, ids=[r[0] for r in B1_RECORDS])
def test_voldaan_b1_needs_each_map_and_pvt_record(lopend, behaal, consultant, geval, eerst, daarna, naam):
    sh = lopend()
    behaal(sh, *B1_EXAMENS)
    leg_route_af(sh, **eerst)
    _eenmaal_voldaan(sh, consultant, naam)
    _aanvullen(sh, eerst, daarna)
    sh = rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert (sh.status, sh.eindreden) == ("afgerond", "voldaan")
    with pytest.raises(TransitionError):  # once
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 2))


def test_a_provider_exam_result_map_or_pvt_no_longer_counts(lopend, behaal, consultant):
    sh = lopend()
    behaal(sh, *B1_EXAMENS, "map", "pvt")
    with pytest.raises(TransitionError, match="MAP: 0 van 40 praktijkuren.*PVT: datum ondertekening"):
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))


def test_a_failed_exam_does_not_count(lopend, behaal, consultant):
    sh = lopend()
    inschrijving = behaal(sh, *(c for c in B1_EXAMENS if c != "spreken"))
    leg_route_af(sh)
    ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=Onderdeel.objects.get(code="spreken"), behaald=False)
    with pytest.raises(TransitionError, match="Ontbreekt nog: examen spreken."):
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))


def test_voldaan_counts_only_what_was_achieved_by_the_end_date(lopend, behaal, consultant):
    sh = lopend()
    behaal(sh, *B1_EXAMENS, datum=D(2025, 6, 1))
    leg_route_af(sh, datum=D(2025, 6, 1))
    from leerroutes.models import Routeafronding

    Routeafronding.objects.filter(statushouder=sh).update(
        pvt_ondertekend_op=D(2025, 9, 15), map_eindgesprek_op=D(2025, 9, 15)
    )
    with pytest.raises(TransitionError, match=r"op 14-09-2025 nog niet voldaan\. Ontbreekt nog: MAP: eindgesprek, PVT"):
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 9, 14))
    assert rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 9, 15)).einddatum == D(2025, 9, 15)


def test_praktijkuren_after_the_end_date_do_not_count(lopend, behaal, consultant):
    sh = lopend()
    behaal(sh, *B1_EXAMENS)
    leg_route_af(sh, praktijkuren=30)
    AanwezigheidFactory(
        inschrijving=sh.inschrijvingen.get(), soort="praktijk", geplande_minuten=600, datum=D(2025, 7, 2)
    )
    _eenmaal_voldaan(sh, consultant, "MAP: 30 van 40 praktijkuren")
    assert rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 2)).eindreden == "voldaan"


def test_voldaan_onderwijsroute_needs_taalschakeltraject_afgerond_and_pvt_but_no_map(lopend, consultant):
    from leerroutes.models import Taalschakeltraject

    sh = lopend(route="onderwijs", aanbieder="Graafschap College")
    with pytest.raises(TransitionError) as exc:
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert fout(exc).endswith("Ontbreekt nog: taalschakeltraject, PVT: 0 van 12 uur, PVT: datum ondertekening.")
    leg_route_af(sh, taalschakel="niet_afgerond")  # ended without completing it: does not count
    _eenmaal_voldaan(sh, consultant, "taalschakeltraject")
    Taalschakeltraject.objects.update(resultaat="afgerond", einddatum=D(2025, 7, 2))
    _eenmaal_voldaan(sh, consultant, "taalschakeltraject")  # completed only after the end date
    Taalschakeltraject.objects.update(einddatum=D(2025, 6, 30))
    sh = rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))  # no MAP in the onderwijsroute
    assert sh.eindreden == "voldaan"


def test_voldaan_onderwijsroute_names_the_missing_pvt_signing(lopend, consultant):
    sh = lopend(route="onderwijs", aanbieder="Graafschap College")
    leg_route_af(sh, pvt_ondertekend=False)
    _eenmaal_voldaan(sh, consultant, "PVT: datum ondertekening")
    _aanvullen(sh, {}, {"pvt_ondertekend": True})
    assert rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1)).eindreden == "voldaan"


Z_ASIEL = [
    ("799 lesuren", {"les_uren": 799, "participatie_uren": 800}, {"les_uren": 1}, "Z-route: 799 van 800 lesuren"),
    ("799 participatie-uren", {"les_uren": 800, "participatie_uren": 799}, {"participatie_uren": 1},
     "Z-route: 799 van 800 participatie-uren"),
    ("eindgesprek Z-route", {"les_uren": 800, "participatie_uren": 800, "zroute_eindgesprek": False},
     {"zroute_eindgesprek": True}, "Z-route: eindgesprek"),
    ("praktijkuren", {"les_uren": 800, "participatie_uren": 800, "praktijkuren": 39}, {"praktijkuren": 1},
     "MAP: 39 van 40 praktijkuren"),
    ("PVT-uren", {"les_uren": 800, "participatie_uren": 800, "pvt_uren": "11.9"}, {"pvt_uren": "12"},
     "PVT: 11,9 van 12 uur"),
]  # fmt: skip


@pytest.mark.parametrize("doelgroep", ["asiel", "nareiziger"])
@pytest.mark.parametrize(("geval", "eerst", "daarna", "naam"), Z_ASIEL, ids=[r[0] for r in Z_ASIEL])
def test_voldaan_z_route_asielstatushouder_800_plus_800_hours_and_eindgesprek(
    registreer, naar_uitvoering, consultant, doelgroep, geval, eerst, daarna, naam
):
    sh = registreer(doelgroep=doelgroep)
    naar_uitvoering(sh, route="z")
    leg_route_af(sh, **eerst)
    _eenmaal_voldaan(sh, consultant, naam)
    _aanvullen(sh, eerst, daarna)
    assert rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1)).eindreden == "voldaan"


Z_GEZIN = [
    ("799 uren", {"les_uren": 500, "participatie_uren": 299}, {"participatie_uren": 1},
     "Z-route: 799 van 800 uren taal, KNM en participatie"),
    ("alleen lesuren", {"les_uren": 799}, {"les_uren": 1}, "Z-route: 799 van 800 uren taal, KNM en participatie"),
    ("eindgesprek Z-route", {"les_uren": 800, "zroute_eindgesprek": False}, {"zroute_eindgesprek": True},
     "Z-route: eindgesprek"),
]  # fmt: skip


@pytest.mark.parametrize("doelgroep", ["gezinsmigrant", "overig"])
@pytest.mark.parametrize(("geval", "eerst", "daarna", "naam"), Z_GEZIN, ids=[r[0] for r in Z_GEZIN])
def test_voldaan_z_route_gezinsmigrant_800_hours_and_eindgesprek(
    registreer, naar_uitvoering, consultant, doelgroep, geval, eerst, daarna, naam
):
    sh = registreer(doelgroep=doelgroep)
    naar_uitvoering(sh, route="z")
    leg_route_af(sh, **eerst)
    _eenmaal_voldaan(sh, consultant, naam)
    _aanvullen(sh, eerst, daarna)
    assert rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1)).eindreden == "voldaan"


def test_voldaan_z_route_with_nothing(registreer, naar_uitvoering, consultant):
    sh = registreer()
    naar_uitvoering(sh, route="z")
    with pytest.raises(TransitionError) as exc:
        rond_af(sh, consultant, eindreden="voldaan", datum=D(2025, 7, 1))
    assert fout(exc).endswith(
        "Ontbreekt nog: Z-route: 0 van 800 lesuren, Z-route: 0 van 800 participatie-uren, MAP: 0 van 40 praktijkuren, "
        "MAP: de 8 thema's, MAP: eindgesprek, PVT: 0 van 12 uur, PVT: datum ondertekening, Z-route: eindgesprek."
    )


def test_records_of_the_previous_gemeente_count_after_a_move(lopend, behaal, consultant, aalten, make_user):
    from cases import services as case_services
    from inburgering.accounts import roles

    sh = lopend()
    behaal(sh, *B1_EXAMENS)
    leg_route_af(sh, pvt_ondertekend=False)
    case_services.rond_af(
        actor=consultant, statushouder=sh, eindreden="verhuisd", datum=D(2025, 7, 1), nieuwe_gemeente=aalten
    )
    nieuw = Statushouder.objects.get(gemeente=aalten)
    collega = make_user(roles.TEAMLEIDER, gemeente=aalten)
    with pytest.raises(TransitionError, match=r"Ontbreekt nog: PVT: datum ondertekening\.'\]$"):
        rond_af(nieuw, collega, eindreden="voldaan", datum=D(2025, 7, 2))
    from leerroutes.models import Routeafronding

    Routeafronding.objects.create(
        statushouder=nieuw, map_themas=MapThema.values, map_eindgesprek_op=D(2025, 6, 1), pvt_uren=12,
        pvt_ondertekend_op=D(2025, 7, 2),
    )  # fmt: skip
    assert rond_af(nieuw, collega, eindreden="voldaan", datum=D(2025, 7, 2)).eindreden == "voldaan"


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
    behaal(sh, *(c for c in B1_EXAMENS if c != "schrijven"))
    leg_route_af(sh, map_eindgesprek=False)
    client.force_login(consultant)
    r = client.post(
        reverse("cases:afronden", args=[sh.uuid]), {"afronden-eindreden": "voldaan", "afronden-datum": "2025-07-01"}
    )
    assert "Ontbreekt nog: examen schrijven, MAP: eindgesprek." in r.content.decode()


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
