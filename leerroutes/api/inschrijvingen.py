"""Provider API: /api/v1/inschrijvingen (DESIGN.md §5): the caller's enrolments, to read, and the provider's
side of their life cycle: PATCH answers an aanmelding (accept: `actief`; decline: `afgewezen`) or ends an
enrolment (`afgerond`, `afgebroken`); PUT/GET .../taalschakeltraject records the taalschakeltraject of an
onderwijsroute enrolment. The rules are in leerroutes.services (wijzig_status_api, registreer_taalschakeltraject):
bad input is 400, a change the current status does not allow 409, another organisation's enrolment 404.

What a provider sees of the statushouder is its names and date of birth (DESIGN.md §2); never the BSN,
health data or case notes. Each request logs the enrolments shown (LIST) or read (READ) with the key as actor.
An unknown id and an id at another organisation are 404 alike; an id that is no UUID at all is 400 naming `id`.
"""

from __future__ import annotations

import re
from datetime import UTC
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.common import no_append_slash
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response

from leerroutes import selectors, services
from leerroutes.models import Inschrijving, Leerroute, Onderdeel, Taalschakeltraject

from .authentication import organisatie_van
from .meldingen import api_fout
from .parsers import JSONParser, MergePatchParser
from .problems import Conflict
from .schema import problemen
from .strikt import Datum, StrikteQuery, StriktSerializer


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


class ApiKeuzeVeld(serializers.ChoiceField):
    """A choice by its API name in lowerCamelCase (`nietBehaald`), stored as `niet_behaald`; empty is null.
    Subclasses set `waarden` ({API name: stored value}) and document themselves with a pattern, as NiveauVeld
    does (a nullable enum becomes a `oneOf` without `type` in drf-spectacular, which the linter refuses)."""

    waarden: dict[str, str] = {}

    def __init__(self, **kwargs):
        self.api_namen = {opgeslagen: naam for naam, opgeslagen in self.waarden.items()}
        kwargs.setdefault("error_messages", {"invalid_choice": f"Kies {' of '.join(self.waarden)}."})
        super().__init__(choices=list(self.waarden), **kwargs)

    def to_internal_value(self, data):
        return self.waarden[super().to_internal_value(data)]

    def to_representation(self, value):
        return self.api_namen.get(value) if value else None


def _keuze_schema(waarden, omschrijving: str) -> dict:
    return {
        "type": "string",
        "nullable": True,
        "pattern": f"^({'|'.join(waarden)})$",
        "example": next(iter(waarden)),
        "description": omschrijving,
    }


RESULTAAT = {"behaald": Inschrijving.Resultaat.BEHAALD, "nietBehaald": Inschrijving.Resultaat.NIET_BEHAALD}
TAALSCHAKEL_RESULTAAT = {
    "afgerond": Taalschakeltraject.Resultaat.AFGEROND,
    "nietAfgerond": Taalschakeltraject.Resultaat.NIET_AFGEROND,
}
VERVOLGNIVEAU = {niveau.value: niveau.value for niveau in Taalschakeltraject.Vervolgniveau}


@extend_schema_field(_keuze_schema(RESULTAAT, "Het resultaat: behaald of nietBehaald; alleen bij afgerond."))
class ResultaatVeld(ApiKeuzeVeld):
    waarden = RESULTAAT


@extend_schema_field(_keuze_schema(TAALSCHAKEL_RESULTAAT, "afgerond of nietAfgerond; met de einddatum."))
class TaalschakelResultaatVeld(ApiKeuzeVeld):
    waarden = TAALSCHAKEL_RESULTAAT


@extend_schema_field(_keuze_schema(VERVOLGNIVEAU, "Het niveau van de vervolgopleiding: mbo, hbo of wo."))
class VervolgniveauVeld(ApiKeuzeVeld):
    waarden = VERVOLGNIVEAU


class InschrijvingSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", help_text="Het publieke id van de inschrijving.")
    statushouder = StatushouderSerializer(help_text="De inburgeraar: alleen naam en geboortedatum.")
    leerroute = serializers.ChoiceField(source="leerroute.code", choices=Leerroute.Code.choices)
    onderdelen = OnderdeelCodes(help_text="De onderdelen van de leerroute waarvoor is ingeschreven.")
    status = serializers.ChoiceField(
        choices=Inschrijving.Status.choices,
        help_text="aangemeld (wacht op uw antwoord), actief, afgewezen, afgerond of afgebroken.",
    )
    aangemeldOp = serializers.DateField(
        source="aangemeld_op", allow_null=True, help_text="De dag waarop de gemeente de deelnemer aanmeldde."
    )
    geplandeStartdatum = serializers.DateField(
        source="geplande_startdatum", allow_null=True, help_text="De startdatum zoals bij de aanmelding gepland."
    )
    startdatum = serializers.DateField(
        help_text="Zolang aangemeld de geplande start; vanaf actief de werkelijke start die u opgaf."
    )
    verwachteEinddatum = serializers.DateField(source="verwachte_einddatum", allow_null=True)
    einddatum = serializers.DateField(allow_null=True, help_text="Leeg zolang de inschrijving loopt.")
    resultaat = ResultaatVeld(allow_null=True)
    reden = serializers.CharField(
        help_text="De reden van afwijzing of afbreken, of van beëindiging door de gemeente; anders leeg."
    )
    contract = ContractSerializer(allow_null=True)
    gewijzigdOp = serializers.DateTimeField(
        source="gewijzigd_op",
        default_timezone=UTC,
        help_text="Laatste wijziging, in UTC; geef de grootste waarde als `gewijzigdNa` mee bij de volgende "
        "synchronisatie.",
    )


TIJDSTIP_PATROON = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})"
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
        if not TIJDSTIP_PATROON.fullmatch(str(value).strip()):  # no week dates or compact forms (issue 17)
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
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
        error_messages={
            "invalid_choice": "Onbekende status; kies aangemeld, actief, afgewezen, afgerond of afgebroken."
        },
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
class InschrijvingenLijst(StrikteQuery, generics.ListAPIView):
    query_parameters = ("status", "gewijzigdNa", "page", "pageSize")
    queryset = Inschrijving.objects.none()  # the model behind the filters, for the schema; rows: get_queryset
    serializer_class = InschrijvingSerializer
    filterset_class = InschrijvingFilter

    def get_queryset(self):
        return selectors.api_inschrijvingen(organisatie_van(self.request))

    def paginate_queryset(self, queryset):
        pagina = super().paginate_queryset(queryset)
        selectors.log_api_getoond(self.request.auth, pagina)
        return pagina


ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Het id van de inschrijving."
)


def _uuid(tekst: str) -> UUID:
    try:
        return UUID(tekst)
    except ValueError:
        raise exceptions.ValidationError({"id": "Dit is geen geldig id: een inschrijving heeft een UUID."}) from None


class InschrijvingWijziging(StriktSerializer):
    """De nieuwe status van een inschrijving met de velden die erbij horen (en geen andere)."""

    status = serializers.ChoiceField(
        choices=list(services.OVERGANGEN),
        help_text="actief (accepteren, met startdatum) of afgewezen (met reden) bij een aangemelde inschrijving; "
        "afgerond (met einddatum en resultaat) of afgebroken (met einddatum en reden) bij een actieve.",
        error_messages={"invalid_choice": "Kies actief, afgewezen, afgerond of afgebroken."},
    )
    startdatum = Datum(
        required=False,
        help_text="Bij actief: de werkelijke start; hoogstens zes maanden vooruit.",
    )
    einddatum = Datum(required=False, help_text="Bij afgerond en afgebroken: niet vóór de start, niet in de toekomst.")
    reden = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Bij afgewezen en afgebroken: waarom (hoogstens 500 tekens).",
    )
    resultaat = ResultaatVeld(required=False, allow_null=True)


VOORBEELDEN_WIJZIGING = [
    OpenApiExample("Accepteren", value={"status": "actief", "startdatum": "2026-12-01"}, request_only=True),
    OpenApiExample(
        "Afwijzen", value={"status": "afgewezen", "reden": "Geen plek in een groep op dit niveau."}, request_only=True
    ),
    OpenApiExample(
        "Afronden",
        value={"status": "afgerond", "einddatum": "2027-06-30", "resultaat": "behaald"},
        request_only=True,
    ),
    OpenApiExample(
        "Afbreken",
        value={"status": "afgebroken", "einddatum": "2027-02-12", "reden": "Verhuisd naar een andere regio."},
        request_only=True,
    ),
]


@extend_schema_view(
    get=extend_schema(
        operation_id="inschrijvingOpvragen",
        summary="Eén inschrijving",
        description="Een inschrijving bij uw organisatie op id (UUID). Een onbekend id of een id van een "
        "andere organisatie geeft 404; een id dat geen UUID is geeft 400.",
        parameters=[ID_PARAMETER],
        responses={200: InschrijvingSerializer, **problemen(400, 404)},
    ),
    patch=extend_schema(
        operation_id="inschrijvingWijzigen",
        summary="Een aanmelding beantwoorden of een inschrijving beëindigen",
        description="Accepteer een aangemelde inschrijving (`actief`, met de werkelijke `startdatum`) of wijs "
        "haar af (`afgewezen`, met `reden`); beëindig later een actieve inschrijving (`afgerond` met "
        "`einddatum` en `resultaat`, of `afgebroken` met `einddatum` en `reden`). Stuur alleen de velden die bij "
        "de status horen. Idempotent: hetzelfde verzoek nog eens geeft 200 en verandert niets. Een overgang die "
        "in de huidige status niet kan (een afgebroken inschrijving accepteren, een ander einde na een einde) "
        "geeft 409.",
        parameters=[ID_PARAMETER],
        request=InschrijvingWijziging,
        responses={
            200: OpenApiResponse(InschrijvingSerializer, description="De inschrijving na de wijziging."),
            **problemen(400, 404, 409),
        },
        examples=VOORBEELDEN_WIJZIGING,
    ),
)
class InschrijvingDetail(StrikteQuery, generics.GenericAPIView):
    serializer_class = InschrijvingSerializer
    parser_classes = [JSONParser, MergePatchParser]

    def get(self, request, id):
        try:
            inschrijving = selectors.api_inschrijving(request.auth, _uuid(id))
        except Inschrijving.DoesNotExist:
            raise exceptions.NotFound from None
        return Response(InschrijvingSerializer(inschrijving).data)

    def patch(self, request, id):
        uuid = _uuid(id)
        wijziging = InschrijvingWijziging(data=request.data)
        wijziging.is_valid(raise_exception=True)
        try:
            inschrijving, _gewijzigd = services.wijzig_status_api(
                sleutel=request.auth, inschrijving=uuid, **wijziging.validated_data
            )
        except Inschrijving.DoesNotExist:
            raise exceptions.NotFound from None
        except services.OvergangNietToegestaan as exc:
            raise Conflict(api_fout(exc, wijziging).detail) from exc
        except DjangoValidationError as exc:
            raise api_fout(exc, wijziging) from exc
        inschrijving = selectors.api_inschrijvingen(organisatie_van(request)).get(pk=inschrijving.pk)
        return Response(InschrijvingSerializer(inschrijving).data)


class TaalschakeltrajectMelding(StriktSerializer):
    """Het taalschakeltraject van een inschrijving in de onderwijsroute."""

    startdatum = Datum(help_text="Niet vóór de start van de inschrijving, niet in de toekomst.")
    einddatum = Datum(
        required=False, allow_null=True, help_text="Samen met het resultaat; niet vóór de start, niet in de toekomst."
    )
    resultaat = TaalschakelResultaatVeld(required=False, allow_null=True)
    vervolgopleiding = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="De opleiding (mbo, hbo of wo) waar het traject naartoe leidt.",
    )
    vervolgniveau = VervolgniveauVeld(required=False, allow_null=True)


class TaalschakeltrajectSerializer(TaalschakeltrajectMelding):
    id = serializers.UUIDField(source="uuid", help_text="Het id van het taalschakeltraject.")
    inschrijving = serializers.UUIDField(source="inschrijving.uuid", help_text="Het id van de inschrijving.")
    vervolgopleiding = serializers.CharField()


class TaalschakeltrajectView(StrikteQuery, generics.GenericAPIView):
    serializer_class = TaalschakeltrajectMelding

    def get_object(self):
        """Only DRF's OPTIONS metadata asks for this (GET and PUT read through the services): no object."""
        raise exceptions.NotFound

    @extend_schema(
        operation_id="taalschakeltrajectOpvragen",
        summary="Het taalschakeltraject van een inschrijving",
        description="Het taalschakeltraject van een onderwijsroute-inschrijving bij uw organisatie; 404 als er "
        "(nog) geen is of de inschrijving niet bij uw organisatie hoort.",
        parameters=[ID_PARAMETER],
        responses={200: TaalschakeltrajectSerializer, **problemen(400, 404)},
    )
    def get(self, request, id):
        try:
            traject = services.api_taalschakeltraject(request.auth, _uuid(id))
        except Taalschakeltraject.DoesNotExist:
            raise exceptions.NotFound from None
        return Response(TaalschakeltrajectSerializer(traject).data)

    @extend_schema(
        operation_id="taalschakeltrajectVastleggen",
        summary="Het taalschakeltraject vastleggen",
        description="Legt het taalschakeltraject van een onderwijsroute-inschrijving vast, of vervangt het: "
        "velden die u weglaat worden leeg. Alleen voor een geaccepteerde inschrijving van de onderwijsroute "
        "(anders 409). `einddatum` en `resultaat` horen bij elkaar. Hier, en niet bij /examenresultaten, meldt "
        "u of het taalschakeltraject is afgerond. Idempotent: hetzelfde verzoek nog eens geeft 200 en "
        "verandert niets.",
        parameters=[ID_PARAMETER],
        request=TaalschakeltrajectMelding,
        responses={
            201: OpenApiResponse(TaalschakeltrajectSerializer, description="Het taalschakeltraject is vastgelegd."),
            200: OpenApiResponse(
                TaalschakeltrajectSerializer, description="Het bestaande taalschakeltraject, bijgewerkt."
            ),
            **problemen(400, 404, 409),
        },
        examples=[
            OpenApiExample(
                "Afgerond, door naar het hbo",
                value={
                    "startdatum": "2025-09-01",
                    "einddatum": "2026-10-30",
                    "resultaat": "afgerond",
                    "vervolgopleiding": "Bachelor Verpleegkunde",
                    "vervolgniveau": "hbo",
                },
                request_only=True,
            )
        ],
    )
    def put(self, request, id):
        uuid = _uuid(id)
        body = TaalschakeltrajectMelding(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            traject, aangemaakt = services.registreer_taalschakeltraject(
                sleutel=request.auth, inschrijving=uuid, **body.validated_data
            )
        except Inschrijving.DoesNotExist:
            raise exceptions.NotFound from None
        except services.OvergangNietToegestaan as exc:
            raise Conflict(api_fout(exc, body).detail) from exc
        except DjangoValidationError as exc:
            raise api_fout(exc, body) from exc
        return Response(
            TaalschakeltrajectSerializer(traject).data,
            status=status.HTTP_201_CREATED if aangemaakt else status.HTTP_200_OK,
        )


urlpatterns = [
    path("inschrijvingen", no_append_slash(InschrijvingenLijst.as_view()), name="inschrijvingen"),
    path("inschrijvingen/<str:id>", no_append_slash(InschrijvingDetail.as_view()), name="inschrijving"),
    path(
        "inschrijvingen/<str:id>/taalschakeltraject",
        no_append_slash(TaalschakeltrajectView.as_view()),
        name="taalschakeltraject",
    ),
]
