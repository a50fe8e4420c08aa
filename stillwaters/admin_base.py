"""Admin building blocks every app uses."""


class ReadOnlyAdminMixin:
    """For records written only by the app's own rules (health records, receipts, reminders, the
    access log): admin shows them and never adds, changes or deletes one, superusers included.
    Works for ModelAdmin and inlines alike."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
