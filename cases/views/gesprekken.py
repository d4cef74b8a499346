"""Voortgangsgesprekken and follow-ups on a case (issue 4 part 1): the section of the case page with its
plan/move/cancel forms, the page to record a held gesprek, and the full history with the progress per goal.
Thin: reads through cases.selectors.gesprekken, writes through cases.services.gesprekken."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import deadlines, services
from cases.forms.gesprekken import NIEUW, PlanForm, VastleggenForm, VerplaatsForm, VoorstelForm
from cases.models import Voortgangsgesprek
from cases.selectors import gesprekken as selectors
from cases.services.gesprekken import kan_gesprekken, voorgesteld_volgende
from cases.workflow import Status

from .gedeeld import dossier_context, fouten_naar_form, open_dossier, open_voor_wijzigen

GESPREKKEN_OP_DOSSIER = 5
GESPREKKEN_PER_PAGINA = 20
VASTLEGGEN_VOORUIT = timedelta(weeks=2)


def _voorstel(sh, overzicht, vandaag):
    """The date proposed for planning: the norm after the last gesprek (or the PIP), not before today."""
    laatste = overzicht.laatst_gehouden.gehouden_op if overzicht.laatst_gehouden else sh.pip_dagtekening
    return max(voorgesteld_volgende(sh, laatste), vandaag) if laatste else vandaag


def _formulieren(sh, overzicht, vandaag, gebonden: dict | None = None) -> dict:
    """The plan form (only while no regular gesprek is open) and a move form per planned gesprek."""
    gebonden = gebonden or {}
    forms = {}
    for g in overzicht.gepland:
        sleutel = str(g.uuid)
        g.form_open = sleutel in gebonden
        g.verplaats_form = forms[sleutel] = gebonden.get(sleutel) or VerplaatsForm(
            prefix=f"verplaats-{g.uuid}", initial={"gepland_op": g.gepland_op}
        )
    if overzicht.open_regulier is None:
        forms["plannen"] = gebonden.get("plannen") or PlanForm(
            prefix="plannen", initial={"gepland_op": _voorstel(sh, overzicht, vandaag)}
        )
    return forms


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for this module's section of the case page (templates/cases/dossier/_gesprekken.html):
    one query, whatever the number of gesprekken."""
    overzicht = selectors.overzicht(sh, GESPREKKEN_OP_DOSSIER)
    for gesprek in overzicht.gepland:
        gesprek.te_laat = gesprek.gepland_op < vandaag
    for gesprek in overzicht.gehouden:
        gesprek.samenvatting = selectors.voortgang_samenvatting(gesprek)
    bewerkbaar = mag_wijzigen and kan_gesprekken(sh)
    return {
        "gesprekken": overzicht,
        "gesprekken_bewerkbaar": bewerkbaar,
        "gesprek_forms": _formulieren(sh, overzicht, vandaag) if bewerkbaar else {},
    }


def _dossier_met_fout(request, sh, sleutel: str, form):
    """The case page again with the failed form bound, its errors beside the field (nothing lost)."""
    context = dossier_context(request, sh, True)
    context["gesprek_forms"] = _formulieren(sh, context["gesprekken"], context["vandaag"], {sleutel: form})
    context["gesprek_fout"] = sleutel
    return render(request, "cases/dossier.html", context)


def _schrijf(request, sh, sleutel, form, actie, melding):
    if form.is_valid():
        try:
            actie(form.cleaned_data)
        except Voortgangsgesprek.DoesNotExist:
            raise Http404(_("Gesprek niet gevonden.")) from None
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, melding)
            return redirect("cases:dossier", uuid=sh.uuid)
    return _dossier_met_fout(request, sh, sleutel, form)


@login_required
@require_POST
def plannen(request, uuid):
    sh = open_voor_wijzigen(request, uuid)
    form = PlanForm(request.POST, prefix="plannen")

    def actie(data):
        services.gesprekken.plan_gesprek(actor=request.user, statushouder=sh, gepland_op=data["gepland_op"])

    return _schrijf(request, sh, "plannen", form, actie, _("Het voortgangsgesprek is gepland."))


@login_required
@require_POST
def verplaatsen(request, uuid, gesprek):
    sh = open_voor_wijzigen(request, uuid)
    form = VerplaatsForm(request.POST, prefix=f"verplaats-{gesprek}")

    def actie(data):
        services.gesprekken.verplaats_gesprek(
            actor=request.user, statushouder=sh, gesprek=gesprek, gepland_op=data["gepland_op"]
        )

    return _schrijf(request, sh, str(gesprek), form, actie, _("Het gesprek is verplaatst."))


@login_required
@require_POST
def annuleren(request, uuid, gesprek):
    sh = open_voor_wijzigen(request, uuid)
    try:
        services.gesprekken.annuleer_gesprek(actor=request.user, statushouder=sh, gesprek=gesprek)
    except Voortgangsgesprek.DoesNotExist:
        raise Http404(_("Gesprek niet gevonden.")) from None
    except ValidationError as exc:
        for fout in exc.messages:
            messages.error(request, fout)
    else:
        messages.success(request, _("Het geplande gesprek is geannuleerd."))
    return redirect("cases:dossier", uuid=sh.uuid)


def _te_voltooien(gepland, gekozen: str, vandaag) -> str:
    """Which planned gesprek the record completes by default: the one chosen on the case page, else the
    first one that is due (or nearly: within VASTLEGGEN_VOORUIT), else a new one."""
    if any(str(g.uuid) == gekozen for g in gepland):
        return gekozen
    return next((str(g.uuid) for g in gepland if g.gepland_op <= vandaag + VASTLEGGEN_VOORUIT), NIEUW)


@login_required
@require_http_methods(["GET", "POST"])
def vastleggen(request, uuid):
    """Record a held gesprek: date, the progress per goal of the current PIP, the verslag and the next
    gesprek, proposed at the norm after it. "Vastleggen en PIP aanpassen" continues to the PIP adjustment."""
    from cases.selectors import pip_versies_met_inhoud

    sh = open_voor_wijzigen(request, uuid, toelichting="voortgangsgesprek vastleggen")
    if not kan_gesprekken(sh):
        raise PermissionDenied(_("Voortgangsgesprekken horen bij de uitvoering van het PIP."))
    vandaag = timezone.localdate()
    vastgesteld = [v for v in pip_versies_met_inhoud(request.user, sh) if v.status == "vastgesteld"]
    versie = max(vastgesteld, key=lambda v: (v.dagtekening, v.versie), default=None)
    gepland = list(selectors.gepland(request.user, sh))
    initial = {
        "gesprek": _te_voltooien(gepland, request.GET.get("gesprek", ""), vandaag),
        "gehouden_op": vandaag,
        "plan_volgende": True,
        "volgende_op": voorgesteld_volgende(sh, vandaag),
        "voorgesteld": voorgesteld_volgende(sh, vandaag),
    }
    form = VastleggenForm(
        request.POST or None,
        initial=initial,
        doelen=versie.doelen.all() if versie else (),
        gepland=gepland,
        norm_weken=_norm_weken(sh),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.gesprekken.leg_gesprek_vast(
                actor=request.user,
                statushouder=sh,
                gesprek=form.gepland_gesprek(),
                gehouden_op=data["gehouden_op"],
                verslag=data["verslag"],
                voortgang=form.voortgang(),
                plan_volgende=data["plan_volgende"],
                volgende_op=form.volgende_datum(),
            )
        except Voortgangsgesprek.DoesNotExist:
            form.add_error("gesprek", _("Dit gesprek is al vastgelegd of geannuleerd; kies een ander."))
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, _("Het voortgangsgesprek is vastgelegd."))
            if request.POST.get("daarna") == "pip":
                return redirect("cases:pip_wijzigen", uuid=sh.uuid)
            return redirect("cases:dossier", uuid=sh.uuid)
    return render(
        request,
        "cases/gesprekken/vastleggen.html",
        {"sh": sh, "form": form, "versie": versie, "pip_aanpasbaar": sh.status == Status.IN_UITVOERING},
    )


def _norm_weken(sh) -> int:
    return sh.gemeente.voortgangsgesprek_weken or deadlines.norm("VOORTGANGSGESPREK_WEKEN")


@login_required
@require_GET
def volgende(request, uuid):
    """htmx, from the record form: the next date proposed again after the date of the gesprek changed,
    unless the user had already chosen another one. Only the dates are sent, never the verslag."""
    sh = open_voor_wijzigen(request, uuid, toelichting="voorstel volgend voortgangsgesprek")
    voorstel = VoorstelForm(request.GET)
    initial = {}
    if voorstel.is_valid():
        data = voorstel.cleaned_data
        nieuw = voorgesteld_volgende(sh, data["gehouden_op"])
        gewijzigd = data["volgende_op"] and data["volgende_op"] != data["voorgesteld"]
        initial = {"voorgesteld": nieuw, "volgende_op": data["volgende_op"] if gewijzigd else nieuw}
    form = VastleggenForm(initial=initial, norm_weken=_norm_weken(sh))
    return render(request, "cases/gesprekken/_volgende.html", {"form": form})


@login_required
@require_GET
def historie(request, uuid):
    """All gesprekken of a case: the planned ones, then the held ones (paginated) with the progress per goal."""
    sh, mag_wijzigen = open_dossier(request, uuid)
    pagina = Paginator(selectors.gehouden(request.user, sh), GESPREKKEN_PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "cases/gesprekken/historie.html",
        {
            "sh": sh,
            "gepland": list(selectors.gepland(request.user, sh)),
            "pagina": pagina,
            "gehouden": selectors.met_voortgang(request.user, pagina),
            "vandaag": timezone.localdate(),
            "bewerkbaar": mag_wijzigen and kan_gesprekken(sh),
        },
    )


urlpatterns = [
    path("<uuid:uuid>/gesprekken/", historie, name="gesprekken"),
    path("<uuid:uuid>/gesprekken/vastleggen/", vastleggen, name="gesprek_vastleggen"),
    path("<uuid:uuid>/gesprekken/vastleggen/volgende/", volgende, name="gesprek_volgende"),
    path("<uuid:uuid>/gesprekken/plannen/", plannen, name="gesprek_plannen"),
    path("<uuid:uuid>/gesprekken/<uuid:gesprek>/verplaatsen/", verplaatsen, name="gesprek_verplaatsen"),
    path("<uuid:uuid>/gesprekken/<uuid:gesprek>/annuleren/", annuleren, name="gesprek_annuleren"),
]
