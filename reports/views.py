"""Report pages (being written)."""

from django.http import HttpResponse


def _nog_niet(request, *args, **kwargs):
    return HttpResponse(status=501)


overzicht = starten = gemeente_dashboard = run = voortgang = opnieuw = aanbieders = download = _nog_niet
