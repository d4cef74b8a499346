"""`manage.py anonimiseer`: the retention job by hand. A dry run by default: which cases are past the retention
period and how many rows per model would change — uuids, gemeenten and end dates only, no names or BSNs."""

from datetime import date

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.selectors.bewaartermijn import bewaargrens, verlopen_dossiers
from cases.services import bewaartermijn
from cases.services.common import today

NAMEN = {"cases.StatushouderUserObjectPermission": "rechten per dossier (verwijderd)"}


def peildatum(waarde: str) -> date:
    try:
        return date.fromisoformat(waarde)
    except ValueError as exc:
        raise CommandError(f"Ongeldige peildatum {waarde!r}: gebruik JJJJ-MM-DD.") from exc


class Command(BaseCommand):
    help = (
        "Anonimiseert de dossiers waarvan het traject langer dan de bewaartermijn (BEWAARTERMIJN_JAREN) geleden is "
        "geëindigd: persoonsgegevens en vrije tekst worden verwijderd, de datums en codes voor de rapportages "
        "blijven (van de geboortedatum alleen de maand). Zonder --uitvoeren een proefdraai die alleen toont wat er "
        "zou veranderen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--uitvoeren", action="store_true", help="Anonimiseer echt (standaard: proefdraai)")
        parser.add_argument(
            "--peildatum", type=peildatum, default=None, help="Rekenen alsof het deze datum is (JJJJ-MM-DD; test)"
        )

    def handle(self, *args, uitvoeren, peildatum, **options):
        peildatum = peildatum or today()
        dossiers = list(verlopen_dossiers(peildatum))
        self.stdout.write(
            f"Peildatum {peildatum:%d-%m-%Y}, bewaartermijn {settings.BEWAARTERMIJN_JAREN} jaar: dossiers met een "
            f"einddatum vóór {bewaargrens(peildatum):%d-%m-%Y} die nog niet zijn geanonimiseerd."
        )
        per_model = bewaartermijn.anonimiseer(dossiers) if uitvoeren else bewaartermijn.te_wijzigen(dossiers)

        per_gemeente: dict[str, int] = {}
        for sh in dossiers:
            per_gemeente[sh.gemeente.naam] = per_gemeente.get(sh.gemeente.naam, 0) + 1
        self.stdout.write(f"\nDossiers per gemeente ({len(dossiers)} in totaal):")
        for naam, aantal in per_gemeente.items():
            self.stdout.write(f"  {naam:<40} {aantal:>8}")
        kop = "Gewijzigde of verwijderde rijen" if uitvoeren else "Rijen die zouden worden gewijzigd of verwijderd"
        self.stdout.write(f"\n{kop}, per soort gegeven:")
        for label, aantal in per_model.items():
            naam = NAMEN.get(label) or apps.get_model(label)._meta.verbose_name_plural
            self.stdout.write(f"  {naam:<40} {aantal:>8}")
        self.stdout.write("\nDossiers (uuid, gemeente, einddatum):")
        for sh in dossiers:
            self.stdout.write(f"  {sh.uuid}  {sh.gemeente.naam:<30} {sh.einddatum:%d-%m-%Y}")
        if uitvoeren:
            self.stdout.write(self.style.SUCCESS(f"\n{len(dossiers)} dossiers geanonimiseerd."))
        else:
            self.stdout.write("\nProefdraai: er is niets gewijzigd. Gebruik --uitvoeren om te anonimiseren.")
