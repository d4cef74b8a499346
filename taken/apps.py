"""A consultant's tasks: own PIP actions and tasks made for oneself or a colleague."""

from django.apps import AppConfig


class TakenConfig(AppConfig):
    name = "taken"
    verbose_name = "Taken"

    def ready(self):
        from . import signalen  # noqa: F401  (registers the signal "taak verlopen")
