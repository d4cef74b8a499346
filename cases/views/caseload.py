"""Mijn caseload (GET /dossiers/) and registering a case (warme overdracht, /dossiers/nieuw/)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Value, When, Window
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from duo import selectors as duo_selectors
from duo import services as duo_services
from duo.models import Aanmelding
from inburgering.compiled import compiled
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
from ..templatetags.weergave import datum
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


_STATUS_LABELS = dict(Statushouder._meta.get_field("status").flatchoices)


@dataclass
class Rij:
    """One row of the list, with what its cells show formatted here: per row in the template (a URL tag, a status
    label through `get_status_display`, two date filters, a plural translation, an include per badge) it cost more
    than the rest of the page's rendering."""

    sh: Statushouder
    leerroute: Leerroute | None
    dagen_in_status: int
    deadline: date | None
    deadline_soort: str
    dagen_tot_deadline: int | None
    signalen: list
    url: str = ""
    status_badge: str = ""
    signaal_badges: str = ""

    @property
    def dagen_verstreken(self) -> int:
        return -(self.dagen_tot_deadline or 0)

    @property
    def deadline_iso(self) -> str:
        return f"{self.deadline:%Y-%m-%d}"

    @property
    def deadline_datum(self) -> str:
        return datum(self.deadline)

    @property
    def deadline_resterend(self) -> str:
        """The days left ("nog 3 dagen") or past: the template's plural translations, with their msgids."""
        if self.dagen_tot_deadline < 0:
            dagen = self.dagen_verstreken
            tekst = ngettext("%(dagen)s dag verstreken", "%(dagen)s dagen verstreken", dagen)
        else:
            dagen = self.dagen_tot_deadline
            tekst = ngettext("nog %(dagen)s dag", "nog %(dagen)s dagen", dagen)
        return mark_safe(tekst % {"dagen": localize(dagen)})  # a translation, as blocktranslate puts it out


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

    leerroutes = {lr.pk: lr for lr in Leerroute.objects.all()}
    route = form.waarde("route")
    sortering = form.waarde("sort", STANDAARD_SORTERING)
    keuze = {
        "alleen_eigen": not gemeente_breed,
        "status": form.waarde("status"),
        "route_ids": tuple(pk for pk, lr in leerroutes.items() if lr.code == route) if route else None,
        "signaal": form.waarde("signaal"),
        "consultant": form.waarde("consultant") if teamleider else "",
        "sortering": sortering,
        "_normen": repr(sorted(settings.INBURGERING_NORMEN.items())),
        "_signalen": tuple(signals.SIGNALEN),
    }
    zoekterm = form.waarde("q")
    if zoekterm or keuze["route_ids"] == () or not user.is_active:  # the ORM: a term's filter depends on its kind
        rijen = zoek_selectors.filter_op_term(_gefilterd(user=user, vandaag=vandaag, **keuze), zoekterm)
        pagina = Paginator(rijen, PER_PAGINA).get_page(request.GET.get("page"))
        getoond = list(pagina.object_list)
    else:
        pagina, getoond = _pagina(user, vandaag, keuze, request.GET.get("page"))
    selectors.log_shown(user, getoond)
    badges = _Badges()

    context = {
        "form": form,
        "filtervelden": [
            form[naam] for naam in ("q", "status", "route", "signaal", "consultant") if naam in form.fields
        ],
        "teamleider": teamleider,
        "gemeente_breed": gemeente_breed,
        "pagina": pagina,
        "rijen": [_rij(sh, leerroutes, vandaag, badges) for sh in getoond],
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


def _gefilterd(*, user, vandaag, alleen_eigen, status, route_ids, signaal, consultant, sortering, _normen, _signalen):
    """The rows of the list (`selectors.caseload_rijen`) with its filters and sort; the keyword arguments besides
    the user are those of a `@compiled` query's shape (`_normen` and `_signalen` only in the shape, for the
    annotations they change)."""
    rijen = selectors.caseload_rijen(user, vandaag, alleen_eigen=alleen_eigen)
    if status:
        rijen = rijen.filter(status=status)
    if route_ids is not None:
        rijen = rijen.filter(leerroute_id__in=route_ids)
    if signaal:
        rijen = rijen.filter(signals.SIGNALEN[signaal].filter(vandaag))
    if consultant:
        rijen = (
            rijen.filter(consultant__isnull=True)
            if consultant == GEEN_CONSULENT
            else rijen.filter(consultant__uuid=consultant)
        )
    return rijen.order_by(*_sortering(sortering))


@compiled(user=settings.AUTH_USER_MODEL)
def _aantal(**keuze):
    """The number of rows, as a compiled query (`COUNT(*) OVER ()` of the first row; none: 0)."""
    return _gefilterd(**keuze).order_by().values(n=Window(Count("*")))[:1]


@compiled(user=settings.AUTH_USER_MODEL)
def _rijen_van_pagina(*, van: int, tot: int, **keuze):
    return _gefilterd(**keuze)[van:tot]


def _pagina(user, vandaag, keuze: dict, nummer):
    """The requested page and its rows, from two compiled queries (count, rows): building, compiling and planning
    the ~40 annotated expressions, filters and sort on every request were a quarter of the page's time (a compiled
    query is also a prepared statement, planned once). Same rows and number of queries as the Paginator's."""
    paginator = Paginator(Statushouder.objects.none(), PER_PAGINA)
    aantal = _aantal(user=user, vandaag=vandaag, **keuze)
    paginator.count = aantal[0]["n"] if aantal else 0  # the cached_property, without its COUNT query
    pagina = paginator.get_page(nummer)
    van = (pagina.number - 1) * PER_PAGINA
    tot = min(van + PER_PAGINA, paginator.count)
    getoond = _rijen_van_pagina(user=user, vandaag=vandaag, van=van, tot=tot, **keuze) if tot > van else []
    pagina.object_list = getoond
    return pagina, getoond


class _Badges:
    """The badges of a status and of a signal (components/status_badge.html, signaal_badge.html), each rendered once
    per request: a badge is the same on every row with that status or signal."""

    def __init__(self):
        self._status = get_template("components/status_badge.html")
        self._signaal = get_template("components/signaal_badge.html")
        self._gemaakt = {}

    def status(self, status: str) -> str:
        if (sleutel := ("status", status)) not in self._gemaakt:
            label = _STATUS_LABELS.get(status, status)  # get_status_display without its hashing per call
            self._gemaakt[sleutel] = self._status.render({"status": status, "label": str(label)})
        return self._gemaakt[sleutel]

    def signalen(self, signalen) -> str:
        for signaal in signalen:
            if (sleutel := ("signaal", signaal.code)) not in self._gemaakt:
                self._gemaakt[sleutel] = self._signaal.render({"signaal": signaal, "uitleg": signaal.uitleg})
        return mark_safe("".join(self._gemaakt["signaal", s.code] for s in signalen))


def _rij(sh: Statushouder, leerroutes: dict, vandaag: date, badges: _Badges) -> Rij:
    deadline = sh.volgende_deadline
    signalen = signals.signalen_voor(sh, vandaag)
    return Rij(
        sh=sh,
        leerroute=leerroutes.get(sh.leerroute_id),
        dagen_in_status=(vandaag - sh.status_sinds).days,
        deadline=deadline,
        deadline_soort=_("PIP") if sh.pip_dagtekening is None else _("Termijn"),
        dagen_tot_deadline=(deadline - vandaag).days if deadline else None,
        signalen=signalen,
        url=reverse("cases:dossier", args=[sh.uuid]),
        status_badge=badges.status(sh.status),
        signaal_badges=badges.signalen(signalen),
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
