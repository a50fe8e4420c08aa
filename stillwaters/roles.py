"""Staff roles. After every migrate (and every test flush) the groups are created if missing and
their permissions set exactly, so a model added later is covered without a hand-written
migration."""

from django.contrib.auth.models import Group, Permission

EDITOR = "Editor"
THERAPIST = "Therapist"


def role_permissions(role: str):
    if role == EDITOR:
        return Permission.objects.filter(content_type__app_label="content")
    if role == THERAPIST:
        return Permission.objects.filter(
            content_type__app_label="bookings"
        ) | Permission.objects.filter(
            content_type__app_label="content", codename__startswith="view_"
        )
    raise ValueError(f"Unknown role {role!r}")


def sync_role_permissions(**_signal_kwargs) -> None:
    for name in (EDITOR, THERAPIST):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(role_permissions(name))
