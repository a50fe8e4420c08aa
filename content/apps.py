from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ContentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content"

    def ready(self):
        from . import cache

        # Any save of content or of booking options (prices on service pages) invalidates
        # the cached pages.
        for model in [*self.get_models(), self.apps.get_model("bookings", "BookingOption")]:
            post_save.connect(cache.bump_generation, sender=model, dispatch_uid=f"bump-{model}")
            post_delete.connect(cache.bump_generation, sender=model, dispatch_uid=f"del-{model}")
        m2m_changed.connect(cache.bump_generation, dispatch_uid="bump-m2m")
