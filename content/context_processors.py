from django.conf import settings

from . import selectors


def practice(request):
    return {
        "practice": settings.PRACTICE,
        "site_url": settings.SITE_URL,
        "footer_areas": selectors.service_areas,  # called only when a template uses it
    }
