"""schema.org data for search engines, built from the practice settings and the content."""

from django.conf import settings

from .models import Faq, ServiceArea


def local_business(areas: list[ServiceArea]) -> dict:
    practice = settings.PRACTICE
    return {
        "@context": "https://schema.org",
        "@type": "HealthAndBeautyBusiness",
        "name": practice["name"],
        "description": (
            "Mobile registered massage therapy: Taylor, an RMT, treats clients in their own "
            "homes across Peel, Halton, Dufferin, Wellington and Toronto."
        ),
        "url": f"{settings.SITE_URL}/",
        "telephone": practice["phone"],
        "email": practice["email"],
        "address": {
            "@type": "PostalAddress",
            "addressLocality": practice["base_city"],
            "addressRegion": practice["region"],
            "addressCountry": "CA",
        },
        "areaServed": [{"@type": "City", "name": area.name} for area in areas],
    }


def faq_page(faqs: list[Faq]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": faq.answer},
            }
            for faq in faqs
        ],
    }
