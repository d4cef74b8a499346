"""The report pages: who sees which run (403 for a consultant, 404 for someone else's run), the start form's Dutch
errors and its happy path, retry of a failed run, the progress partial, the downloads with their audit event, and
the three dashboards rendering a ready run with a number of queries that does not grow with the region."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent
from leerroutes.models import Leerroute, Onderdeel
from partners.models import Arbeidsmarktregio
from partners.services import create_gemeente
from reports.engine import bereken_rapport, onderdruk
from reports.indicators.base import Periode
from reports.models import ReportRun
from tests.factories import (
    AanwezigheidFactory,
    ExamenresultaatFactory,
    InschrijvingFactory,
    PipFactory,
    PipVersieFactory,
    StatushouderFactory,
)

pytestmark = pytest.mark.django_db

KWARTAAL = Periode.kwartaal(2026, 3)
TODAY = dt.date(2026, 11, 24)
MAANDEN = [m.start.strftime("%Y-%m") for m in KWARTAAL.maanden(12)]


# --- A stored result: true figures in the format of reports.engine.bereken_rapport, suppressed by engine.onderdruk --


def _maat(code, label, soort, eenheid="", decimalen=0):
    return {"code": code, "label": label, "soort": soort, "eenheid": eenheid, "decimalen": decimalen}


def _meting(niveau, eenheid, maat, waarde, basis, uitsplitsing=""):
    return {
        "niveau": niveau,
        "eenheid": eenheid,
        "uitsplitsing": uitsplitsing,
        "maat": maat,
        "waarde": waarde,
        "basis": basis,
    }


def _indicator(code, naam, groep, maten, metingen, *, niveaus=("gemeente", "regio"), uitsplitsingen=(), trend=()):
    return {
        "code": code,
        "naam": naam,
        "groep": groep,
        "definitie": f"Definitie van {naam}.",
        "niveaus": list(niveaus),
        "uitsplitsingen": [list(u) for u in uitsplitsingen],
        "maten": maten,
        "trend_maat": maten[0]["code"] if trend else None,
        "metingen": metingen,
        "trend": list(trend),
    }


def resultaat(regio, gemeenten, aanbieders) -> dict:
    """Four indicators (one per kind of table) over `gemeenten`: the first gemeente's instroom is 3 ("<5", and so
    the next one's too: secondary suppression), the others 11, 12, ...; attendance and exams per provider and
    route/onderdeel; a 12-month instroom trend with one month below 5."""
    instroom = [_meting("regio", regio.code, "aantal", 0, 0)]
    for i, g in enumerate(gemeenten):
        n = 3 if i == 0 else 10 + i
        instroom.append(_meting("gemeente", g.cbs_code, "aantal", n, n))
        instroom[0]["waarde"] = instroom[0]["basis"] = instroom[0]["waarde"] + n
    trend = [{"maand": m, **_meting("regio", regio.code, "aantal", 20 + i, 20 + i)} for i, m in enumerate(MAANDEN)]
    trend[5] = {"maand": MAANDEN[5], **_meting("regio", regio.code, "aantal", 4, 4)}
    aanwezigheid, examens = [], []
    for j, a in enumerate(aanbieders):
        for route in ("b1", "z"):
            basis = 2 if (j, route) == (1, "z") else 12
            aanwezigheid += [
                _meting("aanbieder", str(a.uuid), "percentage", 91 - 10 * j, basis, route),
                _meting("aanbieder", str(a.uuid), "uren_gepland", 400.0, basis, route),
                _meting("aanbieder", str(a.uuid), "uren_aanwezig", 364.0 - 40 * j, basis, route),
            ]
        examens.append(_meting("aanbieder", str(a.uuid), "geslaagd", 75, 20, "lezen"))
    indicatoren = [
        _indicator("I1", "Instroom", "instroom", [_maat("aantal", "Aantal", "aantal")], instroom, trend=trend),
        _indicator(
            "I8",
            "Aanwezigheid",
            "uitvoering",
            [
                _maat("percentage", "Aanwezig", "verhouding", "%"),  # minutes over minutes, as I8's
                _maat("uren_gepland", "Uren gepland", "verhouding", "uur"),
                _maat("uren_aanwezig", "Uren aanwezig", "verhouding", "uur"),
            ],
            [_meting("regio", regio.code, "percentage", 84, 60), *aanwezigheid],
            niveaus=("gemeente", "regio", "aanbieder"),
            uitsplitsingen=(("b1", "B1-route"), ("z", "Z-route")),
        ),
        _indicator(
            "I9",
            "Examens",
            "uitvoering",
            [_maat("geslaagd", "Geslaagd", "percentage", "%")],
            examens,
            niveaus=("gemeente", "regio", "aanbieder"),
            uitsplitsingen=(("lezen", "Lezen"),),
        ),
        _indicator(
            "I12",
            "Participatie",
            "resultaat",
            [_maat("werk", "In betaald werk", "percentage", "%")],
            [_meting("regio", regio.code, "werk", 31, 40)]
            + [_meting("gemeente", g.cbs_code, "werk", 50, 10) for g in gemeenten],
        ),
    ]
    return onderdruk(
        {
            "versie": 1,
            "periode": KWARTAAL.als_dict(),
            "eenheden": {
                "regio": {regio.code: regio.naam},
                "gemeente": {g.cbs_code: g.naam for g in gemeenten},
                "aanbieder": {str(a.uuid): a.naam for a in aanbieders},
            },
            "gemeenten_per_regio": {regio.code: [g.cbs_code for g in gemeenten]},
            "indicatoren": indicatoren,
        }
    )


def maak_run(achterhoek, *, soort="regio", status="klaar", gemeenten=None, door=None, **velden) -> ReportRun:
    gemeenten = gemeenten if gemeenten is not None else sorted(achterhoek.gemeenten.values(), key=lambda g: g.naam)
    klaar = status == "klaar"
    aanbieders = [achterhoek.aanbieders["Interbeek"], achterhoek.aanbieders["TopTaal"]]  # by name, as the engine
    return ReportRun.objects.create(
        soort=soort,
        arbeidsmarktregio=achterhoek.regio if soort == "regio" else None,
        gemeente=gemeenten[0] if soort == "gemeente" else None,
        periode="kwartaal",
        periode_start=KWARTAAL.start,
        periode_eind=KWARTAAL.eind,
        status=status,
        voortgang=100 if klaar else velden.pop("voortgang", 40),
        resultaat=resultaat(achterhoek.regio, gemeenten, aanbieders) if klaar else None,
        aangevraagd_door=door,
        **velden,
    )


@pytest.fixture(autouse=True)
def _vandaag(monkeypatch):
    """The start form's default and its "future period" check read today's date: fix it at the suite's TODAY."""
    monkeypatch.setattr("reports.forms.timezone.localdate", lambda: TODAY)


@pytest.fixture
def coordinator(make_user, achterhoek):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)


@pytest.fixture
def twente():
    return Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _teksten(response) -> str:
    return response.content.decode()


# --- Permissions ---------------------------------------------------------------------------------------------------


def test_a_consultant_gets_403_on_every_reports_page(client, consultant, achterhoek):
    run = maak_run(achterhoek)
    client.force_login(consultant)
    for url in [
        reverse("reports:overzicht"),
        reverse("reports:gemeente"),
        reverse("reports:run", args=[run.uuid]),
        reverse("reports:voortgang", args=[run.uuid]),
        reverse("reports:aanbieders", args=[run.uuid]),
        reverse("reports:download", args=[run.uuid, "pdf"]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reports:starten"), {"soort": "regio"}).status_code == 403
    assert client.post(reverse("reports:opnieuw", args=[run.uuid])).status_code == 403
    assert "Rapportages" not in _teksten(client.get(reverse("partners:organisaties")))


def test_a_coordinator_of_another_region_gets_404_on_the_run(client, make_user, achterhoek, twente):
    run = maak_run(achterhoek)
    ander = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=twente)
    client.force_login(ander)
    for naam in ("reports:run", "reports:voortgang", "reports:aanbieders"):
        assert client.get(reverse(naam, args=[run.uuid])).status_code == 404
    assert client.get(reverse("reports:download", args=[run.uuid, "csv"])).status_code == 404
    assert client.post(reverse("reports:opnieuw", args=[run.uuid])).status_code == 404
    assert run.uuid.hex not in _teksten(client.get(reverse("reports:overzicht"))).replace("-", "")


def test_the_overview_lists_the_runs_the_user_may_see_newest_first(
    client, coordinator, teamleider, make_user, achterhoek, twente
):
    andere_regio_gemeente = create_gemeente(
        naam="Enschede", cbs_code="GM0153", inwoners=160_000, arbeidsmarktregio=twente
    )
    oud = maak_run(achterhoek, door=coordinator)
    nieuw = maak_run(achterhoek, status="bezig", voortgang=40)
    ReportRun.objects.filter(pk=oud.pk).update(aangemaakt_op=dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC))
    gemeenterun = maak_run(achterhoek, soort="gemeente", gemeenten=[achterhoek.gemeenten["Winterswijk"]])
    client.force_login(coordinator)
    pagina = _teksten(client.get(reverse("reports:overzicht")))
    assert pagina.index(str(nieuw.uuid)) < pagina.index(str(oud.uuid))
    assert str(gemeenterun.uuid) not in pagina  # a gemeente run is the teamleider's
    assert "Achterhoek, 3e kwartaal 2026" in pagina and "40%" in pagina and "app-status--bezig" in pagina
    assert 'href="/rapportages/"' in pagina and 'aria-current="page"' in pagina  # the nav item

    client.force_login(teamleider)
    pagina = _teksten(client.get(reverse("reports:overzicht")))
    assert str(gemeenterun.uuid) in pagina and str(oud.uuid) in pagina  # his gemeente's, and his region's runs
    assert "Naar het gemeentedashboard" in pagina
    client.force_login(make_user(roles.TEAMLEIDER, gemeente=andere_regio_gemeente))
    pagina = _teksten(client.get(reverse("reports:overzicht")))
    assert str(gemeenterun.uuid) not in pagina and str(oud.uuid) not in pagina


def test_the_overview_without_runs_shows_the_empty_state_and_a_form_with_the_last_full_quarter(
    client, coordinator, achterhoek
):
    client.force_login(coordinator)
    response = client.get(reverse("reports:overzicht"))
    form = response.context["form"]
    assert response.status_code == 200 and "Er zijn nog geen rapportages." in _teksten(response)
    assert form.soorten == ["regio"]  # no gemeente runs, no national run for a regiocoördinator
    assert list(form.fields["regio"].queryset) == [achterhoek.regio]
    assert {k: form.initial[k] for k in ("soort", "periode", "jaar", "nummer")} == {
        "soort": "regio",
        "periode": "kwartaal",
        "jaar": 2026,
        "nummer": 3,
    }  # the last full quarter before 24 November 2026)


def test_a_beheerder_may_start_every_kind(client, make_user, achterhoek):
    client.force_login(make_user(roles.BEHEERDER))
    assert client.get(reverse("reports:overzicht")).context["form"].soorten == ["regio", "gemeente", "landelijk"]


# --- Starting a run ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "veld", "fout"),
    [
        ({"periode": "maand", "nummer": "13"}, "nummer", "Een maand heeft een nummer van 1 tot en met 12."),
        ({"periode": "kwartaal", "nummer": "5"}, "nummer", "Een kwartaal heeft een nummer van 1 tot en met 4."),
        ({"periode": "kwartaal", "nummer": ""}, "nummer", "Vul het nummer van de maand of het kwartaal in."),
        ({"jaar": "2027", "periode": "jaar"}, "jaar", "De periode 2027 is nog niet begonnen"),
        ({"jaar": "2026", "nummer": "12", "periode": "maand"}, "nummer", "De periode december 2026 is nog niet"),
        ({"jaar": "2019"}, "jaar", "Er zijn rapportages vanaf 2022"),
        ({"soort": "landelijk"}, "soort", "Selecteer een geldige keuze. landelijk is geen beschikbare keuze."),
        ({"regio": "TWENTE"}, "regio", "Selecteer een geldige keuze."),
    ],
)
def test_the_start_form_refuses_bad_input_in_dutch(client, coordinator, achterhoek, twente, data, veld, fout):
    if data.get("regio") == "TWENTE":
        data = {**data, "regio": str(twente.uuid)}  # a region that is not his
    client.force_login(coordinator)
    geldig = {
        "soort": "regio",
        "regio": str(achterhoek.regio.uuid),
        "periode": "kwartaal",
        "jaar": "2026",
        "nummer": "2",
    }
    response = client.post(reverse("reports:starten"), {**geldig, **data})
    assert response.status_code == 400
    assert fout in " ".join(response.context["form"].errors[veld])
    assert "De rapportage is niet gestart." in _teksten(response)
    assert not ReportRun.objects.exists()


def test_a_page_link_of_the_list_under_the_form_errors_goes_to_the_overview(client, coordinator, achterhoek):
    client.force_login(coordinator)
    response = client.get(reverse("reports:starten"), {"page": "2"})
    assert response.status_code == 302 and response["Location"] == reverse("reports:overzicht") + "?page=2"


def test_starting_a_run_creates_it_waiting_and_redirects_to_its_page(
    client, coordinator, achterhoek, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    data = {"soort": "regio", "regio": str(achterhoek.regio.uuid), "periode": "maand", "jaar": "2026", "nummer": "10"}
    response = client.post(reverse("reports:starten"), data)
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:run", args=[run.uuid])
    assert (run.status, run.soort, run.arbeidsmarktregio, run.aangevraagd_door) == (
        "wachtend",
        "regio",
        achterhoek.regio,
        coordinator,
    )
    assert (run.periode, run.periode_start, run.periode_eind) == ("maand", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    pagina = _teksten(client.get(response["Location"]))
    assert "De rapportage over oktober 2026 is gestart." in pagina
    assert 'hx-trigger="every 2s"' in pagina and '<progress class="app-voortgang__balk"' in pagina


def test_a_teamleider_starts_the_run_of_his_own_gemeente_only(client, teamleider, achterhoek):
    client.force_login(teamleider)
    data = {"soort": "gemeente", "periode": "kwartaal", "jaar": "2026", "nummer": "3"}
    aalten = achterhoek.gemeenten["Aalten"]
    response = client.post(reverse("reports:starten"), {**data, "gemeente": str(aalten.uuid)})
    assert response.status_code == 400 and "gemeente" in response.context["form"].errors
    response = client.post(reverse("reports:starten"), {**data, "soort": "regio", "regio": str(achterhoek.regio.uuid)})
    assert response.status_code == 400 and "soort" in response.context["form"].errors
    winterswijk = achterhoek.gemeenten["Winterswijk"]
    response = client.post(reverse("reports:starten"), {**data, "gemeente": str(winterswijk.uuid)})
    assert response.status_code == 302
    assert ReportRun.objects.get().gemeente == winterswijk


# --- Progress, retry -----------------------------------------------------------------------------------------------


def test_the_progress_partial_polls_while_busy_and_reloads_the_page_when_done(client, coordinator, achterhoek):
    run = maak_run(achterhoek, status="bezig", voortgang=40)
    client.force_login(coordinator)
    url = reverse("reports:voortgang", args=[run.uuid])
    response = client.get(url, headers={"HX-Request": "true"})
    deel = _teksten(response)
    assert response.status_code == 200 and "<html" not in deel
    assert 'hx-trigger="every 2s"' in deel and 'value="40"' in deel and "40% klaar" in deel

    ReportRun.objects.filter(pk=run.pk).update(status="klaar", voortgang=100, resultaat={})
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    deel = _teksten(client.get(url))  # without htmx: the partial, not polling, with a link to the result
    assert "hx-trigger" not in deel and "Naar de rapportage" in deel


def test_a_failed_run_shows_its_error_and_can_be_retried(client, coordinator, achterhoek):
    run = maak_run(achterhoek, status="mislukt", voortgang=60, foutmelding="Tijdslimiet overschreden na 600 s")
    client.force_login(coordinator)
    pagina = _teksten(client.get(reverse("reports:run", args=[run.uuid])))
    assert "De rapportage is mislukt." in pagina and "Tijdslimiet overschreden na 600 s" in pagina
    assert "hx-trigger" not in pagina
    response = client.post(reverse("reports:opnieuw", args=[run.uuid]))
    assert response.status_code == 302 and response["Location"] == reverse("reports:run", args=[run.uuid])
    run.refresh_from_db()
    assert run.status == "wachtend"
    assert "De rapportage wordt opnieuw gemaakt." in _teksten(client.get(response["Location"]))


# --- Downloads -----------------------------------------------------------------------------------------------------


def test_download_serves_the_file_and_logs_an_export(client, coordinator, achterhoek, media):
    run = maak_run(achterhoek)
    client.force_login(coordinator)
    assert client.get(reverse("reports:download", args=[run.uuid, "pdf"])).status_code == 404  # not rendered yet
    assert client.get(reverse("reports:download", args=[run.uuid, "docx"])).status_code == 404
    run.pdf.save("r.pdf", ContentFile(b"%PDF-1.7 rapport"))
    run.xlsx.save("r.xlsx", ContentFile(b"PK\x03\x04"))
    pagina = _teksten(client.get(reverse("reports:run", args=[run.uuid])))
    assert reverse("reports:download", args=[run.uuid, "pdf"]) in pagina
    assert reverse("reports:download", args=[run.uuid, "csv"]) not in pagina

    response = client.get(reverse("reports:download", args=[run.uuid, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="rapportage-regio-2026-07-')
    assert b"".join(response.streaming_content) == b"%PDF-1.7 rapport"
    response = client.get(reverse("reports:download", args=[run.uuid, "xlsx"]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    exports = AuditEvent.objects.filter(handeling="export", object_id=str(run.uuid)).order_by("id")
    assert [(e.actor_id, e.object_type, e.toelichting) for e in exports] == [
        (str(coordinator.uuid), "reports.reportrun", "pdf"),
        (str(coordinator.uuid), "reports.reportrun", "xlsx"),
    ]


# --- Dashboards ----------------------------------------------------------------------------------------------------


def test_the_region_overview_shows_every_gemeente_the_trend_and_logs_the_view(client, coordinator, achterhoek):
    run = maak_run(achterhoek)
    client.force_login(coordinator)
    response = client.get(reverse("reports:run", args=[run.uuid]))
    pagina = _teksten(response)
    assert [s["groep"] for s in response.context["secties"]] == ["instroom", "uitvoering", "resultaat"]
    instroom = response.context["secties"][0]["indicatoren"][0]
    assert [(r.naam, str(r.cellen[0])) for r in instroom.tabel.rijen] == [
        ("Achterhoek", "101"),
        ("Aalten", "<5"),
        ("Berkelland", "<5"),
        ("Bronckhorst", "12"),
        ("Doetinchem", "13"),
        ("Montferland", "14"),
        ("Oost Gelre", "15"),
        ("Oude IJsselstreek", "16"),
        ("Winterswijk", "17"),
    ]
    assert [str(c) for _m, c in instroom.reeks][4:7] == ["24", "<5", "26"]
    assert pagina.count('role="img"') == 3  # the comparisons of I1 and I12 and the trend
    assert "Geen grafiek van Examens" in pagina  # no gemeente has an exam figure: a sentence, not an empty chart
    assert "<summary>Definitie</summary>" in pagina and "Definitie van Instroom." in pagina
    assert "<summary>Cijfers van de trend</summary>" in pagina
    assert '<th scope="row" class="utrecht-table__header-cell">okt 2025</th>' in pagina  # the trend as text
    assert "Downloads" in pagina and "hx-trigger" not in pagina
    assert (
        AuditEvent.objects.filter(handeling="read", object_id=str(run.uuid), toelichting="regio-overzicht").count() == 1
    )


def test_the_provider_view_shows_attendance_and_exams_per_provider(client, coordinator, achterhoek):
    run = maak_run(achterhoek)
    client.force_login(coordinator)
    response = client.get(reverse("reports:aanbieders", args=[run.uuid]))
    blokken = response.context["blokken"]
    assert [b.tabel.indicator["code"] for b in blokken] == ["I8", "I9"]
    i8 = blokken[0].tabel
    assert [k.label for k in i8.kolommen] == [  # not the region's total "Aanwezig": no provider has it
        "B1-route: Aanwezig",
        "B1-route: Uren gepland",
        "B1-route: Uren aanwezig",
        "Z-route: Aanwezig",
        "Z-route: Uren gepland",
        "Z-route: Uren aanwezig",
    ]
    rijen = {(r.niveau, r.naam): [str(c) for c in r.cellen] for r in i8.rijen}
    assert rijen == {
        ("aanbieder", "Interbeek"): ["91%", "400", "364", "91%", "400", "364"],
        ("aanbieder", "TopTaal"): ["81%", "400", "324", "<5", "<5", "<5"],
    }
    assert "uren gepland en aanwezig per aanbieder" in _teksten(response) and blokken[1].vergelijking == ""
    assert AuditEvent.objects.filter(handeling="read", object_id=str(run.uuid), toelichting="aanbieders").count() == 1


def test_the_provider_view_of_an_unfinished_run_goes_back_to_the_run(client, coordinator, achterhoek):
    run = maak_run(achterhoek, status="wachtend", voortgang=0)
    client.force_login(coordinator)
    response = client.get(reverse("reports:aanbieders", args=[run.uuid]))
    assert response.status_code == 302 and response["Location"] == reverse("reports:run", args=[run.uuid])


def test_the_gemeente_dashboard_shows_the_own_gemeente_beside_the_region(client, teamleider, achterhoek):
    client.force_login(teamleider)
    response = client.get(reverse("reports:gemeente"))
    assert response.status_code == 200 and "Nog geen rapportage" in _teksten(response)
    assert 'name="gemeente" value="{}"'.format(achterhoek.gemeenten["Winterswijk"].uuid) in _teksten(response)
    assert 'name="jaar" value="2026"' in _teksten(response) and 'name="nummer" value="3"' in _teksten(response)

    gemeenten = sorted(achterhoek.gemeenten.values(), key=lambda g: g.naam)
    winterswijk = achterhoek.gemeenten["Winterswijk"]
    lopend = maak_run(achterhoek, soort="gemeente", status="bezig", gemeenten=[winterswijk])
    pagina = _teksten(client.get(reverse("reports:gemeente")))
    assert reverse("reports:run", args=[lopend.uuid]) in pagina and "Rapportage maken" not in pagina
    maak_run(achterhoek, soort="gemeente", gemeenten=[winterswijk, *[g for g in gemeenten if g != winterswijk]])
    response = client.get(reverse("reports:gemeente"))
    instroom = response.context["secties"][0]["indicatoren"][0]
    assert [(r.niveau, r.naam) for r in instroom.tabel.rijen] == [("regio", "Achterhoek"), ("gemeente", "Winterswijk")]
    assert str(instroom.tabel.rijen[1].cellen[0]) == "<5" and len(instroom.reeks) == 12
    assert AuditEvent.objects.filter(handeling="read", toelichting="gemeentedashboard").count() == 1


def test_a_teamleider_of_two_gemeenten_picks_one(client, make_user, achterhoek):
    aalten, winterswijk = achterhoek.gemeenten["Aalten"], achterhoek.gemeenten["Winterswijk"]
    user = make_user(roles.TEAMLEIDER, gemeente=winterswijk)
    user.groups.add(aalten.group)
    client.force_login(user)
    assert client.get(reverse("reports:gemeente")).context["gemeente"] == aalten  # first by name
    response = client.get(reverse("reports:gemeente"), {"gemeente": str(winterswijk.uuid)})
    assert response.context["gemeente"] == winterswijk and 'id="kies-gemeente"' in _teksten(response)
    response = client.get(reverse("reports:gemeente"), {"gemeente": str(achterhoek.gemeenten["Doetinchem"].uuid)})
    assert response.context["gemeente"] == aalten  # not his: the default


def test_a_national_run_shows_the_regions_first_and_one_region_on_request(client, make_user, achterhoek):
    run = maak_run(achterhoek, soort="landelijk")
    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio))
    response = client.get(reverse("reports:run", args=[run.uuid]))
    instroom = response.context["secties"][0]["indicatoren"][0]
    assert [(r.niveau, str(r.cellen[0])) for r in instroom.tabel.rijen] == [("regio", "101")]
    assert instroom.vergelijking == "" and instroom.reeks is None
    response = client.get(reverse("reports:run", args=[run.uuid]), {"regio": achterhoek.regio.code})
    assert len(response.context["secties"][0]["indicatoren"][0].tabel.rijen) == 9
    assert response.context["regio"] == {"code": achterhoek.regio.code, "naam": "Achterhoek"}


# --- The real engine: a small dataset, bereken_rapport + onderdruk -------------------------------------------------


def dataset(achterhoek, gemeenten, per_gemeente: int) -> None:
    """`per_gemeente` statushouders in each gemeente, housed in the quarter, with a B1 plan and a provider
    (alternately TopTaal and Interbeek), attendance and one exam in the quarter."""
    route = Leerroute.objects.get(code="b1")
    lezen = Onderdeel.objects.get(code="lezen")
    aanbieders = [achterhoek.aanbieders["TopTaal"], achterhoek.aanbieders["Interbeek"]]
    for g in gemeenten:
        for i in range(per_gemeente):
            sh = StatushouderFactory(gemeente=g, status="in_uitvoering", huisvesting_datum=dt.date(2026, 7, 1 + i),
                                     pip_dagtekening=dt.date(2026, 8, 1))  # fmt: skip
            aanbieder = aanbieders[i % 2]
            PipVersieFactory(pip=PipFactory(statushouder=sh), leerroute=route, taalaanbieder=aanbieder,
                             dagtekening=dt.date(2026, 8, 1))  # fmt: skip
            ins = InschrijvingFactory(statushouder=sh, organisatie=aanbieder, leerroute=route)
            AanwezigheidFactory(inschrijving=ins, datum=dt.date(2026, 9, 1), geplande_minuten=180,
                                aanwezige_minuten=120 + i)  # fmt: skip
            ExamenresultaatFactory(inschrijving=ins, onderdeel=lezen, datum=dt.date(2026, 9, 15), behaald=i % 3 != 0)


def engine_run(achterhoek, gemeenten, *, soort="regio", door=None) -> ReportRun:
    """A ready run whose result comes from the real engine over `gemeenten`, suppressed as the task stores it."""
    run = maak_run(achterhoek, soort=soort, status="wachtend", gemeenten=gemeenten, door=door)
    run.resultaat = onderdruk(bereken_rapport([g.pk for g in gemeenten], KWARTAAL))
    run.status, run.voortgang = "klaar", 100
    run.save()
    return run


def test_the_region_overview_renders_every_indicator_of_the_engine(client, coordinator, achterhoek):
    gemeenten = sorted(achterhoek.gemeenten.values(), key=lambda g: g.naam)
    dataset(achterhoek, gemeenten[:2], 6)
    run = engine_run(achterhoek, gemeenten)
    client.force_login(coordinator)
    response = client.get(reverse("reports:run", args=[run.uuid]))
    codes = [b.tabel.indicator["code"] for s in response.context["secties"] for b in s["indicatoren"]]
    tabellen = ["I1", "I1b", "I1c", "I2", "I2b", "I3", "I4", "I5", "I6", "I7", "I8", "I9", "I10", "I11", "I12", "I13"]
    assert codes == tabellen  # T1, the funnels, is on the overview, not among the tables
    instroom = response.context["secties"][0]["indicatoren"][0].tabel
    assert [(r.naam, str(r.cellen[0])) for r in instroom.rijen] == [
        ("Achterhoek", "12"), ("Aalten", "6"), ("Berkelland", "6"), ("Bronckhorst", "<5"), ("Doetinchem", "<5"),
        ("Montferland", "<5"), ("Oost Gelre", "<5"), ("Oude IJsselstreek", "<5"), ("Winterswijk", "<5"),
    ]  # fmt: skip
    aanbieders = client.get(reverse("reports:aanbieders", args=[run.uuid])).context["blokken"]
    assert [b.tabel.indicator["code"] for b in aanbieders] == ["I8", "I9"]
    assert sorted(r.naam for r in aanbieders[0].tabel.rijen) == ["Interbeek", "TopTaal"]


@pytest.mark.parametrize(("aantal", "per_gemeente"), [(2, 1), (8, 6)])
def test_dashboards_render_with_a_constant_number_of_queries(
    client, coordinator, teamleider, achterhoek, aantal, per_gemeente, django_assert_max_num_queries
):
    """Session, user, roles, the run (or the runs' page), the audit actor's roles; never a query per gemeente,
    provider, indicator or person: the figures are the run's stored result. Same bounds for 2 gemeenten with 2
    statushouders and 8 with 48."""
    winterswijk = achterhoek.gemeenten["Winterswijk"]
    gemeenten = [winterswijk, *sorted((g for g in achterhoek.gemeenten.values() if g != winterswijk),
                                      key=lambda g: g.naam)][:aantal]  # fmt: skip
    dataset(achterhoek, gemeenten, per_gemeente)
    run = engine_run(achterhoek, gemeenten)
    engine_run(achterhoek, gemeenten, soort="gemeente")
    for _i in range(aantal):
        maak_run(achterhoek, status="wachtend", door=coordinator)
    client.force_login(coordinator)
    for url, maximum in [
        (reverse("reports:run", args=[run.uuid]), 6),
        (reverse("reports:aanbieders", args=[run.uuid]), 6),
        (reverse("reports:overzicht"), 9),
    ]:
        with django_assert_max_num_queries(maximum):
            response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["rijen"]) == aantal + 1  # the gemeente run is the teamleider's
    client.force_login(teamleider)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("reports:gemeente"))
    assert len(response.context["secties"][0]["indicatoren"][0].tabel.rijen) == 2


def test_the_charts_of_a_ready_run_are_drawn_once(client, coordinator, achterhoek, monkeypatch):
    from reports import charts

    getekend = []
    vergelijking_svg = charts.vergelijking_svg
    monkeypatch.setattr(charts, "vergelijking_svg", lambda tabel: getekend.append(tabel) or vergelijking_svg(tabel))
    run = maak_run(achterhoek)
    client.force_login(coordinator)
    eerste = _teksten(client.get(reverse("reports:run", args=[run.uuid])))
    assert len(getekend) == 4  # I1, I8, I9, I12
    tweede = _teksten(client.get(reverse("reports:run", args=[run.uuid])))
    # I1's and I12's comparison and I1's trend; I8 and I9 have no gemeente figures: a sentence instead of a chart
    assert len(getekend) == 4 and tweede.count("<svg") == eerste.count("<svg") == 3
    ReportRun.objects.filter(pk=run.pk).update(klaar_op=dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC))  # a new result
    client.get(reverse("reports:run", args=[run.uuid]))
    assert len(getekend) == 8


def test_a_beheerder_starts_a_national_run_and_must_name_the_region_of_a_region_run(client, make_user, achterhoek):
    client.force_login(make_user(roles.BEHEERDER))
    data = {"periode": "jaar", "jaar": "2025", "regio": str(achterhoek.regio.uuid)}
    response = client.post(reverse("reports:starten"), {**data, "soort": "regio", "regio": ""})
    assert response.context["form"].errors == {"regio": ["Kies de arbeidsmarktregio."]}
    response = client.post(reverse("reports:starten"), {**data, "soort": "landelijk"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and (run.soort, run.arbeidsmarktregio, run.gemeente) == ("landelijk", None, None)
    assert (run.periode_start, run.periode_eind) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_the_gemeente_dashboard_is_the_teamleiders(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reports:gemeente"))
    assert response.status_code == 403
    assert "Naar het gemeentedashboard" not in _teksten(client.get(reverse("reports:overzicht")))
