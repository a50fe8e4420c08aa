"""Editors change content in admin and see it on the site; they never reach booking data."""

import pytest
from django.forms import MultiWidget

from content.models import Faq, ReferredPainRow
from tests.support import login_in_group

pytestmark = pytest.mark.django_db


def test_editor_edits_a_referred_pain_row_and_an_faq_answer_and_sees_them_live(client, article):
    login_in_group(client, "eddie", "Editor")
    row = ReferredPainRow.objects.get(table__article=article, muscle="Test trapezius")
    table = row.table
    article_url = table.article.get_absolute_url()
    client.get(article_url)  # warm the cache, so the test proves saving clears it

    form = client.get(f"/admin/content/referredpaintable/{table.pk}/change/")
    assert form.status_code == 200
    data = _inline_form_data(form.context["adminform"], form.context["inline_admin_formsets"])
    index = next(
        i for i, f in enumerate(form.context["inline_admin_formsets"][0].formset.forms)
        if f.instance.pk == row.pk
    )  # fmt: skip
    data[f"rows-{index}-sensation"] = "Edited by the editor: a vice-like grip"
    response = client.post(f"/admin/content/referredpaintable/{table.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["errors"]

    faq = Faq.objects.filter(article=table.article).first()
    form = client.get(f"/admin/content/article/{faq.article.pk}/change/")
    data = _inline_form_data(form.context["adminform"], form.context["inline_admin_formsets"])
    index = next(
        i for i, f in enumerate(form.context["inline_admin_formsets"][0].formset.forms)
        if f.instance.pk == faq.pk
    )  # fmt: skip
    data[f"faqs-{index}-answer"] = "An answer the editor rewrote."
    response = client.post(f"/admin/content/article/{faq.article.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["errors"]

    html = client.get(article_url).content.decode()
    assert "Edited by the editor: a vice-like grip" in html
    assert "An answer the editor rewrote." in html


@pytest.mark.parametrize(
    "url",
    [
        "/admin/bookings/appointment/",
        "/admin/bookings/client/",
        "/admin/bookings/bookingpolicy/",
        "/admin/bookings/bookingoption/",
    ],
)
def test_editor_is_refused_booking_and_client_data(client, url):
    login_in_group(client, "eddie", "Editor")
    assert client.get(url).status_code == 403


def test_editor_group_holds_exactly_the_content_permissions():
    from django.contrib.auth.models import Group, Permission

    editor = Group.objects.get(name="Editor")
    assert set(editor.permissions.all()) == set(
        Permission.objects.filter(content_type__app_label="content")
    )


def test_editor_sees_service_copy_without_prices(client, option):
    login_in_group(client, "eddie", "Editor")
    html = client.get(f"/admin/content/service/{option.service.pk}/change/").content.decode()
    assert 'name="description"' in html
    assert "options-TOTAL_FORMS" not in html


def _inline_form_data(adminform, inline_formsets) -> dict:
    """The POST data the admin change page would submit unchanged."""
    data = {}
    forms = [adminform.form]
    for inline in inline_formsets:
        formset = inline.formset
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            data.update(_submitted(bound))
    return data


def _submitted(bound) -> dict:
    widget, value = bound.field.widget, bound.value()
    if isinstance(widget, MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        return {
            f"{bound.html_name}_{i}": sub.format_value(part)
            for i, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True))
            if part is not None
        }
    if value is None or value is False:
        return {}
    return {bound.html_name: value}
