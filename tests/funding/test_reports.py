"""Donor reports and the ISC's funding summary: PDFs in any language, Arabic right to
left, rendered by the report task; the summary never names an anonymous donor."""

import shutil
import subprocess
import unicodedata

import pytest
from django.urls import reverse

from funding.reports import request_donor_report
from scn_portal.reports.models import ReportRequest
from scn_portal.reports.services import ReportNotAllowed, request_report
from scn_portal.reports.tasks import render_report
from tests.funding.conftest import ANONYMOUS_NAME

pytestmark = pytest.mark.django_db

BIDI_MARKS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068\u2069")
)


def pdf_text(report: ReportRequest) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is needed to read the PDF")
    # The request queues the rendering task when its transaction commits; run it here.
    render_report.delay(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.DONE, report.error
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", report.file.path, "-"], capture_output=True, check=True
    )
    text = unicodedata.normalize("NFKC", out.stdout.decode("utf-8").translate(BIDI_MARKS))
    return " ".join(text.split())  # table cells wrap: compare words, not lines


def test_a_donor_report_lists_the_years_contributions_and_earmarks(ledger_2024, mu_staff):
    norway = ledger_2024["norway_pledge"].donor
    report = request_donor_report(donor=norway, year=2024, language="en", actor=mu_staff)
    text = pdf_text(report)
    assert "Norway" in text
    assert "1000000.00 NOK" in text
    assert "600000.00 NOK" in text  # received
    assert "City-focused capacity building" in text


def test_a_donor_report_in_arabic_is_written_right_to_left(ledger_2024, mu_staff):
    norway = ledger_2024["norway_pledge"].donor
    report = request_donor_report(donor=norway, year=2024, language="ar", actor=mu_staff)
    text = pdf_text(report)
    assert "المساهمات" in text
    assert "تقرير الجهة المانحة 2024" in text
    assert "1000000" in text


def test_a_donor_report_for_a_year_without_contributions_is_refused(ledger_2024, mu_staff):
    from funding.errors import FundingError

    norway = ledger_2024["norway_pledge"].donor
    with pytest.raises(FundingError):
        request_donor_report(donor=norway, year=2019, language="en", actor=mu_staff)
    assert not ReportRequest.objects.exists()


def test_only_management_unit_staff_request_donor_reports(ledger_2024, hub_staff_mena):
    norway = ledger_2024["norway_pledge"].donor
    with pytest.raises(ReportNotAllowed):
        request_donor_report(donor=norway, year=2024, language="en", actor=hub_staff_mena)
    assert not ReportRequest.objects.exists()


def test_staff_request_donor_reports_from_the_donors_list(client_as, ledger_2024):
    norway = ledger_2024["norway_pledge"].donor
    client = client_as("mu_staff")
    response = client.post(
        reverse("admin:funding_donor_changelist"),
        {
            "action": "donor_report",
            "_selected_action": [norway.pk],
            "apply": "1",
            "year": "2024",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    report = ReportRequest.objects.get()
    assert report.language == "fr" and report.parameters == {"donor": norway.pk, "year": 2024}
    assert "Rapport du bailleur 2024" in pdf_text(report)


def test_the_funding_summary_for_the_isc_never_names_an_anonymous_donor(ledger_2024, mu_staff):
    report = request_report(kind="funding_summary", language="en", actor=mu_staff)
    text = pdf_text(report)
    assert "Anonymous donors" in text
    assert "Norway" in text
    assert ANONYMOUS_NAME not in text
    assert "Acme" not in text
