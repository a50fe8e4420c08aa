"""Staff roles. After every migrate (and every test flush) the groups are created if missing and
their permissions set exactly, so a model added later is covered without a hand-written
migration."""

from django.contrib.auth.models import Group, Permission

EDITOR = "Editor"
THERAPIST = "Therapist"
# Health records and the log of who read them are written by the app's own rules only: no role
# may add, change or delete them directly (the admin refuses too, and PostgreSQL triggers).
RECORDS_NO_ROLE_CHANGES = [
    f"{action}_{model}"
    for model in ("auditentry", "healthintake", "noteamendment")
    for action in ("add", "change", "delete")
] + ["delete_treatmentnote", "delete_treatmentconsent", "delete_chartmark"]


def role_permissions(role: str):
    if role == EDITOR:
        return Permission.objects.filter(content_type__app_label="content")
    if role == THERAPIST:
        return (
            Permission.objects.filter(content_type__app_label="bookings").exclude(
                codename__in=RECORDS_NO_ROLE_CHANGES
            )
            | Permission.objects.filter(
                content_type__app_label="content", codename__startswith="view_"
            )
            | Permission.objects.filter(
                # His own registration and About page are his to keep up, as well as the editors'.
                content_type__app_label="content",
                codename__in=["add_therapistprofile", "change_therapistprofile"],
            )
        )
    raise ValueError(f"Unknown role {role!r}")


def sync_role_permissions(**_signal_kwargs) -> None:
    for name in (EDITOR, THERAPIST):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(role_permissions(name))
