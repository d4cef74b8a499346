"""The consultant's side of the enrolment life cycle, from the case page: aanmelden bij een aanbieder (from the
case page, the PIP — its taalaanbieder preselected — and the "Geen inschrijving" signal), beëindigen or intrekken,
and overstappen naar een andere aanbieder. Thin: the rules and their Dutch refusals are leerroutes.services'."""

from __future__ import annotations

import uuid as uuid_module

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.forms.inschrijvingen import BeeindigenForm, InschrijvenForm, OverstappenForm
from cases.services import vastgestelde_versie
from leerroutes import services
from leerroutes.models import Inschrijving

from .gedeeld import fouten_naar_form, open_voor_wijzigen


def _uitvoeren(form, fn, **kwargs):
    """Run a service with the form's data; the result, or None with the refusal on the form."""
    try:
        return fn(**kwargs)
    except ValidationError as exc:
        fouten_naar_form(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def inschrijven(request, uuid):
    """Aanmelden: the route is the vastgestelde PIP's; `?aanbieder=<uuid>` preselects a provider (the PIP's
    taalaanbieder by default)."""
    sh = open_voor_wijzigen(request, uuid, toelichting="inschrijven")
    versie = vastgestelde_versie(sh) if sh.pip_dagtekening else None
    context = {"sh": sh, "versie": versie, "form": None}
    if versie is None or versie.leerroute_id is None:
        context["weigering"] = _("Inschrijven kan pas als het PIP is vastgesteld: er is nog geen vastgesteld PIP.")
        return render(request, "cases/inschrijvingen/inschrijven.html", context)
    teamleider = services.is_teamleider(request.user)
    kwargs = {"leerroute": versie.leerroute, "regio": sh.gemeente.arbeidsmarktregio, "teamleider": teamleider}
    if request.method == "POST":
        form = InschrijvenForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            inschrijving = _uitvoeren(
                form,
                services.schrijf_in,
                actor=request.user,
                statushouder=sh,
                organisatie=data["organisatie"],
                startdatum=data["startdatum"],
                onderdelen=data["onderdelen"],
                capaciteit_overschreden_reden=data.get("capaciteit_overschreden_reden", ""),
                vandaag=timezone.localdate(),
            )
            if inschrijving is not None:
                messages.success(
                    request,
                    _("%(naam)s is aangemeld bij %(organisatie)s.")
                    % {"naam": sh, "organisatie": inschrijving.organisatie},
                )
                return redirect(f"{_dossier_url(sh)}#kop-inschrijvingen")
    else:
        form = InschrijvenForm(**kwargs)
        gekozen = request.GET.get("aanbieder") or (str(versie.taalaanbieder.uuid) if versie.taalaanbieder_id else "")
        if _is_uuid(gekozen) and form.fields["organisatie"].queryset.filter(uuid=gekozen).exists():
            form.initial["organisatie"] = gekozen
    context.update(form=form, teamleider=teamleider)
    return render(request, "cases/inschrijvingen/inschrijven.html", context)


def _is_uuid(waarde: str) -> bool:
    try:
        uuid_module.UUID(waarde)
    except (TypeError, ValueError):
        return False
    return True


def _dossier_url(sh) -> str:
    return reverse("cases:dossier", args=[sh.uuid])


def _open_inschrijving(request, uuid, inschrijving_uuid):
    sh = open_voor_wijzigen(request, uuid, toelichting="inschrijving wijzigen")
    inschrijving = get_object_or_404(
        Inschrijving.objects.select_related("organisatie", "leerroute"), statushouder=sh, uuid=inschrijving_uuid
    )
    inschrijving.statushouder = sh
    return sh, inschrijving


@login_required
@require_http_methods(["GET", "POST"])
def beeindigen(request, uuid, inschrijving_uuid):
    """End an enrolment (afgebroken, with einddatum and reden) or withdraw an aanmelding."""
    sh, inschrijving = _open_inschrijving(request, uuid, inschrijving_uuid)
    form = BeeindigenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        klaar = _uitvoeren(
            form,
            services.beeindig_inschrijving,
            actor=request.user,
            inschrijving=inschrijving,
            einddatum=form.cleaned_data["einddatum"],
            reden=form.cleaned_data["reden"],
            vandaag=timezone.localdate(),
        )
        if klaar is not None:
            messages.success(
                request,
                _("De inschrijving bij %(organisatie)s is beëindigd.") % {"organisatie": inschrijving.organisatie},
            )
            return redirect(f"{_dossier_url(sh)}#kop-inschrijvingen")
    return render(
        request, "cases/inschrijvingen/beeindigen.html", {"sh": sh, "inschrijving": inschrijving, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def overstappen(request, uuid, inschrijving_uuid):
    """Move the statushouder to another provider: the old enrolment ends, a new one is aangemeld."""
    sh, inschrijving = _open_inschrijving(request, uuid, inschrijving_uuid)
    teamleider = services.is_teamleider(request.user)
    form = OverstappenForm(
        request.POST or None, inschrijving=inschrijving, regio=sh.gemeente.arbeidsmarktregio, teamleider=teamleider
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nieuw = _uitvoeren(
            form,
            services.verplaats_inschrijving,
            actor=request.user,
            inschrijving=inschrijving,
            organisatie=data["organisatie"],
            startdatum=data["startdatum"],
            einddatum=data["einddatum"],
            capaciteit_overschreden_reden=data.get("capaciteit_overschreden_reden", ""),
            vandaag=timezone.localdate(),
        )
        if nieuw is not None:
            messages.success(
                request,
                _("Overgestapt van %(oud)s naar %(nieuw)s.")
                % {"oud": inschrijving.organisatie, "nieuw": nieuw.organisatie},
            )
            return redirect(f"{_dossier_url(sh)}#kop-inschrijvingen")
    return render(
        request,
        "cases/inschrijvingen/overstappen.html",
        {"sh": sh, "inschrijving": inschrijving, "form": form, "teamleider": teamleider},
    )


urlpatterns = [
    path("<uuid:uuid>/inschrijven/", inschrijven, name="inschrijven"),
    path("<uuid:uuid>/inschrijvingen/<uuid:inschrijving_uuid>/beeindigen/", beeindigen, name="inschrijving_beeindigen"),
    path(
        "<uuid:uuid>/inschrijvingen/<uuid:inschrijving_uuid>/overstappen/",
        overstappen,
        name="inschrijving_overstappen",
    ),
]
