"""DUO's Notificatie API as this installation hosts it (docs/standards/duo-m2m/API/Notificatie/openapi.yml):
POST /notificaties. A plain Django view, not DRF: the interface is DUO's, so it stays out of the project's own
OpenAPI document (drf-spectacular, scripts/lint_api.sh).

Every answer carries API-Version; only 503 has a body (a Foutmelding), as the spec documents. Order of the
checks: a verified client certificate (401), DUO's OIN in it (403), the request as the spec says (400), `bron`
DUO and `doel` one of our gemeenten (403); then the notification is stored (201). Refusals are logged on logger
"duo" with the reason and never a value from the body, so no BSN."""

from __future__ import annotations

import logging
import traceback
from dataclasses import asdict

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from partners.models import Gemeente

from .. import contract, verwerking
from ..contract import zonder_bsn
from ..mtls import client_certificaat, oin_uit_certificaat
from .bericht import Ongeldig, lees

logger = logging.getLogger("duo")

ONDERHOUD = "De notificatie kan nu niet worden opgeslagen; probeer het later opnieuw."


class Weigering(Exception):
    def __init__(self, status: int, reden: str):
        super().__init__(reden)
        self.status = status


@csrf_exempt
def notificaties(request):
    if request.method != "POST":
        antwoord = _antwoord(405)
        antwoord["Allow"] = "POST"
        return antwoord
    try:
        _ontvang(request)
    except Weigering as weigering:
        logger.warning(
            "DUO-notificatie geweigerd (%s) van %s: %s",
            weigering.status,
            request.META.get("REMOTE_ADDR"),
            zonder_bsn(str(weigering)),
        )
        return _antwoord(weigering.status)
    except (OperationalError, InterfaceError) as exc:  # the database is away: DUO tries again later
        logger.error("DUO-notificatie niet opgeslagen, database onbereikbaar: %s", zonder_bsn(str(exc)))
        return _antwoord(503, {"fouttekst": ONDERHOUD})
    except Exception as exc:
        logger.error(
            "DUO-notificatie: onverwachte fout %s: %s\n%s",
            type(exc).__name__,
            zonder_bsn(str(exc)),
            "".join(traceback.format_tb(exc.__traceback__)),  # code lines only: no values
        )
        return _antwoord(500)
    return _antwoord(201)


def _ontvang(request) -> None:
    certificaat = client_certificaat(request)
    if certificaat is None:
        raise Weigering(401, "geen geverifieerd clientcertificaat")
    oin = oin_uit_certificaat(certificaat)
    if oin != settings.DUO_OIN:
        raise Weigering(403, f"het certificaat (OIN {oin or 'onbekend'}) is niet dat van DUO")
    try:
        bericht = lees(request.headers, request.META.get("CONTENT_TYPE", ""), request.body)
    except RequestDataTooBig:
        raise Weigering(400, "body te groot") from None
    except Ongeldig as ongeldig:
        raise Weigering(400, f"voldoet niet aan de specificatie: {ongeldig}") from None
    if bericht.bron != settings.DUO_OIN:
        raise Weigering(403, f"bron {bericht.bron!r} is niet het OIN van DUO")
    gemeente = Gemeente.objects.filter(oin=bericht.doel).first()
    if gemeente is None:
        raise Weigering(403, f"doel {bericht.doel!r} is geen gemeente van deze installatie")
    verwerking.ontvang(gemeente=gemeente, **asdict(bericht))


def _antwoord(status: int, foutmelding: dict | None = None) -> HttpResponse:
    if foutmelding is not None:
        antwoord = JsonResponse(foutmelding, status=status)
    else:
        antwoord = HttpResponse(status=status)
        del antwoord["Content-Type"]  # no body, so no content type
    antwoord["API-Version"] = contract.versie("notificatie")
    return antwoord
