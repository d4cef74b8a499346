"""`manage.py duo_simulator serve` runs the DUO simulator; the other subcommands make things happen at DUO in the
running simulator (through its control surface /_simulator/, over the same mutual TLS)."""

import os
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from duo.pki import maak_pki, pki_paden
from duo.simulator import DuoSimulator
from partners.models import Gemeente

STANDAARD_URL = os.environ.get("DUO_SIMULATOR_URL", "https://127.0.0.1:8790")
STANDAARD_PKI = os.environ.get("DUO_PKI_MAP", str(Path(settings.BASE_DIR) / ".data" / "duo-pki"))
ONDERDELEN = ["KNM", "LE", "LU", "SC", "SP"]
LBT_RESULTATEN = ["B1-route haalbaar", "B1-route niet haalbaar", "Onbekend"]
PLICHT = {
    "voldaan": "plicht_voldaan",
    "vrijstelling": "vrijstelling",
    "ontheffing": "ontheffing",
    "ingetrokken": "plicht_ingetrokken",
    "overleden": "overleden",
}


class Command(BaseCommand):
    @property
    def help(self):  # a property: argparse needs a str, not a lazy translation
        return gettext("De DUO-simulator: starten (serve) en gebeurtenissen bij DUO laten plaatsvinden.")

    def add_arguments(self, parser):
        opdrachten = parser.add_subparsers(dest="opdracht", required=True, metavar="opdracht")

        serve = opdrachten.add_parser("serve", help=_("Start de simulator (op de voorgrond, tot Ctrl-C)."))
        serve.add_argument("--host", default="127.0.0.1")
        serve.add_argument("--port", type=int, default=8790)
        serve.add_argument(
            "--notificatie-url",
            help=_("Waar DUO notificaties aflevert, bijv. https://127.0.0.1:8791/duo-m2m/v1/notificaties"),
        )
        serve.add_argument("--pki-map", default=STANDAARD_PKI, help=_("Map met de test-CA en certificaten."))

        nieuw = self._opdracht(opdrachten, "nieuw", _("Een nieuwe inburgeringsplichtige in een gemeente (SS139)."))
        nieuw.add_argument("--gemeente", required=True, help=_("Naam of OIN van de gemeente."))
        nieuw.add_argument("--gebeurtenis", default="SS139", choices=["SS101", "SS128", "SS139", "SS129"])
        nieuw.add_argument(
            "--doelgroep",
            default="Asielstatushouder",
            choices=["Asielstatushouder", "Gezinsmigrant en overige migrant"],
        )
        nieuw.add_argument("--bsn", help=_("Een BSN dat DUO al kent (anders een nieuw, fictief BSN)."))

        termijn = self._opdracht(opdrachten, "termijn", _("DUO start de inburgeringstermijn (SS102)."))
        termijn.add_argument("--bsn", required=True)
        termijn.add_argument(
            "--start", help=_("Startdatum (JJJJ-MM-DD); standaard de dag na de dagtekening van het PIP.")
        )
        termijn.add_argument("--einde", help=_("Einddatum (JJJJ-MM-DD); standaard drie jaar na de start."))

        verleng = self._opdracht(opdrachten, "verleng", _("DUO verlengt de termijn (SS103, of SS104 op verzoek)."))
        verleng.add_argument("--bsn", required=True)
        verleng.add_argument("--einde", required=True, help=_("Nieuwe einddatum (JJJJ-MM-DD)."))
        verleng.add_argument("--op-verzoek", action="store_true", help=_("Op verzoek van de inburgeraar (SS104)."))

        examen = self._opdracht(opdrachten, "examen", _("Een examenuitslag (SS199)."))
        examen.add_argument("--bsn", required=True)
        examen.add_argument("--onderdeel", required=True, choices=ONDERDELEN)
        examen.add_argument("--resultaat", default="Geslaagd", choices=["Geslaagd", "Gezakt", "Geen"])
        examen.add_argument("--niveau", default="B1", choices=["A2", "B1", "B2"])

        lbt = self._opdracht(
            opdrachten, "lbt", _("Leerbaarheidstoets: aangemeld (SS137), of met --resultaat de uitslag (SS131).")
        )
        lbt.add_argument("--bsn", required=True)
        lbt.add_argument("--resultaat", choices=LBT_RESULTATEN)

        plicht = self._opdracht(
            opdrachten, "plicht", _("De inburgeringsplicht eindigt (SS106, SS107, SS109, SS108, SS110, SS111).")
        )
        plicht.add_argument("--bsn", required=True)
        plicht.add_argument("--reden", required=True, choices=[*PLICHT, "tijdelijke-vrijstelling"])

        verhuis = self._opdracht(
            opdrachten, "verhuis", _("De persoon verhuist naar een andere gemeente (SS120/SS121).")
        )
        verhuis.add_argument("--bsn", required=True)
        verhuis.add_argument("--gemeente", required=True, help=_("Naam of OIN van de nieuwe gemeente."))

        storing = self._opdracht(opdrachten, "storing", _("DUO in onderhoud: elk verzoek krijgt deze status."))
        storing.add_argument("--status", required=True, help=_("Een HTTP-status (503) of 'uit'."))

        self._opdracht(opdrachten, "meldingen", _("Wat DUO ontving: methode, API, operatie, status en fouttekst."))

    @staticmethod
    def _opdracht(opdrachten, naam, hulp):
        parser = opdrachten.add_parser(naam, help=hulp)
        parser.add_argument("--url", default=STANDAARD_URL, help=_("Adres van de draaiende simulator."))
        parser.add_argument("--pki-map", default=STANDAARD_PKI, help=_("Map met de test-CA en certificaten."))
        return parser

    def handle(self, *args, opdracht, **opties):
        if opdracht == "serve":
            return self._serve(**opties)
        if opdracht == "meldingen":
            return self._meldingen(self._vraag(opties, "GET", "ontvangen"))
        if opdracht == "storing":
            status = None if opties["status"] == "uit" else int(opties["status"])
            self._vraag(opties, "POST", "storing", {"status": status})
            self.stdout.write(_("DUO antwoordt nu met %s.") % status if status else _("De storing is voorbij."))
            return None
        naam, argumenten = self._gebeurtenis(opdracht, opties)
        antwoord = self._vraag(opties, "POST", f"gebeurtenis/{naam}", argumenten)
        self._meld(antwoord, opties.get("bsn") or antwoord["resultaat"])
        return None

    def _gebeurtenis(self, opdracht, o) -> tuple[str, dict]:
        if opdracht == "nieuw":
            argumenten = {
                "gemeente_oin": _oin(o["gemeente"]),
                "gebeurtenis": o["gebeurtenis"],
                "doelgroep": o["doelgroep"],
            }
            return "nieuwe_inburgeringsplichtige", argumenten | ({"bsn": o["bsn"]} if o["bsn"] else {})
        if opdracht == "termijn":
            return "start_termijn", {"bsn": o["bsn"], "startdatum": o["start"], "einddatum": o["einde"]}
        if opdracht == "verleng":
            return "verleng_termijn", {"bsn": o["bsn"], "einddatum": o["einde"], "op_verzoek": o["op_verzoek"]}
        if opdracht == "examen":
            kies = ("bsn", "onderdeel", "resultaat", "niveau")
            return "examenresultaat", {k: o[k] for k in kies}
        if opdracht == "lbt":
            if o["resultaat"]:
                return "leerbaarheidstoets_resultaat", {"bsn": o["bsn"], "resultaat": o["resultaat"]}
            return "leerbaarheidstoets_aangemeld", {"bsn": o["bsn"]}
        if opdracht == "plicht":
            if o["reden"] == "tijdelijke-vrijstelling":
                return "vrijstelling", {"bsn": o["bsn"], "tijdelijk": True}
            return PLICHT[o["reden"]], {"bsn": o["bsn"]}
        return "verhuis", {"bsn": o["bsn"], "nieuwe_gemeente_oin": _oin(o["gemeente"])}

    def _vraag(self, opties, methode, pad, gegevens=None):
        pki = pki_paden(Path(opties["pki_map"]))
        url = f"{opties['url'].rstrip('/')}/_simulator/{pad}"
        try:
            antwoord = requests.request(
                methode,
                url,
                json=gegevens,
                cert=(str(pki.app_client_cert), str(pki.app_client_key)),
                verify=str(pki.ca_cert),
                timeout=(5, 60),
            )
        except (requests.RequestException, OSError) as exc:
            raise CommandError(
                _(
                    "De DUO-simulator is niet bereikbaar op %(url)s (%(fout)s). "
                    "Start hem met `manage.py duo_simulator serve`."
                )
                % {"url": opties["url"], "fout": type(exc).__name__}
            ) from None
        if antwoord.status_code >= 400:
            raise CommandError(antwoord.json().get("fout", antwoord.status_code))
        return antwoord.json()

    def _meld(self, antwoord, bsn):
        if antwoord["gebeurtenis"] is None:
            self.stdout.write(_("BSN %s: bijgewerkt bij DUO.") % bsn)
        elif antwoord["status"] is None:
            self.stdout.write(
                _("BSN %(bsn)s: %(gebeurtenis)s, maar de notificatie kwam niet aan (%(fout)s).")
                % {"bsn": bsn, "gebeurtenis": antwoord["gebeurtenis"], "fout": antwoord["fout"]}
            )
        else:
            self.stdout.write(
                _("BSN %(bsn)s: %(gebeurtenis)s genotificeerd; de gemeente antwoordde %(status)s.")
                % {"bsn": bsn, "gebeurtenis": antwoord["gebeurtenis"], "status": antwoord["status"]}
            )

    def _meldingen(self, ontvangen):
        if not ontvangen:
            self.stdout.write(_("DUO heeft nog niets ontvangen."))
        for v in ontvangen:
            toelichting = "; ".join(v["fouten"]) or v["contractfout"] or ""
            herhaald = _(" (herhaald)") if v["herhaald"] else ""
            self.stdout.write(
                f"{v['tijd']}  {v['methode']:<6} {v['api'] or '-':<20} {v['operatie'] or '-':<48} "
                f"{v['status']}{herhaald}  {toelichting}".rstrip()
            )

    def _serve(self, *, host, port, notificatie_url, pki_map, **_opties):
        gemeenten = list(Gemeente.objects.filter(oin__regex=r"^\d{20}$").order_by("naam"))
        pki = maak_pki(Path(pki_map), gemeente_oins=[g.oin for g in gemeenten], duo_oin=settings.DUO_OIN)
        simulator = DuoSimulator(duo_oin=settings.DUO_OIN, pki=pki, notificatie_url=notificatie_url)
        for gemeente in gemeenten:
            simulator.gemeente(gemeente.oin, gemeente.cbs_code[2:], gemeente.naam)
        server = simulator.server(host, port)
        self.stdout.write(
            _("DUO-simulator op %(url)s/v1 (%(aantal)d gemeenten; notificaties naar %(doel)s). Ctrl-C stopt hem.")
            % {"url": server.url, "aantal": len(gemeenten), "doel": notificatie_url or _("nergens")}
        )
        server.serve_forever()


def _oin(gemeente: str) -> str:
    if gemeente.isdigit() and len(gemeente) == 20:
        return gemeente
    gevonden = Gemeente.objects.filter(naam__iexact=gemeente, oin__regex=r"^\d{20}$").first()
    if gevonden is None:
        raise CommandError(_("Geen gemeente met OIN gevonden met de naam %s.") % gemeente)
    return gevonden.oin
