"""Report pages (/rapportages/): the runs a user may see with the start form, a run's page (progress while it runs,
its error and a retry when it failed, the downloads and the region overview when it is ready), the provider view
and the teamleider's gemeente dashboard.

Who sees what is reports.selectors' (a consultant gets 403, someone else's run is 404); the figures come from the
stored, already suppressed result, read as tables by reports.tabellen — the same tables the PDF/CSV/XLSX print.
Looking at a report's figures and downloading its files write audit events (who saw or exported which report)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from cases.views.gedeeld import fouten_naar_form
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from . import charts, privacy, services, tabellen
from .forms import StartForm, standaard_periode
from .indicators.base import GROEPEN, Periode
from .models import ReportRun
from .selectors import gemeenten_voor, get_run, mag_rapportages, runs_voor

PER_PAGINA = 20
BESTANDEN = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
AANBIEDER_GRAFIEK = "I8"  # the indicator whose provider table is drawn as hours planned vs attended
GRAFIEKEN_BEWAREN = 24 * 3600  # seconds a view's charts stay in the cache
BEZIG = (ReportRun.Status.WACHTEND, ReportRun.Status.BEZIG)


def alleen_rapporteurs(user) -> None:
    if not mag_rapportages(user):  # the reports are the regiocoördinator's, the teamleider's and the beheerder's
        raise PermissionDenied(_("Alleen de regiocoördinator, de teamleider en de beheerder zien de rapportages."))


def periode_van(run: ReportRun) -> Periode:
    return Periode(run.periode, run.periode_start, run.periode_eind)


# --- The list and the start form ---------------------------------------------------------------------------------


@login_required
@require_GET
def overzicht(request):
    alleen_rapporteurs(request.user)
    return _overzicht(request, StartForm(user=request.user))


def _overzicht(request, form: StartForm, status: int = 200):
    qs = runs_voor(request.user).select_related("arbeidsmarktregio", "gemeente", "aangevraagd_door")
    pagina = Paginator(qs.order_by("-aangemaakt_op"), PER_PAGINA).get_page(request.GET.get("page"))
    if any(run.status == ReportRun.Status.BEZIG for run in pagina.object_list) and services.controleer_hartslag():
        for run in pagina.object_list:  # one whose worker died was restarted (or failed) just now, also without beat
            run.refresh_from_db()
    rijen = [{"run": run, "periode": periode_van(run).label} for run in pagina.object_list]
    context = {
        "pagina": pagina,
        "rijen": rijen,
        "form": form,
        "kan_starten": bool(form.soorten),
        "heeft_gemeenten": gemeenten_voor(request.user).exists(),
    }
    return render(request, "reports/overzicht.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def starten(request):
    alleen_rapporteurs(request.user)
    if request.method == "GET":  # a page link of the list shown with the form's errors (its links are "?page=2")
        return redirect(f"{reverse('reports:overzicht')}?{request.GET.urlencode()}")
    form = StartForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            run = services.start_run(
                request.user,
                soort=data["soort"],
                regio=data["regio"],
                gemeente=data["gemeente"],
                periode=data["periode_van"],
            )
        except services.InWachtrij as exc:  # stored; the queue is unreachable now and it starts by itself later
            messages.warning(request, exc.messages[0])
            return redirect("reports:run", exc.run.uuid)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(
                request,
                _("De rapportage over %(periode)s is gestart. Deze pagina toont de voortgang.")
                % {"periode": periode_van(run).label},
            )
            return redirect("reports:run", run.uuid)
    return _overzicht(request, form, status=400)


# --- One run: progress, error and retry, downloads, the region overview ------------------------------------------


@dataclass
class Indicatorblok:
    """One indicator on a dashboard: its table, the comparison chart and the 12-month trend (chart and numbers)."""

    tabel: tabellen.Tabel
    vergelijking: SafeString | str = ""
    reeks: list | None = None  # tabellen.trend: ("2026-01", Cel) per month
    trend: SafeString | str = ""

    @property
    def maanden(self) -> list:
        """The trend as the page's table prints it: ("jan 2026", Cel)."""
        return [(charts.maand_label(maand), cel) for maand, cel in self.reeks or []]


def _secties(run: ReportRun, resultaat: dict, *, niveaus=("regio", "gemeente"), gemeente="", grafieken="") -> list:
    """The dashboard: per group (GROEPEN) a section with each indicator's block. With `gemeente` (a CBS code) the
    tables hold that gemeente and its region only. `grafieken` names this view of the run for the chart cache; ""
    draws no charts (the national overview: regions only)."""
    secties = []
    for groep, naam in GROEPEN.items():
        blokken = [Indicatorblok(tabel) for tabel in tabellen.tabellen(resultaat, groep, niveaus)]
        for blok in blokken:
            if gemeente:
                blok.tabel.rijen = [r for r in blok.tabel.rijen if r.niveau == "regio" or r.eenheid == gemeente]
            if grafieken:
                blok.reeks = tabellen.trend(resultaat, blok.tabel.indicator["code"])
        if blokken:
            secties.append({"groep": groep, "naam": naam, "indicatoren": blokken})
    if grafieken:
        alle = [blok for sectie in secties for blok in sectie["indicatoren"]]
        getekend = _getekend(run, grafieken, lambda: {b.tabel.indicator["code"]: _teken(b) for b in alle})
        for blok in alle:
            blok.vergelijking, blok.trend = getekend[blok.tabel.indicator["code"]]
    return secties


def _teken(blok: Indicatorblok) -> tuple[str, str]:
    """The comparison chart and (when the indicator has a trend) the 12-month trend chart of one block."""
    ind = blok.tabel.indicator
    trend = ""
    if blok.reeks:
        maat = next(m for m in ind["maten"] if m["code"] == ind["trend_maat"])
        titel = _("%(indicator)s: de laatste 12 maanden") % {"indicator": ind["naam"]}
        trend = charts.trend_svg(blok.reeks, titel, maat["eenheid"])
    return charts.vergelijking_svg(blok.tabel), trend


def _getekend(run: ReportRun, weergave: str, teken) -> dict:
    """The charts of one view of a run, drawn once and then taken from the cache: a ready run's result does not
    change (a retry gives it a new klaar_op, hence a new key), and matplotlib needs ~0.1 s a chart."""
    sleutel = f"reports:grafieken:{run.uuid}:{run.klaar_op and run.klaar_op.timestamp()}:{get_language()}:{weergave}"
    getekend = cache.get(sleutel)
    if getekend is None:
        getekend = teken()
        cache.set(sleutel, getekend, GRAFIEKEN_BEWAREN)
    return getekend


def _een_regio(resultaat: dict, regio: str) -> dict:
    """A national result narrowed to one region (the tables read the regions from `gemeenten_per_regio`)."""
    return {**resultaat, "gemeenten_per_regio": {regio: resultaat["gemeenten_per_regio"][regio]}}


@login_required
@require_GET
def run(request, uuid):
    alleen_rapporteurs(request.user)
    run = _gecontroleerd(get_run(request.user, uuid))
    context = {"run": run, "periode": periode_van(run).label, "bezig": run.status in BEZIG}
    if run.status == ReportRun.Status.KLAAR:
        resultaat = run.resultaat
        regios = resultaat["eenheden"]["regio"]
        context["downloads"] = [formaat for formaat in BESTANDEN if getattr(run, formaat)]
        if run.soort == ReportRun.Soort.LANDELIJK:
            regio = request.GET.get("regio", "")
            context["regios"] = sorted(regios.items(), key=lambda r: r[1])
            if regio in resultaat["gemeenten_per_regio"]:
                context["regio"] = {"code": regio, "naam": regios[regio]}
                context["secties"] = _secties(run, _een_regio(resultaat, regio), grafieken=f"regio-{regio}")
            else:
                context["secties"] = _secties(run, resultaat, niveaus=("regio",))
        else:
            context["secties"] = _secties(run, resultaat, grafieken="regio")
        context["drempel"] = privacy.drempel()
        log_event(request.user, Handeling.READ, run, toelichting="regio-overzicht")
    return render(request, "reports/run.html", context)


def _gecontroleerd(run: ReportRun) -> ReportRun:
    """The run, after checking that the worker of a run "bezig" (or of its parts) still beats."""
    if run.status == ReportRun.Status.BEZIG and services.controleer_hartslag():
        run.refresh_from_db()
    return run


@login_required
@require_GET
def voortgang(request, uuid):
    """The progress bar, polled by the run page every 2 s while the run waits or runs. Once it is done an htmx
    request reloads the page (which then shows the result or the error); without htmx the partial links to it."""
    alleen_rapporteurs(request.user)
    run = _gecontroleerd(get_run(request.user, uuid))
    bezig = run.status in BEZIG
    if not bezig and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "reports/_voortgang.html", {"run": run, "bezig": bezig})


@login_required
@require_POST
def opnieuw(request, uuid):
    alleen_rapporteurs(request.user)
    run = get_run(request.user, uuid)
    if services.opnieuw(request.user, run).status == ReportRun.Status.WACHTEND:
        messages.success(request, _("De rapportage wordt opnieuw gemaakt."))
    else:  # not failed (any more): a second click, or another user retried it first
        messages.info(request, _("Deze rapportage is niet mislukt; er is niets opnieuw te starten."))
    return redirect("reports:run", run.uuid)


# --- The provider view ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def aanbieders(request, uuid):
    alleen_rapporteurs(request.user)
    run = get_run(request.user, uuid)
    if run.status != ReportRun.Status.KLAAR:
        messages.info(request, _("De rapportage is nog niet klaar."))
        return redirect("reports:run", run.uuid)
    # a national result has no provider rows (a provider would count once per region)
    blokken = [
        Indicatorblok(_zonder_lege_kolommen(tabel))
        for tabel in tabellen.tabellen(run.resultaat, niveaus=("aanbieder",))
        if tabel.rijen
    ]

    def teken():
        return {
            b.tabel.indicator["code"]: charts.aanbieder_svg(b.tabel)
            for b in blokken
            if b.tabel.indicator["code"] == AANBIEDER_GRAFIEK
        }

    grafieken = _getekend(run, "aanbieders", teken)
    for blok in blokken:
        blok.vergelijking = grafieken.get(blok.tabel.indicator["code"], "")
    log_event(request.user, Handeling.READ, run, toelichting="aanbieders")
    context = {"run": run, "periode": periode_van(run).label, "blokken": blokken, "drempel": privacy.drempel()}
    return render(request, "reports/aanbieders.html", context)


def _zonder_lege_kolommen(tabel: tabellen.Tabel) -> tabellen.Tabel:
    """The table without the columns no row has a figure in (e.g. the region-only total among the providers)."""

    def gevuld(i: int) -> bool:
        return any(rij.cellen[i].waarde is not None or rij.cellen[i].onderdrukt for rij in tabel.rijen)

    houden = [i for i in range(len(tabel.kolommen)) if gevuld(i)]
    tabel.kolommen = [tabel.kolommen[i] for i in houden]
    for rij in tabel.rijen:
        rij.cellen = [rij.cellen[i] for i in houden]
    return tabel


# --- The teamleider's gemeente dashboard ---------------------------------------------------------------------------


@login_required
@require_GET
def gemeente_dashboard(request):
    alleen_rapporteurs(request.user)
    gemeenten = list(gemeenten_voor(request.user).select_related("arbeidsmarktregio").order_by("naam"))
    if not gemeenten:
        raise PermissionDenied(_("Het gemeentedashboard is voor de teamleider van een gemeente."))
    gekozen = request.GET.get("gemeente", "")
    gemeente = next((g for g in gemeenten if str(g.uuid) == gekozen), gemeenten[0])
    run = (
        runs_voor(request.user)
        .filter(soort=ReportRun.Soort.GEMEENTE, gemeente=gemeente, status=ReportRun.Status.KLAAR)
        .order_by("-klaar_op", "-aangemaakt_op")
        .first()
    )
    context = {"gemeenten": gemeenten, "gemeente": gemeente, "run": run, "drempel": privacy.drempel()}
    if run is not None:
        context["periode"] = periode_van(run).label
        context["secties"] = _secties(run, run.resultaat, gemeente=gemeente.cbs_code, grafieken="gemeente")
        log_event(request.user, Handeling.READ, run, toelichting="gemeentedashboard")
    else:  # a run being made is followed, not started twice
        context["lopend"] = (
            runs_voor(request.user)
            .filter(soort=ReportRun.Soort.GEMEENTE, gemeente=gemeente, status__in=BEZIG)
            .order_by("-aangemaakt_op")
            .first()
        )
        context["standaard"] = standaard_periode(timezone.localdate())
    return render(request, "reports/gemeente.html", context)


# --- Downloads -----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def download(request, uuid, formaat):
    alleen_rapporteurs(request.user)
    run = get_run(request.user, uuid)
    bestand = getattr(run, formaat) if formaat in BESTANDEN else None
    if not bestand:
        raise Http404(_("Dit bestand is (nog) niet gemaakt."))
    log_event(request.user, Handeling.EXPORT, run, toelichting=formaat)
    naam = f"rapportage-{run.soort}-{run.periode_start:%Y-%m}-{run.uuid.hex[:8]}.{formaat}"
    return FileResponse(bestand.open("rb"), as_attachment=True, filename=naam, content_type=BESTANDEN[formaat])
