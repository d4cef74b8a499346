"""I6–I10 (reports/indicators/uitvoering.py) on a small hand-made Achterhoek dataset, for the third quarter of 2026
(1 July – 30 September): every value per gemeente, region and provider, and the hand-written benchmark SQL giving the
same Metingen."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from cases.models import Statushouder
from inburgering.accounts import roles
from leerroutes.models import Inschrijving, Leerroute, Onderdeel
from partners.models import Arbeidsmarktregio
from partners.services import create_gemeente
from reports.benchmark import handgeschreven_uitvoering
from reports.indicators import REGISTER
from reports.indicators.base import Periode
from tests.factories import (
    AanwezigheidFactory,
    ExamenresultaatFactory,
    InschrijvingFactory,
    PipFactory,
    PipVersieFactory,
    StatushouderFactory,
    VoortgangsgesprekFactory,
)

D = dt.date
KWARTAAL = Periode.kwartaal(2026, 3)
LEEG = Periode.kwartaal(2024, 1)  # before any case was registered
W, A, DOE, REGIO = "GM0294", "GM0197", "GM0222", "AM03"  # Winterswijk, Aalten, Doetinchem, Achterhoek
ANDERE = ("GM1859", "GM1876", "GM1955", "GM1586", "GM1509")  # the five gemeenten without any data


class Data:
    """The dataset's objects, by the short names the expected values use."""


@pytest.fixture
def data(achterhoek, make_user):
    d = Data()
    d.achterhoek = achterhoek
    gemeente = achterhoek.gemeenten
    aalten = gemeente["Aalten"]
    aalten.voortgangsgesprek_weken = 8
    aalten.save(update_fields=["voortgangsgesprek_weken"])
    d.toptaal = achterhoek.aanbieders["TopTaal"]
    d.interbeek = achterhoek.aanbieders["Interbeek"]
    d.graafschap = achterhoek.aanbieders["Graafschap College"]
    route = {r.code: r for r in Leerroute.objects.all()}
    d.onderdeel = {o.code: o for o in Onderdeel.objects.all()}

    c1 = make_user(roles.CONSULTANT, gemeente=gemeente["Winterswijk"], fte=Decimal("0.80"))
    c2 = make_user(roles.CONSULTANT, gemeente=gemeente["Winterswijk"])  # no fte, also has a case in Doetinchem
    c3 = make_user(roles.CONSULTANT, gemeente=aalten, fte=Decimal("1.00"))
    c4 = make_user(roles.CONSULTANT, gemeente=aalten, fte=Decimal("0.50"))
    c5 = make_user(roles.CONSULTANT, gemeente=gemeente["Doetinchem"])  # no fte

    def statushouder(naam, gemeente_naam, consultant=None, pip=None, plannen=(), einde=None, **velden):
        """A case; `plannen`: (dagtekening, duaal) per vastgestelde PIP-versie; `einde`: (datum, reden)."""
        status = "in_uitvoering" if pip else "aangemeld"
        extra = {}
        if einde:
            status = "afgerond"
            extra = {"einddatum": einde[0], "eindreden": einde[1]}
        sh = StatushouderFactory(gemeente=gemeente[gemeente_naam], consultant=consultant, status=status,
                                 pip_dagtekening=pip, **extra, **velden)  # fmt: skip
        if plannen:
            plan = PipFactory(statushouder=sh)
            for versie, (dagtekening, duaal) in enumerate(plannen, start=1):
                reden = ("verhuizing" if sh.vorig_dossier_id else "eerste_plan") if versie == 1 else "overig"
                PipVersieFactory(pip=plan, versie=versie, wijzigingsreden=reden, leerroute=route["b1"],
                                 taalaanbieder=d.toptaal, dagtekening=dagtekening, duaal=duaal)  # fmt: skip
        setattr(d, naam, sh)
        return sh

    # Winterswijk
    statushouder("w1", "Winterswijk", c1, D(2026, 1, 15), [(D(2026, 1, 15), False), (D(2026, 8, 1), True)])
    statushouder("w2", "Winterswijk", c1, D(2026, 2, 1), [(D(2026, 2, 1), True), (D(2026, 10, 15), False)])
    statushouder("w3", "Winterswijk", c2, D(2026, 3, 1), [(D(2026, 3, 1), False)])
    statushouder("w4", "Winterswijk", c2, D(2026, 9, 30), [(D(2026, 9, 30), False)])  # PIP on the last day
    statushouder("w5", "Winterswijk", c1, D(2026, 10, 1), [(D(2026, 10, 1), True)])  # PIP after the period
    statushouder("w6", "Winterswijk")  # open, no consultant, no PIP
    statushouder("w8", "Winterswijk", c2, D(2026, 1, 1), [(D(2026, 1, 1), True)], einde=(D(2026, 9, 30), "voldaan"))
    # w7 moved from Winterswijk to Aalten on 15 August: the old case ended, the new one (a3) carries on.
    oud = statushouder("w7", "Winterswijk", c1, D(2025, 12, 1), [(D(2025, 12, 1), True)],
                       einde=(D(2026, 8, 15), "verhuisd"))  # fmt: skip
    # Aalten (voortgangsgesprek every 8 weeks)
    statushouder("a1", "Aalten", c3, D(2026, 4, 1), [(D(2026, 4, 1), False)])
    statushouder("a2", "Aalten", c4, D(2026, 5, 1), [(D(2026, 5, 1), False)])
    statushouder("a3", "Aalten", c3, D(2026, 8, 20), [(D(2026, 8, 20), True)], bsn=oud.bsn, vorig_dossier=oud)
    statushouder("a4", "Aalten", c3)  # registered just after the period (see below)
    # Doetinchem
    statushouder("d1", "Doetinchem", c5, D(2026, 6, 1), [(D(2026, 6, 1), False)])
    statushouder("d2", "Doetinchem", c5, D(2026, 6, 15), [(D(2026, 6, 15), True)])
    statushouder("d3", "Doetinchem", c2)

    Statushouder.objects.update(aangemaakt_op=dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC))
    # 23:30 UTC on 30 September is 1 October in Amsterdam: not yet registered at the period end.
    Statushouder.objects.filter(pk=d.a4.pk).update(aangemaakt_op=dt.datetime(2026, 9, 30, 23, 30, tzinfo=dt.UTC))

    # Voortgangsgesprekken: the window ends on 30 September and starts 13 weeks (Aalten: 8 weeks) before it.
    for sh, gehouden in [
        (d.w1, D(2026, 7, 1)),  # exactly 13 weeks before: on time
        (d.w2, D(2026, 6, 30)),  # one day too early
        (d.w3, D(2026, 5, 1)),
        (d.w3, D(2026, 10, 1)),  # after the period end
        (d.w7, D(2026, 8, 10)),  # held in the old case: does not count for the new one
        (d.a1, D(2026, 8, 5)),  # exactly 8 weeks before: on time
        (d.a2, D(2026, 8, 4)),  # within 13 weeks, but Aalten's norm is 8
        (d.d1, None),  # planned, not held
        (d.d2, D(2026, 9, 15)),
    ]:
        VoortgangsgesprekFactory(statushouder=sh, gehouden_op=gehouden, consultant=sh.consultant)

    def inschrijving(sh, organisatie, code):
        return InschrijvingFactory(statushouder=sh, organisatie=organisatie, leerroute=route[code])

    ins = {
        "w1": inschrijving(d.w1, d.toptaal, "b1"),
        "w2": inschrijving(d.w2, d.interbeek, "z"),
        "w3": inschrijving(d.w3, d.toptaal, "b1"),
        "w3z": inschrijving(d.w3, d.interbeek, "z"),
        "w7": inschrijving(d.w7, d.toptaal, "b1"),
        "a1": inschrijving(d.a1, d.toptaal, "b1"),
        "a3": inschrijving(d.a3, d.interbeek, "b1"),
        "d1": inschrijving(d.d1, d.graafschap, "onderwijs"),
    }
    for sleutel, datum, gepland, aanwezig in [
        ("w1", D(2026, 6, 30), 180, 180),  # the day before the period
        ("w1", D(2026, 7, 1), 180, 180),
        ("w1", D(2026, 9, 30), 180, 90),
        ("w1", D(2026, 10, 1), 180, 0),  # the day after
        ("w2", D(2026, 8, 10), 240, 240),
        ("w2", D(2026, 8, 11), 240, 0),
        ("w3", D(2026, 7, 15), 120, 120),
        ("w3z", D(2026, 9, 1), 60, 30),
        ("w7", D(2026, 8, 1), 180, 180),
        ("a1", D(2026, 8, 1), 180, 150),
        ("a3", D(2026, 9, 10), 120, 120),
        ("d1", D(2026, 7, 20), 300, 300),
    ]:
        status = "aanwezig" if aanwezig else "ongeoorloofd_afwezig"
        AanwezigheidFactory(inschrijving=ins[sleutel], datum=datum, geplande_minuten=gepland,
                            aanwezige_minuten=aanwezig, status=status)  # fmt: skip
    for sleutel, onderdeel, datum, behaald in [
        ("w1", "lezen", D(2026, 7, 10), True),
        ("w1", "luisteren", D(2026, 7, 10), False),
        ("w1", "spreken", D(2026, 6, 30), True),  # before the period
        ("w1", "schrijven", D(2026, 10, 1), True),  # after
        ("w3", "lezen", D(2026, 9, 30), False),
        ("w3", "knm", D(2026, 8, 1), True),
        ("w2", "knm", D(2026, 7, 1), True),
        ("w2", "map", D(2026, 8, 1), True),  # MAP has no exam: not counted
        ("a1", "lezen", D(2026, 8, 15), False),
        ("a1", "lezen", D(2026, 9, 15), True),  # a resit counts as a result of its own
        ("a3", "knm", D(2026, 9, 1), False),
    ]:
        ExamenresultaatFactory(inschrijving=ins[sleutel], onderdeel=d.onderdeel[onderdeel], datum=datum,
                               behaald=behaald)  # fmt: skip
    d.gemeenten = [g.pk for g in gemeente.values()]
    return d


def bereken(code, data, periode=KWARTAAL, niveaus=None):
    ind = REGISTER[code]
    return list(ind.bereken(periode, data.gemeenten, niveaus=niveaus or ind.niveaus, db="default"))


def als_dict(metingen) -> dict:
    """{(niveau, eenheid, uitsplitsing, maat): (waarde, basis)}; a key twice would be a bug."""
    uit = {}
    for m in metingen:
        sleutel = (m.niveau, m.eenheid, m.uitsplitsing, m.maat)
        assert sleutel not in uit, sleutel
        uit[sleutel] = (m.waarde, m.basis)
    return uit


def zonder_data(maten: dict) -> dict:
    """The rows of the gemeenten without data: `maten` = {maat: waarde}, base 0."""
    return {("gemeente", g, "", maat): (waarde, 0) for g in ANDERE for maat, waarde in maten.items()}


def test_i6_duaal_in_the_plan_in_force_at_the_period_end(data):
    assert als_dict(bereken("I6", data)) == {
        # w1 duaal since version 2 (1 Aug), w2 until version 2 (15 Oct); w3, w4 (PIP on 30 Sep) not duaal;
        # w5 (PIP 1 Oct), w7 (moved) and w8 (ended 30 Sep) not active.
        ("gemeente", W, "", "percentage"): (50.0, 4),
        ("gemeente", A, "", "percentage"): (33.0, 3),  # a3, the moved statushouder's new case, is duaal
        ("gemeente", DOE, "", "percentage"): (50.0, 2),
        ("regio", REGIO, "", "percentage"): (44.0, 9),
        **zonder_data({"percentage": None}),
    }


def test_i7_caseload_per_consultant_and_per_fte(data):
    assert als_dict(bereken("I7", data)) == {
        # w1, w2, w5 (c1, 0.8 fte) and w3, w4 (c2, no fte); w6 has no consultant, w7 and w8 had ended.
        ("gemeente", W, "", "dossiers"): (5, 5),
        ("gemeente", W, "", "per_consultant"): (2.5, 5),
        ("gemeente", W, "", "per_fte"): (3.8, 5),  # 3 / 0.8 = 3.75
        # a1, a3 (c3, 1.0 fte: counted once) and a2 (c4, 0.5); a4 registered on 1 October (Amsterdam time).
        ("gemeente", A, "", "dossiers"): (3, 3),
        ("gemeente", A, "", "per_consultant"): (1.5, 3),
        ("gemeente", A, "", "per_fte"): (2.0, 3),
        ("gemeente", DOE, "", "dossiers"): (3, 3),
        ("gemeente", DOE, "", "per_consultant"): (1.5, 3),  # c5 and c2 (of Winterswijk)
        ("gemeente", DOE, "", "per_fte"): (None, 3),  # no fte known
        ("regio", REGIO, "", "dossiers"): (11, 11),
        ("regio", REGIO, "", "per_consultant"): (2.2, 11),  # c2 counted once across the region: 5 consultants
        ("regio", REGIO, "", "per_fte"): (2.6, 11),  # 6 / 2.3
        **zonder_data({"dossiers": 0, "per_consultant": None, "per_fte": None}),
    }


def test_i8_aanwezigheid_per_gemeente_provider_and_route(data):
    def rij(percentage, gepland, aanwezig, basis):
        return {"percentage": (percentage, basis), "gepland_uren": (gepland, basis), "aanwezig_uren": (aanwezig, basis)}

    verwacht = {
        (W, ""): rij(70.0, 20.0, 14.0, 4),  # 1200 / 840 minutes; w7's old case stays in Winterswijk
        (W, "b1"): rij(86.4, 11.0, 10.0, 3),  # 660 / 570 minutes: 9.5 hours rounds up
        (W, "z"): rij(50.0, 9.0, 5.0, 2),  # 540 / 270
        (A, ""): rij(90.0, 5.0, 5.0, 2),
        (A, "b1"): rij(90.0, 5.0, 5.0, 2),
        (DOE, ""): rij(100.0, 5.0, 5.0, 1),
        (DOE, "onderwijs"): rij(100.0, 5.0, 5.0, 1),
        (REGIO, ""): rij(78.3, 30.0, 24.0, 7),  # 1800 / 1410
        (REGIO, "b1"): rij(87.5, 16.0, 14.0, 5),
        (REGIO, "z"): rij(50.0, 9.0, 5.0, 2),  # w3 counted in b1 and in z, once in the total
        (REGIO, "onderwijs"): rij(100.0, 5.0, 5.0, 1),
        (str(data.toptaal.uuid), ""): rij(85.7, 14.0, 12.0, 4),
        (str(data.toptaal.uuid), "b1"): rij(85.7, 14.0, 12.0, 4),
        (str(data.interbeek.uuid), ""): rij(59.1, 11.0, 7.0, 3),  # 660 / 390
        (str(data.interbeek.uuid), "z"): rij(50.0, 9.0, 5.0, 2),
        (str(data.interbeek.uuid), "b1"): rij(100.0, 2.0, 2.0, 1),
        (str(data.graafschap.uuid), ""): rij(100.0, 5.0, 5.0, 1),
        (str(data.graafschap.uuid), "onderwijs"): rij(100.0, 5.0, 5.0, 1),
    }
    niveau = {W: "gemeente", A: "gemeente", DOE: "gemeente", REGIO: "regio"}
    assert als_dict(bereken("I8", data)) == {
        **{
            (niveau.get(eenheid, "aanbieder"), eenheid, uitsplitsing, maat): waarde
            for (eenheid, uitsplitsing), maten in verwacht.items()
            for maat, waarde in maten.items()
        },
        **zonder_data({"percentage": None, "gepland_uren": 0.0, "aanwezig_uren": 0.0}),
    }


def test_i9_examens_per_onderdeel_and_provider(data):
    toptaal, interbeek = str(data.toptaal.uuid), str(data.interbeek.uuid)
    verwacht = {
        ("gemeente", W, ""): (60.0, 5),
        ("gemeente", W, "lezen"): (50.0, 2),
        ("gemeente", W, "luisteren"): (0.0, 1),
        ("gemeente", W, "knm"): (100.0, 2),
        ("gemeente", A, ""): (33.0, 3),
        ("gemeente", A, "lezen"): (50.0, 2),
        ("gemeente", A, "knm"): (0.0, 1),
        ("gemeente", DOE, ""): (None, 0),
        ("regio", REGIO, ""): (50.0, 8),
        ("regio", REGIO, "lezen"): (50.0, 4),
        ("regio", REGIO, "luisteren"): (0.0, 1),
        ("regio", REGIO, "knm"): (67.0, 3),
        ("aanbieder", toptaal, ""): (50.0, 6),
        ("aanbieder", toptaal, "lezen"): (50.0, 4),
        ("aanbieder", toptaal, "luisteren"): (0.0, 1),
        ("aanbieder", toptaal, "knm"): (100.0, 1),
        ("aanbieder", interbeek, ""): (50.0, 2),
        ("aanbieder", interbeek, "knm"): (50.0, 2),
    }
    assert als_dict(bereken("I9", data)) == {
        **{(n, e, u, "percentage"): w for (n, e, u), w in verwacht.items()},
        **zonder_data({"percentage": None}),
    }


def test_i10_voortgangsgesprek_within_the_norm_of_the_gemeente(data):
    assert als_dict(bereken("I10", data)) == {
        ("gemeente", W, "", "percentage"): (25.0, 4),  # only w1 (exactly 13 weeks); w4 has had none
        ("gemeente", A, "", "percentage"): (33.0, 3),  # only a1 (exactly 8 weeks); a3's gesprek was in w7
        ("gemeente", DOE, "", "percentage"): (50.0, 2),  # d2; d1's gesprek was not held
        ("regio", REGIO, "", "percentage"): (33.0, 9),
        **zonder_data({"percentage": None}),
    }


def test_a_period_without_data_reports_every_gemeente_and_the_region_empty(data):
    leeg = {"I6": {"percentage": None}, "I8": {"percentage": None, "gepland_uren": 0.0, "aanwezig_uren": 0.0},
            "I9": {"percentage": None}, "I10": {"percentage": None},
            "I7": {"dossiers": 0, "per_consultant": None, "per_fte": None}}  # fmt: skip
    alle = {g.cbs_code: "gemeente" for g in data.achterhoek.gemeenten.values()} | {REGIO: "regio"}
    for code, maten in leeg.items():
        verwacht = {(niveau, e, "", maat): (w, 0) for e, niveau in alle.items() for maat, w in maten.items()}
        assert als_dict(bereken(code, data, LEEG)) == verwacht, code


@pytest.mark.parametrize("niveaus", [("regio",), ("land",), ("gemeente", "regio")])
@pytest.mark.parametrize("code", ["I8", "I9"])
def test_trend_of_dated_rows_in_one_query_gives_the_totals_of_each_month(data, code, niveaus):
    """I8's and I9's twelve months from one query grouped by month equal their totals month by month (the trend is
    drawn from the totals), also in months without rows; a row on a month's last day is in that month."""
    inschrijving = Inschrijving.objects.first()
    AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 8, 31), geplande_minuten=600, aanwezige_minuten=300)
    ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=data.onderdeel["knm"], datum=D(2026, 8, 31),
                           behaald=False)  # fmt: skip
    maanden = Periode.kwartaal(2026, 4).maanden(12)
    samen = REGISTER[code].trend(maanden, data.gemeenten, niveaus=niveaus, db="default")
    los = [[m for m in REGISTER[code].bereken(maand, data.gemeenten, niveaus=niveaus, db="default")
            if m.uitsplitsing == ""] for maand in maanden]  # fmt: skip
    assert [sorted(map(str, m)) for m in samen] == [sorted(map(str, m)) for m in los]
    assert any(m.basis for maand in samen for m in maand) and any(not m.basis for maand in samen for m in maand)


def test_the_trend_level_alone_gives_only_the_region(data):
    assert als_dict(bereken("I8", data, niveaus=("regio",))) == {
        ("regio", REGIO, "", "percentage"): (78.3, 7),
        ("regio", REGIO, "", "gepland_uren"): (30.0, 7),
        ("regio", REGIO, "", "aanwezig_uren"): (24.0, 7),
        ("regio", REGIO, "b1", "percentage"): (87.5, 5),
        ("regio", REGIO, "b1", "gepland_uren"): (16.0, 5),
        ("regio", REGIO, "b1", "aanwezig_uren"): (14.0, 5),
        ("regio", REGIO, "z", "percentage"): (50.0, 2),
        ("regio", REGIO, "z", "gepland_uren"): (9.0, 2),
        ("regio", REGIO, "z", "aanwezig_uren"): (5.0, 2),
        ("regio", REGIO, "onderwijs", "percentage"): (100.0, 1),
        ("regio", REGIO, "onderwijs", "gepland_uren"): (5.0, 1),
        ("regio", REGIO, "onderwijs", "aanwezig_uren"): (5.0, 1),
    }


@pytest.mark.parametrize(
    "periode", [KWARTAAL, LEEG, Periode.maand(2026, 8), Periode.jaar(2026)], ids=lambda p: f"{p.soort}-{p.start}"
)
def test_hand_written_sql_gives_the_same_metingen(data, periode):
    with connection.cursor() as cursor:
        handgeschreven = handgeschreven_uitvoering.per_indicator(cursor, periode)
    assert set(handgeschreven) == {"I6", "I7", "I8", "I9", "I10"}
    for code, metingen in handgeschreven.items():
        assert sorted(map(_tupel, metingen)) == sorted(map(_tupel, bereken(code, data, periode))), code


def test_hand_written_sql_reports_a_provider_per_region_as_the_engine_does(data):
    """The engine runs region by region; TopTaal, also teaching in a second region, gets a row in each."""
    twente = Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")
    enschede = create_gemeente(naam="Enschede", cbs_code="GM0153", inwoners=160_000, arbeidsmarktregio=twente)
    sh = StatushouderFactory(gemeente=enschede, status="in_uitvoering", pip_dagtekening=D(2026, 2, 1))
    route_z = Leerroute.objects.get(code="z")
    inschrijving = InschrijvingFactory(statushouder=sh, organisatie=data.toptaal, leerroute=route_z)
    AanwezigheidFactory(inschrijving=inschrijving, datum=D(2026, 8, 3), geplande_minuten=120, aanwezige_minuten=60)
    ExamenresultaatFactory(inschrijving=inschrijving, onderdeel=data.onderdeel["knm"], datum=D(2026, 8, 3))

    with connection.cursor() as cursor:
        handgeschreven = handgeschreven_uitvoering.per_indicator(cursor, KWARTAAL)
    for code, metingen in handgeschreven.items():
        ind = REGISTER[code]
        per_regio = []
        for gemeenten in (data.gemeenten, [enschede.pk]):
            per_regio += ind.bereken(KWARTAAL, gemeenten, niveaus=ind.niveaus, db="default")
        assert sorted(map(_tupel, metingen)) == sorted(map(_tupel, per_regio)), code
    toptaal = str(data.toptaal.uuid)
    i8 = {(m.waarde, m.basis) for m in handgeschreven["I8"] if (m.eenheid, m.maat) == (toptaal, "percentage")}
    assert i8 == {(85.7, 4), (50.0, 1)}  # the Achterhoek's figure and Twente's


def _tupel(m) -> tuple:
    """A Meting as a sortable tuple (None as -1), floats to 6 decimals."""
    return (m.niveau, m.eenheid, m.uitsplitsing, m.maat, -1 if m.waarde is None else round(m.waarde, 6), m.basis)


def test_a_move_after_the_quarter_counts_the_person_only_in_the_old_gemeente(data):
    """w9 moves from Winterswijk to Aalten on 1 November; the new case (a5) carries the copied PIP dagtekening of
    1 February and, as in the seed, a registration date before the quarter. On 30 September w9 still lived in
    Winterswijk: I6, I7 and I10 count the person there only (before, Aalten counted a5 as well)."""
    route_b1 = Leerroute.objects.get(code="b1")
    c1 = data.w1.consultant
    c4 = data.a2.consultant
    oud = StatushouderFactory(gemeente=data.w1.gemeente, consultant=c1, status="afgerond", eindreden="verhuisd",
                              pip_dagtekening=D(2026, 2, 1), einddatum=D(2026, 11, 1))  # fmt: skip
    PipVersieFactory(pip=PipFactory(statushouder=oud), versie=1, wijzigingsreden="eerste_plan", leerroute=route_b1,
                     taalaanbieder=data.toptaal, dagtekening=D(2026, 2, 1), duaal=True)  # fmt: skip
    VoortgangsgesprekFactory(statushouder=oud, gehouden_op=D(2026, 9, 1), consultant=c1)
    nieuw = StatushouderFactory(gemeente=data.a2.gemeente, consultant=c4, status="in_uitvoering", bsn=oud.bsn,
                                vorig_dossier=oud, pip_dagtekening=D(2026, 2, 1))  # fmt: skip
    PipVersieFactory(pip=PipFactory(statushouder=nieuw), versie=1, wijzigingsreden="verhuizing", leerroute=route_b1,
                     taalaanbieder=data.toptaal, dagtekening=D(2026, 11, 1), duaal=False)  # fmt: skip
    VoortgangsgesprekFactory(statushouder=nieuw, gehouden_op=D(2026, 9, 20), consultant=c4)  # on the old case's file
    Statushouder.objects.filter(pk__in=[oud.pk, nieuw.pk]).update(
        aangemaakt_op=dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    )

    def rijen(code, maten):
        metingen = als_dict(bereken(code, data))
        return {(n, e, maat): metingen[n, e, "", maat] for n, e in (("gemeente", W), ("gemeente", A), ("regio", REGIO))
                for maat in maten}  # fmt: skip

    assert rijen("I6", ["percentage"]) == {
        ("gemeente", W, "percentage"): (60.0, 5),  # w1, w2 and w9 of 5
        ("gemeente", A, "percentage"): (33.0, 3),  # unchanged: a5 is not active before the move
        ("regio", REGIO, "percentage"): (50.0, 10),
    }
    assert rijen("I7", ["dossiers", "per_consultant", "per_fte"]) == {
        ("gemeente", W, "dossiers"): (6, 6),
        ("gemeente", W, "per_consultant"): (3.0, 6),
        ("gemeente", W, "per_fte"): (5.0, 6),  # 4 / 0.8
        ("gemeente", A, "dossiers"): (3, 3),  # a5 not yet open
        ("gemeente", A, "per_consultant"): (1.5, 3),
        ("gemeente", A, "per_fte"): (2.0, 3),
        ("regio", REGIO, "dossiers"): (12, 12),
        ("regio", REGIO, "per_consultant"): (2.4, 12),
        ("regio", REGIO, "per_fte"): (3.0, 12),  # 7 / 2.3
    }
    assert rijen("I10", ["percentage"]) == {
        ("gemeente", W, "percentage"): (40.0, 5),  # w1 and w9 (1 September)
        ("gemeente", A, "percentage"): (33.0, 3),
        ("regio", REGIO, "percentage"): (40.0, 10),
    }
    with connection.cursor() as cursor:
        handgeschreven = handgeschreven_uitvoering.per_indicator(cursor, KWARTAAL)
    for code in ("I6", "I7", "I10"):
        assert sorted(map(_tupel, handgeschreven[code])) == sorted(map(_tupel, bereken(code, data))), code
