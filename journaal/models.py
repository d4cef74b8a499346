"""A dated note on a case. Its author may change it for a short while (JOURNAAL_BEWERKTIJD_MINUTEN); after that
it is fixed and a correction is a new note that points to the one it corrects."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from cases.query import owned_by_statushouder


class Notitie(models.Model):
    class Categorie(models.TextChoices):
        CONTACT = "contact", gettext_lazy("contact")
        AFSPRAAK = "afspraak", gettext_lazy("afspraak")
        ZORG = "zorg", gettext_lazy("zorg")
        WERK = "werk", gettext_lazy("werk")
        ONDERWIJS = "onderwijs", gettext_lazy("onderwijs")
        TAAL = "taal", gettext_lazy("taal")
        FINANCIEN = "financien", gettext_lazy("financiën")
        WONEN = "wonen", gettext_lazy("wonen")
        OVERIG = "overig", gettext_lazy("overig")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey("cases.Statushouder", on_delete=models.CASCADE, related_name="notities")
    datum = models.DateField(gettext_lazy("datum"), help_text=gettext_lazy("De dag waarover de notitie gaat"))
    categorie = models.CharField(gettext_lazy("categorie"), max_length=12, choices=Categorie.choices)
    tekst = models.TextField(gettext_lazy("tekst"))
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    corrigeert = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="correcties")

    objects = owned_by_statushouder()

    class Meta:
        verbose_name = gettext_lazy("notitie")
        verbose_name_plural = gettext_lazy("notities")
        ordering = ["-datum", "-aangemaakt_op"]
        indexes = [models.Index(fields=["statushouder", "-datum", "-aangemaakt_op"], name="notitie_sh_datum_idx")]
        constraints = [models.CheckConstraint(condition=~models.Q(tekst=""), name="notitie_heeft_tekst")]

    def __str__(self):
        return f"{self.datum} {self.categorie}"

    @property
    def is_zorg(self) -> bool:
        return self.categorie == self.Categorie.ZORG
