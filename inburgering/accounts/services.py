"""Creating users in a role, and granting and revoking roles with the separation of duties of the README ("Roles
and what each may see"): nobody grants himself a role, gemeente or region; a role that reaches personal data or the
admin needs a second person; every grant and revocation is in the audit log."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from . import roles
from .models import Roltoekenning, User

# Roles whose grant takes effect only after a second person confirms it: consultant and teamleider read case files;
# a beheerder could otherwise make a second account for himself and confirm his own grants with it.
VIER_OGEN_ROLLEN = (roles.CONSULTANT, roles.TEAMLEIDER, roles.BEHEERDER)
REGIO_RECHT = "partners.rapportages_inzien"


@transaction.atomic
def create_user(
    *,
    username: str,
    role: str,
    password: str | None = None,
    gemeente=None,
    arbeidsmarktregio=None,
    **fields,
) -> User:
    """consultant and teamleider belong to one gemeente (its staff group); a regiocoördinator gets the
    report grant on one arbeidsmarktregio; a beheerder gets neither and may use the admin.

    The system's own path (seed, management commands, tests): the role is active at once. People grant roles
    through `vraag_rol_aan` (the admin), which applies the separation of duties."""
    _controleer_plaats(role, gemeente, arbeidsmarktregio, fout=ValueError)
    user = _nieuwe_gebruiker(username, password, fields)
    _nieuwe_toekenning(None, user, role, gemeente, arbeidsmarktregio, actief=True)
    return user


@transaction.atomic
def maak_gebruiker(
    door, *, username: str, role: str, password: str | None = None, gemeente=None, arbeidsmarktregio=None, **fields
) -> tuple[User, Roltoekenning]:
    """A new user made by a person (the admin's add form): the account at once, the role through `vraag_rol_aan`
    (so it waits for a second person where the rules ask for one)."""
    _controleer_plaats(role, gemeente, arbeidsmarktregio)
    user = _nieuwe_gebruiker(username, password, fields)
    if password:
        user.wachtwoord_gezet_door = door
        user.save(update_fields=["wachtwoord_gezet_door"])
    log_event(door, Handeling.CREATE, user, toelichting=f"gebruiker {username} aangemaakt")
    return user, vraag_rol_aan(door, user, role, gemeente=gemeente, arbeidsmarktregio=arbeidsmarktregio)


def _nieuwe_gebruiker(username, password, fields) -> User:
    user = User(username=username, **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def vraag_rol_aan(door, gebruiker, rol: str, *, gemeente=None, arbeidsmarktregio=None) -> Roltoekenning:
    """`door` grants `gebruiker` a role (with its gemeente or region). Active at once for a regiocoördinator (no
    personal data); waiting for a second person's `bevestig` for the others. Raises ValidationError."""
    controleer_aanvraag(door, gebruiker, rol, gemeente=gemeente, arbeidsmarktregio=arbeidsmarktregio)
    direct = rol not in VIER_OGEN_ROLLEN
    toekenning = _nieuwe_toekenning(door, gebruiker, rol, gemeente, arbeidsmarktregio, actief=direct)
    actie = "toegekend" if direct else "aangevraagd"
    log_event(door, Handeling.CREATE, toekenning, toelichting=_omschrijving(toekenning, actie))
    return toekenning


def _nieuwe_toekenning(door, gebruiker, rol, gemeente, arbeidsmarktregio, *, actief: bool) -> Roltoekenning:
    """The grant record; an active one takes effect at once (its role group, gemeente group or region grant)."""
    nu = timezone.now()
    toekenning = Roltoekenning.objects.create(
        gebruiker=gebruiker,
        rol=rol,
        gemeente=gemeente,
        arbeidsmarktregio=arbeidsmarktregio,
        status=Roltoekenning.Status.ACTIEF if actief else Roltoekenning.Status.AANGEVRAAGD,
        aangevraagd_door=door,
        aangevraagd_op=nu,
        bevestigd_door=door if actief else None,
        bevestigd_op=nu if actief else None,
    )
    if actief:
        _pas_toe(toekenning)
    return toekenning


def controleer_aanvraag(door, gebruiker, rol: str, *, gemeente=None, arbeidsmarktregio=None) -> None:
    """Raise ValidationError if `door` may not ask for this grant: not for himself, the role with its own kind of
    place, and not twice."""
    if door is not None and door.pk == gebruiker.pk:
        raise ValidationError("U kunt uzelf geen rol, gemeente of arbeidsmarktregio geven.", code="zelf")
    _controleer_plaats(rol, gemeente, arbeidsmarktregio)
    open_ = Roltoekenning.objects.filter(
        gebruiker=gebruiker,
        rol=rol,
        gemeente=gemeente,
        arbeidsmarktregio=arbeidsmarktregio,
        status__in=[Roltoekenning.Status.AANGEVRAAGD, Roltoekenning.Status.ACTIEF],
    )
    if open_.exists():
        raise ValidationError("Deze gebruiker heeft deze rol al, of die wacht op bevestiging.", code="dubbel")


def mag_bevestigen(door, toekenning) -> bool:
    """A second person: not who asked for it, not who receives it, and someone allowed to confirm grants."""
    return door.pk not in (toekenning.aangevraagd_door_id, toekenning.gebruiker_id) and door.has_perm(
        "accounts.bevestigen_roltoekenning"
    )


@transaction.atomic
def bevestig(door, toekenning) -> Roltoekenning:
    """The second person confirms a waiting grant: now it takes effect."""
    toekenning = Roltoekenning.objects.select_for_update().get(pk=toekenning.pk)
    if toekenning.status != Roltoekenning.Status.AANGEVRAAGD:
        raise ValidationError("Deze roltoekenning wacht niet op bevestiging.", code="status")
    if not mag_bevestigen(door, toekenning):
        raise PermissionDenied("Een roltoekenning bevestigt een ander dan wie haar aanvroeg of haar krijgt.")
    toekenning.status = Roltoekenning.Status.ACTIEF
    toekenning.bevestigd_door = door
    toekenning.bevestigd_op = timezone.now()
    toekenning.save(update_fields=["status", "bevestigd_door", "bevestigd_op"])
    _pas_toe(toekenning)
    log_event(door, Handeling.UPDATE, toekenning, velden=["status"], toelichting=_omschrijving(toekenning, "bevestigd"))
    return toekenning


@transaction.atomic
def trek_in(door, toekenning) -> Roltoekenning:
    """Revoke an active grant, or turn down a waiting one. The group or region grant goes only when no other active
    grant of the user still needs it (a consultant of two gemeenten keeps the role when one gemeente ends)."""
    toekenning = Roltoekenning.objects.select_for_update().get(pk=toekenning.pk)
    was_actief = toekenning.status == Roltoekenning.Status.ACTIEF
    if toekenning.status not in (Roltoekenning.Status.ACTIEF, Roltoekenning.Status.AANGEVRAAGD):
        raise ValidationError("Deze roltoekenning is al beëindigd.", code="status")
    toekenning.status = Roltoekenning.Status.INGETROKKEN if was_actief else Roltoekenning.Status.AFGEWEZEN
    toekenning.beeindigd_door = door
    toekenning.beeindigd_op = timezone.now()
    toekenning.save(update_fields=["status", "beeindigd_door", "beeindigd_op"])
    if was_actief:
        _haal_weg(toekenning)
    actie = "ingetrokken" if was_actief else "afgewezen"
    log_event(door, Handeling.UPDATE, toekenning, velden=["status"], toelichting=_omschrijving(toekenning, actie))
    return toekenning


def _controleer_plaats(rol, gemeente, arbeidsmarktregio, fout=ValidationError) -> None:
    if rol not in roles.ROLES:
        raise fout(f"onbekende rol {rol!r}")
    if rol in roles.CASEWORK_ROLES and (gemeente is None or arbeidsmarktregio is not None):
        raise fout("een consulent of teamleider hoort bij een gemeente")
    if rol == roles.REGIOCOORDINATOR and (arbeidsmarktregio is None or gemeente is not None):
        raise fout("een regiocoördinator hoort bij een arbeidsmarktregio")
    if rol == roles.BEHEERDER and (gemeente is not None or arbeidsmarktregio is not None):
        raise fout("een beheerder hoort niet bij een gemeente of arbeidsmarktregio")


def _pas_toe(toekenning) -> None:
    user = toekenning.gebruiker
    user.groups.add(Group.objects.get(name=toekenning.rol))
    if toekenning.gemeente is not None:
        user.groups.add(toekenning.gemeente.group)
    if toekenning.arbeidsmarktregio is not None:
        assign_perm(REGIO_RECHT, user, toekenning.arbeidsmarktregio)
    if toekenning.rol == roles.BEHEERDER and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def _haal_weg(toekenning) -> None:
    user = toekenning.gebruiker
    actief = Roltoekenning.objects.filter(gebruiker=user, status=Roltoekenning.Status.ACTIEF)
    if not actief.filter(rol=toekenning.rol).exists():
        user.groups.remove(Group.objects.get(name=toekenning.rol))
        if toekenning.rol == roles.BEHEERDER and user.is_staff and not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
    if toekenning.gemeente is not None and not actief.filter(gemeente=toekenning.gemeente).exists():
        user.groups.remove(toekenning.gemeente.group)
    if (
        toekenning.arbeidsmarktregio is not None
        and not actief.filter(arbeidsmarktregio=toekenning.arbeidsmarktregio).exists()
    ):
        remove_perm(REGIO_RECHT, user, toekenning.arbeidsmarktregio)
    user._role_names = None  # has_role's cache


def _omschrijving(toekenning, actie: str) -> str:
    plaats = toekenning.gemeente or toekenning.arbeidsmarktregio
    waar = f" ({plaats.cbs_code if toekenning.gemeente else plaats.code})" if plaats else ""
    return f"rol {toekenning.rol}{waar} voor {toekenning.gebruiker.get_username()} {actie}"
