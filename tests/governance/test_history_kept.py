"""What is history in governance has no Delete button: terms end, minutes ISC members have
read stay, a meeting that took place stays, groups close, members leave, experts leave
the pool, engagements stay. What is not history yet may still go."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import ExpertEngagement, Minutes, WorkingGroupMembership
from tests import factories

pytestmark = pytest.mark.django_db


def admin_url(obj, kind: str) -> str:
    return reverse(f"admin:governance_{obj._meta.model_name}_{kind}", args=[obj.pk])


def may_delete(client, obj) -> bool:
    page = client.get(admin_url(obj, "change")).content.decode()
    return (
        admin_url(obj, "delete") in page and client.get(admin_url(obj, "delete")).status_code == 200
    )


def test_a_meeting_that_took_place_stays_and_one_to_come_may_be_called_off(client_as):
    staff = client_as("mu_staff")
    held = factories.MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=1))
    coming = factories.MeetingFactory()

    assert not may_delete(staff, held)
    assert may_delete(staff, coming)
    listing = staff.get(reverse("admin:governance_meeting_changelist")).content.decode()
    assert 'value="delete_selected"' not in listing


@pytest.mark.parametrize(
    ("status", "deletable"),
    [("draft", True), ("circulated", False), ("approved", False), ("published", False)],
)
def test_only_minutes_never_circulated_may_be_deleted(client_as, status, deletable):
    minutes = factories.make_minutes(items=1, status=status)
    assert may_delete(client_as("mu_staff"), minutes) is deletable
    assert Minutes.objects.filter(pk=minutes.pk).exists()


def test_groups_their_members_experts_and_engagements_are_never_deleted(client_as, expert):
    staff = client_as("mu_staff")
    group = factories.WorkingGroupFactory()
    member = WorkingGroupMembership.objects.create(group=group, person=factories.PersonFactory())
    the_expert = expert.person.expert
    ExpertEngagement.objects.create(
        expert=the_expert,
        kind=ExpertEngagement.Kind.ADVICE,
        engaged_for=ExpertEngagement.For.ISC,
        starts_on=datetime.date(2026, 3, 2),
    )

    for record in (group, member, the_expert):
        assert not may_delete(staff, record)
    assert "memberships-0-DELETE" not in staff.get(admin_url(group, "change")).content.decode()
    page = staff.get(admin_url(the_expert, "change")).content.decode()
    assert "engagements-0-DELETE" not in page
