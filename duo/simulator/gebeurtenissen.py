"""What happens at DUO (Gebeurtenissen/Gebeurtenissen.md): each event changes the person's registrations, then DUO
notifies the gemeente (Notificatie API) over mutual TLS with its own client certificate. The gemeente reads the
details back through the APIs, as the notificering pattern says."""

from __future__ import annotations

import datetime as dt
import uuid

import requests
from dateutil.relativedelta import relativedelta

from duo import contract

from .staat import Persoon, VerzondenNotificatie, nieuw_bsn

TIMEOUT = (5, 30)
SCORES = {"B1-route haalbaar": "312,00", "B1-route niet haalbaar": "241,00", "Onbekend": "0,00"}
BENODIGDE_SCORE = "300,00"
INDELINGEN = {"Asielstatushouder": "SS125", "Gezinsmigrant en overige migrant": "SS124"}
DETAIL = {"Asielstatushouder": "Asielstatushouder", "Gezinsmigrant en overige migrant": "Gezinsvormer"}


class Gebeurtenissen:
    """Mixed into DuoSimulator. Each event returns the HTTP status of the notification (None: not sent, because
    notificeer=False, no notificatie_url, or the gemeente was unreachable); nieuwe_inburgeringsplichtige returns
    the BSN. A BSN that DUO does not know raises KeyError."""

    # --- sending ----------------------------------------------------------------------------------------------
    def notificeer(self, bsn: str | None, gebeurtenis_id: str, doel_oin: str, *, bericht_id: str | None = None):
        """POST a Notificatie to notificatie_url; the same bericht_id again is a resend of the same message."""
        bericht_id = bericht_id or str(uuid.uuid4())
        headers = {"bron": self.duo_oin, "doel": doel_oin, "berichtId": bericht_id}
        body = {
            "registratieDatumTijd": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "gebeurtenisId": gebeurtenis_id,
        }
        persoon = self.personen.get(bsn) if bsn else None
        if bsn:
            body["bsn"] = bsn
        if persoon is not None:
            body["vNummer"] = persoon.v_nummer
        inhoud = contract.json_bytes(body)
        contract.controleer_verzoek("notificatie", "POST", "/notificaties", headers, inhoud)
        status, fout = None, None
        if self.notificatie_url:
            try:
                antwoord = requests.post(
                    self.notificatie_url,
                    data=inhoud,
                    headers={**headers, "Content-Type": "application/json"},
                    timeout=TIMEOUT,
                    **self._tls(),
                )
                status = antwoord.status_code
            except requests.RequestException as exc:
                fout = type(exc).__name__
        else:
            fout = "geen notificatie_url"
        with self.lock:
            self.notificaties.append(VerzondenNotificatie(bericht_id, doel_oin, gebeurtenis_id, bsn, status, fout))
        return status

    def _tls(self) -> dict:
        if self.pki is None:
            return {}
        return {"cert": (str(self.pki.duo_client_cert), str(self.pki.duo_client_key)), "verify": str(self.pki.ca_cert)}

    def _meld(self, bsn: str, gebeurtenis_id: str, notificeer: bool, doel_oin: str | None = None):
        if not notificeer:
            return None
        return self.notificeer(bsn, gebeurtenis_id, doel_oin or self.personen[bsn].gemeente_oin)

    # --- helpers ----------------------------------------------------------------------------------------------
    def _wijzig_plicht(self, persoon: Persoon, **velden) -> None:
        persoon.inburgeringsplicht = {**persoon.inburgeringsplicht, **velden, "wijzigingsdatum": self._iso()}
        persoon.plicht_historie.append(dict(persoon.inburgeringsplicht))

    def _beeindig_plicht(self, bsn: str, reden: str) -> Persoon:
        persoon = self.personen[bsn]
        self._wijzig_plicht(
            persoon, indicatorInburgeringsplicht=False, einddatum=self._iso(), redenGeenInburgeringsplicht=reden
        )
        return persoon

    def _iso(self, datum: dt.date | None = None) -> str:
        return (datum or self.vandaag()).isoformat()

    # --- events -----------------------------------------------------------------------------------------------
    def nieuwe_inburgeringsplichtige(
        self,
        gemeente_oin: str,
        *,
        bsn: str | None = None,
        gebeurtenis: str = "SS139",
        doelgroep: str = "Asielstatushouder",
        begindatum: dt.date | None = None,
        kennisgeving: dt.date | None = None,
        notificeer: bool = True,
    ) -> str:
        """SS101 / SS128 / SS139 / SS129: DUO couples a new inburgeringsplichtige to the gemeente. A BSN DUO already
        knows (SS139 again: the person left the COA for the gemeente) only moves the person."""
        with self.lock:
            if bsn in self.personen:
                persoon = self.personen[bsn]
                persoon.gemeente_oin, persoon.vestigingsdatum = gemeente_oin, begindatum or self.vandaag()
            else:
                bsn = bsn or nieuw_bsn(self.rng, self.personen)
                self.personen[bsn] = self._nieuwe_persoon(gemeente_oin, doelgroep, begindatum, kennisgeving)
        self._meld(bsn, gebeurtenis, notificeer)
        return bsn

    def _nieuwe_persoon(self, gemeente_oin, doelgroep, begindatum, kennisgeving) -> Persoon:
        begin = self._iso(begindatum)
        plicht = {
            "indicatorInburgeringsplicht": True,
            "begindatum": begin,
            "wijzigingsdatum": self._iso(),
            "datumKennisgevingInburgeringsplicht": self._iso(kennisgeving),
        }
        return Persoon(
            gemeente_oin=gemeente_oin,
            inburgeringsplicht=plicht,
            doelgroep={"indeling": doelgroep, "begindatum": begin, "gedetailleerdeDoelgroep": DETAIL[doelgroep]},
            v_nummer=self.rng.randint(1_000_000_000, 9_999_999_999),
            vestigingsdatum=begindatum or self.vandaag(),
            plicht_historie=[dict(plicht)],
            doelgroep_historie=[{"indeling": doelgroep, "begindatum": begin}],
        )

    def start_termijn(self, bsn: str, startdatum=None, einddatum=None, *, notificeer: bool = True):
        """SS102. Without a startdatum the termijn starts the day after the PIP's dagtekening (today without PIP);
        it ends three years later."""
        with self.lock:
            persoon = self.personen[bsn]
            if startdatum is None:
                pip = persoon.pip
                startdatum = (
                    dt.date.fromisoformat(pip["dagtekeningPip"]) + dt.timedelta(days=1) if pip else self.vandaag()
                )
            einddatum = einddatum or startdatum + relativedelta(years=3)
            persoon.termijn = {
                "startdatum": self._iso(startdatum),
                "einddatum": self._iso(einddatum),
                "wijzigingsdatum": self._iso(),
            }
            persoon.termijn_historie.append({"einddatum": self._iso(einddatum), "wijzigingsdatum": self._iso()})
        return self._meld(bsn, "SS102", notificeer)

    def verleng_termijn(self, bsn: str, einddatum: dt.date, *, op_verzoek: bool = False, notificeer: bool = True):
        """SS104 (on the inburgeraar's request) or SS103 (ambtshalve)."""
        with self.lock:
            persoon = self.personen[bsn]
            grond = {"code": "1", "omschrijving": "Ziekte of gebrek van de inburgeringsplichtige"}
            if not op_verzoek:
                grond = {"code": "5A", "omschrijving": "Schakelen van leerroute (ambtshalve)"}
            wijziging = {
                "einddatum": self._iso(einddatum),
                "wijzigingsdatum": self._iso(),
                "verlengingsgrondcode": grond["code"],
                "verlengingsgrondomschrijving": grond["omschrijving"],
            }
            persoon.termijn = {**persoon.termijn, **wijziging}
            persoon.termijn_historie.append(wijziging)
        return self._meld(bsn, "SS104" if op_verzoek else "SS103", notificeer)

    def leerbaarheidstoets_aangemeld(self, bsn: str, *, notificeer: bool = True):
        """SS137."""
        with self.lock:
            persoon = self.personen[bsn]
            persoon.lbt_examennummer = persoon.lbt_examennummer or self.nieuw_examennummer()
            persoon.lbt_overgeslagen = False
        return self._meld(bsn, "SS137", notificeer)

    def leerbaarheidstoets_resultaat(self, bsn: str, resultaat: str = "B1-route haalbaar", *, notificeer: bool = True):
        """SS131."""
        with self.lock:
            self.personen[bsn].lbt_resultaten.append(
                {
                    "resultaat": resultaat,
                    "behaaldeScore": SCORES[resultaat],
                    "benodigdeScore": BENODIGDE_SCORE,
                    "datumAfname": self._iso(),
                }
            )
        return self._meld(bsn, "SS131", notificeer)

    def examenresultaat(
        self,
        bsn: str,
        onderdeel: str,
        resultaat: str = "Geslaagd",
        niveau: str | None = "B1",
        examendatum: dt.date | None = None,
        *,
        notificeer: bool = True,
    ):
        """SS199."""
        uitslag = {"examendatum": self._iso(examendatum), "resultaat": resultaat, "onderdeel": onderdeel}
        if niveau:
            uitslag["niveau"] = niveau
        with self.lock:
            self.personen[bsn].examens.append(uitslag)
        return self._meld(bsn, "SS199", notificeer)

    def plicht_voldaan(self, bsn: str, *, notificeer: bool = True):
        """SS106: diploma behaald."""
        with self.lock:
            self._beeindig_plicht(bsn, "Inburgeringsplicht voldaan")
        return self._meld(bsn, "SS106", notificeer)

    def vrijstelling(self, bsn: str, tijdelijk: bool = False, *, notificeer: bool = True):
        """SS107 (gehele vrijstelling: the plicht ends) or SS109 (tijdelijke vrijstelling for a year)."""
        with self.lock:
            if tijdelijk:
                persoon = self._beeindig_plicht(bsn, "Tijdelijke vrijstelling")
                soort = "TijdelijkeVrijstelling"
                besluit = {
                    "oordeel": "Toekenning",
                    "reden": "OPL",
                    "datumOordeel": self._iso(),
                    "startdatum": self._iso(),
                    "einddatum": self._iso(self.vandaag() + relativedelta(years=1)),
                }
            else:
                persoon = self._beeindig_plicht(bsn, "Volledige vrijstelling")
                soort = "GeheleVrijstelling"
                besluit = {"oordeel": "Toekenning", "reden": "DIP", "datumOordeel": self._iso()}
            persoon.vrijstellingen.append({soort: besluit})
        return self._meld(bsn, "SS109" if tijdelijk else "SS107", notificeer)

    def ontheffing(self, bsn: str, *, notificeer: bool = True):
        """SS108: gehele ontheffing (medisch)."""
        with self.lock:
            persoon = self._beeindig_plicht(bsn, "Volledige ontheffing")
            persoon.ontheffingen.append(
                {"GeheleOntheffing": {"oordeel": "Toekenning", "datumOordeel": self._iso(), "grond": "MED"}}
            )
        return self._meld(bsn, "SS108", notificeer)

    def plicht_ingetrokken(self, bsn: str, reden: str = "Verblijfsdoel gewijzigd", *, notificeer: bool = True):
        """SS110."""
        with self.lock:
            self._beeindig_plicht(bsn, reden)
        return self._meld(bsn, "SS110", notificeer)

    def overleden(self, bsn: str, *, notificeer: bool = True):
        """SS111."""
        with self.lock:
            self._beeindig_plicht(bsn, "Overlijden")
        return self._meld(bsn, "SS111", notificeer)

    def wijzig_doelgroep(self, bsn: str, indeling: str, *, notificeer: bool = True):
        """SS124 (to gezinsmigrant en overige migrant) or SS125 (to asielstatushouder)."""
        with self.lock:
            persoon = self.personen[bsn]
            gisteren = self._iso(self.vandaag() - dt.timedelta(days=1))
            persoon.doelgroep_historie[-1] = {**persoon.doelgroep_historie[-1], "einddatum": gisteren}
            persoon.doelgroep = {
                "indeling": indeling,
                "begindatum": self._iso(),
                "gedetailleerdeDoelgroep": DETAIL[indeling],
            }
            persoon.doelgroep_historie.append({"indeling": indeling, "begindatum": self._iso()})
        return self._meld(bsn, INDELINGEN[indeling], notificeer)

    def verhuis(self, bsn: str, nieuwe_gemeente_oin: str, *, notificeer: bool = True):
        """SS121 when the person has a PIP of another gemeente, SS120 without; the new gemeente is notified."""
        with self.lock:
            persoon = self.personen[bsn]
            persoon.gemeente_oin = nieuwe_gemeente_oin
            persoon.vestigingsdatum = self.vandaag()
            met_pip = persoon.pip is not None and persoon.pip_gemeentecode != self.gemeenten.get(nieuwe_gemeente_oin)
        return self._meld(bsn, "SS121" if met_pip else "SS120", notificeer, nieuwe_gemeente_oin)
