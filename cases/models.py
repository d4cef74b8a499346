import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from .query import StatushouderQuerySet, owned_by_statushouder
from .validators import mask_bsn, validate_bsn
from .workflow import OPSCHORTBAAR, Eindreden, Status


class Leefgebied(models.TextChoices):
    TAAL = "taal", _("Taal")
    OPLEIDING_WERKERVARING = "opleiding_werkervaring", _("Opleiding en werkervaring")
    WERK_PARTICIPATIE = "werk_participatie", _("Werk en participatie")
    GEZONDHEID_LICHAMELIJK = "gezondheid_lichamelijk", _("Lichamelijke gezondheid")
    GEZONDHEID_PSYCHISCH = "gezondheid_psychisch", _("Psychische gezondheid")
    FINANCIEN = "financien", _("Financiën")
    GEZIN_KINDEROPVANG = "gezin_kinderopvang", _("Gezin en kinderopvang")
    HUISVESTING = "huisvesting", _("Huisvesting")
    SOCIAAL_NETWERK = "sociaal_netwerk", _("Sociaal netwerk")


class Statushouder(models.Model):
    """The person and the state of his or her traject. The dates are the raw material of the lead-time
    indicators: services stamp them once and never overwrite them silently."""

    class Geslacht(models.TextChoices):
        MAN = "m", _("man")
        VROUW = "v", _("vrouw")
        ANDERS = "x", _("anders / onbekend")

    class Doelgroep(models.TextChoices):
        ASIEL = "asiel", _("asielstatushouder")
        NAREIZIGER = "nareiziger", _("nareiziger")
        GEZINSMIGRANT = "gezinsmigrant", _("gezinsmigrant")
        OVERIG = "overig", _("overig")

    class Scenario(models.TextChoices):
        SNELLE_START = "snelle_start", _("snelle start")
        GECOMBINEERD = "gecombineerd", _("gecombineerde aanpak")
        NA_VERHUIZING = "na_verhuizing", _("start na verhuizing")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bsn = models.CharField("BSN", max_length=9, validators=[validate_bsn])
    voornamen = models.CharField(max_length=150)
    achternaam = models.CharField(max_length=150)
    geboortedatum = models.DateField()
    geslacht = models.CharField(max_length=1, choices=Geslacht.choices)
    nationaliteit = models.CharField(max_length=3, help_text="ISO 3166-1 alpha-3, bijv. SYR, ERI")
    talen = ArrayField(models.CharField(max_length=3), default=list, blank=True, help_text="ISO 639 taalcodes")
    telefoon = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    # The postal address: the beschikking and the letters are sent to it.
    straat = models.CharField(max_length=150, blank=True)
    huisnummer = models.CharField(max_length=12, blank=True, help_text="Met toevoeging, bijv. 12-A")
    postcode = models.CharField(max_length=7, blank=True, help_text="1234 AB")
    woonplaats = models.CharField(max_length=100, blank=True)

    gemeente = models.ForeignKey("partners.Gemeente", on_delete=models.PROTECT, related_name="statushouders")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="caseload"
    )
    doelgroep = models.CharField(max_length=15, choices=Doelgroep.choices, default=Doelgroep.ASIEL)
    oude_wet = models.BooleanField("valt onder Wi2013", default=False, help_text="De 'ondertussen'-groep")
    overdracht_scenario = models.CharField(max_length=15, choices=Scenario.choices, blank=True)
    azc = models.CharField("AZC", max_length=100, blank=True)
    overdracht_notities = models.TextField(blank=True, help_text="Notities van AZC en kansenverkenner")

    status = models.CharField(max_length=15, choices=Status.choices, default=Status.AANGEMELD)
    status_sinds = models.DateField()
    status_voor_opschorting = models.CharField(max_length=15, choices=Status.choices, blank=True)
    opschort_reden = models.CharField(max_length=255, blank=True)
    eindreden = models.CharField(max_length=15, choices=Eindreden.choices, blank=True)
    einddatum = models.DateField(null=True, blank=True)

    # DOMAIN.md requirement 1: the dates kept per statushouder.
    verblijfsvergunning_datum = models.DateField()
    koppeling_datum = models.DateField(null=True, blank=True)
    kennisgeving_datum = models.DateField("kennisgeving DUO", null=True, blank=True)
    brp_inschrijving_datum = models.DateField("BRP-inschrijving", null=True, blank=True)
    huisvesting_datum = models.DateField(null=True, blank=True)
    intake_start_datum = models.DateField(null=True, blank=True)
    leerbaarheidstoets_datum = models.DateField(null=True, blank=True)
    pip_dagtekening = models.DateField("dagtekening PIP", null=True, blank=True)
    termijn_einde = models.DateField("einde inburgeringstermijn", null=True, blank=True)
    pip_deadline_afwijking = models.DateField("afwijkende PIP-deadline", null=True, blank=True)
    pip_deadline_afwijking_reden = models.CharField(max_length=255, blank=True)
    # DOMAIN.md requirement 12 (handhaving when intake invitations go unanswered): see Handhavingsstap.
    # DOMAIN.md requirement 11: ontzorgen from the start of bijstand.
    bijstand_start_datum = models.DateField(null=True, blank=True)
    ontzorgen_einde_datum = models.DateField(null=True, blank=True)
    # A move (afgerond: verhuisd) hands the case over as a new case in the new gemeente, linked here, so
    # each gemeente keeps its own history and the route is kept.
    vorig_dossier = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervolgdossier", editable=False
    )

    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    geanonimiseerd_op = models.DateTimeField(
        null=True, blank=True, help_text="Na de bewaartermijn: persoonsgegevens verwijderd, datums en codes bewaard"
    )

    objects = StatushouderQuerySet.as_manager()

    class Meta:
        verbose_name = "statushouder"
        verbose_name_plural = "statushouders"
        ordering = ["achternaam", "voornamen"]
        permissions = [("toewijzen_statushouder", "Mag dossiers aan consulenten toewijzen")]
        constraints = [
            # An anonymised case (after the retention period) has no BSN any more: the rules hold until then.
            models.UniqueConstraint(
                fields=["gemeente", "bsn"],
                condition=Q(geanonimiseerd_op__isnull=True),
                name="statushouder_bsn_uniek_per_gemeente",
            ),
            models.CheckConstraint(
                condition=Q(bsn__regex=r"^[0-9]{9}$") | Q(geanonimiseerd_op__isnull=False, bsn=""),
                name="statushouder_bsn_9_cijfers",
            ),
            models.CheckConstraint(
                condition=Q(geboortedatum__lte=F("verblijfsvergunning_datum")),
                name="statushouder_geboren_voor_vergunning",
            ),
            models.CheckConstraint(
                condition=Q(koppeling_datum__isnull=True) | Q(koppeling_datum__gte=F("verblijfsvergunning_datum")),
                name="statushouder_koppeling_na_vergunning",
            ),
            models.CheckConstraint(
                condition=Q(kennisgeving_datum__isnull=True)
                | Q(kennisgeving_datum__gte=F("verblijfsvergunning_datum")),
                name="statushouder_kennisgeving_na_vergunning",
            ),
            models.CheckConstraint(
                condition=Q(huisvesting_datum__isnull=True)
                | Q(koppeling_datum__isnull=True)
                | Q(huisvesting_datum__gte=F("koppeling_datum")),
                name="statushouder_huisvesting_na_koppeling",
            ),
            models.CheckConstraint(
                condition=Q(intake_start_datum__isnull=True)
                | Q(intake_start_datum__gte=F("verblijfsvergunning_datum")),
                name="statushouder_intake_na_vergunning",
            ),
            models.CheckConstraint(
                condition=Q(pip_dagtekening__isnull=True)
                | Q(intake_start_datum__isnull=True)
                | Q(pip_dagtekening__gte=F("intake_start_datum")),
                name="statushouder_pip_na_intake",
            ),
            models.CheckConstraint(
                condition=Q(termijn_einde__isnull=True) | Q(termijn_einde__gt=F("pip_dagtekening")),
                name="statushouder_termijn_na_pip",
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("verblijfsvergunning_datum")),
                name="statushouder_einde_na_vergunning",
            ),
            models.CheckConstraint(
                condition=Q(ontzorgen_einde_datum__isnull=True)
                | Q(ontzorgen_einde_datum__gte=F("bijstand_start_datum")),
                name="statushouder_ontzorgen_na_bijstand",
            ),
            models.CheckConstraint(
                condition=Q(pip_deadline_afwijking__isnull=True) | ~Q(pip_deadline_afwijking_reden=""),
                name="statushouder_afwijkende_deadline_heeft_reden",
            ),
            models.CheckConstraint(
                condition=(Q(status=Status.AFGEROND) & ~Q(eindreden="") & Q(einddatum__isnull=False))
                | (~Q(status=Status.AFGEROND) & Q(eindreden="") & Q(einddatum__isnull=True)),
                name="statushouder_afgerond_heeft_reden_en_datum",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=Status.OPGESCHORT) & ~Q(opschort_reden="") & Q(status_voor_opschorting__in=OPSCHORTBAAR)
                )
                | (~Q(status=Status.OPGESCHORT) & Q(status_voor_opschorting="")),
                name="statushouder_opgeschort_heeft_reden",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.IN_UITVOERING) | Q(pip_dagtekening__isnull=False),
                name="statushouder_uitvoering_heeft_pip",
            ),
        ]
        indexes = [
            models.Index(fields=["gemeente", "status"], name="statushouder_gem_status_idx"),
            models.Index(fields=["consultant", "status"], name="statushouder_cons_status_idx"),
            models.Index(fields=["gemeente", "huisvesting_datum"], name="statushouder_gem_huisv_idx"),
            models.Index(fields=["achternaam", "voornamen"], name="statushouder_naam_idx"),
        ]

    def __str__(self):
        return f"{self.voornamen} {self.achternaam}"

    @property
    def bsn_gemaskeerd(self) -> str:
        return mask_bsn(self.bsn)


class StatushouderUserObjectPermission(UserObjectPermissionBase):
    """Guardian grant on a single case (e.g. cover from outside the gemeente), with a real foreign key."""

    content_object = models.ForeignKey(Statushouder, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False

    def __str__(self):
        return f"{self.user_id} {self.permission_id} {self.content_object_id}"


class TermijnVerlenging(models.Model):
    """An extension of the inburgeringstermijn decided by DUO."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey(Statushouder, on_delete=models.CASCADE, related_name="verlengingen")
    besluitdatum = models.DateField()
    maanden = models.PositiveSmallIntegerField()
    reden = models.CharField(max_length=255)

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "termijnverlenging"
        verbose_name_plural = "termijnverlengingen"
        ordering = ["besluitdatum"]
        constraints = [
            models.CheckConstraint(condition=Q(maanden__gte=1, maanden__lte=36), name="verlenging_maanden_bereik"),
            models.CheckConstraint(condition=~Q(reden=""), name="verlenging_heeft_reden"),
        ]

    def __str__(self):
        return f"verlenging {self.maanden} mnd ({self.besluitdatum})"


class Handhavingsstap(models.Model):
    """DOMAIN.md requirement 12: one step of the handhaving ladder when a statushouder does not respond to the
    intake invitations (uitnodiging → herinnering → schriftelijke waarschuwing → eerste boete → tweede boete →
    PIP ambtshalve vastgesteld [nt2.nl]), each with its date and the gemeente's assessment of verwijtbaarheid:
    since the 2025 court rulings DUO fines only in exceptional cases, so a boete follows only a step judged
    verwijtbaar. The rules (order, dates) live in cases.services.handhaving."""

    class Stap(models.TextChoices):
        UITNODIGING = "uitnodiging", _("uitnodiging intake")
        HERINNERING = "herinnering", _("herinnering")
        WAARSCHUWING = "waarschuwing", _("schriftelijke waarschuwing")
        EERSTE_BOETE = "eerste_boete", _("eerste boete")
        TWEEDE_BOETE = "tweede_boete", _("tweede boete")
        PIP_AMBTSHALVE = "pip_ambtshalve", _("PIP ambtshalve vastgesteld")

    BOETES = (Stap.EERSTE_BOETE, Stap.TWEEDE_BOETE)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey(Statushouder, on_delete=models.CASCADE, related_name="handhavingsstappen")
    stap = models.CharField(max_length=15, choices=Stap.choices)
    datum = models.DateField()
    verwijtbaar = models.BooleanField(
        null=True, blank=True, help_text="Oordeel van de gemeente: is het niet reageren verwijtbaar?"
    )
    toelichting = models.TextField(blank=True, help_text="De afweging van de verwijtbaarheid")
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "handhavingsstap"
        verbose_name_plural = "handhavingsstappen"
        ordering = ["datum", "id"]
        constraints = [
            models.UniqueConstraint(fields=["statushouder", "stap"], name="handhavingsstap_eenmaal"),
            models.CheckConstraint(
                condition=~Q(stap__in=["eerste_boete", "tweede_boete"]) | ~Q(verwijtbaar=False),
                name="handhavingsstap_boete_alleen_verwijtbaar",
            ),
        ]

    def __str__(self):
        return f"{self.get_stap_display()} {self.datum}"


class TijdlijnGebeurtenis(models.Model):
    """An event on the case timeline: business history shown to the consultant (not the audit log)."""

    statushouder = models.ForeignKey(Statushouder, on_delete=models.CASCADE, related_name="tijdlijn")
    tijdstip = models.DateTimeField(auto_now_add=True)
    datum = models.DateField(help_text="De datum waarop het gebeurde")
    soort = models.CharField(max_length=40)
    omschrijving = models.CharField(max_length=255)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "tijdlijngebeurtenis"
        verbose_name_plural = "tijdlijngebeurtenissen"
        ordering = ["-datum", "-tijdstip"]
        indexes = [models.Index(fields=["statushouder", "-datum"], name="tijdlijn_sh_datum_idx")]

    def __str__(self):
        return f"{self.datum} {self.soort}"


class BredeIntake(models.Model):
    class Uitkomst(models.TextChoices):
        HOOG = "hoog", _("hoog: B1 haalbaar")
        GEMIDDELD = "gemiddeld", _("gemiddeld: B1 haalbaar")
        LAAG = "laag", _("laag: A2 niet verwacht binnen 3 jaar")
        VRIJGESTELD = "vrijgesteld", _("niet afgenomen (vrijstelling)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.OneToOneField(Statushouder, on_delete=models.CASCADE, related_name="intake")
    startdatum = models.DateField()
    afgerond_op = models.DateField(null=True, blank=True)
    leerbaarheidstoets_uitkomst = models.CharField(max_length=12, choices=Uitkomst.choices, blank=True)
    leerbaarheidstoets_vrijstelling_reden = models.CharField(max_length=255, blank=True)
    route_advies = models.ForeignKey(
        "leerroutes.Leerroute", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gekozen_route = models.ForeignKey(
        "leerroutes.Leerroute", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    afwijking_motivering = models.TextField(blank=True, help_text="Verplicht als de route afwijkt van het advies")
    opleiding_werkervaring = models.TextField(blank=True)
    gezondheid = models.TextField(blank=True, help_text="Bijzonder persoonsgegeven")
    vve_informatie_gegeven = models.BooleanField("VVE-informatie gegeven", default=False)
    individueel_gesprek_aangeboden = models.BooleanField(default=False)

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "brede intake"
        verbose_name_plural = "brede intakes"
        constraints = [
            models.CheckConstraint(
                condition=Q(afgerond_op__isnull=True) | Q(afgerond_op__gte=F("startdatum")),
                name="intake_datumvolgorde",
            ),
            models.CheckConstraint(
                condition=~Q(leerbaarheidstoets_uitkomst="vrijgesteld") | ~Q(leerbaarheidstoets_vrijstelling_reden=""),
                name="intake_vrijstelling_heeft_reden",
            ),
            models.CheckConstraint(
                condition=Q(gekozen_route__isnull=True)
                | Q(route_advies__isnull=True)
                | Q(gekozen_route=F("route_advies"))
                | ~Q(afwijking_motivering=""),
                name="intake_afwijking_heeft_motivering",
            ),
        ]

    def __str__(self):
        return f"brede intake {self.startdatum}"


class LeefgebiedScore(models.Model):
    intake = models.ForeignKey(BredeIntake, on_delete=models.CASCADE, related_name="scores")
    leefgebied = models.CharField(max_length=30, choices=Leefgebied.choices)
    score = models.PositiveSmallIntegerField(help_text="1 = acuut probleem … 5 = volledig zelfredzaam")
    toelichting = models.TextField(blank=True)

    objects = owned_by_statushouder("intake__statushouder")

    class Meta:
        verbose_name = "leefgebiedscore"
        verbose_name_plural = "leefgebiedscores"
        constraints = [
            models.UniqueConstraint(fields=["intake", "leefgebied"], name="score_uniek_per_leefgebied"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_1_tot_5"),
        ]

    def __str__(self):
        return f"{self.get_leefgebied_display()}: {self.score}"


class Pip(models.Model):
    """The Plan Inburgering en Participatie of one gemeente for one statushouder; its content lives in
    versions. A move makes a new Pip in the new gemeente (which keeps the leerroute)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey(Statushouder, on_delete=models.CASCADE, related_name="pips")
    gemeente = models.ForeignKey("partners.Gemeente", on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "PIP"
        verbose_name_plural = "PIP's"
        constraints = [models.UniqueConstraint(fields=["statushouder", "gemeente"], name="pip_uniek_per_gemeente")]

    def __str__(self):
        return f"PIP {self.uuid}"


class PipVersie(models.Model):
    """One version of a PIP. Once vastgesteld it is immutable (a database trigger refuses changes);
    an adjustment is a new version with its reason."""

    class VersieStatus(models.TextChoices):
        CONCEPT = "concept", _("concept")
        VASTGESTELD = "vastgesteld", _("vastgesteld")

    class Wijzigingsreden(models.TextChoices):
        EERSTE_PLAN = "eerste_plan", _("eerste plan")
        SCHAKELEN = "schakelen", _("schakelen naar andere leerroute")
        AFSCHALEN = "afschalen", _("afschalen naar A2")
        VERHUIZING = "verhuizing", _("verhuizing")
        OVERIG = "overig", _("andere wijziging")

    class Component(models.TextChoices):
        TAAL = "taal", _("taal")
        KNM = "knm", _("KNM")
        MAP = "map", _("MAP")
        PVT = "pvt", _("PVT")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pip = models.ForeignKey(Pip, on_delete=models.CASCADE, related_name="versies")
    versie = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=VersieStatus.choices, default=VersieStatus.CONCEPT)
    wijzigingsreden = models.CharField(max_length=12, choices=Wijzigingsreden.choices)
    wijzigingstoelichting = models.TextField(blank=True)
    leerroute = models.ForeignKey("leerroutes.Leerroute", on_delete=models.PROTECT, null=True, blank=True)
    taalaanbieder = models.ForeignKey(
        "partners.Organisatie", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    componenten = ArrayField(models.CharField(max_length=5, choices=Component.choices), default=list, blank=True)
    taalniveau_doel = models.CharField(max_length=2, blank=True, help_text="B1, of A2 na afschalen")
    duaal = models.BooleanField(default=False)
    dagtekening = models.DateField(null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    objects = owned_by_statushouder("pip__statushouder")

    class Meta:
        verbose_name = "PIP-versie"
        verbose_name_plural = "PIP-versies"
        ordering = ["pip", "versie"]
        constraints = [
            models.UniqueConstraint(fields=["pip", "versie"], name="pipversie_uniek_nummer"),
            models.UniqueConstraint(
                fields=["pip"], condition=Q(status="concept"), name="pipversie_een_concept_tegelijk"
            ),
            models.CheckConstraint(condition=Q(versie__gte=1), name="pipversie_nummer_positief"),
            models.CheckConstraint(
                # a new gemeente's plan after a move starts at version 1 with reason verhuizing
                condition=Q(versie=1, wijzigingsreden__in=["eerste_plan", "verhuizing"])
                | (Q(versie__gt=1) & ~Q(wijzigingsreden="eerste_plan")),
                name="pipversie_reden_past_bij_versie",
            ),
            models.CheckConstraint(
                condition=Q(status="concept")
                | Q(
                    dagtekening__isnull=False,
                    leerroute__isnull=False,
                    taalaanbieder__isnull=False,
                    vastgesteld_op__isnull=False,
                ),
                name="pipversie_vastgesteld_is_compleet",
            ),
        ]

    def __str__(self):
        return f"PIP-versie {self.versie} ({self.get_status_display()})"


class Doel(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    versie = models.ForeignKey(PipVersie, on_delete=models.CASCADE, related_name="doelen")
    leefgebied = models.CharField(max_length=30, choices=Leefgebied.choices)
    omschrijving = models.CharField(max_length=500)
    volgorde = models.PositiveSmallIntegerField(default=0)

    objects = owned_by_statushouder("versie__pip__statushouder")

    class Meta:
        verbose_name = "doel"
        verbose_name_plural = "doelen"
        ordering = ["leefgebied", "volgorde"]
        constraints = [models.CheckConstraint(condition=~Q(omschrijving=""), name="doel_heeft_omschrijving")]

    def __str__(self):
        return self.omschrijving


class Actie(models.Model):
    class Eigenaar(models.TextChoices):
        STATUSHOUDER = "statushouder", _("statushouder")
        CONSULTANT = "consultant", _("consulent")
        KETENPARTNER = "ketenpartner", _("ketenpartner")

    class ActieStatus(models.TextChoices):
        OPEN = "open", _("open")
        BEZIG = "bezig", _("bezig")
        GEREED = "gereed", _("gereed")
        VERVALLEN = "vervallen", _("vervallen")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    doel = models.ForeignKey(Doel, on_delete=models.CASCADE, related_name="acties")
    omschrijving = models.CharField(max_length=500)
    eigenaar = models.CharField(max_length=15, choices=Eigenaar.choices)
    ketenpartner = models.ForeignKey(
        "partners.Organisatie", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ActieStatus.choices, default=ActieStatus.OPEN)

    objects = owned_by_statushouder("doel__versie__pip__statushouder")

    class Meta:
        verbose_name = "actie"
        verbose_name_plural = "acties"
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(eigenaar="ketenpartner") & Q(ketenpartner__isnull=False))
                | (~Q(eigenaar="ketenpartner") & Q(ketenpartner__isnull=True)),
                name="actie_ketenpartner_alleen_als_eigenaar",
            ),
        ]

    def __str__(self):
        return self.omschrijving


class Voortgangsgesprek(models.Model):
    class Soort(models.TextChoices):
        REGULIER = "regulier", _("voortgangsgesprek")
        FOLLOW_UP_6 = "follow_up_6", _("follow-up na 6 maanden")
        FOLLOW_UP_12 = "follow_up_12", _("follow-up na 12 maanden")
        FOLLOW_UP_24 = "follow_up_24", _("follow-up na 24 maanden")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey(Statushouder, on_delete=models.CASCADE, related_name="voortgangsgesprekken")
    soort = models.CharField(max_length=15, choices=Soort.choices, default=Soort.REGULIER)
    gepland_op = models.DateField()
    gehouden_op = models.DateField(null=True, blank=True)
    consultant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    verslag = models.TextField(blank=True)
    pip_versie = models.ForeignKey(
        PipVersie, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="De PIP-versie waarvan de doelen zijn besproken",
    )  # fmt: skip
    voortgang_per_doel = models.JSONField(default=dict, blank=True, help_text="doel-uuid → voortgang")

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "voortgangsgesprek"
        verbose_name_plural = "voortgangsgesprekken"
        ordering = ["-gepland_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["statushouder", "soort"], condition=~Q(soort="regulier"), name="gesprek_follow_up_eenmaal"
            ),
        ]
        indexes = [
            models.Index(fields=["statushouder", "gehouden_op"], name="gesprek_sh_gehouden_idx"),
            models.Index(
                fields=["statushouder", "gepland_op"], condition=Q(gehouden_op__isnull=True), name="gesprek_sh_open_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.gepland_op}"


class Verwijzing(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey(Statushouder, on_delete=models.CASCADE, related_name="verwijzingen")
    ketenpartner = models.ForeignKey(
        "partners.Organisatie", on_delete=models.PROTECT, null=True, blank=True, related_name="verwijzingen"
    )
    sleutelpersoon = models.ForeignKey(
        "partners.Sleutelpersoon", on_delete=models.PROTECT, null=True, blank=True, related_name="verwijzingen"
    )
    reden = models.CharField(max_length=255)
    datum = models.DateField()
    uitkomst = models.TextField(blank=True)
    afgerond_op = models.DateField(null=True, blank=True)

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "verwijzing"
        verbose_name_plural = "verwijzingen"
        ordering = ["-datum"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(ketenpartner__isnull=False) & Q(sleutelpersoon__isnull=True))
                | (Q(ketenpartner__isnull=True) & Q(sleutelpersoon__isnull=False)),
                name="verwijzing_naar_precies_een",
            ),
            models.CheckConstraint(
                condition=Q(afgerond_op__isnull=True) | Q(afgerond_op__gte=F("datum")),
                name="verwijzing_datumvolgorde",
            ),
            models.CheckConstraint(condition=~Q(reden=""), name="verwijzing_heeft_reden"),
        ]

    def __str__(self):
        return f"verwijzing {self.datum}: {self.reden}"


class Participatie(models.Model):
    """Work, education, volunteering or a placement, with its period: the participation history."""

    class Soort(models.TextChoices):
        BETAALD_WERK = "betaald_werk", _("betaald werk")
        ONDERWIJS = "onderwijs", _("onderwijs")
        VRIJWILLIGERSWERK = "vrijwilligerswerk", _("vrijwilligerswerk")
        WERKERVARINGSPLEK = "werkervaringsplek", _("werkervaringsplek / stage")

    class Contractvorm(models.TextChoices):
        VAST = "vast", _("vast")
        TIJDELIJK = "tijdelijk", _("tijdelijk")
        UITZEND = "uitzend", _("uitzendwerk")
        OPROEP = "oproep", _("oproep / nul-uren")
        ZZP = "zzp", _("zelfstandige")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey(Statushouder, on_delete=models.CASCADE, related_name="participaties")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    startdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    uren_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    sector = models.CharField(max_length=100, blank=True)
    contractvorm = models.CharField(max_length=10, choices=Contractvorm.choices, blank=True)
    organisatie = models.ForeignKey(
        "partners.Organisatie", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = "participatie"
        verbose_name_plural = "participaties"
        ordering = ["-startdatum"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("startdatum")),
                name="participatie_datumvolgorde",
            ),
            models.CheckConstraint(
                condition=Q(uren_per_week__isnull=True) | Q(uren_per_week__gt=0, uren_per_week__lte=60),
                name="participatie_uren_bereik",
            ),
            models.CheckConstraint(
                condition=Q(soort="betaald_werk") | Q(contractvorm=""), name="participatie_contract_alleen_bij_werk"
            ),
        ]
        indexes = [models.Index(fields=["statushouder", "startdatum"], name="participatie_sh_start_idx")]

    def __str__(self):
        return f"{self.get_soort_display()} vanaf {self.startdatum}"


class Signaalstand(models.Model):
    """The signals of one case on one day, kept so that Vandaag does not compute some thirty subqueries per case of
    a gemeente on every view (cases/signaalstand.py). Valid while `dag` is today, `sleutel` matches the code and
    norms that computed it and `versie` equals the case's `Signaalversie` (raised by database triggers on every
    write to what the signals read)."""

    statushouder = models.OneToOneField(
        Statushouder, on_delete=models.CASCADE, primary_key=True, related_name="signaalstand"
    )
    dag = models.DateField()
    sleutel = models.CharField(max_length=64)
    versie = models.BigIntegerField()
    waarden = models.JSONField(encoder=DjangoJSONEncoder)  # the signal annotations of the row
    meldingen = models.JSONField()  # [[signal code, ISO date or null], ...]

    class Meta:
        verbose_name = "signaalstand"
        verbose_name_plural = "signaalstanden"

    def __str__(self):
        return f"signalen van dossier {self.statushouder_id} op {self.dag}"


class Signaalversie(models.Model):
    """How often what the signals of a case read has been written: raised by the triggers of migration
    0011_signaalstand in the writing transaction. No foreign key: a trigger on a deleted case writes it too."""

    statushouder_id = models.BigIntegerField(primary_key=True)
    versie = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "signaalversie"
        verbose_name_plural = "signaalversies"

    def __str__(self):
        return f"versie {self.versie} van dossier {self.statushouder_id}"
