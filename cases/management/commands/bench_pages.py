"""Median server time of the consultant's main pages on the current database, next to a trivial view
measured in the same run (machines are noisy: compare the ratio, not the milliseconds).

    python manage.py seed_demo && python manage.py bench_pages --user consulent.winterswijk1

The teamleider's pages (Vandaag over the whole gemeente, Team) are timed as --teamleider.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from cases.models import Statushouder


class Command(BaseCommand):
    help = (
        "Times Vandaag, the caseload, a case page and the PIP PDF, and the teamleider's Vandaag and Team pages, "
        "against a trivial page (median of N requests)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", default="consulent.winterswijk1")
        parser.add_argument("--teamleider", default="teamleider.winterswijk")
        parser.add_argument("-n", type=int, default=30, help="requests per page (after 3 warm-up requests)")

    def handle(self, *args, user, teamleider, n, **options):
        account, leider = self._user(user), self._user(teamleider)
        client = Client(SERVER_NAME="localhost")
        client.force_login(account)
        leider_client = Client(SERVER_NAME="localhost")
        leider_client.force_login(leider)
        eigen = Statushouder.objects.filter(consultant=account)
        case = eigen.filter(status="in_uitvoering").first() or eigen.first()
        if case is None:
            raise CommandError(f"{user} heeft geen dossiers.")
        pages = {
            "trivial (toegankelijkheid)": (client, "/toegankelijkheid/"),
            "Vandaag": (client, "/dossiers/vandaag/"),
            "caseload": (client, "/dossiers/"),
            "case page": (client, f"/dossiers/{case.uuid}/"),
        }
        if case.pip_dagtekening:
            pages["PIP PDF"] = (client, f"/dossiers/{case.uuid}/pip/beschikking.pdf")
        pages["Vandaag (teamleider)"] = (leider_client, "/dossiers/vandaag/")
        pages["Team (teamleider)"] = (leider_client, "/dossiers/team/")
        results = {}
        for name, (page_client, url) in pages.items():
            for _ in range(3):
                status = page_client.get(url).status_code
            if status != 200:
                raise CommandError(f"{url} gaf HTTP {status}")
            times = []
            for _ in range(n):
                start = time.perf_counter()
                page_client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            results[name] = statistics.median(times)
        baseline = results["trivial (toegankelijkheid)"]
        self.stdout.write(f"median of {n} requests as {user} ({Statushouder.objects.count()} statushouders):")
        for name, ms in results.items():
            self.stdout.write(f"  {name:28} {ms:8.1f} ms   {ms / baseline:6.1f}× trivial")

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Gebruiker {username} bestaat niet; draai eerst seed_demo.") from exc
