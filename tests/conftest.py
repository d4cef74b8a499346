import datetime as dt

import pytest

from inburgering.accounts import roles
from inburgering.accounts.services import create_user
from partners.achterhoek import build_achterhoek


def pytest_collection_modifyitems(items):
    """Audit events go over their own connection ("audit"), so every database test may use both aliases."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and "databases" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **marker.kwargs, databases="__all__"), append=False)


TODAY = dt.date(2026, 11, 24)


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
