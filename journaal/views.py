"""The journaal: its section of the case page (the latest notes, a filter and the form for a new one), the full
list of a case's notes, a new note or a correction of a fixed one, and the change of a note by its author within
the edit time. Thin: reads through journaal.selectors, writes through journaal.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.views.gedeeld import fouten_naar_form, open_dossier, open_voor_wijzigen

from . import selectors, services
from .forms import FilterForm, NotitieForm
from .models import Notitie

OP_DOSSIER = 20
PER_PAGINA = 20


def _categorie(request) -> str:
    form = FilterForm(request.GET)
    return form.cleaned_data["categorie"] if form.is_valid() else ""


def _markeer(notities, user, nu=None) -> None:
    nu = nu or timezone.now()
    for notitie in notities:
        notitie.bewerkbaar = services.mag_bewerken(notitie, user, nu)


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for templates/journaal/_dossier.html: the latest notes (one query) and the form for a new one."""
    rijen = list(selectors.notities(sh)[: OP_DOSSIER + 1])
    meer, rijen = len(rijen) > OP_DOSSIER, rijen[:OP_DOSSIER]
    _markeer(rijen, request.user)
    selectors.log_getoond(request.user, sh, rijen, toelichting="journaal op dossierpagina")
    return {
        "journaal": {
            "notities": rijen,
            "meer": meer,
            "filter": FilterForm(),
            "form": NotitieForm(prefix="notitie", initial={"datum": vandaag}) if mag_wijzigen else None,
        }
    }


@login_required
@require_GET
def overzicht(request, uuid):
    """All notes of a case, newest first, 20 a page, filtered by category; with htmx only the list."""
    sh, mag_wijzigen = open_dossier(request, uuid)
    categorie = _categorie(request)
    pagina = Paginator(selectors.notities(sh, categorie), PER_PAGINA).get_page(request.GET.get("pagina"))
    _markeer(pagina.object_list, request.user)
    selectors.log_getoond(request.user, sh, pagina.object_list, toelichting="journaal")
    context = {
        "sh": sh,
        "mag_wijzigen": mag_wijzigen,
        "pagina": pagina,
        "notities": pagina.object_list,
        "categorie": categorie,
        "filter": FilterForm(initial={"categorie": categorie}),
        "vandaag": timezone.localdate(),
    }
    if request.htmx:
        return render(request, "journaal/_lijst.html", context)
    return render(request, "journaal/overzicht.html", context)


def _te_corrigeren(request, sh) -> Notitie | None:
    sleutel = request.POST.get("corrigeert") or request.GET.get("corrigeert")
    if not sleutel:
        return None
    try:
        notitie = selectors.notities(sh).get(uuid=sleutel)
    except (Notitie.DoesNotExist, ValidationError):
        raise Http404(_("Notitie niet gevonden.")) from None
    return notitie


@login_required
@require_http_methods(["GET", "POST"])
def nieuw(request, uuid):
    """A new note (the form of the case page posts here), or with ?corrigeert=<note> a correction of a fixed
    note, prefilled with the note it corrects."""
    sh = open_voor_wijzigen(request, uuid, toelichting="notitie vastleggen")
    corrigeert = _te_corrigeren(request, sh)
    if request.method == "POST":
        form = NotitieForm(request.POST, prefix="notitie")
        if form.is_valid():
            try:
                services.leg_vast(actor=request.user, statushouder=sh, corrigeert=corrigeert, **form.cleaned_data)
            except ValidationError as exc:
                fouten_naar_form(form, exc)
            else:
                messages.success(request, _("De notitie is vastgelegd."))
                return redirect(f"{_dossier_url(sh)}#journaal")
    else:
        initial = {"datum": timezone.localdate()}
        if corrigeert is not None:
            initial.update(datum=corrigeert.datum, categorie=corrigeert.categorie, tekst=corrigeert.tekst)
        form = NotitieForm(prefix="notitie", initial=initial)
    if corrigeert is not None:
        selectors.log_getoond(request.user, sh, [corrigeert], toelichting="notitie corrigeren")
    return render(request, "journaal/notitie_form.html", {"sh": sh, "form": form, "corrigeert": corrigeert})


def _dossier_url(sh) -> str:
    from django.urls import reverse

    return reverse("cases:dossier", args=[sh.uuid])


@login_required
@require_http_methods(["GET", "POST"])
def bewerken(request, notitie):
    """Change a note: its author only, within the edit time (else the page says it is fixed)."""
    try:
        obj = selectors.notitie_voor(request.user, notitie, "change")
    except (Notitie.DoesNotExist, ValidationError):
        raise Http404(_("Notitie niet gevonden.")) from None
    sh = obj.statushouder
    if not services.mag_bewerken(obj, request.user):
        messages.error(request, _("Deze notitie staat vast. Leg een correctie vast als nieuwe notitie."))
        return redirect(f"{_dossier_url(sh)}#journaal")
    if request.method == "POST":
        form = NotitieForm(request.POST, prefix="notitie")
        if form.is_valid():
            try:
                services.wijzig(actor=request.user, notitie=obj, **form.cleaned_data)
            except ValidationError as exc:
                fouten_naar_form(form, exc)
            else:
                messages.success(request, _("De notitie is gewijzigd."))
                return redirect(f"{_dossier_url(sh)}#journaal")
    else:
        form = NotitieForm(
            prefix="notitie", initial={"datum": obj.datum, "categorie": obj.categorie, "tekst": obj.tekst}
        )
        selectors.log_getoond(request.user, sh, [obj], toelichting="notitie wijzigen")
    return render(
        request,
        "journaal/notitie_form.html",
        {"sh": sh, "form": form, "notitie": obj, "bewerkbaar_tot": services.bewerkbaar_tot(obj)},
    )


def vandaag_sectie(request, dag, teamleider: bool) -> dict:
    return {}
