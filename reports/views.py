"""Report pages (/rapportages/): the runs a user may see with the start form, a run's page (progress while it runs,
its error and a retry when it failed, the downloads and the region overview when it is ready), the provider view,
the teamleider's gemeente dashboard, and the overview of a region or gemeente (headline figures and cohort funnels
of the latest ready month and quarter runs beside the national ones, reports.kerncijfers).

Who sees what is reports.selectors' (a consultant gets 403, someone else's run is 404); the figures come from the
stored, already suppressed result, read as tables by reports.tabellen — the same tables the PDF/CSV/XLSX print.
Looking at a report's figures and downloading its files write audit events (who saw or exported which report)."""

from __future__ import annotations

import hashlib
import re
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
from inburgering.audit.services import log_event, log_events

from . import charts, kerncijfers, overzicht_grafieken, privacy, services, tabellen
from .forms import StartForm, standaard_periode
from .indicators.base import GROEPEN, Periode
from .indicators.trechter import HORIZONTEN
from .models import ReportRun
from .privacy import Cel
from .selectors import gemeenten_voor, get_run, mag_rapportages, regios_voor, runs_voor

PER_PAGINA = 20
BESTANDEN = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
AANBIEDER_GRAFIEK = "I8"  # the indicator whose provider table is drawn as hours planned vs attended
GRAFIEKEN_BEWAREN = 24 * 3600  # seconds a view's charts stay in the cache
BEZIG = (ReportRun.Status.WACHTEND, ReportRun.Status.BEZIG)
COHORT = re.compile(r"\d{4}(-K[1-4])?")  # a cohort picked on the overview: "2025" or "2025-K2"


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
        "heeft_gemeenten": "gemeente" in form.soorten,
        "heeft_regios": "regio" in form.soorten,
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


def _gemeenten(request) -> tuple[list, object]:
    """The gemeenten of the user (a teamleider's own) and the one asked for (?gemeente=uuid), else the first."""
    gemeenten = list(gemeenten_voor(request.user).select_related("arbeidsmarktregio").order_by("naam"))
    if not gemeenten:
        raise PermissionDenied(_("Het gemeentedashboard is voor de teamleider van een gemeente."))
    gekozen = request.GET.get("gemeente", "")
    return gemeenten, next((g for g in gemeenten if str(g.uuid) == gekozen), gemeenten[0])


@login_required
@require_GET
def gemeente_dashboard(request):
    alleen_rapporteurs(request.user)
    gemeenten, gemeente = _gemeenten(request)
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


# --- The overview: headline figures and cohort funnels of a region or a gemeente ---------------------------------


@login_required
@require_GET
def regio_overzicht(request):
    """A region's overview: a regiocoördinator picks among his regions, a beheerder among all (?regio=code)."""
    alleen_rapporteurs(request.user)
    regios = list(regios_voor(request.user).order_by("naam"))
    if not regios:  # a teamleider: his gemeente beside the region
        return redirect("reports:gemeente_overzicht")
    regio = next((r for r in regios if r.code == request.GET.get("regio")), regios[0])
    context = _kerncijfer_context(request, regio, eenheid=("regio", regio.code))
    context |= {"regios": regios, "regio": regio, "naam": regio.naam, "tab": "regio", "heeft_regios": True}
    context["heeft_gemeenten"] = gemeenten_voor(request.user).exists()
    return render(request, "reports/kerncijfers.html", context)


@login_required
@require_GET
def gemeente_overzicht(request):
    """A gemeente's overview (the teamleider's own): its figures in the region's runs beside the region's and the
    national ones."""
    alleen_rapporteurs(request.user)
    gemeenten, gemeente = _gemeenten(request)
    regio = gemeente.arbeidsmarktregio
    context = _kerncijfer_context(
        request, regio, eenheid=("gemeente", gemeente.cbs_code), vergelijk=("regio", regio.code)
    )
    context |= {"gemeenten": gemeenten, "gemeente": gemeente, "regio": regio, "naam": gemeente.naam, "tab": "gemeente"}
    context |= {"heeft_gemeenten": True, "heeft_regios": regios_voor(request.user).exists()}
    return render(request, "reports/kerncijfers.html", context)


def _kerncijfer_context(request, regio, *, eenheid: tuple[str, str], vergelijk: tuple[str, str] | None = None) -> dict:
    """The latest ready month and quarter run of the region the user may see, with the national runs of the same
    periods; the figures and charts from their stored results, worked out once per set of runs (cached like the
    charts: a ready result does not change). A constant number of queries: the runs, the national runs, and on the
    first view their results."""
    runs = kerncijfers.laatste_runs(runs_voor(request.user), regio)
    context = {"drempel": privacy.drempel()}
    if not runs:
        return context
    landelijk = kerncijfers.landelijke_runs(runs.values())
    cohort = request.GET.get("cohort", "")
    cohort = cohort if COHORT.fullmatch(cohort) else None
    gelezen = [*runs.values(), *landelijk.values()]
    weergave = "|".join([*(f"{r.uuid}:{r.klaar_op and r.klaar_op.timestamp()}" for r in gelezen), *eenheid,
                         *(vergelijk or ()), cohort or ""])  # fmt: skip
    weergave = "kerncijfers-" + hashlib.sha256(weergave.encode()).hexdigest()[:32]
    context["overzicht"] = _getekend(
        gelezen[0], weergave, lambda: _kerncijfer_overzicht(runs, landelijk, eenheid, vergelijk, cohort)
    )
    context["bronnen"] = [(soort, periode_van(run).label, run) for soort, run in sorted(runs.items(), reverse=True)]
    log_events(request.user, Handeling.READ, gelezen, toelichting="kerncijfers")
    return context


@dataclass
class Kolom:
    """One column of a headline figure's card: a period (or, for a cohort figure, the cohort), the figure and the
    link to its detail."""

    kop: str
    cijfer: kerncijfers.Kerncijfer
    detail: str


@dataclass
class Kaart:
    """One headline figure on the overview: its columns, best and lowest gemeente, and the trend (chart and table)."""

    code: str
    label: str
    kolommen: list[Kolom]
    uitersten: Kolom  # the column whose best and lowest gemeente are shown: the quarter's (more people)
    trend: kerncijfers.Kerncijfer  # the figure whose 12 months are drawn: the `bron` run's
    grafiek: SafeString

    @property
    def per_gemeente(self) -> bool:
        """Whether the gemeenten have this figure at all: a quarter cohort is counted at region level only."""
        return "-K" not in self.uitersten.cijfer.cohort

    @property
    def maanden(self) -> list[tuple[str, Cel, Cel | None, Cel | None]]:
        """The trend as its table prints it: (month, unit, region, national)."""
        t = self.trend
        regio, land = dict(t.trend_vergelijk), dict(t.trend_landelijk)
        maanden = [m for m, _c in t.trend or t.trend_vergelijk or t.trend_landelijk]
        eigen = dict(t.trend)
        return [(charts.maand_label(m), eigen.get(m), regio.get(m), land.get(m)) for m in maanden]


def _kerncijfer_overzicht(runs: dict, landelijk: dict, eenheid, vergelijk, cohort: str | None) -> dict:
    """The overview's cards and funnels with their charts, from the stored results (the cached part of the page).
    The trends, the funnels and the cohort figures come from one run, `bron`: the most recent one with national
    figures (a comparison is the point), else the most recent."""
    resultaten = kerncijfers.resultaten([*runs.values(), *landelijk.values()])

    def land(run: ReportRun) -> dict | None:
        return kerncijfers.met_land(resultaten.get(landelijk[run.pk].pk)) if run.pk in landelijk else None

    bron = max(runs.values(), key=lambda r: (land(r) is not None, r.periode_eind, r.periode == "kwartaal"))

    per_periode = {
        soort: {
            k.code: k
            for k in kerncijfers.kerncijfers(
                resultaten[run.pk], eenheid=eenheid, landelijk=land(run), vergelijk=vergelijk
            )
        }
        for soort, run in runs.items()
    }
    kaarten = []
    for d in kerncijfers.DEFINITIES:
        kolommen: dict[str, Kolom] = {}
        for soort, run in runs.items():
            k = per_periode[soort].get(d.code)
            if k is None:
                continue
            if not d.horizon:
                detail = f"{reverse('reports:run', args=[run.uuid])}#indicator-{k.indicator}"
                kolommen[soort] = Kolom(periode_van(run).label, k, detail)
            elif run == bron:  # a cohort figure once, of the funnel below it: the cohort is its column
                kop = _("cohort %(cohort)s") % {"cohort": kerncijfers.cohort_label(k.cohort)}
                kolommen[soort] = Kolom(kop, k, f"#trechter-{d.horizon}")
        if not kolommen:
            continue
        volgorde = [kolommen[s] for s in (ReportRun.Periode.MAAND, ReportRun.Periode.KWARTAAL) if s in kolommen]
        trend = kolommen.get(bron.periode, volgorde[0]).cijfer
        kaarten.append(
            Kaart(
                code=d.code,
                label=volgorde[0].cijfer.label,
                kolommen=volgorde,
                uitersten=volgorde[-1],
                trend=trend,
                grafiek=overzicht_grafieken.kerncijfer_trend_svg(trend),
            )
        )

    resultaat = resultaten[bron.pk]
    keuzes = kerncijfers.cohorten(resultaat, eenheid)
    cohort = cohort if cohort in dict(keuzes) else None
    gevonden = kerncijfers.trechters(resultaat, eenheid=eenheid, landelijk=land(bron), vergelijk=vergelijk,
                                     cohort=cohort)  # fmt: skip
    per_horizon = {t.horizon: t for t in gevonden}
    lezer = kerncijfers.Lezer(resultaat, niveaus=())
    naam, vergelijk_naam = lezer.naam(eenheid), lezer.naam(vergelijk) if vergelijk else ""
    trechters = [
        {
            "horizon": h,
            "trechter": per_horizon.get(h),
            "grafiek": overzicht_grafieken.trechter_svg(per_horizon[h], naam, vergelijk_naam=vergelijk_naam)
            if h in per_horizon
            else "",
        }
        for h in HORIZONTEN
    ]
    return {
        "kaarten": kaarten,
        "trechters": trechters,
        "heeft_trechters": lezer.heeft(kerncijfers.TRECHTER),
        "cohorten": keuzes,
        "cohort": cohort,
        "naam": naam,
        "vergelijk_naam": vergelijk_naam,
        "zonder_land": [periode_van(run).label for run in runs.values() if land(run) is None],
        "bron": periode_van(bron).label,
    }


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
