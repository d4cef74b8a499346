"""Participatie: the services (record, correct, end) with their Dutch errors, timeline and audit; the status on a
peildatum in Python and in SQL (and that they agree); ontzorgen; the case page section and the form pages with
their permissions; a constant number of queries on the case page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.urls import reverse

from cases.models import Participatie, Statushouder, TijdlijnGebeurtenis
from cases.selectors import participatie as selectors
from cases.services import participatie as services
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from tests.factories import ParticipatieFactory, StatushouderFactory, VerwijzingFactory

pytestmark = pytest.mark.django_db
D = dt.date

WERK = {
    "soort": "betaald_werk",
    "startdatum": D(2026, 3, 1),
    "uren_per_week": Decimal("24"),
    "sector": "logistiek",
    "contractvorm": "tijdelijk",
}


UREN_BEREIK = "Vul een aantal uren per week in van meer dan 0 tot en met 60."


@pytest.fixture
def sh(registreer):
    return registreer()


def fouten(exc) -> dict:
    return exc.value.message_dict


# --- services ---------------------------------------------------------------------------------


def test_registreer_betaald_werk_met_tijdlijn_en_audit(consultant, sh):
    p = services.registreer_participatie(actor=consultant, statushouder=sh, **WERK)
    assert (p.soort, p.uren_per_week, p.sector, p.contractvorm, p.einddatum) == (
        "betaald_werk", Decimal("24"), "logistiek", "tijdelijk", None,
    )  # fmt: skip
    regel = TijdlijnGebeurtenis.objects.get(statushouder=sh, soort="participatie:vastgelegd")
    assert regel.omschrijving == "Participatie vastgelegd: betaald werk vanaf 01-03-2026"
    assert regel.datum == D(2026, 3, 1)
    assert AuditEvent.objects.filter(
        handeling=Handeling.CREATE, object_type="cases.participatie", object_id=str(p.uuid), statushouder_id=sh.uuid
    ).exists()


@pytest.mark.parametrize(
    ("velden", "veld", "melding"),
    [
        ({"soort": "stage"}, "soort", "Kies de soort participatie."),
        ({"startdatum": None}, "startdatum", "Vul de startdatum in."),
        ({"einddatum": D(2026, 2, 28)}, "einddatum", "De einddatum ligt vóór de startdatum."),
        ({"uren_per_week": Decimal("0")}, "uren_per_week", UREN_BEREIK),
        ({"uren_per_week": Decimal("60.5")}, "uren_per_week", UREN_BEREIK),
        ({"uren_per_week": None}, "uren_per_week", "Vul het aantal uren per week in."),
        ({"contractvorm": ""}, "contractvorm", "Kies de contractvorm."),
        ({"sector": "x" * 101}, "sector", "Beschrijf de sector in ten hoogste 100 tekens."),
        ({"soort": "onderwijs"}, "contractvorm", "Een contractvorm hoort alleen bij betaald werk."),
    ],
)  # fmt: skip
def test_registreer_weigert_in_het_nederlands(consultant, sh, velden, veld, melding):
    with pytest.raises(ValidationError) as exc:
        services.registreer_participatie(actor=consultant, statushouder=sh, **{**WERK, **velden})
    assert fouten(exc)[veld] == [melding]
    assert not Participatie.objects.exists()


def test_grenzen_die_wel_mogen(consultant, sh):
    services.registreer_participatie(
        actor=consultant, statushouder=sh, **{**WERK, "uren_per_week": Decimal("60"), "einddatum": D(2026, 3, 1)}
    )
    services.registreer_participatie(
        actor=consultant, statushouder=sh, soort="vrijwilligerswerk", startdatum=D(2026, 12, 1)
    )  # a start ahead is allowed, hours are optional outside paid work
    assert Participatie.objects.count() == 2


def test_wijzig_logt_alleen_gewijzigde_velden(consultant, sh):
    p = services.registreer_participatie(actor=consultant, statushouder=sh, **WERK)
    services.wijzig_participatie(
        actor=consultant, statushouder=sh, participatie=p.uuid, **{**WERK, "uren_per_week": Decimal("32")}
    )
    p.refresh_from_db()
    assert p.uren_per_week == Decimal("32")
    event = AuditEvent.objects.get(handeling=Handeling.UPDATE, object_type="cases.participatie")
    assert event.velden == ["uren_per_week"]
    assert TijdlijnGebeurtenis.objects.filter(soort="participatie:gewijzigd").count() == 1
    # nothing changed: no event
    services.wijzig_participatie(
        actor=consultant, statushouder=sh, participatie=p.uuid, **{**WERK, "uren_per_week": Decimal("32")}
    )
    assert AuditEvent.objects.filter(handeling=Handeling.UPDATE, object_type="cases.participatie").count() == 1


def test_wijzig_van_ander_dossier_bestaat_niet(consultant, sh, registreer):
    ander = registreer(bsn="999990020")
    p = services.registreer_participatie(actor=consultant, statushouder=ander, **WERK)
    with pytest.raises(Participatie.DoesNotExist):
        services.wijzig_participatie(actor=consultant, statushouder=sh, participatie=p.uuid, **WERK)


def test_beeindig(consultant, sh):
    p = services.registreer_participatie(actor=consultant, statushouder=sh, **WERK)
    with pytest.raises(ValidationError) as exc:
        services.beeindig_participatie(actor=consultant, statushouder=sh, participatie=p.uuid, einddatum=D(2026, 2, 1))
    assert fouten(exc) == {"einddatum": ["De einddatum ligt vóór de startdatum."]}
    services.beeindig_participatie(actor=consultant, statushouder=sh, participatie=p.uuid, einddatum=D(2026, 9, 30))
    p.refresh_from_db()
    assert p.einddatum == D(2026, 9, 30)
    regel = TijdlijnGebeurtenis.objects.get(soort="participatie:beeindigd")
    assert regel.omschrijving == "Participatie beëindigd: betaald werk van 01-03-2026 tot en met 30-09-2026"
    with pytest.raises(ValidationError) as exc:
        services.beeindig_participatie(actor=consultant, statushouder=sh, participatie=p.uuid, einddatum=D(2026, 10, 1))
    assert exc.value.messages == ["Deze participatie is al beëindigd."]


def test_meelezer_mag_niet_schrijven(make_user, winterswijk, sh):
    collega = make_user(roles.CONSULTANT, gemeente=winterswijk)
    with pytest.raises(PermissionDenied):
        services.registreer_participatie(actor=collega, statushouder=sh, **WERK)


# --- the status on a peildatum --------------------------------------------------------------------


def test_prioriteit_en_randen_van_de_periode(sh):
    vrijwillig = ParticipatieFactory(statushouder=sh, soort="vrijwilligerswerk", startdatum=D(2026, 1, 1))
    stage = ParticipatieFactory(statushouder=sh, soort="werkervaringsplek", startdatum=D(2026, 2, 1))
    werk = ParticipatieFactory(
        statushouder=sh, soort="betaald_werk", startdatum=D(2026, 4, 1), einddatum=D(2026, 6, 30), contractvorm="vast"
    )
    onderwijs = ParticipatieFactory(
        statushouder=sh, soort="onderwijs", startdatum=D(2026, 5, 1), einddatum=D(2026, 5, 31)
    )
    lijst = list(selectors.participaties(sh.consultant, sh))

    def huidig(peildatum):
        p = selectors.huidige_participatie(lijst, peildatum)
        return p.soort if p else None

    assert huidig(D(2025, 12, 31)) is None
    assert huidig(D(2026, 1, 1)) == "vrijwilligerswerk"
    assert huidig(D(2026, 2, 1)) == "werkervaringsplek"
    assert huidig(D(2026, 3, 31)) == "werkervaringsplek"
    assert huidig(D(2026, 4, 1)) == "betaald_werk"
    assert huidig(D(2026, 5, 15)) == "betaald_werk"  # onderwijs runs too, paid work goes first
    assert huidig(D(2026, 6, 30)) == "betaald_werk"  # the end date still counts
    assert huidig(D(2026, 7, 1)) == "werkervaringsplek"
    actief = selectors.actieve_participaties(lijst, D(2026, 5, 15))
    assert [p.pk for p in actief] == [werk.pk, onderwijs.pk, stage.pk, vrijwillig.pk]


def test_sql_expressie_komt_overeen_met_python(winterswijk, consultant):
    """Per peildatum, the SQL status of every case equals the Python one, and cases can be counted per status."""
    soorten = ["betaald_werk", "onderwijs", "werkervaringsplek", "vrijwilligerswerk"]
    zaken = StatushouderFactory.create_batch(12, gemeente=winterswijk, consultant=consultant)
    for i, zaak in enumerate(zaken):
        for j in range(i % 4):
            soort = soorten[(i + j) % 4]
            ParticipatieFactory(
                statushouder=zaak,
                soort=soort,
                startdatum=D(2026, 1 + j * 2, 1),
                einddatum=D(2026, 4 + j * 3, 15) if (i + j) % 3 else None,
                contractvorm="vast" if soort == "betaald_werk" else "",
            )
    for peildatum in (D(2025, 12, 31), D(2026, 1, 1), D(2026, 4, 15), D(2026, 4, 16), D(2026, 8, 1), D(2027, 1, 1)):
        qs = Statushouder.objects.filter(gemeente=winterswijk).annotate(
            participatie=selectors.participatie_status_expressie(peildatum)
        )
        sql = dict(qs.values_list("pk", "participatie"))
        for zaak in zaken:
            p = selectors.huidige_participatie(list(zaak.participaties.all()), peildatum)
            assert sql[zaak.pk] == (p.soort if p else None), (zaak.pk, peildatum)
        telling = dict(qs.values("participatie").annotate(n=Count("pk")).values_list("participatie", "n"))
        assert sum(telling.values()) == 12


def test_sql_expressie_met_peildatum_als_expressie(winterswijk, consultant):
    """The status on each case's own date, e.g. its einddatum, in the same query."""
    from django.db.models import OuterRef

    a = StatushouderFactory(gemeente=winterswijk, einddatum=D(2026, 6, 1), status="afgerond", eindreden="overig")
    b = StatushouderFactory(gemeente=winterswijk, einddatum=D(2026, 1, 1), status="afgerond", eindreden="overig")
    for zaak in (a, b):
        ParticipatieFactory(statushouder=zaak, soort="onderwijs", startdatum=D(2026, 3, 1))
    rijen = dict(
        Statushouder.objects.filter(pk__in=[a.pk, b.pk])
        .annotate(p=selectors.participatie_status_expressie(OuterRef("einddatum")))
        .values_list("pk", "p")
    )
    assert rijen == {a.pk: "onderwijs", b.pk: None}


# --- ontzorgen --------------------------------------------------------------------------------


def test_ontzorgen_minimaal_zes_maanden(consultant, sh):
    with pytest.raises(ValidationError) as exc:
        services.leg_ontzorgen_vast(
            actor=consultant, statushouder=sh, bijstand_start_datum=D(2026, 2, 1), ontzorgen_einde_datum=D(2026, 7, 31)
        )
    assert fouten(exc) == {
        "ontzorgen_einde_datum": [
            "Ontzorgen duurt ten minste 6 maanden vanaf de start van de bijstand: kies 01-08-2026 of later."
        ]
    }
    services.leg_ontzorgen_vast(
        actor=consultant, statushouder=sh, bijstand_start_datum=D(2026, 2, 1), ontzorgen_einde_datum=D(2026, 8, 1)
    )
    sh.refresh_from_db()
    assert (sh.bijstand_start_datum, sh.ontzorgen_einde_datum) == (D(2026, 2, 1), D(2026, 8, 1))
    regel = TijdlijnGebeurtenis.objects.get(statushouder=sh, soort="ontzorgen")
    assert regel.omschrijving == "Ontzorgen vastgelegd: bijstand vanaf 01-02-2026, ontzorgen tot en met 01-08-2026"
    event = AuditEvent.objects.get(handeling=Handeling.UPDATE, object_type="cases.statushouder")
    assert event.velden == ["bijstand_start_datum", "ontzorgen_einde_datum"]


def test_ontzorgen_zonder_einde_en_geen_toekomstige_bijstand(consultant, sh):
    with pytest.raises(ValidationError) as exc:
        services.leg_ontzorgen_vast(actor=consultant, statushouder=sh, bijstand_start_datum=D(2099, 1, 1))
    assert fouten(exc) == {"bijstand_start_datum": ["Deze datum ligt in de toekomst."]}
    services.leg_ontzorgen_vast(actor=consultant, statushouder=sh, bijstand_start_datum=D(2026, 2, 1))
    assert "ontzorgen tot en met 01-08-2026" in TijdlijnGebeurtenis.objects.get(soort="ontzorgen").omschrijving


# --- views ------------------------------------------------------------------------------------


def dossier_url(zaak):
    return reverse("cases:dossier", args=[zaak.uuid])


def test_dossierpagina_lege_staat(client, consultant, sh):
    client.force_login(consultant)
    html = client.get(dossier_url(sh)).content.decode()
    assert "Er is nog geen participatie vastgelegd." in html
    assert "Geen werk, onderwijs, vrijwilligerswerk of werkervaringsplek" in html
    assert "Geen bijstand vastgelegd, dus geen ontzorgen." in html
    assert reverse("cases:participatie_nieuw", args=[sh.uuid]) in html


def test_vastleggen_via_formulier_en_status_op_dossierpagina(client, consultant, sh):
    client.force_login(consultant)
    data = {"soort": "betaald_werk", "startdatum": "2026-03-01", "uren_per_week": "24", "sector": "logistiek",
            "contractvorm": "tijdelijk"}  # fmt: skip
    response = client.post(reverse("cases:participatie_nieuw", args=[sh.uuid]), data, follow=True)
    assert response.redirect_chain[-1][0] == dossier_url(sh) + "#kop-participatie"
    html = response.content.decode()
    assert "De participatie is vastgelegd." in html
    assert "Betaald werk, 24 uur per week, logistiek, tijdelijk contract" in html


def test_foute_invoer_komt_terug_met_melding_bij_het_veld(client, consultant, sh):
    client.force_login(consultant)
    data = {"soort": "onderwijs", "startdatum": "2026-03-01", "sector": "mbo zorg", "contractvorm": "vast"}
    response = client.post(reverse("cases:participatie_nieuw", args=[sh.uuid]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["contractvorm"] == ["Een contractvorm hoort alleen bij betaald werk."]
    assert 'value="mbo zorg"' in response.content.decode()
    assert not Participatie.objects.exists()


def test_wijzigen_en_beeindigen_paginas(client, consultant, sh):
    p = services.registreer_participatie(actor=consultant, statushouder=sh, **WERK)
    client.force_login(consultant)
    wijzig = reverse("cases:participatie_wijzigen", args=[sh.uuid, p.uuid])
    assert 'value="logistiek"' in client.get(wijzig).content.decode()
    client.post(wijzig, {**WERK, "startdatum": "2026-03-01", "sector": "transport"})
    p.refresh_from_db()
    assert p.sector == "transport"
    eind = reverse("cases:participatie_beeindigen", args=[sh.uuid, p.uuid])
    response = client.post(eind, {"einddatum": "2026-01-01"})
    assert response.context["form"].errors["einddatum"] == ["De einddatum ligt vóór de startdatum."]
    assert client.post(eind, {"einddatum": "2026-10-31"}).status_code == 302
    p.refresh_from_db()
    assert p.einddatum == D(2026, 10, 31)


def test_ontzorgen_formulier(client, consultant, sh):
    client.force_login(consultant)
    url = reverse("cases:ontzorgen", args=[sh.uuid])
    response = client.post(url, {"bijstand_start_datum": "2026-06-01", "ontzorgen_einde_datum": "2026-10-01"})
    assert response.context["form"].errors["ontzorgen_einde_datum"] == [
        "Ontzorgen duurt ten minste 6 maanden vanaf de start van de bijstand: kies 01-12-2026 of later."
    ]
    assert client.post(url, {"bijstand_start_datum": "2026-06-01", "ontzorgen_einde_datum": ""}).status_code == 302
    html = client.get(dossier_url(sh)).content.decode()
    assert "01-12-2026" in html and "op zijn vroegst" in html


def test_rechten_404_andere_gemeente_403_meelezer(client, make_user, winterswijk, aalten, consultant, sh):
    p = services.registreer_participatie(actor=consultant, statushouder=sh, **WERK)
    urls = [
        reverse("cases:participatie_nieuw", args=[sh.uuid]),
        reverse("cases:participatie_wijzigen", args=[sh.uuid, p.uuid]),
        reverse("cases:participatie_beeindigen", args=[sh.uuid, p.uuid]),
        reverse("cases:ontzorgen", args=[sh.uuid]),
    ]
    client.force_login(make_user(roles.CONSULTANT, gemeente=aalten))
    for url in [*urls, reverse("cases:participatie", args=[sh.uuid])]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url
    client.force_login(make_user(roles.CONSULTANT, gemeente=winterswijk))
    for url in urls:
        assert client.post(url, {"einddatum": "2026-10-01"}).status_code == 403, url
    response = client.get(dossier_url(sh))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Betaald werk, 24 uur per week" in html
    assert reverse("cases:participatie_nieuw", args=[sh.uuid]) not in html
    assert client.get(reverse("cases:participatie", args=[sh.uuid])).status_code == 200


def test_andermans_participatie_404(client, consultant, sh, registreer):
    ander = registreer(bsn="999990020")
    p = services.registreer_participatie(actor=consultant, statushouder=ander, **WERK)
    client.force_login(consultant)
    assert client.get(reverse("cases:participatie_wijzigen", args=[sh.uuid, p.uuid])).status_code == 404


def test_historie_gepagineerd(client, consultant, sh):
    for i in range(30):
        ParticipatieFactory(statushouder=sh, startdatum=D(2024, 1, 1) + dt.timedelta(days=i * 10))
    client.force_login(consultant)
    html = client.get(dossier_url(sh)).content.decode()
    assert "Alle 30 participaties bekijken" in html
    pagina2 = client.get(reverse("cases:participatie", args=[sh.uuid]) + "?pagina=2")
    assert len(pagina2.context["pagina"].object_list) == 5
    html2 = pagina2.content.decode()
    assert 'aria-current="page" href="?pagina=2"' in html2 and 'rel="prev" href="?pagina=1"' in html2


def test_dossierpagina_constant_aantal_queries(client, consultant, achterhoek, sh, django_assert_num_queries):
    """2 or 30 participations and referrals: the same number of queries on the case page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(consultant)

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(dossier_url(sh)).status_code == 200
        return len(ctx.captured_queries)

    def voeg_toe(n):
        for i in range(n):
            ParticipatieFactory(statushouder=sh, startdatum=D(2025, 1, 1) + dt.timedelta(days=i))
            VerwijzingFactory(
                statushouder=sh,
                ketenpartner=achterhoek.ketenpartners["GGNet"] if i % 2 else None,
                sleutelpersoon=None if i % 2 else achterhoek.sleutelpersonen["Amanuel Tesfay"],
                afgerond_op=D(2026, 10, 20) if i % 3 else None,
                uitkomst="Afgerond" if i % 3 else "",
            )

    voeg_toe(2)
    klein = tel()
    voeg_toe(28)
    assert tel() == klein
