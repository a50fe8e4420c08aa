from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences; also the page's meta description."
    )
    body = models.TextField(
        help_text=(
            "Markdown. Put a table where you want it with a line of its own such as "
            "[[table:common-referred-pain]], using the table's slug."
        )
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers are listed first."
    )

    class Meta:
        ordering = ["position", "-published_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:article", args=[self.slug])

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)


class PainArea(models.Model):
    """A place where a client feels pain, as offered by the "Where does it hurt?" finder, and a
    region of the body chart Taylor marks in a treatment note: one list for both."""

    class ChartView(models.TextChoices):
        FRONT = "front", "Front"
        BACK = "back", "Back"

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    # A name alone cannot go into every sentence: "felt in the temple" but "felt between the
    # shoulder blades", so the place says how it is felt when "in the" does not fit.
    felt = models.CharField(
        "felt where",
        max_length=100,
        blank=True,
        help_text='How a sentence says the pain is felt here, after "felt": for example '
        '"behind the eye" or "between the shoulder blades". Leave blank for "in the" and the '
        "name.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Where the region sits on the body figure, in percent of its width and height. A place
    # without them is still listed with the chart's checkboxes, just not drawn on the figure.
    chart_view = models.CharField(
        "side of the body chart", max_length=5, choices=ChartView.choices, blank=True
    )
    chart_x = models.PositiveSmallIntegerField(
        "across (%)", null=True, blank=True, help_text="0 is the figure's left edge, 100 its right."
    )
    chart_y = models.PositiveSmallIntegerField(
        "down (%)", null=True, blank=True, help_text="0 is the top of the head, 100 the feet."
    )
    # Set by the therapist only (clinical admin): treating it needs the client's written consent
    # at each visit. Ontario's sensitive areas are the chest wall, breast, upper inner thigh and
    # gluteal region.
    is_sensitive = models.BooleanField("sensitive area", default=False)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(chart_x__lte=100, chart_y__lte=100)
                | models.Q(chart_x__isnull=True),
                name="pain_area_chart_in_figure",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def felt_where(self) -> str:
        """Where the pain is felt, as a sentence goes on after "felt"."""
        return self.felt or f"in the {self.name[:1].lower()}{self.name[1:]}"


class ReferredPainTable(models.Model):
    caption = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in [[table:slug]].")
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_pain_tables",
        help_text="The article that explains these muscles; the pain finder links to it.",
    )

    def __str__(self) -> str:
        return self.caption


class ReferredPainRow(models.Model):
    class BodyRegion(models.TextChoices):
        HEAD_NECK = "head-neck", "Head and neck"
        UPPER_BACK_SHOULDER = "upper-back-shoulder", "Upper back and shoulder"
        LOW_BACK_HIP = "low-back-hip", "Low back and hip"
        ARM = "arm", "Arm and hand"
        LEG = "leg", "Leg"

    table = models.ForeignKey(ReferredPainTable, on_delete=models.CASCADE, related_name="rows")
    muscle = models.CharField(max_length=100)
    sensation = models.CharField(max_length=200, help_text="How the pain commonly feels.")
    pain_areas = models.ManyToManyField(
        PainArea, related_name="rows", help_text="Where the pain is felt."
    )
    body_region = models.CharField(max_length=30, choices=BodyRegion.choices)
    # The trigger point on the same figure as the pain areas' chart places, so the finder can
    # draw the muscle's diagram: the point as a dot, where it is felt shaded.
    trigger_point = models.CharField(
        "trigger point is",
        max_length=120,
        blank=True,
        help_text='Where the trigger point is, as a sentence goes on after "the trigger point '
        'is": for example "at the top of the shoulder".',
    )
    trigger_view = models.CharField(
        "trigger point's side of the figure",
        max_length=5,
        choices=PainArea.ChartView.choices,
        blank=True,
    )
    trigger_x = models.PositiveSmallIntegerField(
        "trigger point across (%)",
        null=True,
        blank=True,
        help_text="0 is the figure's left edge, 100 its right.",
    )
    trigger_y = models.PositiveSmallIntegerField(
        "trigger point down (%)",
        null=True,
        blank=True,
        help_text="0 is the top of the head, 100 the feet.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["table", "muscle"], name="referred_pain_muscle_once"),
            models.CheckConstraint(
                condition=models.Q(trigger_x__lte=100, trigger_y__lte=100)
                | models.Q(trigger_x__isnull=True)
                | models.Q(trigger_y__isnull=True),
                name="referred_pain_trigger_in_figure",
            ),
        ]

    def __str__(self) -> str:
        return self.muscle

    def clean(self) -> None:
        placed = [self.trigger_view, self.trigger_x, self.trigger_y]
        if any(value not in ("", None) for value in placed) and any(
            value in ("", None) for value in placed
        ):
            raise ValidationError(
                "Give the trigger point's side of the figure, across and down together, or "
                "leave all three blank to show this muscle without a diagram."
            )

    @property
    def has_diagram(self) -> bool:
        return bool(self.trigger_view) and None not in (self.trigger_x, self.trigger_y)


class ComparisonTable(models.Model):
    caption = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in [[table:slug]].")
    first_heading = models.CharField(max_length=100)
    second_heading = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.caption


class ComparisonRow(models.Model):
    table = models.ForeignKey(ComparisonTable, on_delete=models.CASCADE, related_name="rows")
    characteristic = models.CharField(max_length=100)
    first = models.CharField(max_length=300)
    second = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.characteristic


class Faq(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=200)
    answer = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question


class Service(models.Model):
    """A treatment offered. Lengths and prices are booking options in the bookings app."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300, help_text="Also the page's meta description.")
    description = models.TextField(help_text="Markdown.")
    # Off until the therapist says otherwise, so a service an editor adds is never receipted as
    # massage therapy by mistake.
    is_massage_therapy = models.BooleanField(
        default=False,
        help_text=(
            "Within massage therapy's scope of practice, so its receipts are massage therapy "
            "receipts with the CMTO number. Set by the therapist."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:service", args=[self.slug])


class ServiceArea(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300, help_text="Also the page's meta description.")
    description = models.TextField(help_text="Markdown.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:area", args=[self.slug])


class StarterItem(models.Model):
    """A piece of starter content the loader has put in place, or found already there.

    Once its key is here the loader never touches that item again, so an editor's change or
    deletion stands.
    """

    key = models.CharField(max_length=200, unique=True, help_text="For example article:<slug>.")
    loaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class TherapistProfile(models.Model):
    """Who the RMT is, as Ontario's advertising rules ask the site to say: one row, edited in
    admin. Every part stays off the site until it is filled in."""

    COLLEGE = "College of Massage Therapists of Ontario"

    # Always True and unique, so a second row cannot exist however it is added.
    singleton = models.BooleanField(default=True, editable=False, unique=True)
    full_name = models.CharField(
        "full registered name",
        max_length=120,
        blank=True,
        help_text="Exactly as it appears on the CMTO's public register.",
    )
    registration_number = models.CharField(
        "CMTO registration number",
        max_length=20,
        blank=True,
        help_text="Shown on the home page, the footer and the About page once filled in.",
    )
    approach = models.TextField(
        blank=True,
        help_text="How you work with clients, for the About page. Plain text; blank lines "
        "separate paragraphs.",
    )
    training = models.TextField(
        blank=True,
        help_text="Schooling, registration and courses, for the About page. Plain text; blank "
        "lines separate paragraphs.",
    )
    photo = models.ImageField(
        upload_to="about/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text="A portrait for the About page: JPEG, PNG or WebP. It is resized to 800 pixels "
        "wide and its camera data (including any location) removed.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text="What the photo shows, for people who cannot see it, for example "
        '"Taylor standing beside his folded massage table".',
    )

    class Meta:
        verbose_name = "therapist profile"
        verbose_name_plural = "therapist profile"
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="therapist_profile_one_row"),
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""), name="therapist_photo_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or "Therapist profile"

    def clean(self) -> None:
        if self.photo and not self.photo_alt.strip():
            raise ValidationError(
                {"photo_alt": "Describe the photo in a few words for people who cannot see it."}
            )

    @property
    def membership(self) -> str:
        """The College membership in one sentence, or "" while there is no number to state."""
        if not self.registration_number:
            return ""
        return (
            f"Registered Massage Therapist, member of the {self.COLLEGE}, registration no. "
            f"{self.registration_number}"
        )

    @property
    def is_identified(self) -> bool:
        return bool(self.full_name or self.registration_number)


class ArticleImage(models.Model):
    """A picture an editor adds to an article, shown in order after the article's text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        upload_to="articles/",
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG or WebP. It is resized to 1200 pixels wide and its camera data "
        "(including any location) removed.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt = models.CharField(
        "description",
        max_length=200,
        help_text="What the picture shows or teaches, for people who cannot see it.",
    )
    caption = models.CharField(max_length=300, blank=True, help_text="Shown under the picture.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt=""), name="article_image_has_alt"),
        ]

    def __str__(self) -> str:
        return self.alt
