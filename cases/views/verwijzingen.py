"""Verwijzingen to ketenpartners and sleutelpersonen (issue 4 part 3): the case page section (open and finished
referrals, an outcome form per open referral, a link to "Nieuwe verwijzing"), the "Nieuwe verwijzing" page with
the region's ketenpartners and the sleutelpersonen who share a language with the statushouder (its own page, so
the case page does not pay the two queries), the outcome as a page (where a bad POST comes back with its
errors) and the full, paginated list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.forms.verwijzingen import UitkomstForm, VerwijzingForm
from cases.models import Verwijzing
from cases.selectors import verwijzingen as selectors
from cases.services import verwijzingen as services
from partners.selectors import ketenpartners_voor, sleutelpersonen_voor, taalnaam

from .gedeeld import open_voor_wijzigen
from .participatie import OP_DOSSIERPAGINA, formulierpagina, lijstpagina, post_data

ANKER = "kop-verwijzingen"


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for templates/cases/dossier/_verwijzingen.html: one query."""
    lijst = selectors.van_geopend_dossier(sh)
    open_ = [v for v in lijst if v.afgerond_op is None]
    afgerond = [v for v in lijst if v.afgerond_op is not None]
    if mag_wijzigen:
        for v in open_:
            v.uitkomst_form = UitkomstForm(initial={"afgerond_op": vandaag}, sleutel=str(v.uuid))
    return {
        "verwijzingen_open": open_,
        "verwijzingen_afgerond": afgerond[:OP_DOSSIERPAGINA],
        "verwijzingen_aantal": len(lijst),
        "verwijzingen_afgerond_aantal": len(afgerond),
    }


@login_required
@require_http_methods(["GET", "POST"])
def nieuw(request, uuid):
    sh = open_voor_wijzigen(request, uuid)
    return formulierpagina(
        request,
        sh,
        VerwijzingForm(
            post_data(request),
            ketenpartners=list(ketenpartners_voor(sh.gemeente.arbeidsmarktregio_id)),
            sleutelpersonen=list(sleutelpersonen_voor(sh)),
            initial={"datum": timezone.localdate()},
        ),
        lambda data: services.verwijs(actor=request.user, statushouder=sh, **data),
        _("De verwijzing is vastgelegd."),
        ANKER,
        titel=_("Nieuwe verwijzing"),
        toelichting=_(
            "Verwijs naar een ketenpartner of naar een sleutelpersoon. De statushouder spreekt: %(talen)s. "
            "Voorgestelde sleutelpersonen spreken ten minste een van die talen; eerst die uit dezelfde gemeente, "
            "dan die met dezelfde nationaliteit."
        )
        % {"talen": ", ".join(taalnaam(t) for t in sh.talen) or _("geen talen vastgelegd")},
        knop=_("Verwijzen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def uitkomst(request, uuid, verwijzing):
    sh = open_voor_wijzigen(request, uuid)
    try:
        v = selectors.verwijzing(request.user, sh, verwijzing)
    except Verwijzing.DoesNotExist:
        raise Http404(_("Verwijzing niet gevonden.")) from None
    if v.afgerond_op is not None:
        messages.info(request, _("Deze verwijzing is al afgerond."))
        return redirect(reverse("cases:dossier", args=[sh.uuid]) + f"#{ANKER}")
    form = UitkomstForm(post_data(request), initial={"afgerond_op": timezone.localdate()}, sleutel=str(v.uuid))
    doel = v.ketenpartner or v.sleutelpersoon
    return formulierpagina(
        request,
        sh,
        form,
        lambda data: services.leg_uitkomst_vast(actor=request.user, statushouder=sh, verwijzing=v.uuid, **data),
        _("De uitkomst van de verwijzing is vastgelegd."),
        ANKER,
        titel=_("Uitkomst van de verwijzing"),
        toelichting=_("Verwijzing naar %(doel)s op %(datum)s: %(reden)s")
        % {"doel": doel, "datum": f"{v.datum:%d-%m-%Y}", "reden": v.reden},
        knop=_("Uitkomst vastleggen"),
    )


@login_required
@require_GET
def lijst(request, uuid):
    """All referrals of a case, paginated."""
    return lijstpagina(request, uuid, selectors.verwijzingen, "cases/verwijzingen/lijst.html", ANKER)


urlpatterns = [
    path("<uuid:uuid>/verwijzingen/", lijst, name="verwijzingen"),
    path("<uuid:uuid>/verwijzingen/nieuw/", nieuw, name="verwijzing_nieuw"),
    path("<uuid:uuid>/verwijzingen/<uuid:verwijzing>/uitkomst/", uitkomst, name="verwijzing_uitkomst"),
]
