"""A contribution earmarked to one of the network's activities: it must be an activity of
the contribution's period (and of its hub), and the dashboard and the admin show it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.errors import FundingError
from funding.models import Contribution
from funding.selectors.ledger import year_ledger
from funding.services import contributions
from tests import factories
from tests.pages import read_form

pytestmark = pytest.mark.django_db


def _activity(title, *, on=datetime.date(2024, 5, 14), **fields):
    starts = datetime.datetime(on.year, on.month, on.day, 9, tzinfo=datetime.UTC)
    return factories.ActivityFactory(
        title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=7), **fields
    )


@pytest.fixture
def rabat_workshop(mena_hub):
    return _activity("Rabat workshop on youth inclusion", hub=mena_hub, organiser="hub")


def test_a_pledge_earmarked_to_an_activity_shows_on_the_dashboard_by_earmark(
    client_as, rabat_workshop
):
    norway = factories.DonorFactory(organisation__name="Norway")
    pledge = factories.make_contribution(norway, amount="40000.00", activity=rabat_workshop)
    factories.make_contribution(amount="1000.00")

    assert pledge.is_restricted
    assert pledge.earmarks() == ["Activity: Rabat workshop on youth inclusion"]
    by_earmark = {
        line.label: line.pledged for line in year_ledger(2024, on=datetime.date.today()).by_earmark
    }
    assert by_earmark["Activity: Rabat workshop on youth inclusion"] == Decimal("40000.00")
    assert by_earmark["Unrestricted"] == Decimal("1000.00")

    page = client_as("mu_staff").get(reverse("funding:dashboard") + "?year=2024").content.decode()
    assert "Activity: Rabat workshop on youth inclusion" in page
    changelist = client_as("mu_staff").get(reverse("admin:funding_contribution_changelist"))
    assert "Activity: Rabat workshop on youth inclusion" in changelist.content.decode()


def test_an_activity_outside_the_contributions_year_or_period_is_refused(rabat_workshop):
    donor = factories.DonorFactory(organisation__name="Denmark")
    with pytest.raises(FundingError) as refusal:
        factories.make_contribution(donor, year=2025, activity=rabat_workshop)
    assert refusal.value.code == "activity_period"
    assert "outside the contribution's period (2025)" in refusal.value.messages[0]
    with pytest.raises(FundingError) as refusal:
        factories.make_contribution(
            donor,
            activity=rabat_workshop,
            period_start=datetime.date(2024, 6, 1),
            period_end=datetime.date(2024, 12, 31),
        )
    assert refusal.value.code == "activity_period"
    assert not Contribution.objects.exists()
    # Within the period it is kept, even in another calendar year than the pledge.
    kept = factories.make_contribution(
        donor,
        year=2023,
        pledged_on=datetime.date(2023, 11, 1),
        activity=rabat_workshop,
        period_start=datetime.date(2023, 11, 1),
        period_end=datetime.date(2024, 6, 30),
    )
    assert kept.activity == rabat_workshop


def test_a_cancelled_activity_or_another_hubs_activity_is_refused(
    rabat_workshop, mena_hub, balkans_hub
):
    donor = factories.DonorFactory(organisation__name="Netherlands")
    cancelled = _activity("Cancelled briefing", status="cancelled")
    with pytest.raises(FundingError) as refusal:
        factories.make_contribution(donor, activity=cancelled)
    assert refusal.value.code == "activity_cancelled"
    with pytest.raises(FundingError) as refusal:
        factories.make_contribution(donor, activity=rabat_workshop, hub=balkans_hub)
    assert refusal.value.code == "activity_hub"
    assert "is not an activity of Western Balkans hub" in refusal.value.messages[0]
    assert not Contribution.objects.exists()
    assert factories.make_contribution(donor, activity=rabat_workshop, hub=mena_hub).hub == mena_hub


def test_changing_a_contribution_checks_its_activity_again(rabat_workshop):
    pledge = factories.make_contribution(activity=rabat_workshop)
    with pytest.raises(FundingError):
        contributions.change_contribution(
            contribution=pledge,
            amount="1000.00",
            currency="USD",
            pledged_on=pledge.pledged_on,
            actor=None,
            year=2025,
            activity=rabat_workshop,
        )
    pledge.refresh_from_db()
    assert pledge.year == 2024


def test_staff_earmark_a_pledge_to_an_activity_in_the_admin(client_as, rabat_workshop):
    donor = factories.DonorFactory(organisation__name="Norway")
    client = client_as("mu_staff")
    url = reverse("admin:funding_contribution_add")
    data = read_form(client.get(url).content.decode())
    data.update(
        {
            "donor": [str(donor.pk)],
            "kind": ["financial"],
            "year": ["2025"],
            "amount_0": ["5000"],
            "amount_1": ["USD"],
            "pledged_on": ["2025-02-01"],
            "activity": [str(rabat_workshop.pk)],
        }
    )
    page = client.post(url, data).content.decode()
    assert "outside the contribution&#x27;s period (2025)" in page
    assert not Contribution.objects.exists()

    data.update({"year": ["2024"], "pledged_on": ["2024-02-01"]})
    assert client.post(url, data).status_code == 302
    assert Contribution.objects.get().activity == rabat_workshop
