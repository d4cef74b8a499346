"""Provider API: /api/v1/aanwezigheid (DESIGN.md §5, JOURNEYS.md journey 3).

POST takes a batch — a JSON array of up to settings.API_BATCH_MAX_RIJEN lessons — all or nothing:
leerroutes.services.registreer_aanwezigheid checks every row in plain Python (a DRF serializer per row is too
slow for 5,000 rows) and upserts them in one statement. The serializer below documents a row in the OpenAPI
document and renders the rows GET returns; it does not validate the POST.
GET lists the caller's attendance rows, newest lesson first, filtered by enrolment and date."""

from __future__ import annotations

from django.conf import settings
from django.urls import path
from django.views.decorators.common import no_append_slash
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response

from leerroutes import selectors
from leerroutes.models import Aanwezigheid
from leerroutes.services import API_SOORT, API_STATUS, MAX_MINUTEN, BatchOngeldig, registreer_aanwezigheid

from .authentication import organisatie_van
from .problems import VerzoekTeGroot
from .schema import problemen
from .strikt import DATUM_ONGELDIG, Datum, StrikteQuery

STATUS_IN_API = {opgeslagen: naam for naam, opgeslagen in API_STATUS.items()}


class StatusVeld(serializers.ChoiceField):
    """The attendance status by its API name (`geoorloofdAfwezig`), stored as `geoorloofd_afwezig`."""

    def __init__(self, **kwargs):
        super().__init__(choices=list(API_STATUS), **kwargs)

    def to_representation(self, value):
        return STATUS_IN_API[value]


class AanwezigheidSerializer(serializers.Serializer):
    inschrijving = serializers.UUIDField(source="inschrijving.uuid", help_text="Het id van uw inschrijving.")
    lesId = serializers.CharField(
        source="les_id",
        max_length=64,
        help_text="Uw eigen id van de les; met de inschrijving de sleutel van de rij (een tweede keer "
        "versturen werkt de rij bij).",
    )
    datum = Datum(
        help_text="De dag van de les: niet vóór de start of na het einde van de inschrijving, niet in de toekomst."
    )
    soort = serializers.ChoiceField(
        choices=list(API_SOORT),
        default="les",
        help_text="`les` (taal en KNM), `participatie` (Z-route) of `praktijk` (praktijkuren MAP).",
    )
    geplandeMinuten = serializers.IntegerField(source="geplande_minuten", min_value=1, max_value=MAX_MINUTEN)
    aanwezigeMinuten = serializers.IntegerField(
        source="aanwezige_minuten",
        min_value=0,
        max_value=MAX_MINUTEN,
        help_text="Niet meer dan geplandeMinuten; 0 bij ongeoorloofdAfwezig.",
    )
    status = StatusVeld()
    opmerking = serializers.CharField(max_length=500, default="", allow_blank=True)
    gewijzigdOp = serializers.DateTimeField(source="gewijzigd_op", read_only=True)


class AanwezigheidBatch(serializers.Serializer):
    """A batch in the OpenAPI document (documentation only: the service validates a batch)."""


class AanwezigheidBatchSchema(OpenApiSerializerExtension):
    """An array of 1 to API_BATCH_MAX_RIJEN rows, with the limits in the document."""

    target_class = AanwezigheidBatch

    def map_serializer(self, auto_schema, direction):
        rij = auto_schema.resolve_serializer(AanwezigheidSerializer, direction)
        return {"type": "array", "items": rij.ref, "minItems": 1, "maxItems": settings.API_BATCH_MAX_RIJEN}


class BatchResultaatSerializer(serializers.Serializer):
    aangemaakt = serializers.IntegerField(help_text="Nieuwe rijen.")
    bijgewerkt = serializers.IntegerField(help_text="Bestaande rijen met andere waarden.")
    ongewijzigd = serializers.IntegerField(help_text="Rijen die al zo waren opgeslagen (bij opnieuw versturen).")


class AanwezigheidFilter(serializers.Serializer):
    inschrijving = serializers.UUIDField(
        required=False, help_text="Alleen deze inschrijving.", error_messages={"invalid": "Geen geldig id (UUID)."}
    )
    vanaf = Datum(required=False, help_text="Lessen op of na deze dag.", error_messages={"invalid": DATUM_ONGELDIG})
    tot = Datum(required=False, help_text="Lessen op of vóór deze dag.", error_messages={"invalid": DATUM_ONGELDIG})

    def validate(self, data):
        if "vanaf" in data and "tot" in data and data["tot"] < data["vanaf"]:
            raise serializers.ValidationError({"tot": "Deze datum ligt vóór vanaf."})
        return data


VOORBEELD_BATCH = [
    {
        "inschrijving": "3f0c1b7e-2d4a-4c8e-9a51-6b2f0d8e7c41",
        "lesId": "2026-11-23-B1-groep4",
        "datum": "2026-11-23",
        "geplandeMinuten": 180,
        "aanwezigeMinuten": 150,
        "status": "aanwezig",
        "opmerking": "Half uur later binnen",
    },
    {
        "inschrijving": "3f0c1b7e-2d4a-4c8e-9a51-6b2f0d8e7c41",
        "lesId": "2026-11-23-werkplek",
        "datum": "2026-11-23",
        "soort": "participatie",
        "geplandeMinuten": 240,
        "aanwezigeMinuten": 0,
        "status": "ongeoorloofdAfwezig",
    },
]


class AanwezigheidView(StrikteQuery, generics.ListAPIView):
    serializer_class = AanwezigheidSerializer
    query_parameters = ("inschrijving", "vanaf", "tot", "page", "pageSize")
    queryset = Aanwezigheid.objects.none()  # for the OpenAPI document only; GET reads through the selector

    @extend_schema(
        operation_id="aanwezigheid_list",
        summary="Aanwezigheid van uw inschrijvingen",
        parameters=[AanwezigheidFilter],
        responses={200: AanwezigheidSerializer(many=True), **problemen(400, 404)},
    )
    def get(self, request):
        filters = AanwezigheidFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        organisatie = organisatie_van(request)
        inschrijving = filters.validated_data.get("inschrijving")
        eigen = selectors.api_inschrijvingen(organisatie)
        if inschrijving is not None and not eigen.filter(uuid=inschrijving).exists():
            raise exceptions.NotFound  # an unknown id, or another organisation's: 404 as for /inschrijvingen/{id}
        rijen = self.paginate_queryset(selectors.api_aanwezigheid(organisatie, **filters.validated_data))
        selectors.log_api_aanwezigheid_getoond(request.auth, rijen)
        return self.get_paginated_response(self.get_serializer(rijen, many=True).data)

    @extend_schema(
        operation_id="aanwezigheid_create",
        summary="Een batch aanwezigheid melden",
        description=(
            f"Een JSON-array van 1 tot {settings.API_BATCH_MAX_RIJEN} lessen. De batch is alles of niets: "
            "één ongeldige rij en niets wordt opgeslagen; `invalidParams` noemt elke foute rij (`index`, vanaf 0) "
            "en elk fout veld. Rijen worden bijgewerkt op (inschrijving, lesId): dezelfde batch nog eens "
            "versturen verandert niets."
        ),
        request=AanwezigheidBatch(),
        responses={
            201: OpenApiResponse(BatchResultaatSerializer, description="Er is ten minste één rij aangemaakt."),
            200: OpenApiResponse(BatchResultaatSerializer, description="Geen nieuwe rijen: bijgewerkt of ongewijzigd."),
            **problemen(400, 413),
        },
        examples=[OpenApiExample("Twee lessen", value=VOORBEELD_BATCH, request_only=True)],
    )
    def post(self, request):
        rijen = request.data
        if not isinstance(rijen, list):
            raise exceptions.ValidationError({"body": "Stuur een JSON-array van rijen."})
        if len(rijen) > settings.API_BATCH_MAX_RIJEN:
            raise VerzoekTeGroot(
                f"Een batch heeft hoogstens {settings.API_BATCH_MAX_RIJEN} rijen; deze heeft er {len(rijen)}."
            )
        if not rijen:
            raise exceptions.ValidationError({"body": "De batch is leeg."})
        try:
            resultaat = registreer_aanwezigheid(sleutel=request.auth, rijen=rijen)
        except BatchOngeldig as fout:
            raise exceptions.ValidationError([fout.per_rij.get(index, {}) for index in range(len(rijen))]) from None
        code = status.HTTP_201_CREATED if resultaat.aangemaakt else status.HTTP_200_OK
        return Response(BatchResultaatSerializer(resultaat).data, status=code)


urlpatterns = [path("aanwezigheid", no_append_slash(AanwezigheidView.as_view()), name="aanwezigheid")]
