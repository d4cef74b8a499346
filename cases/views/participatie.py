"""Participatie (work, education, volunteering, placements) and ontzorgen of a case (issue 4 part 2): the case
page section with the current status and the history, and small form pages (add, correct, end, ontzorgen)
that POST-redirect-GET back to the case page. A form page is for users who may change the case (403 for a
viewer, 404 for anyone else); the full history page for anyone who may view it."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases import deadlines
from cases.forms.participatie import BeeindigenForm, OntzorgenForm, ParticipatieForm
from cases.models import Participatie
from cases.selectors import participatie as selectors
from cases.services import participatie as services

from .gedeeld import fouten_naar_form, open_dossier, open_voor_wijzigen

OP_DOSSIERPAGINA = 10
PER_PAGINA = 25


def formulierpagina(request, sh, form, uitvoeren: Callable[[dict], object], melding: str, anker: str, **context):
    """A form page of the case: GET shows the form; a valid POST runs `uitvoeren(cleaned_data)` (a service
    call) and redirects to the case page at `anker`; otherwise the bound form comes back with the errors (the
    service's next to their fields), so nothing typed is lost. Context: `titel`, `knop`, optional `toelichting`."""
    if request.method == "POST" and form.is_valid():
        try:
            uitvoeren(form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, melding)
            return redirect(reverse("cases:dossier", args=[sh.uuid]) + f"#{anker}")
    return render(request, "cases/participatie/formulier.html", {"sh": sh, "form": form, "anker": anker, **context})


def post_data(request):
    """The POST data to bind a form to, or None on GET (an empty POST still validates, and fails)."""
    return request.POST if request.method == "POST" else None


def _ontzorgen(sh, vandaag) -> dict | None:
    """The ontzorgen period; without a planned end, the earliest one (as the `ontzorgen` signal assumes)."""
    if sh.bijstand_start_datum is None:
        return None
    einde = sh.ontzorgen_einde_datum or deadlines.ontzorgen_vroegst_einde(sh.bijstand_start_datum)
    return {
        "start": sh.bijstand_start_datum,
        "einde": einde,
        "gepland": sh.ontzorgen_einde_datum is not None,
        "loopt": einde >= vandaag,
    }


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for templates/cases/dossier/_participatie.html: one query (the history)."""
    lijst = selectors.van_geopend_dossier(sh)
    actief = selectors.actieve_participaties(lijst, vandaag)
    return {
        "participaties": lijst[:OP_DOSSIERPAGINA],
        "participaties_aantal": len(lijst),
        "participatie_huidig": actief[0] if actief else None,
        "participatie_ook_actief": actief[1:],
        "ontzorgen": _ontzorgen(sh, vandaag),
        "participatie_form": ParticipatieForm(initial={"startdatum": vandaag}) if mag_wijzigen else None,
    }


def _participatie_of_404(request, sh, uuid) -> Participatie:
    try:
        return selectors.participatie(request.user, sh, uuid)
    except Participatie.DoesNotExist:
        raise Http404(_("Participatie niet gevonden.")) from None


@login_required
@require_http_methods(["GET", "POST"])
def nieuw(request, uuid):
    sh = open_voor_wijzigen(request, uuid)
    form = ParticipatieForm(post_data(request), initial={"startdatum": timezone.localdate()})
    return formulierpagina(
        request,
        sh,
        form,
        lambda data: services.registreer_participatie(actor=request.user, statushouder=sh, **data),
        _("De participatie is vastgelegd."),
        "kop-participatie",
        titel=_("Participatie vastleggen"),
        knop=_("Vastleggen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def wijzigen(request, uuid, participatie):
    sh = open_voor_wijzigen(request, uuid)
    p = _participatie_of_404(request, sh, participatie)
    velden = ("soort", "startdatum", "einddatum", "uren_per_week", "sector", "contractvorm")
    form = ParticipatieForm(post_data(request), initial={v: getattr(p, v) for v in velden}, sleutel=str(p.uuid))
    return formulierpagina(
        request,
        sh,
        form,
        lambda data: services.wijzig_participatie(actor=request.user, statushouder=sh, participatie=p.uuid, **data),
        _("De participatie is gewijzigd."),
        "kop-participatie",
        titel=_("Participatie wijzigen"),
        knop=_("Opslaan"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def beeindigen(request, uuid, participatie):
    sh = open_voor_wijzigen(request, uuid)
    p = _participatie_of_404(request, sh, participatie)
    if p.einddatum is not None:
        messages.info(request, _("Deze participatie is al beëindigd."))
        return redirect(reverse("cases:dossier", args=[sh.uuid]) + "#kop-participatie")
    form = BeeindigenForm(post_data(request), initial={"einddatum": timezone.localdate()})
    return formulierpagina(
        request,
        sh,
        form,
        lambda data: services.beeindig_participatie(
            actor=request.user, statushouder=sh, participatie=p.uuid, einddatum=data["einddatum"]
        ),
        _("De participatie is beëindigd."),
        "kop-participatie",
        titel=_("Participatie beëindigen"),
        toelichting=_("%(soort)s vanaf %(start)s.")
        % {"soort": p.get_soort_display().capitalize(), "start": f"{p.startdatum:%d-%m-%Y}"},
        knop=_("Beëindigen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ontzorgen(request, uuid):
    sh = open_voor_wijzigen(request, uuid)
    form = OntzorgenForm(
        post_data(request),
        initial={"bijstand_start_datum": sh.bijstand_start_datum, "ontzorgen_einde_datum": sh.ontzorgen_einde_datum},
    )
    return formulierpagina(
        request,
        sh,
        form,
        lambda data: services.leg_ontzorgen_vast(actor=request.user, statushouder=sh, **data),
        _("Het ontzorgen is vastgelegd."),
        "kop-ontzorgen",
        titel=_("Ontzorgen vastleggen"),
        toelichting=_(
            "Bij bijstand betaalt de gemeente huur, energie en water en de zorgverzekering uit de uitkering, "
            "ten minste 6 maanden vanaf de start van de bijstand."
        ),
        knop=_("Vastleggen"),
    )


def lijstpagina(request, uuid, rijen: Callable, template: str, anker: str):
    """A case's full list on its own page (templates/cases/dossier_lijst.html), for anyone who may view the
    case: `rijen(user, sh)` (a selector's queryset) paginated by ?pagina=; `anker` is the case page section."""
    sh, mag_wijzigen = open_dossier(request, uuid)
    pagina = Paginator(rijen(request.user, sh), PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, template, {"sh": sh, "pagina": pagina, "mag_wijzigen": mag_wijzigen, "anker": anker})


@login_required
@require_GET
def historie(request, uuid):
    """The whole participation history of a case, paginated."""
    return lijstpagina(request, uuid, selectors.participaties, "cases/participatie/historie.html", "kop-participatie")


urlpatterns = [
    path("<uuid:uuid>/participatie/", historie, name="participatie"),
    path("<uuid:uuid>/participatie/nieuw/", nieuw, name="participatie_nieuw"),
    path("<uuid:uuid>/participatie/<uuid:participatie>/wijzigen/", wijzigen, name="participatie_wijzigen"),
    path("<uuid:uuid>/participatie/<uuid:participatie>/beeindigen/", beeindigen, name="participatie_beeindigen"),
    path("<uuid:uuid>/ontzorgen/", ontzorgen, name="ontzorgen"),
]
