"""Recording what donors give: amounts as decimals in a currency, a stated rate to USD,
pledges, instalments and receipts; bad input is refused with a reason, nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from funding.errors import FundingError
from funding.models import Contribution, ExchangeRate, Receipt, to_usd
from funding.services import contributions, rates
from tests import factories
from tests.pages import read_form

pytestmark = pytest.mark.django_db


def test_a_pledge_keeps_the_rate_and_its_date_so_usd_totals_are_reproducible():
    factories.make_rate("EUR", "1.10", on=datetime.date(2024, 1, 1))
    factories.make_rate("EUR", "1.08", on=datetime.date(2024, 3, 1))
    pledge = factories.make_contribution(
        amount="250000.00", currency="EUR", pledged_on=datetime.date(2024, 2, 15)
    )
    assert pledge.usd_rate == Decimal("1.10")
    assert pledge.rate_on == datetime.date(2024, 1, 1)
    assert pledge.amount_usd == Decimal("275000.00")
    # A rate entered later for that day changes nothing already recorded.
    factories.make_rate("EUR", "2.00", on=datetime.date(2024, 2, 15))
    pledge.refresh_from_db()
    assert pledge.amount_usd == Decimal("275000.00")


@pytest.mark.parametrize(
    ("amount", "currency", "code"),
    [
        ("-5", "USD", "not_positive"),
        ("0", "USD", "not_positive"),
        ("12.345", "USD", "too_precise"),
        ("abc", "USD", "invalid_amount"),
        ("100", "ZZZ", "unknown_currency"),
        ("100", "NOK", "missing_rate"),
    ],
)
def test_bad_amounts_currencies_and_missing_rates_are_refused_and_nothing_is_saved(
    amount, currency, code
):
    donor = factories.DonorFactory()
    with pytest.raises(FundingError) as refusal:
        factories.make_contribution(donor, amount=amount, currency=currency)
    assert refusal.value.code == code
    assert refusal.value.messages[0]
    assert not Contribution.objects.exists()


def test_more_received_than_pledged_is_refused_unless_explicitly_allowed():
    pledge = factories.make_contribution(amount="1000.00")
    contributions.record_receipt(
        contribution=pledge, received_on=datetime.date(2024, 3, 1), amount="600", actor=None
    )
    with pytest.raises(FundingError) as refusal:
        contributions.record_receipt(
            contribution=pledge, received_on=datetime.date(2024, 4, 1), amount="500", actor=None
        )
    assert "more than the 1000.00 pledged" in refusal.value.messages[0]
    assert Receipt.objects.count() == 1
    contributions.record_receipt(
        contribution=pledge,
        received_on=datetime.date(2024, 4, 1),
        amount="500",
        override=True,
        actor=None,
    )
    assert contributions.received_total(pledge) == Decimal("1100.00")


def test_instalments_never_add_up_to_more_than_the_pledge():
    pledge = factories.make_contribution(amount="1000.00")
    contributions.schedule_instalment(
        contribution=pledge, due_on=datetime.date(2024, 6, 1), amount="700", actor=None
    )
    with pytest.raises(FundingError):
        contributions.schedule_instalment(
            contribution=pledge, due_on=datetime.date(2024, 9, 1), amount="400", actor=None
        )
    assert pledge.instalments.count() == 1


def test_in_kind_support_names_its_kind_and_takes_no_money():
    with pytest.raises(FundingError):
        factories.make_contribution(kind="in_kind", in_kind_type="")
    venue = factories.make_contribution(
        kind="in_kind", in_kind_type="venue", description="Summit venue, two days"
    )
    with pytest.raises(FundingError):
        contributions.record_receipt(
            contribution=venue, received_on=datetime.date(2024, 3, 1), amount="1", actor=None
        )


def test_csv_import_saves_every_rate_or_none_and_names_each_wrong_line():
    good = "currency,date,usd_per_unit\nEUR,2024-01-02,1.0950\nnok,2024-01-02,0.0985\n"
    saved = rates.import_exchange_rates(text=good, actor=None)
    assert len(saved) == 2
    assert ExchangeRate.objects.get(currency="NOK").usd_per_unit == Decimal("0.0985")

    bad = (
        "currency,date,usd_per_unit\n"
        "GBP,2024-02-01,1.27\n"
        "XYZ,2024-02-01,1\n"
        "DKK,2024-13-01,0.14\n"
        "AUD,2024-02-01,-1\n"
    )
    with pytest.raises(FundingError) as refusal:
        rates.import_exchange_rates(text=bad, actor=None)
    messages = refusal.value.messages
    assert [m.split(":")[0] for m in messages] == ["Line 3", "Line 4", "Line 5"]
    assert not ExchangeRate.objects.filter(currency="GBP").exists()


def test_the_rate_import_page_lists_wrong_lines_and_saves_nothing(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("mu_staff")
    url = reverse("admin:funding_exchangerate_import")
    bad = SimpleUploadedFile("r.csv", b"currency,date,usd_per_unit\nEUR,2024-01-02,x\n")
    page = client.post(url, {"file": bad}).content.decode()
    assert "Line 2" in page
    assert not ExchangeRate.objects.exists()
    good = SimpleUploadedFile("r.csv", b"currency,date,usd_per_unit\nEUR,2024-01-02,1.09\n")
    assert client.post(url, {"file": good}).status_code == 302
    assert ExchangeRate.objects.get().currency == "EUR"


def test_the_rate_import_is_not_open_to_hub_staff(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("hub_staff_mena")
    good = SimpleUploadedFile("r.csv", b"currency,date,usd_per_unit\nEUR,2024-01-02,1.09\n")
    response = client.post(reverse("admin:funding_exchangerate_import"), {"file": good})
    assert response.status_code in (403, 404)
    assert not ExchangeRate.objects.exists()


def test_the_rate_import_command_refuses_a_bad_file_whole(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "rates.csv"
    path.write_text("currency,date,usd_per_unit\nEUR,2024-01-02,1.09\nEUR,yesterday,1\n")
    with pytest.raises(CommandError, match="Line 3"):
        call_command("import_exchange_rates", str(path))
    assert not ExchangeRate.objects.exists()
    path.write_text("currency,date,usd_per_unit\nEUR,2024-01-02,1.09\n")
    call_command("import_exchange_rates", str(path))
    assert ExchangeRate.objects.count() == 1


def test_staff_record_a_pledge_in_the_admin_and_a_missing_rate_is_explained(client_as):
    donor = factories.DonorFactory(organisation__name="Norway")
    client = client_as("mu_staff")
    url = reverse("admin:funding_contribution_add")
    data = read_form(client.get(url).content.decode())
    data.update(
        {
            "donor": [str(donor.pk)],
            "kind": ["financial"],
            "year": ["2024"],
            "amount_0": ["500000"],
            "amount_1": ["NOK"],
            "pledged_on": ["2024-02-01"],
        }
    )
    page = client.post(url, data).content.decode()
    assert "No exchange rate of NOK" in page
    assert not Contribution.objects.exists()

    factories.make_rate("NOK", "0.095", on=datetime.date(2024, 1, 15))
    response = client.post(url, data)
    assert response.status_code == 302
    pledge = Contribution.objects.get()
    assert pledge.amount_usd == Decimal("47500.00")
    assert pledge.rate_on == datetime.date(2024, 1, 15)


def test_hub_staff_cannot_record_contributions(client_as):
    donor = factories.DonorFactory()
    client = client_as("hub_staff_mena")
    response = client.post(
        reverse("admin:funding_contribution_add"),
        {"donor": donor.pk, "kind": "financial", "year": 2024, "amount_0": "1", "amount_1": "USD"},
    )
    assert response.status_code == 403
    assert not Contribution.objects.exists()


@settings(max_examples=60, deadline=None)
@given(
    amounts=st.lists(
        st.decimals(min_value="0.01", max_value="99999999.99", places=2), min_size=1, max_size=8
    ),
    rate=st.decimals(min_value="0.00000001", max_value="5000", places=8),
)
def test_usd_conversion_is_exact_to_the_cent_and_never_loses_money_in_sums(amounts, rate):
    converted = [to_usd(a, rate) for a in amounts]
    assert all(c == c.quantize(Decimal("0.01")) for c in converted)
    # Each conversion is within half a cent of the exact product.
    assert all(
        abs(c - a * rate) <= Decimal("0.005") for a, c in zip(amounts, converted, strict=True)
    )
    # Summing converted amounts is within half a cent per line of converting the sum.
    assert abs(sum(converted) - sum(amounts) * rate) <= Decimal("0.005") * len(amounts)
