from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from content.sitemaps import SITEMAPS
from content.views import robots_txt
from stillwaters.bench import hello
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

if settings.BENCH_HELLO:
    urlpatterns.insert(0, path("bench/hello", hello, name="bench-hello"))


def media(request, path):
    # MEDIA_ROOT read per request, not once at import, so a test's own folder is served.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    # Development only: in production the proxy serves uploads (README, Production).
    urlpatterns.insert(0, re_path(r"^media/(?P<path>.*)$", media))
