import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ReportRun(models.Model):
    """One run of a benchmark report: its parameters, who asked, progress and the result as data.
    Holds aggregates only (small cells already suppressed), never personal data."""

    class Status(models.TextChoices):
        WACHTEND = "wachtend", "in de wachtrij"
        BEZIG = "bezig", "bezig"
        KLAAR = "klaar", "klaar"
        MISLUKT = "mislukt", "mislukt"

    class Periode(models.TextChoices):
        MAAND = "maand", "maand"
        KWARTAAL = "kwartaal", "kwartaal"
        JAAR = "jaar", "jaar"

    class Soort(models.TextChoices):
        REGIO = "regio", "arbeidsmarktregio"
        GEMEENTE = "gemeente", "gemeente"
        LANDELIJK = "landelijk", "landelijk (alle regio's)"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    soort = models.CharField(max_length=30, choices=Soort.choices, default=Soort.REGIO)
    bovenliggend = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deelruns",
        help_text="De landelijke run waarvan dit het deel van één regio is",
    )
    arbeidsmarktregio = models.ForeignKey(
        "partners.Arbeidsmarktregio", on_delete=models.PROTECT, null=True, blank=True, related_name="report_runs"
    )
    gemeente = models.ForeignKey(
        "partners.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="report_runs"
    )
    periode = models.CharField(max_length=10, choices=Periode.choices)
    periode_start = models.DateField()
    periode_eind = models.DateField()
    parameters = models.JSONField(default=dict, blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHTEND)
    voortgang = models.PositiveSmallIntegerField(default=0)
    resultaat = models.JSONField(null=True, blank=True)
    foutmelding = models.TextField(blank=True)
    pdf = models.FileField(upload_to="rapportages/%Y/%m/", blank=True)
    csv = models.FileField(upload_to="rapportages/%Y/%m/", blank=True)
    xlsx = models.FileField(upload_to="rapportages/%Y/%m/", blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gestart_op = models.DateTimeField(null=True, blank=True)
    klaar_op = models.DateTimeField(null=True, blank=True)
    hartslag = models.DateTimeField(null=True, blank=True, help_text="Laatste teken van leven van de taak")
    pogingen = models.PositiveSmallIntegerField(default=0)
    herstarts = models.PositiveSmallIntegerField(
        default=0, help_text="Keren dat de run vanzelf opnieuw is gestart omdat zijn worker uitviel (hoogstens één)"
    )
    rekentijd = models.FloatField(null=True, blank=True, help_text="Seconden voor de indicatoren")
    rendertijd = models.FloatField(null=True, blank=True, help_text="Seconden voor grafieken en bestanden")

    class Meta:
        verbose_name = "rapportage-run"
        verbose_name_plural = "rapportage-runs"
        ordering = ["-aangemaakt_op"]
        constraints = [
            models.CheckConstraint(condition=Q(voortgang__lte=100), name="reportrun_voortgang_0_100"),
            models.CheckConstraint(condition=Q(periode_eind__gte=F("periode_start")), name="reportrun_datumvolgorde"),
            models.CheckConstraint(
                condition=~Q(status="klaar") | (Q(voortgang=100) & Q(resultaat__isnull=False)),
                name="reportrun_klaar_heeft_resultaat",
            ),
        ]
        indexes = [models.Index(fields=["arbeidsmarktregio", "-aangemaakt_op"], name="reportrun_regio_idx")]

    def __str__(self):
        return f"{self.soort} {self.periode_start}–{self.periode_eind} ({self.get_status_display()})"
