"""The brede intake page (/dossiers/<uuid>/intake/): GET the form, POST to save (and optionally to
finish the intake, which drafts the PIP). Only users who may change the case: a viewer without change
rights gets 403, anyone else 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import selectors, services
from cases.forms.dossier import StartIntakeForm
from cases.forms.intake import HandhavingForm, IntakeForm
from cases.models import Handhavingsstap
from cases.services import handhaving
from cases.workflow import Status

from .gedeeld import fouten_naar_form, leeftijd, onderwijsroute_hint, open_voor_wijzigen


def handhaving_context(sh, form: HandhavingForm | None = None) -> dict:
    """The intake handhaving ladder of the case (DOMAIN.md req. 12): the steps so far, the next one and when it
    is due, and the form for it while a step may be recorded."""
    stappen = list(Handhavingsstap.objects.filter(statushouder=sh).order_by("datum", "id"))
    laatste = stappen[-1] if stappen else None
    toegestaan = handhaving.toegestane_stappen(laatste)
    volgende = handhaving.volgende_stap(laatste.stap, laatste.verwijtbaar) if laatste else None
    mogelijk = [s for s in toegestaan if sh.status in handhaving.STAP_STATUSSEN[s]]
    if form is None and mogelijk:
        form = HandhavingForm(
            stappen=[(s, Handhavingsstap.Stap(s).label) for s in mogelijk],
            initial={"datum": timezone.localdate(), "stap": mogelijk[0]},
        )
    return {
        "stappen": stappen,
        "volgende": Handhavingsstap.Stap(volgende).label if volgende else None,
        "volgende_vanaf": handhaving.volgende_stap_vanaf(laatste.datum) if volgende else None,
        "form": form if mogelijk else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def intake(request, uuid, handhaving_form=None):
    """The intake page; `handhaving_form`: a failed handhaving step to show (from `handhavingsstap`)."""
    sh = open_voor_wijzigen(request, uuid)
    user = request.user
    vandaag = timezone.localdate()
    brede_intake = selectors.brede_intake(user, sh)
    bewerkbaar = brede_intake is not None and sh.status == Status.INTAKE
    context = {
        "sh": sh,
        "intake": brede_intake,
        "bewerkbaar": bewerkbaar,
        "leeftijd": leeftijd(sh.geboortedatum, vandaag),
        "start_form": StartIntakeForm(prefix="start") if sh.status == Status.AANGEMELD else None,
        "handhaving": handhaving_context(sh, handhaving_form),
    }
    if brede_intake is None:
        return render(request, "cases/intake.html", context)
    if request.method == "POST" and handhaving_form is None:
        if not bewerkbaar:
            messages.error(request, _("De brede intake is afgerond en kan niet meer worden gewijzigd."))
            return redirect("cases:intake", uuid=sh.uuid)
        form = IntakeForm(request.POST)
        if form.is_valid():
            try:
                brede_intake = services.werk_intake_bij(
                    actor=user, statushouder=sh, velden=form.velden(), scores=form.scores()
                )
            except ValidationError as exc:
                fouten_naar_form(form, exc)
            else:
                if request.POST.get("actie") != "afronden":
                    messages.success(request, _("De brede intake is opgeslagen."))
                    return redirect("cases:intake", uuid=sh.uuid)
                try:
                    services.rond_intake_af(actor=user, statushouder=sh, datum=vandaag)
                except ValidationError as exc:
                    fouten_naar_form(form, exc, prefix=_("De intake is opgeslagen, maar nog niet afgerond: "))
                else:
                    messages.success(request, _("De brede intake is afgerond. Het PIP staat klaar als concept."))
                    return redirect("cases:dossier", uuid=sh.uuid)
        brede_intake = selectors.brede_intake(user, sh)
    else:
        form = IntakeForm(intake=brede_intake, statushouder=sh)
    if not bewerkbaar:
        for field in form.fields.values():
            field.disabled = True
    context.update(
        form=form,
        veldfouten=[(form[naam], fouten) for naam, fouten in form.errors.items() if naam in form.fields],
        intake=brede_intake,
        onderwijsroute_hint=onderwijsroute_hint(brede_intake, sh, vandaag),
    )
    return render(request, "cases/intake.html", context)


@login_required
@require_http_methods(["POST"])
def handhavingsstap(request, uuid):
    """Record the next step of the intake handhaving ladder; on a refusal the intake page with the form and its
    Dutch errors."""
    sh = open_voor_wijzigen(request, uuid)
    stappen = [(s.value, s.label) for s in Handhavingsstap.Stap]
    form = HandhavingForm(request.POST, stappen=stappen)
    if form.is_valid():
        try:
            handhaving.leg_stap_vast(actor=request.user, statushouder=sh, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, _("De stap van de handhaving is vastgelegd."))
            return redirect(reverse("cases:intake", args=[sh.uuid]) + "#handhaving")
    laatste = handhaving.laatste_stap(sh)
    form.fields["stap"].choices = [
        (s, Handhavingsstap.Stap(s).label)
        for s in handhaving.toegestane_stappen(laatste)
        if sh.status in handhaving.STAP_STATUSSEN[s]
    ] or stappen
    return intake(request, uuid, handhaving_form=form)


urlpatterns = [
    path("<uuid:uuid>/intake/", intake, name="intake"),
    path("<uuid:uuid>/intake/handhaving/", handhavingsstap, name="handhaving"),
]
