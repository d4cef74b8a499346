import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who logs in. The role comes from the role group, the gemeente from guardian grants."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fte = models.DecimalField(
        "FTE", max_digits=3, decimal_places=2, null=True, blank=True, help_text="Voor caseload per FTE (I7)."
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
