"""The caseload signals with worked dates: the SQL filter and the per-row rule must agree."""

import datetime as dt

import pytest

from cases import deadlines, signals
from cases.models import Statushouder
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _rij(sh, vandaag):
    return signals.annoteer(
        Statushouder.objects.filter(pk=sh.pk).annotate(pip_deadline=signals.pip_deadline_expressie()), vandaag
    ).get()


def _heeft(sh, code, vandaag) -> bool:
    """Evaluate the signal both ways and insist they agree."""
    in_sql = signals.filter_op(Statushouder.objects.filter(pk=sh.pk), code, vandaag).exists()
    per_rij = code in [s.code for s in signals.signalen_voor(_rij(sh, vandaag), vandaag)]
    assert in_sql == per_rij, (code, vandaag, in_sql, per_rij)
    return in_sql


@pytest.fixture
def wacht_op_pip(winterswijk):
    # deadline: max(1 Sep, 20 Sep 2026) + 10 weeks = 29 Nov 2026
    return StatushouderFactory(
        gemeente=winterswijk,
        status="intake",
        intake_start_datum=D(2026, 10, 1),
        verblijfsvergunning_datum=D(2026, 8, 1),
        koppeling_datum=D(2026, 8, 10),
        kennisgeving_datum=D(2026, 9, 1),
        brp_inschrijving_datum=D(2026, 9, 20),
        huisvesting_datum=D(2026, 9, 20),
    )


def test_registry_has_labels_and_severity():
    assert set(signals.SIGNALEN) >= {"pip_deadline", "termijn"}
    for signaal in signals.SIGNALEN.values():
        assert str(signaal.label) and signaal.ernst in ("info", "waarschuwing", "urgent")
    assert ("pip_deadline", "PIP-deadline nadert") in [(c, str(label)) for c, label in signals.keuzes()]


def test_pip_deadline_in_sql_equals_deadlines_module(wacht_op_pip):
    assert _rij(wacht_op_pip, D(2026, 11, 24)).pip_deadline == D(2026, 11, 29) == deadlines.pip_deadline(wacht_op_pip)


def test_pip_deadline_signal_two_weeks_before(wacht_op_pip):
    assert not _heeft(wacht_op_pip, "pip_deadline", D(2026, 11, 14))  # 15 days left
    assert _heeft(wacht_op_pip, "pip_deadline", D(2026, 11, 15))  # exactly 2 weeks left
    assert _heeft(wacht_op_pip, "pip_deadline", D(2026, 11, 24))  # 5 days left
    assert _heeft(wacht_op_pip, "pip_deadline", D(2027, 1, 5))  # passed


def test_pip_deadline_signal_follows_the_gemeentes_weeks(wacht_op_pip, winterswijk):
    winterswijk.pip_termijn_weken = 12  # deadline 13 Dec 2026
    winterswijk.save()
    assert _rij(wacht_op_pip, D(2026, 11, 24)).pip_deadline == D(2026, 12, 13)
    assert not _heeft(wacht_op_pip, "pip_deadline", D(2026, 11, 28))
    assert _heeft(wacht_op_pip, "pip_deadline", D(2026, 11, 29))


def test_pip_deadline_signal_follows_a_recorded_override(wacht_op_pip):
    wacht_op_pip.pip_deadline_afwijking = D(2027, 1, 31)
    wacht_op_pip.pip_deadline_afwijking_reden = "ziekenhuisopname"
    wacht_op_pip.save()
    assert not _heeft(wacht_op_pip, "pip_deadline", D(2026, 12, 1))
    assert _heeft(wacht_op_pip, "pip_deadline", D(2027, 1, 17))


def test_no_pip_deadline_signal_once_vastgesteld_or_without_dates(winterswijk):
    vastgesteld = StatushouderFactory(
        gemeente=winterswijk,
        status="in_uitvoering",
        intake_start_datum=D(2025, 3, 1),
        pip_dagtekening=D(2025, 4, 1),
        termijn_einde=D(2028, 4, 2),
    )
    zonder_data = StatushouderFactory(gemeente=winterswijk, kennisgeving_datum=None, brp_inschrijving_datum=None)
    assert not _heeft(vastgesteld, "pip_deadline", D(2026, 11, 24))
    assert not _heeft(zonder_data, "pip_deadline", D(2026, 11, 24))


@pytest.mark.parametrize(
    ("termijn_einde", "verwacht"),
    [
        (D(2027, 5, 20), True),  # 24 Nov 2026 + 6 months = 24 May 2027: less than 6 months left
        (D(2027, 5, 24), False),  # exactly 6 months left
        (D(2026, 10, 1), True),  # already passed and not finished
        (D(2028, 1, 1), False),
    ],
)
def test_termijn_signal(winterswijk, termijn_einde, verwacht):
    sh = StatushouderFactory(
        gemeente=winterswijk,
        status="in_uitvoering",
        intake_start_datum=D(2024, 12, 1),
        pip_dagtekening=D(2025, 1, 15),
        termijn_einde=termijn_einde,
    )
    assert _heeft(sh, "termijn", D(2026, 11, 24)) is verwacht


def test_no_termijn_signal_when_suspended(winterswijk):
    sh = StatushouderFactory(
        gemeente=winterswijk,
        status="opgeschort",
        status_voor_opschorting="in_uitvoering",
        opschort_reden="ziekte",
        intake_start_datum=D(2024, 12, 1),
        pip_dagtekening=D(2025, 1, 15),
        termijn_einde=D(2027, 1, 1),
    )
    assert not _heeft(sh, "termijn", D(2026, 11, 24))
