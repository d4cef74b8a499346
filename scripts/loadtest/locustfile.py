"""Locust scenario of `manage.py loadtest`: consultants on their caseload and case pages who record a
voortgangsgesprek through the real form, and taalaanbieders posting attendance batches to the provider API.

No Django here: Locust patches the standard library with gevent, which breaks Django in the same process.
The command passes what the users need (session keys, case ids, API keys, enrolment ids) in a JSON file
named by the environment variable LOADTEST_SCENARIO:

    {"consultants": [{"sessie": "<session key>", "dossiers": ["<uuid>", ...], "gesprekken": ["<uuid>", ...]}],
     "aanbieders": [{"sleutel": "<API key>", "inschrijvingen": [{"id": "<uuid>", "start": "YYYY-MM-DD"}]}],
     "batch": 500, "lessen": 200, "denktijd": [1, 3]}
"""

from __future__ import annotations

import itertools
import json
import os
import random
from datetime import date, timedelta
from html.parser import HTMLParser

from locust import HttpUser, between, task

with open(os.environ["LOADTEST_SCENARIO"], encoding="utf-8") as bestand:
    SCENARIO = json.load(bestand)

_consultants = itertools.cycle(SCENARIO["consultants"])
_aanbieders = itertools.cycle(SCENARIO["aanbieders"])


class FormulierParser(HTMLParser):
    """The fields of every POST form on a page, with the values a browser would submit unchanged."""

    def __init__(self):
        super().__init__()
        self.formulieren: list[dict] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.formulieren.append({"velden": {}, "opties": {}})
        if not self.formulieren:
            return
        velden, opties = self.formulieren[-1]["velden"], self.formulieren[-1]["opties"]
        naam = a.get("name")
        if tag == "input" and naam and a.get("type") not in ("submit", "button"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                velden[naam] = a.get("value") or ("on" if a.get("type") == "checkbox" else "")
        elif tag == "select" and naam:
            self._select = naam
            opties[naam] = []
        elif tag == "option" and self._select:
            opties[self._select].append(a.get("value", ""))
            if "selected" in a or self._select not in velden:
                velden[self._select] = a.get("value", "")
        elif tag == "textarea" and naam:
            self._textarea = naam
            velden[naam] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.formulieren:
            self.formulieren[-1]["velden"][self._textarea] += data


def formulier_met(html: str, veld: str) -> dict | None:
    parser = FormulierParser()
    parser.feed(html)
    return next((f for f in parser.formulieren if veld in f["velden"]), None)


class Consultant(HttpUser):
    """One consultant with an MFA-verified session of his own: caseload, a case page, now and then a gesprek."""

    fixed_count = len(SCENARIO["consultants"])
    wait_time = between(*SCENARIO["denktijd"])

    def on_start(self):
        self.gegevens = next(_consultants)
        self.client.cookies.set("sessionid", self.gegevens["sessie"])

    def _get(self, url, naam):
        with self.client.get(url, name=naam, allow_redirects=False, catch_response=True) as antwoord:
            if antwoord.status_code != 200:
                antwoord.failure(f"status {antwoord.status_code} (verwacht 200) {antwoord.error or ''}")
            return antwoord

    @task(5)
    def caseload(self):
        self._get("/dossiers/", "caseload /dossiers/")

    @task(5)
    def dossier(self):
        self._get(f"/dossiers/{random.choice(self.gegevens['dossiers'])}/", "dossier /dossiers/<uuid>/")

    @task(1)
    def gesprek_vastleggen(self):
        """Open the record form, fill in what a consultant must (verslag, progress per goal) and submit it."""
        dossier = f"/dossiers/{random.choice(self.gegevens['gesprekken'])}/"
        url = f"{dossier}gesprekken/vastleggen/"
        pagina = self._get(url, "gesprek vastleggen: formulier (GET)")
        if pagina.status_code != 200:
            return
        formulier = formulier_met(pagina.text, "verslag")
        if formulier is None:
            pagina.failure("geen formulier met een verslag op de pagina")
            return
        data = formulier["velden"]
        data["verslag"] = "Loadtest: voortgang besproken, afspraken gemaakt voor de komende weken."
        for naam, waarden in formulier["opties"].items():
            if naam.startswith("voortgang_") and not data.get(naam):
                data[naam] = random.choice([w for w in waarden if w])
        with self.client.post(
            url, data=data, name="gesprek vastleggen: opslaan (POST)", allow_redirects=False, catch_response=True
        ) as antwoord:
            if antwoord.status_code != 302 or not antwoord.headers.get("Location", "").endswith(dossier):
                antwoord.failure(
                    f"status {antwoord.status_code} (verwacht: redirect naar het dossier) {antwoord.error or ''}"
                )


class Taalaanbieder(HttpUser):
    """A provider's system posting attendance for its enrolments: a new lesson per enrolment per batch."""

    fixed_count = len(SCENARIO["aanbieders"])
    wait_time = between(2, 5)

    def on_start(self):
        gegevens = next(_aanbieders)
        self.client.headers["Authorization"] = f"Api-Key {gegevens['sleutel']}"
        self.inschrijvingen = gegevens["inschrijvingen"]
        self.rijen = self._rijen()

    def _rijen(self):
        """Endless rows: lesson 0 of every enrolment, then lesson 1 ...; after the last lesson again from
        the start (those rows come back as "ongewijzigd", as the API's idempotence allows)."""
        for les in itertools.cycle(range(SCENARIO["lessen"])):
            for nr, inschrijving in enumerate(self.inschrijvingen):
                afwezig = (les + nr) % 10 == 0
                yield {
                    "inschrijving": inschrijving["id"],
                    "lesId": f"loadtest-{les}",
                    "datum": (date.fromisoformat(inschrijving["start"]) + timedelta(days=les)).isoformat(),
                    "geplandeMinuten": 180,
                    "aanwezigeMinuten": 0 if afwezig else 180 - (les + nr) % 30,
                    "status": "geoorloofdAfwezig" if afwezig else "aanwezig",
                }

    @task
    def aanwezigheid(self):
        batch = list(itertools.islice(self.rijen, SCENARIO["batch"]))
        with self.client.post(
            "/api/v1/aanwezigheid", json=batch, name="API POST /api/v1/aanwezigheid", catch_response=True
        ) as antwoord:
            if antwoord.status_code not in (200, 201):
                antwoord.failure(f"status {antwoord.status_code}: {antwoord.error or antwoord.text[:200]}")
