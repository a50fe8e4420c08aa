from django.conf import settings


def practice(request):
    return {"practice": settings.PRACTICE, "site_url": settings.SITE_URL}
