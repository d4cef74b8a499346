"""The labels of choices in both languages: English pages show no Dutch label, Dutch pages show no raw code; a day
count is singular or plural; amounts have thousands separators; the favicon is there."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from cases.models import Statushouder
from cases.workflow import Status
from inburgering.accounts import roles
from leerroutes.models import Leerroute
from partners.models import Contract
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def _tekst(response) -> str:
    """The visible text of a page: no tags, no attribute values (codes live there, in classes and values)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _nederlandse_labels() -> dict[str, str]:
    """The Dutch label of every choice the pages show, with the English label it must become."""
    keuzes = [
        *Statushouder.Geslacht,
        *Statushouder.Doelgroep,
        *Statushouder.Scenario,
        *Status,
        *Leerroute.Code,
    ]
    labels = {}
    for keuze in keuzes:
        with translation.override("nl"):
            nl = str(keuze.label)
        with translation.override("en"):
            en = str(keuze.label)
        labels[nl] = en
    return labels


def _bevat(tekst: str, woorden: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(woorden)}(?![\w-])", tekst) is not None


@pytest.fixture
def dossiers(winterswijk, consultant):
    from tests.factories import StatushouderFactory

    uitvoering = dict(intake_start_datum=dt.date(2024, 12, 1), pip_dagtekening=dt.date(2025, 1, 15))
    return [
        StatushouderFactory(
            gemeente=winterswijk, consultant=consultant, doelgroep="asiel", overdracht_scenario="snelle_start"
        ),
        StatushouderFactory(
            gemeente=winterswijk, consultant=consultant, status="intake", intake_start_datum=dt.date(2026, 6, 1)
        ),
        StatushouderFactory(
            gemeente=winterswijk,
            consultant=consultant,
            status="in_uitvoering",
            termijn_einde=dt.date(2028, 1, 1),
            geslacht="v",
            **uitvoering,
        ),
    ]


def test_the_labels_are_translated_lazily():
    """The English catalogue gives every label an English text (so no page can show the Dutch one)."""
    labels = _nederlandse_labels()
    onvertaald = [nl for nl, en in labels.items() if nl == en and nl not in ("KNM", "MAP", "PVT")]
    assert onvertaald == []


@pytest.mark.parametrize("taal", ["en"])
def test_english_pages_show_no_dutch_labels(client, teamleider, dossiers, vandaag, taal):
    client.force_login(teamleider)
    client.cookies["django_language"] = taal
    labels = _nederlandse_labels()
    paginas = {
        "caseload": client.get("/dossiers/"),
        "dossier": client.get(f"/dossiers/{dossiers[2].uuid}/"),
        "vandaag": client.get("/dossiers/vandaag/"),
        "registreren": client.get("/dossiers/nieuw/"),
    }
    for naam, response in paginas.items():
        assert response.status_code == 200, naam
        tekst = _tekst(response)
        gelekt = [nl for nl, en in labels.items() if nl != en and _bevat(tekst, nl)]
        assert gelekt == [], (naam, gelekt)
    # and the English labels are there instead
    assert _bevat(_tekst(paginas["registreren"]), labels["asielstatushouder"])
    assert _bevat(_tekst(paginas["registreren"]), labels["snelle start"])
    assert _bevat(_tekst(paginas["registreren"]), labels["vrouw"])
    assert _bevat(_tekst(paginas["caseload"]), labels["in uitvoering"])


def test_dutch_pages_show_no_raw_codes(client, teamleider, dossiers, vandaag):
    client.force_login(teamleider)
    tekst = _tekst(client.get("/dossiers/"))
    assert "in uitvoering" in tekst and "brede intake" in tekst
    codes = [c for c in (*Status.values, *Statushouder.Scenario.values, *Statushouder.Doelgroep.values) if "_" in c]
    adressen = ("/dossiers/", f"/dossiers/{dossiers[2].uuid}/", f"/dossiers/{dossiers[0].uuid}/", "/dossiers/vandaag/")
    for adres in adressen:
        tekst = _tekst(client.get(adres))
        assert [c for c in codes if _bevat(tekst, c)] == [], adres


@pytest.mark.parametrize(
    "rol, naam_nl, naam_en",
    [
        (roles.REGIOCOORDINATOR, "regiocoördinator", "regional coordinator"),
        (roles.BEHEERDER, "beheerder", "administrator"),
    ],
)
def test_home_shows_the_roles_name_not_its_code(client, make_user, achterhoek, rol, naam_nl, naam_en):
    extra = {"arbeidsmarktregio": achterhoek.regio} if rol == roles.REGIOCOORDINATOR else {}
    client.force_login(make_user(rol, **extra))
    tekst = _tekst(client.get("/"))
    assert re.search(rf"Rol {naam_nl}\b", tekst), tekst[:400]
    assert not re.search(rf"\b{rol}\b", tekst.replace(naam_nl, ""))  # (the user name "regiocoordinator1" may)
    client.cookies["django_language"] = "en"
    assert re.search(rf"Role {naam_en}\b", _tekst(client.get("/")))


def test_a_day_count_is_singular_or_plural(achterhoek):
    from partners.selectors.contracten import signalen

    contract = Contract.objects.filter(arbeidsmarktregio=achterhoek.regio).first()
    contract.einddatum, contract.gebruikt = TODAY + dt.timedelta(days=1), 0

    def teksten(vandaag):
        return [s.tekst for s in signalen(contract, vandaag) if s.code == "contract_eindigt"]

    assert teksten(TODAY)[0].startswith("Het contract eindigt over 1 dag (")
    assert teksten(TODAY - dt.timedelta(days=1))[0].startswith("Het contract eindigt over 2 dagen (")
    with translation.override("en"):
        assert teksten(TODAY)[0].startswith("The contract ends in 1 day (")
        assert teksten(TODAY - dt.timedelta(days=1))[0].startswith("The contract ends in 2 days (")


@pytest.mark.parametrize(
    "taal, bedrag, tekst",
    [
        ("nl", Decimal("14500.00"), "€\u00a014.500,00"),
        ("en", Decimal("14500.00"), "€14,500.00"),
        ("nl", Decimal("950"), "€\u00a0950,00"),
        ("nl", Decimal("1234567.5"), "€\u00a01.234.567,50"),
        ("en", None, ""),
    ],
)
def test_amounts_in_euros_with_thousands_separators(taal, bedrag, tekst):
    with translation.override(taal):
        assert Template("{% load weergave %}{{ b|euro }}").render(Context({"b": bedrag})) == tekst


def test_the_contract_page_shows_the_rate_with_separators(client, make_user, achterhoek):
    contract = Contract.objects.filter(arbeidsmarktregio=achterhoek.regio).first()
    Contract.objects.filter(pk=contract.pk).update(tarief=Decimal("14500.00"))
    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    assert "€\u00a014.500,00" in client.get(f"/partners/contracten/{contract.uuid}/").content.decode()
    client.cookies["django_language"] = "en"
    assert "€14,500.00" in client.get(f"/partners/contracten/{contract.uuid}/").content.decode()


def test_favicon(client, consultant):
    client.force_login(consultant)
    page = client.get("/dossiers/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/favicon[^"]*\.svg" type="image/svg\+xml">', page)
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and re.match(r"/static/favicon[^/]*\.svg$", response["Location"])
    from django.contrib.staticfiles import finders

    svg = open(finders.find("favicon.svg"), encoding="utf-8").read()
    assert svg.startswith("<svg") and "<title>" in svg
