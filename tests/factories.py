import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from governance.models import Expert, IscTerm
from hubs.models import Hub
from members.models import (
    CertificateSettings,
    LocalGovernment,
    Membership,
    Official,
    Person,
    Region,
)
from scn_portal.accounts.models import User
from scn_portal.accounts.roles import MANAGEMENT_UNIT_GROUP

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary address, as after sign-up confirmation; verified=False skips it."""
        if not create:
            return
        self.save()
        if extracted is False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=False)
        else:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())


class LocalGovernmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalGovernment

    name = factory.Sequence(lambda n: f"City {n}")
    country = "NL"
    kind = LocalGovernment.Kind.CITY
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    local_government = factory.SubFactory(LocalGovernmentFactory)
    status = Membership.Status.MEMBER
    joined_on = datetime.date(2020, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    person = factory.SubFactory(PersonFactory)
    local_government = factory.SubFactory(LocalGovernmentFactory)
    role = Official.Role.FOCAL_POINT


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"hub-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())
    status = Hub.Status.ACTIVE


class IscTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IscTerm

    person = factory.SubFactory(PersonFactory)
    local_government = factory.SubFactory(LocalGovernmentFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=730))


def make_mu_staff(**kwargs) -> User:
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get_or_create(name=MANAGEMENT_UNIT_GROUP)[0])
    return user


def make_hub_staff(hub: Hub, **kwargs) -> User:
    from hubs.services import assign_hub_staff

    user = UserFactory(**kwargs)
    assign_hub_staff(hub=hub, user=user)
    return user


def make_official(local_government: LocalGovernment, **kwargs) -> User:
    user = UserFactory(**kwargs)
    person = PersonFactory(user=user, full_name=user.full_name, email=user.email)
    OfficialFactory(person=person, local_government=local_government)
    return user


def make_isc_member(local_government: LocalGovernment, **kwargs) -> User:
    user = UserFactory(**kwargs)
    person = PersonFactory(user=user, full_name=user.full_name, email=user.email)
    IscTermFactory(person=person, local_government=local_government)
    return user


def make_expert(**kwargs) -> User:
    user = UserFactory(**kwargs)
    person = PersonFactory(user=user, full_name=user.full_name, email=user.email)
    Expert.objects.create(person=person, profile=Expert.Profile.PRACTITIONER)
    return user


# --- Membership check and decisions (members admin) -----------------------------------


class PrincipleVersionFactory(factory.django.DjangoModelFactory):
    """A version with its six principles."""

    class Meta:
        model = "members.PrincipleVersion"
        django_get_or_create = ("label",)
        skip_postgeneration_save = True  # the hook creates related rows; nothing to re-save

    label = "2023"
    effective_on = datetime.date(2023, 1, 1)

    @factory.post_generation
    def principles(self, create, extracted, **kwargs):
        if not create or self.principles.exists():
            return
        from members.models import GuidingPrinciple

        for number in range(1, (extracted or 6) + 1):
            GuidingPrinciple.objects.create(
                version=self, number=number, text_en=f"Principle {number}"
            )


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A mayor's commitment to every principle of the version."""

    class Meta:
        model = "members.Commitment"
        skip_postgeneration_save = True

    local_government = factory.SubFactory(LocalGovernmentFactory)
    version = factory.SubFactory(PrincipleVersionFactory)
    signatory_name = factory.LazyAttribute(lambda o: f"Mayor of {o.local_government.name}")
    signatory_title = "Mayor"
    signatory_role = "mayor"
    signed_on = datetime.date(2024, 1, 15)

    @factory.post_generation
    def agreed(self, create, extracted, **kwargs):
        if create:
            self.principles.set(self.version.principles.all())


class DisputedTerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.DisputedTerritory"

    name = factory.Sequence(lambda n: f"Example territory {n}")
    countries = factory.LazyFunction(lambda: ["MA"])
    subdivision_codes = factory.LazyFunction(list)
    boundary = None
    reference = "Test listing"


def square(west: float, south: float, east: float, north: float) -> dict:
    """A GeoJSON polygon (longitude, latitude) for a territory's boundary."""
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_application(local_government=None, *, status="under_review", **kwargs):
    """An application with a commitment to the current principles, ready for a decision."""
    local_government = local_government or LocalGovernmentFactory()
    membership, _ = Membership.objects.update_or_create(
        local_government=local_government,
        defaults={
            "status": status,
            "joined_on": None,
            "submitted_at": timezone.now() - datetime.timedelta(days=3),
            **kwargs,
        },
    )
    CommitmentFactory(local_government=local_government)
    return membership


# The signatory staff set for membership certificates (an invented person).
SIGNATORY = {
    "signatory_name_en": "Sara Lindqvist",
    "signatory_name_ar": "سارة ليندكفيست",
    "signatory_title_en": "Executive Director",
    "signatory_title_ar": "المديرة التنفيذية",
}


def make_certificate_settings(**fields) -> CertificateSettings:
    """The one certificate settings row, with ``fields`` (the demo signatory by default)."""
    row, _ = CertificateSettings.objects.update_or_create(
        pk=CertificateSettings.SINGLETON_PK, defaults={**SIGNATORY, **fields}
    )
    return row


class ActingClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.ActingClaim"

    user = factory.SubFactory(UserFactory)
    local_government = factory.SubFactory(LocalGovernmentFactory)
    role = Official.Role.FOCAL_POINT
    position = "Head of community cohesion"


# --- Working groups and the pool of experts (governance) ------------------------------


class StrategicPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.StrategicPriority"
        django_get_or_create = ("code",)

    number = factory.Sequence(lambda n: 100 + n)
    code = factory.Sequence(lambda n: f"priority-{n}")
    title = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.WorkingGroup"

    topic = factory.Sequence(lambda n: f"Working group {n}")
    description = "Peer learning on a topic of shared interest."
    status = "active"


def make_convenor(group, **kwargs) -> User:
    """A signed-in person who convenes ``group`` (and acts for no city)."""
    user = UserFactory(**kwargs)
    person = PersonFactory(user=user, full_name=user.full_name, email=user.email)
    group.convenors.add(person)
    return user


# --- ISC meetings and minutes (governance) ---------------------------------------------


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting in 30 days at 10:00 in Rabat (store ``starts_at`` in UTC)."""

    class Meta:
        model = "governance.Meeting"

    title = factory.Sequence(lambda n: f"ISC meeting {n}")
    time_zone = "Africa/Casablanca"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=30)).replace(
            minute=0, second=0, microsecond=0
        )
    )
    format = "hybrid"
    place = "Rabat City Hall"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


def make_minutes(meeting=None, *, items: int = 2, status: str = "draft", **texts):
    """Minutes with one written item per agenda item (English, plus ``text_ar=`` etc.)."""
    from governance.models import Minutes, MinutesItem

    meeting = meeting or MeetingFactory()
    minutes = Minutes.objects.create(meeting=meeting, status=status)
    for number in range(1, items + 1):
        agenda_item = AgendaItemFactory(meeting=meeting, order=number)
        MinutesItem.objects.create(
            minutes=minutes,
            agenda_item=agenda_item,
            text_en=texts.get("text_en", f"The committee discussed item {number}."),
            **{k: v for k, v in texts.items() if k != "text_en"},
        )
    return minutes


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# --- Partners, donors and contributions (funding) --------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Organisation"
        django_get_or_create = ("name", "kind")

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "national_government"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "funding.Partner"
        django_get_or_create = ("organisation",)

    organisation = factory.SubFactory(OrganisationFactory)
    link = "https://partner.example.org/"


class DonorFactory(factory.django.DjangoModelFactory):
    """A donor named in public unless ``naming`` says otherwise ("category", "anonymous")."""

    class Meta:
        model = "funding.Donor"
        django_get_or_create = ("organisation",)

    organisation = factory.SubFactory(OrganisationFactory)
    naming = "named"


def make_rate(currency: str, usd_per_unit, on=datetime.date(2024, 1, 1)):
    """The rate of ``currency`` to US dollars on ``on`` (a string or Decimal rate)."""
    from decimal import Decimal

    from funding.models import ExchangeRate

    rate, _created = ExchangeRate.objects.update_or_create(
        currency=currency, on=on, defaults={"usd_per_unit": Decimal(str(usd_per_unit))}
    )
    return rate


def make_contribution(
    donor=None,
    *,
    amount="1000.00",
    currency="USD",
    year=2024,
    pledged_on=datetime.date(2024, 2, 1),
    kind="financial",
    **fields,
):
    """A contribution recorded through the service (a rate for ``currency`` on or before
    ``pledged_on`` must exist unless it is USD)."""
    from funding.services.contributions import record_contribution

    if kind == "in_kind":
        fields.setdefault("in_kind_type", "venue")
    return record_contribution(
        donor=donor or DonorFactory(),
        kind=kind,
        year=year,
        amount=amount,
        currency=currency,
        pledged_on=pledged_on,
        actor=None,
        **fields,
    )


# --- Resources ---------------------------------------------------------------------------


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources.Resource"

    title = factory.Sequence(lambda n: f"Resource {n}")
    summary = "A resource of the network."
    kind = "toolkit"
    visibility = "public"
    status = "published"
    published_on = factory.LazyFunction(timezone.localdate)


def make_resource(**kwargs):
    """A resource with its search vectors computed (as every service leaves it)."""
    from resources.services.search import refresh_search_vectors

    resource = ResourceFactory(**kwargs)
    refresh_search_vectors(resources=[resource])
    return resource


# --- Activities (hubs) -------------------------------------------------------------------


class ActivityFactory(factory.django.DjangoModelFactory):
    """A public regional workshop in 30 days, 10:00–17:00 UTC, open for registration."""

    class Meta:
        model = "hubs.Activity"

    kind = "regional_workshop"
    title = factory.Sequence(lambda n: f"Regional workshop {n}")
    time_zone = "Africa/Casablanca"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=30)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=7))
    place = "Rabat"
    status = "open"
    visibility = "public"
    capacity = 20


def make_registration(activity, user, **kwargs):
    """``user`` registers for ``activity`` as in the portal (a seat, or the wait-list)."""
    from hubs.services.activities import register_for_activity

    return register_for_activity(activity=activity, user=user, actor=user, **kwargs)


# --- Technical Support Fund ------------------------------------------------------------


def make_fund_round(
    *, envelope="100000.00", criteria=(("Alignment", 2), ("Feasibility", 1)), **kwargs
):
    """An open round (a month either side of today) with a two-criterion rubric."""
    from decimal import Decimal

    from funding.models import FundRound, RubricCriterion

    today = timezone.localdate()
    values = {
        "title": "Round 2026",
        "opens_on": today - datetime.timedelta(days=30),
        "closes_on": today + datetime.timedelta(days=30),
        "envelope_usd": Decimal(envelope),
        **kwargs,
    }
    fund_round = FundRound.objects.create(**values)
    for order, (title, weight) in enumerate(criteria):
        RubricCriterion.objects.create(round=fund_round, title=title, weight=weight, order=order)
    return fund_round


def make_fund_application(local_government, fund_round=None, *, status="draft", **kwargs):
    """A complete application of ``local_government`` in ``status`` (set directly)."""
    from decimal import Decimal

    from funding.models import FundApplication, SupportKind
    from members.models import StrategicPriority

    fund_round = fund_round or make_fund_round()
    today = timezone.localdate()
    values = {
        "title": "Youth engagement training",
        "need": "Our youth council needs facilitators trained in dialogue.",
        "support_kind": SupportKind.objects.get_or_create(
            code="tailored-training", defaults={"name": "Tailored training"}
        )[0],
        "starts_on": today + datetime.timedelta(days=60),
        "ends_on": today + datetime.timedelta(days=150),
        "timeline": "Design in two months, three workshops after.",
        "requested_usd": Decimal("20000.00"),
        **kwargs,
    }
    application = FundApplication.objects.create(
        round=fund_round, local_government=local_government, status=status, **values
    )
    priority, _created = StrategicPriority.objects.get_or_create(
        code="city-youth", defaults={"title": "City–youth engagement", "number": 4}
    )
    application.priorities.add(priority)
    return application
