"""``/api/v1/funding/``: the funding transparency figures, the very lines and totals of
the public transparency page — a named donor by name, a category-only donor by its
category, every anonymous donor summed and never named."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from funding.selectors.ledger import year_ledger
from tests import factories

pytestmark = pytest.mark.django_db

LIST = reverse("api:funding-year-list")
YEAR_FIELDS = {
    "year",
    "financial_usd",
    "in_kind_usd",
    "total_usd",
    "lines",
    "page_url",
    "csv_url",
}
LINE_FIELDS = {
    "source",
    "source_kind",
    "kind",
    "original_amount",
    "original_currency",
    "rate_on",
    "financial_usd",
    "in_kind_usd",
    "earmarked_usd",
    "earmarked",
}
SECRET = "Quiet Foundation of Nowhere"
CATEGORY_ONLY = "Acme Private Sector Ltd"


@pytest.fixture
def api():
    return Client()


def figures(year: int) -> str:
    return reverse("api:funding-year-detail", kwargs={"year": year})


@pytest.fixture
def ledger(db, mena_hub):
    factories.make_rate("EUR", "1.10", on=datetime.date(2024, 1, 2))
    norway = factories.DonorFactory(organisation__name="Norway")
    company = factories.DonorFactory(
        organisation__name=CATEGORY_ONLY, organisation__kind="private_sector", naming="category"
    )
    hidden = factories.DonorFactory(
        organisation__name=SECRET, organisation__kind="foundation", naming="anonymous"
    )
    other_hidden = factories.DonorFactory(
        organisation__name="Another quiet donor", naming="anonymous"
    )
    factories.make_contribution(norway, amount="200000.00", currency="EUR", hub=mena_hub)
    factories.make_contribution(norway, kind="in_kind", amount="5000.00")
    factories.make_contribution(company, amount="50000.00")
    factories.make_contribution(hidden, amount="30000.00", currency="EUR")
    factories.make_contribution(other_hidden, amount="1000.00")
    factories.make_contribution(
        norway, amount="7.00", year=2023, pledged_on=datetime.date(2023, 3, 1)
    )


def test_the_years_are_listed_latest_first(api, ledger):
    assert api.get(LIST).json() == [
        {"year": 2024, "url": settings.SITE_URL + figures(2024)},
        {"year": 2023, "url": settings.SITE_URL + figures(2023)},
    ]


def test_the_figures_are_the_pages_lines_and_add_up_to_the_ledger(api, ledger):
    body = api.get(figures(2024)).json()
    assert set(body) == YEAR_FIELDS
    assert all(set(line) == LINE_FIELDS for line in body["lines"])
    # The page shows the same sources and the same totals.
    page = api.get(reverse("funding:transparency") + "?year=2024").content.decode()
    for line in body["lines"]:
        assert line["source"] in page
    assert f"{body['total_usd']} USD" in page
    ledger_2024 = year_ledger(2024, on=datetime.date(2024, 12, 31))
    assert Decimal(body["financial_usd"]) == ledger_2024.pledged
    assert Decimal(body["in_kind_usd"]) == ledger_2024.in_kind
    assert sum(Decimal(line["financial_usd"]) for line in body["lines"]) == ledger_2024.pledged
    assert Decimal(body["total_usd"]) == Decimal("309000.00")


def test_anonymous_donors_are_never_named_and_category_only_donors_by_category(api, ledger):
    answer = api.get(figures(2024))
    text = answer.content.decode()
    assert SECRET not in text and "Another quiet donor" not in text
    assert CATEGORY_ONLY not in text
    lines = {line["source_kind"]: line for line in answer.json()["lines"]}
    assert lines["anonymous"]["source"] == "Anonymous donors"
    # Both anonymous donors in one line, with no amount in their own currency.
    assert lines["anonymous"]["financial_usd"] == "34000.00"
    assert lines["anonymous"]["original_amount"] is None
    assert lines["anonymous"]["original_currency"] is None
    assert lines["category"]["source"] == "Private sector"
    named = [line for line in answer.json()["lines"] if line["source_kind"] == "named"]
    euros = next(line for line in named if line["original_currency"] == "EUR")
    assert euros["source"] == "Norway" and euros["original_amount"] == "200000.00"
    assert euros["financial_usd"] == "220000.00" and euros["rate_on"] == "2024-01-02"
    for private in ("notes", "email", "donor_id", "receipts"):
        assert f'"{private}"' not in text


def test_the_figures_come_in_the_language_asked(api, ledger):
    with translation.override("fr"):
        anonymous = gettext("Anonymous donors")
    assert anonymous != "Anonymous donors"
    lines = api.get(figures(2024) + "?lang=fr").json()["lines"]
    assert anonymous in [line["source"] for line in lines]


@pytest.mark.parametrize("year", [2022, 1, 9999, "x", "２０２４"])
def test_a_year_without_published_sources_is_404(api, ledger, year):
    response = api.get(figures(year))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_the_figures_cost_the_same_queries_whatever_the_number_of_contributions(
    api, ledger, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        api.get(figures(2024))
    for index in range(20):
        donor = factories.DonorFactory(
            organisation__name=f"Donor {index}",
            naming=["named", "category", "anonymous"][index % 3],
        )
        factories.make_contribution(donor, amount="100.00", currency="EUR")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(figures(2024)).json()["lines"]) > 10
