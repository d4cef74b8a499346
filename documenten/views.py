"""The documenten pages (download, upload, delete, a letter from a template), and the documenten section of the case
page. Thin: reads through documenten.selectors, writes through documenten.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.models import Statushouder
from cases.views.gedeeld import dossier_context, fouten_naar_form, open_voor_wijzigen, vandaag
from inburgering.accounts import roles
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event, log_events

from . import brieven, selectors, services
from .forms import BriefForm, UploadForm
from .models import Document


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """The documents of the case (one query), the upload form and the link to make a letter."""
    documenten = selectors.documenten_van(sh)
    if documenten:
        log_events(request.user, Handeling.LIST, documenten, velden=["titel", "documenttype", "datum"])
    if mag_wijzigen:
        teamleider = None
        for document in documenten:
            if document.vastgelegd:
                document.verwijderbaar = False
            elif document.geupload_door_id == request.user.pk:
                document.verwijderbaar = True
            else:
                if teamleider is None:
                    teamleider = roles.has_role(request.user, roles.TEAMLEIDER)
                document.verwijderbaar = teamleider
    return {
        "documenten": documenten,
        "documenten_bewerkbaar": mag_wijzigen,
        "document_upload_form": getattr(request, "_document_upload_form", None)
        or (UploadForm() if mag_wijzigen else None),
    }


def vandaag_sectie(request, dag, teamleider: bool) -> dict:
    return {}


def _naar_documenten(sh):
    return redirect(reverse("cases:dossier", args=[sh.uuid]) + "#documenten")


@login_required
@require_POST
def uploaden(request, uuid):
    sh = open_voor_wijzigen(request, uuid)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_document(actor=request.user, statushouder=sh, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, _("Het document is opgeslagen."))
            return _naar_documenten(sh)
    request._document_upload_form = form
    sh.mag_wijzigen = True
    return render(request, "cases/dossier.html", dossier_context(request, sh, True))


def bestand_ontbreekt(request, statushouder):
    """The answer when a kept file is gone: say so (404) and where to go, rather than a server error."""
    return render(request, "documenten/bestand_ontbreekt.html", {"sh": statushouder}, status=404)


@login_required
def downloaden(request, uuid):
    """The file as an attachment, never shown inline (no sniffing, no caching); the download is logged."""
    try:
        document = selectors.document_voor(request.user, uuid)
    except Document.DoesNotExist:
        raise Http404(_("Document niet gevonden.")) from None
    log_event(request.user, Handeling.EXPORT, document, statushouder=document.statushouder, velden=["bestand"])
    extensie = document.bestand.name.rsplit(".", 1)[-1] if "." in document.bestand.name else ""
    naam = f"{document.kenmerk}.pdf" if document.kenmerk else (document.origineel_naam or f"document.{extensie}")
    try:
        bestand = selectors.open_bestand(document)
    except selectors.BestandOntbreekt:
        return bestand_ontbreekt(request, document.statushouder)
    response = FileResponse(bestand, as_attachment=True, filename=naam, content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def verwijderen(request, uuid):
    try:
        document = selectors.document_voor(request.user, uuid, "change")
    except Document.DoesNotExist:
        if Document.objects.for_user(request.user).filter(uuid=uuid).exists():
            raise PermissionDenied(_("U mag dit dossier bekijken, maar niet wijzigen.")) from None
        raise Http404(_("Document niet gevonden.")) from None
    sh = document.statushouder
    try:
        services.verwijder_document(actor=request.user, document=document)
    except ValidationError as exc:
        raise PermissionDenied(exc.messages[0]) from None
    messages.success(request, _("Het document is verwijderd."))
    return _naar_documenten(sh)


@login_required
@require_http_methods(["GET", "POST"])
def brief(request, uuid):
    """A letter from a template: choose the kind (and the appointment or the date to react by), preview, send."""
    sh: Statushouder = open_voor_wijzigen(request, uuid, toelichting="brief maken")
    dag = vandaag()
    afspraken = selectors.komende_afspraken(sh, dag)
    form = BriefForm(request.POST or None, afspraken=afspraken, initial=_begin(request, afspraken))
    voorbeeld = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("stap") == "versturen":
                document = services.verstuur_brief(
                    actor=request.user,
                    statushouder=sh,
                    soort=data["soort"],
                    afspraak=data["afspraak"],
                    uiterlijk=data["uiterlijk"],
                )
                messages.success(
                    request,
                    _("De brief is verstuurd en bewaard met kenmerk %(kenmerk)s.") % {"kenmerk": document.kenmerk},
                )
                return _naar_documenten(sh)
            services.controleer_brief(
                data["soort"], afspraak=data["afspraak"], uiterlijk=data["uiterlijk"], dagtekening=dag
            )
            voorbeeld = brieven.inhoud(
                data["soort"], sh, request.user, afspraak=data["afspraak"], uiterlijk=data["uiterlijk"], dagtekening=dag
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
    if request.method == "POST" and request.POST.get("stap") == "aanpassen":
        voorbeeld = None
    return render(
        request,
        "documenten/brief.html",
        {"sh": sh, "form": form, "voorbeeld": voorbeeld, "afspraken": afspraken},
    )


def _begin(request, afspraken) -> dict:
    """A link from an appointment may choose it (?afspraak=<uuid>) and the kind that fits it."""
    begin = {}
    gekozen = request.GET.get("afspraak")
    for afspraak in afspraken:
        if str(afspraak.uuid) == gekozen:
            begin["afspraak"] = gekozen
            soort = {v: k for k, v in brieven.AFSPRAAK_SOORT.items()}.get(afspraak.soort)
            if soort:
                begin["soort"] = soort
    if request.GET.get("soort") in dict(brieven.Soort.choices):
        begin["soort"] = request.GET["soort"]
    return begin
