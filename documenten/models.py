"""Documents kept on a case (uploads, sent letters, PIP beschikkingen) and the fixed texts of the letters.

The files live on a private storage (settings.DOCUMENTEN_ROOT, outside MEDIA and static): they are only served
by the download view, which checks the case permission and logs the download."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy

from cases.models import Statushouder
from cases.query import owned_by_statushouder


def documenten_root() -> Path:
    return Path(settings.DOCUMENTEN_ROOT)


class PrivateStorage(FileSystemStorage):
    """Files without a public address: only the download view serves them."""

    def url(self, name):
        raise ValueError("Documenten hebben geen openbaar adres; gebruik de downloadpagina.")


class _PrivateStorage(LazyObject):
    """The private storage at DOCUMENTEN_ROOT, read when first used (so tests can point it elsewhere)."""

    def _setup(self):
        self._wrapped = PrivateStorage(location=documenten_root())


private_storage = _PrivateStorage()


def _storage():
    return private_storage


def bestandspad(instance, filename: str) -> str:
    """A random name, never the uploaded one: <yyyy>/<mm>/<uuid4 hex> (the extension the content showed)."""
    from django.utils import timezone

    nu = timezone.now()
    extensie = Path(filename).suffix.lower()[:10]
    return f"{nu:%Y}/{nu:%m}/{uuid.uuid4().hex}{extensie}"


class Document(models.Model):
    class Documenttype(models.TextChoices):
        IDENTITEIT = "identiteit", gettext_lazy("identiteitsbewijs")
        DIPLOMA = "diploma", gettext_lazy("diploma")
        VERKLARING = "verklaring", gettext_lazy("verklaring")
        BRIEF_ONTVANGEN = "brief_ontvangen", gettext_lazy("ontvangen brief")
        BRIEF_VERZONDEN = "brief_verzonden", gettext_lazy("verzonden brief")
        BESCHIKKING = "beschikking", gettext_lazy("beschikking")
        MEDISCH = "medisch", gettext_lazy("medische verklaring")
        OVERIG = "overig", gettext_lazy("overig")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey(Statushouder, on_delete=models.CASCADE, related_name="documenten")
    documenttype = models.CharField(max_length=20, choices=Documenttype.choices)
    titel = models.CharField(max_length=200)
    datum = models.DateField()
    bestand = models.FileField(storage=_storage, upload_to=bestandspad, max_length=200)
    content_type = models.CharField(max_length=100)
    grootte = models.PositiveBigIntegerField(help_text="In bytes")
    sha256 = models.CharField(max_length=64)
    origineel_naam = models.CharField(max_length=255, blank=True)
    kenmerk = models.CharField(max_length=40, blank=True)
    vastgelegd = models.BooleanField(
        default=False, help_text="Een verzonden brief of beschikking: niet te wijzigen of te verwijderen."
    )
    brief_soort = models.CharField(max_length=40, blank=True)
    pip_versie = models.OneToOneField(
        "cases.PipVersie", on_delete=models.SET_NULL, null=True, blank=True, related_name="beschikking_document"
    )
    geupload_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    geupload_op = models.DateTimeField(auto_now_add=True)

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["-datum", "-geupload_op"]
        indexes = [models.Index(fields=["statushouder", "-datum"], name="document_sh_datum_idx")]
        constraints = [
            models.UniqueConstraint(fields=["kenmerk"], condition=~models.Q(kenmerk=""), name="document_kenmerk_uniek"),
        ]

    def __str__(self):
        return f"{self.get_documenttype_display()}: {self.titel}"


class Kenmerkteller(models.Model):
    """The last number given per gemeente and year; read under a row lock so a number is never given twice."""

    gemeente_code = models.CharField(max_length=6)
    jaar = models.PositiveSmallIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "kenmerkteller"
        verbose_name_plural = "kenmerktellers"
        constraints = [models.UniqueConstraint(fields=["gemeente_code", "jaar"], name="kenmerkteller_uniek")]

    def __str__(self):
        return f"{self.gemeente_code}-{self.jaar}: {self.laatste}"


class BriefSjabloon(models.Model):
    """The fixed texts of one kind of letter, written at language level A2; a beheerder edits them in the admin.
    Placeholders in curly braces are filled in when the letter is made (see documenten.brieven.PLAATSHOUDERS)."""

    class Soort(models.TextChoices):
        UITNODIGING_INTAKE = "uitnodiging_intake", gettext_lazy("uitnodiging brede intake")
        UITNODIGING_VOORTGANGSGESPREK = "uitnodiging_voortgangsgesprek", gettext_lazy("uitnodiging voortgangsgesprek")
        HERINNERING = "herinnering", gettext_lazy("herinnering")
        WAARSCHUWING = "waarschuwing", gettext_lazy("schriftelijke waarschuwing")

    soort = models.CharField(max_length=40, choices=Soort.choices, unique=True)
    onderwerp = models.CharField(max_length=200)
    aanhef = models.CharField(max_length=200, help_text="Bijv. 'Beste {naam},'")
    kern = models.TextField(
        help_text="De vaste tekst. Een lege regel begint een nieuwe alinea. Plaatshouders: {naam}, {datum}, {tijd}, "
        "{plaats}, {tolk}, {consulent}, {telefoon}, {gemeente}, {uiterlijk}."
    )
    slot = models.TextField(help_text="Bijv. 'Met vriendelijke groet,'")
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "briefsjabloon"
        verbose_name_plural = "briefsjablonen"
        ordering = ["soort"]

    def __str__(self):
        return self.get_soort_display()
