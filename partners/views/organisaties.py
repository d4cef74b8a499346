"""The partner directory (/partners/): organisations with search and filters, one organisation with its contacts,
and for the regiocoördinator (organisations of their region) and the beheerder the forms to add and change
organisations and contacts and the CSV import. Everyone else with a role reads; edit pages answer 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.views.gedeeld import fouten_naar_form

from ..forms.organisaties import ContactpersoonForm, ImportForm, OrganisatieForm, ZoekForm
from ..models import Contactpersoon, Organisatie
from ..selectors import beheerde_regios, beheert_partners
from ..selectors import organisaties as selectors
from ..services import csv_import
from ..services import organisaties as services

PER_PAGINA = 25


def alleen_lezers(user) -> None:
    if not selectors.leest_partners(user):
        raise PermissionDenied(_("U heeft geen rol die de partnergids mag inzien."))


def alleen_beheerders(user) -> None:
    if not beheert_partners(user):
        raise PermissionDenied(_("Alleen de regiocoördinator en de beheerder wijzigen partnergegevens."))


def open_organisatie(request, uuid, *, wijzigen: bool = False) -> Organisatie:
    """404 for an unknown organisation; 403 on an edit page for anyone who may not change it."""
    alleen_lezers(request.user)
    try:
        organisatie = selectors.organisatie(uuid)
    except Organisatie.DoesNotExist:
        raise Http404 from None
    if wijzigen:
        services.mag_organisatie_wijzigen(request.user, organisatie)
    return organisatie


@login_required
def organisaties(request):
    alleen_lezers(request.user)
    form = ZoekForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    pagina = Paginator(
        selectors.organisaties(
            zoek=filters.get("zoek", ""),
            type=filters.get("type", ""),
            soort=filters.get("soort", ""),
            gemeente=filters.get("gemeente"),
            keurmerk=filters.get("keurmerk", ""),
            vandaag=timezone.localdate(),
        ),
        PER_PAGINA,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/organisaties.html",
        {
            "form": form,
            "pagina": pagina,
            "gefilterd": any(filters.values()),
            "beheert": beheert_partners(request.user),
            "vandaag": timezone.localdate(),
        },
    )


@login_required
def organisatie(request, uuid):
    organisatie = open_organisatie(request, uuid)
    return render(
        request,
        "partners/organisatie.html",
        {
            "organisatie": organisatie,
            "mag_wijzigen": selectors.mag_bewerken(request.user, organisatie),
            "aanbieder_types": Organisatie.AANBIEDERS,
            "vandaag": timezone.localdate(),
        },
    )


def _bewaar(request, form, organisatie=None):
    """Save a valid form through the service; returns the organisation or None (errors put on the form)."""
    if not form.is_valid():
        return None
    try:
        return services.bewaar_organisatie(request.user, form.cleaned_data, organisatie)
    except ValidationError as exc:
        fouten_naar_form(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def organisatie_nieuw(request):
    alleen_lezers(request.user)
    services.mag_organisatie_wijzigen(request.user, None)
    regios = list(beheerde_regios(request.user))
    initial = {"arbeidsmarktregios": regios} if len(regios) == 1 else {}
    form = OrganisatieForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and (nieuw := _bewaar(request, form)):
        messages.success(request, _("%(naam)s is toegevoegd aan de partnergids.") % {"naam": nieuw})
        return redirect("partners:organisatie", nieuw.uuid)
    return render(request, "partners/organisatie_form.html", {"form": form, "organisatie": None})


@login_required
@require_http_methods(["GET", "POST"])
def organisatie_bewerken(request, uuid):
    organisatie = open_organisatie(request, uuid, wijzigen=True)
    form = OrganisatieForm(
        request.POST if request.method == "POST" else None, initial=OrganisatieForm.initial_van(organisatie)
    )
    if request.method == "POST" and _bewaar(request, form, organisatie):
        messages.success(request, _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": organisatie})
        return redirect("partners:organisatie", organisatie.uuid)
    return render(request, "partners/organisatie_form.html", {"form": form, "organisatie": organisatie})


def _contact(organisatie, contact_uuid) -> Contactpersoon:
    return get_object_or_404(organisatie.contactpersonen.all(), uuid=contact_uuid)


@login_required
@require_http_methods(["GET", "POST"])
def organisatie_contact(request, uuid, contact_uuid=None):
    """Add (no contact_uuid) or change a contact."""
    organisatie = open_organisatie(request, uuid, wijzigen=True)
    contact = _contact(organisatie, contact_uuid) if contact_uuid else None
    form = ContactpersoonForm(request.POST if request.method == "POST" else None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.bewaar_contactpersoon(request.user, organisatie, form.cleaned_data, contact)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, _("Contactpersoon %(naam)s is opgeslagen.") % {"naam": contact.naam})
            return redirect("partners:organisatie", organisatie.uuid)
    return render(
        request,
        "partners/organisatie_contact_form.html",
        {"form": form, "organisatie": organisatie, "contact": contact},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisatie_contact_verwijderen(request, uuid, contact_uuid):
    """A confirmation page; the POST removes."""
    organisatie = open_organisatie(request, uuid, wijzigen=True)
    contact = _contact(organisatie, contact_uuid)
    if request.method == "POST":
        services.verwijder_contactpersoon(request.user, contact)
        messages.success(request, _("Contactpersoon %(naam)s is verwijderd.") % {"naam": contact.naam})
        return redirect("partners:organisatie", organisatie.uuid)
    return render(
        request, "partners/organisatie_contact_verwijderen.html", {"organisatie": organisatie, "contact": contact}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisatie_import(request):
    """Upload and check (dry run) or import; the result is shown on the same page (nothing to redirect to after a
    dry run, and a real import's counts belong with the form)."""
    alleen_beheerders(request.user)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    resultaat = None
    if request.method == "POST" and form.is_valid():
        resultaat = csv_import.importeer(
            request.user,
            organisaties=form.cleaned_data["organisaties"].read() if form.cleaned_data["organisaties"] else None,
            contactpersonen=(
                form.cleaned_data["contactpersonen"].read() if form.cleaned_data["contactpersonen"] else None
            ),
            echt=form.cleaned_data["echt"],
        )
    return render(
        request,
        "partners/import.html",
        {
            "form": form,
            "resultaat": resultaat,
            "kolommen": [
                (
                    csv_import.ORGANISATIES,
                    csv_import.BESTANDSNAMEN[csv_import.ORGANISATIES],
                    csv_import.KOLOMMEN_ORGANISATIES,
                ),
                (
                    csv_import.CONTACTPERSONEN,
                    csv_import.BESTANDSNAMEN[csv_import.CONTACTPERSONEN],
                    csv_import.KOLOMMEN_CONTACTPERSONEN,
                ),
            ],
            "bestandsnamen": csv_import.BESTANDSNAMEN,
        },
    )


@login_required
def organisatie_import_voorbeeld(request, soort: str):
    alleen_beheerders(request.user)
    if soort not in csv_import.VOORBEELD:
        raise Http404
    response = HttpResponse(csv_import.VOORBEELD[soort].encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="voorbeeld-{soort}.csv"'
    return response


urlpatterns = [
    path("", organisaties, name="organisaties"),
    path("organisaties/nieuw/", organisatie_nieuw, name="organisatie_nieuw"),
    path("import/", organisatie_import, name="organisatie_import"),
    path(
        "import/voorbeeld-<str:soort>.csv",
        organisatie_import_voorbeeld,
        name="organisatie_import_voorbeeld",
    ),
    path("organisaties/<uuid:uuid>/", organisatie, name="organisatie"),
    path("organisaties/<uuid:uuid>/bewerken/", organisatie_bewerken, name="organisatie_bewerken"),
    path("organisaties/<uuid:uuid>/contactpersonen/nieuw/", organisatie_contact, name="organisatie_contact_nieuw"),
    path(
        "organisaties/<uuid:uuid>/contactpersonen/<uuid:contact_uuid>/",
        organisatie_contact,
        name="organisatie_contact",
    ),
    path(
        "organisaties/<uuid:uuid>/contactpersonen/<uuid:contact_uuid>/verwijderen/",
        organisatie_contact_verwijderen,
        name="organisatie_contact_verwijderen",
    ),
]
