"""The API keys of the providers (/partners/api-sleutels/): the regiocoördinator issues and revokes the keys
of the taalaanbieders of their arbeidsmarktregio, a beheerder those of all of them (also in the admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.views.gedeeld import fouten_naar_form

from .. import selectors, services
from ..forms import ApiSleutelForm

PER_PAGINA = 50


def _alleen_sleutelbeheerders(user) -> None:
    if not selectors.beheert_partners(user):
        raise PermissionDenied(_("Alleen de regiocoördinator en de beheerder beheren API-sleutels."))


def _uitgifte_form(user, data=None) -> ApiSleutelForm:
    return ApiSleutelForm(data, aanbieders=selectors.beheerbare_aanbieders(user).filter(actief=True))


@login_required
@require_http_methods(["GET", "POST"])
def api_sleutels(request):
    _alleen_sleutelbeheerders(request.user)
    form = _uitgifte_form(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sleutel, key = services.geef_api_sleutel_uit(
                request.user, form.cleaned_data["organisatie"], form.cleaned_data["naam"]
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.warning(
                request,
                format_html(
                    "{} <code>{}</code> {}",
                    _("De nieuwe API-sleutel voor %(organisatie)s is:") % {"organisatie": sleutel.organisatie},
                    key,
                    _(
                        "Kopieer hem nu (selecteer de sleutel en kopieer) en geef hem veilig door aan de "
                        "taalaanbieder. Hij wordt niet meer getoond: we bewaren de sleutel zelf niet."
                    ),
                ),
            )
            return redirect("partners:api_sleutels")
    pagina = Paginator(selectors.api_sleutels_voor(request.user), PER_PAGINA).get_page(request.GET.get("page"))
    return render(request, "partners/api_sleutels.html", {"form": form, "pagina": pagina})


@login_required
@require_http_methods(["GET", "POST"])
def api_sleutel_intrekken(request, prefix: str):
    """A confirmation page; the POST revokes."""
    sleutel = get_object_or_404(selectors.api_sleutels_voor(request.user), prefix=prefix)
    if request.method == "POST":
        try:
            services.trek_api_sleutel_in(request.user, sleutel)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("De API-sleutel %(prefix)s van %(organisatie)s is ingetrokken.")
                % {"prefix": sleutel.prefix, "organisatie": sleutel.organisatie},
            )
        return redirect("partners:api_sleutels")
    return render(request, "partners/api_sleutel_intrekken.html", {"sleutel": sleutel})


urlpatterns = [
    path("api-sleutels/", api_sleutels, name="api_sleutels"),
    path("api-sleutels/<str:prefix>/intrekken/", api_sleutel_intrekken, name="api_sleutel_intrekken"),
]
