"""The practice admin: password first, then, for staff who need one (two_factor.py), a code from
the authenticator app or a recovery code before any admin page opens."""

from functools import wraps

from django import forms
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import LogoutView
from django.core.exceptions import BadRequest
from django.db import DataError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from . import staff_sessions, two_factor
from .admin_base import StaffLoginForm


class CodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code",
        max_length=32,
        error_messages={"required": "Type the 6-digit code your authenticator app shows."},
    )

    def __init__(self, request, *args, with_recovery_code=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        field = self.fields["code"]
        if with_recovery_code:
            field.label = "Recovery code"
            field.widget.attrs.update(autocomplete="off", autocapitalize="none", spellcheck="false")
        else:
            # The phone offers its number pad, and can fill in a code it received itself.
            field.widget.attrs.update(
                inputmode="numeric", autocomplete="one-time-code", pattern="[0-9 ]*"
            )
        field.widget.attrs["autofocus"] = True

    def clean_code(self):
        try:
            two_factor.verify(self.request, self.cleaned_data["code"])
        except two_factor.CodeRefused as refusal:
            raise forms.ValidationError(str(refusal), code="refused") from None
        return self.cleaned_data["code"]


class StaffAdminSite(admin.AdminSite):
    site_header = "Stillwaters practice admin"
    site_title = "Stillwaters admin"
    index_title = "Run the practice"
    login_form = StaffLoginForm

    def admin_view(self, view, cacheable=False):
        return super().admin_view(_numbers_in_range(view), cacheable)

    def has_permission(self, request):
        if request.user.is_authenticated and staff_sessions.has_expired(request):
            return False
        return two_factor.has_staff_access(request.user)

    def get_urls(self):
        return [
            path(
                "verify/",
                never_cache(csrf_protect(sensitive_post_parameters("code")(self.verify_view))),
                name="verify",
            ),
            path(
                "verify/sign-out/",
                LogoutView.as_view(next_page=reverse_lazy("admin:login")),
                name="verify_sign_out",
            ),
            *super().get_urls(),
        ]

    def login(self, request, extra_context=None):
        if request.method == "GET" and two_factor.awaits_code(request.user):
            return redirect(_verify_url(request.GET.get(REDIRECT_FIELD_NAME, "")))
        response = super().login(request, extra_context)
        if request.method == "POST" and two_factor.awaits_code(request.user):
            # The password was right; the page it would open now asks for the code first.
            return redirect(_verify_url(response.url))
        return response

    def verify_view(self, request):
        user = request.user
        next_url = _safe_next(request)
        if not user.is_authenticated:
            return redirect(f"{reverse('admin:login')}?{urlencode({'next': next_url})}")
        if not two_factor.awaits_code(user):
            return redirect(next_url)
        with_recovery_code = request.GET.get("with") == "recovery-code"
        form = CodeForm(
            request,
            request.POST if request.method == "POST" else None,
            with_recovery_code=with_recovery_code,
        )
        if form.is_valid():
            return redirect(next_url)
        context = {
            **self.each_context(request),
            "title": "Second sign-in step",
            "subtitle": None,
            "form": form,
            "username": user.get_username(),
            "has_device": two_factor.has_device(user),
            "with_recovery_code": with_recovery_code,
            "next": next_url,
            "switch_url": f"?{urlencode({'next': next_url, 'with': 'recovery-code'})}",
            "back_url": f"?{urlencode({'next': next_url})}",
        }
        return TemplateResponse(request, "admin/verify_code.html", context)


def _verify_url(next_url: str) -> str:
    return f"{reverse('admin:verify')}?{urlencode({'next': next_url})}"


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _numbers_in_range(view):
    """Every admin page: a number in the link past what the database can hold (a list filtered
    by ?note=999…9) made the query fail with a server error; it is a bad request instead."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (OverflowError, DataError) as error:
            raise BadRequest("A number in this link is larger than any record.") from error

    return guarded
