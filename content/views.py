from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from stillwaters.two_factor import has_staff_access

from . import body_map, selectors, structured_data
from .cache import whole_page
from .forms import PainFinderForm


@require_GET
@whole_page()
def home(request):
    areas = selectors.service_areas()
    return render(
        request,
        "content/home.html",
        {
            "services": selectors.services(),
            "areas": areas,
            "articles": selectors.article_list()[:3],
            "business_data": structured_data.local_business(areas, selectors.therapist_profile()),
        },
    )


@require_GET
@whole_page()
def about(request):
    """Who Taylor is; the profile comes with every page (content.context_processors)."""
    return render(request, "content/about.html")


@require_GET
@whole_page()
def article_list(request):
    return render(request, "content/article_list.html", {"articles": selectors.article_list()})


@require_GET
@whole_page()
def article_detail(request, slug):
    # Staff see drafts so they can preview before publishing; nobody else does, nor staff who
    # have not yet given the second factor their login needs.
    preview = has_staff_access(request.user) and request.user.has_perm("content.view_article")
    page = selectors.article_page(slug, include_drafts=preview)
    if page is None:
        raise Http404("No article here.")
    return render(
        request,
        "content/article_detail.html",
        {
            "page": page,
            "article": page.article,
            "faq_data": structured_data.faq_page(page.faqs) if page.faqs else None,
            "is_preview": page.article.status != page.article.Status.PUBLISHED,
        },
    )


@require_GET
@whole_page(query={"area": selectors.place_slugs})
def pain_finder(request):
    areas = selectors.pain_areas_with_muscles()
    form = PainFinderForm(request.GET or None, areas=areas)
    chosen, results = None, []
    if form.is_valid():
        chosen = form.cleaned_data["area"]
        results = body_map.results(selectors.muscles_referring_to(chosen), chosen)
    return render(
        request,
        "content/pain_finder.html",
        {
            "form": form,
            "chosen": chosen,
            "regions": body_map.regions(areas, chosen),
            "results": results,
        },
    )


@require_GET
@whole_page()
def service_list(request):
    return render(request, "content/service_list.html", {"services": selectors.services()})


@require_GET
@whole_page()
def service_detail(request, slug):
    service = next((s for s in selectors.services() if s.slug == slug), None)
    if service is None:
        raise Http404("No such service.")
    return render(request, "content/service_detail.html", {"service": service})


@require_GET
@whole_page()
def area_list(request):
    areas = selectors.service_areas()
    return render(
        request,
        "content/area_list.html",
        {
            "areas": areas,
            "business_data": structured_data.local_business(areas, selectors.therapist_profile()),
        },
    )


@require_GET
@whole_page()
def area_detail(request, slug):
    area = next((a for a in selectors.service_areas() if a.slug == slug), None)
    if area is None:
        raise Http404("We do not serve that area.")
    return render(
        request, "content/area_detail.html", {"area": area, "services": selectors.services()}
    )


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /book/manage/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
@whole_page()
def privacy(request):
    """The privacy notice: who is responsible, what is kept and why, and the client's rights."""
    return render(request, "content/privacy.html")
