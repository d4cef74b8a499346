"""The partner directory: who reads and who edits, the service's Dutch validation and audit events, search and
filters, the keurmerk display, contacts, and a constant number of queries on the list."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inburgering.accounts import roles
from inburgering.audit.models import AuditEvent, Handeling
from partners.models import Arbeidsmarktregio, Contactpersoon, Keurmerk, Organisatie
from partners.selectors import organisaties as selectors
from partners.services.organisaties import bewaar_contactpersoon, bewaar_organisatie, verwijder_contactpersoon
from tests.conftest import TODAY
from tests.factories import KeurmerkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(make_user):
    return make_user(roles.BEHEERDER)


@pytest.fixture
def coordinator(make_user, achterhoek):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)


@pytest.fixture
def twente():
    regio = Arbeidsmarktregio.objects.create(naam="Twente", code="AM30")
    org = Organisatie.objects.create(naam="Taalschool Twente", type=Organisatie.Type.TAALAANBIEDER)
    org.arbeidsmarktregios.add(regio)
    return regio, org


def data(achterhoek, **extra):
    return {
        "naam": "Taalcentrum Oost",
        "type": Organisatie.Type.TAALAANBIEDER,
        "soort": "",
        "kvk_nummer": "12345678",
        "plaats": "Doetinchem",
        "aanbod": "B1-route en Z-route",
        "website": "",
        "email": "",
        "telefoon": "",
        "actief": True,
        "gemeenten": [achterhoek.gemeenten["Doetinchem"]],
        "arbeidsmarktregios": [achterhoek.regio],
        **extra,
    }


def events(handeling, model):
    return AuditEvent.objects.filter(handeling=handeling, object_type__endswith=model)


# --- service ----------------------------------------------------------------------------------------------------


def test_coordinator_creates_an_organisation_with_an_audit_event(coordinator, achterhoek):
    org = bewaar_organisatie(coordinator, data(achterhoek))
    assert not org.keurmerk_geldig_op(TODAY)  # a keurmerk is a period of its own (services.keurmerken)
    assert list(org.gemeenten.all()) == [achterhoek.gemeenten["Doetinchem"]]
    event = events(Handeling.CREATE, "organisatie").get(object_id=str(org.uuid))
    assert "kvk_nummer" in event.velden and "gemeenten" in event.velden


def test_update_logs_only_the_changed_fields(beheerder, achterhoek):
    org = bewaar_organisatie(beheerder, data(achterhoek))
    bewaar_organisatie(beheerder, data(achterhoek, plaats="Zutphen", gemeenten=[]), org)
    event = events(Handeling.UPDATE, "organisatie").get(object_id=str(org.uuid))
    assert sorted(event.velden) == ["gemeenten", "plaats"]
    bewaar_organisatie(beheerder, data(achterhoek, plaats="Zutphen", gemeenten=[]), org)  # nothing changed
    assert events(Handeling.UPDATE, "organisatie").count() == 1


@pytest.mark.parametrize(
    ("extra", "veld", "melding"),
    [
        ({"naam": "  "}, "naam", "Vul de naam van de organisatie in."),
        ({"naam": "TopTaal"}, "naam", "Er is al een taalaanbieder met de naam ‘TopTaal’."),
        ({"naam": "toptaal"}, "naam", "Er is al een taalaanbieder met de naam ‘toptaal’."),
        ({"kvk_nummer": "1234567"}, "kvk_nummer", "Een KvK-nummer bestaat uit precies 8 cijfers."),
        ({"kvk_nummer": "1234567a"}, "kvk_nummer", "Een KvK-nummer bestaat uit precies 8 cijfers."),
        ({"soort": "coa"}, "soort", "Alleen een ketenpartner heeft een soort."),
        ({"type": "bakker"}, "type", "Kies een type"),
        ({"arbeidsmarktregios": []}, "arbeidsmarktregios", "Kies ten minste één arbeidsmarktregio waarvoor u werkt."),
    ],
)
def test_validation_in_dutch(coordinator, achterhoek, extra, veld, melding):
    with pytest.raises(ValidationError) as exc:
        bewaar_organisatie(coordinator, data(achterhoek, **extra))
    assert any(melding in m for m in exc.value.message_dict[veld])
    assert not Organisatie.objects.filter(naam="Taalcentrum Oost").exists()


def test_same_name_is_fine_for_another_type(beheerder, achterhoek):
    org = bewaar_organisatie(
        beheerder, data(achterhoek, naam="TopTaal", type=Organisatie.Type.WERKGEVER, kvk_nummer="")
    )
    assert org.type == Organisatie.Type.WERKGEVER


def test_who_may_edit(consultant, teamleider, coordinator, beheerder, achterhoek, twente, make_user):
    _regio, twentse = twente
    toptaal = achterhoek.aanbieders["TopTaal"]
    for user in (consultant, teamleider):
        with pytest.raises(PermissionDenied):
            bewaar_organisatie(user, data(achterhoek))
    with pytest.raises(PermissionDenied, match="niet in uw regio"):
        bewaar_organisatie(coordinator, data(achterhoek, naam="Taalschool Twente"), twentse)
    with pytest.raises(PermissionDenied):
        bewaar_contactpersoon(coordinator, twentse, {"naam": "Piet"})
    assert selectors.mag_bewerken(coordinator, toptaal) and not selectors.mag_bewerken(coordinator, twentse)
    assert selectors.mag_bewerken(beheerder, twentse)
    assert not selectors.mag_bewerken(consultant, toptaal)


def test_contacts_add_change_remove_with_audit(coordinator, achterhoek):
    toptaal = achterhoek.aanbieders["TopTaal"]
    contact = bewaar_contactpersoon(coordinator, toptaal, {"naam": " Sanne de Vries ", "functie": "coördinator"})
    assert contact.naam == "Sanne de Vries"
    with pytest.raises(ValidationError) as exc:
        bewaar_contactpersoon(coordinator, toptaal, {"naam": "sanne de vries"})
    assert exc.value.message_dict["naam"] == ["TopTaal heeft al een contactpersoon met de naam ‘sanne de vries’."]
    bewaar_contactpersoon(coordinator, toptaal, {"naam": "Sanne de Vries", "telefoon": "0314 1"}, contact)
    assert events(Handeling.UPDATE, "contactpersoon").get().velden == ["functie", "telefoon"]
    verwijder_contactpersoon(coordinator, contact)
    assert not Contactpersoon.objects.exists()
    assert events(Handeling.DELETE, "contactpersoon").get().object_id == str(contact.uuid)
    assert events(Handeling.CREATE, "contactpersoon").count() == 1


# --- search and filters -----------------------------------------------------------------------------------------


def namen(**filters):
    return [o.naam for o in selectors.organisaties(vandaag=TODAY, **filters)]


def test_search_and_filters(achterhoek):
    toptaal = achterhoek.aanbieders["TopTaal"]
    toptaal.plaats, toptaal.aanbod = "Lichtenvoorde", "Z-route met duale trajecten"
    toptaal.save()
    Contactpersoon.objects.create(organisatie=achterhoek.aanbieders["HAN"], naam="Karin Jansen")
    verlopen = Organisatie.objects.create(naam="Oude Taalschool", type="taalaanbieder")
    KeurmerkFactory(organisatie=verlopen, geldig_tot=TODAY - dt.timedelta(days=1))
    assert namen(zoek="lichtenvoorde") == ["TopTaal"]
    assert namen(zoek="duale") == ["TopTaal"]
    assert namen(zoek="jansen") == ["HAN"]
    assert namen(type="onderwijs") == ["Graafschap College", "HAN"]
    assert namen(soort="ggz") == ["GGNet"]
    aalten = namen(gemeente=achterhoek.gemeenten["Aalten"])  # the fixture's organisations serve all eight
    assert "TopTaal" in aalten and "GGNet" in aalten and verlopen.naam not in aalten
    assert namen(keurmerk="geldig") == ["Interbeek", "TopTaal"]
    assert namen(keurmerk="verlopen") == [verlopen.naam]
    assert "Oude Taalschool" not in namen(keurmerk="geen") and "COA" in namen(keurmerk="geen")


def test_keurmerk_on_the_edge(client, consultant, achterhoek):
    toptaal = achterhoek.aanbieders["TopTaal"]
    client.force_login(consultant)
    url = reverse("partners:organisatie", args=[toptaal.uuid])
    from django.utils import timezone

    vandaag = timezone.localdate()
    periodes = Keurmerk.objects.filter(organisatie=toptaal, soort="blik_op_werk")
    periodes.update(geldig_tot=vandaag)
    assert f"geldig tot {vandaag:%d-%m-%Y}" in client.get(url).content.decode()
    periodes.update(geldig_tot=vandaag - dt.timedelta(days=1))
    assert f"verlopen (geldig tot {vandaag - dt.timedelta(days=1):%d-%m-%Y})" in client.get(url).content.decode()
    periodes.update(geldig_tot=None)
    assert "geldig, zonder einddatum" in client.get(url).content.decode()
    periodes.update(geldig_van=vandaag + dt.timedelta(days=1))
    assert f"geldig vanaf {vandaag + dt.timedelta(days=1):%d-%m-%Y}" in client.get(url).content.decode()


# --- pages ------------------------------------------------------------------------------------------------------


def test_everyone_with_a_role_reads_only_managers_see_edit_links(
    client, consultant, teamleider, coordinator, beheerder, achterhoek, twente
):
    _regio, twentse = twente
    toptaal = achterhoek.aanbieders["TopTaal"]
    for user, mag in ((consultant, False), (teamleider, False), (coordinator, True), (beheerder, True)):
        client.force_login(user)
        lijst = client.get(reverse("partners:organisaties")).content.decode()
        assert "TopTaal" in lijst and "Taalschool Twente" in lijst
        assert (reverse("partners:organisatie_nieuw") in lijst) is mag
        detail = client.get(reverse("partners:organisatie", args=[toptaal.uuid]))
        assert detail.status_code == 200
        assert (reverse("partners:organisatie_bewerken", args=[toptaal.uuid]) in detail.content.decode()) is mag
        for naam in ("organisatie_bewerken", "organisatie_contact_nieuw"):
            assert client.get(reverse(f"partners:{naam}", args=[toptaal.uuid])).status_code == (200 if mag else 403)
        assert client.get(reverse("partners:organisatie_nieuw")).status_code == (200 if mag else 403)
    client.force_login(coordinator)
    twentse_detail = client.get(reverse("partners:organisatie", args=[twentse.uuid]))
    assert reverse("partners:organisatie_bewerken", args=[twentse.uuid]) not in twentse_detail.content.decode()
    assert client.get(reverse("partners:organisatie_bewerken", args=[twentse.uuid])).status_code == 403


def test_user_without_a_role_gets_403(client, django_user_model, achterhoek):
    client.force_login(django_user_model.objects.create_user("zonderrol"))
    assert client.get(reverse("partners:organisaties")).status_code == 403


def test_create_page_keeps_input_and_shows_errors_then_redirects(client, coordinator, achterhoek):
    client.force_login(coordinator)
    url = reverse("partners:organisatie_nieuw")
    form = {
        "naam": "Taalcentrum Oost",
        "type": "taalaanbieder",
        "kvk_nummer": "123",
        "arbeidsmarktregios": [achterhoek.regio.pk],
        "actief": "on",
    }
    response = client.post(url, form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in html
    assert 'value="Taalcentrum Oost"' in html
    form.update(kvk_nummer="12345678", gemeenten=[achterhoek.gemeenten["Aalten"].pk])
    response = client.post(url, form, follow=True)
    org = Organisatie.objects.get(naam="Taalcentrum Oost")
    assert response.redirect_chain[-1][0] == reverse("partners:organisatie", args=[org.uuid])
    html = response.content.decode()
    assert "Taalcentrum Oost is toegevoegd aan de partnergids." in html
    assert "Er is geen keurmerk vastgelegd." in html and "Aalten" in html


def test_contact_pages(client, coordinator, achterhoek):
    toptaal = achterhoek.aanbieders["TopTaal"]
    client.force_login(coordinator)
    client.post(
        reverse("partners:organisatie_contact_nieuw", args=[toptaal.uuid]), {"naam": "Sanne", "email": "s@toptaal.nl"}
    )
    contact = toptaal.contactpersonen.get()
    response = client.post(
        reverse("partners:organisatie_contact", args=[toptaal.uuid, contact.uuid]), {"naam": "Sanne", "email": "fout"}
    )
    assert "Voer een geldig e-mailadres in." in response.content.decode()
    client.post(
        reverse("partners:organisatie_contact", args=[toptaal.uuid, contact.uuid]),
        {"naam": "Sanne", "functie": "docent"},
    )
    contact.refresh_from_db()
    assert (contact.functie, contact.email) == ("docent", "")
    verwijder = reverse("partners:organisatie_contact_verwijderen", args=[toptaal.uuid, contact.uuid])
    assert "Ja, contactpersoon verwijderen" in client.get(verwijder).content.decode()
    client.post(verwijder)
    assert not toptaal.contactpersonen.exists()


def test_list_has_constant_queries(client, consultant, achterhoek, django_assert_max_num_queries):
    client.force_login(consultant)
    url = reverse("partners:organisaties")

    def tel(aantal):
        bestaand = Organisatie.objects.count()
        for i in range(bestaand, aantal):
            org = Organisatie.objects.create(naam=f"Werkgever {i:03d}", type="werkgever")
            org.gemeenten.add(achterhoek.gemeenten["Aalten"], achterhoek.gemeenten["Winterswijk"])
        with django_assert_max_num_queries(50) as ctx:
            response = client.get(url, {"zoek": "e", "page": 1})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    klein = tel(12)
    groot = tel(200)
    assert klein == groot
