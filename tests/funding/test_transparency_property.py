"""Whatever the mix of donors, currencies and kinds, the public page's lines add up to
the ledger, and no anonymous or category-only donor's name appears on it."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funding.selectors.ledger import year_ledger
from funding.selectors.transparency import public_year
from tests import factories

pytestmark = pytest.mark.django_db

CURRENCIES = {"USD": "1", "EUR": "1.0937", "NOK": "0.0951", "JPY": "0.00672"}

contribution = st.tuples(
    st.sampled_from(["named", "category", "anonymous"]),
    st.sampled_from(sorted(CURRENCIES)),
    st.decimals(min_value="0.01", max_value="9999999.99", places=2),
    st.sampled_from(["financial", "in_kind"]),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(contribution, min_size=1, max_size=6))
def test_the_public_page_adds_up_to_the_ledger_and_names_only_named_donors(db, rows):
    with transaction.atomic():
        for currency, rate in CURRENCIES.items():
            if currency != "USD":
                factories.make_rate(currency, rate, on=datetime.date(2024, 1, 1))
        secret_names = []
        for index, (naming, currency, amount, kind) in enumerate(rows):
            name = f"Donor {index} {naming}"
            donor = factories.DonorFactory(
                organisation__name=name, organisation__kind="foundation", naming=naming
            )
            if naming != "named":
                secret_names.append(name)
            factories.make_contribution(donor, amount=str(amount), currency=currency, kind=kind)
        ledger = year_ledger(2024, on=datetime.date(2024, 12, 31))
        page = public_year(2024)
        assert page.financial_usd == ledger.pledged
        assert page.in_kind_usd == ledger.in_kind
        assert page.total_usd == sum((line.total for line in ledger.by_donor), Decimal("0.00"))
        shown = " ".join(line.source for line in page.lines)
        assert not any(name in shown for name in secret_names)
        transaction.set_rollback(True)
