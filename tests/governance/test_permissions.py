"""Every named governance permission, asked as the persona who has it and as those who
do not. The rules are asked as the portal asks them, through ``rules.has_perm``: a
superuser is Management Unit staff there, but never an ISC member or an expert."""

import datetime

import pytest
import rules
from django.utils import timezone

from governance.models import Minutes
from governance.selectors.minutes import minutes_visible_to
from tests import factories

PERSONAS = [
    "anonymous",
    "official_of_rabat",
    "official_of_other_city",
    "hub_staff_mena",
    "isc_member",
    "expert",
    "mu_staff",
    "superuser",
]
STAFF = {"mu_staff", "superuser"}


def who_may(request, permission: str, obj=None, *, own: bool = False) -> set[str]:
    """The personas that have ``permission`` on ``obj`` (on their own account if ``own``)."""
    allowed = set()
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        target = user if own else obj
        if rules.has_perm(permission, user, target):
            allowed.add(persona)
    return allowed


def minutes_in(status: str, *, deadline_in_days: int = 7) -> Minutes:
    minutes = factories.make_minutes(items=1, status=status)
    if status == Minutes.Status.CIRCULATED:
        minutes.review_deadline = timezone.now() + datetime.timedelta(days=deadline_in_days)
        minutes.save()
    return minutes


def test_only_management_unit_staff_see_the_composition_search_experts_and_record_engagements(
    request, db
):
    for permission in (
        "governance.view_composition",
        "governance.search_experts",
        "governance.record_engagement",
    ):
        assert who_may(request, permission) == STAFF, permission


def test_isc_members_and_staff_read_meetings_and_their_papers(request, db):
    assert who_may(request, "governance.read_isc_papers") == {"isc_member", *STAFF}


def test_a_reader_replaces_their_own_calendar_link_and_staff_anyones(request, isc_member):
    assert who_may(request, "governance.replace_calendar_link", own=True) == {
        "isc_member",
        *STAFF,
    }
    someone_else = factories.make_isc_member(factories.LocalGovernmentFactory())
    assert who_may(request, "governance.replace_calendar_link", someone_else) == STAFF


@pytest.mark.parametrize(
    ("status", "readers"),
    [
        ("published", set(PERSONAS)),
        ("approved", {"isc_member", *STAFF}),
        ("circulated", {"isc_member", *STAFF}),
        ("draft", STAFF),
    ],
)
def test_who_reads_minutes_depends_on_how_far_they_have_come(request, db, status, readers):
    assert who_may(request, "governance.read_minutes", minutes_in(status)) == readers


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_list_of_minutes_answers_as_the_page_of_each_does(request, db, persona):
    user = request.getfixturevalue(persona)
    every = [minutes_in(status) for status in Minutes.Status.values]
    listed = set(minutes_visible_to(user))
    assert listed == {m for m in every if rules.has_perm("governance.read_minutes", user, m)}


@pytest.mark.parametrize(
    "permission", ["governance.comment_on_minutes", "governance.review_minutes"]
)
def test_only_isc_members_review_circulated_minutes_until_the_deadline(request, db, permission):
    assert who_may(request, permission, minutes_in("circulated")) == {"isc_member"}
    assert who_may(request, permission, minutes_in("circulated", deadline_in_days=-1)) == set()
    assert who_may(request, permission, minutes_in("draft")) == set()
    assert who_may(request, permission, minutes_in("approved")) == set()


def test_a_groups_convenors_and_staff_answer_its_requests_to_join(request, db):
    group, other_group = factories.WorkingGroupFactory(), factories.WorkingGroupFactory()
    convenor = factories.make_convenor(group)
    assert who_may(request, "governance.decide_join_request", group) == STAFF
    assert rules.has_perm("governance.decide_join_request", convenor, group)
    assert not rules.has_perm("governance.decide_join_request", convenor, other_group)


def test_the_expert_and_staff_read_a_profile_and_only_the_expert_edits_it(request, expert):
    profile = expert.person.expert
    assert who_may(request, "governance.read_expert_profile", profile) == {"expert", *STAFF}
    assert who_may(request, "governance.edit_expert_profile", profile) == {"expert"}
    another = factories.make_expert().person.expert
    assert not rules.has_perm("governance.edit_expert_profile", expert, another)
