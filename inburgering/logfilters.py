"""No BSN in a log line or an error report: the safety net behind "a BSN never goes into a URL or a log".

The searches post their term (cases/forms/caseload.py) and the code never logs a BSN on purpose; this catches what
slips through anyway — an old bookmarked ?q= link in the access log, a BSN in an exception's message, a referer.
Every 9-digit number that passes the elfproef is replaced by `*********`, also when written in groups
("9999 54 386", "999.954.386"); other numbers (dates, times, IP addresses, ids) stay as they are.

- `BsnMasker`, a logging filter: on every handler of settings.LOGGING;
- `GunicornLogger` (gunicorn.conf.py: logger_class): gunicorn's error and access log with the same filter;
- `BsnVrijeExceptionReporter` (settings.DEFAULT_EXCEPTION_REPORTER): the error report the admins get by mail (and
  the debug page) with the BSNs masked — its URL, GET and POST data, headers and local variables.

Importable before Django is set up: gunicorn's master process loads it from gunicorn.conf.py."""

from __future__ import annotations

import logging
import re

from django.views.debug import ExceptionReporter
from gunicorn import glogging

MASKER = "*********"

# Nine digits, optionally in groups separated by one space, dot or dash, and not part of a longer number (so never a
# piece of a phone number, an IBAN, an IP address or a timestamp).
_KANDIDAAT = re.compile(r"(?<!\d)(?<!\d[ .\-])\d(?:[ .\-]?\d){8}(?![ .\-]?\d)")


def elfproef(cijfers: str) -> bool:
    """The BSN variant of the elfproef (cases.validators.bsn_elfproef; repeated here to stay free of the apps)."""
    if len(cijfers) != 9 or not cijfers.isdigit():
        return False
    totaal = sum(int(c) * w for c, w in zip(cijfers[:8], range(9, 1, -1), strict=True)) - int(cijfers[8])
    return totaal % 11 == 0 and totaal != 0


def _vervang(match: re.Match) -> str:
    return MASKER if elfproef(re.sub(r"\D", "", match.group())) else match.group()


# A UUID is never a BSN, but its digit groups can be ("…-4930-8299-2b3d-…" reads as 493082992): left as it is, so
# that a log line still names its object (a random UUID made a test of the missing-file log fail now and then).
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def maskeer_bsn(tekst: str) -> str:
    """`tekst` with every BSN (a 9-digit number passing the elfproef) replaced by *********; UUIDs stay whole."""
    if not tekst or not any(c.isdigit() for c in tekst):
        return tekst
    delen, begin = [], 0
    for uuid in _UUID.finditer(tekst):
        delen += [_KANDIDAAT.sub(_vervang, tekst[begin : uuid.start()]), uuid.group()]
        begin = uuid.end()
    return "".join(delen) + _KANDIDAAT.sub(_vervang, tekst[begin:])


class BsnMasker(logging.Filter):
    """Masks the BSNs in a record's message, traceback and stack before a handler writes it.

    The record is changed in place, so the handlers after this one (and a test's caplog) see the masked text too.
    Only a record that held a BSN in its message is rewritten (formatted once, args dropped)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            bericht = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string: logging reports that itself
            return True
        gemaskeerd = maskeer_bsn(bericht)
        if gemaskeerd != bericht:
            record.msg, record.args = gemaskeerd, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = maskeer_bsn(record.exc_text)
        if record.stack_info:
            record.stack_info = maskeer_bsn(record.stack_info)
        return True


class GunicornLogger(glogging.Logger):
    """Gunicorn's logger with the BSNs masked in its error log and its access log (request line, referer)."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):  # gunicorn logs on these two loggers directly
            if not any(isinstance(f, BsnMasker) for f in log.filters):
                log.addFilter(BsnMasker())


class BsnVrijeExceptionReporter(ExceptionReporter):
    """Django's error report (the mail to the admins, the debug page) with every BSN masked."""

    def get_traceback_html(self):
        return maskeer_bsn(str(super().get_traceback_html()))

    def get_traceback_text(self):
        return maskeer_bsn(super().get_traceback_text())
