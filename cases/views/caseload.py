"""Mijn caseload (GET /dossiers/) and registering a case (warme overdracht, /dossiers/nieuw/)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from duo import selectors as duo_selectors
from duo import services as duo_services
from duo.models import Aanmelding
from leerroutes.models import Leerroute

from .. import selectors, services, signals
from ..forms.caseload import (
    GEEN_CONSULENT,
    SORTERINGEN,
    STANDAARD_SORTERING,
    CaseloadFilterForm,
    bewaar_zoekterm,
    lijst_url,
    met_zoekterm,
)
from ..forms.registratie import RegistratieForm
from ..models import Statushouder
from ..selectors import zoeken as zoek_selectors
from ..workflow import ACTIEF
from . import gedeeld
from .gedeeld import casework_role

PER_PAGINA = 25
RESULTAAT_ID = "caseload-resultaat"  # the element htmx swaps with the partial

_STATUS_VOLGORDE = Case(
    *(When(status=s, then=Value(i)) for i, s in enumerate(ACTIEF)), default=Value(99), output_field=IntegerField()
)


def _sortering(sleutel: str) -> list:
    """?sort= → order_by; always ends in unique columns so pages do not overlap."""
    aflopend = sleutel.startswith("-")
    kolom = sleutel.lstrip("-")
    if kolom not in SORTERINGEN:
        kolom, aflopend = STANDAARD_SORTERING, False
    naam = zoek_selectors.naam_sortering()  # Öztürk with the O's
    kolommen = {
        "naam": naam,
        "status": [_STATUS_VOLGORDE],
        # more days in the status = an earlier status_sinds
        "dagen": [F("status_sinds").desc() if not aflopend else F("status_sinds").asc()],
        "deadline": [F("volgende_deadline")],
    }[kolom]
    if kolom != "dagen":
        kolommen = [k.desc(nulls_last=True) if aflopend else k.asc(nulls_last=True) for k in kolommen]
    return [*kolommen, *(k.asc() for k in naam), F("id").asc()]


@dataclass
class Rij:
    sh: Statushouder
    leerroute: Leerroute | None
    dagen_in_status: int
    deadline: date | None
    deadline_soort: str
    dagen_tot_deadline: int | None
    signalen: list

    @property
    def dagen_verstreken(self) -> int:
        return -(self.dagen_tot_deadline or 0)


@login_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("q")  # the term (a BSN, a name) stays out of error reports
def caseload(request):
    user = request.user
    teamleider, _consultant = casework_role(user)
    if request.method == "POST" or "q" in request.GET:
        # The filter form posts (its term may be a BSN): the term goes into the session, the URL gets its token.
        url = lijst_url(request, bewaar_zoekterm(request, request.POST if request.method == "POST" else request.GET))
        if request.htmx and request.method == "POST":
            response = HttpResponse(status=204)
            response["HX-Location"] = json.dumps({"path": url, "target": f"#{RESULTAAT_ID}"})
            return response
        return redirect(url)
    vandaag = gedeeld.vandaag()
    form = CaseloadFilterForm(met_zoekterm(request), user=user, teamleider=teamleider)
    gemeente_breed = teamleider or bool(form.waarde("alle", False))

    rijen = selectors.caseload_rijen(user, vandaag, alleen_eigen=not gemeente_breed)
    leerroutes = {lr.pk: lr for lr in Leerroute.objects.all()}
    if status := form.waarde("status"):
        rijen = rijen.filter(status=status)
    if route := form.waarde("route"):
        rijen = rijen.filter(leerroute_id__in=[pk for pk, lr in leerroutes.items() if lr.code == route])
    if code := form.waarde("signaal"):
        rijen = rijen.filter(signals.SIGNALEN[code].filter(vandaag))
    if teamleider and (consultant := form.waarde("consultant")):
        rijen = (
            rijen.filter(consultant__isnull=True)
            if consultant == GEEN_CONSULENT
            else rijen.filter(consultant__uuid=consultant)
        )
    zoekterm = form.waarde("q")
    rijen = zoek_selectors.filter_op_term(rijen, zoekterm)
    sortering = form.waarde("sort", STANDAARD_SORTERING)
    rijen = rijen.order_by(*_sortering(sortering))

    pagina = Paginator(rijen, PER_PAGINA).get_page(request.GET.get("page"))
    getoond = list(pagina.object_list)
    selectors.log_shown(user, getoond)

    context = {
        "form": form,
        "filtervelden": [
            form[naam] for naam in ("q", "status", "route", "signaal", "consultant") if naam in form.fields
        ],
        "teamleider": teamleider,
        "gemeente_breed": gemeente_breed,
        "pagina": pagina,
        "rijen": [_rij(sh, leerroutes, vandaag) for sh in getoond],
        "kolommen": _kolommen(sortering),
        "sortering": sortering,
        "gefilterd": any(form.waarde(f) for f in ("q", "status", "route", "signaal", "consultant")),
        "signalen": list(signals.SIGNALEN.values()),
    }
    template = "cases/caseload.html"
    if request.htmx and request.htmx.target == RESULTAAT_ID and not request.htmx.history_restore_request:
        template = "cases/_caseload_rows.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _rij(sh: Statushouder, leerroutes: dict, vandaag: date) -> Rij:
    deadline = sh.volgende_deadline
    return Rij(
        sh=sh,
        leerroute=leerroutes.get(sh.leerroute_id),
        dagen_in_status=(vandaag - sh.status_sinds).days,
        deadline=deadline,
        deadline_soort=_("PIP") if sh.pip_dagtekening is None else _("Termijn"),
        dagen_tot_deadline=(deadline - vandaag).days if deadline else None,
        signalen=signals.signalen_voor(sh, vandaag),
    )


def _kolommen(sortering: str) -> list[dict]:
    """The sortable column headers: the ?sort= value of their link and their aria-sort."""
    huidig = sortering.lstrip("-") if sortering.lstrip("-") in SORTERINGEN else STANDAARD_SORTERING
    aflopend = sortering.startswith("-")
    kolommen = []
    for sleutel, label in SORTERINGEN.items():
        actief = sleutel == huidig
        kolommen.append(
            {
                "sleutel": sleutel,
                "label": label,
                "sort": f"-{sleutel}" if actief and not aflopend else sleutel,
                "aria_sort": ("descending" if aflopend else "ascending") if actief else "none",
            }
        )
    return kolommen


def _aanmelding(request) -> Aanmelding | None:
    """The open DUO aanmelding of ?aanmelding=<uuid> the form is prefilled from (404 if not the user's to see)."""
    uuid = request.GET.get("aanmelding")
    if not uuid:
        return None
    try:
        return duo_selectors.open_aanmelding(request.user, uuid)
    except (Aanmelding.DoesNotExist, ValidationError):
        raise Http404(_("Aanmelding niet gevonden of al verwerkt.")) from None


@login_required
def registreren(request):
    """A new case: a warm handover, or a new inburgeringsplichtige from DUO (?aanmelding=<uuid>), whose aanmelding
    is then linked to the case in the same transaction."""
    user = request.user
    casework_role(user)
    aanmelding = _aanmelding(request)
    form = RegistratieForm(request.POST or None, user=user, aanmelding=aanmelding)
    if request.method == "POST" and form.is_valid():
        try:
            if aanmelding is None:
                sh = services.registreer_statushouder(actor=user, **form.service_kwargs())
            else:
                sh = duo_services.registreer(actor=user, aanmelding=aanmelding, **form.service_kwargs())
        except ValidationError as exc:
            form.voeg_servicefouten_toe(exc)
        else:
            messages.success(request, _("Het dossier van %(naam)s is geregistreerd.") % {"naam": sh})
            return redirect(reverse("cases:dossier", args=[sh.uuid]))
    rij = duo_selectors.aanmelding_rij(aanmelding, gedeeld.vandaag()) if aanmelding else None
    return render(request, "cases/registreren.html", {"form": form, "aanmelding": rij})


urlpatterns = [
    path("", caseload, name="caseload"),
    path("nieuw/", registreren, name="registreren"),
]
