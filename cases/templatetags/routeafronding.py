"""Template filters of the route records section (templates/cases/dossier/_routeafronding.html)."""

from django import template

register = template.Library()


@register.filter
def onderwijsroute(inschrijvingen):
    """The onderwijsroute enrolments of the case page's list (leerroutes.selectors.inschrijvingen, which brings
    each one's taalschakeltraject along): no query of its own."""
    return [i for i in inschrijvingen if i.leerroute.code == "onderwijs"]
