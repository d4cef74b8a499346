"""Bulk attendance through the provider API against PostgreSQL COPY of the same rows (issue 5's target: the
API reaches at least 25% of COPY's rows per second).

    DATABASE_URL=postgres://... python manage.py bench_api --rows 200000

On the current database (seed it first: the enrolments belong to existing statushouders) it creates a
throwaway taalaanbieder with an API key and enough enrolments, starts gunicorn on a free loopback port,
POSTs the rows over one keep-alive HTTP connection in batches of API_BATCH_MAX_RIJEN, deletes them, loads
the same rows with COPY, and prints rows/s for both and the ratio. Everything it made is removed afterwards,
also on failure — except the audit events of the upload, which are append-only by design.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from cases.models import Statushouder
from leerroutes.models import Aanwezigheid, Inschrijving, Leerroute
from leerroutes.services import API_STATUS
from partners.models import ApiSleutel, Organisatie

LESSEN_PER_INSCHRIJVING = 200
KOLOMMEN = (
    *("inschrijving_id", "les_id", "datum", "soort", "geplande_minuten", "aanwezige_minuten", "status", "opmerking"),
    "gewijzigd_op",
)
STATUSSEN = list(API_STATUS)  # API names; COPY gets the stored values


class Command(BaseCommand):
    help = "Loads N attendance rows through the provider API (HTTP) and with COPY; prints rows/s and the ratio."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=200_000, help="number of attendance rows (default 200,000)")
        parser.add_argument("--threads", type=int, default=2, help="gunicorn threads (one worker)")

    def handle(self, *args, rows, threads, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_api meet tegen PostgreSQL.")
        if rows < 1:
            raise CommandError("--rows moet ten minste 1 zijn.")
        statushouders = list(Statushouder.objects.values_list("pk", flat=True)[:1000])
        if not statushouders:
            raise CommandError("De database heeft geen statushouders; draai eerst seed_demo.")
        organisatie = Organisatie.objects.create(
            naam=f"Benchmark bench_api {timezone.now():%Y%m%d%H%M%S%f}", type=Organisatie.Type.TAALAANBIEDER
        )
        server = None
        log = tempfile.NamedTemporaryFile("w", prefix="bench_api_gunicorn_", suffix=".log", delete=False)
        try:
            _sleutel, key = ApiSleutel.objects.create_key(organisatie=organisatie, name="bench_api")
            inschrijvingen = self._inschrijvingen(organisatie, statushouders, rows)
            batches = self._batches(inschrijvingen, rows)
            server, port = self._start_gunicorn(threads, log)
            api_seconden = self._via_api(port, key, batches)
            eigen = Aanwezigheid.objects.filter(inschrijving__organisatie=organisatie)
            if eigen.count() != rows:
                raise CommandError(f"De API schreef {eigen.count()} rijen in plaats van {rows}.")
            eigen.delete()
            copy_seconden = self._via_copy(inschrijvingen, batches)
            if eigen.count() != rows:
                raise CommandError(f"COPY schreef {eigen.count()} rijen in plaats van {rows}.")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            log.close()
            self._ruim_op(organisatie)
        os.unlink(log.name)  # kept only when something failed
        api, copy = rows / api_seconden, rows / copy_seconden
        self.stdout.write(f"{rows} attendance rows, batches of {settings.API_BATCH_MAX_RIJEN}:")
        self.stdout.write(f"  API (HTTP, gunicorn)  {api_seconden:7.2f} s  {api:10,.0f} rows/s")
        self.stdout.write(f"  PostgreSQL COPY       {copy_seconden:7.2f} s  {copy:10,.0f} rows/s")
        self.stdout.write(f"  API / COPY            {100 * api / copy:6.1f}%  (target ≥ 25%)")

    def _inschrijvingen(self, organisatie, statushouders, rows) -> list[Inschrijving]:
        """Enough enrolments (at most LESSEN_PER_INSCHRIJVING lessons each), started long enough ago."""
        aantal = -(-rows // LESSEN_PER_INSCHRIJVING)
        start = timezone.localdate() - timedelta(days=LESSEN_PER_INSCHRIJVING + 10)
        leerroute = Leerroute.objects.get(code=Leerroute.Code.B1)
        return Inschrijving.objects.bulk_create(
            Inschrijving(
                statushouder_id=statushouders[i % len(statushouders)],
                organisatie=organisatie,
                leerroute=leerroute,
                status=Inschrijving.Status.ACTIEF,
                startdatum=start,
            )
            for i in range(aantal)
        )

    def _batches(self, inschrijvingen, rows) -> list[list[dict]]:
        """The rows as a provider sends them: per enrolment a lesson a day, some late, some absent."""
        rijen = []
        for i in range(rows):
            inschrijving, les = inschrijvingen[i // LESSEN_PER_INSCHRIJVING], i % LESSEN_PER_INSCHRIJVING
            status = STATUSSEN[0] if i % 10 < 8 else STATUSSEN[1 + i % 2]
            rijen.append(
                {
                    "inschrijving": str(inschrijving.uuid),
                    "lesId": f"bench-{les}",
                    "datum": (inschrijving.startdatum + timedelta(days=les)).isoformat(),
                    "soort": "les" if i % 5 else "participatie",
                    "geplandeMinuten": 180,
                    "aanwezigeMinuten": (180 - i % 60) if status == "aanwezig" else 0,
                    "status": status,
                    "opmerking": "" if i % 7 else "later binnen",
                }
            )
        n = settings.API_BATCH_MAX_RIJEN
        return [rijen[i : i + n] for i in range(0, rows, n)]

    def _start_gunicorn(self, threads, log) -> tuple[subprocess.Popen, int]:
        """One gunicorn worker (threads keep the connection alive) on a free loopback port, throttle raised."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": str(threads),
            "API_THROTTLE_RATE": "100000/min",
            "DEBUG": "0",
        }
        base = Path(settings.BASE_DIR)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(base / "gunicorn.conf.py"), "inburgering.wsgi"],
            cwd=base,
            env=env,
            stdout=log,
            stderr=log,
        )
        for _ in range(300):
            if server.poll() is not None:
                raise CommandError(f"gunicorn stopte meteen; zie {log.name}.")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                return server, port
            except OSError:
                time.sleep(0.1)
        server.terminate()
        raise CommandError(f"gunicorn kwam niet op tijd op; zie {log.name}.")

    def _via_api(self, port, key, batches) -> float:
        """POST every batch over one keep-alive connection; the bodies are encoded before the clock starts."""
        bodies = [json.dumps(batch).encode() for batch in batches]
        headers = {"Authorization": f"Api-Key {key}", "Content-Type": "application/json"}
        verbinding = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            verbinding.request("GET", "/api/v1/aanwezigheid?pageSize=1", headers=headers)  # warm up the worker
            verbinding.getresponse().read()
            start = time.perf_counter()
            for body in bodies:
                verbinding.request("POST", "/api/v1/aanwezigheid", body=body, headers=headers)
                response = verbinding.getresponse()
                antwoord = response.read()
                if response.status != 201:
                    raise CommandError(f"De API antwoordde {response.status}: {antwoord[:500]!r}")
            return time.perf_counter() - start
        finally:
            verbinding.close()

    def _via_copy(self, inschrijvingen, batches) -> float:
        """The same rows with COPY into the table, in one transaction (the floor for any loader)."""
        per_uuid = {str(inschrijving.uuid): inschrijving.pk for inschrijving in inschrijvingen}
        waarden = [
            (
                per_uuid[rij["inschrijving"]],
                rij["lesId"],
                rij["datum"],
                rij["soort"],
                rij["geplandeMinuten"],
                rij["aanwezigeMinuten"],
                API_STATUS[rij["status"]],
                rij["opmerking"],
            )
            for batch in batches
            for rij in batch
        ]
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE leerroutes_aanwezigheid")  # the API's deleted rows out of the way
        kolommen = ", ".join(KOLOMMEN)
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.copy(f"COPY leerroutes_aanwezigheid ({kolommen}) FROM STDIN") as copy:
                nu = timezone.now()
                for rij in waarden:
                    copy.write_row((*rij, nu))
        return time.perf_counter() - start

    def _ruim_op(self, organisatie):
        with transaction.atomic():
            Aanwezigheid.objects.filter(inschrijving__organisatie=organisatie).delete()
            Inschrijving.objects.filter(organisatie=organisatie).delete()
            ApiSleutel.objects.filter(organisatie=organisatie).delete()
            organisatie.delete()
