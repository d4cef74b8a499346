"""Display filters: a role's name instead of its code, an amount in euros in the notation of the language, and a
date as dd-mm-jjjj."""

from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from inburgering.accounts import roles

register = template.Library()

ROLNAMEN = {
    roles.CONSULTANT: _("consulent"),
    roles.TEAMLEIDER: _("teamleider"),
    roles.REGIOCOORDINATOR: _("regiocoördinator"),
    roles.BEHEERDER: _("beheerder"),
}


@register.filter
def rolnaam(code: str) -> str:
    """'regiocoordinator' → 'regiocoördinator' (English: 'regional coordinator')."""
    return str(ROLNAMEN.get(code, code))


@register.filter(expects_localtime=True)
def datum(waarde) -> str:
    """What `date:"d-m-Y"` gives (the same in every language; '' for None), without its format lookups: the case
    page formats some fifty dates."""
    if waarde in (None, ""):
        return ""
    try:
        return f"{waarde.day:02d}-{waarde.month:02d}-{waarde.year:04d}"
    except AttributeError:
        return ""


@register.filter
def euro(bedrag) -> str:
    """14500 → '€ 14.500,00' in Dutch, '€14,500.00' in English: two decimals and the thousands separator of the
    active language (floatformat's "g"), whatever USE_THOUSAND_SEPARATOR says."""
    if bedrag in (None, ""):
        return ""
    try:
        waarde = Decimal(str(bedrag))
    except InvalidOperation:
        return str(bedrag)
    getal = floatformat(waarde, "2g")
    if waarde < 0:
        getal = getal.lstrip("-")
        return f"-€{getal}" if (get_language() or "nl").startswith("en") else f"€ -{getal}"
    return f"€{getal}" if (get_language() or "nl").startswith("en") else f"€\u00a0{getal}"
