"""A task a consultant makes for themselves or a colleague of the same gemeente, usually on a case. The PIP
actions a consultant owns are tasks too, but they live in the PIP (cases.Actie): see taken.selectors."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from cases.query import OwnedByStatushouderQuerySet


class TaakQuerySet(OwnedByStatushouderQuerySet):
    def open(self):
        return self.filter(afgerond_op__isnull=True)


class Taak(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    statushouder = models.ForeignKey(
        "cases.Statushouder", on_delete=models.CASCADE, null=True, blank=True, related_name="taken"
    )
    omschrijving = models.CharField(gettext_lazy("omschrijving"), max_length=255)
    toelichting = models.TextField(gettext_lazy("toelichting"), blank=True)
    deadline = models.DateField(gettext_lazy("deadline"))
    toegewezen_aan = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="taken")
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    afgerond_op = models.DateTimeField(null=True, blank=True)
    afgerond_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TaakQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("taak")
        verbose_name_plural = gettext_lazy("taken")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["statushouder", "afgerond_op", "deadline"], name="taak_sh_open_deadline_idx"),
            models.Index(fields=["toegewezen_aan", "afgerond_op", "deadline"], name="taak_wie_open_deadline_idx"),
        ]
        constraints = [models.CheckConstraint(condition=~models.Q(omschrijving=""), name="taak_heeft_omschrijving")]

    def __str__(self):
        return self.omschrijving

    @property
    def is_open(self) -> bool:
        return self.afgerond_op is None
