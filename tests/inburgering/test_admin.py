"""The Django admin: what the beheerder may reach, that it goes through the services, and that no
personal data of statushouders appears in it."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from cases.models import Verwijzing
from inburgering.accounts import roles, services
from inburgering.accounts.models import User
from inburgering.audit.models import AuditEvent, Handeling
from inburgering.audit.services import log_event
from partners.models import ArbeidsmarktregioUserObjectPermission, Gemeente, GemeenteGroupObjectPermission, Organisatie
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"


@pytest.fixture
def beheerder(make_user):
    return make_user(roles.BEHEERDER, password=PASSWORD)


@pytest.fixture
def beheerder_client(client, beheerder):
    client.force_login(beheerder)
    return client


@pytest.fixture
def superuser():
    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


@pytest.fixture
def super_client(client, superuser):
    client.force_login(superuser)
    return client


def test_beheerder_logs_in_to_the_admin_index(beheerder_client):
    response = beheerder_client.get("/admin/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Organisaties" in content
    assert "Verwerkingen" not in content  # the audit log is for superusers only


@pytest.mark.parametrize(
    "model", ["partners_organisatie", "partners_contract", "partners_gemeente", "leerroutes_leerroute", "accounts_user"]
)
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_beheerder_opens_changelist_and_add_pages(beheerder_client, achterhoek, model, page):
    assert beheerder_client.get(reverse(f"admin:{model}_{page}")).status_code == 200


@pytest.mark.parametrize(
    "model",
    ["partners_arbeidsmarktregio", "partners_sleutelpersoon", "leerroutes_onderdeel", "reports_reportrun"],
)
def test_other_changelists_render_for_a_superuser(super_client, achterhoek, model):
    assert super_client.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_change_pages_render(beheerder_client, achterhoek, winterswijk):
    toptaal = achterhoek.aanbieders["TopTaal"]
    for url in (
        reverse("admin:partners_gemeente_change", args=[winterswijk.pk]),
        reverse("admin:partners_organisatie_change", args=[toptaal.pk]),
        reverse("admin:partners_contract_change", args=[achterhoek.contracten[0].pk]),
    ):
        assert beheerder_client.get(url).status_code == 200


def test_adding_a_gemeente_creates_its_staff_group_and_grant(beheerder_client, achterhoek):
    response = beheerder_client.post(
        reverse("admin:partners_gemeente_add"),
        {
            "naam": "Lochem",
            "cbs_code": "GM0262",
            "inwoners": "34000",
            "arbeidsmarktregio": achterhoek.regio.pk,
            "briefhoofd": "Gemeente Lochem",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lochem = Gemeente.objects.get(cbs_code="GM0262")
    assert lochem.group.name == "gemeente GM0262 Lochem"
    assert lochem.briefhoofd == "Gemeente Lochem"
    grant = GemeenteGroupObjectPermission.objects.get(content_object=lochem)
    assert grant.group == lochem.group
    assert grant.permission.codename == "dossiers_inzien"


def test_gemeente_group_is_not_in_the_add_form_and_fixed_on_change(beheerder_client, winterswijk):
    add = beheerder_client.get(reverse("admin:partners_gemeente_add"))
    assert 'name="group"' not in add.content.decode()
    change_url = reverse("admin:partners_gemeente_change", args=[winterswijk.pk])
    page = beheerder_client.get(change_url).content.decode()
    assert 'name="group"' not in page
    assert 'name="cbs_code"' not in page
    other_group = Group.objects.create(name="iets anders")
    response = beheerder_client.post(
        change_url,
        {
            "naam": "Winterswijk",
            "cbs_code": "GM9999",
            "group": other_group.pk,
            "inwoners": "30000",
            "arbeidsmarktregio": winterswijk.arbeidsmarktregio.pk,
        },
    )
    assert response.status_code == 302
    winterswijk.refresh_from_db()
    assert winterswijk.inwoners == 30000
    assert winterswijk.cbs_code == "GM0294"
    assert winterswijk.group.name.startswith("gemeente GM0294")


def test_deleting_a_gemeente_removes_its_staff_group(super_client, achterhoek):
    gemeente = achterhoek.gemeenten["Aalten"]
    group_id = gemeente.group_id
    response = super_client.post(reverse("admin:partners_gemeente_delete", args=[gemeente.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Gemeente.objects.filter(pk=gemeente.pk).exists()
    assert not Group.objects.filter(pk=group_id).exists()


def _add_user(client, **data):
    base = {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD, "first_name": "Fatima"}
    return client.post(reverse("admin:accounts_user_add"), {**base, **data})


def test_adding_a_consultant_puts_them_in_role_and_gemeente_groups(beheerder_client, winterswijk, make_user):
    """Once a second beheerder confirms (issue 17: separation of duties; tests/inburgering/test_rollen.py)."""
    response = _add_user(beheerder_client, username="fatima", rol=roles.CONSULTANT, gemeente=winterswijk.pk)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="fatima")
    assert not user.groups.exists(), "waiting for a second beheerder"
    services.bevestig(make_user(roles.BEHEERDER), user.roltoekenningen.get())
    assert set(user.groups.values_list("name", flat=True)) == {roles.CONSULTANT, winterswijk.group.name}
    assert user.first_name == "Fatima"
    assert not user.is_staff
    assert user.check_password(PASSWORD)
    assert response["Location"] == reverse("admin:accounts_user_change", args=[user.pk])


def test_adding_a_regiocoordinator_grants_the_region(beheerder_client, achterhoek):
    response = _add_user(
        beheerder_client, username="regio", rol=roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio.pk
    )
    assert response.status_code == 302
    user = User.objects.get(username="regio")
    assert ArbeidsmarktregioUserObjectPermission.objects.filter(user=user, content_object=achterhoek.regio).exists()
    assert list(user.groups.values_list("name", flat=True)) == [roles.REGIOCOORDINATOR]


def test_adding_a_beheerder_makes_them_staff_without_password(beheerder_client, make_user):
    response = _add_user(beheerder_client, username="beheer2", rol=roles.BEHEERDER, usable_password="false")
    assert response.status_code == 302
    user = User.objects.get(username="beheer2")
    assert not user.is_staff, "waiting for a second beheerder"
    services.bevestig(make_user(roles.BEHEERDER), user.roltoekenningen.get())
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    ("rol", "veld"),
    [(roles.CONSULTANT, "gemeente"), (roles.TEAMLEIDER, "gemeente"), (roles.REGIOCOORDINATOR, "arbeidsmarktregio")],
)
def test_a_role_without_its_place_is_refused(beheerder_client, achterhoek, rol, veld):
    response = _add_user(beheerder_client, username="zonder", rol=rol)
    assert response.status_code == 200
    assert veld in response.context["adminform"].form.errors
    assert not User.objects.filter(username="zonder").exists()


def test_user_changelist_shows_role_and_gemeente_and_filters_by_role(beheerder_client, make_user, winterswijk, aalten):
    make_user(roles.CONSULTANT, gemeente=winterswijk, first_name="Karin")
    make_user(roles.TEAMLEIDER, gemeente=aalten, first_name="Joost")
    response = beheerder_client.get(reverse("admin:accounts_user_changelist"))
    content = response.content.decode()
    assert "Winterswijk" in content and "Aalten" in content
    assert "consulent" in content and "teamleider" in content
    filtered = beheerder_client.get(reverse("admin:accounts_user_changelist"), {"rol": roles.TEAMLEIDER})
    names = {u.first_name for u in filtered.context["cl"].result_list}
    assert names == {"Joost"}
    by_gemeente = beheerder_client.get(reverse("admin:accounts_user_changelist"), {"gemeente": winterswijk.cbs_code})
    assert {u.first_name for u in by_gemeente.context["cl"].result_list} == {"Karin"}


def test_beheerder_cannot_make_anyone_superuser(beheerder_client, beheerder):
    url = reverse("admin:accounts_user_change", args=[beheerder.pk])
    page = beheerder_client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page


def test_beheerder_cannot_change_a_superuser(beheerder_client, superuser):
    view = beheerder_client.get(reverse("admin:accounts_user_change", args=[superuser.pk]))
    assert view.status_code == 200  # view-only
    assert 'name="_save"' not in view.content.decode()
    response = beheerder_client.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "overgenomen-123", "password2": "overgenomen-123", "usable_password": "true"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_no_admin_for_cases():
    with pytest.raises(NoReverseMatch):
        reverse("admin:cases_statushouder_changelist")
    with pytest.raises(NoReverseMatch):
        reverse("admin:leerroutes_inschrijving_changelist")


def test_no_admin_url_for_statushouders(super_client):
    assert super_client.get("/admin/cases/statushouder/").status_code == 404
    assert super_client.get("/admin/cases/").status_code == 404


def test_consultant_is_sent_to_the_login_page(client, make_user, winterswijk):
    consultant = make_user(roles.CONSULTANT, gemeente=winterswijk, password=PASSWORD)
    client.force_login(consultant)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    response = client.get(reverse("admin:partners_organisatie_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_audit_log_is_read_only_for_superusers(super_client, winterswijk, consultant):
    statushouder = StatushouderFactory(gemeente=winterswijk)
    event = log_event(consultant, Handeling.READ, statushouder)
    response = super_client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert consultant.username in content
    assert "delete_selected" not in content
    assert statushouder.bsn not in content
    assert statushouder.achternaam not in content
    found = super_client.get(reverse("admin:audit_auditevent_changelist"), {"q": str(statushouder.uuid)})
    assert list(found.context["cl"].result_list) == [event]
    assert super_client.get(reverse("admin:audit_auditevent_changelist"), {"q": "niemand"}).status_code == 200
    detail = super_client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert super_client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    assert super_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_log_is_hidden_from_the_beheerder(beheerder_client):
    assert beheerder_client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403


def test_report_runs_are_read_only(super_client):
    assert super_client.get(reverse("admin:reports_reportrun_add")).status_code == 403


def test_delete_page_hides_personal_data_of_protected_case_objects(super_client, achterhoek, winterswijk):
    ggnet = achterhoek.ketenpartners["GGNet"]
    statushouder = StatushouderFactory(gemeente=winterswijk)
    Verwijzing.objects.create(
        statushouder=statushouder, ketenpartner=ggnet, reden="Psychische klachten na vlucht", datum=dt.date(2026, 1, 5)
    )
    response = super_client.get(reverse("admin:partners_organisatie_delete", args=[ggnet.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Psychische klachten" not in content
    assert statushouder.achternaam not in content
    assert "Verwijzingen: 1 (gegevens niet getoond)" in content


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _organisaties(start, stop):
    Organisatie.objects.bulk_create(
        Organisatie(naam=f"Aanbieder {i}", type=Organisatie.Type.TAALAANBIEDER) for i in range(start, stop)
    )


def test_organisatie_changelist_queries_do_not_grow_with_rows(beheerder_client, db, django_assert_max_num_queries):
    url = reverse("admin:partners_organisatie_changelist")
    _organisaties(0, 3)
    with_three = _count_queries(beheerder_client, url)
    _organisaties(3, 30)
    with django_assert_max_num_queries(with_three):
        response = beheerder_client.get(url)
    assert len(response.context["cl"].result_list) == 30


def test_user_changelist_queries_do_not_grow_with_rows(
    beheerder_client, make_user, winterswijk, achterhoek, django_assert_max_num_queries
):
    url = reverse("admin:accounts_user_changelist")
    make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=achterhoek.regio)
    make_user(roles.CONSULTANT, gemeente=winterswijk)
    with_three = _count_queries(beheerder_client, url)
    for _ in range(27):
        make_user(roles.CONSULTANT, gemeente=winterswijk)
    with django_assert_max_num_queries(with_three):
        response = beheerder_client.get(url)
    assert len(response.context["cl"].result_list) == User.objects.count() >= 30  # guardian's AnonymousUser too


def test_beheerder_cannot_edit_role_or_gemeente_groups(beheerder_client, winterswijk):
    """Putting oneself in a gemeente group would open its dossiers: only a superuser manages groups."""
    assert beheerder_client.get("/admin/auth/group/").status_code == 403
    assert beheerder_client.get(f"/admin/auth/group/{winterswijk.group_id}/change/").status_code == 403


@pytest.mark.parametrize("view", ["config", "qrcode"])
def test_nobody_reads_a_totp_secret_in_the_admin(super_client, make_user, winterswijk, view):
    """django-otp's config and QR views show another user's TOTP secret; for an unknown device they gave a 500."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    apparaat = TOTPDevice.objects.create(
        user=make_user(roles.CONSULTANT, gemeente=winterswijk), name="telefoon", confirmed=True
    )
    for pk in (apparaat.pk, apparaat.pk + 1000):
        response = super_client.get(reverse(f"admin:otp_totp_totpdevice_{view}", kwargs={"pk": pk}))
        assert response.status_code == 403
        assert apparaat.key not in response.content.decode()
