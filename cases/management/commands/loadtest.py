"""Load test (issue 8): consultants and taalaanbieders at once against gunicorn and a Celery worker, with MFA on.

    DATABASE_URL=postgres://... python manage.py loadtest --duration 60

On the current database (the national seed) it gives 50 consultants with a caseload a confirmed TOTP device
and an MFA-verified session written straight into the session store (no codes to type), makes 5 throwaway
taalaanbieders with an API key and enrolments (as bench_api does), starts gunicorn (MFA_VERPLICHT=1) on a free
loopback port and a Celery worker on the machine's Redis, and runs scripts/loadtest/locustfile.py headless in
a subprocess (Locust's gevent patching breaks Django in the same process). It prints requests, requests/s,
p50/p95/p99 and failures per endpoint, writes them to docs/performance.md and exits non-zero on any failure.
Afterwards everything it made is removed and the gesprekken it recorded are put back as they were, also on
failure — except the audit events, which are append-only by design.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Statushouder, TijdlijnGebeurtenis, Voortgangsgesprek
from cases.workflow import ACTIEF, Status
from inburgering.accounts import roles
from inburgering.accounts.models import User
from leerroutes.management.commands.bench_api import LESSEN_PER_INSCHRIJVING
from leerroutes.management.commands.bench_api import Command as BenchApi
from partners.models import ApiSleutel, Arbeidsmarktregio, Gemeente, Organisatie

LOCUSTFILE = Path(settings.BASE_DIR) / "scripts" / "loadtest" / "locustfile.py"
RAPPORT = Path(settings.BASE_DIR) / "docs" / "performance.md"
DOSSIERS_PER_CONSULTANT = 30
GESPREK_DOSSIERS_PER_CONSULTANT = 5
INSCHRIJVINGEN_PER_AANBIEDER = 100
STOP_TIMEOUT = 120  # seconds Locust lets the requests under way finish at the end: an interrupted one is no error
# gunicorn closes an idle keep-alive connection after 2 s by default: a user whose think time is just longer may
# send his next request on the connection as it closes ("connection reset"), which is the client's race, not load
KEEP_ALIVE = 75
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass
class Regel:
    naam: str
    aantal: int
    per_seconde: float
    p50: float
    p95: float
    p99: float
    fouten: int


class Command(BaseCommand):
    help = (
        "Belastingstest: 50 consulenten (caseload, dossier, voortgangsgesprek vastleggen) en 5 taalaanbieders "
        "(aanwezigheid via de API) tegelijk tegen gunicorn en een Celery-worker, met MFA aan; drukt per endpoint "
        "verzoeken/s, p50/p95/p99 en fouten af en schrijft ze naar docs/performance.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=60, help="duur van de test in seconden (standaard 60)")
        parser.add_argument("--ramp", type=float, default=10, help="gebruikers die per seconde starten (standaard 10)")
        parser.add_argument("--consultants", type=int, default=50, help="aantal consulenten (standaard 50)")
        parser.add_argument("--aanbieders", type=int, default=5, help="aantal taalaanbieders (standaard 5)")
        parser.add_argument(
            "--denktijd",
            type=float,
            nargs=2,
            default=[1, 3],
            metavar=("MIN", "MAX"),
            help="denktijd van een consulent tussen twee handelingen, in seconden (standaard 1 3)",
        )
        parser.add_argument("--batch", type=int, default=500, help="rijen per aanwezigheidsbatch (standaard 500)")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn-workers (standaard 3)")
        parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn-worker (standaard 4)")
        parser.add_argument(
            "--redis",
            default="redis://127.0.0.1:6379/9",
            help="Redis voor broker en cache; een eigen database, zodat geen andere worker de taken pakt",
        )
        parser.add_argument("--rapport", default=str(RAPPORT), help="Markdown-bestand voor de uitkomst")

    def handle(self, *args, **opties):
        if connection.vendor != "postgresql":
            raise CommandError("De loadtest draait tegen PostgreSQL.")
        if opties["duration"] < 1 or opties["consultants"] < 1 or opties["aanbieders"] < 1:
            raise CommandError("--duration, --consultants en --aanbieders moeten ten minste 1 zijn.")
        self.opties = opties
        self.map = Path(tempfile.mkdtemp(prefix="loadtest_"))
        self.processen: list[subprocess.Popen] = []
        self.sessies, self.apparaten, self.organisaties = [], [], []
        self.gesprekken_voor, self.tijdlijn_max, self.gesprek_dossiers = [], 0, []
        self.omvang = self._omvang()  # before the test adds anything
        try:
            scenario = {
                "consultants": self._consultants(opties["consultants"]),
                "aanbieders": self._aanbieders(opties["aanbieders"]),
                "batch": opties["batch"],
                "lessen": LESSEN_PER_INSCHRIJVING,
                "denktijd": opties["denktijd"],
            }
            bestand = self.map / "scenario.json"
            bestand.write_text(json.dumps(scenario))
            env = self._omgeving()
            poort = self._start_gunicorn(env, scenario["consultants"][0])
            self._start_worker(env)
            regels, totaal, meldingen = self._locust(env, bestand, poort)
        finally:
            self._stop()
            self._ruim_op()
        self._druk_af(regels, totaal, meldingen)
        self._schrijf_rapport(regels, totaal)
        if totaal.fouten:
            raise CommandError(f"{totaal.fouten} fouten; logs in {self.map}.")
        self.stdout.write(f"Logs: {self.map}")

    # --- preparing the users ---------------------------------------------------------------------------

    def _consultants(self, aantal) -> list[dict]:
        """Consultants with a case in uitvoering (to record a gesprek on), spread at random over the country;
        each gets a confirmed TOTP device and a session that is logged in and verified with it."""
        kandidaten = list(
            Statushouder.objects.filter(
                status=Status.IN_UITVOERING, pip_dagtekening__isnull=False, consultant__is_active=True
            )
            .filter(consultant__groups__name=roles.CONSULTANT)
            .values_list("consultant_id", flat=True)
            .distinct()
        )
        if len(kandidaten) < aantal:
            raise CommandError(f"Maar {len(kandidaten)} consulenten met een dossier in uitvoering; draai seed_demo.")
        vandaag = timezone.localdate()
        consultants = []
        for user in User.objects.filter(pk__in=random.Random(8).sample(sorted(kandidaten), aantal)):
            eigen = Statushouder.objects.filter(consultant=user, status__in=ACTIEF).order_by("id")
            gesprekken = list(
                eigen.filter(status=Status.IN_UITVOERING, pip_dagtekening__lte=vandaag).values_list("id", "uuid")[
                    :GESPREK_DOSSIERS_PER_CONSULTANT
                ]
            )
            self.gesprek_dossiers += [pk for pk, _uuid in gesprekken]
            consultants.append(
                {
                    "sessie": self._sessie(user),
                    "dossiers": [str(u) for u in eigen.values_list("uuid", flat=True)[:DOSSIERS_PER_CONSULTANT]],
                    "gesprekken": [str(u) for _pk, u in gesprekken],
                }
            )
        # what recording a gesprek changes, to put it back afterwards
        self.gesprekken_voor = list(Voortgangsgesprek.objects.filter(statushouder_id__in=self.gesprek_dossiers))
        self.tijdlijn_max = TijdlijnGebeurtenis.objects.order_by("-id").values_list("id", flat=True).first() or 0
        return consultants

    def _sessie(self, user) -> str:
        """A session as after a login with password and TOTP code (django.contrib.auth + django_otp keys)."""
        apparaat = TOTPDevice.objects.create(user=user, name="loadtest", confirmed=True)
        self.apparaten.append(apparaat.pk)
        sessie = SessionStore()
        sessie[SESSION_KEY] = str(user.pk)
        sessie[BACKEND_SESSION_KEY] = MODEL_BACKEND
        sessie[HASH_SESSION_KEY] = user.get_session_auth_hash()
        sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
        sessie.create()
        self.sessies.append(sessie.session_key)
        return sessie.session_key

    def _aanbieders(self, aantal) -> list[dict]:
        """Throwaway taalaanbieders with an API key and enrolments of existing statushouders (as bench_api)."""
        statushouders = list(Statushouder.objects.values_list("pk", flat=True)[: aantal * INSCHRIJVINGEN_PER_AANBIEDER])
        stempel = f"{timezone.now():%Y%m%d%H%M%S%f}"
        aanbieders = []
        for nr in range(aantal):
            organisatie = Organisatie.objects.create(
                naam=f"Loadtest {stempel} aanbieder {nr + 1}", type=Organisatie.Type.TAALAANBIEDER
            )
            self.organisaties.append(organisatie)
            _sleutel, key = ApiSleutel.objects.create_key(organisatie=organisatie, name="loadtest")
            eigen = statushouders[nr * INSCHRIJVINGEN_PER_AANBIEDER : (nr + 1) * INSCHRIJVINGEN_PER_AANBIEDER]
            inschrijvingen = BenchApi()._inschrijvingen(
                organisatie, eigen, INSCHRIJVINGEN_PER_AANBIEDER * LESSEN_PER_INSCHRIJVING
            )
            aanbieders.append(
                {
                    "sleutel": key,
                    "inschrijvingen": [{"id": str(i.uuid), "start": i.startdatum.isoformat()} for i in inschrijvingen],
                }
            )
        return aanbieders

    # --- the processes ---------------------------------------------------------------------------------

    def _omgeving(self) -> dict:
        redis = self.opties["redis"]
        return {
            **os.environ,
            "DEBUG": "0",
            "MFA_VERPLICHT": "1",
            "REDIS_URL": redis,
            "CELERY_BROKER_URL": redis,
            "GUNICORN_WORKERS": str(self.opties["workers"]),
            "GUNICORN_THREADS": str(self.opties["threads"]),
        }

    def _start(self, naam, argumenten, env) -> tuple[subprocess.Popen, Path]:
        log = self.map / f"{naam}.log"
        with open(log, "w") as uit:
            proces = subprocess.Popen(
                argumenten, cwd=settings.BASE_DIR, env=env, stdout=uit, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.processen.append(proces)
        return proces, log

    def _wacht(self, naam, proces, log, klaar, seconden=60):
        for _ in range(seconden * 10):
            if proces.poll() is not None:
                raise CommandError(f"{naam} stopte meteen; zie {log}.")
            if klaar():
                return
            time.sleep(0.1)
        raise CommandError(f"{naam} kwam niet op tijd op; zie {log}.")

    def _start_gunicorn(self, env, consultant) -> int:
        """gunicorn.conf.py on a free loopback port (app preloaded); up when a consultant's caseload answers 200
        (so a session that MFA would refuse stops the test before it starts); then each worker warmed up on the
        pages of the test, so that the first requests do not measure imports and template loading."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            poort = s.getsockname()[1]
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{poort}"}
        argumenten = [
            *(sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--preload"),
            *("--keep-alive", str(KEEP_ALIVE), "inburgering.wsgi"),
        ]
        proces, log = self._start("gunicorn", argumenten, env)
        basis = f"http://127.0.0.1:{poort}/dossiers/"
        cookie = {"Cookie": f"sessionid={consultant['sessie']}"}

        class GeenRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(GeenRedirect)

        def status(url, timeout=5):
            try:
                return opener.open(urllib.request.Request(url, headers=cookie), timeout=timeout).status
            except urllib.error.HTTPError as fout:
                return fout.code

        def klaar():
            try:
                antwoord = status(basis)
            except OSError:
                return False
            if antwoord != 200:
                raise CommandError(f"De caseload gaf {antwoord} met een MFA-sessie; zie {log}.")
            return True

        self._wacht("gunicorn", proces, log, klaar)
        dossier = f"{basis}{consultant['gesprekken'][0]}/"
        for _ in range(2 * self.opties["workers"]):
            for url in (basis, dossier, f"{dossier}gesprekken/vastleggen/"):
                status(url, timeout=120)
        return poort

    def _start_worker(self, env):
        argumenten = [
            *(str(Path(sys.executable).parent / "celery"), "-A", "inburgering", "worker", "--pool", "solo"),
            *("--loglevel", "info", "--hostname", f"loadtest-{os.getpid()}@%h"),
        ]
        proces, log = self._start("celery", argumenten, env)
        self._wacht("De Celery-worker", proces, log, lambda: " ready." in log.read_text())

    def _locust(self, env, scenario, poort) -> tuple[list[Regel], Regel, list[str]]:
        gebruikers = self.opties["consultants"] + self.opties["aanbieders"]
        argumenten = [
            *(str(Path(sys.executable).parent / "locust"), "-f", str(LOCUSTFILE), "--headless"),
            *("-u", str(gebruikers), "-r", str(self.opties["ramp"]), "-t", f"{self.opties['duration']}s"),
            *("--host", f"http://127.0.0.1:{poort}", "--csv", str(self.map / "locust"), "--only-summary"),
            *("--stop-timeout", str(STOP_TIMEOUT), "--loglevel", "WARNING"),
        ]
        self.stdout.write(
            f"Locust: {self.opties['consultants']} consulenten + {self.opties['aanbieders']} taalaanbieders, "
            f"{self.opties['duration']} s …"
        )
        proces, log = self._start("locust", argumenten, {**env, "LOADTEST_SCENARIO": str(scenario)})
        try:
            proces.wait(timeout=self.opties["duration"] + STOP_TIMEOUT + 60)
        except subprocess.TimeoutExpired:
            raise CommandError(f"Locust stopte niet op tijd; zie {log}.") from None
        stats = self.map / "locust_stats.csv"
        if not stats.exists():
            raise CommandError(f"Locust schreef geen statistieken; zie {log}.")
        with open(stats, newline="") as bestand:
            rijen = list(csv.DictReader(bestand))
        regels = [self._regel(rij) for rij in rijen]
        with open(self.map / "locust_failures.csv", newline="") as bestand:
            meldingen = [f"{r['Occurrences']}× {r['Name']}: {r['Error']}" for r in csv.DictReader(bestand)]
        return regels[:-1], regels[-1], meldingen

    @staticmethod
    def _regel(rij: dict) -> Regel:
        def ms(kolom):
            return float(rij[kolom]) if rij[kolom] not in ("", "N/A") else 0.0

        return Regel(
            naam=rij["Name"] if rij["Name"] != "Aggregated" else "Totaal",
            aantal=int(rij["Request Count"]),
            per_seconde=float(rij["Requests/s"]),
            p50=ms("50%"),
            p95=ms("95%"),
            p99=ms("99%"),
            fouten=int(rij["Failure Count"]),
        )

    def _stop(self):
        """Locust, the worker and gunicorn (each in its own process group), gently and then firmly."""
        for proces in reversed(self.processen):
            if proces.poll() is None:
                os.killpg(proces.pid, signal.SIGTERM)
        for proces in self.processen:
            try:
                proces.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proces.pid, signal.SIGKILL)
                proces.wait()

    def _ruim_op(self):
        """Sessions, devices and the throwaway aanbieders; the gesprekken of the test's cases back as they were."""
        for sleutel in self.sessies:
            SessionStore(session_key=sleutel).delete()
        TOTPDevice.objects.filter(pk__in=self.apparaten).delete()
        for organisatie in self.organisaties:
            BenchApi()._ruim_op(organisatie)
        with transaction.atomic():
            voor = {g.pk for g in self.gesprekken_voor}
            Voortgangsgesprek.objects.filter(statushouder_id__in=self.gesprek_dossiers).exclude(pk__in=voor).delete()
            velden = [f.name for f in Voortgangsgesprek._meta.concrete_fields if not f.primary_key]
            Voortgangsgesprek.objects.bulk_update(self.gesprekken_voor, velden, batch_size=500)
            TijdlijnGebeurtenis.objects.filter(
                statushouder_id__in=self.gesprek_dossiers, id__gt=self.tijdlijn_max
            ).delete()

    # --- reporting -------------------------------------------------------------------------------------

    def _omvang(self) -> dict:
        statushouders = Statushouder.objects.aggregate(
            totaal=Count("id"), actief=Count("id", filter=Q(status__in=ACTIEF))
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, n_live_tup FROM pg_stat_user_tables "
                "WHERE relname IN ('leerroutes_aanwezigheid', 'audit_auditevent')"
            )
            schatting = dict(cursor.fetchall())
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0]
        return {
            "arbeidsmarktregio's": Arbeidsmarktregio.objects.count(),
            "gemeenten": Gemeente.objects.count(),
            "statushouders": statushouders["totaal"],
            "waarvan actief": statushouders["actief"],
            "consulenten": User.objects.filter(groups__name=roles.CONSULTANT).count(),
            "aanwezigheidsrijen (schatting)": schatting.get("leerroutes_aanwezigheid", 0),
            "auditregels (schatting)": schatting.get("audit_auditevent", 0),
            "PostgreSQL": postgres,
        }

    def _tabel(self, regels, totaal, markdown=False) -> list[str]:
        """The figures per endpoint and in total; in Markdown the endpoint names as code (`<uuid>` is no tag)."""
        kop = ["| endpoint | verzoeken | verzoeken/s | p50 (ms) | p95 (ms) | p99 (ms) | fouten |", "|---" * 7 + "|"]
        rijen = []
        for r in [*regels, totaal]:
            naam = f"`{r.naam}`" if markdown and r is not totaal else r.naam
            cijfers = f"{r.aantal} | {r.per_seconde:.1f} | {r.p50:.0f} | {r.p95:.0f} | {r.p99:.0f} | {r.fouten}"
            rijen.append(f"| {naam} | {cijfers} |")
        return kop + rijen

    def _druk_af(self, regels, totaal, meldingen):
        self.stdout.write("")
        for regel in self._tabel(regels, totaal):
            self.stdout.write(regel)
        for melding in meldingen:
            self.stderr.write(melding)

    def _config(self) -> list[str]:
        o = self.opties
        return [
            f"- **Datum**: {timezone.localtime():%Y-%m-%d %H:%M %Z}",
            f"- **Machine**: {os.cpu_count()} cores ({platform.machine()}, {platform.system()} {platform.release()}), "
            f"PostgreSQL {self.omvang['PostgreSQL']} en Redis op dezelfde machine, alles via loopback.",
            "- **Data**: "
            + ", ".join(
                f"{aantal:,} {naam}".replace(",", ".") for naam, aantal in self.omvang.items() if naam != "PostgreSQL"
            )
            + ".",
            f"- **Duur**: {o['duration']} s, {o['ramp']:g} gebruikers per seconde erbij tot alle gebruikers draaien.",
            f"- **Gebruikers**: {o['consultants']} consulenten, elk met een eigen sessie met MFA (TOTP) geverifieerd: "
            "caseload, een dossier uit de eigen caseload en een voortgangsgesprek vastleggen via het formulier "
            "(GET + POST met het CSRF-token van de pagina), gewicht 5 : 5 : 1, "
            f"denktijd {o['denktijd'][0]:g}–{o['denktijd'][1]:g} s; "
            f"{o['aanbieders']} taalaanbieders die elke 2–5 s een batch van {o['batch']} aanwezigheidsrijen posten "
            f"(`POST /api/v1/aanwezigheid`, eigen API-sleutel, gewone throttle {settings.API_THROTTLE_RATE}).",
            f"- **Server**: gunicorn (gunicorn.conf.py) met {o['workers']} workers × {o['threads']} threads, "
            f"`--preload`, `--keep-alive {KEEP_ALIVE}`, `DEBUG=0`, `MFA_VERPLICHT=1`; "
            f"één Celery-worker (`--pool solo`); Redis ({o['redis']}) als broker en cache.",
        ]

    def _schrijf_rapport(self, regels, totaal):
        tekst = [
            "# Prestaties: belastingstest",
            "",
            "`manage.py loadtest` laat 50 consulenten en 5 taalaanbieders tegelijk werken tegen gunicorn en een",
            "Celery-worker, met MFA aan, en meet per endpoint de verzoeken per seconde en de responstijden.",
            "",
            "## Zo draait u hem",
            "",
            "```bash",
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/<database met de landelijke seed> \\",
            "  .venv/bin/python manage.py loadtest --duration 60",
            "```",
            "",
            "Het commando geeft 50 consulenten met een caseload een bevestigd TOTP-apparaat en een ingelogde,",
            "met MFA geverifieerde sessie (rechtstreeks in de sessieopslag, zonder codes te typen), maakt 5",
            "wegwerp-taalaanbieders met een API-sleutel en inschrijvingen, start gunicorn (`MFA_VERPLICHT=1`) op een",
            "vrije poort op 127.0.0.1 en een Celery-worker op de Redis van de machine, en draait",
            "`scripts/loadtest/locustfile.py` headless in een apart proces (Locust past de standaardbibliotheek aan",
            "met gevent; dat verdraagt Django in hetzelfde proces niet). Daarna ruimt het alles op: sessies,",
            "apparaten, sleutels, aanbieders met hun inschrijvingen en aanwezigheid, en de vastgelegde",
            "gesprekken (de gesprekken van de gebruikte dossiers komen terug zoals ze waren). Alleen de",
            "auditregels blijven: die zijn bij ontwerp alleen-toevoegen. Bij één of meer fouten eindigt het",
            "commando met een foutcode. Opties: `--duration`, `--ramp`, `--consultants`, `--aanbieders`,",
            "`--denktijd`, `--batch`, `--workers`, `--threads`, `--redis`, `--rapport`.",
            "",
            "## Laatste meting",
            "",
            *self._config(),
            "",
            *self._tabel(regels, totaal, markdown=True),
            "",
            "De namen zijn endpoints, niet de URL's: `<uuid>` staat voor het dossier. p50/p95/p99 zijn",
            "percentielen van de responstijd in milliseconden zoals Locust ze meet (de formulierpagina en het",
            "opslaan van een gesprek zijn twee verzoeken; opslaan antwoordt met een redirect, die niet wordt",
            "gevolgd). De gebruikers wachten op hun antwoord voor ze verder gaan (een gesloten lus): kan de server",
            "het aanbod niet bijhouden, dan groeit de wachtrij en daarmee de responstijd, niet het aantal fouten.",
            "De verzoeken/s van de regel Totaal zijn dan wat deze opstelling op deze machine verwerkt, en p50/p95",
            "bestaan vooral uit wachten op een vrije worker.",
            "",
            "**Let op:** de machine heeft 2 cores en draaide tijdens de meting ook tests van andere ontwikkelaars;",
            "Locust zelf, gunicorn, de worker, PostgreSQL en Redis delen die cores. De cijfers zijn daardoor",
            "rumoerig en eerder een ondergrens dan wat een eigen server haalt.",
            "",
        ]
        Path(self.opties["rapport"]).write_text("\n".join(tekst), encoding="utf-8")
        self.stdout.write(f"Geschreven: {self.opties['rapport']}")
