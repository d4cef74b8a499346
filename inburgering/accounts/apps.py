from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "inburgering.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en rollen"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import roles
        from .middleware import sessie_begonnen

        post_migrate.connect(roles.sync_role_groups_after_migrate, sender=self)
        user_logged_in.connect(sessie_begonnen, dispatch_uid="accounts.sessie_begonnen")
