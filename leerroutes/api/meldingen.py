"""What the two single-item POSTs (examenresultaten, voortgangsrapportages) share: validate the body, let the
service write (it checks the enrolment is the caller's, locks it, logs the timeline and the audit event),
and answer 201 with the stored resource when it is new or 200 when the same item was sent before."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.fields import get_error_detail
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from leerroutes.services import NIVEAU_CODES

from .strikt import StrikteQuery


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "pattern": f"^({'|'.join(NIVEAU_CODES)})$",
        "example": "B1",
        "description": "Niveau: A0, A1, A2, B1, B2 of C1.",
    }
)
class NiveauVeld(serializers.ChoiceField):
    """A level A0 to C1 (ERK). Documented with a pattern: drf-spectacular would turn a nullable enum into a
    `oneOf` without `type`, which the linter's example check refuses."""

    def __init__(self, **kwargs):
        super().__init__(choices=NIVEAU_CODES, **kwargs)

    def to_representation(self, value):
        return value or None  # stored blank when the onderdeel has no level


def inschrijving_veld() -> serializers.UUIDField:
    """The enrolment a report is about, by its public id (DRF's own message for a bad UUID is English)."""
    return serializers.UUIDField(
        help_text="Het id van de inschrijving (bij uw organisatie).",
        error_messages={"invalid": "Geef het id (UUID) van een inschrijving."},
    )


def api_fout(exc: DjangoValidationError, serializer) -> exceptions.ValidationError:
    """A service's Dutch ValidationError as a DRF one, named by the API's field names (`periode_eind` →
    `periodeEind`), so `invalidParams` names what the caller sent."""
    detail = get_error_detail(exc)
    if isinstance(detail, dict):
        namen = {veld.source: naam for naam, veld in serializer.fields.items()}
        detail = {namen.get(veld, veld): fouten for veld, fouten in detail.items()}
    return exceptions.ValidationError(detail)


class MeldingView(StrikteQuery, GenericAPIView):
    """POST one item. Subclasses set `serializer_class` (the request body), `resource_serializer` (the
    stored resource in the response) and `registreer` (the service: keyword arguments `sleutel` and the
    validated body, returns (object, created))."""

    resource_serializer: type[serializers.Serializer]
    registreer: Callable

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            obj, aangemaakt = self.registreer(sleutel=request.auth, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise api_fout(exc, serializer) from exc
        return Response(
            self.resource_serializer(obj).data, status=status.HTTP_201_CREATED if aangemaakt else status.HTTP_200_OK
        )
