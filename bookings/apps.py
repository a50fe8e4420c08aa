from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BookingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bookings"

    def ready(self):
        from . import roles

        # Runs after each app's permissions exist (this app is installed after auth and content).
        post_migrate.connect(roles.sync_role_permissions, sender=self, dispatch_uid="sync-roles")
