from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin, with the site that asks staff for a second factor (admin_site.py), and
    staff sessions that end a fixed time after signing in."""

    default_site = "stillwaters.admin_site.StaffAdminSite"

    def ready(self):
        super().ready()
        from django.contrib.auth.signals import user_logged_in

        from . import staff_sessions

        user_logged_in.connect(staff_sessions.note_sign_in, dispatch_uid="staff-sign-in-time")
