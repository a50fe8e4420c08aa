from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class BookingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bookings"

    def ready(self):
        from content import cache
        from stillwaters import ratelimit, roles  # noqa: F401 (ratelimit registers a deploy check)

        # Runs after each app's permissions exist (this app is installed after auth and content).
        post_migrate.connect(roles.sync_role_permissions, sender=self, dispatch_uid="sync-roles")
        # Cached pages show what these hold: service pages each option's length and price,
        # area pages and the booking form's first step the travel fee, and that step the
        # postal code prefix it fills in from an area's page. Saving one clears the cache of
        # those pages, as content's own saves do.
        for name in ("BookingOption", "AreaRule", "PostalPrefix"):
            model = self.get_model(name)
            post_save.connect(cache.bump_generation, sender=model, dispatch_uid=f"bump-{name}")
            post_delete.connect(cache.bump_generation, sender=model, dispatch_uid=f"del-{name}")
