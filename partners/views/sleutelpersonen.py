"""The sleutelpersonen pool (/partners/sleutelpersonen/): consultants and teamleiders find a sleutelpersoon of
their region by language (name, languages, gemeente, availability and contact details, for a referral); the
regiocoördinator and the beheerder add and change them, and see how many active sleutelpersonen speak each
language."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.views.gedeeld import fouten_naar_form
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_events

from ..forms.sleutelpersonen import PoolFilterForm, SleutelpersoonForm
from ..selectors import beheerde_regios, beheert_partners, taalnaam
from ..selectors import sleutelpersonen as selectors
from ..services import sleutelpersonen as services
from .organisaties import alleen_beheerders, alleen_lezers

PER_PAGINA = 25


@login_required
def sleutelpersonen(request):
    alleen_lezers(request.user)
    regios = selectors.zichtbare_regios(request.user)
    form = PoolFilterForm(request.GET or None, regios=regios)
    filters = form.cleaned_data if form.is_valid() else {}
    pagina = Paginator(
        selectors.pool(
            request.user,
            taal=filters.get("taal", ""),
            gemeente=filters.get("gemeente"),
            actief=filters.get("actief") or selectors.ACTIEF,
        ),
        PER_PAGINA,
    ).get_page(request.GET.get("page"))
    rijen = [(s, [taalnaam(t) for t in s.talen]) for s in pagina.object_list]
    if rijen:
        log_events(request.user, Handeling.LIST, [s for s, _talen in rijen], toelichting="Sleutelpersonen-pool")
    beheert = beheert_partners(request.user)
    return render(
        request,
        "partners/sleutelpersonen.html",
        {
            "form": form,
            "pagina": pagina,
            "rijen": rijen,
            "beheert": beheert,
            "per_taal": selectors.actief_per_taal(request.user) if beheert else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sleutelpersoon_bewerken(request, uuid=None):
    """Add (no uuid) or change a sleutelpersoon of a region the user manages (404 for another region's)."""
    alleen_beheerders(request.user)
    sleutelpersoon = get_object_or_404(selectors.beheerbare_sleutelpersonen(request.user), uuid=uuid) if uuid else None
    regios = beheerde_regios(request.user)
    if sleutelpersoon is not None:
        initial = {veld: getattr(sleutelpersoon, veld) for veld in services.VELDEN}
    else:
        eigen = list(regios)
        initial = {"actief": True, **({"arbeidsmarktregio": eigen[0]} if len(eigen) == 1 else {})}
    form = SleutelpersoonForm(request.POST if request.method == "POST" else None, initial=initial, regios=regios)
    if request.method == "POST" and form.is_valid():
        try:
            sleutelpersoon = services.bewaar_sleutelpersoon(request.user, form.cleaned_data, sleutelpersoon)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, _("Sleutelpersoon %(naam)s is opgeslagen.") % {"naam": sleutelpersoon})
            return redirect("partners:sleutelpersonen")
    return render(request, "partners/sleutelpersoon_form.html", {"form": form, "sleutelpersoon": sleutelpersoon})


urlpatterns = [
    path("sleutelpersonen/", sleutelpersonen, name="sleutelpersonen"),
    path("sleutelpersonen/nieuw/", sleutelpersoon_bewerken, name="sleutelpersoon_nieuw"),
    path("sleutelpersonen/<uuid:uuid>/bewerken/", sleutelpersoon_bewerken, name="sleutelpersoon_bewerken"),
]
