"""The audit trail: every change to the records that matter says who, when, from where,
before and after — from pages, bulk admin actions, tasks and commands alike — and
nobody can change it."""

import sys

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from members.errors import MembershipError
from members.models import DisputedTerritory, Membership
from members.services import memberships
from members.tasks import rescreen_disputed_territories
from scn_portal.accounts.roles import MANAGEMENT_UNIT_GROUP
from scn_portal.audit.context import audit_context
from scn_portal.audit.models import AuditEntry
from scn_portal.audit.registry import registered_models
from tests import factories

pytestmark = pytest.mark.django_db
S = Membership.Status


def entries_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def test_the_records_the_network_answers_for_are_all_audited():
    audited = {m._meta.label_lower for m in registered_models()}
    assert {
        "members.membership",
        "members.commitment",
        "members.disputedterritory",
        "members.eligibilityoverride",
        "members.official",
        "governance.iscterm",
        "governance.cochairterm",
        "governance.minutes",
        "governance.minutesitem",
        "hubs.hubstaff",
        "funding.donor",
        "accounts.user",
    } <= audited


def test_a_bulk_approval_in_the_admin_records_each_decision_with_who_and_from_where(
    client_as, mu_staff
):
    first, second = factories.make_application(), factories.make_application()
    client = client_as("mu_staff")

    client.post(
        reverse("admin:members_membership_changelist"),
        {"action": "approve", ACTION_CHECKBOX_NAME: [first.pk, second.pk], "index": 0},
        REMOTE_ADDR="203.0.113.9",
    )

    for membership in (first, second):
        entry = entries_for(membership).filter(action="changed").get()
        assert entry.changes["status"] == [S.UNDER_REVIEW, S.MEMBER]
        assert entry.actor == mu_staff and entry.actor_label == mu_staff.email
        assert (entry.source, entry.ip_address) == ("admin", "203.0.113.9")
        assert entry.path.startswith("/en/admin/members/membership/")


def test_an_officials_profile_edit_is_recorded_with_the_old_and_new_text(
    client_as, rabat, official_of_rabat
):
    rabat.profile_en = "Old text."
    rabat.save()
    client = client_as("official_of_rabat")

    client.post(
        reverse("members:edit_city_profile", kwargs={"code": rabat.code}),
        {
            "name_en": "Rabat",
            "name_ar": "الرباط",
            "profile_en": "Capital of Morocco.",
            "kind": "capital",
            "latitude": "34.02",
            "longitude": "-6.84",
            "publicly_listed": "True",
        },
    )

    entry = entries_for(rabat).filter(source="web").get()
    assert entry.changes["profile_en"] == ["Old text.", "Capital of Morocco."]
    assert entry.actor == official_of_rabat
    # The translated column is recorded once, under its language, not twice.
    assert "profile" not in entry.changes


def test_a_refused_change_leaves_no_entry(mu_staff):
    membership = factories.make_application(status=S.MEMBER)
    before = AuditEntry.objects.count()

    with pytest.raises(MembershipError):
        memberships.transition(membership=membership, to=S.UNDER_REVIEW, actor=mu_staff)

    assert AuditEntry.objects.count() == before


def test_a_background_task_is_named_as_the_source():
    application = factories.make_application()
    city = application.local_government
    city.latitude, city.longitude = 20.5, 10.5
    city.save()
    factories.DisputedTerritoryFactory(boundary=factories.square(10, 20, 11, 21))

    rescreen_disputed_territories.apply()

    entry = entries_for(application).get(action="changed")
    assert entry.changes["status"] == [S.UNDER_REVIEW, S.INELIGIBLE]
    assert entry.source == "task:members.rescreen_disputed_territories"
    assert entry.actor is None


def test_a_management_command_is_named_as_the_source(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["manage.py", "shell"])

    territory = factories.DisputedTerritoryFactory(name="Example")

    entry = entries_for(territory).get()
    assert entry.source == "command:shell"
    assert entry.changes["name_en"] == [None, "Example"]


def test_a_command_can_name_its_operator(mu_staff):
    with audit_context(source="command:restore", user=mu_staff):
        territory = factories.DisputedTerritoryFactory()

    entry = entries_for(territory).get()
    assert (entry.source, entry.actor, entry.actor_label) == (
        "command:restore",
        mu_staff,
        mu_staff.email,
    )


def test_granting_a_role_is_recorded_and_no_password_hash_ever_is(mu_staff):
    user = factories.UserFactory()
    group = Group.objects.get_or_create(name=MANAGEMENT_UNIT_GROUP)[0]

    user.groups.add(group)
    user.set_password("a new secret phrase")
    user.save()

    entries = entries_for(user)
    role_change = entries.get(changes__has_key="groups")
    assert role_change.changes["groups"] == [[], [group.pk]]
    assert not any("password" in e.changes for e in entries)
    assert "a new secret phrase" not in str(list(entries.values_list("changes", flat=True)))


def test_a_deletion_keeps_what_the_record_held():
    territory = factories.DisputedTerritoryFactory(name="Gone")
    pk = territory.pk

    territory.delete()

    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(DisputedTerritory),
        object_id=str(pk),
        action="deleted",
    )
    assert entry.changes["name_en"] == ["Gone", None]


def test_staff_read_the_history_on_the_record_with_labels_not_codes(client_as, mu_staff):
    membership = factories.make_application()
    client = client_as("mu_staff")
    client.post(
        reverse("admin:members_membership_changelist"),
        {"action": "approve", ACTION_CHECKBOX_NAME: [membership.pk], "index": 0},
    )

    page = client.get(reverse("admin:members_membership_history", args=[membership.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Under review" in html and "Member" in html
    assert mu_staff.email in html


def test_hub_staff_cannot_read_the_history_of_another_regions_record(client_as, rabat):
    page = client_as("hub_staff_other").get(
        reverse("admin:members_membership_history", args=[rabat.membership.pk])
    )
    assert page.status_code in (302, 404)
    assert "Audit trail" not in page.content.decode()


@pytest.mark.parametrize("persona", ["mu_staff", "superuser"])
def test_nobody_edits_or_deletes_an_entry(client_as, persona):
    entry = entries_for(factories.DisputedTerritoryFactory()).get()
    client = client_as(persona)

    change = client.post(
        reverse("admin:audit_auditentry_change", args=[entry.pk]), {"source": "forged"}
    )
    delete = client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    bulk = client.post(
        reverse("admin:audit_auditentry_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [entry.pk], "post": "yes"},
    )

    assert change.status_code == 403 and delete.status_code == 403
    assert bulk.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.source != "forged"
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("persona", ["hub_staff_mena", "official_of_rabat", "isc_member"])
def test_only_the_management_unit_reads_the_whole_trail(client_as, persona):
    page = client_as(persona).get(reverse("admin:audit_auditentry_changelist"))
    assert page.status_code in (302, 403)


def test_the_trail_lists_changes_for_the_management_unit(client_as, mu_staff):
    factories.DisputedTerritoryFactory(name="Listed territory")

    page = client_as("mu_staff").get(reverse("admin:audit_auditentry_changelist"))

    assert page.status_code == 200
    assert "Listed territory" in page.content.decode()


def test_every_relation_of_an_audited_record_is_audited_too():
    """A many-to-many field of an audited model is part of the record: a change to it
    (a hub's regions, which set who its staff may see) must be in the trail as well."""
    from scn_portal.audit.registry import audited_relations

    unaudited = [
        f"{model._meta.label}.{field.name}"
        for model in registered_models()
        for field in model._meta.many_to_many
        if field.name not in audited_relations(model)
    ]
    assert unaudited == []


def test_adding_a_region_to_a_hub_is_recorded_with_who(mena_hub, mu_staff):
    balkans = factories.RegionFactory(code="balkans", name="Western Balkans")

    with audit_context(source="admin", user=mu_staff):
        mena_hub.regions.add(balkans)

    entry = entries_for(mena_hub).filter(changes__has_key="regions").first()
    before, after = entry.changes["regions"]
    assert balkans.pk not in before and balkans.pk in after
    assert entry.actor == mu_staff


def test_a_service_names_the_event_of_the_entries_it_writes(mu_staff):
    from scn_portal.audit.events import audit_event, register_events

    register_events({"test_territory_renamed": "Territory renamed"})
    territory = factories.DisputedTerritoryFactory(name="Somewhere")
    with audit_context(source="web", user=mu_staff), audit_event("test_territory_renamed"):
        territory.name = "Somewhere else"
        territory.save()
    territory.name = "Plain edit"
    territory.save()

    renamed, plain = entries_for(territory).filter(action="changed").order_by("pk")
    assert (renamed.event, str(renamed)) == (
        "test_territory_renamed",
        "Territory renamed: Somewhere else",
    )
    assert plain.event == "" and str(plain).startswith("Changed")


def test_an_event_name_without_a_label_is_refused():
    from scn_portal.audit.events import audit_event

    with pytest.raises(LookupError), audit_event("no_such_event"):
        pass
