"""Test data, built with factory-boy. Each test makes what it needs; nothing comes from the
starter content (tests/content/test_starter_content.py is the one test that loads that)."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from bookings.models import (
    Appointment,
    BookingOption,
    BookingPolicy,
    Client,
    DrivingTime,
    HealthIntake,
    Person,
    PostalPrefix,
    TimeOff,
    WorkingHours,
)
from content.models import (
    Article,
    ComparisonRow,
    ComparisonTable,
    Faq,
    PainArea,
    ReferredPainRow,
    ReferredPainTable,
    Service,
    ServiceArea,
)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test massage {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "A treatment for tests."
    description = "What the treatment is, for tests."
    is_massage_therapy = True


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test area {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "An area for tests."
    description = "Where Taylor visits, for tests."


class BookingOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookingOption

    service = factory.SubFactory(ServiceFactory)
    minutes = 60
    price = Decimal("120.00")


class PostalPrefixFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostalPrefix

    area = factory.SubFactory(ServiceAreaFactory)
    fsa = "L6Y"


class DrivingTimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrivingTime

    from_area = factory.SubFactory(ServiceAreaFactory)
    to_area = factory.SubFactory(ServiceAreaFactory)
    minutes = 30


class WorkingHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingHours

    weekday = WorkingHours.Weekday.MONDAY
    starts = time(9)
    ends = time(18)


class TimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeOff

    starts_at = datetime(2027, 1, 12, 14, tzinfo=UTC)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    reason = ""


class BookingPolicyFactory(factory.django.DjangoModelFactory):
    """The one policy row, with the values the booking tests reason about."""

    class Meta:
        model = BookingPolicy
        django_get_or_create = ("singleton",)

    singleton = True
    minimum_notice_hours = 12
    horizon_days = 60
    slot_step_minutes = 15
    cancellation_window_hours = 24
    same_area_driving_minutes = 15
    default_driving_minutes = 60
    confirm_automatically = True


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Client {n}")
    email = factory.Sequence(lambda n: f"client{n}@example.com")
    phone = "+19055550199"
    # Every client at a door of their own: two visits at one address need no drive between.
    address = factory.Sequence(lambda n: f"{n + 1} Main St N")
    unit = ""
    city = "Brampton"
    postal_code = "L6V 1N6"
    access_notes = ""


class PersonFactory(factory.django.DjangoModelFactory):
    """Someone in a household; by default the account holder of a new account."""

    class Meta:
        model = Person

    account = factory.SubFactory(ClientFactory)
    name = factory.LazyAttribute(lambda o: o.account.name)
    relation = Person.Relation.ACCOUNT_HOLDER


def account_holder(client: Client) -> Person:
    return Person.objects.filter(account=client, relation="self").first() or PersonFactory(
        account=client
    )


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A confirmed visit at the client's address, booked as book_appointment would record it."""

    class Meta:
        model = Appointment

    client = factory.SubFactory(ClientFactory)
    person = factory.LazyAttribute(lambda o: account_holder(o.client))
    option = factory.SubFactory(BookingOptionFactory)
    area = factory.SubFactory(ServiceAreaFactory)
    starts_at = datetime(2027, 1, 12, 15, tzinfo=UTC)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=o.option.minutes))
    price = factory.LazyAttribute(lambda o: o.option.price)
    status = Appointment.Status.CONFIRMED
    contact_name = factory.LazyAttribute(lambda o: o.client.name)
    contact_phone = factory.LazyAttribute(lambda o: o.client.phone)
    address = factory.LazyAttribute(lambda o: o.client.address)
    unit = factory.LazyAttribute(lambda o: o.client.unit)
    city = factory.LazyAttribute(lambda o: o.client.city)
    postal_code = factory.LazyAttribute(lambda o: o.client.postal_code)
    access_notes = factory.LazyAttribute(lambda o: o.client.access_notes)


class HealthIntakeFactory(factory.django.DjangoModelFactory):
    """A verified history (given while signed in), by default of a new account's holder;
    `client=` makes it the account holder's of that account."""

    class Meta:
        model = HealthIntake

    class Params:
        client = None

    person = factory.LazyAttribute(
        lambda o: account_holder(o.client) if o.client is not None else PersonFactory()
    )
    source = HealthIntake.Source.ACCOUNT
    submitted_at = factory.LazyFunction(timezone.now)
    areas_of_concern = "Stiff neck and shoulders."
    emergency_contact_name = "Pat Contact"
    emergency_contact_phone = "+19055550100"
    consent_to_treatment = True
    consent_to_privacy = True


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Test article {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "What this article explains, for tests."
    body = "## A heading\n\nA paragraph.\n"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    article = factory.SubFactory(ArticleFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer."


class PainAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PainArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ReferredPainTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferredPainTable
        django_get_or_create = ("slug",)

    caption = factory.Sequence(lambda n: f"Referred pain {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.caption))
    article = factory.SubFactory(ArticleFactory)


class ReferredPainRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferredPainRow
        skip_postgeneration_save = True

    table = factory.SubFactory(ReferredPainTableFactory)
    muscle = factory.Sequence(lambda n: f"Muscle {n}")
    sensation = "A deep ache."
    body_region = ReferredPainRow.BodyRegion.HEAD_NECK

    @factory.post_generation
    def pain_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.pain_areas.set(extracted)


class ComparisonTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComparisonTable
        django_get_or_create = ("slug",)

    caption = factory.Sequence(lambda n: f"Comparison {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.caption))
    first_heading = "Trigger point"
    second_heading = "Soreness"


class ComparisonRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComparisonRow

    table = factory.SubFactory(ComparisonTableFactory)
    characteristic = factory.Sequence(lambda n: f"Trait {n}")
    first = "One way."
    second = "Another way."
