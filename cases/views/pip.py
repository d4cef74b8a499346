"""The PIP editor (concept version), the read-only view of a vastgesteld PIP with "PIP wijzigen", the
version history with what changed, and the beschikking as PDF. Thin: reads through cases.selectors,
writes through cases.services; htmx requests get the updated fragment, others a redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import deadlines, selectors, services
from cases.forms.pip import (
    ActieForm,
    ActieStatusForm,
    DoelForm,
    PipPlanForm,
    PipWijzigenForm,
    VaststellenForm,
)
from cases.models import Actie, BredeIntake, Doel, Leefgebied, PipVersie, Statushouder
from cases.pip_diff import gegevens, verschil
from cases.workflow import Status, TransitionError
from documenten import selectors as documenten_selectors
from documenten.services import bewaar_beschikking
from documenten.views import bestand_ontbreekt
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event
from leerroutes.models import Leerroute
from partners.selectors import aanbieders_voor, ketenpartners_voor

LEEFGEBIEDEN = dict(Leefgebied.choices)


def _statushouder(request, uuid) -> Statushouder:
    try:
        return selectors.get_statushouder(request.user, uuid)
    except Statushouder.DoesNotExist as exc:
        raise Http404 from exc


class PipStand:
    """What the PIP pages show of one case, loaded in a fixed number of queries."""

    def __init__(self, user, statushouder):
        self.statushouder = statushouder
        self.versies = selectors.pip_versies_met_inhoud(user, statushouder)
        self.concept = next(
            (v for v in self.versies if v.status == "concept" and v.pip.gemeente_id == statushouder.gemeente_id),
            None,
        )
        vastgesteld = [v for v in self.versies if v.status == "vastgesteld"]
        self.vastgesteld = max(vastgesteld, key=lambda v: (v.dagtekening, v.versie)) if vastgesteld else None
        self.mag_wijzigen = Statushouder.objects.for_user(user, "change").filter(pk=statushouder.pk).exists()
        self._ketenpartners = None
        self.intake = (
            BredeIntake.objects.filter(statushouder=statushouder).select_related("route_advies").first()
            if self.concept is not None and self.concept.wijzigingsreden == PipVersie.Wijzigingsreden.EERSTE_PLAN
            else None
        )

    @property
    def route_advies(self):
        """The leerbaarheidstoets advice, shown with the first plan (whose route must follow it or say why)."""
        return self.intake.route_advies if self.intake is not None else None

    @property
    def schakelen_uiterlijk(self):
        dagtekening = self.statushouder.pip_dagtekening
        return deadlines.schakelen_uiterlijk(dagtekening) if dagtekening else None

    @property
    def regio_id(self):
        return self.statushouder.gemeente.arbeidsmarktregio_id

    @property
    def ketenpartners(self):
        if self._ketenpartners is None:
            self._ketenpartners = list(ketenpartners_voor(self.regio_id))
        return self._ketenpartners

    @property
    def getoond(self) -> PipVersie | None:
        return self.concept or self.vastgesteld

    def plan_form(self, data=None, route=None):
        versie = self.concept
        if data is not None and str(data.get("leerroute", "")).isdigit():
            route = Leerroute.objects.filter(pk=data["leerroute"]).first() or versie.leerroute
        route = route or versie.leerroute
        initial = {
            "leerroute": versie.leerroute_id,
            "taalaanbieder": versie.taalaanbieder_id,
            "componenten": versie.componenten,
            "duaal": versie.duaal,
            "taalniveau_doel": versie.taalniveau_doel,
            "afwijking_motivering": self.intake.afwijking_motivering if self.intake is not None else "",
        }
        return PipPlanForm(
            data,
            initial=initial,
            leerroutes=Leerroute.objects.all(),
            aanbieders=aanbieders_voor(route, self.regio_id, timezone.localdate()),
            route=route,
            met_motivering=self.route_advies is not None,
        )

    def groepen(self, bound: dict | None = None) -> list[dict]:
        """The shown version's goals per leefgebied, each with its forms (a bound one where it failed)."""
        bound = bound or {}
        versie = self.getoond
        if versie is None:
            return []
        bewerkbaar = self.mag_wijzigen and versie.status == "concept"
        groepen: dict[str, list] = {}
        for doel in versie.doelen.all():
            if bewerkbaar:
                sleutel = str(doel.uuid)
                doel.form = bound.get(f"doel_{sleutel}") or DoelForm(
                    initial={"leefgebied": doel.leefgebied, "omschrijving": doel.omschrijving}, sleutel=sleutel
                )
                doel.form_open = f"doel_{sleutel}" in bound
                doel.actie_form = bound.get(f"actie_nieuw_{sleutel}") or ActieForm(
                    ketenpartners=self.ketenpartners, sleutel=f"nieuw_{sleutel}"
                )
                doel.actie_form_open = f"actie_nieuw_{sleutel}" in bound
            doel.acties_lijst = list(doel.acties.all())
            for actie in doel.acties_lijst:
                a = str(actie.uuid)
                if bewerkbaar:
                    actie.form = bound.get(f"actie_{a}") or ActieForm(
                        initial={
                            "omschrijving": actie.omschrijving,
                            "eigenaar": actie.eigenaar,
                            "ketenpartner": str(actie.ketenpartner.uuid) if actie.ketenpartner_id else "",
                            "deadline": actie.deadline,
                            "status": actie.status,
                        },
                        ketenpartners=self.ketenpartners,
                        sleutel=a,
                    )
                    actie.form_open = f"actie_{a}" in bound
                elif self.mag_wijzigen:
                    actie.status_form = ActieStatusForm(initial={"status": actie.status}, sleutel=a)
            groepen.setdefault(doel.leefgebied, []).append(doel)
        return [
            {"leefgebied": code, "label": label, "doelen": groepen[code]}
            for code, label in Leefgebied.choices
            if code in groepen
        ]


def _context(request, stand: PipStand, **extra) -> dict:
    bound = extra.pop("bound", None) or {}
    context = {
        "statushouder": stand.statushouder,
        "stand": stand,
        "versie": stand.getoond,
        "bewerkbaar": stand.mag_wijzigen and stand.concept is not None,
        "groepen": stand.groepen(bound),
        "nieuw_doel_form": bound.get("doel_nieuw") or DoelForm(),
        "nieuw_doel_open": "doel_nieuw" in bound,
    }
    if stand.concept is not None and stand.mag_wijzigen:
        context.setdefault("plan_form", stand.plan_form())
        context.setdefault("vaststellen_form", VaststellenForm())
    context.update(extra)
    return context


@require_GET
def pip(request, uuid):
    statushouder = _statushouder(request, uuid)
    stand = PipStand(request.user, statushouder)
    return TemplateResponse(request, "cases/pip/editor.html", _context(request, stand))


def _terug(request, statushouder, stand=None, anker="doelen", **fout):
    """After a write: the doelen fragment for htmx, else a redirect (or the page with the failed form)."""
    if fout or request.htmx:
        stand = stand or PipStand(request.user, statushouder)
        context = _context(request, stand, **fout)
        template = "cases/pip/_doelen.html" if request.htmx else "cases/pip/editor.html"
        return TemplateResponse(request, template, context)
    return redirect(reverse("cases:pip", args=[statushouder.uuid]) + f"#{anker}")


def _fouten_naar_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, exc.messages)


def _uitvoeren(fn, *args):
    """A write on the concept: refused (403) when there is no concept to edit, 404 for an unknown goal
    or action; other ValidationErrors go back to the caller."""
    try:
        return fn(*args)
    except TransitionError as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except (Doel.DoesNotExist, Actie.DoesNotExist) as exc:
        raise Http404 from exc


def _schrijf(request, statushouder, form, sleutel: str, actie):
    """Run the service `actie` for a valid form; on a Dutch ValidationError put it on the form."""
    if form.is_valid():
        try:
            _uitvoeren(actie, form.cleaned_data)
        except ValidationError as exc:
            _fouten_naar_form(form, exc)
        else:
            return _terug(request, statushouder)
    return _terug(request, statushouder, bound={sleutel: form})


@require_POST
def plan_opslaan(request, uuid):
    statushouder = _statushouder(request, uuid)
    stand = PipStand(request.user, statushouder)
    if stand.concept is None or not stand.mag_wijzigen:
        raise PermissionDenied(_("Dit PIP kan niet worden bewerkt."))
    form = stand.plan_form(request.POST)
    if form.is_valid():
        try:
            services.werk_pip_concept_bij(actor=request.user, statushouder=statushouder, **form.cleaned_data)
        except ValidationError as exc:
            _fouten_naar_form(form, exc)
        else:
            messages.success(request, _("Het plan is opgeslagen."))
            return redirect(reverse("cases:pip", args=[statushouder.uuid]) + "#plan")
    return TemplateResponse(request, "cases/pip/editor.html", _context(request, stand, plan_form=form), status=200)


@require_GET
def plan_velden(request, uuid):
    """htmx: the provider and component fields for the route chosen in the form (not saved)."""
    statushouder = _statushouder(request, uuid)
    stand = PipStand(request.user, statushouder)
    if stand.concept is None or not stand.mag_wijzigen:
        raise Http404
    keuze = request.GET.get("leerroute", "")
    route = Leerroute.objects.filter(pk=keuze).first() if keuze.isdigit() else None
    form = stand.plan_form(route=route)
    form.initial.update(
        leerroute=route.pk if route else None,
        taalaanbieder=request.GET.get("taalaanbieder") or None,
        componenten=request.GET.getlist("componenten"),
    )
    return TemplateResponse(request, "cases/pip/_plan_velden.html", {"plan_form": form})


@require_POST
def doel_toevoegen(request, uuid):
    statushouder = _statushouder(request, uuid)
    form = DoelForm(request.POST)
    return _schrijf(
        request,
        statushouder,
        form,
        "doel_nieuw",
        lambda d: services.voeg_doel_toe(actor=request.user, statushouder=statushouder, **d),
    )


@require_POST
def doel_wijzigen(request, uuid, doel):
    statushouder = _statushouder(request, uuid)
    form = DoelForm(request.POST, sleutel=str(doel))
    return _schrijf(
        request,
        statushouder,
        form,
        f"doel_{doel}",
        lambda d: services.wijzig_doel(actor=request.user, statushouder=statushouder, doel=doel, **d),
    )


@require_POST
def doel_verwijderen(request, uuid, doel):
    statushouder = _statushouder(request, uuid)
    _uitvoeren(lambda: services.verwijder_doel(actor=request.user, statushouder=statushouder, doel=doel))
    return _terug(request, statushouder)


def _ketenpartners(request, statushouder):
    return list(ketenpartners_voor(statushouder.gemeente.arbeidsmarktregio_id))


@require_POST
def actie_toevoegen(request, uuid, doel):
    statushouder = _statushouder(request, uuid)
    form = ActieForm(request.POST, ketenpartners=_ketenpartners(request, statushouder), sleutel=f"nieuw_{doel}")
    return _schrijf(
        request,
        statushouder,
        form,
        f"actie_nieuw_{doel}",
        lambda d: services.voeg_actie_toe(actor=request.user, statushouder=statushouder, doel=doel, **d),
    )


@require_POST
def actie_wijzigen(request, uuid, actie):
    statushouder = _statushouder(request, uuid)
    form = ActieForm(request.POST, ketenpartners=_ketenpartners(request, statushouder), sleutel=str(actie))
    return _schrijf(
        request,
        statushouder,
        form,
        f"actie_{actie}",
        lambda d: services.wijzig_actie(actor=request.user, statushouder=statushouder, actie=actie, **d),
    )


@require_POST
def actie_verwijderen(request, uuid, actie):
    statushouder = _statushouder(request, uuid)
    _uitvoeren(lambda: services.verwijder_actie(actor=request.user, statushouder=statushouder, actie=actie))
    return _terug(request, statushouder)


@require_POST
def actie_status(request, uuid, actie):
    statushouder = _statushouder(request, uuid)
    form = ActieStatusForm(request.POST, sleutel=str(actie))
    if not form.is_valid():
        return _terug(request, statushouder)
    status = form.cleaned_data["status"]
    _uitvoeren(
        lambda: services.zet_actie_status(actor=request.user, statushouder=statushouder, actie=actie, status=status)
    )
    return _terug(request, statushouder)


def _vaststel_bezwaren(statushouder, versie, dagtekening) -> list[str]:
    """What the confirmation step can tell before the irreversible click: a suspended case, an incomplete plan.
    (The service checks all again, and more, when the user confirms.)"""
    from cases.services.pip import _check_pip_compleet

    if statushouder.status not in (Status.PIP_CONCEPT, Status.IN_UITVOERING):
        return [
            _("Een PIP kan niet worden vastgesteld zolang het dossier de status '%(status)s' heeft.")
            % {"status": Status(statushouder.status).label}
            + (" " + _("Hervat eerst het dossier.") if statushouder.status == Status.OPGESCHORT else "")
        ]
    try:
        _check_pip_compleet(versie, dagtekening)
    except ValidationError as exc:
        return exc.messages
    return []


@require_POST
def vaststellen(request, uuid):
    """'PIP vaststellen' cannot be undone: the first POST shows what will be set and asks to confirm ("Ja,
    vaststellen" posts again with bevestigd=ja). The beschikking is then rendered once and kept as a document
    with a kenmerk (documenten.services.bewaar_beschikking), in the same transaction as the vaststelling."""
    statushouder = _statushouder(request, uuid)
    form = VaststellenForm(request.POST)
    fouten = []
    stand = PipStand(request.user, statushouder)
    if not stand.mag_wijzigen:
        raise PermissionDenied(_("U mag dit dossier bekijken, maar niet wijzigen."))
    if stand.concept is None:
        fouten = [_("Er is geen concept-PIP om vast te stellen.")]
    elif form.is_valid():
        dagtekening = form.cleaned_data["dagtekening"]
        if request.POST.get("bevestigd") != "ja":
            fouten = _vaststel_bezwaren(statushouder, stand.concept, dagtekening)
            if not fouten:
                return TemplateResponse(
                    request,
                    "cases/pip/vaststellen.html",
                    {
                        "statushouder": statushouder,
                        "versie": stand.concept,
                        "dagtekening": dagtekening,
                        "aantal_doelen": len(stand.concept.doelen.all()),
                        "aantal_acties": sum(len(d.acties.all()) for d in stand.concept.doelen.all()),
                        "termijn_start": deadlines.termijn_start(dagtekening)
                        if statushouder.status == Status.PIP_CONCEPT
                        else None,
                    },
                )
        else:
            try:
                with transaction.atomic():
                    versie = services.stel_pip_vast(
                        actor=request.user, statushouder=statushouder, dagtekening=dagtekening
                    )
                    statushouder.refresh_from_db()
                    bewaar_beschikking(actor=request.user, versie=versie, statushouder=statushouder)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    _fouten_naar_form(form, exc)
                else:
                    fouten = exc.messages
            else:
                messages.success(
                    request,
                    _("PIP vastgesteld; de inburgeringstermijn loopt tot %(einde)s.")
                    % {"einde": f"{statushouder.termijn_einde:%d-%m-%Y}"},
                )
                return redirect("cases:pip", uuid=statushouder.uuid)
        stand = PipStand(request.user, statushouder)
    context = _context(request, stand, vaststellen_form=form, vaststel_fouten=fouten)
    return TemplateResponse(request, "cases/pip/editor.html", context)


@require_http_methods(["GET", "POST"])
def wijzigen(request, uuid):
    """'PIP wijzigen': a new concept version of the vastgesteld PIP, with its reason."""
    statushouder = _statushouder(request, uuid)
    stand = PipStand(request.user, statushouder)
    if not stand.mag_wijzigen or stand.vastgesteld is None or statushouder.status != Status.IN_UITVOERING:
        raise PermissionDenied(_("Dit PIP kan nu niet worden gewijzigd."))
    if stand.concept is not None:
        return redirect("cases:pip", uuid=statushouder.uuid)
    form = PipWijzigenForm(request.POST or None)
    fouten = []
    if request.method == "POST" and form.is_valid():
        try:
            services.nieuwe_pip_versie(actor=request.user, statushouder=statushouder, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                _fouten_naar_form(form, exc)
            else:
                fouten = exc.messages
        else:
            messages.success(request, _("Er is een nieuwe versie van het PIP gemaakt. Pas die aan en stel haar vast."))
            return redirect("cases:pip", uuid=statushouder.uuid)
    return TemplateResponse(
        request,
        "cases/pip/wijzigen.html",
        {"statushouder": statushouder, "versie": stand.vastgesteld, "form": form, "fouten": fouten},
    )


@require_GET
def historie(request, uuid):
    statushouder = _statushouder(request, uuid)
    versies = selectors.pip_versies_met_inhoud(request.user, statushouder)
    rijen = []
    vorige = None
    for versie in versies:
        data = gegevens(versie)
        rijen.append(
            {
                "versie": versie,
                "wijzigingen": verschil(vorige, data) if vorige is not None else None,
            }
        )
        vorige = data
    return TemplateResponse(request, "cases/pip/historie.html", {"statushouder": statushouder, "rijen": rijen})


@require_GET
def pdf(request, uuid, versie=None):
    """The beschikking of a vastgesteld version (the current one without `versie`)."""
    statushouder = _statushouder(request, uuid)
    versies = selectors.pip_versies_met_inhoud(request.user, statushouder)
    vastgesteld = [v for v in versies if v.status == "vastgesteld"]
    if versie is not None:
        gekozen = next((v for v in vastgesteld if v.uuid == versie), None)
    else:
        gekozen = max(vastgesteld, key=lambda v: (v.dagtekening, v.versie)) if vastgesteld else None
    if gekozen is None:
        raise Http404(_("Er is geen vastgesteld PIP."))
    # The kept beschikking (rendered once, with its kenmerk); a version vastgesteld before beschikkingen were kept
    # gets it now, on its first download.
    document = bewaar_beschikking(actor=request.user, versie=gekozen, statushouder=statushouder)
    log_event(request.user, Handeling.EXPORT, gekozen, statushouder=statushouder, toelichting="beschikking PIP (PDF)")
    try:
        bestand = documenten_selectors.open_bestand(document)
    except documenten_selectors.BestandOntbreekt:
        return bestand_ontbreekt(request, statushouder)
    with bestand:
        inhoud = bestand.read()
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="beschikking-pip-versie-{gekozen.versie}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("<uuid:uuid>/pip/", pip, name="pip"),
    path("<uuid:uuid>/pip/plan/", plan_opslaan, name="pip_plan"),
    path("<uuid:uuid>/pip/plan/velden/", plan_velden, name="pip_plan_velden"),
    path("<uuid:uuid>/pip/doelen/", doel_toevoegen, name="pip_doel_toevoegen"),
    path("<uuid:uuid>/pip/doelen/<uuid:doel>/", doel_wijzigen, name="pip_doel_wijzigen"),
    path("<uuid:uuid>/pip/doelen/<uuid:doel>/verwijderen/", doel_verwijderen, name="pip_doel_verwijderen"),
    path("<uuid:uuid>/pip/doelen/<uuid:doel>/acties/", actie_toevoegen, name="pip_actie_toevoegen"),
    path("<uuid:uuid>/pip/acties/<uuid:actie>/", actie_wijzigen, name="pip_actie_wijzigen"),
    path("<uuid:uuid>/pip/acties/<uuid:actie>/verwijderen/", actie_verwijderen, name="pip_actie_verwijderen"),
    path("<uuid:uuid>/pip/acties/<uuid:actie>/status/", actie_status, name="pip_actie_status"),
    path("<uuid:uuid>/pip/vaststellen/", vaststellen, name="pip_vaststellen"),
    path("<uuid:uuid>/pip/wijzigen/", wijzigen, name="pip_wijzigen"),
    path("<uuid:uuid>/pip/historie/", historie, name="pip_historie"),
    path("<uuid:uuid>/pip/beschikking.pdf", pdf, name="pip_pdf"),
    path("<uuid:uuid>/pip/<uuid:versie>/beschikking.pdf", pdf, name="pip_pdf"),
]
