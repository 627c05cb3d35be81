"""The decision email: to each official of the city, in their own language."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from members.models import Membership, Official
from members.services import applications, memberships
from tests import factories

pytestmark = pytest.mark.django_db

SUBJECT = "%(city)s: your membership of the Strong Cities Network is now “%(status)s”"


def expected_subject(language: str, city: str, status: str) -> str:
    with translation.override(language):
        return gettext(SUBJECT) % {"city": city, "status": Membership.Status(status).label}


@pytest.fixture
def application(rabat):
    rabat.name_fr = "Rabat (fr)"
    rabat.save()
    return factories.make_application(rabat)


@pytest.fixture
def french_official(rabat):
    return factories.make_official(rabat, email="maire@rabat.example.org", language="fr")


def decide(django_capture_on_commit_callbacks, service, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return service(**kwargs)


def test_a_french_official_is_told_of_the_approval_in_french(
    application, french_official, mu_staff, django_capture_on_commit_callbacks
):
    decide(
        django_capture_on_commit_callbacks,
        applications.approve_membership,
        membership=application,
        actor=mu_staff,
    )

    [message] = mail.outbox
    assert message.to == [french_official.email]
    assert message.subject == expected_subject("fr", "Rabat (fr)", Membership.Status.MEMBER)
    with translation.override("fr"):
        assert str(Membership.Status.MEMBER.label) in message.body
    with translation.override("fr"):
        link = settings.SITE_URL + reverse(
            "members:city_portal", args=[application.local_government.code]
        )
    assert link.startswith(f"{settings.SITE_URL}/fr/")
    assert link in message.body
    html = message.alternatives[0][0]
    assert 'lang="fr"' in html and link in html


def test_an_unsupported_language_falls_back_to_english(
    application, mu_staff, django_capture_on_commit_callbacks
):
    user = factories.make_official(application.local_government, email="o@rabat.example.org")
    type(user).objects.filter(pk=user.pk).update(language="pt")

    decide(
        django_capture_on_commit_callbacks,
        applications.reject_membership,
        membership=application,
        actor=mu_staff,
        reason="The letter is not signed.",
    )

    [message] = mail.outbox
    assert message.subject == expected_subject("en", "Rabat", Membership.Status.REJECTED)
    assert "The letter is not signed." in message.body
    assert f"{settings.SITE_URL}/en/portal/" in message.body


def test_every_active_official_with_an_account_and_the_applicant_are_told_once_each(
    application, french_official, official_of_rabat, mu_staff, django_capture_on_commit_callbacks
):
    applicant = factories.UserFactory(email="applicant@rabat.example.org", language="ar")
    city = application.local_government
    city.name_ar = "الرباط"
    city.save()
    inactive = factories.make_official(application.local_government, email="gone@example.org")
    Official.objects.filter(person__user=inactive).update(is_active=False)
    factories.OfficialFactory(local_government=application.local_government)  # no account
    Membership.objects.filter(pk=application.pk).update(applied_by=applicant)
    application.refresh_from_db()

    decide(
        django_capture_on_commit_callbacks,
        applications.request_more_information,
        membership=application,
        actor=mu_staff,
        reason="Which department leads the work?",
    )

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([french_official.email, official_of_rabat.email, applicant.email])
    arabic = next(m for m in mail.outbox if m.to == [applicant.email])
    assert arabic.subject == expected_subject("ar", "الرباط", Membership.Status.APPLICANT)
    assert 'dir="rtl"' in arabic.alternatives[0][0]
    assert all("Which department leads the work?" in m.body for m in mail.outbox)


def test_the_officials_own_acts_send_nothing(
    official_of_rabat, rabat, django_capture_on_commit_callbacks
):
    Membership.objects.filter(local_government=rabat).update(status=Membership.Status.PROSPECT)
    factories.PrincipleVersionFactory()
    factories.CommitmentFactory(local_government=rabat)

    with django_capture_on_commit_callbacks(execute=True):
        membership = applications.start_application(local_government=rabat, actor=official_of_rabat)
    with django_capture_on_commit_callbacks(execute=True):
        applications.submit_application(membership=membership, actor=official_of_rabat)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.UNDER_REVIEW
    assert mail.outbox == []


def test_an_official_submitting_from_inside_a_territory_is_not_emailed_but_a_staff_move_is(
    official_of_rabat, rabat, mu_staff, django_capture_on_commit_callbacks
):
    factories.DisputedTerritoryFactory(subdivision_codes=["MA-04"])
    membership = factories.make_application(rabat, status="applicant")
    rabat.subdivision = "MA-04"
    rabat.save()

    decide(
        django_capture_on_commit_callbacks,
        applications.submit_application,
        membership=membership,
        actor=official_of_rabat,
    )
    assert mail.outbox == []

    decide(
        django_capture_on_commit_callbacks,
        memberships.transition,
        membership=membership,
        to=Membership.Status.REJECTED,
        actor=mu_staff,
        reason="Inside a listed territory.",
    )
    assert [m.to for m in mail.outbox] == [[official_of_rabat.email]]


def test_a_suspension_by_staff_is_announced(
    official_of_rabat, rabat, mu_staff, django_capture_on_commit_callbacks
):
    decide(
        django_capture_on_commit_callbacks,
        memberships.transition,
        membership=rabat.membership,
        to=Membership.Status.SUSPENDED,
        actor=mu_staff,
        reason="Under investigation.",
    )

    [message] = mail.outbox
    assert message.subject == expected_subject("en", "Rabat", Membership.Status.SUSPENDED)
    assert "Under investigation." in message.body
