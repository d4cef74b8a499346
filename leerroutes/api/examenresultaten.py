"""Provider API: POST /api/v1/examenresultaten (DESIGN.md §5). A result counts for the route map and the
voldaan check of the case from its date (cases.routekaart); resending the same (inschrijving, onderdeel,
datum) updates the stored result. The taalschakeltraject of the onderwijsroute is not an exam: it has its own
endpoint (PUT /inschrijvingen/{id}/taalschakeltraject, the one place it is recorded), and `taalschakel` here is
refused with a pointer to it."""

from django.urls import path
from django.views.decorators.common import no_append_slash
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers

from leerroutes import services

from .meldingen import MeldingView, NiveauVeld, inschrijving_veld
from .schema import problemen
from .strikt import Datum, JaNee, StriktSerializer

TAALSCHAKEL_ELDERS = (
    "Het taalschakeltraject is geen examen: meld het met PUT /inschrijvingen/{id}/taalschakeltraject "
    "(startdatum, einddatum en resultaat afgerond of nietAfgerond)."
)


class OnderdeelVeld(serializers.ChoiceField):
    """An onderdeel with an exam; `taalschakel` gets the way to the taalschakeltraject endpoint."""

    def to_internal_value(self, data):
        if data == "taalschakel":
            raise serializers.ValidationError(TAALSCHAKEL_ELDERS)
        return super().to_internal_value(data)


class ExamenresultaatMelding(StriktSerializer):
    inschrijving = inschrijving_veld()
    onderdeel = OnderdeelVeld(
        choices=services.API_ONDERDELEN,
        help_text="Moet bij de leerroute horen. Het taalschakeltraject meldt u met PUT "
        "/inschrijvingen/{id}/taalschakeltraject.",
    )
    datum = Datum(help_text="Niet vóór de start van de inschrijving en niet in de toekomst.")
    niveau = NiveauVeld(
        required=False,
        allow_null=True,
        help_text="Verplicht bij lezen, luisteren, spreken en schrijven; bij knm, map en pvt leeg (null) of weglaten.",
    )
    behaald = JaNee()


class Examenresultaat(ExamenresultaatMelding):
    id = serializers.UUIDField(source="uuid", help_text="Het id van dit examenresultaat.")
    inschrijving = serializers.UUIDField(source="inschrijving.uuid")
    onderdeel = serializers.ChoiceField(choices=services.API_ONDERDELEN, source="onderdeel.code")
    niveau = NiveauVeld(allow_null=True)


class ExamenresultatenView(MeldingView):
    serializer_class = ExamenresultaatMelding
    resource_serializer = Examenresultaat
    registreer = staticmethod(services.registreer_examenresultaat)

    @extend_schema(
        operation_id="examenresultaatMelden",
        summary="Een examenresultaat melden",
        description="Meldt een examenresultaat (of een afgeronde MAP of PVT) bij een inschrijving van uw "
        "organisatie. Idempotent: dezelfde inschrijving, hetzelfde onderdeel en dezelfde datum nog eens sturen "
        "werkt het opgeslagen resultaat bij (200) in plaats van een tweede toe te voegen (201).",
        tags=["examenresultaten"],
        responses={
            201: OpenApiResponse(Examenresultaat, description="Nieuw resultaat opgeslagen."),
            200: OpenApiResponse(
                Examenresultaat, description="Dit resultaat was al gemeld; bijgewerkt waar het verschilde."
            ),
            **problemen(400),
        },
        examples=[
            OpenApiExample(
                "Lezen behaald op B1",
                value={
                    "inschrijving": "3f0c8d52-6f1e-4d0a-9a51-5c1b2f0e7d11",
                    "onderdeel": "lezen",
                    "datum": "2026-10-14",
                    "niveau": "B1",
                    "behaald": True,
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        return super().post(request)


urlpatterns = [path("examenresultaten", no_append_slash(ExamenresultatenView.as_view()), name="examenresultaten")]
