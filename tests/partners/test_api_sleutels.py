"""API keys of the providers: who may issue and revoke them (service), that only a hash is stored, the audit
events, the regiocoördinator's page and the admin."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from inburgering.accounts import roles
from inburgering.audit.models import ActorType, AuditEvent, Handeling
from partners.models import ApiSleutel, Arbeidsmarktregio, Organisatie
from partners.services import geef_api_sleutel_uit, trek_api_sleutel_in

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"


@pytest.fixture
def toptaal(achterhoek):
    return achterhoek.aanbieders["TopTaal"]


@pytest.fixture
def twente():
    """Another region with its own taalaanbieder."""
    regio = Arbeidsmarktregio.objects.create(naam="Twente", code="AM30")
    aanbieder = Organisatie.objects.create(naam="Taalschool Twente", type=Organisatie.Type.TAALAANBIEDER)
    aanbieder.arbeidsmarktregios.add(regio)
    return regio, aanbieder


@pytest.fixture
def beheerder(make_user):
    return make_user(roles.BEHEERDER, password=PASSWORD)


@pytest.fixture
def regiocoordinator(make_user, achterhoek):
    return make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio, password=PASSWORD)


@pytest.fixture
def regio_client(client, regiocoordinator):
    client.force_login(regiocoordinator)
    return client


# --- service ----------------------------------------------------------------------------------------------------


def test_beheerder_issues_a_key_for_any_taalaanbieder(beheerder, toptaal, twente):
    _regio, twentse = twente
    for organisatie in (toptaal, twentse):
        sleutel, key = geef_api_sleutel_uit(beheerder, organisatie, "nachtelijke export")
        assert sleutel.organisatie == organisatie
        assert sleutel.aangemaakt_door == beheerder
        assert ApiSleutel.objects.get_from_key(key) == sleutel


def test_regiocoordinator_issues_for_a_provider_of_the_own_region(regiocoordinator, toptaal):
    sleutel, key = geef_api_sleutel_uit(regiocoordinator, toptaal, "  roosterkoppeling  ")
    assert sleutel.name == "roosterkoppeling"
    assert key.startswith(f"{sleutel.prefix}.")


def test_regiocoordinator_of_another_region_is_refused(make_user, toptaal, twente):
    regio, _aanbieder = twente
    twentse_coordinator = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=regio)
    with pytest.raises(PermissionDenied, match="niet beheren"):
        geef_api_sleutel_uit(twentse_coordinator, toptaal, "export")
    sleutel, _key = ApiSleutel.objects.create_key(organisatie=toptaal, name="bestaand")
    with pytest.raises(PermissionDenied):
        trek_api_sleutel_in(twentse_coordinator, sleutel)
    assert not ApiSleutel.objects.get(pk=sleutel.pk).revoked
    assert ApiSleutel.objects.count() == 1


def test_consultant_and_teamleider_are_refused(consultant, teamleider, toptaal):
    for user in (consultant, teamleider):
        with pytest.raises(PermissionDenied):
            geef_api_sleutel_uit(user, toptaal, "export")
    assert not ApiSleutel.objects.exists()


def test_only_an_active_provider_gets_a_key(beheerder, achterhoek, toptaal):
    with pytest.raises(ValidationError) as exc:
        geef_api_sleutel_uit(beheerder, achterhoek.ketenpartners["UWV"], "export")
    assert exc.value.message_dict == {
        "organisatie": ["Alleen een taal- of onderwijsaanbieder kan een API-sleutel krijgen."]
    }
    toptaal.actief = False
    toptaal.save()
    with pytest.raises(ValidationError) as exc:
        geef_api_sleutel_uit(beheerder, toptaal, "export")
    assert exc.value.message_dict == {"organisatie": ["Deze taalaanbieder is niet actief."]}
    assert not ApiSleutel.objects.exists()


@pytest.mark.parametrize(
    ("naam", "fout"),
    [
        ("   ", "Geef de sleutel een naam, bijvoorbeeld het systeem dat hem gebruikt."),
        ("x" * 51, "De naam is te lang (hoogstens 50 tekens)."),
    ],
)
def test_a_key_needs_a_name_of_at_most_50_characters(beheerder, toptaal, naam, fout):
    with pytest.raises(ValidationError) as exc:
        geef_api_sleutel_uit(beheerder, toptaal, naam)
    assert exc.value.message_dict == {"naam": [fout]}


def test_the_key_is_stored_hashed_only(beheerder, toptaal):
    sleutel, key = geef_api_sleutel_uit(beheerder, toptaal, "export")
    prefix, geheim = key.split(".")
    assert prefix == sleutel.prefix
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(t)::text FROM partners_apisleutel t WHERE t.prefix = %s", [prefix])
        (rij,) = cursor.fetchone()
    assert geheim not in rij
    assert key not in rij
    assert sleutel.hashed_key in rij  # the row holds the hash


def test_revoke_stamps_who_and_when_and_the_key_stops_working(beheerder, regiocoordinator, toptaal):
    sleutel, key = geef_api_sleutel_uit(beheerder, toptaal, "export")
    trek_api_sleutel_in(regiocoordinator, sleutel)
    sleutel.refresh_from_db()
    assert sleutel.revoked
    assert sleutel.ingetrokken_door == regiocoordinator
    assert sleutel.ingetrokken_op is not None
    with pytest.raises(ApiSleutel.DoesNotExist):
        ApiSleutel.objects.get_from_key(key)
    with pytest.raises(ValidationError, match="al ingetrokken"):
        trek_api_sleutel_in(beheerder, sleutel)


def test_issue_and_revoke_are_audited_without_the_key(regiocoordinator, toptaal):
    sleutel, key = geef_api_sleutel_uit(regiocoordinator, toptaal, "export")
    trek_api_sleutel_in(regiocoordinator, sleutel)
    events = list(AuditEvent.objects.filter(object_type="partners.apisleutel").order_by("id"))
    assert [(e.handeling, e.actor_type, e.actor_label, e.rol) for e in events] == [
        (Handeling.CREATE, ActorType.GEBRUIKER, regiocoordinator.username, roles.REGIOCOORDINATOR),
        (Handeling.UPDATE, ActorType.GEBRUIKER, regiocoordinator.username, roles.REGIOCOORDINATOR),
    ]
    assert events[0].toelichting == f"API-sleutel {sleutel.prefix} uitgegeven aan TopTaal"
    assert events[1].velden == ["ingetrokken_door", "ingetrokken_op", "revoked"]
    geheim = key.split(".")[1]
    assert not any(geheim in f"{e.toelichting} {e.object_id} {e.velden}" for e in events)


# --- the regiocoördinator's page --------------------------------------------------------------------------------


URL = "/partners/api-sleutels/"


def test_page_lists_the_keys_of_the_own_region_only(regio_client, toptaal, twente, achterhoek):
    _regio, twentse = twente
    ApiSleutel.objects.create_key(organisatie=toptaal, name="toptaal-export")
    ApiSleutel.objects.create_key(organisatie=twentse, name="twentse-export")
    response = regio_client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "toptaal-export" in content
    assert "twentse-export" not in content
    keuzes = {o.naam for o in response.context["form"].fields["organisatie"].queryset}
    # the providers of the Achterhoek: language schools and the schools of the onderwijsroute
    assert keuzes == {"TopTaal", "Interbeek", "Graafschap College", "HAN"}
    assert 'href="/partners/api-sleutels/" aria-current="page"' in content  # the nav link


def test_page_empty_state(regio_client):
    assert "Er zijn nog geen API-sleutels uitgegeven." in regio_client.get(URL).content.decode()


def test_issue_on_the_page_shows_the_key_once(regio_client, toptaal):
    response = regio_client.post(URL, {"organisatie": toptaal.pk, "naam": "nachtelijke export"}, follow=True)
    sleutel = ApiSleutel.objects.get()
    content = response.content.decode()
    assert response.redirect_chain == [(URL, 302)]
    assert f"<code>{sleutel.prefix}." in content
    assert "Hij wordt niet meer getoond" in content
    nogmaals = regio_client.get(URL).content.decode()
    assert f"<code>{sleutel.prefix}.</code>" not in nogmaals and f"<code>{sleutel.prefix}." not in nogmaals
    assert f"<code>{sleutel.prefix}</code>" in nogmaals  # the table shows the prefix only


def test_issue_form_errors_keep_the_input(regio_client, twente):
    _regio, twentse = twente
    response = regio_client.post(URL, {"organisatie": twentse.pk, "naam": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"organisatie", "naam"}  # another region's provider is not a choice
    assert "Er is geen sleutel uitgegeven." in response.content.decode()
    assert not ApiSleutel.objects.exists()


def test_revoke_on_the_page_after_confirmation(regio_client, toptaal):
    sleutel, _key = ApiSleutel.objects.create_key(organisatie=toptaal, name="export")
    url = reverse("partners:api_sleutel_intrekken", args=[sleutel.prefix])
    bevestiging = regio_client.get(url)
    assert "Ja, sleutel intrekken" in bevestiging.content.decode()
    assert not ApiSleutel.objects.get(pk=sleutel.pk).revoked  # a GET changes nothing
    response = regio_client.post(url, follow=True)
    assert f"De API-sleutel {sleutel.prefix} van TopTaal is ingetrokken." in response.content.decode()
    assert ApiSleutel.objects.get(pk=sleutel.pk).revoked
    again = regio_client.post(url, follow=True)
    assert "Deze API-sleutel is al ingetrokken." in again.content.decode()


def test_revoking_another_regions_key_is_404(regio_client, twente):
    _regio, twentse = twente
    sleutel, _key = ApiSleutel.objects.create_key(organisatie=twentse, name="export")
    url = reverse("partners:api_sleutel_intrekken", args=[sleutel.prefix])
    assert regio_client.post(url).status_code == 404
    assert not ApiSleutel.objects.get(pk=sleutel.pk).revoked


def test_regiocoordinator_of_a_region_without_providers_sees_an_empty_page(client, make_user):
    leeg = Arbeidsmarktregio.objects.create(naam="Zeeland", code="AM35")
    client.force_login(make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=leeg))
    content = client.get(URL).content.decode()
    assert "Er zijn geen actieve taalaanbieders in uw regio." in content
    assert "Er zijn nog geen API-sleutels uitgegeven." in content


def test_consultant_gets_403_and_no_nav_link(client, consultant):
    client.force_login(consultant)
    assert client.get(URL).status_code == 403
    assert URL not in client.get("/dossiers/vandaag/").content.decode()


def test_beheerder_sees_all_providers_on_the_page(client, beheerder, toptaal, twente):
    _regio, twentse = twente
    ApiSleutel.objects.create_key(organisatie=twentse, name="twentse-export")
    client.force_login(beheerder)
    response = client.get(URL)
    assert "twentse-export" in response.content.decode()
    assert {toptaal, twentse} <= set(response.context["form"].fields["organisatie"].queryset)


def test_page_queries_do_not_grow_with_the_keys(regio_client, toptaal, django_assert_max_num_queries):
    ApiSleutel.objects.create_key(organisatie=toptaal, name="eerste")
    with django_assert_max_num_queries(50) as weinig:
        regio_client.get(URL)
    for i in range(30):
        ApiSleutel.objects.create_key(organisatie=toptaal, name=f"sleutel {i}")
    with django_assert_max_num_queries(50) as veel:
        regio_client.get(URL)
    assert len(veel.captured_queries) == len(weinig.captured_queries)


# --- admin ------------------------------------------------------------------------------------------------------


@pytest.fixture
def beheerder_client(client, beheerder):
    client.force_login(beheerder)
    return client


def test_admin_add_issues_through_the_service_and_shows_the_key_once(beheerder_client, beheerder, toptaal):
    formulier = beheerder_client.get(reverse("admin:partners_apisleutel_add"))
    keuzes = {o.naam for o in formulier.context["adminform"].form.fields["organisatie"].queryset}
    assert keuzes == {"TopTaal", "Interbeek", "Graafschap College", "HAN"}  # active providers only
    response = beheerder_client.post(
        reverse("admin:partners_apisleutel_add"), {"organisatie": toptaal.pk, "name": "export"}, follow=True
    )
    sleutel = ApiSleutel.objects.get()
    assert sleutel.aangemaakt_door == beheerder
    assert f"<code>{sleutel.prefix}." in response.content.decode()
    assert AuditEvent.objects.filter(object_type="partners.apisleutel", handeling=Handeling.CREATE).count() == 1
    wijzig = beheerder_client.get(reverse("admin:partners_apisleutel_change", args=[sleutel.pk]))
    assert wijzig.status_code == 200
    assert 'name="name"' not in wijzig.content.decode()  # nothing of a key is edited
    assert sleutel.hashed_key not in wijzig.content.decode()


def test_admin_revoke_action(beheerder_client, toptaal):
    sleutel, _key = ApiSleutel.objects.create_key(organisatie=toptaal, name="export")
    response = beheerder_client.post(
        reverse("admin:partners_apisleutel_changelist"),
        {"action": "intrekken", "_selected_action": [sleutel.pk]},
        follow=True,
    )
    assert "1 API-sleutel(s) ingetrokken." in response.content.decode()
    assert ApiSleutel.objects.get(pk=sleutel.pk).revoked


def test_admin_has_no_delete_and_not_the_librarys_own_key_model(beheerder_client, toptaal):
    sleutel, _key = ApiSleutel.objects.create_key(organisatie=toptaal, name="export")
    assert beheerder_client.get(reverse("admin:partners_apisleutel_delete", args=[sleutel.pk])).status_code == 403
    index = beheerder_client.get("/admin/").content.decode()
    assert "API-sleutels" in index
    assert "/admin/rest_framework_api_key/" not in index
