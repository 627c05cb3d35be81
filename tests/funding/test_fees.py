"""Membership fees are off by default; switched on, each member is invoiced once a year
at the schedule's fee for its kind and size, pays or is waived with a reason; the invoice
PDF is a report (rendered by the worker, in the city's language, Arabic right to left),
requested by Management Unit staff only."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from djmoney.money import Money

from funding.errors import FundingError
from funding.models import FeeInvoice, FeeSchedule
from funding.reports import request_fee_invoice
from funding.services import fees
from scn_portal.reports import rendering
from scn_portal.reports.models import ReportRequest
from scn_portal.reports.services import ReportNotAllowed
from tests.funding.test_reports import pdf_text

pytestmark = pytest.mark.django_db

JAN = datetime.date(2025, 1, 10)


@pytest.fixture
def schedule(db):
    FeeSchedule.objects.create(amount=Money("1000.00", "USD"))
    FeeSchedule.objects.create(kind="city", population_to=1_000_000, amount=Money("400.00", "USD"))
    FeeSchedule.objects.create(
        kind="city", population_from=1_000_001, amount=Money("1500.00", "USD")
    )


def test_fees_are_off_by_default_and_nothing_is_invoiced(rabat, schedule, settings):
    assert settings.MEMBERSHIP_FEES_ENABLED is False
    with pytest.raises(FundingError) as refusal:
        fees.issue_annual_invoices(year=2025, issued_on=JAN, actor=None)
    assert refusal.value.code == "fees_off"
    assert not FeeInvoice.objects.exists()


def test_each_member_is_invoiced_once_at_the_fee_for_its_kind_and_size(
    rabat, oslo, schedule, settings
):
    settings.MEMBERSHIP_FEES_ENABLED = True
    rabat.population = 1_900_000
    rabat.save(update_fields=["population"])
    oslo.population = 700_000
    oslo.save(update_fields=["population"])
    issued = fees.issue_annual_invoices(year=2025, issued_on=JAN, actor=None)
    amounts = {i.local_government.name: i.amount for i in issued}
    assert amounts == {"Rabat": Money("1500.00", "USD"), "Oslo": Money("400.00", "USD")}
    assert sorted(i.number for i in issued) == ["FEE-2025-0001", "FEE-2025-0002"]
    # Running it again issues nothing new.
    assert fees.issue_annual_invoices(year=2025, issued_on=JAN, actor=None) == []


def test_a_fee_is_paid_or_waived_with_a_reason_once(rabat, schedule, settings):
    settings.MEMBERSHIP_FEES_ENABLED = True
    (invoice,) = fees.issue_annual_invoices(year=2025, issued_on=JAN, actor=None)
    with pytest.raises(FundingError):
        fees.waive_fee(invoice=invoice, reason="  ", actor=None)
    fees.waive_fee(invoice=invoice, reason="Hosted the regional workshop", actor=None)
    invoice.refresh_from_db()
    assert invoice.status == FeeInvoice.Status.WAIVED
    with pytest.raises(FundingError):
        fees.record_fee_payment(invoice=invoice, paid_on=JAN, actor=None)


def test_staff_issue_invoices_and_request_their_pdfs_from_the_list(
    client_as, rabat, schedule, settings
):
    settings.MEMBERSHIP_FEES_ENABLED = True
    client = client_as("mu_staff")
    response = client.post(reverse("admin:funding_feeinvoice_issue"), {"year": "2025"})
    assert response.status_code == 302
    invoice = FeeInvoice.objects.get()
    response = client.post(
        reverse("admin:funding_feeinvoice_changelist"),
        {"action": "invoice_pdf", "_selected_action": [invoice.pk]},
    )
    assert response.status_code == 302
    report = ReportRequest.objects.get()
    assert report.kind == "fee_invoice" and report.parameters == {"invoice": invoice.pk}
    assert report.language == "en"  # Rabat's languages of work are not set: the default
    page = client.get(reverse("reports:list"))
    assert "Membership fee invoice" in page.content.decode()


def test_the_invoice_renders_in_english(rabat, schedule, settings, mu_staff):
    settings.MEMBERSHIP_FEES_ENABLED = True
    (invoice,) = fees.issue_annual_invoices(year=2025, issued_on=JAN, actor=None)
    text = pdf_text(request_fee_invoice(invoice=invoice, actor=mu_staff, language="en"))
    assert "Membership fee invoice" in text
    assert "FEE-2025-0001" in text and "Rabat" in text
    assert "1000.00 USD" in text


def test_the_invoice_is_in_the_citys_language_right_to_left_in_arabic(
    rabat, schedule, settings, mu_staff, monkeypatch
):
    settings.MEMBERSHIP_FEES_ENABLED = True
    rabat.languages = ["ar", "fr"]
    rabat.save(update_fields=["languages"])
    (invoice,) = fees.issue_annual_invoices(year=2025, issued_on=JAN, actor=None)
    report = request_fee_invoice(invoice=invoice, actor=mu_staff)
    assert report.language == "ar"
    pages = []

    def keep(*args, **kwargs):
        pages.append(render_to_string(*args, **kwargs))
        return pages[-1]

    monkeypatch.setattr(rendering, "render_to_string", keep)
    text = pdf_text(report)
    assert "رقم الفاتورة" in text and "الحكومة المحلية" in text
    assert "FEE-2025-0001" in text and "1000" in text
    assert 'lang="ar" dir="rtl"' in pages[0]


def test_only_management_unit_staff_request_an_invoice(
    rabat, schedule, settings, hub_staff_mena, official_of_rabat, client_as
):
    settings.MEMBERSHIP_FEES_ENABLED = True
    (invoice,) = fees.issue_annual_invoices(year=2025, issued_on=JAN, actor=None)
    for someone in (hub_staff_mena, official_of_rabat):
        with pytest.raises(ReportNotAllowed):
            request_fee_invoice(invoice=invoice, actor=someone)
    response = client_as("hub_staff_mena").post(
        reverse("admin:funding_feeinvoice_changelist"),
        {"action": "invoice_pdf", "_selected_action": [invoice.pk]},
    )
    assert response.status_code in (302, 403, 404)
    assert not ReportRequest.objects.exists()


def test_with_fees_off_no_invoice_pdf_is_requested(client_as, rabat, schedule, settings, mu_staff):
    settings.MEMBERSHIP_FEES_ENABLED = True
    (invoice,) = fees.issue_annual_invoices(year=2025, issued_on=JAN, actor=None)
    settings.MEMBERSHIP_FEES_ENABLED = False
    with pytest.raises(FundingError):
        request_fee_invoice(invoice=invoice, actor=mu_staff)
    response = client_as("mu_staff").post(
        reverse("admin:funding_feeinvoice_changelist"),
        {"action": "invoice_pdf", "_selected_action": [invoice.pk]},
        follow=True,
    )
    assert "Membership fees are switched off" in response.content.decode()
    assert not ReportRequest.objects.exists()


def test_with_fees_off_the_issue_page_explains_and_saves_nothing(client_as, rabat, schedule):
    client = client_as("mu_staff")
    page = client.post(reverse("admin:funding_feeinvoice_issue"), {"year": "2025"})
    assert "Membership fees are switched off" in page.content.decode()
    assert not FeeInvoice.objects.exists()


def test_hub_staff_cannot_issue_invoices(client_as, rabat, schedule, settings):
    settings.MEMBERSHIP_FEES_ENABLED = True
    response = client_as("hub_staff_mena").post(
        reverse("admin:funding_feeinvoice_issue"), {"year": "2025"}
    )
    assert response.status_code in (403, 404)
    assert not FeeInvoice.objects.exists()
