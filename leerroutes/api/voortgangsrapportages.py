"""Provider API: POST /api/v1/voortgangsrapportages (DESIGN.md §5). Reports are shown on the case page;
resending a report for the same (inschrijving, periodeStart, periodeEind) replaces the stored one."""

from django.urls import path
from django.views.decorators.common import no_append_slash
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers

from leerroutes import services

from .meldingen import MeldingView, NiveauVeld, inschrijving_veld
from .schema import problemen
from .strikt import Datum, StriktSerializer


@extend_schema_field(
    {
        "type": "object",
        "description": "Per vaardigheid het niveau (A0 tot en met C1); ten minste één niveau of een toelichting.",
        "properties": {v: {"type": "string", "enum": services.NIVEAU_CODES} for v in services.VAARDIGHEDEN},
        "additionalProperties": False,
    }
)
class NiveausVeld(serializers.DictField):
    """The levels per skill. Any key is passed on, so the service names an unknown skill."""

    def __init__(self, **kwargs):
        super().__init__(child=NiveauVeld(), **kwargs)


class VoortgangsrapportageMelding(StriktSerializer):
    inschrijving = inschrijving_veld()
    periodeStart = Datum(source="periode_start", help_text="Niet vóór de start van de inschrijving.")
    periodeEind = Datum(source="periode_eind", help_text="Niet vóór periodeStart, niet in de toekomst.")
    niveaus = NiveausVeld(default=dict)
    toelichting = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class Voortgangsrapportage(VoortgangsrapportageMelding):
    id = serializers.UUIDField(source="uuid", help_text="Het id van deze voortgangsrapportage.")
    inschrijving = serializers.UUIDField(source="inschrijving.uuid")


class VoortgangsrapportagesView(MeldingView):
    serializer_class = VoortgangsrapportageMelding
    resource_serializer = Voortgangsrapportage
    registreer = staticmethod(services.registreer_voortgangsrapportage)

    @extend_schema(
        operation_id="voortgangsrapportageMelden",
        summary="Een voortgangsrapportage melden",
        description="Meldt de voortgang van een deelnemer over een periode: het niveau per vaardigheid en een "
        "toelichting. De klantregisseur ziet de rapportage in het dossier. Idempotent: een rapportage over "
        "dezelfde periode van dezelfde inschrijving vervangt de vorige (200); een nieuwe geeft 201.",
        tags=["voortgangsrapportages"],
        responses={
            201: OpenApiResponse(Voortgangsrapportage, description="Nieuwe rapportage opgeslagen."),
            200: OpenApiResponse(
                Voortgangsrapportage, description="Deze periode was al gemeld; de rapportage is vervangen."
            ),
            **problemen(400),
        },
        examples=[
            OpenApiExample(
                "Kwartaalrapportage",
                value={
                    "inschrijving": "3f0c8d52-6f1e-4d0a-9a51-5c1b2f0e7d11",
                    "periodeStart": "2026-08-01",
                    "periodeEind": "2026-10-31",
                    "niveaus": {"lezen": "A2", "luisteren": "B1", "spreken": "A2", "schrijven": "A2"},
                    "toelichting": "Goede vooruitgang bij luisteren; schrijven blijft achter.",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        return super().post(request)


urlpatterns = [
    path("voortgangsrapportages", no_append_slash(VoortgangsrapportagesView.as_view()), name="voortgangsrapportages")
]
