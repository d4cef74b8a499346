import pytest

from inburgering.accounts import roles
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert "Inloggen" in client.get("/inloggen/").content.decode()


def test_consultant_lands_on_own_caseload(client, consultant, winterswijk):
    consultant.set_password("geheim-wachtwoord-1")
    consultant.save()
    StatushouderFactory(gemeente=winterswijk, consultant=consultant)
    StatushouderFactory(gemeente=winterswijk, consultant=consultant, status="intake", intake_start_datum="2025-03-01")
    assert client.login(username=consultant.username, password="geheim-wachtwoord-1")
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/dossiers/", 302)]
    page = response.content.decode()
    assert "Winterswijk" in page and "Mijn caseload" in page
    assert ">aangemeld</span>" in page and ">brede intake</span>" in page


def test_regiocoordinator_sees_region_and_no_caseload(client, make_user, achterhoek):
    user = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Achterhoek" in page and "Mijn caseload" not in page


def test_wrong_password_gives_dutch_error(client, consultant):
    response = client.post("/inloggen/", {"username": consultant.username, "password": "fout"})
    assert "Gebruikersnaam of wachtwoord is onjuist" in response.content.decode()
