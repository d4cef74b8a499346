"""The caseload signals with worked dates: the SQL filter and the per-row rule must agree."""

import datetime as dt

import pytest

from cases import deadlines, signals
from cases.models import Statushouder
from tests.factories import AanwezigheidFactory, InschrijvingFactory, StatushouderFactory, VoortgangsgesprekFactory

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
    assert not _heeft(wacht_op_pip, "pip_deadline", D(2027, 1, 5))  # passed: that reads "verstreken"
    assert _heeft(wacht_op_pip, "pip_deadline_verstreken", D(2027, 1, 5))


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
        (D(2026, 11, 24), True),  # the last day still reads "loopt af"
        (D(2026, 10, 1), False),  # already passed: that reads "verstreken"
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


# ---------------------------------------------------------------------------------------------------
# Issue 4: every rule the day before, on and after its threshold, and the date and sentence of each row


def _melding(sh, code, vandaag):
    """The (date, explanation) of signal `code` on this case, as the Vandaag list shows it."""
    [melding] = [m for m in signals.meldingen_voor(_rij(sh, vandaag), vandaag) if m.signaal.code == code]
    return melding.datum, melding.toelichting


PIP_DAGTEKENING = D(2026, 8, 1)


@pytest.fixture
def in_uitvoering(winterswijk):
    def make(**fields):
        dagtekening = fields.setdefault("pip_dagtekening", PIP_DAGTEKENING)
        standaard = {"status": "in_uitvoering", "intake_start_datum": dagtekening, "termijn_einde": D(2029, 8, 2)}
        return StatushouderFactory(gemeente=winterswijk, **{**standaard, **fields})

    return make


def test_registry_has_the_signals_of_issue_4():
    verwacht = {
        "pip_deadline": "urgent",
        "pip_deadline_verstreken": "urgent",
        "termijn": "waarschuwing",
        "termijn_verstreken": "urgent",
        "gesprek_te_laat": "waarschuwing",
        "verzuim": "urgent",
        "lang_geoorloofd_afwezig": "info",
        "geen_inschrijving": "waarschuwing",
        "ontzorgen": "info",
        "handhaving": "waarschuwing",
    }
    # in this order (other signals may come in between)
    assert [code for code in signals.SIGNALEN if code in verwacht] == list(verwacht)
    assert {code: s.ernst for code, s in signals.SIGNALEN.items() if code in verwacht} == verwacht
    assert all(str(s.actie) for s in signals.SIGNALEN.values())


def test_pip_deadline_row_date_and_explanation(wacht_op_pip):
    assert _melding(wacht_op_pip, "pip_deadline", D(2026, 11, 24)) == (
        D(2026, 11, 29),
        "PIP uiterlijk 29-11-2026 vaststellen",
    )
    assert _melding(wacht_op_pip, "pip_deadline_verstreken", D(2026, 11, 30)) == (
        D(2026, 11, 29),
        "PIP-deadline 29-11-2026 verstreken",
    )


def test_pip_deadline_on_and_after_the_deadline_itself(wacht_op_pip):
    """The last day reads "nadert", the first day after "verstreken", never both."""
    for vandaag, nadert, verstreken in (
        (D(2026, 11, 28), True, False),
        (D(2026, 11, 29), True, False),  # the deadline itself
        (D(2026, 11, 30), False, True),  # the first day after
    ):
        assert _heeft(wacht_op_pip, "pip_deadline", vandaag) is nadert
        assert _heeft(wacht_op_pip, "pip_deadline_verstreken", vandaag) is verstreken
    assert str(signals.SIGNALEN["pip_deadline_verstreken"].label) == "PIP-deadline verstreken"


def test_pip_deadline_verstreken_follows_a_recorded_longer_deadline(wacht_op_pip):
    wacht_op_pip.pip_deadline_afwijking = D(2027, 1, 31)
    wacht_op_pip.pip_deadline_afwijking_reden = "wacht op medische informatie"
    wacht_op_pip.save()
    assert not _heeft(wacht_op_pip, "pip_deadline_verstreken", D(2026, 12, 1))  # the legal one has passed
    assert _heeft(wacht_op_pip, "pip_deadline", D(2027, 1, 31))
    assert not _heeft(wacht_op_pip, "pip_deadline_verstreken", D(2027, 1, 31))
    assert _melding(wacht_op_pip, "pip_deadline_verstreken", D(2027, 2, 1)) == (
        D(2027, 1, 31),
        "PIP-deadline 31-01-2027 verstreken (verlengd: wacht op medische informatie)",
    )


@pytest.mark.parametrize(
    ("vandaag", "verwacht"),
    [(D(2026, 11, 23), False), (D(2026, 11, 24), False), (D(2026, 11, 25), True)],  # 6 months before 24-05-2027
)
def test_termijn_signal_day_before_on_after(in_uitvoering, vandaag, verwacht):
    sh = in_uitvoering(pip_dagtekening=D(2025, 1, 15), termijn_einde=D(2027, 5, 24))
    assert _heeft(sh, "termijn", vandaag) is verwacht


def test_termijn_row_date_and_explanation(in_uitvoering):
    sh = in_uitvoering(pip_dagtekening=D(2025, 1, 15), termijn_einde=D(2027, 5, 24))
    assert _melding(sh, "termijn", D(2026, 12, 1)) == (D(2027, 5, 24), "inburgeringstermijn eindigt op 24-05-2027")
    assert _melding(sh, "termijn_verstreken", D(2027, 6, 1)) == (
        D(2027, 5, 24),
        "inburgeringstermijn verstreken op 24-05-2027",
    )


def test_termijn_on_and_after_its_last_day(in_uitvoering):
    """A passed termijn no longer reads "loopt af" (the label said the end was coming when it had passed): the
    last day is "loopt af", the day after "verstreken", never both; not for a case that is no longer running."""
    sh = in_uitvoering(pip_dagtekening=D(2025, 1, 15), termijn_einde=D(2027, 5, 24))
    for vandaag, loopt_af, verstreken in (
        (D(2027, 5, 23), True, False),
        (D(2027, 5, 24), True, False),
        (D(2027, 5, 25), False, True),
    ):
        assert _heeft(sh, "termijn", vandaag) is loopt_af
        assert _heeft(sh, "termijn_verstreken", vandaag) is verstreken
    assert str(signals.SIGNALEN["termijn_verstreken"].label) == "Termijn verstreken"
    sh.status, sh.status_voor_opschorting, sh.opschort_reden = "opgeschort", "in_uitvoering", "ziekte"
    sh.save()
    assert not _heeft(sh, "termijn_verstreken", D(2027, 5, 25))


def test_no_deadline_signal_that_reads_as_coming_has_a_passed_date(in_uitvoering, wacht_op_pip):
    """Every signal whose label says a date is coming ("nadert", "loopt af") shows only dates not yet passed."""
    komend = [code for code, s in signals.SIGNALEN.items() if "nadert" in str(s.label) or "loopt af" in str(s.label)]
    assert {"pip_deadline", "termijn", "ontzorgen"} <= set(komend)
    verlopen = in_uitvoering(
        pip_dagtekening=D(2025, 3, 1), termijn_einde=D(2026, 1, 16), bijstand_start_datum=D(2025, 4, 1)
    )
    for sh in (verlopen, wacht_op_pip):
        vandaag = D(2027, 3, 1)
        for melding in signals.meldingen_voor(_rij(sh, vandaag), vandaag):
            if melding.signaal.code in komend and melding.datum is not None:
                assert melding.datum >= vandaag, (melding.signaal.code, melding.datum)


# gesprek_te_laat ------------------------------------------------------------------------------------


def test_gesprek_te_laat_13_weeks_after_the_pip_without_any_gesprek(in_uitvoering):
    sh = in_uitvoering(pip_dagtekening=D(2026, 8, 1))  # first gesprek due 31-10-2026
    assert not _heeft(sh, "gesprek_te_laat", D(2026, 10, 30))
    assert not _heeft(sh, "gesprek_te_laat", D(2026, 10, 31))
    assert _heeft(sh, "gesprek_te_laat", D(2026, 11, 1))
    assert _melding(sh, "gesprek_te_laat", D(2026, 11, 24)) == (
        D(2026, 10, 31),
        "geen gesprek sinds het PIP van 01-08-2026, het eerste moest uiterlijk 31-10-2026",
    )


def test_gesprek_te_laat_counts_from_the_latest_gesprek_held(in_uitvoering):
    sh = in_uitvoering(pip_dagtekening=D(2026, 3, 1))
    VoortgangsgesprekFactory(statushouder=sh, gepland_op=D(2026, 5, 30), gehouden_op=D(2026, 6, 1))
    VoortgangsgesprekFactory(statushouder=sh, gepland_op=D(2026, 8, 28), gehouden_op=D(2026, 9, 1))  # due 1-12
    assert not _heeft(sh, "gesprek_te_laat", D(2026, 11, 30))
    assert not _heeft(sh, "gesprek_te_laat", D(2026, 12, 1))
    assert _heeft(sh, "gesprek_te_laat", D(2026, 12, 2))
    assert _melding(sh, "gesprek_te_laat", D(2026, 12, 2)) == (
        D(2026, 12, 1),
        "laatste gesprek op 01-09-2026, het volgende moest uiterlijk 01-12-2026",
    )


def test_gesprek_te_laat_when_a_planned_gesprek_was_not_held(in_uitvoering):
    sh = in_uitvoering(pip_dagtekening=D(2026, 10, 1))  # 13 weeks: 31-12-2026, not yet due
    gesprek = VoortgangsgesprekFactory(statushouder=sh, gepland_op=D(2026, 11, 20))
    assert not _heeft(sh, "gesprek_te_laat", D(2026, 11, 19))
    assert not _heeft(sh, "gesprek_te_laat", D(2026, 11, 20))
    assert _heeft(sh, "gesprek_te_laat", D(2026, 11, 21))
    assert _melding(sh, "gesprek_te_laat", D(2026, 11, 24)) == (
        D(2026, 11, 20),
        "gesprek gepland op 20-11-2026 niet gehouden",
    )
    gesprek.gehouden_op = D(2026, 11, 23)
    gesprek.save()
    assert not _heeft(sh, "gesprek_te_laat", D(2026, 11, 24))


def test_gesprek_te_laat_a_planned_future_gesprek_does_not_hide_an_overdue_one(in_uitvoering):
    sh = in_uitvoering(pip_dagtekening=D(2026, 3, 1))
    VoortgangsgesprekFactory(statushouder=sh, gepland_op=D(2026, 12, 10))
    assert _heeft(sh, "gesprek_te_laat", D(2026, 11, 24))  # nothing held since 01-03: due 31-05-2026
    assert _melding(sh, "gesprek_te_laat", D(2026, 11, 24))[0] == D(2026, 5, 31)


def test_gesprek_te_laat_follows_the_gemeentes_weeks(in_uitvoering, winterswijk):
    winterswijk.voortgangsgesprek_weken = 8
    winterswijk.save()
    sh = in_uitvoering(pip_dagtekening=D(2026, 8, 1))  # 8 weeks: 26-09-2026
    assert not _heeft(sh, "gesprek_te_laat", D(2026, 9, 25))
    assert not _heeft(sh, "gesprek_te_laat", D(2026, 9, 26))
    assert _heeft(sh, "gesprek_te_laat", D(2026, 9, 27))
    assert _rij(sh, D(2026, 9, 27)).gesprek_uiterlijk == deadlines.volgend_voortgangsgesprek(D(2026, 8, 1), winterswijk)


def test_gesprek_te_laat_only_in_uitvoering(in_uitvoering):
    sh = in_uitvoering(status="opgeschort", status_voor_opschorting="in_uitvoering", opschort_reden="ziekte")
    VoortgangsgesprekFactory(statushouder=sh, gepland_op=D(2026, 9, 1))
    assert not _heeft(sh, "gesprek_te_laat", D(2026, 11, 24))


# verzuim --------------------------------------------------------------------------------------------


@pytest.fixture
def les(achterhoek):
    """Store attendance rows for a case (one enrolment at TopTaal per case)."""
    from leerroutes.models import Inschrijving, Leerroute

    def add(sh, datum, status="aanwezig", **fields):
        inschrijving = Inschrijving.objects.filter(statushouder=sh).first() or InschrijvingFactory(
            statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="b1")
        )
        return AanwezigheidFactory(inschrijving=inschrijving, datum=datum, status=status, **fields)

    return add


@pytest.mark.parametrize(
    ("aanwezig", "verwacht"),
    [(400, False), (399, True), (395, True)],  # of 500 planned minutes: 80%, 79.8%, 79%
)
def test_verzuim_below_80_percent(in_uitvoering, les, aanwezig, verwacht):
    sh = in_uitvoering()
    for dag, minuten in enumerate([100, 100, 100, aanwezig - 300, 0]):
        les(sh, D(2026, 11, 10 + dag), geplande_minuten=100, aanwezige_minuten=minuten, status="aanwezig")
    assert _heeft(sh, "verzuim", D(2026, 11, 24)) is verwacht


def test_verzuim_row_explains_the_percentage(in_uitvoering, les):
    sh = in_uitvoering()
    for dag, minuten in enumerate([100, 100, 62, 0]):
        les(sh, D(2026, 11, 10 + dag), geplande_minuten=100, aanwezige_minuten=minuten)
    # 262 of 400 minutes: 65.5%, shown rounded down; the date is the latest lesson
    assert _melding(sh, "verzuim", D(2026, 11, 24)) == (D(2026, 11, 13), "65% aanwezig in de laatste 4 weken")


def test_verzuim_window_is_the_last_28_days(in_uitvoering, les):
    sh = in_uitvoering()
    les(sh, D(2026, 10, 1), geplande_minuten=100, aanwezige_minuten=0, status="ongeoorloofd_afwezig")
    # the lesson of 01-10 counts from 01-10 up to and including 28-10 (vandaag - 28 days < datum <= vandaag)
    assert not _heeft(sh, "verzuim", D(2026, 9, 30))  # not yet given
    assert _heeft(sh, "verzuim", D(2026, 10, 1))
    assert _heeft(sh, "verzuim", D(2026, 10, 28))
    assert not _heeft(sh, "verzuim", D(2026, 10, 29))


def test_verzuim_ignores_rows_outside_the_window(in_uitvoering, les):
    sh = in_uitvoering()
    for dag in (1, 2, 3):  # three unexcused absences long ago
        les(sh, D(2026, 9, dag), status="ongeoorloofd_afwezig")
    for dag in (10, 11):  # then full attendance in the window
        les(sh, D(2026, 11, dag))
    les(sh, D(2026, 11, 30), status="ongeoorloofd_afwezig")  # after vandaag: not yet
    assert not _heeft(sh, "verzuim", D(2026, 11, 24))


@pytest.mark.parametrize(
    ("laatste", "verwacht"),
    [
        (["ongeoorloofd_afwezig", "ongeoorloofd_afwezig"], False),  # 2 in a row
        (["ongeoorloofd_afwezig"] * 3, True),  # 3 in a row
        (["ongeoorloofd_afwezig", "ongeoorloofd_afwezig", "aanwezig"], False),  # the latest was attended
        (["ongeoorloofd_afwezig", "geoorloofd_afwezig", "ongeoorloofd_afwezig"], False),  # one was excused
        (["geoorloofd_afwezig"] * 3, False),  # excused
    ],
)
def test_verzuim_unexcused_absences_in_a_row(in_uitvoering, les, laatste, verwacht):
    sh = in_uitvoering()
    for dag in range(1, 21):  # 20 full lessons keep attendance above 80% (20 of 23)
        les(sh, D(2026, 10, 27) + dt.timedelta(days=dag))
    for i, status in enumerate(laatste):  # on one day, ordered by les_id: les-z1 < les-z2 < les-z3
        les(sh, D(2026, 11, 20), status=status, les_id=f"les-z{i + 1}")
    assert _heeft(sh, "verzuim", D(2026, 11, 24)) is verwacht
    if verwacht:
        assert _melding(sh, "verzuim", D(2026, 11, 24)) == (D(2026, 11, 20), "3 keer op rij ongeoorloofd afwezig")


def test_verzuim_both_rules_in_one_sentence(in_uitvoering, les):
    sh = in_uitvoering()
    les(sh, D(2026, 11, 2))
    for dag in (3, 4, 5):
        les(sh, D(2026, 11, dag), status="ongeoorloofd_afwezig")
    assert _melding(sh, "verzuim", D(2026, 11, 24))[1] == (
        "25% aanwezig in de laatste 4 weken; 3 keer op rij ongeoorloofd afwezig"
    )


def test_verzuim_counts_every_enrolment_and_only_active_cases(in_uitvoering, les, achterhoek):
    from leerroutes.models import Leerroute

    sh = in_uitvoering()
    les(sh, D(2026, 11, 10))
    tweede = InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="b1")
    )
    AanwezigheidFactory(inschrijving=tweede, datum=D(2026, 11, 11), status="ongeoorloofd_afwezig")
    assert _heeft(sh, "verzuim", D(2026, 11, 24))  # 180 of 360 minutes
    Statushouder.objects.filter(pk=sh.pk).update(status="afgerond", eindreden="overig", einddatum=D(2026, 11, 20))
    assert not _heeft(sh, "verzuim", D(2026, 11, 24))


def test_verzuim_without_attendance_is_no_signal(in_uitvoering):
    assert not _heeft(in_uitvoering(), "verzuim", D(2026, 11, 24))


@pytest.mark.parametrize(("aanwezig", "verwacht"), [(400, False), (399, True)])  # 80% of 500 exactly, and just under
def test_verzuim_excused_absence_counts_neither_as_planned_nor_as_attended(in_uitvoering, les, aanwezig, verwacht):
    """Geoorloofd afwezig is not verzuim: attended minutes against the planned minutes of the lessons not excused."""
    sh = in_uitvoering()
    les(sh, D(2026, 11, 2), geplande_minuten=500, aanwezige_minuten=aanwezig)
    les(sh, D(2026, 11, 3), geplande_minuten=1000, aanwezige_minuten=0, status="geoorloofd_afwezig")
    assert _heeft(sh, "verzuim", D(2026, 11, 24)) is verwacht  # counting the excused lesson: 400 of 1500
    if verwacht:
        assert _melding(sh, "verzuim", D(2026, 11, 24))[1] == "79% aanwezig in de laatste 4 weken"


def test_verzuim_only_excused_absence_is_no_verzuim(in_uitvoering, les):
    sh = in_uitvoering()
    for dag in (2, 3, 4):
        les(sh, D(2026, 11, dag), aanwezige_minuten=0, status="geoorloofd_afwezig")
    assert not _heeft(sh, "verzuim", D(2026, 11, 24))


# lang_geoorloofd_afwezig ------------------------------------------------------------------------------


@pytest.fixture
def geoorloofd_sinds_2_november(in_uitvoering, les):
    sh = in_uitvoering()
    les(sh, D(2026, 10, 30))  # attended
    for dag in (2, 5, 9, 12, 16, 19):
        les(sh, D(2026, 11, dag), aanwezige_minuten=0, status="geoorloofd_afwezig")
    return sh


def test_long_excused_absence_after_three_weeks(geoorloofd_sinds_2_november):
    sh = geoorloofd_sinds_2_november
    assert not _heeft(sh, "lang_geoorloofd_afwezig", D(2026, 11, 22))  # 20 days
    assert _heeft(sh, "lang_geoorloofd_afwezig", D(2026, 11, 23))  # 3 weeks since 02-11
    assert _melding(sh, "lang_geoorloofd_afwezig", D(2026, 11, 23)) == (
        D(2026, 11, 2),
        "geoorloofd afwezig sinds 02-11-2026",
    )
    assert not _heeft(sh, "verzuim", D(2026, 11, 23))  # informative, not verzuim


def test_long_excused_absence_ends_with_a_lesson_attended_or_missed(geoorloofd_sinds_2_november, les):
    sh = geoorloofd_sinds_2_november
    les(sh, D(2026, 11, 20), status="ongeoorloofd_afwezig")
    assert not _heeft(sh, "lang_geoorloofd_afwezig", D(2026, 11, 23))


def test_long_excused_absence_follows_the_configured_weeks(geoorloofd_sinds_2_november, settings):
    settings.INBURGERING_NORMEN = {**settings.INBURGERING_NORMEN, "VERZUIM_GEOORLOOFD_LANG_WEKEN": 2}
    assert not _heeft(geoorloofd_sinds_2_november, "lang_geoorloofd_afwezig", D(2026, 11, 15))
    assert _heeft(geoorloofd_sinds_2_november, "lang_geoorloofd_afwezig", D(2026, 11, 16))


def test_old_excused_absence_is_no_signal(geoorloofd_sinds_2_november):
    """The run must be current: its last excused lesson within the verzuim window (4 weeks)."""
    assert _heeft(geoorloofd_sinds_2_november, "lang_geoorloofd_afwezig", D(2026, 12, 16))  # 19-11 + 27 days
    assert not _heeft(geoorloofd_sinds_2_november, "lang_geoorloofd_afwezig", D(2026, 12, 17))


# geen_inschrijving ----------------------------------------------------------------------------------


def test_geen_inschrijving_four_weeks_after_the_pip(in_uitvoering):
    sh = in_uitvoering(pip_dagtekening=D(2026, 10, 27))  # 4 weeks: 24-11-2026
    assert not _heeft(sh, "geen_inschrijving", D(2026, 11, 23))
    assert _heeft(sh, "geen_inschrijving", D(2026, 11, 24))
    assert _heeft(sh, "geen_inschrijving", D(2026, 11, 25))
    assert _melding(sh, "geen_inschrijving", D(2026, 11, 25)) == (
        D(2026, 11, 24),
        "PIP vastgesteld op 27-10-2026, nog niet ingeschreven bij een taalaanbieder",
    )


def test_geen_inschrijving_an_afgebroken_enrolment_does_not_count(in_uitvoering, achterhoek):
    from leerroutes.models import Leerroute

    sh = in_uitvoering(pip_dagtekening=D(2026, 9, 1))
    inschrijving = InschrijvingFactory(
        statushouder=sh,
        organisatie=achterhoek.aanbieders["TopTaal"],
        leerroute=Leerroute.objects.get(code="b1"),
        status="afgebroken",
        startdatum=D(2026, 9, 15),
        einddatum=D(2026, 10, 1),
    )
    assert _heeft(sh, "geen_inschrijving", D(2026, 11, 24))
    inschrijving.status, inschrijving.einddatum = "aangemeld", None
    inschrijving.save()
    assert not _heeft(sh, "geen_inschrijving", D(2026, 11, 24))


def test_geen_inschrijving_only_in_uitvoering(in_uitvoering):
    sh = in_uitvoering(status="opgeschort", status_voor_opschorting="in_uitvoering", opschort_reden="ziekte")
    assert not _heeft(sh, "geen_inschrijving", D(2026, 11, 24))


# ontzorgen ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vandaag", "verwacht"),
    [
        (D(2026, 11, 16), False),  # the end (15-12) is 29 days away
        (D(2026, 11, 17), True),  # exactly 4 weeks away
        (D(2026, 11, 18), True),
        (D(2026, 12, 14), True),
        (D(2026, 12, 15), True),  # the last day
        (D(2026, 12, 16), False),  # passed
    ],
)
def test_ontzorgen_without_recorded_end_ends_6_months_after_bijstand(winterswijk, vandaag, verwacht):
    sh = StatushouderFactory(gemeente=winterswijk, bijstand_start_datum=D(2026, 6, 15))
    assert _heeft(sh, "ontzorgen", vandaag) is verwacht


def test_ontzorgen_with_a_recorded_end(winterswijk):
    sh = StatushouderFactory(
        gemeente=winterswijk, bijstand_start_datum=D(2026, 6, 15), ontzorgen_einde_datum=D(2027, 1, 31)
    )
    assert not _heeft(sh, "ontzorgen", D(2026, 11, 24))  # the default end (15-12) does not count
    assert not _heeft(sh, "ontzorgen", D(2027, 1, 2))
    assert _heeft(sh, "ontzorgen", D(2027, 1, 3))
    assert _heeft(sh, "ontzorgen", D(2027, 1, 31))
    assert not _heeft(sh, "ontzorgen", D(2027, 2, 1))
    assert _melding(sh, "ontzorgen", D(2027, 1, 3)) == (D(2027, 1, 31), "ontzorgen eindigt op 31-01-2027")


def test_ontzorgen_default_end_in_sql_equals_deadlines_module(winterswijk):
    sh = StatushouderFactory(gemeente=winterswijk, bijstand_start_datum=D(2026, 8, 31))
    assert (
        _rij(sh, D(2027, 2, 1)).ontzorgen_einde == D(2027, 2, 28) == deadlines.ontzorgen_vroegst_einde(D(2026, 8, 31))
    )
    assert _melding(sh, "ontzorgen", D(2027, 2, 1)) == (
        D(2027, 2, 28),
        "ontzorgen kan eindigen op 28-02-2027, 6 maanden na de start van de bijstand",
    )


def test_ontzorgen_needs_bijstand_and_an_active_case(winterswijk):
    zonder = StatushouderFactory(gemeente=winterswijk)
    afgerond = StatushouderFactory(
        gemeente=winterswijk,
        bijstand_start_datum=D(2026, 6, 15),
        status="afgerond",
        eindreden="overig",
        einddatum=D(2026, 11, 1),
    )
    assert not _heeft(zonder, "ontzorgen", D(2026, 12, 1))
    assert not _heeft(afgerond, "ontzorgen", D(2026, 12, 1))


# urgency --------------------------------------------------------------------------------------------


def test_meldingen_of_one_case_most_urgent_first(in_uitvoering, les):
    sh = in_uitvoering(pip_dagtekening=D(2026, 3, 1), bijstand_start_datum=D(2026, 6, 15))
    for dag in (3, 4, 5):
        les(sh, D(2026, 11, dag), status="ongeoorloofd_afwezig")
    codes = [m.signaal.code for m in signals.meldingen_voor(_rij(sh, D(2026, 11, 24)), D(2026, 11, 24))]
    assert codes == ["verzuim", "gesprek_te_laat", "ontzorgen"]


@pytest.mark.parametrize("code", ["gesprek_te_laat", "verzuim", "geen_inschrijving", "ontzorgen"])
def test_caseload_filters_and_badges_the_new_signals(client, consultant, in_uitvoering, les, monkeypatch, code):
    """The caseload's signal filter and badges take every registered signal."""
    monkeypatch.setattr("cases.views.gedeeld.vandaag", lambda: D(2026, 11, 24))
    rustig = in_uitvoering(consultant=consultant, pip_dagtekening=D(2026, 10, 1), achternaam="Rustig")
    les(rustig, D(2026, 11, 20))
    met = {
        "gesprek_te_laat": lambda: in_uitvoering(consultant=consultant, pip_dagtekening=D(2026, 3, 1)),
        "verzuim": lambda: in_uitvoering(consultant=consultant, pip_dagtekening=D(2026, 10, 1)),
        "geen_inschrijving": lambda: in_uitvoering(consultant=consultant, pip_dagtekening=D(2026, 10, 1)),
        "ontzorgen": lambda: in_uitvoering(
            consultant=consultant, pip_dagtekening=D(2026, 10, 1), bijstand_start_datum=D(2026, 6, 15)
        ),
    }[code]()
    if code == "verzuim":
        les(met, D(2026, 11, 20), status="ongeoorloofd_afwezig")
    elif code != "geen_inschrijving":
        les(met, D(2026, 11, 20))
    met.achternaam = "Signaal"
    met.save()
    client.force_login(consultant)
    page = client.get("/dossiers/", {"signaal": code}).content.decode()
    assert "Signaal, " in page and "Rustig, " not in page
    assert f">{signals.SIGNALEN[code].label}</span>" in page


def test_verzuim_signal_and_attendance_block_give_the_same_percentage(in_uitvoering, les, consultant):
    """One rounding rule (down) for the signal and the case page's attendance block: 1860 of 2460 minutes is
    75.6%: both say 75% (the block said 76% with round-half-up)."""
    from leerroutes.selectors import aanwezigheid_samenvatting, procent

    sh = in_uitvoering(consultant=consultant)
    for dag, (gepland, aanwezig) in enumerate([(600, 600), (600, 600), (600, 600), (660, 60)]):
        les(sh, D(2026, 11, 10 + dag), geplande_minuten=gepland, aanwezige_minuten=aanwezig)
    vandaag = D(2026, 11, 24)
    assert _melding(sh, "verzuim", vandaag)[1] == "75% aanwezig in de laatste 4 weken"
    blok = aanwezigheid_samenvatting(consultant, sh, vandaag)
    assert blok.procent_recent == 75 and blok.procent_totaal == 75 and blok.onder_norm
    assert procent(399, 500) == 79 and procent(0.29, 1) == 29 and procent(3.0, 4.0) == 75 and procent(1, 0) is None
