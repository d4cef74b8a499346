"""Issue 17, item 7: no input gives a server error. A NUL character anywhere in a URL, a filter or a form is
refused with 400 and a clear Dutch page (inburgering.invoer); an over-long URL with 414; and over-long text in any
filter or form field gives a form error or a page, never a 500.

The scan is data-driven: it takes every page of the URL resolver that needs no id, and every page of one case
(the `<uuid:uuid>` routes under /dossiers/ and the workspace apps, with a real case), plus every admin changelist
and its filter links, and submits every GET filter and every POST form on them with a NUL and with over-long input.
A new page or form is covered without a new test."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver

from inburgering.invoer import MAX_URL_LENGTE

pytestmark = pytest.mark.django_db

NUL = "\x00"
LANG_GET = "x" * 3000  # a long filter, still within MAX_URL_LENGTE
LANG_POST = "x" * 5000
OVERSLAAN = ("uitloggen/", "i18n/", "favicon.ico", "duo-m2m/", "api/")  # logs out / no HTML / tested elsewhere
CASE_PREFIXEN = ("dossiers/", "journaal/", "agenda/dossiers/", "documenten/dossier/")
TEKST_TYPES = {
    "text",
    "search",
    "email",
    "number",
    "date",
    "datetime-local",
    "time",
    "tel",
    "url",
    "hidden",
    "password",
}


class Formulieren(HTMLParser):
    """The forms of a page: [{method, action, velden: {name: value}, tekst: {names of text-like fields}}], and the
    hrefs that are only a query string (admin filter links)."""

    def __init__(self):
        super().__init__()
        self.forms, self.filterlinks, self._form, self._select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action"),
                "velden": {},
                "tekst": set(),
            }
            self.forms.append(self._form)
        elif tag == "a" and (a.get("href") or "").startswith("?"):
            self.filterlinks.append(a["href"])
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            soort = (a.get("type") or "text").lower()
            if soort in ("checkbox", "radio") and "checked" not in a:
                return
            if soort in ("submit", "button", "file", "image", "reset"):
                return
            self._form["velden"][a["name"]] = a.get("value") or ""
            if soort in TEKST_TYPES and a["name"] != "csrfmiddlewaretoken":
                self._form["tekst"].add(a["name"])
        elif tag == "textarea":
            self._form["velden"][a["name"]] = ""
            self._form["tekst"].add(a["name"])
        elif tag == "select":
            self._select = a["name"]
            self._form["velden"].setdefault(a["name"], "")
        if tag == "option" and self._form is not None and self._select and a.get("value"):
            self._form["velden"][self._select] = self._form["velden"][self._select] or a["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def paginas(case_uuid) -> list[str]:
    """Every route without an id, and every route of one case whose only id is the case's."""
    uit = []
    for route in routes():
        if route.startswith(OVERSLAAN) or "(?P" in route or route.startswith("^"):
            continue
        if "<" not in route:
            uit.append("/" + route)
        elif route.startswith(CASE_PREFIXEN) and re.sub(r"<uuid:uuid>", "", route).count("<") == 0:
            uit.append("/" + route.replace("<uuid:uuid>", str(case_uuid)))
    return sorted(set(uit))


def gevuld(velden: dict, namen, waarde: str) -> dict:
    return {naam: (waarde if naam in namen else oud) for naam, oud in velden.items()}


class Scan:
    def __init__(self, client):
        self.client = client
        self.client.raise_request_exception = False
        self.fouten: list[str] = []
        self.geposte: set = set()
        self.verzoeken = 0

    def vraag(self, methode: str, url: str, data=None, *, verwacht_400=False):
        self.verzoeken += 1
        response = getattr(self.client, methode)(url, data) if data is not None else getattr(self.client, methode)(url)
        if response.status_code >= 500 or (verwacht_400 and response.status_code != 400):
            self.fouten.append(f"{methode.upper()} {url[:120]!r} {sorted(data or {})[:5]} → {response.status_code}")
        return response

    def pagina(self, url: str):
        response = self.vraag("get", url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            return  # a redirect, a refusal, a PDF: no filters or forms on it
        self.vraag("get", f"{url}?{urlencode({'q': NUL})}", verwacht_400=True)
        self.vraag("get", f"{url}?{urlencode({'q': LANG_GET})}")
        parser = Formulieren()
        parser.feed(response.content.decode())
        filters = {naam for href in parser.filterlinks for naam, _waarde in parse_qsl(href[1:], keep_blank_values=True)}
        for naam in sorted(filters - {"q"}):  # the admin's list filters: each parameter with NUL and long input
            self.vraag("get", f"{url}?{urlencode({naam: NUL})}", verwacht_400=True)
            self.vraag("get", f"{url}?{urlencode({naam: LANG_GET})}")
        for form in parser.forms:
            doel = urlsplit(form["action"] or url).path or url
            if any(deel in doel for deel in ("/uitloggen/", "/i18n/")) or not form["velden"]:
                continue
            if form["method"] == "get":
                for naam in form["velden"]:
                    self.vraag("get", f"{doel}?{urlencode({naam: NUL})}", verwacht_400=True)
                    self.vraag("get", f"{doel}?{urlencode({**form['velden'], naam: LANG_GET})[: MAX_URL_LENGTE - 200]}")
            elif (doel, frozenset(form["velden"])) not in self.geposte and form["tekst"]:
                self.geposte.add((doel, frozenset(form["velden"])))
                self.vraag("post", doel, gevuld(form["velden"], form["tekst"], NUL), verwacht_400=True)
                self.vraag("post", doel, gevuld(form["velden"], form["tekst"], LANG_POST))


def test_nul_en_lange_invoer_in_elk_filter_en_formulier_geven_nooit_een_500(
    client, wereld, django_assert_max_num_queries
):
    users, cases = wereld
    scan = Scan(client)
    beheer = get_user_model().objects.create_superuser("scan-beheer", "scan@example.org", "wachtwoord-scan-1")
    for user, alleen in ((users["teamleider"], None), (beheer, "/admin/")):
        client.force_login(user)
        for url in paginas(cases["eigen"].uuid if user != users["teamleider"] else cases["collega"].uuid):
            if (alleen is None and url.startswith("/admin/")) or (alleen and not url.startswith(alleen)):
                continue
            scan.pagina(url)
    assert scan.verzoeken > 300  # the scan really ran over the site
    assert not scan.fouten, "\n".join(scan.fouten)


def test_nul_in_een_adminfilter_is_een_nederlandse_400_pagina(admin_client):
    response = admin_client.get("/admin/audit/auditevent/?q=%00")
    assert response.status_code == 400
    pagina = response.content.decode()
    assert "Ongeldige invoer" in pagina and "NUL-teken" in pagina and '<html lang="nl">' in pagina


def test_nul_in_een_formulier_is_400_en_er_verandert_niets(client, wereld):
    users, cases = wereld
    client.force_login(users["consultant"])
    voor = cases["eigen"].achternaam
    response = client.post(f"/dossiers/{cases['eigen'].uuid}/persoonsgegevens/", {"achternaam": "Jansen\x00"})
    assert response.status_code == 400 and "NUL-teken" in response.content.decode()
    cases["eigen"].refresh_from_db()
    assert cases["eigen"].achternaam == voor


def test_een_te_lange_url_is_414_met_een_nederlandse_pagina(client):
    response = client.get("/dossiers/?q=" + "x" * MAX_URL_LENGTE)
    assert response.status_code == 414
    assert "Adres te lang" in response.content.decode()
    assert client.get("/toegankelijkheid/?q=" + "x" * 3000).status_code == 200  # long, but within the limit


def test_een_bestand_met_nul_bytes_mag_wel(client, wereld):
    """Only form fields are checked: an uploaded file may hold NUL bytes (a PDF does)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    users, cases = wereld
    client.force_login(users["consultant"])
    bestand = SimpleUploadedFile("brief.pdf", b"%PDF-1.4\x00\x00binary", content_type="application/pdf")
    response = client.post(f"/documenten/dossier/{cases['eigen'].uuid}/uploaden/", {"bestand": bestand})
    assert response.status_code in (200, 302) and "NUL-teken" not in response.content.decode()


@pytest.mark.parametrize("pad", ["/inloggen/", "/admin/login/"])
def test_een_te_lange_gebruikersnaam_bij_inloggen_is_400(client, pad):
    """Django's login form never validates the username's length; django-axes then failed to store the attempt."""
    response = client.post(pad, {"username": "x" * 300, "password": "geheim"})
    assert response.status_code == 400 and "gebruikersnaam is te lang" in response.content.decode()
    assert client.post(pad, {"username": "x" * 150, "password": "geheim"}).status_code == 200  # the form's error
