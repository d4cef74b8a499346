"""Append-only log of processing of personal data, shaped after VNG Verwerkingenlogging / Logboek
Dataverwerkingen: one row per processing, with the actor, the action, the object and the person
concerned (betrokkene). Identifiers are stored as values, not foreign keys: the log must outlive the
rows it describes and is written on its own connection (see `inburgering.audit.routers`).
"""

import uuid

from django.db import models


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
    gemeente_code = models.CharField(max_length=6, blank=True, help_text="verwerkingsverantwoordelijke")
    velden = models.JSONField(default=list, blank=True, help_text="namen van gewijzigde velden, geen waarden")
    toelichting = models.CharField(max_length=255, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "verwerking"
        verbose_name_plural = "verwerkingen"
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["statushouder_id", "-tijdstip"], name="audit_betrokkene_idx")]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.actor_label} {self.handeling} {self.object_type}"
