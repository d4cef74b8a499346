"""`manage.py seed_demo`: synthetic demo data (the Achterhoek) or benchmark data (`--scale national`).

All data is synthetic. BSNs come from the RvIG test range 9999xxxxx and pass the elfproef; names are drawn
from the nationalities of recent asylum inflow. The command writes no audit events: nobody's personal data
is processed, the system writes made-up rows. Everything happens in one transaction.
"""

from django.core.management.base import BaseCommand, CommandError

from cases.demo.generator import SCALES
from cases.demo.seed import (
    DEMO_API_SLEUTEL,
    DEMO_WACHTWOORD,
    achterhoek_bestaat,
    achterhoek_logins,
    demo_api_sleutel_bestaat,
    run,
)
from cases.models import Statushouder
from partners.models import Arbeidsmarktregio


class Command(BaseCommand):
    help = (
        "Bouwt synthetische demogegevens: de Achterhoek (8 gemeenten, aanbieders, ketenpartners, medewerkers en "
        "een paar honderd statushouders in elke fase), of met --scale national ~35 arbeidsmarktregio's, ~340 "
        "gemeenten, ~150.000 statushouders en meer dan 20 miljoen aanwezigheidsregels (bulk geladen met COPY). "
        "BSN's komen uit de testreeks 9999xxxxx van RvIG. Er worden geen auditregels geschreven: de gegevens "
        "zijn verzonnen en door het systeem geschreven."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="achterhoek", help="achterhoek (standaard) of national"
        )
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="Een kleinere run met dezelfde vorm: dit deel van de statushouders en de extra regio's (0 < f ≤ 1)",
        )
        parser.add_argument(
            "--seed", type=int, default=2022, help="Startwaarde van de toevalsgenerator (standaard 2022)"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Als de Achterhoek er al is: niets bouwen, alleen de inloggegevens tonen",
        )

    def handle(self, *args, scale, fraction, seed, if_empty, verbosity, **options):
        if not 0 < fraction <= 1:
            raise CommandError("--fraction moet groter dan 0 en hoogstens 1 zijn.")
        if achterhoek_bestaat():
            if if_empty:
                self.stdout.write("De demogegevens staan er al; er is niets gebouwd.")
                self.print_logins()
                return
            raise CommandError(
                "De database bevat al demogegevens (de arbeidsmarktregio Achterhoek bestaat). Gebruik --if-empty "
                "om alleen de inloggegevens te tonen, of begin met een lege database."
            )
        if Arbeidsmarktregio.objects.exists() or Statushouder.objects.exists():
            raise CommandError(
                "De database is niet leeg (er zijn al arbeidsmarktregio's of dossiers); seed_demo bouwt alleen in "
                "een lege database."
            )

        log = self.stdout.write if verbosity >= 1 else (lambda _msg: None)
        result = run(scale=SCALES[scale].fractie(fraction), seed=seed, log=log)

        if verbosity >= 1:
            self.stdout.write("")
            self.stdout.write("Aantallen:")
            for naam, aantal in result.aantallen.items():
                self.stdout.write(f"  {naam:<40} {aantal:>12,}".replace(",", "."))
        if verbosity >= 2:
            self.stdout.write("Verdeling:")
            for naam, aantal in result.verdeling.items():
                self.stdout.write(f"  {naam:<40} {aantal:>12,}".replace(",", "."))
        if verbosity >= 1:
            self.stdout.write(f"Totale tijd: {result.totaal:.1f} s")
        self.print_logins()

    def print_logins(self):
        logins = achterhoek_logins()
        self.stdout.write("")
        self.stdout.write(f"Inloggen (Achterhoek) — wachtwoord voor alle demogebruikers: {DEMO_WACHTWOORD}")
        self.stdout.write(f"  {'rol':<18} {'gebruikersnaam':<32} gemeente / regio")
        for login in logins:
            self.stdout.write(f"  {login.rol:<18} {login.gebruikersnaam:<32} {login.waar}")
        if demo_api_sleutel_bestaat():
            self.stdout.write(f"API voor taalaanbieders (TopTaal): Authorization: Api-Key {DEMO_API_SLEUTEL}")
            self.stdout.write("  documentatie: /api/v1/docs — handleiding: docs/provider-api.md")
