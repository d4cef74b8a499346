"""The keurmerk of an organisation on a date, for the partner pages and the contract dashboard."""

from django import template

register = template.Library()


@register.filter
def keurmerk_stand(organisatie, vandaag):
    """{geldig, tot, laatste} of the Blik op Werk keurmerk on `vandaag`: `tot` is the end of the periods that run on
    without a gap (None: no end), `laatste` the latest period (for "verlopen" or "vanaf")."""
    tot = organisatie.keurmerk_geldig_tot(vandaag)
    return {"geldig": tot is not False, "tot": tot or None, "laatste": organisatie.laatste_keurmerk()}
