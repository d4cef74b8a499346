"""The gemeente's side of DUO's machine-to-machine exchange (docs/standards/duo-m2m): the inbox of DUO's
notifications, the outbox of our meldingen, what DUO has registered per case (raadpleging) and DUO's list of
instellingen. Inbox and outbox are tables so that nothing is lost between a request and the Celery task."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cases.query import owned_by_statushouder


class Notificatie(models.Model):
    """One notification DUO posted to our Notificatie API, stored before 201 is answered."""

    class Status(models.TextChoices):
        ONTVANGEN = "ontvangen", gettext_lazy("ontvangen")
        VERWERKT = "verwerkt", gettext_lazy("verwerkt")
        MISLUKT = "mislukt", gettext_lazy("mislukt")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    bericht_id = models.UUIDField(unique=True, help_text="De berichtId-header van DUO: één keer verwerkt")
    bron = models.CharField(max_length=20)
    doel = models.CharField(max_length=20)
    gemeente = models.ForeignKey("partners.Gemeente", on_delete=models.PROTECT, related_name="duo_notificaties")
    gebeurtenis_id = models.CharField(max_length=6)
    registratie_datum_tijd = models.DateTimeField()
    bsn = models.CharField("BSN", max_length=9, blank=True)
    v_nummer = models.BigIntegerField(null=True, blank=True)
    ontvangen_op = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ONTVANGEN)
    pogingen = models.PositiveSmallIntegerField(default=0)
    volgende_poging = models.DateTimeField(null=True, blank=True)
    laatste_fout = models.TextField(blank=True, help_text="Zonder BSN")
    verwerkt_op = models.DateTimeField(null=True, blank=True)
    statushouder = models.ForeignKey(
        "cases.Statushouder", on_delete=models.SET_NULL, null=True, blank=True, related_name="duo_notificaties"
    )

    class Meta:
        verbose_name = "DUO-notificatie"
        verbose_name_plural = "DUO-notificaties"
        ordering = ["ontvangen_op"]
        indexes = [models.Index(fields=["status", "volgende_poging"], name="duo_notificatie_wacht_idx")]

    def __str__(self):
        return f"{self.gebeurtenis_id} ({self.bericht_id})"


class Aanmelding(models.Model):
    """A new inburgeringsplichtige DUO announced (SS101/SS128/SS139/SS129) or one who moved in (SS120/SS121),
    waiting in the gemeente's queue until a consultant registers the case. Prefilled with what DUO has."""

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("open")
        GEREGISTREERD = "geregistreerd", gettext_lazy("geregistreerd")
        VERVALLEN = "vervallen", gettext_lazy("vervallen")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey("partners.Gemeente", on_delete=models.PROTECT, related_name="duo_aanmeldingen")
    notificatie = models.ForeignKey(Notificatie, on_delete=models.PROTECT, related_name="aanmeldingen")
    gebeurtenis_id = models.CharField(max_length=6)
    bsn = models.CharField("BSN", max_length=9)
    v_nummer = models.BigIntegerField(null=True, blank=True)
    doelgroep = models.CharField(max_length=15, blank=True, help_text="Onze doelgroep, afgeleid van DUO's indeling")
    gedetailleerde_doelgroep = models.CharField(max_length=60, blank=True)
    plicht_begindatum = models.DateField(null=True, blank=True)
    kennisgeving_datum = models.DateField(null=True, blank=True)
    tien_weken_start = models.DateField(
        null=True, blank=True, help_text="SS139: de termijn van 10 weken voor het vaststellen van de leerroute loopt"
    )
    met_pip_vorige_gemeente = models.BooleanField(default=False, help_text="SS121")
    vorige_pip = models.JSONField(null=True, blank=True, help_text="DUO's PIP van de vorige gemeente (SS121)")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    statushouder = models.ForeignKey(
        "cases.Statushouder", on_delete=models.SET_NULL, null=True, blank=True, related_name="duo_aanmeldingen"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "DUO-aanmelding"
        verbose_name_plural = "DUO-aanmeldingen"
        ordering = ["aangemaakt_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "bsn"], condition=Q(status="open"), name="duo_aanmelding_een_open_per_bsn"
            ),
            models.CheckConstraint(condition=Q(bsn__regex=r"^[0-9]{9}$"), name="duo_aanmelding_bsn_9_cijfers"),
        ]

    def __str__(self):
        return f"DUO-aanmelding {self.gebeurtenis_id} {self.aangemaakt_op:%Y-%m-%d}"


class Registratie(models.Model):
    """What DUO has registered for a case, per part, as DUO's JSON answer of the last raadpleging: the
    "DUO zegt" side of the comparison with our record."""

    class Onderdeel(models.TextChoices):
        INBURGERINGSPLICHT = "inburgeringsplicht", gettext_lazy("inburgeringsplicht")
        DOELGROEP = "doelgroep", gettext_lazy("doelgroep")
        TERMIJN = "termijn", gettext_lazy("inburgeringstermijn")
        PIP = "pip", gettext_lazy("PIP")
        LEERBAARHEIDSTOETS = "leerbaarheidstoets", gettext_lazy("leerbaarheidstoets")
        EXAMENS = "examens", gettext_lazy("examens")
        VRIJSTELLINGEN = "vrijstellingen", gettext_lazy("vrijstellingen")
        ONTHEFFINGEN = "ontheffingen", gettext_lazy("ontheffingen")

    statushouder = models.ForeignKey("cases.Statushouder", on_delete=models.CASCADE, related_name="duo_registraties")
    onderdeel = models.CharField(max_length=20, choices=Onderdeel.choices)
    gegevens = models.JSONField(null=True, help_text="DUO's antwoord; leeg = DUO kent dit onderdeel niet (404)")
    opgehaald_op = models.DateTimeField(default=timezone.now)

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "DUO-registratie"
        verbose_name_plural = "DUO-registraties"
        constraints = [
            models.UniqueConstraint(fields=["statushouder", "onderdeel"], name="duo_registratie_uniek_onderdeel")
        ]

    def __str__(self):
        return f"{self.get_onderdeel_display()} ({self.opgehaald_op:%Y-%m-%d %H:%M})"


class Melding(models.Model):
    """One melding to DUO (melding-bevestiging), written in the transaction of the change that causes it and
    sent by Celery. Its berichtId is fixed when it is written, so a re-send after a time-out is the same message."""

    class Api(models.TextChoices):
        PIP = "pip", "PIP"
        INBURGERINGSAANBOD = "inburgeringsaanbod", "Inburgeringsaanbod"
        CONTACTPERSOON = "contactpersoon", "Contactpersoon"
        MAP_PVT_ZROUTE = "map_pvt_zroute", "MAP, PVT, Z-route"
        GEVOLGDE_UREN = "gevolgde_uren", "Gevolgde uren"

    class Status(models.TextChoices):
        WACHTEND = "wachtend", gettext_lazy("wachtend")
        VERZONDEN = "verzonden", gettext_lazy("verzonden")
        BEVESTIGD = "bevestigd", gettext_lazy("bevestigd")
        GEWEIGERD = "geweigerd", gettext_lazy("geweigerd")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    bericht_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey("partners.Gemeente", on_delete=models.PROTECT, related_name="duo_meldingen")
    statushouder = models.ForeignKey(
        "cases.Statushouder", on_delete=models.CASCADE, null=True, blank=True, related_name="duo_meldingen"
    )
    api = models.CharField(max_length=20, choices=Api.choices)
    operatie = models.CharField(max_length=60, help_text="operationId in DUO's openapi.yml")
    methode = models.CharField(max_length=6)
    pad = models.CharField(
        max_length=200, help_text="Pad zonder BSN: {bsn} wordt bij verzenden ingevuld, zodat het niet in logs staat"
    )
    inhoud = models.JSONField(null=True, blank=True)
    omschrijving = models.CharField(max_length=200, help_text="Wat de melding veroorzaakte, voor de consulent")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHTEND)
    pogingen = models.PositiveSmallIntegerField(default=0)
    volgende_poging = models.DateTimeField(default=timezone.now)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    fouten = models.JSONField(default=list, blank=True, help_text="DUO's fouttekst(en) bij een weigering")
    laatste_fout = models.TextField(blank=True, help_text="Verbindingsfout of 5xx, zonder BSN")
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    verzonden_op = models.DateTimeField(null=True, blank=True)
    beantwoord_op = models.DateTimeField(null=True, blank=True)

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "DUO-melding"
        verbose_name_plural = "DUO-meldingen"
        ordering = ["aangemaakt_op"]
        indexes = [
            models.Index(fields=["status", "volgende_poging"], name="duo_melding_wacht_idx"),
            models.Index(fields=["statushouder", "aangemaakt_op"], name="duo_melding_dossier_idx"),
        ]

    def __str__(self):
        return f"{self.get_api_display()}: {self.omschrijving} ({self.get_status_display()})"


class Contactpersoon(models.Model):
    """A consultant as DUO's Contactpersoon API knows him: the id DUO gave at POST /contactpersonen."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duo_contactpersonen"
    )
    gemeente = models.ForeignKey("partners.Gemeente", on_delete=models.CASCADE, related_name="+")
    duo_id = models.IntegerField()
    gegevens = models.JSONField(help_text="naam, email, telefoonnummer zoals aan DUO gemeld")

    class Meta:
        verbose_name = "DUO-contactpersoon"
        verbose_name_plural = "DUO-contactpersonen"
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "gemeente"], name="duo_contactpersoon_uniek"),
        ]

    def __str__(self):
        return f"contactpersoon {self.duo_id}"


class Instelling(models.Model):
    """DUO's list of instellingen (GET /instellingen of the Inburgeringsaanbod API), linked to our providers by
    the Blik op Werk number of their keurmerk; an Inburgeringsaanbod can only name an instelling DUO knows."""

    instellingsnummer = models.CharField(max_length=20, unique=True)
    naam = models.CharField(max_length=200)
    postcode = models.CharField(max_length=10)
    huisnummer = models.IntegerField()
    huisnummertoevoeging = models.CharField(max_length=10, blank=True)
    plaatsnaam = models.CharField(max_length=100)
    bow = models.CharField("Blik op Werk-nummer", max_length=50, blank=True)
    brin = models.CharField(max_length=10, blank=True)
    indicatie_bow_keurmerk = models.BooleanField(default=False)
    indicatie_tst_keurmerk = models.BooleanField(default=False)
    organisatie = models.ForeignKey(
        "partners.Organisatie", on_delete=models.SET_NULL, null=True, blank=True, related_name="duo_instellingen"
    )
    opgehaald_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "DUO-instelling"
        verbose_name_plural = "DUO-instellingen"
        ordering = ["naam"]

    def __str__(self):
        return f"{self.naam} ({self.instellingsnummer})"


class Voorstel(models.Model):
    """A step DUO's news asks of the gemeente (close the case, suspend it, check a date) or a melding DUO refused:
    shown to the consultant as a signal until handled. DUO decides some facts; what follows from them is ours."""

    class Soort(models.TextChoices):
        AFSLUITEN = "afsluiten", gettext_lazy("dossier afsluiten")
        OPSCHORTEN = "opschorten", gettext_lazy("dossier opschorten")
        HERVATTEN = "hervatten", gettext_lazy("dossier hervatten")
        CONTROLEREN = "controleren", gettext_lazy("gegevens controleren")
        WEIGERING = "weigering", gettext_lazy("melding door DUO geweigerd")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey("cases.Statushouder", on_delete=models.CASCADE, related_name="duo_voorstellen")
    soort = models.CharField(max_length=12, choices=Soort.choices)
    gebeurtenis_id = models.CharField(max_length=6, blank=True)
    notificatie = models.ForeignKey(Notificatie, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, null=True, blank=True, related_name="voorstellen")
    toelichting = models.TextField(help_text="In het Nederlands, zonder BSN")
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    afgehandeld_op = models.DateTimeField(null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "DUO-voorstel"
        verbose_name_plural = "DUO-voorstellen"
        ordering = ["aangemaakt_op"]
        indexes = [models.Index(fields=["statushouder", "afgehandeld_op"], name="duo_voorstel_open_idx")]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.gebeurtenis_id or 'melding'})"
