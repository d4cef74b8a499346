"""Retention (AVG: kept no longer than needed): after the retention period a case is anonymised — every personal
field cleared or replaced, every free text removed — while the dates and codes the indicators read are kept, so a
report over an old period gives the same numbers before and after (reports/indicators/).

DUO's side (duo): a notification keeps no BSN or v-nummer, the aanmelding and DUO's stored answers are deleted and
our meldingen keep no contents — only dates, codes and the message ids stay.

Kept, because an indicator or the chain of a move reads them: every date (the Statushouder's legal dates, status,
einddatum, aangemaakt_op, intake/PIP/gesprek/verwijzing/participatie/inschrijving/attendance/exam dates), the
codes (status, eindreden, doelgroep, oude_wet, overdracht_scenario, gemeente, consultant — I7 counts a period's
open cases per consultant —, geslacht, the intake outcome and routes, the PIP's leerroute, componenten, niveau,
duaal and taalaanbieder, leefgebied scores, attendance minutes and status, exam results, participation soort,
dates, hours and contractvorm), vorig_dossier, and the month of birth: the geboortedatum becomes the first of its
month. I12 splits by age group on a period's end, always the last day of a month, and reads only the birth month
(reports.indicators.resultaat.geboren_na), so every old report gives the same groups; the exact date beside the
gemeente and the traject's dates could point back to the person, the month among everyone born that month cannot
so easily (an age alone would not do: it does not give the group on an arbitrary old peildatum). The database
refuses an anonymised case whose geboortedatum is not the first of a month (cases/migrations/0010).

The database rules on the BSN (elfproef, unique per gemeente) and the immutability of a vastgestelde PIP-versie
hold until a case is anonymised (cases/migrations/0007): the BSN is then emptied, and the texts of a vastgestelde
PIP (wijzigingstoelichting, goals, actions) may be cleared — nothing else of it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from django.db import transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from agenda.models import Afspraak
from documenten import services as documenten_services
from documenten.models import Document
from duo.models import Aanmelding, Melding, Notificatie, Registratie
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_events
from journaal.models import Notitie
from leerroutes.models import Aanwezigheid, Voortgangsrapportage
from taken.models import Taak

from ..models import (
    Actie,
    BredeIntake,
    Doel,
    Handhavingsstap,
    LeefgebiedScore,
    Participatie,
    PipVersie,
    Signaalstand,
    Statushouder,
    StatushouderUserObjectPermission,
    TermijnVerlenging,
    TijdlijnGebeurtenis,
    Verwijzing,
    Voortgangsgesprek,
)
from ..selectors.bewaartermijn import verlopen_dossiers
from .common import today

GEANONIMISEERD = "Geanonimiseerd"
TOELICHTING = "geanonimiseerd na de bewaartermijn"
# Cases per round of UPDATEs: bounded statements however many cases are due. Attendance, the largest table, is
# read through a hash join whose cost hardly depends on the round's size: measured on the half seed (11M rows),
# 5,000 cases a round took as long as 1,000.
PER_KEER = 5000


def _vervangen(veld: str) -> Case:
    """SQL: the placeholder where the text was filled in, else empty — for texts a constraint requires when
    another field is set (e.g. the reason of a deviating PIP deadline)."""
    return Case(When(~Q(**{veld: ""}), then=Value(GEANONIMISEERD)), default=Value(""))


STATUSHOUDER = {
    "bsn": "",
    "voornamen": GEANONIMISEERD,
    "achternaam": GEANONIMISEERD,
    "nationaliteit": "",  # no indicator reads it
    "talen": [],
    "telefoon": "",
    "email": "",
    "straat": "",
    "huisnummer": "",
    "postcode": "",
    "woonplaats": "",
    "azc": "",
    "overdracht_notities": "",
    "opschort_reden": "",  # an ended case is not opgeschort, so the constraint allows empty
    "pip_deadline_afwijking_reden": _vervangen("pip_deadline_afwijking_reden"),
    "geboortedatum": TruncMonth("geboortedatum"),  # only the month of birth stays: what I12's age groups read
}


def _wijzigingen(pks: Sequence[int]) -> list[tuple[QuerySet, dict | None]]:
    """Per model the rows of these cases that hold personal data or free text, and what they become (None: the
    rows are deleted). Rows with nothing to clear are left alone (attendance is the largest table)."""
    return [
        (Statushouder.objects.filter(pk__in=pks, geanonimiseerd_op=None), STATUSHOUDER),
        (
            BredeIntake.objects.filter(statushouder__in=pks),
            {
                "opleiding_werkervaring": "",
                "gezondheid": "",
                "afwijking_motivering": _vervangen("afwijking_motivering"),
                "leerbaarheidstoets_vrijstelling_reden": _vervangen("leerbaarheidstoets_vrijstelling_reden"),
            },
        ),
        (LeefgebiedScore.objects.filter(intake__statushouder__in=pks).exclude(toelichting=""), {"toelichting": ""}),
        (
            PipVersie.objects.filter(pip__statushouder__in=pks).exclude(wijzigingstoelichting=""),
            {"wijzigingstoelichting": ""},
        ),
        (
            Doel.objects.filter(versie__pip__statushouder__in=pks),
            {"omschrijving": GEANONIMISEERD},
        ),
        (
            Actie.objects.filter(doel__versie__pip__statushouder__in=pks),
            {"omschrijving": GEANONIMISEERD},
        ),
        (
            Voortgangsgesprek.objects.filter(statushouder__in=pks).filter(~Q(verslag="") | ~Q(voortgang_per_doel={})),
            {"verslag": "", "voortgang_per_doel": {}},
        ),
        (Verwijzing.objects.filter(statushouder__in=pks), {"reden": GEANONIMISEERD, "uitkomst": ""}),
        (Participatie.objects.filter(statushouder__in=pks).exclude(sector=""), {"sector": ""}),
        (TermijnVerlenging.objects.filter(statushouder__in=pks), {"reden": GEANONIMISEERD}),
        (Handhavingsstap.objects.filter(statushouder__in=pks).exclude(toelichting=""), {"toelichting": ""}),
        (TijdlijnGebeurtenis.objects.filter(statushouder__in=pks).exclude(omschrijving=""), {"omschrijving": ""}),
        (Aanwezigheid.objects.filter(inschrijving__statushouder__in=pks).exclude(opmerking=""), {"opmerking": ""}),
        (
            Voortgangsrapportage.objects.filter(inschrijving__statushouder__in=pks).exclude(toelichting=""),
            {"toelichting": ""},
        ),
        # The consultant's day: appointments (a place may be the home address), notes, tasks and documents go.
        (Afspraak.objects.filter(statushouder__in=pks), None),
        (Notitie.objects.filter(statushouder__in=pks), None),
        (Taak.objects.filter(statushouder__in=pks), None),
        (Document.objects.filter(statushouder__in=pks), None),
        # DUO's exchange about the case: the BSN and v-nummer of its notifications go (the rows stay: their berichtId
        # keeps a message of DUO processed once), the aanmelding goes (its BSN may not be empty), and so do DUO's
        # stored answers and the contents of our meldingen; no indicator reads them.
        (
            Notificatie.objects.filter(statushouder__in=pks).filter(~Q(bsn="") | Q(v_nummer__isnull=False)),
            {"bsn": "", "v_nummer": None},
        ),
        (Aanmelding.objects.filter(statushouder__in=pks), None),
        (Registratie.objects.filter(statushouder__in=pks), None),
        (
            Melding.objects.filter(statushouder__in=pks).exclude(inhoud__isnull=True, fouten=[]),
            {"inhoud": None, "fouten": []},
        ),
        # Per-case guardian grants (cover from outside the gemeente): who may see a case is no longer relevant.
        (StatushouderUserObjectPermission.objects.filter(content_object__in=pks), None),
        # The stored signals hold copies of texts (DUO's explanations, a provider's reason for refusing).
        (Signaalstand.objects.filter(statushouder__in=pks), None),
    ]


def _nul() -> dict[str, int]:
    """Every model anonymisation touches, with 0: the summary names them all, also when nothing was due."""
    return {qs.model._meta.label: 0 for qs, _ in _wijzigingen([])}


def _rondes(dossiers: Sequence[Statushouder]) -> Iterator[list[Statushouder]]:
    for i in range(0, len(dossiers), PER_KEER):
        yield list(dossiers[i : i + PER_KEER])


def te_wijzigen(dossiers: Sequence[Statushouder]) -> dict[str, int]:
    """The dry run: per model (app label) how many rows `anonimiseer` would change or delete. Writes nothing."""
    telling = _nul()
    for ronde in _rondes(dossiers):
        for qs, _ in _wijzigingen([sh.pk for sh in ronde]):
            telling[qs.model._meta.label] += qs.count()
    return telling


@transaction.atomic
def anonimiseer(dossiers: Sequence[Statushouder]) -> dict[str, int]:
    """Anonymise these cases (call with `verlopen_dossiers`: this does not check the retention period) in one
    transaction, with a few UPDATEs per model per PER_KEER cases; stamp geanonimiseerd_op and write one audit
    event per case (actor: the system). Returns per model (app label) the number of rows changed or deleted."""
    nu = timezone.now()
    telling = _nul()
    for ronde in _rondes(dossiers):
        for qs, velden in _wijzigingen([sh.pk for sh in ronde]):
            if qs.model is Document:
                aantal = documenten_services.verwijder(qs)
            elif velden is None:
                aantal = qs.delete()[0]
            elif qs.model is Statushouder:
                aantal = qs.update(**velden, geanonimiseerd_op=nu)
            else:
                aantal = qs.update(**velden)
            telling[qs.model._meta.label] += aantal
    log_events(None, Handeling.UPDATE, dossiers, velden=["geanonimiseerd_op", *STATUSHOUDER], toelichting=TOELICHTING)
    return telling


def anonimiseer_verlopen(peildatum: date | None = None) -> dict[str, int]:
    """Anonymise every case past the retention period on `peildatum` (default today); a second run finds none."""
    return anonimiseer(list(verlopen_dossiers(peildatum or today())))
