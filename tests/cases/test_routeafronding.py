"""The consultant's route records (cases.services.routeafronding): MAP, PVT, the Z-route's eindgesprek and the
taalschakeltraject, with DUO's date rules, the audit log and the timeline; and their place on the case page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import routekaart
from cases.models import Statushouder, TijdlijnGebeurtenis
from cases.services import routeafronding as services
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from leerroutes.models import Inschrijving, Leerroute, MapThema, Routeafronding, Taalschakeltraject
from tests.factories import InschrijvingFactory, leg_route_af

D = dt.date
pytestmark = pytest.mark.django_db
BINNEN_TERMIJN = D(2025, 6, 1)  # the termijn runs from 15-03-2023 to 15-03-2026 (PIP dated 14-03-2023)


@pytest.fixture
def lopend(registreer, naar_uitvoering):
    def maak(route="b1", aanbieder="TopTaal", **registratie):
        sh = registreer(**registratie)
        naar_uitvoering(sh, route=route, aanbieder=aanbieder)
        return Statushouder.objects.get(pk=sh.pk)

    return maak


def fouten(exc) -> dict:
    return exc.value.message_dict


def leg_map(sh, actor, **kwargs):
    gegevens = {"themas": MapThema.values, "eindgesprek_op": BINNEN_TERMIJN, "verwijtbaar": None, **kwargs}
    return services.leg_map_vast(actor=actor, statushouder=sh, **gegevens)


def leg_pvt(sh, actor, **kwargs):
    gegevens = {"uren": Decimal("12"), "ondertekend_op": BINNEN_TERMIJN, "verwijtbaar": None, **kwargs}
    return services.leg_pvt_vast(actor=actor, statushouder=sh, **gegevens)


# --- MAP and PVT: the record, the timeline, the audit log ---------------------------------------------------------


def test_map_recorded_with_timeline_and_audit(lopend, consultant, vandaag):
    sh = lopend()
    record = leg_map(sh, consultant, themas=["werkcultuur", "netwerk", "werkcultuur"])
    assert record.map_themas == ["netwerk", "werkcultuur"]  # once each, in the themes' order
    assert record.map_eindgesprek_op == BINNEN_TERMIJN
    regel = TijdlijnGebeurtenis.objects.get(statushouder=sh, soort="afronding:map")
    assert regel.omschrijving == "MAP vastgelegd: 2 van 8 thema's, eindgesprek 01-06-2025"
    assert regel.datum == BINNEN_TERMIJN and regel.actor == consultant
    events = AuditEvent.objects.filter(object_type="leerroutes.routeafronding", statushouder_id=sh.uuid)
    assert events.get().handeling == Handeling.CREATE
    leg_map(sh, consultant, themas=["netwerk", "werkcultuur"])  # nothing changed: nothing logged
    assert events.count() == 1
    leg_map(sh, consultant)
    assert events.filter(handeling=Handeling.UPDATE).get().velden == ["map_themas"]
    assert Routeafronding.objects.get(statushouder=sh).map_themas == MapThema.values


def test_pvt_recorded_and_counted_on_the_route_map(lopend, consultant, vandaag):
    sh = lopend()
    leg_pvt(sh, consultant, uren=Decimal("11.9"))
    stap = routekaart.voortgang(sh, vandaag).stap("pvt")
    assert (stap.status, stap.mist) == ("huidig", ("PVT: 11,9 van 12 uur",))
    leg_pvt(sh, consultant, uren=Decimal("12"))
    stap = routekaart.voortgang(sh, vandaag).stap("pvt")
    assert (stap.status, stap.datum) == ("gedaan", BINNEN_TERMIJN)
    assert TijdlijnGebeurtenis.objects.filter(soort="afronding:pvt").first().omschrijving == (
        "PVT vastgelegd: 12 uur, ondertekend 01-06-2025"
    )
    assert AuditEvent.objects.filter(object_type="leerroutes.routeafronding", handeling=Handeling.UPDATE).exists()


@pytest.mark.parametrize(
    ("uren", "melding"),
    [(Decimal("1000"), "van 0 tot en met 999,9"), (Decimal("12.25"), "ten hoogste één decimaal"), (-1, "van 0")],
)
def test_pvt_hours_are_checked(lopend, consultant, vandaag, uren, melding):
    with pytest.raises(ValidationError) as exc:
        leg_pvt(lopend(), consultant, uren=uren)
    assert melding in fouten(exc)["uren"][0]
    assert not Routeafronding.objects.exists()


# --- DUO's date rules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schrijf", "veld", "naam"),
    [
        (leg_map, "eindgesprek_op", "De datum eindgesprek MAP"),
        (leg_pvt, "ondertekend_op", "De datum ondertekening PVT"),
    ],
)
def test_dates_not_in_the_future_nor_before_the_termijn(lopend, consultant, vandaag, schrijf, veld, naam):
    sh = lopend()
    with pytest.raises(ValidationError) as exc:
        schrijf(sh, consultant, **{veld: vandaag + dt.timedelta(days=1)})
    assert fouten(exc) == {veld: [f"{naam} ligt in de toekomst."]}
    with pytest.raises(ValidationError) as exc:
        schrijf(sh, consultant, **{veld: D(2023, 3, 14)})  # the dagtekening itself: the termijn starts a day later
    assert fouten(exc) == {veld: [f"{naam} ligt vóór de start van de inburgeringstermijn (15-03-2023)."]}
    schrijf(sh, consultant, **{veld: D(2023, 3, 15)})
    record = schrijf(sh, consultant, **{veld: vandaag, "verwijtbaar": True})  # after the termijn: verwijtbaar given
    assert vandaag in (record.map_eindgesprek_op, record.pvt_ondertekend_op)


@pytest.mark.parametrize(("schrijf", "veld"), [(leg_map, "eindgesprek_op"), (leg_pvt, "ondertekend_op")])
def test_verwijtbaar_only_when_the_termijn_is_exceeded(lopend, consultant, vandaag, schrijf, veld):
    sh = lopend()  # termijn_einde 15-03-2026
    with pytest.raises(ValidationError) as exc:
        schrijf(sh, consultant, **{veld: D(2026, 3, 15), "verwijtbaar": False})
    assert fouten(exc) == {"verwijtbaar": ["Vul verwijtbaar alleen in als de inburgeringstermijn is overschreden."]}
    with pytest.raises(ValidationError) as exc:
        schrijf(sh, consultant, **{veld: None, "verwijtbaar": True})
    assert "verwijtbaar" in fouten(exc)
    with pytest.raises(ValidationError) as exc:
        schrijf(sh, consultant, **{veld: D(2026, 3, 16)})
    assert fouten(exc) == {
        "verwijtbaar": ["De inburgeringstermijn eindigde op 15-03-2026: geef aan of de overschrijding verwijtbaar is."]
    }
    schrijf(sh, consultant, **{veld: D(2026, 3, 16), "verwijtbaar": True})
    schrijf(sh, consultant, **{veld: D(2026, 3, 15)})


def test_dates_not_after_the_z_route_completion(lopend, consultant, vandaag):
    sh = lopend(route="z")
    services.leg_zroute_eindgesprek_vast(actor=consultant, statushouder=sh, eindgesprek_op=D(2025, 6, 1))
    with pytest.raises(ValidationError) as exc:
        leg_map(sh, consultant, eindgesprek_op=D(2025, 6, 2))
    assert fouten(exc) == {
        "eindgesprek_op": ["De datum eindgesprek MAP ligt na de afronding van de Z-route (01-06-2025)."]
    }
    with pytest.raises(ValidationError) as exc:
        leg_pvt(sh, consultant, ondertekend_op=D(2025, 6, 2))
    assert fouten(exc) == {
        "ondertekend_op": ["De datum ondertekening PVT ligt na de afronding van de Z-route (01-06-2025)."]
    }
    leg_map(sh, consultant, eindgesprek_op=D(2025, 6, 1))
    leg_pvt(sh, consultant, ondertekend_op=D(2025, 5, 1))
    # moving the Z-route's completion before the MAP's eindgesprek is refused too
    with pytest.raises(ValidationError) as exc:
        services.leg_zroute_eindgesprek_vast(actor=consultant, statushouder=sh, eindgesprek_op=D(2025, 5, 31))
    assert fouten(exc) == {
        "eindgesprek_op": ["De datum eindgesprek MAP ligt na de afronding van de Z-route (31-05-2025)."]
    }
    # a date cannot be withdrawn once the Z-route is completed
    with pytest.raises(ValidationError) as exc:
        leg_pvt(sh, consultant, ondertekend_op=None)
    assert fouten(exc) == {
        "ondertekend_op": ["De datum ondertekening PVT kan niet worden ingetrokken: de Z-route is afgerond."]
    }
    services.leg_zroute_eindgesprek_vast(actor=consultant, statushouder=sh, eindgesprek_op=None)
    leg_pvt(sh, consultant, ondertekend_op=None)
    assert TijdlijnGebeurtenis.objects.filter(soort="afronding:zroute").count() == 2


def test_route_checks(lopend, consultant, vandaag):
    onderwijs = lopend(route="onderwijs", aanbieder="Graafschap College")
    with pytest.raises(ValidationError, match="De onderwijsroute heeft geen MAP"):
        leg_map(onderwijs, consultant)
    with pytest.raises(ValidationError, match="hoort alleen bij de Z-route"):
        services.leg_zroute_eindgesprek_vast(actor=consultant, statushouder=onderwijs, eindgesprek_op=D(2025, 6, 1))
    leg_pvt(onderwijs, consultant)


def test_only_with_a_pip_and_not_after_the_case_closed(registreer, lopend, consultant, vandaag):
    with pytest.raises(ValidationError, match="nadat het PIP is vastgesteld"):
        leg_pvt(registreer(), consultant)
    sh = lopend(bsn="999990020")
    Statushouder.objects.filter(pk=sh.pk).update(status="afgerond", eindreden="overig", einddatum=D(2025, 7, 1))
    with pytest.raises(ValidationError, match="Het dossier is afgerond"):
        leg_pvt(sh, consultant)


def test_only_who_may_change_the_case_writes(lopend, make_user, winterswijk, vandaag):
    sh = lopend()
    meelezer = make_user(roles.CONSULTANT, gemeente=winterswijk)  # reads the case for cover, may not change it
    for schrijf in (leg_map, leg_pvt):
        with pytest.raises(PermissionDenied):
            schrijf(sh, meelezer)
    assert not Routeafronding.objects.exists()


def test_after_a_move_the_new_gemeente_continues_from_the_previous_record(lopend, consultant, aalten, make_user):
    from cases import services as case_services

    sh = lopend()
    leg_route_af(sh, pvt_ondertekend=False)
    case_services.rond_af(
        actor=consultant, statushouder=sh, eindreden="verhuisd", datum=D(2025, 7, 1), nieuwe_gemeente=aalten
    )
    nieuw = Statushouder.objects.get(gemeente=aalten)
    geldend = services.geldende_afronding(nieuw)
    assert geldend.pk is None and geldend.map_themas == MapThema.values and geldend.pvt_uren == 12
    collega = make_user(roles.TEAMLEIDER, gemeente=aalten)
    record = services.leg_pvt_vast(actor=collega, statushouder=nieuw, uren=Decimal(12), ondertekend_op=D(2025, 7, 2))
    assert record.statushouder == nieuw and record.map_eindgesprek_op == D(2025, 6, 1)  # copied from the old record
    oud = Routeafronding.objects.get(statushouder=sh)
    assert oud.pvt_ondertekend_op is None  # the old gemeente's record stays as it was
    assert routekaart.voortgang(nieuw, D(2025, 7, 2)).stap("pvt").status == "gedaan"
    assert routekaart.voortgang(Statushouder.objects.get(pk=sh.pk), D(2025, 7, 2)).stap("pvt").status == "volgend"


# --- taalschakeltraject -----------------------------------------------------------------------------------------


@pytest.fixture
def onderwijs(lopend, achterhoek):
    sh = lopend(route="onderwijs", aanbieder="Graafschap College")
    inschrijving = InschrijvingFactory(
        statushouder=sh,
        organisatie=achterhoek.aanbieders["Graafschap College"],
        leerroute=Leerroute.objects.get(code="onderwijs"),
        startdatum=D(2023, 9, 1),
    )
    return sh, inschrijving


def leg_schakel(sh, inschrijving, actor, **kwargs):
    gegevens = {"startdatum": D(2023, 9, 1), "einddatum": None, "resultaat": "", **kwargs}
    return services.leg_taalschakeltraject_vast(
        actor=actor, statushouder=sh, inschrijving=inschrijving.uuid, **gegevens
    )


def test_taalschakeltraject_recorded_and_completed(onderwijs, consultant, vandaag):
    sh, inschrijving = onderwijs
    traject = leg_schakel(sh, inschrijving, consultant)
    assert routekaart.voortgang(sh, vandaag).ontbrekend[0] == "taalschakeltraject"
    traject = leg_schakel(
        sh, inschrijving, consultant, einddatum=D(2025, 3, 1), resultaat="afgerond",
        vervolgopleiding=" Verpleegkunde ", vervolgniveau="mbo",
    )  # fmt: skip
    assert Taalschakeltraject.objects.get() == traject and traject.vervolgopleiding == "Verpleegkunde"
    stap = routekaart.voortgang(sh, vandaag).stap("taalschakel")
    assert (stap.status, stap.datum, stap.toelichting) == ("gedaan", D(2025, 3, 1), "Verpleegkunde")
    regels = list(
        TijdlijnGebeurtenis.objects.filter(soort="afronding:taalschakeltraject").values_list("omschrijving", flat=True)
    )
    assert sorted(regels) == [
        "Taalschakeltraject afgerond op 01-03-2025 (vervolg: Verpleegkunde mbo)",
        "Taalschakeltraject gestart op 01-09-2023",
    ]
    events = AuditEvent.objects.filter(object_type="leerroutes.taalschakeltraject", statushouder_id=sh.uuid)
    assert sorted(events.values_list("handeling", flat=True)) == [Handeling.CREATE, Handeling.UPDATE]


@pytest.mark.parametrize(
    ("gegevens", "verwacht"),
    [
        ({"startdatum": D(2023, 8, 31)},
         {"startdatum": ["Deze datum ligt vóór de start van de inschrijving (01-09-2023)."]}),
        ({"startdatum": D(2099, 1, 1)}, {"startdatum": ["Deze datum ligt in de toekomst."]}),
        ({"einddatum": D(2023, 8, 1), "resultaat": "afgerond"},
         {"einddatum": ["Het einde ligt vóór de start van het taalschakeltraject."]}),
        ({"einddatum": D(2025, 1, 1)}, {"resultaat": ["Geef bij een einddatum ook het resultaat."]}),
        ({"resultaat": "afgerond"}, {"einddatum": ["Geef bij een resultaat ook de einddatum."]}),
        ({"vervolgniveau": "havo"}, {"vervolgniveau": ["Kies mbo, hbo of wo."]}),
    ],
)  # fmt: skip
def test_taalschakeltraject_rules(onderwijs, consultant, vandaag, gegevens, verwacht):
    sh, inschrijving = onderwijs
    with pytest.raises(ValidationError) as exc:
        leg_schakel(sh, inschrijving, consultant, **gegevens)
    assert fouten(exc) == verwacht
    assert not Taalschakeltraject.objects.exists()


def test_taalschakeltraject_only_on_an_accepted_onderwijsroute_enrolment(onderwijs, consultant, achterhoek, vandaag):
    sh, inschrijving = onderwijs
    Inschrijving.objects.filter(pk=inschrijving.pk).update(status="aangemeld")
    with pytest.raises(ValidationError, match="Deze inschrijving is aangemeld"):
        leg_schakel(sh, inschrijving, consultant)
    b1 = InschrijvingFactory(
        statushouder=sh, organisatie=achterhoek.aanbieders["TopTaal"], leerroute=Leerroute.objects.get(code="b1")
    )
    with pytest.raises(ValidationError, match="hoort bij een inschrijving in de onderwijsroute"):
        leg_schakel(sh, b1, consultant)


# --- the case page ----------------------------------------------------------------------------------------------


def test_case_page_shows_the_records_and_the_links(client, consultant, lopend, vandaag):
    sh = lopend()
    leg_route_af(sh, themas=MapThema.values[:7], map_eindgesprek=False)
    client.force_login(consultant)
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    sectie = html[html.index('id="kop-routeafronding"') :]
    assert "40 van 40 praktijkuren, 7 van 8 thema&#x27;s; eindgesprek nog niet gehouden" in sectie
    assert "Werkcultuur: nog niet afgerond" in sectie and "Netwerk opbouwen: afgerond" in sectie
    assert reverse("cases:afronding_map", args=[sh.uuid]) in sectie
    assert reverse("cases:afronding_pvt", args=[sh.uuid]) in sectie
    assert reverse("cases:afronding_zroute", args=[sh.uuid]) not in sectie


def test_case_page_for_a_viewer_has_no_links(client, lopend, make_user, winterswijk, vandaag):
    sh = lopend()
    meelezer = make_user(roles.CONSULTANT, gemeente=winterswijk)
    client.force_login(meelezer)
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    assert 'id="kop-routeafronding"' in html and reverse("cases:afronding_pvt", args=[sh.uuid]) not in html
    assert client.get(reverse("cases:afronding_pvt", args=[sh.uuid])).status_code == 403


def test_map_form_with_dutch_errors_then_saved(client, consultant, lopend, vandaag):
    sh = lopend()
    client.force_login(consultant)
    url = reverse("cases:afronding_map", args=[sh.uuid])
    assert 'name="themas"' in client.get(url).content.decode()
    r = client.post(url, {"themas": ["netwerk"], "eindgesprek_op": "2023-03-01"})
    html = r.content.decode()
    assert r.status_code == 200 and "Het formulier is niet opgeslagen." in html
    assert "De datum eindgesprek MAP ligt vóór de start van de inburgeringstermijn (15-03-2023)." in html
    assert 'value="2023-03-01"' in html  # nothing typed is lost
    r = client.post(url, {"themas": ["netwerk", "onzin"], "eindgesprek_op": "2025-06-01"})
    assert "Selecteer een geldige keuze" in r.content.decode()
    r = client.post(url, {"themas": MapThema.values, "eindgesprek_op": "2025-06-01"}, follow=True)
    assert "De MAP is vastgelegd." in r.content.decode()
    assert Routeafronding.objects.get(statushouder=sh).map_eindgesprek_op == D(2025, 6, 1)
    assert 'value="2025-06-01"' in client.get(url).content.decode()  # the form shows what is recorded


def test_pvt_form_verwijtbaar(client, consultant, lopend, vandaag):
    sh = lopend()
    client.force_login(consultant)
    url = reverse("cases:afronding_pvt", args=[sh.uuid])
    r = client.post(url, {"uren": "12", "ondertekend_op": "2026-04-01"})
    assert "geef aan of de overschrijding verwijtbaar is" in r.content.decode()
    r = client.post(url, {"uren": "12,5", "ondertekend_op": "2026-04-01", "verwijtbaar": "nee"}, follow=True)
    assert "Het PVT is vastgelegd." in r.content.decode()
    record = Routeafronding.objects.get(statushouder=sh)
    assert (record.pvt_uren, record.pvt_verwijtbaar) == (Decimal("12.5"), False)


def test_zroute_and_taalschakeltraject_forms(client, consultant, lopend, onderwijs, vandaag):
    z = lopend(route="z", bsn="999990020")
    client.force_login(consultant)
    r = client.post(reverse("cases:afronding_zroute", args=[z.uuid]), {"eindgesprek_op": "2025-06-01"}, follow=True)
    assert "Het eindgesprek van de Z-route is vastgelegd." in r.content.decode()
    assert "Eindgesprek Z-route" in r.content.decode()

    sh, inschrijving = onderwijs
    html = client.get(reverse("cases:dossier", args=[sh.uuid])).content.decode()
    url = reverse("cases:taalschakeltraject", args=[sh.uuid, inschrijving.uuid])
    assert url in html and reverse("cases:afronding_map", args=[sh.uuid]) not in html
    r = client.post(url, {"startdatum": "2023-09-01", "resultaat": "afgerond"})
    assert "Geef bij een resultaat ook de einddatum." in r.content.decode()
    r = client.post(
        url,
        {"startdatum": "2023-09-01", "einddatum": "2025-03-01", "resultaat": "afgerond", "vervolgopleiding": "ICT"},
        follow=True,
    )
    html = r.content.decode()
    assert "Het taalschakeltraject is vastgelegd." in html and "ICT" in html
    assert client.get(reverse("cases:taalschakeltraject", args=[z.uuid, inschrijving.uuid])).status_code == 404


@pytest.mark.parametrize("route", ["b1", "z", "onderwijs"])
def test_case_page_queries_do_not_grow_with_the_records(
    client, consultant, lopend, achterhoek, route, vandaag, django_assert_max_num_queries
):
    from tests.cases.test_dossier_views import MAX_QUERIES

    aanbieder = "Graafschap College" if route == "onderwijs" else "TopTaal"
    sh = lopend(route=route, aanbieder=aanbieder)
    client.force_login(consultant)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(reverse("cases:dossier", args=[sh.uuid])).status_code == 200
    leg_route_af(sh, les_uren=800, participatie_uren=800)
    InschrijvingFactory.create_batch(
        3, statushouder=sh, organisatie=achterhoek.aanbieders[aanbieder], leerroute=Leerroute.objects.get(code=route)
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(reverse("cases:dossier", args=[sh.uuid])).status_code == 200
