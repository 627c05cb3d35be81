"""Hub staff work in the admin, but only on their own region's cities."""

from django.urls import reverse

from hubs.models import HubStaff
from tests.pages import read_form


def changelist(client, model: str) -> str:
    response = client.get(reverse(f"admin:members_{model}_changelist"))
    assert response.status_code == 200
    return response.content.decode()


def test_hub_staff_see_their_regions_cities_and_not_the_others(client_as, rabat, oslo):
    page = changelist(client_as("hub_staff_mena"), "localgovernment")
    assert "Rabat" in page
    assert "Oslo" not in page
    page = changelist(client_as("hub_staff_other"), "localgovernment")
    assert "Oslo" in page
    assert "Rabat" not in page


def test_hub_staff_cannot_open_another_regions_city(client_as, oslo):
    client = client_as("hub_staff_mena")
    response = client.get(reverse("admin:members_localgovernment_change", args=[oslo.pk]))
    assert response.status_code != 200
    response = client.post(
        reverse("admin:members_localgovernment_change", args=[oslo.pk]),
        {"name_en": "Renamed by the wrong hub", "country": "NO", "kind": "city"},
    )
    oslo.refresh_from_db()
    assert oslo.name_en == "Oslo"


def test_management_unit_staff_see_every_region(client_as, rabat, oslo):
    page = changelist(client_as("mu_staff"), "localgovernment")
    assert "Rabat" in page and "Oslo" in page


def test_hub_staff_cannot_reach_donors_or_user_accounts(client_as):
    client = client_as("hub_staff_mena")
    assert client.get(reverse("admin:funding_donor_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_removing_the_last_hub_assignment_removes_admin_access(client_as, hub_staff_mena):
    from hubs.services import sync_hub_staff_access

    HubStaff.objects.filter(user=hub_staff_mena).delete()
    sync_hub_staff_access(user=hub_staff_mena)
    client = client_as("hub_staff_mena")
    assert client.get(reverse("admin:members_localgovernment_changelist")).status_code == 403


def test_removing_someone_from_the_hubs_page_ends_their_admin_access(
    client_as, mena_hub, hub_staff_mena
):
    client = client_as("mu_staff")
    url = reverse("admin:hubs_hub_change", args=[mena_hub.pk])
    data = read_form(client.get(url).content.decode())
    data["staff-0-DELETE"] = ["on"]

    assert client.post(url, data).status_code == 302

    assert not HubStaff.objects.filter(user=hub_staff_mena).exists()
    cities = reverse("admin:members_localgovernment_changelist")
    assert client_as("hub_staff_mena").get(cities).status_code == 403
