"""Appointments on a case and the consultant's personal calendar feed."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cases.query import owned_by_statushouder


class Afspraak(models.Model):
    """An appointment with a statushouder (or about one, with a ketenpartner) in a consultant's agenda."""

    class Soort(models.TextChoices):
        INTAKE = "intake", _("brede intake")
        VOORTGANGSGESPREK = "voortgangsgesprek", _("voortgangsgesprek")
        EINDGESPREK = "eindgesprek", _("eindgesprek (MAP/Z-route)")
        OVERLEG = "overleg", _("overleg met ketenpartner")
        OVERIG = "overig", _("overig")

    class PlaatsSoort(models.TextChoices):
        KANTOOR = "kantoor", _("op kantoor")
        THUIS = "thuis", _("thuis")
        AZC = "azc", _("in het AZC")
        VIDEO = "video", _("videogesprek")

    class TolkWijze(models.TextChoices):
        TELEFONISCH = "telefonisch", _("telefonisch")
        AANWEZIG = "aanwezig", _("aanwezig")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey("cases.Statushouder", on_delete=models.CASCADE, related_name="afspraken")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    datum = models.DateField(_("datum"))
    begintijd = models.TimeField(_("begintijd"))
    eindtijd = models.TimeField(_("eindtijd"))
    plaats_soort = models.CharField(_("plaats"), max_length=10, choices=PlaatsSoort.choices)
    plaats = models.CharField(
        _("adres, ruimte of videolink"), max_length=500, blank=True, help_text=_("Bij een videogesprek: de https-link")
    )
    tolk_nodig = models.BooleanField(_("tolk nodig"), default=False)
    tolk_taal = models.CharField(_("taal van de tolk"), max_length=3, blank=True, help_text="ISO 639 taalcode")
    tolk_wijze = models.CharField(_("tolk"), max_length=12, choices=TolkWijze.choices, blank=True)
    sleutelpersoon = models.ForeignKey(
        "partners.Sleutelpersoon",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="afspraken",
        verbose_name=_("sleutelpersoon"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="afspraken", verbose_name=_("consulent")
    )
    genodigden = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="uitnodigingen", verbose_name=_("genodigde collega's")
    )
    genodigden_overig = models.CharField(
        _("overige genodigden"), max_length=500, blank=True, help_text=_("Bijv. de contactpersoon van de ketenpartner")
    )
    voortgangsgesprek = models.ForeignKey(
        "cases.Voortgangsgesprek",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="afspraken",
        verbose_name=_("voortgangsgesprek"),
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    geannuleerd_op = models.DateTimeField(null=True, blank=True)
    volgnummer = models.PositiveIntegerField(default=0, editable=False, help_text="iCalendar SEQUENCE")
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["datum", "begintijd", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(eindtijd__gt=F("begintijd")), name="afspraak_eind_na_begin"),
        ]
        indexes = [
            models.Index(fields=["consultant", "datum"], name="afspraak_consultant_datum_idx"),
            models.Index(fields=["statushouder", "datum"], name="afspraak_sh_datum_idx"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum} {self.begintijd:%H:%M}"

    @property
    def geannuleerd(self) -> bool:
        return self.geannuleerd_op is not None

    @property
    def tolk_taal_naam(self) -> str:
        from .talen import taalnaam

        return taalnaam(self.tolk_taal) if self.tolk_taal else ""

    def tijd_tekst(self) -> str:
        return f"{self.begintijd:%H:%M}–{self.eindtijd:%H:%M}"

    def plaats_tekst(self) -> str:
        """The place in one line: kind plus address/room/link."""
        soort = str(self.get_plaats_soort_display())
        return f"{soort}, {self.plaats}" if self.plaats else soort

    def tolk_tekst(self) -> str:
        if not self.tolk_nodig:
            return ""
        wijze = str(self.get_tolk_wijze_display()) if self.tolk_wijze else ""
        taal = self.tolk_taal_naam
        return " ".join(d for d in (str(_("tolk")), taal, f"({wijze})" if wijze else "") if d)

    def omschrijving_voor_brief(self) -> str:
        """One Dutch (active language) line a letter can print: day, time, place and interpreter."""
        delen = [
            f"{formats.date_format(self.datum, 'l j F Y')}, {self.begintijd:%H:%M}–{self.eindtijd:%H:%M}",
            self.plaats_tekst(),
        ]
        if self.tolk_nodig:
            delen.append(self.tolk_tekst())
        return "; ".join(delen)


class AgendaFeed(models.Model):
    """A user's personal calendar feed: only a sha256 of the secret token is stored. Revoking clears the hash;
    renewing sets a new one. The feed carries no personal data beyond initials and the kind of appointment."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agendafeed")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    aangemaakt_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agendafeed")
        verbose_name_plural = _("agendafeeds")
        constraints = [
            models.UniqueConstraint(fields=["token_hash"], condition=~Q(token_hash=""), name="agendafeed_token_uniek"),
        ]

    def __str__(self):
        return f"agendafeed {self.user_id}"

    @property
    def actief(self) -> bool:
        return bool(self.token_hash)
