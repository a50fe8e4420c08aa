from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import selectors


def practice(request):
    return {
        "practice": settings.PRACTICE,
        "site_url": settings.SITE_URL,
        "footer_areas": selectors.service_areas,  # called only when a template uses it
        # Read once per page, and only by pages that show it.
        "therapist": SimpleLazyObject(selectors.therapist_profile),
    }
