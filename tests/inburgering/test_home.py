import pytest

from inburgering.accounts import roles
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert "Inloggen" in client.get("/inloggen/").content.decode()


def test_consultant_lands_on_vandaag_with_own_signals(client, consultant, winterswijk, make_user):
    consultant.set_password("geheim-wachtwoord-1")
    consultant.save()
    # PIP deadline long passed: a signal on Vandaag, for the own case only
    StatushouderFactory(gemeente=winterswijk, consultant=consultant, achternaam="Eigen")
    StatushouderFactory(
        gemeente=winterswijk, consultant=make_user(roles.CONSULTANT, gemeente=winterswijk), achternaam="Ander"
    )
    client.force_login(consultant)
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/dossiers/vandaag/", 302)]
    page = response.content.decode()
    assert "Signalen in mijn caseload" in page and "PIP-deadline verstreken" in page
    assert "Eigen," in page and "Ander," not in page


def test_teamleider_lands_on_vandaag_of_the_gemeente(client, teamleider):
    client.force_login(teamleider)
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/dossiers/vandaag/", 302)]
    assert "Signalen in de gemeente" in response.content.decode()


def test_regiocoordinator_sees_region_and_no_caseload(client, make_user, achterhoek):
    user = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Achterhoek" in page and "Mijn caseload" not in page


def test_wrong_password_gives_dutch_error(client, consultant):
    response = client.post("/inloggen/", {"username": consultant.username, "password": "fout"})
    assert "Gebruikersnaam of wachtwoord is onjuist" in response.content.decode()
