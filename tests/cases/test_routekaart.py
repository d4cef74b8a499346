"""The route map 'van AZC naar werk': steps and statuses per route on hand-made data, the SVG's
accessibility, and the section on the case page."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse

from cases import routekaart, services
from cases.charts import routekaart as routekaart_svg
from cases.models import Participatie, Statushouder
from leerroutes.models import Aanwezigheid, Examenresultaat, Leerroute, Onderdeel
from tests.factories import AanwezigheidFactory, InschrijvingFactory, ParticipatieFactory, leg_route_af

D = dt.date
VANDAAG = D(2026, 11, 24)
EXAMENDATUM = D(2025, 6, 1)
pytestmark = pytest.mark.django_db


def examen(sh, achterhoek, *codes, datum=EXAMENDATUM, behaald=True, route="b1"):
    inschrijving = InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code=route)
    )
    for code in codes:
        Examenresultaat.objects.create(
            inschrijving=inschrijving, onderdeel=Onderdeel.objects.get(code=code), datum=datum, behaald=behaald
        )
    return inschrijving


def uren(sh, achterhoek, soort, aantal, datum=EXAMENDATUM):
    """`aantal` hours of attendance of one kind, in blocks of 10 hours."""
    inschrijving = InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="z")
    )
    AanwezigheidFactory.create_batch(
        aantal // 10, inschrijving=inschrijving, soort=soort, geplande_minuten=600, datum=datum
    )


def statussen(voortgang):
    return {s.code: s.status for s in voortgang.stappen}


def test_aangemeld_case_has_handover_done_and_intake_current(registreer):
    sh = registreer()
    v = routekaart.voortgang(sh, VANDAAG)
    assert [s.code for s in v.stappen] == ["overdracht", "intake", "pip", "taal", "knm", "map", "pvt", "werk"]
    assert v.stap("overdracht").status == "gedaan" and v.stap("overdracht").datum == D(2022, 12, 5)
    assert statussen(v) | {"overdracht": "x"} == {
        "overdracht": "x", "intake": "huidig", "pip": "volgend", "taal": "volgend", "knm": "volgend",
        "map": "volgend", "pvt": "volgend", "werk": "volgend",
    }  # fmt: skip
    assert v.route is None and v.ontbrekend == ["een vastgestelde leerroute"]


def test_b1_route_in_uitvoering(registreer, naar_uitvoering, achterhoek):
    sh = registreer()
    naar_uitvoering(sh)
    sh.refresh_from_db()
    examen(sh, achterhoek, "lezen", "luisteren", "knm", datum=D(2024, 5, 1))
    examen(sh, achterhoek, "spreken", datum=D(2024, 6, 1), behaald=False)
    v = routekaart.voortgang(sh, VANDAAG)
    assert v.route.code == "b1"
    assert v.stap("intake").datum == D(2023, 2, 20) and v.stap("pip").datum == D(2023, 3, 14)
    assert v.stap("pip").toelichting == "B1-route"
    assert statussen(v) == {
        "overdracht": "gedaan", "intake": "gedaan", "pip": "gedaan", "taal": "huidig", "knm": "gedaan",
        "map": "huidig", "pvt": "huidig", "werk": "volgend",
    }  # fmt: skip
    assert v.stap("taal").toelichting == "2 van 4 behaald" and v.stap("taal").datum is None
    assert v.stap("knm").datum == D(2024, 5, 1)
    assert v.ontbrekend == [
        "examen spreken", "examen schrijven", "MAP: 0 van 40 praktijkuren", "MAP: de 8 thema's", "MAP: eindgesprek",
        "PVT: 0 van 12 uur", "PVT: datum ondertekening",
    ]  # fmt: skip
    assert v.stap("map").toelichting == "0 van 40 praktijkuren, 0 van 8 thema's; eindgesprek nog niet gehouden"
    assert v.stap("pvt").toelichting == "0 van 12 uur; participatieverklaring nog niet ondertekend"


def test_b1_all_done_then_work_is_current_and_then_done(registreer, naar_uitvoering, achterhoek):
    sh = registreer()
    naar_uitvoering(sh)
    sh.refresh_from_db()
    examen(sh, achterhoek, "lezen", "luisteren", "spreken", "knm", datum=D(2024, 5, 1))
    examen(sh, achterhoek, "schrijven", datum=D(2024, 9, 3))
    leg_route_af(sh, datum=D(2024, 5, 1))
    v = routekaart.voortgang(sh, VANDAAG)
    assert (v.stap("map").status, v.stap("map").datum) == ("gedaan", D(2024, 5, 1))
    assert v.stap("map").toelichting == "40 van 40 praktijkuren, 8 van 8 thema's"
    assert (v.stap("pvt").status, v.stap("pvt").toelichting) == ("gedaan", "12 van 12 uur")
    assert v.stap("taal").status == "gedaan" and v.stap("taal").datum == D(2024, 9, 3)
    assert v.stap("werk").status == "huidig" and v.ontbrekend == []
    # before the last exam the taal step was still open: facts after the peildatum do not count
    assert routekaart.voortgang(sh, D(2024, 9, 2)).ontbrekend == ["examen schrijven"]
    ParticipatieFactory(statushouder=sh, soort=Participatie.Soort.VRIJWILLIGERSWERK, startdatum=D(2024, 1, 1))
    assert routekaart.voortgang(sh, VANDAAG).stap("werk").status == "huidig"  # volunteering is not work
    ParticipatieFactory(statushouder=sh, soort=Participatie.Soort.BETAALD_WERK, startdatum=D(2025, 2, 1))
    werk = routekaart.voortgang(sh, VANDAAG).stap("werk")
    assert werk.status == "gedaan" and werk.datum == D(2025, 2, 1)


def test_onderwijsroute_has_taalschakel_and_no_map(registreer, naar_uitvoering, achterhoek):
    sh = registreer()
    naar_uitvoering(sh, route="onderwijs", aanbieder="Graafschap College")
    sh.refresh_from_db()
    v = routekaart.voortgang(sh, VANDAAG)
    assert [s.code for s in v.stappen] == ["overdracht", "intake", "pip", "taalschakel", "knm", "map", "pvt", "werk"]
    assert v.stap("map").status == "nvt" and v.stap("map").toelichting == "geen MAP in de onderwijsroute"
    assert v.ontbrekend == ["taalschakeltraject", "PVT: 0 van 12 uur", "PVT: datum ondertekening"]
    examen(sh, achterhoek, "taalschakel", "pvt", route="onderwijs")  # exam results no longer count
    assert routekaart.voortgang(sh, VANDAAG).ontbrekend == v.ontbrekend
    leg_route_af(sh)
    v = routekaart.voortgang(sh, VANDAAG)
    assert v.ontbrekend == [] and v.stap("taalschakel").status == "gedaan"
    assert (v.stap("taalschakel").datum, v.stap("taalschakel").toelichting) == (D(2025, 6, 1), "Verpleegkunde")
    assert v.stap("knm").status == "huidig"  # shown, but not needed for voldaan


def test_z_route_counts_hours(registreer, naar_uitvoering, achterhoek):
    sh = registreer()
    naar_uitvoering(sh, route="z")
    sh.refresh_from_db()
    uren(sh, achterhoek, Aanwezigheid.Soort.LES, 800)
    uren(sh, achterhoek, Aanwezigheid.Soort.PARTICIPATIE, 790)
    v = routekaart.voortgang(sh, VANDAAG)
    assert [s.code for s in v.stappen] == [
        "overdracht", "intake", "pip", "z_les", "z_participatie", "knm", "map", "pvt", "z_eindgesprek", "werk",
    ]  # fmt: skip
    assert v.stap("z_les").status == "gedaan" and v.stap("z_les").toelichting == "800 van 800 uur"
    assert v.stap("z_participatie").status == "huidig"
    assert v.stap("knm").toelichting == "niet verplicht in de Z-route"
    assert v.ontbrekend == [
        "Z-route: 790 van 800 participatie-uren", "MAP: 0 van 40 praktijkuren", "MAP: de 8 thema's",
        "MAP: eindgesprek", "PVT: 0 van 12 uur", "PVT: datum ondertekening", "Z-route: eindgesprek",
    ]  # fmt: skip


def test_z_route_of_a_gezinsmigrant_counts_lessons_and_participation_together(registreer, naar_uitvoering, achterhoek):
    sh = registreer(doelgroep="gezinsmigrant")
    naar_uitvoering(sh, route="z")
    sh.refresh_from_db()
    uren(sh, achterhoek, Aanwezigheid.Soort.LES, 500)
    uren(sh, achterhoek, Aanwezigheid.Soort.PARTICIPATIE, 290)
    v = routekaart.voortgang(sh, VANDAAG)
    assert [s.code for s in v.stappen] == [
        "overdracht", "intake", "pip", "z_uren", "knm", "map", "pvt", "z_eindgesprek", "werk",
    ]  # fmt: skip
    stap = v.stap("z_uren")
    assert (stap.naam, stap.toelichting) == ("Uren taal, KNM en participatie", "790 van 800 uur")
    assert v.ontbrekend[0] == "Z-route: 790 van 800 uren taal, KNM en participatie"
    uren(sh, achterhoek, Aanwezigheid.Soort.PARTICIPATIE, 10)
    assert routekaart.voortgang(sh, VANDAAG).stap("z_uren").status == "gedaan"


def test_z_route_hours_are_rounded_down(registreer, naar_uitvoering, achterhoek):
    sh = registreer()
    naar_uitvoering(sh, route="z")
    sh.refresh_from_db()
    uren(sh, achterhoek, Aanwezigheid.Soort.LES, 790)
    inschrijving = sh.inschrijvingen.get()
    AanwezigheidFactory(inschrijving=inschrijving, geplande_minuten=599, datum=EXAMENDATUM)  # 9 h 59 min
    stap = routekaart.voortgang(sh, VANDAAG).stap("z_les")
    assert (stap.status, stap.toelichting) == ("huidig", "799 van 800 uur")
    AanwezigheidFactory(inschrijving=inschrijving, geplande_minuten=1, datum=EXAMENDATUM)
    assert routekaart.voortgang(sh, VANDAAG).stap("z_les").status == "gedaan"
    assert routekaart.voortgang(sh, EXAMENDATUM - dt.timedelta(days=1)).stap("z_les").toelichting == "0 van 800 uur"


def test_closed_case_has_no_current_step(registreer):
    sh = registreer()
    Statushouder.objects.filter(pk=sh.pk).update(status="afgerond", eindreden="overig", einddatum=D(2023, 1, 1))
    sh.refresh_from_db()
    assert "huidig" not in statussen(routekaart.voortgang(sh, VANDAAG)).values()


def test_exams_of_the_previous_gemeente_count_after_a_move(registreer, naar_uitvoering, achterhoek, aalten, consultant):
    from cases import services

    sh = registreer()
    naar_uitvoering(sh)
    examen(sh, achterhoek, "lezen", "knm")
    services.rond_af(
        actor=consultant, statushouder=sh, eindreden="verhuisd", datum=D(2025, 7, 1), nieuwe_gemeente=aalten
    )
    nieuw = Statushouder.objects.get(gemeente=aalten)
    v = routekaart.voortgang(nieuw, VANDAAG)
    assert v.route.code == "b1" and v.stap("knm").status == "gedaan"
    assert v.stap("taal").toelichting == "1 van 4 behaald"
    # the old gemeente does not see what happens after the move
    examen(nieuw, achterhoek, "spreken")
    assert (
        routekaart.voortgang(Statushouder.objects.get(pk=sh.pk), VANDAAG).stap("taal").toelichting == "1 van 4 behaald"
    )


def test_voortgang_runs_a_constant_number_of_queries(
    registreer, naar_uitvoering, achterhoek, django_assert_num_queries
):
    sh = registreer()
    naar_uitvoering(sh)
    sh.refresh_from_db()
    with django_assert_num_queries(1):  # the route's row comes with the facts
        voortgang = routekaart.voortgang(sh, VANDAAG)
    assert voortgang.route.code == "b1" and str(voortgang.route) == str(Leerroute.objects.get(code="b1"))
    examen(sh, achterhoek, "lezen", "luisteren", "spreken", "schrijven", "knm")
    uren(sh, achterhoek, Aanwezigheid.Soort.LES, 200)
    leg_route_af(sh)
    with django_assert_num_queries(1):
        routekaart.voortgang(sh, VANDAAG)


def test_svg_is_accessible_and_tells_status_by_shape_and_text(registreer, naar_uitvoering):
    sh = registreer()
    naar_uitvoering(sh)
    sh.refresh_from_db()
    svg = str(routekaart_svg(routekaart.voortgang(sh, VANDAAG).stappen, titel="Route", id_prefix="rk"))
    assert 'role="img"' in svg and 'aria-labelledby="rk-titel rk-desc"' in svg
    assert '<title id="rk-titel">Route</title>' in svg
    assert "Brede intake: gedaan (20-02-2023)" in svg and "PVT: nu bezig" in svg
    assert "Werk of onderwijs: nog te doen" in svg
    assert svg.count('class="stap stap--gedaan"') == 3 and svg.count('class="stap stap--huidig"') == 4
    assert "stroke-dasharray" in svg  # open steps drawn dashed, not only in another colour


def test_case_page_shows_map_and_text_list(client, consultant, registreer, naar_uitvoering):
    sh = registreer()
    naar_uitvoering(sh)
    client.force_login(consultant)
    r = client.get(reverse("cases:dossier", args=[sh.uuid]))
    html = r.content.decode()
    assert 'class="routekaart"' in html and "Route van AZC naar werk" in html
    assert "<strong>PIP vastgesteld</strong>: gedaan (14-03-2023) — B1-route" in html
    assert "<strong>MAP</strong>: nu bezig" in html
    assert "Overgedragen door" not in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_beschikking_pdf_contains_the_route_map(client, consultant, registreer, naar_uitvoering, achterhoek, tmp_path):
    sh = registreer()
    naar_uitvoering(sh)
    examen(sh, achterhoek, "knm", datum=D(2024, 5, 1))
    client.force_login(consultant)
    r = client.get(reverse("cases:pip_pdf", args=[sh.uuid]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    pad = tmp_path / "b.pdf"
    pad.write_bytes(r.content)
    tekst = " ".join(
        subprocess.run(["pdftotext", str(pad), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Uw route van AZC naar werk" in tekst
    for naam in ("Warme overdracht", "Brede intake", "PIP vastgesteld", "Taalexamens B1", "KNM-examen", "MAP", "PVT",
                 "Werk of onderwijs"):  # fmt: skip
        assert naam in tekst, naam
    assert "KNM-examen: gedaan (01-05-2024)" in tekst
    assert "Taalexamens B1: nu bezig — 0 van 4 behaald" in tekst


def test_handover_without_housing_date_is_done_once_the_intake_has_started(registreer, naar_uitvoering, consultant):
    """Issue 15: with an empty huisvestings- and koppelingsdatum the map said 'Warme overdracht: nu bezig' after the
    intake and the PIP. The handover is behind the case once the intake has started: done, without a date."""
    sh = registreer(huisvesting_datum=None, koppeling_datum=None)
    assert routekaart.voortgang(sh, VANDAAG).stap("overdracht").status == "huidig"  # still in the handover
    services.start_intake(actor=consultant, statushouder=sh, datum=D(2023, 1, 10))
    sh.refresh_from_db()
    v = routekaart.voortgang(sh, VANDAAG)
    assert (v.stap("overdracht").status, v.stap("overdracht").datum) == ("gedaan", None)
    assert v.stap("intake").status == "huidig"
    sh2 = registreer(bsn="999990032", huisvesting_datum=None, koppeling_datum=None)
    naar_uitvoering(sh2)
    sh2.refresh_from_db()
    v = routekaart.voortgang(sh2, VANDAAG)
    assert v.stap("overdracht").status == "gedaan"
    assert [s.code for s in v.stappen if s.status == "huidig"] == ["taal", "knm", "map", "pvt"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_beschikking_without_housing_date_does_not_say_handover_busy(
    client, consultant, registreer, naar_uitvoering, tmp_path
):
    sh = registreer(huisvesting_datum=None, koppeling_datum=None)
    naar_uitvoering(sh)
    client.force_login(consultant)
    r = client.get(reverse("cases:pip_pdf", args=[sh.uuid]))
    pad = tmp_path / "b.pdf"
    pad.write_bytes(r.content)
    tekst = " ".join(
        subprocess.run(["pdftotext", str(pad), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Warme overdracht: gedaan" in tekst
    assert "Warme overdracht: nu bezig" not in tekst
