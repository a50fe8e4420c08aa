from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from content.sitemaps import SITEMAPS
from content.views import robots_txt
from stillwaters.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
    path("book/", include("bookings.urls")),
    path("account/", include("bookings.clients.urls")),
    path("", include("content.urls")),
]

if settings.SERVE_MEDIA:
    # Development only: in production the proxy serves uploads (README, Production).
    urlpatterns.insert(
        0, re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
