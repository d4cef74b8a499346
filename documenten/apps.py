from django.apps import AppConfig


class DocumentenConfig(AppConfig):
    name = "documenten"
    verbose_name = "Documenten en brieven"
