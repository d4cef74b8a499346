"""Context for base.html: the signed-in user's gemeenten, whether they do casework, lead a team, manage the
providers' API keys and see the benchmark reports.

All are lazy, so a page that does not show them runs no extra query.
"""

from django.utils.functional import SimpleLazyObject

from inburgering.accounts import roles


def layout(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "app_casework": False,
            "app_teamleider": False,
            "app_partnerbeheer": False,
            "app_rapportages": False,
            "app_gemeenten": (),
            "app_mfa_open": False,
        }

    def gemeenten():
        from partners.models import Gemeente

        return list(Gemeente.objects.filter(group__user=user).order_by("naam").values_list("naam", flat=True))

    def partnerbeheer():
        from partners.selectors import beheert_partners

        return beheert_partners(user)

    def rapportages():
        from reports.selectors import mag_rapportages

        return mag_rapportages(user)

    def mfa_open():
        """Signed in with a password but the second factor still to come: the menu would only lead back to it."""
        from django.conf import settings

        from inburgering.accounts.mfa import mfa_vereist

        return settings.MFA_VERPLICHT and mfa_vereist(user) and not user.is_verified()

    return {
        "app_mfa_open": SimpleLazyObject(mfa_open),
        "app_casework": SimpleLazyObject(lambda: any(roles.has_role(user, r) for r in roles.CASEWORK_ROLES)),
        "app_teamleider": SimpleLazyObject(lambda: roles.has_role(user, roles.TEAMLEIDER)),
        "app_partnerbeheer": SimpleLazyObject(partnerbeheer),
        "app_rapportages": SimpleLazyObject(rapportages),
        "app_gemeenten": SimpleLazyObject(gemeenten),
    }
