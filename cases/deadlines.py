"""Every deadline of the traject computed in one place, from the norms in settings (DESIGN.md §4) and
the per-gemeente overrides where the law leaves room."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings


def norm(name: str):
    return settings.INBURGERING_NORMEN[name]


def pip_deadline(statushouder) -> date | None:
    """DOMAIN.md req. 2: max(kennisgeving DUO, BRP-inschrijving) + 10 weeks, unless a recorded override (a
    longer deadline while third-party information is awaited, cases.services.verleng_pip_deadline)."""
    if statushouder.pip_deadline_afwijking:
        return statushouder.pip_deadline_afwijking
    return wettelijke_pip_deadline(statushouder)


def wettelijke_pip_deadline(statushouder) -> date | None:
    """The PIP deadline without an override: max(kennisgeving DUO, BRP-inschrijving) + the gemeente's or the
    national weeks (Besluit inburgering 2021 art. 5.3, per DOMAIN.md)."""
    basis = [d for d in (statushouder.kennisgeving_datum, statushouder.brp_inschrijving_datum) if d]
    if not basis:
        return None
    weken = statushouder.gemeente.pip_termijn_weken or norm("PIP_TERMIJN_WEKEN")
    return max(basis) + timedelta(weeks=weken)


def termijn_start(dagtekening: date) -> date:
    """The inburgeringstermijn starts the day after the PIP's dagtekening (art. 11 Wi2021)."""
    return dagtekening + timedelta(days=1)


def termijn_einde(dagtekening: date, verlenging_maanden: int = 0) -> date:
    """DOMAIN.md req. 3: dagtekening + 1 day + 3 years, plus recorded extensions."""
    jaren = norm("INBURGERINGSTERMIJN_JAREN")
    return termijn_start(dagtekening) + relativedelta(years=jaren, months=verlenging_maanden)


def schakelen_uiterlijk(dagtekening: date) -> date:
    """The last day on which schakelen (a route switch) is allowed: the first 1.5 years of the
    inburgeringstermijn (DOMAIN.md "Schakelen only in the first 1.5 years, except out of the onderwijsroute"
    [Divosa Q&A]; requirement 5), SCHAKELEN_MAX_MAANDEN = 18 in INBURGERING_NORMEN.

    The period runs from the start of the termijn, the day after the dagtekening of the *first* PIP (art. 11
    Wi2021, `termijn_start`; a later version or a move does not restart it, so pass the case's
    `pip_dagtekening`). 18 months from that start end the day before the same calendar day 18 months on:
    first PIP dated 14-03-2023 → termijn from 15-03-2023 → schakelen up to and including 14-09-2024, refused
    from 15-09-2024."""
    return termijn_start(dagtekening) + relativedelta(months=norm("SCHAKELEN_MAX_MAANDEN")) - timedelta(days=1)


def volgend_voortgangsgesprek(laatste: date, gemeente=None) -> date:
    weken = (gemeente.voortgangsgesprek_weken if gemeente else None) or norm("VOORTGANGSGESPREK_WEKEN")
    return laatste + timedelta(weeks=weken)


def follow_ups(dagtekening: date) -> list[tuple[int, date]]:
    """Follow-up moments (months, date) after vaststelling of the PIP."""
    return [(m, dagtekening + relativedelta(months=m)) for m in norm("FOLLOW_UP_MAANDEN")]


def ontzorgen_vroegst_einde(bijstand_start: date) -> date:
    return bijstand_start + relativedelta(months=norm("ONTZORGEN_MIN_MAANDEN"))
