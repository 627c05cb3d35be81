"""A small ledger: named, category-only and anonymous donors in several currencies."""

import datetime

import pytest

from funding.models import OperatingCost, SupportType
from funding.services import contributions
from tests import factories

ANONYMOUS_NAME = "Quiet Foundation of Nowhere"


@pytest.fixture
def ledger_2024(db, mena_hub):
    factories.make_rate("EUR", "1.10", on=datetime.date(2024, 1, 2))
    factories.make_rate("NOK", "0.095", on=datetime.date(2024, 1, 2))
    norway = factories.DonorFactory(organisation__name="Norway")
    eu = factories.DonorFactory(
        organisation__name="European Union", organisation__kind="multilateral"
    )
    company = factories.DonorFactory(
        organisation__name="Acme Private Sector Ltd",
        organisation__kind="private_sector",
        naming="category",
    )
    hidden = factories.DonorFactory(
        organisation__name=ANONYMOUS_NAME, organisation__kind="foundation", naming="anonymous"
    )
    oslo_city = factories.DonorFactory(
        organisation__name="City of Oslo", organisation__kind="partner"
    )
    # Seeded by a data migration; a transactional test's flush removes it, so make sure.
    capacity, _created = SupportType.objects.get_or_create(
        number=5,
        defaults={
            "code": "capacity-building",
            "title": "City-focused capacity building and technical support",
        },
    )
    pledge = factories.make_contribution(
        norway, amount="1000000.00", currency="NOK", support_type=capacity
    )
    contributions.schedule_instalment(
        contribution=pledge, due_on=datetime.date(2024, 3, 1), amount="600000", actor=None
    )
    contributions.schedule_instalment(
        contribution=pledge, due_on=datetime.date(2024, 9, 1), amount="400000", actor=None
    )
    contributions.record_receipt(
        contribution=pledge, received_on=datetime.date(2024, 3, 5), amount="600000", actor=None
    )
    factories.make_contribution(eu, amount="200000.00", currency="EUR", hub=mena_hub)
    factories.make_contribution(company, amount="50000.00")
    factories.make_contribution(hidden, amount="30000.00", currency="EUR")
    factories.make_contribution(
        oslo_city, kind="in_kind", in_kind_type="venue", amount="12000.00", currency="NOK"
    )
    OperatingCost.objects.create(year=2024, amount_usd="3100000.00")
    return {"norway_pledge": pledge}
