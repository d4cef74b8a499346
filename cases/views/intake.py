"""The brede intake page (/dossiers/<uuid>/intake/): GET the form, POST to save (and optionally to
finish the intake, which drafts the PIP). Only users who may change the case: a viewer without change
rights gets 403, anyone else 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import selectors, services
from cases.forms.dossier import StartIntakeForm
from cases.forms.intake import IntakeForm
from cases.workflow import Status

from .dossier import fouten_naar_form, leeftijd, onderwijsroute_hint, open_voor_wijzigen


@login_required
@require_http_methods(["GET", "POST"])
def intake(request, uuid):
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
    }
    if brede_intake is None:
        return render(request, "cases/intake.html", context)
    if request.method == "POST":
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


urlpatterns = [
    path("<uuid:uuid>/intake/", intake, name="intake"),
]
