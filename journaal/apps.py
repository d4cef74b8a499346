from django.apps import AppConfig


class JournaalConfig(AppConfig):
    name = "journaal"
    verbose_name = "Journaal"
