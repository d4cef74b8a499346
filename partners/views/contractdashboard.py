"""The dashboard of one contract (/partners/contracten/<uuid>/): capacity, hours offered and followed, attendance
against the contract's norm, exam pass rates per onderdeel, the median time from the PIP's vaststelling to the
first lesson, and the signals — aggregates only, every figure resting on fewer than 5 people suppressed, and a count
shown beside the count it is part of also when their difference is (reports.privacy: no "6 of 8 passed" giving away
the 2 who failed). The provider's keurmerk periods are shown, and a period is added, here too."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reports import privacy

from ..forms.contracten import KeurmerkForm
from ..selectors import beheerbare_aanbieders
from ..selectors import contracten as selectors
from .contracten import open_contract, rij
from .keurmerken import bewaar_keurmerk


def _uren(minuten) -> float | None:
    return None if minuten is None else minuten / 60


def dashboard_context(request, contract, keurmerk_form=None) -> dict:
    vandaag = timezone.localdate()
    lessen = contract.lessen or {}
    doorloop = contract.doorloop or {}
    les_basis = lessen.get("deelnemers", 0)
    # Side by side, each a part of the one before: the difference of two shown counts is a count of people too.
    _gebruikt, deelnemers_lessen, doorloop_basis = privacy.geneste_aantallen(
        [contract.gebruikt, les_basis, doorloop.get("deelnemers", 0)]
    )
    examens = []
    for examen in selectors.examens_per_contract([contract.pk]).get(contract.pk, []):
        deelnemers, geslaagd, percentage = privacy.deel_van(examen["geslaagd"], examen["deelnemers"])
        examens.append(
            {"onderdeel": examen["onderdeel"], "deelnemers": deelnemers, "geslaagd": geslaagd, "percentage": percentage}
        )
    aanwezigheid = privacy.percentage(lessen.get("aanwezig"), lessen.get("gepland"), les_basis)
    org = contract.organisatie
    return {
        **rij(contract, vandaag),
        "deelnemers_lessen": deelnemers_lessen,
        "uren_aangeboden": privacy.verhouding(_uren(lessen.get("gepland")), les_basis, decimalen=1, eenheid=" uur"),
        "uren_gevolgd": privacy.verhouding(_uren(lessen.get("aanwezig")), les_basis, decimalen=1, eenheid=" uur"),
        "aanwezigheid": aanwezigheid,
        "onder_norm": not aanwezigheid.onderdrukt
        and aanwezigheid.waarde is not None
        and aanwezigheid.waarde < contract.norm_aanwezigheid,
        "doorloop": privacy.verhouding(doorloop.get("mediaan"), doorloop.get("deelnemers", 0), eenheid=" dagen"),
        "doorloop_basis": doorloop_basis,
        "examens": examens,
        "drempel": privacy.drempel(),
        "organisatie": org,
        "vandaag": vandaag,
        "mag_wijzigen": beheerbare_aanbieders(request.user).filter(pk=org.pk).exists(),
        "keurmerk_form": keurmerk_form or KeurmerkForm(),
    }


@login_required
def contract(request, uuid):
    contract = open_contract(request, uuid)
    return render(request, "partners/contract.html", dashboard_context(request, contract))


@login_required
@require_http_methods(["POST"])
def contract_keurmerk(request, uuid):
    """A keurmerk period of the provider, added from its contract's dashboard; a bad value shows there with the
    error."""
    contract = open_contract(request, uuid)
    form = KeurmerkForm(request.POST)
    if bewaar_keurmerk(request, form, contract.organisatie):
        messages.success(
            request, _("Het keurmerk van %(organisatie)s is bijgewerkt.") % {"organisatie": contract.organisatie}
        )
        return redirect("partners:contract", contract.uuid)
    return render(request, "partners/contract.html", dashboard_context(request, contract, keurmerk_form=form))


urlpatterns = [
    path("contracten/<uuid:uuid>/", contract, name="contract"),
    path("contracten/<uuid:uuid>/keurmerk/", contract_keurmerk, name="contract_keurmerk"),
]
