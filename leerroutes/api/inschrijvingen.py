"""Provider API: /api/v1/inschrijvingen (DESIGN.md §5): the caller's enrolments, to read.

What a provider sees of the statushouder is its names and date of birth (DESIGN.md §2); never the BSN,
health data or case notes. Each request logs the enrolments shown (LIST) or read (READ) with the key as actor.
An unknown id and an id at another organisation are 404 alike; an id that is no UUID at all is 400 naming `id`.
"""

from __future__ import annotations

from datetime import UTC
from uuid import UUID

from django import forms
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.common import no_append_slash
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, serializers

from leerroutes import selectors
from leerroutes.models import Inschrijving, Leerroute, Onderdeel

from .authentication import organisatie_van
from .schema import problemen


class StatushouderSerializer(serializers.Serializer):
    voornamen = serializers.CharField()
    achternaam = serializers.CharField()
    geboortedatum = serializers.DateField()


class ContractSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", help_text="Het contract waaronder het traject valt.")
    kenmerk = serializers.CharField(help_text="Het kenmerk van het contract (kan leeg zijn).")


class OnderdeelCodes(serializers.ListField):
    """The codes of an enrolment's onderdelen (prefetched by the selector)."""

    child = serializers.ChoiceField(choices=Onderdeel.Code.choices)

    def to_representation(self, data):
        return [onderdeel.code for onderdeel in data.all()]


class InschrijvingSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", help_text="Het publieke id van de inschrijving.")
    statushouder = StatushouderSerializer(help_text="De inburgeraar: alleen naam en geboortedatum.")
    leerroute = serializers.ChoiceField(source="leerroute.code", choices=Leerroute.Code.choices)
    onderdelen = OnderdeelCodes(help_text="De onderdelen van de leerroute waarvoor is ingeschreven.")
    status = serializers.ChoiceField(choices=Inschrijving.Status.choices)
    startdatum = serializers.DateField()
    einddatum = serializers.DateField(allow_null=True, help_text="Leeg zolang de inschrijving loopt.")
    contract = ContractSerializer(allow_null=True)
    gewijzigdOp = serializers.DateTimeField(
        source="gewijzigd_op",
        default_timezone=UTC,
        help_text="Laatste wijziging, in UTC; geef de grootste waarde als `gewijzigdNa` mee bij de volgende "
        "synchronisatie.",
    )


class TijdstipMetTijdzoneField(forms.DateTimeField):
    """An ISO 8601 date-time that states its offset: without one, '02:00' would mean different moments to
    the provider and to us around a daylight saving change."""

    # %% because django-filter fills the message in with %-formatting
    default_error_messages = {
        "invalid": "Geef een tijdstip in ISO 8601 met tijdzone, bijvoorbeeld 2026-11-24T09:00:00Z of "
        "2026-11-24T10:00:00%%2B01:00 (een + in de query-string als %%2B)."
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            tijdstip = parse_datetime(str(value).strip())
        except ValueError:
            tijdstip = None
        if tijdstip is None or timezone.is_naive(tijdstip):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return tijdstip.astimezone(UTC)  # PostgreSQL refuses offsets beyond ±15:59; in UTC any moment goes
        except OverflowError:  # before year 1 or after 9999 once in UTC
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class TijdstipMetTijdzoneFilter(filters.IsoDateTimeFilter):
    field_class = TijdstipMetTijdzoneField


class InschrijvingFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=Inschrijving.Status.choices,
        help_text="Alleen inschrijvingen met deze status.",
        error_messages={"invalid_choice": "Onbekende status; kies aangemeld, actief, afgerond of afgebroken."},
    )
    gewijzigdNa = TijdstipMetTijdzoneFilter(
        field_name="gewijzigd_op",
        lookup_expr="gt",
        help_text="Alleen inschrijvingen die ná dit tijdstip zijn gewijzigd (strikt later; met tijdzone).",
    )

    class Meta:
        model = Inschrijving
        fields = ["status", "gewijzigdNa"]


@extend_schema_view(
    get=extend_schema(
        summary="Uw inschrijvingen",
        description="De inschrijvingen bij uw organisatie, oudste wijziging eerst. Met `gewijzigdNa` haalt u "
        "alleen op wat sinds uw vorige synchronisatie is veranderd. Een pagina die niet bestaat is 404.",
        responses={200: InschrijvingSerializer(many=True), **problemen(400, 404)},
    )
)
class InschrijvingenLijst(generics.ListAPIView):
    queryset = Inschrijving.objects.none()  # the model behind the filters, for the schema; rows: get_queryset
    serializer_class = InschrijvingSerializer
    filterset_class = InschrijvingFilter

    def get_queryset(self):
        return selectors.api_inschrijvingen(organisatie_van(self.request))

    def paginate_queryset(self, queryset):
        pagina = super().paginate_queryset(queryset)
        selectors.log_api_getoond(self.request.auth, pagina)
        return pagina


@extend_schema_view(
    get=extend_schema(
        summary="Eén inschrijving",
        description="Een inschrijving bij uw organisatie op id (UUID). Een onbekend id of een id van een "
        "andere organisatie geeft 404; een id dat geen UUID is geeft 400.",
        parameters=[
            OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Het id van de inschrijving.")
        ],
        responses={200: InschrijvingSerializer, **problemen(400, 404)},
    )
)
class InschrijvingDetail(generics.RetrieveAPIView):
    serializer_class = InschrijvingSerializer

    def get_object(self):
        try:
            uuid = UUID(self.kwargs["id"])
        except ValueError:
            raise exceptions.ValidationError(
                {"id": "Dit is geen geldig id: een inschrijving heeft een UUID."}
            ) from None
        try:
            return selectors.api_inschrijving(self.request.auth, uuid)
        except Inschrijving.DoesNotExist:
            raise exceptions.NotFound from None


urlpatterns = [
    path("inschrijvingen", no_append_slash(InschrijvingenLijst.as_view()), name="inschrijvingen"),
    path("inschrijvingen/<str:id>", no_append_slash(InschrijvingDetail.as_view()), name="inschrijving"),
]
