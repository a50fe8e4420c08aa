from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

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
