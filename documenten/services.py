"""Writes of the documenten app: uploading and deleting a document, sending a letter (kept as a PDF with a kenmerk,
never re-rendered), keeping the PIP beschikking, and clearing a case's documents on anonymisation."""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.services.common import timeline
from inburgering.accounts import roles
from inburgering.audit.models import Handeling
from inburgering.audit.services import log_event

from . import brieven, validatie
from .models import BriefSjabloon, Document, Kenmerkteller


def volgend_kenmerk(gemeente, jaar: int) -> str:
    """<cbs_code>-<jaar>-<volgnummer>: the counter row is locked, so a number is given once and never again
    (a rolled-back transaction gives its number back, a committed one keeps it)."""
    Kenmerkteller.objects.bulk_create(
        [Kenmerkteller(gemeente_code=gemeente.cbs_code, jaar=jaar)], ignore_conflicts=True
    )
    teller = Kenmerkteller.objects.select_for_update().get(gemeente_code=gemeente.cbs_code, jaar=jaar)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return f"{gemeente.cbs_code}-{jaar}-{teller.laatste:05d}"


def _verwijder_bestand_na_commit(bestand) -> None:
    naam, storage = bestand.name, bestand.storage
    if naam:
        transaction.on_commit(lambda: storage.delete(naam))


@transaction.atomic
def upload_document(*, actor, statushouder, bestand, documenttype: str, titel: str, datum: date) -> Document:
    if datum > timezone.localdate():
        raise ValidationError({"datum": [_("Deze datum ligt in de toekomst.")]})
    if documenttype in (Document.Documenttype.BRIEF_VERZONDEN, Document.Documenttype.BESCHIKKING):
        raise ValidationError(
            {"documenttype": [_("Een verzonden brief of beschikking maakt u met 'Brief maken' of het PIP.")]}
        )
    gecontroleerd = validatie.controleer(bestand)
    document = Document(
        statushouder=statushouder,
        documenttype=documenttype,
        titel=titel,
        datum=datum,
        content_type=gecontroleerd.content_type,
        grootte=gecontroleerd.grootte,
        sha256=gecontroleerd.sha256,
        origineel_naam=(bestand.name or "")[:255],
        geupload_door=actor,
    )
    document.bestand.save(f"upload.{gecontroleerd.extensie}", bestand, save=False)
    document.save()
    log_event(actor, Handeling.CREATE, document, statushouder=statushouder, velden=["bestand", "documenttype"])
    return document


def mag_verwijderen(user, document: Document) -> bool:
    if document.vastgelegd:
        return False
    return document.geupload_door_id == user.pk or roles.has_role(user, roles.TEAMLEIDER)


@transaction.atomic
def verwijder_document(*, actor, document: Document) -> None:
    if document.vastgelegd:
        raise ValidationError(_("Een verzonden brief of beschikking kan niet worden verwijderd."))
    if not mag_verwijderen(actor, document):
        raise PermissionDenied(_("Alleen wie het document uploadde of een teamleider mag het verwijderen."))
    log_event(actor, Handeling.DELETE, document, statushouder=document.statushouder, velden=["bestand"])
    _verwijder_bestand_na_commit(document.bestand)
    document.delete()


def _bewaar_pdf(*, actor, statushouder, pdf: bytes, documenttype, titel, datum, kenmerk, **extra) -> Document:
    document = Document(
        statushouder=statushouder,
        documenttype=documenttype,
        titel=titel[:200],
        datum=datum,
        content_type="application/pdf",
        grootte=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        origineel_naam=f"{kenmerk}.pdf",
        kenmerk=kenmerk,
        vastgelegd=True,
        geupload_door=actor,
        **extra,
    )
    document.bestand.save("brief.pdf", ContentFile(pdf), save=False)
    document.save()
    return document


def controleer_brief(soort: str, *, afspraak=None, uiterlijk: date | None = None, dagtekening: date) -> None:
    if soort in brieven.MET_AFSPRAAK and afspraak is None:
        raise ValidationError({"afspraak": [_("Kies de afspraak waarvoor u uitnodigt.")]})
    if soort in brieven.MET_UITERLIJK and (uiterlijk is None or uiterlijk <= dagtekening):
        raise ValidationError({"uiterlijk": [_("Kies een datum na de datum van de brief.")]})


@transaction.atomic
def verstuur_brief(*, actor, statushouder, soort: str, afspraak=None, uiterlijk: date | None = None) -> Document:
    """Make the letter as PDF, keep it as a vastgelegd document with a new kenmerk, note it on the timeline."""
    dagtekening = timezone.localdate()
    controleer_brief(soort, afspraak=afspraak, uiterlijk=uiterlijk, dagtekening=dagtekening)
    if afspraak is not None and afspraak.statushouder_id != statushouder.pk:
        raise ValidationError({"afspraak": [_("Deze afspraak hoort niet bij dit dossier.")]})
    kenmerk = volgend_kenmerk(statushouder.gemeente, dagtekening.year)
    context = brieven.inhoud(
        soort,
        statushouder,
        actor,
        afspraak=afspraak,
        uiterlijk=uiterlijk,
        dagtekening=dagtekening,
        kenmerk=kenmerk,
    )
    pdf = brieven.render_pdf(context)
    with translation.override("nl"):
        label = str(BriefSjabloon.Soort(soort).label)
    document = _bewaar_pdf(
        actor=actor,
        statushouder=statushouder,
        pdf=pdf,
        documenttype=Document.Documenttype.BRIEF_VERZONDEN,
        titel=label[:1].upper() + label[1:],
        datum=dagtekening,
        kenmerk=kenmerk,
        brief_soort=soort,
    )
    timeline(statushouder, "brief", f"Brief verstuurd: {label} ({kenmerk})"[:255], dagtekening, actor)
    log_event(actor, Handeling.CREATE, document, statushouder=statushouder, velden=["brief"], toelichting=soort)
    return document


def beschikking_kenmerk_voor(versie) -> str:
    """The kenmerk the kept beschikking of this version has (empty when none is kept yet)."""
    document = Document.objects.filter(pip_versie=versie).only("kenmerk").first()
    return document.kenmerk if document else ""


@transaction.atomic
def bewaar_beschikking(*, actor, versie, statushouder) -> Document:
    """Keep the beschikking of a vastgesteld PIP version as a vastgelegd document with a kenmerk (rendered once:
    it shows the route map as it was on the day). Called when the PIP is vastgesteld, and on the first download
    of a version vastgesteld before beschikkingen were kept."""
    from cases import beschikking

    bestaand = Document.objects.select_for_update().filter(pip_versie=versie).first()
    if bestaand is not None:
        return bestaand
    datum = versie.dagtekening or timezone.localdate()
    kenmerk = volgend_kenmerk(versie.pip.gemeente, datum.year)
    pdf = beschikking.render_beschikking(versie, statushouder, kenmerk=kenmerk)
    document = _bewaar_pdf(
        actor=actor,
        statushouder=statushouder,
        pdf=pdf,
        documenttype=Document.Documenttype.BESCHIKKING,
        titel=f"Beschikking PIP versie {versie.versie}",
        datum=datum,
        kenmerk=kenmerk,
        pip_versie=versie,
    )
    log_event(actor, Handeling.CREATE, document, statushouder=statushouder, velden=["beschikking"])
    return document


def verwijder(documenten) -> int:
    """Delete these documents (anonymisation) and, once committed, their files. Returns the number deleted."""
    documenten = list(documenten.only("pk", "bestand"))
    for document in documenten:
        _verwijder_bestand_na_commit(document.bestand)
    return Document.objects.filter(pk__in=[d.pk for d in documenten]).delete()[0]
