"""The membership state machine: only allowed moves happen, and each is recorded."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from members.errors import MembershipError
from members.models import Membership, MembershipTerms, MembershipTransition
from members.services import applications, memberships
from tests import factories

S = Membership.Status
ALLOWED = sorted((src, dst) for src, targets in Membership.TRANSITIONS.items() for dst in targets)
REFUSED = [
    (S.PROSPECT, S.MEMBER),
    (S.APPLICANT, S.MEMBER),
    (S.MEMBER, S.REJECTED),
    (S.REJECTED, S.MEMBER),
    (S.WITHDRAWN, S.MEMBER),
    (S.INELIGIBLE, S.MEMBER),
    (S.MEMBER, S.APPLICANT),
    (S.UNDER_REVIEW, S.PROSPECT),
]

pytestmark = pytest.mark.django_db


def membership_in(status: str) -> Membership:
    return factories.MembershipFactory(status=status, joined_on=None)


@pytest.mark.parametrize(("source", "target"), ALLOWED, ids=lambda s: str(s))
def test_every_allowed_transition_happens_and_records_who_when_and_why(source, target, mu_staff):
    membership = membership_in(source)
    before = timezone.now()

    record = memberships.transition(membership=membership, to=target, actor=mu_staff, reason="why")

    membership.refresh_from_db()
    assert membership.status == target
    assert (record.from_status, record.to_status) == (source, target)
    assert record.actor == mu_staff and record.reason == "why"
    assert record.at >= before and membership.status_changed_at >= before
    assert list(membership.transitions.all()) == [record]


@pytest.mark.parametrize(("source", "target"), REFUSED, ids=lambda s: str(s))
def test_a_refused_transition_raises_and_changes_nothing(source, target, mu_staff):
    membership = membership_in(source)

    with pytest.raises(MembershipError) as refused:
        memberships.transition(membership=membership, to=target, actor=mu_staff)

    assert refused.value.code == "transition_refused"
    membership.refresh_from_db()
    assert membership.status == source
    assert not MembershipTransition.objects.exists()


def test_the_first_approval_sets_the_joined_date_and_the_current_terms(mu_staff):
    terms = MembershipTerms.objects.create(
        label="2023", effective_on=timezone.localdate(), text_en="Terms"
    )
    membership = factories.make_application()

    applications.approve_membership(membership=membership, actor=mu_staff)

    membership.refresh_from_db()
    assert membership.status == S.MEMBER
    assert membership.joined_on == timezone.localdate()
    assert membership.terms == terms


def test_only_an_application_under_review_can_be_approved(mu_staff):
    membership = factories.make_application(status=S.APPLICANT)

    with pytest.raises(MembershipError):
        applications.approve_membership(membership=membership, actor=mu_staff)

    membership.refresh_from_db()
    assert membership.status == S.APPLICANT


def test_an_application_without_a_commitment_to_the_current_principles_cannot_be_approved(
    mu_staff,
):
    factories.PrincipleVersionFactory()
    membership = factories.MembershipFactory(status=S.UNDER_REVIEW, joined_on=None)

    with pytest.raises(MembershipError) as refused:
        applications.approve_membership(membership=membership, actor=mu_staff)

    assert refused.value.code == "commitment_missing"
    membership.refresh_from_db()
    assert membership.status == S.UNDER_REVIEW


@pytest.mark.parametrize(
    "service", [applications.reject_membership, applications.request_more_information]
)
def test_rejecting_or_sending_back_needs_a_reason(service, mu_staff):
    membership = factories.make_application()

    with pytest.raises(MembershipError) as refused:
        service(membership=membership, actor=mu_staff, reason="   ")

    assert refused.value.code == "reason_required"
    membership.refresh_from_db()
    assert membership.status == S.UNDER_REVIEW


def test_asking_for_more_information_sends_the_application_back_with_the_reason(mu_staff):
    membership = factories.make_application()

    record = applications.request_more_information(
        membership=membership, actor=mu_staff, reason="Add the signed letter."
    )

    membership.refresh_from_db()
    assert membership.status == S.APPLICANT
    assert (record.reason, record.actor) == ("Add the signed letter.", mu_staff)


def test_a_second_application_is_refused_while_one_is_open(official_of_rabat, rabat):
    Membership.objects.filter(local_government=rabat).update(status=S.UNDER_REVIEW)

    with pytest.raises(MembershipError) as refused:
        applications.start_application(local_government=rabat, actor=official_of_rabat)

    assert refused.value.code == "application_open"


@pytest.mark.django_db(transaction=True)
def test_two_staff_approving_at_the_same_moment_make_one_transition(mu_staff):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole file)")
    membership = factories.make_application()
    barrier = threading.Barrier(2)
    outcomes = []

    def approve():
        try:
            barrier.wait()
            applications.approve_membership(
                membership=Membership.objects.get(pk=membership.pk), actor=mu_staff
            )
            outcomes.append("approved")
        except MembershipError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved", "refused"]
    assert (
        MembershipTransition.objects.filter(membership=membership, to_status=S.MEMBER).count() == 1
    )
