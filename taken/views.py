"""Tasks: the "Mijn taken" part of Vandaag, the section of the case page, the page with all open tasks, a new
task (for oneself or a colleague) and completing or reopening one. Thin: reads through taken.selectors, writes
through taken.services."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.views.gedeeld import casework_role, fouten_naar_form, open_voor_wijzigen, vandaag

from . import selectors, services
from .forms import TaakForm
from .models import Taak

OP_VANDAAG = 15
PER_PAGINA = 25
AFGEROND_DAGEN = timedelta(days=14)


def _einde_week(dag):
    return dag + timedelta(days=6 - dag.weekday())


def vandaag_sectie(request, dag, teamleider: bool) -> dict:
    """Context for templates/taken/_vandaag.html: the user's tasks that are overdue or due this week; for a
    teamleider also the team's overdue tasks, with the consultant. Four queries whatever the number of tasks."""
    user = request.user
    mijn = selectors.open_taken(user, tot=_einde_week(dag), vandaag=dag)
    team, team_aantal = [], 0
    if teamleider:
        team, team_aantal = selectors.eerste_open_taken(user, OP_VANDAAG, tot=dag - timedelta(days=1), vandaag=dag)
    for rij in mijn:
        rij.mag_afronden = rij.is_taak and services.mag_afronden(rij.obj, user)
    getoond = mijn[:OP_VANDAAG] + team
    selectors.log_getoond(user, getoond, toelichting="vandaag")
    return {
        "taken": {
            "mijn": mijn[:OP_VANDAAG],
            "mijn_aantal": len(mijn),
            "mijn_verlopen": sum(t.verlopen for t in mijn),
            "team": team,
            "team_aantal": team_aantal,
            "teamleider": teamleider,
        }
    }


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for templates/taken/_dossier.html: the case's open tasks and PIP actions (one query)."""
    rijen = selectors.taken_van_dossier(sh, vandaag)
    selectors.log_getoond(request.user, rijen, toelichting="taken op dossierpagina")
    for rij in rijen:
        rij.mag_afronden = rij.is_taak and _mag_afronden_rij(rij, request.user)
    return {"taken_dossier": {"rijen": rijen, "mag_toevoegen": mag_wijzigen}}


def _mag_afronden_rij(rij, user) -> bool:
    # On the case page only the assignee is known without a query; the maker completes it from /taken/.
    return rij.toegewezen_aan is not None and rij.toegewezen_aan.pk == user.pk


@login_required
@require_GET
def overzicht(request):
    """All open tasks of the user (a teamleider: ?wie=team for the whole team), overdue first, paginated."""
    teamleider, _consultant = casework_role(request.user)
    team = teamleider and request.GET.get("wie") == "team"
    rijen = selectors.open_taken(request.user, gemeente_breed=team, vandaag=vandaag())
    pagina = Paginator(rijen, PER_PAGINA).get_page(request.GET.get("pagina"))
    for rij in pagina.object_list:
        rij.mag_afronden = rij.is_taak and services.mag_afronden(rij.obj, request.user)
    afgerond = selectors.onlangs_afgerond(request.user, vandaag() - AFGEROND_DAGEN)
    selectors.log_getoond(request.user, pagina.object_list, toelichting="takenoverzicht")
    return render(
        request,
        "taken/overzicht.html",
        {"pagina": pagina, "team": team, "teamleider": teamleider, "vandaag": vandaag(), "afgerond": afgerond},
    )


def _keuzes(user, sh):
    gemeente = sh.gemeente if sh is not None else None
    return (
        get_user_model()
        .objects.filter(Q(pk__in=selectors.collegas(user, gemeente).values("pk")) | Q(pk=user.pk))
        .order_by("first_name", "last_name", "username")
    )


@login_required
@require_http_methods(["GET", "POST"])
def nieuw(request):
    """A new task, on a case (?dossier=<uuid>, the user may change it) or without one."""
    casework_role(request.user)
    dossier = request.POST.get("dossier") or request.GET.get("dossier")
    sh = None
    if dossier:
        try:
            sh = open_voor_wijzigen(request, dossier, toelichting="taak maken")
        except ValidationError:
            raise Http404(_("Dossier niet gevonden.")) from None
    keuzes = _keuzes(request.user, sh)
    if request.method == "POST":
        form = TaakForm(request.POST, collegas=keuzes)
        if form.is_valid():
            try:
                services.maak(actor=request.user, statushouder=sh, **form.cleaned_data)
            except ValidationError as exc:
                fouten_naar_form(form, exc)
            else:
                messages.success(request, _("De taak is gemaakt."))
                if sh is not None:
                    return redirect(reverse("cases:dossier", args=[sh.uuid]) + "#taken")
                return redirect("taken:overzicht")
    else:
        form = TaakForm(collegas=keuzes, initial={"toegewezen_aan": request.user.pk, "deadline": vandaag()})
    return render(request, "taken/taak_form.html", {"form": form, "sh": sh})


def _terug(request, taak):
    volgende = request.POST.get("volgende", "")
    if volgende and url_has_allowed_host_and_scheme(volgende, {request.get_host()}, request.is_secure()):
        return redirect(volgende)
    if taak.statushouder_id:
        return redirect(reverse("cases:dossier", args=[taak.statushouder.uuid]) + "#taken")
    return redirect("taken:overzicht")


def _wijzig(request, uuid, actie, melding):
    casework_role(request.user)
    try:
        taak = selectors.taak_voor(request.user, uuid)
    except Taak.DoesNotExist:
        raise Http404(_("Taak niet gevonden.")) from None
    if not services.mag_afronden(taak, request.user):
        raise PermissionDenied(_("Alleen wie de taak heeft of haar maakte kan haar afronden of heropenen."))
    try:
        actie(actor=request.user, taak=taak)
    except ValidationError as exc:
        for fout in exc.messages:
            messages.error(request, fout)
    else:
        messages.success(request, melding)
    return _terug(request, taak)


@login_required
@require_POST
def afronden(request, uuid):
    return _wijzig(request, uuid, services.rond_af, _("De taak is afgerond."))


@login_required
@require_POST
def heropenen(request, uuid):
    return _wijzig(request, uuid, services.heropen, _("De taak is weer open."))
