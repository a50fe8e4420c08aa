from django.contrib import admin
from django.shortcuts import redirect
from django.utils.html import format_html

from stillwaters.admin_base import AutocompleteGuardMixin, QueryInitialGuardMixin

from .forms import ArticleImageForm, TherapistProfileForm
from .models import (
    Article,
    ArticleImage,
    ComparisonRow,
    ComparisonTable,
    Faq,
    PainArea,
    ReferredPainRow,
    ReferredPainTable,
    Service,
    ServiceArea,
    TherapistProfile,
)


class FaqInline(admin.StackedInline):
    model = Faq
    extra = 0


class ArticleImageInline(admin.StackedInline):
    model = ArticleImage
    form = ArticleImageForm
    extra = 0
    fields = ["image", "alt", "caption", "position"]
    verbose_name = "picture"
    verbose_name_plural = "pictures (shown in order after the article's text)"


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
    inlines = [FaqInline, ArticleImageInline]

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


@admin.register(TherapistProfile)
class TherapistProfileAdmin(admin.ModelAdmin):
    form = TherapistProfileForm
    fieldsets = [
        (
            "Registration",
            {
                "fields": ["full_name", "registration_number"],
                "description": "Shown on the home page, in every page's footer and to search "
                "engines once filled in. Receipts and treatment notes are signed with the name "
                "and number in the booking policy, whose page warns while the two differ.",
            },
        ),
        ("About page", {"fields": ["approach", "training", "photo", "photo_alt"]}),
    ]

    def add_view(self, request, form_url="", extra_context=None):
        # One profile: once it exists, adding opens it. Checked here rather than in
        # has_add_permission, which the sidebar of every admin page asks.
        profile = TherapistProfile.objects.first()
        if profile is not None:
            return redirect("admin:content_therapistprofile_change", profile.pk)
        return super().add_view(request, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # There is no other profile to add.
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        # The site hides whatever is empty, so emptying a field is how to take it down.
        return False

    def changelist_view(self, request, extra_context=None):
        # A list of one row is a needless click: go straight to it, or to adding it.
        profile = TherapistProfile.objects.first()
        if profile is None:
            return redirect("admin:content_therapistprofile_add")
        return redirect("admin:content_therapistprofile_change", profile.pk)
