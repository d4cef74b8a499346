"""Verwijzingen: the services (refer, record the outcome) with their Dutch errors, timeline and audit; the case page
section, the "Nieuwe verwijzing" page with the sleutelpersonen who share a language, the outcome form, the list,
and their permissions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import TijdlijnGebeurtenis, Verwijzing
from cases.services import verwijzingen as services
from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from partners.models import Arbeidsmarktregio, Organisatie
from tests.factories import SleutelpersoonFactory, VerwijzingFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def sh(registreer):
    return registreer()  # Yonas, Eritrean, speaks Tigrinya, Winterswijk


@pytest.fixture
def ggz(achterhoek):
    return achterhoek.ketenpartners["GGNet"]


@pytest.fixture
def amanuel(achterhoek):
    return achterhoek.sleutelpersonen["Amanuel Tesfay"]


def fouten(exc) -> dict:
    return exc.value.message_dict


def test_verwijs_naar_ketenpartner(consultant, sh, ggz):
    v = services.verwijs(
        actor=consultant, statushouder=sh, ketenpartner=ggz, reden="Slaapproblemen", datum=D(2026, 11, 2)
    )
    assert (v.ketenpartner, v.sleutelpersoon, v.reden, v.afgerond_op) == (ggz, None, "Slaapproblemen", None)
    regel = TijdlijnGebeurtenis.objects.get(statushouder=sh, soort="verwijzing")
    assert (regel.omschrijving, regel.datum) == ("Verwezen naar GGNet: Slaapproblemen", D(2026, 11, 2))
    assert AuditEvent.objects.filter(
        handeling=Handeling.CREATE, object_type="cases.verwijzing", object_id=str(v.uuid), statushouder_id=sh.uuid
    ).exists()


def test_verwijs_naar_sleutelpersoon(consultant, sh, amanuel):
    services.verwijs(actor=consultant, statushouder=sh, sleutelpersoon=amanuel, reden="Wegwijs", datum=D(2026, 11, 2))
    assert TijdlijnGebeurtenis.objects.get(soort="verwijzing").omschrijving == (
        "Verwezen naar sleutelpersoon Amanuel Tesfay: Wegwijs"
    )


def test_precies_een_doel(consultant, sh, ggz, amanuel):
    with pytest.raises(ValidationError) as exc:
        services.verwijs(actor=consultant, statushouder=sh, reden="x", datum=D(2026, 11, 2))
    assert fouten(exc) == {"ketenpartner": ["Kies een ketenpartner of een sleutelpersoon."]}
    with pytest.raises(ValidationError) as exc:
        services.verwijs(
            actor=consultant, statushouder=sh, ketenpartner=ggz, sleutelpersoon=amanuel, reden="x", datum=D(2026, 11, 2)
        )
    assert fouten(exc) == {
        "ketenpartner": ["Verwijs naar een ketenpartner óf naar een sleutelpersoon, niet naar allebei."]
    }
    assert not Verwijzing.objects.exists()


def test_doel_moet_uit_de_regio_komen_en_actief_zijn(consultant, sh, achterhoek):
    twente = Arbeidsmarktregio.objects.create(naam="Twente", code="AM99")
    elders = Organisatie.objects.create(naam="GGZ Twente", type="ketenpartner", soort="ggz")
    elders.arbeidsmarktregios.add(twente)
    aanbieder = achterhoek.aanbieders["TopTaal"]  # in the region, but not a ketenpartner
    for org in (elders, aanbieder):
        with pytest.raises(ValidationError) as exc:
            services.verwijs(actor=consultant, statushouder=sh, ketenpartner=org, reden="x", datum=D(2026, 11, 2))
        assert fouten(exc) == {"ketenpartner": ["Kies een ketenpartner uit de regio van de gemeente."]}
    gestopt = achterhoek.sleutelpersonen["Yohannes Berhe"]
    twentenaar = SleutelpersoonFactory(arbeidsmarktregio=twente)
    for sp in (gestopt, twentenaar):
        with pytest.raises(ValidationError) as exc:
            services.verwijs(actor=consultant, statushouder=sh, sleutelpersoon=sp, reden="x", datum=D(2026, 11, 2))
        assert fouten(exc) == {"sleutelpersoon": ["Kies een actieve sleutelpersoon uit de regio van de gemeente."]}


def test_reden_en_datum(consultant, sh, ggz):
    with pytest.raises(ValidationError) as exc:
        services.verwijs(actor=consultant, statushouder=sh, ketenpartner=ggz, reden="  ", datum=None)
    assert fouten(exc) == {
        "reden": ["Geef de reden van de verwijzing."],
        "datum": ["Vul de datum van de verwijzing in."],
    }
    with pytest.raises(ValidationError) as exc:
        services.verwijs(actor=consultant, statushouder=sh, ketenpartner=ggz, reden="x" * 256, datum=D(2026, 11, 2))
    assert fouten(exc) == {"reden": ["Beschrijf de reden in ten hoogste 255 tekens."]}
    with pytest.raises(ValidationError) as exc:
        services.verwijs(actor=consultant, statushouder=sh, ketenpartner=ggz, reden="x", datum=D(2099, 1, 1))
    assert fouten(exc) == {"datum": ["Deze datum ligt in de toekomst."]}


def test_uitkomst(consultant, sh, ggz):
    v = services.verwijs(actor=consultant, statushouder=sh, ketenpartner=ggz, reden="Klachten", datum=D(2026, 9, 1))
    with pytest.raises(ValidationError) as exc:
        services.leg_uitkomst_vast(actor=consultant, statushouder=sh, verwijzing=v.uuid, uitkomst="", afgerond_op=None)
    assert fouten(exc) == {
        "uitkomst": ["Beschrijf de uitkomst van de verwijzing."],
        "afgerond_op": ["Vul de datum van afronding in."],
    }
    with pytest.raises(ValidationError) as exc:
        services.leg_uitkomst_vast(
            actor=consultant, statushouder=sh, verwijzing=v.uuid, uitkomst="ok", afgerond_op=D(2026, 8, 31)
        )
    assert fouten(exc) == {"afgerond_op": ["De datum van afronding ligt vóór de datum van de verwijzing (01-09-2026)."]}
    services.leg_uitkomst_vast(
        actor=consultant, statushouder=sh, verwijzing=v.uuid, uitkomst="Behandeling gestart", afgerond_op=D(2026, 9, 1)
    )
    v.refresh_from_db()
    assert (v.uitkomst, v.afgerond_op) == ("Behandeling gestart", D(2026, 9, 1))
    assert TijdlijnGebeurtenis.objects.get(soort="verwijzing:afgerond").omschrijving == (
        "Verwijzing naar GGNet afgerond: Behandeling gestart"
    )
    event = AuditEvent.objects.get(handeling=Handeling.UPDATE, object_type="cases.verwijzing")
    assert sorted(event.velden) == ["afgerond_op", "uitkomst"]
    with pytest.raises(ValidationError) as exc:
        services.leg_uitkomst_vast(
            actor=consultant, statushouder=sh, verwijzing=v.uuid, uitkomst="nog eens", afgerond_op=D(2026, 9, 2)
        )
    assert exc.value.messages == ["Deze verwijzing is al afgerond."]


def test_lange_uitkomst_past_op_de_tijdlijn(consultant, sh, ggz):
    v = services.verwijs(actor=consultant, statushouder=sh, ketenpartner=ggz, reden="x" * 255, datum=D(2026, 9, 1))
    services.leg_uitkomst_vast(
        actor=consultant, statushouder=sh, verwijzing=v.uuid, uitkomst="y" * 2000, afgerond_op=D(2026, 9, 1)
    )
    assert all(len(t.omschrijving) <= 255 for t in TijdlijnGebeurtenis.objects.all())
    v.refresh_from_db()
    assert len(v.uitkomst) == 2000


def test_meelezer_en_ander_dossier(make_user, winterswijk, consultant, sh, ggz, registreer):
    with pytest.raises(PermissionDenied):
        services.verwijs(
            actor=make_user(roles.CONSULTANT, gemeente=winterswijk),
            statushouder=sh,
            ketenpartner=ggz,
            reden="x",
            datum=D(2026, 9, 1),
        )
    ander = registreer(bsn="999990020")
    v = VerwijzingFactory(statushouder=ander, ketenpartner=ggz)
    with pytest.raises(Verwijzing.DoesNotExist):
        services.leg_uitkomst_vast(
            actor=consultant, statushouder=sh, verwijzing=v.uuid, uitkomst="x", afgerond_op=D(2026, 10, 2)
        )


# --- views ------------------------------------------------------------------------------------


def dossier_url(zaak):
    return reverse("cases:dossier", args=[zaak.uuid])


def test_lege_staat(client, consultant, sh):
    client.force_login(consultant)
    html = client.get(dossier_url(sh)).content.decode()
    assert "Geen lopende verwijzingen." in html
    assert "Nog geen afgeronde verwijzingen." in html
    assert reverse("cases:verwijzing_nieuw", args=[sh.uuid]) in html


def test_nieuwe_verwijzing_toont_sleutelpersonen_met_gedeelde_taal(client, consultant, sh, amanuel):
    client.force_login(consultant)
    response = client.get(reverse("cases:verwijzing_nieuw", args=[sh.uuid]))
    html = response.content.decode()
    assert "De statushouder spreekt: Tigrinya." in html
    keuzes = [label for _, label in response.context["form"].fields["sleutelpersoon"].choices]
    assert keuzes == [
        "Geen sleutelpersoon",
        "Amanuel Tesfay (Winterswijk) – spreekt Tigrinya",
        "Selam Gebremedhin (Doetinchem) – spreekt Tigrinya",
        "Hiwet Kidane (Aalten) – spreekt Tigrinya",
    ]
    assert "Rania Haddad" not in html and "Yohannes Berhe" not in html
    assert "GGNet (GGZ)" in html
    response = client.post(
        reverse("cases:verwijzing_nieuw", args=[sh.uuid]),
        {
            "sleutelpersoon": str(amanuel.uuid),
            "ketenpartner": "",
            "reden": "Wegwijs in Winterswijk",
            "datum": "2026-11-20",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == dossier_url(sh) + "#kop-verwijzingen"
    html = response.content.decode()
    assert "De verwijzing is vastgelegd." in html
    assert "Amanuel Tesfay (sleutelpersoon)" in html
    assert Verwijzing.objects.get().sleutelpersoon == amanuel


def test_nieuwe_verwijzing_fout_houdt_invoer_vast(client, consultant, sh, ggz, amanuel):
    client.force_login(consultant)
    data = {
        "ketenpartner": str(ggz.uuid),
        "sleutelpersoon": str(amanuel.uuid),
        "reden": "Dubbel",
        "datum": "2026-11-20",
    }
    response = client.post(reverse("cases:verwijzing_nieuw", args=[sh.uuid]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["ketenpartner"] == [
        "Verwijs naar een ketenpartner óf naar een sleutelpersoon, niet naar allebei."
    ]
    assert 'value="Dubbel"' in response.content.decode()
    data = {"ketenpartner": "", "sleutelpersoon": "", "reden": "", "datum": "2026-11-20"}
    response = client.post(reverse("cases:verwijzing_nieuw", args=[sh.uuid]), data)
    assert response.context["form"].errors["reden"] == ["Dit veld is vereist."]
    assert not Verwijzing.objects.exists()


def test_uitkomst_via_dossierpagina(client, consultant, sh, ggz):
    v = VerwijzingFactory(statushouder=sh, ketenpartner=ggz, reden="Slaapproblemen", datum=D(2026, 10, 1))
    client.force_login(consultant)
    html = client.get(dossier_url(sh)).content.decode()
    assert "Slaapproblemen" in html and reverse("cases:verwijzing_uitkomst", args=[sh.uuid, v.uuid]) in html
    url = reverse("cases:verwijzing_uitkomst", args=[sh.uuid, v.uuid])
    response = client.post(url, {"uitkomst": "Intake gehad", "afgerond_op": "2026-09-30"})
    assert response.context["form"].errors["afgerond_op"] == [
        "De datum van afronding ligt vóór de datum van de verwijzing (01-10-2026)."
    ]
    assert client.post(url, {"uitkomst": "Intake gehad", "afgerond_op": "2026-10-15"}).status_code == 302
    html = client.get(dossier_url(sh)).content.decode()
    assert "Intake gehad" in html and "Geen lopende verwijzingen." in html
    # finished: the outcome page sends back to the case
    assert client.get(url).status_code == 302


def test_rechten(client, make_user, winterswijk, aalten, sh, ggz):
    v = VerwijzingFactory(statushouder=sh, ketenpartner=ggz)
    schrijf = [
        reverse("cases:verwijzing_nieuw", args=[sh.uuid]),
        reverse("cases:verwijzing_uitkomst", args=[sh.uuid, v.uuid]),
    ]
    client.force_login(make_user(roles.CONSULTANT, gemeente=aalten))
    for url in [*schrijf, reverse("cases:verwijzingen", args=[sh.uuid])]:
        assert client.get(url).status_code == 404, url
    client.force_login(make_user(roles.CONSULTANT, gemeente=winterswijk))
    for url in schrijf:
        assert client.post(url, {"reden": "x", "datum": "2026-11-01"}).status_code == 403, url
    html = client.get(dossier_url(sh)).content.decode()
    assert "Ondersteuning bij het vinden van vrijwilligerswerk" in html
    assert schrijf[0] not in html and schrijf[1] not in html
    assert client.get(reverse("cases:verwijzingen", args=[sh.uuid])).status_code == 200


def test_lijst_gepagineerd(client, consultant, sh, ggz):
    for i in range(30):
        VerwijzingFactory(
            statushouder=sh, ketenpartner=ggz, datum=D(2025, 1, 1) + dt.timedelta(days=i), afgerond_op=D(2026, 1, 1)
        )
    client.force_login(consultant)
    assert "Alle 30 verwijzingen bekijken" in client.get(dossier_url(sh)).content.decode()
    pagina = client.get(reverse("cases:verwijzingen", args=[sh.uuid]) + "?pagina=2")
    assert len(pagina.context["pagina"].object_list) == 5
