"""The consultant's actions on the DUO exchange (issue 14): register the case of an aanmelding, take over a fact DUO
decides ("Overnemen"), report our data again where we are the source ("Opnieuw melden"), fetch DUO's registration
now, and mark a voorstel handled. Each checks the permission, writes the timeline where the case changes (in Dutch,
whatever the user's language) and logs the processing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from cases import services as case_services
from cases.permissions import require_change, require_gemeente
from cases.services.common import locked, timeline, today
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event, log_events
from leerroutes.models import Examenresultaat, Inschrijving, Onderdeel

from . import meldingen, selectors, tasks
from .models import Aanmelding, Melding, Notificatie, Voorstel

# What "Opnieuw melden" can send (duo.meldingen.meld_opnieuw), as the consultant reads it.
ONDERDELEN = {
    "pip": gettext_lazy("PIP"),
    "inburgeringsaanbod": gettext_lazy("inburgeringsaanbod"),
    "contactpersoon": gettext_lazy("contactpersoon"),
    "map": gettext_lazy("eindgesprek MAP"),
    "pvt": gettext_lazy("ondertekening PVT"),
    "zroute": gettext_lazy("afronding Z-route"),
}


# --- aanmeldingen -------------------------------------------------------------------------------------------------


@transaction.atomic
def koppel_aanmelding(*, actor, aanmelding: Aanmelding, statushouder) -> Aanmelding:
    """The case of an aanmelding is registered (or was there already): the aanmelding leaves the gemeente's queue,
    linked to the case, and so does DUO's notification that brought it."""
    require_gemeente(actor, aanmelding.gemeente)
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    if aanmelding.status != Aanmelding.Status.OPEN:
        raise ValidationError(gettext("Deze aanmelding van DUO is al verwerkt."))
    if statushouder.gemeente_id != aanmelding.gemeente_id or statushouder.bsn != aanmelding.bsn:
        raise ValidationError(gettext("Dit dossier hoort niet bij de aanmelding van DUO."))
    aanmelding.status = Aanmelding.Status.GEREGISTREERD
    aanmelding.statushouder = statushouder
    aanmelding.save(update_fields=["status", "statushouder"])
    Notificatie.objects.filter(pk=aanmelding.notificatie_id, statushouder__isnull=True).update(
        statushouder=statushouder
    )
    timeline(
        statushouder, "duo:aanmelding", f"Aanmelding van DUO verwerkt ({aanmelding.gebeurtenis_id})", today(), actor
    )
    log_event(actor, Handeling.UPDATE, aanmelding, statushouder=statushouder, velden=["status", "statushouder"])
    return aanmelding


@transaction.atomic
def registreer(*, actor, aanmelding: Aanmelding, **registratie):
    """Register the case of an aanmelding (cases.services.registreer_statushouder) and link the two, together. DUO
    knows the person, so the consultant it is assigned to becomes the contactpersoon at DUO at once, and what DUO
    has of the person is fetched for the comparison."""
    statushouder = case_services.registreer_statushouder(actor=actor, **registratie)
    koppel_aanmelding(actor=actor, aanmelding=aanmelding, statushouder=statushouder)
    if statushouder.consultant is not None:
        meldingen.meld_contactpersonen([statushouder], statushouder.consultant)
    transaction.on_commit(lambda: tasks.in_wachtrij(tasks.ververs_dossier, statushouder.pk))
    return statushouder


# --- "Overnemen": DUO is the source -------------------------------------------------------------------------------


def _veld(veld: str, controle=None):
    """A take-over that writes one field of the case, after `controle(statushouder, nieuw)` (a Dutch error or None)."""

    def neem_over(actor, statushouder, verschil):
        fout = controle(statushouder, verschil.nieuw) if controle else None
        if fout:
            raise ValidationError(fout)
        setattr(statushouder, veld, verschil.nieuw)
        statushouder.save(update_fields=[veld, "gewijzigd_op"])
        log_event(actor, Handeling.UPDATE, statushouder, velden=[veld], toelichting="overgenomen van DUO")

    return neem_over


def _kennisgeving_fout(statushouder, kennisgeving) -> str | None:
    if kennisgeving < statushouder.verblijfsvergunning_datum:
        return gettext("De kennisgeving van DUO ligt vóór de verblijfsvergunning in het dossier: controleer die datum.")
    return None


def _termijn_fout(statushouder, einde) -> str | None:
    if statushouder.pip_dagtekening and einde <= statushouder.pip_dagtekening:
        return gettext("Het einde van de termijn bij DUO ligt niet na de dagtekening van het PIP.")
    return None


def _leerbaarheidstoets(actor, statushouder, verschil):
    """Through the intake's own service: the route advice follows the outcome, a deviating choice needs reasons."""
    uitkomst, datum = verschil.nieuw
    case_services.werk_intake_bij(
        actor=actor,
        statushouder=statushouder,
        velden={"leerbaarheidstoets_uitkomst": uitkomst, "leerbaarheidstoets_datum": datum},
        scores={},
    )


def _examen(actor, statushouder, verschil):
    """DUO's result on our exam result of that onderdeel and day, else a new one on the latest enrolment whose route
    has the onderdeel (our results hang off an enrolment)."""
    examen = verschil.nieuw
    resultaat = Examenresultaat.objects.filter(
        inschrijving__statushouder=statushouder, onderdeel__code=examen["onderdeel"], datum=examen["datum"]
    ).first()
    aangemaakt = resultaat is None
    if aangemaakt:
        inschrijving = (
            Inschrijving.objects.filter(statushouder=statushouder, leerroute__onderdelen__code=examen["onderdeel"])
            .exclude(status=Inschrijving.Status.AFGEWEZEN)
            .order_by("-startdatum", "-pk")
            .first()
        )
        if inschrijving is None:
            raise ValidationError(gettext("Er is geen inschrijving bij een leerroute met dit examenonderdeel."))
        resultaat = Examenresultaat(
            inschrijving=inschrijving, onderdeel=Onderdeel.objects.get(code=examen["onderdeel"]), datum=examen["datum"]
        )
    resultaat.behaald, resultaat.niveau = examen["behaald"], examen["niveau"]
    resultaat.save()
    log_event(
        actor,
        Handeling.CREATE if aangemaakt else Handeling.UPDATE,
        resultaat,
        statushouder=statushouder,
        velden=[] if aangemaakt else ["behaald", "niveau"],
        toelichting="overgenomen van DUO",
    )


OVERNAME = {
    "kennisgeving": _veld("kennisgeving_datum", _kennisgeving_fout),
    "doelgroep": _veld("doelgroep"),
    "termijn": _veld("termijn_einde", _termijn_fout),
    "leerbaarheidstoets": _leerbaarheidstoets,
    "examen": _examen,
}


@transaction.atomic
def neem_over(*, actor, statushouder, feit: str) -> selectors.Verschil:
    """Take DUO's value of one fact (a `Verschil.feit` whose action is OVERNEMEN) into our record, as it is now."""
    require_change(actor, statushouder)
    statushouder = locked(statushouder)
    with translation.override("nl"):  # the timeline is Dutch
        verschil = next((v for v in selectors.verschillen(statushouder) if v.feit == feit), None)
    if verschil is None or verschil.actie != selectors.OVERNEMEN:
        raise ValidationError(gettext("Hier is niets van DUO over te nemen; ververs de pagina."))
    OVERNAME[feit.partition(":")[0]](actor, statushouder, verschil)
    tekst = f"{verschil.label} overgenomen van DUO: {verschil.duo} (was: {verschil.wij})"
    timeline(statushouder, "duo:overgenomen", tekst[:255], today(), actor)
    return verschil


# --- "Opnieuw melden": we are the source --------------------------------------------------------------------------


@transaction.atomic
def opnieuw_melden(*, actor, statushouder, onderdeel: str) -> list[Melding]:
    """A new melding of our current data (duo.meldingen.meld_opnieuw: permission, audit); DUO's refusals of that
    onderdeel that were still open are handled by it."""
    nieuw = meldingen.meld_opnieuw(actor=actor, statushouder=statushouder, onderdeel=onderdeel)
    weigeringen = [
        v
        for v in Voorstel.objects.filter(
            statushouder=statushouder, soort=Voorstel.Soort.WEIGERING, afgehandeld_op__isnull=True
        ).select_related("melding")
        if v.melding is not None and selectors.onderdeel_van(v.melding.api, v.melding.operatie) == onderdeel
    ]
    _stempel(actor, weigeringen)
    with translation.override("nl"):
        tekst = f"Opnieuw aan DUO gemeld: {ONDERDELEN[onderdeel]}"
    timeline(statushouder, "duo:opnieuw_gemeld", tekst, today(), actor)
    return nieuw


# --- raadpleging and voorstellen ------------------------------------------------------------------------------------


def haal_op(*, actor, statushouder) -> None:
    """Read DUO's registration of the case now (duo.raadpleging, which logs it). Raises what DuoClient raises
    (duo.client.DuoFout, duo.contract.ContractFout): the caller tells the user, nothing is stored then."""
    from . import raadpleging  # the inbound helper's module

    require_change(actor, statushouder)
    raadpleging.ververs(statushouder, actor=actor)


def _stempel(actor, voorstellen: list[Voorstel]) -> None:
    if not voorstellen:
        return
    nu = timezone.now()
    Voorstel.objects.filter(pk__in=[v.pk for v in voorstellen]).update(afgehandeld_op=nu, afgehandeld_door=actor)
    log_events(actor, Handeling.UPDATE, voorstellen, velden=["afgehandeld_op", "afgehandeld_door"])


@transaction.atomic
def handel_af(*, actor, voorstel: Voorstel) -> Voorstel:
    """The consultant has dealt with a voorstel (closed or suspended the case, checked the data, or decided
    otherwise): it stops being a signal."""
    require_change(actor, voorstel.statushouder)
    voorstel = Voorstel.objects.select_for_update().select_related("statushouder").get(pk=voorstel.pk)
    if voorstel.afgehandeld_op is not None:
        raise ValidationError(gettext("Dit voorstel is al afgehandeld."))
    _stempel(actor, [voorstel])
    with translation.override("nl"):
        tekst = f"Voorstel van DUO afgehandeld: {voorstel.get_soort_display()}"
    timeline(voorstel.statushouder, "duo:voorstel_afgehandeld", tekst, today(), actor)
    voorstel.refresh_from_db()
    return voorstel
