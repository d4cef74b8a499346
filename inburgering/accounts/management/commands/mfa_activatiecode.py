"""Issue an MFA activation code from the command line: for the first beheerder or superuser of an installation (the
admin, where codes are issued otherwise, itself needs MFA), and for a demo with MFA on. Logged as the system."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inburgering.accounts import mfa
from inburgering.accounts.models import User


class Command(BaseCommand):
    help = "Geef een eenmalige activatiecode uit voor het eerste instellen van de authenticator-app."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"Geen gebruiker {username!r}.") from exc
        try:
            code, activatiecode = mfa.geef_activatiecode(None, user)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"{code}  (geldig tot {activatiecode.geldig_tot:%Y-%m-%d %H:%M %Z})")
