"""The regional contracts (/partners/contracten/): the list with each contract's status, capacity used and signals
(the region overview), and the form to add or change a contract. Contract terms are the regiocoördinator's (their
own arbeidsmarktregio) and the beheerder's (all regions, with a region filter); anyone else gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.views.gedeeld import fouten_naar_form
from reports import privacy

from ..forms.contracten import ContractForm
from ..models import Organisatie
from ..selectors import beheerde_regios, beheert_partners
from ..selectors import contracten as selectors
from ..services import contracten as services

PER_PAGINA = 25


def alleen_contractbeheerders(user) -> None:
    if not beheert_partners(user):  # contract terms are the regiocoördinator's and the beheerder's
        raise PermissionDenied(_("Alleen de regiocoördinator en de beheerder zien de contracten."))


def open_contract(request, uuid):
    """A contract of a region the user manages (404 otherwise), with its figures and status."""
    alleen_contractbeheerders(request.user)
    vandaag = timezone.localdate()
    return get_object_or_404(selectors.met_cijfers(selectors.contracten_voor(request.user, vandaag=vandaag)), uuid=uuid)


def rij(contract, vandaag) -> dict:
    """A contract's row on the list and the head of its dashboard: status and capacity, suppressed below 5."""
    return {
        "contract": contract,
        "status": selectors.STATUS_LABELS[contract.status],
        "gebruikt": privacy.aantal(contract.gebruikt),
        "gebruikt_procent": privacy.percentage(contract.gebruikt, contract.capaciteit, contract.gebruikt),
        "signalen": selectors.signalen(contract, vandaag),
    }


@login_required
def contracten(request):
    alleen_contractbeheerders(request.user)
    vandaag = timezone.localdate()
    regios = beheerde_regios(request.user)
    regio = None
    if len(regios) > 1 and request.GET.get("regio"):
        regio = next((r for r in regios if str(r.uuid) == request.GET["regio"]), None)
    pagina = Paginator(
        selectors.met_cijfers(selectors.contracten_voor(request.user, vandaag=vandaag, regio=regio)), PER_PAGINA
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/contracten.html",
        {
            "pagina": pagina,
            "rijen": [rij(contract, vandaag) for contract in pagina.object_list],
            "regios": regios,
            "regio": regio,
            "drempel": privacy.drempel(),
        },
    )


def _form(request, data=None, *, contract=None, initial=None) -> ContractForm:
    aanbieders = selectors.aanbieders_voor_contract()
    if contract is not None:  # an inactive provider stays selectable on its own contract
        aanbieders = aanbieders | Organisatie.objects.filter(pk=contract.organisatie_id)
    return ContractForm(data, initial=initial, aanbieders=aanbieders, regios=beheerde_regios(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def contract_nieuw(request):
    alleen_contractbeheerders(request.user)
    form = _form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.maak_contract(request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(
                request, _("Het contract met %(organisatie)s is toegevoegd.") % {"organisatie": contract.organisatie}
            )
            return redirect("partners:contract", contract.uuid)
    return render(request, "partners/contract_form.html", {"form": form, "contract": None})


@login_required
@require_http_methods(["GET", "POST"])
def contract_wijzigen(request, uuid):
    contract = open_contract(request, uuid)
    initial = {veld: getattr(contract, veld) for veld in services.VELDEN}
    form = _form(request, request.POST if request.method == "POST" else None, contract=contract, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.wijzig_contract(request.user, contract, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, _("Het contract is bijgewerkt."))
            return redirect("partners:contract", contract.uuid)
    return render(request, "partners/contract_form.html", {"form": form, "contract": contract})


urlpatterns = [
    path("contracten/", contracten, name="contracten"),
    path("contracten/nieuw/", contract_nieuw, name="contract_nieuw"),
    path("contracten/<uuid:uuid>/wijzigen/", contract_wijzigen, name="contract_wijzigen"),
]
