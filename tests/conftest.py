import datetime as dt
import os

import pytest
import time_machine

from inburgering.accounts import roles
from inburgering.accounts.services import create_user
from partners.achterhoek import build_achterhoek

# The `broker` and `worker` fixtures of a real Celery worker (tests/reports, tests/duo).
pytest_plugins = ["tests.celery_worker"]


def pytest_collection_modifyitems(items):
    """Audit events go over their own connection ("audit"), so every database test may use both aliases."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and "databases" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **marker.kwargs, databases="__all__"), append=False)


TODAY = dt.date(2026, 11, 24)


def pytest_addoption(parser):
    parser.addoption(
        "--klok-vooruit",
        type=int,
        default=int(os.environ.get("KLOK_VOORUIT_DAGEN", "0")),
        help="Run the whole suite with the clock this many days ahead of the wall clock (CI's second pass: 550). "
        "A test that compares what the code computed from 'today' with a fixed date fails then, unless it "
        "freezes the clock (the `vandaag` fixture) or passes 'today' in.",
    )


def pytest_configure(config):
    dagen = config.getoption("--klok-vooruit")
    if dagen:
        reis = time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=dagen), tick=True)
        reis.start()
        config.add_cleanup(reis.stop)


def pytest_report_header(config):
    dagen = config.getoption("--klok-vooruit")
    if dagen:
        return f"klok: {dagen} dagen vooruit ({dt.date.today():%d-%m-%Y})"
    return None


@pytest.fixture
def vandaag():
    """Freeze the clock (ticking) on TODAY at noon in Amsterdam, for tests that read what a page or service computed
    from timezone.localdate() and compare it with dates built from TODAY."""
    from zoneinfo import ZoneInfo

    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), tzinfo=ZoneInfo("Europe/Amsterdam")), tick=True):
        yield TODAY


@pytest.fixture
def achterhoek(db):
    """The Achterhoek: 8 gemeenten, TopTaal, Interbeek, Graafschap College, HAN and five ketenpartners."""
    return build_achterhoek(TODAY)


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def make(role: str, gemeente=None, arbeidsmarktregio=None, **fields):
        return create_user(
            username=f"{role}{next(counter)}",
            role=role,
            gemeente=gemeente,
            arbeidsmarktregio=arbeidsmarktregio,
            **fields,
        )

    return make


@pytest.fixture
def winterswijk(achterhoek):
    return achterhoek.gemeenten["Winterswijk"]


@pytest.fixture
def aalten(achterhoek):
    return achterhoek.gemeenten["Aalten"]


@pytest.fixture
def consultant(make_user, winterswijk):
    return make_user(roles.CONSULTANT, gemeente=winterswijk)


@pytest.fixture
def teamleider(make_user, winterswijk):
    return make_user(roles.TEAMLEIDER, gemeente=winterswijk)


@pytest.fixture
def wereld(achterhoek, make_user):
    from tests.factories import StatushouderFactory

    """The permission world of the workspace tests (journaal, taken). Winterswijk: a consultant's own case and a
    colleague's case; Aalten: one case; and the roles without personal data."""
    ww, aalten = achterhoek.gemeenten["Winterswijk"], achterhoek.gemeenten["Aalten"]
    users = {
        "consultant": make_user(roles.CONSULTANT, gemeente=ww, first_name="Carla", last_name="Consulent"),
        "collega": make_user(roles.CONSULTANT, gemeente=ww, first_name="Cor", last_name="Collega"),
        "teamleider": make_user(roles.TEAMLEIDER, gemeente=ww, first_name="Tess", last_name="Teamleider"),
        "consultant_aalten": make_user(roles.CONSULTANT, gemeente=aalten),
        "regiocoordinator": make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio),
        "beheerder": make_user(roles.BEHEERDER),
    }
    cases = {
        "eigen": StatushouderFactory(
            gemeente=ww, consultant=users["consultant"], status="in_uitvoering", pip_dagtekening=dt.date(2026, 1, 10)
        ),
        "collega": StatushouderFactory(
            gemeente=ww, consultant=users["collega"], status="in_uitvoering", pip_dagtekening=dt.date(2026, 1, 10)
        ),
        "aalten": StatushouderFactory(
            gemeente=aalten,
            consultant=users["consultant_aalten"],
            status="in_uitvoering",
            pip_dagtekening=dt.date(2026, 1, 10),
        ),
    }
    return users, cases


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Close the audit connection too before the test database is dropped."""
    yield
    from django.db import connections

    connections.close_all()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests log users in often; PBKDF2's deliberate slowness is production's, not the suite's."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def prive_opslag(settings, tmp_path):
    """Documents and kept letters (the PIP beschikking too) go to the test's own private storage, never to the
    checkout's private/ folder."""
    from django.utils.functional import empty

    from documenten.models import private_storage

    settings.DOCUMENTEN_ROOT = tmp_path / "prive"
    private_storage._wrapped = empty
    yield settings.DOCUMENTEN_ROOT
    private_storage._wrapped = empty


@pytest.fixture(autouse=True)
def _dutch_after_each_test():
    """A request with an English language cookie leaves English active in the thread; start each test in Dutch."""
    from django.utils import translation

    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def _mfa_alleen_waar_getest(request, settings):
    """MFA is required in production and tested in the tests marked `mfa`; elsewhere tests log in with a password
    only (force_login, the login form), as the embedded demo does."""
    settings.MFA_VERPLICHT = request.node.get_closest_marker("mfa") is not None
