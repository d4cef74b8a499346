"""The case page (/dossiers/<uuid>/) and its processing log, plus the small transition forms (start intake,
opschorten, hervatten, afronden, PIP deadline) as POST-redirect-GET. The page's context is built in `gedeeld`,
because other pages re-render it with a bound form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cases import dossieroverzicht, selectors, services
from cases.forms.dossier import AfrondenForm, HervattenForm, OpschortenForm, PipDeadlineForm, StartIntakeForm
from cases.selectors.verwerkingen import als_rijen, verwerkingen_gegroepeerd
from cases.templatetags.weergave import datum
from cases.workflow import Eindreden
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from .gedeeld import (
    casework_role,
    dossier_context,
    fouten_naar_form,
    open_dossier,
    open_voor_wijzigen,
)

WIE_ZAG_AANTAL = 20
# Readable names of the record kinds in "Wie zag dit dossier" (others: the model name without its app).
OBJECT_LABELS = {
    "cases.statushouder": gettext_lazy("dossier"),
    "cases.bredeintake": gettext_lazy("brede intake"),
    "cases.pipversie": gettext_lazy("PIP-versie"),
    "cases.pip": gettext_lazy("PIP"),
    "cases.termijnverlenging": gettext_lazy("termijnverlenging"),
    "leerroutes.inschrijving": gettext_lazy("inschrijving"),
}


def _rijen(dicts) -> list:
    """`als_rijen` with each row's moment as _verwerkingen_tabel.html shows it (`wanneer_iso`, `wanneer`): the
    date filters on twenty rows cost more than building them. A list event's moment is its day."""
    rijen = als_rijen(dicts, OBJECT_LABELS)
    for rij in rijen:
        if rij.gegroepeerd:
            rij.wanneer_iso, rij.wanneer = f"{rij.dag:%Y-%m-%d}", datum(rij.dag)
        else:
            tijdstip = timezone.localtime(rij.tijdstip)  # as the date filter shows an aware moment
            rij.wanneer_iso, rij.wanneer = tijdstip.isoformat(), f"{tijdstip:%d-%m-%Y %H:%M}"
    return rijen


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for "Wie zag dit dossier" (templates/cases/dossier/_verwerkingen.html): one query, the list events
    grouped per actor and day."""
    return {"verwerkingen": _rijen(verwerkingen_gegroepeerd(sh, eerste=WIE_ZAG_AANTAL)[:WIE_ZAG_AANTAL])}


@login_required
@require_GET
def dossier(request, uuid):
    sh, mag_wijzigen = open_dossier(request, uuid)
    return render(request, "cases/dossier.html", dossier_context(request, sh, mag_wijzigen))


@login_required
@require_GET
def verwerkingen(request, uuid):
    """The full processing log of one case, paginated."""
    sh, _mag = open_dossier(request, uuid)
    selectors.wie_zag_dit_dossier(request.user, sh)  # checks the case once more and logs the viewing
    pagina = Paginator(verwerkingen_gegroepeerd(sh), 50).get_page(request.GET.get("pagina"))
    return render(request, "cases/verwerkingen.html", {"sh": sh, "pagina": pagina, "events": _rijen(pagina)})


@login_required
@require_GET
def overzicht_pdf(request, uuid):
    """The dossieroverzicht (a printable handover of the case) as PDF; casework roles of the gemeente only."""
    casework_role(request.user)
    sh, _mag = open_dossier(request, uuid)
    response = HttpResponse(dossieroverzicht.pdf(sh), content_type="application/pdf")
    log_event(request.user, Handeling.EXPORT, sh, statushouder=sh, toelichting="dossieroverzicht (PDF)")
    response["Content-Disposition"] = f'inline; filename="dossieroverzicht-{sh.uuid}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --- transitions --------------------------------------------------------------------------------


def _start(user, sh, data):
    services.start_intake(actor=user, statushouder=sh, datum=data["datum"])


def _opschorten(user, sh, data):
    services.schort_op(actor=user, statushouder=sh, reden=data["reden"], datum=data["datum"])


def _hervatten(user, sh, data):
    services.hervat(actor=user, statushouder=sh, datum=data["datum"])


def _pip_deadline(user, sh, data):
    services.verleng_pip_deadline(actor=user, statushouder=sh, deadline=data["deadline"], reden=data["reden"])


def _afronden(user, sh, data):
    services.rond_af(
        actor=user,
        statushouder=sh,
        eindreden=data["eindreden"],
        datum=data["datum"],
        toelichting=data["toelichting"],
        nieuwe_gemeente=data["nieuwe_gemeente"] if data["eindreden"] == Eindreden.VERHUISD else None,
    )


TRANSITIES = {
    "start": (StartIntakeForm, _start, gettext_lazy("De brede intake is gestart.")),
    "opschorten": (OpschortenForm, _opschorten, gettext_lazy("Het dossier is opgeschort.")),
    "hervatten": (HervattenForm, _hervatten, gettext_lazy("Het dossier is hervat.")),
    "afronden": (AfrondenForm, _afronden, gettext_lazy("Het dossier is afgerond.")),
    "pip_deadline": (PipDeadlineForm, _pip_deadline, gettext_lazy("De PIP-deadline is verlengd.")),
}


@login_required
@require_POST
def transitie(request, uuid, actie):
    form_class, uitvoeren, melding = TRANSITIES[actie]
    sh = open_voor_wijzigen(request, uuid)
    form = form_class(request.POST, prefix=actie, statushouder=sh)
    if form.is_valid():
        try:
            uitvoeren(request.user, sh, form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, melding)
            if actie == "start":
                return redirect("cases:intake", uuid=sh.uuid)
            return redirect("cases:dossier", uuid=sh.uuid)
    context = dossier_context(request, sh, True, {actie: form})
    context["transitie_fout"] = actie
    return render(request, "cases/dossier.html", context)


urlpatterns = [
    path("<uuid:uuid>/", dossier, name="dossier"),
    path("<uuid:uuid>/verwerkingen/", verwerkingen, name="verwerkingen"),
    path("<uuid:uuid>/overzicht.pdf", overzicht_pdf, name="dossieroverzicht"),
    path("<uuid:uuid>/intake/starten/", transitie, {"actie": "start"}, name="intake_starten"),
    path("<uuid:uuid>/opschorten/", transitie, {"actie": "opschorten"}, name="opschorten"),
    path("<uuid:uuid>/hervatten/", transitie, {"actie": "hervatten"}, name="hervatten"),
    path("<uuid:uuid>/afronden/", transitie, {"actie": "afronden"}, name="afronden"),
    path("<uuid:uuid>/pip-deadline/", transitie, {"actie": "pip_deadline"}, name="pip_deadline_verlengen"),
]
