"""Pictures editors add to an article: uploaded in the article's admin page, resized there, and
shown after the article's text as figures with their size, description and caption."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from content.models import ArticleImage
from tests.content.test_images import camera_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _article_form(article, **picture) -> dict:
    """The article's change form as the admin sends it, with one new picture."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "position": article.position,
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-0-article": article.pk,
        "images-0-position": "0",
        "images-0-caption": "",
        "images-0-alt": "",
        "faqs-TOTAL_FORMS": "0",
        "faqs-INITIAL_FORMS": "0",
    }
    data.update({f"images-0-{name}": value for name, value in picture.items()})
    return data


def _photo():
    return SimpleUploadedFile("self-care.jpg", camera_jpeg(), content_type="image/jpeg")


def test_an_editor_adds_a_picture_resized_to_the_page(admin_client, article):
    response = admin_client.post(
        f"/admin/content/article/{article.pk}/change/",
        _article_form(article, image=_photo(), alt="A tennis ball against a wall", caption="Hi"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    picture = ArticleImage.objects.get(article=article)
    assert picture.image.name.startswith("articles/") and picture.image.name.endswith(".webp")
    # Stored 3000 × 2000 sideways: upright it is 2000 × 3000, at most 1200 wide.
    assert (picture.width, picture.height) == (1200, 1800)


def test_a_picture_without_a_description_is_refused_with_a_message(admin_client, article):
    response = admin_client.post(
        f"/admin/content/article/{article.pk}/change/", _article_form(article, image=_photo())
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_a_text_file_as_a_picture_is_refused_with_a_message(admin_client, article):
    fake = SimpleUploadedFile("ball.png", b"not a picture", content_type="image/png")
    response = admin_client.post(
        f"/admin/content/article/{article.pk}/change/",
        _article_form(article, image=fake, alt="A ball"),
    )
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_pictures_show_in_order_after_the_text_as_lazy_figures(client, article):
    second = ArticleImage.objects.create(
        article=article, image=_photo(), alt="Second picture", position=2
    )
    ArticleImage.objects.create(
        article=article, image=_photo(), alt="First picture", caption="Lean gently.", position=1
    )
    html = client.get(article.get_absolute_url()).content.decode()
    figures = re.findall(r"<figure.*?</figure>", html, re.S)
    assert len(figures) == 2
    assert 'alt="First picture"' in figures[0] and 'alt="Second picture"' in figures[1]
    assert '<figcaption class="figure-caption">Lean gently.</figcaption>' in figures[0]
    assert "<figcaption" not in figures[1]
    image = re.search(r"<img [^>]*>", figures[1]).group(0)
    assert f'width="{second.width}" height="{second.height}"' in image
    assert 'loading="lazy"' in image and 'decoding="async"' in image
    assert html.index("The end.") < html.index("<figure")


def test_an_article_without_pictures_has_no_figure(client, article):
    assert "<figure" not in client.get(article.get_absolute_url()).content.decode()
