"""The agenda pages (day and week view, plan/change/cancel an appointment, the .ics download, the personal feed),
and the parts of the case page and Vandaag that agenda contributes. Thin: reads in agenda.selectors, writes in
agenda.services."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.views.gedeeld import casework_role, fouten_naar_form, open_voor_wijzigen
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event, log_events

from . import ical, selectors, services
from .forms import DAG, WEEK, AfspraakForm, WeergaveForm, initial_van
from .models import Afspraak, AgendaFeed

# --- sections on the case page and on Vandaag -------------------------------------------------------------


def dossier_sectie(request, sh, vandaag, mag_wijzigen: bool) -> dict:
    """templates/agenda/_dossier.html: the case's upcoming and recent appointments. One query."""
    afspraken = selectors.van_dossier(sh, vandaag)
    for a in afspraken:
        a.statushouder = sh
    selectors.log_getoond(request.user, afspraken, "dossier")
    return {
        "afspraken_komend": [a for a in afspraken if a.datum >= vandaag],
        "afspraken_recent": [a for a in afspraken if a.datum < vandaag][::-1],
        "afspraken_bewerkbaar": mag_wijzigen,
    }


def vandaag_sectie(request, dag, teamleider: bool) -> dict:
    """templates/agenda/_vandaag.html: today's appointments, own or (teamleider) the team's. One query."""
    afspraken = selectors.agenda(request.user, dag, dag, team=teamleider)
    selectors.log_getoond(request.user, afspraken, "vandaag")
    return {"afspraken_vandaag": afspraken, "afspraken_team": teamleider}


# --- the day and week view ------------------------------------------------------------------------------


def _periode(dag: date, weergave: str) -> tuple[date, date]:
    if weergave == DAG:
        return dag, dag
    maandag = dag - timedelta(days=dag.weekday())
    return maandag, maandag + timedelta(days=6)


@login_required
@require_GET
def overzicht(request):
    teamleider, _consultant = casework_role(request.user)
    vandaag = timezone.localdate()
    keuze = WeergaveForm(request.GET)
    dag, weergave = vandaag, WEEK
    if keuze.is_valid():
        dag = keuze.cleaned_data["dag"] or vandaag
        weergave = keuze.cleaned_data["weergave"] or WEEK
    van, tot = _periode(dag, weergave)
    stap = timedelta(days=1 if weergave == DAG else 7)
    afspraken = selectors.agenda(request.user, van, tot, team=teamleider)
    selectors.log_getoond(request.user, afspraken, "agenda")
    dagen = []
    for i in range((tot - van).days + 1):
        d = van + timedelta(days=i)
        dagen.append({"datum": d, "afspraken": [a for a in afspraken if a.datum == d], "vandaag": d == vandaag})
    return render(
        request,
        "agenda/overzicht.html",
        {
            "dagen": dagen,
            "aantal": sum(1 for a in afspraken if not a.geannuleerd),
            "weergave": weergave,
            "dag": dag,
            "van": van,
            "tot": tot,
            "vorige": dag - stap,
            "volgende": dag + stap,
            "vandaag": vandaag,
            "team": teamleider,
            "keuze": WeergaveForm(initial={"dag": dag, "weergave": weergave}),
            "DAG": DAG,
            "WEEK": WEEK,
        },
    )


# --- plan, change, cancel -------------------------------------------------------------------------------


def _afspraak_voor_wijzigen(request, uuid) -> Afspraak:
    try:
        return selectors.afspraak_voor(request.user, uuid, "change")
    except Afspraak.DoesNotExist:
        try:
            selectors.afspraak_voor(request.user, uuid, "view")
        except Afspraak.DoesNotExist:
            raise Http404(_("Afspraak niet gevonden.")) from None
        raise PermissionDenied(_("U mag dit dossier bekijken, maar niet wijzigen.")) from None


def _bewaar(request, form, sh, schrijf, melding: str):
    """Plan or change: the service's errors go on the form; on success back to the case's agenda section."""
    if not form.is_valid():
        return None
    try:
        schrijf(
            actor=request.user,
            data=form.data_voor_service(),
            genodigden=form.cleaned_data["genodigden"],
            bevestig_overlap=form.cleaned_data["bevestig_overlap"],
        )
    except ValidationError as exc:
        fouten_naar_form(form, exc)
        return None
    messages.success(request, melding)
    return redirect(reverse("cases:dossier", args=[sh.uuid]) + "#agenda")


@login_required
@require_http_methods(["GET", "POST"])
def nieuw(request, uuid):
    sh = open_voor_wijzigen(request, uuid, toelichting="afspraak plannen")
    vandaag = timezone.localdate()
    if request.method == "POST":
        form = AfspraakForm(request.POST, statushouder=sh)
        if klaar := _bewaar(request, form, sh, partial(services.plan, statushouder=sh), _("De afspraak is gepland.")):
            return klaar
    else:
        form = AfspraakForm(
            statushouder=sh,
            initial={
                "datum": vandaag,
                "consultant": request.user if services.medewerkers_van(sh.gemeente).filter(pk=request.user.pk).exists()
                else sh.consultant,
                "plaats_soort": Afspraak.PlaatsSoort.KANTOOR,
                "voortgangsgesprek": services.gesprekken_om_te_koppelen(sh).first(),
                "tolk_taal": (sh.talen or [""])[0],
            },
        )  # fmt: skip
    return render(request, "agenda/afspraak_form.html", {"form": form, "sh": sh, "afspraak": None})


@login_required
@require_http_methods(["GET", "POST"])
def wijzigen(request, uuid):
    afspraak = _afspraak_voor_wijzigen(request, uuid)
    sh = afspraak.statushouder
    if afspraak.geannuleerd:
        messages.error(request, _("Deze afspraak is geannuleerd en kan niet meer worden gewijzigd."))
        return redirect(reverse("cases:dossier", args=[sh.uuid]) + "#agenda")
    if request.method == "POST":
        form = AfspraakForm(request.POST, statushouder=sh)
        schrijf = partial(services.wijzig, afspraak=afspraak)
        if klaar := _bewaar(request, form, sh, schrijf, _("De afspraak is gewijzigd.")):
            return klaar
    else:
        log_event(request.user, Handeling.READ, afspraak, statushouder=sh, toelichting="afspraak wijzigen")
        form = AfspraakForm(statushouder=sh, initial=initial_van(afspraak))
    return render(request, "agenda/afspraak_form.html", {"form": form, "sh": sh, "afspraak": afspraak})


@login_required
@require_POST
def annuleren(request, uuid):
    afspraak = _afspraak_voor_wijzigen(request, uuid)
    try:
        services.annuleer(actor=request.user, afspraak=afspraak)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De afspraak is geannuleerd."))
    return redirect(reverse("cases:dossier", args=[afspraak.statushouder.uuid]) + "#agenda")


# --- iCalendar ----------------------------------------------------------------------------------------------


def _host(request) -> str:
    return request.get_host().split(":")[0]


def _ics(inhoud: bytes, bestandsnaam: str | None = None) -> HttpResponse:
    response = HttpResponse(inhoud, content_type="text/calendar; charset=utf-8")
    if bestandsnaam:
        response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def ics(request, uuid):
    """One appointment as an .ics file, for a user who may view its case."""
    try:
        afspraak = selectors.afspraak_voor(request.user, uuid, "view")
    except Afspraak.DoesNotExist:
        raise Http404(_("Afspraak niet gevonden.")) from None
    log_event(request.user, Handeling.EXPORT, afspraak, statushouder=afspraak.statushouder, toelichting="ics")
    return _ics(ical.kalender([afspraak], _host(request), details=True), ical.bestandsnaam(afspraak))


@never_cache
@require_GET
def feed(request, token):
    """The personal calendar feed: no login (calendar apps cannot log in); the secret token is the key."""
    gevonden = services.feed_voor_token(token)
    if gevonden is None:
        raise Http404
    user = gevonden.user
    afspraken = selectors.voor_feed(user, timezone.localdate())
    if afspraken:
        log_events(user, Handeling.LIST, afspraken, velden=["datum", "soort"], toelichting="agendafeed")
    return _ics(ical.kalender(afspraken, _host(request), naam=_("Agenda inburgering")))


@login_required
@require_http_methods(["GET", "POST"])
def feed_beheer(request):
    """Create, renew or revoke the personal feed; the URL is shown once, right after creating it."""
    casework_role(request.user)
    nieuwe_url = None
    if request.method == "POST":
        if request.POST.get("actie") == "intrekken":
            services.trek_feed_in(request.user)
            messages.success(request, _("De agendafeed is ingetrokken. De oude link werkt niet meer."))
            return redirect("agenda:feed_beheer")
        token = services.maak_feed(request.user)
        nieuwe_url = request.build_absolute_uri(reverse("agenda:feed", args=[token]))
    huidig = AgendaFeed.objects.filter(user=request.user).first()
    response = render(request, "agenda/feed.html", {"feed": huidig, "nieuwe_url": nieuwe_url})
    response["Cache-Control"] = "private, no-store"
    return response
