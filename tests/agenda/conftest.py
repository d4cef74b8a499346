import datetime as dt

import pytest

from inburgering.accounts import roles
from tests.factories import StatushouderFactory

D = dt.date
T = dt.time


@pytest.fixture
def wereld(achterhoek, make_user, winterswijk, aalten):
    """Winterswijk: a consultant with a case, a colleague with a case, a teamleider; Aalten: a consultant and case;
    plus a regiocoördinator and a beheerder."""
    users = {
        "consultant": make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Anne", last_name="Jansen"),
        "collega": make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Bas", last_name="Smit"),
        "teamleider": make_user(roles.TEAMLEIDER, gemeente=winterswijk, first_name="Carla", last_name="Visser"),
        "aalten": make_user(roles.CONSULTANT, gemeente=aalten),
        "regiocoordinator": make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio),
        "beheerder": make_user(roles.BEHEERDER),
    }
    cases = {
        "eigen": StatushouderFactory(
            gemeente=winterswijk, consultant=users["consultant"], voornamen="Semhar Luwam", achternaam="van Tesfay"
        ),
        "collega": StatushouderFactory(gemeente=winterswijk, consultant=users["collega"]),
        "aalten": StatushouderFactory(gemeente=aalten, consultant=users["aalten"]),
    }
    return users, cases


@pytest.fixture
def gegevens():
    def maak(consultant, **overrides):
        return {
            "soort": "voortgangsgesprek",
            "datum": D(2026, 11, 26),
            "begintijd": T(10, 0),
            "eindtijd": T(11, 0),
            "plaats_soort": "kantoor",
            "plaats": "Gemeentehuis, spreekkamer 2",
            "tolk_nodig": True,
            "tolk_taal": "ti",
            "tolk_wijze": "telefonisch",
            "consultant": consultant,
            "toelichting": "Vertrouwelijke notitie",
            **overrides,
        }

    return maak
