"""The audit trail says what happened in the words of the service that did it: "Membership
approved", not "Changed: status" — from the portal, an admin save and an admin action alike,
with who did it."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

import members
from members.models import ActingClaim, LocalGovernment, Membership, MembershipTransition, Official
from members.services.applications import ApplicationStep
from members.services.memberships import EVENT_OF_MOVE, EVENT_OF_STATUS, transition_event
from scn_portal.audit.events import registered_events
from scn_portal.audit.models import AuditEntry
from tests import factories
from tests.pages import read_form

pytestmark = pytest.mark.django_db
S = Membership.Status
SERVICES = Path(members.__file__).resolve().parent / "services"


def entries_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def events_named_by_the_services() -> set[str]:
    """Every event name a members service writes in its source."""
    names = set(EVENT_OF_STATUS.values()) | set(EVENT_OF_MOVE.values())
    pattern = re.compile(r'(?:audit_event\(|added=|changed=)"(\w+)"')
    for path in SERVICES.glob("*.py"):
        names |= set(pattern.findall(path.read_text()))
    return names


def test_every_event_a_service_names_has_a_label_staff_can_read():
    assert events_named_by_the_services() - set(registered_events()) == set()


def test_every_state_changing_service_names_its_event():
    """A public function of members.services that saves, creates or deletes names its event
    (or calls one that does)."""
    unnamed = []
    for path in SERVICES.glob("*.py"):
        text = path.read_text()
        for node in ast.parse(text).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            decorators = " ".join(ast.get_source_segment(text, d) for d in node.decorator_list)
            source = ast.get_source_segment(text, node)
            writes = re.search(r"\.(save|create|delete|get_or_create|set)\(", source)
            named = "audit_event" in decorators + source or "saving(" in source
            if writes and not named and path.name != "decisions.py":
                unnamed.append(f"{path.stem}.{node.name}")
    # Helpers called only inside a named service.
    assert sorted(unnamed) == ["people.make_official", "screening.record_location_check"]


@pytest.mark.parametrize(
    "came_from, to, event",
    [
        (S.PROSPECT, S.APPLICANT, "application_started"),
        (S.REJECTED, S.APPLICANT, "application_started"),
        (S.APPLICANT, S.UNDER_REVIEW, "application_submitted"),
        (S.UNDER_REVIEW, S.APPLICANT, "more_information_requested"),
        (S.INELIGIBLE, S.UNDER_REVIEW, "application_review_resumed"),
        (S.UNDER_REVIEW, S.INELIGIBLE, "application_found_ineligible"),
        (S.UNDER_REVIEW, S.MEMBER, "membership_approved"),
        (S.SUSPENDED, S.MEMBER, "membership_reinstated"),
        (S.MEMBER, S.SUSPENDED, "membership_suspended"),
        (S.MEMBER, S.WITHDRAWN, "membership_withdrawn"),
        (S.MEMBER, S.LAPSED, "membership_lapsed"),
        (S.UNDER_REVIEW, S.REJECTED, "membership_rejected"),
    ],
)
def test_a_move_of_a_membership_is_named_after_the_status_it_reaches(came_from, to, event):
    assert transition_event(came_from, to) == event


def test_every_move_the_state_machine_allows_has_a_labelled_event():
    moves = [(a, b) for a, targets in Membership.TRANSITIONS.items() for b in targets]
    assert {transition_event(a, b) for a, b in moves} <= set(registered_events())


# --- From the member portal --------------------------------------------------------------


def test_an_official_submitting_an_application_is_recorded_as_submitted_by_them(
    client_as, official_of_rabat, rabat
):
    application = factories.make_application(
        rabat, status=S.APPLICANT, application_step=ApplicationStep.COMMITMENT
    )

    client_as("official_of_rabat").post(
        reverse("members:application_submit", kwargs={"code": rabat.code})
    )

    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW
    move = MembershipTransition.objects.get(membership=application)
    for obj in (application, move):
        entry = entries_for(obj).first()
        assert (entry.event, entry.actor, entry.source) == (
            "application_submitted",
            official_of_rabat,
            "web",
        )
    assert str(entries_for(move).first()).startswith("Application submitted")


def test_asking_to_act_for_a_city_is_recorded_with_who_asked(client_as, official_of_rabat, oslo):
    client_as("official_of_rabat").post(
        reverse("members:claim"), {"city": oslo.code, "role": "staff", "position": "Adviser"}
    )

    claim = ActingClaim.objects.get(local_government=oslo)
    entry = entries_for(claim).get()
    assert (entry.action, entry.event, entry.actor) == (
        "created",
        "acting_claim_made",
        official_of_rabat,
    )


# --- From an admin save ------------------------------------------------------------------


def test_staff_changing_a_city_and_its_officials_in_the_admin_are_recorded_as_such(
    client_as, mu_staff, rabat
):
    colleague = factories.PersonFactory(full_name="Youssef Colleague")
    client = client_as("mu_staff")
    url = reverse("admin:members_localgovernment_change", args=[rabat.pk])
    data = read_form(client.get(url).content.decode())
    data.update(
        {
            "population": ["577827"],
            "officials-TOTAL_FORMS": ["1"],
            "officials-0-person": [str(colleague.pk)],
            "officials-0-role": ["staff"],
            "officials-0-is_active": ["on"],
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302
    city_entry = entries_for(rabat).filter(action="changed").get()
    assert (city_entry.event, city_entry.actor, city_entry.source) == (
        "city_record_changed",
        mu_staff,
        "admin",
    )
    assert city_entry.changes["population"][1] == 577827
    official = Official.objects.get(person=colleague, local_government=rabat)
    official_entry = entries_for(official).get()
    assert (official_entry.event, official_entry.actor) == ("official_added", mu_staff)


def test_a_refusal_of_the_service_behind_an_admin_save_is_shown_on_the_form(client, rabat):
    """Staff who may add cities but not set what the eligibility check reads: the service
    refuses, the page says why, and nothing is saved."""
    clerk = factories.UserFactory(email="clerk@management-unit.example.org", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="members",
            codename__in=["add_localgovernment", "change_localgovernment", "view_localgovernment"],
        )
    )
    client.force_login(clerk)
    url = reverse("admin:members_localgovernment_add")
    data = read_form(client.get(url).content.decode())
    data.update({"name_en": ["Tangier"], "kind": ["city"]})

    response = client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == ["You do not have the permission to decide changes of location."]
    assert not LocalGovernment.objects.filter(name_en="Tangier").exists()
    assert not AuditEntry.objects.filter(object_repr__startswith="Tangier").exists()


# --- From an admin action ----------------------------------------------------------------


def test_a_rejection_from_the_admin_is_recorded_as_a_rejection_by_that_staff_member(
    client_as, mu_staff
):
    application = factories.make_application()

    client_as("mu_staff").post(
        reverse("admin:members_membership_changelist"),
        {
            "action": "reject",
            ACTION_CHECKBOX_NAME: [application.pk],
            "index": 0,
            "apply": "1",
            "reason": "The letter is not signed.",
        },
    )

    application.refresh_from_db()
    assert application.status == S.REJECTED
    entry = entries_for(application).first()
    assert (entry.event, entry.actor, entry.source) == ("membership_rejected", mu_staff, "admin")
    assert str(entry).startswith("Membership rejected")
