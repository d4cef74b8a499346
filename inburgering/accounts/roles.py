"""The four roles of DESIGN.md §2 as Django groups, with the model permissions each role holds.

Which *objects* a role reaches is not decided here but by guardian grants on the gemeente group or
the arbeidsmarktregio (see `inburgering.accounts.services` and the `for_user` querysets).
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

CONSULTANT = "consultant"
TEAMLEIDER = "teamleider"
REGIOCOORDINATOR = "regiocoordinator"
BEHEERDER = "beheerder"
ROLES = (CONSULTANT, TEAMLEIDER, REGIOCOORDINATOR, BEHEERDER)
CASEWORK_ROLES = (CONSULTANT, TEAMLEIDER)

_CASEWORK = [
    f"cases.{action}_{model}"
    for model in (
        "statushouder",
        "bredeintake",
        "leefgebiedscore",
        "pip",
        "pipversie",
        "doel",
        "actie",
        "voortgangsgesprek",
        "verwijzing",
        "participatie",
        "termijnverlenging",
    )
    for action in ("view", "add", "change")
] + ["leerroutes.view_inschrijving", "leerroutes.add_inschrijving", "leerroutes.change_inschrijving"]

_REFERENCE = [
    f"{app}.{action}_{model}"
    for app, model in (
        ("partners", "arbeidsmarktregio"),
        ("partners", "gemeente"),
        ("partners", "organisatie"),
        ("partners", "contactpersoon"),
        ("partners", "contract"),
        ("partners", "sleutelpersoon"),
        ("leerroutes", "leerroute"),
        ("leerroutes", "onderdeel"),
    )
    for action in ("view", "add", "change", "delete")
]

ROLE_PERMISSIONS = {
    CONSULTANT: _CASEWORK,
    TEAMLEIDER: _CASEWORK + ["cases.toewijzen_statushouder", "reports.view_reportrun", "reports.add_reportrun"],
    REGIOCOORDINATOR: [
        "reports.view_reportrun",
        "reports.add_reportrun",
        "partners.view_organisatie",
        "partners.view_contactpersoon",
        "partners.view_contract",
        "partners.add_contract",
        "partners.change_contract",
        "partners.view_sleutelpersoon",
        "partners.view_gemeente",
        "partners.view_arbeidsmarktregio",
    ],
    # No group permissions: editing role or gemeente groups directly would hand out personal data.
    BEHEERDER: _REFERENCE
    + [f"accounts.{action}_user" for action in ("view", "add", "change")]
    + [f"partners.{action}_apisleutel" for action in ("view", "add", "change")]  # issue and revoke, no delete
    # Roles are granted as Roltoekenningen; one beheerder asks, another confirms (inburgering.accounts.services).
    + ["accounts.view_roltoekenning", "accounts.add_roltoekenning", "accounts.bevestigen_roltoekenning"],
}


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._role_names = cached
    return role in cached


def sync_role_groups() -> None:
    """Make the role groups hold exactly the permissions above (idempotent)."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def sync_role_groups_after_migrate(using="default", **kwargs):
    if using == "default":
        sync_role_groups()
