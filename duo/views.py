"""The consultant's DUO pages (issue 14): the DUO section of the case page (`dossier_sectie`) with its actions as
POST-redirect-GET back to the section, the gemeente's list of differences, refusals and voorstellen
(/duo/verschillen/) and the full queue of aanmeldingen (/duo/aanmeldingen/). Thin: reads in duo.selectors, writes
in duo.services. A case is addressed by its uuid, an aanmelding or voorstel by its own: never by a BSN."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors as case_selectors
from cases.views.gedeeld import casework_role, open_voor_wijzigen

from . import selectors, services
from .client import DuoNietGeconfigureerd, DuoOnbereikbaar, DuoWeigering
from .contract import ContractFout
from .models import Aanmelding, Voorstel

ANKER = "duo"
PER_PAGINA = 25


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """Context for templates/duo/_dossier.html: one query (duo.selectors.dossiersectie)."""
    return {"duo": selectors.dossiersectie(sh)}


def _terug(sh, anker: str = ANKER):
    return redirect(reverse("cases:dossier", args=[sh.uuid]) + f"#{anker}")


def _fouten(request, exc: ValidationError) -> None:
    for bericht in exc.messages:
        messages.error(request, bericht)


@login_required
@require_POST
def ophalen(request, uuid):
    """ "Gegevens bij DUO ophalen": DUO's registration of the case now, for the comparison."""
    sh = open_voor_wijzigen(request, uuid, toelichting="gegevens bij DUO ophalen")
    try:
        services.haal_op(actor=request.user, statushouder=sh)
    except DuoNietGeconfigureerd:
        messages.error(request, _("De koppeling met DUO is niet ingesteld voor deze gemeente; er is niets opgehaald."))
    except DuoOnbereikbaar:
        messages.error(request, _("DUO is nu niet bereikbaar. Probeer het later opnieuw."))
    except DuoWeigering as weigering:
        reden = "; ".join(weigering.fouten) or str(weigering.status)
        messages.error(request, _("DUO gaf de gegevens niet: %(reden)s") % {"reden": reden})
    except ContractFout:
        messages.error(request, _("Het antwoord van DUO klopte niet met de specificatie; er is niets opgeslagen."))
    else:
        messages.success(request, _("De gegevens van DUO zijn opgehaald."))
    return _terug(sh)


@login_required
@require_POST
def overnemen(request, uuid):
    """ "Overnemen": DUO's value of one fact (POST `feit`, a Verschil.feit) into our record."""
    sh = open_voor_wijzigen(request, uuid, toelichting="gegevens van DUO overnemen")
    try:
        services.neem_over(actor=request.user, statushouder=sh, feit=request.POST.get("feit", ""))
    except ValidationError as exc:
        _fouten(request, exc)
    else:
        messages.success(request, _("De gegevens van DUO zijn overgenomen."))
    return _terug(sh, "duo-verschillen")


@login_required
@require_POST
def opnieuw_melden(request, uuid):
    """ "Opnieuw melden": a new melding of our data of one onderdeel (POST `onderdeel`)."""
    onderdeel = request.POST.get("onderdeel", "")
    if onderdeel not in services.ONDERDELEN:
        return HttpResponseBadRequest(_("Onbekend onderdeel."))
    sh = open_voor_wijzigen(request, uuid, toelichting="opnieuw melden bij DUO")
    try:
        services.opnieuw_melden(actor=request.user, statushouder=sh, onderdeel=onderdeel)
    except ValidationError as exc:
        _fouten(request, exc)
    else:
        messages.success(
            request,
            _("%(onderdeel)s wordt opnieuw aan DUO gemeld.") % {"onderdeel": services.ONDERDELEN[onderdeel]},
        )
    return _terug(sh)


@login_required
@require_POST
def voorstel_afgehandeld(request, uuid):
    """Mark a voorstel of DUO handled: 404 without view rights on its case, 403 for a viewer."""
    try:
        voorstel = selectors.voorstel(request.user, uuid)
    except Voorstel.DoesNotExist:
        if Voorstel.objects.for_user(request.user).filter(uuid=uuid).exists():
            raise PermissionDenied(_("U mag dit dossier bekijken, maar niet wijzigen.")) from None
        raise Http404(_("Voorstel niet gevonden.")) from None
    try:
        services.handel_af(actor=request.user, voorstel=voorstel)
    except ValidationError as exc:
        _fouten(request, exc)
    else:
        messages.success(request, _("Het voorstel van DUO is afgehandeld."))
    return _terug(voorstel.statushouder)


def _aanmelding_of_404(request, uuid) -> Aanmelding:
    try:
        return selectors.open_aanmelding(request.user, uuid)
    except Aanmelding.DoesNotExist:
        raise Http404(_("Aanmelding niet gevonden of al verwerkt.")) from None


@login_required
@require_POST
def aanmelding_koppelen(request, uuid):
    """An aanmelding for a person whose case the gemeente already has (SS139 also comes then): link the two, for a
    user who may change that case (the link is written on its timeline)."""
    aanmelding = _aanmelding_of_404(request, uuid)
    if aanmelding.bestaand_dossier is None:
        raise Http404(_("Er is geen dossier met dit BSN."))
    sh = open_voor_wijzigen(request, aanmelding.bestaand_dossier, toelichting="DUO-aanmelding koppelen")
    try:
        services.koppel_aanmelding(actor=request.user, aanmelding=aanmelding, statushouder=sh)
    except ValidationError as exc:
        _fouten(request, exc)
        return redirect("cases:vandaag")
    messages.success(request, _("De aanmelding van DUO is aan het dossier gekoppeld."))
    return _terug(sh)


@login_required
@require_GET
def aanmeldingen(request):
    """All open aanmeldingen of the gemeente, the most urgent first (Vandaag shows the first few)."""
    casework_role(request.user)
    vandaag = timezone.localdate()
    pagina = Paginator(selectors.aanmeldingen(request.user), PER_PAGINA).get_page(request.GET.get("page"))
    rijen = [selectors.aanmelding_rij(a, vandaag) for a in pagina.object_list]
    selectors.log_getoond(request.user, [r.aanmelding for r in rijen], toelichting="DUO-aanmeldingen")
    return render(request, "duo/aanmeldingen.html", {"pagina": pagina, "rijen": rijen, "vandaag": vandaag})


@login_required
@require_GET
def verschillen(request):
    """The cases where DUO and we differ, a melding was refused or a voorstel is open, with links to each case's DUO
    section: as the caseload, a consultant's own cases (or the gemeente's with ?alle=on), a teamleider's gemeente."""
    teamleider, _consultant = casework_role(request.user)
    gemeente_breed = teamleider or request.GET.get("alle") == "on"
    lijst = selectors.verschillenlijst(request.user, alleen_eigen=not gemeente_breed)
    pagina = Paginator(lijst, PER_PAGINA).get_page(request.GET.get("page"))
    case_selectors.log_shown(request.user, [r.statushouder for r in pagina.object_list], toelichting="DUO-verschillen")
    return render(
        request, "duo/verschillen.html", {"pagina": pagina, "teamleider": teamleider, "gemeente_breed": gemeente_breed}
    )
