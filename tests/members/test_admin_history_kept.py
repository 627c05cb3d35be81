"""Records that are the network's history have no Delete button in the admin: memberships
and applications end by a decision, cities and people stay (a person's data is erased),
requests to act for a city stay as who gave access, hubs close. An official's role is
ended through the service, never deleted. Status history reads as words."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from hubs.models import Hub
from members.models import ActingClaim, LocalGovernment, Membership, Official, Person
from members.services import applications, memberships
from scn_portal.audit.models import AuditEntry
from tests import factories
from tests.pages import read_form

pytestmark = pytest.mark.django_db
S = Membership.Status


@pytest.fixture
def records(rabat, official_of_rabat, mena_hub):
    claim = factories.ActingClaimFactory(local_government=rabat)
    return {
        "members.membership": rabat.membership,
        "members.application": factories.make_application(
            factories.LocalGovernmentFactory(name="Casablanca", region=rabat.region)
        ),
        "members.localgovernment": rabat,
        "members.person": official_of_rabat.person,
        "members.actingclaim": claim,
        "hubs.hub": mena_hub,
    }


def admin_url(label: str, kind: str, *args) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{kind}", args=args)


@pytest.mark.parametrize(
    "label",
    [
        "members.membership",
        "members.application",
        "members.localgovernment",
        "members.person",
        "members.actingclaim",
        "hubs.hub",
    ],
)
def test_history_has_no_delete_button_no_delete_action_and_refuses_a_delete(
    client_as, records, label
):
    obj = records[label]
    model = type(obj)
    client = client_as("mu_staff")

    change = client.get(admin_url(label, "change", obj.pk)).content.decode()
    assert admin_url(label, "delete", obj.pk) not in change
    changelist = client.get(admin_url(label, "changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist

    refused = client.post(admin_url(label, "delete", obj.pk), {"post": "yes"})
    client.post(
        admin_url(label, "changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"},
    )
    assert refused.status_code == 403
    assert model._base_manager.filter(pk=obj.pk).exists()


def test_a_city_cannot_be_deleted_even_by_a_superuser(client_as, rabat):
    response = client_as("superuser").post(
        admin_url("members.localgovernment", "delete", rabat.pk), {"post": "yes"}
    )
    assert response.status_code == 403
    assert LocalGovernment.objects.filter(pk=rabat.pk).exists()


def test_a_person_is_erased_not_deleted(client_as, official_of_rabat):
    person = official_of_rabat.person
    page = client_as("mu_staff").get(admin_url("members.person", "change", person.pk))

    html = page.content.decode()
    assert reverse("web:personal_data_erase", kwargs={"code": person.code}) in html
    assert admin_url("members.person", "delete", person.pk) not in html


def ended_in_the_admin(client, url: str, prefix: str) -> None:
    """Untick "active" on the first row of the officials inline and save."""
    data = read_form(client.get(url).content.decode())
    data.pop(f"{prefix}-0-is_active", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize("where", ["person", "city"])
def test_an_official_is_ended_not_deleted_and_the_trail_says_removed(
    client_as, rabat, official_of_rabat, where
):
    person = official_of_rabat.person
    official = Official.objects.get(person=person, local_government=rabat)
    client = client_as("mu_staff")
    if where == "person":
        url = admin_url("members.person", "change", person.pk)
    else:
        url = admin_url("members.localgovernment", "change", rabat.pk)
    html = client.get(url).content.decode()
    assert "officials-0-DELETE" not in html and "-0-DELETE" not in html

    ended_in_the_admin(client, url, "officials")

    official.refresh_from_db()
    assert official.is_active is False
    assert not Official.objects.reachable().filter(pk=official.pk).exists()
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Official),
        object_id=str(official.pk),
        action="changed",
    )
    assert entry.event == "official_removed"
    assert entry.changes == {"is_active": [True, False]}
    assert Person.objects.filter(pk=person.pk).exists()


def test_an_ended_official_made_active_again_is_the_same_row(client_as, rabat, official_of_rabat):
    person = official_of_rabat.person
    official = Official.objects.get(person=person, local_government=rabat)
    official.is_active = False
    official.save(update_fields=["is_active"])
    client = client_as("mu_staff")
    url = admin_url("members.person", "change", person.pk)
    data = read_form(client.get(url).content.decode())
    data["officials-0-is_active"] = ["on"]

    assert client.post(url, data).status_code == 302

    official.refresh_from_db()
    assert official.is_active is True
    assert Official.objects.filter(person=person, local_government=rabat).count() == 1


def test_a_hub_closes_by_its_status_and_its_staff_lose_access(client_as, mena_hub, hub_staff_mena):
    client = client_as("mu_staff")
    url = admin_url("hubs.hub", "change", mena_hub.pk)
    data = read_form(client.get(url).content.decode())
    data["status"] = Hub.Status.CLOSED
    data["closed_on"] = date.today().isoformat()

    assert client.post(url, data).status_code == 302

    assert Hub.objects.get(pk=mena_hub.pk).status == Hub.Status.CLOSED
    changelist = client_as("hub_staff_mena").get(admin_url("members.localgovernment", "changelist"))
    assert changelist.status_code == 403


# --- The status history in words -------------------------------------------------------


def test_a_status_change_reads_as_labels_with_the_arrow_the_language_reads(rabat, mu_staff):
    membership = rabat.membership
    record = memberships.transition(membership=membership, to=S.SUSPENDED, actor=mu_staff)

    assert str(record) == "Member → Suspended"
    with translation.override("ar"):
        arabic = str(record)
    assert "←" in arabic and "member" not in arabic and "→" not in arabic


def test_the_history_inline_and_the_audit_trail_show_labels(client_as, mu_staff):
    membership = factories.make_application()
    applications.request_more_information(
        membership=membership, actor=mu_staff, reason="Sign the letter."
    )
    client = client_as("mu_staff")

    page = client.get(admin_url("members.membership", "change", membership.pk)).content.decode()
    assert "Under review → Applicant" in page
    assert "under_review" not in page

    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership),
        object_id=str(membership.pk),
        event="more_information_requested",
    ).get()
    shown = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).content.decode()
    assert "Under review</bdi> → <bdi>Applicant" in shown
    trail = client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert "Under review → Applicant" in trail  # the history record's own name
    assert "under_review →" not in trail


def test_a_claim_is_confirmed_or_refused_never_deleted(client_as, rabat):
    claim = factories.ActingClaimFactory(local_government=rabat)
    client_as("mu_staff").post(
        admin_url("members.actingclaim", "changelist"),
        {"action": "confirm", ACTION_CHECKBOX_NAME: [claim.pk], "index": 0},
    )
    claim.refresh_from_db()
    assert claim.status == ActingClaim.Status.CONFIRMED
