"""Issue 17, item 2: the caseload's and the toewijzen list's search is posted and kept in the session (the URL holds a
token, never the term); paging through the results and sorting them keep the search, and none of their links
carries the term."""

import html
import re
from urllib.parse import urljoin

import pytest

from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db

VOORNAMEN = ["Amal", "Bilal", "Chadia", "Dounia", "Elias", "Fatima", "Ghassan"]


@pytest.fixture
def haddads(winterswijk, consultant):
    """Seven Haddads among others, all the consultant's (and so the teamleider's gemeente's)."""
    for voornaam in VOORNAMEN:
        StatushouderFactory(gemeente=winterswijk, consultant=consultant, voornamen=voornaam, achternaam="Haddad")
    for achternaam in ("Tesfay", "Yilmaz"):
        StatushouderFactory(gemeente=winterswijk, consultant=consultant, voornamen="Sara", achternaam=achternaam)


def _namen(response) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a></th>', response.content.decode())


def _urls(response) -> list[str]:
    page = response.content.decode()
    return [html.unescape(u) for u in re.findall(r'(?:href|action|hx-get|hx-post|hx-push-url)="([^"]*)"', page)]


def _link(response, patroon: str) -> str:
    """The href of the first <a> whose attributes match `patroon` (e.g. rel="next")."""
    gevonden = re.search(
        rf'<a [^>]*{patroon}[^>]*href="([^"]*)"|<a [^>]*href="([^"]*)"[^>]*{patroon}', response.content.decode()
    )
    assert gevonden, patroon
    return urljoin(response.request["PATH_INFO"], html.unescape(gevonden.group(1) or gevonden.group(2)))


def _geen_term_in_urls(response, term: str) -> None:
    for url in _urls(response):
        assert term.lower() not in url.lower() and "q=" not in url, url


@pytest.mark.parametrize("wie", ["consultant", "teamleider"])
def test_caseload_bladeren_en_sorteren_houden_de_zoekopdracht(client, haddads, monkeypatch, request, wie):
    monkeypatch.setattr("cases.views.caseload.PER_PAGINA", 3)
    client.force_login(request.getfixturevalue(wie))
    gepost = client.post("/dossiers/", {"q": "haddad", "sort": "naam"})
    assert gepost.status_code == 302 and "zoek=" in gepost["Location"] and "haddad" not in gepost["Location"]

    gezien, response = [], client.get(gepost["Location"])
    for _pagina in range(3):
        _geen_term_in_urls(response, "haddad")
        gezien += _namen(response)
        if 'rel="next"' not in response.content.decode():
            break
        response = client.get(_link(response, 'rel="next"'))
    assert gezien == [f"Haddad, {v}" for v in VOORNAMEN]  # all seven, by name, and only the Haddads

    aflopend = client.get(_link(response, 'class="app-sort-link"'))  # "Naam" again: descending, from page 1
    _geen_term_in_urls(aflopend, "haddad")
    assert _namen(aflopend) == [f"Haddad, {v}" for v in reversed(VOORNAMEN)][:3]
    # the same list loaded by htmx (the sort links and the page links swap the table)
    htmx = client.get(_link(aflopend, 'rel="next"'), headers={"HX-Request": "true", "HX-Target": "caseload-resultaat"})
    assert _namen(htmx) == [f"Haddad, {v}" for v in reversed(VOORNAMEN)][3:6]
    _geen_term_in_urls(htmx, "haddad")


def test_toewijzen_bladeren_houdt_de_zoekopdracht(client, haddads, teamleider, monkeypatch):
    monkeypatch.setattr("cases.views.team.PER_PAGINA", 3)
    client.force_login(teamleider)
    gepost = client.post("/dossiers/team/toewijzen/", {"q": "haddad", "zoeken": "1"})
    assert gepost.status_code == 302 and "zoek=" in gepost["Location"] and "haddad" not in gepost["Location"]
    gezien, response = [], client.get(gepost["Location"])
    for _pagina in range(3):
        _geen_term_in_urls(response, "haddad")
        gezien += _namen(response)
        if 'rel="next"' not in response.content.decode():
            break
        response = client.get(_link(response, 'rel="next"'))
    assert gezien == [f"Haddad, {v}" for v in VOORNAMEN]
    # "select all on this page" keeps the search as well
    alles = re.search(r'href="([^"]*alles=on[^"]*)"', response.content.decode()).group(1)
    alles = client.get(urljoin(response.request["PATH_INFO"], html.unescape(alles)))
    assert _namen(alles) == ["Haddad, Ghassan"] and "checked" in alles.content.decode()
