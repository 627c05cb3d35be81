"""Every page of the members admin opens for the Management Unit, with real rows in it."""

import pytest
from django.urls import reverse

from members.models import EligibilityOverride, Membership, TerritoryMatch
from members.services import screening
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(rabat, mu_staff):
    rabat.subdivision = "MA-04"
    rabat.save()
    territory = factories.DisputedTerritoryFactory(
        subdivision_codes=["MA-04"], boundary=factories.square(10, 20, 11, 21)
    )
    membership = factories.make_application(rabat, status=Membership.Status.INELIGIBLE)
    screening.record_location_check(local_government=rabat)
    override = EligibilityOverride.objects.create(
        local_government=rabat, territory=territory, justification="Kept", recorded_by=mu_staff
    )
    claim = factories.ActingClaimFactory(local_government=rabat)
    return {
        "membership": membership,
        "disputedterritory": territory,
        "territorymatch": TerritoryMatch.objects.get(),
        "eligibilityoverride": override,
        "actingclaim": claim,
        "localgovernment": rabat,
    }


@pytest.mark.parametrize(
    "model",
    [
        "membership",
        "disputedterritory",
        "territorymatch",
        "eligibilityoverride",
        "actingclaim",
        "localgovernment",
    ],
)
def test_list_and_change_pages_open(client_as, rows, model):
    client = client_as("mu_staff")

    listing = client.get(reverse(f"admin:members_{model}_changelist"))
    change = client.get(reverse(f"admin:members_{model}_change", args=[rows[model].pk]))

    assert listing.status_code == 200
    assert change.status_code == 200
    assert "Rabat" in listing.content.decode() or model == "disputedterritory"


def test_the_territory_change_form_shows_its_codes_as_text(client_as, rows):
    territory = rows["disputedterritory"]

    page = client_as("mu_staff").get(
        reverse("admin:members_disputedterritory_change", args=[territory.pk])
    )

    assert 'value="MA-04"' in page.content.decode()
    assert 'name="boundary_file"' in page.content.decode()


@pytest.mark.parametrize(
    "model", ["membership", "disputedterritory", "eligibilityoverride", "localgovernment"]
)
def test_add_pages_open(client_as, model):
    assert client_as("mu_staff").get(reverse(f"admin:members_{model}_add")).status_code == 200
