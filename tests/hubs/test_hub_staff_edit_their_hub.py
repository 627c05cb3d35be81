"""Hub staff edit their own hub's public page in the admin: its description in each
language and their team's roles and listing, through audited services. Its status,
coverage, host, target and who is on the team stay the Management Unit's; another hub's
page does not exist for them, and nothing of it changes whatever they post."""

import pytest
from django.urls import reverse
from django.utils import translation

from hubs.models import Hub, HubStaff
from hubs.services import change_team_member, edit_own_hub
from scn_portal.audit.models import AuditEntry
from tests import factories
from tests.pages import read_form

pytestmark = pytest.mark.django_db


def change_url(hub) -> str:
    return reverse("admin:hubs_hub_change", args=[hub.pk])


def public_page(client, hub, language="en") -> str:
    with translation.override(language):
        url = reverse("hubs:hub", kwargs={"slug": hub.slug})
    return client.get(url).content.decode()


@pytest.fixture
def colleague(mena_hub):
    user = factories.make_hub_staff(mena_hub, email="officer@mena-hub.example.org")
    user.full_name = "Salma Officer"
    user.save(update_fields=["full_name"])
    return HubStaff.objects.get(user=user)


def test_hub_staff_write_their_hubs_description_in_english_and_arabic(
    client_as, mena_hub, hub_staff_mena, client
):
    staff = client_as("hub_staff_mena")
    data = read_form(staff.get(change_url(mena_hub)).content.decode())
    data["description_en"] = ["The hub serves the cities of North Africa and the Gulf."]
    data["description_ar"] = ["يخدم المركز مدن شمال أفريقيا والخليج."]

    assert staff.post(change_url(mena_hub), data).status_code == 302

    assert "cities of North Africa and the Gulf" in public_page(client, mena_hub)
    assert "يخدم المركز مدن شمال أفريقيا" in public_page(client, mena_hub, "ar")
    assert AuditEntry.objects.filter(event="hub_page_edited", actor=hub_staff_mena).exists()


def test_hub_staff_set_their_teams_roles_and_who_the_public_page_shows(
    client_as, mena_hub, colleague, client
):
    staff = client_as("hub_staff_mena")
    data = read_form(staff.get(change_url(mena_hub)).content.decode())
    row = next(k for k, v in data.items() if k.endswith("-id") and v == [str(colleague.pk)])
    prefix = row.removesuffix("-id")
    data[f"{prefix}-role"] = [HubStaff.TeamRole.HELP_DESK]
    data[f"{prefix}-is_public"] = ["on"]

    assert staff.post(change_url(mena_hub), data).status_code == 302

    colleague.refresh_from_db()
    assert colleague.role == HubStaff.TeamRole.HELP_DESK and colleague.is_public
    assert "Salma Officer · Help-desk officer" in public_page(client, mena_hub)
    assert AuditEntry.objects.filter(event="hub_team_member_changed").exists()


def test_what_stays_the_management_units_is_not_changed_by_hub_staff(
    client_as, mena_hub, balkans_hub, hub_staff_mena, official_of_rabat
):
    staff = client_as("hub_staff_mena")
    page = staff.get(change_url(mena_hub)).content.decode()
    data = read_form(page)
    assert "status" not in data and "regions" not in data and "host" not in data
    # Posted anyway: the status, a region, the target, the name and a new team member.
    data.update(
        {
            "status": [Hub.Status.CLOSED],
            "regions": [str(balkans_hub.regions.get().pk)],
            "first_response_hours": ["1"],
            "name_en": ["Renamed"],
            "staff-TOTAL_FORMS": [str(int(data["staff-TOTAL_FORMS"][0]) + 1)],
            f"staff-{data['staff-TOTAL_FORMS'][0]}-user": [str(official_of_rabat.pk)],
            f"staff-{data['staff-TOTAL_FORMS'][0]}-role": ["lead"],
        }
    )
    staff.post(change_url(mena_hub), data)

    mena_hub.refresh_from_db()
    assert mena_hub.status == Hub.Status.ACTIVE
    assert mena_hub.name_en == "Middle East and North Africa hub"
    assert mena_hub.first_response_hours == 48
    assert list(mena_hub.regions.values_list("code", flat=True)) == ["mena"]
    assert not HubStaff.objects.filter(user=official_of_rabat).exists()
    assert staff.get(reverse("admin:hubs_hub_add")).status_code == 403


def test_another_hubs_page_does_not_exist_for_hub_staff_and_nothing_changes(
    client_as, mena_hub, balkans_hub, hub_staff_other
):
    other = HubStaff.objects.get(user=hub_staff_other)
    staff = client_as("hub_staff_mena")
    assert staff.get(change_url(balkans_hub)).status_code == 302
    response = staff.post(
        change_url(balkans_hub),
        {"description_en": "Taken over", "staff-TOTAL_FORMS": "0", "staff-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302
    balkans_hub.refresh_from_db()
    assert not balkans_hub.description_en
    # Their list shows their own hub only.
    listed = staff.get(reverse("admin:hubs_hub_changelist")).context["cl"].result_list
    assert [hub.slug for hub in listed] == ["mena"]

    # Another hub's team member's row posted into their own hub's page: not theirs to
    # change (it is not one of the page's rows, and no row is added): nothing changes.
    data = read_form(staff.get(change_url(mena_hub)).content.decode())
    data["staff-0-id"] = [str(other.pk)]
    data["staff-0-role"] = ["lead"]
    data["staff-0-is_public"] = ["on"]
    before = list(HubStaff.objects.order_by("pk").values())
    staff.post(change_url(mena_hub), data)
    assert list(HubStaff.objects.order_by("pk").values()) == before


def test_the_services_refuse_the_staff_of_another_hub(mena_hub, hub_staff_other, colleague):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        edit_own_hub(hub=mena_hub, actor=hub_staff_other, description={"en": "Taken over"})
    with pytest.raises(ValidationError):
        change_team_member(assignment=colleague, actor=hub_staff_other, role="lead", is_public=True)
    mena_hub.refresh_from_db()
    colleague.refresh_from_db()
    assert not mena_hub.description_en and colleague.role == HubStaff.TeamRole.OTHER


def test_staff_of_a_closed_hub_no_longer_edit_it(client_as, mena_hub, hub_staff_mena):
    from django.core.exceptions import ValidationError

    Hub.objects.filter(pk=mena_hub.pk).update(status=Hub.Status.CLOSED)
    mena_hub.refresh_from_db()
    with pytest.raises(ValidationError):
        edit_own_hub(hub=mena_hub, actor=hub_staff_mena, description={"en": "Still here"})


def test_management_unit_staff_still_change_everything(
    client_as, mena_hub, colleague, official_of_rabat
):
    staff = client_as("mu_staff")
    data = read_form(staff.get(change_url(mena_hub)).content.decode())
    assert "status" in data
    data["description_en"] = ["Written by the Management Unit."]
    data["first_response_hours"] = ["24"]
    total = int(data["staff-TOTAL_FORMS"][0])
    data["staff-TOTAL_FORMS"] = [str(total + 1)]
    data[f"staff-{total}-user"] = [str(official_of_rabat.pk)]
    data[f"staff-{total}-role"] = ["officer"]

    assert staff.post(change_url(mena_hub), data).status_code == 302

    mena_hub.refresh_from_db()
    assert mena_hub.description_en == "Written by the Management Unit."
    assert mena_hub.first_response_hours == 24
    assert HubStaff.objects.filter(hub=mena_hub, user=official_of_rabat).exists()
