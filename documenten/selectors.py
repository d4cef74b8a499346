"""Reads of the documenten app. The case page has authorised the case already: these filter by statushouder."""

from __future__ import annotations

import logging

from agenda.models import Afspraak

from .models import Document

logger = logging.getLogger(__name__)


class BestandOntbreekt(Exception):
    """The document's row is there but its file is not (a lost or wrongly mounted volume)."""


def open_bestand(document):
    """The kept file, opened for reading; a missing file is logged as an error for the beheerder (by the
    document's uuid) and raised as BestandOntbreekt, so the page can say so instead of answering 500."""
    try:
        return document.bestand.open("rb")
    except FileNotFoundError:
        logger.error("Het bestand van document %s ontbreekt op de opslag (DOCUMENTEN_ROOT).", document.uuid)
        raise BestandOntbreekt from None


def documenten_van(statushouder) -> list[Document]:
    """Newest first, one query (each row gets the case it belongs to, without a query)."""
    documenten = list(Document.objects.filter(statushouder=statushouder).order_by("-datum", "-geupload_op"))
    for document in documenten:
        document.statushouder = statushouder
    return documenten


def document_voor(user, uuid, action: str = "view") -> Document:
    """One document the user may see (or change); Document.DoesNotExist otherwise (answer 404)."""
    return Document.objects.for_user(user, action).select_related("statushouder__gemeente").get(uuid=uuid)


def komende_afspraken(statushouder, vandaag) -> list:
    """The case's appointments from today on that are not cancelled: the ones a letter may invite to."""
    return list(
        Afspraak.objects.filter(statushouder=statushouder, datum__gte=vandaag, geannuleerd_op__isnull=True)
        .exclude(soort__in=[Afspraak.Soort.OVERLEG])
        .order_by("datum", "begintijd")
    )
