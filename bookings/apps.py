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
        # Service pages show each option's length and price, so saving one clears the cache of
        # content's pages, as content's own saves do.
        option = self.get_model("BookingOption")
        post_save.connect(cache.bump_generation, sender=option, dispatch_uid="bump-option")
        post_delete.connect(cache.bump_generation, sender=option, dispatch_uid="del-option")
        # Area pages post the area's travel fee.
        rule = self.get_model("AreaRule")
        post_save.connect(cache.bump_generation, sender=rule, dispatch_uid="bump-area-rule")
        post_delete.connect(cache.bump_generation, sender=rule, dispatch_uid="del-area-rule")
