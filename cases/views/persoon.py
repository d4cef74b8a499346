"""The personal data of a case: contact data, nationality and languages, AZC and overdracht notes. A section of
the case page (from the case row itself: no query) and its form page /dossiers/<uuid>/persoonsgegevens/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.forms.persoon import PersoonsgegevensForm
from cases.landen_talen import landnaam, taalnaam
from cases.services import persoon as services

from .gedeeld import fouten_naar_form, open_voor_wijzigen

ANKER = "persoonsgegevens"


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for templates/cases/persoon/_dossier.html: the case row's own fields, names in the UI language."""
    return {
        "persoon": {
            "nationaliteit": landnaam(sh.nationaliteit),
            "talen": [taalnaam(code) for code in sh.talen or []],
            "adres": bool(sh.straat or sh.huisnummer or sh.postcode or sh.woonplaats),
        }
    }


@login_required
@require_http_methods(["GET", "POST"])
def persoonsgegevens(request, uuid):
    sh = open_voor_wijzigen(request, uuid, toelichting="persoonsgegevens wijzigen")
    form = PersoonsgegevensForm(request.POST if request.method == "POST" else None, statushouder=sh)
    if request.method == "POST" and form.is_valid():
        try:
            gewijzigd = services.wijzig_persoonsgegevens(request.user, sh, **form.service_kwargs())
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            if gewijzigd:
                messages.success(request, _("De persoonsgegevens zijn opgeslagen."))
            else:
                messages.info(request, _("Er was niets gewijzigd."))
            return redirect(reverse("cases:dossier", args=[sh.uuid]) + f"#{ANKER}")
    return render(request, "cases/persoon/formulier.html", {"sh": sh, "form": form, "anker": ANKER})


urlpatterns = [
    path("<uuid:uuid>/persoonsgegevens/", persoonsgegevens, name="persoonsgegevens"),
]
