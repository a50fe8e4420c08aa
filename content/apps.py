from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ContentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content"

    def ready(self):
        from . import cache

        # Any save of content invalidates the cached pages (the bookings app adds its booking
        # options, which service pages show).
        for model in self.get_models():
            post_save.connect(cache.bump_generation, sender=model, dispatch_uid=f"bump-{model}")
            post_delete.connect(cache.bump_generation, sender=model, dispatch_uid=f"del-{model}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    cache.bump_generation,
                    sender=field.remote_field.through,
                    dispatch_uid=f"m2m-{model}-{field.name}",
                )
