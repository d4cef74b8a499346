from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager


class Arbeidsmarktregio(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(max_length=100, unique=True)
    code = models.CharField(max_length=10, unique=True, help_text="CBS-code, bijv. AM13")

    class Meta:
        verbose_name = "arbeidsmarktregio"
        verbose_name_plural = "arbeidsmarktregio's"
        ordering = ["naam"]
        permissions = [("rapportages_inzien", "Mag regionale rapportages inzien")]

    def __str__(self):
        return self.naam


class Gemeente(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(max_length=100)
    cbs_code = models.CharField(max_length=6, unique=True, help_text="GM gevolgd door vier cijfers, bijv. GM0197")
    inwoners = models.PositiveIntegerField()
    arbeidsmarktregio = models.ForeignKey(Arbeidsmarktregio, on_delete=models.PROTECT, related_name="gemeenten")
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="gemeente", help_text="De medewerkers van deze gemeente"
    )
    # Per-gemeente norms where the law leaves room (DESIGN.md §4); empty = the national default.
    pip_termijn_weken = models.PositiveSmallIntegerField(null=True, blank=True)
    voortgangsgesprek_weken = models.PositiveSmallIntegerField(null=True, blank=True)
    briefhoofd = models.TextField(blank=True, help_text="Adresregels voor de beschikking")
    # The Organisatie-identificatienummer (Logius OIN register): the `doel` of DUO's notifications and the `bron`
    # of our meldingen to DUO. One installation may serve every gemeente of a region; empty = no DUO exchange.
    oin = models.CharField(
        "OIN", max_length=20, unique=True, null=True, blank=True, help_text="20 cijfers, uit het OIN-register"
    )
    # The number chain partners call about an inburgeraar (DUO's Contactpersoon requires one; a consultant has none
    # of his own here), in the form DUO's Contactpersoon API accepts.
    telefoon = models.CharField(
        max_length=22,
        blank=True,
        validators=[
            RegexValidator(
                r"^(\+|[0-9])((\s|\s?(-|\(0\))\s?)?[0-9]){2,15}([,][1-9][0-9]{1,8})?$",
                "Een telefoonnummer met alleen cijfers, spaties, een streepje of (0), bijv. 14 0543.",
            )
        ],
        help_text="Voor ketenpartners en DUO, bijv. 14 0543",
    )

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]
        permissions = [("dossiers_inzien", "Medewerkers mogen de dossiers van deze gemeente inzien")]
        constraints = [
            models.CheckConstraint(condition=Q(cbs_code__regex=r"^GM[0-9]{4}$"), name="gemeente_cbs_code_format"),
            models.CheckConstraint(
                condition=Q(oin__isnull=True) | Q(oin__regex=r"^[0-9]{20}$"), name="gemeente_oin_20_cijfers"
            ),
            models.CheckConstraint(condition=Q(inwoners__gt=0), name="gemeente_inwoners_positive"),
            models.CheckConstraint(
                condition=Q(pip_termijn_weken__isnull=True) | Q(pip_termijn_weken__gte=1),
                name="gemeente_pip_termijn_positive",
            ),
        ]

    def __str__(self):
        return self.naam


class GemeenteGroupObjectPermission(GroupObjectPermissionBase):
    """Guardian grant on a gemeente to a group, with a real foreign key so `for_user` is one join."""

    content_object = models.ForeignKey(Gemeente, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class ArbeidsmarktregioUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Arbeidsmarktregio, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class Organisatie(models.Model):
    class Type(models.TextChoices):
        TAALAANBIEDER = "taalaanbieder", _("taalaanbieder")
        KETENPARTNER = "ketenpartner", _("ketenpartner")
        WERKGEVER = "werkgever", _("werkgever")
        ONDERWIJS = "onderwijs", _("onderwijsinstelling")

    class Soort(models.TextChoices):
        COA = "coa", _("COA")
        VLUCHTELINGENWERK = "vluchtelingenwerk", _("VluchtelingenWerk")
        UWV = "uwv", _("UWV")
        WSP = "wsp", _("Werkgeversservicepunt")
        GGZ = "ggz", _("GGZ")
        TAALHUIS = "taalhuis", _("Taalhuis")
        SCHULDHULP = "schuldhulp", _("Schuldhulpverlening")
        OVERIG = "overig", _("overig")

    # The organisations that teach a leerroute and report over the provider API: language schools (B1/Z-route)
    # and schools of the onderwijsroute (taalschakeltraject).
    AANBIEDERS = (Type.TAALAANBIEDER, Type.ONDERWIJS)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(max_length=150)
    type = models.CharField(max_length=20, choices=Type.choices)
    soort = models.CharField(max_length=20, choices=Soort.choices, blank=True, help_text="Voor ketenpartners")
    kvk_nummer = models.CharField(max_length=8, blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    telefoon = models.CharField(max_length=20, blank=True)
    arbeidsmarktregios = models.ManyToManyField(Arbeidsmarktregio, blank=True, related_name="organisaties")
    gemeenten = models.ManyToManyField(
        "Gemeente", blank=True, related_name="organisaties", help_text="De gemeenten waarvoor de organisatie werkt"
    )
    aanbod = models.TextField(blank=True, help_text="Wat de organisatie biedt, bijv. 'B1-route, Z-route, duaal'")
    plaats = models.CharField(max_length=100, blank=True)
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["naam", "type"], name="organisatie_naam_type_uniek"),
            models.CheckConstraint(condition=Q(kvk_nummer="") | Q(kvk_nummer__regex=r"^[0-9]{8}$"), name="kvk_format"),
        ]

    def __str__(self):
        return self.naam

    def _keurmerken(self, soort):
        """The periods of one soort, oldest first; from `prefetch_related("keurmerken")` when prefetched."""
        if "keurmerken" in getattr(self, "_prefetched_objects_cache", {}):
            return sorted((k for k in self.keurmerken.all() if k.soort == soort), key=lambda k: k.geldig_van)
        return list(self.keurmerken.filter(soort=soort).order_by("geldig_van"))

    def keurmerk_op(self, datum, soort=None) -> Keurmerk | None:
        """The keurmerk period of `soort` (default Blik op Werk) valid on `datum`, or None."""
        soort = soort or Keurmerk.Soort.BLIK_OP_WERK
        return next((k for k in self._keurmerken(soort) if k.geldig_op(datum)), None)

    def keurmerk_geldig_op(self, datum, soort=None) -> bool:
        """DOMAIN.md req. 9: is a keurmerk of `soort` (default Blik op Werk) valid on `datum`?"""
        return self.keurmerk_op(datum, soort) is not None

    def keurmerk_geldig_tot(self, datum, soort=None):
        """Until when the keurmerk valid on `datum` stays valid without a gap, following periods that start the
        day after the previous one ends: a date, None when it has no end, or False when none is valid on `datum`."""
        perioden = self._keurmerken(soort or Keurmerk.Soort.BLIK_OP_WERK)
        huidig = next((k for k in perioden if k.geldig_op(datum)), None)
        if huidig is None:
            return False
        tot = huidig.geldig_tot
        for k in perioden:
            aansluitend = tot is not None and k.geldig_van <= tot + timedelta(days=1)
            if aansluitend and (k.geldig_tot is None or k.geldig_tot > tot):
                tot = k.geldig_tot
        return tot

    def laatste_keurmerk(self, soort=None) -> Keurmerk | None:
        perioden = self._keurmerken(soort or Keurmerk.Soort.BLIK_OP_WERK)
        return perioden[-1] if perioden else None


class KeurmerkQuerySet(models.QuerySet):
    def geldig_op(self, datum):
        return self.filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=datum), geldig_van__lte=datum)


def keurmerk_geldig(soort, datum, organisatie=None):
    """An Exists() for querysets: the organisation has a keurmerk of `soort` valid on `datum` (a date or an
    expression, e.g. OuterRef("datum"))."""
    return Exists(
        Keurmerk.objects.geldig_op(datum).filter(
            organisatie=OuterRef("pk") if organisatie is None else organisatie, soort=soort
        )
    )


class Keurmerk(models.Model):
    """A period in which an organisation holds a keurmerk (DOMAIN.md req. 9), with its history: the Blik op Werk
    keurmerk a B1- or Z-route provider needs, or the recognition as erkende taalschakelinstelling (DUO's TST) an
    onderwijsroute institution needs. Periods of the same soort do not overlap (services.keurmerken); every check
    asks for validity on the date that matters (the start of an enrolment, the date of a lesson, the
    dagtekening of a PIP)."""

    class Soort(models.TextChoices):
        BLIK_OP_WERK = "blik_op_werk", _("Blik op Werk keurmerk")
        TAALSCHAKELINSTELLING = "taalschakelinstelling", _("erkende taalschakelinstelling")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="keurmerken")
    soort = models.CharField(max_length=25, choices=Soort.choices, default=Soort.BLIK_OP_WERK)
    geldig_van = models.DateField()
    geldig_tot = models.DateField(null=True, blank=True, help_text="Tot en met; leeg = zonder einddatum")
    registratienummer = models.CharField(max_length=50, blank=True)

    objects = KeurmerkQuerySet.as_manager()

    class Meta:
        verbose_name = "keurmerk"
        verbose_name_plural = "keurmerken"
        ordering = ["organisatie", "soort", "-geldig_van"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="keurmerk_datumvolgorde",
            ),
            models.UniqueConstraint(fields=["organisatie", "soort", "geldig_van"], name="keurmerk_uniek_begin"),
        ]

    def __str__(self):
        tot = f"{self.geldig_tot:%d-%m-%Y}" if self.geldig_tot else "…"
        return f"{self.get_soort_display()} {self.geldig_van:%d-%m-%Y} – {tot}"

    def geldig_op(self, datum) -> bool:
        return self.geldig_van <= datum and (self.geldig_tot is None or self.geldig_tot >= datum)


class Contactpersoon(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="contactpersonen")
    naam = models.CharField(max_length=150)
    functie = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    telefoon = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"
        ordering = ["naam"]

    def __str__(self):
        return f"{self.naam} ({self.organisatie})"


class Contract(models.Model):
    """A regional contract: provider × leerroute × arbeidsmarktregio for a period."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="contracten")
    leerroute = models.ForeignKey("leerroutes.Leerroute", on_delete=models.PROTECT, related_name="contracten")
    arbeidsmarktregio = models.ForeignKey(Arbeidsmarktregio, on_delete=models.PROTECT, related_name="contracten")
    startdatum = models.DateField()
    einddatum = models.DateField()
    capaciteit = models.PositiveIntegerField(help_text="Aantal gecontracteerde trajecten")
    tarief = models.DecimalField(max_digits=9, decimal_places=2, help_text="Prijs per traject in euro")
    kenmerk = models.CharField(max_length=50, blank=True)
    # The agreements a contract manager checks (Divosa, "Grip op inkoop en contractmanagement"): attendance and
    # how verzuim and progress are reported.
    norm_aanwezigheid = models.PositiveSmallIntegerField(
        default=80, help_text="Afgesproken minimale aanwezigheid in procenten (gevolgde / aangeboden uren)"
    )
    verzuim_melden_binnen_dagen = models.PositiveSmallIntegerField(
        default=5, help_text="Ongeoorloofd verzuim melden binnen zoveel werkdagen"
    )
    rapportage_frequentie = models.CharField(
        max_length=12,
        choices=[("maandelijks", "maandelijks"), ("kwartaal", "per kwartaal"), ("halfjaar", "per half jaar")],
        default="kwartaal",
        help_text="Hoe vaak de aanbieder een voortgangsrapportage per deelnemer levert",
    )
    toelichting = models.TextField(blank=True)

    class Meta:
        verbose_name = "contract"
        verbose_name_plural = "contracten"
        ordering = ["-startdatum"]
        constraints = [
            models.CheckConstraint(condition=Q(einddatum__gte=F("startdatum")), name="contract_datumvolgorde"),
            models.CheckConstraint(condition=Q(capaciteit__gt=0), name="contract_capaciteit_positief"),
            models.CheckConstraint(condition=Q(tarief__gte=0), name="contract_tarief_niet_negatief"),
            models.CheckConstraint(
                condition=Q(norm_aanwezigheid__gte=1, norm_aanwezigheid__lte=100),
                name="contract_norm_aanwezigheid_bereik",
            ),
        ]
        indexes = [
            models.Index(fields=["arbeidsmarktregio", "leerroute", "einddatum"], name="contract_regio_route_idx")
        ]

    def __str__(self):
        return f"{self.organisatie} – {self.leerroute} ({self.startdatum:%Y}–{self.einddatum:%Y})"


class Sleutelpersoon(models.Model):
    """A trained former newcomer who can be matched to a statushouder by a shared language."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(max_length=150)
    arbeidsmarktregio = models.ForeignKey(Arbeidsmarktregio, on_delete=models.PROTECT, related_name="sleutelpersonen")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.SET_NULL, null=True, blank=True)
    talen = ArrayField(models.CharField(max_length=3), default=list, help_text="ISO 639 taalcodes, bijv. ar, ti")
    nationaliteiten = ArrayField(models.CharField(max_length=3), default=list, blank=True)
    telefoon = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    beschikbaarheid = models.CharField(max_length=200, blank=True, help_text="Bijv. 'di en do overdag'")
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name = "sleutelpersoon"
        verbose_name_plural = "sleutelpersonen"
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(condition=Q(talen__len__gt=0), name="sleutelpersoon_spreekt_een_taal"),
        ]

    def __str__(self):
        return self.naam


class ApiSleutelManager(APIKeyManager):
    def get_usable_keys(self):
        return super().get_usable_keys().select_related("organisatie")


class ApiSleutel(AbstractAPIKey):
    """An API key of a provider organisation (DESIGN.md §5): stored hashed (sha512 of a random key, by
    djangorestframework-api-key), shown once at issue, revocable, with its last use. Requests authenticate
    with `Authorization: Api-Key <key>`; the key acts for its organisation only."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="api_sleutels")
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    is_api_client = True  # the audit log records the organisation as the actor

    objects = ApiSleutelManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked=False, ingetrokken_op__isnull=True) | Q(revoked=True, ingetrokken_op__isnull=False),
                name="apisleutel_ingetrokken_heeft_datum",
            ),
        ]

    def __str__(self):
        return f"{self.organisatie} (sleutel {self.prefix})"

    @property
    def uuid(self):
        """The audit log's actor id: the organisation the key acts for."""
        return self.organisatie.uuid
