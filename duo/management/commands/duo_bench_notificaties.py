"""`manage.py duo_bench_notificaties [--aantal 3210]`: a benchmark, not a test. DUO sends N SS139 notifications at
once (3,210: the missed kennisgevingen DUO sent in bulk in September 2023) to the Achterhoek gemeenten; it reports
whether all were answered 201, stored once (a sample is sent again with the same berichtId) and processed into
one aanmelding each, and how long accepting and processing took.

It runs against the database of the settings (DATABASE_URL), migrated. The Achterhoek gemeenten with their OINs
are used when they are there; on a database without any gemeente they are created (partners.achterhoek). The rows
it makes stay (they show in the gemeenten's queue) unless --opruimen; audit events always stay.

Everything runs in this process: a DuoSimulator (duo.simulator) over mutual TLS with a throw-away test PKI, our
application behind duo.tls.MtlsServer (as nginx in production), the simulator's notifications posted by
--gelijktijdig threads. The Celery queue is bypassed: the notifications are then processed by --verwerkers threads,
each taking the next one and calling duo.verwerking.verwerk as the task does (which reads DUO's data back from the
simulator). One Python process shares one GIL among client, server and simulator: the rates are a lower bound."""

from __future__ import annotations

import itertools
import os
import random
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from duo import verwerking
from duo.models import Aanmelding, Notificatie
from duo.pki import maak_pki
from duo.simulator import DuoSimulator
from duo.tls import MtlsServer, django_app
from partners.achterhoek import GEMEENTEN, build_achterhoek
from partners.models import Gemeente


class Command(BaseCommand):
    @property
    def help(self):  # a property: argparse needs a str, not a lazy translation
        return gettext("Benchmark: N SS139-notificaties van DUO tegelijk ontvangen en verwerken tot aanmeldingen.")

    def add_arguments(self, parser):
        parser.add_argument("--aantal", type=int, default=3210, help="Aantal notificaties (standaard 3210).")
        parser.add_argument("--gelijktijdig", type=int, default=32, help="Verbindingen van DUO tegelijk.")
        parser.add_argument("--verwerkers", type=int, default=8, help="Threads die de inbox verwerken.")
        parser.add_argument("--opnieuw", type=float, default=0.1, help="Deel dat DUO nog eens stuurt (0.1 = 10%%).")
        parser.add_argument("--opruimen", action="store_true", help="Aanmeldingen en notificaties na afloop weg.")

    def handle(self, *args, aantal, gelijktijdig, verwerkers, opnieuw, opruimen, **opties):
        # requests lets these override a Session's own `verify` (psf/requests#3829): the test CA must be used.
        for naam in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            os.environ.pop(naam, None)
        gemeenten = _gemeenten(self.stdout)
        with tempfile.TemporaryDirectory() as map_:
            pki = maak_pki(Path(map_), gemeente_oins=[g.oin for g in gemeenten], duo_oin=settings.DUO_OIN)
            simulator = DuoSimulator(duo_oin=settings.DUO_OIN, pki=pki)
            for gemeente in gemeenten:
                simulator.gemeente(gemeente.oin, gemeente.cbs_code[2:], gemeente.naam)
            app = MtlsServer(django_app(), certfile=pki.app_server_cert, keyfile=pki.app_server_key, cafile=pki.ca_cert)
            duo_url = simulator.start()
            app.start()
            simulator.notificatie_url = app.url + reverse("duo_api:notificaties")
            try:
                with (
                    override_settings(
                        DUO_API_URL=duo_url,
                        DUO_CLIENT_CERT=str(pki.app_client_cert),
                        DUO_CLIENT_KEY=str(pki.app_client_key),
                        DUO_CA_BUNDLE=str(pki.ca_cert),
                    ),
                    mock.patch.object(verwerking, "in_wachtrij", lambda notificatie_id: False),
                ):
                    uitslag = self._meet(simulator, gemeenten, aantal, gelijktijdig, verwerkers, opnieuw)
            finally:
                app.stop()
                simulator.stop()
        if opruimen:
            ids = Notificatie.objects.filter(bericht_id__in=uitslag.pop("bericht_ids"))
            Aanmelding.objects.filter(notificatie__in=ids).delete()
            ids.delete()
            self.stdout.write("Opgeruimd: de aanmeldingen en notificaties van deze meting.")
        if uitslag["fouten"]:
            raise CommandError("; ".join(uitslag["fouten"]))
        self.stdout.write(self.style.SUCCESS("Alles ontvangen (201), eenmaal opgeslagen en eenmaal verwerkt."))

    def _meet(self, simulator, gemeenten, aantal, gelijktijdig, verwerkers, opnieuw) -> dict:
        schrijf = self.stdout.write
        personen = [
            (simulator.nieuwe_inburgeringsplichtige(g.oin, notificeer=False), g.oin, str(uuid.uuid4()))
            for g, _ in zip(itertools.cycle(gemeenten), range(aantal), strict=False)
        ]
        bericht_ids = [bericht_id for _, _, bericht_id in personen]
        fouten = []

        def stuur(persoon):
            bsn, oin, bericht_id = persoon
            return simulator.notificeer(bsn, "SS139", oin, bericht_id=bericht_id)

        schrijf(f"{aantal} SS139-notificaties naar {len(gemeenten)} gemeenten, {gelijktijdig} verbindingen tegelijk…")
        begin = time.perf_counter()
        with ThreadPoolExecutor(gelijktijdig) as pool:
            statussen = Counter(pool.map(stuur, personen))
        ontvangen_in = time.perf_counter() - begin
        opgeslagen = Notificatie.objects.filter(bericht_id__in=bericht_ids).count()
        schrijf(
            f"Ontvangen: {dict(statussen)} in {ontvangen_in:.1f} s ({aantal / ontvangen_in:.0f}/s); "
            f"opgeslagen {opgeslagen}"
        )
        if statussen != Counter({201: aantal}) or opgeslagen != aantal:
            fouten.append(f"niet alles 201 en opgeslagen: {dict(statussen)}, {opgeslagen} van {aantal}")

        steekproef = random.sample(personen, max(1, int(aantal * opnieuw)))
        with ThreadPoolExecutor(gelijktijdig) as pool:
            nog_eens = Counter(pool.map(stuur, steekproef))
        opgeslagen = Notificatie.objects.filter(bericht_id__in=bericht_ids).count()
        schrijf(f"Nog eens verstuurd: {len(steekproef)} berichtIds: {dict(nog_eens)}; opgeslagen {opgeslagen}")
        if nog_eens != Counter({201: len(steekproef)}) or opgeslagen != aantal:
            fouten.append(f"herhaalde berichtIds: {dict(nog_eens)}, opgeslagen {opgeslagen} van {aantal}")

        run = Notificatie.objects.filter(bericht_id__in=bericht_ids)
        wachtrij = iter(list(run.values_list("id", flat=True)))
        slot = threading.Lock()

        def verwerker(_):
            verwerkt = 0
            try:
                while True:
                    with slot:
                        notificatie_id = next(wachtrij, None)
                    if notificatie_id is None:
                        return verwerkt
                    verwerkt += verwerking.verwerk(notificatie_id)
            finally:
                connections.close_all()

        schrijf(f"Verwerken met {verwerkers} verwerkers…")
        begin = time.perf_counter()
        with ThreadPoolExecutor(verwerkers) as pool:
            verwerkt = sum(pool.map(verwerker, range(verwerkers)))
        verwerkt_in = time.perf_counter() - begin
        aanmeldingen = Aanmelding.objects.filter(notificatie__in=run)
        dubbel = aanmeldingen.values("gemeente", "bsn").annotate(n=Count("id")).filter(n__gt=1).count()
        over = run.exclude(status=Notificatie.Status.VERWERKT).count()
        schrijf(
            f"Verwerkt: {verwerkt} in {verwerkt_in:.1f} s ({verwerkt / verwerkt_in:.0f}/s); aanmeldingen "
            f"{aanmeldingen.count()}, dubbel {dubbel}, niet verwerkt {over}"
        )
        if verwerkt != aantal or aanmeldingen.count() != aantal or dubbel or over:
            fouten.append(f"verwerkt {verwerkt}, aanmeldingen {aanmeldingen.count()}, dubbel {dubbel}, over {over}")
        return {"fouten": fouten, "bericht_ids": bericht_ids}


def _gemeenten(stdout) -> list[Gemeente]:
    """The Achterhoek gemeenten with an OIN; on a database without gemeenten, the Achterhoek is made first."""
    if not Gemeente.objects.exists():
        with transaction.atomic():
            build_achterhoek(timezone.localdate())
        stdout.write("Lege database: de Achterhoek aangemaakt (partners.achterhoek).")
    gemeenten = list(
        Gemeente.objects.filter(cbs_code__in=[code for _, code, _ in GEMEENTEN], oin__isnull=False).order_by("naam")
    )
    if not gemeenten:
        raise CommandError("Geen Achterhoekse gemeente met een OIN in deze database.")
    return gemeenten
