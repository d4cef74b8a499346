"""DUO's list of instellingen (duo.instellingen.haal_op) from the running simulator: stored, linked to our providers by
the Blik op Werk number (or BRIN) of their keurmerk, kept up to date with DUO's list."""

import pytest

from duo import instellingen
from duo.models import Instelling
from partners.models import Keurmerk, Organisatie

pytestmark = pytest.mark.django_db


@pytest.fixture
def duo(duo_simulator, vandaag, achterhoek):
    return duo_simulator


def test_duos_list_is_stored_and_linked_to_our_providers(duo, achterhoek):
    aanbieders = achterhoek.aanbieders
    Keurmerk.objects.filter(organisatie=aanbieders["TopTaal"]).update(registratienummer="BoW-04100231")
    Keurmerk.objects.filter(organisatie=aanbieders["Graafschap College"]).update(registratienummer="25lh")

    assert instellingen.haal_op() == 8

    toptaal = Instelling.objects.get(instellingsnummer="1000000101")
    assert (toptaal.naam, toptaal.postcode, toptaal.huisnummer, toptaal.plaatsnaam) == (
        "TopTaal",
        "7001AB",
        12,
        "Doetinchem",
    )
    assert (toptaal.bow, toptaal.indicatie_bow_keurmerk, toptaal.indicatie_tst_keurmerk) == ("4100231", True, False)
    assert toptaal.organisatie == aanbieders["TopTaal"]  # "BoW-04100231" is Blik op Werk number 4100231
    graafschap = Instelling.objects.get(instellingsnummer="1000000103")
    assert (graafschap.brin, graafschap.organisatie) == ("25LH", aanbieders["Graafschap College"])  # by its BRIN
    gekoppeld = Instelling.objects.filter(organisatie__isnull=False).values_list("organisatie__naam", flat=True)
    assert sorted(gekoppeld) == ["Graafschap College", "HAN", "Interbeek", "TopTaal"]
    assert [v.operatie for v in duo.ontvangen] == ["getInstellingen"]


def test_a_link_made_by_hand_stays_and_an_instelling_duo_dropped_goes(duo, achterhoek):
    assert instellingen.haal_op() == 8
    liemers = Organisatie.objects.create(naam="Taalhuis De Liemers", type=Organisatie.Type.TAALAANBIEDER)
    Instelling.objects.filter(instellingsnummer="1000000105").update(organisatie=liemers)
    duo.instellingen = [i for i in duo.instellingen if i["instellingsnummer"] != "1000000108"]
    duo.instellingen[0]["naam"] = "TopTaal Achterhoek"

    assert instellingen.haal_op() == 7

    assert not Instelling.objects.filter(instellingsnummer="1000000108").exists()
    assert Instelling.objects.get(instellingsnummer="1000000105").organisatie == liemers
    assert Instelling.objects.get(instellingsnummer="1000000101").naam == "TopTaal Achterhoek"


def test_duo_away_or_not_configured_keeps_what_we_have(duo, settings):
    assert instellingen.haal_op() == 8
    duo.storing(503)
    assert instellingen.haal_op() == 0
    settings.DUO_API_URL = ""
    assert instellingen.haal_op() == 0
    assert Instelling.objects.count() == 8
