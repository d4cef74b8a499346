"""`manage.py duo_notificatie_server`: this application over mutual TLS for DUO's notifications, for the demo. In
production nginx terminates the TLS in front of the app server (README); the certificates here are the test PKI's."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from duo.pki import maak_pki
from duo.tls import MtlsServer, django_app
from partners.models import Gemeente

from .duo_simulator import STANDAARD_PKI


class Command(BaseCommand):
    @property
    def help(self):  # a property: argparse needs a str, not a lazy translation
        return gettext(
            "Serveert deze applicatie over mutual TLS, zodat de DUO-simulator notificaties kan afleveren op "
            "/duo-m2m/v1/notificaties (demo; in productie doet nginx dit)."
        )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8791)
        parser.add_argument("--pki-map", default=STANDAARD_PKI, help=_("Map met de test-CA en certificaten."))

    def handle(self, *args, host, port, pki_map, **opties):
        oins = list(Gemeente.objects.filter(oin__regex=r"^\d{20}$").order_by("naam").values_list("oin", flat=True))
        pki = maak_pki(Path(pki_map), gemeente_oins=oins, duo_oin=settings.DUO_OIN)
        server = MtlsServer(
            django_app(), host, port, certfile=pki.app_server_cert, keyfile=pki.app_server_key, cafile=pki.ca_cert
        )
        self.stdout.write(
            _("Notificaties van DUO op %(url)s/duo-m2m/v1/notificaties (mutual TLS). Ctrl-C stopt de server.")
            % {"url": server.url}
        )
        server.serve_forever()
