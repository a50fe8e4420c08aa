"""Admin building blocks every app uses."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator

from . import clock


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


class DateHierarchyGuardMixin:
    """Refuse with 400 a date drill-down outside the days the practice handles.

    Django's date hierarchy computes the day after the one asked for, which overflows at year
    9999 and turns a hand-edited URL into a server error.
    """

    def changelist_view(self, request, extra_context=None):
        field = getattr(self, "date_hierarchy", None)
        year = request.GET.get(f"{field}__year") if field else None
        if year is not None:
            try:
                in_range = clock.FIRST_DAY.year <= int(year) <= clock.LAST_DAY.year
            except ValueError:
                in_range = False
            if not in_range:
                raise BadRequest(
                    f"Choose a year from {clock.FIRST_DAY.year} to {clock.LAST_DAY.year}."
                )
        return super().changelist_view(request, extra_context)


class StaffLoginForm(AdminAuthenticationForm):
    """The admin login, refusing a username longer than any account's before it is checked.

    Django's form only tells the browser the limit; a longer name went on to the login-attempt
    log, whose column it overflows.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
        field.error_messages["max_length"] = (
            "No username is that long: at most %(limit_value)d characters."
        )


class QueryInitialGuardMixin:
    """Admin add pages take initial values from the query string (?requested_at=…). One the
    field cannot read reached the date-and-time widget as text and failed there with a server
    error; each is read as the field reads it, and one it cannot read is left out."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_many or field.is_relation:
                continue
            try:
                initial[name] = field.to_python(value)
            except ValidationError:
                del initial[name]
        return initial


class _SubmittedIdsOnly:
    """For Django's autocomplete widgets: a form sent back with its errors looks the submitted
    choice up by id to show it again, and a value that is no id made that query fail with a
    server error instead of the field's own "Select a valid choice". Ours are integer ids."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if str(v).isdigit()], attr)


class IdAutocompleteSelect(_SubmittedIdsOnly, AutocompleteSelect):
    pass


class IdAutocompleteSelectMultiple(_SubmittedIdsOnly, AutocompleteSelectMultiple):
    pass


class AutocompleteGuardMixin:
    """ModelAdmin mixin: its `autocomplete_fields` use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = IdAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = IdAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
