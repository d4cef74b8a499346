"""Append-only log of processing of personal data, shaped after VNG Verwerkingenlogging / Logboek
Dataverwerkingen: one row per processing, with the actor, the action, the object and the person
concerned (betrokkene). Identifiers are stored as values, not foreign keys: the log must outlive the
rows it describes and is written on its own connection (see `inburgering.audit.routers`).

A list read (a page of the provider API, say) is ONE event naming every person concerned in
`statushouder_ids`; a single processing names its person in `statushouder_id`. `AuditEvent.objects.over()`
finds both, so "who saw my file?" counts a list that showed the person.

`request_id` is the server's own id of the request (unique per request); the `X-Request-ID` a client or proxy
sent is kept apart in `client_request_id`: a client may send any value, also one of another client's requests.
"""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q


class Handeling(models.TextChoices):
    CREATE = "create", "aangemaakt"
    READ = "read", "ingezien"
    LIST = "list", "in lijst getoond"
    UPDATE = "update", "gewijzigd"
    DELETE = "delete", "verwijderd"
    EXPORT = "export", "geëxporteerd"


class ActorType(models.TextChoices):
    GEBRUIKER = "gebruiker", "gebruiker"
    API_CLIENT = "api_client", "API-client van een organisatie"
    SYSTEEM = "systeem", "systeem"


class AuditEventQuerySet(models.QuerySet):
    def over(self, *uuids):
        """Events about any of these statushouders (UUIDs): single events and list events that named them."""
        uuids = list(uuids)
        return self.filter(Q(statushouder_id__in=uuids) | Q(statushouder_ids__overlap=uuids))


class AuditEvent(models.Model):
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tijdstip = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_type = models.CharField(max_length=20, choices=ActorType.choices)
    actor_id = models.CharField(max_length=64, blank=True, help_text="UUID van gebruiker of organisatie")
    actor_label = models.CharField(max_length=150, blank=True)
    rol = models.CharField(max_length=40, blank=True)
    handeling = models.CharField(max_length=10, choices=Handeling.choices)
    verwerkingsactiviteit = models.CharField(max_length=100, default="casusregie inburgering")
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    statushouder_id = models.UUIDField(null=True, blank=True, help_text="de betrokkene")
    statushouder_ids = ArrayField(
        models.UUIDField(), default=list, blank=True, help_text="de betrokkenen van een lijst (één gebeurtenis)"
    )
    gemeente_code = models.CharField(max_length=6, blank=True, help_text="verwerkingsverantwoordelijke")
    velden = models.JSONField(default=list, blank=True, help_text="namen van gewijzigde velden, geen waarden")
    toelichting = models.CharField(max_length=255, blank=True)
    request_id = models.CharField(max_length=64, blank=True, help_text="id van het verzoek, door de server gemaakt")
    client_request_id = models.CharField(
        max_length=64, blank=True, help_text="X-Request-ID zoals de client of proxy het stuurde (niet vertrouwd)"
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "verwerking"
        verbose_name_plural = "verwerkingen"
        ordering = ["-tijdstip", "-id"]
        indexes = [
            models.Index(fields=["statushouder_id", "-tijdstip"], name="audit_betrokkene_idx"),
            GinIndex(fields=["statushouder_ids"], name="audit_betrokkenen_idx"),
        ]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.actor_label} {self.handeling} {self.object_type}"

    def betrokkenen(self) -> list:
        """The UUIDs of the persons concerned: the one of a single event, or those of a list."""
        return [self.statushouder_id] if self.statushouder_id else list(self.statushouder_ids)
