import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from governance.models import Expert, IscTerm
from hubs.models import Hub
from members.models import (
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
