"""The national benchmark report against hand-written SQL for the same numbers (issue 6's target: the engine takes
at most 2× the hand-written SQL's time).

    DATABASE_URL=postgres://... python manage.py bench_reports --kwartaal 2026-3

On the current database (seed it first: `seed_demo --scale national`, and once more with `--fraction 0.5` in another
database to see the growth) it times, alternately and `--herhalingen` times each:

- the engine: every indicator for every region, one region at a time (as the national run's per-region tasks do,
  on one process here), for the quarter, without the 12-month trend, plus suppression;
- the hand-written SQL (reports/benchmark/handgeschreven_*.py): the same numbers for every gemeente, region and
  provider at once, as a DBA would write them;

and prints both medians and the ratio, and times once the national run's land part (every indicator over all
gemeenten at level land, without the trend), which runs beside the region parts. It checks that both give the same
figures (a benchmark of two different computations says nothing). Then it times one region's full report as a run
computes it: with the trend, and rendered to PDF, CSV and XLSX; and that region's overview page (/rapportages/
overzicht/, as its regiocoördinator) against the trivial page as bench_pages times a page (inburgering/bench.py),
over the region's month and quarter runs and national runs with the land level, computed here and stored in a
transaction that is rolled back. It writes nothing to the database.
"""

from __future__ import annotations

import re
import statistics
import time
from types import SimpleNamespace

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import Statushouder
from inburgering import bench
from leerroutes.models import Aanwezigheid
from partners.models import Arbeidsmarktregio, ArbeidsmarktregioUserObjectPermission, Gemeente
from reports import engine, services
from reports.benchmark import (
    handgeschreven_instroom,
    handgeschreven_resultaat,
    handgeschreven_trechter,
    handgeschreven_uitvoering,
)
from reports.exports import FORMATEN
from reports.indicators.base import Periode
from reports.models import ReportRun

HANDGESCHREVEN = (handgeschreven_instroom, handgeschreven_uitvoering, handgeschreven_resultaat, handgeschreven_trechter)


def _kwartaal(waarde: str) -> Periode:
    match = re.fullmatch(r"(\d{4})-([1-4])", waarde)
    if not match:
        raise CommandError("--kwartaal verwacht jaar-kwartaal, bijvoorbeeld 2026-3.")
    return Periode.kwartaal(int(match[1]), int(match[2]))


def _sleutel(m) -> tuple:
    waarde = round(m.waarde, 6) if isinstance(m.waarde, float) else m.waarde
    return (m.niveau, m.eenheid, m.uitsplitsing, m.maat, waarde, m.basis)


class Command(BaseCommand):
    help = "Times the national report (every region, every indicator, one quarter) against hand-written SQL."

    def add_arguments(self, parser):
        parser.add_argument("--kwartaal", default="2026-3", help="jaar-kwartaal (standaard 2026-3)")
        parser.add_argument("--herhalingen", type=int, default=3, help="metingen per kant (standaard 3; mediaan)")
        parser.add_argument("--regio", default="AM03", help="regiocode voor de meting van één regio (Achterhoek)")
        parser.add_argument("-n", type=int, default=30, help="verzoeken per pagina (standaard 30; mediaan)")

    def handle(self, *args, kwartaal, herhalingen, regio, n, **options):
        periode = _kwartaal(kwartaal)
        regios = {
            r.code: list(Gemeente.objects.filter(arbeidsmarktregio=r).values_list("pk", flat=True))
            for r in Arbeidsmarktregio.objects.order_by("code")
        }
        if not regios:
            raise CommandError("De database heeft geen regio's; draai eerst seed_demo --scale national.")
        self.stdout.write(
            f"Gegevens: {len(regios)} regio's, {sum(map(len, regios.values()))} gemeenten, "
            f"{Statushouder.objects.count():,} statushouders, ~{self._aanwezigheid_schatting():,} aanwezigheidsregels; "
            f"periode {periode.label}."
        )

        engine_tijden, sql_tijden = [], []
        for _ in range(herhalingen):
            start = time.perf_counter()
            engine_metingen = self._engine(regios, periode)
            engine_tijden.append(time.perf_counter() - start)
            start = time.perf_counter()
            sql_metingen = self._handgeschreven(periode)
            sql_tijden.append(time.perf_counter() - start)

        verschil = engine_metingen ^ sql_metingen
        if verschil:
            voorbeelden = sorted(verschil, key=str)[:5]
            raise CommandError(
                f"Engine en handgeschreven SQL verschillen in {len(verschil)} cijfers, bijv. {voorbeelden}"
            )
        t_engine, t_sql = statistics.median(engine_tijden), statistics.median(sql_tijden)
        self.stdout.write(f"Zelfde cijfers: {len(engine_metingen):,} metingen uit beide.")
        self.stdout.write(
            f"Landelijk rapport (engine, regio voor regio): {t_engine:.2f} s  (runs: {self._s(engine_tijden)})"
        )
        self.stdout.write(f"Handgeschreven SQL (alles in één keer):       {t_sql:.2f} s  (runs: {self._s(sql_tijden)})")
        self.stdout.write(f"Verhouding engine / SQL: {t_engine / t_sql:.2f}×  (doel ≤ 2×)")
        start = time.perf_counter()
        engine.onderdruk(engine.bereken_rapport(list(Gemeente.objects.values_list("pk", flat=True)), periode,
                                                niveaus=("land",), met_trend=False))  # fmt: skip
        self.stdout.write(
            f"Landelijk deel (niveau land, alle gemeenten, zonder trend): {time.perf_counter() - start:.2f} s"
        )

        if regio in regios:
            kwartaalresultaat = self._een_regio(regio, regios[regio], periode)
            self._overzicht(regio, regios[regio], periode, kwartaalresultaat, n)

    def _engine(self, regios: dict, periode: Periode) -> set:
        metingen = set()
        for gemeenten in regios.values():
            resultaat = engine.bereken_rapport(gemeenten, periode, met_trend=False)
            engine.onderdruk(resultaat)
            metingen |= {_sleutel(SimpleNamespace(**m)) for ind in resultaat["indicatoren"] for m in ind["metingen"]}
        return metingen

    def _handgeschreven(self, periode: Periode) -> set:
        with connection.cursor() as cursor:
            return {_sleutel(m) for module in HANDGESCHREVEN for m in module.metingen(cursor, periode)}

    def _een_regio(self, code: str, gemeenten: list[int], periode: Periode) -> dict:
        """One region's report as its run makes it: every indicator with the 12-month trend, in one repeatable-read
        snapshot on RAPPORTAGE_WERKERS connections side by side, suppressed, rendered."""
        werkers = settings.RAPPORTAGE_WERKERS
        start = time.perf_counter()
        with transaction.atomic(using=services.RAPPORTAGE_DB):
            with connections[services.RAPPORTAGE_DB].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            ruw = engine.bereken_rapport(gemeenten, periode, db=services.RAPPORTAGE_DB, werkers=werkers)
        resultaat = engine.onderdruk(ruw)
        rekenen = time.perf_counter() - start
        run = ReportRun(soort=ReportRun.Soort.REGIO, arbeidsmarktregio=Arbeidsmarktregio.objects.get(code=code),
                        periode=periode.soort, periode_start=periode.start, periode_eind=periode.eind,
                        resultaat=resultaat, klaar_op=timezone.now())  # fmt: skip
        start = time.perf_counter()
        with translation.override("nl"):
            groottes = {formaat: len(module.render(run)) for formaat, module in FORMATEN.items()}
        renderen = time.perf_counter() - start
        self.stdout.write(
            f"Eén regio ({code}, {len(gemeenten)} gemeenten): rekenen met trend {rekenen:.2f} s "
            f"({werkers} verbindingen), "
            f"PDF+CSV+XLSX {renderen:.2f} s ({', '.join(f'{k} {v / 1024:.0f} kB' for k, v in groottes.items())}); "
            f"samen {rekenen + renderen:.2f} s (doel ≤ 3 s bij 26 gemeenten)."
        )
        return resultaat

    def _overzicht(self, code: str, gemeenten: list[int], kwartaal: Periode, kwartaalresultaat: dict, n: int) -> None:
        """The region's overview page as its regiocoördinator opens it, over ready runs of the quarter and of its last
        month, and national runs of both with the land level (the region's part and the land part: the other
        regions' parts would only make the first, uncached view slower). The page draws the trends of one run, the
        quarter's (it ends with the month and has more people), so the month is computed without them. The runs, the
        session and the audit events live in a transaction that is rolled back."""
        regio = Arbeidsmarktregio.objects.get(code=code)
        recht = ArbeidsmarktregioUserObjectPermission.objects.filter(
            content_object=regio, permission__codename="rapportages_inzien", user__is_active=True
        )
        coordinator = recht.select_related("user").order_by("user__pk").first()
        if coordinator is None:
            self.stdout.write(f"Overzichtspagina: geen regiocoördinator van {code}, overgeslagen.")
            return
        maand = Periode.maand(kwartaal.eind.year, kwartaal.eind.month)
        start = time.perf_counter()
        alle = list(Gemeente.objects.values_list("pk", flat=True))
        resultaten = {}
        for periode in (maand, kwartaal):
            trend = periode == kwartaal
            eigen = kwartaalresultaat if trend else self._bereken(gemeenten, periode, met_trend=False)
            land = self._bereken(alle, periode, niveaus=("land",), met_trend=trend)
            resultaten[periode] = (eigen, services.samenvoegen([eigen, land]))
        rekenen = time.perf_counter() - start

        with transaction.atomic(), transaction.atomic(using="audit"):
            for periode, (eigen, landelijk) in resultaten.items():
                for soort, resultaat in ((ReportRun.Soort.REGIO, eigen), (ReportRun.Soort.LANDELIJK, landelijk)):
                    ReportRun.objects.create(soort=soort, arbeidsmarktregio=regio if soort == ReportRun.Soort.REGIO
                                             else None, periode=periode.soort, periode_start=periode.start,
                                             periode_eind=periode.eind, status=ReportRun.Status.KLAAR, voortgang=100,
                                             resultaat=resultaat, klaar_op=timezone.now())  # fmt: skip
            client = bench.ingelogde_client(coordinator.user, [])
            pagina = (client, "get", reverse("reports:regio_overzicht") + f"?regio={code}", None)
            status = bench.request(*pagina).status_code
            if status == 200:
                ms, triviaal, (default, audit) = bench.meet(pagina, (client, "get", bench.TRIVIAAL_URL, None), n)
            transaction.set_rollback(True, using="audit")
            transaction.set_rollback(True)
        if status != 200:
            raise CommandError(f"De overzichtspagina gaf HTTP {status}.")
        self.stdout.write(
            f"Overzichtspagina ({code}, maand- en kwartaalrun, landelijk; rekenen vooraf {rekenen:.1f} s): mediaan van "
            f"{n}: {ms:.1f} ms, triviale pagina {triviaal:.1f} ms, verhouding {ms / triviaal:.1f}×  (doel ≤ 5×), "
            f"{default} + {audit} queries (default + audit)."
        )

    @staticmethod
    def _bereken(gemeenten: list[int], periode: Periode, *, niveaus=None, met_trend: bool) -> dict:
        return engine.onderdruk(engine.bereken_rapport(gemeenten, periode, niveaus=niveaus, met_trend=met_trend))

    @staticmethod
    def _s(tijden) -> str:
        return ", ".join(f"{t:.2f}" for t in tijden)

    @staticmethod
    def _aanwezigheid_schatting() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [Aanwezigheid._meta.db_table])
            rij = cursor.fetchone()
        return max(rij[0], 0) if rij else 0
