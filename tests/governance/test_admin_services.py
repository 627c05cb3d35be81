"""Staff's saves and actions in the governance admin go through the services: the rules
hold, who did it is stamped, and the audit trail names what happened and who did it."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from governance.models import (
    CalendarFeedKey,
    CoChairTerm,
    Expert,
    ExpertEngagement,
    IscTerm,
    Meeting,
    Minutes,
    WorkingGroupMembership,
)
from governance.services import groups as group_services
from governance.services import minutes as minutes_services
from governance.services.isc import appoint_isc_member
from scn_portal.audit.context import audit_context
from scn_portal.audit.models import AuditEntry
from tests import factories
from tests.governance.test_experts import expert_admin_form
from tests.governance.test_isc_seats import JAN_2026, member_city, seat_holder
from tests.governance.test_meetings_admin import inline, meeting_form
from tests.governance.test_minutes_admin import items_form
from tests.governance.test_minutes_workflow import admin_action, circulated


def recorded(obj, event: str) -> AuditEntry:
    """The audit entry of ``obj`` that the service named ``event``."""
    return AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), event=event
    )


def by_staff(entry: AuditEntry, mu_staff) -> bool:
    return entry.actor == mu_staff and entry.source == "admin"


def term_form(term_or_person, city=None, **overrides) -> dict:
    person = getattr(term_or_person, "person", term_or_person)
    city = city or term_or_person.local_government
    return {
        "person": person.pk,
        "local_government": city.pk,
        "capacity": "mayor",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        **overrides,
    }


# --- The ISC -----------------------------------------------------------------------------


def test_a_seat_added_in_the_admin_is_recorded_as_an_appointment(client_as, mu_staff):
    city = member_city()
    response = client_as("mu_staff").post(
        reverse("admin:governance_iscterm_add"), term_form(seat_holder(city), city)
    )

    assert response.status_code == 302
    term = IscTerm.objects.get()
    assert by_staff(recorded(term, "isc_member_appointed"), mu_staff)


def test_a_term_corrected_in_the_admin_keeps_the_seat_rules(client_as, mu_staff):
    city = member_city()
    person = seat_holder(city)
    first = appoint_isc_member(person=person, local_government=city, starts_on=JAN_2026, actor=None)
    later = appoint_isc_member(
        person=person, local_government=city, starts_on=datetime.date(2028, 1, 1), actor=None
    )
    change = reverse("admin:governance_iscterm_change", args=[later.pk])
    staff = client_as("mu_staff")

    # Moved onto the first term: refused on the form, nothing changes.
    response = staff.post(change, term_form(later, starts_on="2027-06-01", ends_on="2029-12-31"))
    assert response.status_code == 200
    assert "already holds a seat during these dates" in response.content.decode()
    later.refresh_from_db()
    assert later.starts_on == datetime.date(2028, 1, 1)

    # Its end moved earlier by hand: a correction (an early end with its reason is the
    # "End early" action); who appointed it stays.
    response = staff.post(
        reverse("admin:governance_iscterm_change", args=[first.pk]),
        term_form(first, ends_on="2026-06-30"),
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.ends_on == datetime.date(2026, 6, 30) and first.appointed_by is None
    assert by_staff(recorded(first, "isc_term_changed"), mu_staff)


def test_staff_renew_terms_with_the_admin_action_once(client_as, mu_staff):
    city = member_city()
    term = appoint_isc_member(
        person=seat_holder(city), local_government=city, starts_on=JAN_2026, actor=None
    )
    changelist = reverse("admin:governance_iscterm_changelist")
    renew = {"action": "renew", "_selected_action": [term.pk]}
    staff = client_as("mu_staff")

    staff.post(changelist, renew)
    renewal = IscTerm.objects.get(previous=term)
    assert renewal.starts_on == datetime.date(2028, 1, 1) and renewal.appointed_by == mu_staff
    assert by_staff(recorded(renewal, "isc_term_renewed"), mu_staff)

    page = staff.post(changelist, renew, follow=True).content.decode()
    assert "This term has already been renewed." in page
    assert IscTerm.objects.count() == 2


def test_a_co_chair_added_in_the_admin_is_recorded_as_an_appointment(client_as, mu_staff):
    city = member_city()
    seat = appoint_isc_member(
        person=seat_holder(city), local_government=city, starts_on=JAN_2026, actor=None
    )
    response = client_as("mu_staff").post(
        reverse("admin:governance_cochairterm_add"),
        term_form(
            seat,
            decided_on="2025-11-20",
            method=CoChairTerm.Method.SUMMIT,
            result="By acclamation",
        ),
    )

    assert response.status_code == 302
    chair = CoChairTerm.objects.get()
    assert chair.appointed_by == mu_staff
    assert by_staff(recorded(chair, "co_chair_appointed"), mu_staff)


def test_revoking_calendar_links_in_the_admin_is_recorded(client_as, mu_staff, isc_member):
    term = IscTerm.objects.get(person__user=isc_member)
    client_as("mu_staff").post(
        reverse("admin:governance_iscterm_changelist"),
        {"action": "revoke_calendar_links", "_selected_action": [term.pk]},
    )

    feed_key = CalendarFeedKey.objects.get(user=isc_member)
    assert feed_key.replaced_by == mu_staff
    assert by_staff(recorded(feed_key, "calendar_link_replaced"), mu_staff)


# --- Meetings and minutes ------------------------------------------------------------------


def test_a_meeting_moved_in_the_admin_gets_its_new_time_from_its_local_time(client_as):
    staff = client_as("mu_staff")
    staff.post(reverse("admin:governance_meeting_add"), meeting_form())
    meeting = Meeting.objects.get()

    response = staff.post(
        reverse("admin:governance_meeting_change", args=[meeting.pk]),
        meeting_form(local_start_1="15:30", time_zone="Asia/Tokyo", title_fr="Réunion"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime.datetime(2026, 10, 14, 6, 30, tzinfo=datetime.UTC)
    assert (meeting.time_zone, meeting.title_en, meeting.title_fr) == (
        "Asia/Tokyo",
        "Autumn meeting",
        "Réunion",
    )


def test_a_meetings_agenda_and_attendance_are_in_the_audit_trail(client_as, mu_staff):
    person = factories.PersonFactory(full_name="Mayor of Kampala")
    response = client_as("mu_staff").post(
        reverse("admin:governance_meeting_add"),
        meeting_form(
            **inline("attendance", 1),
            **{"attendance-0-person": person.pk, "attendance-0-status": "apologies"},
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert by_staff(recorded(meeting, "meeting_scheduled"), mu_staff)
    for row in (meeting.agenda_items.get(), meeting.attendance.get()):
        entry = AuditEntry.objects.get(
            content_type=ContentType.objects.get_for_model(row), object_id=str(row.pk)
        )
        assert entry.action == "created" and by_staff(entry, mu_staff)
    assert "Mayor of Kampala" in entry.object_repr


def test_who_convenes_a_working_group_is_in_the_audit_trail(mu_staff):
    group = factories.WorkingGroupFactory()
    convenor = factories.PersonFactory()

    with audit_context(source="admin", user=mu_staff):
        group.convenors.add(convenor)

    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(group),
        object_id=str(group.pk),
        changes__has_key="convenors",
    )
    assert entry.changes["convenors"] == [[], [convenor.pk]] and entry.actor == mu_staff


def test_minutes_written_and_decided_in_the_admin_are_recorded_with_their_events(
    client_as, mu_staff, isc_member
):
    minutes = factories.make_minutes(items=1)
    staff = client_as("mu_staff")
    item = minutes.items.get()
    staff.post(
        reverse("admin:governance_minutes_change", args=[minutes.pk]),
        items_form(minutes, {0: "Opened by the co-chairs."}),
    )
    assert by_staff(recorded(item, "minutes_item_written"), mu_staff)

    circulated(minutes)
    comment = minutes_services.comment_on_minutes(
        minutes=minutes, agenda_item=item.agenda_item, author=isc_member, text="A point."
    )
    staff.post(
        reverse("admin:governance_minutescomment_change", args=[comment.pk]),
        {"resolution": "accepted", "answer": ""},
    )
    assert by_staff(recorded(comment, "minutes_comment_resolved"), mu_staff)

    admin_action(staff, "approve", minutes, how="co_chairs")
    admin_action(staff, "publish", minutes)
    admin_action(staff, "correct", minutes, change_note="A date corrected.")
    assert by_staff(recorded(minutes, "minutes_approved"), mu_staff)
    assert by_staff(recorded(minutes, "minutes_published"), mu_staff)
    new_version = Minutes.objects.get(previous=minutes)
    assert by_staff(recorded(new_version, "minutes_corrected"), mu_staff)


def test_minutes_started_in_the_admin_are_recorded(client_as, mu_staff):
    meeting = factories.MeetingFactory()
    client_as("mu_staff").post(reverse("admin:governance_minutes_add"), {"meeting": meeting.pk})
    assert by_staff(recorded(Minutes.objects.get(), "minutes_started"), mu_staff)


# --- Working groups and experts ------------------------------------------------------------


def test_a_request_accepted_with_the_admin_action_is_recorded(client_as, mu_staff, rabat):
    official = factories.make_official(rabat)
    group = factories.WorkingGroupFactory()
    request = group_services.ask_to_join_working_group(
        group=group, local_government=rabat, actor=official
    )
    client_as("mu_staff").post(
        reverse("admin:governance_workinggroupmembership_changelist"),
        {"action": "accept_requests", "_selected_action": [request.pk]},
    )
    assert by_staff(recorded(request, "join_request_accepted"), mu_staff)


def test_a_member_staff_add_to_a_group_is_their_decision_now(client_as, mu_staff, rabat):
    group = factories.WorkingGroupFactory()
    person = factories.PersonFactory()
    prefix = "memberships"
    response = client_as("mu_staff").post(
        reverse("admin:governance_workinggroup_change", args=[group.pk]),
        {
            "topic_en": group.topic,
            "description_en": group.description,
            "status": "active",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-person": person.pk,
            f"{prefix}-0-local_government": rabat.pk,
            f"{prefix}-0-status": "accepted",
            "meetings-TOTAL_FORMS": "0",
            "meetings-INITIAL_FORMS": "0",
            "meetings-MIN_NUM_FORMS": "0",
            "meetings-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    member = WorkingGroupMembership.objects.get(group=group)
    assert (member.person, member.decided_by) == (person, mu_staff)
    assert member.decided_at is not None
    assert by_staff(recorded(member, "group_member_added"), mu_staff)


def test_an_expert_staff_add_in_the_admin_is_recorded_with_the_engagement(client_as, mu_staff):
    person = factories.PersonFactory()
    staff = client_as("mu_staff")

    response = staff.post(
        reverse("admin:governance_expert_add"),
        expert_admin_form(person, expertise="Youth councils"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    expert = Expert.objects.get(person=person)
    assert expert.languages == ["fr"] and expert.expertise == "Youth councils"
    assert by_staff(recorded(expert, "expert_added"), mu_staff)
    engagement = ExpertEngagement.objects.get(expert=expert)
    assert engagement.engaged_for == "isc"
    assert by_staff(recorded(engagement, "expert_engaged"), mu_staff)

    staff.post(
        reverse("admin:governance_expert_change", args=[expert.pk]),
        expert_admin_form(person, is_active="", **{"engagements-TOTAL_FORMS": "0"}),
    )
    expert.refresh_from_db()
    assert expert.is_active is False
    assert by_staff(recorded(expert, "expert_changed"), mu_staff)


def test_a_portal_review_is_recorded_with_its_event_and_the_member(client_as, isc_member):
    minutes = circulated(factories.make_minutes(items=1))
    client_as("isc_member").post(
        reverse("governance:minutes_review", kwargs={"code": minutes.code}), {"verdict": "approve"}
    )
    review = minutes.reviews.get()
    entry = recorded(review, "minutes_review_recorded")
    assert entry.actor == isc_member and entry.source == "web"
    assert timezone.now() - entry.at < datetime.timedelta(minutes=1)
