"""Deadlines on worked examples from DOMAIN.md (requirements 2 and 3, schakelen, follow-ups)."""

import datetime as dt

import pytest

from cases import deadlines
from tests.factories import StatushouderFactory

D = dt.date


@pytest.mark.parametrize(
    ("kennisgeving", "brp", "expected"),
    [
        (D(2025, 1, 6), D(2025, 2, 10), D(2025, 4, 21)),  # BRP later: BRP + 10 weeks
        (D(2025, 3, 3), D(2025, 2, 10), D(2025, 5, 12)),  # kennisgeving later: kennisgeving + 10 weeks
        (D(2025, 3, 3), None, D(2025, 5, 12)),  # only one date known
        (None, None, None),  # nothing to count from yet
    ],
)
@pytest.mark.django_db
def test_pip_deadline_is_later_of_kennisgeving_and_brp_plus_10_weeks(winterswijk, kennisgeving, brp, expected):
    sh = StatushouderFactory.build(gemeente=winterswijk, kennisgeving_datum=kennisgeving, brp_inschrijving_datum=brp)
    assert deadlines.pip_deadline(sh) == expected


@pytest.mark.django_db
def test_pip_deadline_override_and_gemeente_norm(winterswijk):
    sh = StatushouderFactory.build(gemeente=winterswijk, kennisgeving_datum=D(2025, 1, 6), brp_inschrijving_datum=None)
    winterswijk.pip_termijn_weken = 12
    assert deadlines.pip_deadline(sh) == D(2025, 3, 31)
    sh.pip_deadline_afwijking, sh.pip_deadline_afwijking_reden = D(2025, 6, 1), "wacht op medische informatie"
    assert deadlines.pip_deadline(sh) == D(2025, 6, 1)


@pytest.mark.parametrize(
    ("dagtekening", "verlenging", "expected"),
    [
        (D(2023, 3, 14), 0, D(2026, 3, 15)),  # termijn starts 15 March 2023, three years on
        (D(2023, 3, 14), 6, D(2026, 9, 15)),  # plus a DUO extension of 6 months
        (D(2023, 3, 14), 18, D(2027, 9, 15)),  # extensions add up
        (D(2023, 12, 31), 0, D(2027, 1, 1)),  # the day after crosses the year
        (D(2024, 2, 28), 0, D(2027, 2, 28)),  # starts on 29 February 2024; no 29 February in 2027
    ],
)
def test_termijn_einde(dagtekening, verlenging, expected):
    assert deadlines.termijn_einde(dagtekening, verlenging) == expected


def test_schakelen_only_within_18_months_of_termijn_start():
    assert deadlines.schakelen_uiterlijk(D(2023, 3, 14)) == D(2024, 9, 14)  # termijn from 15-03-2023: 1.5 years


def test_voortgangsgesprek_and_follow_ups():
    assert deadlines.volgend_voortgangsgesprek(D(2025, 1, 6)) == D(2025, 4, 7)  # 13 weeks
    assert deadlines.follow_ups(D(2025, 4, 1)) == [(6, D(2025, 10, 1)), (12, D(2026, 4, 1)), (24, D(2027, 4, 1))]
    assert deadlines.ontzorgen_vroegst_einde(D(2025, 2, 1)) == D(2025, 8, 1)
