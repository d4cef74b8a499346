import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who logs in. The role comes from the role group, the gemeente from guardian grants."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fte = models.DecimalField(
        "FTE", max_digits=3, decimal_places=2, null=True, blank=True, help_text="Voor caseload per FTE (I7)."
    )
    # Who last set the password in the admin: that person may not also issue the MFA activation code (mfa.py).
    wachtwoord_gezet_door = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fte__isnull=True) | models.Q(fte__gt=0, fte__lte=1.5), name="user_fte_range"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class Roltoekenning(models.Model):
    """A role for a user, with the gemeente or arbeidsmarktregio it applies to (separation of duties, README "Roles
    and what each may see"). One person asks for it; a role that reaches personal data or the admin (consultant,
    teamleider, beheerder) takes effect only when a second person confirms it. Revoked grants stay, as history.
    Every change is in the audit log (`inburgering.accounts.services`)."""

    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", "wacht op bevestiging"
        ACTIEF = "actief", "actief"
        INGETROKKEN = "ingetrokken", "ingetrokken"
        AFGEWEZEN = "afgewezen", "afgewezen"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gebruiker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roltoekenningen")
    rol = models.CharField(max_length=20)
    gemeente = models.ForeignKey("partners.Gemeente", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    arbeidsmarktregio = models.ForeignKey(
        "partners.Arbeidsmarktregio", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    aangevraagd_door = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aangevraagd_op = models.DateTimeField()
    bevestigd_door = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    bevestigd_op = models.DateTimeField(null=True, blank=True)
    beeindigd_door = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    beeindigd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "roltoekenning"
        verbose_name_plural = "roltoekenningen"
        ordering = ["-aangevraagd_op", "-id"]
        default_permissions = ("view", "add")
        permissions = [("bevestigen_roltoekenning", "Mag een roltoekenning van een ander bevestigen")]
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker", "rol", "gemeente", "arbeidsmarktregio"],
                condition=models.Q(status__in=["aangevraagd", "actief"]),
                nulls_distinct=False,
                name="roltoekenning_een_open_per_rol_en_plaats",
            ),
        ]

    def __str__(self):
        plaats = self.gemeente or self.arbeidsmarktregio
        return f"{self.gebruiker.get_username()}: {self.rol}{f' ({plaats})' if plaats else ''}"


class MfaActivatiecode(models.Model):
    """The one-time code a beheerder issues for a user's first MFA enrolment: without it a password alone does not
    let anyone enrol an authenticator app. Only a hash is kept; the code is shown once, to the one who issued it."""

    gebruiker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mfa_activatiecodes")
    code_hash = models.CharField(max_length=64, unique=True)
    uitgegeven_door = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uitgegeven_op = models.DateTimeField()
    geldig_tot = models.DateTimeField()
    gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "MFA-activatiecode"
        verbose_name_plural = "MFA-activatiecodes"
        default_permissions = ()

    def __str__(self):
        return f"MFA-activatiecode voor {self.gebruiker.get_username()}"
