"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live_server.

Fixtures: `browser` (session), `page` (a fresh context at 1280x900, Dutch locale, base_url = live_server.url,
so `page.goto("/inloggen/")` works), `zaak` (a B1 case of `consultant` with a vastgesteld PIP). Helpers in
tests.browser.helpers: `login`, `assert_no_axe_violations`.
Every test in this folder gets a transactional database over both aliases (the live server runs in another
thread, so it must see committed data; audit events go over the "audit" connection). A transactional test ends
with a flush of all tables, which also removes the reference data of the data migrations: it is put back before
and after every browser test.
"""

import datetime as dt
import os
from pathlib import Path

import pytest

from cases import services
from cases.models import BredeIntake, Doel
from leerroutes.models import Leerroute
from tests.browser.helpers import PASSWORD
from tests.cases.conftest import REGISTRATIE
from tests.referentiedata import laad as _load_reference_data
from tests.referentiedata import referentiedata  # noqa: F401  (autouse: after the flush of the test before)

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread with a running
# loop unless told that it is safe here (it is: the loop only waits for the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 768, "height": 1024}
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_DIR not in Path(str(item.fspath)).resolve().parents:
            continue
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True, databases="__all__"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a browser test's flush, put the reference data back for the tests that follow."""
    result = yield
    # After the last test the session fixtures are gone too (the test database is dropped): nothing to restore.
    if nextitem is not None and BROWSER_DIR in Path(str(item.fspath)).resolve().parents:
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _load_reference_data()
            connections.close_all()  # else this session may outlive the test database's teardown
    return result


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session (Debian's package; scripts/test.sh installs it)."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need chromium at {CHROMIUM} (apt-get install chromium; scripts/test.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A new page in its own browser context (own cookies) at desktop size, Dutch, relative URLs to live_server."""
    # bypass_csp: axe-core is injected as an inline script, which the Content-Security-Policy rightly refuses;
    # tests/browser/test_csp.py loads the pages with the policy enforced.
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def coordinator(make_user, achterhoek):
    """The Achterhoek's regiocoördinator, who logs in with helpers.PASSWORD."""
    from inburgering.accounts import roles

    from .helpers import PASSWORD

    user = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio, first_name="Ria", last_name="Regio")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def zaak(consultant, winterswijk, achterhoek):
    """A B1 case of the consultant with a vastgesteld PIP (registered, intake, plan: through the services); its
    consultant logs in with helpers.PASSWORD. A test module may define its own `zaak`."""
    consultant.set_password(PASSWORD)
    consultant.save()
    sh = services.registreer_statushouder(
        actor=consultant,
        gemeente=winterswijk,
        consultant=consultant,
        datum=dt.date(2022, 12, 6),
        bsn="999990019",
        **REGISTRATIE,
    )
    services.start_intake(actor=consultant, statushouder=sh, datum=dt.date(2023, 1, 10))
    b1 = Leerroute.objects.get(code="b1")
    BredeIntake.objects.filter(statushouder=sh).update(
        leerbaarheidstoets_uitkomst="hoog", route_advies=b1, gekozen_route=b1
    )
    versie = services.rond_intake_af(actor=consultant, statushouder=sh, datum=dt.date(2023, 2, 20))
    versie.taalaanbieder = achterhoek.aanbieders["TopTaal"]
    versie.save()
    Doel.objects.create(versie=versie, leefgebied="taal", omschrijving="Taalniveau B1 halen")
    services.stel_pip_vast(actor=consultant, statushouder=sh, dagtekening=dt.date(2023, 3, 14))
    return sh
