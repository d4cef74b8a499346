"""Separation of duties in the admin (issue 17, item 1): nobody grants himself a role, gemeente or region; a
consultant, teamleider or beheerder role takes effect only when a second beheerder confirms it; every grant and
revocation is in the audit log; the admin's group, permission and flag editing cannot get round it. All through the
real admin with the test client."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cases.models import Statushouder
from inburgering.accounts import roles
from inburgering.accounts.models import Roltoekenning, User
from inburgering.audit.models import AuditEvent, Handeling
from partners.models import ArbeidsmarktregioUserObjectPermission
from tests.factories import StatushouderFactory

pytestmark = pytest.mark.django_db

TOEKENNEN = reverse("admin:accounts_roltoekenning_add")
LIJST = reverse("admin:accounts_roltoekenning_changelist")


@pytest.fixture
def anne(make_user):
    return make_user(roles.BEHEERDER, first_name="Anne")


@pytest.fixture
def bram(make_user):
    return make_user(roles.BEHEERDER, first_name="Bram")


@pytest.fixture
def zaak(winterswijk):
    return StatushouderFactory(gemeente=winterswijk)


def als(client, user):
    client.logout()
    client.force_login(user)
    return client


def toekennen(client, gebruiker, rol, gemeente=None, regio=None):
    data = {"gebruiker": gebruiker.pk, "rol": rol, "gemeente": gemeente.pk if gemeente else ""}
    data["arbeidsmarktregio"] = regio.pk if regio else ""
    return client.post(TOEKENNEN, data)


def actie(client, naam, *toekenningen):
    return client.post(LIJST, {"action": naam, "_selected_action": [t.pk for t in toekenningen]}, follow=True)


def groepen(user) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def audit(toekenning):
    return list(
        AuditEvent.objects.filter(object_type="accounts.roltoekenning", object_id=str(toekenning.uuid))
        .order_by("id")
        .values_list("handeling", "actor_label", "toelichting")
    )


def test_een_beheerder_geeft_zichzelf_geen_rol_en_leest_geen_dossiers(client, anne, winterswijk, zaak):
    response = toekennen(als(client, anne), anne, roles.CONSULTANT, winterswijk)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["gebruiker"] == [
        "U kunt uzelf geen rol, gemeente of arbeidsmarktregio geven."
    ]
    assert not Roltoekenning.objects.filter(gebruiker=anne, rol=roles.CONSULTANT).exists()
    assert groepen(anne) == {roles.BEHEERDER}
    assert not Statushouder.objects.for_user(User.objects.get(pk=anne.pk)).exists()


@pytest.mark.parametrize("superuser", [False, True])
def test_groepen_rechten_en_vlaggen_zijn_in_het_gebruikersformulier_niet_te_wijzigen(
    client, anne, make_user, winterswijk, superuser
):
    """The issue's path: the beheerder puts himself in the consultant and gemeente groups. A superuser can't either."""
    editor = User.objects.create_superuser("root", "root@example.org", "x" * 12) if superuser else anne
    doel = anne if not superuser else make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=winterswijk.arbeidsmarktregio)
    url = reverse("admin:accounts_user_change", args=[doel.pk])
    pagina = als(client, editor).get(url).content.decode()
    for veld in ("groups", "user_permissions", "is_staff", "is_superuser"):
        assert f'name="{veld}"' not in pagina
    voor = groepen(doel)
    response = client.post(
        url,
        {
            "username": doel.username,
            "first_name": "Anders",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=roles.CONSULTANT).pk, winterswijk.group.pk],
            "user_permissions": [],
            "roltoekenningen-TOTAL_FORMS": "0",
            "roltoekenningen-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    doel.refresh_from_db()
    assert doel.first_name == "Anders", "the form itself was saved"
    assert groepen(doel) == voor and not doel.is_superuser


def test_een_rol_met_persoonsgegevens_werkt_pas_na_bevestiging_door_een_tweede_beheerder(
    client, anne, bram, make_user, winterswijk, zaak
):
    karin = make_user(roles.REGIOCOORDINATOR, arbeidsmarktregio=winterswijk.arbeidsmarktregio)
    assert toekennen(als(client, anne), karin, roles.CONSULTANT, winterswijk).status_code == 302
    toekenning = Roltoekenning.objects.get(gebruiker=karin, rol=roles.CONSULTANT)
    assert toekenning.status == Roltoekenning.Status.AANGEVRAAGD
    assert winterswijk.group.name not in groepen(karin)
    assert not Statushouder.objects.for_user(User.objects.get(pk=karin.pk)).exists()

    actie(client, "bevestigen", toekenning)  # Anne asked for it: she cannot confirm it
    toekenning.refresh_from_db()
    assert toekenning.status == Roltoekenning.Status.AANGEVRAAGD

    pagina = actie(als(client, bram), "bevestigen", toekenning)
    assert "bevestigd" in pagina.content.decode()
    toekenning.refresh_from_db()
    assert toekenning.status == Roltoekenning.Status.ACTIEF and toekenning.bevestigd_door == bram
    assert {roles.CONSULTANT, winterswijk.group.name} <= groepen(karin)
    assert Statushouder.objects.for_user(User.objects.get(pk=karin.pk)).filter(pk=zaak.pk).exists()
    assert audit(toekenning) == [
        (Handeling.CREATE, anne.username, f"rol consultant ({winterswijk.cbs_code}) voor {karin.username} aangevraagd"),
        (Handeling.UPDATE, bram.username, f"rol consultant ({winterswijk.cbs_code}) voor {karin.username} bevestigd"),
    ]


def test_wie_de_rol_krijgt_bevestigt_haar_niet_zelf(client, anne, bram, winterswijk):
    """Bram may confirm grants, but not one for himself."""
    assert toekennen(als(client, anne), bram, roles.TEAMLEIDER, winterswijk).status_code == 302
    toekenning = Roltoekenning.objects.get(gebruiker=bram, rol=roles.TEAMLEIDER)

    pagina = actie(als(client, bram), "bevestigen", toekenning)

    assert "bevestigt een ander dan wie haar aanvroeg of haar krijgt" in pagina.content.decode()
    toekenning.refresh_from_db()
    assert toekenning.status == Roltoekenning.Status.AANGEVRAAGD
    assert winterswijk.group.name not in groepen(bram)


def test_een_nieuwe_beheerder_via_het_admin_wacht_ook_op_een_tweede(client, anne, bram):
    response = client_add_user(als(client, anne), username="anne2", rol=roles.BEHEERDER)
    assert response.status_code == 302
    anne2 = User.objects.get(username="anne2")
    assert not anne2.is_staff and roles.BEHEERDER not in groepen(anne2)
    assert als(client, anne2).get("/admin/").status_code == 302, "no admin before a second beheerder confirms"
    assert AuditEvent.objects.filter(object_type="accounts.user", object_id=str(anne2.uuid), actor_label=anne.username)


def client_add_user(client, **data):
    wachtwoord = "geheim-wachtwoord-123"
    base = {"usable_password": "true", "password1": wachtwoord, "password2": wachtwoord}
    return client.post(reverse("admin:accounts_user_add"), {**base, **data})


def test_een_regiocoordinator_werkt_direct_en_intrekken_haalt_het_recht_weg(client, anne, make_user, achterhoek):
    """No personal data: no second person needed; but granted and revoked in the audit log all the same."""
    tom = make_user(roles.CONSULTANT, gemeente=achterhoek.gemeenten["Aalten"])
    assert toekennen(als(client, anne), tom, roles.REGIOCOORDINATOR, regio=achterhoek.regio).status_code == 302
    toekenning = Roltoekenning.objects.get(gebruiker=tom, rol=roles.REGIOCOORDINATOR)
    assert toekenning.status == Roltoekenning.Status.ACTIEF
    recht = ArbeidsmarktregioUserObjectPermission.objects.filter(user=tom, content_object=achterhoek.regio)
    assert recht.exists() and roles.REGIOCOORDINATOR in groepen(tom)

    actie(client, "intrekken", toekenning)

    toekenning.refresh_from_db()
    assert toekenning.status == Roltoekenning.Status.INGETROKKEN
    assert not recht.exists() and roles.REGIOCOORDINATOR not in groepen(tom)
    assert [h for h, _a, _t in audit(toekenning)] == [Handeling.CREATE, Handeling.UPDATE]
    assert audit(toekenning)[1][2].endswith("ingetrokken")


def test_intrekken_van_een_gemeente_laat_de_andere_staan(client, anne, make_user, winterswijk, aalten):
    """A consultant of two gemeenten keeps the role and the other gemeente; the revoked one's cases are gone."""
    carla = make_user(roles.CONSULTANT, gemeente=winterswijk)
    bestaande = Roltoekenning.objects.get(gebruiker=carla)
    tweede = Roltoekenning.objects.create(
        gebruiker=carla,
        rol=roles.CONSULTANT,
        gemeente=aalten,
        status=Roltoekenning.Status.ACTIEF,
        aangevraagd_op="2026-11-24T10:00Z",
    )
    carla.groups.add(aalten.group)
    zaak_aalten = StatushouderFactory(gemeente=aalten)

    actie(als(client, anne), "intrekken", bestaande)

    assert groepen(carla) == {roles.CONSULTANT, aalten.group.name}
    assert tweede.pk in Roltoekenning.objects.filter(status="actief").values_list("pk", flat=True)
    assert list(Statushouder.objects.for_user(User.objects.get(pk=carla.pk))) == [zaak_aalten]


def test_een_bestaande_gebruiker_heeft_zijn_rol_als_toekenning(make_user, winterswijk):
    """create_user (seed, commands) records the grant too, so the admin can revoke it like any other."""
    user = make_user(roles.TEAMLEIDER, gemeente=winterswijk)
    toekenning = Roltoekenning.objects.get(gebruiker=user)
    assert (toekenning.rol, toekenning.gemeente, toekenning.status) == (roles.TEAMLEIDER, winterswijk, "actief")


def test_de_groepen_zijn_ook_voor_een_superuser_alleen_te_bekijken(client, winterswijk):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 12)
    url = reverse("admin:auth_group_change", args=[Group.objects.get(name=roles.CONSULTANT).pk])
    assert als(client, root).get(url).status_code == 200
    assert 'name="_save"' not in client.get(url).content.decode()
    assert client.post(url, {"name": roles.CONSULTANT, "permissions": []}).status_code == 403
    assert Group.objects.get(name=roles.CONSULTANT).permissions.exists()
    assert client.get(reverse("admin:auth_group_add")).status_code == 403


def test_een_superuser_geeft_zichzelf_ook_geen_rol(client, winterswijk):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 12)
    response = toekennen(als(client, root), root, roles.TEAMLEIDER, winterswijk)
    assert response.status_code == 200
    assert not Roltoekenning.objects.filter(gebruiker=root).exists()


def test_de_pagina_s_van_roltoekenningen_en_de_gebruiker_tonen_de_toekenningen(client, anne, make_user, winterswijk):
    carla = make_user(roles.CONSULTANT, gemeente=winterswijk)
    toekenning = Roltoekenning.objects.get(gebruiker=carla)
    als(client, anne)
    assert carla.username in client.get(LIJST).content.decode()
    detail = client.get(reverse("admin:accounts_roltoekenning_change", args=[toekenning.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    gebruiker = client.get(reverse("admin:accounts_user_change", args=[carla.pk])).content.decode()
    assert "Rol toekennen" in gebruiker and "MFA-activatiecode" in gebruiker
    assert client.get(TOEKENNEN, {"gebruiker": carla.pk}).status_code == 200
