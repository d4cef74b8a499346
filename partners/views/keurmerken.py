"""The keurmerk periods of a provider (DOMAIN.md req. 9), with their history on the organisation page: the
regiocoördinator (providers of their region) and the beheerder add, change and remove periods; others read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.views.gedeeld import fouten_naar_form

from ..forms.contracten import KeurmerkForm
from ..models import Keurmerk
from ..services import keurmerken as services
from .organisaties import open_organisatie


def bewaar_keurmerk(request, form, organisatie, keurmerk=None) -> Keurmerk | None:
    """Save a valid form through the service; the period, or None with the errors on the form."""
    if not form.is_valid():
        return None
    try:
        return services.leg_keurmerk_vast(request.user, organisatie, keurmerk=keurmerk, **form.cleaned_data)
    except ValidationError as exc:
        fouten_naar_form(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def keurmerk_nieuw(request, uuid):
    organisatie = open_organisatie(request, uuid, wijzigen=True)
    form = KeurmerkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and bewaar_keurmerk(request, form, organisatie):
        messages.success(request, _("Het keurmerk van %(naam)s is opgeslagen.") % {"naam": organisatie})
        return redirect("partners:organisatie", organisatie.uuid)
    return render(request, "partners/keurmerk_form.html", {"form": form, "organisatie": organisatie, "keurmerk": None})


@login_required
@require_http_methods(["GET", "POST"])
def keurmerk(request, uuid):
    """Change one period (e.g. end it with ‘geldig tot’) or, with `verwijderen`, remove one recorded by mistake."""
    gevonden = get_object_or_404(Keurmerk.objects.select_related("organisatie"), uuid=uuid)
    organisatie = open_organisatie(request, gevonden.organisatie.uuid, wijzigen=True)
    if request.method == "POST" and "verwijderen" in request.POST:
        services.verwijder_keurmerk(request.user, gevonden)
        messages.success(request, _("Het keurmerk van %(naam)s is verwijderd.") % {"naam": organisatie})
        return redirect("partners:organisatie", organisatie.uuid)
    initial = {v: getattr(gevonden, v) for v in ("soort", "geldig_van", "geldig_tot", "registratienummer")}
    form = KeurmerkForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and bewaar_keurmerk(request, form, organisatie, gevonden):
        messages.success(request, _("Het keurmerk van %(naam)s is opgeslagen.") % {"naam": organisatie})
        return redirect("partners:organisatie", organisatie.uuid)
    return render(
        request, "partners/keurmerk_form.html", {"form": form, "organisatie": organisatie, "keurmerk": gevonden}
    )


urlpatterns = [
    path("organisaties/<uuid:uuid>/keurmerken/nieuw/", keurmerk_nieuw, name="keurmerk_nieuw"),
    path("keurmerken/<uuid:uuid>/", keurmerk, name="keurmerk"),
]
