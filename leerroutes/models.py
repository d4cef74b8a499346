import uuid

from django.db import models
from django.db.models import F, Q

from cases.query import OwnedByStatushouderQuerySet, owned_by_statushouder

NIVEAUS = [(n, n) for n in ("A0", "A1", "A2", "B1", "B2", "C1")]


class Leerroute(models.Model):
    """Reference data (loaded by a data migration): B1-route, onderwijsroute, Z-route."""

    class Code(models.TextChoices):
        B1 = "b1", "B1-route"
        ONDERWIJS = "onderwijs", "Onderwijsroute"
        Z = "z", "Z-route"

    code = models.CharField(max_length=10, choices=Code.choices, unique=True)
    naam = models.CharField(max_length=50)
    omschrijving = models.TextField(blank=True)
    keurmerk_vereist = models.BooleanField(default=True, help_text="Blik op Werk keurmerk vereist (B1 en Z)")
    map_verplicht = models.BooleanField(default=True)
    taalniveau_doel = models.CharField(max_length=2, choices=NIVEAUS, blank=True)

    class Meta:
        verbose_name = "leerroute"
        verbose_name_plural = "leerroutes"
        ordering = ["id"]

    def __str__(self):
        return self.naam


class Onderdeel(models.Model):
    """A component of a route: taal skills, KNM, MAP, PVT, the Z-route hour blocks."""

    class Code(models.TextChoices):
        LEZEN = "lezen", "Lezen"
        LUISTEREN = "luisteren", "Luisteren"
        SPREKEN = "spreken", "Spreken"
        SCHRIJVEN = "schrijven", "Schrijven"
        KNM = "knm", "Kennis van de Nederlandse Maatschappij"
        MAP = "map", "Module Arbeidsmarkt en Participatie"
        PVT = "pvt", "Participatieverklaringstraject"
        TAALSCHAKEL = "taalschakel", "Taalschakeltraject"
        Z_LES = "z_les", "Z-route lessen (taal en KNM)"
        Z_PARTICIPATIE = "z_participatie", "Z-route participatieactiviteiten"

    class Soort(models.TextChoices):
        TAAL = "taal", "taal"
        KNM = "knm", "KNM"
        MAP = "map", "MAP"
        PVT = "pvt", "PVT"
        UREN = "uren", "urenblok"

    code = models.CharField(max_length=20, choices=Code.choices, unique=True)
    naam = models.CharField(max_length=80)
    soort = models.CharField(max_length=10, choices=Soort.choices)
    examen = models.BooleanField(default=False, help_text="Wordt afgesloten met een examen")
    norm_uren = models.PositiveIntegerField(null=True, blank=True, help_text="Minimum aantal uren, bijv. MAP 40")
    leerroutes = models.ManyToManyField(Leerroute, related_name="onderdelen")

    class Meta:
        verbose_name = "onderdeel"
        verbose_name_plural = "onderdelen"
        ordering = ["id"]

    def __str__(self):
        return self.naam


class InschrijvingQuerySet(OwnedByStatushouderQuerySet):
    def for_organisatie(self, organisatie):
        """A provider API client sees only the enrolments at its own organisation."""
        return self.filter(organisatie=organisatie)


class Inschrijving(models.Model):
    """An enrolment of a statushouder at a taalaanbieder for (part of) a leerroute."""

    class Status(models.TextChoices):
        AANGEMELD = "aangemeld", "aangemeld"
        ACTIEF = "actief", "actief"
        AFGEROND = "afgerond", "afgerond"
        AFGEBROKEN = "afgebroken", "afgebroken"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey("cases.Statushouder", on_delete=models.PROTECT, related_name="inschrijvingen")
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="inschrijvingen")
    leerroute = models.ForeignKey(Leerroute, on_delete=models.PROTECT, related_name="inschrijvingen")
    contract = models.ForeignKey(
        "partners.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="inschrijvingen"
    )
    onderdelen = models.ManyToManyField(Onderdeel, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.AANGEMELD)
    startdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = InschrijvingQuerySet.as_manager()

    class Meta:
        verbose_name = "inschrijving"
        verbose_name_plural = "inschrijvingen"
        ordering = ["-startdatum"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("startdatum")),
                name="inschrijving_datumvolgorde",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["afgerond", "afgebroken"]) | Q(einddatum__isnull=False),
                name="inschrijving_einde_heeft_datum",
            ),
        ]
        indexes = [
            models.Index(fields=["organisatie", "gewijzigd_op"], name="inschrijving_org_gewijzigd_idx"),
            models.Index(fields=["statushouder", "status"], name="inschrijving_sh_status_idx"),
        ]

    def __str__(self):
        return f"Inschrijving {self.uuid} bij {self.organisatie_id}"


class Aanwezigheid(models.Model):
    """One lesson (or participation activity) of one enrolment; upserted on (inschrijving, les_id)."""

    class Status(models.TextChoices):
        AANWEZIG = "aanwezig", "aanwezig"
        GEOORLOOFD_AFWEZIG = "geoorloofd_afwezig", "geoorloofd afwezig"
        ONGEOORLOOFD_AFWEZIG = "ongeoorloofd_afwezig", "ongeoorloofd afwezig"

    class Soort(models.TextChoices):
        LES = "les", "les"
        PARTICIPATIE = "participatie", "participatieactiviteit"
        PRAKTIJK = "praktijk", "praktijkuren (MAP)"

    # No index of its own: the unique (inschrijving, les_id) index serves lookups by inschrijving.
    inschrijving = models.ForeignKey(
        Inschrijving, on_delete=models.CASCADE, related_name="aanwezigheden", db_index=False
    )
    les_id = models.CharField(max_length=64)
    datum = models.DateField()
    soort = models.CharField(max_length=12, choices=Soort.choices, default=Soort.LES)
    geplande_minuten = models.PositiveIntegerField()
    aanwezige_minuten = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices)
    opmerking = models.CharField(max_length=500, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = owned_by_statushouder("inschrijving__statushouder")

    class Meta:
        verbose_name = "aanwezigheid"
        verbose_name_plural = "aanwezigheden"
        constraints = [
            models.UniqueConstraint(fields=["inschrijving", "les_id"], name="aanwezigheid_uniek_per_les"),
            models.CheckConstraint(condition=Q(geplande_minuten__gt=0), name="aanwezigheid_gepland_positief"),
            models.CheckConstraint(condition=Q(aanwezige_minuten__gte=0), name="aanwezigheid_minuten_niet_negatief"),
            models.CheckConstraint(
                condition=Q(aanwezige_minuten__lte=F("geplande_minuten")), name="aanwezigheid_niet_meer_dan_gepland"
            ),
            models.CheckConstraint(
                condition=~Q(status="ongeoorloofd_afwezig") | Q(aanwezige_minuten=0),
                name="aanwezigheid_afwezig_zonder_minuten",
            ),
        ]
        indexes = [models.Index(fields=["inschrijving", "datum"], name="aanwezigheid_insch_datum_idx")]

    def __str__(self):
        return f"{self.les_id} {self.datum}"


class Examenresultaat(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inschrijving = models.ForeignKey(Inschrijving, on_delete=models.CASCADE, related_name="examenresultaten")
    onderdeel = models.ForeignKey(Onderdeel, on_delete=models.PROTECT)
    datum = models.DateField()
    niveau = models.CharField(max_length=2, choices=NIVEAUS, blank=True)
    behaald = models.BooleanField()
    geregistreerd_op = models.DateTimeField(auto_now_add=True)

    objects = owned_by_statushouder("inschrijving__statushouder")

    class Meta:
        verbose_name = "examenresultaat"
        verbose_name_plural = "examenresultaten"
        ordering = ["-datum"]
        constraints = [
            models.UniqueConstraint(
                fields=["inschrijving", "onderdeel", "datum"], name="examenresultaat_uniek_per_dag"
            ),
        ]
        indexes = [models.Index(fields=["onderdeel", "datum"], name="examen_onderdeel_datum_idx")]

    def __str__(self):
        return f"{self.onderdeel_id} {self.datum} {'behaald' if self.behaald else 'niet behaald'}"


class Voortgangsrapportage(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inschrijving = models.ForeignKey(Inschrijving, on_delete=models.CASCADE, related_name="voortgangsrapportages")
    periode_start = models.DateField()
    periode_eind = models.DateField()
    niveaus = models.JSONField(default=dict, help_text='Per vaardigheid een niveau, bijv. {"lezen": "A2"}')
    toelichting = models.TextField(blank=True)
    geregistreerd_op = models.DateTimeField(auto_now_add=True)

    objects = owned_by_statushouder("inschrijving__statushouder")

    class Meta:
        verbose_name = "voortgangsrapportage"
        verbose_name_plural = "voortgangsrapportages"
        ordering = ["-periode_eind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(periode_eind__gte=F("periode_start")), name="voortgangsrapportage_datumvolgorde"
            ),
            models.UniqueConstraint(
                fields=["inschrijving", "periode_start", "periode_eind"], name="voortgangsrapportage_uniek_per_periode"
            ),
        ]

    def __str__(self):
        return f"rapportage {self.periode_start}–{self.periode_eind}"
