"""The case page: sections, permissions (404 for other gemeenten and the regio), the READ audit event,
a constant number of queries, and the transition forms."""

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from cases.models import Statushouder
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Aanwezigheid, Examenresultaat, Inschrijving, Leerroute, Onderdeel, Voortgangsrapportage
from tests.factories import StatushouderFactory

# The clock is frozen on TODAY (tests/conftest.py): the page shows the termijn and dates counted from today.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vandaag")]

# The case page runs session, user, the case with the rights, the case's own parts (one query), the route map, and
# one query per other module's section (gesprekken, participatie, verwijzingen, DUO, agenda, journaal, documents,
# tasks) and the header's gemeenten: the bound (issue 15: at most 15) proves no section queries per row of its history.
MAX_QUERIES = 15


def url(sh):
    return reverse("cases:dossier", kwargs={"uuid": sh.uuid})


@pytest.fixture
def zaak(registreer, naar_uitvoering):
    sh = registreer()
    naar_uitvoering(sh, route="z")
    sh.refresh_from_db()
    return sh


def lessen(inschrijving, n, *, start=None, soort="les", gepland=120, aanwezig=90, status="aanwezig", prefix="l"):
    start = start or timezone.localdate()
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(
            inschrijving=inschrijving,
            les_id=f"{prefix}{i}",
            datum=start - dt.timedelta(days=i),
            soort=soort,
            geplande_minuten=gepland,
            aanwezige_minuten=aanwezig,
            status=status,
        )
        for i in range(n)
    )


@pytest.fixture
def inschrijving(zaak, achterhoek):
    return Inschrijving.objects.create(
        statushouder=zaak,
        organisatie=achterhoek.aanbieders["TopTaal"],
        leerroute=Leerroute.objects.get(code="z"),
        status="actief",
        startdatum=dt.date(2023, 4, 1),
    )


def test_consultant_ziet_alle_secties(client, consultant, zaak, inschrijving):
    lessen(inschrijving, 10)
    Examenresultaat.objects.create(
        inschrijving=inschrijving, onderdeel=Onderdeel.objects.get(code="knm"), datum=dt.date(2025, 5, 1), behaald=True
    )
    client.force_login(consultant)
    response = client.get(url(zaak))
    assert response.status_code == 200
    html = response.content.decode()
    for kop in ("Tijdlijn", "Brede intake", "PIP", "Leerroute", "Aanwezigheid", "Examenresultaten", "Uren Z-route"):
        assert f">{kop}</h" in html, kop
    assert "Wie zag dit dossier" in html
    assert "Yonas Tesfamariam" in html
    assert "Winterswijk" in html
    assert "Z-route" in html
    assert "Inburgeringstermijn" in html and "verstreken op 15-03-2026" in html  # not the PIP deadline
    assert "PIP-deadline" not in html
    assert "PIP vastgesteld" in html  # timeline
    assert "Kennis van de Nederlandse Maatschappij" in html and "behaald" in html
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "999990019" not in html  # the BSN only masked
    assert "Opschorten" in html and "Afronden" in html  # transitions for the owner
    assert f'href="{reverse("cases:pip", kwargs={"uuid": zaak.uuid})}"' in html  # the PIP editor


def test_termijn_resterend(client, consultant, registreer, naar_uitvoering):
    sh = registreer()
    naar_uitvoering(sh, dagtekening=dt.date(2026, 1, 10))
    sh.refresh_from_db()
    verschil = relativedelta(sh.termijn_einde, timezone.localdate())
    client.force_login(consultant)
    html = client.get(url(sh)).content.decode()
    maanden = verschil.years * 12 + verschil.months
    assert f"nog {maanden} maanden en {verschil.days} dagen (tot en met 11-01-2029)" in html


def test_pip_deadline_voor_vaststelling(client, consultant, registreer):
    sh = registreer()
    client.force_login(consultant)
    html = client.get(url(sh)).content.decode()
    assert "PIP-deadline" in html
    assert "13-02-2023" in html  # BRP 05-12-2022 + 10 weeks
    assert "Intake starten" in html


@pytest.mark.parametrize("wie", ["consultant_aalten", "regiocoordinator", "beheerder"])
def test_geen_toegang_is_404(client, make_user, aalten, achterhoek, zaak, wie):
    if wie == "consultant_aalten":
        user = make_user(roles.CONSULTANT, gemeente=aalten)
    elif wie == "regiocoordinator":
        user = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)
    else:
        user = make_user(roles.BEHEERDER)
    client.force_login(user)
    assert client.get(url(zaak)).status_code == 404
    assert client.post(reverse("cases:opschorten", kwargs={"uuid": zaak.uuid})).status_code == 404


def test_collega_ziet_dossier_alleen_lezen(client, make_user, winterswijk, zaak):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    client.force_login(collega)
    response = client.get(url(zaak))
    assert response.status_code == 200
    assert "Status wijzigen" not in response.content.decode()
    data = {"opschorten-reden": "ziek", "opschorten-datum": "2026-01-01"}
    assert client.post(reverse("cases:opschorten", kwargs={"uuid": zaak.uuid}), data).status_code == 403


def test_elke_weergave_schrijft_een_read_event(client, consultant, zaak):
    client.force_login(consultant)
    voor = AuditEvent.objects.filter(statushouder_id=zaak.uuid, handeling=Handeling.READ).count()
    client.get(url(zaak))
    client.get(url(zaak))
    reads = AuditEvent.objects.filter(
        statushouder_id=zaak.uuid, handeling=Handeling.READ, actor_label=consultant.username, toelichting=""
    )
    assert reads.count() - voor >= 2
    assert reads.filter(object_type="cases.statushouder").count() == 2


def test_wie_zag_dit_dossier_toont_laatste_events(client, consultant, zaak):
    client.force_login(consultant)
    client.get(url(zaak))
    html = client.get(url(zaak)).content.decode()
    sectie = html.split('id="kop-verwerkingen"')[1]
    assert consultant.username in sectie and "ingezien" in sectie and "consultant" in sectie
    assert sectie.count("<time") <= 20
    volledig = client.get(reverse("cases:verwerkingen", kwargs={"uuid": zaak.uuid}))
    assert volledig.status_code == 200 and consultant.username in volledig.content.decode()


def test_aanwezigheid_en_zroute_uren(client, consultant, zaak, inschrijving):
    vandaag = timezone.localdate()
    # last 4 weeks: 10 lessons of 2h planned, 1.5h attended → 15 of 20 h = 75 %
    lessen(inschrijving, 10, gepland=120, aanwezig=90)
    # older: 20 lessons of 2h fully attended; 5 participation activities of 4h
    lessen(inschrijving, 20, start=vandaag - dt.timedelta(days=60), gepland=120, aanwezig=120, prefix="o")
    lessen(
        inschrijving,
        5,
        start=vandaag - dt.timedelta(days=40),
        soort="participatie",
        gepland=240,
        aanwezig=240,
        prefix="p",
    )
    # one unexcused absence in the last 4 weeks
    lessen(
        inschrijving,
        1,
        start=vandaag - dt.timedelta(days=3),
        gepland=120,
        aanwezig=0,
        status="ongeoorloofd_afwezig",
        prefix="x",
    )
    client.force_login(consultant)
    response = client.get(url(zaak))
    a = response.context["aanwezigheid"]
    assert a.gepland_uren_recent == 22.0 and a.aanwezig_uren_recent == 15.0 and a.procent_recent == 68
    assert a.onder_norm and a.ongeoorloofd_recent == 1
    assert a.gepland_uren_totaal == 22 + 40 + 20 and a.aanwezig_uren_totaal == 15 + 40 + 20
    assert a.les_uren == 55.0 and a.participatie_uren == 20.0
    html = response.content.decode()
    assert "55 van 800 uur" in html and "20 van 800 uur" in html
    assert "15 van 22 uur aanwezig (68%)" in html
    assert "onder de norm van 80%" in html


def test_constant_aantal_queries(client, consultant, winterswijk, zaak, inschrijving, django_assert_max_num_queries):
    client.force_login(consultant)

    def meet():
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url(zaak)).status_code == 200

    StatushouderFactory.create_batch(10, gemeente=winterswijk, consultant=consultant)
    meet()
    Statushouder.objects.bulk_create(StatushouderFactory.build_batch(490, gemeente=winterswijk, consultant=consultant))
    assert Statushouder.objects.filter(gemeente=winterswijk).count() >= 500
    meet()
    lessen(inschrijving, 300)
    lessen(inschrijving, 10, soort="participatie", prefix="p")
    Examenresultaat.objects.create(
        inschrijving=inschrijving, onderdeel=Onderdeel.objects.get(code="knm"), datum=dt.date(2025, 5, 1), behaald=True
    )
    meet()


def test_constant_aantal_queries_voor_meelezer(
    client, make_user, winterswijk, zaak, inschrijving, django_assert_max_num_queries
):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    client.force_login(collega)
    lessen(inschrijving, 300)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url(zaak)).status_code == 200


def test_grafiek_heeft_12_weken_met_labels(client, consultant, zaak, inschrijving):
    lessen(inschrijving, 3, gepland=60, aanwezig=60)
    client.force_login(consultant)
    response = client.get(url(zaak))
    svg = str(response.context["grafiek"])
    assert len(re.findall(r'<g class="staaf"', svg)) == 12
    week = timezone.localdate().isocalendar().week
    assert f'data-label="wk {week}"' in svg
    assert "Aanwezigheid per week" in svg


def test_intake_starten_via_dossier(client, consultant, registreer):
    sh = registreer()
    client.force_login(consultant)
    response = client.post(reverse("cases:intake_starten", kwargs={"uuid": sh.uuid}), {"start-datum": "2023-01-10"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:intake", kwargs={"uuid": sh.uuid})
    sh.refresh_from_db()
    assert sh.status == "intake" and sh.intake_start_datum == dt.date(2023, 1, 10)


def test_transitie_fout_in_het_nederlands(client, consultant, registreer):
    sh = registreer()
    client.force_login(consultant)
    # before the verblijfsvergunning (2022-09-01)
    response = client.post(reverse("cases:intake_starten", kwargs={"uuid": sh.uuid}), {"start-datum": "2022-01-10"})
    assert response.status_code == 200
    assert "De intake kan niet starten vóór de verblijfsvergunning." in response.content.decode()
    sh.refresh_from_db()
    assert sh.status == "aangemeld"


def test_opschorten_hervatten_afronden(client, consultant, zaak):
    client.force_login(consultant)
    kwargs = {"uuid": zaak.uuid}
    leeg = client.post(reverse("cases:opschorten", kwargs=kwargs), {"opschorten-datum": "2026-01-01"})
    assert 'id="id_opschorten-reden_error"' in leeg.content.decode()
    assert "Dit veld is vereist." in leeg.content.decode()
    r = client.post(
        reverse("cases:opschorten", kwargs=kwargs), {"opschorten-reden": "ziekte", "opschorten-datum": "2026-01-01"}
    )
    assert r.status_code == 302
    zaak.refresh_from_db()
    assert zaak.status == "opgeschort"
    r = client.post(reverse("cases:hervatten", kwargs=kwargs), {"hervatten-datum": "2026-02-01"})
    assert r.status_code == 302
    zaak.refresh_from_db()
    assert zaak.status == "in_uitvoering"
    r = client.post(
        reverse("cases:afronden", kwargs=kwargs),
        {"afronden-eindreden": "ontheffing", "afronden-datum": "2026-03-01", "afronden-toelichting": "besluit DUO"},
    )
    assert r.status_code == 302
    zaak.refresh_from_db()
    assert zaak.status == "afgerond" and zaak.eindreden == "ontheffing"


def test_transitie_weigering_als_melding(client, consultant, registreer):
    sh = registreer()
    client.force_login(consultant)
    data = {"afronden-eindreden": "voldaan", "afronden-datum": "2023-01-10"}
    response = client.post(reverse("cases:afronden", kwargs={"uuid": sh.uuid}), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "De inburgeringsplicht kan alleen voldaan zijn met een vastgesteld PIP." in html
    assert 'role="alert"' in html
    sh.refresh_from_db()
    assert sh.status == "aangemeld"


def test_voortgangsrapportages_nieuwste_eerst_met_niveaus(
    client, consultant, zaak, inschrijving, achterhoek, django_assert_max_num_queries
):
    client.force_login(consultant)
    assert "Nog geen voortgangsrapportages van een aanbieder." in client.get(url(zaak)).content.decode()
    Voortgangsrapportage.objects.create(
        inschrijving=inschrijving,
        periode_start=dt.date(2026, 5, 1),
        periode_eind=dt.date(2026, 7, 31),
        niveaus={"lezen": "A1", "spreken": "A1"},
        toelichting="Start\nmoeizaam.",
    )
    Voortgangsrapportage.objects.create(
        inschrijving=inschrijving,
        periode_start=dt.date(2026, 8, 1),
        periode_eind=dt.date(2026, 10, 31),
        niveaus={"lezen": "A2", "spreken": "A1", "knm": "A2"},
    )
    anders = StatushouderFactory(gemeente=zaak.gemeente)
    Voortgangsrapportage.objects.create(
        inschrijving=Inschrijving.objects.create(
            statushouder=anders,
            organisatie=achterhoek.aanbieders["Interbeek"],
            leerroute=Leerroute.objects.get(code="b1"),
            startdatum=dt.date(2026, 1, 5),
        ),
        periode_start=dt.date(2026, 1, 5),
        periode_eind=dt.date(2026, 3, 31),
        toelichting="Van een ander dossier.",
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url(zaak))
    html = response.content.decode()
    sectie = html[html.index('id="voortgangsrapportages"') :]
    sectie = sectie[: sectie.index("</table>")]
    assert sectie.index("01-08-2026 t/m 31-10-2026") < sectie.index("01-05-2026 t/m 31-07-2026")
    rij = sectie[sectie.index("01-08-2026") : sectie.index("</tr>", sectie.index("01-08-2026"))]
    cellen = re.findall(r'<td class="utrecht-table__cell">(.*?)</td>', rij)
    assert cellen == ["TopTaal", "A2", "—", "A1", "—", "A2", "—"]
    assert "Start<br>moeizaam." in sectie
    assert "Van een ander dossier." not in html and "Nog geen voortgangsrapportages" not in html


# --- issue 15: the page in six groups with a navigation, "Wie zag" grouped, the overview PDF link ------------------

GROEPEN = ["overzicht", "plan", "leerroute", "gesprekken", "journaal", "historie"]


def test_zes_groepen_met_navigatie_en_secties_op_hun_plek(client, consultant, zaak):
    client.force_login(consultant)
    html = client.get(url(zaak)).content.decode()
    nav = html.split("data-dossiernav>")[1].split("</nav>")[0]
    assert [a for a in re.findall(r'href="#([a-z]+)"', nav)] == [*GROEPEN, "alles"]
    posities = [html.index(f'data-dossiergroep="{g}"') for g in GROEPEN]
    assert posities == sorted(posities)

    def groep_van(kop_id):
        plek = html.index(f'id="{kop_id}"')
        return max((p, g) for p, g in zip(posities, GROEPEN, strict=True) if p < plek)[1]

    assert groep_van("kop-persoonsgegevens") == "overzicht" and groep_van("kop-signalen") == "overzicht"
    assert groep_van("kop-intake") == "plan" and groep_van("kop-gesprekken") == "gesprekken"
    assert groep_van("kop-tijdlijn") == "historie" and groep_van("kop-verwerkingen") == "historie"
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "no duplicate ids"
    assert "js/dossier.js" in html and "<script>" not in html  # no inline script (CSP)
    assert reverse("cases:dossieroverzicht", kwargs={"uuid": zaak.uuid}) in html


def _events(sh, actor_label, handeling, tijdstip, n=1, rol="consultant"):
    """n audit events at `tijdstip` (the log is append-only: the clock is set, not the rows updated)."""
    import time_machine

    from inburgering.audit.models import ActorType

    with time_machine.travel(tijdstip, tick=False):
        AuditEvent.objects.bulk_create(
            AuditEvent(
                actor_type=ActorType.GEBRUIKER,
                actor_label=actor_label,
                rol=rol,
                handeling=handeling,
                object_type="cases.statushouder",
                statushouder_id=sh.uuid,
            )
            for _ in range(n)
        )


def test_wie_zag_op_de_dossierpagina_leest_alleen_wat_de_eerste_rijen_kunnen_zijn(zaak):
    """The case page's section groups only the list events from the day of its N-th newest single processing on:
    its N rows are those of the whole log, also when a list day sits among them or just before them."""
    from cases.selectors.verwerkingen import verwerkingen_gegroepeerd

    tz = timezone.get_current_timezone()
    _events(zaak, "anna", Handeling.LIST, dt.datetime(2026, 10, 1, 9, 0, tzinfo=tz), n=40)  # long before
    _events(zaak, "bert", Handeling.READ, dt.datetime(2026, 11, 2, 8, 0, tzinfo=tz), n=2)
    _events(zaak, "anna", Handeling.LIST, dt.datetime(2026, 11, 2, 7, 0, tzinfo=tz), n=5)  # that day, earlier
    _events(zaak, "anna", Handeling.READ, dt.datetime(2026, 11, 3, 9, 0, tzinfo=tz), n=3)
    _events(zaak, "bert", Handeling.LIST, dt.datetime(2026, 11, 4, 9, 0, tzinfo=tz), n=2)
    for eerste in (1, 3, 5, 6, 8, 20):
        alles = list(verwerkingen_gegroepeerd(zaak)[:eerste])
        assert list(verwerkingen_gegroepeerd(zaak, eerste=eerste)[:eerste]) == alles, eerste
    rijen = [(r["actor_label"], r["handeling"], r["aantal"]) for r in verwerkingen_gegroepeerd(zaak, eerste=20)[:20]]
    assert {("anna", "list", 40), ("anna", "list", 5), ("bert", "list", 2)} <= set(rijen)


def test_wie_zag_groepeert_lijstweergaven_per_persoon_en_dag(client, consultant, zaak):
    tz = timezone.get_current_timezone()
    _events(zaak, "anna", Handeling.LIST, dt.datetime(2026, 11, 20, 9, 0, tzinfo=tz), n=14)
    _events(zaak, "anna", Handeling.LIST, dt.datetime(2026, 11, 21, 9, 0, tzinfo=tz), n=3)
    _events(zaak, "bert", Handeling.LIST, dt.datetime(2026, 11, 20, 10, 0, tzinfo=tz), n=1)
    _events(zaak, "anna", Handeling.UPDATE, dt.datetime(2026, 11, 20, 11, 0, tzinfo=tz))
    from cases.selectors.verwerkingen import verwerkingen_gegroepeerd

    rijen = [(r["actor_label"], r["handeling"], r["aantal"]) for r in verwerkingen_gegroepeerd(zaak)]
    aangemaakt = [r for r in rijen if r[0] not in ("anna", "bert")]
    assert [r for r in rijen if r not in aangemaakt] == [
        ("anna", "list", 3),
        ("anna", "update", 1),
        ("bert", "list", 1),
        ("anna", "list", 14),
    ]
    client.force_login(consultant)
    sectie = client.get(url(zaak)).content.decode().split('id="kop-verwerkingen"')[1]
    assert "in 14 lijsten getoond door anna op 20-11-2026" in sectie
    assert "in 1 lijst getoond door bert op 20-11-2026" in sectie
    assert sectie.count("getoond door anna") == 2
    volledig = client.get(reverse("cases:verwerkingen", kwargs={"uuid": zaak.uuid})).content.decode()
    assert "in 3 lijsten getoond door anna op 21-11-2026" in volledig and "gewijzigd" in volledig


def test_wie_zag_kost_een_query_ook_met_veel_lijstweergaven(client, consultant, zaak):
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    client.force_login(consultant)
    tz = timezone.get_current_timezone()
    for n in (5, 500):
        _events(zaak, "anna", Handeling.LIST, dt.datetime(2026, 11, 20, 9, 0, tzinfo=tz), n=n)
        with CaptureQueriesContext(connections["default"]) as d, CaptureQueriesContext(connections["audit"]) as a:
            html = client.get(url(zaak)).content.decode()
        queries = d.captured_queries + (
            a.captured_queries if connections["audit"] is not connections["default"] else []
        )
        selects = [q for q in queries if "audit_auditevent" in q["sql"] and not q["sql"].startswith("INSERT")]
        assert len(selects) == 1, selects
        assert "UNION ALL" in selects[0]["sql"] and "COUNT(" in selects[0]["sql"]
        assert f"in {5 if n == 5 else 505} lijsten getoond door anna" in html


def test_verwerkingen_pagina_gepagineerd(client, consultant, zaak):
    tz = timezone.get_current_timezone()
    for dag in range(1, 61):
        _events(
            zaak, f"gebruiker{dag}", Handeling.READ, dt.datetime(2026, 9, 1, 9, 0, tzinfo=tz) + dt.timedelta(days=dag)
        )
    client.force_login(consultant)
    eerste = client.get(reverse("cases:verwerkingen", kwargs={"uuid": zaak.uuid}))
    assert eerste.context["pagina"].paginator.count > 60 and len(eerste.context["events"]) == 50
    tweede = client.get(reverse("cases:verwerkingen", kwargs={"uuid": zaak.uuid}) + "?pagina=2").content.decode()
    assert "gebruiker1<" in tweede and "gebruiker60<" not in tweede


@pytest.mark.parametrize(
    "waarde",
    [None, "", dt.date(2026, 1, 2), dt.date(999, 12, 31), dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), "tekst"],
)
def test_datum_filter_gives_what_the_date_filter_gives(waarde):
    from django.template import engines

    sjabloon = engines["django"].from_string('{% load weergave %}{{ w|date:"d-m-Y" }}|{{ w|datum }}')
    links, rechts = sjabloon.render({"w": waarde}).split("|")
    assert links == rechts


def test_verwerkingen_moments_as_the_date_filter_shows_them(client, zaak, consultant):
    from django.template import engines

    from cases.selectors.verwerkingen import verwerkingen_gegroepeerd
    from cases.views.dossier import _rijen

    client.force_login(consultant)
    client.get(url(zaak))
    client.get(reverse("cases:caseload"))
    sjabloon = engines["django"].from_string(
        "{% for e in rijen %}{% if e.gegroepeerd %}{{ e.dag|date:'Y-m-d' }} {{ e.dag|date:'d-m-Y' }}{% else %}"
        "{{ e.tijdstip|date:'c' }} {{ e.tijdstip|date:'d-m-Y H:i' }}{% endif %};{% endfor %}"
    )
    rijen = _rijen(verwerkingen_gegroepeerd(zaak))
    assert any(r.gegroepeerd for r in rijen) and any(not r.gegroepeerd for r in rijen)
    assert "".join(f"{r.wanneer_iso} {r.wanneer};" for r in rijen) == sjabloon.render({"rijen": rijen})
