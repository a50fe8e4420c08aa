"""schema.org data for search engines, built from the practice settings and the content."""

from django.conf import settings
from django.urls import reverse

from .models import Faq, ServiceArea, TherapistProfile

COLLEGE = {
    "@type": "Organization",
    "name": TherapistProfile.COLLEGE,
    "url": "https://www.cmto.com/",
}


def local_business(areas: list[ServiceArea], therapist: TherapistProfile) -> dict:
    practice = settings.PRACTICE
    data = {
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
    if therapist.is_identified:
        data["employee"] = therapist_person(therapist)
    return data


def therapist_person(therapist: TherapistProfile) -> dict:
    """The RMT as a schema.org Person, with the College registration once it is filled in."""
    person = {
        "@type": "Person",
        "name": therapist.full_name or settings.PRACTICE["therapist"],
        "jobTitle": "Registered Massage Therapist",
        "url": f"{settings.SITE_URL}{reverse('content:about')}",
    }
    if therapist.photo:
        person["image"] = f"{settings.SITE_URL}{therapist.photo.url}"
    if therapist.registration_number:
        person["memberOf"] = COLLEGE
        person["hasCredential"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "license",
            "name": "Registered Massage Therapist, Ontario",
            "identifier": therapist.registration_number,
            "recognizedBy": COLLEGE,
        }
    return person


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
