"""I1–I5 on a hand-made Achterhoek dataset: every value per gemeente and for the region, worked out by hand below.

Q1 2026 (1 January – 31 March). Winterswijk and Doetinchem have the national PIP-termijn (10 weeks), Aalten 8 weeks.
Berkelland is in the report without any statushouder. Two statushouders move: M2 (intake and PIP in Winterswijk in
Q1, moves to Doetinchem on 1 March) and M (PIP in 2025, moves Winterswijk → Aalten on 1 May, after Q1)."""

import datetime as dt
from collections import Counter
from fractions import Fraction

import pytest
from django.db import connection

from cases.deadlines import pip_deadline as pip_deadline_python
from cases.models import PipVersie, Statushouder
from cases.services.afronding import rond_af
from leerroutes.models import Leerroute
from reports.benchmark import handgeschreven_instroom
from reports.indicators import REGISTER
from reports.indicators.base import Periode, aandeel, afronden
from reports.indicators.doorlooptijd import pip_deadline
from tests.factories import (
    AanwezigheidFactory,
    InschrijvingFactory,
    PipFactory,
    PipVersieFactory,
    StatushouderFactory,
)

pytestmark = pytest.mark.django_db

d = dt.date
Q1 = Periode.kwartaal(2026, 1)
W, A, D, B, REGIO = "GM0294", "GM0197", "GM0222", "GM1859", "AM03"  # Winterswijk, Aalten, Doetinchem, Berkelland
EENHEDEN = [("gemeente", W), ("gemeente", A), ("gemeente", D), ("gemeente", B), ("regio", REGIO)]
CODES = ("I1", "I1b", "I1c", "I2", "I2b", "I3", "I4", "I5")


class Dataset:
    def __init__(self, achterhoek):
        self.regio = achterhoek
        self.aanbieder = {"b1": achterhoek.aanbieders["TopTaal"], "z": achterhoek.aanbieders["TopTaal"],
                          "onderwijs": achterhoek.aanbieders["Graafschap College"]}  # fmt: skip
        self.statushouders: dict[str, Statushouder] = {}

    def sh(self, naam, gemeente, vv, kp, kg, brp, hv, intake=None, pip=None, route=None, **velden):
        """A statushouder with these dates (vergunning, koppeling, kennisgeving, BRP, huisvesting, intake, PIP)
        and, with a PIP, a vastgestelde versie 1 with `route` on the dagtekening."""
        status = "in_uitvoering" if pip else "intake" if intake else "aangemeld"
        s = StatushouderFactory(
            gemeente=self.regio.gemeenten[gemeente], verblijfsvergunning_datum=vv, koppeling_datum=kp,
            kennisgeving_datum=kg, brp_inschrijving_datum=brp, huisvesting_datum=hv, intake_start_datum=intake,
            pip_dagtekening=pip, status=status, status_sinds=pip or intake or hv, **velden,
        )  # fmt: skip
        if pip:
            self.versie(s, 1, route, pip)
        self.statushouders[naam] = s
        return s

    def versie(self, s, nummer, route, dagtekening):
        pip = s.pips.first() or PipFactory(statushouder=s)
        reden = PipVersie.Wijzigingsreden.EERSTE_PLAN if nummer == 1 else PipVersie.Wijzigingsreden.SCHAKELEN
        return PipVersieFactory(
            pip=pip,
            versie=nummer,
            wijzigingsreden=reden,
            dagtekening=dagtekening,
            leerroute=Leerroute.objects.get(code=route),
            taalaanbieder=self.aanbieder[route],
        )

    def pks(self, *namen):
        return [self.regio.gemeenten[n].pk for n in namen]


@pytest.fixture
def data(achterhoek, teamleider):
    ds = Dataset(achterhoek)
    aalten = achterhoek.gemeenten["Aalten"]
    aalten.pip_termijn_weken = 8
    aalten.save(update_fields=["pip_termijn_weken"])
    # Winterswijk
    ds.sh("W1", "Winterswijk", d(2025, 6, 1), d(2025, 6, 15), d(2025, 6, 20), d(2026, 1, 10), d(2026, 1, 10),
          d(2026, 1, 20), d(2026, 3, 10), "b1")  # fmt: skip
    w2 = ds.sh("W2", "Winterswijk", d(2025, 3, 1), d(2025, 9, 1), d(2025, 3, 10), d(2025, 10, 1), d(2025, 10, 1),
               d(2025, 10, 15), d(2026, 2, 15), "b1")  # fmt: skip
    ds.versie(w2, 2, "z", d(2026, 3, 20))  # schakelen to the Z-route within Q1, after February
    ds.sh("W3", "Winterswijk", d(2025, 8, 1), d(2025, 8, 15), d(2025, 8, 20), d(2026, 2, 1), d(2026, 2, 1),
          d(2026, 1, 25))  # intake already in the AZC, a week before the huisvesting  # fmt: skip
    ds.sh("W4", "Winterswijk", d(2025, 5, 1), d(2025, 5, 10), d(2025, 5, 15), d(2025, 7, 1), d(2025, 7, 1),
          d(2025, 8, 1), d(2026, 1, 15), "onderwijs", pip_deadline_afwijking=d(2026, 1, 31),
          pip_deadline_afwijking_reden="Wachten op diplomawaardering")  # fmt: skip
    ds.sh("W5", "Winterswijk", d(2025, 4, 1), d(2025, 4, 10), None, None, d(2025, 12, 1),
          d(2025, 12, 15), d(2026, 3, 1), "z")  # no kennisgeving, no BRP date: no PIP deadline  # fmt: skip
    ds.sh("W6", "Winterswijk", d(2022, 1, 5), d(2022, 2, 1), d(2022, 2, 5), d(2022, 3, 1), d(2022, 3, 1),
          oude_wet=True)  # fmt: skip
    ds.sh("W7", "Winterswijk", d(2025, 9, 1), d(2025, 9, 15), d(2025, 9, 20), d(2025, 12, 31), d(2025, 12, 31),
          d(2026, 4, 1))  # fmt: skip
    m = ds.sh("M", "Winterswijk", d(2025, 1, 10), d(2025, 2, 1), d(2025, 1, 20), d(2025, 4, 1), d(2025, 4, 1),
              d(2025, 4, 20), d(2025, 7, 1), "b1")  # fmt: skip
    m2 = ds.sh("M2", "Winterswijk", d(2025, 7, 1), d(2025, 7, 15), d(2025, 7, 10), d(2025, 12, 1), d(2025, 12, 1),
               d(2026, 1, 5), d(2026, 2, 1), "b1")  # fmt: skip
    # Aalten (PIP-termijn 8 weeks)
    ds.sh("A1", "Aalten", d(2025, 9, 1), d(2025, 9, 10), d(2025, 10, 1), d(2025, 12, 15), d(2026, 1, 5),
          d(2026, 1, 19), d(2026, 2, 16), "z")  # fmt: skip
    ds.sh("A2", "Aalten", d(2025, 10, 1), d(2025, 10, 10), d(2025, 10, 15), d(2026, 2, 1), d(2026, 2, 1),
          d(2026, 2, 21), d(2026, 3, 20), "b1")  # fmt: skip
    ds.sh("A3", "Aalten", d(2026, 1, 10), d(2026, 1, 20), d(2026, 1, 25), d(2026, 3, 2), d(2026, 3, 2))
    ds.sh("A4", "Aalten", d(2024, 6, 1), d(2024, 6, 15), d(2024, 6, 20), d(2026, 3, 15), d(2026, 3, 15),
          d(2026, 3, 25))  # fmt: skip
    # Doetinchem
    ds.sh("D1", "Doetinchem", d(2025, 5, 1), d(2025, 5, 10), d(2025, 5, 15), d(2026, 1, 2), d(2026, 1, 2),
          d(2026, 1, 5))  # fmt: skip
    ds.sh("D2", "Doetinchem", d(2025, 5, 1), d(2025, 5, 10), d(2025, 5, 15), d(2026, 1, 10), d(2026, 1, 10),
          d(2026, 1, 18))  # fmt: skip
    ds.sh("D3", "Doetinchem", d(2024, 3, 1), d(2024, 3, 10), d(2024, 3, 15), d(2026, 2, 1), d(2026, 2, 1),
          d(2026, 2, 14), d(2026, 3, 31), "b1")  # fmt: skip
    ds.sh("D4", "Doetinchem", d(2023, 2, 1), d(2023, 2, 10), d(2023, 2, 15), d(2026, 2, 20), d(2026, 2, 20),
          d(2026, 3, 22))  # fmt: skip
    ds.sh("D5", "Doetinchem", d(2025, 11, 1), d(2025, 11, 10), d(2025, 11, 15), d(2026, 4, 1), d(2026, 4, 1))
    # The moves, as the service leaves them: the old case afgerond (verhuisd), a new linked case in the new gemeente.
    for naam, s, gemeente, datum in (("M2", m2, "Doetinchem", d(2026, 3, 1)), ("M", m, "Aalten", d(2026, 5, 1))):
        rond_af(actor=teamleider, statushouder=s, eindreden="verhuisd", datum=datum,
                nieuwe_gemeente=achterhoek.gemeenten[gemeente])  # fmt: skip
        ds.statushouders[f"{naam}-nieuw"] = Statushouder.objects.get(vorig_dossier=s)
    return ds


def bereken(code, periode, gemeenten, niveaus=("gemeente", "regio")):
    """{(niveau, eenheid, uitsplitsing, maat): (waarde, basis)}; fails on a duplicate."""
    uit = {}
    for m in REGISTER[code].bereken(periode, gemeenten, niveaus=niveaus, db="default"):
        sleutel = (m.niveau, m.eenheid, m.uitsplitsing, m.maat)
        assert sleutel not in uit
        uit[sleutel] = (m.waarde, m.basis)
    return uit


def verwacht(maat, per_eenheid, uitsplitsingen=("",)):
    """Expected values {eenheid: {uitsplitsing: (waarde, basis)}} in bereken's shape; an uitsplitsing left out of a
    unit's dict is expected as (None, 0)."""
    return {
        (niveau, eenheid, u, maat): per_eenheid.get(eenheid, {}).get(u, (None, 0))
        for niveau, eenheid in EENHEDEN
        for u in uitsplitsingen
    }


ALLE = ("Winterswijk", "Aalten", "Doetinchem", "Berkelland")


def test_the_moves_left_what_the_service_leaves(data):
    m2, nieuw = data.statushouders["M2"], data.statushouders["M2-nieuw"]
    m2.refresh_from_db()
    assert (m2.status, m2.eindreden, m2.einddatum) == ("afgerond", "verhuisd", d(2026, 3, 1))
    assert (nieuw.gemeente.cbs_code, nieuw.huisvesting_datum) == (D, d(2026, 3, 1))
    assert (nieuw.intake_start_datum, nieuw.pip_dagtekening) == (d(2026, 1, 5), d(2026, 2, 1))  # copied


def test_i1_instroom(data):
    # W: W1, W3 (W7 on 31 Dec, M2's new case in D is a move); A: A1–A4; D: D1–D4 (D5 on 1 April); region 10 of
    # 161.300 inwoners.
    assert bereken("I1", Q1, data.pks(*ALLE)) == (
        verwacht("aantal", {W: {"": (2, 2)}, A: {"": (4, 4)}, D: {"": (4, 4)}, B: {"": (0, 0)},
                            REGIO: {"": (10, 10)}})
        | verwacht("per_1000", {W: {"": (0.07, 2)}, A: {"": (0.14, 4)}, D: {"": (0.07, 4)}, B: {"": (0.0, 0)},
                                REGIO: {"": (0.06, 10)}})
    )  # fmt: skip


JAREN = ("2022", "2023", "2024", "2025", "2026")


def test_i1b_intake_gestart(data):
    # Cohort 2025 in W: W1–W5, W7, M (moves after Q1); not M2 (moved to D on 1 March), not W6 (oude wet).
    # Intake by 31 March: all but W7 (1 April). D 2025: D1, D2, D5 and M2's new case (its intake travelled along).
    assert bereken("I1b", Q1, data.pks(*ALLE)) == verwacht("percentage", {
        W: {"2025": (85.7, 7)},
        A: {"2024": (100.0, 1), "2025": (100.0, 2), "2026": (0.0, 1)},
        D: {"2023": (100.0, 1), "2024": (100.0, 1), "2025": (75.0, 4)},
        REGIO: {"2023": (100.0, 1), "2024": (100.0, 2), "2025": (84.6, 13), "2026": (0.0, 1)},
    }, JAREN)  # fmt: skip


def test_i1c_zonder_pip(data):
    assert bereken("I1c", Q1, data.pks(*ALLE)) == verwacht("percentage", {
        W: {"2025": (28.6, 7)},  # W3, W7
        A: {"2024": (100.0, 1), "2025": (0.0, 2), "2026": (100.0, 1)},
        D: {"2023": (100.0, 1), "2024": (0.0, 1), "2025": (75.0, 4)},  # D1, D2, D5 (M2 has its PIP)
        REGIO: {"2023": (100.0, 1), "2024": (50.0, 2), "2025": (38.5, 13), "2026": (100.0, 1)},
    }, JAREN)  # fmt: skip


def test_i2_huisvesting_intake(data):
    # W: W1 10, W3 −7 (intake in the AZC), M2 35 → 10. A: A1 14, A2 20, A4 10 → 14. D: D1 3, D2 8, D3 13, D4 30
    # → 10.5, rounded half up to 11 (M2's new case is not a new intake). Region: −7 3 8 10 10 13 14 20 30 35 → 11.5.
    assert bereken("I2", Q1, data.pks(*ALLE)) == verwacht(
        "mediaan", {W: {"": (10, 3)}, A: {"": (14, 3)}, D: {"": (11, 4)}, REGIO: {"": (12, 10)}}
    )


def lessen(data, naam, *datums, soort="les", status="aanwezig"):
    """An enrolment of statushouder `naam` with a lesson (or another attendance) on each date."""
    sh = data.statushouders[naam]
    b1 = Leerroute.objects.get(code="b1")
    inschrijving = InschrijvingFactory(statushouder=sh, organisatie=data.aanbieder["b1"], leerroute=b1)
    for datum in datums:
        AanwezigheidFactory(inschrijving=inschrijving, datum=datum, soort=soort, status=status)


def i2b_lessen(data):
    lessen(data, "W1", d(2026, 1, 20), status="ongeoorloofd_afwezig")
    lessen(data, "W1", d(2026, 2, 1), d(2026, 2, 8))
    lessen(data, "W2", d(2025, 12, 15), d(2026, 1, 10))
    lessen(data, "A2", d(2026, 2, 5), soort="participatie")
    lessen(data, "A2", d(2026, 3, 1))
    lessen(data, "M2", d(2026, 2, 10))
    lessen(data, "M2-nieuw", d(2026, 3, 15))
    lessen(data, "M-nieuw", d(2026, 5, 20))


@pytest.mark.parametrize("niveaus", [("regio",), ("land",), ("gemeente", "regio")])
def test_i2b_trend_in_one_query_gives_the_figures_of_each_month(data, niveaus):
    """The trend's twelve months from one query (grouped by the month of the first lesson) equal I2b computed month
    by month: months with first lessons (December, February, March, May), months without, and the moves."""
    i2b_lessen(data)
    maanden = Periode.kwartaal(2026, 2).maanden(12)
    samen = REGISTER["I2b"].trend(maanden, data.pks(*ALLE), niveaus=niveaus, db="default")
    los = [REGISTER["I2b"].bereken(m, data.pks(*ALLE), niveaus=niveaus, db="default") for m in maanden]
    assert [sorted(map(str, m)) for m in samen] == [sorted(map(str, m)) for m in los]
    assert sum(m.waarde for maand in samen for m in maand if m.maat == "aantal" and m.niveau != "gemeente") == 5


def test_i2b_huisvesting_eerste_les(data):
    """W1: a missed lesson on 20 January (no minutes) and the first one attended on 1 February, 22 days after the
    huisvesting. W2: the first lesson in December, before Q1. A2: a participation activity first, the first lesson
    on 1 March, 28 days. M2: the first lesson in Winterswijk on 10 February (71 days), moves to Doetinchem on 1 March:
    the lesson there is not a first one. M: moves to Aalten on 1 May, first lesson there in May (Q2), counted from the
    new case's huisvesting (the move)."""
    i2b_lessen(data)
    dagen_m = (d(2026, 5, 20) - data.statushouders["M-nieuw"].huisvesting_datum).days
    assert dagen_m == 19

    q1 = bereken("I2b", Q1, data.pks(*ALLE))
    assert {k: v for k, v in q1.items() if k[3] == "mediaan"} == verwacht(
        "mediaan", {W: {"": (47, 2)}, A: {"": (28, 1)}, REGIO: {"": (28, 3)}}
    )  # W: 22 and 71 → 46.5, half up
    assert {k: v for k, v in q1.items() if k[3] == "aantal"} == verwacht(
        "aantal", {W: {"": (2, 2)}, A: {"": (1, 1)}, D: {"": (0, 0)}, B: {"": (0, 0)}, REGIO: {"": (3, 3)}}
    )
    q2 = bereken("I2b", Periode.kwartaal(2026, 2), data.pks(*ALLE))
    assert q2["gemeente", A, "", "mediaan"] == (19, 1) and q2["regio", REGIO, "", "mediaan"] == (19, 1)
    with connection.cursor() as cursor:
        for periode in (Q1, Periode.kwartaal(2026, 2)):
            handgeschreven = handgeschreven_instroom.per_indicator(cursor, periode)["I2b"]
            assert bereken("I2b", periode, [g.pk for g in data.regio.gemeenten.values()]) == {
                (m.niveau, m.eenheid, m.uitsplitsing, m.maat): (m.waarde, m.basis) for m in handgeschreven
            }


def test_i3_intake_pip(data):
    # W: M2 27, W1 49, W5 76, W2 123, W4 167 → 76. A: A2 27, A1 28 → 27.5 → 28. D: D3 45 (M2's copy is not a
    # vaststelling in Doetinchem). Region: 27 27 28 45 49 76 123 167 → 47.
    assert bereken("I3", Q1, data.pks(*ALLE)) == verwacht(
        "mediaan", {W: {"": (76, 5)}, A: {"": (28, 2)}, D: {"": (45, 1)}, REGIO: {"": (47, 8)}}
    )


def test_i4_pip_binnen_norm(data):
    # W: W1 in (21 March), W2 late (10 Dec), W4 in (override 31 Jan), M2 in (9 Feb); W5 has no deadline.
    # A (8 weeks): A1 late (9 Feb; with 10 weeks it would be in time), A2 in (29 March). D: D3 in (12 April).
    assert bereken("I4", Q1, data.pks(*ALLE)) == verwacht(
        "percentage", {W: {"": (75.0, 4)}, A: {"": (50.0, 2)}, D: {"": (100.0, 1)}, REGIO: {"": (71.4, 7)}}
    )


ROUTES = ("b1", "onderwijs", "z")


def test_i5_routeverdeling_at_the_end_of_the_quarter(data):
    # W: W1 b1, W2 z (switched on 20 March), W4 onderwijs, W5 z, M2 b1. A: A1 z, A2 b1. D: D3 b1.
    assert bereken("I5", Q1, data.pks(*ALLE)) == verwacht("percentage", {
        W: {"b1": (40.0, 5), "onderwijs": (20.0, 5), "z": (40.0, 5)},
        A: {"b1": (50.0, 2), "onderwijs": (0.0, 2), "z": (50.0, 2)},
        D: {"b1": (100.0, 1), "onderwijs": (0.0, 1), "z": (0.0, 1)},
        REGIO: {"b1": (50.0, 8), "onderwijs": (12.5, 8), "z": (37.5, 8)},
    }, ROUTES)  # fmt: skip


def test_i5_route_switch_does_not_rewrite_the_month_before(data):
    # February: vastgesteld W2 (still b1 on 28 February), M2 b1, A1 z. The switch of 20 March shows in March's
    # quarter (above), not here.
    assert bereken("I5", Periode.maand(2026, 2), data.pks(*ALLE)) == verwacht("percentage", {
        W: {"b1": (100.0, 2), "onderwijs": (0.0, 2), "z": (0.0, 2)},
        A: {"b1": (0.0, 1), "onderwijs": (0.0, 1), "z": (100.0, 1)},
        REGIO: {"b1": (66.7, 3), "onderwijs": (0.0, 3), "z": (33.3, 3)},
    }, ROUTES)  # fmt: skip


def test_i5_a_route_switch_is_not_a_new_vaststelling(data):
    # March, the month of W2's switch: W2's versie 2 does not bring it into March's PIPs (its first PIP was of
    # February). Vastgesteld in March: W1 b1, W5 z, A2 b1, D3 b1.
    assert bereken("I5", Periode.maand(2026, 3), data.pks(*ALLE)) == verwacht("percentage", {
        W: {"b1": (50.0, 2), "onderwijs": (0.0, 2), "z": (50.0, 2)},
        A: {"b1": (100.0, 1), "onderwijs": (0.0, 1), "z": (0.0, 1)},
        D: {"b1": (100.0, 1), "onderwijs": (0.0, 1), "z": (0.0, 1)},
        REGIO: {"b1": (75.0, 4), "onderwijs": (0.0, 4), "z": (25.0, 4)},
    }, ROUTES)  # fmt: skip


def test_a_move_counts_in_the_old_gemeente_until_the_move_and_in_the_new_one_after(data):
    pks = data.pks(*ALLE)
    januari, q2 = Periode.maand(2026, 1), Periode.kwartaal(2026, 2)
    # January, before M2's move: M2 is in Winterswijk's cohort 2025 (8 with W1–W5, W7, M; intake 7 by 31 Jan), not
    # in Doetinchem's (D1, D2, D5; intake D1, D2). Region: with A1 (intake) and A2 (not yet), 10 of 13.
    jan = bereken("I1b", januari, pks)
    assert jan["gemeente", W, "2025", "percentage"] == (87.5, 8)
    assert jan["gemeente", D, "2025", "percentage"] == (66.7, 3)
    assert jan["regio", REGIO, "2025", "percentage"] == (76.9, 13)
    # Q2, after M's move on 1 May: M counts in Aalten (A1, A2, M), no longer in Winterswijk (W1–W5, W7; W7's intake
    # on 1 April now counts). Its new case's huisvesting on 1 May is not instroom; D5's on 1 April is.
    i1b = bereken("I1b", q2, pks)
    assert (i1b["gemeente", W, "2025", "percentage"], i1b["gemeente", A, "2025", "percentage"]) == (
        (100.0, 6), (100.0, 3))  # fmt: skip
    i1 = bereken("I1", q2, pks)
    assert [i1["gemeente", g, "", "aantal"] for g in (W, A, D)] == [(0, 0), (0, 0), (1, 1)]


def test_a_period_without_data_reports_every_gemeente_and_the_region(data):
    leeg = Periode.maand(2022, 1)  # only W6 has a vergunning by then, under the old law
    pks = data.pks(*ALLE)
    assert bereken("I1", leeg, pks) == verwacht("aantal", {e: {"": (0, 0)} for _, e in EENHEDEN}) | verwacht(
        "per_1000", {e: {"": (0.0, 0)} for _, e in EENHEDEN}
    )
    assert bereken("I1b", leeg, pks) == verwacht("percentage", {}, ("2022",))
    assert bereken("I1c", leeg, pks) == verwacht("percentage", {}, ("2022",))
    assert bereken("I2", leeg, pks) == verwacht("mediaan", {})
    assert bereken("I3", leeg, pks) == verwacht("mediaan", {})
    assert bereken("I4", leeg, pks) == verwacht("percentage", {})
    assert bereken("I5", leeg, pks) == verwacht("percentage", {}, ROUTES)


def test_only_the_requested_levels_and_gemeenten(data):
    """The trend asks for the region only; a report of two gemeenten has a region of those two."""
    assert bereken("I1", Q1, data.pks(*ALLE), niveaus=("regio",)) == {
        ("regio", REGIO, "", "aantal"): (10, 10), ("regio", REGIO, "", "per_1000"): (0.06, 10)}  # fmt: skip
    assert bereken("I3", Q1, data.pks("Aalten", "Doetinchem")) == {
        ("gemeente", A, "", "mediaan"): (28, 2), ("gemeente", D, "", "mediaan"): (45, 1),
        ("regio", REGIO, "", "mediaan"): (28, 3)}  # fmt: skip


def test_pip_deadline_in_sql_agrees_with_cases_deadlines(data):
    qs = Statushouder.objects.select_related("gemeente").annotate(deadline=pip_deadline())
    assert {s.pk: s.deadline for s in qs} == {s.pk: pip_deadline_python(s) for s in qs}
    per_naam = {s.pk: s.deadline for s in qs}
    assert [per_naam[data.statushouders[n].pk] for n in ("W1", "W4", "W5", "A1")] == [
        d(2026, 3, 21), d(2026, 1, 31), None, d(2026, 2, 9)]  # fmt: skip


def test_rounding_is_half_up_and_exact():
    """Python's round() gives 10, -10 and 6.2 here, and 14 for 29 of 200 (the float 100 * 29 / 200 is below 14.5)."""
    assert [afronden(10.5, 0), afronden(-10.5, 0), afronden(6.25, 1), aandeel(29, 200, 1)] == [11, -11, 6.3, 14.5]
    assert afronden(Fraction(100 * 29, 200), 0) == 15


def test_cohort_definition_is_part_of_both_definitions():
    for code in ("I1b", "I1c"):
        assert REGISTER[code].definitie.count("Cohort: de statushouders onder de Wet inburgering 2021") == 1


@pytest.mark.parametrize(
    "periode",
    [Q1, Periode.maand(2026, 2), Periode.kwartaal(2026, 2), Periode.jaar(2026), Periode.maand(2022, 1)],
    ids=lambda p: p.label,
)
def test_hand_written_sql_gives_the_same_metingen(data, periode):
    alle_gemeenten = [g.pk for g in data.regio.gemeenten.values()]
    with connection.cursor() as cursor:
        handgeschreven = handgeschreven_instroom.per_indicator(cursor, periode)
        plat = handgeschreven_instroom.metingen(cursor, periode)

    def tupels(metingen):
        return Counter(
            (m.niveau, m.eenheid, m.uitsplitsing, m.maat,
             round(m.waarde, 6) if isinstance(m.waarde, float) else m.waarde, m.basis)
            for m in metingen
        )  # fmt: skip

    orm = {
        code: list(REGISTER[code].bereken(periode, alle_gemeenten, niveaus=("gemeente", "regio"), db="default"))
        for code in CODES
    }
    assert sorted(handgeschreven) == sorted(CODES)
    for code in CODES:
        assert tupels(handgeschreven[code]) == tupels(orm[code]), code
    assert tupels(plat) == tupels(m for lijst in orm.values() for m in lijst)
    assert len(orm["I1"]) == 2 * 9  # eight gemeenten and the region, two measures each
