from django.apps import AppConfig


class DuoConfig(AppConfig):
    name = "duo"
    verbose_name = "DUO-koppeling"
