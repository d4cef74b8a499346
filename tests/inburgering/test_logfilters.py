"""No BSN in a log line or an error report (issue 17, item 2): every 9-digit number passing the elfproef is masked in
the application log (every handler of settings.LOGGING), in the error report mailed to the admins, in the Celery
worker's log and in gunicorn's access and error log (gunicorn.conf.py), whatever put it there — an old ?q= link,
a referer, an exception's message."""

import datetime as dt
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from django.utils.log import AdminEmailHandler
from gunicorn.app.base import Application

from inburgering.logfilters import MASKER, BsnMasker, maskeer_bsn
from tests.celery_worker import ROOT, _database_url

BSN = "999954386"  # passes the elfproef (the test range of the BRP)
GEEN_BSN = "999954387"  # the same, one off: fails it


@pytest.mark.parametrize(
    "tekst, verwacht",
    [
        (f"GET /dossiers/?q={BSN} HTTP/1.1", f"GET /dossiers/?q={MASKER} HTTP/1.1"),
        ("bsn 9999 54 386 en 9999.54.386 en 999-954-386", f"bsn {MASKER} en {MASKER} en {MASKER}"),
        (f"twee: {BSN},{BSN}", f"twee: {MASKER},{MASKER}"),
        (f"geen BSN: {GEEN_BSN}", f"geen BSN: {GEEN_BSN}"),
        (f"langer getal 1{BSN} en {BSN}0", f"langer getal 1{BSN} en {BSN}0"),
        ("telefoon 06-99995438 6, ip 192.168.100.123", "telefoon 06-99995438 6, ip 192.168.100.123"),
        ("2026-11-24 12:00:01,123 run 42 in 0.35 s", "2026-11-24 12:00:01,123 run 42 in 0.35 s"),
        # a UUID whose digit groups pass the elfproef ("4930-8299-2" is 493082992) stays whole; a BSN beside it not
        (
            f"document 3b60d01f-c0ff-4930-8299-2b3d4285ea00 van {BSN}",
            f"document 3b60d01f-c0ff-4930-8299-2b3d4285ea00 van {MASKER}",
        ),
    ],
)
def test_maskeer_bsn_vervangt_alleen_getallen_die_de_elfproef_halen(tekst, verwacht):
    assert maskeer_bsn(tekst) == verwacht


def _handlers():
    """Every handler on every logger the settings configure (pytest's own capture handlers and the libraries'
    do-nothing NullHandlers left out; loggers other tests set up, such as a worker's, are not the settings')."""
    loggers = [logging.getLogger(), *(logging.getLogger(naam) for naam in settings.LOGGING.get("loggers", {}))]
    return [
        (logger.name, handler)
        for logger in loggers
        for handler in logger.handlers
        if not isinstance(handler, logging.NullHandler) and type(handler).__module__.split(".")[0] != "_pytest"
    ]


def test_elke_handler_uit_de_settings_maskeert_bsns():
    handlers = _handlers()
    assert {naam for naam, _ in handlers} >= {"root", "django", "django.server"}
    assert [naam for naam, h in handlers if not any(isinstance(f, BsnMasker) for f in h.filters)] == []


def test_het_applicatielog_maskeert_een_bsn_in_bericht_en_traceback(caplog):
    logger = logging.getLogger("cases.views.caseload")
    with caplog.at_level(logging.INFO):
        logger.warning("zoeken op %s vanaf /dossiers/?q=%s", BSN, "9999 54 386")
        try:
            raise ValueError(f"geen dossier met BSN {BSN}")
        except ValueError:
            logger.exception("mislukt voor %s", BSN)
        logger.info("run %s klaar in %.1f s, %s", 42, 1.5, GEEN_BSN)
    assert BSN not in caplog.text and "9999 54 386" not in caplog.text
    assert f"zoeken op {MASKER} vanaf /dossiers/?q={MASKER}" in caplog.text
    assert f"ValueError: geen dossier met BSN {MASKER}" in caplog.text
    assert f"run 42 klaar in 1.5 s, {GEEN_BSN}" in caplog.text  # no BSN: left alone
    # what the console handler of settings.LOGGING writes
    console = next(h for naam, h in _handlers() if naam == "root")
    assert all(BSN not in console.format(r) for r in caplog.records)


@pytest.mark.django_db
def test_het_foutrapport_aan_de_beheerders_bevat_geen_bsn(settings):
    """Django mails the admins a report of a server error with the URL, GET and POST data, the headers and the
    local variables: through the mail_admins handler of settings.LOGGING and DEFAULT_EXCEPTION_REPORTER."""
    settings.ADMINS = [("Beheer", "beheer@example.org")]
    verzoek = RequestFactory().post(
        f"/dossiers/?q={BSN}", {"q": BSN, "status": "intake"}, HTTP_REFERER=f"https://app.example/dossiers/?q={BSN}"
    )
    bsn_in_variabele = BSN  # noqa: F841 - a local variable the report prints
    try:
        raise RuntimeError(f"kapot bij {BSN}")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", verzoek.get_full_path(), exc_info=True,
            extra={"status_code": 500, "request": verzoek},
        )  # fmt: skip
    assert any(isinstance(h, AdminEmailHandler) for h in logging.getLogger("django").handlers)
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    teksten = [bericht.subject, bericht.body, *(inhoud for inhoud, _type in bericht.alternatives)]
    assert "kapot bij" in bericht.body and "Internal Server Error" in bericht.subject
    assert [t for t in teksten if BSN in t] == []


def test_het_log_van_een_celery_worker_maskeert_bsns():
    """A worker replaces the root logger's handlers by its own (hijack_root_logger): those get the filter too."""
    from celery.signals import after_setup_logger, after_setup_task_logger

    for signaal in (after_setup_logger, after_setup_task_logger):
        logger = logging.getLogger(f"test.worker.{signaal.name}")
        handler = logging.StreamHandler()
        logger.addHandler(handler)
        try:
            signaal.send(sender=None, logger=logger, loglevel=logging.INFO, logfile=None, format="", colorize=False)
            assert any(isinstance(f, BsnMasker) for f in handler.filters)
        finally:
            logger.removeHandler(handler)


# --- gunicorn ------------------------------------------------------------------------------------------------------


class _ProjectConfig(Application):
    """gunicorn's configuration as the production image loads it: the project's gunicorn.conf.py."""

    def __init__(self, **overschreven):
        self.overschreven = overschreven
        super().__init__()

    def load_config(self):
        self.load_config_from_file(str(ROOT / "gunicorn.conf.py"))
        for naam, waarde in self.overschreven.items():
            self.cfg.set(naam, waarde)

    def init(self, parser, opts, args):  # pragma: no cover - no command line here
        return None

    def load(self):  # pragma: no cover - never served
        raise NotImplementedError


def test_gunicorns_access_en_errorlog_maskeren_het_bsn(tmp_path):
    toegang, fouten = tmp_path / "access.log", tmp_path / "error.log"
    cfg = _ProjectConfig(accesslog=str(toegang), errorlog=str(fouten)).cfg
    log = cfg.logger_class(cfg)
    try:
        verzoek = SimpleNamespace(
            method="GET", uri=f"/dossiers/?q={BSN}", path="/dossiers/", query=f"q={BSN}", version=(1, 1),
            headers=[("REFERER", f"https://app.example/dossiers/team/toewijzen/?q={BSN}"), ("USER-AGENT", "test")],
        )  # fmt: skip
        antwoord = SimpleNamespace(status="302 Found", response_length=0, headers=(), sent=0)
        omgeving = {"REMOTE_ADDR": "10.0.0.1", "REQUEST_METHOD": "GET", "RAW_URI": f"/dossiers/?q={BSN}",
                    "SERVER_PROTOCOL": "HTTP/1.1", "QUERY_STRING": f"q={BSN}", "PATH_INFO": "/dossiers/",
                    "HTTP_REFERER": f"https://app.example/dossiers/team/toewijzen/?q={BSN}"}  # fmt: skip
        log.access(antwoord, verzoek, omgeving, dt.timedelta(seconds=0.01))
        log.error("Invalid request from ip=10.0.0.1: GET /dossiers/?q=%s", BSN)
    finally:
        for handler in log.error_log.handlers + log.access_log.handlers:
            handler.close()
    regel = toegang.read_text()
    assert f'"GET /dossiers/?q={MASKER} HTTP/1.1" 302' in regel and f"toewijzen/?q={MASKER}" in regel
    assert BSN not in regel
    assert f"/dossiers/?q={MASKER}" in fouten.read_text() and BSN not in fouten.read_text()


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_een_echte_gunicorn_schrijft_geen_bsn_in_het_accesslog(tmp_path):
    """The production command (Dockerfile: gunicorn inburgering.wsgi:application --config gunicorn.conf.py), asked
    for an old search link with a BSN: the access log has the request, without the BSN."""
    toegang, poort = tmp_path / "access.log", _vrije_poort()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "inburgering.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": os.environ.get("RAPPORTAGE_TEST_BROKER_URL", "redis://127.0.0.1:6379/9"),
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "1",
    }
    proces = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "inburgering.wsgi:application", "--config", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{poort}", "--access-logfile", str(toegang), "--error-logfile", str(tmp_path / "e.log")],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        einde, status = time.monotonic() + 60, None
        while status is None and time.monotonic() < einde:
            try:
                verzoek = urllib.request.Request(
                    f"http://127.0.0.1:{poort}/dossiers/?q={BSN}", headers={"Referer": f"http://x/?q={BSN}"}
                )
                opener = urllib.request.build_opener(_GeenRedirect)
                status = opener.open(verzoek, timeout=10).status
            except urllib.error.HTTPError as fout:
                status = fout.code
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert status == 302, (tmp_path / "e.log").read_text()[-3000:]
        einde = time.monotonic() + 10
        while "/dossiers/" not in toegang.read_text() and time.monotonic() < einde:
            time.sleep(0.1)
    finally:
        os.killpg(proces.pid, signal.SIGTERM)
        proces.wait(timeout=30)
    regel = toegang.read_text()
    assert f'"GET /dossiers/?q={MASKER} HTTP/1.1" 302' in regel, regel
    assert BSN not in regel and BSN not in (tmp_path / "e.log").read_text()


class _GeenRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_de_productie_image_gebruikt_gunicorn_conf():
    """The access-log filter only works if the image starts gunicorn with this config file."""
    assert '"--config", "gunicorn.conf.py"' in (ROOT / "Dockerfile").read_text()
    assert Path(ROOT / "gunicorn.conf.py").read_text().count("inburgering.logfilters.GunicornLogger") == 1
