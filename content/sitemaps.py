from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors


class StaticPagesSitemap(Sitemap):
    def items(self):
        return [
            "content:home",
            "content:articles",
            "content:pain-finder",
            "content:services",
            "content:areas",
            "content:about",
        ]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(Sitemap):
    def items(self):
        return selectors.article_list()

    def lastmod(self, article):
        return article.updated_at


class ServiceSitemap(Sitemap):
    def items(self):
        return selectors.services()


class AreaSitemap(Sitemap):
    def items(self):
        return selectors.service_areas()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "articles": ArticleSitemap,
    "services": ServiceSitemap,
    "areas": AreaSitemap,
}
