"""A personal calendar feed address can be replaced: by its owner on the meetings page, or
by Management Unit staff from the admin when it has leaked. Every earlier address then
answers 404, at once; nobody else's address changes."""

import datetime
import logging

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance import ics
from governance.models import CalendarFeedKey
from scn_portal.audit.models import AuditEntry
from tests import factories

REPLACE = "governance:replace_calendar_link"


@pytest.fixture
def meeting(db):
    return factories.MeetingFactory(title_en="Autumn meeting")


@pytest.fixture
def isc_member_of_oslo(oslo):
    """Another seat holder, whose address must not move when The Hague's mayor replaces theirs."""
    return factories.make_isc_member(oslo, email="mayor@oslo.example.org")


def feed_path(user) -> str:
    return reverse("governance:meeting_feed", kwargs={"token": ics.feed_token(user)})


def answer(client, path: str) -> int:
    return client.get(path).status_code


def test_a_members_current_link_serves_the_feed(client, meeting, isc_member):
    response = client.get(feed_path(isc_member))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Autumn meeting" in response.content.decode()


def test_after_replacing_it_the_old_link_is_404_and_the_page_shows_a_new_one_that_works(
    client, client_as, meeting, isc_member
):
    member = client_as("isc_member")
    # Before its first replacement the address carries the second it was made in.
    with time_machine.travel(timezone.now(), tick=False):
        old = feed_path(isc_member)
        assert old in member.get(reverse("governance:meeting_list")).content.decode()

    response = member.post(reverse(REPLACE), follow=True)

    new = feed_path(isc_member)
    assert new != old
    page = response.content.decode()
    assert new in page and old not in page
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Your calendar link has been replaced")
    assert answer(client, old) == 404
    assert answer(client, new) == 200


def test_a_replaced_link_is_the_same_address_on_every_visit(client_as, isc_member):
    """So a member can tell the address on the page from one they subscribed to earlier."""
    member = client_as("isc_member")
    member.post(reverse(REPLACE))
    shown = feed_path(isc_member)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        assert shown in member.get(reverse("governance:meeting_list")).content.decode()


def test_replacing_twice_ends_the_first_replacement_too(client, client_as, meeting, isc_member):
    member = client_as("isc_member")
    member.post(reverse(REPLACE))
    second = feed_path(isc_member)
    member.post(reverse(REPLACE))
    assert answer(client, second) == 404
    assert answer(client, feed_path(isc_member)) == 200


def test_a_link_from_before_links_could_be_replaced_works_until_the_first_replacement(
    client, client_as, meeting, isc_member
):
    """Addresses given out before keys existed (the id alone, signed) keep their calendar
    subscriptions working; the first replacement ends them like any other."""
    legacy = signing.dumps(isc_member.pk, salt=ics.FEED_SALT, compress=True)
    path = reverse("governance:meeting_feed", kwargs={"token": legacy})
    assert answer(client, path) == 200

    client_as("isc_member").post(reverse(REPLACE))

    assert answer(client, path) == 404


def test_another_members_replacement_leaves_this_members_link_working(
    client, meeting, isc_member, isc_member_of_oslo
):
    mine = feed_path(isc_member)
    theirs = feed_path(isc_member_of_oslo)
    oslo_client = Client()
    oslo_client.force_login(isc_member_of_oslo)

    oslo_client.post(reverse(REPLACE))

    assert answer(client, theirs) == 404
    assert answer(client, mine) == 200


def test_a_get_to_the_replace_address_changes_nothing(client, client_as, meeting, isc_member):
    old = feed_path(isc_member)

    assert client_as("isc_member").get(reverse(REPLACE)).status_code == 405

    assert not CalendarFeedKey.objects.exists()
    assert answer(client, old) == 200


@pytest.mark.parametrize("persona", ["official_of_rabat", "expert"])
def test_an_official_or_an_expert_cannot_replace_a_link(
    client, client_as, persona, isc_member, caplog
):
    member_link = feed_path(isc_member)
    caplog.set_level(logging.INFO, logger="scn_portal.security")

    assert client_as(persona).post(reverse(REPLACE)).status_code == 404

    assert any(
        "authorisation refused" in r.getMessage() and "replace_calendar_link" in r.getMessage()
        for r in caplog.records
    )
    assert not CalendarFeedKey.objects.exists()
    assert answer(client, member_link) == 200


def test_staff_replace_their_own_link(client, client_as, meeting, mu_staff):
    old = feed_path(mu_staff)
    client_as("mu_staff").post(reverse(REPLACE))
    assert answer(client, old) == 404
    assert answer(client, feed_path(mu_staff)) == 200


def test_staff_revoke_a_members_link_from_the_admin_and_the_trail_says_who(
    client, client_as, meeting, isc_member, isc_member_of_oslo, mu_staff
):
    leaked = feed_path(isc_member)
    oslo_link = feed_path(isc_member_of_oslo)
    term = isc_member.person.isc_terms.get()

    response = client_as("mu_staff").post(
        reverse("admin:governance_iscterm_changelist"),
        {"action": "revoke_calendar_links", ACTION_CHECKBOX_NAME: [term.pk], "index": 0},
        follow=True,
    )

    assert "1 calendar link revoked" in response.content.decode()
    assert answer(client, leaked) == 404
    assert answer(client, feed_path(isc_member)) == 200
    assert answer(client, oslo_link) == 200
    feed_key = CalendarFeedKey.objects.get(user=isc_member)
    [entry] = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CalendarFeedKey),
        object_id=str(feed_key.pk),
    )
    assert entry.actor == mu_staff
    assert entry.changes["replaced_by_id"] == [None, mu_staff.pk]
    assert feed_key.key not in str(entry.changes)


def test_a_person_who_left_the_isc_gets_404_for_a_link_that_was_valid(
    client, client_as, meeting, isc_member
):
    client_as("isc_member").post(reverse(REPLACE))
    path = feed_path(isc_member)
    assert answer(client, path) == 200
    term = isc_member.person.isc_terms.get()

    after_the_term = datetime.datetime.combine(
        term.ends_on + datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
    )
    with time_machine.travel(after_the_term, tick=False):
        assert timezone.localdate() > term.ends_on
        assert answer(client, path) == 404
