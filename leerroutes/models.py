import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.query import OwnedByStatushouderQuerySet, owned_by_statushouder

NIVEAUS = [(n, n) for n in ("A0", "A1", "A2", "B1", "B2", "C1")]


class Leerroute(models.Model):
    """Reference data (loaded by a data migration): B1-route, onderwijsroute, Z-route."""

    class Code(models.TextChoices):
        B1 = "b1", _("B1-route")
        ONDERWIJS = "onderwijs", _("Onderwijsroute")
        Z = "z", _("Z-route")

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
        # The translated name of the route (the stored naam is Dutch, as the reference data loaded it).
        return str(self.Code(self.code).label) if self.code in self.Code.values else self.naam


class Onderdeel(models.Model):
    """A component of a route: taal skills, KNM, MAP, PVT, the Z-route hour blocks."""

    class Code(models.TextChoices):
        LEZEN = "lezen", _("Lezen")
        LUISTEREN = "luisteren", _("Luisteren")
        SPREKEN = "spreken", _("Spreken")
        SCHRIJVEN = "schrijven", _("Schrijven")
        KNM = "knm", _("Kennis van de Nederlandse Maatschappij")
        MAP = "map", _("Module Arbeidsmarkt en Participatie")
        PVT = "pvt", _("Participatieverklaringstraject")
        TAALSCHAKEL = "taalschakel", _("Taalschakeltraject")
        Z_LES = "z_les", _("Z-route lessen (taal en KNM)")
        Z_PARTICIPATIE = "z_participatie", _("Z-route participatieactiviteiten")

    class Soort(models.TextChoices):
        TAAL = "taal", _("taal")
        KNM = "knm", _("KNM")
        MAP = "map", _("MAP")
        PVT = "pvt", _("PVT")
        UREN = "uren", _("urenblok")

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
        return str(self.Code(self.code).label) if self.code in self.Code.values else self.naam


class InschrijvingQuerySet(OwnedByStatushouderQuerySet):
    def for_organisatie(self, organisatie):
        """A provider API client sees only the enrolments at its own organisation."""
        return self.filter(organisatie=organisatie)


class Inschrijving(models.Model):
    """An enrolment (aanmelding) of a statushouder at a taalaanbieder for the onderdelen of the vastgestelde route.

    Life cycle: the consultant enrols (`aangemeld`, with a planned start); the provider accepts (`actief`, with the
    real start date in `startdatum`) or declines (`afgewezen`, with a reason); later the provider ends it
    (`afgerond` with the result, or `afgebroken` with a reason), or the consultant ends it or moves the statushouder
    to another provider (the new enrolment `vervangt` the old one). Shaped as DUO registers the Inburgeringsaanbod
    (duo-m2m API Inburgeringsaanbod): datumInburgeringsaanbod = `aangemeld_op`, verwachte start and end, and the
    indicator alfabetiseringsonderwijs."""

    class Status(models.TextChoices):
        AANGEMELD = "aangemeld", _("aangemeld")
        ACTIEF = "actief", _("actief")
        AFGEWEZEN = "afgewezen", _("afgewezen")
        AFGEROND = "afgerond", _("afgerond")
        AFGEBROKEN = "afgebroken", _("afgebroken")

    class Resultaat(models.TextChoices):
        BEHAALD = "behaald", _("doel behaald")
        NIET_BEHAALD = "niet_behaald", _("doel niet behaald")

    class Alfabetisering(models.TextChoices):
        """DUO's indicatorAlfabetiseringsonderwijs: A (analfabeet), AA (anders gealfabetiseerd), NVT."""

        A = "A", _("alfabetisering (analfabeet)")
        AA = "AA", _("alfabetisering (anders gealfabetiseerd)")
        NVT = "NVT", _("niet van toepassing")

    OPEN = (Status.AANGEMELD, Status.ACTIEF)
    EINDE = (Status.AFGEWEZEN, Status.AFGEROND, Status.AFGEBROKEN)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey("cases.Statushouder", on_delete=models.PROTECT, related_name="inschrijvingen")
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="inschrijvingen")
    leerroute = models.ForeignKey(Leerroute, on_delete=models.PROTECT, related_name="inschrijvingen")
    contract = models.ForeignKey(
        "partners.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="inschrijvingen"
    )
    onderdelen = models.ManyToManyField(Onderdeel, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.AANGEMELD)
    aangemeld_op = models.DateField(
        null=True, blank=True, help_text="Datum van de aanmelding (DUO: datumInburgeringsaanbod)"
    )
    geplande_startdatum = models.DateField(
        null=True, blank=True, help_text="Startdatum zoals bij de aanmelding gepland"
    )
    startdatum = models.DateField(help_text="Geplande start zolang aangemeld; de werkelijke start zodra actief")
    verwachte_einddatum = models.DateField(null=True, blank=True)
    einddatum = models.DateField(null=True, blank=True)
    alfabetisering = models.CharField(
        max_length=3, choices=Alfabetisering.choices, default=Alfabetisering.NVT, db_default=Alfabetisering.NVT
    )
    beantwoord_op = models.DateTimeField(null=True, blank=True, help_text="Wanneer de aanbieder accepteerde of afwees")
    reden = models.CharField(
        max_length=500,
        blank=True,
        default="",
        db_default="",
        help_text="Reden van afwijzing, afbreken of beëindiging door de gemeente",
    )
    resultaat = models.CharField(max_length=12, choices=Resultaat.choices, blank=True, default="", db_default="")
    capaciteit_overschreden_reden = models.CharField(
        max_length=255,
        blank=True,
        default="",
        db_default="",
        help_text="Reden waarom de teamleider inschreef boven de contractcapaciteit",
    )
    vervangt = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vervolg",
        help_text="De inschrijving die deze vervangt bij een overstap naar een andere aanbieder",
    )
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
            models.CheckConstraint(
                condition=~Q(status="afgewezen") | ~Q(reden=""), name="inschrijving_afwijzing_heeft_reden"
            ),
            models.CheckConstraint(
                condition=Q(resultaat="") | Q(status="afgerond"), name="inschrijving_resultaat_alleen_afgerond"
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
        AANWEZIG = "aanwezig", _("aanwezig")
        GEOORLOOFD_AFWEZIG = "geoorloofd_afwezig", _("geoorloofd afwezig")
        ONGEOORLOOFD_AFWEZIG = "ongeoorloofd_afwezig", _("ongeoorloofd afwezig")

    class Soort(models.TextChoices):
        LES = "les", _("les")
        PARTICIPATIE = "participatie", _("participatieactiviteit")
        PRAKTIJK = "praktijk", _("praktijkuren (MAP)")

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
        # The minutes ride along in the index: the reports' sums over a period (I8, I13, the first lesson) and the
        # case page's attendance block then read the index alone, not 28 million table rows scattered on disk.
        indexes = [
            models.Index(
                fields=["inschrijving", "datum"],
                include=["geplande_minuten", "aanwezige_minuten"],
                name="aanwezigheid_insch_datum_min",
            )
        ]

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


class Taalschakeltraject(models.Model):
    """The taalschakeltraject of an onderwijsroute enrolment (DOMAIN.md: ≈ 1.5 years towards mbo/hbo/wo), recorded
    by the onderwijsinstelling over the API or by the consultant. Voldaan in the onderwijsroute needs it
    `afgerond` (plus the PVT). DUO: datumAanvangTaalschakeltraject in the Inburgeringsaanbod."""

    class Resultaat(models.TextChoices):
        AFGEROND = "afgerond", _("afgerond")
        NIET_AFGEROND = "niet_afgerond", _("niet afgerond")

    class Vervolgniveau(models.TextChoices):
        MBO = "mbo", _("mbo")
        HBO = "hbo", _("hbo")
        WO = "wo", _("wo")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inschrijving = models.OneToOneField(Inschrijving, on_delete=models.CASCADE, related_name="taalschakeltraject")
    startdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    resultaat = models.CharField(max_length=15, choices=Resultaat.choices, blank=True)
    vervolgopleiding = models.CharField(
        max_length=200, blank=True, help_text="De opleiding waar het traject naartoe leidt"
    )
    vervolgniveau = models.CharField(max_length=3, choices=Vervolgniveau.choices, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = owned_by_statushouder("inschrijving__statushouder")

    class Meta:
        verbose_name = "taalschakeltraject"
        verbose_name_plural = "taalschakeltrajecten"
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("startdatum")),
                name="taalschakeltraject_datumvolgorde",
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True, resultaat="") | Q(einddatum__isnull=False) & ~Q(resultaat=""),
                name="taalschakeltraject_einde_met_resultaat",
            ),
        ]

    def __str__(self):
        return f"taalschakeltraject {self.startdatum}"


class MapThema(models.TextChoices):
    """The eight themes of the Module Arbeidsmarkt en Participatie (Divosa, Wijzigingenoverzicht Wi2021)."""

    BEROEPSORIENTATIE = "beroepsorientatie", _("Beroepsoriëntatie")
    WERKNEMERSCOMPETENTIES = "werknemerscompetenties", _("Werknemerscompetenties")
    BEROEPSBEELD = "beroepsbeeld", _("Realistisch beroepsbeeld")
    BEROEPSMOGELIJKHEDEN = "beroepsmogelijkheden", _("Beroepsmogelijkheden")
    BEROEPSCOMPETENTIES = "beroepscompetenties", _("Beroepscompetenties verwerven")
    NETWERK = "netwerk", _("Netwerk opbouwen")
    WERK_VINDEN = "werk_vinden", _("Werk vinden")
    WERKCULTUUR = "werkcultuur", _("Werkcultuur")


class Routeafronding(models.Model):
    """What the gemeente records of the MAP, the PVT and the end of the Z-route, in the shape DUO registers them
    (duo-m2m API MAP-PVT-Zroute: datumEindgesprekMap, datumOndertekeningPvt, datumAfrondingZroute, each with
    'verwijtbaar' when the termijn was exceeded). MAP praktijkuren come from attendance rows of soort praktijk;
    the Z-route hours from lesson and participation rows."""

    statushouder = models.OneToOneField("cases.Statushouder", on_delete=models.CASCADE, related_name="routeafronding")
    map_themas = ArrayField(
        models.CharField(max_length=30, choices=MapThema.choices),
        default=list,
        blank=True,
        help_text="De MAP-thema's die zijn afgerond",
    )
    map_eindgesprek_op = models.DateField("datum eindgesprek MAP", null=True, blank=True)
    map_verwijtbaar = models.BooleanField(null=True, blank=True)
    pvt_uren = models.DecimalField("PVT-uren", max_digits=5, decimal_places=1, null=True, blank=True)
    pvt_ondertekend_op = models.DateField("datum ondertekening participatieverklaring", null=True, blank=True)
    pvt_verwijtbaar = models.BooleanField(null=True, blank=True)
    zroute_eindgesprek_op = models.DateField("datum eindgesprek Z-route", null=True, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = owned_by_statushouder("statushouder")

    class Meta:
        verbose_name = "routeafronding"
        verbose_name_plural = "routeafrondingen"
        constraints = [
            models.CheckConstraint(
                condition=Q(pvt_uren__isnull=True) | Q(pvt_uren__gte=0), name="routeafronding_pvt_uren_positief"
            ),
        ]

    def __str__(self):
        return f"routeafronding {self.statushouder_id}"
