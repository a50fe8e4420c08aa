from django.contrib import admin
from django.utils.html import format_html

from stillwaters.admin_base import AutocompleteGuardMixin, QueryInitialGuardMixin

from .models import (
    Article,
    ComparisonRow,
    ComparisonTable,
    Faq,
    PainArea,
    ReferredPainRow,
    ReferredPainTable,
    Service,
    ServiceArea,
)


class FaqInline(admin.StackedInline):
    model = Faq
    extra = 0


@admin.register(Article)
class ArticleAdmin(QueryInitialGuardMixin, admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "updated_at", "position"]
    list_filter = ["status"]
    list_editable = ["position"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at", "preview_link", "table_codes"]
    fields = [
        "title", "slug", "summary", "body", "table_codes", "status", "published_at",
        "updated_at", "position", "preview_link",
    ]  # fmt: skip
    inlines = [FaqInline]

    @admin.display(description="Preview")
    def preview_link(self, article):
        if not article.pk:
            return "Save the article to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Open this article on the site</a> '
            "(drafts are visible to staff only)",
            article.get_absolute_url(),
        )

    @admin.display(description="Tables you can place")
    def table_codes(self, article):
        codes = [f"[[table:{slug}]]" for slug in _table_slugs()]
        return ", ".join(codes) or "No tables yet."


def _table_slugs() -> list[str]:
    return [
        *ReferredPainTable.objects.values_list("slug", flat=True),
        *ComparisonTable.objects.values_list("slug", flat=True),
    ]


class ReferredPainRowInline(AutocompleteGuardMixin, admin.StackedInline):
    # Stacked: with the trigger point's place a row has too many fields for one table line.
    model = ReferredPainRow
    extra = 1
    autocomplete_fields = ["pain_areas"]
    fieldsets = [
        (None, {"fields": ["muscle", "sensation", "pain_areas", "body_region", "position"]}),
        (
            "Diagram in the pain finder",
            {
                "fields": ["trigger_point", "trigger_view", "trigger_x", "trigger_y"],
                "description": "Where the trigger point sits on the body figure, in percent, "
                "as the places are placed; the places it refers pain to are shaded.",
            },
        ),
    ]


@admin.register(ReferredPainTable)
class ReferredPainTableAdmin(admin.ModelAdmin):
    list_display = ["caption", "slug", "article"]
    prepopulated_fields = {"slug": ["caption"]}
    inlines = [ReferredPainRowInline]


@admin.register(PainArea)
class PainAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "chart_view", "is_sensitive"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "felt", "position"]}),
        (
            "Body chart",
            {
                "fields": ["chart_view", "chart_x", "chart_y", "is_sensitive"],
                "description": "Where the pain finder's body map and Taylor's body chart draw "
                "this place. Whether it is a sensitive area is the therapist's to set, in the "
                "clinical admin.",
            },
        ),
    ]
    # Whether an area needs written consent is a clinical rule: only the therapist sets it.
    readonly_fields = ["is_sensitive"]


class ComparisonRowInline(admin.TabularInline):
    model = ComparisonRow
    extra = 1


@admin.register(ComparisonTable)
class ComparisonTableAdmin(admin.ModelAdmin):
    list_display = ["caption", "slug"]
    prepopulated_fields = {"slug": ["caption"]}
    inlines = [ComparisonRowInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "is_massage_therapy", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    # Whether a service is massage therapy decides what its receipt says; only the therapist
    # sets it, in the booking admin's receipt classifications.
    readonly_fields = ["is_massage_therapy"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
