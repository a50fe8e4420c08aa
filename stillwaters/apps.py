from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin, with the site that asks staff for a second factor (admin_site.py)."""

    default_site = "stillwaters.admin_site.StaffAdminSite"
