"""partners.selectors.sleutelpersonen_voor: suggestions by a shared language, within the region, active only,
same gemeente first, then a shared nationality, then name; and the Achterhoek fixture's sleutelpersonen."""

import pytest

from partners.models import Arbeidsmarktregio, Sleutelpersoon
from partners.selectors import sleutelpersonen_voor, taalnaam
from tests.factories import SleutelpersoonFactory, StatushouderFactory

pytestmark = pytest.mark.django_db


def voorstel(sh):
    return [(s.naam, s.gedeelde_talen) for s in sleutelpersonen_voor(sh)]


def test_fixture_tigrinya_speaker_in_winterswijk(winterswijk):
    sh = StatushouderFactory(gemeente=winterswijk, nationaliteit="ERI", talen=["ti"])
    # Amanuel: same gemeente; Selam: Eritrean in Doetinchem; Hiwet: Ethiopian in Aalten; Yohannes is inactive.
    assert voorstel(sh) == [
        ("Amanuel Tesfay", ["ti"]),
        ("Selam Gebremedhin", ["ti"]),
        ("Hiwet Kidane", ["ti"]),
    ]


def test_gedeelde_talen_in_order_of_the_sleutelpersoon(winterswijk):
    sh = StatushouderFactory(gemeente=winterswijk, nationaliteit="ETH", talen=["ti", "am"])
    rijen = {s.naam: s.gedeelde_talen for s in sleutelpersonen_voor(sh)}
    assert rijen["Amanuel Tesfay"] == ["ti", "am"]
    assert rijen["Hiwet Kidane"] == ["am", "ti"]
    # Hiwet shares the nationality, but Amanuel lives in the same gemeente: the gemeente comes first.
    assert list(rijen) == ["Amanuel Tesfay", "Hiwet Kidane", "Selam Gebremedhin"]


def test_ordering_same_gemeente_then_nationality_then_name(achterhoek, winterswijk, aalten):
    regio = achterhoek.regio
    maak = SleutelpersoonFactory
    maak(naam="Zaid Ward", arbeidsmarktregio=regio, gemeente=aalten, talen=["ckb"], nationaliteiten=["IRQ"])
    maak(naam="Baran Aziz", arbeidsmarktregio=regio, gemeente=aalten, talen=["ckb"], nationaliteiten=["SYR"])
    maak(naam="Yara Dosky", arbeidsmarktregio=regio, gemeente=winterswijk, talen=["ckb"], nationaliteiten=["SYR"])
    maak(naam="Alan Barzani", arbeidsmarktregio=regio, gemeente=winterswijk, talen=["ckb"], nationaliteiten=["IRQ"])
    maak(naam="Dilan Rashid", arbeidsmarktregio=regio, gemeente=None, talen=["ckb"], nationaliteiten=["IRQ"])
    sh = StatushouderFactory(gemeente=winterswijk, nationaliteit="IRQ", talen=["ckb"])
    assert [n for n, _ in voorstel(sh)] == ["Alan Barzani", "Yara Dosky", "Dilan Rashid", "Zaid Ward", "Baran Aziz"]


def test_other_region_and_inactive_are_excluded(achterhoek, winterswijk):
    twente = Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")
    SleutelpersoonFactory(naam="Elders", arbeidsmarktregio=twente, talen=["so"], nationaliteiten=["SOM"])
    SleutelpersoonFactory(
        naam="Gestopt", arbeidsmarktregio=achterhoek.regio, gemeente=winterswijk, talen=["so"], actief=False
    )
    sh = StatushouderFactory(gemeente=winterswijk, nationaliteit="SOM", talen=["so"])
    assert voorstel(sh) == [("Hodan Warsame", ["so"])]


def test_no_shared_language_or_no_languages_gives_nothing(winterswijk):
    assert voorstel(StatushouderFactory(gemeente=winterswijk, talen=["pt"])) == []
    assert voorstel(StatushouderFactory(gemeente=winterswijk, talen=[])) == []


def test_one_query(winterswijk, django_assert_num_queries):
    sh = StatushouderFactory(gemeente=winterswijk, nationaliteit="SYR", talen=["ar", "kmr"])
    sh = type(sh).objects.select_related("gemeente").get(pk=sh.pk)
    with django_assert_num_queries(1):
        rijen = voorstel(sh)
    assert rijen == [("Rania Haddad", ["ar"]), ("Hodan Warsame", ["ar"]), ("Mehmet Yildiz", ["kmr"])]


def test_fixture_sleutelpersonen(achterhoek):
    assert Sleutelpersoon.objects.filter(arbeidsmarktregio=achterhoek.regio).count() == 9
    assert not achterhoek.sleutelpersonen["Yohannes Berhe"].actief
    talen = set().union(*Sleutelpersoon.objects.values_list("talen", flat=True))
    assert {"ar", "ti", "fa", "prs", "uk", "tr", "so"} <= talen


def test_taalnaam():
    assert taalnaam("ti") == "Tigrinya"
    assert taalnaam("prs") == "Dari"
    assert taalnaam("xx") == "xx"
