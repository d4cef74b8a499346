"""Median server time of the casework pages on the current database, each next to a trivial view timed between its
requests (machines are noisy, and a trivial page timed once at the start moved the ratios by half: compare the
ratio, not the milliseconds), with each page's number of queries.

    python manage.py seed_demo --scale national && python manage.py bench_pages

Without --user/--teamleider it takes the largest gemeente (most active cases): its consultant with the largest
caseload and its teamleider. It runs with the default settings: MFA on, the clients carry a session verified with a
TOTP device made for the run (removed afterwards), as after a login with password and code. A page whose URL does
not resolve yet (or answers 404 because the data is missing) is skipped with a note.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Statushouder
from cases.workflow import ACTIEF
from inburgering import bench
from inburgering.accounts import roles
from partners.models import Gemeente

TRIVIAAL = "trivial (toegankelijkheid)"


class Command(BaseCommand):
    help = (
        "Times the casework pages (Vandaag as consultant and teamleider, caseload, case page, PIP beschikking, "
        "agenda, taken, search, a document, the dossieroverzicht) against a trivial page: median of N requests, the "
        "ratio to the trivial page and the number of queries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", help="consultant (default: the largest caseload of the largest gemeente)")
        parser.add_argument("--teamleider", help="teamleider (default: one of the largest gemeente)")
        parser.add_argument("-n", type=int, default=30, help="requests per page (after 3 warm-up requests)")

    def handle(self, *args, user, teamleider, n, **options):
        gemeente = self._grootste_gemeente()
        account = self._user(user) if user else self._consulent(gemeente)
        leider = self._user(teamleider) if teamleider else self._teamleider(gemeente)
        eigen = Statushouder.objects.filter(consultant=account)
        case = (
            eigen.filter(status="in_uitvoering", pip_dagtekening__isnull=False).order_by("pk").first()
            or eigen.order_by("pk").first()
        )
        if case is None:
            raise CommandError(f"{account.username} heeft geen dossiers.")
        apparaten = []
        try:
            client, leider_client = (bench.ingelogde_client(u, apparaten) for u in (account, leider))
            pages, notes = self._pages(client, leider_client, case)
            results = {}
            for name, (page_client, method, url, data) in pages.items():
                try:
                    status = bench.request(page_client, method, url, data).status_code
                except Exception as exc:  # noqa: BLE001 - a page another part is still building: note it, go on
                    notes.append(f"{name}: {method} {url} raised {type(exc).__name__}: {str(exc).splitlines()[0]}")
                    continue
                if status != 200:
                    notes.append(f"{name}: {method} {url} gave HTTP {status}, skipped")
                    continue
                results[name] = bench.meet((page_client, method, url, data), pages[TRIVIAAL], n)
        finally:
            TOTPDevice.objects.filter(pk__in=apparaten).delete()

        if TRIVIAAL not in results:
            raise CommandError("the trivial page did not answer 200")
        self.stdout.write(
            f"median of {n} requests, gemeente {gemeente.naam}, consultant {account.username}, teamleider "
            f"{leider.username} ({Statushouder.objects.count()} statushouders, "
            f"{Statushouder.objects.filter(gemeente=gemeente, status__in=ACTIEF).count()} active in the gemeente):"
        )
        self.stdout.write(
            f"  {'page':34} {'median':>9}   {'trivial':>9}   {'ratio':>7}   queries (default + audit)   (ratio: to the "
            "trivial page timed between the page's requests)"
        )
        for name, (ms, trivial, (default, audit)) in results.items():
            self.stdout.write(
                f"  {name:34} {ms:6.1f} ms   {trivial:6.1f} ms   {ms / trivial:6.1f}×   {default} + {audit}"
            )
        for note in notes:
            self.stdout.write(f"  note: {note}")

    # --- the pages ------------------------------------------------------------------------------------------

    def _pages(self, client, leider_client, case) -> tuple[dict, list[str]]:
        notes = []
        pages = {}

        def add(name, page_client, url_name, args=(), query="", method="get", data=None):
            try:
                url = reverse(url_name, args=args)
            except NoReverseMatch:
                notes.append(f"{name}: URL {url_name} does not resolve, skipped")
                return
            pages[name] = (page_client, method, url + query, data)

        pages[TRIVIAAL] = (client, "get", bench.TRIVIAAL_URL, None)
        add("Vandaag (consultant)", client, "cases:vandaag")
        add("Vandaag (teamleider)", leider_client, "cases:vandaag")
        add("caseload", client, "cases:caseload")
        add("Team (teamleider)", leider_client, "cases:team")
        add("case page", client, "cases:dossier", [case.uuid])
        if case.pip_dagtekening:
            add("PIP beschikking (PDF)", client, "cases:pip_pdf", [case.uuid])
        else:
            notes.append("PIP beschikking: the case has no vastgesteld PIP, skipped")
        add("agenda (day)", client, "agenda:overzicht")
        add("agenda (week)", client, "agenda:overzicht", query="?weergave=week")
        add("taken", client, "taken:overzicht")
        add("search (POST)", client, "cases:zoeken", method="post", data={"q": case.achternaam})
        document = self._document(case)
        if document is not None:
            add("document download", client, "documenten:downloaden", [document])
        else:
            notes.append("document download: no document on the case (or no documenten app), skipped")
        add("dossieroverzicht (PDF)", client, "cases:dossieroverzicht", [case.uuid])
        return pages, notes

    @staticmethod
    def _document(case):
        try:
            from documenten.models import Document
        except ImportError:
            return None
        try:
            return Document.objects.filter(statushouder=case).values_list("uuid", flat=True).first()
        except DatabaseError:  # the app's migrations have not run on this database
            return None

    # --- the users ------------------------------------------------------------------------------------------

    @staticmethod
    def _grootste_gemeente() -> Gemeente:
        gemeente = (
            Gemeente.objects.annotate(actief=Count("statushouders", filter=Q(statushouders__status__in=ACTIEF)))
            .order_by("-actief", "pk")
            .first()
        )
        if gemeente is None:
            raise CommandError("Geen gemeenten; draai eerst seed_demo.")
        return gemeente

    @staticmethod
    def _met_rol(gemeente, rol):
        return (
            get_user_model()
            .objects.filter(groups=Group.objects.get(name=rol), is_active=True)
            .filter(groups=gemeente.group)
        )

    def _consulent(self, gemeente):
        account = (
            self._met_rol(gemeente, roles.CONSULTANT)
            .annotate(aantal=Count("caseload", filter=Q(caseload__status__in=ACTIEF)))
            .order_by("-aantal", "pk")
            .first()
        )
        if account is None:
            raise CommandError(f"Geen consulent in {gemeente.naam}; draai eerst seed_demo.")
        return account

    def _teamleider(self, gemeente):
        account = self._met_rol(gemeente, roles.TEAMLEIDER).order_by("pk").first()
        if account is None:
            raise CommandError(f"Geen teamleider in {gemeente.naam}; draai eerst seed_demo.")
        return account

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Gebruiker {username} bestaat niet; draai eerst seed_demo.") from exc
